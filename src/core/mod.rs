//! The core: the catalog of reforms and the library and cache it comes from, the selection
//! and the search that choose what is shown, text layout, and the small pieces every other
//! layer shares (messages in two languages, safe text, files, paths).

pub mod cache;
pub mod catalog;
pub mod diagnostic;
pub mod files;
pub mod library;
pub mod paths;
pub mod query;
pub mod safe;
pub mod say;
pub mod selection;
pub mod stats;
pub mod strings;
pub mod suggest;
#[doc(hidden)]
pub mod synth;
pub mod text;
pub mod unwind;
