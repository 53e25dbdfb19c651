//! `check` throughput: loading and validating generated 200-turn scenarios, against plain
//! `ron::from_str` of the same texts (the floor: parsing alone). The ratio of the two is the cost
//! of positioned diagnostics and validation; docs/performance.md records it.
//!
//! cargo bench --no-default-features --bench check

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rapport::engine::analysis::generate::scenario_text;
use rapport::engine::scenario::Scenario;
use rapport::engine::scenario::load::load_str;

const FILES: usize = 1000;
const TURNS: usize = 200;

fn check_against_parse(c: &mut Criterion) {
    let texts: Vec<String> = (0..FILES as u64)
        .map(|seed| scenario_text(TURNS, 3, seed))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group(format!("{FILES} scenarios of {TURNS} turns"));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("ron::from_str", |b| {
        b.iter(|| {
            for text in &texts {
                let parsed: Scenario = ron::from_str(text).expect("generated text parses");
                std::hint::black_box(parsed);
            }
        })
    });
    group.bench_function("rapport check (load_str)", |b| {
        b.iter(|| {
            for text in &texts {
                let loaded = load_str("generated.ron", text);
                assert!(loaded.scenario.is_some());
                std::hint::black_box(loaded);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, check_against_parse);
criterion_main!(benches);
