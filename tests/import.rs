//! `reforms import` on the documents officials receive, through the real binary: the batch
//! as LibreOffice, Excel and web pages write it imports to the embedded dataset field for
//! field; awkward documents (merged headers, 牵头单位 and 配合单位, paragraphs in a cell,
//! agencies on lines, a table before the reform table, an empty last row, a BOM) import as a
//! person reads them; a file that cannot make a valid dataset exits 2 and writes nothing.

use crate::common;

use std::path::{Path, PathBuf};

use common::command::reforms;
use predicates::prelude::*;
use reforms::Catalog;

const FIXTURES: &str = "tests/fixtures/read";

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// Imports `name` with `args` into a dataset file; the catalog it loads to and the notes.
fn import(name: &str, args: &[&str]) -> (Catalog, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.toml");
    let run = reforms()
        .arg("import")
        .arg(fixture(name))
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let notes = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    let catalog = Catalog::from_file(&out).unwrap_or_else(|e| panic!("{name}: {}", e.render()));
    (catalog, notes)
}

#[test]
fn the_batch_in_every_format_imports_to_the_embedded_dataset() {
    let embedded = Catalog::embedded().unwrap();
    for (name, format) in [
        ("batch8.html", "web page"),
        ("batch8.docx", "Word document (.docx)"),
        ("batch8.xlsx", "Excel workbook (.xlsx)"),
        ("batch8.xls", "Excel 97-2003 workbook (.xls)"),
        ("batch8.ods", "OpenDocument spreadsheet"),
        ("batch8.csv", "comma-separated"),
        ("batch8-gbk.csv", "comma-separated"),
        ("batch8-bom.csv", "comma-separated"),
        ("batch8-clipboard.tsv", "tab-separated"),
    ] {
        let (catalog, notes) = import(name, &[]);
        assert_eq!(catalog.reforms.len(), 42, "{name}");
        for (got, want) in catalog.reforms.iter().zip(&embedded.reforms) {
            assert_eq!(got, want, "{name}: reform {}", want.number);
        }
        assert!(
            notes
                .contains("imported 42 reforms, 28 agencies, lead agencies: no, from table 1 of 1"),
            "{name}: {notes}"
        );
        assert!(notes.contains(format), "{name}: {notes}");
        assert_eq!(
            catalog.document.source.as_deref(),
            Some(name),
            "{name}: the source is the file's name"
        );
    }
}

#[test]
fn the_title_comes_from_the_heading_else_the_file_name_else_the_command_line() {
    for name in ["batch8.html", "batch8.docx", "batch8.xlsx", "batch8.csv"] {
        let (catalog, _) = import(name, &[]);
        assert_eq!(
            catalog.document.title, "天津自贸试验区第八批复制推广改革试点经验",
            "{name}"
        );
    }
    // A CSV without a title line is named after its file.
    assert_eq!(import("batch8-bom.csv", &[]).0.document.title, "batch8-bom");
    let (catalog, notes) = import("batch8.docx", &["--title", "第八批"]);
    assert_eq!(catalog.document.title, "第八批");
    assert!(notes.contains("title 《第八批》"), "{notes}");
}

#[test]
fn standard_input_is_read_by_its_content() {
    let embedded = Catalog::embedded().unwrap();
    for name in ["batch8.docx", "batch8.xlsx", "batch8-gbk.csv"] {
        let run = reforms()
            .args(["import", "-"])
            .pipe_stdin(fixture(name))
            .unwrap()
            .assert()
            .success();
        let output = run.get_output();
        let text = String::from_utf8(output.stdout.clone()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("stdin.toml");
        std::fs::write(&file, text).unwrap();
        let catalog = Catalog::from_file(&file).unwrap();
        assert_eq!(catalog.reforms, embedded.reforms, "{name}");
        let notes = String::from_utf8_lossy(&output.stderr);
        assert!(
            notes.contains("standard input: imported 42 reforms"),
            "{notes}"
        );
    }
}

#[test]
fn a_word_notice_with_merged_headers_and_lead_agencies() {
    let (catalog, notes) = import("merged.docx", &[]);
    // The contacts table comes first; the reform table is the second.
    assert!(
        notes.contains("imported 4 reforms, 7 agencies, lead agencies: yes, from table 2 of 2"),
        "{notes}"
    );
    let d = &catalog.document;
    assert_eq!(d.title, "天津自贸试验区第九批改革试点经验（样例）");
    assert_eq!(d.number.as_deref(), Some("津自贸发〔2025〕3号"));
    assert_eq!(d.date.as_deref(), Some("2025年3月1日"));
    assert_eq!(
        d.issuer.as_deref(),
        Some("中国（天津）自由贸易试验区推进工作领导小组办公室")
    );
    let first = &catalog.reforms[0];
    assert_eq!(first.title, "数据跨境政策“双首个”制度创新");
    // Paragraphs of the cell survive as line breaks; the empty one between them does not.
    assert_eq!(
        first.content,
        "第一段：出台标准规范。\n第二段：落实管理清单，\n形成负面清单。"
    );
    // Agencies on two lines of the 牵头单位 cell, then the 配合单位.
    assert_eq!(first.agencies, ["市委网信办", "市数据局", "市商务局"]);
    assert_eq!(first.lead, ["市委网信办", "市数据局"]);
    // A tracked deletion is gone, the insertion kept; a hyperlink's text kept.
    assert_eq!(catalog.reforms[1].title, "国际保理集成创新模式");
    assert_eq!(
        catalog.reforms[1].content,
        "依托保理服务平台创新国际保理业务。"
    );
    // 推广范围 merged down three reforms.
    let scopes: Vec<&str> = catalog.reforms.iter().map(|r| r.scope.as_str()).collect();
    assert_eq!(scopes, ["全市", "全市", "全市", "京津冀"]);
    // The empty last row is no reform.
    assert_eq!(catalog.reforms.len(), 4);
}

#[test]
fn workbooks_and_pages_with_merged_headers_keep_the_lead_agencies() {
    for name in ["merged.html", "merged.xlsx", "merged.xls", "merged.ods"] {
        let (catalog, notes) = import(name, &[]);
        assert!(notes.contains("lead agencies: yes"), "{name}: {notes}");
        assert!(
            notes.contains("skipped table 1, row 1") && notes.contains("above the header"),
            "{name}: {notes}"
        );
        let leads: Vec<Vec<&str>> = catalog
            .reforms
            .iter()
            .map(|r| r.lead.iter().map(|l| l.as_str()).collect())
            .collect();
        assert_eq!(
            leads,
            [
                vec!["市委网信办", "市数据局"],
                vec!["人民银行天津市分行"],
                vec!["天津海关"],
                vec!["天津海关"]
            ],
            "{name}"
        );
        assert_eq!(
            catalog.reforms[2].agencies,
            ["天津海关", "市商务局", "市交通运输委"],
            "{name}"
        );
        assert_eq!(
            catalog.reforms[0].content, "第一段：出台标准规范。\n第二段：落实管理清单。",
            "{name}"
        );
        assert_eq!(
            catalog.document.title,
            "天津自贸试验区第九批改革试点经验（样例）"
        );
    }
}

#[test]
fn a_csv_typed_by_hand_with_a_bom_and_an_empty_last_row() {
    let (catalog, notes) = import("awkward.csv", &[]);
    assert!(notes.contains("imported 2 reforms"), "{notes}");
    assert_eq!(
        catalog.reforms[0].content,
        "第一段：出台标准规范。\n第二段：落实“负面清单”，\"一单尽列\"。"
    );
    assert_eq!(catalog.reforms[0].agencies, ["市委网信办", "市数据局"]);
    assert_eq!(
        catalog.reforms[1].agencies,
        ["人民银行天津市分行", "市委金融办"]
    );
    assert_eq!(
        catalog.document.title,
        "天津自贸试验区第九批改革试点经验（样例）"
    );
}

#[test]
fn a_government_page_with_a_navigation_table_first() {
    let (catalog, notes) = import("gov-page-gb2312.html", &[]);
    assert!(notes.contains("from table 2 of 2"), "{notes}");
    assert!(
        notes.contains("文号 津自贸发〔2025〕3号, date 2025年3月1日"),
        "{notes}"
    );
    let embedded = Catalog::embedded().unwrap();
    assert_eq!(catalog.reforms[..], embedded.reforms[..3]);
}

#[test]
fn list_lead_filters_the_items_an_agency_leads() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("ninth.toml");
    reforms()
        .arg("import")
        .arg(fixture("merged.docx"))
        .arg("-o")
        .arg(&data)
        .assert()
        .success();
    let list = |args: &[&str]| {
        reforms()
            .arg("--data")
            .arg(&data)
            .arg("list")
            .args(args)
            .args(["--format", "json"])
            .assert()
    };
    let numbers = |out: &[u8]| -> Vec<u64> {
        let value: serde_json::Value = serde_json::from_slice(out).unwrap();
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_u64().unwrap())
            .collect()
    };
    let any = list(&["--agency", "市商务局"]).success();
    assert_eq!(numbers(&any.get_output().stdout), [1, 3]);
    let led = list(&["--lead", "天津海关"]).success();
    assert_eq!(numbers(&led.get_output().stdout), [3, 4]);
    // 市商务局 only co-operates: as a lead agency it is unknown, with the known ones named.
    list(&["--lead", "市商务局"])
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "unknown lead agency (牵头单位) \"市商务局\"",
        ))
        .stderr(predicate::str::contains("天津海关"));
    // --lead and --agency are two ways of naming the agencies, not to be mixed.
    list(&["--lead", "天津海关", "--agency", "市商务局"]).code(2);
    // The JSON names the lead agencies with the dataset's field name.
    let out = reforms()
        .arg("--data")
        .arg(&data)
        .args(["list", "--lead", "天津海关", "--format", "json"])
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(value[0]["lead"], serde_json::json!(["天津海关"]));
}

#[test]
fn the_embedded_batch_names_no_lead_agencies() {
    reforms()
        .args(["list", "--lead", "天津海关"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("names no lead agencies"));
}

#[test]
fn legacy_and_unreadable_files_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.toml");
    for (name, message) in [
        ("legacy.doc", "soffice --headless --convert-to docx"),
        (
            "no-header.csv",
            "no table has a header naming the reform fields",
        ),
        ("truncated.docx", "a damaged Word document"),
        // The Word parser panics on it; the panic prints nothing.
        ("bad-width.docx", "the Word parser stopped"),
        ("empty.csv", "the file is empty"),
    ] {
        reforms()
            .arg("import")
            .arg(fixture(name))
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(message))
            .stderr(predicate::str::contains("panicked").not());
        assert!(!out.exists(), "{name}");
    }
}

#[test]
fn cells_that_make_no_valid_reform_are_placed_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("bad.csv");
    std::fs::write(
        &table,
        "序号,改革事项,主要内容,推广范围,负责单位\n1,甲,内容,全市,市商务局\n1,乙,,全市,市财政局\n三,丙,内容,全市,\n",
    )
    .unwrap();
    let out = dir.path().join("out.toml");
    reforms()
        .arg("import")
        .arg(&table)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "table 1, row 3, column 1 (line 3, column 1): duplicate 序号 1 (first used on row 2)",
        ))
        .stderr(predicate::str::contains(
            "table 1, row 3, column 3 (line 3, column 5): empty 主要内容",
        ))
        .stderr(predicate::str::contains(
            "table 1, row 4, column 1 (line 4, column 1): 序号 \"三\" is not a positive whole number",
        ));
    assert!(!out.exists());
}

#[test]
fn extra_columns_headings_and_repeated_headers_are_listed_as_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("notes.csv");
    std::fs::write(
        &table,
        "序号,改革事项,主要内容,推广范围,负责单位,备注\n\
         一、投资便利化,一、投资便利化,一、投资便利化,一、投资便利化,一、投资便利化,\n\
         1,甲,内容,全市,市商务局,已推广\n\
         序号,改革事项,主要内容,推广范围,负责单位,备注\n\
         2,乙,内容,全市,市财政局,\n",
    )
    .unwrap();
    let (notes, toml) = {
        let run = reforms().arg("import").arg(&table).assert().success();
        let output = run.get_output();
        (
            String::from_utf8_lossy(&output.stderr).into_owned(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    assert!(
        notes.contains("skipped table 1, column 6: not a reform field (备注), not imported"),
        "{notes}"
    );
    assert!(
        notes.contains(
            "skipped table 1, row 2 (line 2): a heading or note, not a reform: 一、投资便利化"
        ),
        "{notes}"
    );
    assert!(
        notes.contains("skipped table 1, row 4 (line 4): a repeated header row"),
        "{notes}"
    );
    assert!(notes.contains("imported 2 reforms"), "{notes}");
    assert!(!toml.contains("已推广"), "{toml}");
}
