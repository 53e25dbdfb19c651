//! Byte spans for items of a RON document, so semantic errors can point at the offending item.
//!
//! serde drops positions once a value is deserialized, and ron offers no spanned values. This is a
//! small structural scanner (not a validating parser) that is only run on text ron has already
//! accepted: it records where each struct field, list item and map entry sits. A [`SpanPath`]
//! such as `nodes[3].options[1].next` then resolves to the byte range of that value.

use std::ops::Range;

/// One step of a path into a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    /// A struct field by name (also a map key written as an identifier or string).
    Field(String),
    /// A list or tuple item by position.
    Index(usize),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanPath(pub Vec<Seg>);

impl SpanPath {
    pub fn root() -> Self {
        SpanPath(Vec::new())
    }

    pub fn field(mut self, name: &str) -> Self {
        self.0.push(Seg::Field(name.to_owned()));
        self
    }

    pub fn index(mut self, index: usize) -> Self {
        self.0.push(Seg::Index(index));
        self
    }
}

impl std::fmt::Display for SpanPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Field(name) if i == 0 => write!(f, "{name}")?,
                Seg::Field(name) => write!(f, ".{name}")?,
                Seg::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[derive(Debug)]
struct Item {
    span: Range<usize>,
    /// Named children: struct fields and map entries (key span kept for error labels).
    fields: Vec<(String, Range<usize>, Item)>,
    /// Positional children: list and tuple items.
    items: Vec<Item>,
}

/// Spans of a whole document.
#[derive(Debug)]
pub struct SpanTree {
    root: Option<Item>,
}

impl SpanTree {
    pub fn scan(source: &str) -> SpanTree {
        let mut scanner = Scanner {
            src: source.as_bytes(),
            pos: 0,
            depth: 0,
        };
        scanner.skip_trivia_and_attributes();
        SpanTree {
            root: scanner.value(),
        }
    }

    /// The span of the value at `path`. When the path goes deeper than the document (a field
    /// left at its default), the deepest span found is returned instead.
    pub fn locate(&self, path: &SpanPath) -> Option<Range<usize>> {
        let mut item = self.root.as_ref()?;
        for seg in &path.0 {
            match item.child(seg) {
                Some(child) => item = child,
                None => return Some(item.span.clone()),
            }
        }
        Some(item.span.clone())
    }

    /// The span of the field name at the end of `path` (`next` in `next: "x"`), if present.
    pub fn locate_key(&self, path: &SpanPath) -> Option<Range<usize>> {
        let (last, parent) = path.0.split_last()?;
        let mut item = self.root.as_ref()?;
        for seg in parent {
            item = item.child(seg)?;
        }
        let Seg::Field(name) = last else { return None };
        item.named(name).map(|(key, _)| key.clone())
    }
}

impl Item {
    fn child(&self, seg: &Seg) -> Option<&Item> {
        let direct = match seg {
            Seg::Field(name) => self.named(name).map(|(_, item)| item),
            Seg::Index(index) => self.items.get(*index),
        };
        // `Some(x)` and newtype variants wrap their content in one positional item: look through.
        direct.or_else(|| match self.items.as_slice() {
            [only] if self.fields.is_empty() => only.child(seg),
            _ => None,
        })
    }

    fn named(&self, name: &str) -> Option<(&Range<usize>, &Item)> {
        self.fields
            .iter()
            .find(|(key, _, _)| key == name)
            .map(|(_, key_span, item)| (key_span, item))
    }
}

/// Nesting deeper than this is not scanned (ron has its own recursion limit before this).
const MAX_DEPTH: usize = 512;

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.src.get(self.pos + 1).copied()) {
                (Some(c), _) if c.is_ascii_whitespace() => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => self.skip_block_comment(),
                _ => return,
            }
        }
    }

    fn skip_block_comment(&mut self) {
        let mut nesting = 0usize;
        while self.pos < self.src.len() {
            if self.src[self.pos..].starts_with(b"/*") {
                nesting += 1;
                self.pos += 2;
            } else if self.src[self.pos..].starts_with(b"*/") {
                nesting -= 1;
                self.pos += 2;
                if nesting == 0 {
                    return;
                }
            } else {
                self.pos += 1;
            }
        }
    }

    fn skip_trivia_and_attributes(&mut self) {
        self.skip_trivia();
        while self.src[self.pos..].starts_with(b"#![") {
            let mut depth = 0usize;
            while let Some(c) = self.peek() {
                self.pos += 1;
                match c {
                    b'[' => depth += 1,
                    b']' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            self.skip_trivia();
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_trivia();
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Item> {
        self.skip_trivia();
        let start = self.pos;
        let leaf = |end: usize| Item {
            span: start..end,
            fields: Vec::new(),
            items: Vec::new(),
        };
        match self.peek()? {
            b'(' => self.group(start, b')'),
            b'[' => self.group(start, b']'),
            b'{' => self.group(start, b'}'),
            b'"' => {
                self.string_body();
                Some(leaf(self.pos))
            }
            b'\'' => {
                self.char_literal();
                Some(leaf(self.pos))
            }
            b'r' | b'b' if self.raw_or_byte_string() => Some(leaf(self.pos)),
            _ => {
                let word_len = self.word().len();
                if word_len == 0 {
                    return None;
                }
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    // A named struct, tuple struct or enum variant: the name belongs to its span.
                    let mut item = self.group(self.pos, b')')?;
                    item.span.start = start;
                    Some(item)
                } else {
                    Some(leaf(start + word_len))
                }
            }
        }
    }

    /// Scans `( … )`, `[ … ]` or `{ … }` starting at the opening bracket.
    fn group(&mut self, start: usize, close: u8) -> Option<Item> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.pos += 1;
        let mut item = Item {
            span: start..start,
            fields: Vec::new(),
            items: Vec::new(),
        };
        loop {
            if self.eat(close) {
                break;
            }
            let entry = self.value()?;
            if self.eat(b':') {
                let key = self.key_text(&entry.span);
                let value = self.value()?;
                item.fields.push((key, entry.span, value));
            } else {
                item.items.push(entry);
            }
            if !self.eat(b',') {
                if self.eat(close) {
                    break;
                }
                return None;
            }
        }
        item.span.end = self.pos;
        self.depth -= 1;
        Some(item)
    }

    fn key_text(&self, span: &Range<usize>) -> String {
        let raw = String::from_utf8_lossy(&self.src[span.clone()]);
        raw.trim_matches('"').to_owned()
    }

    fn word(&mut self) -> &[u8] {
        let start = self.pos;
        while self.peek().is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'+' | b'-') || c >= 0x80
        }) {
            self.pos += 1;
        }
        &self.src[start..self.pos]
    }

    fn string_body(&mut self) {
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn char_literal(&mut self) {
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'\'' => return,
                _ => {}
            }
        }
    }

    /// `r"…"`, `r#"…"#`, `b"…"` and `br#"…"#`; false (nothing consumed) for a plain word.
    fn raw_or_byte_string(&mut self) -> bool {
        let rest = &self.src[self.pos..];
        let prefix = if rest.starts_with(b"br") { 2 } else { 1 };
        let is_byte_plain = rest.starts_with(b"b\"");
        if is_byte_plain {
            self.pos += 1;
            self.string_body();
            return true;
        }
        if !(rest.starts_with(b"r") || rest.starts_with(b"br")) {
            return false;
        }
        let hashes = rest[prefix..].iter().take_while(|c| **c == b'#').count();
        if rest.get(prefix + hashes) != Some(&b'"') {
            return false;
        }
        self.pos += prefix + hashes + 1;
        let mut terminator = vec![b'"'];
        terminator.extend(std::iter::repeat_n(b'#', hashes));
        while self.pos < self.src.len() && !self.src[self.pos..].starts_with(&terminator) {
            self.pos += 1;
        }
        self.pos = (self.pos + terminator.len()).min(self.src.len());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"#![enable(implicit_some)]
// a comment (with a paren
Scenario(
    id: "demo",
    nodes: [
        Turn(id: "a", options: [ Choice(next: "b"), Choice(next: "zz", text: r#"x"y"#) ]),
        Ending(id: "b", tone: Some((zh: "静", en: "calm"))),
    ],
    map: { anger: 10, "key": [1, 2] },
)"##;

    fn text_at(path: SpanPath) -> &'static str {
        let span = SpanTree::scan(DOC).locate(&path).expect("located");
        &DOC[span]
    }

    #[test]
    fn finds_nested_fields_and_items() {
        assert_eq!(text_at(SpanPath::root().field("id")), "\"demo\"");
        let next = SpanPath::root()
            .field("nodes")
            .index(0)
            .field("options")
            .index(1)
            .field("next");
        assert_eq!(text_at(next), "\"zz\"");
        assert_eq!(
            text_at(SpanPath::root().field("nodes").index(1).field("id")),
            "\"b\""
        );
        assert_eq!(
            text_at(SpanPath::root().field("map").field("key").index(1)),
            "2"
        );
    }

    #[test]
    fn looks_through_some_and_reports_keys() {
        let tone_en = SpanPath::root()
            .field("nodes")
            .index(1)
            .field("tone")
            .field("en");
        assert_eq!(text_at(tone_en), "\"calm\"");
        let key = SpanTree::scan(DOC).locate_key(&SpanPath::root().field("map").field("anger"));
        assert_eq!(&DOC[key.unwrap()], "anger");
    }

    #[test]
    fn missing_path_falls_back_to_the_deepest_item() {
        let path = SpanPath::root().field("nodes").index(0).field("customer");
        assert!(text_at(path).starts_with("Turn(id: \"a\""));
    }

    #[test]
    fn garbage_never_panics() {
        for doc in [
            "",
            "(",
            "[[[",
            "r#\"",
            "\"unterminated",
            "(a: ",
            "#![",
            "/* open",
            "b",
            "br#",
        ] {
            let tree = SpanTree::scan(doc);
            let _ = tree.locate(&SpanPath::root().field("x").index(2));
        }
    }
}
