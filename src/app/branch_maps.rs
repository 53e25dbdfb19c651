//! The branch map of the scenario file being looked at: laid out at once, its best and worst
//! paths searched in the background, and rebuilt whenever the file reloads.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};

use super::Screen;
use super::practice::ActiveRubric;
use super::scenario_assets::ScenarioLibrary;
use crate::engine::bounds::{Bounds, bounds};
use crate::engine::branch_map::{BranchMap, branch_map};
use crate::engine::scenario::Scenario;

/// The scenario file whose map is open (its library path).
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub struct MapTarget(pub Option<String>);

/// A node to select when the map screen next opens (the screenshot mode uses it).
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub struct MapFocus(pub Option<String>);

/// The map on show and the scenario it was drawn from.
#[derive(Resource, Default)]
pub struct CurrentMap {
    pub path: String,
    pub scenario: Option<Arc<Scenario>>,
    pub map: Option<BranchMap>,
    /// The map shows a draft with errors rather than a playable scenario.
    pub draft: bool,
    searching: Option<Task<Option<Bounds>>>,
}

impl CurrentMap {
    /// The best and worst paths are still being searched.
    pub fn computing(&self) -> bool {
        self.searching.is_some()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MapTarget>();
    app.init_resource::<CurrentMap>();
    app.init_resource::<MapFocus>();
    app.add_systems(
        Update,
        (refresh_branch_map, collect_paths)
            .chain()
            .run_if(in_state(Screen::Map)),
    );
}

/// Lays the map out again when the target or its file changed, and starts the path search.
fn refresh_branch_map(
    target: Res<MapTarget>,
    library: Res<ScenarioLibrary>,
    rubric: Res<ActiveRubric>,
    mut current: ResMut<CurrentMap>,
) {
    let Some(path) = target.0.as_ref() else {
        return;
    };
    let Some(file) = library.file(path) else {
        return;
    };
    let Some(scenario) = file.mapped() else {
        return;
    };
    let same = current.path == *path
        && current
            .scenario
            .as_ref()
            .is_some_and(|s| Arc::ptr_eq(s, scenario));
    if same {
        return;
    }
    let draft = file.draft.is_some();
    // Positions come from the file's current text, which is the mapped scenario's unless the
    // file is broken and the last good version is shown.
    let source = (draft || !file.stale).then(|| file.report.source.as_ref());
    current.path = path.clone();
    current.scenario = Some(scenario.clone());
    current.map = Some(branch_map(scenario, source));
    current.draft = draft;
    current.searching = (!draft).then(|| {
        let (scenario, rubric) = (scenario.clone(), rubric.0.clone());
        AsyncComputeTaskPool::get()
            .spawn(async move { bounds(&scenario, &rubric, scenario.persona.emotions) })
    });
}

fn collect_paths(mut current: ResMut<CurrentMap>) {
    let current = &mut *current;
    let Some(task) = current.searching.as_mut() else {
        return;
    };
    if let Some(found) = check_ready(task) {
        current.searching = None;
        if let (Some(map), Some(found)) = (current.map.as_mut(), found) {
            map.overlay(&found);
        }
    }
}

/// In reactive mode nothing wakes the app when the search finishes; ask for frames until then.
pub(super) fn keep_awake_while_searching(
    current: Res<CurrentMap>,
    mut redraw: MessageWriter<bevy::window::RequestRedraw>,
) {
    if current.computing() {
        redraw.write(bevy::window::RequestRedraw);
    }
}
