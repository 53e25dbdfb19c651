//! Long lines cut to a window for excerpts: a diagnostic on a 20,000-character line shows the part
//! around the problem, with "…" where the line was cut, rather than the whole line.

use std::ops::Range;

/// Lines longer than this many characters are cut.
pub const LONG_LINE: usize = 200;
/// Characters kept of a cut line, and how many of them come before the problem.
const WINDOW: usize = 160;
const BEFORE: usize = 60;
const ELLIPSIS: &str = "…";

/// A file's text with its long lines cut, and the way back to the original positions.
pub(crate) struct Clipped {
    pub text: String,
    lines: Vec<Line>,
}

/// Where one line starts in both texts; for a cut line, what was kept.
#[derive(Clone, Copy, Debug)]
struct Line {
    shown: usize,
    original: usize,
    /// Bytes of the line without its line break, in each text.
    shown_len: usize,
    original_len: usize,
    /// Bytes of the original line before the kept part, and of the kept part.
    skipped: usize,
    kept: usize,
    /// Bytes of the leading ellipsis (0 when the line is shown from its start).
    prefix: usize,
}

/// The text with every line over [`LONG_LINE`] characters cut around the first of `focus` (byte
/// offsets) on it; `None` when no line is that long.
pub(crate) fn clip(source: &str, focus: &[usize]) -> Option<Clipped> {
    let long = source
        .lines()
        .any(|line| line.len() > LONG_LINE && line.chars().count() > LONG_LINE);
    if !long {
        return None;
    }
    let mut clipped = Clipped {
        text: String::with_capacity(source.len().min(1 << 20)),
        lines: Vec::new(),
    };
    let mut original = 0;
    for raw in source.split_inclusive('\n') {
        let body = raw.trim_end_matches(['\n', '\r']);
        let ending = &raw[body.len()..];
        let shown = clipped.text.len();
        let chars = body.chars().count();
        let mut line = Line {
            shown,
            original,
            shown_len: body.len(),
            original_len: body.len(),
            skipped: 0,
            kept: body.len(),
            prefix: 0,
        };
        if chars > LONG_LINE {
            let point = focus
                .iter()
                .copied()
                .filter(|f| (original..original + body.len()).contains(f))
                .min()
                .map_or(0, |f| body[..f - original].chars().count());
            let first = point
                .saturating_sub(BEFORE)
                .min(chars.saturating_sub(WINDOW));
            let start = byte_of_char(body, first);
            let end = byte_of_char(body, first + WINDOW);
            let prefix = if start > 0 { ELLIPSIS } else { "" };
            let suffix = if end < body.len() { ELLIPSIS } else { "" };
            clipped.text.push_str(prefix);
            clipped.text.push_str(&body[start..end]);
            clipped.text.push_str(suffix);
            line.skipped = start;
            line.kept = end - start;
            line.prefix = prefix.len();
            line.shown_len = prefix.len() + (end - start) + suffix.len();
        } else {
            clipped.text.push_str(body);
        }
        clipped.text.push_str(ending);
        clipped.lines.push(line);
        original += raw.len();
    }
    Some(clipped)
}

fn byte_of_char(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(i, _)| i)
}

impl Clipped {
    /// Where an offset of the original text is shown (a cut-away part maps to its "…").
    pub fn to_shown(&self, offset: usize) -> usize {
        let line = self.line_by(offset, |l| l.original);
        let within = offset - line.original;
        if within >= line.original_len {
            line.shown + line.shown_len + (within - line.original_len)
        } else if within < line.skipped {
            line.shown
        } else if within - line.skipped <= line.kept {
            line.shown + line.prefix + (within - line.skipped)
        } else {
            line.shown + line.prefix + line.kept
        }
    }

    pub fn span_to_shown(&self, span: &Range<usize>) -> Range<usize> {
        let start = self.to_shown(span.start);
        start..self.to_shown(span.end).max(start)
    }

    /// The original offset of a shown one.
    pub fn to_original(&self, offset: usize) -> usize {
        let line = self.line_by(offset, |l| l.shown);
        let within = offset - line.shown;
        if within >= line.shown_len {
            line.original + line.original_len + (within - line.shown_len)
        } else if within < line.prefix {
            line.original + line.skipped
        } else {
            line.original + line.skipped + (within - line.prefix).min(line.kept)
        }
    }

    fn line_by(&self, offset: usize, start: impl Fn(&Line) -> usize) -> Line {
        let after = self.lines.partition_point(|l| start(l) <= offset);
        self.lines[after.saturating_sub(1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_files_are_not_copied() {
        assert!(clip("a\nb\n", &[0]).is_none());
    }

    #[test]
    fn a_long_line_is_cut_around_the_problem_and_positions_map_both_ways() {
        let long = format!("x: \"{}中BAD{}\",", "a".repeat(5_000), "b".repeat(5_000));
        let source = format!("first\n{long}\nlast\n");
        let bad = source.find("BAD").unwrap();
        let clipped = clip(&source, &[bad]).unwrap();
        let lines: Vec<&str> = clipped.text.lines().collect();
        assert_eq!(lines[0], "first");
        assert_eq!(lines[2], "last");
        assert!(
            lines[1].starts_with('…') && lines[1].ends_with('…'),
            "{}",
            lines[1]
        );
        assert!(lines[1].chars().count() <= WINDOW + 2);
        let shown = clipped.to_shown(bad);
        assert_eq!(&clipped.text[shown..shown + 3], "BAD");
        assert_eq!(clipped.to_original(shown), bad);
        let last = source.find("last").unwrap();
        assert_eq!(&clipped.text[clipped.to_shown(last)..][..4], "last");
        assert_eq!(clipped.to_original(clipped.to_shown(last)), last);
    }
}
