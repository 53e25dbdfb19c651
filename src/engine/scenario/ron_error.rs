//! What a RON parse error means to an author: the kind of problem, a message in their terms
//! (fields, ids, brackets rather than serde's types), the label under the position, and a hint.

use ron::error::{Error as RonError, SpannedError};

use crate::engine::domain::Lang;
use crate::engine::scenario::diagnostic::{Diagnostic, Kind, closest, offset_of};
use crate::engine::scenario::load::MAX_NESTING;

pub(crate) fn ron_diagnostic(source: &str, error: &SpannedError) -> Diagnostic {
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
            let hint = match crate::engine::domain::family_of(found) {
                // A real id in the wrong list.
                Some(family) => format!(
                    "`{found}` is {} {}, not {} {what}: it belongs in {} (`rapport explain {found}` \
                     defines it)",
                    article(family.singular(Lang::En)),
                    family.singular(Lang::En),
                    article(what),
                    family.written_in()
                ),
                None => suggest(found, expected),
            };
            (
                Kind::UnknownId,
                format!("unknown {what} `{found}`"),
                "not a known id".into(),
                Some(hint),
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
    let closest = closest(found, expected.iter().copied(), 0.8);
    let listed = expected
        .iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let defined = |id: &str| crate::engine::domain::family_of(id).is_some();
    match closest {
        Some(best) if defined(best) => format!(
            "did you mean `{best}`? (`rapport explain {best}` defines it; docs/vocabulary.md lists \
             them all) expected one of {listed}"
        ),
        Some(best) => format!("did you mean `{best}`? expected one of {listed}"),
        None => format!("expected one of {listed}"),
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
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
}
