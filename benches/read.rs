//! Reading a 10,000-reform workbook and Word document into tables and finding the reform
//! table, as `reforms::documents::read` does for a file an official received, and importing them end to
//! end as `reforms import` does (reading, the reforms of the table, the document's facts, the
//! TOML written and checked). The files are written in the setup from `reforms::core::synth`
//! reforms: the .xlsx by rust_xlsxwriter, the .docx by docx-rs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
use reforms::core::catalog::{Catalog, Reform};
use reforms::core::synth;
use reforms::documents::import;
use reforms::documents::read;
use rust_xlsxwriter::{Format, Workbook};

const REFORMS: usize = 10_000;
const HEADER: [&str; 5] = ["序号", "改革事项", "主要内容", "推广范围", "负责单位"];

fn fields(reform: &Reform) -> [String; 5] {
    [
        reform.number.to_string(),
        reform.title.to_string(),
        reform.content.to_string(),
        reform.scope.to_string(),
        reform.agencies.join("、"),
    ]
}

fn xlsx(reforms: &[Reform]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let wrap = Format::new().set_text_wrap();
    for (column, name) in HEADER.iter().enumerate() {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    for (r, reform) in reforms.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_number(row, 0, reform.number).unwrap();
        for (column, text) in fields(reform).iter().enumerate().skip(1) {
            sheet
                .write_string_with_format(row, column as u16, text, &wrap)
                .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn docx(reforms: &[Reform]) -> Vec<u8> {
    let cell = |text: &str| {
        TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)))
    };
    let mut rows = vec![TableRow::new(HEADER.iter().map(|h| cell(h)).collect())];
    rows.extend(
        reforms
            .iter()
            .map(|reform| TableRow::new(fields(reform).iter().map(|f| cell(f)).collect())),
    );
    let document = Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("合成的改革试点经验")))
        .add_table(Table::new(rows).set_grid(vec![800, 2000, 6000, 1200, 2400]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    document.build().pack(&mut bytes).unwrap();
    bytes.into_inner()
}

fn read_and_find(name: &str, bytes: &[u8]) -> usize {
    let document = read::read(name, bytes).expect("the generated file reads");
    let (index, columns) = read::find_reform_table(&document).expect("it has the header");
    document.tables[index].rows.len() - columns.header_rows
}

fn bench(c: &mut Criterion) {
    let real = Catalog::embedded()
        .expect("the embedded dataset loads")
        .reforms;
    let reforms = synth::generate(&real, REFORMS, 3);
    let files = [
        ("synthetic.xlsx", xlsx(&reforms)),
        ("synthetic.docx", docx(&reforms)),
    ];
    let mut group = c.benchmark_group(format!("read/{REFORMS}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (name, bytes) in &files {
        let started = Instant::now();
        assert_eq!(read_and_find(name, bytes), REFORMS);
        eprintln!(
            "{name}: {:.1} MB, read once in {:?}",
            bytes.len() as f64 / 1e6,
            started.elapsed()
        );
        group.bench_function(*name, |b| b.iter(|| read_and_find(name, black_box(bytes))));
    }
    for (name, bytes) in &files {
        let imported = import::import(name, name, bytes.clone(), &import::Given::default())
            .expect("the generated file imports");
        assert_eq!(imported.reforms.len(), REFORMS);
        group.bench_function(format!("import {name}"), |b| {
            b.iter(|| {
                import::import(
                    name,
                    name,
                    black_box(bytes).clone(),
                    &import::Given::default(),
                )
                .map(|i| i.reforms.len())
            })
        });
    }
    // How much of reading a .docx is docx-rs's parse, and how much the walk over its tree.
    let docx = &files[1].1;
    group.bench_function("synthetic.docx parse alone", |b| {
        b.iter(|| docx_rs::read_docx(black_box(docx)).expect("it parses"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
