//! `reforms list --query` run as a real binary over the embedded dataset.

use crate::common;

use common::command::reforms;

fn list(args: &[&str]) -> String {
    let output = reforms().arg("list").args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The reform numbers of a TSV listing, in its order.
fn numbers(args: &[&str]) -> Vec<u32> {
    let mut args = args.to_vec();
    args.extend(["--format", "tsv"]);
    list(&args)
        .lines()
        .skip(1)
        .map(|line| line.split('\t').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn query_ranks_title_hits_first() {
    assert_eq!(numbers(&["--query", "数据跨境"])[0], 1);
    assert_eq!(numbers(&["-q", "sjkj"])[0], 1);
    assert_eq!(numbers(&["-q", "youlun"])[0], 20);
}

#[test]
fn operators_on_the_command_line() {
    let either = numbers(&["-q", "邮轮 | 飞机"]);
    assert!(either.contains(&20) && either.contains(&39), "{either:?}");
    let text = list(&["-q", "'融资 !租赁"]);
    assert!(!text.is_empty());
    assert!(!text.contains("租赁"));
    assert_eq!(numbers(&["-q", "^国产飞机"]), vec![39]);
}

#[test]
fn filters_narrow_before_the_query() {
    // Every reform of 人民银行天津市分行 matches `yh` by the agency's pinyin (行 read háng).
    let bank = numbers(&["--agency", "人民银行天津市分行"]);
    assert_eq!(bank.len(), 9);
    let mut by_query = numbers(&["--agency", "人民银行天津市分行", "-q", "yh"]);
    by_query.sort_unstable();
    assert_eq!(by_query, bank);
    let customs = numbers(&["-a", "天津海关", "-q", "邮轮 | 飞机"]);
    assert!(
        customs.iter().all(|n| [19, 20, 35, 39].contains(n)),
        "{customs:?}"
    );
    for n in numbers(&["--scope", "京津冀", "-q", "d"]) {
        assert!(numbers(&["--scope", "京津冀"]).contains(&n));
    }
}

#[test]
fn formats_and_edge_cases() {
    let json: serde_json::Value =
        serde_json::from_str(&list(&["-q", "国际邮轮", "--format", "json"])).unwrap();
    assert_eq!(json[0]["number"], 20);
    // After the line naming the document.
    let markdown = list(&["-q", "国际邮轮", "--format", "markdown"]);
    assert!(
        markdown.split("\n\n").nth(1).unwrap().starts_with("## 20."),
        "{markdown}"
    );
    let text = list(&["-q", "国际邮轮"]);
    assert!(
        text.split("\n\n").nth(1).unwrap().starts_with("20. "),
        "{text}"
    );
    assert_eq!(numbers(&["-q", ""]), (1..=42).collect::<Vec<_>>());
    for malformed in ["!", "'", "^", "$", "|", "! ' ^ $ |"] {
        list(&["-q", malformed]);
    }
    assert_eq!(numbers(&["-q", "不存在的词语xyz"]), Vec::<u32>::new());
}
