//! Counts broken line-breaking rules over the 42 titles and contents at widths 10 to 100:
//! `reforms::text::wrap` against ratatui's own `Paragraph::wrap`.
//!
//! cargo run --example wrap_compare

#[path = "../tests/common/mod.rs"]
mod common;

use reforms::Catalog;

fn main() {
    let catalog = Catalog::embedded().expect("the embedded dataset loads");
    let paragraphs: Vec<&str> = catalog
        .reforms
        .iter()
        .flat_map(|r| [r.title.as_str(), r.content.as_str()])
        .collect();
    let ours = common::tally(&paragraphs, 10..=100, reforms::text::wrap);
    let theirs = common::tally(&paragraphs, 10..=100, |p, w| {
        common::ratatui_rows(p, w as u16)
    });
    println!(
        "{} paragraphs x widths 10..=100\n{:<26}{:>8}{:>14}{:>10}{:>12}",
        paragraphs.len(),
        "",
        "lines",
        "broken rules",
        "too wide",
        "text lost"
    );
    for (name, t) in [
        ("reforms::text::wrap", ours),
        ("ratatui Paragraph::wrap", theirs),
    ] {
        println!(
            "{name:<26}{:>8}{:>14}{:>10}{:>12}",
            t.lines, t.broken_rules, t.too_wide, t.lost_text
        );
        let [start, end, dash, word, unit] = t.by_rule;
        println!(
            "{:<26}line starts with closing punctuation {start}, ends with opening {end}, \
             ——/…… split {dash}, word split {word}, number split from unit {unit}",
            ""
        );
    }
}
