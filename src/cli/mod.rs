//! The command line: its definitions (`args`) and one module per subcommand or family of
//! them, which `run` dispatches to.

pub mod args;
mod check;
mod clipboard;
mod completions;
mod error;
mod import;
mod library;
mod list;
mod show;
mod track;

use std::io::Write;
use std::path::Path;

pub use self::args::{Cli, Command, command_with_real_paths};
pub use self::error::CliError;
use crate::core::catalog::Catalog;
use crate::core::safe;

/// Runs a subcommand, writing its output to `out` and notes to `err`.
pub fn run(
    cli: &Cli,
    command: &Command,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        Command::List(args) => list::list(cli, args, out, err),
        Command::Show(args) => show::show(cli, args, out),
        // The browser's own: the binary opens it, and checks its configuration file.
        Command::Open(_) | Command::Config(_) => Err(CliError::Input(crate::say!(
            "`reforms open` and `reforms config` belong to the interactive browser",
            "`reforms open` 和 `reforms config` 属于交互界面"
        ))),
        Command::Agencies(args) => list::agencies(cli, args, out),
        Command::Stats(args) => list::stats(cli, args, out),
        Command::Check(args) => check::check(&args.file, out),
        Command::Import(args) => import::import(args, out, err),
        Command::Library(args) => library::library(args.action.as_ref(), out, err),
        Command::Track(args) => track::track(cli, args, out, err),
        Command::Completions(args) => completions::completions(args.shell, out),
        Command::Man => completions::man(out),
        Command::ServeClipboard(args) => clipboard::serve(args.html),
    }
}

/// The catalog of the command line: the `--data` files, else the embedded batch and the
/// library.
fn catalog(cli: &Cli) -> Result<Catalog, CliError> {
    Ok(crate::core::library::load_standard(&cli.data)?)
}

/// The tracking database the command line uses: `--track-db`, else the one in the data
/// folder.
fn open_track(cli: &Cli) -> Result<crate::track::SqliteLedger, CliError> {
    Ok(crate::track::open(cli.track_db.as_deref())?)
}

/// How messages name standard input, read for `-`.
fn standard_input() -> String {
    crate::say!("standard input", "标准输入")
}

/// Writes a file whole or not at all; an error names it.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    crate::core::files::write_atomic(path, bytes).map_err(|e| CliError::cannot_write(path, &e))?;
    Ok(())
}

/// Writes output bytes to `-o FILE`, saying on `err` what `written` says of it, or to `out`.
fn deliver(
    bytes: &[u8],
    output: Option<&Path>,
    written: impl FnOnce(&Path) -> String,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    match output {
        Some(path) => {
            write_file(path, bytes)?;
            writeln!(err, "{}", safe::one_line(&written(path)))?;
        }
        None => out.write_all(bytes)?,
    }
    Ok(())
}
