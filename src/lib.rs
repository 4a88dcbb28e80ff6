//! `reforms`: browse, search, filter and export the reform experiences of China's pilot free
//! trade zones, and track their replication. The library holds everything the binary and
//! the tests share.
//!
//! The folders are the layers, arrows pointing down:
//! - the edges: `cli` (the command line's subcommands) and `tui` (the browser); the
//!   browser never uses the command line, and the command line never the browser;
//! - `lang` and `detail`: every word the program says, and the layout of one reform, which
//!   both edges show;
//! - `track`: the replication ledger;
//! - `documents` (documents in: readers and the importer; out: exports and reports) and
//!   `clipboard` (getting text to the user's clipboard);
//! - `core`: the catalog and its library and cache, the selection, the search, text layout
//!   and the small pieces everything shares.

pub mod cli;
pub mod clipboard;
pub mod core;
pub mod detail;
pub mod documents;
pub mod lang;
pub mod track;
pub mod tui;

pub use self::core::catalog::{Catalog, Reform};
