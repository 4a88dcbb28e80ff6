//! The library of documents through the real binary: a document imported into it is listed,
//! searched and filtered by document beside the embedded batch, and removed again; several
//! `--data` files read as one library.

use crate::common;

use std::path::Path;

use common::command::reforms;
use predicates::prelude::*;

/// The binary with its data folder (and every other) in `home`.
fn reforms_in(home: &Path) -> assert_cmd::Command {
    let mut cmd = reforms();
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"));
    cmd
}

fn json_of(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    let out = cmd.assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn numbers(value: &serde_json::Value) -> Vec<(u64, String)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["number"].as_u64().unwrap(),
                r["document"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const NINTH: &str = "天津自贸试验区第九批改革试点经验（样例）";
const EIGHTH: &str = "天津自贸试验区第八批复制推广改革试点经验";

#[test]
fn a_document_imported_into_the_library_is_browsed_beside_the_embedded_batch() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    // One command from the attachment to the library.
    reforms_in(home)
        .args([
            "import",
            "tests/fixtures/read/merged.docx",
            "--into-library",
            "--name",
            "第九批",
        ])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("added to the library as 第九批"));
    assert!(home.join("data/reforms/library/第九批.toml").is_file());
    // The same name again is refused, the file kept.
    reforms_in(home)
        .args([
            "import",
            "tests/fixtures/read/merged.xlsx",
            "--into-library",
            "--name",
            "第九批",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "already holds a document named 第九批",
        ));

    let listing = reforms_in(home).arg("library").assert().success();
    let listing = String::from_utf8_lossy(&listing.get_output().stdout).into_owned();
    assert!(
        listing.contains("embedded") && listing.contains(EIGHTH),
        "{listing}"
    );
    assert!(
        listing.contains("第九批") && listing.contains("津自贸发〔2025〕3号"),
        "{listing}"
    );

    // Every command sees both; each reform names its document.
    let all = json_of(reforms_in(home).args(["list", "--format", "json"]));
    let all = numbers(&all);
    assert_eq!(all.len(), 46);
    assert_eq!(all[0], (1, EIGHTH.to_string()));
    assert_eq!(all[42], (1, NINTH.to_string()));
    let ninth =
        json_of(reforms_in(home).args(["list", "--document", "第九批", "--format", "json"]));
    assert_eq!(
        numbers(&ninth).iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    // A document by its title works as well as by its name; several are any of them.
    let both = json_of(reforms_in(home).args([
        "list",
        "-d",
        EIGHTH,
        "-d",
        "第九批",
        "--query",
        "数据跨境",
        "--format",
        "json",
    ]));
    let documents: Vec<String> = numbers(&both).into_iter().map(|(_, d)| d).collect();
    assert!(documents.contains(&EIGHTH.to_string()) && documents.contains(&NINTH.to_string()));
    // Search spans all documents.
    let found = json_of(reforms_in(home).args(["list", "--query", "保理", "--format", "json"]));
    assert!(numbers(&found).iter().any(|(_, d)| d == NINTH));
    // Text and TSV exports name the document.
    let text = reforms_in(home)
        .args(["show", "2", "--document", "第九批", "--format", "text"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains(&format!("文件：{NINTH}")), "{text}");
    let tsv = reforms_in(home)
        .args(["list", "--document", "第九批", "--format", "tsv"])
        .assert()
        .success();
    let tsv = String::from_utf8_lossy(&tsv.get_output().stdout).into_owned();
    assert!(
        tsv.starts_with("序号\t改革事项\t主要内容\t推广范围\t负责单位\t文件\n"),
        "{tsv}"
    );
    // A number two documents share needs --document.
    reforms_in(home)
        .args(["show", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "reform 1 is in several documents: embedded, 第九批; choose one with --document",
        ));
    // Counts per document.
    let stats =
        json_of(reforms_in(home).args(["stats", "--document", "第九批", "--format", "json"]));
    assert_eq!(stats["total"], 4);
    let agencies =
        json_of(reforms_in(home).args(["agencies", "--document", "第九批", "--format", "json"]));
    assert_eq!(agencies.as_array().unwrap().len(), 7);
    reforms_in(home)
        .args(["list", "--document", "第十批"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown document (文件) \"第十批\"",
        ))
        .stderr(predicate::str::contains("第九批"));

    reforms_in(home)
        .args(["library", "remove", "第九批"])
        .assert()
        .success()
        .stderr(predicate::str::contains("removed 第九批"));
    let all = json_of(reforms_in(home).args(["list", "--format", "json"]));
    assert_eq!(numbers(&all).len(), 42);
    assert_eq!(
        numbers(&all)[0].1,
        "天津自贸试验区第八批复制推广改革试点经验",
        "one document: it is named all the same"
    );
    reforms_in(home)
        .args(["library", "remove", "第九批"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds no document named"));
}

#[test]
fn open_asks_which_document_when_two_have_the_number() {
    let home = tempfile::tempdir().unwrap();
    reforms_in(home.path())
        .args([
            "import",
            "tests/fixtures/read/merged.html",
            "--into-library",
            "--name",
            "第九批",
        ])
        .assert()
        .success();
    // Refused before any terminal is needed.
    reforms_in(home.path())
        .args(["open", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("reform 2 is in several documents"));
    reforms_in(home.path())
        .args(["open", "9", "--document", "第九批"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no reform numbered 9"));
}

#[test]
fn without_a_library_the_embedded_batch_is_all_there_is() {
    let home = tempfile::tempdir().unwrap();
    let all = json_of(reforms_in(home.path()).args(["list", "--format", "json"]));
    assert_eq!(numbers(&all).len(), 42);
    let listing = reforms_in(home.path()).arg("library").assert().success();
    let listing = String::from_utf8_lossy(&listing.get_output().stdout).into_owned();
    assert_eq!(listing.lines().count(), 2, "{listing}");
}

#[test]
fn several_data_files_read_as_one_library() {
    let home = tempfile::tempdir().unwrap();
    let ninth = home.path().join("ninth.toml");
    reforms_in(home.path())
        .args(["import", "tests/fixtures/read/merged.ods", "-o"])
        .arg(&ninth)
        .assert()
        .success();
    let all = json_of(
        reforms_in(home.path())
            .arg("--data")
            .arg("data/reforms.toml")
            .arg("--data")
            .arg(&ninth)
            .args([
                "list",
                "--document",
                "ninth",
                "--lead",
                "天津海关",
                "--format",
                "json",
            ]),
    );
    assert_eq!(
        numbers(&all),
        [(3, NINTH.to_string()), (4, NINTH.to_string())]
    );
}
