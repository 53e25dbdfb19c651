//! The scoring rubric and persona reaction profiles: every number the scorer and the emotion
//! model use, read from `assets/rubric.ron` so trainers can tune them without code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::domain::{AntiPattern, Emotion, Outcome, PersonaStyle, Step};
use crate::engine::scenario::diagnostic::FileDiagnostics;
use crate::engine::scenario::{Reactions, Text};

/// The rubric shipped with Rapport, compiled in so the CLI works from any directory.
pub const DEFAULT_RUBRIC: &str = include_str!("../../../assets/rubric.ron");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Relative weight of each step in the overall step component.
    pub step_weights: BTreeMap<Step, f64>,
    /// Points a step earns the first time a response performs it.
    pub first_credit: f64,
    /// Points each later performance adds (a step's score is capped at 100).
    pub repeat_credit: f64,
    /// Emotion before problem: a step performed before its prerequisites earns less.
    pub order_rules: Vec<OrderRule>,
    pub anti_patterns: BTreeMap<AntiPattern, AntiPatternRule>,
    /// Points per distinct technique used, towards `technique_cap`.
    pub technique_points: f64,
    pub technique_cap: f64,
    /// Points of the outcome component for each ending.
    pub outcome_points: BTreeMap<Outcome, f64>,
    /// The share (0–1) of the outcome component that is how the customer felt at the end (the
    /// mean of 100 − anger, 100 − anxiety, 100 − disappointment, 100 − confusion, and trust)
    /// rather than how it ended: two escalated calls differ by how the customer left.
    #[serde(default = "default_calm_share")]
    pub calm_share: f64,
    /// No longer used: penalties now take a share of what was earned (`docs/scoring.md`). Kept
    /// so a rubric written for the earlier rule still loads.
    #[serde(default, skip_serializing)]
    pub keep_at_least: Option<f64>,
    /// How the overall 0–100 divides between steps, techniques and outcome (sums to 1).
    pub shares: Shares,
    /// Highest first; the first whose `at_least` the overall reaches.
    pub grades: Vec<Grade>,
    /// First match wins; `calm_mood` when none match.
    pub moods: Vec<MoodRule>,
    pub calm_mood: Mood,
    /// Default reactions of each persona style; a scenario's persona can override them.
    pub styles: BTreeMap<PersonaStyle, Reactions>,
    /// A session that goes on this long ends unresolved (guards against endless loops).
    pub max_turns: usize,
    /// What each step sounds like, for debriefs.
    pub step_tips: BTreeMap<Step, Text>,
    /// What a debrief calls a strength and how much it asks the trainee to improve.
    #[serde(default)]
    pub debrief: DebriefRules,
    /// How typed replies are weighed against the authored reply they follow.
    #[serde(default)]
    pub free_reply: FreeReplyRules,
}

/// How a typed reply moves the customer beyond the authored reply it follows.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeReplyRules {
    /// Added to the option's effect for each anti-pattern the typed reply shows and the option
    /// does not carry (before the persona's reactions scale it).
    pub uncarried_anti_pattern: crate::engine::scenario::Emotions,
}

impl Default for FreeReplyRules {
    fn default() -> Self {
        FreeReplyRules {
            uncarried_anti_pattern: crate::engine::scenario::Emotions {
                anger: 6,
                trust: -5,
                ..Default::default()
            },
        }
    }
}

/// The thresholds every debrief (the app, the reports, `rapport play`) decides with.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebriefRules {
    /// A step scoring this or more is a strength; below it, a step to improve.
    pub strong: f64,
    /// Below `strong` but at least this reads as fair; lower is weak (chart colours).
    pub fair: f64,
    /// How many of the weakest steps the improvement plan names.
    pub improvements: usize,
}

impl Default for DebriefRules {
    fn default() -> Self {
        DebriefRules {
            strong: 80.0,
            fair: 50.0,
            improvements: 2,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderRule {
    pub step: Step,
    /// At least one of these must have been performed on an earlier or the same turn.
    pub needs_any: Vec<Step>,
    /// Credit multiplier when performed too early.
    pub factor: f64,
    /// The anti-pattern this counts as when too early (e.g. `premature_solution`).
    #[serde(default)]
    pub counts_as: Option<AntiPattern>,
    pub explain: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AntiPatternRule {
    /// Points off the overall score.
    pub overall: f64,
    /// The step it undermines and the points taken off that step.
    #[serde(default)]
    pub undermines: Option<(Step, f64)>,
    /// The better move, for debriefs.
    pub better: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shares {
    pub steps: f64,
    pub techniques: f64,
    pub outcome: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    pub at_least: f64,
    pub grade: String,
    pub label: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoodRule {
    pub emotion: Emotion,
    pub at_least: i32,
    pub mood: Mood,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mood {
    pub id: String,
    pub label: Text,
}

fn default_calm_share() -> f64 {
    0.5
}

impl Rubric {
    /// The shipped rubric. It is checked by the test suite, so failing here is a build defect.
    pub fn builtin() -> Rubric {
        Rubric::parse("assets/rubric.ron", DEFAULT_RUBRIC).expect("the built-in rubric is valid")
    }

    /// Parses a rubric, reporting errors with their position like scenario files.
    pub fn parse(path: &str, text: &str) -> Result<Rubric, FileDiagnostics> {
        let rubric: Rubric = ron::from_str(text).map_err(|error| {
            let start = crate::engine::scenario::diagnostic::offset_of(
                text,
                error.span.start.line,
                error.span.start.col,
            );
            let diagnostic = crate::engine::scenario::diagnostic::Diagnostic::error(
                crate::engine::scenario::diagnostic::Kind::Syntax,
                error.code.to_string(),
            )
            .at(text, start..start);
            FileDiagnostics {
                path: path.into(),
                source: text.into(),
                diagnostics: vec![diagnostic],
            }
        })?;
        rubric.check().map_err(|message| FileDiagnostics {
            path: path.into(),
            source: text.into(),
            diagnostics: vec![crate::engine::scenario::diagnostic::Diagnostic::error(
                crate::engine::scenario::diagnostic::Kind::Shape,
                message,
            )],
        })?;
        Ok(rubric)
    }

    fn check(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.calm_share) {
            return Err(format!(
                "calm_share is {}, outside 0–1 (the share of the outcome that is how the customer felt at the end)",
                self.calm_share
            ));
        }
        let total = self.shares.steps + self.shares.techniques + self.shares.outcome;
        if (total - 1.0).abs() > 1e-6 {
            return Err(format!("shares add up to {total}, not 1"));
        }
        if Step::ALL.iter().any(|s| !self.step_weights.contains_key(s)) {
            return Err("step_weights must give a weight to each of the six steps".into());
        }
        if self.step_weights.values().sum::<f64>() <= 0.0 {
            return Err("step weights must not all be zero".into());
        }
        if self.technique_cap <= 0.0 {
            return Err("technique_cap must be positive".into());
        }
        if Step::ALL.iter().any(|s| !self.step_tips.contains_key(s)) {
            return Err("step_tips must give a tip for each of the six steps".into());
        }
        if self.grades.is_empty() {
            return Err("at least one grade is needed".into());
        }
        Ok(())
    }

    pub fn weight(&self, step: Step) -> f64 {
        self.step_weights.get(&step).copied().unwrap_or(0.0)
    }

    pub fn grade(&self, overall: f64) -> &Grade {
        self.grades
            .iter()
            .find(|g| overall >= g.at_least)
            .unwrap_or_else(|| self.grades.last().expect("checked"))
    }

    pub fn outcome_points(&self, outcome: Outcome) -> f64 {
        self.outcome_points.get(&outcome).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rubric_parses_and_covers_every_anti_pattern_and_style() {
        let rubric = Rubric::builtin();
        for anti in AntiPattern::ALL {
            assert!(
                rubric.anti_patterns.contains_key(anti),
                "{anti} has no rule"
            );
        }
        for style in PersonaStyle::ALL {
            assert!(
                rubric.styles.contains_key(style),
                "{style} has no reactions"
            );
        }
        assert_eq!(rubric.grade(100.0).grade, "A");
        assert_eq!(rubric.grade(0.0).grade, rubric.grades.last().unwrap().grade);
    }

    #[test]
    fn shares_must_sum_to_one() {
        let broken = DEFAULT_RUBRIC.replacen("steps: 0.75", "steps: 0.95", 1);
        assert_ne!(broken, DEFAULT_RUBRIC, "the test must change the rubric");
        let error = Rubric::parse("r.ron", &broken).unwrap_err();
        assert!(error.diagnostics[0].message.contains("shares add up"));
    }
}
