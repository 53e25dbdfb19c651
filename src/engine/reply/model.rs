//! The word model: one logistic regression per empathy step and per anti-pattern over the
//! reply's terms (Chinese characters, character pairs and triples; English words and word
//! pairs), trained on the labelled tuning replies and the scenarios' authored replies and
//! examples by `scripts/train-reply-model.py` and shipped as `assets/reply-model.json`.
//!
//! The cue rules stay the first word. The model adds a tag they missed when it is sure enough
//! (`add_at`), with the clause that weighs most as evidence and the terms that tipped it as the
//! reason; and it drops a tag the reply took only from the wording of the authored option it
//! resembles (`likeness`) when nothing in the reply's own words points to it (`drop_below`).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

use serde::Deserialize;

use super::cues::Tag;
use crate::engine::domain::{AntiPattern, Step};

/// The word model shipped with Rapport.
pub const DEFAULT_MODEL: &str = include_str!("../../../assets/reply-model.json");

static BUILTIN: LazyLock<WordModel> =
    LazyLock::new(|| WordModel::parse(DEFAULT_MODEL).expect("the built-in word model is valid"));

/// Which labelled part a model was trained on, and the hash of its gold when it was.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct TrainedOn {
    pub part: String,
    pub replies: usize,
    pub sha256: String,
}

/// How the model treats one tag.
#[derive(Clone, Debug, PartialEq)]
pub struct TagModel {
    pub tag: Tag,
    bias: f64,
    /// The model adds the tag when its probability is at least this.
    pub add_at: f64,
    /// A tag taken only from the matched option's wording goes below this.
    pub drop_below: f64,
}

#[derive(Deserialize)]
struct ModelFile {
    trained_on: Vec<TrainedOn>,
    tags: Vec<TagFile>,
    terms: HashMap<String, KnownTerm>,
}

/// A term the model knows: its inverse document frequency, and its weight for each tag (by index
/// in `tags`) that has one.
#[derive(Debug, Deserialize)]
struct KnownTerm(f64, Vec<(usize, f64)>);

#[derive(Deserialize)]
struct TagFile {
    tag: String,
    bias: f64,
    add_at: f64,
    drop_below: f64,
}

#[derive(Debug)]
pub struct WordModel {
    pub trained_on: Vec<TrainedOn>,
    pub tags: Vec<TagModel>,
    terms: HashMap<String, KnownTerm>,
}

/// What the model reads in one reply for one tag.
#[derive(Clone, Debug, PartialEq)]
pub struct TagReading {
    pub tag: Tag,
    pub probability: f64,
    /// The tag is likely enough to add when the rules missed it.
    pub adds: bool,
    /// The tag is unlikely enough that the reply does not take it from an option's wording.
    pub drops: bool,
    /// The terms that pushed towards the tag, most first.
    pub telling: Vec<Telling>,
}

/// A term of the reply that pushed the model towards a tag.
#[derive(Clone, Debug, PartialEq)]
pub struct Telling {
    /// As a trainee reads it (see [`shown`]).
    pub term: String,
    /// Where it first occurs in the normalised reply.
    pub range: Range<usize>,
    /// How much it added to the tag's log-odds.
    pub weight: f64,
}

impl WordModel {
    /// The built-in model, read the first time a reply is (not at start-up). It is checked by
    /// the test suite, so failing here is a build defect.
    pub fn builtin() -> &'static WordModel {
        &BUILTIN
    }

    pub fn parse(text: &str) -> Result<WordModel, String> {
        let file: ModelFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let tags = file
            .tags
            .iter()
            .map(|t| {
                let tag = Step::from_id(&t.tag)
                    .map(Tag::Step)
                    .or_else(|| AntiPattern::from_id(&t.tag).map(Tag::AntiPattern))
                    .ok_or_else(|| format!("unknown tag `{}`", t.tag))?;
                Ok(TagModel {
                    tag,
                    bias: t.bias,
                    add_at: t.add_at,
                    drop_below: t.drop_below,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        if let Some((term, _)) = file.terms.iter().find(|(_, KnownTerm(_, weights))| {
            weights.iter().any(|(index, _)| *index >= tags.len())
        }) {
            return Err(format!("term `{term}` weighs a tag the file does not list"));
        }
        Ok(WordModel {
            trained_on: file.trained_on,
            tags,
            terms: file.terms,
        })
    }

    /// Reads a normalised reply (`text::Normalised::text`): each tag's probability and the
    /// terms that weighed towards it.
    pub fn read(&self, normalised: &str) -> Vec<TagReading> {
        // Each known term with its count and first occurrence.
        let mut found: BTreeMap<String, (usize, Range<usize>, &KnownTerm)> = BTreeMap::new();
        for (term, range) in terms(normalised) {
            if let Some(known) = self.terms.get(&term) {
                found.entry(term).or_insert((0, range, known)).0 += 1;
            }
        }
        // Sublinear TF-IDF, normalised to unit length, as the trainer computed it.
        let values: Vec<(&str, f64, &Range<usize>, &KnownTerm)> = found
            .iter()
            .map(|(term, (count, range, known))| {
                let value = (1.0 + (*count as f64).ln()) * known.0;
                (term.as_str(), value, range, *known)
            })
            .collect();
        let norm = values.iter().map(|(_, v, _, _)| v * v).sum::<f64>().sqrt();
        let mut scores: Vec<f64> = self.tags.iter().map(|t| t.bias).collect();
        let mut pushes: Vec<Vec<(f64, &str, &Range<usize>)>> = vec![Vec::new(); self.tags.len()];
        if norm > 0.0 {
            for (term, value, range, known) in &values {
                for &(index, weight) in &known.1 {
                    let contribution = weight * value / norm;
                    scores[index] += contribution;
                    if contribution > 0.0 {
                        pushes[index].push((contribution, term, range));
                    }
                }
            }
        }
        self.tags
            .iter()
            .zip(scores)
            .zip(pushes)
            .map(|((tag, score), mut pushed)| {
                pushed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
                let probability = 1.0 / (1.0 + (-score).exp());
                TagReading {
                    tag: tag.tag,
                    probability,
                    adds: probability >= tag.add_at,
                    drops: probability < tag.drop_below,
                    telling: pushed
                        .into_iter()
                        .map(|(weight, term, range)| Telling {
                            term: shown(term),
                            range: range.clone(),
                            weight,
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

/// A Chinese character the model reads (the trainer's range).
fn is_model_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// The model's terms of a normalised reply, each with its byte range there, as the trainer
/// computes them: Chinese characters, pairs and triples of consecutive characters (other
/// characters between them skipped), prefixed `z`; English words (`[a-z']+`) and word pairs
/// joined by `_`.
pub fn terms(text: &str) -> Vec<(String, Range<usize>)> {
    let han: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| is_model_han(*c))
        .collect();
    let mut out = Vec::new();
    for n in 1..=3 {
        for window in han.windows(n) {
            let mut term = String::from("z");
            term.extend(window.iter().map(|(_, c)| *c));
            let (first, _) = window[0];
            let (last, c) = window[n - 1];
            out.push((term, first..last + c.len_utf8()));
        }
    }
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let inside = c.is_ascii_lowercase() || c == '\'';
        match (inside, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push(from..at);
                start = None;
            }
            _ => {}
        }
    }
    for word in &words {
        out.push((text[word.clone()].to_owned(), word.clone()));
    }
    for pair in words.windows(2) {
        out.push((
            format!("{}_{}", &text[pair[0].clone()], &text[pair[1].clone()]),
            pair[0].start..pair[1].end,
        ));
    }
    out
}

/// A term as a trainee reads it: without the Chinese marker, word pairs with a space.
pub fn shown(term: &str) -> String {
    term.strip_prefix('z')
        .filter(|rest| rest.chars().next().is_some_and(is_model_han))
        .unwrap_or(term)
        .replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_characters_pairs_triples_words_and_word_pairs() {
        let got: Vec<String> = terms("尽快，处理 we'll call")
            .into_iter()
            .map(|t| t.0)
            .collect();
        for want in [
            "z尽",
            "z尽快",
            "z快处",
            "z尽快处",
            "z处理",
            "we'll",
            "call",
            "we'll_call",
        ] {
            assert!(got.contains(&want.to_owned()), "{want} in {got:?}");
        }
        assert!(!got.iter().any(|t| t.contains('，')), "{got:?}");
    }

    #[test]
    fn a_term_knows_where_it_was_said() {
        let text = "好的，我们会尽快";
        let (_, range) = terms(text).into_iter().find(|t| t.0 == "z尽快").unwrap();
        assert_eq!(shown("z尽快"), "尽快");
        assert_eq!(shown("we'll_call"), "we'll call");
        assert_eq!(shown("zone"), "zone");
        assert_eq!(&text[range], "尽快");
    }

    #[test]
    fn the_builtin_model_reads_a_vague_promise_and_says_which_words() {
        let model = WordModel::builtin();
        let reading = model.read("我们会尽快帮您处理，有消息再通知您");
        let vague = reading
            .iter()
            .find(|r| r.tag == Tag::AntiPattern(AntiPattern::VaguePromise))
            .unwrap();
        let plain = model.read("订单号是多少？");
        let calm = plain
            .iter()
            .find(|r| r.tag == Tag::AntiPattern(AntiPattern::VaguePromise))
            .unwrap();
        assert!(
            vague.probability > calm.probability + 0.3,
            "{vague:?} {calm:?}"
        );
        assert!(
            vague.telling.iter().any(|t| t.term.contains('尽')),
            "{vague:?}"
        );
    }

    #[test]
    fn a_bad_model_file_is_an_error_not_a_panic() {
        assert!(WordModel::parse("{").is_err());
        let unknown = r#"{"trained_on":[],"tags":[{"tag":"shouting","bias":0,"add_at":0.5,"drop_below":0.1}],"terms":{}}"#;
        assert!(WordModel::parse(unknown).unwrap_err().contains("shouting"));
        let stray = r#"{"trained_on":[],"tags":[],"terms":{"a":[1.0,[[3,0.5]]]}}"#;
        assert!(WordModel::parse(stray).is_err());
    }
}
