//! Display width of text in terminal cells: the one width function of the program.

use unicode_width::UnicodeWidthChar;

/// Cells a character takes. Han characters and full-width punctuation take two; ambiguous
/// characters such as “ ” — … take one, as in nearly every terminal; control characters and
/// zero-width ones take none.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Cells a string takes.
pub fn str_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}
