//! Whole screens, drawn into ratatui's `TestBackend` and compared with reviewed snapshots
//! (`tests/snapshots/`), at a wide, a common and a small terminal size; one of them with
//! its styles, so a lost highlight, cursor or focus border fails too.

use crate::common;

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use common::browser::{Browser, draw, screen, styled_screen};
use reforms::lang::Lang;

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];

/// Draws the scenario at every size and compares each screen with its snapshot.
fn check(name: &str, scenario: impl Fn(&mut Browser)) {
    for (width, height) in SIZES {
        let mut b = Browser::sized(Lang::Zh, width, height);
        scenario(&mut b);
        let terminal = b.draw();
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen(&terminal));
    }
}

#[test]
fn first_screen() {
    check("first_screen", |_| {});
}

#[test]
fn search() {
    check("search", |b| b.keys("/数据跨境"));
}

#[test]
fn agency_filter() {
    check("agency_filter", |b| {
        b.press(KeyCode::Tab);
        b.press(KeyCode::Tab);
        b.keys("/hg");
        b.press(KeyCode::Enter);
        b.keys(" ");
    });
}

#[test]
fn help_overlay() {
    check("help_overlay", |b| b.keys("?"));
}

#[test]
fn marked_selection() {
    check("marked_selection", |b| b.keys("  jj j"));
}

#[test]
fn english_labels() {
    let b = Browser::sized(Lang::En, 100, 20);
    insta::assert_snapshot!("english_100x20", screen(&b.draw()));
}

/// The overview over a search, the cursor on the second agency, at a wide and a small size:
/// every bar starts in the same column whatever the width of the Chinese names.
#[test]
fn overview() {
    for (width, height) in [(120, 40), (60, 20)] {
        let mut b = Browser::sized(Lang::Zh, width, height);
        b.keys("/金融");
        b.press(KeyCode::Enter);
        b.keys("oj");
        let terminal = b.draw();
        insta::assert_snapshot!(format!("overview_{width}x{height}"), screen(&terminal));
        bars_line_up(&terminal);
    }
}

/// The overview scrolled to the scopes, with a scope chosen, in English.
#[test]
fn overview_scopes_english() {
    let mut b = Browser::sized(Lang::En, 60, 20);
    b.keys("oG ");
    b.keys("oG");
    let terminal = b.draw();
    insta::assert_snapshot!("overview_scopes_english_60x20", screen(&terminal));
    bars_line_up(&terminal);
}

/// In each row of the overview that has a bar, the bar starts in the same cell.
fn bars_line_up(terminal: &Terminal<TestBackend>) {
    let buffer = terminal.backend().buffer();
    let starts: Vec<u16> = (0..buffer.area.height)
        .filter_map(|y| (0..buffer.area.width).find(|&x| buffer[(x, y)].symbol() == "█"))
        .collect();
    assert!(starts.len() > 1, "{starts:?}");
    assert!(starts.iter().all(|&x| x == starts[0]), "{starts:?}");
}

/// The cursor sits at the caret, after the typed Chinese, so an input method's window
/// opens there.
#[test]
fn terminal_cursor_at_the_search_caret() {
    let mut b = Browser::sized(Lang::Zh, 80, 24);
    b.keys("/数据");
    let mut terminal = b.draw();
    let prompt = " / 搜索: ";
    let expected = reforms::core::text::str_width(prompt) + 4;
    assert_eq!(
        terminal.get_cursor_position().unwrap(),
        ratatui::layout::Position::new(expected as u16, 0)
    );
}

/// Every size from 1x1 draws without a panic.
#[test]
fn every_small_size_draws() {
    for width in 1..=50 {
        for height in 1..=14 {
            let mut b = Browser::sized(Lang::Zh, width, height);
            b.keys("  /数据");
            screen(&b.draw());
            b.press(KeyCode::Enter);
            b.keys("?");
            screen(&b.draw());
            b.keys("qoG");
            screen(&draw(&b.app));
        }
    }
}

/// A search with a marked reform, the list focused, in the default theme: the colours and
/// emphasis of every cell, so a lost match highlight, cursor, mark or focus border shows.
#[test]
fn styles_of_a_search_with_a_mark() {
    let mut b = Browser::sized(Lang::Zh, 80, 24);
    b.keys("/数据");
    b.press(KeyCode::Enter);
    b.keys(" ");
    insta::assert_snapshot!("styles_search_mark_80x24", styled_screen(&b.draw()));
}
