//! A reply as the analyser reads it: normalised for matching (lower case, full-width forms
//! folded, control characters dropped) while every position still maps back to the words the
//! trainee typed; and the terms two texts can share (Chinese characters and character pairs, so
//! no word breaks are needed; English words, lightly stemmed, and word pairs).

use std::ops::Range;

use crate::engine::domain::Lang;

/// Longest reply analysed; anything after this is ignored (and the analysis says so).
pub const MAX_REPLY_CHARS: usize = 2_000;

/// The reply normalised for matching, with a map back to the original text.
#[derive(Clone, Debug)]
pub struct Normalised {
    pub text: String,
    /// For each char of `text`: its byte offset in `text` and in the original.
    starts: Vec<(usize, usize)>,
    original_len: usize,
    /// The reply was longer than [`MAX_REPLY_CHARS`] and was cut.
    pub truncated: bool,
}

impl Normalised {
    pub fn new(original: &str) -> Normalised {
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len());
        let mut truncated = false;
        let mut previous_space = true;
        for (count, (at, c)) in original.char_indices().enumerate() {
            if count >= MAX_REPLY_CHARS {
                truncated = true;
                break;
            }
            let folded = fold(c);
            let folded = if folded.is_whitespace() || folded.is_control() {
                if previous_space {
                    continue;
                }
                ' '
            } else {
                folded
            };
            previous_space = folded == ' ';
            starts.push((text.len(), at));
            text.push(folded);
        }
        let original_len = if truncated {
            starts.last().map_or(0, |&(_, at)| {
                at + original[at..].chars().next().map_or(0, char::len_utf8)
            })
        } else {
            original.len()
        };
        Normalised {
            text,
            starts,
            original_len,
            truncated,
        }
    }

    /// The byte range in the original reply of a byte range of the normalised text.
    pub fn original_range(&self, range: &Range<usize>) -> Range<usize> {
        let to_original = |offset: usize| match self.starts.binary_search_by(|s| s.0.cmp(&offset)) {
            Ok(index) => self.starts[index].1,
            Err(index) => self.starts.get(index).map_or(self.original_len, |s| s.1),
        };
        to_original(range.start)..to_original(range.end)
    }
}

/// One char folded for matching: lower case, full-width ASCII forms and the ideographic space
/// to their ASCII equivalents, curly quotes to straight ones.
fn fold(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        _ => c,
    };
    c.to_lowercase().next().unwrap_or(c)
}

/// A CJK ideograph (the Chinese characters a reply is made of).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Which language a text is mostly written in, if either: `None` for emoji, digits or another
/// script.
pub fn script_of(text: &str) -> Option<Lang> {
    let han = text.chars().filter(|c| is_han(*c)).count();
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if han == 0 && latin < 2 {
        None
    } else if han * 3 >= latin {
        Some(Lang::Zh)
    } else {
        Some(Lang::En)
    }
}

const EN_STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "to", "of", "in", "on", "for", "is", "are", "was", "were", "be",
    "been", "it", "its", "that", "this", "i", "me", "my", "we", "our", "us", "you", "your", "so",
    "at", "as", "with", "do", "does", "did", "have", "has", "had", "will", "would", "can", "could",
    "just", "if", "then", "there", "here", "about", "from", "by", "am", "im", "i'm", "you're",
    "it's", "that's", "we'll", "i'll", "let", "me", "get", "got", "not", "no", "yes", "ok", "okay",
    "mr", "ms", "mrs", "what", "which", "who", "how", "when", "all", "any", "some", "very",
    "really",
];

const ZH_STOP: &[char] = &[
    '的', '了', '是', '我', '您', '你', '吗', '呢', '吧', '啊', '呀', '哦', '嗯', '这', '那', '就',
    '也', '都', '在', '和', '有', '个', '们', '很', '会', '要', '给', '把', '被', '让', '还', '先',
    '生', '小', '姐', '女', '士',
];

/// A light English stem: plural and common verb endings dropped, so "delays", "delayed" and
/// "delay" meet.
fn stem(word: &str) -> String {
    let word = word.trim_matches('\'');
    for suffix in ["ing", "ed", "es", "ly", "s"] {
        if word.len() > suffix.len() + 3
            && let Some(root) = word.strip_suffix(suffix)
        {
            return root.to_owned();
        }
    }
    word.to_owned()
}

/// English content words of a normalised text, stemmed, with their byte ranges.
pub fn english_words(text: &str) -> Vec<(String, Range<usize>)> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let part_of_word = c.is_alphanumeric() && !is_han(c) || c == '\'';
        match (part_of_word, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                let word = &text[from..at];
                if !EN_STOP.contains(&word) && word.chars().any(char::is_alphanumeric) {
                    words.push((stem(word), from..at));
                }
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// The terms a text offers for similarity, each with the byte range it covers.
pub fn terms(text: &str, lang: Lang) -> Vec<(String, Range<usize>)> {
    let mut terms = Vec::new();
    match lang {
        Lang::Zh => {
            let han: Vec<(usize, char)> = text.char_indices().collect();
            for (index, &(at, c)) in han.iter().enumerate() {
                if !is_han(c) {
                    continue;
                }
                let end = at + c.len_utf8();
                if !ZH_STOP.contains(&c) {
                    terms.push((c.to_string(), at..end));
                }
                if let Some(&(next_at, next)) = han.get(index + 1)
                    && is_han(next)
                {
                    terms.push((format!("{c}{next}"), at..next_at + next.len_utf8()));
                }
            }
            // Latin words inside Chinese text (order numbers, product names).
            terms.extend(english_words(text));
        }
        Lang::En => {
            let words = english_words(text);
            for pair in words.windows(2) {
                terms.push((
                    format!("{} {}", pair[0].0, pair[1].0),
                    pair[0].1.start..pair[1].1.end,
                ));
            }
            terms.extend(words);
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_map_back_to_what_was_typed() {
        let typed = "ＯＫ，Ｍr Wang\u{7}\n\n  我明白您很着急";
        let normalised = Normalised::new(typed);
        assert_eq!(normalised.text, "ok,mr wang 我明白您很着急");
        let at = normalised.text.find("着急").unwrap();
        let range = normalised.original_range(&(at..at + "着急".len()));
        assert_eq!(&typed[range], "着急");
        let at = normalised.text.find("wang").unwrap();
        assert_eq!(&typed[normalised.original_range(&(at..at + 4))], "Wang");
    }

    #[test]
    fn long_replies_are_cut_at_a_char_boundary() {
        let typed = "好".repeat(MAX_REPLY_CHARS + 10);
        let normalised = Normalised::new(&typed);
        assert!(normalised.truncated);
        assert_eq!(normalised.text.chars().count(), MAX_REPLY_CHARS);
        let all = normalised.original_range(&(0..normalised.text.len()));
        assert_eq!(typed[all].chars().count(), MAX_REPLY_CHARS);
    }

    #[test]
    fn terms_need_no_word_breaks() {
        let zh: Vec<String> = terms("帮您查物流", Lang::Zh)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert!(zh.contains(&"物流".to_owned()) && zh.contains(&"查".to_owned()));
        assert!(
            !zh.contains(&"您".to_owned()),
            "stop characters are not terms"
        );
        let en: Vec<String> = terms("the parcels were delayed", Lang::En)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(en, ["parcel delay", "parcel", "delay"]);
    }

    #[test]
    fn the_script_is_told_apart() {
        assert_eq!(script_of("我马上帮您查"), Some(Lang::Zh));
        assert_eq!(script_of("I'll check now"), Some(Lang::En));
        assert_eq!(script_of("🙂🙂 123"), None);
    }
}
