//! What `reforms list --format tsv` writes, `reforms import` reads back field for field:
//! tabs, line breaks, quotes, a leading `=+-@`, white space at either end, apostrophes.

use crate::common;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use common::command::reforms;
use reforms::core::catalog::{Catalog, Document, Origin, Reform, Text};
use reforms::core::diagnostic::SourceFile;
use reforms::documents::export::{Format, render};
use reforms::documents::import::{parse_table, to_toml};

/// Characters a field may hold, awkward ones often.
fn field(min: usize) -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "数据",
        "跨境",
        "“双首个”",
        "\t",
        "\n",
        "\r\n",
        "\"",
        "'",
        "=",
        "+",
        "-",
        "@",
        " ",
        "\u{3000}",
        "2500 万元",
        "REITs",
        "、",
        "，",
        "|",
        "#",
        "a",
        "序号",
    ]);
    prop::collection::vec(piece, min..8)
        .prop_map(|pieces| pieces.concat())
        .prop_filter("a field holds something", |s| !s.trim().is_empty())
}

/// An agency name: no white space or separator, which split agencies in a table.
fn agency() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "市",
        "商务局",
        "天津",
        "海关",
        "=",
        "@",
        "'",
        "+",
        "a",
    ]);
    prop::collection::vec(piece, 1..4).prop_map(|pieces| pieces.concat())
}

fn reforms_strategy() -> impl Strategy<Value = Vec<Reform>> {
    prop::collection::vec(
        (
            field(1),
            field(1),
            field(1),
            prop::collection::btree_set(agency(), 1..4),
        ),
        1..6,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (title, content, scope, agencies))| Reform {
                number: i as u32 + 1,
                title: title.into(),
                content: content.into(),
                scope: scope.into(),
                agencies: agencies.into_iter().map(Text::from).collect(),
                lead: Vec::new(),
                document: None,
            })
            .collect()
    })
}

#[test]
fn random_fields_survive_tsv_and_import() {
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&reforms_strategy(), |reforms| {
            let chosen: Vec<&Reform> = reforms.iter().collect();
            let tsv = render(Format::Tsv, &chosen, None);
            let table = parse_table(&SourceFile::new("t.tsv", &tsv))
                .map_err(|e| TestCaseError::fail(format!("{}\n{tsv:?}", e.render())))?;
            prop_assert_eq!(&table.reforms, &reforms, "{:?}", tsv);
            // And the dataset the importer writes loads as `check` loads it.
            let document = Document {
                title: "t".into(),
                source: None,
                ..Document::default()
            };
            let toml = to_toml(&document, &table.reforms);
            let catalog = Catalog::parse(&SourceFile::new("t.toml", &toml), Origin::Embedded)
                .map_err(|e| TestCaseError::fail(e.render()))?;
            prop_assert_eq!(catalog.reforms, reforms);
            Ok(())
        })
        .unwrap();
}

/// The embedded batch through the real binary and a pipe: `list --format tsv | import -`.
#[test]
fn the_embedded_batch_goes_round_through_a_pipe() {
    let tsv = reforms()
        .args(["list", "--format", "tsv"])
        .output()
        .unwrap();
    assert!(tsv.status.success());
    let imported = reforms()
        .args(["import", "-"])
        .write_stdin(tsv.stdout)
        .output()
        .unwrap();
    assert!(imported.status.success(), "{imported:?}");
    let text = String::from_utf8(imported.stdout).unwrap();
    let back = Catalog::parse(&SourceFile::new("back.toml", &text), Origin::Embedded).unwrap();
    assert_eq!(back.reforms, Catalog::embedded().unwrap().reforms);
    let notes = String::from_utf8_lossy(&imported.stderr);
    assert!(
        notes.contains("standard input: imported 42 reforms"),
        "{notes}"
    );
}

/// A table whose dataset `check` would refuse is refused by `import`, and nothing is
/// written.
#[test]
fn import_writes_nothing_check_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("t.tsv");
    std::fs::write(
        &table,
        "序号\t改革事项\t主要内容\t推广范围\t负责单位\n1\t甲\t乙\t全市\t、\n",
    )
    .unwrap();
    let out = dir.path().join("out.toml");
    let run = reforms()
        .arg("import")
        .arg(&table)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(String::from_utf8_lossy(&run.stderr).contains("t.tsv:2:"));
    assert!(!out.exists());
}
