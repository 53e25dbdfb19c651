//! Finished sessions on their way to the organisation's Learning Record Store, when `lrs.ron`
//! names one: each session is put in the outbox as soon as it is saved, a background thread sends
//! the outbox with retry and backoff (it starts by sending what an earlier run left waiting), and
//! the library says what is waiting and what was sent.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bevy::prelude::*;

use crate::adapters::delivery::{LrsConfig, Outbox};
use crate::adapters::xapi::Actor;
use crate::app::history::SessionSaved;
use crate::engine::domain::Lang;

/// The first wait after a failed delivery; it doubles up to [`LONGEST_WAIT`].
pub const FIRST_WAIT: Duration = Duration::from_secs(5);
pub const LONGEST_WAIT: Duration = Duration::from_secs(300);
/// With nothing waiting, the sender still looks at the outbox this often.
const IDLE_LOOK: Duration = Duration::from_secs(600);

/// What the library shows about delivery.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeliveryStatus {
    /// The LRS's host, as the user knows it.
    pub host: String,
    pub waiting: usize,
    /// Sessions delivered since the app started.
    pub sent: usize,
    /// Why the last attempt failed (never containing the password).
    pub problem: Option<String>,
    pub retry_in: Option<Duration>,
}

impl DeliveryStatus {
    /// One line for the library: what is waiting and why, or what was sent.
    pub fn line(&self, lang: Lang) -> (String, bool) {
        let host = &self.host;
        match (&self.problem, self.waiting) {
            (Some(_), waiting @ 1..) => {
                let retry = self.retry_in.map_or(String::new(), |d| match lang {
                    Lang::Zh => format!("，{} 秒后重试", d.as_secs()),
                    Lang::En => format!("; trying again in {} s", d.as_secs()),
                });
                let text = match lang {
                    Lang::Zh => format!(
                        "练习结果：{waiting} 次练习等待发送到 {host}（暂时无法送达{retry}）"
                    ),
                    Lang::En => format!(
                        "Results: {waiting} session(s) waiting for {host} (it could not be reached{retry})"
                    ),
                };
                (text, true)
            }
            (_, 0) => {
                let text = match lang {
                    Lang::Zh => format!("练习结果：已全部发送到 {host}（本次 {} 次）", self.sent),
                    Lang::En => format!("Results: all sent to {host} ({} this time)", self.sent),
                };
                (text, false)
            }
            (None, waiting) => {
                let text = match lang {
                    Lang::Zh => format!("练习结果：正在发送 {waiting} 次练习到 {host}"),
                    Lang::En => format!("Results: sending {waiting} session(s) to {host}"),
                };
                (text, false)
            }
        }
    }
}

/// `lrs.ron` could not be used: why, for the library (results then stay on this computer).
#[derive(Resource, Clone, Debug)]
pub struct DeliveryProblem(pub String);

/// The outbox, the learner, and the line to the sending thread.
#[derive(Resource)]
pub struct Delivery {
    outbox: Outbox,
    learner: Actor,
    pub status: Arc<Mutex<DeliveryStatus>>,
    nudge: Sender<()>,
}

impl Delivery {
    pub fn status(&self) -> DeliveryStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        put_saved_sessions_in_outbox.run_if(resource_exists::<Delivery>),
    );
}

/// Starts delivery to `lrs`: a thread sends the outbox now and whenever a session joins it.
pub fn start(app: &mut App, lrs: LrsConfig, outbox: Outbox) {
    let host = lrs
        .endpoint
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or(&lrs.endpoint)
        .to_owned();
    let status = Arc::new(Mutex::new(DeliveryStatus {
        host,
        waiting: outbox.waiting().len(),
        ..default()
    }));
    let (nudge, nudged) = channel();
    let learner = lrs.learner.clone();
    let sending = (outbox.clone(), status.clone());
    let spawned = std::thread::Builder::new()
        .name("rapport-delivery".into())
        .spawn(move || send_until_closed(&sending.0, &lrs, &sending.1, &nudged));
    if let Err(error) = spawned {
        error!("cannot start sending results: {error}");
    }
    app.insert_resource(Delivery {
        outbox,
        learner,
        status,
        nudge,
    });
}

/// Delivers, then waits: after a failure for a growing while, otherwise until a session joins
/// the outbox. Ends when the app does.
fn send_until_closed(
    outbox: &Outbox,
    lrs: &LrsConfig,
    status: &Mutex<DeliveryStatus>,
    nudged: &Receiver<()>,
) {
    let mut wait = FIRST_WAIT;
    loop {
        let done = outbox.deliver(lrs);
        let retry = (done.waiting > 0).then_some(wait);
        if let Ok(mut shown) = status.lock() {
            shown.sent += done.sessions + done.already;
            shown.waiting = done.waiting;
            shown.problem = done.problem.clone();
            shown.retry_in = retry;
        }
        if let Some(problem) = &done.problem {
            warn!("results not delivered: {problem}");
        }
        let pause = match retry {
            Some(pause) => {
                wait = (wait * 2).min(LONGEST_WAIT);
                pause
            }
            None => {
                wait = FIRST_WAIT;
                IDLE_LOOK
            }
        };
        match nudged.recv_timeout(pause) {
            Ok(()) => wait = FIRST_WAIT,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// A session just saved joins the outbox, and the sender is told.
fn put_saved_sessions_in_outbox(mut saved: MessageReader<SessionSaved>, delivery: Res<Delivery>) {
    let mut any = false;
    for SessionSaved(record) in saved.read() {
        any = true;
        if let Err(error) = delivery.outbox.put(record, &delivery.learner) {
            error!(
                "cannot put the session in the outbox {}: {error}",
                delivery.outbox.dir().display()
            );
        }
    }
    if any {
        // What waits is what the outbox holds, not a count kept beside it.
        let waiting = delivery.outbox.waiting().len();
        if let Ok(mut shown) = delivery.status.lock() {
            shown.waiting = waiting;
        }
        let _ = delivery.nudge.send(());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_what_waits_and_why_or_what_was_sent() {
        let mut status = DeliveryStatus {
            host: "lrs.example.org".into(),
            waiting: 2,
            problem: Some("connection refused".into()),
            retry_in: Some(Duration::from_secs(40)),
            ..default()
        };
        let (text, problem) = status.line(Lang::En);
        assert!(problem);
        assert!(
            text.contains("2 session(s) waiting for lrs.example.org"),
            "{text}"
        );
        assert!(text.contains("trying again in 40 s"), "{text}");
        assert!(status.line(Lang::Zh).0.contains("40 秒后重试"));
        status.waiting = 0;
        status.problem = None;
        status.sent = 3;
        assert_eq!(
            status.line(Lang::En),
            (
                "Results: all sent to lrs.example.org (3 this time)".to_owned(),
                false
            )
        );
    }
}
