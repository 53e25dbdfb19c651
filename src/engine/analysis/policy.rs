//! Automatic players for headless runs, tests and screenshots: follow the best or worst path
//! found by `bounds`, choose at random from a seed, or follow a path of option numbers.

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::engine::analysis::bounds::bounds;
use crate::engine::analysis::surface;
use crate::engine::domain::Lang;
use crate::engine::play::rubric::Rubric;
use crate::engine::play::session::{Session, SessionError};
use crate::engine::scenario::Scenario;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// The path to the highest reachable score.
    Best,
    /// The path to the lowest reachable score.
    Worst,
    /// A uniformly random presented option on each turn.
    Random,
    /// A test-wise trainee: always the reply a surface cue points at (the longest, the shortest,
    /// the one with the most empathy words), read in this language.
    Surface(surface::Cue, Lang),
}

/// The options (by index in the file) `policy` would choose from the session's current state,
/// for Best and Worst; empty for the others, which decide turn by turn.
pub fn plan(session: &Session, policy: Policy) -> Vec<usize> {
    let target = match policy {
        Policy::Best | Policy::Worst => {
            bounds(session.scenario(), session.rubric(), *session.emotions())
        }
        Policy::Random | Policy::Surface(..) => None,
    };
    target
        .map(|b| {
            if policy == Policy::Best {
                b.best
            } else {
                b.worst
            }
        })
        .map(|path| path.steps.iter().map(|s| s.option).collect())
        .unwrap_or_default()
}

/// Starts a session with `seed` and plays it to the end with `policy`; the same inputs always
/// give the same record.
pub fn play_session(
    scenario: Arc<Scenario>,
    rubric: Arc<Rubric>,
    policy: Policy,
    seed: u64,
    started_at: u64,
) -> Session {
    let mut session = Session::start(scenario, rubric, seed, started_at);
    match policy {
        Policy::Best | Policy::Worst => {
            for option in plan(&session, policy) {
                if session.choose_file_option(option).is_err() {
                    break;
                }
            }
        }
        Policy::Surface(cue, lang) => {
            while let Some(node) = session.current_node() {
                let Some(option) = cue.pick_offered(node, session.state(), lang) else {
                    break;
                };
                if session.choose_file_option(option).is_err() {
                    break;
                }
            }
        }
        Policy::Random => {
            // A stream separate from the session's own, so variants don't depend on the policy.
            let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed_0fab_1e00);
            while !session.is_over() {
                let count = session.presented_options().len();
                if count == 0 || session.choose(rng.random_range(0..count)).is_err() {
                    break;
                }
            }
        }
    }
    session
}

/// A `--path` that names an option the turn does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// Position in the path, from 1.
    pub step: usize,
    /// The turn the path had reached.
    pub node: String,
    /// The option asked for (from 1) and how many the turn has.
    pub option: usize,
    pub options: usize,
    /// The option exists but this conversation's state does not offer it: the options that are
    /// offered (from 1).
    pub offered: Option<Vec<usize>>,
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.offered {
            Some(offered) => write!(
                f,
                "choice {} of the path: option {} of turn `{}` is not offered in this conversation (its `when` does not hold); offered: {}",
                self.step,
                self.option,
                self.node,
                offered
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => write!(
                f,
                "choice {} of the path: turn `{}` has options 1–{}; there is no option {}",
                self.step, self.node, self.options, self.option
            ),
        }
    }
}

/// Starts a session with `seed` and chooses the options of `path` (numbers from 1, as the options
/// are written in the file, whatever order they are shown in) until the path or the conversation
/// ends. Returns the session and how many choices of the path were made.
pub fn play_path(
    scenario: Arc<Scenario>,
    rubric: Arc<Rubric>,
    path: &[usize],
    seed: u64,
    started_at: u64,
) -> Result<(Session, usize), PathError> {
    let mut session = Session::start(scenario, rubric, seed, started_at);
    for (step, &option) in path.iter().enumerate() {
        let Some(node) = session.current_node() else {
            return Ok((session, step));
        };
        let mut error = PathError {
            step: step + 1,
            node: node.id().to_owned(),
            option,
            options: node.options().len(),
            offered: None,
        };
        // Options are numbered from 1; the session says whether the turn has and offers it.
        let Some(index) = option.checked_sub(1) else {
            return Err(error);
        };
        match session.choose_file_option(index) {
            Ok(_) => {}
            Err(SessionError::NotOffered(_)) => {
                error.offered = Some(session.offered().iter().map(|i| i + 1).collect());
                return Err(error);
            }
            Err(_) => return Err(error),
        }
    }
    Ok((session, path.len()))
}
