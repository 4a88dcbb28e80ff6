//! `reforms list --format csv|docx|xlsx`: the files the command line writes, read back by
//! the reader crates and compared field by field with `reforms list --format json` for the
//! same selection.

use crate::common;

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use common::command::{binary, reforms, stdout_of};
use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};

/// The selections the tests write: every reform, a scope, and a search.
const SELECTIONS: [&[&str]; 3] = [&[], &["--scope", "全市"], &["--query", "数据"]];

/// The five fields of each reform `list --format json` prints for `selection`, agencies
/// joined by `agencies_by`.
fn expected(selection: &[&str], agencies_by: &str) -> Vec<[String; 5]> {
    let mut args = vec!["list", "--format", "json"];
    args.extend(selection);
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&args)).unwrap();
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    json.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let agencies: Vec<String> =
                r["agencies"].as_array().unwrap().iter().map(text).collect();
            [
                r["number"].to_string(),
                text(&r["title"]),
                text(&r["content"]),
                text(&r["scope"]),
                agencies.join(agencies_by),
            ]
        })
        .collect()
}

/// What `reforms list --format FORMAT SELECTION` writes with `-o`, and, to a pipe, on
/// standard output. (Not compared byte for byte: a workbook holds the time it was made.)
fn written(format: &str, selection: &[&str]) -> [Vec<u8>; 2] {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("报告.{format}"));
    let mut args = vec!["list", "--format", format];
    args.extend(selection);
    let piped = reforms()
        .args(&args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = reforms()
        .args(&args)
        .arg("-o")
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(out.stdout.is_empty(), "nothing on standard output with -o");
    [std::fs::read(&path).unwrap(), piped]
}

/// A CSV cell without the formula guard's apostrophe, as a spreadsheet shows it.
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if reforms::documents::export::needs_formula_guard(rest) => rest,
        _ => cell,
    }
}

#[test]
fn csv_is_for_excel_and_reads_back() {
    for selection in SELECTIONS {
        let expected = expected(selection, " ");
        assert!(!expected.is_empty(), "{selection:?} selects reforms");
        let [file, piped] = written("csv", selection);
        assert_eq!(file, piped, "the file and the pipe differ");
        let body = file
            .strip_prefix("\u{feff}".as_bytes())
            .expect("a UTF-8 byte order mark");
        let text = std::str::from_utf8(body).unwrap();
        assert!(text.starts_with("序号,改革事项,主要内容,推广范围,负责单位\r\n"));
        assert!(text.ends_with("\r\n"));
        let mut reader = csv::Reader::from_reader(body);
        let rows: Vec<[String; 5]> = reader
            .records()
            .map(|row| {
                let row = row.unwrap();
                assert_eq!(row.len(), 5);
                std::array::from_fn(|i| unguarded(&row[i]).to_string())
            })
            .collect();
        assert_eq!(rows, expected, "{selection:?}");
    }
}

/// The table of a .docx file, each cell's paragraphs joined with line breaks.
fn docx_rows(file: &[u8]) -> Vec<Vec<String>> {
    let docx = docx_rs::read_docx(file).expect("docx-rs reads the report");
    let mut rows = Vec::new();
    for child in &docx.document.children {
        if let DocumentChild::Table(table) = child {
            for TableChild::TableRow(row) in &table.rows {
                rows.push(
                    row.cells
                        .iter()
                        .map(|TableRowChild::TableCell(cell)| {
                            cell.children
                                .iter()
                                .filter_map(|c| match c {
                                    TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                    _ => None,
                                })
                                .collect::<Vec<_>>()
                                .join("\n")
                        })
                        .collect(),
                );
            }
        }
    }
    rows
}

#[test]
fn docx_reads_back_cell_by_cell() {
    for selection in SELECTIONS {
        let expected = expected(selection, "\n");
        for file in written("docx", selection) {
            let rows = docx_rows(&file);
            assert_eq!(rows[0], reforms::documents::report::COLUMNS);
            assert_eq!(rows.len(), expected.len() + 1, "{selection:?}");
            for (row, reform) in rows[1..].iter().zip(&expected) {
                assert_eq!(row[..], reform[..], "{selection:?}");
            }
        }
    }
}

/// The reforms of the 改革事项 sheet, each field whole again: a row without a number goes on
/// with the reform above.
fn xlsx_rows(file: &[u8]) -> Vec<[String; 5]> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(file)).unwrap();
    let range = book
        .worksheet_range(reforms::documents::xlsx::REFORMS_SHEET)
        .unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, reforms::documents::report::COLUMNS);
    let mut out: Vec<[String; 5]> = Vec::new();
    for row in rows {
        match &row[0] {
            Data::Float(n) => {
                let mut fields: [String; 5] = Default::default();
                fields[0] = n.to_string();
                out.push(fields);
            }
            Data::Empty => {}
            other => panic!("序号 {other:?}"),
        }
        let fields = out.last_mut().expect("a reform before its continuation");
        for (field, cell) in fields.iter_mut().zip(row).skip(1) {
            match cell {
                Data::String(s) => field.push_str(s),
                Data::Empty => {}
                other => panic!("a text cell read as {other:?}"),
            }
        }
    }
    out
}

#[test]
fn xlsx_reads_back_cell_by_cell() {
    for selection in SELECTIONS {
        let expected = expected(selection, "\n");
        for file in written("xlsx", selection) {
            assert_eq!(xlsx_rows(&file), expected, "{selection:?}");
            let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&file)).unwrap();
            let about = book
                .worksheet_range(reforms::documents::xlsx::ABOUT_SHEET)
                .unwrap();
            let filter = about.get_value((2, 1)).unwrap().to_string();
            if selection.is_empty() {
                assert_eq!(filter, "全部改革事项");
            } else {
                assert!(filter.contains(selection[1]), "{filter}");
            }
        }
    }
}

/// A binary file is not written to a terminal: the command says to use -o, with status 2.
/// Run under script(1), which gives it a terminal, where that is installed.
#[test]
fn binary_formats_are_refused_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("script(1) is not installed; skipped");
        return;
    }
    for format in ["docx", "xlsx"] {
        let line = format!("'{}' list --format {format}", binary().display());
        let out = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .env_remove("REFORMS_DATA")
            .env_remove("REFORMS_CONFIG")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(said.contains("-o"), "{said}");
        assert!(!said.contains("PK"), "no zip bytes on the terminal: {said}");
    }
}

/// LibreOffice, an outside reader, opens the CSV file as a table (converting it to .xlsx,
/// read back by calamine): the same five fields for every reform, CJK and line breaks
/// inside cells intact. Skipped where soffice is not installed.
#[test]
fn libreoffice_reads_the_csv() {
    if Command::new("soffice").arg("--version").output().is_err() {
        eprintln!("soffice is not installed; skipped");
        return;
    }
    let expected = expected(&[], " ");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("reforms.csv");
    reforms()
        .args(["list", "--format", "csv", "-o"])
        .arg(&input)
        .assert()
        .success();
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            // UTF-8 named: headless, soffice ignores the byte order mark and reads the
            // locale's character set (Latin-1 under LANG=C).
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    let converted = dir.path().join("reforms.xlsx");
    assert!(
        out.status.success() && converted.is_file(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&converted).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, reforms::documents::report::COLUMNS);
    let read: Vec<[String; 5]> = rows
        .map(|row| std::array::from_fn(|i| unguarded(&row[i].to_string()).to_string()))
        .collect();
    assert_eq!(read, expected);
}
