//! Laying out all 42 contents, as the detail pane does on every resize.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use reforms::Catalog;
use reforms::core::text::{fit, wrap};

fn layout(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded dataset loads");
    let contents: Vec<&str> = catalog.reforms.iter().map(|r| r.content.as_str()).collect();
    c.bench_function("wrap 42 contents at width 60", |b| {
        b.iter(|| {
            contents
                .iter()
                .map(|content| wrap(black_box(content), black_box(60)).len())
                .sum::<usize>()
        })
    });
    c.bench_function("fit 42 titles to width 30", |b| {
        b.iter(|| {
            catalog
                .reforms
                .iter()
                .map(|r| fit(black_box(&r.title), black_box(30)).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, layout);
criterion_main!(benches);
