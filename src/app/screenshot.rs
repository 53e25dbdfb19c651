//! `rapport --screenshot out.png [--screen …] [--scenario ID] [--lang …]`: bring up one screen,
//! let it settle, save a PNG of the window and exit. Used for docs and the CI smoke test.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::winit::WinitSettings;

use super::Screen;
use super::branch_maps::{CurrentMap, MapSelection, MapTarget};
use super::history::SessionHistory;
use super::practice::{ActiveRubric, Practice, PracticeSeed};
use super::scenario_assets::ScenarioLibrary;
use crate::cli::ScreenArg;
use crate::engine::policy::{Policy, plan, play_session};
use crate::engine::session::Session;

/// Frames to let egui lay out and upload fonts before capturing.
const SETTLE_FRAMES: u32 = 20;
/// Give up if nothing was captured after this many frames.
const GIVE_UP_FRAMES: u32 = 3000;

#[derive(Resource)]
struct ScreenshotRequest {
    path: PathBuf,
    screen: ScreenArg,
    scenario: Option<String>,
}

#[derive(Default)]
enum Stage {
    #[default]
    WaitForLibrary,
    Settle(u32),
    Capturing,
}

pub(super) fn setup(
    app: &mut App,
    path: PathBuf,
    screen: Option<ScreenArg>,
    scenario: Option<String>,
) {
    // Frames must keep coming without input.
    app.insert_resource(WinitSettings::continuous());
    app.insert_resource(PracticeSeed(Some(1)));
    app.insert_resource(ScreenshotRequest {
        path,
        screen: screen.unwrap_or(ScreenArg::Library),
        scenario,
    });
    app.add_systems(Update, drive_screenshot);
}

#[allow(clippy::too_many_arguments)]
fn drive_screenshot(
    mut commands: Commands,
    mut stage: Local<Stage>,
    mut frames: Local<u32>,
    request: Res<ScreenshotRequest>,
    library: Res<ScenarioLibrary>,
    rubric: Res<ActiveRubric>,
    mut practice: ResMut<Practice>,
    mut history: ResMut<SessionHistory>,
    mut screen: ResMut<NextState<Screen>>,
    mut map: (ResMut<MapTarget>, ResMut<MapSelection>, Res<CurrentMap>),
    mut exit: MessageWriter<AppExit>,
) {
    *frames += 1;
    if *frames > GIVE_UP_FRAMES {
        error!("no screenshot after {GIVE_UP_FRAMES} frames");
        exit.write(AppExit::error());
        return;
    }
    match &mut *stage {
        Stage::WaitForLibrary if library.ready => {
            let wanted = request.scenario.as_deref();
            let scenario = match wanted {
                // The map can show a file with errors too (its draft).
                Some(id) if request.screen == ScreenArg::Map => library
                    .files
                    .iter()
                    .filter_map(|f| f.mapped())
                    .find(|s| s.id == id)
                    .cloned(),
                Some(id) => library.find(id).cloned(),
                None => library.scenarios().next().cloned(),
            };
            match (request.screen, scenario) {
                (ScreenArg::Library, _) => {}
                (ScreenArg::Settings, _) => screen.set(Screen::Settings),
                (ScreenArg::Progress, _) => {
                    // A made-up practice history: each scenario played a few ways, in order.
                    let scenarios: Vec<_> = library.scenarios().cloned().collect();
                    for (index, scenario) in scenarios.iter().enumerate() {
                        let policy = [Policy::Random, Policy::Best, Policy::Worst][index % 3];
                        let session = play_session(
                            scenario.clone(),
                            rubric.0.clone(),
                            policy,
                            index as u64,
                            1_793_000_000 + index as u64 * 2 * 86_400,
                        );
                        history.records.push(session.record());
                    }
                    screen.set(Screen::Progress);
                }
                (ScreenArg::Conversation, Some(scenario)) => {
                    // One turn played along the best path, so the transcript and reactions show.
                    let mut session = Session::start(scenario, rubric.0.clone(), 1, 0);
                    if let Some(first) = plan(&session, Policy::Best).first() {
                        let _ = session.choose_file_option(*first);
                    }
                    practice.session = Some(session);
                    screen.set(Screen::Conversation);
                }
                (ScreenArg::Map, Some(scenario)) => {
                    map.0.0 = library
                        .files
                        .iter()
                        .find(|f| f.mapped().is_some_and(|s| s.id == scenario.id))
                        .map(|f| f.path.clone());
                    map.1.requested = Some(scenario.start.clone());
                    screen.set(Screen::Map);
                }
                (ScreenArg::Debrief, Some(scenario)) => {
                    practice.session =
                        Some(play_session(scenario, rubric.0.clone(), Policy::Best, 1, 0));
                    screen.set(Screen::Debrief);
                }
                (_, None) => {
                    error!(
                        "no valid scenario {} to show",
                        wanted.unwrap_or("in the library")
                    );
                    exit.write(AppExit::error());
                    return;
                }
            }
            *stage = Stage::Settle(0);
        }
        Stage::WaitForLibrary => {}
        // The branch map waits for its best and worst paths.
        Stage::Settle(_) if map.2.computing() => {}
        Stage::Settle(count) if *count < SETTLE_FRAMES => *count += 1,
        Stage::Settle(_) => {
            let path = request.path.clone();
            commands.spawn(Screenshot::primary_window()).observe(
                move |captured: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
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
