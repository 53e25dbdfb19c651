//! Scoring a session against the six-step empathy model.
//!
//! Scoring is incremental: [`ScoreState`] takes one chosen option per turn and can be finished
//! with an outcome at any time. The state is small and hashable so `bounds` can search over it;
//! the same code, asked to trace, writes the [`ScoreLine`]s that make a [`ScoreCard`] explain
//! itself: every point comes from a turn and a named rule.

use serde::{Deserialize, Serialize};

use crate::engine::domain::{AntiPattern, Outcome, Step, Technique};
use crate::engine::play::rubric::Rubric;
use crate::engine::scenario::{Choice, Emotions, Text};

/// Scores are kept in tenths of a point so states compare exactly.
const TENTHS: f64 = 10.0;
const FULL: i32 = 1000;

fn tenths(points: f64) -> i32 {
    (points * TENTHS).round() as i32
}

fn points(tenths: i32) -> f64 {
    tenths as f64 / TENTHS
}

/// One scoring event: which turn, which rule, how many points, on what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreLine {
    /// 1-based turn number; `None` for session-level rules such as the outcome.
    pub turn: Option<usize>,
    /// Stable rule id, e.g. `step.first`, `order.offer_support`, `anti_pattern.jargon`.
    pub rule: String,
    /// The step the points go to; `None` means the overall score.
    pub step: Option<Step>,
    pub points: f64,
    pub note: Text,
    /// For a typed reply: the trainee's words the points are for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

impl ScoreLine {
    /// The step, technique or anti-pattern this line scores, if it scores one.
    pub fn tag(&self) -> Option<crate::engine::reply::Tag> {
        use crate::engine::reply::Tag;
        if let Some(id) = self.rule.strip_prefix("technique.") {
            return Technique::from_id(id).map(Tag::Technique);
        }
        if let Some(id) = self.rule.strip_prefix("anti_pattern.") {
            return AntiPattern::from_id(id).map(Tag::AntiPattern);
        }
        if self.rule.starts_with("outcome.") {
            return None;
        }
        self.step.map(Tag::Step)
    }
}

/// Scoring progress through a session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ScoreState {
    credit: [i32; 6],
    step_penalty: [i32; 6],
    performed: u8,
    techniques: u32,
    overall_penalty: i32,
}

fn bit(step: Step) -> u8 {
    1 << (step.number() - 1)
}

fn technique_bit(technique: Technique) -> u32 {
    1 << Technique::ALL
        .iter()
        .position(|t| *t == technique)
        .unwrap_or(0)
}

impl ScoreState {
    /// Scores the option chosen on turn `turn` (1-based). Pass `trace` to receive the lines.
    pub fn record(
        &mut self,
        rubric: &Rubric,
        turn: usize,
        choice: &Choice,
        mut trace: Option<&mut Vec<ScoreLine>>,
    ) {
        let mut emit = |line: ScoreLine| {
            if let Some(lines) = trace.as_deref_mut() {
                lines.push(line);
            }
        };
        // Prerequisites may be met on an earlier turn or by the same response.
        let available = choice
            .steps
            .iter()
            .fold(self.performed, |mask, s| mask | bit(*s));
        let mut extra_anti_patterns: Vec<AntiPattern> = Vec::new();

        let mut steps = choice.steps.clone();
        steps.sort();
        steps.dedup();
        for step in steps {
            let index = step.number() - 1;
            let first = self.performed & bit(step) == 0;
            let base = if first {
                rubric.first_credit
            } else {
                rubric.repeat_credit
            };
            let early = rubric.order_rules.iter().find(|rule| {
                rule.step == step
                    && rule
                        .needs_any
                        .iter()
                        .all(|need| available & bit(*need) == 0)
            });
            let factor = early.map_or(1.0, |rule| rule.factor);
            let earned = tenths(base * factor).min(FULL - self.credit[index]).max(0);
            self.credit[index] += earned;
            self.performed |= bit(step);
            let (rule, note) = match (early, first) {
                (Some(rule), _) => (format!("order.{}", step.id()), rule.explain.clone()),
                (None, true) => (
                    "step.first".to_owned(),
                    Text::new("首次做到这一步", "step performed for the first time"),
                ),
                (None, false) => (
                    "step.repeat".to_owned(),
                    Text::new("再次做到这一步", "step performed again"),
                ),
            };
            emit(ScoreLine {
                turn: Some(turn),
                rule,
                step: Some(step),
                points: points(earned),
                note,
                words: None,
            });
            if let Some(anti) = early.and_then(|rule| rule.counts_as)
                && !choice.anti_patterns.contains(&anti)
                && !extra_anti_patterns.contains(&anti)
            {
                extra_anti_patterns.push(anti);
            }
        }

        for technique in &choice.techniques {
            if self.techniques & technique_bit(*technique) == 0 {
                self.techniques |= technique_bit(*technique);
                let used = self.techniques.count_ones() as f64;
                let before = ((used - 1.0) * rubric.technique_points).min(rubric.technique_cap);
                let after = (used * rubric.technique_points).min(rubric.technique_cap);
                let worth =
                    (after - before) / rubric.technique_cap * 100.0 * rubric.shares.techniques;
                let note = Text::new(
                    format!(
                        "运用技巧：{}",
                        technique.label(crate::engine::domain::Lang::Zh)
                    ),
                    format!(
                        "technique used: {}",
                        technique.label(crate::engine::domain::Lang::En)
                    ),
                );
                emit(ScoreLine {
                    turn: Some(turn),
                    rule: format!("technique.{}", technique.id()),
                    step: None,
                    points: worth,
                    note,
                    words: None,
                });
            }
        }

        for anti in choice
            .anti_patterns
            .iter()
            .chain(extra_anti_patterns.iter())
        {
            let Some(rule) = rubric.anti_patterns.get(anti) else {
                continue;
            };
            let overall = tenths(rule.overall);
            self.overall_penalty = (self.overall_penalty + overall).min(FULL);
            emit(ScoreLine {
                turn: Some(turn),
                rule: format!("anti_pattern.{}", anti.id()),
                step: None,
                points: -points(overall),
                note: rule.better.clone(),
                words: None,
            });
            if let Some((step, penalty)) = rule.undermines {
                let index = step.number() - 1;
                let penalty = tenths(penalty);
                self.step_penalty[index] = (self.step_penalty[index] + penalty).min(FULL);
                emit(ScoreLine {
                    turn: Some(turn),
                    rule: format!("anti_pattern.{}", anti.id()),
                    step: Some(step),
                    points: -points(penalty),
                    note: rule.better.clone(),
                    words: None,
                });
            }
        }
    }

    /// Which steps have been performed (a bit per step): the part of the progress that changes
    /// how later responses are credited (first or repeat, in order or early).
    pub fn performed_steps(&self) -> u8 {
        self.performed
    }

    /// Whether this progress can never end with a lower overall score than `other` given the same
    /// future: the same steps performed, no less credit on any step, every technique `other`
    /// used, and no more penalty anywhere. Every later gain is monotone in these, so it holds for
    /// every continuation.
    pub fn never_below(&self, other: &ScoreState) -> bool {
        self.performed == other.performed
            && self.techniques & other.techniques == other.techniques
            && self.overall_penalty <= other.overall_penalty
            && (0..6).all(|i| {
                self.credit[i] >= other.credit[i] && self.step_penalty[i] <= other.step_penalty[i]
            })
    }

    /// The overall penalty points so far, before scaling.
    pub fn penalty_points(&self) -> f64 {
        points(self.overall_penalty)
    }

    /// A step's score, 0–100.
    pub fn step_score(&self, step: Step) -> f64 {
        let index = step.number() - 1;
        points((self.credit[index] - self.step_penalty[index]).clamp(0, FULL))
    }

    pub fn performed(&self, step: Step) -> bool {
        self.performed & bit(step) != 0
    }

    /// The components if the session ended now with `outcome`, the customer feeling `left`.
    pub fn components(&self, rubric: &Rubric, outcome: Outcome, left: &Emotions) -> Components {
        let total_weight: f64 = Step::ALL.iter().map(|s| rubric.weight(*s)).sum();
        let steps = Step::ALL
            .iter()
            .map(|s| rubric.weight(*s) * self.step_score(*s))
            .sum::<f64>()
            / total_weight;
        let used = self.techniques.count_ones() as f64;
        let techniques = (used * rubric.technique_points).min(rubric.technique_cap)
            / rubric.technique_cap
            * 100.0;
        let mut parts = Components {
            steps,
            techniques,
            outcome: outcome_component(rubric, outcome, left),
            penalties: points(self.overall_penalty),
            penalties_taken: 0.0,
        };
        parts.penalties_taken = parts.taken(rubric);
        parts
    }

    /// The points earned so far towards the overall score, before the outcome's share and
    /// unclamped: the difference two states make to the final score.
    pub fn progress(&self, rubric: &Rubric) -> f64 {
        let parts = self.components(rubric, Outcome::Unresolved, &Emotions::default());
        parts.earned(rubric) - parts.taken(rubric)
    }

    /// The overall 0–100 score if the session ended now with `outcome`, the customer feeling
    /// `left`, to one decimal.
    pub fn overall(&self, rubric: &Rubric, outcome: Outcome, left: &Emotions) -> f64 {
        self.components(rubric, outcome, left).overall(rubric)
    }
}

/// How well the customer feels, 0–100: the mean of calm (100 − anger), 100 − anxiety,
/// 100 − disappointment, 100 − confusion, and trust.
pub fn how_they_left(left: &Emotions) -> f64 {
    let good = |e: i32| f64::from(e.clamp(0, 100));
    let bad = |e: i32| 100.0 - good(e);
    (bad(left.anger)
        + bad(left.anxiety)
        + bad(left.disappointment)
        + bad(left.confusion)
        + good(left.trust))
        / 5.0
}

/// The outcome component: the ending's points, with `calm_share` of it given by how the
/// customer feels at the end instead.
pub fn outcome_component(rubric: &Rubric, outcome: Outcome, left: &Emotions) -> f64 {
    (1.0 - rubric.calm_share) * rubric.outcome_points(outcome)
        + rubric.calm_share * how_they_left(left)
}

/// The parts of the overall score before weighting (each 0–100, penalties in points).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Components {
    pub steps: f64,
    pub techniques: f64,
    pub outcome: f64,
    /// Penalty points as listed, one entry per anti-pattern.
    pub penalties: f64,
    /// What the penalties took off the overall ([`Components::taken`]).
    #[serde(default)]
    pub penalties_taken: f64,
}

impl Components {
    /// What the steps and techniques earned: the part penalties are taken from.
    pub fn earned(&self, rubric: &Rubric) -> f64 {
        let shares = rubric.shares;
        shares.steps * self.steps + shares.techniques * self.techniques
    }

    /// What the penalties actually take: a share of what the moves earned, growing with the
    /// penalties, `earned × penalties ÷ (earned + penalties)`. Mistakes never take everything a
    /// session earned, and every further mistake still costs something.
    pub fn taken(&self, rubric: &Rubric) -> f64 {
        let earned = self.earned(rubric);
        if earned + self.penalties > 0.0 {
            earned * self.penalties / (earned + self.penalties)
        } else {
            0.0
        }
    }

    /// What the penalties took off this score: `penalties_taken`, or for a record scored before
    /// penalties were scaled (which has none), the penalty points as listed.
    pub fn penalties_shown(&self) -> f64 {
        if self.penalties_taken > 0.0 || self.penalties == 0.0 {
            self.penalties_taken
        } else {
            self.penalties
        }
    }

    /// The penalty points the scaling gives back: the penalties as listed less what they take.
    pub fn scaled_back(&self, rubric: &Rubric) -> f64 {
        self.penalties - self.taken(rubric)
    }

    /// What the moves earned less what the penalties take, plus how the call ended, which
    /// penalties do not reduce: the mistakes already shaped it.
    pub fn overall(&self, rubric: &Rubric) -> f64 {
        let raw = self.earned(rubric) - self.taken(rubric) + rubric.shares.outcome * self.outcome;
        (raw.clamp(0.0, 100.0) * 10.0).round() / 10.0
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepScore {
    pub step: Step,
    pub score: f64,
    /// Turns whose responses earned or cost this step points.
    pub turns: Vec<usize>,
}

/// A finished session's score, with the lines that explain it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreCard {
    pub overall: f64,
    pub grade: String,
    pub grade_label: Text,
    pub outcome: Outcome,
    pub components: Components,
    pub steps: Vec<StepScore>,
    pub techniques_used: Vec<Technique>,
    pub lines: Vec<ScoreLine>,
}

impl ScoreCard {
    pub fn step(&self, step: Step) -> f64 {
        self.steps
            .iter()
            .find(|s| s.step == step)
            .map_or(0.0, |s| s.score)
    }

    /// The weakest steps first.
    pub fn weakest_steps(&self) -> Vec<&StepScore> {
        let mut sorted: Vec<&StepScore> = self.steps.iter().collect();
        sorted.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.step.cmp(&b.step)));
        sorted
    }
}

/// Scores a whole session: the option chosen on each turn in order, how it ended, and how the
/// customer felt at the end.
pub fn score_session<'a>(
    rubric: &Rubric,
    choices: impl IntoIterator<Item = &'a Choice>,
    outcome: Outcome,
    left: &Emotions,
) -> ScoreCard {
    let mut state = ScoreState::default();
    let mut lines = Vec::new();
    let mut techniques_used = Vec::new();
    for (index, choice) in choices.into_iter().enumerate() {
        state.record(rubric, index + 1, choice, Some(&mut lines));
        for technique in &choice.techniques {
            if !techniques_used.contains(technique) {
                techniques_used.push(*technique);
            }
        }
    }
    let components = state.components(rubric, outcome, left);
    let feeling = how_they_left(left).round();
    lines.push(ScoreLine {
        turn: None,
        rule: format!("outcome.{}", outcome.id()),
        step: None,
        points: rubric.shares.outcome * components.outcome,
        note: Text::new(
            format!(
                "结果：{}；客户离开时的感受 {feeling}/100",
                outcome.label(crate::engine::domain::Lang::Zh)
            ),
            format!(
                "outcome: {}; the customer left feeling {feeling}/100",
                outcome.label(crate::engine::domain::Lang::En)
            ),
        ),
        words: None,
    });
    let steps = Step::ALL
        .iter()
        .map(|step| StepScore {
            step: *step,
            score: state.step_score(*step),
            turns: {
                let mut turns: Vec<usize> = lines
                    .iter()
                    .filter(|l| l.step == Some(*step))
                    .filter_map(|l| l.turn)
                    .collect();
                turns.dedup();
                turns
            },
        })
        .collect();
    let scaled_back = components.scaled_back(rubric);
    if scaled_back > 0.0 {
        let earned = components.earned(rubric);
        lines.push(ScoreLine {
            turn: None,
            step: None,
            rule: "penalties.scale".into(),
            points: scaled_back,
            note: Text::new(
                format!(
                    "误区按比例扣分：扣去所得 {earned:.1} 分中的 {:.1} 分（所得 × 扣分 ÷（所得 + 扣分）），做得好的部分仍然算数",
                    components.taken(rubric)
                ),
                format!(
                    "mistakes take a share of the {earned:.1} points earned: {:.1} (earned × penalties ÷ (earned + penalties)), so what went well still counts",
                    components.taken(rubric)
                ),
            ),
            words: None,
        });
    }
    let overall = components.overall(rubric);
    let grade = rubric.grade(overall);
    ScoreCard {
        overall,
        grade: grade.grade.clone(),
        grade_label: grade.label.clone(),
        outcome,
        components,
        steps,
        techniques_used,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::Emotions;

    fn option(steps: &[Step], techniques: &[Technique], anti: &[AntiPattern]) -> Choice {
        Choice {
            examples: Default::default(),
            text: Text::new("回应", "reply"),
            steps: steps.to_vec(),
            techniques: techniques.to_vec(),
            anti_patterns: anti.to_vec(),
            effect: Emotions::default(),
            feedback: Text::new("反馈", "feedback"),
            next: "n".into(),
            when: Vec::new(),
            set: Vec::new(),
            next_if: Vec::new(),
            reaction: None,
        }
    }

    #[test]
    fn first_and_repeat_credit_are_capped_at_one_hundred() {
        let rubric = Rubric::builtin();
        let listen = option(&[Step::ObserveListen], &[], &[]);
        let card = score_session(
            &rubric,
            [&listen, &listen, &listen],
            Outcome::Resolved,
            &Emotions::default(),
        );
        assert_eq!(card.step(Step::ObserveListen), 100.0);
        assert_eq!(card.steps[0].turns, vec![1, 2, 3]);
        let once = score_session(&rubric, [&listen], Outcome::Resolved, &Emotions::default());
        assert_eq!(once.step(Step::ObserveListen), rubric.first_credit);
    }

    #[test]
    fn support_before_acknowledging_emotion_is_premature() {
        let rubric = Rubric::builtin();
        let fix = option(&[Step::OfferSupport], &[], &[]);
        let acknowledge = option(&[Step::IdentifyEmotion], &[], &[]);
        let premature = score_session(
            &rubric,
            [&fix, &acknowledge],
            Outcome::Resolved,
            &Emotions::default(),
        );
        let in_order = score_session(
            &rubric,
            [&acknowledge, &fix],
            Outcome::Resolved,
            &Emotions::default(),
        );
        assert!(premature.step(Step::OfferSupport) < in_order.step(Step::OfferSupport));
        assert!(premature.overall < in_order.overall);
        assert!(
            premature
                .lines
                .iter()
                .any(|l| l.rule == "order.offer_support" && l.turn == Some(1))
        );
        assert!(
            premature
                .lines
                .iter()
                .any(|l| l.rule == "anti_pattern.premature_solution" && l.points < 0.0)
        );
        assert!(
            !in_order
                .lines
                .iter()
                .any(|l| l.rule.starts_with("anti_pattern"))
        );
    }

    #[test]
    fn prerequisites_met_in_the_same_response_count() {
        let rubric = Rubric::builtin();
        let both = option(&[Step::Validate, Step::OfferSupport], &[], &[]);
        let card = score_session(&rubric, [&both], Outcome::Resolved, &Emotions::default());
        assert!(!card.lines.iter().any(|l| l.rule == "order.offer_support"));
    }

    #[test]
    fn anti_patterns_cost_overall_and_the_undermined_step() {
        let rubric = Rubric::builtin();
        let understand = option(&[Step::ExpressUnderstanding], &[], &[]);
        let hollow = option(&[], &[], &[AntiPattern::HollowEmpathy]);
        let clean = score_session(
            &rubric,
            [&understand],
            Outcome::Resolved,
            &Emotions::default(),
        );
        let spoiled = score_session(
            &rubric,
            [&understand, &hollow],
            Outcome::Resolved,
            &Emotions::default(),
        );
        let rule = &rubric.anti_patterns[&AntiPattern::HollowEmpathy];
        let (step, step_penalty) = rule.undermines.unwrap();
        assert_eq!(step, Step::ExpressUnderstanding);
        assert_eq!(spoiled.step(step), clean.step(step) - step_penalty);
        assert!(spoiled.overall < clean.overall);
        assert_eq!(spoiled.components.penalties, rule.overall);
    }

    #[test]
    fn distinct_techniques_earn_credit_up_to_the_cap() {
        let rubric = Rubric::builtin();
        let many: Vec<Choice> = Technique::ALL
            .iter()
            .map(|t| option(&[], &[*t], &[]))
            .collect();
        let card = score_session(
            &rubric,
            many.iter(),
            Outcome::Unresolved,
            &Emotions::default(),
        );
        assert_eq!(card.components.techniques, 100.0);
        let twice = option(&[], &[Technique::OpenQuestion], &[]);
        let card = score_session(
            &rubric,
            [&twice, &twice],
            Outcome::Unresolved,
            &Emotions::default(),
        );
        assert_eq!(
            card.components.techniques,
            rubric.technique_points / rubric.technique_cap * 100.0
        );
    }

    #[test]
    fn mistakes_take_a_share_that_grows_with_them_and_the_share_is_traced() {
        let rubric = Rubric::builtin();
        let good = option(&[Step::ObserveListen, Step::IdentifyEmotion], &[], &[]);
        let bad = option(
            &[],
            &[],
            &[
                AntiPattern::BlamingCustomer,
                AntiPattern::DefensiveArguing,
                AntiPattern::PassingTheBuck,
            ],
        );
        let furious = Emotions {
            anger: 100,
            ..Emotions::default()
        };
        let session = |choices: &[&Choice]| {
            score_session(
                &rubric,
                choices.iter().copied(),
                Outcome::Escalated,
                &furious,
            )
        };
        let listened_then_slipped = session(&[&good, &bad, &bad, &bad]);
        let slipped_once = session(&[&good, &bad]);
        let rude_throughout = session(&[&bad, &bad, &bad, &bad]);
        let earned = listened_then_slipped.components.earned(&rubric);
        assert!(listened_then_slipped.components.penalties > earned);
        // What went well still counts, and each further mistake still costs.
        assert!(listened_then_slipped.overall > rude_throughout.overall);
        assert!(slipped_once.overall > listened_then_slipped.overall);
        assert!(listened_then_slipped.components.taken(&rubric) < earned);
        let scale = listened_then_slipped
            .lines
            .iter()
            .find(|l| l.rule == "penalties.scale")
            .expect("the scaling is a traced line");
        assert!(
            (scale.points
                - (listened_then_slipped.components.penalties
                    - listened_then_slipped.components.taken(&rubric)))
            .abs()
                < 1e-9
        );
        // A session that earned nothing by its moves keeps what the ending gives: how the
        // customer left.
        assert_eq!(rude_throughout.components.taken(&rubric), 0.0);
        let left = rubric.shares.outcome * rude_throughout.components.outcome;
        assert!((rude_throughout.overall - (left * 10.0).round() / 10.0).abs() < 1e-9);
    }

    #[test]
    fn outcome_changes_the_overall_and_every_point_is_traced() {
        let rubric = Rubric::builtin();
        let good = option(
            &[Step::ObserveListen, Step::IdentifyEmotion],
            &[Technique::ActiveListening],
            &[],
        );
        let calm = Emotions::default();
        let resolved = score_session(&rubric, [&good], Outcome::Resolved, &calm);
        let escalated = score_session(&rubric, [&good], Outcome::Escalated, &calm);
        assert!(resolved.overall > escalated.overall);
        // The overall is the sum of the traced overall contributions (steps weighted).
        let total_weight: f64 = Step::ALL.iter().map(|s| rubric.weight(*s)).sum();
        let traced: f64 = resolved
            .lines
            .iter()
            .map(|l| match l.step {
                Some(step) => l.points * rubric.weight(step) / total_weight * rubric.shares.steps,
                None => l.points,
            })
            .sum();
        assert!(
            (traced - resolved.overall).abs() < 0.11,
            "traced {traced} vs {}",
            resolved.overall
        );
    }
}
