//! The cohort report's aggregation at a department's scale: over 100,000 statements (500 learners
//! × 20 sessions) read from a file, turned back into sessions and summed up per learner,
//! scenario and step. Target: under 2 s in release; docs/performance.md records the figure.
//!
//! cargo bench --no-default-features --bench cohort

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::adapters::cohort::{Cohort, sessions_of};
use rapport::adapters::library::builtin_scenarios;
use rapport::adapters::xapi::{Actor, statements};
use rapport::engine::analysis::policy::{Policy, play_session};
use rapport::engine::play::rubric::Rubric;

const LEARNERS: usize = 500;
const SESSIONS: usize = 20;

fn aggregate_from_file(c: &mut Criterion) {
    // The library as shipped (built into the program).
    let scenarios: Vec<_> = builtin_scenarios()
        .into_iter()
        .filter_map(|f| f.scenario)
        .map(Arc::new)
        .collect();
    let rubric = Arc::new(Rubric::builtin());
    // Twenty long sessions (a long call has a dozen turns): the longest of a few players' on each
    // scenario. Each learner has their own copy of them (the learner is part of every statement
    // id), started on their own days.
    let mut candidates: Vec<_> = scenarios
        .iter()
        .flat_map(|scenario| {
            let rubric = rubric.clone();
            (0..40u64).map(move |seed| {
                let policy = if seed == 0 {
                    Policy::Best
                } else {
                    Policy::Random
                };
                play_session(scenario.clone(), rubric.clone(), policy, seed, 0).record()
            })
        })
        .collect();
    candidates.sort_by_key(|record| std::cmp::Reverse(record.turns.len()));
    let played: Vec<_> = candidates.into_iter().take(SESSIONS).collect();
    let mut all = Vec::new();
    for learner in 0..LEARNERS {
        let actor = Actor {
            name: format!("Learner {learner}"),
            email: Some(format!("learner{learner}@example.org")),
            account: format!("learner{learner}"),
        };
        for (n, record) in played.iter().enumerate() {
            let mut record = record.clone();
            record.started_at = 1_790_000_000 + (learner * SESSIONS + n) as u64 * 3_600;
            all.extend(statements(&record, &actor));
        }
    }
    let file =
        std::env::temp_dir().join(format!("rapport-cohort-bench-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_vec(&all).unwrap()).unwrap();
    eprintln!("{} statements in {}", all.len(), file.display());
    assert!(all.len() >= 100_000, "{} statements", all.len());
    drop(all);

    let mut group = c.benchmark_group("cohort");
    group.sample_size(10);
    group.bench_function("100k statements from a file to the report's numbers", |b| {
        b.iter(|| {
            let bytes = std::fs::read(&file).unwrap();
            let statements: Vec<serde_json::Value> = serde_json::from_slice(&bytes).unwrap();
            let sessions = sessions_of(&statements);
            let cohort = Cohort::of(&sessions);
            assert_eq!(cohort.learners.len(), LEARNERS);
            cohort
        })
    });
    group.finish();
    let _ = std::fs::remove_file(&file);
}

criterion_group!(benches, aggregate_from_file);
criterion_main!(benches);
