//! The rules of `docs/architecture.md`, checked on the source: dependencies point one way.
//!
//! Each layer may use only the layers listed for it. A `use` of anything else (a `crate::` path
//! or an external crate) in a layer's files fails with the file and line.

use std::path::{Path, PathBuf};

/// A part of the source and the `crate::` paths it may use besides its own.
struct Layer {
    dir: &'static str,
    own: &'static str,
    may_use: &'static [&'static str],
    /// External crates it must not name.
    forbidden_crates: &'static [&'static str],
}

const NO_FRAMEWORKS: &[&str] = &[
    "bevy",
    "bevy_egui",
    "egui",
    "egui_plot",
    "clap",
    "ureq",
    "notify",
    "directories",
];

const LAYERS: &[Layer] = &[
    Layer {
        dir: "src/engine/domain.rs",
        own: "crate::engine::domain",
        may_use: &[],
        forbidden_crates: NO_FRAMEWORKS,
    },
    Layer {
        dir: "src/engine/scenario",
        own: "crate::engine::scenario",
        may_use: &["crate::engine::domain"],
        forbidden_crates: NO_FRAMEWORKS,
    },
    Layer {
        dir: "src/engine/vocabulary.rs",
        own: "crate::engine::vocabulary",
        may_use: &["crate::engine::domain", "crate::engine::scenario"],
        forbidden_crates: NO_FRAMEWORKS,
    },
    Layer {
        dir: "src/engine/reply",
        own: "crate::engine::reply",
        may_use: &["crate::engine::domain", "crate::engine::scenario"],
        forbidden_crates: NO_FRAMEWORKS,
    },
    Layer {
        dir: "src/engine/play",
        own: "crate::engine::play",
        may_use: &[
            "crate::engine::domain",
            "crate::engine::scenario",
            "crate::engine::reply",
        ],
        forbidden_crates: NO_FRAMEWORKS,
    },
    Layer {
        dir: "src/engine/analysis",
        own: "crate::engine::analysis",
        may_use: &[
            "crate::engine::domain",
            "crate::engine::scenario",
            "crate::engine::reply",
            "crate::engine::play",
        ],
        forbidden_crates: NO_FRAMEWORKS,
    },
    Layer {
        dir: "src/engine/group.rs",
        own: "crate::engine::group",
        may_use: &["crate::engine::play"],
        forbidden_crates: NO_FRAMEWORKS,
    },
    Layer {
        dir: "src/engine/debrief.rs",
        own: "crate::engine::debrief",
        may_use: &["crate::engine::"],
        forbidden_crates: NO_FRAMEWORKS,
    },
    Layer {
        dir: "src/adapters",
        own: "crate::adapters",
        may_use: &["crate::engine::"],
        forbidden_crates: &["bevy", "bevy_egui", "egui", "egui_plot", "clap", "notify"],
    },
    Layer {
        dir: "src/cli",
        own: "crate::cli",
        may_use: &["crate::engine::", "crate::adapters::"],
        forbidden_crates: &["bevy", "bevy_egui", "egui", "egui_plot", "notify"],
    },
    Layer {
        dir: "src/app",
        own: "crate::app",
        may_use: &["crate::engine::", "crate::adapters::"],
        forbidden_crates: &["clap"],
    },
];

fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).unwrap().flatten() {
        files.extend(rust_files(&entry.path()));
    }
    files.retain(|f| f.extension().is_some_and(|e| e == "rs"));
    files
}

/// Code lines, without comments and without `#[cfg(test)]` modules (tests may use anything).
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or("");
        lines.push((number + 1, code));
    }
    lines
}

/// `crate::a::b` paths named on a line, and external crates named by a `use` or a path.
fn named_paths(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(tail.len());
        found.push(tail[..end].to_owned());
        rest = &tail[end..];
    }
    found
}

fn names_crate(line: &str, krate: &str) -> bool {
    let trimmed = line.trim_start();
    let used = trimmed.starts_with(&format!("use {krate}::"))
        || trimmed.starts_with(&format!("pub use {krate}::"));
    let as_path = line.match_indices(&format!("{krate}::")).any(|(at, _)| {
        at == 0 || {
            let before = line[..at].chars().next_back().unwrap_or(' ');
            !(before.is_alphanumeric() || before == '_' || before == ':')
        }
    });
    used || as_path
}

#[test]
fn dependencies_point_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut checked = 0;
    for layer in LAYERS {
        for file in rust_files(&root.join(layer.dir)) {
            checked += 1;
            let text = std::fs::read_to_string(&file).unwrap();
            let shown = file.strip_prefix(root).unwrap().display().to_string();
            for (number, line) in code_lines(&text) {
                for path in named_paths(line) {
                    let allowed = path.starts_with(layer.own)
                        || layer.may_use.iter().any(|p| path.starts_with(p));
                    if !allowed {
                        problems.push(format!("{shown}:{number} uses {path}"));
                    }
                }
                for krate in layer.forbidden_crates {
                    if names_crate(line, krate) {
                        problems.push(format!("{shown}:{number} names the crate {krate}"));
                    }
                }
                if line.contains("super::super") {
                    problems.push(format!("{shown}:{number} reaches out with super::super"));
                }
            }
        }
    }
    assert!(checked > 40, "only {checked} files were checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_sees_a_wrong_way_import() {
    let line = "use crate::app::config::Preferences;";
    assert_eq!(named_paths(line), ["crate::app::config::Preferences"]);
    assert!(names_crate("use bevy::prelude::*;", "bevy"));
    assert!(names_crate("    let x = ureq::get(url);", "ureq"));
    assert!(!names_crate("let my_bevy::x = 1;", "bevy"));
    assert!(!names_crate("use bevy_egui::EguiPlugin;", "bevy"));
}
