//! `rapport check`: load every file, print diagnostics compiler-style (or JSON), exit 1 on errors.

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::engine::analysis::coverage::Coverage;
use crate::engine::analysis::surface::SurfaceCues;
use crate::engine::reply::Cues;
use crate::engine::reply::examples::check_examples;
use crate::engine::scenario::diagnostic::{Diagnostic, Severity};
use crate::engine::scenario::load::{load_library, reject_duplicate_ids};
use crate::engine::scenario::media::check_media;

use super::{Format, color_stdout};

#[derive(Serialize)]
struct FileResult<'a> {
    path: &'a str,
    ok: bool,
    scenario_id: Option<&'a str>,
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize)]
struct CheckResult<'a> {
    files: Vec<FileResult<'a>>,
    errors: usize,
    warnings: usize,
    coverage: Coverage,
}

pub fn run(
    paths: &[PathBuf],
    format: Format,
    require_coverage: bool,
    show_coverage: bool,
    assets: &std::path::Path,
) -> ExitCode {
    let mut loaded = load_library(paths);
    reject_duplicate_ids(&mut loaded);
    let cues = Cues::builtin();
    for file in &mut loaded {
        let Some(scenario) = &file.scenario else {
            continue;
        };
        // The pictures it names are within the limits and decode (when there is a media folder
        // to find them in).
        let media = if assets.is_dir() {
            check_media(scenario, &file.report.source, assets)
        } else {
            Vec::new()
        };
        // Each option's example phrasings should lead the reply analyser back to that option.
        let examples = check_examples(scenario, &file.report.source, &cues);
        // The best reply should not be found by length or empathy words alone.
        let surface = SurfaceCues::of(scenario).warnings(&file.report.source);
        file.report
            .diagnostics
            .extend(media.into_iter().chain(examples).chain(surface));
        file.report.diagnostics.sort_by_key(|d| d.span.start);
        if file.report.has_errors() {
            file.draft = file.scenario.take();
        }
    }
    let count = |severity| {
        loaded
            .iter()
            .flat_map(|f| &f.report.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let coverage = Coverage::of(loaded.iter().filter_map(|f| f.scenario.as_ref()));
    let coverage_failed = require_coverage && !coverage.is_complete();

    match format {
        Format::Json => {
            let result = CheckResult {
                files: loaded
                    .iter()
                    .map(|f| FileResult {
                        path: f.path(),
                        ok: f.scenario.is_some(),
                        scenario_id: f.scenario.as_ref().map(|s| s.id.as_str()),
                        diagnostics: &f.report.diagnostics,
                    })
                    .collect(),
                errors,
                warnings,
                coverage,
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&result).unwrap_or_default()
            );
        }
        Format::Text => {
            let color = color_stdout();
            for file in &loaded {
                match &file.scenario {
                    Some(s) => println!(
                        "ok   {} ({}, {}, {} customer turns)",
                        file.path(),
                        s.id,
                        s.difficulty,
                        s.turn_count()
                    ),
                    None => println!("FAIL {}", file.path()),
                }
            }
            for file in loaded.iter().filter(|f| !f.report.diagnostics.is_empty()) {
                println!();
                print!("{}", file.report.render(color));
            }
            // Coverage says something only about valid scenarios, and about a library: it is
            // shown for a folder, or when asked for.
            let valid = loaded.iter().filter(|f| f.scenario.is_some()).count();
            let library = paths.iter().any(|path| path.is_dir());
            if valid > 0 && (library || show_coverage || require_coverage) {
                println!();
                println!("coverage across {valid} valid scenario(s):");
                for line in coverage.summary() {
                    println!("  {line}");
                }
            }
            let failed = loaded.iter().filter(|f| f.scenario.is_none()).count();
            println!(
                "{} file(s) checked: {} ok, {failed} with errors; {errors} error(s), {warnings} warning(s)",
                loaded.len(),
                loaded.len() - failed
            );
            if loaded.is_empty() {
                println!("no scenario files found");
            }
            if coverage_failed {
                println!(
                    "coverage incomplete: every step, technique, anti-pattern and style must be used"
                );
            }
        }
    }
    if errors > 0 || loaded.is_empty() || coverage_failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
