//! A keystroke's re-rank at 42, 10,000 and 100,000 reforms: the whole catalog searched from
//! scratch, and the incremental step the browser takes when a query only grew (the previous
//! keystroke's hits searched again). Catalogs come from `reforms::core::synth`, as in
//! `examples/synth.rs`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use reforms::core::catalog::{Catalog, Reform};
use reforms::core::query::{Query, SearchIndex};
use reforms::core::synth;

/// (the query before the keystroke, the query after it)
const KEYSTROKES: [(&str, &str); 5] = [
    ("数据跨", "数据跨境"),
    ("sjk", "sjkj"),
    ("数据 跨境 制", "数据 跨境 制度"),
    ("'融资", "'融资 !租赁"),
    ("邮轮 | 飞", "邮轮 | 飞机"),
];

fn catalogs() -> Vec<(usize, Vec<Reform>)> {
    let real = Catalog::embedded()
        .expect("the embedded dataset loads")
        .reforms;
    let mut out = vec![(real.len(), real.clone())];
    for n in [10_000, 100_000] {
        out.push((n, synth::generate(&real, n, 42)));
    }
    out
}

fn search(c: &mut Criterion) {
    for (n, reforms) in catalogs() {
        let started = Instant::now();
        let index = SearchIndex::new(&reforms);
        eprintln!("index of {n} reforms built in {:?}", started.elapsed());
        let mut group = c.benchmark_group(format!("search/{n}"));
        if n >= 10_000 {
            group
                .sample_size(20)
                .measurement_time(Duration::from_secs(4));
        }
        for (before, after) in KEYSTROKES {
            let query = Query::parse(after);
            let previous: Vec<usize> = index
                .search(&Query::parse(before), None)
                .iter()
                .map(|h| h.index)
                .collect();
            let hits = index.search(&query, None).len();
            eprintln!("{n}: {after:?}: {hits} hits, {} before", previous.len());
            group.bench_with_input(BenchmarkId::new("full", after), &query, |b, q| {
                b.iter(|| black_box(index.search(q, None)))
            });
            // Narrowing is only valid when the query grew; all of these did.
            assert!(query.narrows(&Query::parse(before)));
            group.bench_with_input(BenchmarkId::new("incremental", after), &query, |b, q| {
                b.iter(|| black_box(index.search(q, Some(&previous))))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
