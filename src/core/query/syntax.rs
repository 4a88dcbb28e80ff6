//! The query language, fzf's extended syntax: space-separated terms that must all match,
//! `|` between terms for alternatives, and the `'` `^` `$` `!` operators.

use super::fold;

/// How a term is compared with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// Characters in order, gaps allowed; a term of ASCII letters also matches by pinyin.
    Fuzzy,
    /// `'term`: a substring of the title, content or an agency.
    Exact,
    /// `^term`: the title starts with it.
    Prefix,
    /// `term$`: the title ends with it.
    Suffix,
    /// `^term$`: the title is exactly it.
    Equal,
}

/// One term of a query, its operators removed and its text folded to the index's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    /// `!term`: the reform must not match (always compared exactly, as in fzf).
    pub negated: bool,
    /// The folded text, case kept; what fuzzy-matcher is given.
    pub text: String,
    /// `text` lower-cased unless the term is case-sensitive: what substrings are compared with.
    pub needle: String,
    /// Smart case: an upper-case Latin letter makes the term case-sensitive.
    pub case_sensitive: bool,
    /// The lower-cased letters when the term is all ASCII letters, for matching by pinyin.
    pub pinyin: Option<Vec<u8>>,
}

impl Term {
    fn new(kind: TermKind, negated: bool, raw: &str) -> Term {
        let text = fold::fold_str(raw);
        let case_sensitive = text.chars().any(|c| c.is_ascii_uppercase());
        let needle = if case_sensitive {
            text.clone()
        } else {
            text.to_ascii_lowercase()
        };
        // Pinyin only for plain fuzzy terms: the operators ask for the characters themselves.
        let pinyin = (kind == TermKind::Fuzzy
            && !negated
            && text.len() < 64
            && text.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| text.to_ascii_lowercase().into_bytes());
        Term {
            kind,
            negated,
            text,
            needle,
            case_sensitive,
            pinyin,
        }
    }

    /// Whether every reform this term accepts is also accepted by `old`, so that a search
    /// for it may be run over `old`'s hits only.
    fn narrows(&self, old: &Term) -> bool {
        if self == old {
            return true;
        }
        if self.negated || old.negated || self.kind != old.kind {
            return false;
        }
        // A case-sensitive term accepts a subset of what its case-insensitive form accepts;
        // the other way round is not a narrowing.
        if old.case_sensitive && !self.case_sensitive {
            return false;
        }
        // Compared as the old term compares: exactly when it was case-sensitive.
        let new = if old.case_sensitive {
            self.text.clone()
        } else {
            self.text.to_ascii_lowercase()
        };
        match self.kind {
            // A longer pattern in order (or pinyin spelt further) implies the shorter one; a
            // new term that is no longer all letters matches directly only, a subset too.
            TermKind::Fuzzy | TermKind::Exact | TermKind::Prefix => new.starts_with(&old.needle),
            TermKind::Suffix => new.ends_with(&old.needle),
            TermKind::Equal => false,
        }
    }
}

/// A parsed query: groups that must all match (AND), each a set of alternatives (OR).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub(crate) groups: Vec<Vec<Term>>,
}

impl Query {
    /// Parses fzf's extended syntax. Never fails: an operator with nothing to apply to is
    /// taken as text, and a trailing `|` (an alternative still being typed) is ignored.
    pub fn parse(input: &str) -> Query {
        let mut groups: Vec<Vec<Term>> = Vec::new();
        let mut after_bar = false;
        for token in input
            .split([' ', '\u{3000}'])
            .filter(|token| !token.is_empty())
        {
            if token == "|" && !groups.is_empty() && !after_bar {
                after_bar = true;
                continue;
            }
            let term = parse_term(token);
            match groups.last_mut() {
                Some(group) if after_bar => group.push(term),
                _ => groups.push(vec![term]),
            }
            after_bar = false;
        }
        Query { groups }
    }

    /// True when the query has no terms, and so matches every reform in document order.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The AND-groups of alternatives, for callers that want to show the parsed query.
    pub fn groups(&self) -> &[Vec<Term>] {
        &self.groups
    }

    /// Whether every reform matching `self` also matches `old`: true when `self` keeps
    /// `old`'s groups, may spell out the positive terms of its last group further, and may
    /// add groups. Negations must stay as they were: a longer one excludes less.
    pub fn narrows(&self, old: &Query) -> bool {
        if old.groups.len() > self.groups.len() {
            return false;
        }
        let Some((old_last, old_rest)) = old.groups.split_last() else {
            return true;
        };
        if self.groups[..old_rest.len()] != *old_rest {
            return false;
        }
        let new_group = &self.groups[old_rest.len()];
        // Each alternative the same or narrower: the group accepts no more than before.
        old_last.len() == new_group.len()
            && new_group
                .iter()
                .zip(old_last)
                .all(|(new, old)| new.narrows(old))
    }
}

/// One token to a term. fzf's order: `!` first, then a trailing `$`, then a leading `'` or
/// `^`. An operator that would leave the term empty is kept as text.
fn parse_term(token: &str) -> Term {
    let (negated, rest) = match token.strip_prefix('!') {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, token),
    };
    let (suffix, rest) = match rest.strip_suffix('$') {
        Some(inner) if !inner.is_empty() => (true, inner),
        _ => (false, rest),
    };
    let (kind, text) = if let Some(inner) = rest.strip_prefix('\'').filter(|s| !s.is_empty()) {
        // `'term$` keeps the suffix anchor; the quote only says "not fuzzy".
        (
            if suffix {
                TermKind::Suffix
            } else {
                TermKind::Exact
            },
            inner,
        )
    } else if let Some(inner) = rest.strip_prefix('^').filter(|s| !s.is_empty()) {
        (
            if suffix {
                TermKind::Equal
            } else {
                TermKind::Prefix
            },
            inner,
        )
    } else if suffix {
        (TermKind::Suffix, rest)
    } else if negated {
        (TermKind::Exact, rest)
    } else {
        (TermKind::Fuzzy, rest)
    };
    Term::new(kind, negated, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(q: &str) -> Vec<Vec<(TermKind, bool, String)>> {
        Query::parse(q)
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| (t.kind, t.negated, t.text.clone()))
                    .collect()
            })
            .collect()
    }

    use TermKind::*;

    #[test]
    fn operators() {
        assert_eq!(
            kinds("a 'b ^c d$ !e !^f !g$ ^h$"),
            vec![
                vec![(Fuzzy, false, "a".into())],
                vec![(Exact, false, "b".into())],
                vec![(Prefix, false, "c".into())],
                vec![(Suffix, false, "d".into())],
                vec![(Exact, true, "e".into())],
                vec![(Prefix, true, "f".into())],
                vec![(Suffix, true, "g".into())],
                vec![(Equal, false, "h".into())],
            ]
        );
    }

    #[test]
    fn or_binds_tighter_than_and() {
        assert_eq!(
            kinds("a b | c"),
            vec![
                vec![(Fuzzy, false, "a".into())],
                vec![(Fuzzy, false, "b".into()), (Fuzzy, false, "c".into())],
            ]
        );
        assert_eq!(kinds("邮轮　|　飞机")[0].len(), 2, "U+3000 separates terms");
    }

    #[test]
    fn lone_operators_are_text() {
        for op in ["!", "'", "^", "$", "|"] {
            assert_eq!(
                kinds(op),
                vec![vec![(Fuzzy, false, op.to_string())]],
                "{op}"
            );
        }
        assert_eq!(kinds("!'")[0][0], (Exact, true, "'".into()));
        assert_eq!(
            kinds("a | | b")[0].len(),
            2,
            "a bar right after a bar is text"
        );
        assert_eq!(kinds("a |"), vec![vec![(Fuzzy, false, "a".into())]]);
    }

    #[test]
    fn empty_and_blank() {
        assert!(Query::parse("").is_empty());
        assert!(Query::parse("  \u{3000} ").is_empty());
        assert!(!Query::parse("x").is_empty());
    }

    #[test]
    fn smart_case_and_folding() {
        let q = Query::parse("ＦＴ ft");
        assert_eq!(q.groups[0][0].text, "FT");
        assert!(q.groups[0][0].case_sensitive);
        assert!(!q.groups[1][0].case_sensitive);
        assert_eq!(q.groups[0][0].pinyin.as_deref(), Some(&b"ft"[..]));
    }

    #[test]
    fn narrowing() {
        let n = |new: &str, old: &str| Query::parse(new).narrows(&Query::parse(old));
        assert!(n("数据跨", "数据"));
        assert!(n("数据 跨境", "数据"));
        assert!(n("数据 ", "数据"));
        assert!(n("a | b c", "a | b"));
        assert!(n("'ab", "'a"));
        assert!(n("sjK", "sj"));
        assert!(!n("sj", "sjK"));
        assert!(n("a | bc", "a | b"), "an alternative spelt further");
        assert!(!n("a | b | c", "a | b"), "a new alternative widens");
        assert!(!n("a |", "a b"));
        assert!(!n("!ab", "!a"), "a longer negation excludes less");
        assert!(!n("!a", "!"));
        assert!(!n("ab$c", "ab$"));
        assert!(!n("数", "数据"));
        assert!(n("x", ""));
    }
}
