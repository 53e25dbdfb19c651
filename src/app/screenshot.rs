//! `rapport --screenshot out.png [--screen …] [--scenario ID] [--lang …]`: bring up one screen,
//! let it settle, save a PNG of the window and exit. Used for docs and the CI smoke test.
//!
//! It gets to the screen the way a user does: the same [`Navigate`] and [`PracticeCommand`]s
//! that keys and clicks send, one per frame, with a fixed seed for the persona. The progress
//! screen reads a made-up history from a temporary folder, as it reads a user's.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::winit::WinitSettings;

use super::history::SessionHistory;
use super::launch;
use super::navigation::{Navigate, Screen};
use super::practice::group::GroupCommand;
use super::practice::{Practice, PracticeCommand, PracticeSeed};
use super::scenarios::{BuiltinScenarios, ScenarioFolderPath, ScenarioLibrary};
use super::screens::map::search::{CurrentMap, MapSelection};
use crate::adapters::records::RecordStore;
use crate::engine::analysis::policy::{Policy, plan, play_session};
use crate::engine::play::rubric::Rubric;
use crate::engine::scenario::load::load_library;

/// Frames to let egui lay out and upload fonts before capturing.
const SETTLE_FRAMES: u32 = 20;
/// Give up if nothing was captured after this many frames.
const GIVE_UP_FRAMES: u32 = 3000;

#[derive(Resource)]
struct ScreenshotRequest {
    request: launch::Screenshot,
    /// The made-up history's folder, removed once the picture is saved.
    history: Option<PathBuf>,
}

/// What the user would do next to reach the screen.
#[derive(Clone, Debug)]
enum Action {
    Go(Navigate),
    Do(PracticeCommand),
    /// Choose the option the best path takes on this turn.
    ChooseBest,
    /// Choose the best option and continue, turn after turn, until the debrief shows.
    PlayBestToEnd,
    /// Click a turn on the branch map.
    Select(String),
    /// A group practice command (set up, start).
    Group(GroupCommand),
    /// The observer marks the current turn with the best path's option's own tags.
    MarkBest,
}

#[derive(Default)]
enum Stage {
    #[default]
    WaitForLibrary,
    Drive(VecDeque<Action>),
    Settle(u32),
    Capturing,
}

pub(super) fn setup(app: &mut App, request: launch::Screenshot) {
    // Frames must keep coming without input.
    app.insert_resource(WinitSettings::continuous());
    app.insert_resource(PracticeSeed(Some(1)));
    let history = (request.screen == Screen::Progress)
        .then(|| made_up_history(app))
        .flatten();
    if let Some(dir) = &history {
        app.insert_resource(SessionHistory::kept_in(RecordStore::new(dir)));
    }
    app.insert_resource(ScreenshotRequest { request, history });
    app.add_systems(Update, drive_screenshot);
}

/// A practice history in a temporary folder: each scenario played a few ways, days apart.
fn made_up_history(app: &App) -> Option<PathBuf> {
    let folder = app.world().get_resource::<ScenarioFolderPath>()?.0.clone();
    let dir = std::env::temp_dir().join(format!("rapport-screenshot-{}", std::process::id()));
    let store = RecordStore::new(&dir);
    let rubric = Arc::new(Rubric::builtin());
    // The library as the app shows it: the folder's scenarios, and the built-in ones they don't
    // replace.
    let mut scenarios: Vec<_> = load_library(&[PathBuf::from(folder)])
        .into_iter()
        .filter_map(|file| file.scenario)
        .collect();
    let builtins = app.world().get_resource::<BuiltinScenarios>();
    for file in builtins.map(|b| b.0.as_slice()).unwrap_or_default() {
        if let Some(scenario) = &file.scenario
            && !scenarios.iter().any(|s| s.id == scenario.id)
        {
            scenarios.push(scenario.as_ref().clone());
        }
    }
    for (index, scenario) in scenarios.into_iter().enumerate() {
        let policy = [Policy::Random, Policy::Best, Policy::Worst][index % 3];
        let session = play_session(
            Arc::new(scenario),
            rubric.clone(),
            policy,
            index as u64,
            1_793_000_000 + index as u64 * 2 * 86_400,
        );
        if let Err(error) = store.save(&session.record()) {
            error!("cannot write the made-up history: {error}");
        }
    }
    Some(dir)
}

/// The actions that reach the requested screen, or why it cannot be shown.
fn actions(
    request: &launch::Screenshot,
    library: &ScenarioLibrary,
    lang: crate::engine::domain::Lang,
) -> Result<VecDeque<Action>, String> {
    let wanted = request.scenario.as_deref();
    let missing = || {
        format!(
            "no valid scenario {} to show",
            wanted.unwrap_or("in the library")
        )
    };
    let playable = || match wanted {
        Some(id) => library.find(id).map(|s| s.id.clone()).ok_or_else(missing),
        None => library
            .scenarios()
            .next()
            .map(|s| s.id.clone())
            .ok_or_else(missing),
    };
    Ok(match request.screen {
        Screen::Library => VecDeque::new(),
        Screen::Settings => [Action::Go(Navigate::Settings)].into(),
        Screen::Progress => [Action::Go(Navigate::Progress)].into(),
        // The coach's reading of a typed reply on the first turn.
        Screen::Conversation if request.reply.is_some() => [
            Action::Do(PracticeCommand::Start(playable()?)),
            Action::Do(PracticeCommand::Reply(
                request.reply.clone().unwrap_or_default(),
            )),
        ]
        .into(),
        // One turn played along the best path, so the transcript and reactions show.
        Screen::Conversation => [
            Action::Do(PracticeCommand::Start(playable()?)),
            Action::ChooseBest,
            Action::Do(PracticeCommand::Continue),
        ]
        .into(),
        Screen::Debrief => [
            Action::Do(PracticeCommand::Start(playable()?)),
            Action::PlayBestToEnd,
        ]
        .into(),
        Screen::GroupSetup => [Action::Group(GroupCommand::SetUp(playable()?))].into(),
        // A group of three, the first turn marked, the second waiting for the observer.
        Screen::Group => {
            let names = match lang {
                crate::engine::domain::Lang::Zh => ["王芳", "李强", "陈静"],
                crate::engine::domain::Lang::En => ["Ana", "Bo", "Chen"],
            };
            [
                Action::Group(GroupCommand::Start {
                    id: playable()?,
                    names: names.iter().map(|n| n.to_string()).collect(),
                }),
                Action::MarkBest,
            ]
            .into()
        }
        Screen::Map => {
            // The map can show a file with errors too (its draft).
            let file = library
                .files
                .iter()
                .find(|f| {
                    f.mapped()
                        .is_some_and(|s| wanted.is_none_or(|id| s.id == id))
                })
                .ok_or_else(missing)?;
            let start = file.mapped().map(|s| s.start.clone()).unwrap_or_default();
            [
                Action::Go(Navigate::Map(file.path.clone())),
                Action::Select(start),
            ]
            .into()
        }
    })
}

/// Writes the command for `action`; returns the action again if it is not finished.
fn perform(
    action: Action,
    practice: &Practice,
    user: &mut (
        MessageWriter<Navigate>,
        MessageWriter<PracticeCommand>,
        MessageWriter<GroupCommand>,
    ),
    selection: &mut MapSelection,
) -> Option<Action> {
    let (navigate, commands, group) = user;
    let best_choice = || {
        let session = practice.session.as_ref()?;
        let option = *plan(session, Policy::Best).first()?;
        session
            .presented_options()
            .iter()
            .position(|(file_index, _)| *file_index == option)
    };
    match action {
        Action::Go(to) => {
            navigate.write(to);
        }
        Action::Do(command) => {
            commands.write(command);
        }
        Action::ChooseBest => {
            if let Some(presented) = best_choice() {
                commands.write(PracticeCommand::Choose(presented));
            }
        }
        Action::PlayBestToEnd => {
            let over = practice.session.as_ref().is_none_or(|s| s.is_over());
            if over || practice.reviewing {
                commands.write(PracticeCommand::Continue);
                return (!over).then_some(Action::PlayBestToEnd);
            }
            if let Some(presented) = best_choice() {
                commands.write(PracticeCommand::Choose(presented));
            }
            return Some(Action::PlayBestToEnd);
        }
        Action::Select(node) => selection.requested = Some(node),
        Action::Group(command) => {
            group.write(command);
        }
        Action::MarkBest => {
            let Some(session) = practice.session.as_ref() else {
                // Not started yet: try again next frame.
                return Some(Action::MarkBest);
            };
            if let (Some(option), Some(node)) =
                (plan(session, Policy::Best).first(), session.current_node())
            {
                group.write(GroupCommand::Mark {
                    marks: crate::engine::play::marks::Marks::of(&node.options()[*option]),
                    option: *option,
                });
            }
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn drive_screenshot(
    mut commands: Commands,
    mut stage: Local<Stage>,
    mut frames: Local<u32>,
    request: Res<ScreenshotRequest>,
    library: Res<ScenarioLibrary>,
    practice: Res<Practice>,
    preferences: Res<super::config::Preferences>,
    map: (Res<CurrentMap>, ResMut<MapSelection>),
    mut user: (
        MessageWriter<Navigate>,
        MessageWriter<PracticeCommand>,
        MessageWriter<GroupCommand>,
    ),
    mut exit: MessageWriter<AppExit>,
) {
    let (current_map, mut selection) = map;
    *frames += 1;
    if *frames > GIVE_UP_FRAMES {
        error!("no screenshot after {GIVE_UP_FRAMES} frames");
        exit.write(AppExit::error());
        return;
    }
    match &mut *stage {
        Stage::WaitForLibrary if library.ready => {
            match actions(&request.request, &library, preferences.lang) {
                Ok(actions) => {
                    let playable = library.scenarios().count();
                    info!(
                        "library: {playable} scenarios, {} files",
                        library.files.len()
                    );
                    *stage = Stage::Drive(actions);
                }
                Err(message) => {
                    error!("{message}");
                    exit.write(AppExit::error());
                }
            }
        }
        Stage::WaitForLibrary => {}
        Stage::Drive(actions) => match actions.pop_front() {
            Some(action) => {
                let again = perform(action, &practice, &mut user, &mut selection);
                if let Some(again) = again {
                    actions.push_front(again);
                }
            }
            None => *stage = Stage::Settle(0),
        },
        // The branch map waits for its best and worst paths.
        Stage::Settle(_) if current_map.computing() => {}
        Stage::Settle(count) if *count < SETTLE_FRAMES => *count += 1,
        Stage::Settle(_) => {
            let path = request.request.path.clone();
            let made_up = request.history.clone();
            commands.spawn(Screenshot::primary_window()).observe(
                move |captured: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
                    if let Some(dir) = &made_up {
                        let _ = std::fs::remove_dir_all(dir);
                    }
                    let saved = captured
                        .image
                        .clone()
                        .try_into_dynamic()
                        .map_err(|e| e.to_string())
                        .and_then(|image| image.to_rgb8().save(&path).map_err(|e| e.to_string()));
                    match saved {
                        Ok(()) => {
                            info!("saved {}", path.display());
                            exit.write(AppExit::Success);
                        }
                        Err(error) => {
                            error!("cannot save {}: {error}", path.display());
                            exit.write(AppExit::error());
                        }
                    }
                },
            );
            *stage = Stage::Capturing;
        }
        Stage::Capturing => {}
    }
}
