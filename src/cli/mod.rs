//! The command line: the one place that parses arguments, reads the environment, knows
//! the default paths and prints. Each command is a few lines over the library's
//! [`phaen::Session`] (or its import and next-year), in a file of its own.

mod args;
mod bench;
mod build;
mod data;
mod edit;
mod import;
mod output;
mod report;
mod watch;

use std::process::ExitCode;

use clap::Parser;
use phaen::Error;

use self::args::{Cli, Command};

/// Runs the command the arguments name; prints its error, if any.
pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Build { data, pdf, split } => build::build(output::dataset(data.data)?, pdf, split),
        Command::Watch { data, pdf } => watch::watch(output::dataset(data)?, pdf),
        Command::Edit { data, port, no_open, cache } => edit::edit(output::dataset(data.data)?, port, no_open, &cache),
        Command::Bench { data, runs, peak_of_one_build, editor_memory } => {
            bench::bench(&output::dataset(data.data)?, runs, peak_of_one_build, editor_memory)
        }
        Command::Typst { data, output, templates } => build::typst(output::dataset(data.data)?, output, templates),
        Command::Import { text, output, force, text_out } => import::import(text, output, force, text_out),
        Command::Report { progress, pdf } => report::report(progress, pdf),
        Command::Init { dir } => data::init(&dir),
        Command::NextYear { data, output, force } => data::next_year(data, output, force),
        Command::Check { data, deny_warnings } => data::check(output::dataset(data.data)?, deny_warnings),
    }
}
