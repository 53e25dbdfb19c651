//! One folder per screen. Each screen's `mod.rs` is its Bevy plugin: a system that builds plain
//! view data from the app's resources and turns the user's actions into
//! [`PracticeCommand`](super::practice::PracticeCommand)s and
//! [`Navigate`](super::navigation::Navigate) requests; its `view.rs` draws the view data with egui
//! and knows nothing of Bevy.

pub mod conversation;
pub mod debrief;
pub mod group;
pub mod library;
pub mod map;
pub mod progress;
pub mod settings;

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        library::plugin,
        conversation::plugin,
        debrief::plugin,
        settings::plugin,
        progress::plugin,
        map::plugin,
        group::plugin,
    ));
}

/// Shows a screen in a central panel covering the window.
fn full_screen<R>(ctx: &egui::Context, add_contents: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let mut viewport = egui::Ui::new(
        ctx.clone(),
        "screen".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let frame = egui::Frame::new()
        .fill(crate::app::ui::theme::BACKGROUND)
        .inner_margin(egui::Margin::same(18));
    egui::CentralPanel::default()
        .frame(frame)
        .show(&mut viewport, add_contents)
        .inner
}
