use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::history::SessionHistory;
use crate::app::practice::{ActiveRubric, Practice, PracticeCommand};
use crate::app::scenario_assets::ScenarioLibrary;
use crate::app::ui::debrief::{DebriefAction, DebriefView, draw};
use crate::app::{Preferences, Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        debrief_screen.run_if(in_state(Screen::Debrief)),
    );
}

fn debrief_screen(
    mut contexts: EguiContexts,
    practice: Res<Practice>,
    rubric: Res<ActiveRubric>,
    preferences: Res<Preferences>,
    history: Res<SessionHistory>,
    library: Res<ScenarioLibrary>,
    mut commands: MessageWriter<PracticeCommand>,
) -> Result {
    let record = practice
        .past
        .clone()
        .or_else(|| practice.session.as_ref().map(|s| s.record()));
    let Some(mut view) = record
        .as_ref()
        .and_then(|r| DebriefView::of(r, &rubric.0, preferences.lang))
    else {
        return Ok(());
    };
    if practice.past.is_none() {
        view.saved = history.last_save.clone();
    }
    if let (Some(weakest), Some(current)) = (view.improvements.first(), record.as_ref()) {
        view.recommendation = crate::engine::coverage::recommend_for(
            library.scenarios().map(|s| s.as_ref()),
            weakest.step,
            &current.scenario_id,
        )
        .map(|s| (s.id.clone(), s.title.clone()));
    }
    super::full_screen(contexts.ctx_mut()?, |ui| match draw(ui, &view) {
        Some(DebriefAction::Replay) => {
            commands.write(PracticeCommand::Replay);
        }
        Some(DebriefAction::Library) => {
            commands.write(PracticeCommand::Leave);
        }
        Some(DebriefAction::Practise(id)) => {
            commands.write(PracticeCommand::Start(id));
        }
        None => {}
    });
    Ok(())
}
