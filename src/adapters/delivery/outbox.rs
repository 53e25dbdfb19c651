//! The outbox: finished sessions' statements waiting for the LRS, one file per session.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::adapters::delivery::LrsConfig;
use crate::adapters::records::write_atomically;
use crate::adapters::xapi::{self, Actor};
use crate::engine::play::session::SessionRecord;

/// A folder of sessions waiting to be sent.
#[derive(Clone, Debug)]
pub struct Outbox {
    dir: PathBuf,
}

/// What one delivery did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    /// Sessions sent and stored, and their statements.
    pub sessions: usize,
    pub statements: usize,
    /// Sessions the LRS already had (sent before an interruption): removed, nothing stored twice.
    pub already: usize,
    /// Sessions still waiting.
    pub waiting: usize,
    /// Why delivery stopped early (the LRS unreachable, refusing…), without any secret.
    pub problem: Option<String>,
}

impl Outbox {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Outbox { dir: dir.into() }
    }

    /// `outbox/` in the data folder.
    pub fn default_location() -> Option<PathBuf> {
        Some(crate::adapters::folders::data_folder()?.join("outbox"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Puts a finished session's statements in the outbox, under its registration, so putting the
    /// same session twice leaves one file.
    pub fn put(&self, record: &SessionRecord, learner: &Actor) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let registration = xapi::registration(record, learner);
        let statements = xapi::statements(record, learner);
        let path = self.dir.join(format!("{registration}.json"));
        let bytes = serde_json::to_vec(&statements).map_err(std::io::Error::other)?;
        write_atomically(&path, &bytes)?;
        Ok(path)
    }

    /// The waiting sessions' files, oldest first.
    pub fn waiting(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .map(|path| {
                let modified = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                (modified, path)
            })
            .collect();
        files.sort();
        files.into_iter().map(|(_, path)| path).collect()
    }

    /// Sends every waiting session, oldest first, removing each file once the LRS has its
    /// statements. Stops at the first failure, leaving that session and the rest waiting.
    pub fn deliver(&self, lrs: &LrsConfig) -> Delivered {
        let mut done = Delivered::default();
        let waiting = self.waiting();
        for (index, path) in waiting.iter().enumerate() {
            let statements = match read_statements(path) {
                Ok(statements) => statements,
                // Another sender (the app, `rapport push`) delivered it meanwhile.
                Err(Unreadable::Gone) => continue,
                Err(Unreadable::Io(problem)) => {
                    done.problem = Some(problem);
                    done.waiting = waiting.len() - index;
                    return done;
                }
                Err(Unreadable::Damaged(problem)) => {
                    // A damaged file cannot be sent; it is set aside, not retried forever.
                    set_aside(path, "damaged");
                    done.problem = Some(problem);
                    continue;
                }
            };
            match xapi::push(&lrs.endpoint, &lrs.user, lrs.password.expose(), &statements) {
                Ok(stored) => {
                    if let Err(error) = std::fs::remove_file(path) {
                        done.problem = Some(format!("{}: {error}", path.display()));
                    }
                    if stored.is_empty() && !statements.is_empty() {
                        done.already += 1;
                    } else {
                        done.sessions += 1;
                        done.statements += stored.len();
                    }
                }
                Err(problem) if problem.permanent => {
                    // The LRS will never take it as it is: set aside with the reason, so the
                    // sessions behind it still go.
                    set_aside(path, "rejected");
                    done.problem = Some(problem.message);
                }
                Err(problem) => {
                    done.problem = Some(problem.message);
                    done.waiting = waiting.len() - index;
                    return done;
                }
            }
        }
        done.waiting = self.waiting().len();
        done
    }
}

/// Why a waiting file could not be read.
enum Unreadable {
    /// Delivered and removed by another sender.
    Gone,
    /// The file system failed (permissions, too many open files): try again later.
    Io(String),
    /// Not a list of statements.
    Damaged(String),
}

fn read_statements(path: &Path) -> Result<Vec<Value>, Unreadable> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Unreadable::Gone,
        _ => Unreadable::Io(format!("{}: {e}", path.display())),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Unreadable::Damaged(format!("{}: not a list of statements: {e}", path.display()))
    })
}

/// Moves a file that cannot be sent into `outbox/<folder>/` (`damaged` or `rejected`).
fn set_aside(path: &Path, folder: &str) {
    let Some(dir) = path.parent().map(|p| p.join(folder)) else {
        return;
    };
    let _ = std::fs::create_dir_all(&dir);
    if let Some(name) = path.file_name() {
        let _ = std::fs::rename(path, dir.join(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::delivery::Secret;

    fn record(seed: u64) -> SessionRecord {
        use std::sync::Arc;
        let scenario = crate::engine::scenario::load::load_str(
            "minimal",
            include_str!("../../../tests/fixtures/minimal.ron"),
        )
        .scenario
        .unwrap();
        let rubric = Arc::new(crate::engine::play::rubric::Rubric::builtin());
        crate::engine::analysis::policy::play_session(
            Arc::new(scenario),
            rubric,
            crate::engine::analysis::policy::Policy::Best,
            seed,
            1_800_000_000,
        )
        .record()
    }

    fn learner() -> Actor {
        Actor {
            name: "Li Na".into(),
            email: Some("li.na@example.org".into()),
            account: "lina".into(),
        }
    }

    #[test]
    fn a_session_put_twice_waits_once_and_an_unreachable_lrs_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path().join("outbox"));
        outbox.put(&record(1), &learner()).unwrap();
        outbox.put(&record(1), &learner()).unwrap();
        outbox.put(&record(2), &learner()).unwrap();
        assert_eq!(outbox.waiting().len(), 2);
        // Nothing listens on this port: the sessions stay, and the error names no secret.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let lrs = LrsConfig {
            endpoint: format!("http://127.0.0.1:{port}/xAPI/"),
            user: "u".into(),
            password: Secret::new("s3cret-value"),
            learner: learner(),
        };
        let done = outbox.deliver(&lrs);
        assert_eq!(done.sessions, 0);
        assert_eq!(done.waiting, 2);
        let problem = done.problem.unwrap();
        assert!(!problem.contains("s3cret-value"), "{problem}");
        assert_eq!(outbox.waiting().len(), 2);
    }

    #[test]
    fn a_damaged_file_is_set_aside_not_retried() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        std::fs::write(dir.path().join("broken.json"), b"{ not json").unwrap();
        let lrs = LrsConfig {
            endpoint: "http://127.0.0.1:9/xAPI/".into(),
            user: "u".into(),
            password: Secret::new("p"),
            learner: learner(),
        };
        let done = outbox.deliver(&lrs);
        assert!(done.problem.is_some());
        assert!(outbox.waiting().is_empty());
        assert!(dir.path().join("damaged/broken.json").is_file());
    }
}
