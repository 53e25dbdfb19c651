//! The lowest and highest overall score a scenario can produce, and the paths that reach them.
//!
//! The score depends on the whole path (step caps, order rules, distinct techniques, emotions
//! that may escalate), so it is not a sum over edges. The search walks the conversation turn by
//! turn over states (node, emotions, the conversation's counters and flags, score progress), offering
//! only the options a state allows and following `next_if`: equal states reached twice are merged, so
//! loops terminate and paths that converge are explored once. Per node and turn, at most `beam`
//! states are kept (the most promising for the goal); when nothing had to be dropped the result is
//! exact. Work grows with nodes × beam, not with the number of paths.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::engine::domain::Outcome;
use crate::engine::play::emotion::{escalates, react, reaction_multiplier};
use crate::engine::play::rubric::Rubric;
use crate::engine::play::score::ScoreState;
use crate::engine::scenario::state::State;
use crate::engine::scenario::{Emotions, Node, Scenario};

/// Total states the search keeps per turn across all nodes, before the per-node beam.
const STATE_BUDGET: usize = 200_000;
const MIN_BEAM: usize = 32;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathStep {
    pub node: String,
    /// Index of the option in the file.
    pub option: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoredPath {
    pub score: f64,
    pub outcome: Outcome,
    pub ending: Option<String>,
    pub steps: Vec<PathStep>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bounds {
    pub best: ScoredPath,
    pub worst: ScoredPath,
    /// True when no state was dropped: the bounds are the true extremes.
    pub exact: bool,
    /// States expanded, for benchmarks and curiosity.
    pub states: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Goal {
    Highest,
    Lowest,
}

#[derive(Clone)]
struct Partial {
    node: u32,
    emotions: Emotions,
    state: State,
    score: ScoreState,
    trail: u32,
    /// The path has taken the option the search is restricted to (always true without one).
    through: bool,
}

/// An option every counted path must take: (node index, option index).
type Through = Option<(usize, usize)>;

const NO_TRAIL: u32 = u32::MAX;

struct Search<'a> {
    scenario: &'a Scenario,
    rubric: &'a Rubric,
    /// (parent trail, node, option) for path reconstruction.
    trails: Vec<(u32, u32, u16)>,
    found: Option<(f64, u32, Outcome, Option<usize>)>,
    exact: bool,
    states: usize,
}

/// Computes the bounds from `start_emotions` (the persona's, or a seeded variant's).
/// Returns `None` when the scenario has no start node.
pub fn bounds(scenario: &Scenario, rubric: &Rubric, start_emotions: Emotions) -> Option<Bounds> {
    both_goals(scenario, rubric, start_emotions, None)
}

/// The lowest and highest overall score among sessions that choose option `option` of node
/// `node` (indices in the file) at least once: the score range of one branch, for the branch
/// map. `None` when no session can take that option.
pub fn bounds_through(
    scenario: &Scenario,
    rubric: &Rubric,
    start_emotions: Emotions,
    node: usize,
    option: usize,
) -> Option<Bounds> {
    both_goals(scenario, rubric, start_emotions, Some((node, option)))
}

fn both_goals(
    scenario: &Scenario,
    rubric: &Rubric,
    start_emotions: Emotions,
    through: Through,
) -> Option<Bounds> {
    let start = scenario.node_index(&scenario.start)?;
    let beam = (STATE_BUDGET / scenario.nodes.len().max(1)).max(MIN_BEAM);
    let best = search(
        scenario,
        rubric,
        start,
        start_emotions,
        Goal::Highest,
        beam,
        through,
    );
    let worst = search(
        scenario,
        rubric,
        start,
        start_emotions,
        Goal::Lowest,
        beam,
        through,
    );
    let exact = best.exact && worst.exact;
    let states = best.states + worst.states;
    Some(Bounds {
        best: best.into_path()?,
        worst: worst.into_path()?,
        exact,
        states,
    })
}

fn search<'a>(
    scenario: &'a Scenario,
    rubric: &'a Rubric,
    start: usize,
    emotions: Emotions,
    goal: Goal,
    beam: usize,
    through: Through,
) -> Search<'a> {
    let mut s = Search {
        scenario,
        rubric,
        trails: Vec::new(),
        found: None,
        exact: true,
        states: 0,
    };
    let index: HashMap<&str, usize> = scenario
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id(), i))
        .collect();
    let escalation_ending = index.get(scenario.escalation.ending.as_str()).copied();
    // Anger can change the path (through escalation), and how the customer feels at the end is
    // part of the outcome, so states are kept apart by all their emotions and by the
    // conversation's state. At the same node, emotions, state and performed steps, a state that can never finish lower than another (`ScoreState::never_below`)
    // dominates it when seeking the highest score, and the other way round for the lowest: each
    // key keeps only the states not dominated so far.
    let mut seen: HashMap<(u32, Emotions, u8, bool, State), Vec<ScoreState>> = HashMap::new();
    let mut frontier = vec![Partial {
        node: start as u32,
        emotions,
        state: State::default(),
        score: ScoreState::default(),
        trail: NO_TRAIL,
        through: through.is_none(),
    }];

    for turn in 1..=rubric.max_turns {
        let mut next: BTreeMap<u32, Vec<Partial>> = BTreeMap::new();
        for partial in &frontier {
            s.states += 1;
            let node = &scenario.nodes[partial.node as usize];
            for (o, choice) in node.options().iter().enumerate() {
                if !choice.offered(&partial.state) {
                    continue;
                }
                let (state, target) = choice.leads(&partial.state);
                let multiplier = reaction_multiplier(rubric, &scenario.persona, choice);
                let (after, _) = react(&partial.emotions, choice, multiplier);
                let mut score = partial.score;
                score.record(rubric, turn, choice, None);
                s.trails.push((partial.trail, partial.node, o as u16));
                let trail = (s.trails.len() - 1) as u32;
                let took = partial.through || through == Some((partial.node as usize, o));
                // Paths that end without the required option do not count.
                let finish = |s: &mut Search, outcome, ending| {
                    if took {
                        s.finish(goal, &score, &after, trail, outcome, ending);
                    }
                };
                // The same transitions as `Session::choose`.
                if escalates(&after, scenario.escalation.at_anger) {
                    finish(&mut s, Outcome::Escalated, escalation_ending);
                    continue;
                }
                match index.get(target).map(|i| (*i, &scenario.nodes[*i])) {
                    Some((i, Node::Ending { outcome, .. })) => finish(&mut s, *outcome, Some(i)),
                    Some((i, Node::Turn { .. })) if turn < rubric.max_turns => {
                        let key = (
                            i as u32,
                            after,
                            score.performed_steps(),
                            took,
                            state.clone(),
                        );
                        let known = seen.entry(key).or_default();
                        // `a` is at least as good as `b` for the goal.
                        let as_good = |a: &ScoreState, b: &ScoreState| match goal {
                            Goal::Highest => a.never_below(b),
                            Goal::Lowest => b.never_below(a),
                        };
                        if !known.iter().any(|k| as_good(k, &score)) {
                            known.retain(|k| !as_good(&score, k));
                            known.push(score);
                            next.entry(i as u32).or_default().push(Partial {
                                node: i as u32,
                                emotions: after,
                                state,
                                score,
                                trail,
                                through: took,
                            });
                        }
                    }
                    // Out of turns (as in a session), or a broken link in an unvalidated scenario.
                    _ => finish(&mut s, Outcome::Unresolved, None),
                }
            }
        }
        frontier.clear();
        for (_, mut states) in next {
            if states.len() > beam {
                // Keep the states whose score so far looks most promising for the goal.
                let outcome = if goal == Goal::Highest {
                    Outcome::Resolved
                } else {
                    Outcome::Escalated
                };
                let key = |p: &Partial| p.score.overall(rubric, outcome, &p.emotions);
                states.sort_by(|a, b| match goal {
                    Goal::Highest => key(b).total_cmp(&key(a)),
                    Goal::Lowest => key(a).total_cmp(&key(b)),
                });
                states.truncate(beam);
                s.exact = false;
            }
            frontier.extend(states);
        }
        if frontier.is_empty() {
            break;
        }
    }
    s
}

impl Search<'_> {
    fn finish(
        &mut self,
        goal: Goal,
        score: &ScoreState,
        left: &Emotions,
        trail: u32,
        outcome: Outcome,
        ending: Option<usize>,
    ) {
        let value = score.overall(self.rubric, outcome, left);
        let better = match (&self.found, goal) {
            (None, _) => true,
            (Some((current, ..)), Goal::Highest) => value > *current,
            (Some((current, ..)), Goal::Lowest) => value < *current,
        };
        if better {
            self.found = Some((value, trail, outcome, ending));
        }
    }

    fn into_path(self) -> Option<ScoredPath> {
        let (score, mut trail, outcome, ending) = self.found?;
        let mut steps = Vec::new();
        while trail != NO_TRAIL {
            let (parent, node, option) = self.trails[trail as usize];
            steps.push(PathStep {
                node: self.scenario.nodes[node as usize].id().to_owned(),
                option: option as usize,
            });
            trail = parent;
        }
        steps.reverse();
        let ending = ending.map(|i| self.scenario.nodes[i].id().to_owned());
        Some(ScoredPath {
            score,
            outcome,
            ending,
            steps,
        })
    }
}
