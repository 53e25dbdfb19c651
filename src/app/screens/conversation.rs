use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::practice::{Practice, PracticeCommand};
use crate::app::ui::conversation::{
    ConversationAction, ConversationUiState, ConversationView, draw,
};
use crate::app::{Preferences, Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        conversation_screen.run_if(in_state(Screen::Conversation)),
    );
}

fn conversation_screen(
    mut contexts: EguiContexts,
    practice: Res<Practice>,
    preferences: Res<Preferences>,
    mut state: Local<ConversationUiState>,
    mut commands: MessageWriter<PracticeCommand>,
) -> Result {
    let Some(session) = practice.session.as_ref() else {
        return Ok(());
    };
    if practice.is_changed() {
        state.focus = 0;
    }
    let view = ConversationView::of(session, preferences.lang, practice.reviewing);
    super::full_screen(contexts.ctx_mut()?, |ui| {
        let command = match draw(ui, &view, &mut state) {
            Some(ConversationAction::Choose(index)) => Some(PracticeCommand::Choose(index)),
            Some(ConversationAction::Continue) => Some(PracticeCommand::Continue),
            Some(ConversationAction::Leave) => Some(PracticeCommand::Leave),
            None => None,
        };
        if let Some(command) = command {
            commands.write(command);
        }
    });
    Ok(())
}
