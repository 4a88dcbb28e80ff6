//! What turns reforms away before their text is read: a reform's signature, a few thousand
//! bits saying which chars it holds and which pinyin first letters follow which in it, and
//! the same bits of a whole catalog stored bit by bit ("sliced"), so that a query asks a
//! handful of bits of every reform at once instead of every reform for its bits.
//!
//! The signature (4,286 bits):
//! - a Bloom filter of the chars of every field ([`char_bit`], 1,024 bits): a term's chars
//!   must all be there for it to match directly; and one each of the title's and of the
//!   agencies' chars ([`Region`], 256 bits each): a field is looked for a term in only when
//!   its region holds the term's chars (the content has no filter of its own);
//! - the first letters of the readings of its Han characters (26 bits), which letters'
//!   characters follow which (26 × 26 bits), and a Bloom filter of runs of three
//!   ([`run_bit`], 2,048 bits): a term of letters must be spelt by them to match by pinyin
//!   (see `pinyin::Plan::admits`).
//!
//! Sliced, 100,000 reforms take 54 MB, as their signatures would; but the bits one query
//! asks for are a few contiguous runs of 12.5 KB, read and combined 64 reforms at a time,
//! where asking each reform meant a cache miss or two per reform.

use std::ops::Range;

use rayon::prelude::*;

/// Bits of the char filter.
const CHAR_BITS: usize = 1024;
/// Where the first letters start (26 bits).
const FIRST_BIT: usize = CHAR_BITS;
/// Where the pairs of first letters start (26 × 26 bits).
const PAIR_BIT: usize = FIRST_BIT + 26;
/// Where the filter of runs of three first letters starts.
const RUN_BIT: usize = PAIR_BIT + 26 * 26;
/// Bits of the run filter: a reform's few hundred runs set about a seventh of them, so a
/// four-letter term (two runs) passes a reform without it about once in fifty.
const RUN_BITS: usize = 2048;
/// Where the char filter of the title starts, and that of the agencies.
const TITLE_BIT: usize = RUN_BIT + RUN_BITS;
const AGENCY_BIT: usize = TITLE_BIT + FIELD_BITS;
/// Bits of the char filters of the short fields: a title of thirty chars sets about a
/// tenth of them.
const FIELD_BITS: usize = 256;
/// Bits in a signature.
const BITS: usize = AGENCY_BIT + FIELD_BITS;
const WORDS: usize = BITS.div_ceil(64);

/// The bit of `c` in the char filter.
#[inline]
pub fn char_bit(c: char) -> usize {
    ((c as u32).wrapping_mul(0x9E37_79B1) >> 22) as usize
}

/// The fields a char filter covers: every field, the title, or the agencies. The title and
/// the agencies have filters of their own so that a term is looked for in them only when
/// they can hold it: most hits of a common term are in the content alone. The content's
/// chars go into the filter of every field only ([`Region::All`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    All,
    Title,
    Agencies,
}

impl Region {
    /// The bit of `c` in this region's filter.
    #[inline]
    fn bit(self, c: char) -> usize {
        match self {
            Region::All => char_bit(c),
            Region::Title => TITLE_BIT + field_bit(c),
            Region::Agencies => AGENCY_BIT + field_bit(c),
        }
    }
}

#[inline]
fn field_bit(c: char) -> usize {
    ((c as u32).wrapping_mul(0x9E37_79B1) >> (32 - FIELD_BITS.trailing_zeros())) as usize
}

/// The bit of first letter `a` (0 for `a`).
#[inline]
pub fn first_bit(a: u32) -> usize {
    FIRST_BIT + a as usize
}

/// The bit of a char with first letter `a` followed by one with `b`.
#[inline]
pub fn pair_bit(a: u32, b: u32) -> usize {
    PAIR_BIT + (a * 26 + b) as usize
}

/// The bit of chars with first letters `a`, `b`, `c` in a row: the run's number among the
/// 26³ spread by a multiplicative hash.
#[inline]
pub fn run_bit(a: u32, b: u32, c: u32) -> usize {
    let run = (a * 26 + b) * 26 + c;
    RUN_BIT + (run.wrapping_mul(0x9E37_79B1) >> (32 - RUN_BITS.trailing_zeros())) as usize
}

/// One reform's bits, or a term's (the chars it needs).
#[derive(Clone, PartialEq, Eq)]
pub struct Signature([u64; WORDS]);

impl Default for Signature {
    fn default() -> Self {
        Signature([0; WORDS])
    }
}

impl Signature {
    /// Every bit set: turns nothing away.
    pub fn full() -> Self {
        Signature([u64::MAX; WORDS])
    }

    #[inline]
    pub fn set(&mut self, bit: usize) {
        self.0[bit >> 6] |= 1 << (bit & 63);
    }

    /// A char of a field in `region`, in the filter of every field and in the region's own,
    /// and its lower-case form for an ASCII capital (what case-insensitive terms look for).
    #[inline]
    pub fn insert_char(&mut self, c: char, region: Region) {
        self.set(char_bit(c));
        if region != Region::All {
            self.set(region.bit(c));
        }
        if c.is_ascii_uppercase() {
            self.insert_char(c.to_ascii_lowercase(), region);
        }
    }
}

/// The bits a term's chars need in the char filter of each region, worked out once per
/// query rather than for every reform asked.
pub struct Needs([Vec<usize>; 3]);

impl Needs {
    pub fn of(text: &str) -> Needs {
        let regions = [Region::All, Region::Title, Region::Agencies];
        Needs(regions.map(|region| {
            let mut bits: Vec<usize> = text.chars().map(|c| region.bit(c)).collect();
            bits.sort_unstable();
            bits.dedup();
            bits
        }))
    }

    fn bits(&self, region: Region) -> &[usize] {
        &self.0[region as usize]
    }
}

/// A set of reforms that answers for each: a single reform's `bool`, or a catalog's
/// [`Mask`]. Filters are written once, over any of them.
pub trait Set: Sized {
    fn and(self, other: &Self) -> Self;
    fn or(self, other: &Self) -> Self;
    fn is_empty(&self) -> bool;
    /// Whether reform `index` is in the set (a single reform's set is about it alone).
    fn has(&self, index: usize) -> bool;
}

impl Set for bool {
    fn has(&self, _: usize) -> bool {
        *self
    }
    fn and(self, other: &bool) -> bool {
        self && *other
    }
    fn or(self, other: &bool) -> bool {
        self || *other
    }
    fn is_empty(&self) -> bool {
        !*self
    }
}

/// What filters ask their bits of: one reform's [`Signature`] or a catalog's [`Sliced`].
pub trait Bits {
    type Set: Set + Clone;
    /// The reforms whose signature has `bit`.
    fn bit(&self, bit: usize) -> Self::Set;
    fn all(&self) -> Self::Set;
    fn none(&self) -> Self::Set;

    /// The reforms that hold every char of a term in `region` by its char filter.
    fn covering(&self, needs: &Needs, region: Region) -> Self::Set {
        needs
            .bits(region)
            .iter()
            .fold(self.all(), |set, &bit| set.and(&self.bit(bit)))
    }
}

impl Bits for Signature {
    type Set = bool;
    fn bit(&self, bit: usize) -> bool {
        self.0[bit >> 6] >> (bit & 63) & 1 == 1
    }
    fn all(&self) -> bool {
        true
    }
    fn none(&self) -> bool {
        false
    }
}

/// A set of reforms of a catalog, a bit each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mask {
    words: Vec<u64>,
}

impl Mask {
    fn filled(len: usize, value: bool) -> Mask {
        let mut words = vec![if value { u64::MAX } else { 0 }; len.div_ceil(64)];
        if value && !len.is_multiple_of(64) {
            // No bit beyond the last reform.
            *words.last_mut().expect("a partial word") = (1 << (len % 64)) - 1;
        }
        Mask { words }
    }

    /// The reforms in the set, in order.
    pub fn indices(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.count());
        for (w, &word) in self.words.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                out.push(w * 64 + word.trailing_zeros() as usize);
                word &= word - 1;
            }
        }
        out
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }
}

impl Set for Mask {
    #[inline]
    fn has(&self, index: usize) -> bool {
        self.words
            .get(index >> 6)
            .is_some_and(|w| w >> (index & 63) & 1 == 1)
    }
    fn and(mut self, other: &Mask) -> Mask {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a &= b);
        self
    }
    fn or(mut self, other: &Mask) -> Mask {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a |= b);
        self
    }
    fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }
}

/// The signatures of a catalog, bit by bit: `words[bit * blocks + block]` holds `bit` of
/// reforms `64 × block` to `64 × block + 63`.
#[derive(Default)]
pub struct Sliced {
    words: Vec<u64>,
    blocks: usize,
    len: usize,
}

impl Sliced {
    /// The sliced signatures of `len` reforms and what else `make` gives of them, in
    /// order: `make` is given the reforms 64 at a time (on all cores when `parallel`) and
    /// returns their items and signatures. Each block of 64 is turned on its side as it is
    /// made, into one buffer block after block, which is then laid out bit after bit into
    /// another: two allocations of the final size, the first given back at the end.
    pub fn build<T: Send>(
        len: usize,
        parallel: bool,
        make: impl Fn(Range<usize>) -> (Vec<T>, Vec<Signature>) + Sync,
    ) -> (Sliced, Vec<T>) {
        let count = len.div_ceil(64);
        let mut by_block = vec![0u64; BITS * count];
        let block = |(b, out): (usize, &mut [u64])| {
            let (items, signatures) = make(b * 64..len.min(b * 64 + 64));
            debug_assert!(signatures.len() <= 64);
            turn(&signatures, out);
            items
        };
        let blocks: Vec<Vec<T>> = if parallel {
            by_block
                .par_chunks_mut(BITS)
                .enumerate()
                .map(block)
                .collect()
        } else {
            by_block.chunks_mut(BITS).enumerate().map(block).collect()
        };
        let mut words = vec![0u64; BITS * count];
        // 64 bits of every block at a time: a cache line of each block read in order, 64
        // rows written along.
        let tile = |(t, rows): (usize, &mut [u64])| {
            for (b, block) in by_block.chunks(BITS).enumerate() {
                for (i, &word) in block[t * 64..].iter().take(64).enumerate() {
                    rows[i * count + b] = word;
                }
            }
        };
        if count > 0 {
            if parallel {
                words.par_chunks_mut(64 * count).enumerate().for_each(tile);
            } else {
                words.chunks_mut(64 * count).enumerate().for_each(tile);
            }
        }
        drop(by_block);
        let sliced = Sliced {
            words,
            blocks: count,
            len,
        };
        (sliced, blocks.into_iter().flatten().collect())
    }
}

/// Up to 64 reforms' signatures turned on their side: bit `k` of `out[bit]` is reform
/// `k`'s `bit`. A 64 × 64 transposition per word of the signatures.
fn turn(signatures: &[Signature], out: &mut [u64]) {
    for w in 0..WORDS {
        let mut square = [0u64; 64];
        for (k, signature) in signatures.iter().enumerate() {
            square[k] = signature.0[w];
        }
        transpose(&mut square);
        for (word, &bits) in out[w * 64..].iter_mut().zip(&square) {
            *word = bits;
        }
    }
}

/// Transposes a 64 × 64 bit matrix (bit `c` of row `r` moves to bit `r` of row `c`) by
/// swapping ever smaller blocks across the diagonal.
fn transpose(rows: &mut [u64; 64]) {
    let mut width = 32;
    let mut mask: u64 = 0x0000_0000_FFFF_FFFF;
    while width != 0 {
        let mut k = 0;
        while k < 64 {
            let t = ((rows[k] >> width) ^ rows[k + width]) & mask;
            rows[k + width] ^= t;
            rows[k] ^= t << width;
            k = (k + width + 1) & !width;
        }
        width >>= 1;
        mask ^= mask << width;
    }
}

impl Bits for Sliced {
    type Set = Mask;
    fn bit(&self, bit: usize) -> Mask {
        Mask {
            words: self.words[bit * self.blocks..(bit + 1) * self.blocks].to_vec(),
        }
    }
    fn all(&self) -> Mask {
        Mask::filled(self.len, true)
    }
    fn none(&self) -> Mask {
        Mask::filled(self.len, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(chars: &str) -> Signature {
        let mut s = Signature::default();
        chars.chars().for_each(|c| s.insert_char(c, Region::Title));
        s
    }

    #[test]
    fn sliced_answers_as_each_signature() {
        // 130 reforms: two full blocks and a partial one.
        let texts: Vec<String> = (0..130)
            .map(|i| format!("{}{}", char::from_u32(0x4E00 + i % 7).unwrap(), i % 3))
            .collect();
        let signatures: Vec<Signature> = texts.iter().map(|t| signature(t)).collect();
        let (sliced, _) = Sliced::build(signatures.len(), false, |range| {
            (Vec::<()>::new(), signatures[range].to_vec())
        });
        let (parallel, _) = Sliced::build(signatures.len(), true, |range| {
            (Vec::<()>::new(), signatures[range].to_vec())
        });
        assert!(parallel.words == sliced.words);
        for term in ["一", "丁2", "七", "x", "", "一1丁"] {
            let needle = Needs::of(term);
            for region in [Region::All, Region::Title, Region::Agencies] {
                let mask = sliced.covering(&needle, region);
                for (i, s) in signatures.iter().enumerate() {
                    assert_eq!(mask.has(i), s.covering(&needle, region), "{term} {i}");
                }
                assert!(!mask.has(130) && !mask.has(1000));
                assert_eq!(mask.indices().len(), mask.count());
            }
        }
        assert_eq!(sliced.all().count(), 130);
        let everything = sliced.covering(&Needs::of(""), Region::All);
        assert_eq!(everything.indices(), (0..130).collect::<Vec<_>>());
        assert!(sliced.none().is_empty());
    }

    #[test]
    fn a_field_holds_what_was_written_in_its_region() {
        let mut s = Signature::default();
        "数据".chars().for_each(|c| s.insert_char(c, Region::Title));
        "海关"
            .chars()
            .for_each(|c| s.insert_char(c, Region::Agencies));
        "LNG".chars().for_each(|c| s.insert_char(c, Region::All));
        let has = |text: &str, region| s.covering(&Needs::of(text), region);
        assert!(has("数据", Region::Title) && has("数据", Region::All));
        assert!(!has("海关", Region::Title) && has("海关", Region::Agencies));
        assert!(has("数海", Region::All) && !has("数海", Region::Title));
        assert!(has("LNG", Region::All) && !has("LNG", Region::Title));
        // Capitals are found by their lower-case form too, not the other way round.
        assert!(has("lng", Region::All));
        let mut lower = Signature::default();
        "lng"
            .chars()
            .for_each(|c| lower.insert_char(c, Region::Title));
        assert!(!lower.covering(&Needs::of("LNG"), Region::All));
    }

    #[test]
    fn a_square_is_transposed() {
        let mut seed = 0x1234_5678_9ABC_DEF0u64;
        let mut rows = [0u64; 64];
        for row in &mut rows {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *row = seed;
        }
        let mut turned = rows;
        transpose(&mut turned);
        for (r, row) in rows.iter().enumerate() {
            for (c, column) in turned.iter().enumerate() {
                assert_eq!(row >> c & 1, column >> r & 1, "{r} {c}");
            }
        }
    }

    #[test]
    fn the_bits_do_not_overlap() {
        assert!(char_bit('\u{10FFFF}') < FIRST_BIT && char_bit('数') < FIRST_BIT);
        assert_eq!(first_bit(25) + 1, PAIR_BIT);
        assert_eq!(pair_bit(25, 25) + 1, RUN_BIT);
        let runs = (0..26 * 26 * 26).map(|r| run_bit(r / 676, r / 26 % 26, r % 26));
        assert!(runs.clone().all(|b| (RUN_BIT..BITS).contains(&b)));
        // The hash spreads the runs over nearly every bit.
        let used: std::collections::HashSet<usize> = runs.collect();
        assert!(used.len() > RUN_BITS * 9 / 10, "{}", used.len());
    }
}
