//! `reforms show --width`: the real binary lays reforms out as the detail pane does.

use crate::common;

use common::command::reforms;
use reforms::Catalog;
use reforms::core::text::str_width;
use reforms::detail::{DetailHighlights, detail_lines, plain_text};

fn show(args: &[&str]) -> String {
    let output = reforms().arg("show").args(args).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_line_fits_and_no_line_starts_with_closing_punctuation() {
    let numbers: Vec<String> = (1..=42).map(|n| n.to_string()).collect();
    for width in [12, 20, 33, 40, 57, 80] {
        let mut args: Vec<&str> = numbers.iter().map(String::as_str).collect();
        let width_arg = width.to_string();
        args.extend(["--width", &width_arg]);
        let out = show(&args);
        for line in out.lines() {
            assert!(str_width(line) <= width, "{line:?} wider than {width}");
            let first = line.trim_start().chars().next();
            assert!(
                !first.is_some_and(|c| common::clreq::NO_START.contains(c)),
                "{line:?} starts with closing punctuation at {width}"
            );
            let last = line.chars().last();
            assert!(
                !last.is_some_and(|c| common::clreq::NO_END.contains(c)),
                "{line:?} at {width}"
            );
        }
    }
}

#[test]
fn prints_the_detail_layout_with_blank_lines_between_reforms() {
    let catalog = Catalog::embedded().unwrap();
    let none = DetailHighlights::default();
    let layout = |n: u32| plain_text(&detail_lines(catalog.by_number(n).unwrap(), 36, &none));
    assert_eq!(show(&["7", "--width", "36"]), layout(7));
    assert_eq!(
        show(&["7", "29", "--width", "36"]),
        format!("{}\n{}", layout(7), layout(29))
    );
}

#[test]
fn without_width_a_pipe_gets_the_text_format() {
    let out = show(&["7"]);
    assert!(out.contains("主要内容："));
    // The document's line, a blank line, then the reform's four lines.
    assert!(out.starts_with("来源：《"), "{out}");
    assert!(out.lines().count() <= 7, "not laid out: {out}");
}

#[test]
fn ambiguous_wide_substitutes_and_still_fits() {
    let out = show(&["2", "--width", "30", "--ambiguous-wide"]);
    assert!(out.contains("＂科技－产业－金融＂"), "{out}");
    for line in out.lines() {
        assert!(str_width(line) <= 30, "{line:?}");
    }
}

#[test]
fn width_and_format_do_not_mix() {
    reforms()
        .args(["show", "1", "--width", "40", "--format", "json"])
        .assert()
        .failure()
        .code(2);
}

/// `reforms open N` checks the number before it needs a terminal: an unknown one is an
/// error with status 2, as for `show`; the known one only lacks the terminal here.
#[test]
fn open_with_an_unknown_number_exits_2_like_show() {
    let state = tempfile::tempdir().unwrap();
    let run = |command: &str, number: &str| {
        reforms()
            .env("XDG_STATE_HOME", state.path())
            .args([command, number])
            .output()
            .unwrap()
    };
    let open = run("open", "999");
    let show = run("show", "999");
    assert_eq!(open.status.code(), Some(2), "{open:?}");
    assert_eq!(open.stderr, show.stderr);
    let stderr = String::from_utf8_lossy(&open.stderr);
    assert!(stderr.contains("no reform numbered 999"), "{stderr}");

    let known = run("open", "12");
    assert_eq!(known.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&known.stderr).contains("needs a terminal"));
    assert!(
        !state.path().join("reforms").exists(),
        "nothing saved without a browser"
    );
}
