//! `rapport cohort`: the class's results, read back from the Learning Record Store.

use std::path::Path;
use std::process::ExitCode;

use crate::adapters::cohort::{Cohort, render, sessions_of};
use crate::adapters::delivery::config;
use crate::adapters::records::write_atomically;
use crate::adapters::xapi;
use crate::engine::domain::Lang;

use super::CohortFormat;

pub fn cohort(
    lrs_settings: Option<&Path>,
    endpoint: Option<&str>,
    since: Option<&str>,
    format: CohortFormat,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, String> {
    let lrs = super::lrs_settings(lrs_settings)?;
    let endpoint = endpoint.unwrap_or(&lrs.endpoint);
    if endpoint != lrs.endpoint {
        config::check_endpoint(endpoint, false)?;
    }
    let mut query = vec![("limit", "500")];
    if let Some(since) = since {
        query.push(("since", since));
    }
    let statements = xapi::fetch_all(endpoint, &lrs.user, lrs.password.expose(), &query)?;
    let sessions = sessions_of(&statements);
    let report = Cohort::of(&sessions);
    let text = match format {
        CohortFormat::Html => render::html(&report, lang),
        CohortFormat::Md => render::markdown(&report, lang),
        CohortFormat::Csv => render::csv(&report)?,
    };
    match out {
        Some(file) => {
            write_atomically(file, text.as_bytes())
                .map_err(|e| format!("{}: {e}", file.display()))?;
            eprintln!(
                "wrote {}: {} session(s) of {} learner(s) from {endpoint}",
                file.display(),
                report.sessions,
                report.learners.len()
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
