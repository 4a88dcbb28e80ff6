//! `reforms track`, run as users run it: the real binary on a database in a temporary data
//! folder. Setting, noting, listing and the history; two writers at once; submissions
//! merged by a coordinator; a writer killed mid-write, many times; migrations; and files
//! that are not ours, refused and left as they were.

use crate::common;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use calamine::{Reader, Xlsx};
use common::command::{binary, reforms, reforms_zh};
use predicates::prelude::*;
use reforms::track::{Ledger, SqliteLedger, Status};

/// A data folder of its own, with the binary pointed at it.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        Place {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The standard database of this place.
    fn db(&self) -> PathBuf {
        self.path().join("data/reforms/track.sqlite3")
    }

    /// `reforms track` as a user of this place runs it: in Chinese, the default.
    fn cmd(&self, author: &str) -> assert_cmd::Command {
        let mut cmd = reforms_zh();
        for (var, sub) in [
            ("XDG_DATA_HOME", "data"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            cmd.env(var, self.path().join(sub));
        }
        cmd.env("HOME", self.path())
            .env("REFORMS_AUTHOR", author)
            .env_remove("REFORMS_TRACK_DB")
            .arg("track");
        cmd
    }

    fn run(&self, author: &str, args: &[&str]) -> String {
        let out = self.cmd(author).args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        serde_json::from_str(&self.run("x", &all)).unwrap()
    }
}

fn row<'a>(rows: &'a serde_json::Value, number: u64, agency: &str) -> &'a serde_json::Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"] == number && r["agency"] == agency)
        .unwrap_or_else(|| panic!("no row {number} {agency}"))
}

#[test]
fn set_note_list_and_history_round_trip() {
    let place = Place::new();
    place.run(
        "张三",
        &[
            "set",
            "19",
            "推进中",
            "-a",
            "天津海关",
            "--deadline",
            "2020-01-31",
        ],
    );
    place.run(
        "张三",
        &["set", "19", "-a", "天津海关", "--contact", "李四 022-1234"],
    );
    place.run("张三", &["note", "19", "-a", "天津海关", "已召开专题会"]);
    place
        .cmd("李四")
        .args(["note", "19", "-a", "天津海关"])
        .write_stdin("已印发实施方案\n第二行\n")
        .assert()
        .success();
    assert!(place.db().is_file(), "kept in the data folder");

    let rows = place.json(&["list", "-a", "天津海关"]);
    let r = row(&rows, 19, "天津海关");
    assert_eq!(r["status"], "in_progress");
    assert_eq!(r["status_label"], "推进中");
    assert_eq!(r["deadline"], "2020-01-31");
    assert_eq!(r["overdue"], true);
    assert_eq!(r["contact"], "李四 022-1234");
    assert_eq!(r["latest_note"]["text"], "已印发实施方案\n第二行");
    assert_eq!(r["latest_note"]["author"], "李四");
    // The agency's other reforms, not started.
    assert_eq!(rows.as_array().unwrap().len(), 4);
    assert_eq!(row(&rows, 20, "天津海关")["status"], "not_started");

    let only = place.json(&["list", "--status", "未启动", "-a", "天津海关"]);
    assert_eq!(only.as_array().unwrap().len(), 3);
    let overdue = place.json(&["list", "--overdue"]);
    assert_eq!(overdue.as_array().unwrap().len(), 1);

    let history = place.run("x", &["history", "19", "-a", "天津海关"]);
    let lines: Vec<&str> = history.lines().collect();
    assert!(lines[0].contains("张三  状态 未启动 → 推进中"), "{history}");
    assert!(lines[1].contains("时限 - → 2020-01-31"), "{history}");
    assert!(
        history.contains("李四  落实情况 + 已印发实施方案"),
        "{history}"
    );
    let english = place
        .cmd("x")
        .args(["--lang", "en", "history", "19", "-a", "天津海关"])
        .assert()
        .success();
    let english = String::from_utf8_lossy(&english.get_output().stdout).into_owned();
    assert!(
        english.contains("status not started → in progress"),
        "{english}"
    );

    // Setting the same value again changes nothing and adds no history.
    place
        .cmd("张三")
        .args(["set", "19", "in_progress", "-a", "天津海关"])
        .assert()
        .success()
        .stderr(predicate::str::contains("embedded 19 天津海关: 无变化"));
    let history = place.json(&["history", "19", "-a", "天津海关"]);
    assert_eq!(history.as_array().unwrap().len(), 5);

    let text = place.run("x", &["list", "-a", "天津海关"]);
    assert!(text.contains("19. "), "{text}");
    assert!(
        text.contains("天津海关  推进中  时限 2020-01-31（逾期）  李四 022-1234"),
        "{text}"
    );
}

/// With no name in the environment, the author is the system's name of the account.
#[cfg(unix)]
#[test]
fn without_a_name_in_the_environment_the_account_is_the_author() {
    let out = Command::new("id").arg("-un").output().unwrap();
    let account = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(!account.is_empty());
    let place = Place::new();
    let mut cmd = place.cmd("x");
    for var in ["REFORMS_AUTHOR", "USER", "USERNAME", "LOGNAME"] {
        cmd.env_remove(var);
    }
    cmd.args(["note", "19", "-a", "天津海关", "进展"])
        .assert()
        .success();
    let history = place.json(&["history", "19", "-a", "天津海关"]);
    assert_eq!(history[0]["author"], account.as_str());
}

#[test]
fn unknown_reforms_agencies_and_values_are_refused() {
    let place = Place::new();
    for (args, says) in [
        (
            &["set", "99", "推进中", "-a", "天津海关"][..],
            "embedded 中没有序号为 99 的改革事项; 序号从 1 到 42",
        ),
        (
            &["set", "19", "推进中", "-a", "市商务局"],
            "市商务局 不负责第 19 项",
        ),
        (
            &["set", "19", "完成", "-a", "天津海关"],
            "“完成” 不是落实状态",
        ),
        (
            &["set", "19", "-a", "天津海关", "--deadline", "明年"],
            "“明年” 不是日期; 请写成 2026-12-31",
        ),
        (&["note", "19", "-a", "天津海关", "  "], "备注为空"),
        (&["set", "19", "-a", "天津海关"], "请说明要设置什么"),
        (&["list", "--status", "x"], "“x” 不是落实状态"),
    ] {
        place
            .cmd("x")
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
}

/// Two processes adding notes to the same item at the same time: every note is kept.
#[test]
fn two_writers_at_once_lose_nothing() {
    let place = Place::new();
    place.run("x", &["set", "19", "推进中", "-a", "天津海关"]);
    let writers: Vec<_> = ["甲", "乙"]
        .into_iter()
        .map(|who| {
            let db = place.db();
            std::thread::spawn(move || {
                for i in 0..15 {
                    let mut cmd = reforms();
                    cmd.args(["track", "--track-db"])
                        .arg(&db)
                        .args(["note", "19", "-a", "天津海关", &format!("{who}{i}")])
                        .env("REFORMS_AUTHOR", who)
                        .assert()
                        .success();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let db = SqliteLedger::open(&place.db()).unwrap();
    let key = reforms::track::ItemKey::new("embedded", 19, "天津海关");
    let notes = db.notes(&key).unwrap();
    assert_eq!(notes.len(), 30);
    for who in ["甲", "乙"] {
        for i in 0..15 {
            let text = format!("{who}{i}");
            assert!(notes.iter().any(|n| n.text == text), "{text} lost");
        }
    }
}

/// Two connections, as two browsers hold them, changing the same status in turn: each
/// change starts from the other's, so the history is one unbroken chain.
#[test]
fn two_open_connections_see_each_others_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    let mut a = SqliteLedger::open(&path).unwrap();
    let mut b = SqliteLedger::open(&path).unwrap();
    let key = reforms::track::ItemKey::new("embedded", 1, "市商务局");
    for i in 0..20usize {
        let (db, who) = if i.is_multiple_of(2) {
            (&mut a, "a")
        } else {
            (&mut b, "b")
        };
        let status = Status::ALL[i % 4];
        db.set_status(&key, status, who).unwrap();
        db.add_note(&key, &format!("{who}{i}"), who).unwrap();
    }
    let history = a.history(&key).unwrap();
    let statuses: Vec<_> = history.iter().filter(|c| c.field == "status").collect();
    for pair in statuses.windows(2) {
        assert_eq!(pair[0].to, pair[1].from, "{history:#?}");
    }
    assert_eq!(b.notes(&key).unwrap().len(), 20);
    assert_eq!(
        a.entries(None, None).unwrap()[0].status,
        Status::ALL[19 % 4]
    );
}

fn submission(place: &Place, agency: &str, out: &Path) {
    place
        .cmd("x")
        .args(["export", "-a", agency, "--submission"])
        .arg(out)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "已写入 {agency} 在 embedded 中的"
        )));
}

/// Three agencies report; the coordinator merges, lists the conflicts, exports the ledger.
#[test]
fn three_submissions_merge_into_the_ledger() {
    let files = tempfile::tempdir().unwrap();
    let customs = Place::new();
    customs.run(
        "海关甲",
        &[
            "set",
            "19",
            "推进中",
            "-a",
            "天津海关",
            "--deadline",
            "2026-12-31",
        ],
    );
    customs.run("海关甲", &["note", "19", "-a", "天津海关", "已部署"]);
    customs.run("海关甲", &["set", "20", "已落实", "-a", "天津海关"]);
    let commerce = Place::new();
    commerce.run("商务乙", &["set", "1", "已落实", "-a", "市商务局"]);
    commerce.run(
        "商务乙",
        &["note", "1", "-a", "市商务局", "=已完成，见附件"],
    );
    let maritime = Place::new();
    maritime.run("海事丙", &["set", "10", "不适用", "-a", "天津海事局"]);

    let coordinator = Place::new();
    // The coordinator had recorded its own view of 19 before the agency's newer report.
    coordinator.run(
        "协调人",
        &[
            "set",
            "19",
            "未启动",
            "-a",
            "天津海关",
            "--deadline",
            "2026-06-30",
        ],
    );
    std::thread::sleep(Duration::from_millis(5));
    customs.run(
        "海关甲",
        &["set", "19", "-a", "天津海关", "--deadline", "2027-03-31"],
    );

    let paths: Vec<PathBuf> = [
        (&customs, "天津海关"),
        (&commerce, "市商务局"),
        (&maritime, "天津海事局"),
    ]
    .iter()
    .map(|(place, agency)| {
        let path = files.path().join(format!("{agency}.json"));
        submission(place, agency, &path);
        path
    })
    .collect();
    let sub: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&paths[0]).unwrap()).unwrap();
    assert_eq!(sub["format"], "reforms-track-submission");
    assert_eq!(sub["version"], 1);
    assert_eq!(sub["agency"], "天津海关");
    assert_eq!(sub["document"]["name"], "embedded");
    assert_eq!(sub["entries"].as_array().unwrap().len(), 2);

    let merged = coordinator
        .cmd("协调人")
        .arg("import")
        .args(&paths)
        .assert()
        .success();
    let out = String::from_utf8_lossy(&merged.get_output().stdout).into_owned();
    let err = String::from_utf8_lossy(&merged.get_output().stderr).into_owned();
    // 19's deadline was set on both sides: the agency's is newer and wins, and it is listed.
    let conflicts: Vec<&str> = out.lines().filter(|l| l.contains("冲突")).collect();
    assert_eq!(conflicts.len(), 1, "{out}");
    assert!(
        conflicts[0].contains("冲突: embedded 19 天津海关 时限: 本地 2026-06-30"),
        "{out}"
    );
    assert!(conflicts[0].contains("报送 2027-03-31"), "{out}");
    assert!(conflicts[0].contains("保留报送的 (较新)"), "{out}");
    assert_eq!(err.lines().count(), 3, "{err}");

    let rows = coordinator.json(&["list"]);
    assert_eq!(row(&rows, 19, "天津海关")["deadline"], "2027-03-31");
    assert_eq!(row(&rows, 19, "天津海关")["status"], "in_progress");
    assert_eq!(row(&rows, 20, "天津海关")["status"], "done");
    assert_eq!(row(&rows, 1, "市商务局")["status"], "done");
    assert_eq!(row(&rows, 10, "天津海事局")["status"], "not_applicable");

    // The same files again: nothing changes.
    let before = std::fs::read(coordinator.db()).unwrap().len();
    let count = |place: &Place| {
        SqliteLedger::open(&place.db())
            .unwrap()
            .change_count()
            .unwrap()
    };
    let changes = count(&coordinator);
    coordinator
        .cmd("协调人")
        .arg("import")
        .args(&paths)
        .assert()
        .success()
        .stderr(predicate::str::contains("新事项 0, 新变更 0, 更新字段 0"));
    assert_eq!(count(&coordinator), changes);
    assert_eq!(coordinator.json(&["list"]), rows);
    let _ = before;

    // The ledger, as a workbook and a Word report, read back.
    let xlsx = files.path().join("台账.xlsx");
    coordinator
        .cmd("x")
        .args(["ledger", "-f", "xlsx", "-o"])
        .arg(&xlsx)
        .assert()
        .success();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(std::fs::read(&xlsx).unwrap())).unwrap();
    let range = book.worksheet_range("台账").unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        cells[0],
        [
            "序号",
            "改革事项",
            "负责单位",
            "状态",
            "时限",
            "最新落实情况",
            "更新时间"
        ]
    );
    let pairs: usize = reforms::Catalog::embedded()
        .unwrap()
        .reforms
        .iter()
        .map(|r| r.agencies.len())
        .sum();
    assert_eq!(cells.len(), pairs + 1);
    let customs_row = cells
        .iter()
        .find(|r| r[0] == "19" && r[2] == "天津海关")
        .unwrap();
    assert_eq!(customs_row[3], "推进中");
    assert_eq!(customs_row[4], "2027-03-31");
    assert!(customs_row[5].starts_with("已部署（"), "{customs_row:?}");
    let commerce_row = cells
        .iter()
        .find(|r| r[0] == "1" && r[2] == "市商务局")
        .unwrap();
    assert!(
        commerce_row[5].starts_with("=已完成"),
        "a formula stays text: {commerce_row:?}"
    );

    let docx = files.path().join("台账.docx");
    coordinator
        .cmd("x")
        .args(["ledger", "-f", "docx", "-a", "天津海关", "-o"])
        .arg(&docx)
        .assert()
        .success();
    let doc = docx_rs::read_docx(&std::fs::read(&docx).unwrap()).unwrap();
    let mut texts = Vec::new();
    for child in &doc.document.children {
        if let docx_rs::DocumentChild::Table(table) = child {
            for docx_rs::TableChild::TableRow(row) in &table.rows {
                let cells: Vec<String> = row
                    .cells
                    .iter()
                    .map(|docx_rs::TableRowChild::TableCell(cell)| {
                        cell.children
                            .iter()
                            .filter_map(|c| match c {
                                docx_rs::TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                _ => None,
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .collect();
                texts.push(cells);
            }
        }
    }
    assert_eq!(texts.len(), 5, "a header and 天津海关's four reforms");
    assert_eq!(texts[0][3], "状态");
    let r19 = texts.iter().find(|r| r[0] == "19").unwrap();
    assert_eq!((r19[2].as_str(), r19[3].as_str()), ("天津海关", "推进中"));
}

#[test]
fn the_older_side_of_a_conflict_is_kept_out_and_listed() {
    let files = tempfile::tempdir().unwrap();
    let agency = Place::new();
    agency.run("甲", &["set", "19", "推进中", "-a", "天津海关"]);
    let path = files.path().join("s.json");
    submission(&agency, "天津海关", &path);
    std::thread::sleep(Duration::from_millis(5));
    let coordinator = Place::new();
    coordinator.run("协调人", &["set", "19", "已落实", "-a", "天津海关"]);
    let out = coordinator
        .cmd("协调人")
        .arg("import")
        .arg(&path)
        .assert()
        .success();
    let out = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(out.contains("本地 已落实"), "{out}");
    assert!(out.contains("报送 推进中"), "{out}");
    assert!(out.contains("保留本地的 (较新)"), "{out}");
    // The same in English.
    let english = coordinator
        .cmd("协调人")
        .args(["--lang", "en", "import"])
        .arg(&path)
        .assert()
        .success();
    let english = String::from_utf8_lossy(&english.get_output().stdout).into_owned();
    assert!(
        english.contains("conflict: embedded 19 天津海关 status: here done"),
        "{english}"
    );
    assert!(english.contains("kept this one (newer)"), "{english}");
    let rows = coordinator.json(&["list", "-a", "天津海关"]);
    assert_eq!(row(&rows, 19, "天津海关")["status"], "done");
    // Both changes are in the history.
    let history = coordinator.json(&["history", "19", "-a", "天津海关"]);
    assert_eq!(history.as_array().unwrap().len(), 2);
}

#[test]
fn bad_submissions_are_refused_naming_the_file() {
    let place = Place::new();
    let files = tempfile::tempdir().unwrap();
    let syntax = files.path().join("坏.json");
    std::fs::write(
        &syntax,
        "{\n  \"format\": \"reforms-track-submission\",\n  \"version\": 1,\n  oops\n}",
    )
    .unwrap();
    place
        .cmd("x")
        .arg("import")
        .arg(&syntax)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:4:3:",
            syntax.display()
        )));

    let agency = Place::new();
    agency.run("甲", &["set", "19", "推进中", "-a", "天津海关"]);
    let good = files.path().join("good.json");
    submission(&agency, "天津海关", &good);
    let text = std::fs::read_to_string(&good).unwrap();
    for (name, edited, says) in [
        (
            "number.json",
            text.replace("\"number\": 19", "\"number\": 99"),
            "第 1 条记录 (第 99 项)",
        ),
        (
            "document.json",
            text.replace("\"name\": \"embedded\"", "\"name\": \"第九批\"")
                .replace("\"title\": \"天津", "\"title\": \"x天津"),
            "不在此处",
        ),
        (
            "agency.json",
            text.replace("\"agency\": \"天津海关\"", "\"agency\": \"市商务局\""),
            "市商务局 不负责第 19 项",
        ),
        (
            "escape.json",
            text.replace("\"author\": \"甲\"", "\"author\": \"\\u001b[2J\""),
            "填报人含有控制字符",
        ),
    ] {
        let path = files.path().join(name);
        std::fs::write(&path, edited).unwrap();
        place
            .cmd("x")
            .arg("import")
            .arg(&good)
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(path.display().to_string()))
            .stderr(predicate::str::contains(says));
    }
    // Nothing was merged, not even the good file given with a bad one.
    assert_eq!(
        place
            .json(&["list", "--status", "推进中"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

/// The history's invariants, read straight from the file: every status change starts where
/// the one before ended, the last ends at the item's status, and the item's time is its
/// last change's.
fn check_consistent(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let mut items = conn
        .prepare("SELECT id, status, updated FROM item")
        .unwrap();
    let items: Vec<(i64, String, String)> = items
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, status, updated) in items {
        let mut changes = conn
            .prepare("SELECT field, old, new, time FROM change WHERE item = ?1 ORDER BY time, id")
            .unwrap();
        let changes: Vec<(String, Option<String>, Option<String>, String)> = changes
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut at = Some("not_started".to_string());
        for (field, old, new, _) in &changes {
            if field == "status" {
                assert_eq!(old, &at, "a status change lost or half-made");
                at = new.clone();
            }
        }
        assert_eq!(at.as_deref(), Some(status.as_str()));
        type NoteRow = (Option<String>, Option<String>, Option<String>);
        let kept: NoteRow = conn
            .query_row(
                "SELECT note_time, note_author, note FROM item WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        let latest: NoteRow = conn
            .query_row(
                "SELECT time, author, new FROM change WHERE item = ?1 AND field = 'note'
                 ORDER BY time DESC, author DESC, new DESC LIMIT 1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap_or((None, None, None));
        assert_eq!(kept, latest, "the item's latest note is not its history's");
        if let Some(last) = changes.last() {
            assert_eq!(last.3, updated);
        }
    }
}

/// A writer killed with SIGKILL at random moments, many times: the file is never damaged,
/// and the history always agrees with the statuses.
#[cfg(unix)]
#[test]
fn killed_writers_never_damage_the_database() {
    use std::os::unix::process::CommandExt;
    let place = Place::new();
    let db = place.db();
    place.run("x", &["note", "1", "-a", "市商务局", "开始"]);
    let bin = binary();
    let script = r#"
        i=0
        while :; do
            i=$((i+1))
            "$BIN" track --track-db "$DB" set 1 "$1" -a 市商务局 >/dev/null 2>&1
            "$BIN" track --track-db "$DB" note 1 -a 市商务局 "第 $i 条" >/dev/null 2>&1
            "$BIN" track --track-db "$DB" set 19 "$2" -a 天津海关 --deadline 2026-12-3$((i % 2)) >/dev/null 2>&1
        done"#;
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    let mut random = move |below: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below
    };
    let statuses = ["推进中", "已落实", "未启动", "不适用"];
    for round in 0..40 {
        let mut child = Command::new("sh")
            .args(["-c", script, "sh"])
            .arg(statuses[round % 4])
            .arg(statuses[(round + 1) % 4])
            .env("BIN", &bin)
            .env("DB", &db)
            .env("REFORMS_AUTHOR", "写入")
            .env("XDG_DATA_HOME", place.path().join("data"))
            .env_remove("REFORMS_DATA")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(20 + random(180)));
        // The whole group: the shell and the writer it is running.
        Command::new("kill")
            .args(["-9", "--", &format!("-{}", child.id())])
            .status()
            .unwrap();
        child.wait().unwrap();
    }
    check_consistent(&db);
    let ledger = SqliteLedger::open(&db).unwrap();
    assert_eq!(ledger.integrity_check().unwrap(), "ok");
    assert!(ledger.change_count().unwrap() > 1);
    // And it still takes writes.
    place.run("x", &["note", "1", "-a", "市商务局", "结束"]);
    check_consistent(&db);
}

/// The first schema, written by hand as the first release wrote it.
const SCHEMA_1: &str = "
    CREATE TABLE item (id INTEGER PRIMARY KEY, document TEXT NOT NULL, number INTEGER NOT NULL,
        agency TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'not_started', deadline TEXT,
        contact TEXT, updated TEXT NOT NULL, UNIQUE (document, number, agency));
    CREATE TABLE change (id INTEGER PRIMARY KEY, item INTEGER NOT NULL REFERENCES item (id),
        time TEXT NOT NULL, author TEXT NOT NULL, field TEXT NOT NULL, old TEXT, new TEXT);
    CREATE INDEX change_item ON change (item, time);
    INSERT INTO item VALUES (1, 'embedded', 19, '天津海关', 'in_progress', '2026-12-31', NULL,
        '2026-01-02T00:00:00.000Z');
    INSERT INTO change VALUES (1, 1, '2026-01-01T00:00:00.000Z', '旧', 'status', 'not_started', 'in_progress');
    INSERT INTO change VALUES (2, 1, '2026-01-02T00:00:00.000Z', '旧', 'deadline', NULL, '2026-12-31');
    INSERT INTO change VALUES (3, 1, '2026-01-02T00:00:00.000Z', '旧', 'note', NULL, '旧的进展');
    PRAGMA user_version = 1;";

#[test]
fn a_first_version_database_is_migrated() {
    let place = Place::new();
    let db = place.db();
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(SCHEMA_1)
        .unwrap();
    let rows = place.json(&["list", "-a", "天津海关"]);
    let r = row(&rows, 19, "天津海关");
    assert_eq!(r["status"], "in_progress");
    assert_eq!(r["latest_note"]["text"], "旧的进展");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, reforms::track::sqlite::SCHEMA_VERSION);
    let origin: Option<String> = conn
        .query_row("SELECT origin FROM change WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(origin, None, "the new column, empty for changes made here");
    // The migrated file takes changes and merges as a new one does.
    place.run("新", &["set", "19", "已落实", "-a", "天津海关"]);
    let history = place.json(&["history", "19", "-a", "天津海关"]);
    assert_eq!(history.as_array().unwrap().len(), 4);
    check_consistent(&db);
}

/// The second schema, as its release wrote it: the first, where changes came from, and one
/// copy of each change. Two notes at one time by two authors, and an item with no note.
const SCHEMA_2: &str = "
    ALTER TABLE change ADD COLUMN origin TEXT;
    CREATE UNIQUE INDEX change_once
        ON change (item, time, author, field, ifnull(old, ''), ifnull(new, ''));
    CREATE INDEX change_field ON change (item, field, time);
    INSERT INTO change VALUES (4, 1, '2026-01-03T00:00:00.000Z', '甲', 'note', NULL, '甲的进展', 'merge');
    INSERT INTO change VALUES (5, 1, '2026-01-03T00:00:00.000Z', '乙', 'note', NULL, '乙的进展', 'merge');
    INSERT INTO item VALUES (2, 'embedded', 1, '市商务局', 'done', NULL, NULL,
        '2026-01-04T00:00:00.000Z');
    INSERT INTO change VALUES (6, 2, '2026-01-04T00:00:00.000Z', '旧', 'status', 'not_started', 'done', NULL);
    PRAGMA user_version = 2;";

#[test]
fn a_second_version_database_is_migrated() {
    let place = Place::new();
    let db = place.db();
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(&format!("{SCHEMA_1}\n{SCHEMA_2}"))
        .unwrap();
    let rows = place.json(&["list"]);
    // The latest note by time, then author (甲 U+7532 is after 乙 U+4E59), as merges order
    // changes.
    let note = &row(&rows, 19, "天津海关")["latest_note"];
    assert_eq!(
        (&note["text"], &note["author"]),
        (&"甲的进展".into(), &"甲".into())
    );
    let done = row(&rows, 1, "市商务局");
    assert_eq!(done["status"], "done");
    assert!(done["latest_note"].is_null(), "{done}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, reforms::track::sqlite::SCHEMA_VERSION);
    // A note added after the migration is the latest at once; the history keeps all three.
    place.run("新", &["note", "19", "-a", "天津海关", "新的进展"]);
    let rows = place.json(&["list", "-a", "天津海关"]);
    assert_eq!(
        row(&rows, 19, "天津海关")["latest_note"]["text"],
        "新的进展"
    );
    let history = place.json(&["history", "19", "-a", "天津海关"]);
    assert_eq!(history.as_array().unwrap().len(), 6);
    check_consistent(&db);
}

/// `reforms track list` on a file that must not be touched: exit 2, a message naming the
/// file, and the file as it was.
fn refused(place: &Place, file: &Path, says: &str) {
    let before = std::fs::read(file).unwrap();
    place
        .cmd("x")
        .arg("--track-db")
        .arg(file)
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(file.display().to_string()))
        .stderr(predicate::str::contains(says))
        .stderr(predicate::function(|e: &str| e.lines().count() == 1));
    assert_eq!(std::fs::read(file).unwrap(), before, "the file was changed");
    place
        .cmd("x")
        .arg("--track-db")
        .arg(file)
        .args(["set", "1", "已落实", "-a", "市商务局"])
        .assert()
        .code(2);
    assert_eq!(std::fs::read(file).unwrap(), before, "the file was changed");
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let place = Place::new();
    let file = place.path().join("newer.sqlite3");
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute_batch(&format!("{SCHEMA_1}\nPRAGMA user_version = 99;"))
        .unwrap();
    refused(&place, &file, "由较新版本的 reforms 写入");
}

#[test]
fn garbage_and_foreign_files_are_refused_untouched() {
    let place = Place::new();
    let garbage = place.path().join("garbage.sqlite3");
    let bytes: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&garbage, &bytes).unwrap();
    refused(&place, &garbage, "不是落实台账数据库");

    let text = place.path().join("notes.txt");
    std::fs::write(&text, "落实情况\n".repeat(200)).unwrap();
    refused(&place, &text, "不是落实台账数据库");

    let foreign = place.path().join("other.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    refused(&place, &foreign, "其他程序的 SQLite 数据库");

    // A damaged database: a valid header, the rest overwritten.
    let damaged = place.path().join("damaged.sqlite3");
    {
        let mut db = SqliteLedger::open(&damaged).unwrap();
        let key = reforms::track::ItemKey::new("embedded", 1, "市商务局");
        for i in 0..200 {
            db.add_note(&key, &format!("第 {i} 条进展"), "x").unwrap();
        }
    }
    let mut bytes = std::fs::read(&damaged).unwrap();
    for b in &mut bytes[4096..] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let _ = std::fs::remove_file(damaged.with_extension("sqlite3-wal"));
    let _ = std::fs::remove_file(damaged.with_extension("sqlite3-shm"));
    place
        .cmd("x")
        .arg("--track-db")
        .arg(&damaged)
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(damaged.display().to_string()));
}

#[cfg(unix)]
#[test]
fn a_read_only_database_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let place = Place::new();
    place.run("x", &["set", "1", "推进中", "-a", "市商务局"]);
    let dir = place.db().parent().unwrap().to_path_buf();
    for file in std::fs::read_dir(&dir).unwrap() {
        let file = file.unwrap().path();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes whatever the modes say; there is nothing to test then.
    let writable = std::fs::OpenOptions::new()
        .append(true)
        .open(place.db())
        .is_ok();
    if !writable {
        let before = std::fs::read(place.db()).unwrap();
        place
            .cmd("x")
            .args(["set", "1", "已落实", "-a", "市商务局"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(place.db().display().to_string()))
            .stderr(predicate::str::contains("只读"));
        assert_eq!(std::fs::read(place.db()).unwrap(), before);
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn submissions_and_notes_cannot_drive_the_terminal() {
    let place = Place::new();
    place
        .cmd("x")
        .args(["note", "19", "-a", "天津海关", "进展\u{1b}]52;c;eA==\u{7}"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("控制字符"));
    let out = place.run("x", &["list"]);
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn help_is_in_both_languages() {
    let out = reforms().args(["track", "--help"]).assert().success();
    let help = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for word in [
        "设置状态",
        "set the status",
        "导出台账",
        "merge submission files",
    ] {
        assert!(help.contains(word), "{word}: {help}");
    }
    let _ = Command::new(binary());
}
