use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use reforms::Catalog;
use reforms::cli::{self, Cli};
use reforms::tui::{self, app::Options, theme::Theme};

fn main() -> ExitCode {
    let cli = Cli::parse();
    reforms::text::set_ambiguous_wide(cli.ambiguous_wide);
    match &cli.command {
        Some(command) => run_command(&cli, command),
        None => browse(&cli),
    }
}

fn run_command(cli: &Cli, command: &cli::Command) -> ExitCode {
    let stdout = io::stdout();
    let stderr = io::stderr();
    match cli::run(cli, command, &mut stdout.lock(), &mut stderr.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`reforms list | head`) is the reader's choice, not an error.
        Err(cli::CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string(), e.exit_code()),
    }
}

/// The interactive browser, which needs a terminal on both ends.
fn browse(cli: &Cli) -> ExitCode {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return fail(
            "the interactive browser needs a terminal; for output to a pipe or file use `reforms list` (see `reforms --help`)",
            2,
        );
    }
    let catalog = match Catalog::load(cli.data.as_deref()) {
        Ok(catalog) => catalog,
        Err(e) => return fail(&e.render(), 2),
    };
    let options = Options {
        lang: cli.lang,
        theme: Theme::from_env(),
        osc52_max: cli.osc52_max,
        ..Options::default()
    };
    match tui::run(catalog, options) {
        Ok(tui::Ended::Quit) => ExitCode::SUCCESS,
        // The shell's convention for a process ended by a signal.
        Ok(tui::Ended::Signal(number)) => ExitCode::from(128 + number as u8),
        Err(e) => fail(&format!("terminal: {e}"), 1),
    }
}

fn fail(message: &str, code: u8) -> ExitCode {
    let _ = writeln!(io::stderr(), "error: {message}");
    ExitCode::from(code)
}
