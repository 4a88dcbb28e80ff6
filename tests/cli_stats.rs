//! `reforms stats`: the counts per agency and per scope, as text and JSON, equal to what
//! `reforms list` gives for the same options.

use std::collections::BTreeMap;

use crate::common;

use common::command::{reforms, stdout_of};
use predicates::prelude::*;
use serde_json::Value;

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).unwrap()
}

/// The `(name, count)` pairs of a JSON list of `{"name", "count"}`, in its order.
fn pairs(list: &Value) -> Vec<(String, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_string(),
                t["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// `name -> count` of a JSON list of `{"name", "count"}`.
fn counts(list: &Value) -> BTreeMap<String, u64> {
    pairs(list).into_iter().collect()
}

/// The counts `stats` must give, taken from `list --format json` with the same options.
fn counted_from_list(options: &[&str]) -> (u64, BTreeMap<String, u64>, BTreeMap<String, u64>) {
    let mut args = vec!["list", "--format", "json"];
    args.extend_from_slice(options);
    let list = json_of(&args);
    let list = list.as_array().unwrap();
    let mut agencies = BTreeMap::new();
    let mut scopes = BTreeMap::new();
    for reform in list {
        for agency in reform["agencies"].as_array().unwrap() {
            *agencies
                .entry(agency.as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
        *scopes
            .entry(reform["scope"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    (list.len() as u64, agencies, scopes)
}

#[test]
fn stats_equals_list_for_the_same_options() {
    for options in [
        &[][..],
        &["--query", "金融"],
        &["--query", "sj"],
        &["--agency", "天津海关"],
        &["--agency", "天津海关", "--agency", "市商务局"],
        &["--scope", "京津冀"],
        &["--query", "数据", "--scope", "全市"],
        &["--query", "没有这样的事项xyz"],
    ] {
        let mut args = vec!["stats", "--format", "json"];
        args.extend_from_slice(options);
        let stats = json_of(&args);
        let (total, agencies, scopes) = counted_from_list(options);
        assert_eq!(stats["total"].as_u64().unwrap(), total, "{options:?}");
        assert_eq!(counts(&stats["agencies"]), agencies, "{options:?}");
        assert_eq!(counts(&stats["scopes"]), scopes, "{options:?}");
    }
}

#[test]
fn agencies_come_most_first_ties_in_catalog_order() {
    let stats = json_of(&["stats", "--format", "json"]);
    let listed = pairs(&stats["agencies"]);
    // Over the whole catalog, the order is that of `reforms agencies`.
    let catalog = pairs(&json_of(&["agencies", "--format", "json"]));
    assert_eq!(listed, catalog);
    assert_eq!(stats["total"], 42);
}

#[test]
fn text_is_aligned_by_display_width() {
    let text = stdout_of(&["--lang", "zh", "stats"]);
    assert!(text.starts_with("合计: 42\n"), "{text}");
    assert!(
        text.contains("\n负责单位\n") && text.contains("\n推广范围\n"),
        "{text}"
    );
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(rows.len(), 28 + 2, "{text}");
    let widths: Vec<usize> = rows
        .iter()
        .map(|r| reforms::core::text::str_width(r))
        .collect();
    assert!(widths.iter().all(|&w| w == widths[0]), "{text}");
    assert!(
        rows.iter()
            .any(|r| r.contains("天津海关") && r.ends_with(" 4")),
        "{text}"
    );
    let english = stdout_of(&["--lang", "en", "stats", "--scope", "京津冀"]);
    assert!(english.starts_with("total: 3\n"), "{english}");
    let scopes = english.split("\nScopes\n").nth(1).unwrap();
    assert!(
        scopes.starts_with("  京津冀 ") && scopes.trim_end().ends_with(" 3"),
        "{english}"
    );
}

#[test]
fn unknown_agency_is_an_input_error() {
    reforms()
        .args(["stats", "--agency", "天津海官"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("天津海关"));
}

#[test]
fn help_shows_examples() {
    reforms()
        .args(["stats", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("reforms stats --query 数据"))
        .stdout(predicate::str::contains("--format"));
}
