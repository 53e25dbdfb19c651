//! The reply analyser on every labelled reply (tune and held-out, Chinese and English), each on
//! its own customer turn: time per reply. The target is under 5 ms per reply in release;
//! docs/performance.md records the figure.
//!
//! cargo bench --no-default-features --bench reply

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rapport::engine::reply::eval::parse_labelled;
use rapport::engine::reply::{Cues, analyse_in};
use rapport::engine::scenario::load::load_library;
use rapport::engine::scenario::{Node, Scenario};

fn analyse_labelled(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let library: Vec<Scenario> = load_library(&[root.join("scenarios")])
        .into_iter()
        .filter_map(|f| f.scenario)
        .collect();
    let mut cases: Vec<(String, &Scenario, &Node, rapport::engine::domain::Lang)> = Vec::new();
    for part in ["tune", "held_out"] {
        for lang in ["zh", "en"] {
            let path = root.join(format!("tests/replies/{part}/{lang}.jsonl"));
            let text = std::fs::read_to_string(&path).expect("the labelled replies");
            for reply in parse_labelled(&path.display().to_string(), &text).expect("valid lines") {
                let Some(scenario) = library.iter().find(|s| s.id == reply.scenario) else {
                    continue;
                };
                let Some(node) = scenario.nodes.iter().find(|n| n.id() == reply.turn) else {
                    continue;
                };
                cases.push((reply.text.clone(), scenario, node, reply.lang));
            }
        }
    }
    let cues = Cues::builtin();
    let mut group = c.benchmark_group("reply analyser");
    group.sample_size(20);
    group.throughput(Throughput::Elements(cases.len() as u64));
    group.bench_function(format!("{} labelled replies", cases.len()), |b| {
        b.iter(|| {
            for (text, scenario, node, lang) in &cases {
                std::hint::black_box(analyse_in(text, scenario, node, *lang, &cues));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, analyse_labelled);
criterion_main!(benches);
