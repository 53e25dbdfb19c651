//! `rapport report` and `rapport summary`: session records as reports for trainees and trainers;
//! `rapport push`: finished sessions to the organisation's Learning Record Store.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::adapters::delivery::Outbox;
use crate::adapters::records::{RecordStore, write_atomically};
use crate::adapters::report;
use crate::adapters::xapi::{self, Actor};
use crate::engine::domain::Lang;
use crate::engine::play::rubric::Rubric;
use crate::engine::play::session::SessionRecord;

use super::{ReportFormat, SummaryFormat};

fn read_record(path: &Path) -> Result<SessionRecord, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| format!("{}: not a session record: {e}", path.display()))
}

pub fn report(
    files: &[PathBuf],
    format: ReportFormat,
    out: Option<&Path>,
    lang: Lang,
    rubric: &Rubric,
    actor: &Actor,
) -> Result<ExitCode, String> {
    if files.is_empty() {
        return Err(
            "name at least one session record (a .json file from the history folder)".into(),
        );
    }
    for path in files {
        let record = read_record(path)?;
        let (text, extension) = match format {
            ReportFormat::Html => (report::html(&record, rubric, lang), "html"),
            ReportFormat::Md => (report::markdown(&record, rubric, lang), "md"),
            ReportFormat::Json => (
                serde_json::to_string_pretty(&record).map_err(|e| e.to_string())? + "\n",
                "json",
            ),
            ReportFormat::Xapi => {
                let statements = xapi::statements(&record, actor);
                (
                    serde_json::to_string_pretty(&statements).map_err(|e| e.to_string())? + "\n",
                    "xapi.json",
                )
            }
        };
        match out {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "session".into());
                let target = dir.join(format!("{stem}.{extension}"));
                write_atomically(&target, text.as_bytes())
                    .map_err(|e| format!("{}: {e}", target.display()))?;
                println!("{}", target.display());
            }
            None => print!("{text}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn summary(dir: Option<&Path>, format: SummaryFormat, lang: Lang) -> Result<ExitCode, String> {
    let dir = match dir {
        Some(dir) => dir.to_path_buf(),
        None => RecordStore::default_location().ok_or("no data folder on this system; name one")?,
    };
    let history = RecordStore::new(&dir).load();
    for aside in &history.set_aside {
        eprintln!(
            "set aside unreadable {}: {}",
            aside.file.display(),
            aside.reason
        );
    }
    let records: Vec<SessionRecord> = history.records.into_iter().map(|(_, r)| r).collect();
    match format {
        SummaryFormat::Csv => print!("{}", report::summary_csv(&records)?),
        SummaryFormat::Md => print!("{}", report::summary_markdown(&records, lang)),
    }
    Ok(ExitCode::SUCCESS)
}

/// Saves copies of a finished session into `dir` forever; the crash-safety test kills it.
pub fn save_loop(dir: &Path) -> Result<ExitCode, String> {
    let scenario = crate::engine::scenario::load::load_str(
        "minimal",
        include_str!("../../tests/fixtures/minimal.ron"),
    )
    .scenario
    .ok_or("the built-in test scenario is invalid")?;
    let rubric = std::sync::Arc::new(Rubric::builtin());
    let store = RecordStore::new(dir);
    for index in 0u64.. {
        let session = crate::engine::analysis::policy::play_session(
            std::sync::Arc::new(scenario.clone()),
            rubric.clone(),
            crate::engine::analysis::policy::Policy::Best,
            index,
            index,
        );
        store.save(&session.record()).map_err(|e| e.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Sends records (or this user's whole history) to an LRS.
pub fn push(files: &[PathBuf], all: bool, config: Option<&Path>) -> Result<ExitCode, String> {
    let lrs = super::lrs_settings(config)?;
    let outbox = Outbox::new(Outbox::default_location().ok_or("no data folder on this system")?);
    let mut records: Vec<SessionRecord> = files
        .iter()
        .map(|f| read_record(f))
        .collect::<Result<_, _>>()?;
    if all {
        let dir = RecordStore::default_location().ok_or("no data folder on this system")?;
        records.extend(
            RecordStore::new(dir)
                .load()
                .records
                .into_iter()
                .map(|(_, r)| r),
        );
    }
    for record in &records {
        outbox
            .put(record, &lrs.learner)
            .map_err(|e| format!("{}: {e}", outbox.dir().display()))?;
    }
    let done = outbox.deliver(&lrs);
    println!(
        "sent {} statement(s) for {} session(s) to {}; {} already there; {} waiting",
        done.statements, done.sessions, lrs.endpoint, done.already, done.waiting
    );
    match done.problem {
        Some(problem) => Err(format!("delivery stopped: {problem}")),
        None => Ok(ExitCode::SUCCESS),
    }
}
