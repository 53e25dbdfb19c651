//! How the scores of random play spread: whether the scorer tells sessions apart. A trainee who
//! listened well and then slipped should not score the same as one who was rude throughout, so
//! few sessions should score exactly 0 and different transcripts should rarely share a score.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;

use crate::engine::analysis::policy::{Policy, play_session};
use crate::engine::domain::{AntiPattern, Outcome, Step, Technique};
use crate::engine::play::rubric::Rubric;
use crate::engine::scenario::Scenario;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spread {
    /// Sessions played, one per seed.
    pub sessions: usize,
    /// Sessions whose overall score is exactly 0.
    pub zeros: usize,
    /// Different transcripts among them (the same turns and options, whatever the seed).
    pub transcripts: usize,
    /// Transcripts whose score another transcript also has although its moves differ (the
    /// steps, techniques and anti-patterns turn by turn, or the outcome). Two transcripts that
    /// made the same moves through different turns deserve the same score and are not counted.
    pub tied: usize,
    pub lowest: f64,
    pub highest: f64,
    pub mean: f64,
}

impl Spread {
    /// Share of sessions scoring exactly 0.
    pub fn zero_share(&self) -> f64 {
        self.zeros as f64 / self.sessions.max(1) as f64
    }

    /// Share of different transcripts that share their score with another.
    pub fn tie_share(&self) -> f64 {
        self.tied as f64 / self.transcripts.max(1) as f64
    }
}

/// A transcript's moves, turn by turn, and how it ended: two transcripts tie when their scores
/// match and these differ.
type Moves = (
    Vec<(Vec<Step>, Vec<Technique>, Vec<AntiPattern>)>,
    Option<Outcome>,
);

/// Plays `seeds` random sessions (seeds 0, 1, …) of `scenario` and measures their scores.
pub fn random_spread(scenario: &Arc<Scenario>, rubric: &Arc<Rubric>, seeds: u64) -> Spread {
    // Each transcript's score and moves, by its path of (node, option).
    let mut transcripts: BTreeMap<Vec<(String, usize)>, (f64, Moves)> = BTreeMap::new();
    let mut zeros = 0;
    let mut total = 0.0;
    let (mut lowest, mut highest) = (f64::INFINITY, f64::NEG_INFINITY);
    for seed in 0..seeds {
        let session = play_session(scenario.clone(), rubric.clone(), Policy::Random, seed, 0);
        let score = session.score().map_or(0.0, |card| card.overall);
        zeros += usize::from(score == 0.0);
        total += score;
        lowest = lowest.min(score);
        highest = highest.max(score);
        let turns = session.transcript();
        let path = turns.iter().map(|t| (t.node.clone(), t.option)).collect();
        let moves = (
            turns
                .iter()
                .map(|t| {
                    (
                        t.steps.clone(),
                        t.techniques.clone(),
                        t.anti_patterns.clone(),
                    )
                })
                .collect(),
            session.outcome(),
        );
        transcripts.insert(path, (score, moves));
    }
    // Scores to one decimal, as shown: which different moves reached each.
    let mut per_score: HashMap<i64, Vec<&Moves>> = HashMap::new();
    for (score, moves) in transcripts.values() {
        per_score
            .entry((score * 10.0).round() as i64)
            .or_default()
            .push(moves);
    }
    let tied = per_score
        .values()
        .filter(|moves| moves.iter().any(|m| *m != moves[0]))
        .map(Vec::len)
        .sum();
    let sessions = seeds as usize;
    Spread {
        sessions,
        zeros,
        transcripts: transcripts.len(),
        tied,
        lowest: if sessions == 0 { 0.0 } else { lowest },
        highest: if sessions == 0 { 0.0 } else { highest },
        mean: total / sessions.max(1) as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::load::load_str;

    #[test]
    fn ties_count_different_transcripts_only() {
        let text = include_str!("../../../tests/fixtures/minimal.ron");
        let scenario = Arc::new(load_str("minimal", text).scenario.unwrap());
        let rubric = Arc::new(Rubric::builtin());
        let spread = random_spread(&scenario, &rubric, 40);
        assert_eq!(spread.sessions, 40);
        // Many seeds play the same short transcripts: they are counted once.
        assert!(spread.transcripts < 40, "{spread:?}");
        assert!(spread.tied <= spread.transcripts);
        assert!(spread.lowest <= spread.mean && spread.mean <= spread.highest);
    }
}
