//! Every integration test in one crate: the files of `tests/` are its modules. One crate
//! is built and linked once, where a crate per file linked the library and every
//! dependency thirty times over (half of the test build, and most of the ARM64 one).
//! `autotests = false` in Cargo.toml keeps cargo from building each file again as a crate
//! of its own; `every_test_file_is_a_module` below fails when a new file is not listed.
//! `tests/ambiguous_wide.rs` is a crate of its own, as it switches a setting of the whole
//! process (ambiguous-width characters drawn wide) that the others' layouts rely on.
//! Run one file's tests with `cargo test --test all tui_tmux::`.

mod common;

mod architecture;
mod bad_files;
mod cache;
mod cli;
mod cli_config;
mod cli_lang;
mod cli_query;
mod cli_reports;
mod cli_show;
mod cli_stats;
mod clipboard_x11;
mod docs_keys;
mod export_tsv;
mod hanging_helpers;
mod hostile_files;
mod import;
mod library;
mod random_interaction;
mod read;
mod readme;
mod report_files;
mod roundtrip;
mod selection_agree;
mod text_layout;
mod track;
mod tui_first_contact;
mod tui_snapshots;
mod tui_tmux;
mod tui_tracking;
mod tui_update;
mod untrusted_tmux;

/// A test file left out of the list above (or of Cargo.toml's own test crates) would never
/// be built or run.
#[test]
fn every_test_file_is_a_module() {
    let listed = include_str!("all.rs");
    let manifest = include_str!("../Cargo.toml");
    for entry in std::fs::read_dir("tests").unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some(module) = name.strip_suffix(".rs").filter(|m| *m != "all") {
            assert!(
                listed.contains(&format!("\nmod {module};\n"))
                    || manifest.contains(&format!("path = \"tests/{name}\"")),
                "tests/{name} is not a module of tests/all.rs nor a test crate of Cargo.toml, \
                 so it is never run"
            );
        }
    }
}
