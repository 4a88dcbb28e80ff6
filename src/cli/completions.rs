//! `reforms completions` and `reforms man`: what shells and `man` read, made from the
//! command line's definitions.

use std::io::Write;

use clap::CommandFactory;

use super::CliError;
use super::args::Cli;

/// `reforms completions SHELL`: the shell's completion script.
pub(super) fn completions(
    shell: clap_complete::Shell,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "reforms", out);
    Ok(())
}

/// `reforms man`: the manual page, in roff.
pub(super) fn man(out: &mut dyn Write) -> Result<(), CliError> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(())
}
