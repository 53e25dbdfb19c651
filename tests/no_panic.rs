//! No input makes the loader panic: arbitrary bytes, and mutations of a real scenario and of the
//! malformed corpus. Bounded for CI (256 cases each); `RAPPORT_FUZZ_CASES=100000 cargo test
//! --release --test no_panic` runs a longer fuzz.

mod common;

use proptest::prelude::*;
use rapport::engine::scenario::load::{load_bytes, load_str};

fn check_positions(text: &str, loaded: &rapport::engine::scenario::load::LoadedFile) {
    let lines = text.split('\n').count().max(1);
    for diagnostic in &loaded.report.diagnostics {
        assert!(
            diagnostic.line >= 1 && diagnostic.line <= lines + 1,
            "{diagnostic:?}"
        );
        assert!(diagnostic.column >= 1);
        assert!(!diagnostic.message.is_empty());
    }
    assert!(
        loaded.scenario.is_some() || !loaded.report.diagnostics.is_empty(),
        "a failure always says why"
    );
}

fn cases() -> u32 {
    std::env::var("RAPPORT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn corpus() -> Vec<Vec<u8>> {
    let mut files: Vec<_> = std::fs::read_dir(common::repo_path("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let loaded = load_bytes("fuzz.ron", &bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            check_positions(text, &loaded);
        }
    }

    #[test]
    fn mutated_scenarios_never_panic(cut in 0usize..40_000, len in 0usize..200, insert in "[\\[\\](){}:,\"a-z0-9 \\n-]{0,12}") {
        let base = common::scenario_text("late_delivery");
        let mut text = base.clone();
        let start = text.floor_char_boundary(cut.min(text.len()));
        let end = text.floor_char_boundary((start + len).min(text.len()));
        text.replace_range(start..end, &insert);
        let loaded = load_str("mutant.ron", &text);
        check_positions(&text, &loaded);
    }

    #[test]
    fn mutated_corpus_files_never_panic(pick in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>(), len in 0usize..64, insert in proptest::collection::vec(any::<u8>(), 0..8)) {
        let corpus = corpus();
        let mut bytes = pick.get(&corpus).clone();
        let start = if bytes.is_empty() { 0 } else { cut.index(bytes.len()) };
        let end = (start + len).min(bytes.len());
        bytes.splice(start..end, insert);
        let loaded = load_bytes("mutant.ron", &bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            check_positions(text.strip_prefix('\u{feff}').unwrap_or(text), &loaded);
        }
    }
}

#[test]
fn huge_and_deep_inputs_are_refused_cleanly() {
    let deep = format!("Scenario(id: {}", "[".repeat(10_000));
    let loaded = load_str("deep.ron", &deep);
    assert!(loaded.report.diagnostics[0].message.contains("nest"));
    let huge = vec![b' '; rapport::engine::scenario::load::MAX_FILE_BYTES + 1];
    let loaded = load_bytes("huge.ron", &huge);
    assert!(loaded.report.diagnostics[0].message.contains("limited"));
    let long_string = format!("Scenario(id: \"{}\")", "x".repeat(1_000_000));
    assert!(load_str("long.ron", &long_string).scenario.is_none());
}
