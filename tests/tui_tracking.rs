//! Tracking in the browser, driven through the key table without a terminal: 本单位, the
//! status key, the note editor and its draft, the status facet, and a database that fails.
//! The keys change the browser's state and ask for a change; the tests' edge makes it in a
//! database in memory, or in a file where what is tested is what a restart finds.

use crate::common;

use std::path::Path;

use crossterm::event::{Event, KeyCode, KeyModifiers};

use common::browser::{Browser, screen};
use reforms::track::store::{Incoming, MergeReport};
use reforms::track::{
    Change, Entry, Field, ItemKey, Ledger, Note, SqliteLedger, Status, TrackError,
};
use reforms::tui::action::Action;
use reforms::tui::app::Mode;
use reforms::tui::effect::Effect;
use reforms::tui::tracker::{self, Keeper};
use reforms::tui::tracking::{Request, Tracked, Tracking};

/// The browser tracking with `ledger`, its state files (本单位, a note's draft) in `state`
/// when given.
fn tracking_with(
    mut b: Browser,
    ledger: Box<dyn Ledger>,
    agency: Option<&str>,
    state: Option<&Path>,
) -> Browser {
    let keeper = Keeper::new(
        ledger,
        state.map(tracker::agency_file),
        state.map(tracker::draft_file),
    );
    let snapshot = keeper.snapshot().unwrap();
    let agency = agency.map(String::from).or_else(|| keeper.kept_agency());
    let tracking = Tracking::new(agency, "张三".into(), snapshot);
    b.app.set_tracking(tracking, keeper.kept_draft());
    b.keeper = Some(keeper);
    b
}

/// The browser tracking with the database file `db` and state files in `state`.
fn tracked(db: &Path, agency: Option<&str>, state: &Path) -> Browser {
    let ledger = Box::new(SqliteLedger::open(db).unwrap());
    tracking_with(Browser::new(), ledger, agency, Some(state))
}

/// The browser tracking with a database in memory, and no state files.
fn in_memory(b: Browser, ledger: SqliteLedger, agency: Option<&str>) -> Browser {
    tracking_with(b, Box::new(ledger), agency, None)
}

fn memory() -> SqliteLedger {
    SqliteLedger::in_memory().unwrap()
}

/// Moves the list cursor to reform `number`.
fn go_to(b: &mut Browser, number: u32) {
    b.keys("g");
    while b.current_number() != Some(number) {
        b.keys("j");
    }
}

fn status(db: &Path, number: u32, agency: &str) -> Status {
    SqliteLedger::open(db)
        .unwrap()
        .entries(None, Some(agency))
        .unwrap()
        .into_iter()
        .find(|e| e.number == number)
        .map(|e| e.status)
        .unwrap_or_default()
}

#[test]
fn three_items_in_progress_with_notes_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("track.sqlite3");
    let mut b = tracked(&db, None, dir.path());
    // 本单位 chosen with A in the agency pane.
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    while b
        .app
        .current_agency_row()
        .map(|r| b.app.catalog().agencies()[r.agency].name.as_str())
        != Some("天津海关")
    {
        b.keys("j");
    }
    b.keys("A");
    assert!(b.message().contains("天津海关"), "{}", b.message());
    b.press(KeyCode::BackTab);
    b.press(KeyCode::BackTab);
    for number in [19, 20, 35] {
        go_to(&mut b, number);
        b.keys("t");
        assert!(b.message().contains("推进中"), "{}", b.message());
        b.keys("n");
        assert!(matches!(b.app.mode(), Mode::Note { .. }));
        b.event(Event::Paste(format!(
            "第 {number} 项：已部署\r\n下一步培训"
        )));
        b.press(KeyCode::Enter);
        b.keys("完成");
        b.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(b.app.mode(), &Mode::Browse, "{}", b.message());
    }
    let shown = screen(&b.draw());
    assert!(shown.contains("推进中"), "{shown}");
    drop(b);

    // Closed and opened again: 本单位 kept, the statuses and notes there.
    let mut b = tracked(&db, None, dir.path());
    assert_eq!(b.app.tracking().unwrap().agency(), Some("天津海关"));
    for number in [19, 20, 35] {
        assert_eq!(status(&db, number, "天津海关"), Status::InProgress);
    }
    go_to(&mut b, 20);
    let shown = screen(&b.draw());
    assert!(shown.contains("第 20 项：已部署"), "{shown}");
    let notes = SqliteLedger::open(&db)
        .unwrap()
        .notes(&ItemKey::new("embedded", 20, "天津海关"))
        .unwrap();
    assert_eq!(notes[0].text, "第 20 项：已部署\n下一步培训\n完成");
    assert_eq!(notes[0].author, "张三");
}

#[test]
fn esc_cancels_and_an_unsaved_note_is_offered_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("track.sqlite3");
    let mut b = tracked(&db, Some("天津海关"), dir.path());
    go_to(&mut b, 19);
    b.keys("n");
    b.keys("写了一半");
    b.press(KeyCode::Esc);
    assert_eq!(b.app.mode(), &Mode::Browse);
    assert!(
        SqliteLedger::open(&db)
            .unwrap()
            .entries(None, None)
            .unwrap()
            .is_empty()
    );

    // The terminal closes while a note is being written: the draft is kept and comes back.
    b.keys("n");
    b.keys("草稿内容");
    let draft = b.app.draft().unwrap();
    assert_eq!(draft.text, "草稿内容");
    tracker::keep_draft(&draft, &tracker::draft_file(dir.path())).unwrap();
    drop(b);
    let mut b = tracked(&db, Some("天津海关"), dir.path());
    go_to(&mut b, 19);
    b.keys("n");
    assert_eq!(b.app.draft().map(|d| d.text), Some("草稿内容".to_string()));
    // Not on another reform.
    b.press(KeyCode::Esc);
    go_to(&mut b, 20);
    b.keys("n");
    assert_eq!(b.app.draft().map(|d| d.text), Some(String::new()));
    assert!(
        tracker::read_draft(&tracker::draft_file(dir.path())).is_none(),
        "Esc discards it"
    );
}

#[test]
fn the_status_facet_and_the_summary_without_an_agency() {
    let mut ledger = memory();
    ledger
        .set_status(&ItemKey::new("embedded", 19, "天津海关"), Status::Done, "x")
        .unwrap();
    let mut b = in_memory(Browser::new(), ledger, None);
    let shown = screen(&b.draw());
    // 19 has one agency, done: 1/1.
    let line19 = shown.lines().find(|l| l.contains("19 ")).unwrap();
    assert!(line19.contains("1/1"), "{line19}");
    b.keys("T");
    assert!(b.message().contains("未启动"), "{}", b.message());
    assert!(!b.numbers().contains(&19));
    b.keys("T");
    b.keys("T");
    assert_eq!(b.numbers(), vec![19], "已落实");
    b.keys("TT");
    assert_eq!(b.numbers().len(), 42, "back to all");
}

#[test]
fn a_key_without_an_agency_or_for_another_says_so() {
    let mut b = in_memory(Browser::new(), memory(), Some("天津海关"));
    go_to(&mut b, 1);
    b.keys("t");
    assert!(b.message().contains("不负责"), "{}", b.message());
    let mut b = in_memory(Browser::new(), memory(), None);
    let several = (1..=42)
        .find(|&n| b.app.catalog().by_number(n).unwrap().agencies.len() > 1)
        .unwrap();
    go_to(&mut b, several);
    b.keys("n");
    assert!(b.message().contains("本单位"), "{}", b.message());
    assert_eq!(b.app.mode(), &Mode::Browse);
}

/// A database that refuses every write, as a full or read-only disk does.
struct Failing;

impl Ledger for Failing {
    fn set(
        &mut self,
        _: &ItemKey,
        _: Field,
        _: Option<&str>,
        _: &str,
    ) -> Result<Option<Change>, TrackError> {
        Err(full())
    }
    fn add_note(&mut self, _: &ItemKey, _: &str, _: &str) -> Result<Note, TrackError> {
        Err(full())
    }
    fn entries(&self, _: Option<&str>, _: Option<&str>) -> Result<Vec<Entry>, TrackError> {
        Ok(Vec::new())
    }
    fn notes(&self, _: &ItemKey) -> Result<Vec<Note>, TrackError> {
        Ok(Vec::new())
    }
    fn history(&self, _: &ItemKey) -> Result<Vec<Change>, TrackError> {
        Ok(Vec::new())
    }
    fn merge(&mut self, _: &[Incoming]) -> Result<MergeReport, TrackError> {
        Err(full())
    }
}

fn full() -> TrackError {
    TrackError::Database {
        place: "/data/track.sqlite3".into(),
        reason: "cannot write: the disk is full; nothing was changed".into(),
    }
}

#[test]
fn a_failing_database_is_a_message_and_the_note_stays() {
    let mut b = tracking_with(Browser::new(), Box::new(Failing), Some("天津海关"), None);
    go_to(&mut b, 19);
    b.keys("t");
    assert!(b.message().contains("the disk is full"), "{}", b.message());
    // The status shown is the one the database holds.
    let tracking = b.app.tracking().unwrap();
    assert_eq!(
        tracking.status(b.app.catalog(), position(&b, 19), "天津海关"),
        Status::NotStarted
    );
    assert_eq!(tracking.pending(), 0);
    b.keys("n");
    b.keys("进展");
    b.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(b.message().contains("the disk is full"), "{}", b.message());
    assert_eq!(
        b.app.draft().map(|d| d.text),
        Some("进展".to_string()),
        "back in the editor"
    );
}

/// The position in the catalog of reform `number`.
fn position(b: &Browser, number: u32) -> usize {
    let catalog = b.app.catalog();
    (0..catalog.reforms.len())
        .find(|&i| catalog.reforms[i].number == number)
        .unwrap()
}

/// A key changes what is shown at once and asks for the change: no database is needed to
/// see what a key does, and the answer, when it comes, is taken as it is.
#[test]
fn a_key_asks_for_its_change_and_the_answer_decides() {
    let mut b = Browser::new();
    let tracking = Tracking::new(Some("天津海关".into()), "张三".into(), Default::default());
    b.app.set_tracking(tracking, None);
    go_to(&mut b, 19);
    let effect = b.app.update(Action::CycleStatus);
    let key = ItemKey::new("embedded", 19, "天津海关");
    assert_eq!(
        effect,
        Some(Effect::Track(Request::Status {
            key: key.clone(),
            status: Status::InProgress,
            author: "张三".into(),
        }))
    );
    let at = position(&b, 19);
    let status = |b: &Browser| {
        b.app
            .tracking()
            .unwrap()
            .status(b.app.catalog(), at, "天津海关")
    };
    assert_eq!(status(&b), Status::InProgress, "shown at once");
    assert_eq!(b.app.tracking().unwrap().pending(), 1);
    assert!(
        screen(&b.draw()).contains("写入中 1"),
        "{}",
        screen(&b.draw())
    );
    // Pressed again before the first answer: both on their way.
    b.app.update(Action::CycleStatus);
    assert_eq!(status(&b), Status::Done);
    // The first is taken, the second refused: the list shows what the database holds.
    let taken = Entry {
        document: "embedded".into(),
        number: 19,
        agency: "天津海关".into(),
        status: Status::InProgress,
        ..Entry::default()
    };
    b.act(Action::Tracked(Tracked::Status {
        key: key.clone(),
        result: Ok(Some(taken)),
    }));
    assert_eq!(status(&b), Status::Done, "still on its way");
    b.act(Action::Tracked(Tracked::Status {
        key,
        result: Err("database is locked".into()),
    }));
    assert_eq!(status(&b), Status::InProgress);
    assert_eq!(b.app.tracking().unwrap().pending(), 0);
    assert!(
        b.message().contains("未记录: database is locked"),
        "{}",
        b.message()
    );
}

/// The overview's status chart at a standard and a small terminal: one row per agency, the
/// marks of its statuses after the bars' common column, the overdue count at the end.
#[test]
fn the_overview_charts_each_agency_by_status() {
    let ledger = || {
        let mut ledger = memory();
        let key = |n| ItemKey::new("embedded", n, "天津海关");
        ledger
            .set_status(&key(19), Status::InProgress, "x")
            .unwrap();
        ledger
            .set_status(&key(35), Status::InProgress, "x")
            .unwrap();
        ledger.set_status(&key(20), Status::Done, "x").unwrap();
        let past = chrono::NaiveDate::from_ymd_opt(2025, 1, 1);
        ledger.set_deadline(&key(19), past, "x").unwrap();
        let other = ItemKey::new("embedded", 1, "市商务局");
        ledger
            .set_status(&other, Status::NotApplicable, "x")
            .unwrap();
        ledger
    };
    for (width, height) in [(80, 24), (40, 12)] {
        let b = Browser::sized(reforms::lang::Lang::Zh, width, height);
        let mut b = in_memory(b, ledger(), None);
        b.keys("o");
        let Mode::Overview(state) = b.app.mode() else {
            panic!("no overview");
        };
        let first = state.counts.agencies.len() + state.counts.scopes.len();
        let at = state
            .counts
            .agencies
            .iter()
            .position(|t| t.name == "天津海关")
            .unwrap();
        assert_eq!(state.statuses[at].counts, [1, 2, 1, 0]);
        assert_eq!(state.statuses[at].overdue, 1);
        // The cursor on 天津海关's status bar.
        for _ in 0..first + at {
            b.keys("j");
        }
        let shown = screen(&b.draw());
        insta::assert_snapshot!(format!("overview_statuses_{width}x{height}"), shown);
        assert!(shown.contains("落实状态"), "{shown}");
        let row = shown.lines().find(|l| l.contains("天津海关")).unwrap();
        assert!(
            row.contains("已") && row.contains("推") && row.contains("未"),
            "{row}"
        );
        assert!(row.contains("!1"), "{row}");
        // The marks start in one column, whatever the names' widths.
        let starts: Vec<usize> = shown
            .lines()
            .filter(|l| l.contains("[ ] ") && l.contains(" 未"))
            .map(|l| reforms::core::text::str_width(l.split(" 未").next().unwrap()))
            .collect();
        assert!(starts.len() >= 3, "{shown}");
        assert!(starts.windows(2).all(|w| w[0] == w[1]), "{shown}");
    }
}

#[test]
fn the_detail_shows_the_work_only_once_there_is_some() {
    let mut b = in_memory(Browser::new(), memory(), None);
    // Nothing tracked and no 本单位: every agency would read 未启动; the reform keeps its room.
    assert!(!screen(&b.draw()).contains("── 落实情况 ──"));
    // Once an agency is 本单位, its work shows under the reform.
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys("A");
    assert!(screen(&b.draw()).contains("── 落实情况 ──"));
}
