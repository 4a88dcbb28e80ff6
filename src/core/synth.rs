//! Synthetic catalogs for benchmarks: the real reforms' sentences, titles, scopes and
//! agencies recombined by a seeded generator, so that every run sees the same data.
//! Used by `examples/synth.rs` and `benches/search.rs`; not part of the program proper.

use crate::core::catalog::{Reform, Text};

/// SplitMix64: tiny, deterministic on every platform, and enough to shuffle sentences.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The sentences of a content, each with its closing 。 or ；.
fn sentences(content: &str) -> impl Iterator<Item = &str> {
    content
        .split_inclusive(['。', '；'])
        .filter(|s| !s.trim().is_empty())
}

/// `n` reforms numbered from 1, made of `source`'s parts. Titles join the first half of one
/// real title to the second half of another; contents take two to five real sentences.
/// Returns nothing when `source` is empty.
pub fn generate(source: &[Reform], n: usize, seed: u64) -> Vec<Reform> {
    let sentences: Vec<&str> = source.iter().flat_map(|r| sentences(&r.content)).collect();
    let titles: Vec<Vec<char>> = source.iter().map(|r| r.title.chars().collect()).collect();
    let scopes: Vec<&str> = source.iter().map(|r| r.scope.as_str()).collect();
    let mut agencies: Vec<&str> = source
        .iter()
        .flat_map(|r| r.agencies.iter().map(Text::as_str))
        .collect();
    agencies.sort_unstable();
    agencies.dedup();
    if sentences.is_empty() || agencies.is_empty() {
        return Vec::new();
    }
    let mut rng = Rng(seed);
    (1..=n)
        .map(|number| {
            let (a, b) = (rng.pick(&titles), rng.pick(&titles));
            let title: String = a[..a.len() / 2].iter().chain(&b[b.len() / 2..]).collect();
            let count = 2 + rng.below(4);
            let content: String = (0..count).map(|_| *rng.pick(&sentences)).collect();
            let mut chosen: Vec<String> = Vec::new();
            for _ in 0..1 + rng.below(3) {
                let agency = rng.pick(&agencies).to_string();
                if !chosen.contains(&agency) {
                    chosen.push(agency);
                }
            }
            Reform {
                number: u32::try_from(number).unwrap_or(u32::MAX),
                title: title.into(),
                content: content.into(),
                scope: Text::from(*rng.pick(&scopes)),
                agencies: Text::all(chosen),
                lead: Vec::new(),
                document: None,
            }
        })
        .collect()
}

/// One reform per line: number, title, content, scope and agencies (joined by 、), separated
/// by tabs, for tools such as fzf that read lines. Tabs and line ends in fields become spaces.
pub fn to_records(reforms: &[Reform]) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::new();
    for r in reforms {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            r.number,
            clean(&r.title),
            clean(&r.content),
            clean(&r.scope),
            clean(&r.agencies.join("、"))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;

    #[test]
    fn deterministic_and_made_of_real_parts() {
        let real = Catalog::embedded().unwrap().reforms;
        let a = generate(&real, 50, 7);
        assert_eq!(a, generate(&real, 50, 7));
        assert_ne!(a, generate(&real, 50, 8));
        assert_eq!(a.len(), 50);
        assert_eq!(a[49].number, 50);
        let all: String = real.iter().map(|r| r.content.as_str()).collect();
        for r in &a {
            assert!(sentences(&r.content).all(|s| all.contains(s)));
            assert!(!r.agencies.is_empty());
        }
        assert_eq!(to_records(&a).lines().count(), 50);
        assert!(generate(&[], 5, 1).is_empty());
    }
}
