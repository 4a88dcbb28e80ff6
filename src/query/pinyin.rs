//! Matching Latin letters against Han characters by pinyin.
//!
//! One table, built once per process when the first index is built, gives every reading of
//! every CJK ideograph (basic block and Extension A, by code point; `ToPinyinMulti`, so 行
//! is both `hang` and `xing`), deduplicated, with a bit set of their first letters. That is
//! the compact pinyin form: it does not grow with the catalog. A code stored per char of
//! every field took 80 MB at 100,000 reforms and slowed loading for scans that were at best
//! a little faster. A keystroke only does table look-ups by code point, never conversion.
//!
//! What matches: a term matches a contiguous run of Han characters when the characters,
//! each contributing one of its readings as its first letter, its initial consonant
//! (`zh`/`ch`/`sh`) or in full, spell the term; the last character may also contribute any
//! beginning of a reading, so that a term being typed (`youl`) keeps matching (邮轮). So
//! `sjkj`, `shujukuajing` and `shujkj` all find 数据跨境. No gaps: scattered initials would
//! match almost any long Chinese text and rank noise.

use std::ops::Range;
use std::sync::OnceLock;

/// CJK Unified Ideographs, then Extension A: the characters the pinyin crate knows.
const BASIC: (u32, u32) = (0x4E00, 0x9FFF);
const EXT_A: (u32, u32) = (0x3400, 0x4DBF);
const TABLE_LEN: usize = (BASIC.1 - BASIC.0 + 1 + EXT_A.1 - EXT_A.0 + 1) as usize + 1;

/// Every reading of every code, built once.
struct Table {
    /// For code `i`, its readings are `readings[spans[i].0 .. spans[i].1]`.
    spans: Vec<(u32, u32)>,
    readings: Vec<&'static [u8]>,
    /// For code `i`, a bit per first letter of its readings (bit 0 = `a`); 0 = no reading.
    firsts: Vec<u32>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        use ::pinyin::ToPinyinMulti;
        let mut spans = vec![(0, 0); TABLE_LEN];
        let mut readings: Vec<&'static [u8]> = Vec::new();
        let mut firsts = vec![0u32; TABLE_LEN];
        for (start, end) in [BASIC, EXT_A] {
            for u in start..=end {
                let (Some(c), code) = (char::from_u32(u), raw_code(u)) else {
                    continue;
                };
                let Some(multi) = c.to_pinyin_multi() else {
                    continue;
                };
                let from = readings.len() as u32;
                for reading in multi {
                    let plain = reading.plain().as_bytes();
                    // Tones differ, plain forms often do not (行 háng, hàng): keep each once.
                    if plain.is_empty() || readings[from as usize..].contains(&plain) {
                        continue;
                    }
                    firsts[code] |= letter_bit(plain[0]);
                    readings.push(plain);
                }
                spans[code] = (from, readings.len() as u32);
            }
        }
        Table {
            spans,
            readings,
            firsts,
        }
    })
}

fn letter_bit(b: u8) -> u32 {
    if b.is_ascii_lowercase() {
        1 << (b - b'a')
    } else {
        0
    }
}

/// The code of a code point in the table's ranges, whether or not it has a reading.
fn raw_code(u: u32) -> usize {
    if (BASIC.0..=BASIC.1).contains(&u) {
        (u - BASIC.0 + 1) as usize
    } else if (EXT_A.0..=EXT_A.1).contains(&u) {
        (u - EXT_A.0 + BASIC.1 - BASIC.0 + 2) as usize
    } else {
        0
    }
}

/// Builds the reading table now (about a millisecond, once per process), so that no
/// keystroke pays for it.
pub fn prepare() {
    table();
}

/// Whether `text` holds a CJK ideograph; fields without one are skipped. By code point only:
/// it runs for every field of the catalog.
pub fn has_han(text: &str) -> bool {
    text.chars().any(|c| raw_code(c as u32) != 0)
}

/// What one character can contribute at `term[p..]`: sets the bits of the term positions it
/// can reach in `next`, and returns true if it can end the match (a beginning of a reading
/// that covers the rest of the term).
fn step(readings: &[&[u8]], term: &[u8], p: usize, next: &mut u64) -> bool {
    let rest = &term[p..];
    for reading in readings {
        if reading[0] != rest[0] {
            continue;
        }
        // Readings are at most six letters: compare by hand, a call to memcmp costs more.
        let common = reading.iter().zip(rest).take_while(|(a, b)| a == b).count();
        if common == rest.len() {
            return true;
        }
        *next |= 1 << (p + 1);
        if common >= 2 && reading.len() > 2 && matches!(&reading[..2], b"zh" | b"ch" | b"sh") {
            *next |= 1 << (p + 2);
        }
        if common == reading.len() {
            *next |= 1 << (p + reading.len());
        }
    }
    false
}

/// Whether `term` (lower-case ASCII letters, fewer than 64) matches somewhere in `text`.
/// One pass: `reach` holds the term positions reachable after the chars seen so far.
pub fn matches(text: &str, term: &[u8]) -> bool {
    if term.is_empty() || term.len() >= 64 {
        return false;
    }
    let table = table();
    let first = letter_bit(term[0]);
    let mut reach: u64 = 0;
    for c in text.chars() {
        let code = raw_code(c as u32);
        let firsts = table.firsts[code];
        // The common case: nothing under way and this char cannot start the term.
        if reach == 0 && firsts & first == 0 {
            continue;
        }
        let (from, to) = table.spans[code];
        let readings = &table.readings[from as usize..to as usize];
        let mut next = 0u64;
        let mut positions = reach | 1;
        while positions != 0 {
            let p = positions.trailing_zeros() as usize;
            positions &= positions - 1;
            if firsts & letter_bit(term[p]) != 0 && step(readings, term, p, &mut next) {
                return true;
            }
        }
        // Bit `term.len()` set means the term was spelt out exactly.
        if next >> term.len() & 1 == 1 {
            return true;
        }
        reach = next & ((1u64 << term.len()) - 1) & !1;
    }
    false
}

/// The char ranges where `term` matches in `text`, leftmost first and not overlapping,
/// each as short as possible. For highlighting one reform, so it favours clarity over speed.
pub fn ranges(text: &str, term: &[u8]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if term.is_empty() || term.len() >= 64 {
        return found;
    }
    let table = table();
    let codes: Vec<usize> = text.chars().map(|c| raw_code(c as u32)).collect();
    let mut start = 0;
    while start < codes.len() {
        let mut reach: u64 = 1;
        let mut end = None;
        for (i, &code) in codes.iter().enumerate().skip(start) {
            if table.firsts[code] == 0 || reach == 0 {
                break;
            }
            let (from, to) = table.spans[code];
            let readings = &table.readings[from as usize..to as usize];
            let mut next = 0u64;
            let mut done = false;
            let mut positions = reach;
            while positions != 0 {
                let p = positions.trailing_zeros() as usize;
                positions &= positions - 1;
                done |= step(readings, term, p, &mut next);
            }
            if done || next >> term.len() & 1 == 1 {
                end = Some(i + 1);
                break;
            }
            reach = next & ((1u64 << term.len()) - 1);
        }
        match end {
            Some(end) => {
                found.push(start..end);
                start = end;
            }
            None => start += 1,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str, term: &str) -> bool {
        matches(text, term.as_bytes())
    }

    #[test]
    fn initials_full_and_mixed() {
        for term in [
            "sjkj",
            "shujukuajing",
            "shujkj",
            "sjkuaj",
            "shuj",
            "kuajing",
        ] {
            assert!(m("推动数据跨境流动", term), "{term}");
        }
        assert!(m("国际邮轮", "youlun"));
        assert!(m("国际邮轮", "youl"), "the last char may be partly typed");
        assert!(m("国际邮轮", "gjyl"));
        assert!(!m("国际邮轮", "jgyl"));
        assert!(!m("数据，跨境", "sjkj"), "no match across a non-Han char");
        assert!(!m("abc", "abc"), "Latin text has no pinyin");
        assert!(m("中国", "zhg"), "zh is an initial");
        assert!(!m("中国", "zhog"), "a reading is not cut in the middle");
    }

    #[test]
    fn every_reading_of_a_polyphone() {
        assert!(m("人民银行天津市分行", "yh"));
        assert!(m("人民银行天津市分行", "yinhang"));
        assert!(m("先行先试", "xxxs"));
        assert!(m("先行先试", "xianxing"));
    }

    #[test]
    fn ranges_are_char_ranges_of_the_han_matched() {
        assert_eq!(ranges("人民银行天津市分行", b"yh"), vec![2..4]);
        assert_eq!(ranges("A数据跨境，数据", b"sj"), vec![1..3, 6..8]);
        assert_eq!(ranges("国际邮轮", b"youl"), vec![2..4]);
        assert!(ranges("国际邮轮", b"xyz").is_empty());
    }

    #[test]
    fn han_is_detected() {
        assert!(!has_han("LNG 2024，"));
        assert!(has_han("LNG订单"));
    }
}
