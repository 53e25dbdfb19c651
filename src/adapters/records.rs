//! Session history on disk: one JSON file per finished session.
//!
//! Every write goes to a temporary file in the same folder, is flushed to disk, then renamed
//! over the final name, so a crash or SIGKILL at any moment leaves either the old state or the
//! new one, never a half-written record. A file that does not parse is moved aside into
//! `corrupt/` and reported, never silently overwritten or dropped.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::engine::play::session::SessionRecord;

/// Environment variable that overrides where history is kept.
pub use crate::adapters::folders::DATA_DIR_VARIABLE;
/// The file of the session in progress, beside the finished ones.
const JOURNAL: &str = "in-progress.journal";

/// A file that could not be read as a session record, and where it was moved.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    pub file: PathBuf,
    pub moved_to: Option<PathBuf>,
    pub reason: String,
}

/// Everything found in the history folder.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Oldest first.
    pub records: Vec<(PathBuf, SessionRecord)>,
    pub set_aside: Vec<SetAside>,
}

#[derive(Clone, Debug)]
pub struct RecordStore {
    dir: PathBuf,
}

impl RecordStore {
    pub fn new(dir: impl Into<PathBuf>) -> RecordStore {
        RecordStore { dir: dir.into() }
    }

    /// `$RAPPORT_DATA_DIR/sessions`, or the platform's data folder (e.g. `~/.local/share/rapport`).
    pub fn default_location() -> Option<PathBuf> {
        let base = crate::adapters::folders::data_folder()?;
        Some(base.join("sessions"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Saves a record under a new name; returns the file written.
    pub fn save(&self, record: &SessionRecord) -> io::Result<PathBuf> {
        fs::create_dir_all(&self.dir)?;
        let path = self.free_name(record);
        let json = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
        write_atomically(&path, &json)?;
        Ok(path)
    }

    /// A name for `record` in the history that no file has yet.
    fn free_name(&self, record: &SessionRecord) -> PathBuf {
        let stem = format!(
            "{}-{}-{}",
            record.started_at, record.scenario_id, record.seed
        );
        let mut path = self.dir.join(format!("{stem}.json"));
        let mut copy = 1;
        while path.exists() {
            copy += 1;
            path = self.dir.join(format!("{stem}-{copy}.json"));
        }
        path
    }

    /// The session in progress, journaled after every turn (not a `.json`, so `load` skips it).
    pub fn journal_path(&self) -> PathBuf {
        self.dir.join(JOURNAL)
    }

    /// Journals the session in progress, replacing the last journal in one step.
    pub fn save_journal(&self, record: &SessionRecord) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let json = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
        write_atomically(&self.journal_path(), &json)
    }

    /// Forgets the session in progress (the trainee left it, or chose not to continue).
    pub fn discard_journal(&self) -> io::Result<()> {
        match fs::remove_file(self.journal_path()) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }

    /// The journaled session, if there is one. A journal that had already finished (the app
    /// stopped between the two steps of [`RecordStore::finish`]) is moved into the history
    /// now; an unreadable one is set aside like a corrupt record, and said so.
    pub fn recover_journal(&self) -> io::Result<Result<Option<SessionRecord>, SetAside>> {
        let path = self.journal_path();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Ok(None)),
            Err(error) => return Err(error),
        };
        match serde_json::from_slice::<SessionRecord>(&bytes) {
            Ok(record) if record.outcome.is_some() => {
                self.move_into_history(&path, &record)?;
                Ok(Ok(None))
            }
            Ok(record) => Ok(Ok(Some(record))),
            Err(error) => Ok(Err(self.set_aside(&path, error.to_string()))),
        }
    }

    /// The journal is of this session (the same scenario, start and seed).
    fn journal_is_of(&self, record: &SessionRecord) -> bool {
        fs::read(self.journal_path())
            .ok()
            .and_then(|bytes| serde_json::from_slice::<SessionRecord>(&bytes).ok())
            .is_some_and(|journal| journal.identity() == record.identity())
    }

    /// Saves a finished session in place of its journal: the journal is overwritten with the
    /// finished record, then renamed into the history, so at every instant the session is in
    /// exactly one file.
    pub fn finish(&self, record: &SessionRecord) -> io::Result<PathBuf> {
        let journal = self.journal_path();
        // A session that ended before its first journal leaves another's journal alone.
        if !self.journal_is_of(record) {
            return self.save(record);
        }
        let json = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
        write_atomically(&journal, &json)?;
        self.move_into_history(&journal, record)
    }

    fn move_into_history(&self, journal: &Path, record: &SessionRecord) -> io::Result<PathBuf> {
        let path = self.free_name(record);
        fs::rename(journal, &path)?;
        File::open(&self.dir)?.sync_all()?;
        Ok(path)
    }

    /// Reads every record. Unreadable files are moved into `corrupt/` and listed; leftovers of
    /// interrupted writes older than a minute are removed.
    pub fn load(&self) -> History {
        let mut history = History::default();
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return history;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with('.') && name.contains(".tmp-") {
                remove_if_stale(&path);
                continue;
            }
            if !path.is_file() || path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let parsed = fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    serde_json::from_slice::<SessionRecord>(&bytes).map_err(|e| e.to_string())
                });
            match parsed {
                Ok(record) => history.records.push((path, record)),
                Err(reason) => history.set_aside.push(self.set_aside(&path, reason)),
            }
        }
        history.records.sort_by(|a, b| {
            a.1.started_at
                .cmp(&b.1.started_at)
                .then_with(|| a.0.cmp(&b.0))
        });
        history
    }

    fn set_aside(&self, path: &Path, reason: String) -> SetAside {
        let corrupt = self.dir.join("corrupt");
        let target = path.file_name().map(|name| corrupt.join(name));
        let moved_to = target.filter(|target| {
            fs::create_dir_all(&corrupt)
                .and_then(|_| fs::rename(path, target))
                .is_ok()
        });
        SetAside {
            file: path.to_path_buf(),
            moved_to,
            reason,
        }
    }
}

/// Writes `bytes` to `path` so that readers see the old content or the new, never a mixture.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)?;
        // The rename itself must reach the disk too.
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

fn remove_if_stale(path: &Path) {
    let age = fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok());
    if age.is_some_and(|age| age > Duration::from_secs(60)) {
        let _ = fs::remove_file(path);
    }
}

/// `YYYY-MM-DD` (UTC) for seconds since the Unix epoch.
pub fn date_of(seconds: u64) -> String {
    // Civil-from-days (H. Hinnant's algorithm).
    let days = (seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(951_782_400), "2000-02-29");
        assert_eq!(date_of(1_795_478_400), "2026-11-24");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn write_errors_are_reported() {
        let error = write_atomically(Path::new("/nonexistent-dir/x.json"), b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }
}
