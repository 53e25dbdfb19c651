//! The progress screen: scores over time and every past session. [`view`] draws it.

pub mod view;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::history::SessionHistory;
use crate::app::navigation::Navigate;
use crate::app::practice::PracticeCommand;
use crate::app::screens::progress::view::{ProgressAction, ProgressUiState, ProgressView, draw};
use crate::app::{config::Preferences, navigation::Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        progress_screen.run_if(in_state(Screen::Progress)),
    );
}

/// The view, rebuilt only when the history or the language changes: with thousands of sessions
/// the screen stays responsive.
#[derive(Default)]
struct Shown {
    lang: Option<crate::engine::domain::Lang>,
    view: Option<ProgressView>,
    /// The history index of each row.
    rows: Vec<usize>,
}

fn progress_screen(
    mut contexts: EguiContexts,
    history: Res<SessionHistory>,
    preferences: Res<Preferences>,
    mut shown: Local<Shown>,
    mut whose: Local<ProgressUiState>,
    mut commands: MessageWriter<PracticeCommand>,
    mut navigate: MessageWriter<Navigate>,
) -> Result {
    if shown.view.is_none() || history.is_changed() || shown.lang != Some(preferences.lang) {
        let rows: Vec<usize> = (0..history.records.len())
            .filter(|i| history.records[*i].score.is_some())
            .collect();
        // The view keeps the scored ones, in order, as `rows` does.
        let mut view = ProgressView::of(&history.records, preferences.lang);
        view.loading = history.loading;
        *shown = Shown {
            lang: Some(preferences.lang),
            view: Some(view),
            rows,
        };
    }
    let Some(view) = shown.view.as_ref() else {
        return Ok(());
    };
    super::full_screen(contexts.ctx_mut()?, |ui| match draw(ui, view, &mut whose) {
        Some(ProgressAction::Open(index)) => {
            if let Some(record) = shown.rows.get(index).and_then(|i| history.records.get(*i)) {
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
