//! The search engine shared by the interactive browser and `reforms list --query`: a query
//! in fzf's extended syntax, an index built once per catalog, ranked hits, and highlight
//! positions computed on demand for the rows on screen.
//!
//! Ranking. Each positive term scores where it matched best, by field first (title, then an
//! agency, then the content: a hit on a short label says more than one somewhere in a long
//! text), then by kind (a contiguous hit, then a scattered fuzzy hit, then a pinyin hit),
//! then by fuzzy-matcher's score for scattered hits and a bonus for a hit at the start of a
//! field, pinyin hits included. A pinyin hit spells a contiguous run of characters, so a
//! query typed in Chinese and the same query in pinyin rank the reforms both find alike. Alternatives take their best; the terms of a query add up. Equal scores keep
//! document order. Scores are coarse on purpose, so that equally good hits tie.

mod filter;
mod fold;
pub(crate) mod pinyin;
mod syntax;

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem;
use rayon::prelude::*;

use crate::core::catalog::{Reform, Text};
use filter::{Bits, Needs, Region, Set, Signature, Sliced};

pub use fold::{fold_char, fold_str};
pub use syntax::{Query, Term, TermKind};

/// Below this many candidates a search runs on one thread: spreading a few hundred cheap
/// checks over threads costs more than it saves.
const PARALLEL_FROM: usize = 2048;

const FIELD_TITLE: i64 = 3_000_000;
const FIELD_AGENCY: i64 = 2_000_000;
const FIELD_CONTENT: i64 = 1_000_000;
const KIND_CONTIGUOUS: i64 = 300_000;
const KIND_SCATTERED: i64 = 200_000;
const KIND_PINYIN: i64 = 100_000;
/// A hit at the very start of a field (`数据` in 数据跨境…) is the likeliest intent.
const START_BONUS: i64 = 1_000;
/// fuzzy-matcher's score is clamped into this band so that it never crosses a kind.
const FUZZY_BAND: i64 = 99_000;

/// One searchable field in its folded form.
struct Field {
    /// Folded text: full-width Latin, digits and punctuation as ASCII, case kept.
    text: Box<str>,
    /// `text` with ASCII lower-cased, only when that differs, for case-insensitive terms.
    lower: Option<Box<str>>,
    /// Whether the field has a Han character with a reading, so that pinyin is worth trying.
    han: bool,
    /// The compact pinyin of `text`.
    classes: pinyin::Compact,
}

impl Field {
    /// The field of `original`; its chars also go into the reform's signature, in the same
    /// pass that codes them for pinyin (building the index is most of the time it takes to
    /// open a big catalog).
    fn new(original: &str, signature: &mut pinyin::SignatureWriter) -> Field {
        let mut field = Field::folded(original);
        let mut compact = pinyin::CompactWriter::with_capacity(field.text.len() / 3 + 1);
        for c in field.text.chars() {
            compact.push(signature.push(c));
        }
        signature.end();
        field.classes = compact.finish();
        field.han = !field.classes.is_empty();
        field
    }

    /// The field of `original` with no compact pinyin, for a query without pinyin.
    fn folded(original: &str) -> Field {
        let text: Box<str> = fold_str(original).into();
        let lower = text
            .bytes()
            .any(|b| b.is_ascii_uppercase())
            .then(|| text.to_ascii_lowercase().into());
        Field {
            text,
            lower,
            han: false,
            classes: pinyin::Compact::default(),
        }
    }

    /// The text a term's `needle` is compared with.
    fn haystack(&self, term: &Term) -> &str {
        match (&self.lower, term.case_sensitive) {
            (Some(lower), false) => lower,
            _ => &self.text,
        }
    }
}

/// A term ready for a search: its substring finder built once, not per reform.
struct Compiled<'q> {
    term: &'q Term,
    /// The needle's chars: a reform whose signature lacks one cannot hold the needle.
    chars: Needs,
    /// SIMD substring search for `term.needle`; std's `str::find` was most of the time.
    finder: memmem::Finder<'q>,
    /// How the term can be spelt in pinyin, when it is letters.
    pinyin: Option<pinyin::Plan>,
    /// Whether the needle has more than one char, so that a field without it whole may
    /// still hold its chars scattered.
    scatters: bool,
}

impl<'q> Compiled<'q> {
    fn new(term: &'q Term) -> Self {
        Compiled {
            term,
            chars: Needs::of(&term.needle),
            finder: memmem::Finder::new(term.needle.as_bytes()),
            pinyin: term.pinyin.as_deref().map(pinyin::Plan::new),
            scatters: term.needle.chars().nth(1).is_some(),
        }
    }

    fn find(&self, hay: &str) -> Option<usize> {
        self.finder.find(hay.as_bytes())
    }
}

/// A reform's fields, folded and coded for pinyin.
struct Entry {
    title: Field,
    content: Field,
    agencies: Vec<Field>,
}

impl Entry {
    /// A reform's entry for a single search ([`SearchIndex::search_once`]): the folded
    /// text, and the compact pinyin only when the query has a term that can be pinyin, with
    /// its signature then (else one that turns nothing away: building it would cost more
    /// than the one reading it saves).
    fn once(title: &str, content: &str, agencies: &[Text], pinyin: bool) -> (Entry, Signature) {
        if pinyin {
            return Entry::new(title, content, agencies);
        }
        let field = |text: &str| Field::folded(text);
        let entry = Entry {
            title: field(title),
            content: field(content),
            agencies: agencies.iter().map(|a| field(a)).collect(),
        };
        (entry, Signature::full())
    }

    /// A reform's entry and signature.
    fn new(title: &str, content: &str, agencies: &[Text]) -> (Entry, Signature) {
        let mut signature = Signature::default();
        let mut writer = pinyin::SignatureWriter::new(&mut signature);
        writer.region(Region::Title);
        let title = Field::new(title, &mut writer);
        writer.region(Region::Agencies);
        let agencies: Vec<Field> = agencies
            .iter()
            .map(|a| Field::new(a, &mut writer))
            .collect();
        writer.region(Region::All);
        let content = Field::new(content, &mut writer);
        let entry = Entry {
            title,
            content,
            agencies,
        };
        (entry, signature)
    }
}

/// What a term's filters say of a reform, or of every reform of a catalog at once: which
/// hold its chars (so that it can match directly), in the title and in the agencies too,
/// and which can spell it in pinyin.
#[derive(Clone)]
struct Filtered<S> {
    direct: S,
    title: S,
    agencies: S,
    spelt: S,
}

/// What the filters say of one reform for one term.
#[derive(Clone, Copy)]
struct Pass {
    /// The reform holds the term's chars: it may match directly.
    direct: bool,
    /// The title holds them.
    title: bool,
    /// The agencies hold them.
    agencies: bool,
    /// The reform's pinyin may spell the term.
    spelt: bool,
}

impl<S: Set + Clone> Filtered<S> {
    fn of<B: Bits<Set = S>>(bits: &B, compiled: &Compiled) -> Filtered<S> {
        let direct = bits.covering(&compiled.chars, Region::All);
        Filtered {
            title: bits.covering(&compiled.chars, Region::Title).and(&direct),
            agencies: bits
                .covering(&compiled.chars, Region::Agencies)
                .and(&direct),
            direct,
            spelt: compiled
                .pinyin
                .as_ref()
                .map_or_else(|| bits.none(), |plan| plan.admits(bits)),
        }
    }

    /// What they say of reform `index`.
    fn pass(&self, index: usize) -> Pass {
        Pass {
            direct: self.direct.has(index),
            title: self.title.has(index),
            agencies: self.agencies.has(index),
            spelt: self.spelt.has(index),
        }
    }

    /// The filters of every term of a query.
    fn all<B: Bits<Set = S>>(bits: &B, plan: &[Vec<Compiled>]) -> Vec<Vec<Filtered<S>>> {
        plan.iter()
            .map(|group| group.iter().map(|c| Filtered::of(bits, c)).collect())
            .collect()
    }

    /// The reforms that can match every group: in each, a term that matches by absence or
    /// by the title's ends (which no filter answers for), or one its filters let through.
    fn candidates<B: Bits<Set = S>>(
        bits: &B,
        plan: &[Vec<Compiled>],
        filtered: &[Vec<Filtered<S>>],
    ) -> S {
        plan.iter()
            .zip(filtered)
            .fold(bits.all(), |set, (group, filters)| {
                let group = group.iter().zip(filters).fold(bits.none(), |any, (c, f)| {
                    let term = c.term;
                    if term.negated || !matches!(term.kind, TermKind::Fuzzy | TermKind::Exact) {
                        any.or(&bits.all())
                    } else {
                        any.or(&f.direct).or(&f.spelt)
                    }
                });
                set.and(&group)
            })
    }
}

/// How well a term matched one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Pinyin,
    Scattered,
    Contiguous,
}

impl Kind {
    fn weight(self) -> i64 {
        match self {
            Kind::Contiguous => KIND_CONTIGUOUS,
            Kind::Scattered => KIND_SCATTERED,
            Kind::Pinyin => KIND_PINYIN,
        }
    }
}

/// A ranked match: `index` points into the reforms the index was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
}

/// Char ranges to highlight, per field, into the original strings.
#[derive(Default, Clone, Debug, PartialEq)]
pub struct Highlights {
    pub title: Vec<Range<usize>>,
    pub content: Vec<Range<usize>>,
    /// One list per agency, in the reform's order.
    pub agencies: Vec<Vec<Range<usize>>>,
}

/// The reforms in searchable form. Build it once per catalog; searching never converts text.
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// The entries' signatures, bit by bit.
    sliced: Sliced,
    /// How many reforms it stands for: `entries.len()` once built.
    len: usize,
    matcher: SkimMatcherV2,
    /// Tells a [`Searcher`] that its remembered hits belong to another index.
    id: u64,
}

impl SearchIndex {
    /// Folds every field, on all cores for big catalogs, and makes sure the pinyin reading
    /// table is built. Reforms are taken 64 at a time, their signatures turned on their
    /// side as they are made (see [`Sliced::build`]).
    pub fn new(reforms: &[Reform]) -> SearchIndex {
        pinyin::prepare();
        let (sliced, entries) =
            Sliced::build(reforms.len(), reforms.len() >= PARALLEL_FROM, |range| {
                reforms[range]
                    .iter()
                    .map(|r| Entry::new(&r.title, &r.content, &r.agencies))
                    .unzip()
            });
        SearchIndex::with(entries, sliced, reforms.len())
    }

    /// The index of `len` reforms before it is built: it answers the empty query (every
    /// reform, in document order, nothing highlighted) and holds nothing. The browser draws
    /// its first screen with it while [`SearchIndex::new`] builds the real one beside it
    /// (most of the time it takes to open a big catalog); a query needs the real one.
    pub fn unbuilt(len: usize) -> SearchIndex {
        SearchIndex::with(Vec::new(), Sliced::default(), len)
    }

    fn with(entries: Vec<Entry>, sliced: Sliced, len: usize) -> SearchIndex {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        SearchIndex {
            entries,
            sliced,
            len,
            matcher: SkimMatcherV2::default().smart_case(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// False for [`SearchIndex::unbuilt`].
    pub fn is_built(&self) -> bool {
        self.entries.len() == self.len
    }

    /// The number of reforms indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no reform is indexed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Ranked hits among `candidates` (all when None; indices out of range are ignored),
    /// best first, ties in document order. The empty query matches all in document order.
    pub fn search(&self, query: &Query, candidates: Option<&[usize]>) -> Vec<Hit> {
        let never = AtomicBool::new(false);
        self.search_until(query, candidates, &never)
            .unwrap_or_default()
    }

    /// [`SearchIndex::search`], given up as soon as `stop` is set: None then. Every
    /// candidate looks at `stop` before it is scored, so a search that was overtaken by
    /// the next keystroke ends within one reform's work on each thread.
    pub fn search_until(
        &self,
        query: &Query,
        candidates: Option<&[usize]>,
        stop: &AtomicBool,
    ) -> Option<Vec<Hit>> {
        // Only the empty query can be answered without the index, every reform in range
        // scoring 0; anything else is asked of the built one (debug builds say so, release
        // builds find nothing).
        let built = self.is_built();
        debug_assert!(
            built || query.is_empty(),
            "a query asked of an unbuilt index"
        );
        if !built && !query.is_empty() {
            return Some(Vec::new());
        }
        if !built {
            let upto = candidates.map_or(self.len, <[usize]>::len);
            let hits = (0..upto)
                .map(|i| candidates.map_or(i, |c| c[i]))
                .filter(|&index| index < self.len)
                .map(|index| Hit { index, score: 0 });
            return Some(rank(hits.collect()));
        }
        let plan = plan(query);
        let plan = compile(&plan);
        // What the filters say of every reform, a few bits of each: the reforms to score,
        // and for each term which of them can match directly or by pinyin.
        let filtered = Filtered::all(&self.sliced, &plan);
        let admitted = Filtered::candidates(&self.sliced, &plan, &filtered);
        let candidates: Vec<usize> = match candidates {
            // The previous query's hits come in rank order; read in document order, the
            // entries are met as they lie in memory.
            Some(c) => {
                let mut c: Vec<usize> = c.iter().copied().filter(|&i| admitted.has(i)).collect();
                c.sort_unstable();
                c
            }
            None => admitted.indices(),
        };
        let score = |&index: &usize| {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let entry = self.entries.get(index)?;
            self.score(entry, &plan, |g, t| filtered[g][t].pass(index))
                .map(|score| Hit { index, score })
        };
        let hits: Vec<Hit> = if candidates.len() >= PARALLEL_FROM {
            candidates.par_iter().filter_map(score).collect()
        } else {
            candidates.iter().filter_map(score).collect()
        };
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        Some(rank(hits))
    }

    /// The hits of `query` among `reforms`, as [`SearchIndex::new`]'s index of them gives
    /// them, without keeping one: each reform is made searchable, scored and let go, on all
    /// cores for a big catalog. For a single search (`reforms list --query`), where an
    /// index would be built to be used once: the catalog's text is then held once, not
    /// twice, and the empty query folds nothing.
    pub fn search_once(reforms: &[Reform], query: &Query) -> Vec<Hit> {
        if query.is_empty() {
            return SearchIndex::unbuilt(reforms.len()).search(query, None);
        }
        pinyin::prepare();
        let scorer = SearchIndex::unbuilt(0);
        let plan = plan(query);
        let plan = compile(&plan);
        let pinyin = query.groups.iter().flatten().any(|t| t.pinyin.is_some());
        let score = |(index, r): (usize, &Reform)| {
            let (entry, signature) = Entry::once(&r.title, &r.content, &r.agencies, pinyin);
            scorer
                .score(&entry, &plan, |g, t| {
                    Filtered::of(&signature, &plan[g][t]).pass(0)
                })
                .map(|score| Hit { index, score })
        };
        let hits: Vec<Hit> = if reforms.len() >= PARALLEL_FROM {
            reforms.par_iter().enumerate().filter_map(score).collect()
        } else {
            reforms.iter().enumerate().filter_map(score).collect()
        };
        rank(hits)
    }

    /// Where `query` matches reform `index`, for drawing it; empty for an index out of range.
    /// Every field a positive term matches is marked, not only the one that ranked it.
    pub fn highlights(&self, index: usize, query: &Query) -> Highlights {
        let Some(entry) = self.entries.get(index) else {
            return Highlights::default();
        };
        let mut out = Highlights {
            agencies: vec![Vec::new(); entry.agencies.len()],
            ..Highlights::default()
        };
        for term in query.groups.iter().flatten().filter(|t| !t.negated) {
            match term.kind {
                TermKind::Fuzzy | TermKind::Exact => {
                    out.title.extend(self.field_ranges(&entry.title, term));
                    out.content.extend(self.field_ranges(&entry.content, term));
                    for (field, ranges) in entry.agencies.iter().zip(&mut out.agencies) {
                        ranges.extend(self.field_ranges(field, term));
                    }
                }
                _ => out.title.extend(anchored_range(&entry.title, term)),
            }
        }
        out.title = merge(out.title);
        out.content = merge(out.content);
        out.agencies = out.agencies.into_iter().map(merge).collect();
        out
    }

    /// The title's part of [`SearchIndex::highlights`], for a list row: the content and
    /// agencies a row does not show are not searched.
    pub fn title_highlights(&self, index: usize, query: &Query) -> Vec<Range<usize>> {
        let Some(entry) = self.entries.get(index) else {
            return Vec::new();
        };
        let mut title = Vec::new();
        for term in query.groups.iter().flatten().filter(|t| !t.negated) {
            match term.kind {
                TermKind::Fuzzy | TermKind::Exact => {
                    title.extend(self.field_ranges(&entry.title, term));
                }
                _ => title.extend(anchored_range(&entry.title, term)),
            }
        }
        merge(title)
    }

    /// The score of a reform, or None when it does not match every group. `filters` says
    /// what the filters let through of term `t` of group `g` for this reform.
    fn score(
        &self,
        entry: &Entry,
        plan: &[Vec<Compiled>],
        filters: impl Fn(usize, usize) -> Pass,
    ) -> Option<i64> {
        let mut total = 0;
        for (g, group) in plan.iter().enumerate() {
            total += group
                .iter()
                .enumerate()
                .filter_map(|(t, term)| self.term_score(entry, term, filters(g, t)))
                .max()?;
        }
        Some(total)
    }

    /// A field is read only where the filters let the term through: directly where it holds
    /// the term's chars, by pinyin where the reform's initials may spell it.
    fn term_score(&self, entry: &Entry, compiled: &Compiled, pass: Pass) -> Option<i64> {
        let term = compiled.term;
        if term.negated {
            return (!contains(entry, compiled, pass.direct)).then_some(0);
        }
        if !pass.direct && !pass.spelt {
            return None;
        }
        let spelt = pass.spelt;
        match term.kind {
            TermKind::Fuzzy | TermKind::Exact => {
                if (pass.title || spelt)
                    && let Some(s) = self.field_score(&entry.title, compiled, pass.title, spelt)
                {
                    return Some(FIELD_TITLE + s);
                }
                if (pass.agencies || spelt)
                    && let Some(s) = entry
                        .agencies
                        .iter()
                        .filter_map(|a| self.field_score(a, compiled, pass.agencies, spelt))
                        .max()
                {
                    return Some(FIELD_AGENCY + s);
                }
                self.field_score(&entry.content, compiled, pass.direct, spelt)
                    .map(|s| FIELD_CONTENT + s)
            }
            _ => anchored(&entry.title, term).then_some(FIELD_TITLE + KIND_CONTIGUOUS),
        }
    }

    /// How well a fuzzy or exact term matches one field: kind and quality.
    /// `direct` false: the reform lacks one of the term's chars, so only pinyin can match;
    /// `spelt` false: the reform's initials rule pinyin out.
    fn field_score(
        &self,
        field: &Field,
        compiled: &Compiled,
        direct: bool,
        spelt: bool,
    ) -> Option<i64> {
        let term = compiled.term;
        if direct {
            let hay = field.haystack(term);
            if let Some(at) = compiled.find(hay) {
                let bonus = if at == 0 { START_BONUS } else { 0 };
                return Some(Kind::Contiguous.weight() + bonus);
            }
            if term.kind == TermKind::Exact {
                return None;
            }
            // The cheap in-order check first: fuzzy-matcher's scoring is O(n·m), so it only
            // sees the shortest stretch of text that holds the term's chars in order. A
            // single char has no other order than the one just looked for.
            if compiled.scatters
                && let Some(window) = subsequence_window(hay, &term.needle)
                && let Some(score) = self.fuzzy_score(&field.text[window], term)
            {
                return Some(Kind::Scattered.weight() + score);
            }
        }
        let letters = term.pinyin.as_deref().filter(|_| spelt)?;
        let plan = compiled.pinyin.as_ref()?;
        if !(field.han && plan.may_match(&field.classes)) {
            return None;
        }
        // A term of initials is answered by the classes alone; any other is checked
        // reading by reading.
        let at_start = if plan.is_exact() {
            plan.starts(&field.classes)
        } else {
            if !pinyin::matches(&field.text, letters) {
                return None;
            }
            // A pinyin hit spells a run of characters, as a contiguous hit of those
            // characters does: the same start bonus, so that `shuju` ranks the reforms as
            // `数据` does. The letters spell at most as many characters as they are long.
            let head_end = field
                .text
                .char_indices()
                .nth(letters.len())
                .map_or(field.text.len(), |(at, _)| at);
            pinyin::ranges(&field.text[..head_end], letters)
                .first()
                .is_some_and(|r| r.start == 0)
        };
        Some(Kind::Pinyin.weight() + if at_start { START_BONUS } else { 0 })
    }

    fn fuzzy_score(&self, text: &str, term: &Term) -> Option<i64> {
        let score = self.matcher.fuzzy_match(text, &term.text)?;
        // Gap penalties can drive long scattered hits below zero; keep them in the band.
        Some((score + FUZZY_BAND / 2).clamp(0, FUZZY_BAND))
    }

    /// Highlight ranges of a fuzzy or exact term in one field: every occurrence if it
    /// occurs as a whole, else fuzzy-matcher's positions, else the pinyin hits.
    fn field_ranges(&self, field: &Field, term: &Term) -> Vec<Range<usize>> {
        let hay = field.haystack(term);
        // Char indices counted on from the previous hit: linear in the field, however many
        // hits it holds.
        let (mut byte, mut chars) = (0, 0);
        let mut found: Vec<Range<usize>> = hay
            .match_indices(term.needle.as_str())
            .map(|(at, s)| {
                chars += fold::char_index(&hay[byte..], at - byte);
                byte = at;
                chars..chars + s.chars().count()
            })
            .collect();
        if !found.is_empty() || term.kind == TermKind::Exact {
            return found;
        }
        // The same window as for ranking, so the marks show the hit that was scored.
        if let Some(window) = subsequence_window(hay, &term.needle)
            && let Some((_, indices)) = self
                .matcher
                .fuzzy_indices(&field.text[window.clone()], &term.text)
        {
            let base = fold::char_index(&field.text, window.start);
            found = indices
                .into_iter()
                .map(|i| base + i..base + i + 1)
                .collect();
            return merge(found);
        }
        match term.pinyin.as_deref() {
            Some(letters) if field.han => pinyin::ranges(&field.text, letters),
            Some(_) => found,
            None => found,
        }
    }
}

/// Best first, ties in document order, each reform once.
fn rank(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
    hits.dedup_by_key(|hit| hit.index);
    hits
}

/// The order groups are tried in: exact and anchored terms first, because they are cheap
/// and reject most reforms; then fuzzy groups, longest first as the most selective.
fn plan(query: &Query) -> Vec<&[Term]> {
    let mut plan: Vec<&[Term]> = query.groups.iter().map(Vec::as_slice).collect();
    plan.sort_by_key(|group| {
        let fuzzy = group
            .iter()
            .any(|t| t.kind == TermKind::Fuzzy && !t.negated);
        let len = group.iter().map(|t| t.text.len()).min().unwrap_or(0);
        (fuzzy, std::cmp::Reverse(len))
    });
    plan
}

fn compile<'q>(plan: &[&'q [Term]]) -> Vec<Vec<Compiled<'q>>> {
    plan.iter()
        .map(|group| group.iter().map(Compiled::new).collect())
        .collect()
}

/// Whether a negated term's text is present where its anchor says: anywhere for `!term`,
/// at the title's start or end for `!^term` and `!term$`. `direct` false: the reform lacks
/// one of its chars.
fn contains(entry: &Entry, compiled: &Compiled, direct: bool) -> bool {
    let term = compiled.term;
    match term.kind {
        TermKind::Fuzzy | TermKind::Exact if !direct => false,
        TermKind::Fuzzy | TermKind::Exact => std::iter::once(&entry.title)
            .chain(&entry.agencies)
            .chain(std::iter::once(&entry.content))
            .any(|field| compiled.find(field.haystack(term)).is_some()),
        _ => anchored(&entry.title, term),
    }
}

/// Whether an anchored term (`^term`, `term$`, `^term$`) holds for a field.
fn anchored(field: &Field, term: &Term) -> bool {
    let hay = field.haystack(term);
    let needle = term.needle.as_str();
    match term.kind {
        TermKind::Prefix => hay.starts_with(needle),
        TermKind::Suffix => hay.ends_with(needle),
        TermKind::Equal => hay == needle,
        TermKind::Fuzzy | TermKind::Exact => hay.contains(needle),
    }
}

fn anchored_range(field: &Field, term: &Term) -> Option<Range<usize>> {
    if !anchored(field, term) {
        return None;
    }
    let len = term.needle.chars().count();
    let total = field.text.chars().count();
    Some(match term.kind {
        TermKind::Suffix => total - len..total,
        _ => 0..len,
    })
}

/// The shortest stretch of `hay` (byte range) that holds the chars of `needle` in order,
/// found as fzf's first algorithm does: forwards to the first complete occurrence, then
/// backwards from its end to the latest start. None when the chars are not all there in
/// order. Each forward step is a memchr-backed `find`, so a miss costs a scan of bytes.
fn subsequence_window(hay: &str, needle: &str) -> Option<Range<usize>> {
    let bytes = hay.as_bytes();
    let mut utf8 = [0u8; 4];
    let mut end = 0;
    for c in needle.chars() {
        // A char's bytes, found as a string: std's search for a char looks for its last
        // byte, which in Chinese text is one of 64 continuation bytes, found every few chars.
        let c = c.encode_utf8(&mut utf8).as_bytes();
        end += memmem::find(&bytes[end..], c)? + c.len();
    }
    let mut start = end;
    for c in needle.chars().rev() {
        let c = c.encode_utf8(&mut utf8).as_bytes();
        start = memmem::rfind(&bytes[..start], c)?;
    }
    Some(start..end)
}

/// Sorted, with overlapping and touching ranges joined.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges.into_iter().filter(|r| r.start < r.end) {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Remembers the last query and its hits. When the next query only narrows it (more text
/// typed into its last term, or more terms, with alternatives and negations unchanged), it
/// searches the previous hits instead of the whole catalog.
///
/// A search can also run elsewhere (the browser runs the searches of a big catalog on a
/// thread of their own): [`Searcher::job`] says what to search, [`Job::run`] searches, and
/// [`Searcher::finish`] takes the answer back, as [`Searcher::search`] does in one go.
#[derive(Default)]
pub struct Searcher {
    last: Option<Last>,
    hits: Vec<Hit>,
}

struct Last {
    input: String,
    query: Query,
    index_id: u64,
}

/// One search to run, anywhere: the query, and the reforms it can be limited to because it
/// narrows the one answered last.
pub struct Job {
    input: String,
    query: Query,
    candidates: Option<Vec<usize>>,
    index_id: u64,
}

impl Job {
    /// The search line's text this job searches for.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Whether the job was made for `index`.
    pub fn is_for(&self, index: &SearchIndex) -> bool {
        index.id == self.index_id
    }

    /// The hits, as [`SearchIndex::search`] gives them, or None once `stop` is set. None
    /// too for another index than the one the job was made for.
    pub fn run(&self, index: &SearchIndex, stop: &AtomicBool) -> Option<Vec<Hit>> {
        if !self.is_for(index) {
            return None;
        }
        index.search_until(&self.query, self.candidates.as_deref(), stop)
    }
}

impl Searcher {
    pub fn new() -> Self {
        Self::default()
    }

    /// The ranked hits for `input`, as [`SearchIndex::search`] gives them.
    pub fn search(&mut self, index: &SearchIndex, input: &str) -> &[Hit] {
        if !self.has(index, input) {
            let job = self.job(index, input);
            let never = AtomicBool::new(false);
            let hits = job.run(index, &never).unwrap_or_default();
            self.finish(job, hits);
        }
        &self.hits
    }

    /// Whether the hits for `input` over `index` are at hand: [`Searcher::search`] answers
    /// them without searching.
    pub fn has(&self, index: &SearchIndex, input: &str) -> bool {
        self.last
            .as_ref()
            .is_some_and(|last| last.index_id == index.id && last.input == input)
    }

    /// What searching `input` over `index` takes, from what was answered last.
    pub fn job(&self, index: &SearchIndex, input: &str) -> Job {
        let query = Query::parse(input);
        let narrowing = self.last.as_ref().is_some_and(|last| {
            last.index_id == index.id && !last.query.is_empty() && query.narrows(&last.query)
        });
        let candidates = narrowing.then(|| self.hits.iter().map(|h| h.index).collect());
        Job {
            input: input.to_string(),
            query,
            candidates,
            index_id: index.id,
        }
    }

    /// Takes a job's hits as the answer for its input, the base the next narrowing query
    /// searches.
    pub fn finish(&mut self, job: Job, hits: Vec<Hit>) {
        self.hits = hits;
        self.last = Some(Last {
            input: job.input,
            query: job.query,
            index_id: job.index_id,
        });
    }
}

/// For the agency pane: whether `query` matches a short label, by characters (fuzzy, with
/// the query's operators) or by pinyin initials or full pinyin (`hg`, `haiguan` → 海关), and
/// where. Every group must match; the empty query matches with nothing highlighted.
pub fn match_label(query: &str, label: &str) -> Option<Vec<Range<usize>>> {
    let query = Query::parse(query);
    // A one-label index: the label takes the title's place, so `^` and `$` anchor on it.
    let (entry, signature) = Entry::new(label, "", &[]);
    let plan = compile(&plan(&query));
    let index = SearchIndex::with(vec![entry], Sliced::default(), 1);
    index.score(&index.entries[0], &plan, |g, t| {
        Filtered::of(&signature, &plan[g][t]).pass(0)
    })?;
    Some(index.highlights(0, &query).title)
}

#[cfg(test)]
mod tests;
