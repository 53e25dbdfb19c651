//! Group practice screens: [`setup`] names the group; the round screen ([`view`]) shows the
//! customer player's card ([`card`]) beside the observer's sheet ([`sheet`]). The debrief after
//! each round is the ordinary one, with the parts named and a key for the next round.

mod card;
pub mod setup;
mod sheet;
pub mod view;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::config::{Preferences, ReplyCues};
use crate::app::navigation::{Navigate, Screen};
use crate::app::practice::group::{GroupCommand, GroupPractice};
use crate::app::practice::{Practice, PracticeCommand};
use crate::app::scenarios::ScenarioLibrary;
use crate::engine::play::marks::Marks;
use crate::engine::reply::analyse_in_state;
use crate::engine::vocabulary::Vocabulary;
use setup::{SetupAction, SetupUiState, SetupView};
use view::{RoundAction, RoundUiState, RoundView};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        (
            setup_screen.run_if(in_state(Screen::GroupSetup)),
            round_screen.run_if(in_state(Screen::Group)),
        ),
    );
}

fn setup_screen(
    mut contexts: EguiContexts,
    group: Res<GroupPractice>,
    library: Res<ScenarioLibrary>,
    preferences: Res<Preferences>,
    mut state: Local<SetupUiState>,
    mut commands: MessageWriter<GroupCommand>,
    mut navigate: MessageWriter<Navigate>,
) -> Result {
    let Some(id) = group.scenario.clone() else {
        return Ok(());
    };
    let Some(scenario) = library.find(&id) else {
        return Ok(());
    };
    let view = SetupView {
        lang: preferences.lang,
        title: scenario.title.clone(),
        summary: scenario.summary.clone(),
        problem: group.problem.clone(),
    };
    super::full_screen(contexts.ctx_mut()?, |ui| {
        match setup::draw(ui, &view, &mut state) {
            Some(SetupAction::Start(names)) => {
                commands.write(GroupCommand::Start { id, names });
            }
            Some(SetupAction::Back) => {
                navigate.write(Navigate::Library);
            }
            None => {}
        }
    });
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn round_screen(
    mut contexts: EguiContexts,
    practice: Res<Practice>,
    preferences: Res<Preferences>,
    cues: Res<ReplyCues>,
    mut vocabulary: Local<Option<Vocabulary>>,
    mut state: Local<RoundUiState>,
    mut commands: MessageWriter<GroupCommand>,
    mut leave: MessageWriter<PracticeCommand>,
) -> Result {
    let Some(session) = practice.session.as_ref() else {
        return Ok(());
    };
    let vocabulary = vocabulary.get_or_insert_with(Vocabulary::builtin);
    let Some(view) = RoundView::of(session, preferences.lang, vocabulary) else {
        return Ok(());
    };
    let action = super::full_screen(contexts.ctx_mut()?, |ui| view::draw(ui, &view, &mut state));
    match action {
        Some(RoundAction::Mark { marks, option }) => {
            commands.write(GroupCommand::Mark { marks, option });
        }
        Some(RoundAction::Propose(said)) => {
            // The analyser reads one short reply in a few milliseconds.
            if let Some(node) = session.current_node() {
                let analysis = analyse_in_state(
                    &said,
                    session.scenario(),
                    node,
                    session.state(),
                    preferences.lang,
                    &cues.0,
                );
                // The conversation follows the marks; the observer can still pick another reply.
                state.draft = Marks::proposed(&said, &analysis);
                state.chosen = None;
            }
        }
        Some(RoundAction::Leave) => {
            leave.write(PracticeCommand::Leave);
        }
        None => {}
    }
    Ok(())
}
