//! xAPI statements of a session, and a round trip through a real Learning Record Store.
//! The LRS test needs RAPPORT_TEST_LRS (+ _USER, _PASSWORD); scripts/test.sh starts a local ralph
//! LRS on loopback and sets them, with RAPPORT_REQUIRE_LRS=1 so a missing LRS fails the run.

mod common;

use std::sync::Arc;

use rapport::adapters::xapi::{self, Actor, EXTENSION_FREE_REPLY, EXTENSION_SIX_STEPS};
use rapport::engine::analysis::policy::{Policy, play_session};
use rapport::engine::domain::Step;
use rapport::engine::play::rubric::Rubric;
use rapport::engine::play::session::SessionRecord;
use rapport::engine::scenario::load::load_str;

fn record(seed: u64) -> SessionRecord {
    let scenario = Arc::new(
        load_str("x", &common::scenario_text("late_delivery"))
            .scenario
            .unwrap(),
    );
    play_session(
        scenario,
        Arc::new(Rubric::builtin()),
        Policy::Best,
        seed,
        1_795_478_400 + seed,
    )
    .record()
}

/// A session whose first turn was typed in Chinese, the rest chosen.
fn record_with_typed_reply(seed: u64, text: &str) -> SessionRecord {
    use rapport::engine::domain::Lang;
    use rapport::engine::play::session::Session;
    use rapport::engine::reply::{Cues, analyse_in};
    let scenario = Arc::new(
        load_str("x", &common::scenario_text("late_delivery"))
            .scenario
            .unwrap(),
    );
    let mut session = Session::start(
        scenario,
        Arc::new(Rubric::builtin()),
        seed,
        1_795_478_400 + seed,
    );
    let node = session.current_node().unwrap().clone();
    let analysis = analyse_in(text, session.scenario(), &node, Lang::Zh, &Cues::builtin());
    session.reply_freely(text, &analysis, false).unwrap();
    while !session.is_over() {
        session.choose_file_option(0).unwrap();
    }
    session.record()
}

const TYPED: &str = "王先生，明天九点就要演示，包裹还没到，您一定急坏了。订单号给我，我马上查。";

fn actor() -> Actor {
    Actor {
        name: "Test Trainee".into(),
        email: Some("trainee@example.org".into()),
        account: "trainee".into(),
    }
}

#[test]
fn a_session_maps_to_attempted_answered_and_completed() {
    let record = record(1);
    let statements = xapi::statements(&record, &actor());
    assert_eq!(statements.len(), record.turns.len() + 2);
    let verbs: Vec<&str> = statements
        .iter()
        .map(|s| s["verb"]["id"].as_str().unwrap())
        .collect();
    assert!(verbs[0].ends_with("/attempted") && verbs.last().unwrap().ends_with("/completed"));
    assert!(
        verbs[1..verbs.len() - 1]
            .iter()
            .all(|v| v.ends_with("/answered"))
    );
    let completed = statements.last().unwrap();
    let card = record.score.as_ref().unwrap();
    assert_eq!(
        completed["result"]["score"]["raw"].as_f64(),
        Some(card.overall)
    );
    assert_eq!(completed["result"]["success"].as_bool(), Some(true));
    for step in Step::ALL {
        assert_eq!(
            completed["context"]["extensions"][EXTENSION_SIX_STEPS][step.id()].as_f64(),
            Some(card.step(*step))
        );
    }
    // The same record gives the same ids; another learner gets others.
    assert_eq!(statements, xapi::statements(&record, &actor()));
    let other = Actor {
        email: Some("other@example.org".into()),
        ..actor()
    };
    assert_ne!(
        statements[0]["id"],
        xapi::statements(&record, &other)[0]["id"]
    );
}

/// A solo session's `attempted` names the registration and the platform only (the scenario is
/// its object, not its parent); a round of group practice is about its agent, whoever sends it,
/// with the observer as every statement's instructor and the round's parts in an extension.
#[test]
fn a_group_round_is_its_agents_with_the_observer_as_instructor() {
    use rapport::adapters::xapi::EXTENSION_GROUP;
    use rapport::engine::play::session::GroupRound;
    let solo = record(3);
    let statements = xapi::statements(&solo, &actor());
    assert_eq!(
        statements[0]["context"],
        serde_json::json!({
            "registration": statements[1]["context"]["registration"],
            "platform": "Rapport",
        })
    );
    assert!(
        statements
            .iter()
            .all(|s| s["context"]["instructor"].is_null())
    );

    let mut round = record(3);
    round.group = Some(GroupRound {
        members: vec!["Ana".into(), "Bo".into(), "Chen".into()],
        round: 2,
        agent: "Bo".into(),
        customer: "Chen".into(),
        observer: "Ana".into(),
    });
    let statements = xapi::statements(&round, &actor());
    for statement in &statements {
        assert_eq!(statement["actor"]["name"], "Bo", "{statement}");
        let context = &statement["context"];
        assert_eq!(context["instructor"]["name"], "Ana", "{statement}");
        assert_eq!(context["extensions"][EXTENSION_GROUP]["round"], 2);
        assert_eq!(context["extensions"][EXTENSION_GROUP]["customer"], "Chen");
    }
    assert_eq!(
        statements[0]["context"]["registration"],
        statements[1]["context"]["registration"]
    );
    assert!(statements[0]["context"]["contextActivities"].is_null());
}

#[test]
fn a_typed_reply_is_answered_with_its_text_and_what_was_heard() {
    let record = record_with_typed_reply(2, TYPED);
    let statements = xapi::statements(&record, &actor());
    let first = &statements[1];
    assert_eq!(first["result"]["response"].as_str(), Some(TYPED));
    assert_eq!(
        first["object"]["definition"]["interactionType"].as_str(),
        Some("long-fill-in")
    );
    let free = &first["result"]["extensions"][EXTENSION_FREE_REPLY];
    assert_eq!(free["option"].as_u64(), Some(record.turns[0].option as u64));
    for heard in free["heard"].as_array().unwrap() {
        assert!(TYPED.contains(heard["words"].as_str().unwrap()), "{heard}");
    }
    // Chosen turns stay multiple-choice answers.
    assert_eq!(
        statements[2]["object"]["definition"]["interactionType"].as_str(),
        Some("choice")
    );
}

#[test]
fn statements_round_trip_through_a_local_lrs() {
    let Ok(endpoint) = std::env::var("RAPPORT_TEST_LRS") else {
        assert!(
            std::env::var_os("RAPPORT_REQUIRE_LRS").is_none(),
            "RAPPORT_REQUIRE_LRS is set but RAPPORT_TEST_LRS is not"
        );
        eprintln!("no RAPPORT_TEST_LRS: LRS round trip not run (scripts/test.sh starts one)");
        return;
    };
    let user = std::env::var("RAPPORT_TEST_LRS_USER").expect("RAPPORT_TEST_LRS_USER");
    let password = std::env::var("RAPPORT_TEST_LRS_PASSWORD").expect("RAPPORT_TEST_LRS_PASSWORD");
    let record = record_with_typed_reply(std::process::id() as u64, TYPED);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.json");
    std::fs::write(&file, serde_json::to_vec(&record).unwrap()).unwrap();

    // The LRS and the learner come from lrs.ron; the password from the environment.
    let config = dir.path().join("lrs.ron");
    std::fs::write(
        &config,
        format!(
            "Lrs(endpoint: \"{endpoint}\", user: \"{user}\", learner: (name: \"Test Trainee\", email: Some(\"trainee@example.org\")))"
        ),
    )
    .unwrap();
    let push = |expect: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(["push", "--config", &config.display().to_string()])
            .arg(&file)
            .env("RAPPORT_LRS_PASSWORD", &password)
            .env("RAPPORT_DATA_DIR", dir.path())
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&output.stdout).into_owned();
        let errors = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{printed}{errors}");
        assert!(printed.contains(expect), "{printed}");
        assert!(!printed.contains(&password) && !errors.contains(&password));
    };
    push(&format!(
        "sent {} statement(s) for 1 session(s)",
        record.turns.len() + 2
    ));
    // Sent again (an interrupted delivery): the LRS already has it, nothing is stored twice.
    push("sent 0 statement(s) for 0 session(s) to");
    push("; 1 already there; 0 waiting");

    let registration = xapi::registration(&record, &actor()).to_string();
    let stored = xapi::fetch(
        &endpoint,
        &user,
        &password,
        &[("registration", registration.as_str())],
    )
    .unwrap();
    assert_eq!(
        stored.len(),
        record.turns.len() + 2,
        "every statement of the session is stored"
    );
    let completed: Vec<_> = stored
        .iter()
        .filter(|s| {
            s["verb"]["id"]
                .as_str()
                .is_some_and(|v| v.ends_with("/completed"))
        })
        .collect();
    assert_eq!(completed.len(), 1, "{stored:#?}");
    // The typed turn is stored as a fill-in answer with the trainee's words.
    let typed = stored
        .iter()
        .find(|s| s["result"]["response"].as_str() == Some(TYPED))
        .expect("the typed reply reaches the LRS");
    assert_eq!(
        typed["object"]["definition"]["interactionType"].as_str(),
        Some("long-fill-in")
    );
    assert!(
        typed["result"]["extensions"][EXTENSION_FREE_REPLY]["heard"]
            .as_array()
            .is_some_and(|h| !h.is_empty())
    );
    let stored = completed;
    let card = record.score.as_ref().unwrap();
    assert_eq!(
        stored[0]["result"]["score"]["raw"].as_f64(),
        Some(card.overall)
    );
    for step in Step::ALL {
        assert_eq!(
            stored[0]["context"]["extensions"][EXTENSION_SIX_STEPS][step.id()].as_f64(),
            Some(card.step(*step)),
            "{step}"
        );
    }
}
