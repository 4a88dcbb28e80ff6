//! The overview: how many of some reforms each agency and each scope has. One pure function
//! serves the browser's chart (`o`) and `reforms stats`, so the two always agree.

use std::collections::HashMap;

use crate::core::catalog::{Catalog, Reform};
use crate::core::text;

/// A bar of the overview: an agency or a scope and its reforms among those counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Index into `Catalog::agencies()` or `Catalog::scopes()`.
    pub index: usize,
    pub name: String,
    pub count: usize,
}

/// Counts over a set of reforms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overview {
    pub total: usize,
    /// Agencies with at least one of the reforms, most first, ties in catalog order.
    pub agencies: Vec<Tally>,
    /// Scopes with at least one of the reforms, most first, ties in catalog order.
    pub scopes: Vec<Tally>,
}

impl Overview {
    /// The counts over `reforms`, which must belong to `catalog`.
    pub fn of<'a>(catalog: &Catalog, reforms: impl IntoIterator<Item = &'a Reform>) -> Overview {
        let agency_at: HashMap<&str, usize> = catalog
            .agencies()
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.as_str(), i))
            .collect();
        let scope_at: HashMap<&str, usize> = catalog
            .scopes()
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), i))
            .collect();
        let mut agencies = vec![0usize; catalog.agencies().len()];
        let mut scopes = vec![0usize; catalog.scopes().len()];
        let mut total = 0;
        for reform in reforms {
            total += 1;
            for agency in &reform.agencies {
                if let Some(&i) = agency_at.get(agency.as_str()) {
                    agencies[i] += 1;
                }
            }
            if let Some(&i) = scope_at.get(reform.scope.as_str()) {
                scopes[i] += 1;
            }
        }
        let names = |i: usize| catalog.agencies()[i].name.clone();
        let scope_names = |i: usize| catalog.scopes()[i].name.clone();
        Overview {
            total,
            agencies: tallies(&agencies, names),
            scopes: tallies(&scopes, scope_names),
        }
    }

    /// The largest count in `tallies`, at least 1: the full length of a bar.
    pub fn largest(tallies: &[Tally]) -> usize {
        tallies.iter().map(|t| t.count).max().unwrap_or(0).max(1)
    }

    /// The display width of the longest agency or scope name: one column for both sections,
    /// so that the counts (and the bars) line up across them.
    pub fn name_width(&self) -> usize {
        self.agencies
            .iter()
            .chain(&self.scopes)
            .map(|t| text::str_width(&t.name))
            .max()
            .unwrap_or(0)
    }

    /// The digits of the largest count there can be, the total.
    pub fn count_width(&self) -> usize {
        self.total.to_string().len()
    }

    /// The overview as aligned text: a line for the total, then each agency and each scope
    /// with its count, names padded by display width so the counts line up.
    pub fn to_text(&self, total_label: &str, agencies_label: &str, scopes_label: &str) -> String {
        let name_width = self.name_width();
        let count_width = self.count_width();
        let mut out = format!("{total_label}: {}\n", self.total);
        for (label, list) in [
            (agencies_label, &self.agencies),
            (scopes_label, &self.scopes),
        ] {
            out.push_str(&format!("\n{label}\n"));
            for tally in list {
                out.push_str(&format!(
                    "  {}  {:>count_width$}\n",
                    text::fit(&tally.name, name_width),
                    tally.count
                ));
            }
        }
        out
    }

    /// The overview as JSON: `{"total", "agencies": [{"name", "count"}], "scopes": [...]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let list = |tallies: &[Tally]| -> Vec<serde_json::Value> {
            tallies
                .iter()
                .map(|t| serde_json::json!({ "name": t.name, "count": t.count }))
                .collect()
        };
        serde_json::json!({
            "total": self.total,
            "agencies": list(&self.agencies),
            "scopes": list(&self.scopes),
        })
    }
}

/// The non-zero counts, most first; the sort is stable, so ties keep catalog order.
fn tallies(counts: &[usize], name: impl Fn(usize) -> String) -> Vec<Tally> {
    let mut list: Vec<Tally> = counts
        .iter()
        .enumerate()
        .filter(|&(_, &count)| count > 0)
        .map(|(index, &count)| Tally {
            index,
            name: name(index),
            count,
        })
        .collect();
    list.sort_by_key(|t| std::cmp::Reverse(t.count));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_over_the_whole_catalog_equal_the_catalogs_own() {
        let catalog = Catalog::embedded().unwrap();
        let overview = Overview::of(&catalog, &catalog.reforms);
        assert_eq!(overview.total, catalog.reforms.len());
        let agencies: Vec<(&str, usize)> = overview
            .agencies
            .iter()
            .map(|t| (t.name.as_str(), t.count))
            .collect();
        let expected: Vec<(&str, usize)> = catalog
            .agencies()
            .iter()
            .map(|a| (a.name.as_str(), a.count))
            .collect();
        assert_eq!(agencies, expected);
        let scope_total: usize = overview.scopes.iter().map(|t| t.count).sum();
        assert_eq!(scope_total, catalog.reforms.len());
    }

    #[test]
    fn only_agencies_of_the_chosen_reforms_most_first() {
        let catalog = Catalog::embedded().unwrap();
        let chosen: Vec<&Reform> = catalog
            .reforms
            .iter()
            .filter(|r| r.agencies.iter().any(|a| a == "天津海关"))
            .collect();
        let overview = Overview::of(&catalog, chosen.iter().copied());
        assert_eq!(overview.total, 4);
        assert_eq!(overview.agencies[0].name, "天津海关");
        assert_eq!(overview.agencies[0].count, 4);
        assert!(overview.agencies.iter().all(|t| t.count > 0));
        assert!(
            overview.agencies.windows(2).all(|w| w[0].count > w[1].count
                || (w[0].count == w[1].count && w[0].index < w[1].index))
        );
    }

    #[test]
    fn text_aligns_counts_by_display_width() {
        let catalog = Catalog::embedded().unwrap();
        let text = Overview::of(&catalog, &catalog.reforms).to_text("total", "agencies", "scopes");
        let widths: Vec<usize> = text
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(crate::core::text::str_width)
            .collect();
        assert!(widths.len() > 2);
        assert!(widths.iter().all(|&w| w == widths[0]), "{text}");
    }
}
