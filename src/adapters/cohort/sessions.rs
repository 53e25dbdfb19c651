//! Sessions from xAPI statements.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::adapters::xapi::{EXTENSION_MOVES, EXTENSION_OUTCOME, EXTENSION_SIX_STEPS};
use crate::engine::domain::{AntiPattern, Outcome, Step};
use crate::engine::scenario::Text;

/// One learner's finished session, as the LRS holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct CohortSession {
    /// The learner as the statements name them, and a key that identifies them (e-mail or
    /// account).
    pub learner: String,
    pub learner_key: String,
    pub scenario: String,
    pub title: Text,
    /// RFC 3339, as sent.
    pub when: String,
    pub score: f64,
    pub outcome: Outcome,
    pub steps: BTreeMap<Step, f64>,
    /// Every anti-pattern of the session's turns, repeats included.
    pub anti_patterns: Vec<AntiPattern>,
}

/// The sessions in `statements` (Rapport's; others are ignored), oldest first. A session is
/// counted once however often its statements were sent.
pub fn sessions_of(statements: &[Value]) -> Vec<CohortSession> {
    let mut moves: HashMap<&str, Vec<AntiPattern>> = HashMap::new();
    let mut answered_seen = std::collections::HashSet::new();
    for statement in statements.iter().filter(|s| verb(s) == Some("answered")) {
        let (Some(registration), Some(id)) = (registration(statement), statement["id"].as_str())
        else {
            continue;
        };
        if !answered_seen.insert(id) {
            continue;
        }
        let found = statement["result"]["extensions"][EXTENSION_MOVES]["anti_patterns"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|id| AntiPattern::from_id(id.as_str()?));
        moves.entry(registration).or_default().extend(found);
    }
    let mut seen = std::collections::HashSet::new();
    let mut sessions: Vec<CohortSession> = statements
        .iter()
        .filter(|s| verb(s) == Some("completed"))
        .filter_map(|statement| {
            let registration = registration(statement)?;
            if !seen.insert(registration) {
                return None;
            }
            session(
                statement,
                moves.get(registration).cloned().unwrap_or_default(),
            )
        })
        .collect();
    sessions.sort_by(|a, b| a.when.cmp(&b.when).then(a.learner.cmp(&b.learner)));
    sessions
}

fn verb(statement: &Value) -> Option<&str> {
    statement["verb"]["id"].as_str()?.rsplit('/').next()
}

fn registration(statement: &Value) -> Option<&str> {
    statement["context"]["registration"].as_str()
}

fn session(statement: &Value, anti_patterns: Vec<AntiPattern>) -> Option<CohortSession> {
    let actor = &statement["actor"];
    let learner_key = actor["mbox"]
        .as_str()
        .map(|m| m.trim_start_matches("mailto:").to_owned())
        .or_else(|| actor["account"]["name"].as_str().map(str::to_owned))?;
    let learner = actor["name"].as_str().unwrap_or(&learner_key).to_owned();
    let object = &statement["object"];
    let scenario = object["id"].as_str()?.rsplit('/').next()?.to_owned();
    let name = &object["definition"]["name"];
    let title = Text::new(
        name["zh-CN"].as_str().unwrap_or(&scenario),
        name["en-US"].as_str().unwrap_or(&scenario),
    );
    let extensions = &statement["context"]["extensions"];
    let outcome = Outcome::from_id(extensions[EXTENSION_OUTCOME].as_str()?)?;
    let steps = Step::ALL
        .iter()
        .filter_map(|step| Some((*step, extensions[EXTENSION_SIX_STEPS][step.id()].as_f64()?)))
        .collect();
    Some(CohortSession {
        learner,
        learner_key,
        scenario,
        title,
        when: statement["timestamp"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        score: statement["result"]["score"]["raw"].as_f64()?,
        outcome,
        steps,
        anti_patterns,
    })
}
