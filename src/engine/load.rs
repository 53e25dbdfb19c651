//! Reading scenario files: bytes → text → RON → [`Scenario`], then validation.
//!
//! Every failure becomes a [`Diagnostic`] with a position; nothing here panics on bad input, and
//! one bad file never stops the others from loading.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ron::error::{Error as RonError, SpannedError};

use super::diagnostic::{Diagnostic, FileDiagnostics, Kind, offset_of};
use super::scenario::Scenario;
use super::validate::validate;

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
        Ok(scenario) => {
            let diagnostics = validate(&scenario, &source);
            if diagnostics.iter().any(Diagnostic::is_error) {
                (None, Some(scenario), diagnostics)
            } else {
                (Some(scenario), None, diagnostics)
            }
        }
        Err(diagnostic) => (None, None, vec![diagnostic]),
    };
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

/// Loads every scenario file under `paths`.
pub fn load_library(paths: &[PathBuf]) -> Vec<LoadedFile> {
    scenario_files(paths)
        .iter()
        .map(|path| load_path(path))
        .collect()
}

fn parse(source: &str) -> Result<Scenario, Diagnostic> {
    if let Some(offset) = nesting_too_deep(source) {
        let message = format!("brackets nest more than {MAX_NESTING} deep");
        return Err(Diagnostic::error(Kind::Syntax, message)
            .at(source, offset..offset + 1)
            .with_label("too deep from here")
            .with_hint("a scenario nests about 8 deep; look for brackets that are never closed"));
    }
    let options = ron::Options::default().with_recursion_limit(MAX_NESTING);
    options
        .from_str::<Scenario>(source)
        .map_err(|error| ron_diagnostic(source, &error))
}

/// Where bracket nesting first exceeds the limit, ignoring brackets in strings and comments.
/// Checked before ron so that absurd nesting is refused in linear time.
fn nesting_too_deep(source: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

fn ron_diagnostic(source: &str, error: &SpannedError) -> Diagnostic {
    let mut start = offset_of(source, error.span.start.line, error.span.start.col);
    if error.code == RonError::TrailingCharacters {
        // ron points just past the scenario; the author needs to see the extra text itself.
        start += source[start..].len() - source[start..].trim_start().len();
    }
    let end = offset_of(source, error.span.end.line, error.span.end.col).max(start);
    // A zero-width span at the end of a token is easier to read pointing at the next character.
    let end = if end == start {
        next_char_end(source, start)
    } else {
        end
    };
    let (kind, message, label, hint) = explain(&error.code);
    let mut diagnostic = Diagnostic::error(kind, message)
        .at(source, start..end)
        .with_label(label);
    if let Some(hint) = hint {
        diagnostic = diagnostic.with_hint(hint);
    }
    diagnostic
}

fn next_char_end(source: &str, start: usize) -> usize {
    source[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8())
}

/// Message, label and hint for each kind of ron error.
fn explain(code: &RonError) -> (Kind, String, String, Option<String>) {
    const PUNCTUATION_HINT: &str = "a missing comma, colon, quote or closing bracket just before this point is the usual cause";
    match code {
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = outer.as_deref().map(describe_vocabulary).unwrap_or("value");
            (
                Kind::UnknownId,
                format!("unknown {what} `{found}`"),
                "not a known id".into(),
                Some(suggest(found, expected)),
            )
        }
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            Kind::Shape,
            format!("unknown field `{found}`{}", in_outer(outer)),
            "not a field here".into(),
            Some(suggest(found, expected)),
        ),
        RonError::MissingStructField { field, outer } => (
            Kind::Shape,
            format!("missing field `{field}`{}", in_outer(outer)),
            "this item is incomplete".into(),
            Some(format!(
                "add `{field}: …` to this item (see docs/scenario-format.md)"
            )),
        ),
        RonError::DuplicateStructField { field, outer } => (
            Kind::Shape,
            format!("field `{field}` is given twice{}", in_outer(outer)),
            "second occurrence".into(),
            Some("keep one of the two".into()),
        ),
        RonError::ExpectedDifferentStructName { expected, found } => (
            Kind::Shape,
            format!("expected `{expected}(…)` here, found `{found}(…)`"),
            "wrong item name".into(),
            Some(format!(
                "rename it to `{expected}` or leave the name out: `(…)`"
            )),
        ),
        RonError::InvalidValueForType { expected, found } => (
            Kind::Shape,
            format!("expected {expected}, found {found}"),
            "wrong kind of value".into(),
            Some(value_hint(expected)),
        ),
        RonError::Message(message) => {
            let hint = message
                .contains("invalid type")
                .then(|| value_hint(message));
            (Kind::Shape, message.clone(), "here".into(), hint)
        }
        RonError::ExpectedString => shape(
            "expected text",
            "text and ids go in double quotes: \"like this\"",
        ),
        RonError::ExpectedInteger => shape(
            "expected a whole number",
            "write a whole number, such as 40",
        ),
        RonError::ExpectedFloat => shape("expected a number", "write a number, such as 1.5"),
        RonError::ExpectedBoolean => shape("expected true or false", "write `true` or `false`"),
        RonError::ExpectedArray => {
            shape("expected a list", "a list goes in square brackets: [a, b]")
        }
        RonError::ExpectedMap => shape("expected a map", "a map goes in braces: { key: value }"),
        RonError::ExpectedStructLike | RonError::ExpectedNamedStructLike(_) => shape(
            "expected an item in parentheses",
            "an item is written `Name(field: value, …)` or `(field: value, …)`",
        ),
        RonError::Eof => (
            Kind::Syntax,
            "the file ends in the middle of a value".into(),
            "file ends here".into(),
            Some("a bracket or quote opened earlier is never closed".into()),
        ),
        RonError::ExceededRecursionLimit => (
            Kind::Syntax,
            format!("values nest more than {MAX_NESTING} deep"),
            "too deep".into(),
            Some("a scenario nests about 8 deep; look for brackets that are never closed".into()),
        ),
        RonError::ExpectedStringEnd => (
            Kind::Syntax,
            "a string is not closed".into(),
            "string starts or breaks here".into(),
            Some("close the string with `\"`; write a quote inside text as `\\\"`".into()),
        ),
        RonError::TrailingCharacters => (
            Kind::Syntax,
            "unexpected text after the end of the scenario".into(),
            "extra text".into(),
            Some("the file must hold exactly one `Scenario(…)`; check for an extra bracket".into()),
        ),
        RonError::IntegerOutOfBounds => (
            Kind::OutOfRange,
            "number out of range".into(),
            "too large or negative".into(),
            Some("emotions are 0–100 and effects −100–100".into()),
        ),
        RonError::Utf8Error(_) => (
            Kind::Unreadable,
            "the file is not valid UTF-8 text".into(),
            "here".into(),
            Some("save the file as UTF-8".into()),
        ),
        other => (
            Kind::Syntax,
            other.to_string(),
            "here".into(),
            Some(PUNCTUATION_HINT.into()),
        ),
    }
}

fn shape(message: &str, hint: &str) -> (Kind, String, String, Option<String>) {
    (
        Kind::Shape,
        message.to_owned(),
        "wrong kind of value".to_owned(),
        Some(hint.to_owned()),
    )
}

fn in_outer(outer: &Option<String>) -> String {
    outer
        .as_ref()
        .map(|name| format!(" in `{name}`"))
        .unwrap_or_default()
}

/// How the domain enums read in a message.
fn describe_vocabulary(type_name: &str) -> &'static str {
    match type_name {
        "Step" => "empathy step",
        "Technique" => "technique",
        "AntiPattern" => "anti-pattern",
        "PersonaStyle" => "persona style",
        "Difficulty" => "difficulty",
        "Outcome" => "outcome",
        "Node" => "node kind",
        _ => "value",
    }
}

fn suggest(found: &str, expected: &[&str]) -> String {
    let closest = expected
        .iter()
        .map(|candidate| (strsim::jaro_winkler(found, candidate), candidate))
        .filter(|(similarity, _)| *similarity > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let listed = expected
        .iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match closest {
        Some((_, best)) => format!("did you mean `{best}`? expected one of {listed}"),
        None => format!("expected one of {listed}"),
    }
}

fn value_hint(expected: &str) -> String {
    if expected.contains("string") {
        "text and ids go in double quotes: \"like this\"".into()
    } else if expected.contains("integer") {
        "write a whole number, such as 40".into()
    } else if expected.contains("sequence") {
        "a list goes in square brackets: [a, b]".into()
    } else {
        "see docs/scenario-format.md for the shape of this item".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_name_the_closest_id() {
        let hint = suggest("active_listenin", &["active_listening", "open_question"]);
        assert!(
            hint.starts_with("did you mean `active_listening`?"),
            "{hint}"
        );
        assert!(!suggest("zzz", &["active_listening"]).contains("did you mean"));
    }

    #[test]
    fn nesting_limit_is_found_outside_strings() {
        let deep = "[".repeat(MAX_NESTING + 1);
        assert_eq!(nesting_too_deep(&deep), Some(MAX_NESTING));
        let in_string = format!("\"{}\"", "[".repeat(500));
        assert_eq!(nesting_too_deep(&in_string), None);
    }
}
