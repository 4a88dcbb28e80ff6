//! Random interaction: long sequences of every action, interleaved with resizes from 1x1 to
//! 300x100, each step drawn into a `TestBackend`. After every step: no panic, the cursor is
//! inside the list (or the list is empty) and on screen, the marks are exactly those the
//! sequence toggled, and every drawn row takes exactly the screen's width.
//!
//! The actions are every one the key table can bind (read from it, so a new action is
//! exercised without a word here), typed text, clicks, the wheel and resizes.
//!
//! `RANDOM_INTERACTION_CASES` sets the number of sequences: 300 by default, for a quick
//! `cargo test`; `.ci/run` sets 10,000. A longer run:
//! `RANDOM_INTERACTION_CASES=200000 cargo test --release --test all random_interaction::`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use reforms::Catalog;
use reforms::core::text::str_width;
use reforms::tui::action::Action;
use reforms::tui::app::{App, Mode, Options};
use reforms::tui::keymap::bindable_actions;
use reforms::tui::layout;
use reforms::tui::ui;

/// Text a user may type: Chinese, pinyin, operators of the query language, spaces, and the
/// odd control character a paste may carry.
const INPUTS: &[&str] = &[
    "数",
    "据",
    "跨境",
    "海关",
    "邮轮",
    " ",
    "|",
    "!",
    "^",
    "'",
    "$",
    "sj",
    "yh",
    "hg",
    "FTE",
    "ＦＴ",
    "2024",
    "q",
    "、",
    "（",
    "\t",
    "\n",
    "——",
    "“",
    "a",
    "Z",
    "金融 | 数据",
];

fn action() -> impl Strategy<Value = Action> {
    use Action::*;
    // Every action a key can do; marking thrice as often, as users do, and the overview
    // twice, so that its cursor gets somewhere.
    let mut bound = bindable_actions();
    assert!(bound.contains(&ChooseBar) && bound.contains(&ToggleMark));
    bound.extend([ToggleMark, ToggleMark, ShowOverview]);
    let simple = prop::sample::select(bound);
    prop_oneof![
        6 => simple,
        3 => prop::sample::select(INPUTS).prop_map(|s| Input(s.to_string())),
        1 => (0u16..310, 0u16..110).prop_map(|(column, row)| Click { column, row }),
        1 => (0u16..310, 0u16..110, any::<bool>())
            .prop_map(|(column, row, down)| Scroll { column, row, down }),
        1 => (1u16..=300, 1u16..=100).prop_map(|(width, height)| Resize { width, height }),
        1 => (1u16..=60, 1u16..=20).prop_map(|(width, height)| Resize { width, height }),
    ]
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().unwrap())
}

fn check_screen(terminal: &Terminal<TestBackend>) -> Result<(), TestCaseError> {
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        let mut width = 0;
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = str_width(buffer[(x, y)].symbol());
            skip = cell.saturating_sub(1);
            width += cell.max(1);
        }
        prop_assert_eq!(width, usize::from(buffer.area.width), "row {}", y);
    }
    Ok(())
}

fn run(actions: Vec<Action>) -> Result<(), TestCaseError> {
    let mut app = App::new(catalog().clone(), Options::default());
    let mut marks: BTreeSet<usize> = BTreeSet::new();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    // Every set of marks there has been, which is what undo may bring back.
    let mut seen: Vec<BTreeSet<usize>> = vec![marks.clone()];
    for action in actions {
        let view_before: BTreeSet<usize> = app.view().iter().copied().collect();
        match &action {
            // A marking key in the list: the list's, not the agency pane's Space.
            Action::ToggleMark => {
                if let Some(i) = app.current_index()
                    && !marks.remove(&i)
                {
                    marks.insert(i);
                }
            }
            Action::ClearMarks | Action::ResetView => marks.clear(),
            Action::MarkShown => marks.extend(view_before.iter().copied()),
            Action::InvertMarks => {
                for i in &view_before {
                    if !marks.remove(i) {
                        marks.insert(*i);
                    }
                }
            }
            Action::Resize { width, height } => {
                terminal.backend_mut().resize(*width, *height);
            }
            _ => {}
        }
        let undo = action == Action::Undo;
        let marked_only = action == Action::ToggleMarkedOnly;
        let range = action == Action::MarkRange;
        // Quitting, copies and writes are effects the event loop performs; none happen
        // here, and the browser goes on.
        let _ = app.update(action);
        if undo {
            // Undo brings back marks there have been, or changes nothing.
            prop_assert!(seen.contains(app.marks()), "{:?}", app.marks());
            marks = app.marks().clone();
        }
        if range {
            // A range marks or unmarks reforms shown, and no others.
            let changed: BTreeSet<usize> =
                marks.symmetric_difference(app.marks()).copied().collect();
            prop_assert!(changed.is_subset(&view_before), "{changed:?}");
            marks = app.marks().clone();
        }
        if !seen.contains(&marks) {
            seen.push(marks.clone());
        }
        // Just switched to the marked only: those are shown (one unmarked there stays in
        // sight, to be marked again, until the view changes).
        if marked_only && app.marked_only() {
            prop_assert!(app.view().iter().all(|i| marks.contains(i)));
        }

        let (view, list) = (app.view(), app.list_cursor());
        prop_assert!(view.is_empty() || list.selected < view.len());
        if let Some(areas) = app.areas() {
            let rows = layout::inner_height(areas.list);
            if rows > 0 && !view.is_empty() {
                prop_assert!(list.offset <= list.selected);
                prop_assert!(list.selected < list.offset + rows);
            }
        }
        let agencies = app.agency_rows();
        prop_assert!(agencies.is_empty() || app.agency_cursor().selected < agencies.len());
        prop_assert_eq!(app.marks(), &marks);
        if *app.mode() == Mode::Search {
            prop_assert!(app.active_line().caret <= app.active_line().text.chars().count());
        }
        terminal.draw(|frame| ui::render(&app, frame)).unwrap();
        check_screen(&terminal)?;
    }
    Ok(())
}

/// The sequences are run in [`PARTS`] tests of their own, each with its own random seed,
/// which the test harness runs side by side on every core: 10,000 sequences on one core
/// were the longest test of the suite by far.
const PARTS: u32 = 4;

/// One part's share of `RANDOM_INTERACTION_CASES` (300 by default).
fn random_sequences(part: u32) {
    let cases: u32 = std::env::var("RANDOM_INTERACTION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let share = cases / PARTS + u32::from(part < cases % PARTS);
    if share == 0 {
        return;
    }
    let mut runner = TestRunner::new(Config {
        cases: share,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(action(), 1..60), run)
        .unwrap();
}

#[test]
fn random_sequences_keep_every_invariant_part_1() {
    random_sequences(0);
}

#[test]
fn random_sequences_keep_every_invariant_part_2() {
    random_sequences(1);
}

#[test]
fn random_sequences_keep_every_invariant_part_3() {
    random_sequences(2);
}

#[test]
fn random_sequences_keep_every_invariant_part_4() {
    random_sequences(3);
}
