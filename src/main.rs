//! `rapport`: with a subcommand, the trainers' command line ([`rapport::cli`]); without one, the
//! desktop app ([`rapport::app`], feature `gui`). This file is the only place that knows both:
//! it turns the arguments into the app's launch options.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use rapport::cli::{Command, LangArg};

#[derive(Debug, Parser)]
#[command(
    name = "rapport",
    version,
    about = "Customer-service empathy training simulator"
)]
struct Rapport {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    app: AppArgs,
}

/// Options of the desktop app (used when no subcommand is given).
#[derive(Clone, Debug, clap::Args)]
struct AppArgs {
    /// Render one screen, save it as a PNG and exit.
    #[arg(long, value_name = "PNG")]
    screenshot: Option<PathBuf>,
    /// Scenario id to open (for --screenshot of the conversation, debrief or map).
    #[arg(long, value_name = "ID")]
    scenario: Option<String>,
    /// With --screenshot of the conversation: answer the first turn with this typed reply.
    #[arg(long, value_name = "TEXT")]
    reply: Option<String>,
    /// Interface language.
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Screen to show with --screenshot: library, conversation, debrief, settings, progress,
    /// map (the branch map of --scenario, or of the first scenario), group-setup or group (a
    /// round of group practice, its first turn marked).
    #[arg(long, value_name = "SCREEN")]
    screen: Option<String>,
    /// Folder of scenario files, shown beside the built-in library and watched for changes
    /// (default: your own scenario folder, in the data folder).
    #[arg(long, value_name = "DIR")]
    scenarios: Option<PathBuf>,
    /// Start in author mode: each option shows its score and emotion effect before choosing.
    #[arg(long)]
    author_mode: bool,
    /// Start in free-reply mode: each turn opens with a box to type the reply in one's own words.
    #[arg(long)]
    free_reply: bool,
    /// Folder of media the scenarios name (portraits); scenarios cannot reach outside it
    /// (default: your media folder, in the data folder; built-in pictures stand in).
    #[arg(long, value_name = "DIR")]
    assets: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Rapport::parse();
    match args.command {
        Some(command) => rapport::cli::run(command),
        None => match open_app(args.app) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
    }
}

#[cfg(feature = "gui")]
fn open_app(args: AppArgs) -> Result<ExitCode, String> {
    use rapport::app::launch::{LaunchOptions, Screenshot};
    use rapport::app::navigation::Screen;

    let screen = match args.screen.as_deref() {
        None => Screen::Library,
        Some(name) => Screen::named(name).ok_or_else(|| {
            let names: Vec<&str> = Screen::ALL.iter().map(|s| s.name()).collect();
            format!(
                "there is no screen `{name}`; choose one of: {}",
                names.join(", ")
            )
        })?,
    };
    rapport::app::run(LaunchOptions {
        scenarios: args.scenarios,
        assets: args.assets,
        lang: args.lang.map(Into::into),
        author_mode: args.author_mode,
        free_reply: args.free_reply,
        screenshot: args.screenshot.map(|path| Screenshot {
            path,
            screen,
            scenario: args.scenario,
            reply: args.reply,
        }),
    })
}

#[cfg(not(feature = "gui"))]
fn open_app(_args: AppArgs) -> Result<ExitCode, String> {
    Err(
        "this build of rapport has no desktop app (built without the `gui` feature); \
         try `rapport check`, `rapport play` or `rapport bounds`"
            .into(),
    )
}
