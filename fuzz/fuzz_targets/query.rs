//! The query parser and engine on arbitrary input: never a panic, and highlights are char
//! ranges inside their field.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use reforms::Catalog;
use reforms::core::query::{Query, SearchIndex, match_label};

fn setup() -> &'static (Catalog, SearchIndex) {
    static SETUP: OnceLock<(Catalog, SearchIndex)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let catalog = Catalog::embedded().unwrap();
        let index = SearchIndex::new(&catalog.reforms);
        (catalog, index)
    })
}

fuzz_target!(|input: &str| {
    let (catalog, index) = setup();
    let query = Query::parse(input);
    let hits = index.search(&query, None);
    assert!(hits.len() <= catalog.reforms.len());
    for hit in hits.iter().take(5) {
        let reform = &catalog.reforms[hit.index];
        let h = index.highlights(hit.index, &query);
        let chars = |s: &str| s.chars().count();
        assert!(h.title.iter().all(|r| r.start <= r.end && r.end <= chars(&reform.title)));
        assert!(h.content.iter().all(|r| r.start <= r.end && r.end <= chars(&reform.content)));
    }
    for agency in catalog.agencies().iter().take(5) {
        if let Some(ranges) = match_label(input, &agency.name) {
            assert!(ranges.iter().all(|r| r.end <= agency.name.chars().count()));
        }
    }
});
