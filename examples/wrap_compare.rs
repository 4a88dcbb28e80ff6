//! Counts broken line-breaking rules over the 42 titles and contents at widths 10 to 100:
//! `reforms::core::text::wrap` against ratatui's own `Paragraph::wrap` and against a greedy fill
//! over plain UAX #14 break opportunities (`unicode-linebreak`), the usual base for this.
//!
//! cargo run --example wrap_compare

#[path = "../tests/common/clreq.rs"]
#[allow(dead_code)]
mod clreq;

use reforms::Catalog;

fn main() {
    let catalog = Catalog::embedded().expect("the embedded dataset loads");
    let paragraphs: Vec<&str> = catalog
        .reforms
        .iter()
        .flat_map(|r| [r.title.as_str(), r.content.as_str()])
        .collect();
    let ours = clreq::tally(&paragraphs, 10..=100, reforms::core::text::wrap);
    let theirs = clreq::tally(&paragraphs, 10..=100, |p, w| {
        clreq::ratatui_rows(p, w as u16)
    });
    let uax14 = clreq::tally(&paragraphs, 10..=100, uax14_greedy);
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
        ("reforms::core::text::wrap", ours),
        ("ratatui Paragraph::wrap", theirs),
        ("UAX #14, greedy", uax14),
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

/// Greedy fill over the break opportunities of `unicode-linebreak`, splitting a segment wider
/// than the line at the width; spaces at a break dropped.
fn uax14_greedy(text: &str, width: usize) -> Vec<String> {
    use reforms::core::text::{char_width, str_width};
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut start = 0;
    for (end, _) in unicode_linebreak::linebreaks(text) {
        let segment = &text[start..end];
        start = end;
        if str_width(&line) + str_width(segment.trim_end()) > width && !line.is_empty() {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        for c in segment.chars() {
            if str_width(&line) + char_width(c) > width && c != ' ' {
                lines.push(line.trim_end().to_string());
                line.clear();
            }
            line.push(c);
        }
    }
    lines.push(line.trim_end().to_string());
    lines
}
