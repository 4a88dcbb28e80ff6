//! Folding text to the form the index and the query are compared in. Every character maps
//! to exactly one character, so char indices into the folded text are char indices into the
//! original: highlights need no position map.

/// Full-width forms U+FF01..=U+FF5E become their ASCII twins (`ＦＴ` → `FT`, `，` → `,`)
/// and the ideographic space U+3000 an ASCII space. Folding the full-width punctuation also
/// gives fuzzy-matcher a word boundary after `，` and `（`, which it does not see in CJK text.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// [`fold_char`] over a string. Building the index folds every field of the catalog, so
/// this copies the runs between foldable chars whole: every char it folds starts with byte
/// 0xEF (U+FF01..=U+FF5E) or 0xE3 (U+3000), which memchr finds quickly.
pub fn fold_str(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for at in memchr::memchr2_iter(0xEF, 0xE3, bytes) {
        // Both are lead bytes, never inside a char, so `at` is a char boundary.
        let Some(c) = s[at..].chars().next() else {
            continue;
        };
        let folded = fold_char(c);
        if folded != c {
            out.push_str(&s[copied..at]);
            out.push(folded);
            copied = at + c.len_utf8();
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// The char index of each byte offset that starts a char, for turning substring hits
/// (byte offsets) into char ranges. Only used for one reform at a time, for highlights.
pub fn char_index(s: &str, byte: usize) -> usize {
    s[..byte.min(s.len())].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_latin_digits_and_space() {
        assert_eq!(
            fold_str("ＦＴ账户２０２４，（ａ）\u{3000}"),
            "FT账户2024,(a) "
        );
        assert_eq!(fold_str("数据“双首个”。"), "数据“双首个”。");
    }

    #[test]
    fn folding_keeps_the_char_count() {
        for c in [
            '\u{FF01}', '\u{FF5E}', '\u{3000}', 'Ａ', '中', 'a', '\u{FF5F}',
        ] {
            assert_eq!(fold_str(&c.to_string()).chars().count(), 1);
        }
        assert_eq!(
            fold_char('\u{FF5F}'),
            '\u{FF5F}',
            "only the ASCII twins fold"
        );
    }
}
