//! Whole screens, drawn into ratatui's `TestBackend` and compared with reviewed snapshots
//! (`tests/snapshots/`), at a wide, a common and a small terminal size.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use reforms::Catalog;
use reforms::tui::action::Action;
use reforms::tui::app::{App, Options};
use reforms::tui::labels::Lang;
use reforms::tui::{actions_for, ui};

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];

fn app(width: u16, height: u16) -> App {
    app_in(Lang::Zh, width, height)
}

fn app_in(lang: Lang, width: u16, height: u16) -> App {
    let options = Options {
        lang,
        ..Options::default()
    };
    let mut app = App::new(Catalog::embedded().unwrap(), options);
    app.update(Action::Resize { width, height });
    app
}

fn press(app: &mut App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    for action in actions_for(&event, app) {
        app.update(action);
    }
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::render(app, frame)).unwrap();
    terminal
}

/// The screen as a person sees it: one line per row, a wide character once (the cell it
/// covers is not repeated). Every row must take exactly the terminal's width.
fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    let mut rows = Vec::new();
    for y in 0..buffer.area.height {
        let mut row = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = reforms::text::str_width(symbol).saturating_sub(1);
            row.push_str(symbol);
        }
        assert_eq!(reforms::text::str_width(&row), width, "row {y}: {row:?}");
        rows.push(row);
    }
    rows.join("\n")
}

/// Draws the scenario at every size and compares each screen with its snapshot.
fn check(name: &str, scenario: impl Fn(&mut App)) {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        scenario(&mut app);
        let terminal = draw(&app, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen(&terminal));
    }
}

#[test]
fn first_screen() {
    check("first_screen", |_| {});
}

#[test]
fn search() {
    check("search", |app| keys(app, "/数据跨境"));
}

#[test]
fn agency_filter() {
    check("agency_filter", |app| {
        press(app, KeyCode::Tab);
        press(app, KeyCode::Tab);
        keys(app, "/hg");
        press(app, KeyCode::Enter);
        keys(app, " ");
    });
}

#[test]
fn help_overlay() {
    check("help_overlay", |app| keys(app, "?"));
}

#[test]
fn marked_selection() {
    check("marked_selection", |app| keys(app, "  jj j"));
}

#[test]
fn english_labels() {
    let app = app_in(Lang::En, 100, 20);
    insta::assert_snapshot!("english_100x20", screen(&draw(&app, 100, 20)));
}

/// The overview over a search, the cursor on the second agency, at a wide and a small size:
/// every bar starts in the same column whatever the width of the Chinese names.
#[test]
fn overview() {
    for (width, height) in [(120, 40), (60, 20)] {
        let mut app = app(width, height);
        keys(&mut app, "/金融");
        press(&mut app, KeyCode::Enter);
        keys(&mut app, "oj");
        let terminal = draw(&app, width, height);
        insta::assert_snapshot!(format!("overview_{width}x{height}"), screen(&terminal));
        bars_line_up(&terminal);
    }
}

/// The overview scrolled to the scopes, with a scope chosen, in English.
#[test]
fn overview_scopes_english() {
    let mut app = app_in(Lang::En, 60, 20);
    keys(&mut app, "oG ");
    keys(&mut app, "oG");
    let terminal = draw(&app, 60, 20);
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
    let mut app = app(80, 24);
    keys(&mut app, "/数据");
    let mut terminal = draw(&app, 80, 24);
    let prompt = " / 搜索: ";
    let expected = reforms::text::str_width(prompt) + 4;
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
            let mut app = app(width, height);
            keys(&mut app, "  /数据");
            screen(&draw(&app, width, height));
            press(&mut app, KeyCode::Enter);
            keys(&mut app, "?");
            screen(&draw(&app, width, height));
            keys(&mut app, "qoG");
            screen(&draw(&app, width, height));
        }
    }
}
