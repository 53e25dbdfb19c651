//! Whole sessions: golden transcript, bounds agree with play, seeds replay exactly.

mod common;

use std::sync::Arc;

use common::{repo_path, scenario_text};
use rapport::engine::bounds::bounds;
use rapport::engine::domain::Outcome;
use rapport::engine::load::load_str;
use rapport::engine::policy::{Policy, play_session};
use rapport::engine::rubric::Rubric;
use rapport::engine::scenario::Scenario;

fn scenario(id: &str) -> Arc<Scenario> {
    Arc::new(load_str(id, &scenario_text(id)).scenario.expect("valid"))
}

fn rubric() -> Arc<Rubric> {
    Arc::new(Rubric::builtin())
}

/// The scored record of a fixed session. Set UPDATE_GOLDEN=1 to rewrite it after an intended change.
#[test]
fn golden_scored_session() {
    let session = play_session(
        scenario("late_delivery"),
        rubric(),
        Policy::Best,
        7,
        1_700_000_000,
    );
    let actual = serde_json::to_string_pretty(&session.record()).unwrap() + "\n";
    let path = repo_path("tests/golden/late_delivery_best_seed7.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
    }
    let expected =
        std::fs::read_to_string(&path).expect("golden file (run with UPDATE_GOLDEN=1 to create)");
    if let Some((line, (got, want))) = actual
        .lines()
        .zip(expected.lines())
        .enumerate()
        .find(|(_, (got, want))| got != want)
    {
        panic!(
            "golden record differs at line {}:\n  got:  {got}\n  want: {want}\nreview, then UPDATE_GOLDEN=1 if intended",
            line + 1
        );
    }
    assert_eq!(
        actual.lines().count(),
        expected.lines().count(),
        "golden record length differs"
    );
}

#[test]
fn playing_the_bounds_paths_reproduces_their_scores() {
    for id in common::shipped_ids() {
        let id = id.as_str();
        let scenario = scenario(id);
        let result = bounds(&scenario, &rubric(), scenario.persona.emotions).unwrap();
        assert!(result.exact, "{id}");
        for (policy, expected) in [
            (Policy::Best, result.best.score),
            (Policy::Worst, result.worst.score),
        ] {
            // Seed 0 keeps the variant's emotions; bounds are computed from the session's own start.
            let session = play_session(scenario.clone(), rubric(), policy, 0, 0);
            let from_start = bounds(&scenario, &rubric(), session.record().start_emotions).unwrap();
            let target = if policy == Policy::Best {
                from_start.best.score
            } else {
                from_start.worst.score
            };
            assert_eq!(
                session.score().unwrap().overall,
                target,
                "{id} {policy:?} (persona default {expected})"
            );
        }
    }
}

#[test]
fn random_play_stays_within_bounds_and_reaches_every_ending() {
    for id in common::shipped_ids() {
        let id = id.as_str();
        let scenario = scenario(id);
        let mut outcomes = std::collections::BTreeSet::new();
        // Bounds depend on the starting anger only (the one emotion that can change the path).
        let mut by_anger = std::collections::HashMap::new();
        for seed in 0..100 {
            let session = play_session(scenario.clone(), rubric(), Policy::Random, seed, 0);
            let score = session.score().expect("random play finishes");
            let start = session.record().start_emotions;
            let limits = by_anger
                .entry(start.anger)
                .or_insert_with(|| bounds(&scenario, &rubric(), start).unwrap());
            assert!(
                score.overall <= limits.best.score && score.overall >= limits.worst.score,
                "{id} seed {seed}"
            );
            outcomes.insert(score.outcome);
        }
        assert_eq!(outcomes.len(), 3, "{id}: endings reached {outcomes:?}");
        assert!(outcomes.contains(&Outcome::Escalated));
    }
}

#[test]
fn the_same_seed_replays_identically_and_seeds_vary_the_persona() {
    let scenario = scenario("late_delivery");
    let a = play_session(scenario.clone(), rubric(), Policy::Random, 42, 0).record();
    let b = play_session(scenario.clone(), rubric(), Policy::Random, 42, 0).record();
    assert_eq!(a, b);
    let starts: std::collections::BTreeSet<i32> = (0..20)
        .map(|seed| {
            play_session(scenario.clone(), rubric(), Policy::Random, seed, 0)
                .record()
                .start_emotions
                .anxiety
        })
        .collect();
    assert!(
        starts.len() > 1,
        "emotion spread should vary the start: {starts:?}"
    );
}

#[test]
fn name_variants_fill_every_placeholder_consistently() {
    let scenario = scenario("late_delivery");
    let mut addresses = std::collections::BTreeSet::new();
    for seed in 0..30 {
        let session = rapport::engine::session::Session::start(scenario.clone(), rubric(), seed, 0);
        let mut played = (**session.scenario()).clone();
        let address = played.persona.address.clone().unwrap();
        for text in played.texts_mut() {
            assert!(
                !text.zh.contains('{') && !text.en.contains('{'),
                "unfilled placeholder: {text:?}"
            );
        }
        let opening = played.nodes[0].options()[0].text.en.clone();
        assert!(opening.starts_with(&address.en), "{opening}");
        assert_eq!(session.persona_name(), &played.persona.name);
        addresses.insert(address.en);
    }
    assert_eq!(
        addresses.len(),
        3,
        "every identity is used across seeds: {addresses:?}"
    );
}

/// The bar every shipped scenario must clear: a great conversation scores at least 85, a poor
/// one at most 40, and both are exact.
#[test]
fn every_shipped_scenario_spans_the_score_range() {
    for id in common::shipped_ids() {
        let scenario = scenario(&id);
        let result = bounds(&scenario, &rubric(), scenario.persona.emotions).unwrap();
        assert!(result.exact, "{id}: bounds not exact");
        assert!(
            result.best.score >= 85.0,
            "{id}: best reachable {}",
            result.best.score
        );
        assert!(
            result.worst.score <= 40.0,
            "{id}: worst reachable {}",
            result.worst.score
        );
    }
}
