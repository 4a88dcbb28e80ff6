//! The command line and the browser show the same reforms in the same order for the same
//! selection: random searches, agencies (any or all) and scopes, given to `reforms list`
//! as options and to the browser as its remembered state.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use reforms::Catalog;
use reforms::cli::{self, Cli};
use reforms::core::selection::{AgencyMatch, Selection};
use reforms::tui::app::{App, Options};
use reforms::tui::layout::Pane;

use clap::Parser;

const QUERIES: &[&str] = &[
    "",
    "数据",
    "数据 跨境",
    "sjkj",
    "yh",
    "'融资 !租赁",
    "邮轮 | 飞机",
    "^数据",
    "机制$",
    "金融",
    "hg",
    "!创新",
    "口岸 通关",
];

fn selection(catalog: &Catalog) -> impl Strategy<Value = Selection> + use<> {
    let agencies: Vec<String> = catalog.agencies().iter().map(|a| a.name.clone()).collect();
    let scopes: Vec<String> = catalog.scopes().iter().map(|s| s.name.clone()).collect();
    (
        prop::sample::select(QUERIES),
        prop::sample::subsequence(agencies.clone(), 0..=3),
        any::<bool>(),
        prop::option::of(prop::sample::select(scopes)),
    )
        .prop_map(|(query, agencies, all, scope)| Selection {
            query: query.to_string(),
            agencies,
            agency_match: if all {
                AgencyMatch::All
            } else {
                AgencyMatch::Any
            },
            scope,
            role: Default::default(),
            documents: Vec::new(),
        })
}

/// `reforms list --format tsv` with the selection's options, run in this process.
fn listed(selection: &Selection) -> Vec<u32> {
    let mut args: Vec<String> = ["reforms", "list", "--format", "tsv"]
        .map(String::from)
        .to_vec();
    if !selection.query.is_empty() {
        args.extend(["--query".into(), selection.query.clone()]);
    }
    for agency in &selection.agencies {
        args.extend(["--agency".into(), agency.clone()]);
    }
    if selection.agency_match == AgencyMatch::All && !selection.agencies.is_empty() {
        args.push("--all-agencies".into());
    }
    if let Some(scope) = &selection.scope {
        args.extend(["--scope".into(), scope.clone()]);
    }
    let cli = Cli::try_parse_from(&args).unwrap();
    let mut out = Vec::new();
    cli::run(
        &cli,
        cli.command.as_ref().unwrap(),
        &mut out,
        &mut Vec::new(),
    )
    .unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| line.split('\t').next().unwrap().parse().unwrap())
        .collect()
}

/// The browser's list after it is restored to the selection.
fn browsed(catalog: &Catalog, selection: &Selection) -> Vec<u32> {
    let mut app = App::new(catalog.clone(), Options::default());
    app.restore(selection, &[], Pane::List, None);
    app.view()
        .iter()
        .map(|&i| catalog.reforms[i].number)
        .collect()
}

/// The browser with the filters restored and the query typed a character at a time, as a
/// user types it: the search then narrows what the previous key found.
fn typed(catalog: &Catalog, selection: &Selection) -> Vec<u32> {
    use reforms::tui::action::Action;
    let mut app = App::new(catalog.clone(), Options::default());
    let filters = Selection {
        query: String::new(),
        ..selection.clone()
    };
    app.restore(&filters, &[], Pane::List, None);
    let _ = app.update(Action::StartSearch);
    for c in selection.query.chars() {
        let _ = app.update(Action::Input(c.to_string()));
    }
    let _ = app.update(Action::SubmitSearch);
    app.view()
        .iter()
        .map(|&i| catalog.reforms[i].number)
        .collect()
}

#[test]
fn the_command_line_and_the_browser_agree() {
    let catalog = Catalog::embedded().unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&selection(&catalog), |selection| {
            let listed = listed(&selection);
            prop_assert_eq!(&listed, &browsed(&catalog, &selection), "{:?}", selection);
            prop_assert_eq!(&listed, &typed(&catalog, &selection), "{:?}", selection);
            Ok(())
        })
        .unwrap();
}
