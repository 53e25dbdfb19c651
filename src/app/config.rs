//! How this user set the app up ([`Preferences`], kept in their [`SettingsFile`]), the scoring
//! rubric in force
//! ([`ActiveRubric`]) and the cue rules typed replies are read with ([`ReplyCues`]): read by
//! every screen and by the practice flow.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;

use crate::adapters::settings::{self, Settings};
use crate::engine::domain::Lang;
use crate::engine::play::rubric::Rubric;
use crate::engine::reply::Cues;

/// How this user set the app up; kept in the config folder by [`SettingsFile`].
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct Preferences {
    pub lang: Lang,
    /// Multiplies every text and widget size (egui zoom).
    pub text_scale: f32,
    /// Show what each option would do before choosing (for trainers checking a scenario).
    pub author_mode: bool,
    /// Each turn opens with a box to type the reply in one's own words instead of the options.
    pub free_reply: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            lang: Lang::Zh,
            text_scale: 1.0,
            author_mode: false,
            free_reply: false,
        }
    }
}

/// The rubric sessions are scored with and maps are searched with.
#[derive(Resource, Clone)]
pub struct ActiveRubric(pub Arc<Rubric>);

impl Default for ActiveRubric {
    fn default() -> Self {
        ActiveRubric(Arc::new(Rubric::builtin()))
    }
}

/// The cue rules typed replies are read with.
#[derive(Resource, Clone)]
pub struct ReplyCues(pub Arc<Cues>);

impl Default for ReplyCues {
    fn default() -> Self {
        ReplyCues(Arc::new(Cues::builtin()))
    }
}

/// Where this user's settings are kept, and what was last read or written there. Without a
/// path (tests, screenshots) nothing is read or written.
#[derive(Resource, Default, Debug)]
pub struct SettingsFile {
    pub path: Option<PathBuf>,
    /// Why the saved settings could not be used (shown in the library).
    pub notice: Option<String>,
    /// The preferences as the file has them; a change from these is saved.
    saved: Option<Preferences>,
    /// The window's size to save with them.
    pub window: Option<(f32, f32)>,
    /// The window's size as the file has it.
    saved_window: Option<(f32, f32)>,
    /// The last write failed: why.
    pub error: Option<String>,
}

impl Preferences {
    fn of(settings: &Settings) -> Preferences {
        Preferences {
            lang: settings.lang,
            text_scale: settings.text_scale,
            author_mode: settings.author_mode,
            free_reply: settings.free_reply,
        }
    }
}

/// Reads the settings at `path` into [`Preferences`] and keeps them saved there from now on.
/// Returns the window size the user left, if any.
pub fn use_settings_file(app: &mut App, path: PathBuf) -> Option<(f32, f32)> {
    let loaded = settings::load(&path);
    if let Some(notice) = &loaded.notice {
        warn!("{notice}");
    }
    let preferences = Preferences::of(&loaded.settings);
    app.insert_resource(preferences);
    app.insert_resource(SettingsFile {
        path: Some(path),
        // A file that could not be used is left alone until the user changes something.
        saved: Some(preferences),
        notice: loaded.notice,
        window: loaded.settings.window,
        saved_window: loaded.settings.window,
        error: None,
    });
    loaded.settings.window
}

/// Treats the preferences as they are now as the saved ones, so only a later change by the user
/// is written (command-line overrides are not saved by themselves).
pub fn take_as_saved(app: &mut App) {
    let preferences = app.world().get_resource::<Preferences>().copied();
    if let Some(mut file) = app.world_mut().get_resource_mut::<SettingsFile>() {
        file.saved = preferences;
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Preferences>();
    app.init_resource::<ActiveRubric>();
    app.init_resource::<ReplyCues>();
    app.init_resource::<SettingsFile>();
    app.add_systems(PostUpdate, save_changed_preferences);
}

/// Writes the settings when the user has changed one (not when the app merely started).
fn save_changed_preferences(preferences: Res<Preferences>, mut file: ResMut<SettingsFile>) {
    if file.saved != Some(*preferences) {
        file.write(*preferences);
    }
}

impl SettingsFile {
    /// Writes `preferences` and the window's size, if the settings are kept in a file. A failed
    /// write is reported and not retried until the next change.
    fn write(&mut self, preferences: Preferences) {
        let Some(path) = self.path.clone() else {
            return;
        };
        let settings = Settings {
            lang: preferences.lang,
            text_scale: preferences.text_scale,
            author_mode: preferences.author_mode,
            free_reply: preferences.free_reply,
            window: self.window,
            ..Settings::default()
        };
        self.saved = Some(preferences);
        match settings::save(&path, &settings) {
            Ok(()) => {
                self.saved_window = self.window;
                self.notice = None;
                self.error = None;
            }
            Err(error) => {
                error!("could not save the settings to {}: {error}", path.display());
                self.error = Some(format!("{}: {error}", path.display()));
            }
        }
    }
}

/// Keeps the window's size with the settings: noted on every resize, written when the app
/// closes (not on every step of a drag).
pub(super) fn window_plugin(app: &mut App) {
    app.add_systems(Update, note_window_size);
    app.add_systems(Last, save_window_size_on_exit);
}

fn note_window_size(
    mut resized: MessageReader<bevy::window::WindowResized>,
    mut file: ResMut<SettingsFile>,
) {
    // A minimised window reports a tiny size; it is not the size to open with.
    if let Some(last) = resized
        .read()
        .filter(|r| r.width >= settings::MIN_WINDOW_SIDE && r.height >= settings::MIN_WINDOW_SIDE)
        .last()
    {
        file.window = Some((last.width, last.height));
    }
}

fn save_window_size_on_exit(
    mut exits: MessageReader<AppExit>,
    mut closing: MessageReader<bevy::window::WindowCloseRequested>,
    preferences: Res<Preferences>,
    mut file: ResMut<SettingsFile>,
) {
    let leaving = exits.read().count() + closing.read().count() > 0;
    // A file that could not be read (a notice) stays as it is until a setting changes.
    let resized = file.window != file.saved_window && file.notice.is_none();
    if leaving && resized {
        file.write(*preferences);
    }
}
