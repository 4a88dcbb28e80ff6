//! Random interaction: long sequences of every action, interleaved with resizes from 1x1 to
//! 300x100, each step drawn into a `TestBackend`. After every step: no panic, the cursor is
//! inside the list (or the list is empty) and on screen, the marks are exactly those the
//! sequence toggled, and every drawn row takes exactly the screen's width.
//!
//! `RANDOM_INTERACTION_CASES` sets the number of sequences (10,000 by default, as in CI);
//! a longer run: `RANDOM_INTERACTION_CASES=200000 cargo test --release --test random_interaction`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use reforms::Catalog;
use reforms::text::str_width;
use reforms::tui::action::Action;
use reforms::tui::app::{App, Mode, Options};
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
    let simple = prop::sample::select(vec![
        Quit,
        FocusNext,
        FocusPrev,
        FocusDetail,
        MoveUp,
        MoveDown,
        PageUp,
        PageDown,
        HalfPageUp,
        HalfPageDown,
        Top,
        Bottom,
        StartSearch,
        Backspace,
        DeleteWord,
        ClearLine,
        CaretLeft,
        CaretRight,
        CaretHome,
        CaretEnd,
        SubmitSearch,
        CancelSearch,
        ClearQuery,
        ToggleMark,
        ToggleMark,
        ToggleMark,
        ClearMarks,
        ToggleAgency,
        ClearAgencies,
        ToggleAgencyMatch,
        CycleScope,
        CycleFormat,
        ShowHelp,
        CloseHelp,
        ShowOverview,
        ShowOverview,
        CloseOverview,
        ChooseBar,
        Copy,
        CopyShown,
        StartWrite,
        SubmitWrite,
        CancelWrite,
    ]);
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
    for action in actions {
        match &action {
            Action::ToggleMark => {
                if let Some(i) = app.current_index()
                    && !marks.remove(&i)
                {
                    marks.insert(i);
                }
            }
            Action::ClearMarks => marks.clear(),
            Action::Resize { width, height } => {
                terminal.backend_mut().resize(*width, *height);
            }
            _ => {}
        }
        app.update(action);
        app.quit = false;
        // Copies and writes are effects the event loop performs; none happen here.
        app.pending = None;

        prop_assert!(app.view.is_empty() || app.list.selected < app.view.len());
        if let Some(areas) = app.areas() {
            let rows = layout::inner_height(areas.list);
            if rows > 0 && !app.view.is_empty() {
                prop_assert!(app.list.offset <= app.list.selected);
                prop_assert!(app.list.selected < app.list.offset + rows);
            }
        }
        prop_assert!(app.agency_rows.is_empty() || app.agencies.selected < app.agency_rows.len());
        prop_assert_eq!(&app.marks, &marks);
        if app.mode == Mode::Search {
            prop_assert!(app.active_line().caret <= app.active_line().text.chars().count());
        }
        terminal.draw(|frame| ui::render(&app, frame)).unwrap();
        check_screen(&terminal)?;
    }
    Ok(())
}

#[test]
fn random_sequences_keep_every_invariant() {
    let cases = std::env::var("RANDOM_INTERACTION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(action(), 1..60), run)
        .unwrap();
}
