//! The desktop app: thin Bevy plugins over the engine, drawn with egui.
//!
//! By concept: [`navigation`] (the screens as states), [`practice`] (the session being played),
//! [`config`] (preferences and the rubric), [`scenarios`] (the scenario library and hot reload),
//! [`history`] (saving finished sessions), [`portraits`], [`wake`] (an idle window that wakes
//! when needed), [`screens`] (one folder per screen, each drawing plain view data with the shared
//! [`ui`] theme), and the [`screenshot`] mode. [`core_plugin`] runs headless in tests;
//! [`ui_plugin`] adds egui, the screens and the idle handling.

pub mod config;
pub mod delivery;
pub mod history;
pub mod launch;
pub mod navigation;
pub mod portraits;
pub mod practice;
pub mod scenarios;
pub mod screens;
mod screenshot;
pub mod ui;
pub mod wake;

use std::path::Path;
use std::process::ExitCode;

use bevy::asset::io::AssetSourceBuilder;
use bevy::log::LogPlugin;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass};

use crate::adapters::library;
use crate::adapters::records::RecordStore;
use crate::adapters::settings;
use crate::engine::domain::Lang;
use config::Preferences;
use launch::LaunchOptions;
use navigation::Screen;

/// Registers the folder scenarios are read from. Must come before Bevy's `AssetPlugin`.
pub fn register_scenario_folder(app: &mut App, folder: &Path) {
    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    app.register_asset_source(
        scenarios::SOURCE,
        AssetSourceBuilder::platform_default(&absolute.to_string_lossy(), None),
    );
    app.insert_resource(scenarios::ScenarioFolderPath(folder.display().to_string()));
    app.insert_resource(scenarios::ScenarioFolderOnDisk(absolute));
}

/// Everything that works without a window.
pub fn core_plugin(app: &mut App) {
    app.add_plugins((
        navigation::plugin,
        config::plugin,
        scenarios::plugin,
        practice::plugin,
        history::plugin,
        delivery::plugin,
        screens::map::search::plugin,
    ));
}

/// egui, the screens and the theme.
pub fn ui_plugin(app: &mut App) {
    app.add_plugins(EguiPlugin::default());
    app.add_plugins((wake::plugin, screens::plugin, config::window_plugin));
    app.init_resource::<portraits::PortraitProblems>();
    app.add_systems(Startup, spawn_camera);
    app.add_systems(EguiPrimaryContextPass, apply_style);
    if std::env::var_os("RAPPORT_REPORT_FIRST_FRAME").is_some() {
        app.add_systems(
            EguiPrimaryContextPass,
            report_first_frame.after(apply_style),
        );
    }
}

/// With `RAPPORT_REPORT_FIRST_FRAME` set, prints `first-frame-unix-ms N` to stderr the first
/// time the library screen has drawn scenarios (the built-in ones, or the folder's once read):
/// `scripts/compare-bare.sh` and `scripts/startup-with-data.sh` measure the time to first frame
/// with it.
fn report_first_frame(
    library: Res<scenarios::ScenarioLibrary>,
    screen: Res<State<Screen>>,
    mut reported: Local<bool>,
) {
    let shown = library.ready || library.scenarios().next().is_some();
    if !*reported && shown && *screen.get() == Screen::Library {
        *reported = true;
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        eprintln!("first-frame-unix-ms {ms}");
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// Colours, and fonts for the language, at start and whenever the language changes; the text
/// size whenever it changes.
fn apply_style(
    mut contexts: EguiContexts,
    preferences: Res<Preferences>,
    mut styled_for: Local<Option<Lang>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if *styled_for != Some(preferences.lang) {
        ui::theme::apply(ctx, preferences.lang);
        *styled_for = Some(preferences.lang);
    }
    if preferences.is_changed() {
        ctx.set_zoom_factor(preferences.text_scale);
    }
    Ok(())
}

/// `named`, or the user's own folder (created when missing); a folder in the temporary folder when
/// there is no data folder.
fn folder_or_users(
    named: Option<std::path::PathBuf>,
    users: fn() -> Option<std::path::PathBuf>,
) -> std::path::PathBuf {
    if let Some(folder) = named {
        return folder;
    }
    match users() {
        Some(folder) => {
            if let Err(error) = std::fs::create_dir_all(&folder) {
                warn!("cannot make {}: {error}", folder.display());
            }
            folder
        }
        None => private_temp_folder("no-data-folder"),
    }
}

/// A new empty folder of this process's in the temporary folder (never one another user made).
fn private_temp_folder(name: &str) -> std::path::PathBuf {
    let base = std::env::temp_dir();
    let pid = std::process::id();
    for attempt in 0u32.. {
        let folder = base.join(format!("rapport-{name}-{pid}-{attempt}"));
        match std::fs::create_dir(&folder) {
            Ok(()) => return folder,
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                warn!("cannot make {}: {error}", folder.display());
                return folder;
            }
        }
    }
    base
}

/// Sends finished sessions to the LRS `lrs.ron` names, if it names one.
fn start_delivery(app: &mut App) {
    use crate::adapters::delivery::{Outbox, config};
    let (Some(settings), Some(outbox)) = (config::default_location(), Outbox::default_location())
    else {
        return;
    };
    match config::load(&settings) {
        Ok(Some(lrs)) => delivery::start(app, lrs, Outbox::new(outbox)),
        Ok(None) => {}
        Err(problem) => {
            warn!("results stay on this computer: {problem}");
            app.insert_resource(delivery::DeliveryProblem(problem));
        }
    }
}

/// Opens the window (or renders a screenshot) and runs until it closes.
pub fn run(options: LaunchOptions) -> Result<ExitCode, String> {
    let mut app = App::new();
    // Screenshots show the defaults and leave this user's settings alone.
    let window = match (&options.screenshot, settings::default_location()) {
        (None, Some(path)) => config::use_settings_file(&mut app, path),
        _ => None,
    };
    let (width, height) = window.unwrap_or((1280.0, 820.0));
    // The built-in library, and the folders beside it: those named, or the user's own (made if
    // missing, so that files put there later are noticed).
    // Screenshots show the built-in library alone unless a folder is named.
    let users_scenarios = match options.screenshot {
        Some(_) => || Some(private_temp_folder("screenshot-scenarios")),
        None => library::user_scenario_folder,
    };
    let scenario_folder = folder_or_users(options.scenarios.clone(), users_scenarios);
    let media_folder = folder_or_users(options.assets.clone(), library::user_media_folder);
    register_scenario_folder(&mut app, &scenario_folder);
    portraits::register_media_folder(&mut app, &media_folder);
    app.insert_resource(scenarios::BuiltinScenarios::of(
        &library::builtin_scenarios(),
    ));
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Rapport".into(),
                    resolution: bevy::window::WindowResolution::new(width as u32, height as u32),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                watch_for_changes_override: Some(true),
                ..default()
            })
            .set(LogPlugin {
                filter: "warn,rapport=info".into(),
                ..default()
            }),
    );
    portraits::register_builtin_media(&mut app);
    app.add_plugins((core_plugin, ui_plugin));
    // The command line overrides the saved settings; they are written only if the user then
    // changes a setting.
    let saved = app
        .world()
        .get_resource::<Preferences>()
        .copied()
        .unwrap_or_default();
    app.insert_resource(Preferences {
        lang: options.lang.unwrap_or(saved.lang),
        author_mode: options.author_mode || saved.author_mode,
        free_reply: options.free_reply || saved.free_reply,
        ..saved
    });
    config::take_as_saved(&mut app);
    match options.screenshot {
        // Screenshots must not add sessions to this user's history.
        Some(request) => screenshot::setup(&mut app, request),
        None => {
            if let Some(store) = RecordStore::default_location().map(RecordStore::new) {
                app.insert_resource(history::SessionHistory::kept_in(store));
            }
            start_delivery(&mut app);
        }
    }
    match app.run() {
        AppExit::Success => Ok(ExitCode::SUCCESS),
        AppExit::Error(code) => Ok(ExitCode::from(code.get())),
    }
}
