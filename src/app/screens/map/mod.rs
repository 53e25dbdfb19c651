//! The branch map screen, for trainers: the scenario as a graph with its best and worst paths,
//! problems marked, each turn's options and their score ranges, and play from any turn.
//! [`search`] keeps the map and its searches (part of the core plugin, so it runs headless);
//! [`view`] draws the screen, with [`graph`] for the map itself, `details` for the panel beside
//! it and `keys` for the keyboard.

mod details;
pub mod graph;
mod keys;
pub mod search;
pub mod view;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::navigation::Navigate;
use crate::app::practice::PracticeCommand;
use crate::app::scenarios::ScenarioLibrary;
use crate::app::screens::library::view::BrokenFile;
use crate::app::screens::map::search::{CurrentMap, MapSelection, MapTarget};
use crate::app::screens::map::view::{MapAction, MapUiState, MapView, NodeDetails, draw};
use crate::app::{config::Preferences, navigation::Screen};

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
    (mut commands, mut navigate): (MessageWriter<PracticeCommand>, MessageWriter<Navigate>),
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
                navigate.write(Navigate::Library);
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
