use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use reforms::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    reforms::text::set_ambiguous_wide(cli.ambiguous_wide);
    let Some(command) = &cli.command else {
        // The interactive browser is not built yet; show what there is.
        let _ = Cli::command().print_help();
        return ExitCode::SUCCESS;
    };
    let stdout = io::stdout();
    let stderr = io::stderr();
    let result = cli::run(&cli, command, &mut stdout.lock(), &mut stderr.lock());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`reforms list | head`) is the reader's choice, not an error.
        Err(cli::CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
