//! History on disk survives SIGKILL and corrupt files; reports escape what authors wrote.

mod common;

use std::process::Command;
use std::time::Duration;

use rapport::engine::domain::Lang;
use rapport::engine::load::load_str;
use rapport::engine::policy::{Policy, play_session};
use rapport::engine::records::RecordStore;
use rapport::engine::report;
use rapport::engine::rubric::Rubric;

#[test]
fn killing_the_app_during_saves_never_corrupts_or_loses_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut kept = 0;
    for round in 0..15u64 {
        let mut saver = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(["save-loop", &dir.path().display().to_string()])
            .spawn()
            .expect("saver starts");
        // Vary the moment of the kill so it lands at different points of a write.
        std::thread::sleep(Duration::from_millis(15 + (round * 37) % 90));
        saver.kill().expect("SIGKILL");
        saver.wait().unwrap();

        let history = RecordStore::new(dir.path()).load();
        assert!(
            history.set_aside.is_empty(),
            "round {round}: corrupt files {:?}",
            history.set_aside
        );
        assert!(
            history.records.len() >= kept,
            "round {round}: records were lost"
        );
        kept = history.records.len();
    }
    assert!(kept > 15, "the saver should have written records ({kept})");
}

#[test]
fn a_corrupt_record_is_moved_aside_and_reported_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::new(dir.path());
    let scenario = std::sync::Arc::new(
        load_str("x", &common::scenario_text("late_delivery"))
            .scenario
            .unwrap(),
    );
    let record = play_session(
        scenario,
        std::sync::Arc::new(Rubric::builtin()),
        Policy::Best,
        1,
        100,
    )
    .record();
    let good = store.save(&record).unwrap();
    std::fs::write(
        dir.path().join("200-broken.json"),
        b"{\"format\": 1, \"scen",
    )
    .unwrap();

    let history = store.load();
    assert_eq!(history.records.len(), 1);
    assert_eq!(history.records[0].0, good);
    assert_eq!(history.set_aside.len(), 1);
    let moved = history.set_aside[0].moved_to.clone().expect("moved aside");
    assert!(moved.starts_with(dir.path().join("corrupt")) && moved.exists());
    assert!(
        !dir.path().join("200-broken.json").exists(),
        "not left to be overwritten"
    );
    // A second load is clean and still has the good record.
    let again = store.load();
    assert_eq!((again.records.len(), again.set_aside.len()), (1, 0));
}

#[test]
fn html_report_shows_script_tags_as_text() {
    let text = common::scenario_text("late_delivery").replace(
        "title: (zh: \"会议前的延误包裹\", en: \"The parcel that missed the meeting\")",
        "title: (zh: \"<script>alert(1)</script>\", en: \"<script>alert(1)</script>\")",
    );
    let scenario = std::sync::Arc::new(load_str("x", &text).scenario.unwrap());
    let record = play_session(
        scenario,
        std::sync::Arc::new(Rubric::builtin()),
        Policy::Worst,
        0,
        0,
    )
    .record();
    let html = report::html(&record, &Rubric::builtin(), Lang::En);
    assert!(!html.contains("<script>"), "raw script tag in the report");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let markdown = report::markdown(&record, &Rubric::builtin(), Lang::Zh);
    assert!(!markdown.contains("<script>"));
}

#[test]
fn summary_has_a_row_per_session_and_step_averages() {
    let rubric = std::sync::Arc::new(Rubric::builtin());
    let scenario = std::sync::Arc::new(
        load_str("x", &common::scenario_text("late_delivery"))
            .scenario
            .unwrap(),
    );
    let best = play_session(scenario.clone(), rubric.clone(), Policy::Best, 0, 0).record();
    let worst = play_session(scenario, rubric, Policy::Worst, 0, 0).record();
    let csv = report::summary_csv(&[best.clone(), worst.clone()]).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "header, two sessions, averages:\n{csv}");
    assert!(
        lines[0].starts_with(
            "date,scenario,version,customer,seed,outcome,overall,grade,observe_listen"
        )
    );
    let mean = (best.score.as_ref().unwrap().overall + worst.score.as_ref().unwrap().overall) / 2.0;
    assert!(
        lines[3].starts_with("average,") && lines[3].contains(&format!("{mean:.1}")),
        "{}",
        lines[3]
    );
}
