//! `reforms list`, `reforms agencies` and `reforms stats`: the reforms a selection takes, as
//! a list, a report or counts.

use std::io::{self, IsTerminal, Write};

use super::args::{AgenciesArgs, Cli, ListArgs, ListFormat, StatsArgs};
use super::{CliError, catalog, deliver};
use crate::core::safe;
use crate::core::selection::{Beyond, Selection};
use crate::core::stats::Overview;
use crate::documents::export;
use crate::documents::report;
use crate::lang::Lang;

/// `reforms list`: the reforms selected, in a text format as they are made, or as a file.
pub(super) fn list(
    cli: &Cli,
    args: &ListArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    if args.format.is_binary() && args.output.is_none() && io::stdout().is_terminal() {
        return Err(CliError::Input(crate::say!(
            "a .{0} file is not for the terminal: write it with -o, e.g. `reforms list --format {0} -o 改革事项.{0}`, or pipe it",
            ".{0} 文件不能输出到终端: 请用 -o 写入文件, 如 `reforms list --format {0} -o 改革事项.{0}`, 或用管道",
            args.format.extension()
        )));
    }
    let catalog = catalog(cli)?;
    let reforms = args.selection.select(&catalog)?;
    let source = catalog.shared_document(&reforms);
    // A text format to standard output is written as it is made.
    if let (None, Some(format)) = (&args.output, args.format.text_format()) {
        export::stream(format, &reforms, source, out)?;
        return Ok(());
    }
    let about = report::About::today(
        cli.lang.described(
            &args
                .selection
                .resolved(&catalog)?
                .facets(&Beyond::default()),
        ),
    );
    let document = catalog.report_document(&reforms);
    let bytes = export::write(args.format, &document, source, &reforms, &about)
        .map_err(|e| CliError::Input(e.to_string()))?;
    let written = |path: &std::path::Path| {
        crate::say!(
            "{}: {} reforms written",
            "{}: 已写入 {} 项改革事项",
            path.display(),
            reforms.len()
        )
    };
    deliver(&bytes, args.output.as_deref(), written, out, err)
}

/// `reforms agencies`: each agency with its number of reforms in the documents chosen.
pub(super) fn agencies(
    cli: &Cli,
    args: &AgenciesArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let catalog = catalog(cli)?;
    let selection = Selection {
        documents: args.document.clone(),
        ..Selection::default()
    };
    selection.check(&catalog)?;
    let overview = Overview::of(
        &catalog,
        selection
            .shown(&catalog)
            .reforms
            .iter()
            .map(|&i| &catalog.reforms[i]),
    );
    out.write_all(safe::safe_json(&agencies_text(&overview, args.format)).as_bytes())?;
    Ok(())
}

/// `reforms stats`: the number of reforms selected per agency and per scope.
pub(super) fn stats(cli: &Cli, args: &StatsArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let catalog = catalog(cli)?;
    let reforms = args.selection.select(&catalog)?;
    let overview = Overview::of(&catalog, reforms.iter().copied());
    out.write_all(safe::safe_json(&stats_text(&overview, cli.lang, args.format)).as_bytes())?;
    Ok(())
}

fn agencies_text(overview: &Overview, format: ListFormat) -> String {
    match format {
        ListFormat::Text => {
            let width = overview
                .agencies
                .first()
                .map_or(1, |a| a.count.to_string().len());
            overview
                .agencies
                .iter()
                .map(|a| format!("{:>width$}  {}\n", a.count, a.name))
                .collect()
        }
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = overview
                .agencies
                .iter()
                .map(|a| serde_json::json!({ "name": a.name, "count": a.count }))
                .collect();
            let mut out = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
            out.push('\n');
            out
        }
    }
}

fn stats_text(overview: &Overview, lang: Lang, format: ListFormat) -> String {
    match format {
        ListFormat::Text => {
            let labels = lang.labels();
            overview.to_text(
                labels.overview_total,
                labels.agencies,
                labels.overview_scopes,
            )
        }
        ListFormat::Json => {
            let mut out =
                serde_json::to_string_pretty(&overview.to_json()).unwrap_or_else(|_| "{}".into());
            out.push('\n');
            out
        }
    }
}
