//! Picking an interrupted session up again: its record (journaled after every turn) is replayed
//! on the scenario from the same seed, so the persona variant, option order, emotions, score and
//! transcript are exactly as they were.

use std::sync::Arc;

use crate::engine::play::rubric::Rubric;
use crate::engine::play::session::{Session, SessionRecord, TurnRecord};
use crate::engine::reply::Analysis;
use crate::engine::reply::analyse::OptionMatch;
use crate::engine::scenario::Scenario;

/// Why a journaled session could not be replayed on the scenario as it is now.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResumeError {
    #[error("the journal is of scenario `{journal}`, not `{scenario}`")]
    OtherScenario { journal: String, scenario: String },
    #[error("the session had already ended")]
    Ended,
    #[error("turn {turn} no longer fits the scenario file (it was edited since)")]
    Diverged { turn: usize },
}

impl Session {
    /// The session `journal` recorded, continued at its next turn. Fails, when the scenario has
    /// changed so that a recorded turn no longer fits, with the first turn that does not.
    pub fn resume(
        scenario: Arc<Scenario>,
        rubric: Arc<Rubric>,
        journal: &SessionRecord,
    ) -> Result<Session, ResumeError> {
        if journal.scenario_id != scenario.id {
            return Err(ResumeError::OtherScenario {
                journal: journal.scenario_id.clone(),
                scenario: scenario.id.clone(),
            });
        }
        if journal.outcome.is_some() {
            return Err(ResumeError::Ended);
        }
        let mut session = Session::start(scenario, rubric, journal.seed, journal.started_at);
        if session.persona_name() != &journal.persona_name {
            return Err(ResumeError::Diverged { turn: 1 });
        }
        for turn in &journal.turns {
            let diverged = || ResumeError::Diverged { turn: turn.turn };
            if session.current_node().map(|n| n.id()) != Some(turn.node.as_str()) {
                return Err(diverged());
            }
            let replayed = match (&turn.free, &turn.marked) {
                (Some(free), _) => {
                    session.reply_freely(&free.text, &reading_of(turn), free.confirmed)
                }
                (None, Some(marks)) => session.reply_marked(marks, turn.option),
                (None, None) => session.choose_file_option(turn.option),
            };
            replayed.map_err(|_| diverged())?;
            let last = session.transcript().last().ok_or_else(diverged)?;
            if last.emotions_after != turn.emotions_after {
                return Err(diverged());
            }
        }
        if session.is_over() {
            return Err(ResumeError::Ended);
        }
        if let Some(round) = &journal.group {
            session.set_group(round.clone());
        }
        Ok(session)
    }
}

/// The analysis a typed turn was answered with, as its record keeps it.
fn reading_of(turn: &TurnRecord) -> Analysis {
    let free = turn.free.as_ref();
    Analysis {
        lang: free.map_or_else(Default::default, |f| f.lang),
        steps: turn.steps.clone(),
        techniques: turn.techniques.clone(),
        anti_patterns: turn.anti_patterns.clone(),
        evidence: free.map_or_else(Vec::new, |f| f.evidence.clone()),
        ranked: vec![OptionMatch {
            option: turn.option,
            score: free.map_or(0.0, |f| f.similarity),
            similarity: free.map_or(0.0, |f| f.similarity),
            shared: free.map_or_else(Vec::new, |f| f.shared.clone()),
        }],
        option: Some(turn.option),
        confidence: free.map_or(1.0, |f| f.confidence),
        needs_confirmation: false,
        problem: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::domain::Lang;
    use crate::engine::reply::{Cues, analyse_in};
    use crate::engine::scenario::load::load_str;

    fn late_delivery() -> Arc<Scenario> {
        let text = include_str!("../../../scenarios/late_delivery.ron");
        Arc::new(load_str("late_delivery.ron", text).scenario.unwrap())
    }

    #[test]
    fn a_journaled_session_resumes_exactly_where_it_was() {
        let rubric = Arc::new(Rubric::builtin());
        let scenario = late_delivery();
        let mut session = Session::start(scenario.clone(), rubric.clone(), 11, 5);
        let typed = "王先生，明天九点就要演示，您一定急坏了。订单号给我，我马上查。";
        let node = session.current_node().unwrap().clone();
        let reading = analyse_in(typed, &scenario, &node, Lang::Zh, &Cues::builtin());
        session.reply_freely(typed, &reading, false).unwrap();
        session.choose(1).unwrap();
        let journal = session.record();

        let resumed = Session::resume(scenario.clone(), rubric.clone(), &journal).unwrap();
        assert_eq!(resumed.record(), journal);
        assert_eq!(resumed.presented_options(), session.presented_options());
        assert_eq!(resumed.score_state(), session.score_state());

        // An edited file whose recorded turn is gone does not resume.
        let edited = include_str!("../../../scenarios/late_delivery.ron")
            .replace("\"order_check\"", "\"order_checked\"");
        let edited = Arc::new(load_str("x.ron", &edited).scenario.unwrap());
        assert_eq!(
            Session::resume(edited, rubric.clone(), &journal).unwrap_err(),
            ResumeError::Diverged { turn: 2 }
        );
        // A finished session is not resumed.
        let mut finished = Session::start(scenario.clone(), rubric.clone(), 1, 1);
        while !finished.is_over() {
            finished.choose_file_option(0).unwrap();
        }
        let finished = finished.record();
        assert_eq!(
            Session::resume(scenario, rubric, &finished).unwrap_err(),
            ResumeError::Ended
        );
    }
}
