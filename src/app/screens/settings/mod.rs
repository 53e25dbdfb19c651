//! The settings screen: language, text size, author mode. [`view`] draws it.

pub mod view;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::config::Preferences;
use crate::app::navigation::{Navigate, Screen};
use crate::app::screens::settings::view::{SettingsAction, SettingsView, draw};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        settings_screen.run_if(in_state(Screen::Settings)),
    );
}

fn settings_screen(
    mut contexts: EguiContexts,
    mut preferences: ResMut<Preferences>,
    mut navigate: MessageWriter<Navigate>,
) -> Result {
    let view = SettingsView {
        lang: preferences.lang,
        text_scale: preferences.text_scale,
        author_mode: preferences.author_mode,
        free_reply: preferences.free_reply,
    };
    super::full_screen(contexts.ctx_mut()?, |ui| match draw(ui, &view) {
        Some(SettingsAction::SetLang(lang)) => preferences.lang = lang,
        Some(SettingsAction::SetTextScale(scale)) => preferences.text_scale = scale,
        Some(SettingsAction::SetAuthorMode(on)) => preferences.author_mode = on,
        Some(SettingsAction::SetFreeReply(on)) => preferences.free_reply = on,
        Some(SettingsAction::Back) => {
            navigate.write(Navigate::Library);
        }
        None => {}
    });
    Ok(())
}
