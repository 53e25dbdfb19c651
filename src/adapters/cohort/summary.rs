//! The class at a glance: per learner, per scenario and per step.

use std::collections::BTreeMap;

use crate::adapters::cohort::CohortSession;
use crate::engine::domain::{AntiPattern, Outcome, Step};
use crate::engine::scenario::Text;

#[derive(Clone, Debug, PartialEq)]
pub struct LearnerRow {
    pub name: String,
    pub key: String,
    pub sessions: usize,
    pub last: f64,
    pub average: f64,
    /// The average of the later half of their sessions minus that of the earlier half (0 with
    /// one session): above 0 they are improving.
    pub trend: f64,
    /// The step with their lowest average, and that average.
    pub weakest: Option<(Step, f64)>,
    /// Their average per step, in the model's order.
    pub steps: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioRow {
    pub id: String,
    pub title: Text,
    pub attempts: usize,
    pub average: f64,
    /// Share of attempts that ended escalated, 0–1.
    pub escalated: f64,
    /// The anti-patterns trainees fell into most often here, most frequent first (at most 3).
    pub anti_patterns: Vec<(AntiPattern, usize)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepRow {
    pub step: Step,
    /// The class's average on this step over all sessions.
    pub average: f64,
    /// The same over each learner's earlier and later half of sessions: is the class improving?
    pub earlier: f64,
    pub later: f64,
}

/// The whole report's numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Cohort {
    pub sessions: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    pub learners: Vec<LearnerRow>,
    pub scenarios: Vec<ScenarioRow>,
    pub steps: Vec<StepRow>,
    /// Where the class is weakest: the step with the lowest average.
    pub weakest_step: Option<Step>,
}

fn mean(values: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, count) = values
        .into_iter()
        .fold((0.0, 0usize), |(sum, n), v| (sum + v, n + 1));
    if count == 0 { 0.0 } else { sum / count as f64 }
}

/// A learner's sessions split into an earlier and a later half (the middle one in both when odd).
#[allow(clippy::type_complexity)]
fn halves<'a>(sessions: &[&'a CohortSession]) -> (Vec<&'a CohortSession>, Vec<&'a CohortSession>) {
    let half = sessions.len().div_ceil(2);
    (
        sessions[..half].to_vec(),
        sessions[sessions.len() - half..].to_vec(),
    )
}

impl Cohort {
    /// `sessions` oldest first, as [`super::sessions_of`] gives them.
    pub fn of(sessions: &[CohortSession]) -> Cohort {
        let mut by_learner: BTreeMap<&str, Vec<&CohortSession>> = BTreeMap::new();
        let mut by_scenario: BTreeMap<&str, Vec<&CohortSession>> = BTreeMap::new();
        for session in sessions {
            by_learner
                .entry(&session.learner_key)
                .or_default()
                .push(session);
            by_scenario
                .entry(&session.scenario)
                .or_default()
                .push(session);
        }
        let step_mean = |of: &[&CohortSession], step: Step| {
            mean(of.iter().filter_map(|s| s.steps.get(&step).copied()))
        };
        let learners: Vec<LearnerRow> = by_learner
            .iter()
            .map(|(key, own)| {
                let (earlier, later) = halves(own);
                let steps: Vec<f64> = Step::ALL.iter().map(|st| step_mean(own, *st)).collect();
                let weakest = Step::ALL
                    .iter()
                    .zip(&steps)
                    .min_by(|a, b| a.1.total_cmp(b.1))
                    .map(|(step, avg)| (*step, *avg));
                LearnerRow {
                    name: own.last().map_or_else(String::new, |s| s.learner.clone()),
                    key: (*key).to_owned(),
                    sessions: own.len(),
                    last: own.last().map_or(0.0, |s| s.score),
                    average: mean(own.iter().map(|s| s.score)),
                    trend: if own.len() < 2 {
                        0.0
                    } else {
                        mean(later.iter().map(|s| s.score)) - mean(earlier.iter().map(|s| s.score))
                    },
                    weakest,
                    steps,
                }
            })
            .collect();
        let scenarios = by_scenario
            .iter()
            .map(|(id, tries)| {
                let mut counts: BTreeMap<AntiPattern, usize> = BTreeMap::new();
                for anti in tries.iter().flat_map(|s| &s.anti_patterns) {
                    *counts.entry(*anti).or_default() += 1;
                }
                let mut anti_patterns: Vec<(AntiPattern, usize)> = counts.into_iter().collect();
                anti_patterns.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                anti_patterns.truncate(3);
                let escalated = tries
                    .iter()
                    .filter(|s| s.outcome == Outcome::Escalated)
                    .count();
                ScenarioRow {
                    id: (*id).to_owned(),
                    title: tries[tries.len() - 1].title.clone(),
                    attempts: tries.len(),
                    average: mean(tries.iter().map(|s| s.score)),
                    escalated: escalated as f64 / tries.len() as f64,
                    anti_patterns,
                }
            })
            .collect();
        let all: Vec<&CohortSession> = sessions.iter().collect();
        // Every learner's earlier and later half, gathered once for all six steps.
        let (mut earlier, mut later) = (Vec::new(), Vec::new());
        for own in by_learner.values() {
            let (e, l) = halves(own);
            earlier.extend(e);
            later.extend(l);
        }
        let steps: Vec<StepRow> = Step::ALL
            .iter()
            .map(|step| StepRow {
                step: *step,
                average: step_mean(&all, *step),
                earlier: step_mean(&earlier, *step),
                later: step_mean(&later, *step),
            })
            .collect();
        let weakest_step = steps
            .iter()
            .filter(|_| !sessions.is_empty())
            .min_by(|a, b| a.average.total_cmp(&b.average))
            .map(|row| row.step);
        Cohort {
            sessions: sessions.len(),
            first: sessions.first().map(|s| s.when.clone()),
            last: sessions.last().map(|s| s.when.clone()),
            learners,
            scenarios,
            steps,
            weakest_step,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(
        learner: &str,
        scenario: &str,
        when: &str,
        score: f64,
        steps: [f64; 6],
    ) -> CohortSession {
        CohortSession {
            learner: learner.to_owned(),
            learner_key: learner.to_lowercase(),
            scenario: scenario.to_owned(),
            title: Text::new(scenario, scenario),
            when: when.to_owned(),
            score,
            outcome: if score < 20.0 {
                Outcome::Escalated
            } else {
                Outcome::Resolved
            },
            steps: Step::ALL.iter().copied().zip(steps).collect(),
            anti_patterns: if score < 50.0 {
                vec![AntiPattern::ButPivot]
            } else {
                vec![]
            },
        }
    }

    #[test]
    fn learners_scenarios_and_steps_are_summed_up() {
        let sessions = vec![
            session(
                "Ann",
                "late",
                "2026-01-01",
                10.0,
                [80.0, 0.0, 50.0, 50.0, 0.0, 80.0],
            ),
            session(
                "Bo",
                "late",
                "2026-01-02",
                70.0,
                [80.0, 60.0, 80.0, 60.0, 20.0, 100.0],
            ),
            session(
                "Ann",
                "price",
                "2026-01-03",
                60.0,
                [80.0, 40.0, 80.0, 60.0, 20.0, 80.0],
            ),
        ];
        let cohort = Cohort::of(&sessions);
        assert_eq!(cohort.sessions, 3);
        let ann = &cohort.learners[0];
        assert_eq!(
            (ann.name.as_str(), ann.sessions, ann.last, ann.average),
            ("Ann", 2, 60.0, 35.0)
        );
        assert_eq!(ann.trend, 50.0);
        assert_eq!(ann.weakest.map(|w| w.0), Some(Step::CommonGround));
        let late = &cohort.scenarios[0];
        assert_eq!(
            (late.id.as_str(), late.attempts, late.average),
            ("late", 2, 40.0)
        );
        assert_eq!(late.escalated, 0.5);
        assert_eq!(late.anti_patterns, vec![(AntiPattern::ButPivot, 1)]);
        assert_eq!(cohort.weakest_step, Some(Step::CommonGround));
        let identify = &cohort.steps[1];
        assert!((identify.average - 100.0 / 3.0).abs() < 1e-9);
    }
}
