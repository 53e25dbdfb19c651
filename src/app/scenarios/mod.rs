//! The scenario library: the scenarios built into the program and every file of the scenario
//! folder, playable or with its errors, rebuilt whenever a file loads or changes. A folder file
//! with a built-in scenario's id takes its place (an author's edited copy). Files are Bevy assets
//! read by the [`loader`].
//!
//! At start-up the built-in scenarios show at once and the folder is read in the background with
//! the engine's loader, its progress shown, so a large folder never holds up the first frame (the
//! asset server needs several frames to discover and load a folder); from then on the asset
//! server's watcher keeps the library up to date.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bevy::asset::LoadedFolder;
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};

use crate::engine::scenario::Scenario;
use crate::engine::scenario::diagnostic::FileDiagnostics;
use crate::engine::scenario::load::{LoadedFile, load_path, reject_duplicate_ids, scenario_files};

mod loader;

pub use loader::{ScenarioFile, ScenarioLoader};

/// The asset source scenarios are read from (`scenarios://…`).
pub const SOURCE: &str = "scenarios";

/// One file of the library: the scenario if it is valid, and its diagnostics either way.
#[derive(Clone, Debug)]
pub struct LibraryFile {
    pub path: String,
    /// The playable scenario: the file's, or its last good version while the file is broken.
    pub scenario: Option<Arc<Scenario>>,
    /// The file has errors now and `scenario` is the last version that had none.
    pub stale: bool,
    /// The file parsed but failed validation: what the branch map draws with the problems.
    pub draft: Option<Arc<Scenario>>,
    pub report: FileDiagnostics,
}

impl LibraryFile {
    /// The scenario to draw on the branch map: the file as it is now when it parsed, else the
    /// last good version.
    pub fn mapped(&self) -> Option<&Arc<Scenario>> {
        self.draft.as_ref().or(self.scenario.as_ref())
    }
}

#[derive(Resource, Debug, Default)]
pub struct ScenarioLibrary {
    pub files: Vec<LibraryFile>,
    /// True once the folder and every file in it have been read.
    pub ready: bool,
    /// Where the files come from, for messages.
    pub folder: String,
    /// The asset server has loaded the folder too, so file changes now reach the library.
    pub watching: bool,
    /// While the folder is read at start: how many of its files are read, of how many.
    pub reading: Option<(Arc<AtomicUsize>, usize)>,
}

impl ScenarioLibrary {
    pub fn scenarios(&self) -> impl Iterator<Item = &Arc<Scenario>> {
        self.files.iter().filter_map(|f| f.scenario.as_ref())
    }

    pub fn find(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.scenarios().find(|s| s.id == id)
    }

    /// The file a scenario comes from.
    pub fn file_of(&self, id: &str) -> Option<&LibraryFile> {
        self.files
            .iter()
            .find(|f| f.scenario.as_ref().is_some_and(|s| s.id == id))
    }

    pub fn file(&self, path: &str) -> Option<&LibraryFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

#[derive(Resource)]
pub(crate) struct ScenarioFolder(Handle<LoadedFolder>);

/// The scenarios built into the program, shown beside the folder's. Absent in tests that read
/// one folder only.
#[derive(Resource, Clone, Debug, Default)]
pub struct BuiltinScenarios(pub Vec<LibraryFile>);

impl BuiltinScenarios {
    pub fn of(files: &[LoadedFile]) -> Self {
        let library = ScenarioLibrary::default();
        BuiltinScenarios(files.iter().map(|f| next_version(&library, f)).collect())
    }
}

/// The folder's files with the built-in scenarios whose id no folder file uses, built-in first.
fn with_builtins(
    folder: Vec<LibraryFile>,
    builtins: Option<&BuiltinScenarios>,
) -> Vec<LibraryFile> {
    let Some(builtins) = builtins else {
        return folder;
    };
    let id_of = |file: &LibraryFile| file.mapped().map(|s| s.id.clone());
    let taken: std::collections::HashSet<String> = folder.iter().filter_map(id_of).collect();
    builtins
        .0
        .iter()
        .filter(|file| id_of(file).is_none_or(|id| !taken.contains(&id)))
        .cloned()
        .chain(folder)
        .collect()
}

/// How the scenario folder is named in messages; set by `register_scenario_folder`.
#[derive(Resource, Clone, Debug)]
pub struct ScenarioFolderPath(pub String);

/// The scenario folder on disk, as registered.
#[derive(Resource, Clone, Debug)]
pub struct ScenarioFolderOnDisk(pub std::path::PathBuf);

pub(super) fn plugin(app: &mut App) {
    let folder = app
        .world()
        .get_resource::<ScenarioFolderPath>()
        .map_or_else(|| SOURCE.to_owned(), |f| f.0.clone());
    app.init_asset::<ScenarioFile>();
    app.register_asset_loader(ScenarioLoader {
        folder: folder.clone(),
    });
    app.insert_resource(ScenarioLibrary {
        folder,
        ..default()
    });
    app.add_systems(Startup, (read_library_now, load_scenario_folder));
    app.add_systems(
        PreUpdate,
        (
            take_read_folder.run_if(resource_exists::<ReadingFolder>),
            rebuild_library,
        )
            .chain(),
    );
}

fn load_scenario_folder(mut commands: Commands, server: Res<AssetServer>) {
    commands.insert_resource(ScenarioFolder(server.load_folder(format!("{SOURCE}://"))));
}

/// The folder being read in the background at start-up.
#[derive(Resource)]
struct ReadingFolder(Task<Vec<LoadedFile>>);

/// Shows the built-in scenarios at once and reads the folder in the background through the
/// engine's loader (size limit included). Files are named `folder/relative`, as the asset loader
/// names them, so the asset server's later versions of the same files are recognised as
/// unchanged.
fn read_library_now(
    registered: Option<Res<ScenarioFolderPath>>,
    builtins: Option<Res<BuiltinScenarios>>,
    mut library: ResMut<ScenarioLibrary>,
    mut commands: Commands,
) {
    let Some(folder) = registered else {
        return;
    };
    library.files = with_builtins(Vec::new(), builtins.as_deref());
    let paths = scenario_files(&[std::path::PathBuf::from(&folder.0)]);
    let done = Arc::new(AtomicUsize::new(0));
    library.reading = Some((done.clone(), paths.len()));
    let task = AsyncComputeTaskPool::get().spawn(async move {
        paths
            .iter()
            .map(|path| {
                let file = load_path(path);
                done.fetch_add(1, Ordering::Relaxed);
                file
            })
            .collect()
    });
    commands.insert_resource(ReadingFolder(task));
}

/// The folder read at start joins the library, unless the asset server got there first.
fn take_read_folder(
    mut reading: ResMut<ReadingFolder>,
    builtins: Option<Res<BuiltinScenarios>>,
    mut library: ResMut<ScenarioLibrary>,
    mut commands: Commands,
) {
    let Some(read) = check_ready(&mut reading.0) else {
        return;
    };
    commands.remove_resource::<ReadingFolder>();
    library.reading = None;
    if library.watching {
        return;
    }
    let files = folder_files(&library, read);
    library.files = with_builtins(files, builtins.as_deref());
    library.ready = true;
}

/// The folder's files in path order, as library entries. Two files with one id: the later is an
/// error, as `rapport check` says.
fn folder_files(library: &ScenarioLibrary, mut loaded: Vec<LoadedFile>) -> Vec<LibraryFile> {
    loaded.sort_by(|a, b| a.path().cmp(b.path()));
    reject_duplicate_ids(&mut loaded);
    loaded
        .iter()
        .map(|file| next_version(library, file))
        .collect()
}

/// Files of the folder that loaded or changed.
#[derive(bevy::ecs::system::SystemParam)]
pub(crate) struct FolderChanges<'w, 's> {
    files: MessageReader<'w, 's, AssetEvent<ScenarioFile>>,
    folders: MessageReader<'w, 's, AssetEvent<LoadedFolder>>,
}

pub(crate) fn rebuild_library(
    mut changes: FolderChanges,
    folder: Res<ScenarioFolder>,
    folders: Res<Assets<LoadedFolder>>,
    files: Res<Assets<ScenarioFile>>,
    server: Res<AssetServer>,
    builtins: Option<Res<BuiltinScenarios>>,
    mut library: ResMut<ScenarioLibrary>,
) {
    let changed = changes.files.read().count() + changes.folders.read().count() > 0;
    let loaded = server.is_loaded_with_dependencies(&folder.0);
    // Until the asset server has the whole folder, the library read at start-up stands.
    if !loaded || (!changed && library.watching) {
        return;
    }
    let loaded: Vec<LoadedFile> = folders
        .get(&folder.0)
        .map(|f| f.handles.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|handle| files.get(&handle.clone().typed::<ScenarioFile>()))
        .map(|file| file.0.clone())
        .collect();
    let files = folder_files(&library, loaded);
    if library.watching {
        let broken = files.iter().filter(|f| f.report.has_errors()).count();
        info!(
            "scenario library reloaded: {} files, {broken} with errors",
            files.len()
        );
    }
    library.files = with_builtins(files, builtins.as_deref());
    library.ready = true;
    library.watching = true;
    library.reading = None;
}

/// The library's entry for a file just (re)loaded. A file that is broken now keeps its last good
/// scenario playable, so an author's half-finished save never takes a scenario away. Unchanged
/// scenarios keep their `Arc`, so sessions can tell an edit from a reload of the same text.
fn next_version(library: &ScenarioLibrary, file: &LoadedFile) -> LibraryFile {
    let previous = library.file(file.path());
    let scenario = match &file.scenario {
        Some(fresh) => Some(
            previous
                .and_then(|p| p.scenario.clone())
                .filter(|old| **old == *fresh)
                .unwrap_or_else(|| Arc::new(fresh.clone())),
        ),
        None => previous.and_then(|p| p.scenario.clone()),
    };
    LibraryFile {
        path: file.path().to_owned(),
        stale: file.scenario.is_none() && scenario.is_some(),
        scenario,
        draft: file.draft.clone().map(Arc::new),
        report: file.report.clone(),
    }
}
