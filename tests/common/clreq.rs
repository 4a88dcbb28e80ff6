//! The line-breaking rules spelled out a second time, independently of `reforms::core::text`, to
//! check laid-out lines against: ours and ratatui's.

use reforms::core::text::str_width;

/// clreq (GB/T 15834): characters that may not start a line.
pub const NO_START: &str = "、，。：；！？”’」』）］｝〕】〗》〉·";
/// Characters that may not end a line.
pub const NO_END: &str = "“‘「『（［｛〔【〖《〈";

/// A broken rule at a line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A line starts with closing punctuation.
    Start,
    /// A line ends with opening punctuation.
    End,
    /// `——` or `……` split.
    Dash,
    /// A Latin word or number split.
    Word,
    /// A number split from its unit.
    Unit,
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Which rule a break between `a` and `b` breaks; `spaced` when spaces stood between them.
pub fn rule_at(a: char, b: char, spaced: bool) -> Option<Rule> {
    if NO_START.contains(b) {
        Some(Rule::Start)
    } else if NO_END.contains(a) {
        Some(Rule::End)
    } else if spaced {
        None
    } else if a == b && (a == '—' || a == '…') {
        Some(Rule::Dash)
    } else if a.is_ascii_graphic() && b.is_ascii_graphic() {
        Some(Rule::Word)
    } else if a.is_ascii_digit() && (is_han(b) || b == '%') {
        Some(Rule::Unit)
    } else {
        None
    }
}

/// A line break found in the source: the char index where the next line starts, and
/// whether spaces were dropped there.
#[derive(Debug, Clone, Copy)]
pub struct Break {
    pub at: usize,
    pub spaced: bool,
}

/// Finds where each line starts in `source` (one paragraph, no '\n'), allowing only spaces to
/// be dropped between lines and at the ends. The first entry is the first line's start. `Err` names the first line that does not match.
pub fn locate(source: &[char], lines: &[String]) -> Result<Vec<Break>, String> {
    let mut pos = 0;
    let mut breaks = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line: Vec<char> = line.chars().collect();
        let mut spaced = false;
        // Spaces may go at a break, and before a first line they would have filled alone.
        if line.first() != Some(&' ') {
            while source.get(pos) == Some(&' ') {
                pos += 1;
                spaced = true;
            }
        }
        breaks.push(Break { at: pos, spaced });
        if source.get(pos..pos + line.len()) != Some(&line[..]) {
            return Err(format!(
                "line {i} {:?} does not continue the source at char {pos}",
                line.iter().collect::<String>()
            ));
        }
        pos += line.len();
    }
    if source[pos.min(source.len())..].iter().any(|&c| c != ' ') {
        return Err(format!("text lost after char {pos}"));
    }
    Ok(breaks)
}

/// The rules broken at `breaks` in `source`.
pub fn broken_rules(source: &[char], breaks: &[Break]) -> Vec<(usize, Rule)> {
    breaks
        .iter()
        .filter_map(|b| {
            let mut before = b.at;
            while before > 0 && source[before - 1] == ' ' {
                before -= 1;
            }
            let (a, c) = (*source.get(before.checked_sub(1)?)?, *source.get(b.at)?);
            rule_at(a, c, b.spaced).map(|rule| (b.at, rule))
        })
        .collect()
}

/// Cells of the run around the break at `at` that the rules hold together, spaces inside
/// included: a rule may give way only when that run is wider than the line.
pub fn glued_width(source: &[char], at: usize) -> usize {
    let joined = |i: usize| -> bool {
        // Whether the rules join source[..i] and source[i..] (looking across spaces).
        let mut before = i;
        while before > 0 && source[before - 1] == ' ' {
            before -= 1;
        }
        let mut after = i;
        while after < source.len() && source[after] == ' ' {
            after += 1;
        }
        // An indent at the start of the paragraph goes with what follows it.
        (before == 0 && after > 0 && after < source.len())
            || before > 0
                && after < source.len()
                && rule_at(source[before - 1], source[after], after > before).is_some()
    };
    let mut start = at;
    while start > 0 && joined(start) {
        start -= 1;
    }
    let mut end = at + 1;
    while end < source.len() && joined(end) {
        end += 1;
    }
    str_width(
        &source[start..end.min(source.len())]
            .iter()
            .collect::<String>(),
    )
}

/// Cells of the maximal ASCII word around char index `at`.
pub fn word_width(source: &[char], at: usize) -> usize {
    let mut start = at;
    while start > 0 && source[start - 1].is_ascii_graphic() {
        start -= 1;
    }
    let mut end = at;
    while end < source.len() && source[end].is_ascii_graphic() {
        end += 1;
    }
    end - start
}

/// Ratatui's `Paragraph` with `Wrap { trim: true }` rendered at `width`, rows read back from
/// the buffer, trailing blanks trimmed.
pub fn ratatui_rows(text: &str, width: u16) -> Vec<String> {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::{Paragraph, Widget, Wrap};

    let height = (str_width(text) * 2 / width as usize + 8) as u16;
    let area = Rect::new(0, 0, width, height);
    let mut buffer = Buffer::empty(area);
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, &mut buffer);
    let mut rows: Vec<String> = (0..height)
        .map(|y| {
            let mut row = String::new();
            let mut x = 0;
            while x < width {
                let symbol = buffer[(x, y)].symbol();
                row.push_str(symbol);
                x += str_width(symbol).max(1) as u16;
            }
            row.trim_end().to_string()
        })
        .collect();
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    rows
}

/// What a layout did to a set of paragraphs.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub lines: usize,
    pub broken_rules: usize,
    /// Broken rules by kind: start, end, dash, word, unit.
    pub by_rule: [usize; 5],
    pub too_wide: usize,
    /// Layouts (one paragraph at one width) whose lines do not give back the text.
    pub lost_text: usize,
}

/// Tallies the lines `layout` gives for each of `paragraphs` at each of `widths`, counting
/// every broken rule with no allowance.
pub fn tally(
    paragraphs: &[&str],
    widths: std::ops::RangeInclusive<usize>,
    layout: impl Fn(&str, usize) -> Vec<String>,
) -> Tally {
    let mut tally = Tally::default();
    for width in widths {
        for paragraph in paragraphs {
            let source: Vec<char> = paragraph.chars().collect();
            let lines = layout(paragraph, width);
            tally.lines += lines.len();
            tally.too_wide += lines.iter().filter(|l| str_width(l) > width).count();
            match locate(&source, &lines) {
                Ok(breaks) => {
                    for (_, rule) in broken_rules(&source, &breaks) {
                        tally.broken_rules += 1;
                        tally.by_rule[rule as usize] += 1;
                    }
                }
                Err(_) => {
                    tally.lost_text += 1;
                    // Judge the breaks by the characters either side of each.
                    tally.broken_rules += lines
                        .windows(2)
                        .filter(|pair| {
                            let a = pair[0].trim_end().chars().last();
                            let b = pair[1].trim_start().chars().next();
                            let spaced = pair[0].ends_with(' ') || pair[1].starts_with(' ');
                            matches!((a, b), (Some(a), Some(b)) if rule_at(a, b, spaced).is_some())
                        })
                        .count();
                }
            }
        }
    }
    tally
}
