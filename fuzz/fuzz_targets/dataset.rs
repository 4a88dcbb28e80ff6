//! The dataset loader on arbitrary bytes: never a panic, and every error is located inside
//! the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reforms::core::catalog::{Catalog, Origin};
use reforms::core::diagnostic::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceFile::from_bytes("fuzz.toml", data.to_vec()).map_err(|e| {
        for d in e.diagnostics() {
            assert!(d.line >= 1 && d.column >= 1);
        }
    }) else {
        return;
    };
    match Catalog::parse(&source, Origin::Embedded) {
        Ok(catalog) => {
            assert!(!catalog.reforms.is_empty());
            let total: usize = catalog.agencies().iter().map(|a| a.count).sum();
            let listed: usize = catalog.reforms.iter().map(|r| r.agencies.len()).sum();
            assert_eq!(total, listed);
        }
        Err(e) => {
            let lines = source.text().lines().count().max(1) + 1;
            for d in e.diagnostics() {
                assert!(d.line >= 1 && d.line <= lines, "{d}");
                assert!(d.column >= 1, "{d}");
                let _ = d.render();
            }
        }
    }
});
