//! What is shown: a search, checked agencies (any or all of them) and a scope. One type says
//! it for the command line (`list`, `stats`, `show`), the browser, its overview and the
//! remembered session, and one function applies it, so they always show the same reforms in
//! the same order.

use serde::{Deserialize, Serialize};

use crate::core::catalog::Catalog;
use crate::core::query::{Hit, Query, SearchIndex, Searcher};
use crate::core::suggest::nearest_names;

/// Whether a reform must have any or all of the checked agencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgencyMatch {
    #[default]
    Any,
    All,
}

impl AgencyMatch {
    /// The other one: what `m` in the agency pane switches to.
    pub fn toggled(self) -> AgencyMatch {
        match self {
            AgencyMatch::Any => AgencyMatch::All,
            AgencyMatch::All => AgencyMatch::Any,
        }
    }
}

/// Which role of the checked agencies counts: any (负责单位, lead or co-operating), or lead
/// (牵头单位) only, for "the items we lead".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgencyRole {
    #[default]
    Any,
    Lead,
}

impl AgencyRole {
    /// The other one: what `l` in the agency pane switches to.
    pub fn toggled(self) -> AgencyRole {
        match self {
            AgencyRole::Any => AgencyRole::Lead,
            AgencyRole::Lead => AgencyRole::Any,
        }
    }

    fn is_any(&self) -> bool {
        *self == AgencyRole::Any
    }
}

/// Which reforms are shown, and in which order. Agencies and the scope are kept by name, so
/// that a selection outlives the catalog it was made on (a remembered session, a dataset
/// edited since); names a catalog lacks match nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Selection {
    /// The search, in fzf's extended syntax; empty shows every reform in document order.
    pub query: String,
    /// Checked agencies, by name; none lets every agency through.
    pub agencies: Vec<String>,
    pub agency_match: AgencyMatch,
    /// Whether the checked agencies must lead the reform (牵头单位) or may have any role;
    /// the agency counts follow it.
    #[serde(skip_serializing_if = "AgencyRole::is_any")]
    pub role: AgencyRole,
    /// Checked documents of a library, by name (see `Catalog::batch_index`); none lets
    /// every document through.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    /// The chosen scope, by name; none is every scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// A selection applied to a catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    /// Positions in `Catalog::reforms`: best match first with a query, ties and an empty
    /// query in document order.
    pub reforms: Vec<usize>,
    /// For each agency of `Catalog::agencies()`, its reforms (those it leads, when the role
    /// is lead) among those the search and the scope let through, before the agency filter:
    /// what checking it would add.
    pub agency_counts: Vec<usize>,
    /// For each document of `Catalog::batches()`, its reforms among those the search, the
    /// scope and the agencies let through, before the document filter.
    pub document_counts: Vec<usize>,
}

/// A name the catalog does not have, with the nearest ones it has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", unknown_message(self))]
pub struct UnknownName {
    /// `agency`, `lead agency` or `scope`.
    pub what: &'static str,
    pub given: String,
    /// Up to three names close to `given`, closest first.
    pub nearest: Vec<String>,
    /// Every name the catalog has, in its order.
    pub known: Vec<String>,
    /// The names `given` is part of, or matches in pinyin, when there are several: it is
    /// ambiguous rather than unknown.
    pub candidates: Vec<String>,
}

impl UnknownName {
    /// The field's label in the source table: 负责单位, 推广范围.
    pub fn label(&self) -> &'static str {
        match self.what {
            "agency" => "负责单位",
            "lead agency" => "牵头单位",
            "document" => "文件",
            _ => "推广范围",
        }
    }
}

fn unknown_message(e: &UnknownName) -> String {
    let (what, label, given) = (e.what, e.label(), &e.given);
    if !e.candidates.is_empty() {
        let candidates = e.candidates.join(" ");
        return crate::say!(
            "{what} ({label}) {given:?} could be any of: {candidates}\n  give more of the name",
            "{label} “{given}” 可指以下任一: {candidates}\n  请写出更多字"
        );
    }
    let mut message = crate::say!(
        "unknown {what} ({label}) {given:?}",
        "未知的{label} “{given}”"
    );
    if !e.nearest.is_empty() {
        let nearest = e.nearest.join(", ");
        message.push_str(&crate::say!(
            "; did you mean: {nearest}?",
            "; 是否指: {nearest}?"
        ));
    }
    let known: Vec<&str> = e.known.iter().take(40).map(String::as_str).collect();
    if known.is_empty() && e.what == "lead agency" {
        message.push_str(&crate::say!(
            "\n  the dataset names no lead agencies: its documents do not separate 牵头单位 from 配合单位; use --agency",
            "\n  数据集未标明牵头单位: 其文件未区分牵头单位与配合单位; 请用 --agency"
        ));
    } else {
        let known = known.join(" ");
        message.push_str(&crate::say!("\n  known: {known}", "\n  已有: {known}"));
    }
    message
}

/// The name of `known` that `given` stands for: the name itself; else the one name that
/// holds it (`海关` for 天津海关) or that it spells in pinyin, whole or by initials
/// (`tjhg`, `haiguan`). `Err` holds every name it could stand for: none (unknown) or
/// several (ambiguous).
pub fn resolve_name<'a>(given: &str, known: &[&'a str]) -> Result<&'a str, Vec<&'a str>> {
    let given = given.trim();
    if let Some(name) = known.iter().find(|n| **n == given) {
        return Ok(name);
    }
    if given.is_empty() {
        return Err(Vec::new());
    }
    let holding: Vec<&str> = known
        .iter()
        .copied()
        .filter(|n| n.contains(given))
        .collect();
    let found = if !holding.is_empty() {
        holding
    } else if given.bytes().all(|b| b.is_ascii_alphabetic()) {
        let term = given.to_ascii_lowercase();
        known
            .iter()
            .copied()
            .filter(|n| crate::core::query::pinyin::matches(n, term.as_bytes()))
            .collect()
    } else {
        Vec::new()
    };
    match found.as_slice() {
        [one] => Ok(one),
        _ => Err(found),
    }
}

/// One facet of what is shown, as every description of a selection names it: the status
/// bar, the notice of a restored session, and the line a report states what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Facet {
    /// The search, as typed.
    Query(String),
    /// The checked documents of a library.
    Documents(Vec<String>),
    /// The checked agencies, in any role or as lead, and whether a reform must have all of
    /// them.
    Agencies {
        names: Vec<String>,
        role: AgencyRole,
        all: bool,
    },
    Scope(String),
    /// The statuses shown (worded by the caller, which tracks them).
    Status(Vec<String>),
    /// Only reforms past a deadline with the work open.
    Overdue,
    /// How many reforms are marked, and whether only they are shown.
    Marks {
        count: usize,
        only: bool,
    },
}

/// What a description holds beyond the selection itself: the status facet and the marks,
/// which the browser and the ledger keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Beyond {
    pub statuses: Vec<String>,
    pub overdue: bool,
    pub marks: usize,
    pub marked_only: bool,
}

impl Selection {
    /// Its facets in the one order every description follows: the query as typed, the
    /// documents, the agencies with their role and any/all, the scope, the status facet,
    /// the marks. Empty when it shows every reform.
    pub fn facets(&self, beyond: &Beyond) -> Vec<Facet> {
        let mut facets = Vec::new();
        let query = self.query.trim();
        if !query.is_empty() {
            facets.push(Facet::Query(query.to_string()));
        }
        if !self.documents.is_empty() {
            facets.push(Facet::Documents(self.documents.clone()));
        }
        if !self.agencies.is_empty() {
            facets.push(Facet::Agencies {
                names: self.agencies.clone(),
                role: self.role,
                all: self.agency_match == AgencyMatch::All,
            });
        }
        if let Some(scope) = &self.scope {
            facets.push(Facet::Scope(scope.clone()));
        }
        if !beyond.statuses.is_empty() {
            facets.push(Facet::Status(beyond.statuses.clone()));
        }
        if beyond.overdue {
            facets.push(Facet::Overdue);
        }
        if beyond.marks > 0 || beyond.marked_only {
            facets.push(Facet::Marks {
                count: beyond.marks,
                only: beyond.marked_only,
            });
        }
        facets
    }
}

impl Selection {
    /// The agencies and the scope as the catalog spells them, for names given in part or
    /// in pinyin (see [`resolve_name`]); then [`check`](Selection::check). An ambiguous
    /// name is an error listing what it could be.
    pub fn resolve(&mut self, catalog: &Catalog) -> Result<(), UnknownName> {
        let (what, agencies) = self.agency_names(catalog);
        for agency in &mut self.agencies {
            match resolve_name(agency, &agencies) {
                Ok(name) => *agency = name.to_string(),
                Err(candidates) if candidates.len() > 1 => {
                    return Err(ambiguous(what, agency, &candidates));
                }
                Err(_) => {}
            }
        }
        if let Some(scope) = &mut self.scope {
            let scopes: Vec<&str> = catalog.scopes().iter().map(|s| s.name.as_str()).collect();
            match resolve_name(scope, &scopes) {
                Ok(name) => *scope = name.to_string(),
                Err(candidates) if candidates.len() > 1 => {
                    return Err(ambiguous("scope", scope, &candidates));
                }
                Err(_) => {}
            }
        }
        self.check(catalog)
    }

    /// The names an agency may be given by in the selection's role, with how errors name
    /// them.
    fn agency_names<'a>(&self, catalog: &'a Catalog) -> (&'static str, Vec<&'a str>) {
        match self.role {
            AgencyRole::Any => (
                "agency",
                catalog.agencies().iter().map(|a| a.name.as_str()).collect(),
            ),
            AgencyRole::Lead => (
                "lead agency",
                catalog
                    .agencies()
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| catalog.lead_count(*i) > 0)
                    .map(|(_, a)| a.name.as_str())
                    .collect(),
            ),
        }
    }

    /// Whether every agency and the scope are names of `catalog`; the first that is not is
    /// an error naming the nearest known names. The command line checks before it applies.
    pub fn check(&self, catalog: &Catalog) -> Result<(), UnknownName> {
        let (what, agencies) = self.agency_names(catalog);
        for agency in &self.agencies {
            if !agencies.contains(&agency.as_str()) {
                return Err(unknown(what, agency, &agencies));
            }
        }
        for document in &self.documents {
            if catalog.batch_index(document).is_none() {
                let names: Vec<&str> = catalog.batches().iter().map(|b| b.name.as_str()).collect();
                return Err(unknown("document", document, &names));
            }
        }
        if let Some(scope) = &self.scope
            && catalog.scope_index(scope).is_none()
        {
            let scopes: Vec<&str> = catalog.scopes().iter().map(|s| s.name.as_str()).collect();
            return Err(unknown("scope", scope, &scopes));
        }
        Ok(())
    }

    /// The reforms of `catalog` this selection shows: those the search finds (ranked by
    /// `searcher` over `index`, the catalog's search index), of the scope, with any or all
    /// of the checked agencies; and per agency what the search and scope let through.
    pub fn apply(&self, catalog: &Catalog, index: &SearchIndex, searcher: &mut Searcher) -> Shown {
        self.apply_hits(catalog, searcher.search(index, &self.query))
    }

    /// [`apply`](Selection::apply) to the hits of the selection's query.
    fn apply_hits(&self, catalog: &Catalog, hits: &[Hit]) -> Shown {
        // A scope the catalog lacks holds no reform.
        let scope = self
            .scope
            .as_deref()
            .map(|name| catalog.scope_index(name).unwrap_or(usize::MAX));
        let checked: Vec<Option<usize>> = self
            .agencies
            .iter()
            .map(|name| catalog.agency_index(name))
            .collect();
        let documents: Vec<usize> = self
            .documents
            .iter()
            .map(|name| catalog.batch_index(name).unwrap_or(usize::MAX))
            .collect();
        let mut agency_counts = vec![0; catalog.agencies().len()];
        let mut document_counts = vec![0; catalog.batches().len()];
        let mut reforms = Vec::new();
        for hit in hits {
            let reform = hit.index;
            if scope.is_some_and(|s| catalog.scope_of(reform) != s) {
                continue;
            }
            let batch = catalog.batch_of(reform);
            if !documents.is_empty() && !documents.contains(&batch) {
                // Still counted for its document: what checking it would add.
                if self.passes_agencies(catalog, reform, &checked) {
                    document_counts[batch] += 1;
                }
                continue;
            }
            let agencies = match self.role {
                AgencyRole::Any => catalog.agencies_of(reform),
                AgencyRole::Lead => catalog.leads_of(reform),
            };
            for &agency in agencies {
                agency_counts[agency] += 1;
            }
            if self.passes_agencies(catalog, reform, &checked) {
                document_counts[batch] += 1;
                reforms.push(reform);
            }
        }
        Shown {
            reforms,
            agency_counts,
            document_counts,
        }
    }

    /// Whether the reform at `reform` has any or all of the `checked` agencies in the role.
    fn passes_agencies(&self, catalog: &Catalog, reform: usize, checked: &[Option<usize>]) -> bool {
        let agencies = match self.role {
            AgencyRole::Any => catalog.agencies_of(reform),
            AgencyRole::Lead => catalog.leads_of(reform),
        };
        let has = |a: &Option<usize>| a.is_some_and(|a| agencies.contains(&a));
        checked.is_empty()
            || match self.agency_match {
                AgencyMatch::Any => checked.iter().any(has),
                AgencyMatch::All => checked.iter().all(has),
            }
    }

    /// [`apply`](Selection::apply) for a one-off answer, with no search index kept
    /// ([`SearchIndex::search_once`]).
    pub fn shown(&self, catalog: &Catalog) -> Shown {
        let query = Query::parse(&self.query);
        self.apply_hits(catalog, &SearchIndex::search_once(&catalog.reforms, &query))
    }

    /// Whether the selection narrows anything: a search, an agency or a scope.
    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
            && self.agencies.is_empty()
            && self.scope.is_none()
            && self.documents.is_empty()
    }
}

fn ambiguous(what: &'static str, given: &str, could: &[&str]) -> UnknownName {
    UnknownName {
        candidates: could.iter().map(|n| n.to_string()).collect(),
        ..unknown(what, given, &[])
    }
}

fn unknown(what: &'static str, given: &str, known: &[&str]) -> UnknownName {
    UnknownName {
        candidates: Vec::new(),
        what,
        given: given.to_string(),
        nearest: nearest_names(given, known, 3)
            .into_iter()
            .map(str::to_string)
            .collect(),
        known: known.iter().map(|s| s.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(catalog: &Catalog, selection: &Selection) -> Vec<u32> {
        selection
            .shown(catalog)
            .reforms
            .iter()
            .map(|&i| catalog.reforms[i].number)
            .collect()
    }

    fn agencies(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn agencies_any_or_all_and_scope() {
        let catalog = Catalog::embedded().unwrap();
        let customs = Selection {
            agencies: agencies(&["天津海关"]),
            ..Selection::default()
        };
        assert_eq!(numbers(&catalog, &customs), vec![19, 20, 35, 39]);
        let regional = Selection {
            scope: Some("京津冀".into()),
            ..Selection::default()
        };
        assert_eq!(numbers(&catalog, &regional).len(), 3);
        let either = Selection {
            agencies: agencies(&["天津海关", "市商务局"]),
            ..Selection::default()
        };
        let both = Selection {
            agency_match: AgencyMatch::All,
            ..either.clone()
        };
        let either = numbers(&catalog, &either);
        let both = numbers(&catalog, &both);
        assert!(both.len() < either.len());
        assert!(both.iter().all(|n| either.contains(n)));
        for n in both {
            let reform = catalog.by_number(n).unwrap();
            assert!(reform.agencies.iter().any(|a| a == "天津海关"));
            assert!(reform.agencies.iter().any(|a| a == "市商务局"));
        }
    }

    #[test]
    fn a_search_ranks_and_the_counts_ignore_the_agency_filter() {
        let catalog = Catalog::embedded().unwrap();
        let search = Selection {
            query: "邮轮".into(),
            ..Selection::default()
        };
        let found = search.shown(&catalog);
        assert_eq!(catalog.reforms[found.reforms[0]].number, 20);
        let filtered = Selection {
            agencies: agencies(&["天津海关"]),
            ..search.clone()
        }
        .shown(&catalog);
        assert!(filtered.reforms.len() <= found.reforms.len());
        assert_eq!(filtered.agency_counts, found.agency_counts);
        let customs = catalog.agency_index("天津海关").unwrap();
        assert_eq!(found.agency_counts[customs], filtered.reforms.len());
    }

    #[test]
    fn unknown_names_match_nothing_and_check_names_the_nearest() {
        let catalog = Catalog::embedded().unwrap();
        let selection = Selection {
            agencies: agencies(&["海关"]),
            ..Selection::default()
        };
        let e = selection.check(&catalog).unwrap_err();
        assert_eq!(e.nearest[0], "天津海关");
        assert!(e.to_string().contains("did you mean: 天津海关"), "{e}");
        assert_eq!(numbers(&catalog, &selection), Vec::<u32>::new());
        let any = Selection {
            agencies: agencies(&["海关", "天津海关"]),
            ..Selection::default()
        };
        assert_eq!(numbers(&catalog, &any), vec![19, 20, 35, 39]);
        let scope = Selection {
            scope: Some("全国".into()),
            ..Selection::default()
        };
        assert!(scope.check(&catalog).is_err());
        assert!(numbers(&catalog, &scope).is_empty());
        assert_eq!(Selection::default().check(&catalog), Ok(()));
    }

    #[test]
    fn the_lead_role_filters_and_counts_by_lead_agencies() {
        let mut catalog = Catalog::embedded().unwrap();
        let mut reforms = catalog.reforms.clone();
        // Reform 19 led by 天津海关, 20 led by another agency with 天津海关 co-operating.
        for reform in &mut reforms {
            reform.lead = reform.agencies[..1].to_vec();
        }
        catalog = Catalog::from_parts(catalog.document.clone(), reforms, catalog.origin);
        let any = Selection {
            agencies: agencies(&["天津海关"]),
            ..Selection::default()
        };
        let lead = Selection {
            role: AgencyRole::Lead,
            ..any.clone()
        };
        let led = numbers(&catalog, &lead);
        assert!(!led.is_empty() && led.len() < numbers(&catalog, &any).len());
        for n in &led {
            assert_eq!(catalog.by_number(*n).unwrap().agencies[0], "天津海关");
        }
        let customs = catalog.agency_index("天津海关").unwrap();
        assert_eq!(lead.shown(&catalog).agency_counts[customs], led.len());
        assert_eq!(catalog.lead_count(customs), led.len());
        // An agency that leads nothing is unknown as a lead agency.
        let never = catalog
            .agencies()
            .iter()
            .enumerate()
            .find(|(i, _)| catalog.lead_count(*i) == 0)
            .map(|(_, a)| a.name.clone())
            .unwrap();
        let e = Selection {
            agencies: vec![never],
            role: AgencyRole::Lead,
            ..Selection::default()
        }
        .check(&catalog)
        .unwrap_err();
        assert!(
            e.to_string().starts_with("unknown lead agency (牵头单位)"),
            "{e}"
        );
        // The embedded batch names no lead agencies: said so.
        let e = lead.check(&Catalog::embedded().unwrap()).unwrap_err();
        assert!(e.to_string().contains("names no lead agencies"), "{e}");
    }

    #[test]
    fn reads_and_writes_itself_as_toml() {
        let selection = Selection {
            query: "数据".into(),
            agencies: agencies(&["市商务局"]),
            agency_match: AgencyMatch::All,
            role: AgencyRole::Lead,
            scope: Some("全市".into()),
            documents: Vec::new(),
        };
        let text = toml::to_string(&selection).unwrap();
        assert!(text.contains("agency_match = \"all\""), "{text}");
        assert!(text.contains("role = \"lead\""), "{text}");
        assert_eq!(toml::from_str::<Selection>(&text).unwrap(), selection);
        assert_eq!(
            toml::from_str::<Selection>("").unwrap(),
            Selection::default()
        );
    }
}
