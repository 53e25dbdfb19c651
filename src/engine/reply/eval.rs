//! Measuring the analyser on labelled replies: option top-1 accuracy, precision, recall and F1
//! per tag, micro-F1 for steps, techniques and anti-patterns, and how often it would ask the
//! trainee to confirm. A labelled set is JSON Lines, one reply per line (see
//! `tests/replies/README.md`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::analyse::analyse_in;
use super::cues::{Cues, Tag, tags_of};
use crate::engine::domain::{AntiPattern, Lang, Step, Technique};
use crate::engine::scenario::Scenario;

/// One typed reply with what a trainer says it should lead to and shows.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledReply {
    pub id: String,
    pub scenario: String,
    pub turn: String,
    pub lang: Lang,
    pub text: String,
    /// The option's index in the file, or -1 when none fits.
    pub option: i64,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub techniques: Vec<Technique>,
    #[serde(default)]
    pub anti_patterns: Vec<AntiPattern>,
    #[serde(default)]
    pub note: String,
}

impl LabelledReply {
    fn tags(&self) -> BTreeSet<Tag> {
        tags_of(&self.steps, &self.techniques, &self.anti_patterns)
    }
}

/// Reads a labelled set; a bad line is an error naming the file and line.
pub fn parse_labelled(name: &str, text: &str) -> Result<Vec<LabelledReply>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str(line).map_err(|e| format!("{name}:{}: {e}", index + 1))
        })
        .collect()
}

/// True and false positives and false negatives of one tag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }

    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// A reply the analyser read differently from its label.
#[derive(Clone, Debug, Serialize)]
pub struct Miss {
    pub id: String,
    pub expected_option: i64,
    pub found_option: i64,
    pub missing: Vec<&'static str>,
    pub extra: Vec<&'static str>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Evaluation {
    pub replies: usize,
    /// Replies whose scenario or turn is not in the library (not scored).
    pub skipped: Vec<String>,
    pub option_correct: usize,
    pub option_top2: usize,
    pub would_confirm: usize,
    pub per_tag: BTreeMap<String, Counts>,
    pub steps: Counts,
    pub techniques: Counts,
    pub anti_patterns: Counts,
    pub misses: Vec<Miss>,
}

impl Evaluation {
    pub fn option_accuracy(&self) -> f64 {
        ratio(self.option_correct, self.replies)
    }

    pub fn option_top2_accuracy(&self) -> f64 {
        ratio(self.option_top2, self.replies)
    }

    pub fn confirm_rate(&self) -> f64 {
        if self.replies == 0 {
            0.0
        } else {
            self.would_confirm as f64 / self.replies as f64
        }
    }

    /// The figures as a table for people.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "replies: {} ({} skipped)",
            self.replies,
            self.skipped.len()
        );
        let _ = writeln!(
            out,
            "option top-1: {:.3}   top-2: {:.3}   would ask to confirm: {:.3}",
            self.option_accuracy(),
            self.option_top2_accuracy(),
            self.confirm_rate()
        );
        for (name, counts) in [
            ("steps", self.steps),
            ("techniques", self.techniques),
            ("anti-patterns", self.anti_patterns),
        ] {
            let _ = writeln!(
                out,
                "{name:<14} micro P {:.3}  R {:.3}  F1 {:.3}",
                counts.precision(),
                counts.recall(),
                counts.f1()
            );
        }
        let _ = writeln!(
            out,
            "\n{:<26} {:>4} {:>4} {:>4}  {:>5} {:>5} {:>5}",
            "tag", "tp", "fp", "fn", "P", "R", "F1"
        );
        for (tag, counts) in &self.per_tag {
            let _ = writeln!(
                out,
                "{tag:<26} {:>4} {:>4} {:>4}  {:>5.2} {:>5.2} {:>5.2}",
                counts.true_positives,
                counts.false_positives,
                counts.false_negatives,
                counts.precision(),
                counts.recall(),
                counts.f1()
            );
        }
        out
    }
}

/// Runs the analyser on every labelled reply whose scenario is in `scenarios`.
pub fn evaluate(
    replies: &[LabelledReply],
    scenarios: &HashMap<String, Scenario>,
    cues: &Cues,
) -> Evaluation {
    let mut evaluation = Evaluation::default();
    for reply in replies {
        let found = scenarios.get(&reply.scenario).and_then(|scenario| {
            scenario
                .node(&reply.turn)
                .filter(|n| !n.options().is_empty())
                .map(|node| (scenario, node))
        });
        let Some((scenario, node)) = found else {
            evaluation.skipped.push(reply.id.clone());
            continue;
        };
        let analysis = analyse_in(&reply.text, scenario, node, reply.lang, cues);
        evaluation.replies += 1;
        let found_option = analysis.option.map_or(-1, |o| o as i64);
        if found_option == reply.option {
            evaluation.option_correct += 1;
        }
        let top2 = analysis
            .ranked
            .iter()
            .take(2)
            .any(|m| m.option as i64 == reply.option);
        if top2 || found_option == reply.option {
            evaluation.option_top2 += 1;
        }
        if analysis.needs_confirmation {
            evaluation.would_confirm += 1;
        }
        let expected = reply.tags();
        let found = analysis.tags();
        let mut missing = Vec::new();
        let mut extra = Vec::new();
        let all: BTreeSet<Tag> = expected.union(&found).copied().collect();
        for tag in all {
            let counts = match (expected.contains(&tag), found.contains(&tag)) {
                (true, true) => Counts {
                    true_positives: 1,
                    ..Counts::default()
                },
                (false, true) => {
                    extra.push(tag.id());
                    Counts {
                        false_positives: 1,
                        ..Counts::default()
                    }
                }
                _ => {
                    missing.push(tag.id());
                    Counts {
                        false_negatives: 1,
                        ..Counts::default()
                    }
                }
            };
            evaluation
                .per_tag
                .entry(tag.id().to_owned())
                .or_default()
                .add(counts);
            match tag {
                Tag::Step(_) => evaluation.steps.add(counts),
                Tag::Technique(_) => evaluation.techniques.add(counts),
                Tag::AntiPattern(_) => evaluation.anti_patterns.add(counts),
            }
        }
        if found_option != reply.option || !missing.is_empty() || !extra.is_empty() {
            evaluation.misses.push(Miss {
                id: reply.id.clone(),
                expected_option: reply.option,
                found_option,
                missing,
                extra,
            });
        }
    }
    evaluation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_of_counts() {
        let counts = Counts {
            true_positives: 6,
            false_positives: 2,
            false_negatives: 4,
        };
        assert!((counts.precision() - 0.75).abs() < 1e-9);
        assert!((counts.recall() - 0.6).abs() < 1e-9);
        assert!((counts.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-9);
    }

    #[test]
    fn a_bad_line_names_its_place() {
        let text = "{\"id\":\"a\"}\n";
        let error = parse_labelled("set.jsonl", text).unwrap_err();
        assert!(error.starts_with("set.jsonl:1:"), "{error}");
    }
}
