//! The library screen: the scenarios to practise, files with errors, and the way to the other
//! screens. [`view`] draws it.

pub mod view;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::history::SessionHistory;
use crate::app::navigation::Navigate;
use crate::app::practice::PracticeCommand;
use crate::app::practice::group::GroupCommand;
use crate::app::scenarios::ScenarioLibrary;
use crate::app::screens::library::view::{
    BrokenFile, LibraryAction, LibraryEntry, LibraryUiState, LibraryView, draw,
};
use crate::app::{config::Preferences, navigation::Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        library_screen.run_if(in_state(Screen::Library)),
    );
}

pub fn library_view(
    library: &ScenarioLibrary,
    preferences: &Preferences,
    history: &SessionHistory,
) -> LibraryView {
    let mut entries: Vec<LibraryEntry> = library
        .files
        .iter()
        .filter_map(|f| {
            f.scenario
                .as_ref()
                .map(|s| LibraryEntry::from_file(s, &f.path))
        })
        .collect();
    entries.sort_by(|a, b| {
        a.difficulty
            .cmp(&b.difficulty)
            .then_with(|| a.title.en.cmp(&b.title.en))
    });
    LibraryView {
        lang: preferences.lang,
        entries,
        broken: library
            .files
            .iter()
            .filter(|f| f.report.has_errors())
            .map(|f| BrokenFile {
                still_playable: f.scenario.is_some(),
                mappable: f.mapped().is_some(),
                ..BrokenFile::of(&f.report)
            })
            .collect(),
        folder: library.folder.clone(),
        interrupted: history
            .interrupted
            .as_ref()
            .map(|record| (record.scenario_title.clone(), record.turns.len())),
        notices: history
            .set_aside
            .iter()
            .map(|aside| {
                let moved = aside
                    .moved_to
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "not moved".into());
                format!(
                    "history: {} was unreadable and set aside ({moved}): {}",
                    aside.file.display(),
                    aside.reason
                )
            })
            .collect(),
        results: None,
        reading: library
            .reading
            .as_ref()
            .map(|(done, total)| (done.load(std::sync::atomic::Ordering::Relaxed), *total)),
    }
}

/// What the library reports about the user's files: the history, the settings and the results
/// on their way to the LRS.
#[derive(bevy::ecs::system::SystemParam)]
struct StoredFiles<'w> {
    history: Res<'w, SessionHistory>,
    settings: Res<'w, crate::app::config::SettingsFile>,
    delivery: Option<Res<'w, crate::app::delivery::Delivery>>,
    delivery_problem: Option<Res<'w, crate::app::delivery::DeliveryProblem>>,
}

fn library_screen(
    mut contexts: EguiContexts,
    library: Res<ScenarioLibrary>,
    preferences: Res<Preferences>,
    stored: StoredFiles,
    mut state: Local<LibraryUiState>,
    mut commands: MessageWriter<PracticeCommand>,
    writers: (MessageWriter<Navigate>, MessageWriter<GroupCommand>),
) -> Result {
    let (mut navigate, mut group) = writers;
    let mut view = library_view(&library, &preferences, &stored.history);
    view.notices.extend(
        stored
            .settings
            .notice
            .iter()
            .chain(&stored.settings.error)
            .map(|notice| format!("settings: {notice}")),
    );
    view.results = stored
        .delivery
        .as_ref()
        .map(|delivery| delivery.status().line(preferences.lang));
    if let Some(problem) = &stored.delivery_problem {
        view.notices.push(format!("LRS: {}", problem.0));
    }
    super::full_screen(contexts.ctx_mut()?, |ui| {
        match draw(ui, &view, &mut state) {
            Some(LibraryAction::Start(id)) => {
                commands.write(PracticeCommand::Start(id));
            }
            Some(LibraryAction::OpenSettings) => {
                navigate.write(Navigate::Settings);
            }
            Some(LibraryAction::OpenProgress) => {
                navigate.write(Navigate::Progress);
            }
            Some(LibraryAction::OpenMap(path)) => {
                navigate.write(Navigate::Map(path));
            }
            Some(LibraryAction::Resume) => {
                commands.write(PracticeCommand::Resume);
            }
            Some(LibraryAction::Discard) => {
                commands.write(PracticeCommand::DiscardInterrupted);
            }
            Some(LibraryAction::Group(id)) => {
                group.write(GroupCommand::SetUp(id));
            }
            None => {}
        }
    });
    Ok(())
}
