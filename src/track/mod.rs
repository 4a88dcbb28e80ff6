//! Tracking the replication work (复制推广): for each (document, reform, agency) a status,
//! a deadline, a contact and dated progress notes (落实情况), every change kept in a history
//! (留痕); submissions that carry one agency's entries between offices; and the ledger (台账)
//! a coordinating office exports.
//!
//! `record` holds the values, `store` the interface the program needs from a database,
//! `sqlite` the embedded database behind it, `open` the one both edges open, `submission`
//! the file format between offices, and `ledger` the rows and the reports made of them.

pub mod ledger;
pub mod open;
pub mod record;
pub mod sqlite;
pub mod store;
pub mod submission;

pub use open::{OpenError, open};
pub use record::{Change, Entry, Field, ItemKey, Note, Status};
pub use sqlite::SqliteLedger;
pub use store::{Ledger, MergeReport, TrackError};
