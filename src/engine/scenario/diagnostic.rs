//! Authoring diagnostics: what went wrong in a scenario file, where, and how to fix it.
//!
//! Each diagnostic carries a byte span plus its 1-based line and column. They render like a
//! compiler's (through miette) for the terminal and serialise to JSON for tools.

use std::ops::Range;
use std::sync::Arc;

use crate::engine::scenario::clip;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

/// The kinds of problem the loader and validator report. The id is stable for tools and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Could not read the file, or it is not UTF-8 text, or over the size limit.
    Unreadable,
    /// RON syntax: a bracket, comma, quote or value is malformed.
    Syntax,
    /// Well-formed RON with the wrong shape: a missing or unknown field, a wrong type.
    Shape,
    /// An id that is not in the domain vocabulary (step, technique, anti-pattern, style…).
    UnknownId,
    /// A link to a node that does not exist.
    DanglingLink,
    DuplicateId,
    UnreachableNode,
    /// A customer turn with no options to choose from.
    EmptyOptions,
    /// A node from which no ending can be reached (a dead end or a cycle with no exit).
    NoWayOut,
    MissingTranslation,
    OutOfRange,
    /// A link of the wrong kind, such as an escalation pointing at a customer turn.
    WrongNodeKind,
    /// A media path that is absolute or leads outside the assets folder.
    AssetPath,
    /// Legal but probably a mistake, such as an option that earns and costs nothing.
    Suspicious,
    /// An option's example phrasing that the reply analyser matches to another option.
    ExampleElsewhere,
    /// A picture that is missing, too large, declares too many pixels or cannot be decoded.
    Media,
    /// A customer turn offering fewer or more options than the documented three or four.
    OptionCount,
    /// Two options of a turn with the same text.
    DuplicateOption,
    /// English in a `zh` text, ASCII punctuation against Chinese, or Chinese in an `en` text.
    MixedScript,
    /// A `{…}` in a text that is not `{name}` or `{address}`.
    UnknownPlaceholder,
    /// The best reply can be told by length, empathy words or addressing the customer, in most
    /// turns, without any empathy skill.
    SurfaceCue,
    /// A `when` condition or a `set` change that does not parse.
    StateSyntax,
    /// A condition reads a counter or flag that no option's `set` ever changes.
    UnknownState,
    /// An option sets a counter or flag that nothing ever reads.
    UnusedState,
    /// A condition that no conversation can meet where it stands: an option never offered, a
    /// line never said, a branch never taken.
    NeverHolds,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Unreadable => "unreadable",
            Kind::Syntax => "syntax",
            Kind::Shape => "shape",
            Kind::UnknownId => "unknown_id",
            Kind::DanglingLink => "dangling_link",
            Kind::DuplicateId => "duplicate_id",
            Kind::UnreachableNode => "unreachable_node",
            Kind::EmptyOptions => "empty_options",
            Kind::NoWayOut => "no_way_out",
            Kind::MissingTranslation => "missing_translation",
            Kind::OutOfRange => "out_of_range",
            Kind::WrongNodeKind => "wrong_node_kind",
            Kind::AssetPath => "asset_path",
            Kind::Suspicious => "suspicious",
            Kind::ExampleElsewhere => "example_elsewhere",
            Kind::Media => "media",
            Kind::OptionCount => "option_count",
            Kind::DuplicateOption => "duplicate_option",
            Kind::MixedScript => "mixed_script",
            Kind::UnknownPlaceholder => "unknown_placeholder",
            Kind::SurfaceCue => "surface_cue",
            Kind::StateSyntax => "state_syntax",
            Kind::UnknownState => "unknown_state",
            Kind::UnusedState => "unused_state",
            Kind::NeverHolds => "never_holds",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    pub message: String,
    /// Short text under the highlighted span.
    pub label: String,
    /// How to fix it.
    pub hint: Option<String>,
    #[serde(skip)]
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
    /// Other places that explain the problem, such as where an unclosed bracket was noticed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Place>,
}

/// A second labelled position in the same file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Place {
    pub label: String,
    #[serde(skip)]
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    pub fn error(kind: Kind, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            message: message.into(),
            label: String::new(),
            hint: None,
            span: 0..0,
            line: 1,
            column: 1,
            also: Vec::new(),
        }
    }

    pub fn warning(kind: Kind, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, message)
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Places the diagnostic at a byte span of `source`, filling in line and column.
    pub fn at(mut self, source: &str, span: Range<usize>) -> Self {
        (self.span, self.line, self.column) = place(source, span);
        self
    }

    /// Adds a second labelled position of `source`.
    pub fn with_also(mut self, source: &str, span: Range<usize>, label: impl Into<String>) -> Self {
        let (span, line, column) = place(source, span);
        self.also.push(Place {
            label: label.into(),
            span,
            line,
            column,
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The candidate spelled most like `found` ("did you mean …?"), when its Jaro-Winkler similarity
/// is above `above`; of equally close ones, the last.
pub fn closest<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    above: f64,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(found, candidate), candidate))
        .filter(|(similarity, _)| *similarity > above)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// A byte span clamped to `source` and its characters, with the line and column of its start.
fn place(source: &str, span: Range<usize>) -> (Range<usize>, usize, usize) {
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
    let (line, column) = line_column(source, start);
    (start..end, line, column)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and character column; clamped to the text.
pub fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match source[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return source.len(),
        }
    }
    let line_text = &source[offset..];
    let line_end = line_text.find('\n').unwrap_or(line_text.len());
    let within = line_text[..line_end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_end, |(i, _)| i);
    offset + within
}

fn floor_char_boundary(source: &str, mut offset: usize) -> usize {
    while offset > 0 && !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A file with thousands of the same problem shows this many of each kind in full.
pub const RENDERED_PER_KIND: usize = 10;

/// A file's diagnostics with the text they point into, ready to render.
#[derive(Clone, Debug)]
pub struct FileDiagnostics {
    pub path: String,
    pub source: Arc<str>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileDiagnostics {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Compiler-style rendering: `path:line:col`, the source excerpt with the span underlined,
    /// the label and the hint. `color` adds ANSI colours for a terminal.
    pub fn render(&self, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let mut out = String::new();
        let mut shown: std::collections::HashMap<Kind, usize> = Default::default();
        let rendered: Vec<&Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|diagnostic| {
                let count = shown.entry(diagnostic.kind).or_default();
                *count += 1;
                *count <= RENDERED_PER_KIND
            })
            .collect();
        for diagnostic in rendered {
            // A long line is shown as a window around this diagnostic's positions.
            let focus: Vec<usize> = std::iter::once(diagnostic.span.start)
                .chain(diagnostic.also.iter().map(|also| also.span.start))
                .collect();
            let clipped = clip::clip(&self.source, &focus);
            let text: Arc<str> = match &clipped {
                Some(clipped) => Arc::from(clipped.text.as_str()),
                None => self.source.clone(),
            };
            let place = |span: &Range<usize>| match &clipped {
                Some(clipped) => clipped.span_to_shown(span),
                None => span.clone(),
            };
            let main = (!diagnostic.label.is_empty()).then(|| diagnostic.label.clone());
            let labels = std::iter::once((place(&diagnostic.span), main))
                .chain(
                    diagnostic
                        .also
                        .iter()
                        .map(|also| (place(&also.span), Some(also.label.clone()))),
                )
                .map(|(span, label)| LabeledSpan::new(label, span.start, span.len()))
                .collect();
            let report = Rendered {
                diagnostic,
                labels,
                source: CharColumns {
                    named: NamedSource::new(&self.path, text.clone()).with_language("ron"),
                    text: text.clone(),
                    original: self.source.clone(),
                    clipped: clipped.as_ref(),
                },
            };
            // The headline keeps `file:line:col` on one line that editors and CI logs can jump to.
            let level = if diagnostic.is_error() {
                "error"
            } else {
                "warning"
            };
            out.push_str(&format!(
                "{}:{}:{}: {level}[{}]: {}\n",
                self.path,
                diagnostic.line,
                diagnostic.column,
                diagnostic.kind.id(),
                diagnostic.message
            ));
            let _ = handler.render_report(&mut out, &report);
        }
        let mut hidden: Vec<(Kind, usize)> = shown
            .into_iter()
            .filter(|(_, count)| *count > RENDERED_PER_KIND)
            .map(|(kind, count)| (kind, count - RENDERED_PER_KIND))
            .collect();
        hidden.sort_by_key(|(kind, _)| kind.id());
        for (kind, more) in hidden {
            out.push_str(&format!(
                "{}: … and {more} more [{}] like these (`--format json` lists them all)\n",
                self.path,
                kind.id()
            ));
        }
        out
    }
}

struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    /// The labels, placed in the text as shown.
    labels: Vec<LabeledSpan>,
    source: CharColumns<'a>,
}

/// The file's text for miette, with columns counted in characters as our headline counts them
/// (miette counts bytes, so a Chinese line would show two different columns), and with each
/// excerpt's line count its own.
struct CharColumns<'a> {
    named: NamedSource<Arc<str>>,
    /// The text as shown (long lines cut), and the file's own text that columns count in.
    text: Arc<str>,
    original: Arc<str>,
    clipped: Option<&'a clip::Clipped>,
}

impl SourceCode for CharColumns<'_> {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents = self
            .named
            .read_span(span, context_lines_before, context_lines_after)?;
        let shown = contents.span().offset().min(self.text.len());
        let start = self
            .clipped
            .map_or(shown, |clipped| clipped.to_original(shown));
        let start = floor_char_boundary(&self.original, start.min(self.original.len()));
        let line_start = self.original[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = self.original[line_start..start].chars().count();
        // miette counts every line from the top of the file here and then merges any two labels
        // into one excerpt; the excerpt's own lines keep distant labels in separate excerpts.
        let lines = contents.data().iter().filter(|b| **b == b'\n').count();
        let mut chars = miette::MietteSpanContents::new_named(
            contents.name().unwrap_or_default().to_owned(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            lines,
        );
        if let Some(language) = contents.language() {
            chars = chars.with_language(language);
        }
        Ok(Box::new(chars))
    }
}

impl std::fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl std::fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diagnostic
            .hint
            .as_ref()
            .map(|hint| Box::new(hint) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_and_round_trip() {
        let text = "ab\n中文x\n";
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 3));
        assert_eq!(offset_of(text, 2, 3), x);
        assert_eq!(offset_of(text, 9, 9), text.len());
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn rendering_names_file_line_column_and_hint() {
        let source: Arc<str> = Arc::from("Scenario(\n  id: 5,\n)");
        let diagnostic = Diagnostic::error(Kind::Shape, "expected a string")
            .at(&source, 16..17)
            .with_label("this is a number")
            .with_hint("put the id in quotes");
        let file = FileDiagnostics {
            path: "x.ron".into(),
            source,
            diagnostics: vec![diagnostic],
        };
        let text = file.render(false);
        assert!(
            text.starts_with("x.ron:2:7: error[shape]: expected a string"),
            "{text}"
        );
        assert!(text.contains("put the id in quotes"), "{text}");
        assert!(text.contains("this is a number"), "{text}");
    }
}
