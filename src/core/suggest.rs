//! "Did you mean": the known names closest to a mistyped one, for agencies, scopes, settings
//! and actions alike.

/// Names closest to `given`: those containing it (or contained in it) first, then by edit
/// similarity over characters, which suits Chinese names.
pub fn nearest_names<'a>(given: &str, known: &[&'a str], limit: usize) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = known
        .iter()
        .map(|&name| {
            let contains = name.contains(given) || given.contains(name);
            let similarity = strsim::normalized_levenshtein(given, name);
            (
                if contains {
                    1.0 + similarity
                } else {
                    similarity
                },
                name,
            )
        })
        .filter(|(score, _)| *score > 0.3)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, name)| name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names_prefers_containment() {
        let known = ["天津海关", "天津海事局", "市商务局"];
        assert_eq!(nearest_names("海关", &known, 2)[0], "天津海关");
        assert_eq!(nearest_names("天津海事", &known, 1), vec!["天津海事局"]);
        assert!(nearest_names("xyz", &known, 3).is_empty());
    }
}
