//! `bounds` on generated conversation graphs of growing size; docs/performance.md records how
//! the time grows (the target is linear in the number of nodes).
//!
//! cargo bench --no-default-features --bench bounds

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rapport::engine::analysis::bounds::bounds;
use rapport::engine::analysis::generate::scenario_text;
use rapport::engine::play::rubric::Rubric;
use rapport::engine::scenario::load::load_str;

fn bounds_by_size(c: &mut Criterion) {
    let rubric = Rubric::builtin();
    let mut group = c.benchmark_group("bounds");
    group.sample_size(10);
    for turns in [100, 1_000, 10_000] {
        let text = scenario_text(turns, 3, 7);
        let scenario = load_str("generated.ron", &text)
            .scenario
            .expect("generated scenario is valid");
        let found = bounds(&scenario, &rubric, scenario.persona.emotions).expect("has a start");
        eprintln!(
            "{turns} turns: best {:.1}, worst {:.1}, {} states, exact: {}",
            found.best.score, found.worst.score, found.states, found.exact
        );
        group.bench_with_input(BenchmarkId::from_parameter(turns), &scenario, |b, s| {
            b.iter(|| bounds(s, &rubric, s.persona.emotions))
        });
    }
    group.finish();
}

criterion_group!(benches, bounds_by_size);
criterion_main!(benches);
