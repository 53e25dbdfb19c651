//! Which bracket is never closed.
//!
//! ron reports where parsing failed, which is often far from the cause: a `Choice(` missing its
//! `)` reads "unknown field `Choice` in `Choice`", a missing `]` reads "expected an item in
//! parentheses", a missing final `)` is reported at the end of the file. A scan of the brackets
//! (outside strings and comments) finds the opener instead, and names it with its position.
//!
//! When brackets of the same kind are crossed (a `text: (` missing its `)` is closed by the
//! choice's `)`), the pairs still match by kind; indentation then tells: the closer that starts
//! its line lined up with an outer bracket, not with the opener it closed.

use std::ops::Range;

use crate::engine::scenario::diagnostic::{Diagnostic, Kind, line_column};
use crate::engine::scenario::lexer;

#[derive(Clone, Copy, Debug)]
struct Bracket {
    at: usize,
    byte: u8,
}

/// Where the bracket structure first breaks, if it does.
enum Break {
    /// A closer with nothing open.
    Stray(Bracket),
    /// `opener` is still open where `found` (a closer of another kind, or the end) stands.
    Unclosed { opener: Bracket, found: Found },
}

enum Found {
    Closer(Bracket),
    End(usize),
    /// A closer that starts its line indented like an outer bracket, paired with this opener.
    LinedUpElsewhere(Bracket),
}

/// A diagnostic naming the unclosed opener (or the stray closer), or `None` when the brackets
/// balance or a string is left open (ron reports that one well).
pub(crate) fn unbalanced(source: &str) -> Option<Diagnostic> {
    let (broken, pairs) = scan(source)?;
    let broken = match broken {
        Break::Unclosed { opener, found } => {
            // A crossed pair inside the open bracket, before the break, is the real cause.
            let starts: Vec<usize> = std::iter::once(0)
                .chain(source.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let crossed = pairs.iter().find(|(open, close)| {
                open.at > opener.at && misaligned(source, &starts, open, close)
            });
            match crossed {
                Some((open, close)) => Break::Unclosed {
                    opener: *open,
                    found: Found::LinedUpElsewhere(*close),
                },
                None => Break::Unclosed { opener, found },
            }
        }
        stray => stray,
    };
    Some(describe(source, broken))
}

/// The first break and the pairs matched before it.
fn scan(source: &str) -> Option<(Break, Vec<(Bracket, Bracket)>)> {
    let bytes = source.as_bytes();
    let mut open: Vec<Bracket> = Vec::new();
    let mut pairs = Vec::new();
    let mut code = lexer::code(bytes, 0);
    for (i, byte) in &mut code {
        match byte {
            b'(' | b'[' | b'{' => open.push(Bracket { at: i, byte }),
            b')' | b']' | b'}' => {
                let closer = Bracket { at: i, byte };
                // A closer with no opener of its kind anywhere open is the extra one.
                if !open.iter().any(|o| closing(o.byte) == byte) {
                    return Some((Break::Stray(closer), pairs));
                }
                match open.pop() {
                    Some(opener) if closing(opener.byte) == byte => pairs.push((opener, closer)),
                    Some(opener) => {
                        let found = Found::Closer(closer);
                        return Some((Break::Unclosed { opener, found }, pairs));
                    }
                    None => return Some((Break::Stray(closer), pairs)),
                }
            }
            _ => {}
        }
    }
    // ron reports a string left open well.
    if code.unended {
        return None;
    }
    let opener = open.pop()?;
    Some((
        Break::Unclosed {
            opener,
            found: Found::End(source.len()),
        },
        pairs,
    ))
}

fn closing(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// A multi-line pair whose closer starts its line at another indentation than the opener's line.
/// `starts` are the byte offsets where lines begin; each check costs the indentation, not the
/// line, so a long single line stays linear.
fn misaligned(source: &str, starts: &[usize], open: &Bracket, close: &Bracket) -> bool {
    let line_start = |at: usize| starts[starts.partition_point(|s| *s <= at).saturating_sub(1)];
    let (open_line, close_line) = (line_start(open.at), line_start(close.at));
    if open_line == close_line {
        return false;
    }
    let bytes = source.as_bytes();
    let first_on_line = bytes[close_line..close.at]
        .iter()
        .all(|b| *b == b' ' || *b == b'\t');
    let indent = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count()
    };
    first_on_line && indent(open_line) != close.at - close_line
}

fn line_of(source: &str, at: usize) -> Range<usize> {
    let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    start..end
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The first line after the opener's indented no deeper than the opener's line, when it does not
/// close the opener: the missing closer belongs just before it.
fn end_of_item(source: &str, opener: &Bracket) -> Option<usize> {
    let line = line_of(source, opener.at);
    let depth = indent(&source[line.clone()]);
    let close = closing(opener.byte) as char;
    let first_line = line_column(source, opener.at).0 + 1;
    source
        .get(line.end + 1..)?
        .lines()
        .enumerate()
        .find(|(_, text)| {
            let body = text.trim_start();
            !body.is_empty() && !body.starts_with("//") && indent(text) <= depth
        })
        .filter(|(_, text)| !text.trim_start().starts_with(close))
        .map(|(index, _)| first_line + index)
}

/// How the author wrote the opener (`Choice(`, `options: [`, or the bare bracket) and where
/// that starts.
fn opener_name(source: &str, opener: &Bracket) -> (String, usize) {
    let line = line_of(source, opener.at);
    let before = source[line.start..opener.at].trim_end();
    let word_start = |text: &str| {
        text.char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(0, |(i, c)| i + c.len_utf8())
    };
    let bracket = opener.byte as char;
    let start = word_start(before);
    if start < before.len() {
        return (format!("{}{bracket}", &before[start..]), line.start + start);
    }
    // `field: [`: the field the bracket is the value of.
    if let Some(field) = before.strip_suffix([':', '：']) {
        let field = field.trim_end();
        let start = word_start(field);
        if start < field.len() {
            return (
                format!("{}: {bracket}", &field[start..]),
                line.start + start,
            );
        }
    }
    (bracket.to_string(), opener.at)
}

fn describe(source: &str, broken: Break) -> Diagnostic {
    let position = |at: usize| {
        let (line, column) = line_column(source, at);
        format!("{line}:{column}")
    };
    match broken {
        Break::Stray(closer) => {
            let bracket = closer.byte as char;
            let opener = match closer.byte {
                b')' => '(',
                b']' => '[',
                _ => '{',
            };
            Diagnostic::error(Kind::Syntax, format!("this `{bracket}` closes nothing"))
                .at(source, closer.at..closer.at + 1)
                .with_label(format!("no `{opener}` is open here"))
                .with_hint("remove it, or look for a bracket closed twice just before it")
        }
        Break::Unclosed { opener, found } => {
            let (name, name_at) = opener_name(source, &opener);
            let close = closing(opener.byte) as char;
            let message = format!("`{name}` at {} is never closed", position(name_at));
            let (at, label) = match found {
                Found::Closer(closer) => (
                    closer.at..closer.at + 1,
                    format!(
                        "`{}` found while `{name}` is still open",
                        closer.byte as char
                    ),
                ),
                Found::End(end) => (end..end, "the file ends while it is still open".to_owned()),
                Found::LinedUpElsewhere(closer) => (
                    closer.at..closer.at + 1,
                    "this closer lines up with an outer bracket".to_owned(),
                ),
            };
            let hint = match end_of_item(source, &opener) {
                Some(line) => format!(
                    "add the missing `{close}` where `{name}` ends, likely just before line {line} \
                     (the first line indented no deeper than it)"
                ),
                None => format!("add the missing `{close}` where `{name}` ends"),
            };
            Diagnostic::error(Kind::Syntax, message)
                .at(source, name_at..opener.at + 1)
                .with_label("opened here")
                .with_also(source, at, label)
                .with_hint(hint)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opener_of(source: &str) -> (String, usize, usize) {
        let diagnostic = unbalanced(source).expect("a break");
        (diagnostic.message, diagnostic.line, diagnostic.column)
    }

    #[test]
    fn balanced_text_and_brackets_in_strings_and_comments_pass() {
        let source = "A(\n  t: \"(\", // ]\n  l: [1, 2], /* } */\n)\n";
        assert!(unbalanced(source).is_none());
        assert!(unbalanced("A(t: \"never closed").is_none());
    }

    #[test]
    fn a_choice_missing_its_close_is_named() {
        let source = "N(\n    options: [\n        Choice(\n            next: \"a\",\n        Choice(\n            next: \"b\",\n        ),\n    ],\n)\n";
        let (message, line, column) = opener_of(source);
        assert_eq!(message, "`Choice(` at 3:9 is never closed");
        let hint = unbalanced(source).and_then(|d| d.hint).unwrap_or_default();
        assert!(hint.contains("before line 5 "), "{hint}");
        assert_eq!((line, column), (3, 9));
    }

    #[test]
    fn a_missing_list_close_names_the_field() {
        let source = "N(\n    options: [\n        C(next: \"a\"),\n)\n";
        assert_eq!(opener_of(source).0, "`options: [` at 2:5 is never closed");
    }

    #[test]
    fn a_missing_final_close_names_the_first_line() {
        let source = "Scenario(\n    id: \"x\",\n    nodes: [],\n";
        assert_eq!(opener_of(source).0, "`Scenario(` at 1:1 is never closed");
    }

    #[test]
    fn a_crossed_pair_of_the_same_kind_is_found_by_indentation() {
        let source = "N(\n    options: [\n        Choice(\n            text: (\n                zh: \"甲\",\n            next: \"a\",\n        ),\n        Choice(\n            next: \"b\",\n        ),\n    ],\n)\n";
        let diagnostic = unbalanced(source).expect("a break");
        assert_eq!(diagnostic.message, "`text: (` at 4:13 is never closed");
        assert_eq!(diagnostic.also[0].line, 7, "{diagnostic:?}");
        let hint = diagnostic.hint.unwrap_or_default();
        assert!(hint.contains("before line 6 "), "{hint}");
    }

    #[test]
    fn chinese_punctuation_before_an_opener_is_named_without_a_panic() {
        let source = "N(\n    options：[\n        C(next: \"甲\"),\n)\n";
        let message = opener_of(source).0;
        assert!(message.contains("never closed"), "{message}");
        let source = "N(\n    标题：(\n)\n";
        assert!(unbalanced(source).is_some());
    }

    #[test]
    fn nested_block_comments_and_raw_strings_are_not_brackets() {
        let source = "A(\n  /* options: [\n    C(), /* weak */\n  ],\n  */\n  t: r#\"he typed \":(\" and left\"#,\n)\n";
        assert!(unbalanced(source).is_none(), "{:?}", unbalanced(source));
    }

    #[test]
    fn a_stray_closer_is_reported() {
        let diagnostic = unbalanced("A(\n)\n)\n").expect("a break");
        assert_eq!((diagnostic.line, diagnostic.column), (3, 1));
    }
}
