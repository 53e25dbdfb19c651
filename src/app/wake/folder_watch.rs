//! Wakes the idle window when a scenario file changes on disk.
//!
//! The window sleeps until input arrives, and Bevy's asset watcher
//! only reports changes from inside an update, so a file saved in an editor would wait for the
//! next key press. A small watcher of our own wakes the event loop through winit's proxy, and the
//! app then keeps drawing for a moment while Bevy's watcher (debounced by 300 ms) and the loader
//! catch up.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};
use notify::{RecursiveMode, Watcher};

use crate::app::scenarios::ScenarioFolderOnDisk;

/// How long to keep drawing after a change: Bevy's debounce plus loading, with a margin.
const SETTLE: Duration = Duration::from_secs(2);

#[derive(Resource)]
struct FolderWatch {
    _watcher: notify::RecommendedWatcher,
    last_change: Arc<Mutex<Option<Instant>>>,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, watch_scenario_folder);
    app.add_systems(PreUpdate, keep_awake_after_change);
}

fn watch_scenario_folder(
    mut commands: Commands,
    folder: Option<Res<ScenarioFolderOnDisk>>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
) {
    let (Some(folder), Some(proxy)) = (folder, proxy) else {
        return;
    };
    let proxy = (**proxy).clone();
    let last_change: Arc<Mutex<Option<Instant>>> = Arc::default();
    let noted = last_change.clone();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            if let Ok(mut last) = noted.lock() {
                *last = Some(Instant::now());
            }
            let _ = proxy.send_event(WinitUserEvent::WakeUp);
        }
    });
    let watching = watcher.and_then(|mut watcher| {
        watcher
            .watch(&folder.0, RecursiveMode::Recursive)
            .map(|()| watcher)
    });
    match watching {
        Ok(watcher) => commands.insert_resource(FolderWatch {
            _watcher: watcher,
            last_change,
        }),
        // Reloads still happen, on the next input instead of at once.
        Err(error) => warn!("cannot watch {}: {error}", folder.0.display()),
    }
}

fn keep_awake_after_change(
    watch: Option<Res<FolderWatch>>,
    mut redraw: MessageWriter<bevy::window::RequestRedraw>,
) {
    let recent = watch
        .and_then(|w| w.last_change.lock().ok().and_then(|last| *last))
        .is_some_and(|at| at.elapsed() < SETTLE);
    if recent {
        redraw.write(bevy::window::RequestRedraw);
    }
}
