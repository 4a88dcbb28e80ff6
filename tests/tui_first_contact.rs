//! What a new user meets: keys that do nothing say so, panes reached the ways fzf, less,
//! vim and lazygit users expect, marks selected in bulk and taken back, a restored session
//! announced, the search history, matches in the detail, the help filtered by typing.

use crate::common;

use crossterm::event::{KeyCode, KeyModifiers};

use common::browser::{Browser, screen};
use reforms::lang::Lang;
use reforms::tui::action::Action;
use reforms::tui::app::{Mode, Options};
use reforms::tui::layout::Pane;
use reforms::tui::session::Session;

fn marked(b: &Browser) -> Vec<u32> {
    b.app.marked_numbers()
}

fn status_bar(b: &Browser) -> String {
    let shown = screen(&b.draw());
    let rows: Vec<&str> = shown.lines().collect();
    // The status bar is the row above the key line at a roomy size.
    rows[rows.len() - 2].to_string()
}

#[test]
fn a_key_that_does_nothing_says_so_and_where_it_does_something() {
    let mut b = Browser::new();
    b.keys("s");
    assert_eq!(
        b.message(),
        "此处无 s 键; 在负责单位窗格: 切换推广范围 (? 帮助)"
    );
    b.keys("2");
    assert_eq!(b.message(), "此处无 2 键 (? 帮助)");
    b.press_with(KeyCode::Char('j'), KeyModifiers::CONTROL);
    assert_eq!(b.message(), "此处无 Ctrl-J 键 (? 帮助)");
    // In the overview too, without naming panes.
    b.keys("o");
    b.keys("x");
    assert_eq!(b.message(), "此处无 x 键 (? 帮助)");
    // While typing a search, every letter is text: no hint.
    b.press(KeyCode::Esc);
    b.keys("/s");
    assert_eq!(b.message(), "");
    assert_eq!(b.app.selection().query, "s");

    let mut en = Browser::sized(Lang::En, 120, 40);
    en.keys("s");
    assert_eq!(
        en.message(),
        "s does nothing here; in the Agencies pane: next scope (? for help)"
    );
}

#[test]
fn esc_h_l_and_the_arrows_move_between_panes() {
    let mut b = Browser::new();
    b.press(KeyCode::Enter);
    assert_eq!(b.app.focus(), Pane::Detail);
    b.press(KeyCode::Esc);
    assert_eq!(b.app.focus(), Pane::List);
    b.keys("l");
    assert_eq!(b.app.focus(), Pane::Detail);
    b.keys("l");
    assert_eq!(b.app.focus(), Pane::Agencies);
    b.keys("h");
    assert_eq!(b.app.focus(), Pane::Detail);
    b.press(KeyCode::Left);
    assert_eq!(b.app.focus(), Pane::List);
    b.press(KeyCode::Right);
    assert_eq!(b.app.focus(), Pane::Detail);
    // Left and Right still move the caret while typing.
    b.keys("/数据");
    b.press(KeyCode::Left);
    b.keys("x");
    assert_eq!(b.app.selection().query, "数x据");
}

#[test]
fn marking_all_inverting_a_range_and_undo() {
    let mut b = Browser::new();
    b.keys("/数据");
    b.press(KeyCode::Enter);
    let shown = b.numbers();
    assert_eq!(shown.len(), 6);
    b.keys("a");
    let mut sorted = shown.clone();
    sorted.sort_unstable();
    assert_eq!(marked(&b), sorted);
    assert!(b.message().contains("6"), "{}", b.message());
    // Invert among those shown: none left.
    b.keys("i");
    assert!(marked(&b).is_empty());
    b.keys("u");
    assert_eq!(marked(&b), sorted);
    b.keys("c");
    assert!(marked(&b).is_empty());
    b.keys("u");
    assert_eq!(marked(&b), sorted, "u brings back cleared marks");
    b.keys("c");

    // A range: from the second row to the fourth.
    b.keys("gj");
    b.keys("v");
    assert!(b.app.range().is_some());
    b.keys("jj");
    assert!(status_bar(&b).contains("范围 3 条"), "{}", status_bar(&b));
    b.keys("v");
    let mut range = shown[1..4].to_vec();
    range.sort_unstable();
    assert_eq!(marked(&b), range);
    assert!(b.app.range().is_none());
    // The same range again unmarks it.
    b.keys("kkvjjv");
    assert!(marked(&b).is_empty());
    // Esc ends a range without marking, and leaves the search alone.
    b.keys("v");
    b.press(KeyCode::Esc);
    assert!(b.app.range().is_none());
    assert_eq!(b.app.selection().query, "数据");
    b.keys("v");
    assert!(marked(&b).is_empty());
}

#[test]
fn clearing_agencies_is_undone_and_reset_clears_everything_undoably() {
    let mut b = Browser::new();
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys(" j ");
    let checked = b.app.selection().agencies.clone();
    assert_eq!(checked.len(), 2);
    b.keys("c");
    assert!(b.app.selection().agencies.is_empty());
    b.keys("u");
    assert_eq!(b.app.selection().agencies, checked);
    b.keys("u");
    assert_eq!(b.message(), "没有可撤销的操作");

    b.press(KeyCode::Tab);
    b.keys("/数据");
    b.press(KeyCode::Enter);
    b.keys(" ");
    let before = b.numbers();
    b.keys("R");
    assert_eq!(b.numbers().len(), 42);
    assert!(b.app.marks().is_empty());
    assert!(b.app.selection().agencies.is_empty());
    assert_eq!(b.app.selection().query, "");
    b.keys("u");
    assert_eq!(b.numbers(), before);
    assert_eq!(b.app.selection().agencies, checked);
    assert_eq!(b.app.selection().query, "数据");
    assert_eq!(b.app.marks().len(), 1);
}

#[test]
fn marks_hidden_by_the_filters_are_counted_and_marked_only_shows_them() {
    let mut b = Browser::new();
    b.keys("  ");
    b.keys("/数据");
    b.press(KeyCode::Enter);
    // Reform 1 matches 数据, reform 2 does not.
    assert!(
        status_bar(&b).contains("已选 2 (1 条未显示)"),
        "{}",
        status_bar(&b)
    );
    b.press(KeyCode::Esc);
    assert!(status_bar(&b).contains("已选 2 |"), "{}", status_bar(&b));
    b.keys("M");
    assert_eq!(b.numbers(), [1, 2]);
    assert!(status_bar(&b).contains("只看已选"));
    b.keys("M");
    assert_eq!(b.numbers().len(), 42);
    // With nothing marked, M says so instead of showing nothing.
    b.keys("c");
    b.keys("M");
    assert_eq!(b.numbers().len(), 42);
    assert_eq!(b.message(), "没有已选的事项");
}

#[test]
fn a_restored_session_is_announced_with_the_keys_that_clear_it() {
    let mut b = Browser::new();
    b.keys("/数据");
    b.press(KeyCode::Enter);
    b.keys(" ");
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys("s");
    let session = Session::capture(&b.app);
    let mut after = Browser::new();
    session.restore(&mut after.app);
    let notice = after.app.restored_notice().expect("something came back");
    assert!(notice.starts_with("已恢复上次"), "{notice}");
    for part in ["搜索 数据", "范围 全市", "已选 1", "R 全部清除", "u 撤销"] {
        assert!(notice.contains(part), "{part} in {notice}");
    }
    assert!(
        notice.starts_with("已恢复上次 (R 全部清除, u 撤销): 搜索 数据"),
        "the keys come before what may be cut: {notice}"
    );
    // Nothing restored, nothing said.
    let empty = Browser::new();
    assert_eq!(empty.app.restored_notice(), None);
}

#[test]
fn the_key_line_keeps_help_and_quit_and_narrow_screens_name_the_other_panes() {
    for (width, height) in [(40, 16), (60, 20), (80, 24)] {
        let mut b = Browser::sized(Lang::Zh, width, height);
        for focus in 0..3 {
            let shown = screen(&b.draw());
            let keys = shown.lines().last().unwrap();
            assert!(
                keys.contains("? 帮助") && keys.contains("q 退出"),
                "{width}x{height}, pane {focus}: {keys}"
            );
            b.press(KeyCode::Tab);
        }
    }
    // At 50x15 one pane shows: its title names the others.
    let mut b = Browser::sized(Lang::Zh, 50, 15);
    assert!(screen(&b.draw()).contains("Tab: 详情 负责单位"));
    b.press(KeyCode::Tab);
    assert!(screen(&b.draw()).contains("Tab: 负责单位 改革事项"));
}

#[test]
fn the_document_title_is_on_screen_and_cuts_are_marked_with_an_ellipsis() {
    let b = Browser::new();
    let shown = screen(&b.draw());
    let first = shown.lines().next().unwrap();
    assert!(
        first.contains("《天津自贸试验区第八批复制推广改革试点经验》"),
        "{first}"
    );
    assert!(shown.contains('…'));
    assert!(!shown.contains('~'));
}

#[test]
fn the_search_history_is_recalled_and_kept_with_the_session() {
    let mut b = Browser::new();
    b.keys("/数据");
    b.press(KeyCode::Enter);
    b.press(KeyCode::Esc);
    b.keys("/海关");
    b.press(KeyCode::Enter);
    b.press(KeyCode::Esc);
    b.keys("/");
    b.press_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    assert_eq!(b.app.selection().query, "海关");
    b.press_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    assert_eq!(b.app.selection().query, "数据");
    b.press_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    assert_eq!(b.app.selection().query, "数据", "stays at the oldest");
    b.press_with(KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(b.app.selection().query, "海关");
    b.press_with(KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(
        b.app.selection().query,
        "",
        "past the newest: an empty line"
    );
    b.press(KeyCode::Esc);
    assert_eq!(b.app.history(), ["数据", "海关"]);

    let session = Session::capture(&b.app);
    let text = toml::to_string(&session).unwrap();
    let read: Session = toml::from_str(&text).unwrap();
    let mut after = Browser::new();
    read.restore(&mut after.app);
    assert_eq!(after.app.history(), ["数据", "海关"]);
}

#[test]
fn n_and_capital_n_go_between_the_matches_of_the_detail() {
    // Short enough that the content scrolls.
    let mut b = Browser::sized(Lang::Zh, 80, 16);
    b.keys("/数据");
    b.press(KeyCode::Enter);
    b.press(KeyCode::Enter);
    assert_eq!(b.app.focus(), Pane::Detail);
    assert_eq!(b.app.detail_scroll(), 0);
    b.keys("n");
    assert!(b.message().contains("处匹配"), "{}", b.message());
    let first = b.app.detail_scroll();
    assert!(first > 0);
    b.keys("n");
    assert!(b.app.detail_scroll() >= first);
    b.keys("N");
    assert!(b.app.detail_scroll() <= first);
    // Without a search, n says how to use it.
    b.press(KeyCode::Esc);
    b.press(KeyCode::Esc);
    b.press(KeyCode::Enter);
    b.keys("n");
    assert!(b.message().contains("/"), "{}", b.message());
    // e writes a note from the detail, where n goes to matches.
    b.keys("e");
    assert!(b.message().contains("跟踪数据库"), "{}", b.message());
}

#[test]
fn the_help_is_filtered_by_typing_after_a_slash() {
    let mut b = Browser::new();
    b.keys("?/复制");
    let rows = b.app.help_rows();
    assert!(rows.len() >= 2);
    let shown = screen(&b.draw());
    assert!(shown.contains("复制已选"));
    assert!(!shown.contains("到顶"), "unmatched rows are hidden");
    // Enter keeps the filter and j/k scroll again; Esc in the line clears it.
    b.press(KeyCode::Enter);
    b.keys("j");
    assert!(matches!(b.app.mode(), Mode::Help { .. }));
    b.keys("/");
    b.press(KeyCode::Esc);
    assert_eq!(
        b.app.help_rows().len(),
        b.app.keymap().help_rows(Lang::Zh).len() + 1
    );
    b.press(KeyCode::Esc);
    assert_eq!(b.app.mode(), &Mode::Browse);
    // Pinyin initials find rows too, and no match says so.
    b.keys("?/fz");
    assert!(screen(&b.draw()).contains("复制"));
    b.press(KeyCode::Esc);
    b.keys("/zzzzqqq");
    assert!(screen(&b.draw()).contains("没有符合的按键"));
}

#[test]
fn the_help_names_the_real_folder_of_the_last_export() {
    let options = Options {
        last_export: Some("/srv/x/cache/reforms/last-export.txt".into()),
        ..Options::default()
    };
    let mut b = Browser::with(options, 120, 40);
    b.keys("?G");
    let shown = screen(&b.draw());
    assert!(
        shown.contains("/srv/x/cache/reforms/last-export.txt"),
        "{shown}"
    );
    assert!(!shown.contains("~/.cache"));
}

#[test]
fn ctrl_t_gives_the_mouse_to_the_terminal_and_takes_it_back() {
    let mut b = Browser::new();
    let effect = b.app.update(Action::ToggleMouse);
    assert_eq!(effect, Some(reforms::tui::effect::Effect::Mouse(false)));
    assert!(b.message().contains("Shift"), "{}", b.message());
    let effect = b.app.update(Action::ToggleMouse);
    assert_eq!(effect, Some(reforms::tui::effect::Effect::Mouse(true)));
}

#[test]
fn the_english_agency_footer_reads_as_english() {
    let mut b = Browser::sized(Lang::En, 120, 40);
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys("m");
    let shown = screen(&b.draw());
    assert!(shown.contains("scope: all, match all of"), "{shown}");
    assert!(!shown.contains("all  all"));
}
