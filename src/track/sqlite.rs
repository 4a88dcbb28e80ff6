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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::record::{self, Change, Entry, Field, ItemKey, Note, Status};
use super::store::{self, Conflict, Incoming, Ledger, MergeReport, TrackError};

/// The schema this program writes. Each migration takes a database from the version before
/// it to its own.
pub const SCHEMA_VERSION: i32 = 3;

/// The migrations, in order: `MIGRATIONS[i]` takes version `i` to `i + 1`.
const MIGRATIONS: [&str; 3] = [
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
    // 3: each item's latest note kept in its row, so reading every item needs no lookup in
    // the history; `change_once` begins with (item, time), so `change_item` only cost writes.
    "ALTER TABLE item ADD COLUMN note_time TEXT;
     ALTER TABLE item ADD COLUMN note_author TEXT;
     ALTER TABLE item ADD COLUMN note TEXT;
     UPDATE item SET (note_time, note_author, note) = (
         SELECT time, author, new FROM change WHERE item = item.id AND field = 'note'
         ORDER BY time DESC, author DESC, new DESC LIMIT 1);
     DROP INDEX change_item;",
];

/// How long a write waits for another process's to end before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A tracking database in an SQLite file.
/// The name SQLite gives a database in memory.
const MEMORY: &str = ":memory:";

pub struct SqliteLedger {
    conn: Connection,
    path: PathBuf,
}

/// Where the tracking database is kept: `track.sqlite3` in the program's data folder
/// (`$XDG_DATA_HOME/reforms`), beside the library.
pub fn standard_path() -> Option<PathBuf> {
    crate::core::paths::data_dir().map(|dir| dir.join("track.sqlite3"))
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
            std::fs::create_dir_all(dir).map_err(|e| {
                fail(crate::say!(
                    "cannot make its folder: {e}",
                    "无法建立其文件夹: {e}"
                ))
            })?;
        }
        if path.is_dir() {
            return Err(fail(crate::say!(
                "is a folder, not a database file",
                "是文件夹, 不是数据库文件"
            )));
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

    /// A database in memory, gone with the value: the same schema and code as a file's,
    /// for what must not leave a file behind (tests of the browser's keys).
    pub fn in_memory() -> Result<SqliteLedger, TrackError> {
        let path = Path::new(MEMORY);
        let fail = |e: rusqlite::Error| TrackError::Database {
            place: MEMORY.into(),
            reason: reason(&e, path),
        };
        let ledger = SqliteLedger {
            conn: Connection::open_in_memory().map_err(fail)?,
            path: path.to_path_buf(),
        };
        ledger.prepare().map_err(fail)??;
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
            return refuse(&crate::say!(
                "was written by a newer version of reforms (tracking schema {version}; this one knows up to {SCHEMA_VERSION}); use that version or a newer one",
                "由较新版本的 reforms 写入 (台账结构 {version}; 本版本最高支持 {SCHEMA_VERSION}); 请使用该版本或更新的版本"
            ));
        }
        if version == 0 {
            let tables: i64 = self.conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |row| row.get(0),
            )?;
            if tables > 0 {
                return refuse(&crate::say!(
                    "is an SQLite database of another program, not a reforms tracking database",
                    "是其他程序的 SQLite 数据库, 不是 reforms 的落实台账数据库"
                ));
            }
        }
        let mode: String =
            self.conn
                .pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))?;
        let in_memory = self.path == Path::new(MEMORY) && mode.eq_ignore_ascii_case("memory");
        if !mode.eq_ignore_ascii_case("wal") && !in_memory {
            return refuse(&crate::say!(
                "cannot use write-ahead logging (mode {mode})",
                "无法使用预写日志 (模式 {mode})"
            ));
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
            crate::say!("cannot write: the file is read-only", "无法写入: 文件只读")
        } else {
            crate::say!(
                "cannot write: the file or its folder is read-only",
                "无法写入: 文件或其文件夹只读"
            )
        }
    };
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => crate::say!(
            "is not a tracking database (not an SQLite file); it was left as it is",
            "不是落实台账数据库 (不是 SQLite 文件); 未作改动"
        ),
        Some(ErrorCode::DatabaseCorrupt) => crate::say!(
            "the database is damaged; restore it from a copy (sqlite3's .recover can save what is left)",
            "数据库已损坏; 请从备份恢复 (sqlite3 的 .recover 可挽救剩余内容)"
        ),
        Some(ErrorCode::ReadOnly) => read_only(),
        Some(ErrorCode::PermissionDenied) => read_only(),
        Some(ErrorCode::CannotOpen) => match std::fs::metadata(path) {
            Ok(_) => read_only(),
            Err(io) => crate::say!("cannot open: {io}", "无法打开: {io}"),
        },
        Some(ErrorCode::DiskFull) => crate::say!(
            "cannot write: the disk is full; nothing was changed",
            "无法写入: 磁盘已满; 未作任何改动"
        ),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => crate::say!(
            "another program has held the database for more than {} seconds; try again",
            "另一程序占用数据库已超过 {} 秒; 请重试",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(ErrorCode::SystemIoFailure) => {
            crate::say!("cannot read or write: {e}", "无法读写: {e}")
        }
        _ => e.to_string(),
    }
}

/// The fields kept in an item's row, in the order of [`ItemRow::values`], and their columns.
const FIELDS: [Field; 3] = [Field::Status, Field::Deadline, Field::Contact];
const COLUMNS: [&str; 3] = ["status", "deadline", "contact"];

/// An item as its row holds it.
struct ItemRow {
    id: i64,
    /// Whether this transaction made it.
    made: bool,
    /// Status, deadline and contact, as [`FIELDS`].
    values: [Option<String>; 3],
    /// The latest note, as the change that added it.
    note: Option<Change>,
    updated: String,
}

/// The item's row, made when it is missing.
fn item_row(tx: &rusqlite::Transaction, key: &ItemKey, time: &str) -> rusqlite::Result<ItemRow> {
    let found = tx
        .prepare_cached(
            "SELECT id, status, deadline, contact, note_time, note_author, note, updated
             FROM item WHERE document = ?1 AND number = ?2 AND agency = ?3",
        )?
        .query_row(params![key.document, key.number, key.agency], |row| {
            let note_time: Option<String> = row.get(4)?;
            Ok(ItemRow {
                id: row.get(0)?,
                made: false,
                values: [row.get(1)?, row.get(2)?, row.get(3)?],
                note: match note_time {
                    Some(time) => Some(note_change(time, row.get(5)?, row.get(6)?)),
                    None => None,
                },
                updated: row.get(7)?,
            })
        })
        .optional()?;
    if let Some(found) = found {
        return Ok(found);
    }
    tx.prepare_cached(
        "INSERT INTO item (document, number, agency, updated) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![key.document, key.number, key.agency, time])?;
    Ok(ItemRow {
        id: tx.last_insert_rowid(),
        made: true,
        values: [Some(Status::NotStarted.code().to_string()), None, None],
        note: None,
        updated: time.to_string(),
    })
}

fn note_change(time: String, author: String, text: Option<String>) -> Change {
    Change {
        time,
        author,
        field: Field::Note.code().to_string(),
        from: None,
        to: text,
    }
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

/// Entries sorted by document, number and agency. Documents and agencies are few, so each is
/// given its rank once and the sort compares numbers: comparing the names themselves took a
/// tenth of reading 100,000 entries.
fn in_key_order(mut entries: Vec<Entry>) -> Vec<Entry> {
    /// Each name's number in the order first met (one lookup per entry), then the ranks of
    /// those numbers in name order.
    fn ranks<'a>(names: impl Iterator<Item = &'a str>) -> Vec<u32> {
        let mut seen: HashMap<&str, u32> = HashMap::new();
        let ids: Vec<u32> = names
            .map(|name| {
                let next = seen.len() as u32;
                *seen.entry(name).or_insert(next)
            })
            .collect();
        let mut distinct: Vec<(&str, u32)> = seen.into_iter().collect();
        distinct.sort_unstable();
        let mut rank = vec![0; distinct.len()];
        for (at, (_, id)) in distinct.into_iter().enumerate() {
            rank[id as usize] = at as u32;
        }
        ids.into_iter().map(|id| rank[id as usize]).collect()
    }
    let documents = ranks(entries.iter().map(|e| e.document.as_str()));
    let agencies = ranks(entries.iter().map(|e| e.agency.as_str()));
    let mut order: Vec<(u32, u32, u32, usize)> = entries
        .iter()
        .enumerate()
        .map(|(at, e)| (documents[at], e.number, agencies[at], at))
        .collect();
    order.sort_unstable();
    order
        .into_iter()
        .map(|(.., at)| std::mem::take(&mut entries[at]))
        .collect()
}

/// A stored deadline, `YYYY-MM-DD`: read by hand, as chrono's format parser costs a tenth of
/// reading 100,000 entries; anything else as chrono reads it.
fn date(text: &str) -> Option<chrono::NaiveDate> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        return chrono::NaiveDate::from_ymd_opt(y as i32, m, d);
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
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
        let Some(at) = FIELDS.iter().position(|&f| f == field) else {
            return Err(TrackError::Invalid(crate::say!(
                "a note is added, not set",
                "备注只能添加, 不能设置"
            )));
        };
        let to = to.map(str::trim).filter(|t| !t.is_empty());
        store::check_value(field, to)?;
        self.write(|tx| {
            let row = item_row(tx, key, &record::now())?;
            if row.values[at].as_deref() == to {
                return Ok(Ok(None));
            }
            let change = Change {
                time: stamp(tx, row.id)?,
                author: author.to_string(),
                field: field.code().to_string(),
                from: row.values[at].clone(),
                to: to.map(str::to_string),
            };
            insert_change(tx, row.id, &change, None)?;
            tx.prepare_cached(&format!(
                "UPDATE item SET {} = ?1, updated = ?2 WHERE id = ?3",
                COLUMNS[at]
            ))?
            .execute(params![change.to, change.time, row.id])?;
            Ok(Ok(Some(change)))
        })
    }

    fn add_note(&mut self, key: &ItemKey, text: &str, author: &str) -> Result<Note, TrackError> {
        let text = text.trim_end();
        if text.trim().is_empty() {
            return Err(TrackError::Invalid(crate::say!(
                "the note is empty",
                "备注为空"
            )));
        }
        store::check_value(Field::Note, Some(text))?;
        self.write(|tx| {
            let row = item_row(tx, key, &record::now())?;
            // Later than every change of the item, so it is the latest note.
            let change = note_change(stamp(tx, row.id)?, author.to_string(), Some(text.into()));
            insert_change(tx, row.id, &change, None)?;
            tx.prepare_cached(
                "UPDATE item SET note_time = ?1, note_author = ?2, note = ?3, updated = ?1
                 WHERE id = ?4",
            )?
            .execute(params![change.time, change.author, change.to, row.id])?;
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
            // Read in the table's order and sorted here: a scan of the key's index would
            // look every row up again.
            let mut stmt = self.conn.prepare_cached(
                "SELECT document, number, agency, status, deadline, contact, updated,
                        note_time, note_author, note
                 FROM item
                 WHERE (?1 IS NULL OR document = ?1) AND (?2 IS NULL OR agency = ?2)",
            )?;
            stmt.query_map(params![document, agency], |row| {
                // Borrowed, not copied: only their meaning is kept.
                let status = row.get_ref(3)?.as_str()?;
                let deadline = row.get_ref(4)?.as_str_or_null()?;
                let note_time: Option<String> = row.get(7)?;
                Ok(Entry {
                    document: row.get(0)?,
                    number: row.get(1)?,
                    agency: row.get(2)?,
                    status: Status::from_code(status).unwrap_or_default(),
                    deadline: deadline.and_then(date),
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
        Ok(in_key_order(read().map_err(|e| self.error(&e))?))
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
            let now = record::now();
            for item in items {
                let row = item_row(tx, &item.key, &now)?;
                report.new_items += usize::from(row.made);
                // A new item has no history of its own to weigh against the submission's.
                let ours: Vec<Option<Change>> = if row.made {
                    vec![None; FIELDS.len()]
                } else {
                    FIELDS
                        .iter()
                        .map(|&f| newest(tx, row.id, f))
                        .collect::<rusqlite::Result<_>>()?
                };
                let mut added = 0;
                let mut latest: Option<&str> = None;
                for change in &item.history {
                    if insert_change(tx, row.id, change, Some("merge"))? {
                        added += 1;
                    } else {
                        report.known_changes += 1;
                    }
                    latest = latest.max(Some(change.time.as_str()));
                }
                report.new_changes += added;
                let mut values = row.values.clone();
                for ((field, ours), value) in FIELDS.iter().zip(ours).zip(&mut values) {
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
                    if winner.to != *value {
                        value.clone_from(&winner.to);
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
                let theirs_note = item
                    .history
                    .iter()
                    .filter(|c| c.field == Field::Note.code())
                    .reduce(|a, b| store::newer(a, b));
                let note = match (&row.note, theirs_note) {
                    (Some(ours), Some(theirs)) => Some(store::newer(ours, theirs)),
                    (ours, theirs) => ours.as_ref().or(theirs),
                };
                let updated = latest.map_or(row.updated.as_str(), |l| l.max(&row.updated));
                if added > 0
                    || values != row.values
                    || note != row.note.as_ref()
                    || updated != row.updated
                {
                    tx.prepare_cached(
                        "UPDATE item SET status = ?1, deadline = ?2, contact = ?3,
                             note_time = ?4, note_author = ?5, note = ?6, updated = ?7
                         WHERE id = ?8",
                    )?
                    .execute(params![
                        values[0],
                        values[1],
                        values[2],
                        note.map(|n| &n.time),
                        note.map(|n| &n.author),
                        note.and_then(|n| n.to.as_ref()),
                        updated,
                        row.id
                    ])?;
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
    fn a_merge_keeps_the_newest_note() {
        let (_dir, path) = temp();
        let mut db = SqliteLedger::open(&path).unwrap();
        let (a, b) = (key(1, "市商务局"), key(2, "市商务局"));
        db.add_note(&a, "本地的进展", "本地").unwrap();
        db.add_note(&b, "本地的进展", "本地").unwrap();
        let note =
            |time: &str, text: &str| note_change(time.into(), "报送".into(), Some(text.into()));
        let items = [
            // Older than the note made here: history only.
            Incoming {
                key: a.clone(),
                history: vec![note("2020-01-01T00:00:00.000Z", "旧的")],
            },
            // Newer: it becomes the latest, whatever order the submission lists them in.
            Incoming {
                key: b.clone(),
                history: vec![
                    note("2999-01-02T00:00:00.000Z", "最新的"),
                    note("2999-01-01T00:00:00.000Z", "较新的"),
                ],
            },
            Incoming {
                key: key(3, "市商务局"),
                history: vec![note("2026-01-01T00:00:00.000Z", "新事项的")],
            },
        ];
        let report = db.merge(&items).unwrap();
        assert_eq!((report.new_items, report.new_changes), (1, 4));
        let latest = |db: &SqliteLedger| -> Vec<String> {
            db.entries(None, None)
                .unwrap()
                .into_iter()
                .map(|e| e.latest_note.unwrap().text)
                .collect()
        };
        assert_eq!(latest(&db), ["本地的进展", "最新的", "新事项的"]);
        assert!(db.merge(&items).unwrap().is_empty());
        assert_eq!(latest(&db), ["本地的进展", "最新的", "新事项的"]);
        assert_eq!(db.notes(&b).unwrap()[0].text, "最新的");
    }

    #[test]
    fn entries_come_in_key_order() {
        let entry = |document: &str, number, agency: &str| Entry {
            document: document.into(),
            number,
            agency: agency.into(),
            ..Entry::default()
        };
        let sorted = vec![
            entry("a", 2, "单位1"),
            entry("a", 2, "单位10"),
            entry("a", 2, "单位2"),
            entry("a", 10, "单位1"),
            entry("embedded", 1, "单位0"),
            entry("embedded", 1, "单位1"),
        ];
        let mut shuffled = sorted.clone();
        shuffled.reverse();
        shuffled.swap(1, 4);
        assert_eq!(in_key_order(shuffled), sorted);
        assert!(in_key_order(Vec::new()).is_empty());
    }

    #[test]
    fn stored_dates_are_read() {
        let ymd = chrono::NaiveDate::from_ymd_opt;
        assert_eq!(date("2026-12-31"), ymd(2026, 12, 31));
        assert_eq!(date("2026-1-5"), ymd(2026, 1, 5));
        assert_eq!(date("2026-02-30"), None);
        assert_eq!(date("2026-1a-05"), None);
        assert_eq!(date("２０２６-12-31"), None);
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
