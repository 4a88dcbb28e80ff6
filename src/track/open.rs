//! The tracking database both edges open: the file given, else the one in the data folder.

use std::path::Path;

use super::sqlite::{self, SqliteLedger};
use super::store::TrackError;

/// Why the tracking database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{}", crate::say!(
        "no place for the tracking database: set HOME or XDG_DATA_HOME, or give --track-db FILE",
        "无处存放落实台账数据库: 请设置 HOME 或 XDG_DATA_HOME, 或用 --track-db FILE 指定"
    ))]
    NoPlace,
    #[error(transparent)]
    Track(#[from] TrackError),
}

/// Opens the tracking database at `given` (`--track-db`, REFORMS_TRACK_DB), else at its
/// standard place ([`sqlite::standard_path`]).
pub fn open(given: Option<&Path>) -> Result<SqliteLedger, OpenError> {
    let path = match given {
        Some(path) => path.to_path_buf(),
        None => sqlite::standard_path().ok_or(OpenError::NoPlace)?,
    };
    Ok(SqliteLedger::open(&path)?)
}
