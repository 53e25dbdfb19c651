//! The Bevy plugins without a window: scenarios load as assets, and a whole session is driven
//! through `app.update()` with the same commands the screens send.
#![cfg(feature = "gui")]

mod common;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use rapport::app::history::SessionHistory;
use rapport::app::practice::{Practice, PracticeCommand, PracticeSeed};
use rapport::app::scenario_assets::ScenarioLibrary;
use rapport::app::{Screen, core_plugin, register_scenario_folder};
use rapport::engine::records::RecordStore;

fn headless_app(folder: &std::path::Path, history: &std::path::Path) -> App {
    let mut app = App::new();
    register_scenario_folder(&mut app, folder);
    app.add_plugins((MinimalPlugins, AssetPlugin::default(), StatesPlugin));
    app.add_plugins(core_plugin);
    app.insert_resource(PracticeSeed(Some(3)));
    app.insert_resource(SessionHistory::kept_in(RecordStore::new(history)));
    app
}

/// Updates until `done` holds, at most `limit` times.
fn update_until(app: &mut App, limit: usize, done: impl Fn(&World) -> bool) -> bool {
    for _ in 0..limit {
        app.update();
        if done(app.world()) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    false
}

/// Updates until the app shows `screen` (a screen change lands a frame after the command).
fn reaches(app: &mut App, screen: Screen) -> bool {
    update_until(app, 10, |w| *w.resource::<State<Screen>>().get() == screen)
}

/// Starts a scenario as the library does and waits for the conversation.
fn start(app: &mut App, id: &str) {
    app.world_mut()
        .write_message(PracticeCommand::Start(id.into()));
    assert!(reaches(app, Screen::Conversation), "{id} did not start");
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

#[test]
fn a_whole_session_runs_through_the_plugins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("late_delivery.ron"),
        common::scenario_text("late_delivery"),
    )
    .unwrap();
    std::fs::write(dir.path().join("broken.ron"), "Scenario(id: \"broken\"").unwrap();
    let history = tempfile::tempdir().unwrap();
    std::fs::write(history.path().join("1-corrupt.json"), b"{ not json").unwrap();
    let mut app = headless_app(dir.path(), history.path());

    assert!(
        update_until(&mut app, 2000, |w| w.resource::<ScenarioLibrary>().ready),
        "library never loaded"
    );
    let library = app.world().resource::<ScenarioLibrary>();
    assert_eq!(library.files.len(), 2);
    assert!(library.find("late_delivery").is_some());
    let broken = library
        .files
        .iter()
        .find(|f| f.scenario.is_none())
        .expect("broken file listed");
    assert!(broken.report.diagnostics[0].line >= 1);

    start(&mut app, "late_delivery");

    let mut turns = 0;
    while !app
        .world()
        .resource::<Practice>()
        .session
        .as_ref()
        .unwrap()
        .is_over()
    {
        app.world_mut().write_message(PracticeCommand::Choose(0));
        app.update();
        assert!(
            app.world().resource::<Practice>().reviewing,
            "a choice shows the coach note"
        );
        app.world_mut().write_message(PracticeCommand::Continue);
        app.update();
        turns += 1;
        assert!(turns < 50, "the session should end");
    }
    assert!(reaches(&mut app, Screen::Debrief));
    let practice = app.world().resource::<Practice>();
    let record = practice.session.as_ref().unwrap().record();
    assert_eq!(record.turns.len(), turns);
    assert!(record.score.is_some());

    // The finished session is in the history on disk; the corrupt file was set aside, not lost.
    let saved = app.world().resource::<SessionHistory>();
    assert!(
        matches!(saved.last_save, Some(Ok(_))),
        "{:?}",
        saved.last_save
    );
    assert_eq!(saved.set_aside.len(), 1);
    let on_disk = RecordStore::new(history.path()).load();
    assert_eq!(on_disk.records.len(), 1);
    assert_eq!(on_disk.records[0].1, record);
    assert!(history.path().join("corrupt/1-corrupt.json").exists());

    app.world_mut().write_message(PracticeCommand::Leave);
    assert!(reaches(&mut app, Screen::Library));
    assert!(app.world().resource::<Practice>().session.is_none());
    assert_eq!(screen(&app), Screen::Library);

    // A second session started from the library is saved too.
    start(&mut app, "late_delivery");
    for _ in 0..50 {
        if app
            .world()
            .resource::<Practice>()
            .session
            .as_ref()
            .unwrap()
            .is_over()
        {
            break;
        }
        app.world_mut().write_message(PracticeCommand::Choose(1));
        app.update();
        app.world_mut().write_message(PracticeCommand::Continue);
        app.update();
    }
    assert!(reaches(&mut app, Screen::Debrief));
    let on_disk = RecordStore::new(history.path()).load();
    assert_eq!(on_disk.records.len(), 2, "both sessions are in the history");
}
