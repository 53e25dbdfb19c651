//! The `rapport` subcommands for trainers and tools: `check`, `play`, `bounds`, `report`,
//! `push`, `summary`, `new`, `explain`. Built on the engine and the adapters; `main.rs` parses them, and
//! opens the desktop app when no subcommand is given.

mod bounds;
mod check;
mod cohort;
mod explain;
mod play;
mod records;
mod reply;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use crate::engine::domain::Lang;
use crate::engine::play::rubric::Rubric;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Md,
    Json,
    /// xAPI 1.0.3 statements (a JSON array), ready for a Learning Record Store.
    Xapi,
}

/// Who xAPI statements are about.
#[derive(Clone, Debug, Args)]
pub struct ActorArgs {
    /// The learner's name in xAPI statements.
    #[arg(long, default_value = "Rapport trainee")]
    pub actor_name: String,
    /// The learner's e-mail in xAPI statements (default: identified by the account name $USER).
    #[arg(long)]
    pub actor_email: Option<String>,
}

impl ActorArgs {
    pub fn actor(&self) -> crate::adapters::xapi::Actor {
        crate::adapters::xapi::Actor {
            name: self.actor_name.clone(),
            email: self.actor_email.clone(),
            account: std::env::var("USER").unwrap_or_else(|_| "trainee".into()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CohortFormat {
    /// One self-contained page with charts.
    Html,
    Md,
    /// One row per learner.
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Csv,
    Md,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Policy {
    /// The path to the highest reachable score (from `bounds`).
    Best,
    /// The path to the lowest reachable score.
    Worst,
    /// A uniformly random option on each turn, from --seed.
    Random,
    /// A test-wise trainee: always the longest reply (in --lang).
    Longest,
    /// A test-wise trainee: always the shortest reply (in --lang).
    Shortest,
    /// A test-wise trainee: always the reply with the most empathy words (in --lang).
    Keywords,
}

impl Policy {
    /// The engine's policy, reading option texts in `lang` where it matters.
    pub fn in_lang(self, lang: Lang) -> crate::engine::analysis::policy::Policy {
        use crate::engine::analysis::policy::Policy as Engine;
        use crate::engine::analysis::surface::Cue;
        match self {
            Policy::Best => Engine::Best,
            Policy::Worst => Engine::Worst,
            Policy::Random => Engine::Random,
            Policy::Longest => Engine::Surface(Cue::Longest, lang),
            Policy::Shortest => Engine::Surface(Cue::Shortest, lang),
            Policy::Keywords => Engine::Surface(Cue::Keywords, lang),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files: syntax, ids, links, reachability, translations, ranges.
    Check {
        /// Files or folders (searched for *.ron); your own scenario folder, which the app reads,
        /// when none are given.
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail when the valid scenarios leave a step, technique, anti-pattern or style unused.
        #[arg(long)]
        require_coverage: bool,
        /// Show which ids the valid scenarios use (shown anyway when a folder is checked).
        #[arg(long)]
        coverage: bool,
        /// Scoring rubric to use instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        rubric: Option<PathBuf>,
        /// The media folder portraits are read from.
        #[arg(long, value_name = "DIR", default_value = "assets")]
        assets: PathBuf,
    },
    /// Play a scenario headlessly with a policy, or along a path, and print the scored transcript.
    Play {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Policy::Best)]
        policy: Policy,
        /// Choose these options, by their number in the file (1 = the first `Choice` of the turn
        /// as written): `--path 1,3,2`. Where the path ends before the conversation does, the
        /// transcript stops and lists the next turn's options.
        #[arg(
            long,
            value_delimiter = ',',
            value_name = "N,N,…",
            conflicts_with = "policy"
        )]
        path: Option<Vec<usize>>,
        /// Seed for persona variants, option order and the random policy.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Print the session record as JSON instead of text.
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        #[arg(long, value_name = "FILE")]
        rubric: Option<PathBuf>,
    },
    /// Write reports of session records (the JSON files in the history folder).
    Report {
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
        /// Write one file per record into this folder instead of printing.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        #[command(flatten)]
        actor: ActorArgs,
    },
    /// Send finished sessions to the Learning Record Store named in `lrs.ron` (in the config
    /// folder): everything waiting in the outbox, after putting there the records given (or, with
    /// --all, every record of this user's history). The password comes from that file or from
    /// RAPPORT_LRS_PASSWORD, never from the command line.
    Push {
        /// Session records to send too.
        records: Vec<PathBuf>,
        /// Send every record of this user's history (those sent before are not stored twice).
        #[arg(long)]
        all: bool,
        /// The LRS settings (default: lrs.ron in the config folder).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// The class's results from the Learning Record Store: per learner (sessions, last and
    /// average score, trend, weakest step), per scenario (attempts, average, escalations, the
    /// most frequent anti-patterns) and per step. The LRS and its key come from lrs.ron.
    Cohort {
        /// The LRS settings (default: lrs.ron in the config folder).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Read from this xAPI address instead of the one in the settings (same key).
        #[arg(long, value_name = "URL")]
        lrs: Option<String>,
        /// Only statements stored since this time (RFC 3339, e.g. 2026-09-01T00:00:00Z).
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        #[arg(long, value_enum, default_value_t = CohortFormat::Html)]
        format: CohortFormat,
        /// Write the report to this file instead of printing it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Summarise a folder of session records: one row per session, averages per step.
    Summary {
        /// The history folder (default: this user's).
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = SummaryFormat::Csv)]
        format: SummaryFormat,
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Write a commented scenario template that passes `check`.
    New {
        /// The new scenario's id (lowercase letters, digits, `_` and `-`).
        id: String,
        /// Folder to write `ID.ron` into (default: your own scenario folder, which the app reads
        /// and watches).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Test support: save session records into DIR until killed.
    #[command(hide = true)]
    SaveLoop { dir: PathBuf },
    /// Benchmark support: print a generated valid scenario with TURNS customer turns.
    #[command(hide = true)]
    Generate {
        turns: usize,
        #[arg(long, default_value_t = 3)]
        options: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Analyse a free reply typed on one customer turn: steps, techniques and anti-patterns with
    /// the words that show them, and the closest authored option.
    Analyse {
        file: PathBuf,
        /// The customer turn replied to (its id in the file).
        #[arg(long, value_name = "ID")]
        turn: String,
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// The reply, as the trainee typed it.
        reply: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        reader: ReaderArgs,
    },
    /// Measure the reply analyser on labelled replies (JSON Lines): option accuracy, per-tag
    /// precision, recall and F1, and how often it would ask the trainee to confirm.
    EvalReplies {
        files: Vec<PathBuf>,
        /// The scenarios the replies answer.
        #[arg(long, value_name = "DIR", default_value = "scenarios")]
        scenarios: PathBuf,
        #[arg(long)]
        json: bool,
        /// List each reply read differently from its label.
        #[arg(long)]
        misses: bool,
        #[command(flatten)]
        reader: ReaderArgs,
    },
    /// What an id of the training model means (a step, technique, anti-pattern, persona style
    /// or emotion), with a good and a bad example line.
    Explain {
        /// The id, as written in scenario files (all of them when left out).
        id: Option<String>,
        /// One language only (default: both).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Markdown, as in docs/vocabulary.md (`--markdown` alone writes the whole page).
        #[arg(long)]
        markdown: bool,
    },
    /// Print the lowest and highest reachable overall score and the paths that reach them.
    Bounds {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// Also list each option of each turn with the range of overall scores still reachable
        /// after choosing it (as the app's branch map shows them).
        #[arg(long)]
        options: bool,
        /// Also play N random sessions (seeds 0 to N−1) and show how their scores spread: how
        /// many score exactly 0, and how many different transcripts share a score.
        #[arg(long, value_name = "N")]
        random: Option<u64>,
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        #[arg(long, value_name = "FILE")]
        rubric: Option<PathBuf>,
    },
}

/// Runs a subcommand; returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Check {
            paths,
            format,
            require_coverage,
            coverage,
            rubric,
            assets,
        } => load_rubric(rubric.as_deref()).and_then(|_| {
            let paths = if paths.is_empty() {
                vec![users_scenario_folder()?]
            } else {
                paths
            };
            Ok(check::run(
                &paths,
                format,
                require_coverage,
                coverage,
                &assets,
            ))
        }),
        Command::Play {
            file,
            policy,
            path,
            seed,
            json,
            lang,
            rubric,
        } => load_rubric(rubric.as_deref()).and_then(|rubric| {
            let chosen = match &path {
                Some(path) => play::Chosen::Path(path),
                None => play::Chosen::Policy(policy),
            };
            play::play(&file, rubric, chosen, seed, json, lang.into())
        }),
        Command::Report {
            files,
            format,
            out,
            lang,
            actor,
        } => records::report(
            &files,
            format,
            out.as_deref(),
            lang.into(),
            &Rubric::builtin(),
            &actor.actor(),
        ),
        Command::Push {
            records: files,
            all,
            config,
        } => records::push(&files, all, config.as_deref()),
        Command::Cohort {
            config,
            lrs,
            since,
            format,
            out,
            lang,
        } => cohort::cohort(
            config.as_deref(),
            lrs.as_deref(),
            since.as_deref(),
            format,
            out.as_deref(),
            lang.into(),
        ),
        Command::Summary { dir, format, lang } => {
            records::summary(dir.as_deref(), format, lang.into())
        }
        Command::SaveLoop { dir } => records::save_loop(&dir),
        Command::Generate {
            turns,
            options,
            seed,
        } => {
            print!(
                "{}",
                crate::engine::analysis::generate::scenario_text(turns, options, seed)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::New { id, dir } => match dir {
            Some(dir) => new_scenario(&id, &dir),
            None => users_scenario_folder().and_then(|dir| new_scenario(&id, &dir)),
        },
        Command::Analyse {
            file,
            turn,
            lang,
            reply,
            json,
            reader,
        } => load_cues(&reader)
            .and_then(|cues| reply::analyse_reply(&file, &turn, lang.into(), &reply, json, &cues)),
        Command::EvalReplies {
            files,
            scenarios,
            json,
            misses,
            reader,
        } => load_cues(&reader)
            .and_then(|cues| reply::eval_replies(&files, &scenarios, json, misses, &cues)),
        Command::Explain { id, lang, markdown } => {
            explain::explain(id.as_deref(), lang.map(Lang::from), markdown)
        }
        Command::Bounds {
            file,
            json,
            options,
            random,
            lang,
            rubric,
        } => load_rubric(rubric.as_deref())
            .and_then(|rubric| bounds::bounds(&file, rubric, json, options, random, lang.into())),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The template `rapport new` writes.
pub const SCENARIO_TEMPLATE: &str = include_str!("../../assets/template.ron");

/// Writes `DIR/ID.ron` from the template; never overwrites an existing file.
fn new_scenario(id: &str, dir: &std::path::Path) -> Result<ExitCode, String> {
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !valid {
        return Err(format!(
            "`{id}` is not a valid id: use lowercase letters, digits, `_` and `-`"
        ));
    }
    let path = dir.join(format!("{id}.ron"));
    if path.exists() {
        return Err(format!(
            "{} already exists; choose another id",
            path.display()
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // The comment names the file where it was actually written (`--dir` included).
    let text = SCENARIO_TEMPLATE
        .replace("__PATH__", &path.display().to_string())
        .replace("__ID__", id);
    crate::adapters::records::write_atomically(&path, text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    println!(
        "wrote {}; check it with: rapport check {}",
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The LRS settings in `path`, or in `lrs.ron` in the config folder; an error saying how to set
/// one up when there are none (`push` and `cohort` need them).
fn lrs_settings(
    path: Option<&std::path::Path>,
) -> Result<crate::adapters::delivery::LrsConfig, String> {
    use crate::adapters::delivery::config;
    let path = match path {
        Some(path) => path.to_path_buf(),
        None => config::default_location()
            .ok_or("no config folder on this system; name the LRS settings with --config FILE")?,
    };
    config::load(&path)?.ok_or_else(|| {
        format!(
            "no LRS is set up: write {} (see the README, “Results to a Learning Record Store”)",
            path.display()
        )
    })
}

/// The user's own scenario folder, which the app reads beside the built-in library.
fn users_scenario_folder() -> Result<PathBuf, String> {
    crate::adapters::library::user_scenario_folder()
        .ok_or_else(|| "there is no data folder here; name a folder (`--dir DIR`)".to_owned())
}

/// What the reply analyser reads by: its cue rules and its word model.
#[derive(clap::Args, Debug)]
pub struct ReaderArgs {
    /// Cue rules to use instead of the built-in ones (assets/cues.ron's format).
    #[arg(long, value_name = "FILE")]
    cues: Option<PathBuf>,
    /// A word model to use instead of the built-in one (assets/reply-model.json's format, as
    /// scripts/train-reply-model.py writes it).
    #[arg(long, value_name = "FILE", conflicts_with = "no_model")]
    model: Option<PathBuf>,
    /// The cue rules alone, without the word model.
    #[arg(long)]
    no_model: bool,
}

/// The cue rules and word model `reader` names, or the built-in ones.
pub fn load_cues(reader: &ReaderArgs) -> Result<crate::engine::reply::Cues, String> {
    use crate::engine::reply::{Cues, model::WordModel};
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let cues = match &reader.cues {
        None => Cues::builtin(),
        Some(path) => Cues::parse(&path.display().to_string(), &read(path)?)
            .map_err(|report| report.render(false))?,
    };
    Ok(match &reader.model {
        _ if reader.no_model => cues.without_model(),
        None => cues,
        Some(path) => cues.with_model(
            WordModel::parse(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))?,
        ),
    })
}

/// The rubric from `path`, or the built-in one.
pub fn load_rubric(path: Option<&std::path::Path>) -> Result<Rubric, String> {
    let Some(path) = path else {
        return Ok(Rubric::builtin());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Rubric::parse(&path.display().to_string(), &text).map_err(|report| report.render(false))
}

/// Whether to colour terminal output.
fn color_stdout() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
