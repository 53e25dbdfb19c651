//! The malformed-input corpus: every file in `tests/corpus/` (written by
//! `scripts/make-corpus.py`) must give a diagnostic of the expected kind at a real position,
//! without panicking, and must not stop the rest of a library from loading. The huge cases are
//! generated here rather than committed.

mod common;

use common::repo_path;
use rapport::engine::scenario::load::{
    MAX_FILE_BYTES, MAX_NESTING, load_bytes, load_library, load_path,
};

struct Expected {
    file: String,
    kind: String,
    line: Option<usize>,
}

fn expectations() -> Vec<Expected> {
    let manifest = std::fs::read_to_string(repo_path("tests/corpus/expected.txt")).unwrap();
    manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.split_whitespace();
            Expected {
                file: parts.next().unwrap().to_owned(),
                kind: parts.next().unwrap().to_owned(),
                line: parts.next().map(|l| l.parse().unwrap()),
            }
        })
        .collect()
}

/// Checks one loaded file against what is expected of it.
fn assert_diagnosed(
    name: &str,
    bytes: &[u8],
    kind: &str,
    line: Option<usize>,
) -> rapport::engine::scenario::diagnostic::Diagnostic {
    let loaded = load_bytes(name, bytes);
    assert!(loaded.scenario.is_none(), "{name} loaded as valid");
    let errors: Vec<_> = loaded
        .report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let found = errors
        .iter()
        .find(|d| d.kind.id() == kind)
        .unwrap_or_else(|| {
            let kinds: Vec<_> = errors
                .iter()
                .map(|d| format!("{} {}:{} {}", d.kind.id(), d.line, d.column, d.message))
                .collect();
            panic!("{name}: no `{kind}` diagnostic, found {kinds:?}")
        });
    let lines = String::from_utf8_lossy(bytes).lines().count().max(1);
    assert!(
        found.line >= 1 && found.line <= lines + 1 && found.column >= 1,
        "{name}: position {}:{} outside the file",
        found.line,
        found.column
    );
    if let Some(line) = line {
        assert_eq!(found.line, line, "{name}: {}", found.message);
    }
    assert!(!found.message.is_empty());
    let rendered = loaded.report.render(false);
    assert!(
        rendered.contains(&format!("{name}:{}:{}", found.line, found.column)),
        "{name}: the report names file:line:col\n{rendered}"
    );
    (*found).clone()
}

#[test]
fn the_corpus_has_at_least_fifty_files_and_each_is_listed() {
    let listed: Vec<String> = expectations().into_iter().map(|e| e.file).collect();
    assert!(listed.len() >= 50, "only {} corpus files", listed.len());
    for entry in std::fs::read_dir(repo_path("tests/corpus")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".ron") {
            assert!(listed.contains(&name), "{name} is not in expected.txt");
        }
    }
}

#[test]
fn every_corpus_file_gets_a_positioned_diagnostic_of_the_expected_kind() {
    for expected in expectations() {
        let bytes = std::fs::read(repo_path(&format!("tests/corpus/{}", expected.file))).unwrap();
        assert_diagnosed(&expected.file, &bytes, &expected.kind, expected.line);
    }
}

#[test]
fn the_library_still_loads_beside_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo_path("tests/corpus")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let shipped = common::shipped_ids();
    for id in &shipped {
        std::fs::write(
            dir.path().join(format!("{id}.ron")),
            common::scenario_text(id),
        )
        .unwrap();
    }
    let loaded = load_library(&[dir.path().to_path_buf()]);
    let valid: Vec<_> = loaded
        .iter()
        .filter_map(|f| f.scenario.as_ref())
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(valid.len(), shipped.len(), "{valid:?}");
    let broken = loaded.iter().filter(|f| f.scenario.is_none()).count();
    assert_eq!(broken, expectations().len());

    // The command line says the same: one FAIL per broken file, exit status 1.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("FAIL ").count(), broken, "{stdout}");
}

fn minimal() -> String {
    std::fs::read_to_string(repo_path("tests/fixtures/minimal.ron")).unwrap()
}

#[test]
fn a_100_megabyte_file_is_refused_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    let loaded = load_path(&path);
    assert!(loaded.scenario.is_none());
    let diagnostic = &loaded.report.diagnostics[0];
    assert_eq!(diagnostic.kind.id(), "unreadable");
    assert!(diagnostic.message.contains(&MAX_FILE_BYTES.to_string()));
    assert_eq!((diagnostic.line, diagnostic.column), (1, 1));
}

#[test]
fn five_megabytes_of_scenario_text_is_over_the_limit() {
    let mut text = minimal();
    text.push_str(&"// padding\n".repeat(5 * 1024 * 1024 / 11));
    assert_diagnosed("big.ron", text.as_bytes(), "unreadable", Some(1));
}

#[test]
fn ten_thousand_levels_of_nesting_stop_at_the_depth_limit() {
    let text = minimal().replacen(
        "version: 1,",
        &format!("version: {}{},", "[".repeat(10_000), "]".repeat(10_000)),
        1,
    );
    let found = assert_diagnosed("deep.ron", text.as_bytes(), "syntax", None);
    assert!(found.message.contains(&MAX_NESTING.to_string()));
    let line = text
        .lines()
        .position(|l| l.contains("version: [["))
        .unwrap()
        + 1;
    assert_eq!(found.line, line);
}

#[test]
fn an_absurdly_long_string_is_reported_at_its_text() {
    let text = minimal().replacen(
        "en: \"For tests.\"",
        &format!("en: \"{}\"", "a".repeat(3_000_000)),
        1,
    );
    assert!(text.len() < MAX_FILE_BYTES);
    let line = text.lines().position(|l| l.contains("aaaa")).unwrap() + 1;
    assert_diagnosed("long.ron", text.as_bytes(), "out_of_range", Some(line));
}

#[test]
fn thousands_of_nodes_with_one_broken_link_point_at_it() {
    let text = rapport::engine::analysis::generate::scenario_text(5000, 2, 3);
    let broken = text.replacen("next: \"t7_", "next: \"t7x_", 1);
    let line = broken.lines().position(|l| l.contains("t7x_")).unwrap() + 1;
    assert_diagnosed("many.ron", broken.as_bytes(), "dangling_link", Some(line));
}
