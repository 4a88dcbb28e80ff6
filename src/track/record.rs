//! The values a tracked item holds: its key, status, deadline, contact and notes, and the
//! changes that made them.

use serde::{Deserialize, Serialize};

use crate::core::say::{Lang, pick};

/// How far an agency has put a reform into practice. Stored and written in files by its
/// code, which never changes; shown by its label in the interface language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 未启动
    #[default]
    NotStarted,
    /// 推进中
    InProgress,
    /// 已落实
    Done,
    /// 不适用
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::NotApplicable,
    ];

    /// The stable code the database and submissions hold.
    pub fn code(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::NotApplicable => "not_applicable",
        }
    }

    /// The status a code names.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The status as the interface shows it.
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Status::NotStarted => ("not started", "未启动"),
            Status::InProgress => ("in progress", "推进中"),
            Status::Done => ("done", "已落实"),
            Status::NotApplicable => ("not applicable", "不适用"),
        };
        pick(lang, en, zh)
    }

    /// The status a user names: its code, its Chinese or English label (`-` and `_` for
    /// the space).
    pub fn parse(text: &str) -> Option<Status> {
        let text = text.trim().to_lowercase().replace(['-', ' '], "_");
        Status::ALL.into_iter().find(|s| {
            text == s.code()
                || Lang::ALL
                    .into_iter()
                    .any(|lang| text == s.label(lang).replace(' ', "_"))
        })
    }

    /// The next status in the order above, round to the first.
    pub fn next(self) -> Status {
        let at = Status::ALL.iter().position(|&s| s == self).unwrap_or(0);
        Status::ALL[(at + 1) % Status::ALL.len()]
    }

    /// Whether the work is over: done, or not for this agency.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::NotApplicable)
    }
}

/// What is tracked: one agency's work on one reform of one document. `document` is the
/// document's short name in the catalog (`embedded` for the embedded batch, a library
/// file's name otherwise), as the session keys reforms.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ItemKey {
    pub document: String,
    pub number: u32,
    pub agency: String,
}

impl ItemKey {
    pub fn new(document: &str, number: u32, agency: &str) -> ItemKey {
        ItemKey {
            document: document.to_string(),
            number,
            agency: agency.to_string(),
        }
    }
}

/// A field of an item that a change can set. A note is a change too: it is added, never
/// replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Status,
    Deadline,
    Contact,
    Note,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::Status, Field::Deadline, Field::Contact, Field::Note];

    /// The stable code the database and submissions hold.
    pub fn code(self) -> &'static str {
        match self {
            Field::Status => "status",
            Field::Deadline => "deadline",
            Field::Contact => "contact",
            Field::Note => "note",
        }
    }

    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Field::Status => ("status", "状态"),
            Field::Deadline => ("deadline", "时限"),
            Field::Contact => ("contact", "联系人"),
            Field::Note => ("note", "落实情况"),
        };
        pick(lang, en, zh)
    }
}

/// A progress note (落实情况).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// When it was written: see [`now`].
    pub time: String,
    pub author: String,
    pub text: String,
}

/// One change of one field, as the history keeps it: who, when, from what to what. `from`
/// and `to` are codes for a status, `YYYY-MM-DD` for a deadline, the text for a contact or
/// a note; `None` for no value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub time: String,
    pub author: String,
    pub field: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// An item as it stands: its current values, the time of its last change, and its latest
/// note.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub document: String,
    pub number: u32,
    pub agency: String,
    pub status: Status,
    pub deadline: Option<chrono::NaiveDate>,
    pub contact: Option<String>,
    pub latest_note: Option<Note>,
    /// The time of the item's last change, note or field.
    pub updated: String,
}

impl Entry {
    pub fn key(&self) -> ItemKey {
        ItemKey::new(&self.document, self.number, &self.agency)
    }

    /// Whether its deadline has passed on `today` with the work still open.
    pub fn is_overdue(&self, today: chrono::NaiveDate) -> bool {
        !self.status.is_closed() && self.deadline.is_some_and(|d| d < today)
    }
}

/// What follows an overdue deadline, in the detail pane and the ledger alike.
pub fn overdue_mark(lang: Lang) -> &'static str {
    pick(lang, " (overdue)", "（逾期）")
}

/// Now, as changes are stamped: UTC, RFC 3339 with milliseconds, so that times sort as
/// text and compare across offices.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// A stamp as a user reads it: local time to the minute.
pub fn local_time(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| stamp.to_string())
}

/// Whether a stamp is one [`now`] could have made (any RFC 3339 time is accepted).
pub fn is_stamp(stamp: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(stamp).is_ok()
}

/// A deadline as a user writes it: `2026-12-31`, `2026/12/31` or `2026年12月31日`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(text, f).ok())
}

/// Who is making changes: `REFORMS_AUTHOR`, else the login name the environment gives
/// (`USER`, `USERNAME`, `LOGNAME`), else the operating system's name of the account (a
/// service or a bare `env -i` sets none of those), else `unknown`.
pub fn default_author() -> String {
    ["REFORMS_AUTHOR", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .or_else(account_name)
        .unwrap_or_else(|| "unknown".to_string())
}

/// The account's name as the system's user database has it.
fn account_name() -> Option<String> {
    whoami::username()
        .ok()
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty() && !name.chars().any(crate::core::safe::is_forbidden))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_codes_and_labels() {
        for status in Status::ALL {
            assert_eq!(Status::from_code(status.code()), Some(status));
            assert_eq!(Status::parse(status.label(Lang::Zh)), Some(status));
            assert_eq!(Status::parse(status.label(Lang::En)), Some(status));
            assert_eq!(Status::parse(status.code()), Some(status));
        }
        assert_eq!(Status::parse("In-Progress"), Some(Status::InProgress));
        assert_eq!(Status::parse("完成"), None);
        assert_eq!(Status::NotApplicable.next(), Status::NotStarted);
    }

    #[test]
    fn dates_and_stamps() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        for text in ["2026-03-05", "2026/3/5", "2026年3月5日", " 2026-3-5 "] {
            assert_eq!(parse_date(text), Some(d), "{text}");
        }
        assert_eq!(parse_date("明年"), None);
        let stamp = now();
        assert!(is_stamp(&stamp), "{stamp}");
        assert_eq!(stamp.len(), "2026-11-28T21:20:00.123Z".len());
    }

    #[test]
    fn overdue_only_while_open() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let mut entry = Entry {
            deadline: chrono::NaiveDate::from_ymd_opt(2026, 5, 31),
            status: Status::InProgress,
            ..Entry::default()
        };
        assert!(entry.is_overdue(today));
        entry.status = Status::Done;
        assert!(!entry.is_overdue(today));
    }
}
