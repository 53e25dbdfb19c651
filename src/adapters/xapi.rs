//! Session records as xAPI 1.0.3 statements, for an organisation's Learning Record Store.
//!
//! A session becomes: one `attempted` statement for the scenario, one `answered` per turn (the
//! chosen option, with the steps, techniques and anti-patterns it carries), and one `completed`
//! with the score, success (resolved) and the six-step scores as context extensions. A typed
//! reply answers as `long-fill-in` with its text; a turn an observer marked (group practice) as
//! `other` with what was said, or the marks. A round of group practice is about its agent (known
//! by the name given), with the observer as the context's `instructor`. Ids are derived from the
//! record, so pushing the same session twice sends the same statements.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::engine::domain::{Outcome, Step};
use crate::engine::play::session::SessionRecord;

pub const XAPI_VERSION: &str = "1.0.3";
const BASE: &str = "https://rapport.training/xapi";
const NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_2c3a_9b4e_4d8a_a1f0_5e7c_3b2a_9d10);

/// The learner the statements are about: identified by e-mail when known, otherwise by an
/// account name on Rapport.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub name: String,
    pub email: Option<String>,
    pub account: String,
}

impl Actor {
    /// A group member, known by the name they gave.
    fn member(name: &str) -> Actor {
        Actor {
            name: name.to_owned(),
            email: None,
            account: name.to_owned(),
        }
    }

    /// Who a record is about: in group practice the round's agent, otherwise `self`.
    pub fn of_record(&self, record: &SessionRecord) -> Actor {
        match &record.group {
            Some(round) => Actor::member(&round.agent),
            None => self.clone(),
        }
    }

    fn json(&self) -> Value {
        match &self.email {
            Some(email) => {
                json!({ "objectType": "Agent", "name": self.name, "mbox": format!("mailto:{email}") })
            }
            None => json!({
                "objectType": "Agent",
                "name": self.name,
                "account": { "homePage": "https://rapport.training", "name": self.account },
            }),
        }
    }
}

pub const EXTENSION_SIX_STEPS: &str = "https://rapport.training/xapi/extensions/six-step-scores";
pub const EXTENSION_OUTCOME: &str = "https://rapport.training/xapi/extensions/outcome";
pub const EXTENSION_MOVES: &str = "https://rapport.training/xapi/extensions/moves";
/// A typed reply: what was heard in it (tag, words, rule), the authored reply it followed and how
/// sure the analyser was.
pub const EXTENSION_FREE_REPLY: &str = "https://rapport.training/xapi/extensions/free-reply";
/// A turn an observer marked in group practice: the authored reply followed, and which marks the
/// reply analyser proposed (the rest the observer set).
pub const EXTENSION_OBSERVED: &str = "https://rapport.training/xapi/extensions/observed";

/// Identifies one learner's session: the same record and learner always give the same id. A
/// round of group practice is its agent's, whoever sends it.
pub fn registration(record: &SessionRecord, actor: &Actor) -> Uuid {
    let actor = actor.of_record(record);
    let learner = actor.email.as_deref().unwrap_or(&actor.account);
    let key = format!(
        "{learner}|{}|{}|{}|{}",
        record.scenario_id, record.scenario_version, record.seed, record.started_at
    );
    Uuid::new_v5(&NAMESPACE, key.as_bytes())
}

fn statement_id(registration: &Uuid, part: &str) -> String {
    Uuid::new_v5(registration, part.as_bytes()).to_string()
}

fn scenario_activity(record: &SessionRecord) -> Value {
    json!({
        "objectType": "Activity",
        "id": format!("{BASE}/scenarios/{}", record.scenario_id),
        "definition": {
            "type": "http://adlnet.gov/expapi/activities/simulation",
            "name": { "zh-CN": record.scenario_title.zh, "en-US": record.scenario_title.en },
        }
    })
}

/// RFC 3339 UTC timestamp for seconds since the epoch.
pub fn timestamp(seconds: u64) -> String {
    let time = seconds % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        crate::adapters::records::date_of(seconds),
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}

fn verb(id: &str, display: &str) -> Value {
    json!({ "id": format!("http://adlnet.gov/expapi/verbs/{id}"), "display": { "en-US": display } })
}

/// A round of group practice: who played the customer and who observed.
pub const EXTENSION_GROUP: &str = "https://rapport.training/xapi/extensions/group-round";

/// The statements of one session. A round of group practice is about its agent, with the
/// observer as the context's instructor and the round's parts in an extension.
pub fn statements(record: &SessionRecord, actor: &Actor) -> Vec<Value> {
    let actor = &actor.of_record(record);
    let session = registration(record, actor);
    let registration = session.to_string();
    let scenario = scenario_activity(record);
    // A round of group practice: the observer as the instructor, the parts in an extension.
    let in_round = |mut context: Value| {
        if let Some(round) = &record.group {
            context["instructor"] = Actor::member(&round.observer).json();
            context["extensions"][EXTENSION_GROUP] = json!({
                "round": round.round,
                "agent": round.agent,
                "customer": round.customer,
                "observer": round.observer,
                "members": round.members,
            });
        }
        context
    };
    let context = |extensions: Value| {
        in_round(json!({
            "registration": registration,
            "platform": "Rapport",
            "language": "zh-CN",
            "contextActivities": { "parent": [scenario.clone()] },
            "extensions": extensions,
        }))
    };
    let mut out = vec![json!({
        "id": statement_id(&session, "attempted"),
        "actor": actor.json(),
        "verb": verb("attempted", "attempted"),
        "object": scenario,
        "timestamp": timestamp(record.started_at),
        "context": in_round(json!({ "registration": registration, "platform": "Rapport" })),
    })];
    for turn in &record.turns {
        let moves = json!({
            "steps": turn.steps.iter().map(|s| s.id()).collect::<Vec<_>>(),
            "techniques": turn.techniques.iter().map(|t| t.id()).collect::<Vec<_>>(),
            "anti_patterns": turn.anti_patterns.iter().map(|a| a.id()).collect::<Vec<_>>(),
        });
        // A typed reply is a fill-in answer: the response is what the trainee wrote, and an
        // extension says what was heard in it and which authored reply it followed.
        let (interaction, response, extensions) = match &turn.free {
            Some(free) => (
                "long-fill-in",
                free.text.clone(),
                json!({
                    EXTENSION_MOVES: moves,
                    EXTENSION_FREE_REPLY: {
                        "option": turn.option,
                        "confidence": free.confidence,
                        "confirmed": free.confirmed,
                        "heard": free.evidence.iter().map(|e| json!({
                            "tag": e.tag.id(),
                            "words": e.words,
                            "rule": e.rule,
                        })).collect::<Vec<_>>(),
                    },
                }),
            ),
            None => match &turn.marked {
                // Marked by the observer: what the agent said, when typed, else the moves.
                Some(marks) => (
                    "other",
                    marks.said.clone().unwrap_or_else(|| {
                        (turn.steps.iter().map(|s| s.id()))
                            .chain(turn.techniques.iter().map(|t| t.id()))
                            .chain(turn.anti_patterns.iter().map(|a| a.id()))
                            .collect::<Vec<_>>()
                            .join(",")
                    }),
                    json!({
                        EXTENSION_MOVES: moves,
                        EXTENSION_OBSERVED: {
                            "option": turn.option,
                            "from_analyser": marks.from_analyser,
                        },
                    }),
                ),
                None => (
                    "choice",
                    turn.option.to_string(),
                    json!({ EXTENSION_MOVES: moves }),
                ),
            },
        };
        out.push(json!({
            "id": statement_id(&session, &format!("turn-{}", turn.turn)),
            "actor": actor.json(),
            "verb": verb("answered", "answered"),
            "object": {
                "objectType": "Activity",
                "id": format!("{BASE}/scenarios/{}/turns/{}", record.scenario_id, turn.node),
                "definition": {
                    "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                    "interactionType": interaction,
                    "description": { "zh-CN": turn.customer.zh, "en-US": turn.customer.en },
                },
            },
            "result": {
                "response": response,
                "extensions": extensions,
            },
            "timestamp": timestamp(record.started_at),
            "context": in_round(json!({ "registration": registration, "platform": "Rapport" })),
        }));
    }
    if let Some(card) = &record.score {
        let steps: serde_json::Map<String, Value> = Step::ALL
            .iter()
            .map(|s| (s.id().to_owned(), json!(card.step(*s))))
            .collect();
        out.push(json!({
            "id": statement_id(&session, "completed"),
            "actor": actor.json(),
            "verb": verb("completed", "completed"),
            "object": scenario_activity(record),
            "result": {
                "score": { "scaled": card.overall / 100.0, "raw": card.overall, "min": 0, "max": 100 },
                "success": card.outcome == Outcome::Resolved,
                "completion": true,
            },
            "timestamp": timestamp(record.started_at),
            "context": context(json!({
                EXTENSION_SIX_STEPS: steps,
                EXTENSION_OUTCOME: card.outcome.id(),
            })),
        }));
    }
    out
}

/// Every request gives up after this long: an LRS that accepts a connection and never answers
/// must not hold up delivery, `push` or `cohort`.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(REQUEST_TIMEOUT))
        .build()
        .into()
}

/// Why statements were not stored: a message (never holding the password), and whether sending
/// them again can help (the LRS down or overloaded) or not (it refuses them as they are).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushError {
    pub message: String,
    pub permanent: bool,
}

impl std::fmt::Display for PushError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<PushError> for String {
    fn from(error: PushError) -> String {
        error.message
    }
}

/// Sends statements to an LRS (`endpoint` is its xAPI base, e.g. `https://lrs.example.org/xAPI/`).
/// Returns the ids the LRS stored (none when it already had them).
pub fn push(
    endpoint: &str,
    user: &str,
    password: &str,
    statements: &[Value],
) -> Result<Vec<String>, PushError> {
    use base64_auth::basic;
    let url = format!("{}/statements", endpoint.trim_end_matches('/'));
    let response = agent()
        .post(&url)
        .header("X-Experience-API-Version", XAPI_VERSION)
        .header("Authorization", &basic(user, password))
        .send_json(statements);
    let failed = |message: String, permanent: bool| PushError { message, permanent };
    match response {
        // 204 No Content: the LRS already had every statement (xAPI 1.0.3, 2.1.3).
        Ok(response) if response.status() == 204 => Ok(Vec::new()),
        Ok(response) => response
            .into_body()
            .read_json::<Vec<String>>()
            .map_err(|e| failed(format!("{url}: unexpected answer: {e}"), false)),
        // The LRS already holds statements with these ids: this session was pushed before.
        Err(ureq::Error::StatusCode(409)) => Ok(Vec::new()),
        // Refused as they are (a malformed statement, too large): sending again cannot help.
        // Not for a wrong key (401, 403) or a busy LRS (408, 429), which can be put right.
        Err(ureq::Error::StatusCode(code))
            if (400..500).contains(&code) && !matches!(code, 401 | 403 | 408 | 429) =>
        {
            Err(failed(
                format!("{url}: the LRS refused the statements (HTTP {code})"),
                true,
            ))
        }
        Err(error) => Err(failed(format!("{url}: {error}"), false)),
    }
}

/// Reads one page of statements back from an LRS with the given query parameters.
pub fn fetch(
    endpoint: &str,
    user: &str,
    password: &str,
    query: &[(&str, &str)],
) -> Result<Vec<Value>, String> {
    let url = format!("{}/statements", endpoint.trim_end_matches('/'));
    page(&url, user, password, query).map(|(statements, _)| statements)
}

/// Every statement matching `query`, following the LRS's `more` links page by page.
pub fn fetch_all(
    endpoint: &str,
    user: &str,
    password: &str,
    query: &[(&str, &str)],
) -> Result<Vec<Value>, String> {
    const MOST_PAGES: usize = 100_000;
    let first = format!("{}/statements", endpoint.trim_end_matches('/'));
    let (mut statements, mut more) = page(&first, user, password, query)?;
    let mut followed = std::collections::HashSet::new();
    for _ in 0..MOST_PAGES {
        let Some(link) = more.filter(|link| !link.is_empty()) else {
            return Ok(statements);
        };
        // `more` is a path on the LRS's host; the password goes nowhere else.
        let url = if link.contains("://") {
            link
        } else {
            format!("{}{link}", origin(endpoint))
        };
        if !url.starts_with(&format!("{}/", origin(endpoint))) {
            return Err(format!(
                "{first}: the LRS sent a link to another address for the next page; not followed"
            ));
        }
        if !followed.insert(url.clone()) {
            return Err(format!("{first}: the LRS sent the same next page twice"));
        }
        let (next, after) = page(&url, user, password, &[])?;
        statements.extend(next);
        more = after;
    }
    Err(format!(
        "{first}: more than {MOST_PAGES} pages of statements"
    ))
}

/// `scheme://host:port` of an address.
fn origin(endpoint: &str) -> &str {
    let start = endpoint.find("://").map_or(0, |i| i + 3);
    let end = endpoint[start..]
        .find('/')
        .map_or(endpoint.len(), |i| start + i);
    &endpoint[..end]
}

/// One page: its statements and the `more` link to the next.
fn page(
    url: &str,
    user: &str,
    password: &str,
    query: &[(&str, &str)],
) -> Result<(Vec<Value>, Option<String>), String> {
    use base64_auth::basic;
    let mut request = agent()
        .get(url)
        .header("X-Experience-API-Version", XAPI_VERSION)
        .header("Authorization", &basic(user, password));
    for (key, value) in query {
        request = request.query(*key, *value);
    }
    let response = request.call().map_err(|e| format!("{url}: {e}"))?;
    let result: Value = response
        .into_body()
        .read_json()
        .map_err(|e| format!("{url}: {e}"))?;
    let statements = result["statements"].as_array().cloned().unwrap_or_default();
    let more = result["more"].as_str().map(str::to_owned);
    Ok((statements, more))
}

/// HTTP basic authorisation header value.
mod base64_auth {
    pub fn basic(user: &str, password: &str) -> String {
        use base64::Engine as _;
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_more_link_is_resolved_on_the_lrs_host() {
        assert_eq!(
            origin("https://lrs.example.org/xAPI/"),
            "https://lrs.example.org"
        );
        assert_eq!(
            origin("http://127.0.0.1:8100/xAPI/"),
            "http://127.0.0.1:8100"
        );
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_795_478_400 + 3_723), "2026-11-24T01:02:03Z");
    }
}
