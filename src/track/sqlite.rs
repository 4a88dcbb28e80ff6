//! The tracking database as one SQLite file per user, bundled with the program, so nothing
//! needs installing.
//!
//! Two tables: `item`, the current values of each (document, number, agency), and
//! `change`, every change ever made to one of them (notes included), never updated or
//! deleted. The schema's version is `PRAGMA user_version`, raised by the migrations in
//! order; a file of a newer version is refused, untouched. WAL mode lets a browser read
//! while another process writes, and every change is one `BEGIN IMMEDIATE` transaction that
//! reads the value it replaces, so two processes never lose each other's writes, and a
//! killed process leaves either the whole change or none of it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::record::{self, Change, Entry, Field, ItemKey, Note, Status};
use super::store::{self, Conflict, Incoming, Ledger, MergeReport, TrackError};

/// The schema this program writes. Each migration takes a database from the version before
/// it to its own.
pub const SCHEMA_VERSION: i32 = 2;

/// The migrations, in order: `MIGRATIONS[i]` takes version `i` to `i + 1`.
const MIGRATIONS: [&str; 2] = [
    // 1: items and their history.
    "CREATE TABLE item (
         id       INTEGER PRIMARY KEY,
         document TEXT NOT NULL,
         number   INTEGER NOT NULL,
         agency   TEXT NOT NULL,
         status   TEXT NOT NULL DEFAULT 'not_started',
         deadline TEXT,
         contact  TEXT,
         updated  TEXT NOT NULL,
         UNIQUE (document, number, agency)
     );
     CREATE TABLE change (
         id     INTEGER PRIMARY KEY,
         item   INTEGER NOT NULL REFERENCES item (id),
         time   TEXT NOT NULL,
         author TEXT NOT NULL,
         field  TEXT NOT NULL,
         old    TEXT,
         new    TEXT
     );
     CREATE INDEX change_item ON change (item, time);",
    // 2: merging submissions. Where a change came from (NULL: made here), one copy of each
    // change however often it is merged, and each field's newest change found at once.
    "ALTER TABLE change ADD COLUMN origin TEXT;
     DELETE FROM change WHERE id NOT IN (
         SELECT min(id) FROM change
         GROUP BY item, time, author, field, ifnull(old, ''), ifnull(new, ''));
     CREATE UNIQUE INDEX change_once
         ON change (item, time, author, field, ifnull(old, ''), ifnull(new, ''));
     CREATE INDEX change_field ON change (item, field, time);",
];

/// How long a write waits for another process's to end before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A tracking database in an SQLite file.
pub struct SqliteLedger {
    conn: Connection,
    path: PathBuf,
}

/// Where the tracking database is kept: `track.sqlite3` in the program's data folder
/// (`$XDG_DATA_HOME/reforms`), beside the library.
pub fn standard_path() -> Option<PathBuf> {
    crate::paths::data_dir().map(|dir| dir.join("track.sqlite3"))
}

impl SqliteLedger {
    /// Opens the database at `path`, making it (and its folder) when missing, and brings
    /// its schema up to date. A file that is not a tracking database, or one of a newer
    /// version, is refused without a byte written to it.
    pub fn open(path: &Path) -> Result<SqliteLedger, TrackError> {
        let place = path.display().to_string();
        let fail = |reason: String| TrackError::Database {
            place: place.clone(),
            reason,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| fail(format!("cannot make its folder: {e}")))?;
        }
        if path.is_dir() {
            return Err(fail("is a folder, not a database file".into()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| fail(reason(&e, path)))?;
        let ledger = SqliteLedger {
            conn,
            path: path.to_path_buf(),
        };
        ledger.prepare().map_err(|e| fail(reason(&e, path)))??;
        Ok(ledger)
    }

    /// The file the database is in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<i32, TrackError> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.error(&e))
    }

    /// Checks the file and its schema, then sets WAL mode and migrates. The outer error is
    /// SQLite's; the inner one says why the file is not ours to change.
    fn prepare(&self) -> rusqlite::Result<Result<(), TrackError>> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let refuse = |reason: &str| {
            Ok(Err(TrackError::Database {
                place: self.path.display().to_string(),
                reason: reason.to_string(),
            }))
        };
        // Reading the header first: a file that is not SQLite fails here, unwritten.
        let version: i32 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return refuse(&format!(
                "was written by a newer version of reforms (tracking schema {version}; this one knows up to {SCHEMA_VERSION}); use that version or a newer one"
            ));
        }
        if version == 0 {
            let tables: i64 = self.conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |row| row.get(0),
            )?;
            if tables > 0 {
                return refuse(
                    "is an SQLite database of another program, not a reforms tracking database",
                );
            }
        }
        let mode: String =
            self.conn
                .pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return refuse(&format!("cannot use write-ahead logging (mode {mode})"));
        }
        // In WAL mode NORMAL loses no committed change when a process is killed, only, at
        // worst, the last ones when the machine loses power; and never damages the file.
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.migrate(version)?;
        Ok(Ok(()))
    }

    /// Applies the migrations after `version`, each in its own transaction with the version
    /// it reaches, so a migration is done whole or not at all.
    fn migrate(&self, version: i32) -> rusqlite::Result<()> {
        for (at, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            let tx =
                rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            // Another process may have migrated while this one waited for the lock.
            let now: i32 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
            if now > at as i32 {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", at as i32 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    fn error(&self, e: &rusqlite::Error) -> TrackError {
        TrackError::Database {
            place: self.path.display().to_string(),
            reason: reason(e, &self.path),
        }
    }

    /// Runs `work` in one immediate transaction: all of it is kept, or none.
    fn write<T>(
        &mut self,
        work: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<Result<T, TrackError>>,
    ) -> Result<T, TrackError> {
        let path = self.path.clone();
        let wrap = |e: rusqlite::Error| TrackError::Database {
            place: path.display().to_string(),
            reason: reason(&e, &path),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(wrap)?;
        match work(&tx).map_err(wrap)? {
            Ok(value) => {
                tx.commit().map_err(wrap)?;
                Ok(value)
            }
            Err(e) => Err(e),
        }
    }

    /// Counts rows of the history, for checks.
    pub fn change_count(&self) -> Result<i64, TrackError> {
        self.conn
            .query_row("SELECT count(*) FROM change", [], |row| row.get(0))
            .map_err(|e| self.error(&e))
    }

    /// `PRAGMA integrity_check`: `ok`, or what is wrong.
    pub fn integrity_check(&self) -> Result<String, TrackError> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.error(&e))?;
        let rows: Vec<String> = stmt
            .query_map([], |row| row.get(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.error(&e))?;
        Ok(rows.join("; "))
    }
}

/// Why SQLite failed, in words a user can act on.
fn reason(e: &rusqlite::Error, path: &Path) -> String {
    let read_only = || {
        let file = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
        if file {
            "cannot write: the file is read-only".to_string()
        } else {
            "cannot write: the file or its folder is read-only".to_string()
        }
    };
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            "is not a tracking database (not an SQLite file); it was left as it is".into()
        }
        Some(ErrorCode::DatabaseCorrupt) => {
            "the database is damaged; restore it from a copy (sqlite3's .recover can save what is left)".into()
        }
        Some(ErrorCode::ReadOnly) => read_only(),
        Some(ErrorCode::PermissionDenied) => read_only(),
        Some(ErrorCode::CannotOpen) => match std::fs::metadata(path) {
            Ok(_) => read_only(),
            Err(io) => format!("cannot open: {io}"),
        },
        Some(ErrorCode::DiskFull) => "cannot write: the disk is full; nothing was changed".into(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => format!(
            "another program has held the database for more than {} seconds; try again",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(ErrorCode::SystemIoFailure) => format!("cannot read or write: {e}"),
        _ => e.to_string(),
    }
}

/// The item's id, made when it is missing; and whether it was made.
fn item_id(tx: &rusqlite::Transaction, key: &ItemKey, time: &str) -> rusqlite::Result<(i64, bool)> {
    let made = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO item (document, number, agency, updated) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![key.document, key.number, key.agency, time])?
        > 0;
    let id = tx
        .prepare_cached("SELECT id FROM item WHERE document = ?1 AND number = ?2 AND agency = ?3")?
        .query_row(params![key.document, key.number, key.agency], |row| {
            row.get(0)
        })?;
    Ok((id, made))
}

/// The column of `item` holding a field.
fn column(field: Field) -> &'static str {
    match field {
        Field::Status => "status",
        Field::Deadline => "deadline",
        Field::Contact => "contact",
        Field::Note => "",
    }
}

fn current(tx: &rusqlite::Transaction, id: i64, field: Field) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        &format!("SELECT {} FROM item WHERE id = ?1", column(field)),
        [id],
        |row| row.get(0),
    )
}

fn insert_change(
    tx: &rusqlite::Transaction,
    id: i64,
    change: &Change,
    origin: Option<&str>,
) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached(
            "INSERT OR IGNORE INTO change (item, time, author, field, old, new, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            id,
            change.time,
            change.author,
            change.field,
            change.from,
            change.to,
            origin
        ])?
        > 0)
}

/// The newest change of a field of an item, as [`store::newer`] orders them.
fn newest(tx: &rusqlite::Transaction, id: i64, field: Field) -> rusqlite::Result<Option<Change>> {
    tx.prepare_cached(
        "SELECT time, author, field, old, new FROM change WHERE item = ?1 AND field = ?2
         ORDER BY time DESC, author DESC, new DESC LIMIT 1",
    )?
    .query_row(params![id, field.code()], change_of)
    .optional()
}

fn change_of(row: &rusqlite::Row) -> rusqlite::Result<Change> {
    Ok(Change {
        time: row.get(0)?,
        author: row.get(1)?,
        field: row.get(2)?,
        from: row.get(3)?,
        to: row.get(4)?,
    })
}

/// A stamp later than the item's last change, so the history's order is the order changes
/// were made even when the clock steps back.
fn stamp(tx: &rusqlite::Transaction, id: i64) -> rusqlite::Result<String> {
    let now = record::now();
    let last: Option<String> = tx
        .prepare_cached("SELECT max(time) FROM change WHERE item = ?1")?
        .query_row([id], |row| row.get(0))?;
    Ok(match last {
        Some(last) if last >= now => chrono::DateTime::parse_from_rfc3339(&last)
            .map(|t| {
                (t + chrono::Duration::milliseconds(1))
                    .to_utc()
                    .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                    .to_string()
            })
            .unwrap_or(now),
        _ => now,
    })
}

impl Ledger for SqliteLedger {
    fn set(
        &mut self,
        key: &ItemKey,
        field: Field,
        to: Option<&str>,
        author: &str,
    ) -> Result<Option<Change>, TrackError> {
        if field == Field::Note {
            return Err(TrackError::Invalid("a note is added, not set".into()));
        }
        let to = to.map(str::trim).filter(|t| !t.is_empty());
        store::check_value(field, to)?;
        self.write(|tx| {
            let (id, _) = item_id(tx, key, &record::now())?;
            let from = current(tx, id, field)?;
            if from.as_deref() == to {
                return Ok(Ok(None));
            }
            let change = Change {
                time: stamp(tx, id)?,
                author: author.to_string(),
                field: field.code().to_string(),
                from,
                to: to.map(str::to_string),
            };
            insert_change(tx, id, &change, None)?;
            tx.execute(
                &format!(
                    "UPDATE item SET {} = ?1, updated = ?2 WHERE id = ?3",
                    column(field)
                ),
                params![change.to, change.time, id],
            )?;
            Ok(Ok(Some(change)))
        })
    }

    fn add_note(&mut self, key: &ItemKey, text: &str, author: &str) -> Result<Note, TrackError> {
        let text = text.trim_end();
        if text.trim().is_empty() {
            return Err(TrackError::Invalid("the note is empty".into()));
        }
        store::check_value(Field::Note, Some(text))?;
        self.write(|tx| {
            let (id, _) = item_id(tx, key, &record::now())?;
            let change = Change {
                time: stamp(tx, id)?,
                author: author.to_string(),
                field: Field::Note.code().to_string(),
                from: None,
                to: Some(text.to_string()),
            };
            insert_change(tx, id, &change, None)?;
            tx.execute(
                "UPDATE item SET updated = ?1 WHERE id = ?2",
                params![change.time, id],
            )?;
            Ok(Ok(Note {
                time: change.time,
                author: change.author,
                text: text.to_string(),
            }))
        })
    }

    fn entries(
        &self,
        document: Option<&str>,
        agency: Option<&str>,
    ) -> Result<Vec<Entry>, TrackError> {
        let read = || -> rusqlite::Result<Vec<Entry>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT i.document, i.number, i.agency, i.status, i.deadline, i.contact, i.updated,
                        n.time, n.author, n.new
                 FROM item i
                 LEFT JOIN change n ON n.id = (
                     SELECT id FROM change WHERE item = i.id AND field = 'note'
                     ORDER BY time DESC, id DESC LIMIT 1)
                 WHERE (?1 IS NULL OR i.document = ?1) AND (?2 IS NULL OR i.agency = ?2)
                 ORDER BY i.document, i.number, i.agency",
            )?;
            stmt.query_map(params![document, agency], |row| {
                let status: String = row.get(3)?;
                let deadline: Option<String> = row.get(4)?;
                let note_time: Option<String> = row.get(7)?;
                Ok(Entry {
                    document: row.get(0)?,
                    number: row.get(1)?,
                    agency: row.get(2)?,
                    status: Status::from_code(&status).unwrap_or_default(),
                    deadline: deadline
                        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                    contact: row.get(5)?,
                    updated: row.get(6)?,
                    latest_note: match note_time {
                        Some(time) => Some(Note {
                            time,
                            author: row.get(8)?,
                            text: row.get::<_, Option<String>>(9)?.unwrap_or_default(),
                        }),
                        None => None,
                    },
                })
            })?
            .collect()
        };
        read().map_err(|e| self.error(&e))
    }

    fn notes(&self, key: &ItemKey) -> Result<Vec<Note>, TrackError> {
        Ok(self
            .history(key)?
            .into_iter()
            .rev()
            .filter(|c| c.field == Field::Note.code())
            .map(|c| Note {
                time: c.time,
                author: c.author,
                text: c.to.unwrap_or_default(),
            })
            .collect())
    }

    fn history(&self, key: &ItemKey) -> Result<Vec<Change>, TrackError> {
        let read = || -> rusqlite::Result<Vec<Change>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT c.time, c.author, c.field, c.old, c.new FROM change c
                 JOIN item i ON i.id = c.item
                 WHERE i.document = ?1 AND i.number = ?2 AND i.agency = ?3
                 ORDER BY c.time, c.id",
            )?;
            stmt.query_map(params![key.document, key.number, key.agency], change_of)?
                .collect()
        };
        read().map_err(|e| self.error(&e))
    }

    fn merge(&mut self, items: &[Incoming]) -> Result<MergeReport, TrackError> {
        for item in items {
            for change in &item.history {
                let field = Field::from_code(&change.field).ok_or_else(|| {
                    TrackError::Invalid(format!("{:?} is not a field", change.field))
                })?;
                store::check_value(field, change.to.as_deref())?;
                if field != Field::Note && field != Field::Status {
                    store::check_value(field, change.from.as_deref())?;
                }
            }
        }
        self.write(|tx| {
            let mut report = MergeReport::default();
            for item in items {
                let (id, made) = item_id(tx, &item.key, &record::now())?;
                report.new_items += usize::from(made);
                let fields = [Field::Status, Field::Deadline, Field::Contact];
                let ours: Vec<Option<Change>> = fields
                    .iter()
                    .map(|&f| newest(tx, id, f))
                    .collect::<rusqlite::Result<_>>()?;
                let mut latest: Option<&str> = None;
                for change in &item.history {
                    if insert_change(tx, id, change, Some("merge"))? {
                        report.new_changes += 1;
                    } else {
                        report.known_changes += 1;
                    }
                    latest = latest.max(Some(change.time.as_str()));
                }
                for (field, ours) in fields.iter().zip(ours) {
                    let theirs = item
                        .history
                        .iter()
                        .filter(|c| c.field == field.code())
                        .reduce(|a, b| store::newer(a, b));
                    let Some(theirs) = theirs else { continue };
                    let winner = match &ours {
                        Some(ours) => store::newer(ours, theirs),
                        None => theirs,
                    };
                    let taken = std::ptr::eq(winner, theirs);
                    let now = current(tx, id, *field)?;
                    if winner.to != now {
                        tx.execute(
                            &format!("UPDATE item SET {} = ?1 WHERE id = ?2", column(*field)),
                            params![winner.to, id],
                        )?;
                        report.updated_fields += 1;
                    }
                    if let Some(ours) = ours
                        && ours.to != theirs.to
                        && !item.history.contains(&ours)
                    {
                        report.conflicts.push(Conflict {
                            key: item.key.clone(),
                            field: *field,
                            taken,
                            theirs: theirs.clone(),
                            ours,
                        });
                    }
                }
                if let Some(latest) = latest {
                    tx.execute(
                        "UPDATE item SET updated = max(updated, ?1) WHERE id = ?2",
                        params![latest, id],
                    )?;
                }
            }
            Ok(Ok(report))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(number: u32, agency: &str) -> ItemKey {
        ItemKey::new("embedded", number, agency)
    }

    fn temp() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("track.sqlite3");
        (dir, path)
    }

    #[test]
    fn set_note_list_and_history() {
        let (_dir, path) = temp();
        let mut db = SqliteLedger::open(&path).unwrap();
        assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
        let k = key(19, "天津海关");
        let change = db
            .set_status(&k, Status::InProgress, "张三")
            .unwrap()
            .unwrap();
        assert_eq!(change.from.as_deref(), Some("not_started"));
        assert_eq!(db.set_status(&k, Status::InProgress, "张三").unwrap(), None);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 31);
        db.set_deadline(&k, date, "张三").unwrap();
        db.set_contact(&k, Some("李四 022-12345678"), "张三")
            .unwrap();
        db.add_note(&k, "已召开专题会\n部署落实", "张三").unwrap();
        db.add_note(&k, "已印发方案", "李四").unwrap();
        let entries = db.entries(None, None).unwrap();
        assert_eq!(entries.len(), 1);
        let e = &entries[0];
        assert_eq!((e.status, e.deadline), (Status::InProgress, date));
        assert_eq!(e.latest_note.as_ref().unwrap().text, "已印发方案");
        let notes = db.notes(&k).unwrap();
        assert_eq!(notes[0].author, "李四");
        assert_eq!(notes[1].text, "已召开专题会\n部署落实");
        let history = db.history(&k).unwrap();
        let fields: Vec<&str> = history.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["status", "deadline", "contact", "note", "note"]);
        assert!(history.windows(2).all(|w| w[0].time < w[1].time));
        assert!(db.set(&k, Field::Deadline, Some("明天"), "x").is_err());
        assert!(db.add_note(&k, "  ", "x").is_err());
        assert!(db.add_note(&k, "\u{1b}[31m", "x").is_err());
    }

    #[test]
    fn reopened_the_values_are_there() {
        let (_dir, path) = temp();
        SqliteLedger::open(&path)
            .unwrap()
            .set_status(&key(1, "市商务局"), Status::Done, "a")
            .unwrap();
        let db = SqliteLedger::open(&path).unwrap();
        assert_eq!(db.entries(None, None).unwrap()[0].status, Status::Done);
        assert_eq!(db.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn a_full_disk_changes_nothing() {
        let (_dir, path) = temp();
        let mut db = SqliteLedger::open(&path).unwrap();
        let k = key(1, "市商务局");
        db.add_note(&k, "第一条", "a").unwrap();
        let pages: i64 = db
            .conn
            .pragma_query_value(None, "page_count", |r| r.get(0))
            .unwrap();
        db.conn
            .pragma_update(None, "max_page_count", pages)
            .unwrap();
        let long = "很长的落实情况。".repeat(4000);
        let e = db.add_note(&k, &long, "a").unwrap_err();
        assert!(e.to_string().contains("the disk is full"), "{e}");
        assert_eq!(db.notes(&k).unwrap().len(), 1);
        assert_eq!(db.integrity_check().unwrap(), "ok");
    }
}
