//! `reforms`: browse, search, filter and export the reform experiences of China's pilot free
//! trade zones. The library holds everything the binary and the tests share.
//!
//! Data flows one way: dataset (`catalog`) -> `selection` (with `query`) -> a view -> the
//! screen (`tui`) or an export (`export`). The modules outside `tui` never use it.

pub mod cache;
pub mod catalog;
pub mod cli;
pub mod clipboard;
pub mod detail;
pub mod diagnostic;
pub mod docx;
pub mod export;
pub mod files;
pub mod helper;
pub mod import;
pub mod lang;
pub mod library;
pub mod paths;
pub mod query;
pub mod read;
pub mod report;
pub mod safe;
pub mod say;
pub mod selection;
pub mod stats;
pub mod strings;
pub mod suggest;
#[doc(hidden)]
pub mod synth;
pub mod text;
pub mod track;
pub mod tui;
pub mod unwind;
pub mod xlsx;

pub use catalog::{Catalog, Reform};
