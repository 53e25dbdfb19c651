//! The writing rules `docs/scenario-format.md` asks for, checked as warnings with kinds of their
//! own: three or four options a turn, no two options alike, each language in its own script and
//! punctuation, and only the placeholders that exist.

use std::ops::RangeInclusive;

use crate::engine::domain::Lang;
use crate::engine::scenario::diagnostic::{Diagnostic, Kind, closest};
use crate::engine::scenario::ron_spans::SpanPath;
use crate::engine::scenario::validate::Reporter;
use crate::engine::scenario::{Choice, PLACEHOLDERS, Text};

/// How many options a customer turn should offer.
pub const OPTION_COUNT: RangeInclusive<usize> = 3..=4;

/// Options of one turn: how many, and none repeating another.
pub(super) fn check_options(r: &mut Reporter, turn: &str, options: &[Choice], path: &SpanPath) {
    let count = options.len();
    if count > 0 && !OPTION_COUNT.contains(&count) {
        let diagnostic = Diagnostic::warning(
            Kind::OptionCount,
            format!("turn `{turn}` offers {count} option(s)"),
        )
        .with_label(format!(
            "{}–{} expected",
            OPTION_COUNT.start(),
            OPTION_COUNT.end()
        ))
        .with_hint(
            "give one strong reply and two or three tempting weaker ones: fewer makes the choice \
             obvious, more makes it slow to read",
        );
        r.report(diagnostic, &path.clone().field("options"));
    }
    for lang in Lang::ALL {
        let code = lang.code();
        // The first option with each wording; a later one with the same words repeats it.
        let mut first: std::collections::HashMap<String, usize> = Default::default();
        for (later, choice) in options.iter().enumerate() {
            let words = words_of(choice.text.get(lang));
            if words.is_empty() {
                continue;
            }
            let earlier = *first.entry(words).or_insert(later);
            if earlier == later {
                continue;
            }
            let earlier_path = path.clone().field("options").index(earlier);
            let message = format!(
                "option {} says the same as option {} ({code})",
                later + 1,
                earlier + 1
            );
            let hint = format!(
                "the trainee sees two identical replies; reword one (the other is at {})",
                r.position(&earlier_path)
            );
            let diagnostic = Diagnostic::warning(Kind::DuplicateOption, message)
                .with_label("repeats an earlier option")
                .with_hint(hint);
            r.report(
                diagnostic,
                &path.clone().field("options").index(later).field("text"),
            );
        }
    }
}

/// The words of a text with case, spacing and punctuation set aside.
fn words_of(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One text: its placeholders, and each language in its own script and punctuation.
pub(super) fn check_text(r: &mut Reporter, text: &Text, path: &SpanPath) {
    for lang in Lang::ALL {
        let value = text.get(lang);
        let at = path.clone().field(lang.code());
        if let Some(unknown) = unknown_placeholder(value) {
            let hint = match closest(unknown, PLACEHOLDERS, 0.75) {
                Some(known) => format!(
                    "did you mean `{known}`? texts may use {{name}} (the customer's full name) \
                     and {{address}} (how they are addressed)"
                ),
                None => "texts may use {name} (the customer's full name) and {address} (how they \
                         are addressed)"
                    .to_owned(),
            };
            let diagnostic = Diagnostic::warning(
                Kind::UnknownPlaceholder,
                format!("`{unknown}` is not a placeholder"),
            )
            .with_label("shown as written")
            .with_hint(hint);
            r.report(diagnostic, &at);
        }
        let mixed = match lang {
            Lang::Zh => latin_in_chinese(value),
            Lang::En => chinese_in_english(value),
        };
        if let Some((message, hint)) = mixed {
            let diagnostic = Diagnostic::warning(Kind::MixedScript, message)
                .with_label(format!("in the `{}` text", lang.code()))
                .with_hint(hint);
            r.report(diagnostic, &at);
        }
    }
}

/// The first `{…}` in `value` that is not a known placeholder.
fn unknown_placeholder(value: &str) -> Option<&str> {
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c + 1)?;
        let candidate = &rest[open..close];
        if !PLACEHOLDERS.contains(&candidate) {
            return Some(candidate);
        }
        rest = &rest[close..];
    }
    None
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// English words (three in a row) or ASCII punctuation against Chinese text in a `zh` field.
fn latin_in_chinese(value: &str) -> Option<(String, String)> {
    let mut words = 0;
    for word in value.split(|c: char| c.is_whitespace() || c == ',') {
        let latin = !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_alphabetic() || "'.?!".contains(c))
            && word.chars().any(|c| c.is_ascii_alphabetic());
        words = if latin { words + 1 } else { 0 };
        if words == 3 {
            return Some((
                "English text in a Chinese (`zh`) field".to_owned(),
                "put the Chinese text in `zh` and the English in `en`".to_owned(),
            ));
        }
    }
    let chars: Vec<char> = value.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let Some(full) = full_width(c) else { continue };
        let before = i.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(i + 1).copied();
        let against_chinese = before.is_some_and(is_chinese)
            || (matches!(c, '(' | ')') && after.is_some_and(is_chinese));
        if against_chinese {
            return Some((
                format!("ASCII `{c}` in Chinese text"),
                format!("Chinese text uses full-width punctuation: write `{full}`"),
            ));
        }
    }
    None
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        '.' => '。',
        '?' => '？',
        '!' => '！',
        ':' => '：',
        ';' => '；',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// Chinese characters or punctuation in an `en` field.
fn chinese_in_english(value: &str) -> Option<(String, String)> {
    let found = value.chars().find(|c| is_chinese(*c))?;
    Some((
        format!("Chinese `{found}` in English text"),
        "put the Chinese text in `zh`; English text uses ASCII punctuation".to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_told_apart() {
        assert!(latin_in_chinese("您好，我马上查。").is_none());
        assert!(latin_in_chinese("我们会用SMART原则跟进，Wi-Fi 正常。").is_none());
        assert!(latin_in_chinese("3.5 元，9:00 到").is_none());
        assert!(latin_in_chinese("Sorry for the wait").is_some());
        assert_eq!(
            latin_in_chinese("您好,我马上查。").map(|m| m.0),
            Some("ASCII `,` in Chinese text".to_owned())
        );
        assert!(latin_in_chinese("线索(语速)").is_some());
        assert!(chinese_in_english("I'll check, Mr Wang.").is_none());
        assert!(chinese_in_english("I'll check，Mr Wang.").is_some());
    }

    #[test]
    fn options_alike_apart_from_case_and_punctuation_are_the_same() {
        assert_eq!(words_of("I understand."), words_of("i  understand"));
        assert_ne!(words_of("I understand."), words_of("I understand you."));
        assert!(words_of("…!").is_empty());
    }
}
