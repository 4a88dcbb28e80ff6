//! What the program needs from a tracking database, whichever it is: the embedded SQLite
//! file of one user (`sqlite`), or later a server shared by a city's offices.

use super::record::{Change, Entry, Field, ItemKey, Note, Status};
use crate::core::safe;

/// Why the tracking database could not be used. Each is one line naming the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackError {
    /// The database: not one, damaged, too new, read-only, full, locked.
    #[error("{}: {}", safe::one_line(.place), safe::one_line(.reason))]
    Database { place: String, reason: String },
    /// A value the database would not take: a bad date, a field that is no field.
    #[error("{}", safe::one_line(.0))]
    Invalid(String),
}

/// One item of a submission to merge: its key and its whole history, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub key: ItemKey,
    pub history: Vec<Change>,
}

/// Both sides of a field that two offices changed apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub key: ItemKey,
    pub field: Field,
    /// The value here before the merge, and the change that set it.
    pub ours: Change,
    /// The submission's latest change of the field.
    pub theirs: Change,
    /// Whether the submission's value was taken (it is the newer).
    pub taken: bool,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeReport {
    /// Items the database did not have.
    pub new_items: usize,
    /// Changes added to the history (notes among them).
    pub new_changes: usize,
    /// Fields whose value the merge changed.
    pub updated_fields: usize,
    /// Changes the history already held.
    pub known_changes: usize,
    pub conflicts: Vec<Conflict>,
}

impl MergeReport {
    /// Whether the merge changed nothing.
    pub fn is_empty(&self) -> bool {
        self.new_items == 0 && self.new_changes == 0 && self.updated_fields == 0
    }
}

/// A tracking database. Every method that changes something changes it whole or not at
/// all, and appends what it changed to the history.
pub trait Ledger: Send {
    /// Sets `field` (not a note) of the item to `to` (a status code, a `YYYY-MM-DD` date, a
    /// contact; `None` clears it); the change made, or `None` when the value was already
    /// that.
    fn set(
        &mut self,
        key: &ItemKey,
        field: Field,
        to: Option<&str>,
        author: &str,
    ) -> Result<Option<Change>, TrackError>;

    /// Adds a progress note.
    fn add_note(&mut self, key: &ItemKey, text: &str, author: &str) -> Result<Note, TrackError>;

    /// The items that have any record, of one document and one agency when given, in
    /// document, number and agency order.
    fn entries(
        &self,
        document: Option<&str>,
        agency: Option<&str>,
    ) -> Result<Vec<Entry>, TrackError>;

    /// The item's notes, newest first.
    fn notes(&self, key: &ItemKey) -> Result<Vec<Note>, TrackError>;

    /// The item's history, oldest first.
    fn history(&self, key: &ItemKey) -> Result<Vec<Change>, TrackError>;

    /// Merges submitted items: their changes join the history (those already there are
    /// skipped, so a second merge of the same items changes nothing), and each field takes
    /// the value of its newest change. Both sides of every field changed apart are listed.
    fn merge(&mut self, items: &[Incoming]) -> Result<MergeReport, TrackError>;

    fn set_status(
        &mut self,
        key: &ItemKey,
        status: Status,
        author: &str,
    ) -> Result<Option<Change>, TrackError> {
        self.set(key, Field::Status, Some(status.code()), author)
    }

    fn set_deadline(
        &mut self,
        key: &ItemKey,
        deadline: Option<chrono::NaiveDate>,
        author: &str,
    ) -> Result<Option<Change>, TrackError> {
        let text = deadline.map(|d| d.format("%Y-%m-%d").to_string());
        self.set(key, Field::Deadline, text.as_deref(), author)
    }

    fn set_contact(
        &mut self,
        key: &ItemKey,
        contact: Option<&str>,
        author: &str,
    ) -> Result<Option<Change>, TrackError> {
        self.set(key, Field::Contact, contact, author)
    }
}

/// The newest of two changes: by time, then author, then value, so every office that
/// merges the same changes, in any order, keeps the same one.
pub fn newer<'a>(a: &'a Change, b: &'a Change) -> &'a Change {
    if (&b.time, &b.author, &b.to) > (&a.time, &a.author, &a.to) {
        b
    } else {
        a
    }
}

/// Checks a value for a field: a known status code, a real date, a one-line contact.
pub fn check_value(field: Field, to: Option<&str>) -> Result<(), TrackError> {
    match (field, to) {
        (Field::Status, None) => Err(TrackError::Invalid(crate::say!(
            "a status cannot be cleared",
            "落实状态不能清空"
        ))),
        (Field::Status, Some(code)) if Status::from_code(code).is_none() => {
            Err(TrackError::Invalid(crate::say!(
                "{code:?} is not a status code",
                "{code:?} 不是状态代码"
            )))
        }
        (Field::Deadline, Some(date))
            if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() =>
        {
            Err(TrackError::Invalid(crate::say!(
                "{date:?} is not a date (YYYY-MM-DD)",
                "{date:?} 不是日期 (YYYY-MM-DD)"
            )))
        }
        (Field::Note, None) => Err(TrackError::Invalid(crate::say!(
            "a note needs text",
            "备注需要文字"
        ))),
        (_, Some(text)) if text.chars().any(safe::is_forbidden) => Err(TrackError::Invalid(
            crate::say!("the text holds a control character", "文字中含有控制字符"),
        )),
        (Field::Contact, Some(text)) if text.contains('\n') => Err(TrackError::Invalid(
            crate::say!("a contact is one line", "联系人只能写一行"),
        )),
        _ => Ok(()),
    }
}
