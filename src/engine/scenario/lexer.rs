//! What in a RON text is not code: strings (`"…"` with escapes, raw `r#"…"#`), line comments and
//! block comments (which nest, as ron reads them). The scanners that look at brackets and values
//! without parsing (the nesting limit, the unclosed-bracket finder, the repairs) all skip these
//! the same way through [`skip`].

/// When a string or comment starts at byte `i`: the index of its last byte (`None` when it never
/// ends). `Some(i - 1)`-style "nothing to skip" is expressed as `Skip::Code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Byte `i` is code.
    Code,
    /// A string or comment from `i` to this index, inclusive.
    To(usize),
    /// A string or block comment from `i` that never ends.
    Unended,
}

/// The bytes of code from `from` on, with their index: strings and comments passed over.
pub fn code(bytes: &[u8], from: usize) -> Code<'_> {
    Code {
        bytes,
        i: from,
        unended: false,
    }
}

/// See [`code`]. After the last byte, `unended` says whether a string or comment never ended.
pub struct Code<'a> {
    bytes: &'a [u8],
    i: usize,
    pub unended: bool,
}

impl Iterator for Code<'_> {
    type Item = (usize, u8);

    fn next(&mut self) -> Option<(usize, u8)> {
        while self.i < self.bytes.len() {
            match skip(self.bytes, self.i) {
                Skip::To(end) => self.i = end + 1,
                Skip::Unended => {
                    self.unended = true;
                    self.i = self.bytes.len();
                }
                Skip::Code => {
                    self.i += 1;
                    return Some((self.i - 1, self.bytes[self.i - 1]));
                }
            }
        }
        None
    }
}

pub fn skip(bytes: &[u8], i: usize) -> Skip {
    match (bytes[i], bytes.get(i + 1)) {
        (b'"', _) => string_end(bytes, i + 1),
        (b'r', Some(b'"' | b'#')) if !ident_before(bytes, i) => raw_string_end(bytes, i),
        (b'/', Some(b'/')) => {
            let end = bytes[i..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |n| i + n);
            Skip::To(end.saturating_sub(1).max(i + 1))
        }
        (b'/', Some(b'*')) => block_comment_end(bytes, i),
        _ => Skip::Code,
    }
}

fn ident_before(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')
}

fn string_end(bytes: &[u8], mut i: usize) -> Skip {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Skip::To(i),
            _ => i += 1,
        }
    }
    Skip::Unended
}

/// `r"…"`, `r#"…"#`, `r##"…"##`…
fn raw_string_end(bytes: &[u8], start: usize) -> Skip {
    let hashes = bytes[start + 1..]
        .iter()
        .take_while(|b| **b == b'#')
        .count();
    let quote = start + 1 + hashes;
    if bytes.get(quote) != Some(&b'"') {
        return Skip::Code;
    }
    let mut i = quote + 1;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes.len() >= i + 1 + hashes
            && bytes[i + 1..i + 1 + hashes].iter().all(|b| *b == b'#')
        {
            return Skip::To(i + hashes);
        }
        i += 1;
    }
    Skip::Unended
}

fn block_comment_end(bytes: &[u8], start: usize) -> Skip {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                if depth == 0 {
                    return Skip::To(i + 1);
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    Skip::Unended
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(text: &str) -> Skip {
        skip(text.as_bytes(), 0)
    }

    #[test]
    fn strings_comments_and_raw_strings_end_where_ron_ends_them() {
        assert_eq!(end(r#""a\"b" x"#), Skip::To(5));
        assert_eq!(end("// c\nx"), Skip::To(3));
        assert_eq!(end("/* a /* b */ c */ x"), Skip::To(16));
        assert_eq!(end(r###"r#"he said ":(" "# x"###), Skip::To(17));
        assert_eq!(end(r#"r"(" x"#), Skip::To(3));
        assert_eq!(end("\"never"), Skip::Unended);
        assert_eq!(end("/* /* */"), Skip::Unended);
        assert_eq!(end("x"), Skip::Code);
        assert_eq!(
            skip(b"ar\"", 1),
            Skip::Code,
            "an identifier ending in r is code"
        );
    }
}
