//! What a finished session says to the trainee: the score, what went well, what to improve
//! (with the turn where it slipped and the better move), turn-by-turn feedback and what to
//! practise next.
//!
//! This is the one place that decides it. The app's debrief screen, the HTML and Markdown
//! reports and `rapport play`'s transcript all render a [`Debrief`], so a trainee gets the same
//! advice wherever they read it. The thresholds come from the rubric ([`DebriefRules`]).

use serde::Serialize;

use crate::engine::domain::{AntiPattern, Lang, Outcome, Step, Technique};
use crate::engine::play::rubric::{DebriefRules, Rubric};
use crate::engine::play::score::{Components, ScoreCard};
use crate::engine::play::session::{GroupRound, SessionRecord};
use crate::engine::reply::Tag;
use crate::engine::scenario::{Scenario, Text};

/// How a step score reads: strong, fair or weak (the colours of every chart).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Strong,
    Fair,
    Weak,
}

/// One turn of the conversation with its coaching.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TurnFeedback {
    pub turn: usize,
    pub customer: Text,
    pub response: Text,
    pub feedback: Text,
    pub steps: Vec<Step>,
    pub techniques: Vec<Technique>,
    pub anti_patterns: Vec<AntiPattern>,
    /// The better move for each anti-pattern the response fell into.
    pub better: Vec<Text>,
    /// For a typed reply: what was heard in it, each finding with its words.
    pub heard: Vec<Heard>,
    /// For a typed reply: the authored reply the conversation followed.
    pub closest: Option<Text>,
    /// In group practice: the observer marked this turn; the marks the reply analyser proposed
    /// (and the observer kept), by id.
    pub marked: Option<Vec<String>>,
}

/// One finding in a typed reply: the step, technique or anti-pattern and the words that showed
/// it (empty when it came from the reply's likeness to an authored one).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Heard {
    pub tag: Tag,
    pub words: String,
}

impl TurnFeedback {
    /// "Heard: identify the emotion “worried sick” · vague promise “as soon as possible”", or
    /// `None` for a chosen reply.
    pub fn heard_line(&self, lang: Lang) -> Option<String> {
        self.closest.as_ref()?;
        let items: Vec<String> = self
            .heard
            .iter()
            .map(|h| match (h.words.is_empty(), lang) {
                (true, _) => h.tag.label(lang).to_owned(),
                (false, Lang::Zh) => format!("{}{}", h.tag.label(lang), lang.quote(&h.words)),
                (false, Lang::En) => format!("{} {}", h.tag.label(lang), lang.quote(&h.words)),
            })
            .collect();
        let found = if items.is_empty() {
            lang.pick(
                "没有听出任何步骤、技巧或误区",
                "no step, technique or anti-pattern",
            )
            .to_owned()
        } else {
            items.join(" · ")
        };
        Some(format!("{}{found}", lang.pick("听出：", "Heard: ")))
    }

    /// For a turn an observer marked: who marked what ("Marked by the observer; proposed by
    /// the analyser: validate").
    fn marked_line(&self, lang: Lang, observer: &str) -> Option<String> {
        let proposed = self.marked.as_ref()?;
        let by = match lang {
            Lang::Zh => format!("由观察员{observer}标记"),
            Lang::En => format!("Marked by the observer, {observer}"),
        };
        Some(if proposed.is_empty() {
            by
        } else {
            format!(
                "{by}{}{}",
                lang.pick(
                    "；其中分析器提出、观察员确认的：",
                    "; proposed by the analyser and kept: "
                ),
                proposed.join(", ")
            )
        })
    }
}

/// A weak step, with the turn where it slipped and the better move (or a tip for the step).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Improvement {
    pub step: Step,
    pub score: f64,
    pub turn: Option<usize>,
    pub advice: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Debrief {
    pub scenario_id: String,
    pub scenario_title: Text,
    pub persona_name: Text,
    /// A round of group practice: who played which part.
    pub group: Option<GroupRound>,
    pub outcome: Outcome,
    pub ending_text: Option<Text>,
    pub overall: f64,
    pub grade: String,
    pub grade_label: Text,
    pub components: Components,
    /// Every step's score, in the model's order.
    pub steps: Vec<(Step, f64)>,
    /// Steps at or above the rubric's `strong` score, strongest first.
    pub strengths: Vec<(Step, f64)>,
    /// The weakest steps below `strong` (at most the rubric's `improvements`), weakest first.
    pub improvements: Vec<Improvement>,
    pub turns: Vec<TurnFeedback>,
    /// A scenario that exercises the weakest step: its id and title.
    pub recommendation: Option<(String, Text)>,
    /// The rules this debrief was decided with (for texts such as "no step reached 80").
    pub rules: DebriefRules,
}

impl Debrief {
    /// For a turn of a group round that the observer marked: who marked it, and which of the
    /// analyser's proposals they kept. `None` for any other turn.
    pub fn marked_line(&self, turn: &TurnFeedback, lang: Lang) -> Option<String> {
        turn.marked_line(lang, &self.group.as_ref()?.observer)
    }

    /// The debrief of a finished session record; `None` if it has no score (it did not end).
    pub fn of(record: &SessionRecord, rubric: &Rubric) -> Option<Debrief> {
        let card = record.score.as_ref()?;
        let rules = rubric.debrief;
        let steps: Vec<(Step, f64)> = card.steps.iter().map(|s| (s.step, s.score)).collect();
        let mut strengths: Vec<(Step, f64)> = steps
            .iter()
            .copied()
            .filter(|(_, score)| *score >= rules.strong)
            .collect();
        strengths.sort_by(|a, b| b.1.total_cmp(&a.1));
        let turns = record
            .turns
            .iter()
            .map(|t| TurnFeedback {
                turn: t.turn,
                customer: t.customer.clone(),
                response: t.response.clone(),
                feedback: t.feedback.clone(),
                steps: t.steps.clone(),
                techniques: t.techniques.clone(),
                anti_patterns: t.anti_patterns.clone(),
                better: t
                    .anti_patterns
                    .iter()
                    .filter_map(|a| rubric.anti_patterns.get(a))
                    .map(|r| r.better.clone())
                    .collect(),
                heard: t.free.as_ref().map_or_else(Vec::new, |free| {
                    let mut heard: Vec<Heard> = Vec::new();
                    for e in &free.evidence {
                        if !heard.iter().any(|h| h.tag == e.tag) {
                            heard.push(Heard {
                                tag: e.tag,
                                words: e.words.clone(),
                            });
                        }
                    }
                    heard
                }),
                closest: t.free.as_ref().map(|free| free.closest.clone()),
                marked: t.marked.as_ref().map(|m| m.from_analyser.clone()),
            })
            .collect();
        Some(Debrief {
            scenario_id: record.scenario_id.clone(),
            scenario_title: record.scenario_title.clone(),
            persona_name: record.persona_name.clone(),
            group: record.group.clone(),
            outcome: card.outcome,
            ending_text: record.ending_text.clone(),
            overall: card.overall,
            grade: card.grade.clone(),
            grade_label: card.grade_label.clone(),
            components: card.components,
            steps,
            strengths,
            improvements: improvements(card, rubric),
            turns,
            recommendation: None,
            rules,
        })
    }

    /// Adds the scenario of `library` (other than this one) that best exercises the weakest
    /// step, if there is a weak step and such a scenario.
    pub fn recommending_from<'a>(
        mut self,
        library: impl IntoIterator<Item = &'a Scenario>,
    ) -> Debrief {
        self.recommendation = self.improvements.first().and_then(|weakest| {
            crate::engine::analysis::coverage::recommend_for(
                library,
                weakest.step,
                &self.scenario_id,
            )
            .map(|s| (s.id.clone(), s.title.clone()))
        });
        self
    }

    /// How a step score reads under this debrief's rules.
    pub fn band(&self, score: f64) -> Band {
        self.rules.band(score)
    }

    /// What a rendering says when no step is a strength.
    pub fn no_strengths(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("这次还没有达到{:.0}分的步骤。", self.rules.strong),
            Lang::En => format!("No step reached {:.0} this time.", self.rules.strong),
        }
    }

    /// What a rendering says when no step needs improving.
    pub fn no_improvements(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("六个步骤都达到了{:.0}分以上。", self.rules.strong),
            Lang::En => format!("All six steps reached {:.0} or more.", self.rules.strong),
        }
    }
}

/// The parts of a group round in words: "Round 2 · agent Bo · customer Chen · observer Ana".
pub fn round_line(round: &GroupRound, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "第{}轮 · 客服：{} · 客户：{} · 观察员：{}",
            round.round, round.agent, round.customer, round.observer
        ),
        Lang::En => format!(
            "Round {} · agent {} · customer {} · observer {}",
            round.round, round.agent, round.customer, round.observer
        ),
    }
}

/// The debrief's first question (三问法), as every rendering heads the strengths.
pub fn strengths_heading(lang: Lang) -> &'static str {
    lang.pick("我做对了什么？", "What did I do right?")
}

/// The debrief's second question, heading the improvements.
pub fn improvements_heading(lang: Lang) -> &'static str {
    lang.pick("有哪些可改进？", "What can I improve?")
}

impl DebriefRules {
    pub fn band(&self, score: f64) -> Band {
        if score >= self.strong {
            Band::Strong
        } else if score >= self.fair {
            Band::Fair
        } else {
            Band::Weak
        }
    }
}

/// The weakest steps below `strong`, each with the costliest slip on it (turn and better move),
/// or the step's tip when it was simply never performed.
fn improvements(card: &ScoreCard, rubric: &Rubric) -> Vec<Improvement> {
    card.weakest_steps()
        .into_iter()
        .filter(|s| s.score < rubric.debrief.strong)
        .take(rubric.debrief.improvements)
        .map(|s| {
            let slip = card
                .lines
                .iter()
                .filter(|l| {
                    l.step == Some(s.step) && (l.points < 0.0 || l.rule.starts_with("order."))
                })
                .min_by(|a, b| a.points.total_cmp(&b.points));
            match slip {
                Some(line) => Improvement {
                    step: s.step,
                    score: s.score,
                    turn: line.turn,
                    advice: line.note.clone(),
                },
                None => Improvement {
                    step: s.step,
                    score: s.score,
                    turn: None,
                    advice: rubric.step_tips.get(&s.step).cloned().unwrap_or_default(),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::engine::analysis::policy::{Policy, play_session};
    use crate::engine::scenario::load::load_str;

    fn played(policy: Policy) -> SessionRecord {
        let scenario = load_str("minimal", include_str!("../../tests/fixtures/minimal.ron"))
            .scenario
            .expect("the fixture is valid");
        play_session(
            Arc::new(scenario),
            Arc::new(Rubric::builtin()),
            policy,
            0,
            0,
        )
        .record()
    }

    #[test]
    fn strengths_and_improvements_split_at_the_rubrics_threshold() {
        let rubric = Rubric::builtin();
        for policy in [Policy::Best, Policy::Worst] {
            let debrief = Debrief::of(&played(policy), &rubric).unwrap();
            assert!(
                debrief
                    .strengths
                    .iter()
                    .all(|(_, s)| *s >= rubric.debrief.strong)
            );
            assert!(
                debrief
                    .improvements
                    .iter()
                    .all(|i| i.score < rubric.debrief.strong)
            );
            assert!(debrief.improvements.len() <= rubric.debrief.improvements);
            let weak_steps = debrief
                .steps
                .iter()
                .filter(|(_, s)| *s < rubric.debrief.strong)
                .count();
            assert_eq!(
                debrief.improvements.len(),
                weak_steps.min(rubric.debrief.improvements)
            );
            assert!(
                debrief
                    .improvements
                    .windows(2)
                    .all(|w| w[0].score <= w[1].score),
                "weakest first"
            );
        }
    }

    #[test]
    fn a_stricter_rubric_moves_strengths_into_improvements() {
        let record = played(Policy::Best);
        let mut strict = Rubric::builtin();
        let lenient = Debrief::of(&record, &strict).unwrap();
        strict.debrief.strong = 101.0;
        strict.debrief.improvements = 6;
        let harsh = Debrief::of(&record, &strict).unwrap();
        assert!(harsh.strengths.is_empty());
        assert_eq!(harsh.improvements.len(), 6);
        assert!(lenient.strengths.len() + lenient.improvements.len() <= 6);
    }

    #[test]
    fn bands_follow_the_rules() {
        let rules = Rubric::builtin().debrief;
        assert_eq!(rules.band(rules.strong), Band::Strong);
        assert_eq!(rules.band(rules.fair), Band::Fair);
        assert_eq!(rules.band(rules.fair - 0.1), Band::Weak);
    }
}
