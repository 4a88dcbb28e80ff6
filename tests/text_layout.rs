//! The layout rules of `reforms::core::text`, checked on hard cases, on random mixes of Chinese,
//! punctuation, Latin words and numbers, and on the whole dataset.

use crate::common;

use common::clreq::{Rule, broken_rules, glued_width, locate, rule_at, word_width};
use proptest::prelude::*;
use reforms::Catalog;
use reforms::core::text::{
    char_width, fit, fit_styled, str_width, truncate, truncate_styled, wrap, wrap_styled,
};

fn lines(s: &str, width: usize) -> Vec<String> {
    wrap(s, width)
}

#[test]
fn comma_at_the_edge() {
    // The comma fits exactly: it stays.
    assert_eq!(lines("一二三，四五", 8), ["一二三，", "四五"]);
    // The comma would start the next line: the character before it goes down with it.
    assert_eq!(lines("一二三四，五六", 8), ["一二三", "四，五六"]);
}

#[test]
fn opening_bracket_before_the_edge() {
    assert_eq!(lines("一二三（四）", 8), ["一二三", "（四）"]);
    assert_eq!(lines("一二“三四”", 6), ["一二", "“三四”"]);
}

#[test]
fn dashes_and_ellipses_stay_whole() {
    // — and … take one cell each.
    assert_eq!(lines("一二三——四", 7), ["一二三", "——四"]);
    assert_eq!(lines("一二……三", 5), ["一二", "……三"]);
}

#[test]
fn latin_words_and_numbers_stay_whole() {
    assert_eq!(lines("大飞机C909首航", 8), ["大飞机", "C909首航"]);
    assert_eq!(lines("试点REITs产品", 7), ["试点", "REITs产", "品"]);
    assert_eq!(lines("增幅超50%以上", 8), ["增幅超", "50%以上"]);
    assert_eq!(lines("超6成", 3), ["超", "6成"]);
    // A space is a break opportunity, also between a number and its unit.
    assert_eq!(lines("融资额 2500 万元", 12), ["融资额 2500", "万元"]);
    // Longer than the line: broken at the width.
    assert_eq!(lines("Alipay+", 4), ["Alip", "ay+"]);
}

#[test]
fn interpunct_never_starts_a_line() {
    assert_eq!(lines("一二三·四", 6), ["一二", "三·四"]);
}

#[test]
fn narrow_widths_keep_everything_and_fit() {
    assert_eq!(lines("中文，C909", 1), ["…", "…", "…", "C", "9", "0", "9"]);
    assert_eq!(lines("中文，C909", 2), ["中", "文", "，", "C9", "09"]);
    assert_eq!(lines("中文，C909", 3), ["中", "文", "，", "C90", "9"]);
    assert_eq!(lines("中文，C909", 4), ["中", "文，", "C909"]);
    assert_eq!(lines("（中）", 2), ["（", "中", "）"]);
}

#[test]
fn empty_and_hard_breaks() {
    assert_eq!(lines("", 10), [""]);
    assert!(lines("中文", 0).is_empty());
    assert_eq!(lines("一\n\n二", 10), ["一", "", "二"]);
    assert_eq!(lines("  缩进", 10), ["  缩进"]);
    assert_eq!(lines("abc   def", 4), ["abc", "def"]);
}

#[test]
fn styled_spans_cross_breaks() {
    let spans = [("数据跨境", 0), ("安全评估", 1), ("，规范", 0)];
    let expected: Vec<Vec<(String, i32)>> = vec![
        vec![("数据跨".into(), 0)],
        vec![("境".into(), 0), ("安全".into(), 1)],
        vec![("评估".into(), 1), ("，".into(), 0)],
        vec![("规范".into(), 0)],
    ];
    assert_eq!(wrap_styled(&spans, 6), expected);
    // Same styles side by side merge.
    assert_eq!(
        wrap_styled(&[("数据", 0), ("跨境", 0)], 20),
        vec![vec![("数据跨境".to_string(), 0)]]
    );
}

#[test]
fn truncation_never_halves_a_character() {
    assert_eq!(truncate("数据跨境", 5), "数据…");
    assert_eq!(truncate("数据跨境", 4), "数…");
    assert_eq!(fit("数据跨境", 4), "数… ");
    assert_eq!(truncate("数据", 4), "数据");
    assert_eq!(truncate("ab数据", 4), "ab…");
    assert_eq!(fit("ab", 4), "ab  ");
    assert_eq!(fit("", 3), "   ");
    assert_eq!(truncate("数据", 1), "…");
    assert_eq!(truncate("数据", 0), "");
    assert_eq!(truncate("一行\n两行", 20), "一行 两行");
    assert_eq!(
        truncate_styled(&[("数据", 0), ("跨境", 1)], 5),
        vec![("数据".to_string(), 0), ("…".to_string(), 1)]
    );
    assert_eq!(
        fit_styled(&[("数据", 0), ("跨境", 1)], 6, 2),
        vec![
            ("数据".to_string(), 0),
            ("…".to_string(), 1),
            (" ".to_string(), 2)
        ]
    );
}

#[test]
fn the_dataset_breaks_no_rule_at_any_width() {
    let catalog = Catalog::embedded().unwrap();
    let paragraphs: Vec<&str> = catalog
        .reforms
        .iter()
        .flat_map(|r| [r.title.as_str(), r.content.as_str()])
        .collect();
    let ours = common::clreq::tally(&paragraphs, 10..=100, wrap);
    let theirs = common::clreq::tally(&paragraphs, 10..=100, |p, w| {
        common::clreq::ratatui_rows(p, w as u16)
    });
    println!("42 titles + 42 contents at widths 10..=100");
    println!("reforms::core::text::wrap:  {ours:?}");
    println!("ratatui Paragraph::wrap: {theirs:?}");
    assert_eq!(ours.broken_rules, 0);
    assert_eq!(ours.too_wide, 0);
    assert_eq!(ours.lost_text, 0);
}

/// Random text of Han characters, the punctuation the rules are about, Latin words,
/// numbers with and without units, and spaces.
fn mixed_text() -> impl Strategy<Value = Vec<String>> {
    let token = prop_oneof![
        4 => prop::sample::select("数据跨境安全评估中国天津自贸区万元年成".chars().collect::<Vec<_>>())
            .prop_map(String::from),
        3 => prop::sample::select("、，。：；！？”’」』）］｝〕】〗》〉·“‘「『（［｛〔【〖《〈".chars().collect::<Vec<_>>())
            .prop_map(String::from),
        1 => prop::sample::select(vec!["——", "……", "—", "…"]).prop_map(String::from),
        2 => prop::sample::select(vec!["REITs", "C909", "Alipay+", "LNG", "FTE", "a"]).prop_map(String::from),
        2 => "[0-9]{1,6}%?",
        2 => Just(" ".to_string()),
    ];
    prop::collection::vec(token, 0..80)
}

/// The input as the layout must give it back: characters wider than the line become `…`.
fn shown(s: &str, width: usize) -> Vec<char> {
    s.chars()
        .map(|c| if char_width(c) > width { '…' } else { c })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn wrapped_lines_fit_keep_everything_and_follow_the_rules(
        tokens in mixed_text(),
        width in 1usize..=120,
    ) {
        let text = tokens.concat();
        let out = wrap(&text, width);
        prop_assert!(!out.is_empty());
        for line in &out {
            prop_assert!(str_width(line) <= width, "{line:?} wider than {width}");
            prop_assert!(!line.ends_with(' '), "{line:?} ends with a space");
        }
        let source = shown(&text, width);
        let breaks = locate(&source, &out).map_err(TestCaseError::fail)?;
        for (at, rule) in broken_rules(&source, &breaks) {
            prop_assert!(
                glued_width(&source, at) > width,
                "{rule:?} broken at char {at} though its run fits: {out:?}"
            );
            if rule == Rule::Word {
                prop_assert!(word_width(&source, at) > width, "word split at {at}: {out:?}");
            }
        }
        // Greedy: a line is short only when the next character would not fit, or a rule
        // keeps it with what follows.
        for (k, b) in breaks.iter().enumerate().skip(1).map(|(k, b)| (k - 1, b)) {
            if b.spaced {
                continue;
            }
            let c = source[b.at];
            if str_width(&out[k]) + char_width(c) > width {
                continue;
            }
            let mut after = b.at + 1;
            while source.get(after) == Some(&' ') {
                after += 1;
            }
            let held = source
                .get(after)
                .is_some_and(|&d| rule_at(c, d, after > b.at + 1).is_some());
            prop_assert!(
                held || glued_width(&source, b.at) > width,
                "line {k} could have taken {c:?}: {out:?}"
            );
        }
    }

    #[test]
    fn styles_stay_on_their_characters(
        tokens in mixed_text(),
        styles in prop::collection::vec(0u8..3, 80),
        width in 1usize..=60,
    ) {
        let spans: Vec<(&str, u8)> = tokens.iter().zip(&styles).map(|(t, &s)| (t.as_str(), s)).collect();
        let text = tokens.concat();
        let styled = wrap_styled(&spans, width);
        let plain: Vec<String> = styled.iter().map(|l| l.iter().map(|(t, _)| t.as_str()).collect()).collect();
        prop_assert_eq!(&plain, &wrap(&text, width));
        let source_styles: Vec<u8> = spans.iter().flat_map(|(t, s)| t.chars().map(move |_| *s)).collect();
        let source = shown(&text, width);
        let breaks = locate(&source, &plain).map_err(TestCaseError::fail)?;
        let starts = breaks.iter().map(|b| b.at);
        for (line, start) in styled.iter().zip(starts) {
            for pair in line.windows(2) {
                prop_assert_ne!(pair[0].1, pair[1].1, "unmerged pieces");
            }
            let line_styles: Vec<u8> = line.iter().flat_map(|(t, s)| t.chars().map(move |_| *s)).collect();
            prop_assert_eq!(&line_styles[..], &source_styles[start..start + line_styles.len()]);
        }
    }

    #[test]
    fn truncation_fits_and_marks_cuts(tokens in mixed_text(), width in 0usize..=120) {
        let text = tokens.concat();
        let cut = truncate(&text, width);
        prop_assert!(str_width(&cut) <= width);
        prop_assert_eq!(str_width(&fit(&text, width)), width);
        if str_width(&text) <= width {
            prop_assert_eq!(&cut, &text);
        } else if width > 0 {
            let kept = cut.strip_suffix('…').expect("a cut is marked");
            prop_assert!(text.starts_with(kept));
            let next = text[kept.len()..].chars().next().expect("something was cut");
            prop_assert!(str_width(kept) + char_width(next) > width - 1, "{cut:?} could hold more");
        }
    }
}

proptest! {
    /// Any text at all, control and zero-width characters, emoji and combining marks
    /// included: no panic, and every line and cut fits.
    #[test]
    fn any_text_fits_without_panicking(text in any::<String>(), width in 0usize..=40) {
        for line in wrap(&text, width) {
            prop_assert!(str_width(&line) <= width);
            prop_assert!(!line.contains(|c: char| c.is_control()));
        }
        prop_assert!(str_width(&truncate(&text, width)) <= width);
        prop_assert_eq!(str_width(&fit(&text, width)), width);
        let spans = [(text.as_str(), 0u8), ("\t中文，“C909”", 1)];
        for line in wrap_styled(&spans, width) {
            prop_assert!(line.iter().map(|(t, _)| str_width(t)).sum::<usize>() <= width);
        }
    }
}
