//! The practice flow: starting a session, choosing, continuing, leaving. Screens send
//! [`PracticeCommand`]s; these systems apply them to the [`Practice`] resource and switch screens.
//! Nothing here draws, so a headless App can drive a whole session.

use std::sync::Arc;

use bevy::prelude::*;

use super::Screen;
use super::scenario_assets::ScenarioLibrary;
use crate::engine::rubric::Rubric;
use crate::engine::session::Session;

#[derive(Message, Clone, Debug, PartialEq)]
pub enum PracticeCommand {
    /// Start the scenario with this id.
    Start(String),
    /// Choose an option by its presented position.
    Choose(usize),
    /// Dismiss the coach note; after the last turn, go to the debrief.
    Continue,
    /// Play the same scenario again.
    Replay,
    /// Back to the library, abandoning any session.
    Leave,
    OpenSettings,
    OpenProgress,
    /// Show the debrief of a past session.
    OpenPast(Box<crate::engine::session::SessionRecord>),
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
    pub past: Option<crate::engine::session::SessionRecord>,
}

#[derive(Resource, Clone)]
pub struct ActiveRubric(pub Arc<Rubric>);

/// A fixed seed for persona variants (tests, screenshots); otherwise the clock picks one.
#[derive(Resource, Default, Clone, Copy)]
pub struct PracticeSeed(pub Option<u64>);

pub(super) fn plugin(app: &mut App) {
    app.add_message::<PracticeCommand>();
    app.init_resource::<Practice>();
    app.init_resource::<PracticeSeed>();
    app.insert_resource(ActiveRubric(Arc::new(Rubric::builtin())));
    app.add_systems(Update, apply_practice_commands);
}

fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl PracticeSeed {
    /// The fixed seed, or a fresh one from the clock.
    fn next(&self) -> u64 {
        self.0.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        })
    }
}

impl Practice {
    /// Starts `scenario` afresh: a new session, no coach note, not yet saved, no past record.
    fn begin(
        &mut self,
        scenario: Arc<crate::engine::scenario::Scenario>,
        rubric: Arc<Rubric>,
        seed: u64,
    ) {
        self.session = Some(Session::start(scenario, rubric, seed, now_seconds()));
        self.reviewing = false;
        self.saved = false;
        self.past = None;
    }
}

fn apply_practice_commands(
    mut commands: MessageReader<PracticeCommand>,
    library: Res<ScenarioLibrary>,
    rubric: Res<ActiveRubric>,
    seed: Res<PracticeSeed>,
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
                practice.begin(scenario.clone(), rubric.0.clone(), seed.next());
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
                }
            }
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
                    practice.begin(scenario, rubric.0.clone(), seed.next());
                    screen.set(Screen::Conversation);
                }
            }
            PracticeCommand::Leave => {
                practice.session = None;
                practice.past = None;
                practice.reviewing = false;
                screen.set(Screen::Library);
            }
            PracticeCommand::OpenSettings => screen.set(Screen::Settings),
            PracticeCommand::OpenProgress => screen.set(Screen::Progress),
            PracticeCommand::OpenPast(record) => {
                practice.past = Some((**record).clone());
                screen.set(Screen::Debrief);
            }
        }
    }
}
