//! The Bevy plugins without a window: scenarios load as assets, and a whole session is driven
//! through `app.update()` with the same commands the screens send.
#![cfg(feature = "gui")]

mod common;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use rapport::adapters::records::RecordStore;
use rapport::app::history::SessionHistory;
use rapport::app::navigation::{Navigate, Screen};
use rapport::app::practice::{Practice, PracticeCommand, PracticeSeed, ReloadNotice};
use rapport::app::scenarios::ScenarioLibrary;
use rapport::app::screens::map::search::CurrentMap;
use rapport::app::{core_plugin, register_scenario_folder};

fn headless_app(folder: &std::path::Path, history: &std::path::Path) -> App {
    headless_app_from(App::new(), folder, history)
}

/// [`headless_app`] built on an App that already has some resources (such as the settings).
fn headless_app_from(mut app: App, folder: &std::path::Path, history: &std::path::Path) -> App {
    register_scenario_folder(&mut app, folder);
    // The file watcher is on, as in the app: authors edit scenarios while it runs.
    let assets = AssetPlugin {
        watch_for_changes_override: Some(true),
        ..default()
    };
    app.add_plugins((MinimalPlugins, assets, StatesPlugin));
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

/// The session open in the app; a test calls it only when one is.
fn open_session(app: &App) -> &rapport::engine::play::session::Session {
    app.world()
        .resource::<Practice>()
        .session
        .as_ref()
        .expect("a session is open")
}

/// The session being played has ended.
fn session_over(app: &App) -> bool {
    let practice = app.world().resource::<Practice>();
    practice.session.as_ref().is_some_and(|s| s.is_over())
}

/// Chooses the option at `presented` and continues past the coach's note.
fn play_turn(app: &mut App, presented: usize) {
    app.world_mut()
        .write_message(PracticeCommand::Choose(presented));
    app.update();
    app.world_mut().write_message(PracticeCommand::Continue);
    app.update();
}

/// Plays the option at `presented` on every turn until the session ends (50 turns at most).
fn play_to_end(app: &mut App, presented: usize) {
    for _ in 0..50 {
        if session_over(app) {
            break;
        }
        play_turn(app, presented);
    }
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
    while !session_over(&app) {
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
    let record = open_session(&app).record();
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
    play_to_end(&mut app, 1);
    assert!(reaches(&mut app, Screen::Debrief));
    let on_disk = RecordStore::new(history.path()).load();
    assert_eq!(on_disk.records.len(), 2, "both sessions are in the history");
}

/// Updates allowed for an edit on disk to reach the app: Bevy's watcher debounces for 300 ms and
/// each update here sleeps 5 ms, so this is about ten seconds at most.
const RELOAD_UPDATES: usize = 2000;

fn current_customer_line(world: &World) -> Option<String> {
    let session = world.resource::<Practice>().session.as_ref()?;
    match session.current_node()? {
        rapport::engine::scenario::Node::Turn { customer, .. } => Some(customer.en.clone()),
        _ => None,
    }
}

fn loaded_app_with_late_delivery() -> (tempfile::TempDir, tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("late_delivery.ron"),
        common::scenario_text("late_delivery"),
    )
    .unwrap();
    let history = tempfile::tempdir().unwrap();
    let mut app = headless_app(dir.path(), history.path());
    assert!(
        update_until(&mut app, 2000, |w| w.resource::<ScenarioLibrary>().ready),
        "library never loaded"
    );
    (dir, history, app)
}

#[test]
fn saving_a_scenario_updates_the_open_session_at_its_current_turn() {
    let (dir, _history, mut app) = loaded_app_with_late_delivery();
    let file = dir.path().join("late_delivery.ron");
    start(&mut app, "late_delivery");
    assert!(
        current_customer_line(app.world())
            .unwrap()
            .ends_with("What is going on?")
    );

    let original = common::scenario_text("late_delivery");
    let edited = common::replace_once(&original, "What is going on?", "What on earth is going on?");
    std::fs::write(&file, &edited).unwrap();
    assert!(
        update_until(&mut app, RELOAD_UPDATES, |w| current_customer_line(w)
            .is_some_and(|line| line.ends_with("What on earth is going on?"))),
        "the edited line never reached the session"
    );
    let practice = app.world().resource::<Practice>();
    assert_eq!(
        practice.reload,
        Some(ReloadNotice::Continued {
            node: "opening".into()
        })
    );
    assert_eq!(screen(&app), Screen::Conversation);

    // A broken save: the diagnostics show, and the last good version stays in play.
    let broken = edited.replacen("nodes: [", "nodes: [[", 1);
    std::fs::write(&file, &broken).unwrap();
    assert!(
        update_until(&mut app, RELOAD_UPDATES, |w| w
            .resource::<ScenarioLibrary>()
            .files
            .iter()
            .any(|f| f.report.has_errors())),
        "the broken save was never reported"
    );
    let library = app.world().resource::<ScenarioLibrary>();
    let entry = library
        .file_of("late_delivery")
        .expect("still in the library");
    assert!(entry.stale, "the last good version is kept");
    let diagnostic = &entry.report.diagnostics[0];
    let (line, _) = common::position_of(&broken, "nodes: [[");
    assert!(diagnostic.line >= line, "{diagnostic:?}");
    assert!(
        current_customer_line(app.world())
            .unwrap()
            .ends_with("What on earth is going on?")
    );

    // The last good version can still be played from the start.
    app.world_mut().write_message(PracticeCommand::Leave);
    assert!(reaches(&mut app, Screen::Library));
    start(&mut app, "late_delivery");
    app.world_mut().write_message(PracticeCommand::Choose(0));
    app.update();
    assert_eq!(open_session(&app).transcript().len(), 1);
}

#[test]
fn a_session_restarts_when_its_current_turn_is_removed_from_the_file() {
    let (dir, _history, mut app) = loaded_app_with_late_delivery();
    start(&mut app, "late_delivery");
    let renamed = common::scenario_text("late_delivery")
        .replace("\"opening\"", "\"greeting\"")
        .replace("What is going on?", "What is happening?");
    std::fs::write(dir.path().join("late_delivery.ron"), renamed).unwrap();
    assert!(
        update_until(&mut app, RELOAD_UPDATES, |w| w
            .resource::<Practice>()
            .reload
            .is_some()),
        "the edit never reached the session"
    );
    let practice = app.world().resource::<Practice>();
    assert_eq!(
        practice.reload,
        Some(ReloadNotice::Restarted {
            gone: "opening".into()
        })
    );
    let session = practice.session.as_ref().unwrap();
    assert_eq!(session.current_node().unwrap().id(), "greeting");
    assert!(session.transcript().is_empty());
}

#[test]
fn the_branch_map_follows_the_file_and_author_mode_plays_from_any_turn() {
    let (dir, _history, mut app) = loaded_app_with_late_delivery();
    let path = app.world().resource::<ScenarioLibrary>().files[0]
        .path
        .clone();
    app.world_mut().write_message(Navigate::Map(path.clone()));
    assert!(reaches(&mut app, Screen::Map));
    let searched = |w: &World| {
        let map = w.resource::<CurrentMap>();
        map.map.as_ref().is_some_and(|m| m.best.is_some()) && !map.computing()
    };
    assert!(update_until(&mut app, 4000, searched), "no best path");
    let map = app.world().resource::<CurrentMap>().map.clone().unwrap();
    let best = map.best.as_ref().unwrap();
    assert!(best.score >= 85.0, "{}", best.score);
    assert!(map.nodes.iter().all(|n| n.reachable && !n.dead_end));

    // Selecting a turn searches the score range of each of its options.
    app.world_mut()
        .resource_mut::<rapport::app::screens::map::search::MapSelection>()
        .current = Some("opening".into());
    let ranged = |w: &World| w.resource::<CurrentMap>().ranges.len() == 3;
    assert!(update_until(&mut app, 4000, ranged), "no option ranges");
    let ranges = app.world().resource::<CurrentMap>().ranges.clone();
    let highest = ranges
        .values()
        .filter_map(|r| r.map(|(_, high)| high))
        .fold(0.0, f64::max);
    assert_eq!(
        highest, best.score,
        "one of the first options leads to the best score"
    );

    // An edit that leaves a turn unreachable shows on the map as it is now.
    let text = common::scenario_text("late_delivery");
    let orphan =
        "        Turn(id: \"orphan\", customer: (zh: \"嗯？\", en: \"Hm?\"), options: []),\n";
    let edited = text.replacen("    nodes: [\n", &format!("    nodes: [\n{orphan}"), 1);
    std::fs::write(dir.path().join("late_delivery.ron"), edited).unwrap();
    let shows_orphan = |w: &World| {
        w.resource::<CurrentMap>().map.as_ref().is_some_and(|m| {
            m.nodes
                .iter()
                .any(|n| n.id == "orphan" && !n.reachable && n.dead_end)
        })
    };
    assert!(
        update_until(&mut app, RELOAD_UPDATES, shows_orphan),
        "the map never updated"
    );
    assert!(app.world().resource::<CurrentMap>().draft);

    // Author mode: play the last good version from a turn in the middle.
    app.world_mut().write_message(PracticeCommand::StartAt {
        id: "late_delivery".into(),
        node: "order_check".into(),
    });
    assert!(reaches(&mut app, Screen::Conversation));
    let session = app.world().resource::<Practice>().session.clone().unwrap();
    assert_eq!(session.current_node().unwrap().id(), "order_check");
}

#[test]
fn the_folder_read_at_start_shows_its_progress_and_the_asset_server_takes_over_unchanged() {
    let (dir, _history, _app) = loaded_app_with_late_delivery();
    let history = tempfile::tempdir().unwrap();
    let mut app = headless_app(dir.path(), history.path());
    app.update();
    {
        let library = app.world().resource::<ScenarioLibrary>();
        // Read in the background: either done, or counting its one file.
        let progress = library.reading.as_ref().map(|(_, total)| *total);
        assert!(library.ready || progress == Some(1), "{progress:?}");
    }
    assert!(
        update_until(&mut app, 2000, |w| w.resource::<ScenarioLibrary>().ready),
        "the folder read at start-up never arrived"
    );
    let library = app.world().resource::<ScenarioLibrary>();
    assert!(
        library.reading.is_none(),
        "the progress goes once the folder is read"
    );
    assert!(library.find("late_delivery").is_some());
    let first = library.find("late_delivery").unwrap().clone();
    assert!(
        update_until(&mut app, 2000, |w| w.resource::<ScenarioLibrary>().watching),
        "the asset server never loaded the folder"
    );
    let library = app.world().resource::<ScenarioLibrary>();
    assert_eq!(library.files.len(), 1);
    assert!(
        std::sync::Arc::ptr_eq(library.find("late_delivery").unwrap(), &first),
        "the same text keeps the same scenario, so nothing reloads"
    );
}

#[test]
fn a_new_file_saved_into_the_folder_joins_the_library() {
    let (dir, _history, mut app) = loaded_app_with_late_delivery();
    assert!(update_until(&mut app, 2000, |w| w
        .resource::<ScenarioLibrary>()
        .watching));
    std::fs::write(
        dir.path().join("broken_trust.ron"),
        common::scenario_text("broken_trust"),
    )
    .unwrap();
    assert!(
        update_until(&mut app, RELOAD_UPDATES, |w| w
            .resource::<ScenarioLibrary>()
            .find("broken_trust")
            .is_some()),
        "a new scenario file never appeared"
    );
    assert!(
        app.world()
            .resource::<ScenarioLibrary>()
            .find("late_delivery")
            .is_some()
    );
}

#[test]
fn typed_replies_in_both_languages_are_read_in_the_background_and_reach_the_history() {
    use rapport::app::config::Preferences;
    use rapport::engine::domain::Lang;
    let (_scenarios, history, mut app) = loaded_app_with_late_delivery();
    start(&mut app, "late_delivery");
    let replies = [
        (
            Lang::Zh,
            "王先生，明天九点就要演示，包裹还没到，您一定急坏了。订单号给我，我马上查。",
        ),
        (
            Lang::En,
            "I'm sorry, that's our failure. What matters is the demo at nine tomorrow, right?",
        ),
    ];
    for (lang, text) in replies {
        app.world_mut().resource_mut::<Preferences>().lang = lang;
        app.world_mut()
            .write_message(PracticeCommand::Reply(text.to_owned()));
        assert!(
            update_until(&mut app, 400, |w| {
                let practice = w.resource::<Practice>();
                practice.reviewing || practice.unsure.is_some()
            }),
            "the reply was never read"
        );
        let practice = app.world().resource::<Practice>();
        assert!(practice.reading.is_none());
        if let Some(unsure) = practice.unsure.clone() {
            // Asked what was meant: pick the closest authored reply, as the trainee would.
            let first = unsure.candidates()[0];
            app.world_mut().write_message(PracticeCommand::Meant(first));
            assert!(update_until(&mut app, 400, |w| w
                .resource::<Practice>()
                .reviewing));
        }
        app.world_mut().write_message(PracticeCommand::Continue);
        app.update();
    }
    // Finish with the authored options.
    play_to_end(&mut app, 0);
    assert!(reaches(&mut app, Screen::Debrief));
    let on_disk = RecordStore::new(history.path()).load();
    assert_eq!(on_disk.records.len(), 1);
    let record = &on_disk.records[0].1;
    for (turn, (lang, text)) in record.turns.iter().zip(replies) {
        let free = turn
            .free
            .as_ref()
            .expect("the typed reply is in the record");
        assert_eq!(free.text, text);
        assert_eq!(free.lang, lang);
        assert_eq!(turn.response.get(lang), text);
    }
}

#[test]
fn settings_survive_a_restart_and_a_corrupt_file_gives_defaults_and_a_notice() {
    use rapport::app::config::{Preferences, SettingsFile, use_settings_file};
    use rapport::engine::domain::Lang;
    let (scenarios, history) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = tempfile::tempdir().unwrap();
    let path = config.path().join("settings.ron");
    let app_with_settings = || {
        let mut app = App::new();
        use_settings_file(&mut app, path.clone());
        let mut app = headless_app_from(app, scenarios.path(), history.path());
        app.update();
        app
    };

    let mut app = app_with_settings();
    app.update();
    assert!(
        !path.exists(),
        "starting changes nothing, so nothing is written"
    );
    {
        let mut preferences = app.world_mut().resource_mut::<Preferences>();
        preferences.lang = Lang::En;
        preferences.text_scale = 1.4;
    }
    app.update();
    assert!(path.exists(), "a changed setting is saved");
    drop(app);

    let app = app_with_settings();
    let preferences = app.world().resource::<Preferences>();
    assert_eq!((preferences.lang, preferences.text_scale), (Lang::En, 1.4));
    drop(app);

    std::fs::write(&path, "(lang: En, text_scale: ").unwrap();
    let mut app = app_with_settings();
    let preferences = *app.world().resource::<Preferences>();
    let defaults = rapport::adapters::settings::first_start();
    assert_eq!(
        (
            preferences.lang,
            preferences.text_scale,
            preferences.author_mode
        ),
        (defaults.lang, defaults.text_scale, defaults.author_mode)
    );
    let notice = app.world().resource::<SettingsFile>().notice.clone();
    assert!(notice.is_some_and(|n| n.contains("settings.ron")));
    app.update();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "(lang: En, text_scale: ",
        "the unreadable file is left as it was"
    );
    app.world_mut().resource_mut::<Preferences>().author_mode = true;
    app.update();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("author_mode: true")
    );
    assert!(app.world().resource::<SettingsFile>().notice.is_none());
}

/// Runs only as the child process of `a_killed_session_resumes_and_is_recorded_once`: plays
/// `RAPPORT_JOURNAL_CHILD=play:K` turns and waits to be killed, or `resume` the interrupted
/// session and finishes it.
#[test]
fn journal_child_process() {
    let Ok(mode) = std::env::var("RAPPORT_JOURNAL_CHILD") else {
        return;
    };
    use std::io::Write;
    let scenarios = std::env::var("RAPPORT_JOURNAL_SCENARIOS").unwrap();
    let history = std::env::var("RAPPORT_JOURNAL_HISTORY").unwrap();
    let mut app = headless_app(
        std::path::Path::new(&scenarios),
        std::path::Path::new(&history),
    );
    assert!(update_until(&mut app, 2000, |w| w
        .resource::<ScenarioLibrary>()
        .ready));
    let say = |line: String| {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{line}").unwrap();
        out.flush().unwrap();
    };
    if let Some(turns) = mode.strip_prefix("play:") {
        start(&mut app, "late_delivery");
        for _ in 0..turns.parse::<usize>().unwrap() {
            play_turn(&mut app, 0);
        }
        let played = open_session(&app).record();
        say(format!("READY {}", serde_json::to_string(&played).unwrap()));
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
    let interrupted = app.world().resource::<SessionHistory>().interrupted.clone();
    say(format!(
        "INTERRUPTED {}",
        interrupted.as_ref().map_or(0, |r| r.turns.len())
    ));
    app.world_mut().write_message(PracticeCommand::Resume);
    assert!(reaches(&mut app, Screen::Conversation));
    let resumed = open_session(&app).record();
    assert_eq!(
        Some(&resumed),
        interrupted.as_ref(),
        "resumed exactly as journaled"
    );
    play_to_end(&mut app, 0);
    assert!(update_until(&mut app, 20, |w| w
        .resource::<SessionHistory>()
        .last_save
        .is_some()));
    say("DONE".into());
}

#[test]
fn a_killed_session_resumes_and_is_recorded_once() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let child = |mode: &str, scenarios: &std::path::Path, history: &std::path::Path| {
        Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "journal_child_process",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("RAPPORT_JOURNAL_CHILD", mode)
            .env("RAPPORT_JOURNAL_SCENARIOS", scenarios)
            .env("RAPPORT_JOURNAL_HISTORY", history)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the child starts")
    };
    type Lines = std::io::Lines<std::io::BufReader<std::process::ChildStdout>>;
    let lines_of = |child: &mut std::process::Child| -> Lines {
        std::io::BufReader::new(child.stdout.take().unwrap()).lines()
    };
    let line_starting = |lines: &mut Lines, prefix: &str| -> String {
        lines
            .find_map(|line| {
                // The test harness may have started the line ("test … ... ").
                line.ok()
                    .and_then(|l| l.split_once(prefix).map(|(_, rest)| rest.to_owned()))
            })
            .unwrap_or_else(|| panic!("the child never said {prefix}"))
    };
    for turns in [1, 2, 4] {
        let scenarios = tempfile::tempdir().unwrap();
        std::fs::write(
            scenarios.path().join("late_delivery.ron"),
            common::scenario_text("late_delivery"),
        )
        .unwrap();
        let history = tempfile::tempdir().unwrap();

        let mut playing = child(&format!("play:{turns}"), scenarios.path(), history.path());
        let mut said = lines_of(&mut playing);
        let played: rapport::engine::play::session::SessionRecord =
            serde_json::from_str(&line_starting(&mut said, "READY ")).unwrap();
        playing.kill().expect("SIGKILL");
        playing.wait().unwrap();
        assert_eq!(played.turns.len(), turns);
        assert!(RecordStore::new(history.path()).load().records.is_empty());

        let mut resuming = child("resume", scenarios.path(), history.path());
        let mut said = lines_of(&mut resuming);
        let offered = line_starting(&mut said, "INTERRUPTED ");
        assert_eq!(
            offered,
            turns.to_string(),
            "the library offers the session at turn {turns}"
        );
        line_starting(&mut said, "DONE");
        assert!(resuming.wait().unwrap().success());

        let saved = RecordStore::new(history.path()).load();
        assert_eq!(
            saved.records.len(),
            1,
            "exactly one record after killing at turn {turns}"
        );
        let record = &saved.records[0].1;
        assert!(record.outcome.is_some());
        assert_eq!(
            record.turns[..turns],
            played.turns[..],
            "every journaled turn is kept"
        );
        assert!(record.turns.len() > turns);
        assert!(
            !RecordStore::new(history.path()).journal_path().exists(),
            "the journal became the record"
        );
    }
}

#[test]
fn leaving_a_past_debrief_keeps_the_interrupted_session_and_discard_forgets_it() {
    let (scenarios, history) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(
        scenarios.path().join("late_delivery.ron"),
        common::scenario_text("late_delivery"),
    )
    .unwrap();
    // A session interrupted at turn 2, as a killed app leaves it.
    let store = RecordStore::new(history.path());
    let mut app = headless_app(scenarios.path(), history.path());
    assert!(update_until(&mut app, 2000, |w| w
        .resource::<ScenarioLibrary>()
        .ready));
    start(&mut app, "late_delivery");
    play_turn(&mut app, 0);
    play_turn(&mut app, 0);
    let journal = std::fs::read(store.journal_path()).expect("journaled");
    drop(app);

    let mut app = headless_app(scenarios.path(), history.path());
    assert!(update_until(&mut app, 2000, |w| w
        .resource::<ScenarioLibrary>()
        .ready));
    assert!(
        app.world()
            .resource::<SessionHistory>()
            .interrupted
            .is_some()
    );
    let past = app
        .world()
        .resource::<SessionHistory>()
        .interrupted
        .clone()
        .unwrap();
    app.world_mut()
        .write_message(PracticeCommand::OpenPast(Box::new(past)));
    assert!(reaches(&mut app, Screen::Debrief));
    app.world_mut().write_message(PracticeCommand::Leave);
    assert!(reaches(&mut app, Screen::Library));
    assert_eq!(
        std::fs::read(store.journal_path()).unwrap(),
        journal,
        "kept"
    );
    assert!(
        app.world()
            .resource::<SessionHistory>()
            .interrupted
            .is_some()
    );

    app.world_mut()
        .write_message(PracticeCommand::DiscardInterrupted);
    app.update();
    assert!(!store.journal_path().exists(), "discarded");
    assert!(
        app.world()
            .resource::<SessionHistory>()
            .interrupted
            .is_none()
    );
}

#[test]
fn the_built_in_library_shows_beside_the_folder_and_a_folder_copy_takes_its_place() {
    use rapport::adapters::library::builtin_scenarios;
    use rapport::app::scenarios::BuiltinScenarios;

    let dir = tempfile::tempdir().unwrap();
    let history = tempfile::tempdir().unwrap();
    let mut app = App::new();
    app.insert_resource(BuiltinScenarios::of(&builtin_scenarios()));
    let mut app = headless_app_from(app, dir.path(), history.path());
    app.update();
    let library = app.world().resource::<ScenarioLibrary>();
    let shipped = builtin_scenarios().len();
    assert_eq!(
        library.scenarios().count(),
        shipped,
        "an empty folder shows the built-in library"
    );
    assert!(
        library
            .file_of("late_delivery")
            .unwrap()
            .path
            .starts_with("built-in/")
    );

    // An author's edited copy in the folder replaces the built-in scenario of the same id.
    let copy = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/late_delivery.ron"),
    )
    .unwrap()
    .replacen(
        "en: \"The parcel that missed the meeting\"",
        "en: \"My edited parcel\"",
        1,
    );
    assert!(copy.contains("My edited parcel"));
    std::fs::write(dir.path().join("late_delivery.ron"), copy).unwrap();
    assert!(
        update_until(&mut app, 3000, |w| {
            w.resource::<ScenarioLibrary>()
                .find("late_delivery")
                .is_some_and(|s| s.title.en == "My edited parcel")
        }),
        "the folder's copy never replaced the built-in one"
    );
    let library = app.world().resource::<ScenarioLibrary>();
    assert_eq!(library.scenarios().count(), shipped);
    assert!(
        !library
            .file_of("late_delivery")
            .unwrap()
            .path
            .starts_with("built-in/")
    );
}

/// The app puts each finished session in the outbox and its sender keeps it there while the LRS
/// cannot be reached, saying so; with the local LRS (scripts/test.sh), it then arrives.
#[test]
fn a_finished_session_goes_to_the_outbox_and_on_to_the_lrs() {
    use rapport::adapters::delivery::{LrsConfig, Outbox, Secret};
    use rapport::adapters::xapi::Actor;
    use rapport::app::delivery::{self, Delivery};

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/late_delivery.ron"),
        dir.path().join("late_delivery.ron"),
    )
    .unwrap();
    let history = tempfile::tempdir().unwrap();
    let outbox_dir = history.path().join("outbox");
    let learner = Actor {
        name: "Outbox Test".into(),
        email: Some(format!("outbox.{}@example.org", std::process::id())),
        account: "outbox".into(),
    };
    // First the LRS is down: nothing listens on this port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let lrs = LrsConfig {
        endpoint: format!("http://127.0.0.1:{closed}/xAPI/"),
        user: "u".into(),
        password: Secret::new("p"),
        learner: learner.clone(),
    };
    let mut app = headless_app(dir.path(), history.path());
    delivery::start(&mut app, lrs, Outbox::new(&outbox_dir));
    assert!(update_until(&mut app, 2000, |w| w
        .resource::<ScenarioLibrary>()
        .ready));
    start(&mut app, "late_delivery");
    play_to_end(&mut app, 0);
    assert!(session_over(&app));
    assert!(
        update_until(&mut app, 500, |w| {
            let status = w.resource::<Delivery>().status();
            status.waiting == 1 && status.problem.is_some()
        }),
        "the session waits in the outbox: {:?}",
        app.world().resource::<Delivery>().status()
    );
    assert_eq!(Outbox::new(&outbox_dir).waiting().len(), 1);
    drop(app);

    // The next start, with the LRS up, sends what waited.
    let (Ok(endpoint), Ok(user), Ok(password)) = (
        std::env::var("RAPPORT_TEST_LRS"),
        std::env::var("RAPPORT_TEST_LRS_USER"),
        std::env::var("RAPPORT_TEST_LRS_PASSWORD"),
    ) else {
        assert!(
            std::env::var_os("RAPPORT_REQUIRE_LRS").is_none(),
            "RAPPORT_REQUIRE_LRS is set but RAPPORT_TEST_LRS is not"
        );
        eprintln!("no RAPPORT_TEST_LRS: the delivery half of this test not run");
        return;
    };
    let lrs = LrsConfig {
        endpoint,
        user,
        password: Secret::new(password),
        learner,
    };
    let mut app = headless_app(dir.path(), history.path());
    delivery::start(&mut app, lrs, Outbox::new(&outbox_dir));
    assert!(
        update_until(&mut app, 2000, |w| {
            let status = w.resource::<Delivery>().status();
            status.waiting == 0 && status.sent == 1
        }),
        "{:?}",
        app.world().resource::<Delivery>().status()
    );
    assert!(Outbox::new(&outbox_dir).waiting().is_empty());
}

/// The observer marks every turn with the moves of the authored reply the best path takes.
fn mark_best_to_end(app: &mut App) -> usize {
    mark_best_to_end_turns(app, 50)
}

/// [`mark_best_to_end`], for at most `limit` turns.
fn mark_best_to_end_turns(app: &mut App, limit: usize) -> usize {
    use rapport::app::practice::group::GroupCommand;
    use rapport::engine::analysis::policy::{Policy, plan};
    use rapport::engine::play::marks::Marks;
    let mut turns = 0;
    for _ in 0..limit {
        let next = {
            let practice = app.world().resource::<Practice>();
            let Some(session) = practice.session.as_ref().filter(|s| !s.is_over()) else {
                break;
            };
            let option = plan(session, Policy::Best)[0];
            let choice = &session.current_node().unwrap().options()[option];
            let marks = Marks::of(choice);
            GroupCommand::Mark { marks, option }
        };
        app.world_mut().write_message(next);
        app.update();
        turns += 1;
    }
    turns
}

#[test]
fn a_group_of_three_plays_a_round_from_the_observers_marks_and_the_parts_rotate() {
    use rapport::app::practice::group::{GroupCommand, GroupPractice};
    let (_dir, history, mut app) = loaded_app_with_late_delivery();
    app.world_mut()
        .write_message(GroupCommand::SetUp("late_delivery".into()));
    assert!(reaches(&mut app, Screen::GroupSetup));
    // One name is not a group: the set-up says why and stays.
    app.world_mut().write_message(GroupCommand::Start {
        id: "late_delivery".into(),
        names: vec!["Ana".into(), "".into(), "".into()],
    });
    app.update();
    assert_eq!(
        app.world().resource::<GroupPractice>().problem,
        Some(rapport::engine::group::GroupError::Size(1))
    );
    assert_eq!(screen(&app), Screen::GroupSetup);
    app.world_mut().write_message(GroupCommand::Start {
        id: "late_delivery".into(),
        names: vec!["Ana".into(), "Bo".into(), "Chen".into()],
    });
    assert!(reaches(&mut app, Screen::Group));

    // The observer's marks drive the round to its end, as choosing would.
    let turns = mark_best_to_end(&mut app);
    assert!(turns >= 5, "{turns} turns");
    assert!(reaches(&mut app, Screen::Debrief));
    let record = open_session(&app).record();
    let round = record.group.clone().expect("the record names the parts");
    assert_eq!(
        (
            round.round,
            round.agent.as_str(),
            round.customer.as_str(),
            round.observer.as_str()
        ),
        (1, "Ana", "Bo", "Chen")
    );
    assert!(record.turns.iter().all(|t| t.marked.is_some()));
    let score = record.score.clone().expect("scored");
    assert!(
        score.overall >= 85.0,
        "the best moves, marked: {}",
        score.overall
    );

    // Saved in the history, with the group's printable summary beside it.
    assert!(update_until(&mut app, 200, |w| {
        w.resource::<GroupPractice>().summary.is_some()
    }));
    let summary = app.world().resource::<GroupPractice>().summary.clone();
    let page = std::fs::read_to_string(summary.unwrap().unwrap()).unwrap();
    assert!(
        page.contains("<td><strong>Ana</strong></td><td>Bo</td><td>Chen</td>"),
        "the round's row names its parts: {page}"
    );
    assert!(
        page.contains(&format!("{:.0} {}", score.overall, score.grade)),
        "{page}"
    );
    let saved = RecordStore::new(history.path()).load().records;
    assert!(saved.iter().any(|(_, r)| r.group.as_ref() == Some(&round)));

    // The next round: the parts move on.
    app.world_mut().write_message(GroupCommand::NextRound);
    assert!(reaches(&mut app, Screen::Group));
    let next = open_session(&app).group().cloned().unwrap();
    assert_eq!(
        (
            next.round,
            next.agent.as_str(),
            next.customer.as_str(),
            next.observer.as_str()
        ),
        (2, "Bo", "Chen", "Ana")
    );
}

#[test]
fn an_interrupted_group_round_resumes_at_the_groups_screen_with_its_group() {
    use rapport::app::practice::group::{GroupCommand, GroupPractice};
    let (_dir, _history, mut app) = loaded_app_with_late_delivery();
    app.world_mut().write_message(GroupCommand::Start {
        id: "late_delivery".into(),
        names: vec!["Ana".into(), "Bo".into()],
    });
    assert!(reaches(&mut app, Screen::Group));
    assert_eq!(mark_best_to_end_turns(&mut app, 2), 2);
    // The app stops here; on the next start the journal is offered and resumed.
    let journal = open_session(&app).record();
    app.world_mut().write_message(PracticeCommand::Leave);
    assert!(reaches(&mut app, Screen::Library));
    *app.world_mut().resource_mut::<GroupPractice>() = GroupPractice::default();
    app.world_mut().resource_mut::<SessionHistory>().interrupted = Some(journal);
    app.world_mut().write_message(PracticeCommand::Resume);
    assert!(reaches(&mut app, Screen::Group));
    app.update();
    let group = app.world().resource::<GroupPractice>();
    assert_eq!(group.round, 1);
    assert_eq!(
        group.group.as_ref().map(|g| g.members().to_vec()),
        Some(vec!["Ana".to_owned(), "Bo".to_owned()])
    );
    assert_eq!(group.scenario.as_deref(), Some("late_delivery"));
    assert_eq!(open_session(&app).transcript().len(), 2);

    // A journal that no longer replays against the file (its second turn is at a turn since
    // removed) starts the round again, as the same round of the same group.
    let mut stale = open_session(&app).record();
    stale.turns[1].node = "a_turn_since_removed".into();
    app.world_mut().write_message(PracticeCommand::Leave);
    assert!(reaches(&mut app, Screen::Library));
    *app.world_mut().resource_mut::<GroupPractice>() = GroupPractice::default();
    app.world_mut().resource_mut::<SessionHistory>().interrupted = Some(stale);
    app.world_mut().write_message(PracticeCommand::Resume);
    assert!(reaches(&mut app, Screen::Group));
    let restarted = open_session(&app);
    assert!(restarted.transcript().is_empty());
    let round = restarted.group().expect("still a round of the group");
    assert_eq!(
        (round.round, round.agent.as_str(), round.customer.as_str()),
        (1, "Ana", "Bo")
    );
}
