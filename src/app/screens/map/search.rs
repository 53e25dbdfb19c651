//! The map being looked at: which file ([`MapTarget`], set by [`Navigate::Map`]), laid out at
//! once, its best and worst paths and the selected turn's option ranges searched in the
//! background, and laid out again whenever the file reloads.

use std::collections::HashMap;
use std::sync::Arc;

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};

use crate::app::config::ActiveRubric;
use crate::app::navigation::{Navigate, Screen};
use crate::app::scenarios::ScenarioLibrary;
use crate::engine::analysis::bounds::{Bounds, bounds, bounds_through};
use crate::engine::analysis::branch_map::{BranchMap, branch_map};
use crate::engine::scenario::Scenario;

/// The scenario file whose map is open (its library path).
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub struct MapTarget(pub Option<String>);

/// The node selected on the map, and a node to select when the screen next draws (the
/// screenshot mode uses it).
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub struct MapSelection {
    pub requested: Option<String>,
    pub current: Option<String>,
}

/// The lowest and highest score of sessions that take an option; `None` when none can.
pub type OptionRange = Option<(f64, f64)>;

/// Ranges found for options, by (node index, option index).
type FoundRanges = Vec<((usize, usize), OptionRange)>;

/// The map on show and the scenario it was drawn from.
#[derive(Resource, Default)]
pub struct CurrentMap {
    pub path: String,
    pub scenario: Option<Arc<Scenario>>,
    pub map: Option<BranchMap>,
    /// The map shows a draft with errors rather than a playable scenario.
    pub draft: bool,
    /// Score ranges by (node index, option index), searched for the selected node's options.
    pub ranges: HashMap<(usize, usize), OptionRange>,
    searching: Option<Task<Option<Bounds>>>,
    ranging: Option<Task<FoundRanges>>,
}

impl CurrentMap {
    /// The best and worst paths are still being searched.
    pub fn computing(&self) -> bool {
        self.searching.is_some() || self.ranging.is_some()
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<MapTarget>();
    app.init_resource::<CurrentMap>();
    app.init_resource::<MapSelection>();
    app.add_systems(Update, open_requested_map);
    app.add_systems(
        Update,
        (
            refresh_branch_map,
            collect_paths,
            search_option_ranges,
            collect_option_ranges,
        )
            .chain()
            .run_if(in_state(Screen::Map)),
    );
}

fn open_requested_map(mut requests: MessageReader<Navigate>, mut target: ResMut<MapTarget>) {
    for request in requests.read() {
        if let Navigate::Map(path) = request {
            target.0 = Some(path.clone());
        }
    }
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
    current.ranges.clear();
    current.ranging = None;
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

/// Searches the score range of each option of the selected node, once per node and version.
fn search_option_ranges(
    selection: Res<MapSelection>,
    rubric: Res<ActiveRubric>,
    mut current: ResMut<CurrentMap>,
) {
    if current.draft || current.ranging.is_some() {
        return;
    }
    let Some(scenario) = current.scenario.clone() else {
        return;
    };
    let Some(node) = selection
        .current
        .as_ref()
        .and_then(|id| scenario.node_index(id))
    else {
        return;
    };
    let options = scenario.nodes[node].options().len();
    if (0..options).all(|o| current.ranges.contains_key(&(node, o))) {
        return;
    }
    let rubric = rubric.0.clone();
    current.ranging = Some(AsyncComputeTaskPool::get().spawn(async move {
        (0..options)
            .map(|option| {
                let range =
                    bounds_through(&scenario, &rubric, scenario.persona.emotions, node, option)
                        .map(|b| (b.worst.score, b.best.score));
                ((node, option), range)
            })
            .collect()
    }));
}

fn collect_option_ranges(mut current: ResMut<CurrentMap>) {
    let Some(task) = current.ranging.as_mut() else {
        return;
    };
    if let Some(found) = check_ready(task) {
        current.ranging = None;
        current.ranges.extend(found);
    }
}
