use std::process::ExitCode;

use clap::Parser;
use rapport::cli::{Cli, run};

fn main() -> ExitCode {
    run(Cli::parse())
}
