//! What each id of the training model means: a definition, how to recognise it in a customer
//! (persona styles and emotions), and a good and a bad example line, in both languages.
//!
//! The entries live in `assets/vocabulary.ron`, built into the program. `rapport explain ID`
//! prints one; `docs/vocabulary.md` is rendered from all of them, and a test keeps that page
//! equal to what the program would write, so the definitions cannot drift from the ids.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::engine::domain::Family;
use crate::engine::scenario::Text;
use crate::engine::scenario::diagnostic::closest;

pub const DEFAULT_VOCABULARY: &str = include_str!("../../assets/vocabulary.ron");

/// One entry of `assets/vocabulary.ron`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub definition: Text,
    /// How to recognise it in the customer (persona styles and emotions).
    #[serde(default)]
    pub cues: Option<Text>,
    /// A line that does it well (for an anti-pattern: the better move).
    pub good: Text,
    /// A line that misses (for an anti-pattern: one that falls into it).
    pub bad: Text,
}

#[derive(Deserialize)]
#[serde(rename = "Vocabulary", deny_unknown_fields)]
struct VocabularyFile {
    entries: BTreeMap<String, Entry>,
}

/// An id with its family, labels and entry.
#[derive(Clone, Debug)]
pub struct Term {
    pub family: Family,
    pub id: &'static str,
    pub label: Text,
    pub entry: Entry,
}

/// Every id of the training model, defined.
#[derive(Clone, Debug)]
pub struct Vocabulary {
    terms: Vec<Term>,
}

impl Vocabulary {
    pub fn builtin() -> Vocabulary {
        Vocabulary::parse(DEFAULT_VOCABULARY).expect("the built-in vocabulary defines every id")
    }

    /// Reads a vocabulary file; every id of the model must be defined, and nothing else.
    pub fn parse(text: &str) -> Result<Vocabulary, String> {
        let mut file: VocabularyFile = ron::from_str(text).map_err(|error| error.to_string())?;
        let mut terms = Vec::new();
        for family in Family::ALL {
            for (id, zh, en) in family.members() {
                let entry = file
                    .entries
                    .remove(id)
                    .ok_or_else(|| format!("`{id}` is not defined"))?;
                terms.push(Term {
                    family,
                    id,
                    label: Text::new(zh, en),
                    entry,
                });
            }
        }
        match file.entries.keys().next() {
            Some(extra) => Err(format!("`{extra}` is not an id of the model")),
            None => Ok(Vocabulary { terms }),
        }
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn get(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|term| term.id == id)
    }

    /// The id spelled most like `id`, when one is close.
    pub fn closest(&self, id: &str) -> Option<&Term> {
        let near = closest(id, self.terms.iter().map(|term| term.id), 0.8)?;
        self.get(near)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::domain::{AntiPattern, Emotion, PersonaStyle, Step, Technique, family_of};

    #[test]
    fn the_builtin_vocabulary_defines_every_id_once_with_both_languages() {
        let vocabulary = Vocabulary::builtin();
        let ids = Step::ALL.len()
            + Technique::ALL.len()
            + AntiPattern::ALL.len()
            + PersonaStyle::ALL.len()
            + Emotion::ALL.len();
        assert_eq!(vocabulary.terms().len(), ids);
        for term in vocabulary.terms() {
            for text in [&term.entry.definition, &term.entry.good, &term.entry.bad] {
                assert!(
                    !text.zh.trim().is_empty() && !text.en.trim().is_empty(),
                    "{}",
                    term.id
                );
            }
            let recognisable = matches!(term.family, Family::PersonaStyle | Family::Emotion);
            assert_eq!(term.entry.cues.is_some(), recognisable, "{}", term.id);
        }
    }

    #[test]
    fn a_missing_or_extra_entry_is_refused() {
        let missing = DEFAULT_VOCABULARY.replacen("\"validate\":", "\"validated\":", 1);
        let error = Vocabulary::parse(&missing).unwrap_err();
        assert!(error.contains("`validate` is not defined"), "{error}");
    }

    #[test]
    fn ids_are_found_by_family_and_by_spelling() {
        assert_eq!(family_of("sandwich_refusal"), Some(Family::Technique));
        assert_eq!(family_of("trust"), Some(Family::Emotion));
        assert_eq!(family_of("nonsense"), None);
        let vocabulary = Vocabulary::builtin();
        assert_eq!(
            vocabulary.closest("sandwich_refual").map(|t| t.id),
            Some("sandwich_refusal")
        );
    }
}
