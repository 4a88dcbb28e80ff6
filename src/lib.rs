//! `reforms`: browse, search, filter and export the reform experiences of China's pilot free
//! trade zones. The library holds everything the binary and the tests share.

pub mod catalog;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod detail;
pub mod diagnostic;
pub mod export;
pub mod import;
pub mod query;
pub mod session;
pub mod stats;
#[doc(hidden)]
pub mod synth;
pub mod text;
pub mod tui;

pub use catalog::{Catalog, Reform};
