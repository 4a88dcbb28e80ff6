use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use reforms::Catalog;
use reforms::cli::{self, Cli};
use reforms::tui::app::App;
use reforms::tui::{self, config, session, theme};

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    reforms::text::set_ambiguous_wide(cli.ambiguous_wide);
    let given = config::Given::from_matches(&matches);
    match &cli.command {
        Some(cli::Command::Open(args)) => browse(&cli, given, Some(args.number)),
        Some(cli::Command::Config(args)) => finish(config::command(
            cli.config.as_deref(),
            args,
            &mut io::stdout().lock(),
            &mut io::stderr().lock(),
        )),
        Some(command) => finish(cli::run(
            &cli,
            command,
            &mut io::stdout().lock(),
            &mut io::stderr().lock(),
        )),
        None => browse(&cli, given, None),
    }
}

/// The exit status of a subcommand, with its error on standard error.
fn finish(result: Result<(), cli::CliError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`reforms list | head`) is the reader's choice, not an error.
        Err(cli::CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string(), e.exit_code()),
    }
}

/// The interactive browser, which needs a terminal on both ends, on reform `open` when
/// given.
fn browse(cli: &Cli, given: config::Given, open: Option<u32>) -> ExitCode {
    let catalog = match Catalog::load(cli.data.as_deref()) {
        Ok(catalog) => catalog,
        Err(e) => return fail(&e.render(), 2),
    };
    if let Some(number) = open
        && let Err(e) = cli::pick(&catalog, &[number])
    {
        return fail(&e.to_string(), e.exit_code());
    }
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return fail(
            "the interactive browser needs a terminal; for output to a pipe or file use `reforms list` (see `reforms --help`)",
            2,
        );
    }
    let loaded = config::load(cli.config.as_deref());
    for warning in &loaded.warnings {
        let _ = writeln!(io::stderr(), "warning: {}", warning.render());
    }
    let options = config::options(&loaded.settings, loaded.keymap, given, theme::no_color());
    let lang = options.lang;
    let mut app = App::new(catalog, options);
    let path = reforms::paths::state_dir().map(|dir| session::session_path(&dir, app.catalog()));
    let resumed = match path.as_deref().filter(|_| !cli.fresh) {
        Some(path) => session::resume(&mut app, path),
        None => None,
    };
    if let Some(number) = open {
        session::open_on(&mut app, number);
    }
    // Problems with the configuration file or the session show on the first screen too.
    let notes: Vec<String> = config::startup_message(&loaded.warnings, lang)
        .into_iter()
        .chain(resumed)
        .collect();
    if !notes.is_empty() {
        app.set_message(notes.join("; "));
    }
    let save = |app: &App| {
        if let Some(Err(e)) = path.as_deref().map(|path| session::save(app, path)) {
            // Not eprintln!, which panics when the terminal has gone away.
            let _ = writeln!(io::stderr(), "reforms: {e}");
        }
    };
    match tui::run(app, save) {
        Ok(tui::Ended::Quit) => ExitCode::SUCCESS,
        // The shell's convention for a process ended by a signal.
        Ok(tui::Ended::Signal(number)) => ExitCode::from(128 + number as u8),
        // As if by SIGHUP, which usually follows.
        Ok(tui::Ended::HangUp) => ExitCode::from(128 + 1),
        Err(e) => fail(&format!("terminal: {e}"), 1),
    }
}

fn fail(message: &str, code: u8) -> ExitCode {
    let _ = writeln!(io::stderr(), "error: {message}");
    ExitCode::from(code)
}
