//! An idle window costs no CPU, and wakes when something needs drawing.
//!
//! Bevy's reactive desktop mode sleeps until input arrives ([`IDLE_WAIT`] at most). Everything
//! that must wake it lives here: the [`modifiers`] fix for bevy_egui's endless repaints, the
//! [`folder_watch`] that wakes the window when a scenario file is saved, and
//! [`keep_awake_while_busy`] for work that finishes in the background (the library loading, the
//! branch map's searches, reading a typed reply). Portraits ask for a frame when they finish loading.

mod folder_watch;
pub mod modifiers;

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};

use crate::app::practice::Practice;
use crate::app::scenarios::{ScenarioLibrary, rebuild_library};
use crate::app::screens::map::search::CurrentMap;

/// How long an untouched window waits before drawing a frame anyway. Bevy's desktop default is
/// 5 s when focused; each of those frames costs ~0.1 s of CPU under a software renderer, and the
/// app needs none of them: input, loading and state changes ask for their own frames.
pub const IDLE_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(WinitSettings {
        focused_mode: UpdateMode::reactive(IDLE_WAIT),
        unfocused_mode: UpdateMode::reactive_low_power(IDLE_WAIT),
    });
    app.add_plugins((modifiers::plugin, folder_watch::plugin));
    app.add_systems(PreUpdate, keep_awake_while_busy.after(rebuild_library));
}

/// In reactive mode nothing wakes the app when background work finishes; ask for frames until
/// the asset server has the scenario folder and is watching it, while the map searches, while
/// a typed reply is being read and while the history is.
fn keep_awake_while_busy(
    library: Res<ScenarioLibrary>,
    map: Res<CurrentMap>,
    practice: Res<Practice>,
    history: Res<crate::app::history::SessionHistory>,
    mut redraw: MessageWriter<bevy::window::RequestRedraw>,
) {
    if !library.watching || map.computing() || practice.reading.is_some() || history.loading {
        redraw.write(bevy::window::RequestRedraw);
    }
}
