//! Writing the Word and Excel reports of the 42 real reforms and of 10,000 synthetic ones
//! (`reforms::core::synth`, as in `src/catalog.rs`'s tests), with the size of each file.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use reforms::core::catalog::{Catalog, Reform};
use reforms::documents::report::About;
use reforms::{core::synth, documents::docx, documents::xlsx};

fn reports(c: &mut Criterion) {
    let real = Catalog::embedded().expect("the embedded dataset loads");
    let document = real.document.clone();
    let about = About {
        selection: None,
        generated: "2026年11月28日".into(),
    };
    let sets = [
        (real.reforms.len(), real.reforms.clone()),
        (10_000, synth::generate(&real.reforms, 10_000, 3)),
    ];
    for (n, reforms) in &sets {
        let reforms: Vec<&Reform> = reforms.iter().collect();
        let mut group = c.benchmark_group(format!("reports/{n}"));
        if *n >= 10_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20));
        }
        let docx_size = docx::write(&document, &reforms, &about).unwrap().len();
        let xlsx_size = xlsx::write(&document, &reforms, &about).unwrap().len();
        eprintln!("{n} reforms: docx {docx_size} bytes, xlsx {xlsx_size} bytes");
        group.bench_function(BenchmarkId::new("docx", n), |b| {
            b.iter(|| black_box(docx::write(&document, &reforms, &about).unwrap()))
        });
        group.bench_function(BenchmarkId::new("xlsx", n), |b| {
            b.iter(|| black_box(xlsx::write(&document, &reforms, &about).unwrap()))
        });
        group.finish();
    }
}

criterion_group!(benches, reports);
criterion_main!(benches);
