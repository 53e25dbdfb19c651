//! The debrief screen: the engine's [`Debrief`](crate::engine::debrief::Debrief) of the session
//! just played (or a past one), drawn by [`view`].

mod chart;
pub mod view;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::config::ActiveRubric;
use crate::app::history::SessionHistory;
use crate::app::practice::group::{GroupCommand, GroupPractice};
use crate::app::practice::{Practice, PracticeCommand};
use crate::app::scenarios::ScenarioLibrary;
use crate::app::screens::debrief::view::{DebriefAction, DebriefView, draw};
use crate::app::{config::Preferences, navigation::Screen};
use crate::engine::debrief::Debrief;

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
    stored: (Res<SessionHistory>, Res<GroupPractice>),
    library: Res<ScenarioLibrary>,
    writers: (MessageWriter<PracticeCommand>, MessageWriter<GroupCommand>),
) -> Result {
    let (mut commands, mut next_round) = writers;
    let (history, group) = stored;
    let record = practice
        .past
        .clone()
        .or_else(|| practice.session.as_ref().map(|s| s.record()));
    let Some(debrief) = record.as_ref().and_then(|r| Debrief::of(r, &rubric.0)) else {
        return Ok(());
    };
    // The session just played, not a past one reopened from the history.
    let current = practice.past.is_none();
    let group_round = current && debrief.group.is_some();
    let view = DebriefView {
        lang: preferences.lang,
        debrief: debrief.recommending_from(library.scenarios().map(|s| s.as_ref())),
        saved: current.then(|| history.last_save.clone()).flatten(),
        next_round: group_round,
        group_summary: group_round.then(|| group.summary.clone()).flatten(),
    };
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
        Some(DebriefAction::NextRound) => {
            next_round.write(GroupCommand::NextRound);
        }
        None => {}
    });
    Ok(())
}
