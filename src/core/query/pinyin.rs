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

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use super::filter::{self, Bits, Region, Set, Signature};

/// The class of the characters whose set of first letters has no class of its own: it
/// stands for every letter, so a scan of classes that meets it is no longer exact.
pub const OVERFLOW: u8 = 255;

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
    /// Every beginning of every reading (`s`, `sh`, `shu`), for planning a term's pieces.
    prefixes: HashSet<&'static [u8]>,
    /// Every reading, whole.
    syllables: HashSet<&'static [u8]>,
    /// For code `i`, its class: the codes with the same `firsts` share one, 0 for none.
    classes: Vec<u8>,
    /// For each class, the `firsts` of its codes (a class past 255 stands for every letter).
    class_firsts: [u32; 256],
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
        let syllables: HashSet<&'static [u8]> = readings.iter().copied().collect();
        let prefixes = syllables
            .iter()
            .flat_map(|s| (1..=s.len()).map(|n| &s[..n]))
            .collect();
        // The sets of first letters get a class each, those of fewest letters first (most
        // characters have one reading); the rarest sets, past 254, share class 255, which
        // stands for every letter.
        let mut shared: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
        for &f in firsts.iter().filter(|&&f| f != 0) {
            *shared.entry(f).or_default() += 1;
        }
        let mut sets: Vec<(std::cmp::Reverse<usize>, u32)> = shared
            .into_iter()
            .map(|(f, n)| (std::cmp::Reverse(n), f))
            .collect();
        sets.sort_unstable();
        let mut known: std::collections::HashMap<u32, u8> = std::collections::HashMap::new();
        let mut class_firsts = [0u32; 256];
        class_firsts[255] = (1 << 26) - 1;
        for (class, &(_, f)) in (1..255u8).zip(&sets) {
            known.insert(f, class);
            class_firsts[usize::from(class)] = f;
        }
        let classes: Vec<u8> = firsts
            .iter()
            .map(|f| match f {
                0 => 0,
                f => known.get(f).copied().unwrap_or(OVERFLOW),
            })
            .collect();
        Table {
            spans,
            readings,
            firsts,
            prefixes,
            syllables,
            classes,
            class_firsts,
        }
    })
}

/// The letter numbers (0 for `a`) of the bits set in `set`.
fn letters(mut set: u32) -> impl Iterator<Item = u32> {
    std::iter::from_fn(move || {
        let letter = (set != 0).then(|| set.trailing_zeros())?;
        set &= set - 1;
        Some(letter)
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

/// The compact pinyin of a text: a byte per char, the class of its readings' first letters
/// (0 for a char without a reading), as [`SignatureWriter::push`] gives them, and the first
/// letters of each char of class [`OVERFLOW`], in order. A third of the text's size, and
/// read without decoding UTF-8 or looking up readings, so [`Plan::may_match`] scans it
/// faster than [`matches`] scans the text. Empty when the text has no char with a reading.
#[derive(Default)]
pub struct Compact {
    classes: Box<[u8]>,
    overflow: Box<[u32]>,
}

impl Compact {
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }
}

/// Gathers a text's [`Compact`] pinyin from what [`SignatureWriter::push`] gives for each of
/// its chars, in the caller's one pass over the text.
#[derive(Default)]
pub struct CompactWriter {
    classes: Vec<u8>,
    overflow: Vec<u32>,
    any: u8,
}

impl CompactWriter {
    pub fn with_capacity(chars: usize) -> CompactWriter {
        CompactWriter {
            classes: Vec::with_capacity(chars),
            ..CompactWriter::default()
        }
    }

    /// The next char's class and first letters, as [`SignatureWriter::push`] returns them.
    #[inline]
    pub fn push(&mut self, (class, firsts): (u8, u32)) {
        self.any |= class;
        self.classes.push(class);
        if class == OVERFLOW {
            self.overflow.push(firsts);
        }
    }

    /// The compact pinyin: empty when no char had a reading.
    pub fn finish(self) -> Compact {
        if self.any == 0 {
            return Compact::default();
        }
        Compact {
            classes: self.classes.into_boxed_slice(),
            overflow: self.overflow.into_boxed_slice(),
        }
    }
}

#[cfg(test)]
fn classes(text: &str) -> Compact {
    let mut signature = Signature::default();
    let mut writer = SignatureWriter::new(&mut signature);
    let mut out = CompactWriter::default();
    text.chars().for_each(|c| out.push(writer.push(c)));
    out.finish()
}

/// Adds a text's characters to a reform's [`Signature`], one char at a time, so that the
/// caller's own pass over the text does it: each char, and for Han characters which pinyin
/// first letters follow which, in pairs and in runs of three (see [`Plan::admits`]).
pub struct SignatureWriter<'a> {
    signature: &'a mut Signature,
    table: &'static Table,
    previous: u32,
    /// The first letters of the char before `previous`.
    before: u32,
    /// The fields the chars are of.
    region: Region,
}

impl<'a> SignatureWriter<'a> {
    pub fn new(signature: &'a mut Signature) -> SignatureWriter<'a> {
        SignatureWriter {
            signature,
            table: table(),
            previous: 0,
            before: 0,
            region: Region::All,
        }
    }

    /// The chars that follow are of a field of `region`.
    pub fn region(&mut self, region: Region) {
        self.region = region;
    }
}

impl SignatureWriter<'_> {
    /// The next char of the text; a char without a reading ends a run of Han. Returns the
    /// char's class and the first letters of its readings, for a [`CompactWriter`].
    #[inline]
    pub fn push(&mut self, c: char) -> (u8, u32) {
        self.signature.insert_char(c, self.region);
        let code = raw_code(c as u32);
        let firsts = self.table.firsts[code];
        if firsts != 0 {
            let single = |set: u32| set.is_power_of_two().then(|| set.trailing_zeros());
            match (single(self.before), single(self.previous), single(firsts)) {
                // Most chars have one first letter, as have the two before them.
                (Some(before), Some(a), Some(b)) => {
                    self.signature.set(filter::first_bit(b));
                    self.signature.set(filter::pair_bit(a, b));
                    self.signature.set(filter::run_bit(before, a, b));
                }
                _ => self.polyphones(firsts),
            }
        }
        self.before = self.previous;
        self.previous = firsts;
        (self.table.classes[code], firsts)
    }

    /// [`SignatureWriter::push`]'s bits for a char, where it or one of the two before it has
    /// several first letters (or none): every combination of them.
    fn polyphones(&mut self, firsts: u32) {
        for b in letters(firsts) {
            self.signature.set(filter::first_bit(b));
            for a in letters(self.previous) {
                self.signature.set(filter::pair_bit(a, b));
                for before in letters(self.before) {
                    self.signature.set(filter::run_bit(before, a, b));
                }
            }
        }
    }

    /// The end of a field: the next field's first char does not follow this one's last.
    pub fn end(&mut self) {
        self.previous = 0;
        self.before = 0;
    }
}

/// The ways a term can be cut into the pieces characters contribute (an initial letter,
/// `zh`/`ch`/`sh`, a whole reading, and for the last a beginning of one), as the pairs of
/// piece starts that follow each other. Built once per query; [`Plan::admits`] then costs a
/// few bit tests per reform.
pub struct Plan {
    letters: Vec<u8>,
    /// (start, next start) of consecutive pieces, by start.
    edges: Vec<(u8, u8)>,
    /// For each start, the bits of the starts that can follow it.
    follow: Vec<u64>,
    /// Bit `i`: a last piece can start at `i`.
    finals: u64,
    /// For each class, the bits of the term positions its chars can start a piece at.
    at: Box<[u64; 256]>,
    /// Whether every piece is one letter (initials, as `sjkj`): then a char's class says
    /// all there is to know, and [`Plan::may_match`] is [`matches`].
    exact: bool,
}

impl Plan {
    pub fn new(term: &[u8]) -> Plan {
        let table = table();
        let n = term.len();
        let mut edges = Vec::new();
        let mut finals = 0u64;
        if (1..64).contains(&n) && term.iter().all(u8::is_ascii_lowercase) {
            for i in 0..n {
                for j in i + 1..=n {
                    let piece = &term[i..j];
                    if j == n {
                        if table.prefixes.contains(piece) {
                            finals |= 1 << i;
                        }
                    } else if piece.len() == 1
                        || matches!(piece, b"zh" | b"ch" | b"sh")
                        || table.syllables.contains(piece)
                    {
                        edges.push((i as u8, j as u8));
                    }
                }
            }
        }
        let mut follow = vec![0u64; n];
        for &(i, j) in &edges {
            follow[i as usize] |= 1 << j;
        }
        let mut at = Box::new([0u64; 256]);
        for (class, positions) in at.iter_mut().enumerate() {
            *positions = positions_of(term, table.class_firsts[class]);
        }
        let exact = n > 0 && edges.iter().all(|&(i, j)| j == i + 1) && finals == 1 << (n - 1);
        Plan {
            letters: term.to_vec(),
            edges,
            follow,
            finals,
            at,
            exact,
        }
    }

    /// Whether [`Plan::may_match`] and [`Plan::starts`] answer exactly: true of a term of
    /// initials, each letter a character's.
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// For an exact plan, whether the term matches at the text's first char: the walk of
    /// [`Plan::may_match`] without starting again further on.
    pub fn starts(&self, compact: &Compact) -> bool {
        if self.finals == 0 {
            return false;
        }
        let mut reach = 1u64;
        let mut overflow = compact.overflow.iter();
        for &class in compact.classes.iter() {
            let positions = reach & self.can(class, &mut overflow);
            if positions & self.finals != 0 {
                return true;
            }
            let next = self.after(positions);
            if next == 0 {
                return false;
            }
            reach = next;
        }
        false
    }

    /// The term positions a char can start a piece at, by its class; the `overflow`
    /// letters of the text are taken in turn for the chars of class [`OVERFLOW`].
    #[inline]
    fn can(&self, class: u8, overflow: &mut std::slice::Iter<u32>) -> u64 {
        if class != OVERFLOW {
            return self.at[usize::from(class)];
        }
        positions_of(&self.letters, overflow.next().copied().unwrap_or(u32::MAX))
    }

    /// The term positions reached after pieces that start at `positions`.
    #[inline]
    fn after(&self, mut positions: u64) -> u64 {
        let mut next = 0u64;
        while positions != 0 {
            let p = positions.trailing_zeros() as usize;
            positions &= positions - 1;
            next |= self.follow[p];
        }
        next
    }

    /// Whether the text of this [`Compact`] pinyin could hold the term: never false when
    /// [`matches`] is true, and for an exact plan ([`Plan::is_exact`]) the same. Walks the
    /// classes as `matches` walks the chars, with any reading of any char with those
    /// first letters standing for the char's own.
    pub fn may_match(&self, compact: &Compact) -> bool {
        if self.finals == 0 {
            return false;
        }
        let mut overflow = compact.overflow.iter();
        if self.exact {
            // One letter per char: the letters matched so far, shifted along by each char
            // (shift-and), without the general walk's look-up of what follows each.
            let mut matched = 0u64;
            for &class in compact.classes.iter() {
                matched = (matched << 1 | 1) & self.can(class, &mut overflow);
                if matched & self.finals != 0 {
                    return true;
                }
            }
            return false;
        }
        let mut reach = 0u64;
        for &class in compact.classes.iter() {
            let can = self.can(class, &mut overflow);
            // The common case: nothing under way and this char cannot start the term.
            let positions = (reach | 1) & can;
            if positions == 0 {
                reach = 0;
                continue;
            }
            if positions & self.finals != 0 {
                return true;
            }
            reach = self.after(positions);
        }
        false
    }

    /// The reforms whose signatures could hold the term (never turning away one that does):
    /// a path of pieces whose starts follow each other, letter after letter, in a reform's
    /// pairs, from the first letter to a last piece; for a term of initials, also every
    /// three letters in a row among its runs of three. Asked of one reform's signature or
    /// of a whole catalog's at once.
    pub fn admits<B: Bits>(&self, bits: &B) -> B::Set {
        let Some(&first) = self.letters.first() else {
            return bits.none();
        };
        if self.finals == 0 {
            return bits.none();
        }
        let letter = |p: u8| u32::from(self.letters[usize::from(p)] - b'a');
        // The reforms in which the term's letters up to each position can be spelt.
        let mut reached: Vec<Option<B::Set>> = vec![None; self.letters.len() + 1];
        reached[0] = Some(bits.bit(filter::first_bit(u32::from(first - b'a'))));
        for &(i, j) in &self.edges {
            let Some(from) = &reached[usize::from(i)] else {
                continue;
            };
            let step = from
                .clone()
                .and(&bits.bit(filter::pair_bit(letter(i), letter(j))));
            if step.is_empty() {
                continue;
            }
            let to = &mut reached[usize::from(j)];
            *to = Some(match to.take() {
                Some(set) => set.or(&step),
                None => step,
            });
        }
        let mut finals = self.finals;
        let mut admitted = bits.none();
        while finals != 0 {
            let p = finals.trailing_zeros() as usize;
            finals &= finals - 1;
            if let Some(set) = &reached[p] {
                admitted = admitted.or(set);
            }
        }
        if !self.exact {
            return admitted;
        }
        // A term of initials spells one char per letter: each three letters in a row are
        // three chars in a row.
        (0..self.letters.len().saturating_sub(2) as u8).fold(admitted, |set, p| {
            set.and(&bits.bit(filter::run_bit(letter(p), letter(p + 1), letter(p + 2))))
        })
    }
}

/// The positions of `term` (up to 63) whose letter is among `firsts`: where a char with
/// those first letters can start a piece.
fn positions_of(term: &[u8], firsts: u32) -> u64 {
    let mut positions = 0;
    for (p, &letter) in term.iter().enumerate().take(63) {
        if firsts & letter_bit(letter) != 0 {
            positions |= 1 << p;
        }
    }
    positions
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

    fn admitted(text: &str, term: &str) -> bool {
        let mut pairs = Signature::default();
        let mut writer = SignatureWriter::new(&mut pairs);
        text.chars().for_each(|c| {
            writer.push(c);
        });
        Plan::new(term.as_bytes()).admits(&pairs)
    }

    #[test]
    fn the_plan_admits_every_match_and_turns_away_others() {
        let texts = [
            "推动数据跨境流动",
            "国际邮轮",
            "人民银行天津市分行",
            "先行先试",
            "中国",
        ];
        let terms = [
            "sjkj",
            "shujukuajing",
            "shujkj",
            "sjkuaj",
            "shuj",
            "kuajing",
            "youlun",
            "youl",
            "gjyl",
            "jgyl",
            "yh",
            "yinhang",
            "xxxs",
            "xianxing",
            "zhg",
            "zhog",
            "s",
            "x",
            "q",
            "zgr",
            "tdsj",
            "liud",
            "dong",
        ];
        for text in texts {
            for term in terms {
                if m(text, term) {
                    assert!(admitted(text, term), "{text} {term}");
                    let plan = Plan::new(term.as_bytes());
                    assert!(plan.may_match(&classes(text)), "{text} {term}");
                }
            }
        }
        let may = |text: &str, term: &str| Plan::new(term.as_bytes()).may_match(&classes(text));
        assert!(!may("国际邮轮", "sjkj"));
        assert!(!may("数据，跨境", "sjkj"), "no match across a non-Han char");
        assert!(may("推动数据跨境", "sjkj"));
        assert!(classes("LNG 2024，").is_empty());
        assert!(!admitted("国际邮轮", "sjkj"));
        assert!(
            !admitted("数据，跨境", "sjkj"),
            "pairs do not cross a non-Han char"
        );
        // Every pair of sjkj follows in it (so the pairs alone let a spelling of it by
        // whole readings through), but no three of its letters' chars in a row.
        assert!(admitted("数据，据跨，跨境", "shujkj"));
        assert!(!m("数据，据跨，跨境", "sjkj"));
        assert!(!admitted("数据，据跨，跨境", "sjkj"));
        assert!(!admitted("数据，据跨，跨境", "sjk"));
        assert!(admitted("数据，据跨，跨境", "sj"));
        assert!(admitted("推动数据跨境", "sjkj"));
        assert!(
            admitted("行业", "hy") && admitted("行业", "xy"),
            "each reading of 行"
        );
        assert!(admitted("推行业务", "txyw") && admitted("推行业务", "thyw"));
        assert!(!admitted("国际邮轮", "q"));
        assert!(!admitted("abc", "a"));
    }

    /// Terms spelt from the readings of runs of the embedded reforms' own characters (by
    /// initials, by whole readings, by a mix), and some that spell nothing: wherever
    /// [`matches`] finds one, the pairs and the compact pinyin must let it through.
    #[test]
    fn the_prefilters_never_turn_away_a_match() {
        use ::pinyin::ToPinyin;
        let reforms = crate::core::catalog::Catalog::embedded().unwrap().reforms;
        let (mut checked, mut matched, mut exact) = (0, 0, 0);
        for r in &reforms {
            let text = format!("{}。{}", r.title, r.content);
            let chars: Vec<char> = text.chars().collect();
            let mut terms: Vec<String> = vec!["sjkj".into(), "zzz".into(), "xq".into()];
            for start in (0..chars.len().saturating_sub(4)).step_by(7) {
                let readings: Vec<String> = chars[start..start + 4]
                    .iter()
                    .filter_map(|c| c.to_pinyin().map(|p| p.plain().to_string()))
                    .collect();
                if readings.len() < 4 {
                    continue;
                }
                let initials: String = readings.iter().map(|p| &p[..1]).collect();
                terms.push(initials.clone());
                terms.push(format!("{}{}", readings[0], &initials[1..]));
                terms.push(format!("{}{}", &initials[..3], readings[3]));
                terms.push(format!("{}{}", &initials[..3], &readings[3][..1]));
                terms.push(readings.concat());
            }
            let mut pairs = Signature::default();
            let mut writer = SignatureWriter::new(&mut pairs);
            let mut coded = CompactWriter::default();
            text.chars().for_each(|c| coded.push(writer.push(c)));
            let coded = coded.finish();
            // Only terms of ASCII letters are matched by pinyin, as in a query.
            for term in terms
                .iter()
                .filter(|t| t.bytes().all(|b| b.is_ascii_lowercase()))
            {
                checked += 1;
                if matches(&text, term.as_bytes()) {
                    matched += 1;
                    let plan = Plan::new(term.as_bytes());
                    assert!(plan.admits(&pairs), "{term} in reform {}", r.number);
                    assert!(plan.may_match(&coded), "{term} in reform {}", r.number);
                }
                let plan = Plan::new(term.as_bytes());
                if plan.is_exact() {
                    assert_eq!(
                        plan.may_match(&coded),
                        matches(&text, term.as_bytes()),
                        "an exact plan answers as the readings do: {term} in reform {}",
                        r.number
                    );
                    exact += 1;
                }
            }
        }
        assert!(
            matched > 1000 && checked > matched && exact > 300,
            "{matched} of {checked}, {exact} exact"
        );
    }

    #[test]
    fn han_is_detected() {
        assert!(classes("LNG 2024，").is_empty());
        assert!(!classes("LNG订单").is_empty());
    }
}
