//! Writes a synthetic catalog of N reforms for benchmarks and the fzf comparison:
//! `OUTDIR/reforms.toml` (for `reforms --data`) and `OUTDIR/records.tsv` (one reform a line).
//!
//! cargo run --release --example synth -- 100000 /tmp/synth-100k

use std::path::PathBuf;
use std::process::ExitCode;

use reforms::core::catalog::{Catalog, Document};
use reforms::{core::synth, documents::import};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        eprintln!("usage: synth N OUTDIR");
        return ExitCode::from(2);
    };
    let real = match Catalog::embedded() {
        Ok(catalog) => catalog.reforms,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let reforms = synth::generate(&real, n, 42);
    let dir = PathBuf::from(dir);
    let document = Document {
        title: format!("synthetic catalog of {n} reforms"),
        source: Some("reforms examples/synth.rs".into()),
        ..Document::default()
    };
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| {
            std::fs::write(
                dir.join("reforms.toml"),
                import::to_toml(&document, &reforms),
            )
        })
        .and_then(|()| std::fs::write(dir.join("records.tsv"), synth::to_records(&reforms)));
    match written {
        Ok(()) => {
            println!("{}: {n} reforms (reforms.toml, records.tsv)", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
