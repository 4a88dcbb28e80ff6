//! Writes the embedded batch as a Word or Excel report, for looking at the result:
//!
//! cargo run --release --example report -- docx|xlsx OUT

use std::process::ExitCode;

use reforms::core::catalog::{Catalog, Reform};
use reforms::documents::report::About;
use reforms::{documents::docx, documents::xlsx};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [format, out] = args.as_slice() else {
        eprintln!("usage: report docx|xlsx OUT");
        return ExitCode::from(2);
    };
    let catalog = match Catalog::embedded() {
        Ok(catalog) => catalog,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let reforms: Vec<&Reform> = catalog.reforms.iter().collect();
    let about = About::today(None);
    let written = match format.as_str() {
        "docx" => docx::write(&catalog.document, &reforms, &about).map_err(|e| e.to_string()),
        "xlsx" => xlsx::write(&catalog.document, &reforms, &about).map_err(|e| e.to_string()),
        _ => {
            eprintln!("usage: report docx|xlsx OUT");
            return ExitCode::from(2);
        }
    };
    match written.and_then(|bytes| std::fs::write(out, bytes).map_err(|e| format!("{out}: {e}"))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
