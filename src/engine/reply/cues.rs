//! The cue file: the rules that tell the analyser which steps, techniques and anti-patterns a
//! reply shows. Rules are data (`assets/cues.ron`, built in), so a trainer can read why a tag
//! fired and fix a wrong one by editing a pattern.
//!
//! A rule fires when one of its `any` patterns matches the reply (that match is the evidence),
//! and its conditions hold: one of `after` matched earlier in the reply, one of `with` matched
//! anywhere, none of `unless` matched, the reply is not specific to the customer's line when the
//! rule is `generic` (and is, when it is `specific`), and none of the tags in `without` was found by another rule.

use std::sync::Arc;

use regex::Regex;
use serde::Deserialize;

use super::model::WordModel;
use crate::engine::domain::{AntiPattern, Lang, Step, Technique};
use crate::engine::scenario::diagnostic::{Diagnostic, FileDiagnostics, Kind, offset_of};
use crate::engine::scenario::ron_spans::{SpanPath, SpanTree};
use crate::engine::scenario::{Choice, Text};

/// The cue file shipped with Rapport.
pub const DEFAULT_CUES: &str = include_str!("../../../assets/cues.ron");

/// What a rule tells about a reply.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
pub enum Tag {
    Step(Step),
    Technique(Technique),
    AntiPattern(AntiPattern),
}

impl Tag {
    pub fn id(self) -> &'static str {
        match self {
            Tag::Step(s) => s.id(),
            Tag::Technique(t) => t.id(),
            Tag::AntiPattern(a) => a.id(),
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Tag::Step(s) => s.label(lang),
            Tag::Technique(t) => t.label(lang),
            Tag::AntiPattern(a) => a.label(lang),
        }
    }
}

/// The tags of a response: its steps, techniques and anti-patterns as one set.
pub fn tags_of(
    steps: &[Step],
    techniques: &[Technique],
    anti_patterns: &[AntiPattern],
) -> std::collections::BTreeSet<Tag> {
    steps
        .iter()
        .map(|s| Tag::Step(*s))
        .chain(techniques.iter().map(|t| Tag::Technique(*t)))
        .chain(anti_patterns.iter().map(|a| Tag::AntiPattern(*a)))
        .collect()
}

/// The tags an authored option carries.
pub fn choice_tags(choice: &Choice) -> std::collections::BTreeSet<Tag> {
    tags_of(&choice.steps, &choice.techniques, &choice.anti_patterns)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueFile {
    rules: Vec<RuleText>,
    #[serde(default)]
    heard_only: Vec<Tag>,
    #[serde(default)]
    cancels: Vec<Cancel>,
}

/// Tags a reply does not earn when it also shows another: support offered vaguely or too early
/// is not the step "offer support".
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cancel {
    /// Any of these found…
    pub by: Vec<Tag>,
    /// …and these are not earned.
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleText {
    id: String,
    tag: Tag,
    /// Only for replies in this language; both when absent.
    #[serde(default)]
    lang: Option<Lang>,
    #[serde(default)]
    any: Vec<String>,
    #[serde(default)]
    words_of: Vec<Tag>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    generic: bool,
    #[serde(default)]
    specific: bool,
    #[serde(default)]
    without: Vec<Tag>,
    reason: Text,
}

/// A rule with its patterns compiled.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub tag: Tag,
    pub lang: Option<Lang>,
    pub any: Vec<Regex>,
    pub after: Vec<Regex>,
    pub with: Vec<Regex>,
    pub unless: Vec<Regex>,
    /// Cancelled when the reply names something from the customer's line.
    pub generic: bool,
    /// Fires only when the reply names something from the customer's line.
    pub specific: bool,
    /// Cancelled when another rule found one of these tags.
    pub without: Vec<Tag>,
    /// Fires on the words another rule found for one of these tags (instead of `any`).
    pub words_of: Vec<Tag>,
    /// Why the tag fits, for the trainee.
    pub reason: Text,
}

/// Every rule of a cue file, compiled.
#[derive(Clone, Debug)]
pub struct Cues {
    pub rules: Vec<Rule>,
    /// Tags only a cue can find: a reply worded like an authored option does not take these
    /// from it (naming the emotion is a word the trainee says, or not).
    pub heard_only: Vec<Tag>,
    /// Tags not earned alongside others (see [`Cancel`]).
    pub cancels: Vec<Cancel>,
    /// The word model consulted after the rules (see [`Cues::model`]).
    model: ModelChoice,
}

/// Which word model the analyser consults: the built-in one unless a test or a measurement
/// asks for another or for the rules alone.
#[derive(Clone, Debug)]
enum ModelChoice {
    Builtin,
    Other(Arc<WordModel>),
    RulesAlone,
}

impl Cues {
    /// The built-in cue file. It is checked by the test suite, so failing here is a build defect.
    pub fn builtin() -> Cues {
        Cues::parse("assets/cues.ron", DEFAULT_CUES).expect("the built-in cue file is valid")
    }

    /// Parses and compiles a cue file; errors point at the file, line and column.
    pub fn parse(path: &str, text: &str) -> Result<Cues, FileDiagnostics> {
        let report = |diagnostic: Diagnostic| FileDiagnostics {
            path: path.into(),
            source: text.into(),
            diagnostics: vec![diagnostic],
        };
        let file: CueFile = ron::from_str(text).map_err(|error| {
            let at = offset_of(text, error.span.start.line, error.span.start.col);
            report(Diagnostic::error(Kind::Syntax, error.code.to_string()).at(text, at..at))
        })?;
        // Where a rule's id is written, to point an error at it (read only when there is one).
        let id_at = |index: usize| {
            SpanTree::scan(text)
                .locate(&SpanPath::root().field("rules").index(index).field("id"))
                .unwrap_or(0..0)
        };
        let mut rules = Vec::with_capacity(file.rules.len());
        for (index, rule) in file.rules.into_iter().enumerate() {
            let compile = |patterns: &[String]| -> Result<Vec<Regex>, FileDiagnostics> {
                patterns
                    .iter()
                    .map(|pattern| {
                        regex::RegexBuilder::new(pattern)
                            .size_limit(1 << 20)
                            .build()
                            .map_err(|error| {
                                let at = text
                                    .find(pattern.as_str())
                                    .unwrap_or_else(|| id_at(index).start);
                                report(
                                    Diagnostic::error(
                                        Kind::Shape,
                                        format!("rule `{}`: bad pattern: {error}", rule.id),
                                    )
                                    .at(text, at..at + pattern.len()),
                                )
                            })
                    })
                    .collect()
            };
            let shape = if rule.any.is_empty() == rule.words_of.is_empty() {
                Some(
                    "give either `any` (patterns) or `words_of` (tags whose words it takes), not both or neither",
                )
            } else if !rule.words_of.is_empty()
                && (!rule.after.is_empty() || !rule.without.is_empty())
            {
                Some(
                    "a rule with `words_of` takes its words from other rules; `after` and `without` do not apply to it",
                )
            } else {
                None
            };
            if let Some(problem) = shape {
                return Err(report(
                    Diagnostic::error(Kind::Shape, format!("rule `{}`: {problem}", rule.id))
                        .at(text, id_at(index)),
                ));
            }
            rules.push(Rule {
                any: compile(&rule.any)?,
                words_of: rule.words_of,
                after: compile(&rule.after)?,
                with: compile(&rule.with)?,
                unless: compile(&rule.unless)?,
                id: rule.id,
                tag: rule.tag,
                lang: rule.lang,
                generic: rule.generic,
                specific: rule.specific,
                without: rule.without,
                reason: rule.reason,
            });
        }
        Ok(Cues {
            rules,
            heard_only: file.heard_only,
            cancels: file.cancels,
            model: ModelChoice::Builtin,
        })
    }

    /// The word model to consult, if any. The built-in one is read the first time it is asked
    /// for, so starting the app does not wait for it.
    pub fn model(&self) -> Option<&WordModel> {
        match &self.model {
            ModelChoice::Builtin => Some(WordModel::builtin()),
            ModelChoice::Other(model) => Some(model),
            ModelChoice::RulesAlone => None,
        }
    }

    /// The same rules with another word model (one trained without some part, to measure it).
    pub fn with_model(self, model: WordModel) -> Cues {
        Cues {
            model: ModelChoice::Other(Arc::new(model)),
            ..self
        }
    }

    /// The same rules with no word model: what the rules alone find.
    pub fn without_model(self) -> Cues {
        Cues {
            model: ModelChoice::RulesAlone,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_cues_compile_and_cover_every_anti_pattern_and_step() {
        let cues = Cues::builtin();
        for anti in AntiPattern::ALL {
            assert!(
                cues.rules.iter().any(|r| r.tag == Tag::AntiPattern(*anti)),
                "no rule for {anti}"
            );
        }
        for step in Step::ALL {
            assert!(
                cues.rules.iter().any(|r| r.tag == Tag::Step(*step)),
                "no rule for {step}"
            );
        }
        let mut ids: Vec<&str> = cues.rules.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), cues.rules.len(), "rule ids are unique");
    }

    #[test]
    fn a_bad_pattern_is_reported_at_its_line() {
        let text = "Cues(\n rules: [\n  (id: \"x\", tag: Step(validate), any: [\"(unclosed\"],\n   reason: (zh: \"\", en: \"\")),\n ],\n)";
        let text = text.replace("Cues(", "(");
        let error = Cues::parse("bad.ron", &text).unwrap_err();
        assert_eq!(error.diagnostics[0].line, 3);
        assert!(error.diagnostics[0].message.contains("bad pattern"));
    }
}
