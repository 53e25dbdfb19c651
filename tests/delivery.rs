//! Results reach the LRS by themselves through the outbox, and are never lost or stored twice:
//! the LRS down when a session ends and then up, a delivery interrupted after the LRS stored the
//! statements, three learners on one LRS. Against the local LRS scripts/test.sh starts
//! (RAPPORT_TEST_LRS, _USER, _PASSWORD); skipped without one unless RAPPORT_REQUIRE_LRS is set.

mod common;

use std::io::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rapport::adapters::delivery::{LrsConfig, Outbox, Secret};
use rapport::adapters::xapi::{self, Actor};
use rapport::engine::analysis::policy::{Policy, play_session};
use rapport::engine::play::rubric::Rubric;
use rapport::engine::play::session::SessionRecord;
use rapport::engine::scenario::load::load_str;

struct Lrs {
    endpoint: String,
    user: String,
    password: String,
}

/// One test talks to the LRS at a time: ralph's file backend fails requests that race to create
/// its store.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn local_lrs() -> Option<Lrs> {
    let Ok(endpoint) = std::env::var("RAPPORT_TEST_LRS") else {
        assert!(
            std::env::var_os("RAPPORT_REQUIRE_LRS").is_none(),
            "RAPPORT_REQUIRE_LRS is set but RAPPORT_TEST_LRS is not"
        );
        eprintln!("no RAPPORT_TEST_LRS: delivery tests not run (scripts/test.sh starts an LRS)");
        return None;
    };
    Some(Lrs {
        endpoint,
        user: std::env::var("RAPPORT_TEST_LRS_USER").unwrap(),
        password: std::env::var("RAPPORT_TEST_LRS_PASSWORD").unwrap(),
    })
}

/// A session no other test run pushes: the seed and start time are this process's.
fn session(seed: u64) -> SessionRecord {
    let scenario = load_str("x", &common::scenario_text("price_renewal"))
        .scenario
        .unwrap();
    let unique = std::process::id() as u64 * 1000 + seed;
    play_session(
        Arc::new(scenario),
        Arc::new(Rubric::builtin()),
        Policy::Random,
        unique,
        1_795_478_400 + unique,
    )
    .record()
}

fn learner(name: &str) -> Actor {
    Actor {
        name: name.to_owned(),
        email: Some(format!(
            "{}@example.org",
            name.to_lowercase().replace(' ', ".")
        )),
        account: name.to_lowercase(),
    }
}

fn config(lrs: &Lrs, endpoint: &str, who: &Actor) -> LrsConfig {
    LrsConfig {
        endpoint: endpoint.to_owned(),
        user: lrs.user.clone(),
        password: Secret::new(lrs.password.clone()),
        learner: who.clone(),
    }
}

/// The statements the LRS holds for one session.
fn stored(lrs: &Lrs, record: &SessionRecord, who: &Actor) -> Vec<serde_json::Value> {
    let registration = xapi::registration(record, who).to_string();
    xapi::fetch(
        &lrs.endpoint,
        &lrs.user,
        &lrs.password,
        &[("registration", registration.as_str())],
    )
    .unwrap()
}

/// A door in front of the LRS: closed (nothing listens, as when the LRS is down) until opened,
/// then forwarding every connection to it.
struct Door {
    port: u16,
    open: Option<(Arc<AtomicBool>, std::thread::JoinHandle<()>)>,
}

impl Door {
    fn closed() -> Door {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Door { port, open: None }
    }

    fn endpoint(&self, lrs: &Lrs) -> String {
        let path = lrs.endpoint.splitn(4, '/').nth(3).unwrap_or_default();
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    fn open(&mut self, lrs: &Lrs) {
        let target: SocketAddr = lrs
            .endpoint
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let listener = TcpListener::bind(("127.0.0.1", self.port)).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let handle = std::thread::spawn(move || {
            for client in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Write);
                    });
                }
            }
        });
        self.open = Some((stop, handle));
    }
}

impl Drop for Door {
    fn drop(&mut self) {
        if let Some((stop, handle)) = self.open.take() {
            stop.store(true, Ordering::SeqCst);
            // Wake the accept loop so it sees the flag.
            if let Ok(mut poke) = TcpStream::connect(("127.0.0.1", self.port)) {
                let _ = poke.write_all(b"");
            }
            let _ = handle.join();
        }
    }
}

#[test]
fn a_session_that_ends_while_the_lrs_is_down_is_delivered_once_when_it_is_up() {
    let Some(lrs) = local_lrs() else { return };
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let data = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(data.path().join("outbox"));
    let who = learner("Down Then Up");
    let mut door = Door::closed();
    let through_door = config(&lrs, &door.endpoint(&lrs), &who);

    let record = session(1);
    outbox.put(&record, &who).unwrap();
    let down = outbox.deliver(&through_door);
    assert_eq!((down.sessions, down.waiting), (0, 1), "{down:?}");
    assert!(down.problem.is_some());
    assert!(!down.problem.unwrap().contains(&lrs.password));
    assert!(
        stored(&lrs, &record, &who).is_empty(),
        "nothing arrived while down"
    );

    door.open(&lrs);
    let up = outbox.deliver(&through_door);
    assert_eq!(
        (up.sessions, up.waiting, up.problem.as_deref()),
        (1, 0, None),
        "{up:?}"
    );
    // A retry after success finds nothing waiting and sends nothing.
    assert_eq!(outbox.deliver(&through_door).sessions, 0);
    assert_eq!(stored(&lrs, &record, &who).len(), record.turns.len() + 2);
}

#[test]
fn a_delivery_interrupted_after_the_lrs_stored_it_is_not_stored_twice() {
    let Some(lrs) = local_lrs() else { return };
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let data = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(data.path().join("outbox"));
    let who = learner("Killed Midway");
    let lrs_config = config(&lrs, &lrs.endpoint, &who);
    let record = session(2);
    outbox.put(&record, &who).unwrap();
    // The app was killed after the LRS stored the statements but before the file was removed:
    // the statements went out, the file is still waiting.
    let statements = xapi::statements(&record, &who);
    xapi::push(&lrs.endpoint, &lrs.user, &lrs.password, &statements).unwrap();
    assert_eq!(outbox.waiting().len(), 1);

    // On the next start the outbox is delivered again.
    let again = outbox.deliver(&lrs_config);
    assert_eq!(
        (again.already, again.waiting, again.problem.as_deref()),
        (1, 0, None),
        "{again:?}"
    );
    let held = stored(&lrs, &record, &who);
    assert_eq!(held.len(), statements.len(), "each statement stored once");
    let mut ids: Vec<&str> = held.iter().filter_map(|s| s["id"].as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), statements.len());
}

#[test]
fn three_learners_statements_are_each_stored_once_under_the_right_actor() {
    let Some(lrs) = local_lrs() else { return };
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let learners = [learner("Ann Lee"), learner("Bo Chen"), learner("Cai Wu")];
    let mut sent = Vec::new();
    for (index, who) in learners.iter().enumerate() {
        // Each learner's own computer: an outbox of their own.
        let data = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(data.path().join("outbox"));
        let record = session(10 + index as u64);
        outbox.put(&record, who).unwrap();
        outbox.put(&session(20 + index as u64), who).unwrap();
        let done = outbox.deliver(&config(&lrs, &lrs.endpoint, who));
        assert_eq!(
            (done.sessions, done.waiting, done.problem.as_deref()),
            (2, 0, None),
            "{done:?}"
        );
        sent.push((who.clone(), record));
    }
    for (who, record) in &sent {
        let held = stored(&lrs, record, who);
        assert_eq!(held.len(), record.turns.len() + 2, "{}", who.name);
        let mbox = format!("mailto:{}", who.email.as_deref().unwrap());
        assert!(
            held.iter().all(|s| s["actor"]["mbox"] == mbox.as_str()),
            "{}: every statement is theirs",
            who.name
        );
    }
}

#[test]
fn the_cohort_report_from_the_lrs_matches_the_sessions_pushed() {
    let Some(lrs) = local_lrs() else { return };
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let run = std::process::id();
    let learners = [
        learner(&format!("Cohort Ann {run}")),
        learner(&format!("Cohort Bo {run}")),
        learner(&format!("Cohort Cai {run}")),
    ];
    let mut pushed: Vec<(Actor, Vec<SessionRecord>)> = Vec::new();
    for (index, who) in learners.iter().enumerate() {
        let data = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(data.path().join("outbox"));
        // Enough sessions that the LRS answers in several pages.
        let records: Vec<SessionRecord> = (0..4)
            .map(|n| session(100 + 10 * index as u64 + n))
            .collect();
        for record in &records {
            outbox.put(record, who).unwrap();
        }
        let done = outbox.deliver(&config(&lrs, &lrs.endpoint, who));
        assert_eq!(
            (done.waiting, done.problem.as_deref()),
            (0, None),
            "{done:?}"
        );
        pushed.push((who.clone(), records));
    }

    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("lrs.ron");
    std::fs::write(
        &settings,
        format!(
            "Lrs(endpoint: \"{}\", user: \"{}\", learner: (name: \"Trainer\"))",
            lrs.endpoint, lrs.user
        ),
    )
    .unwrap();
    let cohort = |format: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args([
                "cohort",
                "--config",
                &settings.display().to_string(),
                "--format",
                format,
            ])
            .env("RAPPORT_LRS_PASSWORD", &lrs.password)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let table = cohort("csv");
    let mut rows = csv::Reader::from_reader(table.as_bytes());
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    for (who, records) in &pushed {
        let key = who.email.as_deref().unwrap();
        let row = rows
            .iter()
            .find(|r| &r[1] == key)
            .unwrap_or_else(|| panic!("{key} is not in the report:\n{table}"));
        let scores: Vec<f64> = records
            .iter()
            .map(|r| r.score.as_ref().unwrap().overall)
            .collect();
        let mut by_time: Vec<&SessionRecord> = records.iter().collect();
        by_time.sort_by_key(|r| r.started_at);
        let last = by_time.last().unwrap().score.as_ref().unwrap().overall;
        let average = scores.iter().sum::<f64>() / scores.len() as f64;
        assert_eq!(&row[0], who.name, "{table}");
        assert_eq!(&row[2], "4", "sessions of {key}");
        assert_eq!(&row[3], format!("{last:.1}"), "last score of {key}");
        assert_eq!(&row[4], format!("{average:.1}"), "average of {key}");
    }
    // Reading page by page (following the LRS's `more` links) finds the same statements.
    let whole = xapi::fetch_all(
        &lrs.endpoint,
        &lrs.user,
        &lrs.password,
        &[("limit", "1000")],
    )
    .unwrap();
    let paged =
        xapi::fetch_all(&lrs.endpoint, &lrs.user, &lrs.password, &[("limit", "7")]).unwrap();
    assert!(whole.len() > 7 * 3, "{} statements", whole.len());
    assert_eq!(paged.len(), whole.len());
    // The HTML report is one page with its charts and no scripts.
    let page = cohort("html");
    assert!(page.contains("<svg") && !page.contains("<script"));
    assert!(page.contains(&learners[0].name));
}

#[test]
fn a_session_the_lrs_refuses_is_set_aside_and_the_next_ones_still_go() {
    let Some(lrs) = local_lrs() else { return };
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("outbox");
    let outbox = Outbox::new(&dir);
    let who = learner("Refused Then Fine");
    // Oldest first: a file of statements no LRS accepts, then a real session.
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("0-refused.json"), br#"[{"not": "a statement"}]"#).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let record = session(30);
    outbox.put(&record, &who).unwrap();

    let done = outbox.deliver(&config(&lrs, &lrs.endpoint, &who));
    assert_eq!((done.sessions, done.waiting), (1, 0), "{done:?}");
    assert!(done.problem.unwrap().contains("refused"));
    assert!(dir.join("rejected/0-refused.json").is_file());
    assert_eq!(stored(&lrs, &record, &who).len(), record.turns.len() + 2);
}
