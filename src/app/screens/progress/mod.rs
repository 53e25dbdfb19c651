//! The progress screen: scores over time and every past session. [`view`] draws it.

pub mod view;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::history::SessionHistory;
use crate::app::navigation::Navigate;
use crate::app::practice::PracticeCommand;
use crate::app::screens::progress::view::{ProgressAction, ProgressView, draw};
use crate::app::{config::Preferences, navigation::Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        progress_screen.run_if(in_state(Screen::Progress)),
    );
}

fn progress_screen(
    mut contexts: EguiContexts,
    history: Res<SessionHistory>,
    preferences: Res<Preferences>,
    mut commands: MessageWriter<PracticeCommand>,
    mut navigate: MessageWriter<Navigate>,
) -> Result {
    let scored: Vec<_> = history
        .records
        .iter()
        .filter(|r| r.score.is_some())
        .cloned()
        .collect();
    let view = ProgressView::of(&scored, preferences.lang);
    super::full_screen(contexts.ctx_mut()?, |ui| match draw(ui, &view) {
        Some(ProgressAction::Open(index)) => {
            if let Some(record) = scored.get(index) {
                commands.write(PracticeCommand::OpenPast(Box::new(record.clone())));
            }
        }
        Some(ProgressAction::Back) => {
            navigate.write(Navigate::Library);
        }
        None => {}
    });
    Ok(())
}
