//! One `check`, every problem: when serde stops at a wrong id, a missing, unknown or repeated
//! field, the text is patched and parsed again, so the rest of the file is still read and
//! validated.
//!
//! The patches stand in for what the author will write: an unknown id becomes its closest valid
//! one, a misspelt field the field it resembles, another unknown or a repeated field is blanked
//! out, a missing field gets a placeholder value.
//! Every problem found this way is reported at its place in the author's text; findings of the
//! validator that only concern a placeholder are dropped, as they would repeat the first report.
//! A syntax error or a wrong type stops the repairs: what follows it cannot be read with
//! confidence.

use std::ops::Range;

use ron::error::Error as RonError;

use crate::engine::scenario::Scenario;
use crate::engine::scenario::diagnostic::{Diagnostic, closest, offset_of};
use crate::engine::scenario::load::MAX_NESTING;
use crate::engine::scenario::ron_error::ron_diagnostic;

/// At most this many problems are repaired before giving up on a file.
const MAX_REPAIRS: usize = 200;

/// A parse of the author's text, repaired where it could be.
pub(crate) struct Recovered {
    /// The scenario read from the repaired text, when the repairs reached the end.
    pub scenario: Option<Scenario>,
    /// The repaired text the scenario was read from.
    pub repaired: String,
    /// The problems met on the way, placed in the author's text.
    pub problems: Vec<Diagnostic>,
    edits: Vec<Edit>,
}

/// `removed` bytes at `at` (in the text as it was then) replaced by `inserted` bytes.
#[derive(Clone, Copy, Debug)]
struct Edit {
    at: usize,
    removed: usize,
    inserted: usize,
}

impl Recovered {
    /// Where an offset of the repaired text is in the author's, or `None` inside a placeholder.
    pub fn original_offset(&self, mut offset: usize) -> Option<usize> {
        for edit in self.edits.iter().rev() {
            if offset >= edit.at + edit.inserted {
                offset = offset - edit.inserted + edit.removed;
            } else if offset >= edit.at && edit.inserted > 0 {
                return None;
            }
        }
        Some(offset)
    }

    /// A diagnostic about the repaired text, moved to the author's; `None` when it points into a
    /// placeholder.
    pub fn place(&self, original: &str, diagnostic: Diagnostic) -> Option<Diagnostic> {
        if self.edits.is_empty() {
            return Some(diagnostic);
        }
        let start = self.original_offset(diagnostic.span.start)?;
        let end = self
            .original_offset(diagnostic.span.end)
            .unwrap_or(start)
            .max(start);
        let mut placed = diagnostic.clone().at(original, start..end);
        placed.also.clear();
        for also in diagnostic.also {
            let Some(from) = self.original_offset(also.span.start) else {
                continue;
            };
            let to = self
                .original_offset(also.span.end)
                .unwrap_or(from)
                .max(from);
            placed = placed.with_also(original, from..to, also.label);
        }
        Some(placed)
    }
}

pub(crate) fn parse(original: &str) -> Recovered {
    let mut recovered = Recovered {
        scenario: None,
        repaired: original.to_owned(),
        problems: Vec::new(),
        edits: Vec::new(),
    };
    let options = ron::Options::default().with_recursion_limit(MAX_NESTING);
    for _ in 0..MAX_REPAIRS {
        let error = match options.from_str::<Scenario>(&recovered.repaired) {
            Ok(scenario) => {
                recovered.scenario = Some(scenario);
                return recovered;
            }
            Err(error) => error,
        };
        let text = &recovered.repaired;
        let diagnostic = ron_diagnostic(text, &error);
        let span = diagnostic.span.clone();
        match recovered.place(original, diagnostic) {
            Some(problem) => recovered.problems.push(problem),
            // A misspelt field read as one the item already has: set aside without a second
            // report, the typo was reported.
            None if matches!(error.code, RonError::DuplicateStructField { .. }) => {}
            // A placeholder did not fit; what was found so far stands.
            None => return recovered,
        }
        let at = offset_of(text, error.span.start.line, error.span.start.col);
        let Some((range, replacement)) = repair(text, &error.code, at, span) else {
            return recovered;
        };
        recovered.edits.push(Edit {
            at: range.start,
            removed: range.len(),
            inserted: replacement.len(),
        });
        recovered.repaired.replace_range(range, &replacement);
    }
    recovered
}

/// The patch that lets parsing go on past `code`, whose position in `text` is `at`.
fn repair(
    text: &str,
    code: &RonError,
    at: usize,
    span: Range<usize>,
) -> Option<(Range<usize>, String)> {
    match code {
        RonError::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let word = find_word(text, found, span.start.min(at))?;
            // However far, the nearest valid id stands in.
            let nearest = closest(found, expected.iter().copied(), f64::NEG_INFINITY)?;
            Some((word, nearest.to_owned()))
        }
        RonError::ExpectedDifferentStructName { expected, found } => {
            let word = find_word(text, found, span.start.min(at))?;
            Some((word, (*expected).to_owned()))
        }
        RonError::NoSuchStructField {
            found, expected, ..
        } => {
            // A misspelt field is read as the field it resembles; anything else is set aside.
            let near = span.start.min(at);
            match closest(found, expected.iter().copied(), 0.8) {
                Some(field) => Some((find_word(text, found, near)?, field.to_owned())),
                None => blank_field(text, found, near),
            }
        }
        RonError::DuplicateStructField { field, .. } => {
            blank_field(text, field, span.start.min(at))
        }
        RonError::MissingStructField { field, .. } => {
            let value = placeholder(field)?;
            // ron stands at the item's closing bracket.
            let close = at + text[at..].find(')')?;
            let before = last_code(&text[..close]);
            let comma = if before.ends_with(',') || before.ends_with('(') {
                ""
            } else {
                ", "
            };
            Some((close..close, format!("{comma}{field}: {value}")))
        }
        _ => None,
    }
}

/// The byte range of `word` written as an identifier nearest to `near`.
fn find_word(text: &str, word: &str, near: usize) -> Option<Range<usize>> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let whole = |start: usize| {
        let end = start + word.len();
        !text[..start].ends_with(is_ident) && !text[end..].starts_with(is_ident)
    };
    let window_start = near.saturating_sub(256);
    let window_start = (0..=window_start)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    text[window_start..]
        .match_indices(word)
        .map(|(i, _)| window_start + i)
        .filter(|start| whole(*start))
        .min_by_key(|start| start.abs_diff(near))
        .map(|start| start..start + word.len())
}

/// Blanks `name: value,` (spaces for every byte but line breaks, so lines stay where they are).
fn blank_field(text: &str, name: &str, near: usize) -> Option<(Range<usize>, String)> {
    let word = find_word(text, name, near)?;
    let after_name = &text[word.end..];
    let colon = after_name.find(|c: char| !c.is_whitespace())?;
    if !after_name[colon..].starts_with(':') {
        return None;
    }
    let value_start = word.end + colon + 1;
    let end = value_end(text, value_start)?;
    // The comma after the value goes too.
    let rest = &text[end..];
    let comma = rest
        .find(|c: char| !c.is_whitespace())
        .filter(|i| rest[*i..].starts_with(','))
        .map_or(end, |i| end + i + 1);
    let range = word.start..comma;
    let blank = text[range.clone()]
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    Some((range, blank))
}

/// Where the value starting at `start` ends: at the comma or closer of its enclosing item.
fn value_end(text: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, byte) in crate::engine::scenario::lexer::code(text.as_bytes(), start) {
        match byte {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return Some(trim_end_at(text, i)),
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => return Some(trim_end_at(text, i)),
            _ => {}
        }
    }
    None
}

/// `text` up to its last character of code: trailing spaces and comments set aside.
fn last_code(text: &str) -> &str {
    use crate::engine::scenario::lexer::{Skip, skip};
    let bytes = text.as_bytes();
    let (mut i, mut end) = (0, 0);
    while i < bytes.len() {
        match skip(bytes, i) {
            Skip::To(to) => {
                // A string is code; a comment is not.
                if bytes[i] != b'/' {
                    end = to + 1;
                }
                i = to + 1;
            }
            Skip::Unended => break,
            Skip::Code => {
                if !bytes[i].is_ascii_whitespace() {
                    end = i + 1;
                }
                i += 1;
            }
        }
    }
    // `end` follows an ASCII byte or a string's closing quote: a character boundary.
    &text[..end]
}

fn trim_end_at(text: &str, end: usize) -> usize {
    text[..end].trim_end().len()
}

/// A value that lets the parse go on for a required field, by its name in the scenario format.
fn placeholder(field: &str) -> Option<&'static str> {
    Some(match field {
        "zh" | "en" | "id" | "next" | "start" | "ending" => "\"\"",
        "text" | "feedback" | "customer" | "title" | "summary" | "background" | "name"
        | "address" => "(zh: \"\", en: \"\")",
        "version" => "1",
        "at_anger" => "100",
        "difficulty" => "basic",
        "style" => "rational",
        "outcome" => "resolved",
        "objectives" | "options" | "nodes" | "when" => "[]",
        "emotions" => "()",
        "escalation" => "(at_anger: 100, ending: \"\")",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_across_edits_and_placeholders_are_dropped() {
        let recovered = Recovered {
            scenario: None,
            repaired: String::new(),
            problems: Vec::new(),
            // "abc" → "aXYZc" (b replaced by XYZ) → "aXYZc!!" (inserted at the end).
            edits: vec![
                Edit {
                    at: 1,
                    removed: 1,
                    inserted: 3,
                },
                Edit {
                    at: 5,
                    removed: 0,
                    inserted: 2,
                },
            ],
        };
        assert_eq!(recovered.original_offset(0), Some(0));
        assert_eq!(recovered.original_offset(2), None);
        assert_eq!(recovered.original_offset(4), Some(2));
        assert_eq!(recovered.original_offset(5), None);
        assert_eq!(recovered.original_offset(7), Some(3));
    }

    #[test]
    fn a_missing_field_after_a_trailing_comment_gets_no_second_comma() {
        assert_eq!(last_code("(a: 1, // note\n"), "(a: 1,");
        assert_eq!(last_code("(a: \"x // y\" /* z */ "), "(a: \"x // y\"");
    }

    #[test]
    fn a_field_with_a_block_comment_is_blanked_whole() {
        let text = "(a: 1, colour: 1 /* a, b */, b: 2)";
        let (range, _) = blank_field(text, "colour", 7).unwrap();
        assert_eq!(&text[range], "colour: 1 /* a, b */,");
    }

    #[test]
    fn a_field_is_blanked_with_its_value_and_comma() {
        let text = "(a: 1, bad: [1, (2)],\n b: 2)";
        let (range, blank) = blank_field(text, "bad", 7).unwrap();
        assert_eq!(&text[range.clone()], "bad: [1, (2)],");
        assert_eq!(blank.len(), range.len());
        assert!(blank.trim().is_empty());
    }
}
