//! Broken datasets and tables, as officials produce them: every one is refused with exit
//! status 2 and a message naming the file, line and column; never a panic, never a partial
//! load. The corpus is `tests/bad/`; a few cases are made at run time (a 10 MB field, a
//! directory, a missing or unreadable file).

use std::path::Path;

use crate::common;

use common::command::reforms;
use predicates::prelude::*;

/// Every file of `tests/bad/`, with the place and a piece of the message it must get.
const CORPUS: &[(&str, &str, &str)] = &[
    ("syntax.toml", "3:16", "invalid basic string"),
    ("missing-field.toml", "1:1", "missing field `scope`"),
    ("mistyped.toml", "2:10", "expected a whole number"),
    ("wrong-type-title.toml", "3:9", "expected a string"),
    (
        "wrong-type-agencies.toml",
        "6:12",
        "expected an array of strings",
    ),
    ("wrong-type-agency-item.toml", "6:21", "expected a string"),
    ("reform-not-array.toml", "1:1", "[[reform]]"),
    ("unknown-key.toml", "7:1", "unknown field `unknown`"),
    ("empty-title.toml", "6:9", "empty title"),
    ("empty-agencies.toml", "6:12", "empty agency list"),
    ("duplicate-number.toml", "9:10", "duplicate reform number 7"),
    ("duplicate-agency.toml", "6:29", "天津海关 is listed twice"),
    ("no-reform.toml", "1:1", "holds no reform"),
    ("empty.toml", "1:1", "empty"),
    ("not-utf8.toml", "3:11", "not UTF-8"),
    ("bom-crlf-empty-content.toml", "4:11", "empty content"),
    (
        "crlf-duplicate-number.toml",
        "9:10",
        "duplicate reform number 1",
    ),
    ("four-columns.tsv", "1:10", "found 4"),
    ("six-columns.tsv", "1:15", "found 6"),
    ("line-break-in-cell.tsv", "2:8", "line break inside a cell"),
    ("no-rows.tsv", "1:1", "holds no reform"),
    ("not-utf8.tsv", "2:6", "not UTF-8"),
    (
        "bom-crlf-empty-agencies.tsv",
        "2:11",
        "empty 负责单位 column",
    ),
];

/// How each kind of file is loaded: datasets with `--data` (as the browser and `list`
/// load them) and `check`, tables with `import`.
fn assert_refused(path: &Path, place: &str, message: &str) {
    let name = path.display().to_string();
    let located = format!("{name}:{place}:");
    let runs: Vec<Vec<String>> = if name.ends_with(".tsv") {
        vec![vec!["import".into(), name.clone()]]
    } else {
        vec![
            vec!["check".into(), name.clone()],
            vec!["--data".into(), name.clone(), "list".into()],
        ]
    };
    for args in runs {
        reforms()
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with(format!("error: {located}")))
            .stderr(predicate::str::contains(message))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn every_file_of_the_corpus_is_refused_at_its_place() {
    for (file, place, message) in CORPUS {
        assert_refused(&Path::new("tests/bad").join(file), place, message);
    }
}

#[test]
fn the_corpus_table_covers_every_file() {
    let mut files: Vec<String> = std::fs::read_dir("tests/bad")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut listed: Vec<String> = CORPUS.iter().map(|(f, _, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed);
}

const ONE_REFORM: &str = "[[reform]]\nnumber = 1\ntitle = \"甲\"\ncontent = \"CONTENT\"\nscope = \"全市\"\nagencies = [\"市商务局\"]\n";

#[test]
fn a_ten_megabyte_field_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "数".repeat(10 * 1024 * 1024 / 3 + 1);
    let dataset = dir.path().join("huge.toml");
    std::fs::write(&dataset, ONE_REFORM.replace("CONTENT", &huge)).unwrap();
    assert_refused(&dataset, "4:11", "a field holds at most");
    let table = dir.path().join("huge.tsv");
    std::fs::write(&table, format!("1\t甲\t{huge}\t全市\t市商务局\n")).unwrap();
    assert_refused(&table, "1:5", "a field holds at most");
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_fine() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("windows.toml");
    let text = format!(
        "\u{feff}{}",
        ONE_REFORM.replace("CONTENT", "内容").replace('\n', "\r\n")
    );
    std::fs::write(&dataset, text).unwrap();
    reforms()
        .arg("--data")
        .arg(&dataset)
        .args(["list", "--format", "tsv"])
        .assert()
        .success()
        .stdout("序号\t改革事项\t主要内容\t推广范围\t负责单位\n1\t甲\t内容\t全市\t市商务局\n");
}

#[test]
fn a_directory_a_missing_file_and_an_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    for args in [vec!["check"], vec!["import"], vec!["list", "--data"]] {
        reforms()
            .args(&args)
            .arg(dir.path())
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("is a directory"));
        reforms()
            .args(&args)
            .arg(dir.path().join("missing.toml"))
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("missing.toml: no such file"));
    }

    let locked = dir.path().join("locked.toml");
    std::fs::write(&locked, ONE_REFORM.replace("CONTENT", "内容")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    // The superuser reads any file; elsewhere the file is refused.
    if std::fs::read(&locked).is_err() {
        reforms()
            .args(["check"])
            .arg(&locked)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("permission denied"));
    }
}
