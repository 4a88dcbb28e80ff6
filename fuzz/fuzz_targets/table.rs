//! The table importer on arbitrary text: never a panic; what it accepts turns into TOML
//! that loads back to the same reforms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reforms::core::catalog::{Catalog, Document, Origin};
use reforms::core::diagnostic::SourceFile;
use reforms::documents::import::{parse_table, to_toml};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceFile::from_bytes("fuzz.tsv", data.to_vec()) else {
        return;
    };
    let Ok(table) = parse_table(&source) else {
        return;
    };
    let document = Document {
        title: table.title.clone().unwrap_or_default(),
        source: Some("fuzz.tsv".into()),
    };
    let text = to_toml(&document, &table.reforms);
    let catalog = Catalog::parse(&SourceFile::new("fuzz.toml", &text), Origin::Embedded)
        .expect("an imported table loads");
    assert_eq!(catalog.reforms, table.reforms);
});
