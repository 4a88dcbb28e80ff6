//! The ledger (台账): one row for each reform and each of its agencies, with the tracked
//! status, deadline and latest note, written as text for the terminal, TSV, CSV, JSON, a
//! Word report or an Excel workbook.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::record::{Entry, ItemKey, Status, local_time, overdue_mark};
use crate::core::catalog::{Catalog, Reform};
use crate::core::say::Lang;
use crate::{core::safe, documents::docx, documents::xlsx};

/// How a ledger or a tracking list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LedgerFormat {
    /// Lines for the terminal.
    #[default]
    Text,
    /// Tab-separated values with a header row.
    Tsv,
    /// An array of objects.
    Json,
    /// Comma-separated values for Excel and WPS: UTF-8 with a BOM, CRLF rows.
    Csv,
    /// A Word report (.docx).
    Docx,
    /// An Excel workbook (.xlsx).
    Xlsx,
}

impl LedgerFormat {
    pub fn is_binary(self) -> bool {
        matches!(self, LedgerFormat::Docx | LedgerFormat::Xlsx)
    }

    pub fn extension(self) -> &'static str {
        match self {
            LedgerFormat::Text => "txt",
            LedgerFormat::Tsv => "tsv",
            LedgerFormat::Json => "json",
            LedgerFormat::Csv => "csv",
            LedgerFormat::Docx => "docx",
            LedgerFormat::Xlsx => "xlsx",
        }
    }
}

/// The ledger's columns, as the coordinating offices' tables have them.
pub const LEDGER_COLUMNS: [&str; 7] = [
    "序号",
    "改革事项",
    "负责单位",
    "状态",
    "时限",
    "最新落实情况",
    "更新时间",
];

/// Beside the ledger's, what `reforms track list` writes: the contact after the deadline.
pub const LIST_COLUMNS: [&str; 8] = [
    "序号",
    "改革事项",
    "负责单位",
    "状态",
    "时限",
    "联系人",
    "最新落实情况",
    "更新时间",
];

/// The ledger's column widths in Excel's units, and shares of a Word page.
const LEDGER_WIDTHS: [(f64, u32); 7] = [
    (6.0, 2),
    (30.0, 7),
    (16.0, 5),
    (9.0, 3),
    (12.0, 4),
    (50.0, 14),
    (17.0, 4),
];
const LIST_WIDTHS: [(f64, u32); 8] = [
    (6.0, 2),
    (30.0, 7),
    (16.0, 5),
    (9.0, 3),
    (12.0, 4),
    (16.0, 4),
    (44.0, 12),
    (17.0, 4),
];

/// One row: a reform, one of its agencies, and what is tracked for them (nothing yet
/// when `entry` is `None`: not started).
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub reform: &'a Reform,
    /// The document's short name in the catalog.
    pub document: &'a str,
    pub agency: &'a str,
    pub entry: Option<&'a Entry>,
}

impl Row<'_> {
    pub fn status(&self) -> Status {
        self.entry.map(|e| e.status).unwrap_or_default()
    }

    pub fn is_overdue(&self, today: chrono::NaiveDate) -> bool {
        self.entry.is_some_and(|e| e.is_overdue(today))
    }
}

/// The tracked entries by key, for rows to find theirs.
pub fn by_key(entries: &[Entry]) -> HashMap<ItemKey, &Entry> {
    entries.iter().map(|e| (e.key(), e)).collect()
}

/// The rows of the reforms at `positions` (in that order): one per agency, of `agencies`
/// only when any are named, and of `statuses` only when any are named.
pub fn rows<'a>(
    catalog: &'a Catalog,
    positions: &[usize],
    entries: &HashMap<ItemKey, &'a Entry>,
    agencies: &[String],
    statuses: &[Status],
) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for &i in positions {
        let reform = &catalog.reforms[i];
        let document = catalog.batches()[catalog.batch_of(i)].name.as_str();
        for agency in &reform.agencies {
            if !agencies.is_empty() && !agencies.iter().any(|a| a == agency) {
                continue;
            }
            let key = ItemKey::new(document, reform.number, agency);
            let row = Row {
                reform,
                document,
                agency,
                entry: entries.get(&key).copied(),
            };
            if statuses.is_empty() || statuses.contains(&row.status()) {
                out.push(row);
            }
        }
    }
    out
}

/// A date and, when it has passed with the work open, the mark of that.
fn deadline_text(row: &Row, lang: Lang, today: chrono::NaiveDate) -> String {
    match row.entry.and_then(|e| e.deadline) {
        Some(date) if row.is_overdue(today) => {
            format!("{}{}", date.format("%Y-%m-%d"), overdue_mark(lang))
        }
        Some(date) => date.format("%Y-%m-%d").to_string(),
        None => String::new(),
    }
}

fn note_text(row: &Row) -> String {
    row.entry
        .and_then(|e| e.latest_note.as_ref())
        .map(|n| format!("{}（{} {}）", n.text, local_time(&n.time), n.author))
        .unwrap_or_default()
}

/// The cells of a row under `LIST_COLUMNS` (with the contact) or `LEDGER_COLUMNS`.
fn cells(row: &Row, lang: Lang, today: chrono::NaiveDate, contact: bool) -> Vec<String> {
    let mut cells = vec![
        row.reform.number.to_string(),
        row.reform.title.to_string(),
        row.agency.to_string(),
        row.status().label(lang).to_string(),
        deadline_text(row, lang, today),
    ];
    if contact {
        cells.push(
            row.entry
                .and_then(|e| e.contact.clone())
                .unwrap_or_default(),
        );
    }
    cells.push(note_text(row));
    cells.push(
        row.entry
            .filter(|e| !e.updated.is_empty())
            .map(|e| local_time(&e.updated))
            .unwrap_or_default(),
    );
    cells
}

/// Why a ledger could not be written: a defect of a writer, as every text can be written;
/// the writers are the reports'.
pub type LedgerError = crate::documents::export::ExportError;

/// What a written ledger says about itself.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The document's title, or the coordinating office's, above the table.
    pub title: String,
    /// The line under it: the selection and the date.
    pub note: String,
}

/// Writes `rows` as the ledger (`ledger` true: its seven columns) or as the tracking list
/// (with the contact).
pub fn write(
    format: LedgerFormat,
    rows: &[Row],
    lang: Lang,
    today: chrono::NaiveDate,
    ledger: bool,
    heading: &Heading,
) -> Result<Vec<u8>, LedgerError> {
    let columns: &[&str] = if ledger {
        &LEDGER_COLUMNS
    } else {
        &LIST_COLUMNS
    };
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| cells(r, lang, today, !ledger))
        .collect();
    Ok(match format {
        LedgerFormat::Text => safe::safe(&text(rows, lang, today))
            .into_owned()
            .into_bytes(),
        LedgerFormat::Tsv => {
            let mut out = columns.join("\t");
            out.push('\n');
            for row in &table {
                let cells: Vec<String> = row.iter().map(|c| tsv_cell(c)).collect();
                out.push_str(&cells.join("\t"));
                out.push('\n');
            }
            safe::safe_owned(out).into_bytes()
        }
        LedgerFormat::Json => safe::safe_json(&json(rows, lang, today, ledger))
            .into_owned()
            .into_bytes(),
        LedgerFormat::Csv => crate::documents::export::excel_csv(columns, table)?,
        LedgerFormat::Xlsx => {
            let widths: Vec<(&str, f64)> = if ledger {
                columns
                    .iter()
                    .zip(LEDGER_WIDTHS)
                    .map(|(c, w)| (*c, w.0))
                    .collect()
            } else {
                columns
                    .iter()
                    .zip(LIST_WIDTHS)
                    .map(|(c, w)| (*c, w.0))
                    .collect()
            };
            xlsx::write_table("台账", &heading.title, &widths, &table)?
        }
        LedgerFormat::Docx => {
            let shares: Vec<(&str, u32)> = if ledger {
                columns
                    .iter()
                    .zip(LEDGER_WIDTHS)
                    .map(|(c, w)| (*c, w.1))
                    .collect()
            } else {
                columns
                    .iter()
                    .zip(LIST_WIDTHS)
                    .map(|(c, w)| (*c, w.1))
                    .collect()
            };
            docx::write_table(&heading.title, &heading.note, &shares, &table)?
        }
    })
}

/// A cell a spreadsheet would take for a formula gets an apostrophe, as the list's CSV.
fn tsv_cell(cell: &str) -> String {
    crate::documents::export::quote_cell(&crate::documents::export::guard_formula(cell))
}

/// Rows for the terminal: the reform once, then a line per agency.
fn text(rows: &[Row], lang: Lang, today: chrono::NaiveDate) -> String {
    let mut out = String::new();
    let mut last: Option<(&str, u32)> = None;
    for row in rows {
        if last != Some((row.document, row.reform.number)) {
            let _ = writeln!(
                out,
                "{}. {}",
                row.reform.number,
                row.reform.title.replace('\n', " ")
            );
            last = Some((row.document, row.reform.number));
        }
        let mut line = format!("    {}  {}", row.agency, row.status().label(lang));
        let deadline = deadline_text(row, lang, today);
        if !deadline.is_empty() {
            line.push_str(&crate::say_in!(
                lang,
                "  due {deadline}",
                "  时限 {deadline}"
            ));
        }
        if let Some(contact) = row.entry.and_then(|e| e.contact.as_deref()) {
            line.push_str(&format!("  {contact}"));
        }
        let _ = writeln!(out, "{line}");
        if let Some(note) = row.entry.and_then(|e| e.latest_note.as_ref()) {
            let _ = writeln!(
                out,
                "      {} {}：{}",
                local_time(&note.time),
                note.author,
                note.text.replace('\n', "\n      ")
            );
        }
    }
    out
}

fn json(rows: &[Row], lang: Lang, today: chrono::NaiveDate, ledger: bool) -> String {
    let list: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let entry = row.entry;
            let mut value = serde_json::json!({
                "document": row.document,
                "number": row.reform.number,
                "title": row.reform.title,
                "agency": row.agency,
                "status": row.status().code(),
                "status_label": row.status().label(lang),
                "deadline": entry.and_then(|e| e.deadline).map(|d| d.format("%Y-%m-%d").to_string()),
                "overdue": row.is_overdue(today),
                "latest_note": entry.and_then(|e| e.latest_note.as_ref()),
                "updated": entry.map(|e| e.updated.clone()).filter(|u| !u.is_empty()),
            });
            if !ledger {
                value["contact"] = serde_json::json!(entry.and_then(|e| e.contact.clone()));
            }
            value
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// The key of reform `number` of `document` (the only one when `None`) for `agency` (its
/// only agency when `None`), checked against the catalog: a document it does not hold, a
/// number the document does not have, or an agency not responsible for the reform is an
/// error saying what there is.
pub fn locate(
    catalog: &Catalog,
    document: Option<&str>,
    number: u32,
    agency: Option<&str>,
) -> Result<(usize, ItemKey), String> {
    let batch = match document {
        Some(name) => catalog.batch_index(name).ok_or_else(|| {
            let names: Vec<&str> = catalog.batches().iter().map(|b| b.name.as_str()).collect();
            let names = names.join(", ");
            crate::say!(
                "no document {name:?} here; the documents are: {names}",
                "没有名为 “{name}” 的文件; 现有: {names}"
            )
        })?,
        None => {
            let holding: Vec<usize> = (0..catalog.batches().len())
                .filter(|&b| {
                    catalog.batches()[b]
                        .reforms
                        .clone()
                        .any(|i| catalog.reforms[i].number == number)
                })
                .collect();
            match holding[..] {
                [one] => one,
                [] => 0,
                _ => {
                    let names: Vec<&str> = holding
                        .iter()
                        .map(|&b| catalog.batches()[b].name.as_str())
                        .collect();
                    return Err(crate::core::catalog::in_several_documents(number, &names));
                }
            }
        }
    };
    let b = &catalog.batches()[batch];
    let position = b
        .reforms
        .clone()
        .find(|&i| catalog.reforms[i].number == number)
        .ok_or_else(|| {
            let numbers = b.reforms.clone().map(|i| catalog.reforms[i].number);
            let first = numbers.clone().min().unwrap_or(0);
            let last = numbers.max().unwrap_or(0);
            let name = &b.name;
            crate::say!(
                "{name} has no reform numbered {number}; its numbers run from {first} to {last}",
                "{name} 中没有序号为 {number} 的改革事项; 序号从 {first} 到 {last}"
            )
        })?;
    let reform = &catalog.reforms[position];
    let agency = match agency {
        Some(agency) => reform
            .agencies
            .iter()
            .find(|a| a.as_str() == agency.trim())
            .ok_or_else(|| {
                let agencies = reform.agencies.join("、");
                crate::say!(
                    "{agency} is not responsible for reform {number}; its agencies are: {agencies}",
                    "{agency} 不负责第 {number} 项; 其负责单位为: {agencies}"
                )
            })?,
        None => match &reform.agencies[..] {
            [one] => one,
            several => {
                let several = several.join("、");
                return Err(crate::say!(
                    "reform {number} has several agencies; choose one with --agency: {several}",
                    "第 {number} 项有多个负责单位; 请用 --agency 选择一个: {several}"
                ));
            }
        },
    };
    Ok((position, ItemKey::new(&b.name, number, agency)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_checks_document_number_and_agency() {
        let catalog = Catalog::embedded().unwrap();
        let (_, key) = locate(&catalog, None, 19, Some("天津海关")).unwrap();
        assert_eq!(key, ItemKey::new("embedded", 19, "天津海关"));
        assert!(
            locate(&catalog, None, 99, Some("天津海关"))
                .unwrap_err()
                .contains("run from 1 to 42")
        );
        assert!(
            locate(&catalog, Some("第九批"), 1, None)
                .unwrap_err()
                .contains("no document")
        );
        assert!(
            locate(&catalog, None, 19, Some("市商务局x"))
                .unwrap_err()
                .contains("not responsible")
        );
    }

    #[test]
    fn every_reform_agency_pair_is_a_row() {
        let catalog = Catalog::embedded().unwrap();
        let all: Vec<usize> = (0..catalog.reforms.len()).collect();
        let entries = HashMap::new();
        let rows = rows(&catalog, &all, &entries, &[], &[]);
        let pairs: usize = catalog.reforms.iter().map(|r| r.agencies.len()).sum();
        assert_eq!(rows.len(), pairs);
        assert!(rows.iter().all(|r| r.status() == Status::NotStarted));
    }
}
