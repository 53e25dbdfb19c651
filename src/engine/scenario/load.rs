//! Reading scenario files: bytes → text → RON → [`Scenario`], then validation.
//!
//! Every failure becomes a [`Diagnostic`] with a position; nothing here panics on bad input, and
//! one bad file never stops the others from loading.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::engine::scenario::Scenario;
use crate::engine::scenario::brackets;
use crate::engine::scenario::diagnostic::{Diagnostic, FileDiagnostics, Kind};
use crate::engine::scenario::recover::{self, Recovered};
use crate::engine::scenario::validate::validate;

/// Larger scenario files are refused before parsing (a 400-node scenario is about 400 KB).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// Deepest nesting of brackets accepted; a real scenario nests about 8 deep.
pub const MAX_NESTING: usize = 64;

/// The result of loading one file: the scenario when it has no errors, and every diagnostic.
#[derive(Clone, Debug)]
pub struct LoadedFile {
    pub scenario: Option<Scenario>,
    /// A scenario that parsed but failed validation, kept so the branch map can show where the
    /// problems are.
    pub draft: Option<Scenario>,
    pub report: FileDiagnostics,
}

impl LoadedFile {
    pub fn path(&self) -> &str {
        &self.report.path
    }
}

/// Loads a scenario from its text. `path` names it in diagnostics.
pub fn load_str(path: &str, text: &str) -> LoadedFile {
    // A byte-order mark is invisible in editors; drop it so columns match what the author sees.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        let diagnostic = Diagnostic::error(Kind::Syntax, "the file is empty")
            .with_label("nothing here")
            .with_hint("start from a template: `rapport new <id>` writes one that passes `check`");
        return unreadable(path, text, diagnostic.at(text, 0..0));
    }
    let source: Arc<str> = Arc::from(text);
    let (scenario, draft, diagnostics) = match parse(&source) {
        Ok(recovered) => {
            let mut diagnostics = recovered.problems.clone();
            let Some(scenario) = recovered.scenario.as_ref() else {
                return loaded(path, source, None, None, diagnostics);
            };
            // The validator reads the repaired text; its findings move back to the author's.
            let found = validate(scenario, &recovered.repaired);
            diagnostics.extend(
                found
                    .into_iter()
                    .filter_map(|d| recovered.place(&source, d)),
            );
            diagnostics.sort_by_key(|d| d.span.start);
            let scenario = recovered.scenario;
            if diagnostics.iter().any(Diagnostic::is_error) {
                (None, scenario, diagnostics)
            } else {
                (scenario, None, diagnostics)
            }
        }
        Err(diagnostic) => (None, None, vec![*diagnostic]),
    };
    loaded(path, source, scenario, draft, diagnostics)
}

fn loaded(
    path: &str,
    source: Arc<str>,
    scenario: Option<Scenario>,
    draft: Option<Scenario>,
    diagnostics: Vec<Diagnostic>,
) -> LoadedFile {
    LoadedFile {
        scenario,
        draft,
        report: FileDiagnostics {
            path: path.to_owned(),
            source,
            diagnostics,
        },
    }
}

/// Loads a scenario from raw bytes, reporting size limits and invalid UTF-8 with a position.
pub fn load_bytes(path: &str, bytes: &[u8]) -> LoadedFile {
    if bytes.len() > MAX_FILE_BYTES {
        let message = format!(
            "the file is {} bytes; scenario files are limited to {} bytes",
            bytes.len(),
            MAX_FILE_BYTES
        );
        let hint = "split the scenario, or check that this is the file you meant to load";
        return unreadable(
            path,
            "",
            Diagnostic::error(Kind::Unreadable, message).with_hint(hint),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(path, text),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            // The valid prefix is shown so the position points at the bad byte.
            let prefix = String::from_utf8_lossy(valid).into_owned();
            let offset = prefix.len();
            let diagnostic =
                Diagnostic::error(Kind::Unreadable, "the file is not valid UTF-8 text")
                    .with_label("invalid byte here")
                    .with_hint(
                        "save the file as UTF-8 (most editors: “Save with encoding” → UTF-8)",
                    );
            unreadable(path, &prefix, diagnostic.at(&prefix, offset..offset))
        }
    }
}

/// Loads one file from disk.
pub fn load_path(path: &Path) -> LoadedFile {
    let shown = path.display().to_string();
    match read_limited(path) {
        Ok(bytes) => load_bytes(&shown, &bytes),
        Err(error) => unreadable(
            &shown,
            "",
            Diagnostic::error(Kind::Unreadable, format!("cannot read the file: {error}"))
                .with_hint("check the path and the file's permissions"),
        ),
    }
}

/// Reads at most one byte past the limit, so a huge file is refused without loading it whole.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn unreadable(path: &str, source: &str, diagnostic: Diagnostic) -> LoadedFile {
    LoadedFile {
        scenario: None,
        draft: None,
        report: FileDiagnostics {
            path: path.to_owned(),
            source: Arc::from(source),
            diagnostics: vec![diagnostic],
        },
    }
}

/// The scenario files named by `paths`: files as given, directories searched for `*.ron`
/// (recursively, sorted). Unreadable directories are reported as loaded files with an error.
pub fn scenario_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect_ron_files(path, &mut files);
        } else {
            files.push(path.clone());
        }
    }
    files
}

fn collect_ron_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        files.push(dir.to_path_buf());
        return;
    };
    let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    found.sort();
    for path in found {
        if path.is_dir() {
            collect_ron_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "ron") {
            files.push(path);
        }
    }
}

/// Marks a valid scenario whose id an earlier file of the library already uses: records and
/// reports name a scenario by its id, so two files cannot share one. The later file becomes a
/// draft with a `duplicate_id` error at its `id`.
pub fn reject_duplicate_ids(files: &mut [LoadedFile]) {
    let mut first: std::collections::HashMap<String, String> = Default::default();
    for file in files.iter_mut() {
        let Some(id) = file.scenario.as_ref().map(|s| s.id.clone()) else {
            continue;
        };
        let Some(earlier) = first.get(&id) else {
            first.insert(id, file.report.path.clone());
            continue;
        };
        let source = file.report.source.clone();
        let at = crate::engine::scenario::ron_spans::SpanTree::scan(&source)
            .locate(&crate::engine::scenario::ron_spans::SpanPath::root().field("id"))
            .unwrap_or(0..0);
        let diagnostic = Diagnostic::error(
            Kind::DuplicateId,
            format!("the scenario id `{id}` is already used by {earlier}"),
        )
        .at(&source, at)
        .with_label("used twice in the library")
        .with_hint("give each scenario its own id: records and reports name scenarios by it");
        file.report.diagnostics.insert(0, diagnostic);
        file.draft = file.scenario.take();
    }
}

/// Loads every scenario file under `paths`.
pub fn load_library(paths: &[PathBuf]) -> Vec<LoadedFile> {
    scenario_files(paths)
        .iter()
        .map(|path| load_path(path))
        .collect()
}

/// The scenario, repaired past its shape errors; a syntax error stops it.
fn parse(source: &str) -> Result<Recovered, Box<Diagnostic>> {
    if let Some(offset) = nesting_too_deep(source) {
        let message = format!("brackets nest more than {MAX_NESTING} deep");
        return Err(Box::new(
            Diagnostic::error(Kind::Syntax, message)
                .at(source, offset..offset + 1)
                .with_label("too deep from here")
                .with_hint(
                    "a scenario nests about 8 deep; look for brackets that are never closed",
                ),
        ));
    }
    // A bracket left open misleads the parser's own message; name the bracket instead.
    if let Some(diagnostic) = brackets::unbalanced(source) {
        return Err(Box::new(diagnostic));
    }
    Ok(recover::parse(source))
}

/// Where bracket nesting first exceeds the limit, ignoring brackets in strings and comments.
/// Checked before ron so that absurd nesting is refused in linear time.
fn nesting_too_deep(source: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut code = crate::engine::scenario::lexer::code(source.as_bytes(), 0);
    for (i, byte) in &mut code {
        match byte {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_limit_is_found_outside_strings() {
        let deep = "[".repeat(MAX_NESTING + 1);
        assert_eq!(nesting_too_deep(&deep), Some(MAX_NESTING));
        let in_string = format!("\"{}\"", "[".repeat(500));
        assert_eq!(nesting_too_deep(&in_string), None);
        let in_comment = format!("/* {} */ []", "[".repeat(500));
        assert_eq!(nesting_too_deep(&in_comment), None);
    }
}
