//! A bare bevy_egui window, the baseline `scripts/compare-bare.sh` measures Rapport against: the
//! same Bevy features, window size and reactive update mode, one egui label and nothing else.
//! Prints `first-frame-unix-ms N` to stderr once egui has drawn its first pass.
//!
//! cargo run --example bare_window

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

fn main() {
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                title: "Bare".into(),
                resolution: bevy::window::WindowResolution::new(1280, 820),
                ..default()
            }),
            ..default()
        }))
        .add_plugins(EguiPlugin::default())
        .insert_resource(WinitSettings::desktop_app())
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(EguiPrimaryContextPass, draw)
        .run();
}

fn draw(mut contexts: EguiContexts, mut reported: Local<bool>) -> Result {
    egui::Window::new("Bare").show(contexts.ctx_mut()?, |ui| {
        ui.label("A bare bevy_egui window");
    });
    if !*reported {
        *reported = true;
        eprintln!("first-frame-unix-ms {}", unix_ms());
    }
    Ok(())
}

fn unix_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}
