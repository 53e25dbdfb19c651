use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::branch_maps::{CurrentMap, MapSelection, MapTarget};
use crate::app::practice::PracticeCommand;
use crate::app::scenario_assets::ScenarioLibrary;
use crate::app::ui::branch_map::{MapAction, MapUiState, MapView, NodeDetails, draw};
use crate::app::ui::library::BrokenFile;
use crate::app::{Preferences, Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        branch_map_screen.run_if(in_state(Screen::Map)),
    );
}

/// The view of the current map, once it has been laid out.
pub fn map_view(
    current: &CurrentMap,
    target: &MapTarget,
    library: &ScenarioLibrary,
    preferences: &Preferences,
) -> Option<MapView> {
    let path = target.0.as_ref()?;
    let (map, scenario) = (current.map.as_ref()?, current.scenario.as_ref()?);
    if current.path != *path {
        return None;
    }
    let problems = library
        .file(path)
        .map(|f| BrokenFile::of(&f.report).problems)
        .unwrap_or_default();
    Some(MapView {
        lang: preferences.lang,
        title: scenario.title.clone(),
        path: path.clone(),
        map: map.clone(),
        details: scenario.nodes.iter().map(NodeDetails::of).collect(),
        computing: current.computing(),
        ranges: current
            .ranges
            .iter()
            .map(|(key, range)| (*key, *range))
            .collect(),
        problems,
        draft: current.draft,
    })
}

fn branch_map_screen(
    mut contexts: EguiContexts,
    (current, target): (Res<CurrentMap>, Res<MapTarget>),
    library: Res<ScenarioLibrary>,
    preferences: Res<Preferences>,
    mut selection: ResMut<MapSelection>,
    mut state: Local<MapUiState>,
    mut commands: MessageWriter<PracticeCommand>,
) -> Result {
    if let Some(node) = selection.requested.take() {
        state.selected = Some(node);
    }
    let Some(view) = map_view(&current, &target, &library, &preferences) else {
        return Ok(());
    };
    let scenario_id = current.scenario.as_ref().map(|s| s.id.clone());
    super::full_screen(contexts.ctx_mut()?, |ui| {
        match draw(ui, &view, &mut state) {
            Some(MapAction::Back) => {
                commands.write(PracticeCommand::Leave);
            }
            Some(MapAction::PlayFrom(node)) => {
                if let Some(id) = scenario_id {
                    commands.write(PracticeCommand::StartAt { id, node });
                }
            }
            None => {}
        }
    });
    // The selection drives the search for its options' score ranges.
    if selection.current != state.selected {
        selection.current = state.selected.clone();
    }
    Ok(())
}
