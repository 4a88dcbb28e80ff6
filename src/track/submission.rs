//! A submission: one agency's entries for one document, with their whole history, in a
//! JSON file that says what it is, so offices on separate networks can report to a
//! coordinating office by mail or by disk, and the coordinator can merge them.
//!
//! ```json
//! { "format": "reforms-track-submission", "version": 1,
//!   "document": { "name": "embedded", "title": "…" },
//!   "agency": "天津海关", "author": "张三", "created": "2026-11-28T09:00:00.000Z",
//!   "entries": [ { "number": 19, "title": "…", "status": "in_progress",
//!                  "deadline": "2026-12-31", "contact": null,
//!                  "history": [ { "time": "…", "author": "张三", "field": "status",
//!                                 "from": "not_started", "to": "in_progress" } ] } ] }
//! ```
//!
//! The history is what is merged; the current values are there for a reader, and must be
//! what the history ends at.

use serde::{Deserialize, Serialize};

use super::ledger;
use super::record::{self, Change, Field, ItemKey, Status};
use super::store::{self, Incoming, Ledger, TrackError};
use crate::core::catalog::Catalog;
use crate::core::diagnostic::{LoadError, SourceFile};

/// What the `format` field of a submission says.
pub const FORMAT: &str = "reforms-track-submission";
/// The version of the format this program writes and reads.
pub const VERSION: u32 = 1;

/// The document a submission is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    /// Its short name in the catalog (`embedded`, a library file's name).
    pub name: String,
    pub title: String,
}

/// One reform's entry for the submitting agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedEntry {
    pub number: u32,
    /// The reform's title, for a reader; not checked.
    #[serde(default)]
    pub title: String,
    pub status: Status,
    #[serde(default)]
    pub deadline: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    /// Every change, oldest first.
    pub history: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub format: String,
    pub version: u32,
    pub document: DocumentRef,
    pub agency: String,
    pub author: String,
    pub created: String,
    pub entries: Vec<SubmittedEntry>,
}

/// The submission of `agency`'s entries for the document at `batch` of the catalog.
pub fn build(
    store: &dyn Ledger,
    catalog: &Catalog,
    batch: usize,
    agency: &str,
    author: &str,
) -> Result<Submission, TrackError> {
    let b = &catalog.batches()[batch];
    let mut entries = Vec::new();
    for entry in store.entries(Some(&b.name), Some(agency))? {
        let title = b
            .reforms
            .clone()
            .map(|i| &catalog.reforms[i])
            .find(|r| r.number == entry.number)
            .map(|r| r.title.to_string())
            .unwrap_or_default();
        entries.push(SubmittedEntry {
            number: entry.number,
            title,
            status: entry.status,
            deadline: entry.deadline.map(|d| d.format("%Y-%m-%d").to_string()),
            contact: entry.contact.clone(),
            history: store.history(&entry.key())?,
        });
    }
    Ok(Submission {
        format: FORMAT.into(),
        version: VERSION,
        document: DocumentRef {
            name: b.name.clone(),
            title: b.document.title.clone(),
        },
        agency: agency.to_string(),
        author: author.to_string(),
        created: record::now(),
        entries,
    })
}

/// The submission as the file holds it.
pub fn to_json(submission: &Submission) -> String {
    let mut out = serde_json::to_string_pretty(submission).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// Reads a submission file named `name`, checked against the catalog: its format and
/// version, its document, agency and reforms, and each change. A syntax error is reported
/// at its line and column; any other problem names the entry.
pub fn read(
    name: &str,
    bytes: Vec<u8>,
    catalog: &Catalog,
) -> Result<(Submission, Vec<Incoming>), LoadError> {
    let source = SourceFile::from_bytes(name, bytes)?;
    let submission: Submission = serde_json::from_str(source.text()).map_err(|e| {
        let line = e.line().max(1);
        // serde_json counts bytes; the diagnostic counts characters.
        let text = source.line_text(line);
        let upto = e.column().saturating_sub(1).min(text.len());
        let upto = (0..=upto)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let column = text[..upto].chars().count() + 1;
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_string();
        LoadError::Invalid(vec![source.diagnostic_at(
            line,
            column,
            &crate::say!(
                "not a tracking submission: {message}",
                "不是落实情况报送文件: {message}"
            ),
        )])
    })?;
    let problem = |reason: String| LoadError::Io {
        path: name.to_string(),
        reason,
    };
    if submission.format != FORMAT {
        return Err(problem(crate::say!(
            "not a tracking submission (its format is {:?}, not {FORMAT:?})",
            "不是落实情况报送文件 (其格式为 {:?}, 而非 {FORMAT:?})",
            submission.format
        )));
    }
    if submission.version > VERSION {
        return Err(problem(crate::say!(
            "written by a newer version of reforms (submission format {}; this one reads up to {VERSION})",
            "由较新版本的 reforms 写入 (报送格式 {}; 本版本最高可读 {VERSION})",
            submission.version
        )));
    }
    let batch = catalog
        .batch_index(&submission.document.name)
        .or_else(|| catalog.batch_index(&submission.document.title))
        .ok_or_else(|| {
            problem(crate::say!(
                "is about the document {:?} ({}), which is not here; add it to the library with `reforms import … --into-library`",
                "涉及的文件 {:?} ({}) 不在此处; 请用 `reforms import … --into-library` 加入文件库",
                submission.document.title, submission.document.name
            ))
        })?;
    let document = catalog.batches()[batch].name.clone();
    let mut incoming = Vec::new();
    for (at, entry) in submission.entries.iter().enumerate() {
        let within = |reason: String| {
            problem(crate::say!(
                "entry {} (reform {}): {reason}",
                "第 {} 条记录 (第 {} 项): {reason}",
                at + 1,
                entry.number
            ))
        };
        let (_, key) = ledger::locate(
            catalog,
            Some(&document),
            entry.number,
            Some(&submission.agency),
        )
        .map_err(within)?;
        check_history(entry, &key).map_err(within)?;
        incoming.push(Incoming {
            key,
            history: entry.history.clone(),
        });
    }
    Ok((submission, incoming))
}

/// Each change of an entry is a known field with a valid value and time, and the entry's
/// values are those its history ends at.
fn check_history(entry: &SubmittedEntry, key: &ItemKey) -> Result<(), String> {
    let _ = key;
    for (at, change) in entry.history.iter().enumerate() {
        let field = Field::from_code(&change.field).ok_or_else(|| {
            crate::say!(
                "change {}: {:?} is not a field (status, deadline, contact, note)",
                "第 {} 处变更: {:?} 不是字段 (status, deadline, contact, note)",
                at + 1,
                change.field
            )
        })?;
        if !record::is_stamp(&change.time) {
            return Err(crate::say!(
                "change {}: {:?} is not a time (RFC 3339)",
                "第 {} 处变更: {:?} 不是时间 (RFC 3339)",
                at + 1,
                change.time
            ));
        }
        if change.author.chars().any(crate::core::safe::is_forbidden) {
            return Err(crate::say!(
                "change {}: the author holds a control character",
                "第 {} 处变更: 填报人含有控制字符",
                at + 1
            ));
        }
        store::check_value(field, change.to.as_deref())
            .map_err(|e| crate::say!("change {}: {e}", "第 {} 处变更: {e}", at + 1))?;
    }
    let last = |field: Field| {
        entry
            .history
            .iter()
            .filter(|c| c.field == field.code())
            .reduce(|a, b| store::newer(a, b))
            .and_then(|c| c.to.clone())
    };
    let status = last(Field::Status)
        .and_then(|code| Status::from_code(&code))
        .unwrap_or_default();
    if status != entry.status {
        return Err(crate::say!(
            "its status is {} but its history ends at {}",
            "其状态为 {}, 但历史记录止于 {}",
            entry.status.code(),
            status.code()
        ));
    }
    for (field, value) in [
        (Field::Deadline, &entry.deadline),
        (Field::Contact, &entry.contact),
    ] {
        if last(field) != *value {
            return Err(crate::say!(
                "its {} is {:?} but its history ends at {:?}",
                "其 {} 为 {:?}, 但历史记录止于 {:?}",
                field.code(),
                value,
                last(field)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(time: &str, field: &str, from: Option<&str>, to: Option<&str>) -> Change {
        Change {
            time: time.into(),
            author: "张三".into(),
            field: field.into(),
            from: from.map(String::from),
            to: to.map(String::from),
        }
    }

    fn sample() -> Submission {
        Submission {
            format: FORMAT.into(),
            version: VERSION,
            document: DocumentRef {
                name: "embedded".into(),
                title: "x".into(),
            },
            agency: "天津海关".into(),
            author: "张三".into(),
            created: "2026-11-28T00:00:00.000Z".into(),
            entries: vec![SubmittedEntry {
                number: 19,
                title: String::new(),
                status: Status::InProgress,
                deadline: None,
                contact: None,
                history: vec![change(
                    "2026-11-28T00:00:00.000Z",
                    "status",
                    Some("not_started"),
                    Some("in_progress"),
                )],
            }],
        }
    }

    #[test]
    fn round_trip_and_checks() {
        let catalog = Catalog::embedded().unwrap();
        let json = to_json(&sample());
        let (back, incoming) = read("s.json", json.into_bytes(), &catalog).unwrap();
        assert_eq!(back, sample());
        assert_eq!(incoming[0].key, ItemKey::new("embedded", 19, "天津海关"));

        let mut bad = sample();
        bad.entries[0].number = 99;
        let e = read("s.json", to_json(&bad).into_bytes(), &catalog).unwrap_err();
        assert!(e.to_string().contains("s.json: entry 1 (reform 99)"), "{e}");

        let mut bad = sample();
        bad.entries[0].status = Status::Done;
        let e = read("s.json", to_json(&bad).into_bytes(), &catalog).unwrap_err();
        assert!(e.to_string().contains("history ends at in_progress"), "{e}");

        let mut bad = sample();
        bad.version = 9;
        let e = read("s.json", to_json(&bad).into_bytes(), &catalog).unwrap_err();
        assert!(e.to_string().contains("newer version"), "{e}");

        let e = read(
            "s.json",
            b"{\n  \"format\": \xe6\x95\xb0,\n}".to_vec(),
            &catalog,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("s.json:2:13: "), "{e}");
    }
}
