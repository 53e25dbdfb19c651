//! The desktop app: thin Bevy plugins over the engine, drawn with egui.
//!
//! [`core_plugin`] (scenario assets, the practice flow, screens as states) runs headless in tests;
//! [`ui_plugin`] adds egui, the screens, the calm theme and the idle fix.

pub mod branch_maps;
pub mod history;
pub mod idle;
pub mod portraits;
pub mod practice;
mod reload_wake;
pub mod scenario_assets;
mod screens;
mod screenshot;
pub mod ui;

use std::path::Path;
use std::process::ExitCode;

use bevy::asset::io::AssetSourceBuilder;
use bevy::log::LogPlugin;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass};

use crate::cli::AppArgs;
use crate::engine::domain::Lang;

/// The app's screens.
#[derive(States, Default, Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Screen {
    #[default]
    Library,
    Conversation,
    Debrief,
    Settings,
    Progress,
    /// The branch map of one scenario file.
    Map,
}

#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct Preferences {
    pub lang: Lang,
    /// Multiplies every text and widget size (egui zoom).
    pub text_scale: f32,
    /// Show what each option would do before choosing (for trainers checking a scenario).
    pub author_mode: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            lang: Lang::Zh,
            text_scale: 1.0,
            author_mode: false,
        }
    }
}

/// Registers the folder scenarios are read from. Must come before Bevy's `AssetPlugin`.
pub fn register_scenario_folder(app: &mut App, folder: &Path) {
    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    app.register_asset_source(
        scenario_assets::SOURCE,
        AssetSourceBuilder::platform_default(&absolute.to_string_lossy(), None),
    );
    app.insert_resource(scenario_assets::ScenarioFolderPath(
        folder.display().to_string(),
    ));
    app.insert_resource(scenario_assets::ScenarioFolderOnDisk(absolute));
}

/// Everything that works without a window.
pub fn core_plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.init_resource::<Preferences>();
    app.add_plugins((
        scenario_assets::plugin,
        practice::plugin,
        history::plugin,
        branch_maps::plugin,
    ));
}

/// egui, the screens and the theme.
pub fn ui_plugin(app: &mut App) {
    app.add_plugins(EguiPlugin::default());
    app.add_plugins((idle::plugin, reload_wake::plugin, screens::plugin));
    app.add_systems(Startup, spawn_camera);
    app.add_systems(EguiPrimaryContextPass, apply_style);
    if std::env::var_os("RAPPORT_REPORT_FIRST_FRAME").is_some() {
        app.add_systems(
            EguiPrimaryContextPass,
            report_first_frame.after(apply_style),
        );
    }
    app.add_systems(
        PreUpdate,
        (
            scenario_assets::keep_awake_while_loading.after(scenario_assets::rebuild_library),
            branch_maps::keep_awake_while_searching,
        ),
    );
}

/// With `RAPPORT_REPORT_FIRST_FRAME` set, prints `first-frame-unix-ms N` to stderr the first
/// time the library screen has drawn its scenarios: `scripts/compare-bare.sh` measures the time
/// to first frame with it.
fn report_first_frame(
    library: Res<scenario_assets::ScenarioLibrary>,
    screen: Res<State<Screen>>,
    mut reported: Local<bool>,
) {
    if !*reported && library.ready && *screen.get() == Screen::Library {
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

/// Opens the window (or renders a screenshot) and runs until it closes.
pub fn run(args: AppArgs) -> Result<ExitCode, String> {
    let mut app = App::new();
    register_scenario_folder(&mut app, &args.scenarios);
    portraits::register_media_folder(&mut app, &args.assets);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Rapport".into(),
                    resolution: bevy::window::WindowResolution::new(1280, 820),
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
    app.add_plugins((core_plugin, ui_plugin));
    app.insert_resource(Preferences {
        lang: args.lang.map_or(Lang::Zh, Lang::from),
        author_mode: args.author_mode,
        ..default()
    });
    match args.screenshot.clone() {
        // Screenshots must not add sessions to this user's history.
        Some(path) => screenshot::setup(&mut app, path, args.screen, args.scenario.clone()),
        None => {
            if let Some(store) = crate::engine::records::RecordStore::default_location()
                .map(crate::engine::records::RecordStore::new)
            {
                app.insert_resource(history::SessionHistory::kept_in(store));
            }
        }
    }
    match app.run() {
        AppExit::Success => Ok(ExitCode::SUCCESS),
        AppExit::Error(code) => Ok(ExitCode::from(code.get())),
    }
}
