//! `reforms show`: reforms in full, laid out as the browser's detail pane shows them or in
//! an export format.

use std::io::{self, IsTerminal, Write};

use super::args::{Cli, ShowArgs};
use super::{CliError, catalog};
use crate::core::catalog::{Catalog, Reform};
use crate::core::library;
use crate::core::safe;
use crate::core::selection::Selection;
use crate::detail::{self, DetailHighlights};
use crate::documents::export;

/// `reforms show`: the reforms numbered, or those the selection options choose.
pub(super) fn show(cli: &Cli, args: &ShowArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let catalog = catalog(cli)?;
    let reforms = shown_by(&catalog, args)?;
    match show_width(args) {
        Some(width) => out.write_all(safe::safe(&laid_out(&reforms, width)).as_bytes())?,
        None => {
            let format = args.format.unwrap_or_default();
            let shared = catalog.shared_document(&reforms);
            out.write_all(export::render(format, &reforms, shared).as_bytes())?
        }
    }
    Ok(())
}

/// The width `show` lays reforms out to: `--width`, else the terminal's when standard
/// output is one; `None` for an export format.
fn show_width(args: &ShowArgs) -> Option<usize> {
    if args.format.is_some() {
        return None;
    }
    match args.width {
        Some(width) => Some(width.into()),
        None => io::stdout().is_terminal().then(terminal_width),
    }
}

/// Columns of the terminal on standard output, 80 when it cannot be asked.
fn terminal_width() -> usize {
    crossterm::terminal::size().map_or(80, |(columns, _)| usize::from(columns.max(1)))
}

/// Reforms laid out as the detail pane shows them, a blank line between them.
fn laid_out(reforms: &[&Reform], width: usize) -> String {
    let highlights = DetailHighlights::default();
    reforms
        .iter()
        .map(|reform| detail::plain_text(&detail::detail_lines(reform, width, &highlights)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The reforms with these numbers in the named documents (all when none is named). A number
/// two documents share is an error that names them, for `--document` to choose.
fn pick_in<'a>(
    catalog: &'a Catalog,
    documents: &[String],
    numbers: &[u32],
) -> Result<Vec<&'a Reform>, CliError> {
    Ok(library::positions(catalog, documents, numbers)?
        .into_iter()
        .map(|i| &catalog.reforms[i])
        .collect())
}

/// The reforms `show` prints: those numbered, in the order given, or those the selection
/// options choose.
fn shown_by<'a>(catalog: &'a Catalog, args: &ShowArgs) -> Result<Vec<&'a Reform>, CliError> {
    let selection = args.selection.selection();
    // --document says where numbers are looked up; the other options choose reforms.
    let narrows = !Selection {
        documents: Vec::new(),
        ..selection.clone()
    }
    .is_empty();
    match (args.numbers.is_empty(), narrows) {
        (false, false) => {
            args.selection.resolved(catalog)?;
            pick_in(catalog, &selection.documents, &args.numbers)
        }
        (true, true) => args.selection.select(catalog),
        (true, false) if !selection.documents.is_empty() => args.selection.select(catalog),
        (true, false) => Err(CliError::Input(crate::say!(
            "give reform numbers, or choose reforms with --query, --agency or --scope",
            "请给出序号, 或用 --query, --agency 或 --scope 选择改革事项"
        ))),
        (false, true) => Err(CliError::Input(crate::say!(
            "give either reform numbers or --query, --agency and --scope, not both",
            "序号与 --query, --agency, --scope 只能二选一"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::Command;

    fn shown(args: &[&str]) -> Result<Vec<u32>, CliError> {
        let Some(Command::Show(show)) = Cli::try_parse_from(args).unwrap().command else {
            unreachable!()
        };
        let catalog = Catalog::embedded().unwrap();
        Ok(shown_by(&catalog, &show)?
            .iter()
            .map(|r| r.number)
            .collect())
    }

    #[test]
    fn show_takes_numbers_or_a_selection() {
        assert_eq!(shown(&["reforms", "show", "3", "1"]).unwrap(), vec![3, 1]);
        assert_eq!(shown(&["reforms", "show", "-q", "邮轮"]).unwrap()[0], 20);
        for args in [
            &["reforms", "show"][..],
            &["reforms", "show", "1", "-q", "邮轮"],
        ] {
            assert!(shown(args).is_err(), "{args:?}");
        }
    }
}
