//! The practice flow: starting a session, choosing, continuing, leaving. Screens send
//! [`PracticeCommand`]s; these systems apply them to the [`Practice`] resource and switch screens.
//! Nothing here draws, so a headless App can drive a whole session. When the scenario file
//! changes under an open session, [`follow_edits`] carries the session over; typed replies are
//! read in the background by [`free_reply`].

mod follow_edits;
pub mod free_reply;
pub mod group;

use std::sync::Arc;

use bevy::prelude::*;

use crate::app::config::ActiveRubric;
use crate::app::history::SessionHistory;
use crate::app::navigation::Screen;
use crate::app::scenarios::ScenarioLibrary;
use crate::engine::play::rubric::Rubric;
use crate::engine::play::session::{GroupRound, Session};

#[derive(Message, Clone, Debug, PartialEq)]
pub enum PracticeCommand {
    /// Start the scenario with this id.
    Start(String),
    /// Start the scenario `id` at the customer turn `node` (author mode, from the branch map).
    StartAt { id: String, node: String },
    /// Choose an option by its presented position.
    Choose(usize),
    /// Answer the current turn with a reply typed in the trainee's own words.
    Reply(String),
    /// After an unsure reading: the trainee meant the option with this index in the file.
    Meant(usize),
    /// After an unsure reading: the trainee will put it another way.
    Rephrase,
    /// Dismiss the coach note; after the last turn, go to the debrief.
    Continue,
    /// Play the same scenario again.
    Replay,
    /// Continue the session that was interrupted (see `SessionHistory::interrupted`).
    Resume,
    /// Forget the interrupted session.
    DiscardInterrupted,
    /// Back to the library, abandoning any session.
    Leave,
    /// Show the debrief of a past session.
    OpenPast(Box<crate::engine::play::session::SessionRecord>),
}

/// The session being played, if any.
#[derive(Resource, Default)]
pub struct Practice {
    pub session: Option<Session>,
    /// The coach note for the last choice is showing.
    pub reviewing: bool,
    /// The finished session has been written to the history.
    pub saved: bool,
    /// A past session opened from the progress screen, shown in the debrief.
    pub past: Option<crate::engine::play::session::SessionRecord>,
    /// What happened to the session when its scenario file was edited, until the next choice.
    pub reload: Option<ReloadNotice>,
    /// A typed reply being read.
    pub reading: Option<free_reply::Reading>,
    /// A typed reply waiting for the trainee to say what they meant.
    pub unsure: Option<free_reply::Unsure>,
}

/// How an open session followed an edit of its scenario file.
#[derive(Clone, Debug, PartialEq)]
pub enum ReloadNotice {
    /// The session carried on at the same customer turn, with the new text.
    Continued { node: String },
    /// The current turn is gone from the file, so the session started again.
    Restarted { gone: String },
}

/// A fixed seed for persona variants (tests, screenshots); otherwise the clock picks one.
#[derive(Resource, Default, Clone, Copy)]
pub struct PracticeSeed(pub Option<u64>);

pub(super) fn plugin(app: &mut App) {
    app.add_message::<PracticeCommand>();
    app.init_resource::<Practice>();
    app.init_resource::<PracticeSeed>();
    app.add_plugins((free_reply::plugin, group::plugin));
    app.add_systems(
        Update,
        (
            follow_edits::follow_scenario_edits,
            apply_practice_commands,
            free_reply::apply_reply_commands,
        )
            .chain(),
    );
}

fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl PracticeSeed {
    /// The fixed seed, or a fresh one from the clock.
    pub(super) fn next(&self) -> u64 {
        self.0.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        })
    }
}

impl Practice {
    /// Starts `scenario` afresh: a new session, no coach note, not yet saved, no past record;
    /// as `group`'s round when it is one.
    pub(super) fn begin(
        &mut self,
        scenario: Arc<crate::engine::scenario::Scenario>,
        rubric: Arc<Rubric>,
        seed: u64,
        group: Option<GroupRound>,
    ) {
        self.begin_at(scenario, rubric, seed, None);
        if let (Some(round), Some(session)) = (group, self.session.as_mut()) {
            session.set_group(round);
        }
    }

    /// Starts `scenario` at the customer turn `node`, or at its start.
    fn begin_at(
        &mut self,
        scenario: Arc<crate::engine::scenario::Scenario>,
        rubric: Arc<Rubric>,
        seed: u64,
        node: Option<&str>,
    ) {
        self.session = Some(match node {
            Some(node) => Session::start_at(scenario, rubric, seed, now_seconds(), node),
            None => Session::start(scenario, rubric, seed, now_seconds()),
        });
        self.reviewing = false;
        self.saved = false;
        self.past = None;
        self.reload = None;
        self.reading = None;
        self.unsure = None;
    }
}

pub(crate) fn apply_practice_commands(
    mut commands: MessageReader<PracticeCommand>,
    library: Res<ScenarioLibrary>,
    rubric: Res<ActiveRubric>,
    seed: Res<PracticeSeed>,
    mut history: ResMut<SessionHistory>,
    mut practice: ResMut<Practice>,
    mut screen: ResMut<NextState<Screen>>,
) {
    for command in commands.read() {
        match command {
            PracticeCommand::Start(id) => {
                let Some(scenario) = library.find(id) else {
                    warn!("no valid scenario with id {id}");
                    continue;
                };
                practice.begin(scenario.clone(), rubric.0.clone(), seed.next(), None);
                screen.set(Screen::Conversation);
            }
            PracticeCommand::StartAt { id, node } => {
                let Some(scenario) = library.find(id) else {
                    warn!("no valid scenario with id {id}");
                    continue;
                };
                practice.begin_at(scenario.clone(), rubric.0.clone(), seed.next(), Some(node));
                screen.set(Screen::Conversation);
            }
            PracticeCommand::Choose(presented) => {
                let reviewing = practice.reviewing;
                let chose = practice
                    .session
                    .as_mut()
                    .is_some_and(|s| !reviewing && s.choose(*presented).is_ok());
                if chose {
                    practice.reviewing = true;
                    practice.reload = None;
                }
            }
            PracticeCommand::Resume => {
                let Some(journal) = history.interrupted.take() else {
                    continue;
                };
                let Some(scenario) = library.find(&journal.scenario_id).cloned() else {
                    warn!("cannot resume: no valid scenario `{}`", journal.scenario_id);
                    history.interrupted = Some(journal);
                    continue;
                };
                let rubric = rubric.0.clone();
                match Session::resume(scenario.clone(), rubric.clone(), &journal) {
                    Ok(session) => {
                        practice.begin(scenario, rubric, journal.seed, None);
                        practice.session = Some(session);
                    }
                    // The file changed under the journal, as under an open session: start over.
                    Err(error) => {
                        warn!("cannot resume the interrupted session: {error}");
                        // A round of group practice starts again as the same round.
                        practice.begin(scenario, rubric, journal.seed, journal.group.clone());
                        let gone = journal
                            .turns
                            .last()
                            .map_or_else(String::new, |t| t.node.clone());
                        practice.reload = Some(ReloadNotice::Restarted { gone });
                    }
                }
                // A round of group practice goes on at the group's screen.
                let group_round = practice
                    .session
                    .as_ref()
                    .is_some_and(|s| s.group().is_some());
                screen.set(if group_round {
                    Screen::Group
                } else {
                    Screen::Conversation
                });
            }
            PracticeCommand::DiscardInterrupted => {
                history.interrupted = None;
            }
            // Typed replies are read by `free_reply`.
            PracticeCommand::Reply(_) | PracticeCommand::Meant(_) | PracticeCommand::Rephrase => {}
            PracticeCommand::Continue => {
                practice.reviewing = false;
                if practice.session.as_ref().is_some_and(Session::is_over) {
                    screen.set(Screen::Debrief);
                }
            }
            PracticeCommand::Replay => {
                // The past session shown in the debrief, or the one just played.
                let scenario = match practice.past.as_ref() {
                    Some(past) => library.find(&past.scenario_id).cloned(),
                    None => practice.session.as_ref().map(|s| {
                        library
                            .find(&s.scenario().id)
                            .cloned()
                            .unwrap_or_else(|| s.scenario().clone())
                    }),
                };
                if let Some(scenario) = scenario {
                    practice.begin(scenario, rubric.0.clone(), seed.next(), None);
                    screen.set(Screen::Conversation);
                }
            }
            PracticeCommand::Leave => {
                practice.reading = None;
                practice.unsure = None;
                practice.session = None;
                practice.past = None;
                practice.reviewing = false;
                practice.reload = None;
                screen.set(Screen::Library);
            }
            PracticeCommand::OpenPast(record) => {
                practice.past = Some((**record).clone());
                screen.set(Screen::Debrief);
            }
        }
    }
}
