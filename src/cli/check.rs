//! `reforms check`: whether a file is a dataset the program reads, and what it holds.

use std::io::{self, Write};
use std::path::Path;

use super::CliError;
use crate::core::catalog::Catalog;
use crate::core::safe;

/// The most scopes `check` names; the rest are counted.
const SUMMARY_SCOPES: usize = 10;

/// `reforms check FILE`: a line saying what the dataset holds, or why it does not load (and
/// that `reforms import` reads it, when it looks like a table).
pub(super) fn check(file: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let catalog = Catalog::from_file(file).map_err(|e| match looks_like_a_table(file) {
        true => CliError::Input(crate::say!(
            "{}\n  {} looks like a table, not a dataset: `reforms import {}` turns it into one",
            "{}\n  {} 像是表格而不是数据集: 用 `reforms import {}` 转换",
            e.render(),
            safe::one_line(&file.display().to_string()),
            safe::one_line(&file.display().to_string()),
        )),
        false => CliError::Load(e),
    })?;
    writeln!(out, "{}", safe::one_line(&summary(file, &catalog)))?;
    Ok(())
}

/// Whether a file `check` could not read as a dataset is one `reforms import` reads: a Word
/// document, a workbook, a web page or a CSV/TSV file, by its extension or its first bytes
/// (a zip or an OLE container).
fn looks_like_a_table(path: &Path) -> bool {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let tables = [
        "tsv", "csv", "txt", "xlsx", "xlsm", "xls", "xlsb", "ods", "et", "docx", "doc", "wps",
        "html", "htm",
    ];
    let mut head = [0u8; 4];
    // Only a regular file is opened: opening a pipe would wait for a writer.
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let starts = regular
        && std::fs::File::open(path)
            .and_then(|mut f| io::Read::read(&mut f, &mut head))
            .is_ok_and(|n| n == 4 && (head == *b"PK\x03\x04" || head == [0xD0, 0xCF, 0x11, 0xE0]));
    tables.contains(&extension.as_str()) || starts
}

fn summary(path: &Path, catalog: &Catalog) -> String {
    let all = catalog.scopes();
    let mut scopes: Vec<String> = all
        .iter()
        .take(SUMMARY_SCOPES)
        .map(|s| format!("{} {}", s.name, s.count))
        .collect();
    if all.len() > SUMMARY_SCOPES {
        scopes.push(crate::say!(
            "{} more",
            "另有 {} 个",
            all.len() - SUMMARY_SCOPES
        ));
    }
    crate::say!(
        "{}: ok: {} ({} reforms, {} agencies; scopes: {})",
        "{}: 通过: {} ({} 项改革事项, {} 个单位; 推广范围: {})",
        path.display(),
        catalog.document.title,
        catalog.reforms.len(),
        catalog.agencies().len(),
        scopes.join(", ")
    )
}
