//! Text in terminal cells: the one width function of the program, truncation, and Chinese
//! line breaking. Pure functions, independent of ratatui; the list, the detail view, the
//! status bar and the command line all lay text out here and hand ratatui lines that fit.
//!
//! # Width
//! A character takes [`char_width`] cells: unicode-width's `width()`, so Han characters and
//! full-width punctuation take two, ASCII one, and ambiguous characters such as “ ” — … ·
//! one, as nearly every terminal draws them. Zero-width characters (BOM, zero-width space,
//! combining marks) take none and stay attached to the character before them.
//!
//! # What the layout functions do to the input
//! - Control characters never reach the screen: they are dropped, except `'\t'`, which
//!   becomes spaces up to the next multiple of [`TAB_STOP`] cells, counted from the start of
//!   its paragraph (the text after the last `'\n'`) before wrapping, and `'\n'`, a hard line
//!   break in [`wrap`] and a space in [`truncate`].
//! - Width 0 gives no lines and empty strings: nothing can be shown.
//! - A character wider than the whole width (a Han character at width 1) cannot be shown;
//!   [`wrap`] puts the truncation marker [`MARKER`] in its place, so the line still fits.
//!
//! # Line breaking
//! [`wrap`] fills each line greedily and breaks following the basic prohibition rules of
//! W3C clreq (after GB/T 15834-2011):
//! - no line starts with 、，。：；！？ ”’」』）］｝〕】〗》〉 · (nor ASCII `,.;:!?)]}`);
//! - no line ends with “‘「『（［｛〔【〖《〈 (nor ASCII `([{`);
//! - `——` and `……` are never split, nor a number from its unit (`50%`, `6成`, `2024年`,
//!   `￥100`); `2500 万` may break at the space;
//! - a run of ASCII letters, digits and signs (`REITs`, `C909`, `Alipay+`) is a word, broken
//!   only when it is wider than the line;
//! - anywhere else between two visible characters, a break is allowed: between two Han
//!   characters always.
//!
//! A space at a break is dropped, and lines never end with a space. When the rules cannot be
//! met because an unbreakable run is wider than the line (width 2 or 3), the run is split:
//! first where only a punctuation rule forbids it, then inside a word or number, always at a
//! character boundary, so text still fits and nothing is lost.
//!
//! Why not UAX #14 (`unicode-linebreak`) or textwrap: measured on the 42 reforms at widths
//! 10 to 100 (`cargo run --example wrap_compare`), a greedy fill over UAX #14 opportunities
//! still splits a number from its Han unit 70 times (`2024`/`年`), and UAX #14 also allows a
//! break before ·; patching its pair table from outside, plus the split order for runs wider
//! than the line, would be more code than the rules above, which are a dozen lines over
//! character classes. textwrap measures per character and leaves short lines by default.
//!
//! # Ambiguous-width characters
//! Some terminals (VTE with "ambiguous-width characters: wide", xterm with `cjkWidth`) draw
//! ambiguous characters such as “ ” — … · in two cells. [`set_ambiguous_wide`] makes the
//! layout count them as two, and, because ratatui always measures with `width()`, the layout
//! functions (and [`substitute_ambiguous`]) replace each by a stand-in that every terminal and
//! ratatui agree takes two cells: “ ” → ＂, ‘ ’ → ＇, — ― → －, … → `..`, · → ・, × → ｘ,
//! ○ → 〇; any other ambiguous character (Greek and Cyrillic letters, box drawing, circled
//! numbers) becomes 〓, the conventional mark for a character that cannot be shown.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use unicode_width::UnicodeWidthChar;

/// Marks where [`truncate`] cut text, and stands in for a character wider than a line: `…`,
/// which a Chinese reader takes for 省略 where `~` would read as 至. Where ambiguous
/// characters are wide, `…` would take two cells, so the marker is `>` there, as vim marks
/// a line that goes on past the screen.
pub const MARKER: char = '…';
/// [`MARKER`] where ambiguous-width characters are wide.
pub const ASCII_MARKER: char = '>';

/// The truncation marker, as a one-cell string: [`MARKER`], or [`ASCII_MARKER`] where
/// ambiguous characters are wide.
fn marker_in(wide: bool) -> &'static str {
    if wide { ">" } else { "…" }
}

/// Tab stops are this many cells apart.
pub const TAB_STOP: usize = 4;

const ZERO_WIDTH_SPACE: char = '\u{200B}';

static AMBIGUOUS_WIDE: AtomicBool = AtomicBool::new(false);

/// Counts ambiguous-width characters as two cells from now on, process-wide, and makes the
/// layout functions substitute them (see the module docs). Set it once at start-up.
pub fn set_ambiguous_wide(wide: bool) {
    AMBIGUOUS_WIDE.store(wide, Ordering::Relaxed);
}

/// Whether ambiguous-width characters count as two cells.
pub fn ambiguous_wide() -> bool {
    AMBIGUOUS_WIDE.load(Ordering::Relaxed)
}

/// Cells a character takes. Han characters and full-width punctuation take two; ambiguous
/// characters such as “ ” — … take one, as in nearly every terminal (two under
/// [`set_ambiguous_wide`]); control characters and zero-width ones take none.
pub fn char_width(c: char) -> usize {
    width_in(c, ambiguous_wide())
}

/// The shortest start of `s` that takes more than `cells` cells (so that cutting it to
/// `cells` still shows that it was cut), or all of `s`: what a row of `cells` can show.
pub fn head(s: &str, cells: usize) -> &str {
    let mut used = 0;
    for (byte, c) in s.char_indices() {
        if used > cells {
            return &s[..byte];
        }
        used += char_width(c);
    }
    s
}

/// Cells a string takes.
pub fn str_width(s: &str) -> usize {
    let wide = ambiguous_wide();
    s.chars().map(|c| width_in(c, wide)).sum()
}

fn width_in(c: char, wide: bool) -> usize {
    if wide { c.width_cjk() } else { c.width() }.unwrap_or(0)
}

/// The stand-in for an ambiguous character in ambiguous-wide mode: a string that takes two
/// cells both for ratatui and for the terminal. `None` for characters that need none.
fn wide_form(c: char) -> Option<&'static str> {
    if width_in(c, true) == width_in(c, false) {
        return None;
    }
    Some(match c {
        '“' | '”' => "＂",
        '‘' | '’' => "＇",
        '—' | '―' | '–' => "－",
        // No two-cell ellipsis exists (⋯ is narrow everywhere); two dots keep the look.
        '…' | '‥' => "..",
        '·' => "・",
        '×' => "ｘ",
        '○' => "〇",
        _ => "〓",
    })
}

/// `s` as it must be printed: in ambiguous-wide mode each ambiguous character replaced by its
/// two-cell stand-in (see the module docs); otherwise unchanged. Layout functions already
/// return substituted text; use this for text printed without them.
pub fn substitute_ambiguous(s: &str) -> String {
    if !ambiguous_wide() {
        return s.to_string();
    }
    s.chars()
        .fold(String::with_capacity(s.len()), |mut out, c| {
            match wide_form(c) {
                Some(form) => out.push_str(form),
                None => out.push(c),
            }
            out
        })
}

/// Cuts `s` to at most `width` cells. When something is cut, the result ends with
/// [`MARKER`] and takes `width` cells, or one fewer when a wide character would straddle the
/// edge; never half a character. Newlines become spaces.
pub fn truncate(s: &str, width: usize) -> String {
    join(truncate_styled(&[(s, ())], width))
}

/// [`truncate`], then spaces up to exactly `width` cells.
pub fn fit(s: &str, width: usize) -> String {
    join(fit_styled(&[(s, ())], width, ()))
}

/// Breaks `s` into lines of at most `width` cells (see the module docs for the rules).
/// `'\n'` is a hard break; an empty paragraph gives an empty line.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    wrap_styled(&[(s, ())], width)
        .into_iter()
        .map(join)
        .collect()
}

/// [`truncate`] over styled spans: each piece keeps the style of the text it comes from, the
/// marker takes the style of the first character cut, and adjacent pieces of the same style
/// are merged.
pub fn truncate_styled<S: Clone + PartialEq>(
    spans: &[(&str, S)],
    width: usize,
) -> Vec<(String, S)> {
    truncate_in(spans, width, ambiguous_wide())
}

/// [`truncate_styled`], then spaces of style `pad` up to exactly `width` cells.
pub fn fit_styled<S: Clone + PartialEq>(
    spans: &[(&str, S)],
    width: usize,
    pad: S,
) -> Vec<(String, S)> {
    let mut out = truncate_styled(spans, width);
    let used: usize = out.iter().map(|(text, _)| str_width(text)).sum();
    if used < width {
        push_piece(&mut out, &" ".repeat(width - used), &pad);
    }
    out
}

/// [`wrap`] over styled spans: the same lines, each a list of pieces that keep the style of
/// the text they come from, adjacent pieces of the same style merged. A span may hold
/// several lines' worth of text and a line several spans.
pub fn wrap_styled<S: Clone + PartialEq>(
    spans: &[(&str, S)],
    width: usize,
) -> Vec<Vec<(String, S)>> {
    wrap_in(spans, width, ambiguous_wide())
}

/// One line of [`wrap_sourced`]: what it shows, and where its characters come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcedLine {
    pub text: String,
    /// The char index in the wrapped text of the line's first character.
    pub start: usize,
    /// For a line whose characters are not the text's own one for one from `start` (a tab
    /// shown as spaces, a character shown by a stand-in, a control character dropped):
    /// the char index each shown character comes from.
    map: Option<Vec<usize>>,
}

impl SourcedLine {
    /// The line in pieces of role `base` and, where the text's characters within `ranges`
    /// (sorted, as `merge` leaves them) are shown, role `matched`. Costs the line, not the
    /// text it comes from.
    pub fn highlight<S: Clone + PartialEq>(
        &self,
        ranges: &[Range<usize>],
        base: S,
        matched: S,
    ) -> Vec<(String, S)> {
        let end = self.start + self.text.chars().count();
        let first = ranges.partition_point(|r| r.end <= self.start);
        let reaching = &ranges[first..];
        match &self.map {
            None => {
                let local: Vec<Range<usize>> = reaching
                    .iter()
                    .take_while(|r| r.start < end)
                    .map(|r| r.start.saturating_sub(self.start)..r.end.min(end) - self.start)
                    .collect();
                highlight(&self.text, &local, base, matched)
                    .into_iter()
                    .map(|(t, s)| (t.to_string(), s))
                    .collect()
            }
            Some(map) => {
                let mut out = Vec::new();
                for (c, at) in self.text.chars().zip(map) {
                    let hit = reaching
                        .binary_search_by(|r| {
                            if r.end <= *at {
                                std::cmp::Ordering::Less
                            } else if r.start > *at {
                                std::cmp::Ordering::Greater
                            } else {
                                std::cmp::Ordering::Equal
                            }
                        })
                        .is_ok();
                    let style = if hit { &matched } else { &base };
                    push_piece(&mut out, c.encode_utf8(&mut [0; 4]), style);
                }
                out
            }
        }
    }
}

/// [`wrap`], each line with where its characters come from in `text`, so that highlights
/// can be laid over the lines shown alone.
pub fn wrap_sourced(text: &str, width: usize) -> Vec<SourcedLine> {
    let mut out = Vec::new();
    each_line(&[(text, ())], width, ambiguous_wide(), |atoms| {
        let start = atoms.first().map_or(0, |a| a.at);
        let mut shown = String::new();
        let mut map = Vec::new();
        let mut own = true;
        for (i, atom) in atoms.iter().enumerate() {
            own &= atom.at == start + i && atom.text.chars().eq(std::iter::once(atom.ch));
            shown.push_str(atom.text);
            map.extend(atom.text.chars().map(|_| atom.at));
        }
        out.push(SourcedLine {
            text: shown,
            start,
            map: (!own).then_some(map),
        });
    });
    out
}

/// Splits `text` into pieces of role `base` and, for the characters within `ranges` (char
/// indices, as fuzzy matchers give them), role `matched`. Ranges may overlap, be unsorted or
/// reach past the end.
pub fn highlight<'a, S: Clone + PartialEq>(
    text: &'a str,
    ranges: &[Range<usize>],
    base: S,
    matched: S,
) -> Vec<(&'a str, S)> {
    // Sorted by start, one sweep: linear in the text, whatever the number of ranges.
    let mut sorted: Vec<&Range<usize>> = ranges.iter().filter(|r| !r.is_empty()).collect();
    sorted.sort_unstable_by_key(|r| r.start);
    let mut next = sorted.into_iter().peekable();
    let mut covered_to = 0;
    let mut out: Vec<(&'a str, S)> = Vec::new();
    let mut piece_start = 0;
    let mut piece_matched = false;
    for (index, (byte, _)) in text.char_indices().enumerate() {
        while let Some(range) = next.next_if(|r| r.start <= index) {
            covered_to = covered_to.max(range.end);
        }
        let is_matched = index < covered_to;
        if is_matched != piece_matched && byte > piece_start {
            let style = if piece_matched { &matched } else { &base };
            out.push((&text[piece_start..byte], style.clone()));
            piece_start = byte;
        }
        piece_matched = is_matched;
    }
    if piece_start < text.len() {
        let style = if piece_matched { matched } else { base };
        out.push((&text[piece_start..], style));
    }
    out
}

fn join<S>(pieces: Vec<(String, S)>) -> String {
    pieces.into_iter().map(|(text, _)| text).collect()
}

fn push_piece<S: Clone + PartialEq>(out: &mut Vec<(String, S)>, text: &str, style: &S) {
    match out.last_mut() {
        Some((last, last_style)) if last_style == style => last.push_str(text),
        _ => out.push((text.to_string(), style.clone())),
    }
}

/// One character as laid out: what is printed for it, its cells and its span.
#[derive(Debug, Clone, Copy)]
struct Atom<'a> {
    /// The input character the rules look at (a substitute looks like something else).
    ch: char,
    text: &'a str,
    width: usize,
    span: usize,
    /// The char index in its span of the character it comes from.
    at: usize,
}

/// The printable atoms of `spans` in paragraphs: control characters dropped, tabs expanded,
/// ambiguous characters substituted when `wide`. `'\n'` ends a paragraph, or becomes a
/// space when `newline_is_space`.
fn atoms<'a, S>(spans: &[(&'a str, S)], wide: bool, newline_is_space: bool) -> Vec<Vec<Atom<'a>>> {
    let mut paragraphs = Vec::new();
    let mut current = Vec::new();
    // Cells since the paragraph's start, for tab stops.
    let mut column = 0;
    for (span, (text, _)) in spans.iter().enumerate() {
        for (at, (byte, c)) in text.char_indices().enumerate() {
            let space = Atom {
                ch: ' ',
                text: " ",
                width: 1,
                span,
                at,
            };
            match c {
                '\n' if newline_is_space => {
                    current.push(space);
                    column += 1;
                }
                '\n' => {
                    paragraphs.push(std::mem::take(&mut current));
                    column = 0;
                }
                '\t' => {
                    let spaces = TAB_STOP - column % TAB_STOP;
                    current.extend(std::iter::repeat_n(space, spaces));
                    column += spaces;
                }
                c if c.is_control() => {}
                c => {
                    let width = width_in(c, wide);
                    let own = &text[byte..byte + c.len_utf8()];
                    let text = if wide {
                        wide_form(c).unwrap_or(own)
                    } else {
                        own
                    };
                    current.push(Atom {
                        ch: c,
                        text,
                        width,
                        span,
                        at,
                    });
                    column += width;
                }
            }
        }
    }
    paragraphs.push(current);
    paragraphs
}

/// Whether a line may end before an atom, and if not, how firmly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    Allowed,
    /// Forbidden by a punctuation rule: the first place to split a run wider than the line.
    Punctuation,
    /// Inside a word, a number with its unit, or `——`: split only if nothing else fits.
    Unit,
    /// Before a zero-width character or a space: a split there would gain nothing.
    Never,
}

/// Characters that may not start a line (clreq, GB/T 15834), with their ASCII kin.
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | '。'
            | '：'
            | '；'
            | '！'
            | '？'
            | '”'
            | '’'
            | '」'
            | '』'
            | '）'
            | '］'
            | '｝'
            | '〕'
            | '】'
            | '〗'
            | '》'
            | '〉'
            | '·'
            | '・'
            | '．'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
    )
}

/// Characters that may not end a line.
fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '「'
            | '『'
            | '（'
            | '［'
            | '｛'
            | '〔'
            | '【'
            | '〖'
            | '《'
            | '〈'
            | '('
            | '['
            | '{'
    )
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}' | '〇')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_full_width_alphanumeric(c: char) -> bool {
    matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// Signs that stay with the number after them.
fn is_prefix_sign(c: char) -> bool {
    matches!(
        c,
        '￥' | '¥' | '$' | '＄' | '€' | '£' | '№' | '#' | '＃' | '+' | '-'
    )
}

/// Signs that stay with the number before them.
fn is_suffix_sign(c: char) -> bool {
    matches!(c, '%' | '％' | '‰' | '℃' | '°' | '′' | '″')
}

/// Whether `a` then `b` belong to one unbreakable unit.
fn same_unit(a: char, b: char) -> bool {
    (a == b && matches!(a, '—' | '…' | '⋯'))
        || (a.is_ascii_graphic() && b.is_ascii_graphic())
        || (is_full_width_alphanumeric(a) && is_full_width_alphanumeric(b))
        || (is_digit(a) && (is_han(b) || is_suffix_sign(b)))
        || (is_prefix_sign(a) && is_digit(b))
}

/// `breaks[i]`: whether a line may end before `atoms[i]` (index 0 is unused).
fn breaks(atoms: &[Atom]) -> Vec<Break> {
    let mut out = vec![Break::Never; atoms.len()];
    // The last visible character before the current one, looking through zero-width ones,
    // and the last one before the current run of spaces.
    let mut visible: Option<char> = None;
    let mut before_spaces: Option<char> = None;
    for i in 1..atoms.len() {
        let (a, b) = (atoms[i - 1], atoms[i]);
        if a.ch != ' ' && a.width > 0 {
            visible = Some(a.ch);
        }
        if a.ch != ' ' {
            before_spaces = visible;
        }
        out[i] = if b.width == 0 || b.ch == ' ' {
            Break::Never
        } else if a.ch == ' ' || a.ch == ZERO_WIDTH_SPACE {
            let opens = a.ch == ' ' && before_spaces.is_some_and(no_line_end);
            if no_line_start(b.ch) || opens {
                Break::Punctuation
            } else {
                Break::Allowed
            }
        } else {
            let a = visible.unwrap_or(a.ch);
            if no_line_start(b.ch) || no_line_end(a) {
                Break::Punctuation
            } else if same_unit(a, b.ch) {
                Break::Unit
            } else {
                Break::Allowed
            }
        };
    }
    out
}

/// The lines of one paragraph as atom ranges, trailing spaces left out. `width` >= 1 and no
/// atom is wider.
fn break_paragraph(atoms: &[Atom], width: usize, lines: &mut Vec<Range<usize>>) {
    let breaks = breaks(atoms);
    let n = atoms.len();
    let first_line = lines.len();
    let mut start = 0;
    while start < n {
        if lines.len() > first_line {
            // Spaces at a break are dropped.
            while start < n && atoms[start].ch == ' ' {
                start += 1;
            }
            if start == n {
                break;
            }
        }
        // Scan until the line overflows, remembering the furthest place of each kind where
        // the line could end; spaces at the end of a line do not count.
        let (mut total, mut content) = (0, 0);
        let mut best = [None; 3];
        let mut end = start;
        while end < n {
            if end > start {
                match breaks[end] {
                    Break::Allowed => best[0] = Some(end),
                    Break::Punctuation => best[1] = Some(end),
                    Break::Unit => best[2] = Some(end),
                    Break::Never => {}
                }
            }
            total += atoms[end].width;
            if atoms[end].ch != ' ' {
                content = total;
            }
            if content > width {
                break;
            }
            end += 1;
        }
        let next = if end == n {
            n
        } else {
            best.into_iter()
                .flatten()
                .next()
                .unwrap_or(end.max(start + 1))
        };
        let mut last = next;
        while last > start && atoms[last - 1].ch == ' ' {
            last -= 1;
        }
        if last > start {
            lines.push(start..last);
        }
        start = next;
    }
    if lines.len() == first_line {
        lines.push(0..0);
    }
}

/// Lays `spans` out in lines of `width` cells and hands each line's atoms to `line`, in
/// order; a character wider than the line is shown as the marker. Width 0 gives no lines.
fn each_line<'a, S>(
    spans: &[(&'a str, S)],
    width: usize,
    wide: bool,
    mut line: impl FnMut(&[Atom<'a>]),
) {
    if width == 0 {
        return;
    }
    for mut paragraph in atoms(spans, wide, false) {
        for atom in &mut paragraph {
            if atom.width > width {
                atom.text = marker_in(wide);
                atom.width = 1;
            }
        }
        let mut lines = Vec::new();
        break_paragraph(&paragraph, width, &mut lines);
        for range in lines {
            line(&paragraph[range]);
        }
    }
}

fn wrap_in<S: Clone + PartialEq>(
    spans: &[(&str, S)],
    width: usize,
    wide: bool,
) -> Vec<Vec<(String, S)>> {
    let mut out = Vec::new();
    each_line(spans, width, wide, |atoms| {
        let mut line = Vec::new();
        for atom in atoms {
            push_piece(&mut line, atom.text, &spans[atom.span].1);
        }
        out.push(line);
    });
    out
}

fn truncate_in<S: Clone + PartialEq>(
    spans: &[(&str, S)],
    width: usize,
    wide: bool,
) -> Vec<(String, S)> {
    let mut out = Vec::new();
    if width == 0 {
        return out;
    }
    let atoms = atoms(spans, wide, true).concat();
    let total: usize = atoms.iter().map(|a| a.width).sum();
    let budget = if total <= width { width } else { width - 1 };
    let mut used = 0;
    for atom in &atoms {
        if used + atom.width > budget {
            push_piece(&mut out, marker_in(wide), &spans[atom.span].1);
            break;
        }
        used += atom.width;
        push_piece(&mut out, atom.text, &spans[atom.span].1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(str_width("中文abc"), 7);
        assert_eq!(str_width("“——…·”"), 6);
        assert_eq!(str_width("\u{FEFF}\u{200B}"), 0);
    }

    #[test]
    fn every_stand_in_takes_the_wide_width() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if let Some(form) = wide_form(c) {
                let cells: usize = form.chars().map(|f| width_in(f, false)).sum();
                let cells_wide: usize = form.chars().map(|f| width_in(f, true)).sum();
                assert_eq!(cells, width_in(c, true), "{c:?} -> {form:?}");
                assert_eq!(cells_wide, cells, "{form:?} is itself ambiguous");
            }
        }
    }

    #[test]
    fn wide_mode_counts_and_substitutes() {
        let lines = wrap_in(&[("“中”……", ())], 4, true);
        let text: Vec<String> = lines.into_iter().map(join).collect();
        assert_eq!(text, vec!["＂中", "＂", "...."]);
        assert_eq!(join(truncate_in(&[("——中", ())], 5, true)), "－－>");
        assert_eq!(join(truncate_in(&[("——中", ())], 3, false)), "——…");
    }

    #[test]
    fn tabs_expand_and_controls_vanish() {
        assert_eq!(wrap("a\tb\u{7}\r", 20), vec!["a   b"]);
        assert_eq!(wrap("中\tb", 20), vec!["中  b"]);
    }

    #[test]
    fn highlight_splits_by_char_index() {
        let pieces = highlight("数据跨境安全", &[2..4, 3..5, 9..12], 0, 1);
        assert_eq!(pieces, vec![("数据", 0), ("跨境安", 1), ("全", 0)]);
        let past_the_end = [1..2, 0..3];
        assert!(highlight("", &past_the_end, 0, 1).is_empty());
    }
}
