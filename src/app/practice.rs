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
                let seed = seed.0.unwrap_or_else(|| {
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_nanos() as u64)
                });
                practice.session = Some(Session::start(
                    scenario.clone(),
                    rubric.0.clone(),
                    seed,
                    now_seconds(),
                ));
                practice.reviewing = false;
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
                if let Some(past) = practice.past.take() {
                    if let Some(scenario) = library.find(&past.scenario_id) {
                        let seed = seed.0.unwrap_or_else(now_seconds);
                        practice.session = Some(Session::start(
                            scenario.clone(),
                            rubric.0.clone(),
                            seed,
                            now_seconds(),
                        ));
                        practice.reviewing = false;
                        practice.saved = false;
                        screen.set(Screen::Conversation);
                    }
                } else if let Some(session) = practice.session.as_ref() {
                    let scenario = session.scenario().clone();
                    let seed = seed.0.unwrap_or_else(now_seconds);
                    practice.session = Some(Session::start(
                        scenario,
                        rubric.0.clone(),
                        seed,
                        now_seconds(),
                    ));
                    practice.reviewing = false;
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
