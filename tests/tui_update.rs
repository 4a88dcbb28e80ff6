//! The browser's behaviour, driven through the key table and `App::update` without a
//! terminal: what a user's keys do to the state.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use reforms::Catalog;
use reforms::tui::action::Action;
use reforms::tui::actions_for;
use reforms::tui::app::{AgencyMatch, App, Mode, Options, Pane};

fn app() -> App {
    let mut app = App::new(Catalog::embedded().unwrap(), Options::default());
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

fn press_with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let event = Event::Key(KeyEvent::new(code, modifiers));
    for action in actions_for(&event, app) {
        app.update(action);
    }
}

fn press(app: &mut App, code: KeyCode) {
    press_with(app, code, KeyModifiers::NONE);
}

/// Types each character as a key press, as a terminal delivers committed text.
fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn numbers(app: &App) -> Vec<u32> {
    app.view
        .iter()
        .map(|&i| app.catalog.reforms[i].number)
        .collect()
}

fn current_number(app: &App) -> Option<u32> {
    app.current().map(|r| r.number)
}

#[test]
fn opens_on_every_reform_in_document_order() {
    let app = app();
    assert_eq!(numbers(&app), (1..=42).collect::<Vec<_>>());
    assert_eq!(app.focus, Pane::List);
    assert_eq!(current_number(&app), Some(1));
}

#[test]
fn typing_filters_live_and_enter_returns_on_the_best_match() {
    let mut app = app();
    keys(&mut app, "jjj");
    assert_eq!(current_number(&app), Some(4));
    keys(&mut app, "/邮轮");
    assert_eq!(app.mode, Mode::Search);
    assert_eq!(numbers(&app)[0], 20);
    assert_eq!(current_number(&app), Some(20));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.reform_query.text, "邮轮");
    assert_eq!(current_number(&app), Some(20));
}

#[test]
fn q_is_text_while_searching_and_quits_otherwise() {
    let mut app = app();
    keys(&mut app, "/q");
    assert!(!app.quit);
    assert_eq!(app.reform_query.text, "q");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.reform_query.text, "");
    assert_eq!(app.view.len(), 42);
    keys(&mut app, "q");
    assert!(app.quit);

    let mut app = self::app();
    keys(&mut app, "/数");
    press_with(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.quit);
}

#[test]
fn esc_in_a_pane_with_an_active_query_clears_it() {
    let mut app = app();
    keys(&mut app, "/海关");
    press(&mut app, KeyCode::Enter);
    assert!(app.view.len() < 42);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view.len(), 42);
    assert!(!app.quit);
}

#[test]
fn tab_cycles_focus_and_enter_reads_the_detail() {
    let mut app = app();
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Detail);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Agencies);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::List);
    press_with(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.focus, Pane::Agencies);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Pane::Detail);
}

#[test]
fn movement_keys_in_the_list() {
    let mut app = app();
    press_with(&mut app, KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(current_number(&app), Some(42));
    keys(&mut app, "g");
    assert_eq!(current_number(&app), Some(1));
    press(&mut app, KeyCode::PageDown);
    let page = current_number(&app).unwrap() - 1;
    assert!(
        page > 10,
        "a page at 40 rows is more than 10 reforms: {page}"
    );
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(current_number(&app).unwrap(), 1 + page - page / 2);
    press(&mut app, KeyCode::End);
    assert_eq!(current_number(&app), Some(42));
    keys(&mut app, "j");
    assert_eq!(current_number(&app), Some(42));
    press(&mut app, KeyCode::Home);
    keys(&mut app, "k");
    assert_eq!(current_number(&app), Some(1));
}

#[test]
fn marks_survive_searches_filters_and_resizes() {
    let mut app = app();
    keys(&mut app, "  j ");
    assert_eq!(app.marked_numbers(), vec![1, 2, 4]);
    keys(&mut app, "/海关");
    press(&mut app, KeyCode::Enter);
    let marked_in_search = current_number(&app).unwrap();
    keys(&mut app, " ");
    app.update(Action::Resize {
        width: 1,
        height: 1,
    });
    app.update(Action::Resize {
        width: 30,
        height: 8,
    });
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, " s");
    app.update(Action::Resize {
        width: 200,
        height: 60,
    });
    let mut expected = vec![1, 2, 4, marked_in_search];
    expected.sort();
    assert_eq!(app.marked_numbers(), expected);
    // Marked reforms hidden by a filter are still marked, and counted.
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "u");
    assert!(app.marks.is_empty());
}

#[test]
fn agency_search_by_pinyin_initials_and_checking() {
    let mut app = app();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "/hg");
    let names: Vec<&str> = app
        .agency_rows
        .iter()
        .map(|r| app.catalog.agencies()[r.agency].name.as_str())
        .collect();
    assert!(names.contains(&"天津海关"), "{names:?}");
    // The reform list is not narrowed by the agency search.
    assert_eq!(app.view.len(), 42);
    press(&mut app, KeyCode::Enter);
    let row = app
        .agency_rows
        .iter()
        .position(|r| app.catalog.agencies()[r.agency].name == "天津海关")
        .unwrap();
    for _ in 0..row {
        keys(&mut app, "j");
    }
    keys(&mut app, " ");
    assert_eq!(numbers(&app), vec![19, 20, 35, 39]);
    keys(&mut app, "c");
    assert_eq!(app.view.len(), 42);
}

#[test]
fn any_of_and_all_of_the_checked_agencies() {
    let mut app = app();
    let catalog = app.catalog.clone();
    let a = "人民银行天津市分行";
    let b = "市委金融办";
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    for name in [a, b] {
        let row = app
            .agency_rows
            .iter()
            .position(|r| catalog.agencies()[r.agency].name == name)
            .unwrap();
        keys(&mut app, "g");
        for _ in 0..row {
            keys(&mut app, "j");
        }
        keys(&mut app, " ");
    }
    let has = |r: &reforms::Reform, n: &str| r.agencies.iter().any(|x| x == n);
    let any: Vec<u32> = catalog
        .reforms
        .iter()
        .filter(|r| has(r, a) || has(r, b))
        .map(|r| r.number)
        .collect();
    let all: Vec<u32> = catalog
        .reforms
        .iter()
        .filter(|r| has(r, a) && has(r, b))
        .map(|r| r.number)
        .collect();
    assert_eq!(app.agency_match, AgencyMatch::Any);
    assert_eq!(numbers(&app), any);
    keys(&mut app, "m");
    assert_eq!(numbers(&app), all);
    assert!(all.len() < any.len() && !all.is_empty());
}

#[test]
fn scope_cycles_through_every_scope_and_back_to_all() {
    let mut app = app();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "s");
    assert_eq!(app.view.len(), 39);
    keys(&mut app, "s");
    assert_eq!(numbers(&app), vec![10, 11, 40]);
    keys(&mut app, "s");
    assert_eq!(app.view.len(), 42);
}

#[test]
fn a_filter_keeps_the_current_reform_when_it_is_still_shown() {
    let mut app = app();
    for _ in 0..19 {
        keys(&mut app, "j");
    }
    assert_eq!(current_number(&app), Some(20));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "s");
    assert_eq!(current_number(&app), Some(20));
}

#[test]
fn detail_scrolls_within_its_text() {
    let mut app = app();
    app.update(Action::Resize {
        width: 80,
        height: 14,
    });
    press(&mut app, KeyCode::Tab);
    for _ in 0..200 {
        keys(&mut app, "j");
    }
    let bottom = app.detail_scroll;
    assert!(bottom > 0);
    keys(&mut app, "j");
    assert_eq!(app.detail_scroll, bottom);
    keys(&mut app, "g");
    assert_eq!(app.detail_scroll, 0);
}

/// Found by the random interaction test: `G` again and again in the help overlay pushed
/// its scroll offset past the largest number.
#[test]
fn help_scrolling_stays_inside_its_rows() {
    let mut app = app();
    keys(&mut app, "?");
    for _ in 0..5 {
        press(&mut app, KeyCode::End);
        press(&mut app, KeyCode::PageDown);
    }
    let bottom = app.help_scroll;
    assert!(bottom < reforms::tui::keymap::help_rows(app.lang).len());
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.help_scroll, 0);
}

#[test]
fn help_opens_and_q_closes_it_without_quitting() {
    let mut app = app();
    keys(&mut app, "?");
    assert_eq!(app.mode, Mode::Help);
    keys(&mut app, "jjq");
    assert_eq!(app.mode, Mode::Browse);
    assert!(!app.quit);
    keys(&mut app, "?");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Browse);
}

#[test]
fn a_click_selects_a_row_and_focuses_its_pane() {
    let mut app = app();
    let areas = app.areas().unwrap();
    app.update(Action::Click {
        column: areas.list.x + 3,
        row: areas.list.y + 1 + 4,
    });
    assert_eq!(current_number(&app), Some(5));
    let detail = areas.detail.unwrap();
    app.update(Action::Click {
        column: detail.x + 3,
        row: detail.y + 3,
    });
    assert_eq!(app.focus, Pane::Detail);
    app.update(Action::Scroll {
        column: areas.list.x + 3,
        row: areas.list.y + 3,
        down: true,
    });
    assert_eq!(current_number(&app), Some(8));
}

#[test]
fn a_click_on_an_agency_check_box_checks_it() {
    let mut app = app();
    let agencies = app.areas().unwrap().agencies.unwrap();
    app.update(Action::Click {
        column: agencies.x + 10,
        row: agencies.y + 2,
    });
    assert_eq!(app.focus, Pane::Agencies);
    assert!(app.checked.is_empty());
    app.update(Action::Click {
        column: agencies.x + 2,
        row: agencies.y + 2,
    });
    assert_eq!(app.checked.len(), 1);
    assert!(app.view.len() < 42);
}

#[test]
fn pasted_text_becomes_the_query() {
    let mut app = app();
    for action in actions_for(&Event::Paste("飞机".into()), &app) {
        app.update(action);
    }
    assert_eq!(app.mode, Mode::Search);
    assert_eq!(numbers(&app)[0], 39);
}

#[test]
fn export_format_cycles_with_a_message() {
    let mut app = app();
    let first = app.format;
    keys(&mut app, "F");
    assert_ne!(app.format, first);
    assert!(app.message.is_some());
    keys(&mut app, "FFF");
    assert_eq!(app.format, first);
}

mod copying {
    use super::*;
    use std::io;
    use std::path::{Path, PathBuf};

    use reforms::clipboard::{Effects, Environment};
    use reforms::export::{self, Format};
    use reforms::tui::copy::{Effect, Export};
    use reforms::tui::perform_pending;

    /// The edge, faked: records what reaches each route, fails where told.
    #[derive(Default)]
    struct Fake {
        tmux: Vec<String>,
        terminal: Vec<u8>,
        files: Vec<(PathBuf, String)>,
        fail_tmux: bool,
        fail_terminal: bool,
    }

    impl Effects for Fake {
        fn tmux_load_buffer(&mut self, text: &str) -> Result<(), String> {
            if self.fail_tmux {
                return Err("tmux: No such file or directory (os error 2)".into());
            }
            self.tmux.push(text.into());
            Ok(())
        }
        fn write_terminal(&mut self, bytes: &[u8]) -> io::Result<()> {
            if self.fail_terminal {
                return Err(io::Error::other("Input/output error"));
            }
            self.terminal.extend_from_slice(bytes);
            Ok(())
        }
        fn wl_copy(&mut self, _: &str) -> Result<(), String> {
            Err("no wl-copy".into())
        }
        fn desktop(&mut self, _: &str) -> Result<(), String> {
            Err("no display".into())
        }
        fn write_file(&mut self, path: &Path, text: &str) -> io::Result<()> {
            self.files.push((path.into(), text.into()));
            Ok(())
        }
    }

    fn tmux_env() -> Environment {
        Environment {
            tmux: true,
            home: Some("/home/u".into()),
            ..Environment::default()
        }
    }

    fn rendered(app: &App, format: Format, numbers: &[u32]) -> String {
        let reforms: Vec<_> = numbers
            .iter()
            .map(|&n| app.catalog.by_number(n).unwrap())
            .collect();
        export::render_for_clipboard(format, &reforms)
    }

    const CACHE: &str = "/home/u/.cache/reforms/last-export.txt";

    #[test]
    fn y_copies_the_marked_reforms_or_the_current_one() {
        let mut app = app();
        keys(&mut app, "y");
        let expected = rendered(&app, Format::Text, &[1]);
        assert_eq!(
            app.pending,
            Some(Effect::Copy(Export {
                text: expected,
                count: 1,
                format: Format::Text,
            }))
        );
        let mut fake = Fake::default();
        perform_pending(&mut app, &tmux_env(), &mut fake);
        assert!(app.pending.is_none());

        keys(&mut app, "jj  jj ");
        assert_eq!(app.marked_numbers(), vec![3, 4, 7]);
        keys(&mut app, "Fy");
        perform_pending(&mut app, &tmux_env(), &mut fake);
        let expected = rendered(&app, Format::Tsv, &[3, 4, 7]);
        assert_eq!(fake.tmux[1], expected);
        assert_eq!(
            fake.files.last(),
            Some(&(PathBuf::from(CACHE), expected.clone()))
        );
        let message = app.message.clone().unwrap();
        assert!(message.starts_with("已复制 3 条 | 表格 | "), "{message}");
        assert!(
            message.ends_with("| tmux 缓冲区 (并转发 OSC 52)"),
            "{message}"
        );
    }

    #[test]
    fn capital_y_copies_what_is_shown_in_that_order() {
        let mut app = app();
        keys(&mut app, "/数据");
        press(&mut app, KeyCode::Enter);
        let shown = numbers(&app);
        assert!(shown.len() > 1 && shown.len() < 42);
        keys(&mut app, "Y");
        let mut fake = Fake::default();
        perform_pending(&mut app, &tmux_env(), &mut fake);
        assert_eq!(fake.tmux, vec![rendered(&app, Format::Text, &shown)]);
    }

    #[test]
    fn failures_keep_the_app_running_and_the_text_cached() {
        let mut app = app();
        keys(&mut app, " y");
        let mut fake = Fake {
            fail_tmux: true,
            ..Fake::default()
        };
        perform_pending(&mut app, &tmux_env(), &mut fake);
        assert!(!app.quit);
        let message = app.message.clone().unwrap();
        assert!(message.starts_with("未能复制 1 条"), "{message}");
        assert!(message.contains("No such file"), "{message}");
        assert!(message.contains(CACHE), "{message}");
        assert_eq!(fake.files[0].1, rendered(&app, Format::Text, &[1]));

        // A terminal that cannot be written to, and no clipboard at all.
        let terminal_only = Environment {
            term: "xterm".into(),
            home: Some("/home/u".into()),
            ..Environment::default()
        };
        let mut fake = Fake {
            fail_terminal: true,
            ..Fake::default()
        };
        keys(&mut app, "y");
        perform_pending(&mut app, &terminal_only, &mut fake);
        let message = app.message.clone().unwrap();
        assert!(message.contains("Input/output error"), "{message}");
        assert_eq!(fake.files.len(), 1);
        keys(&mut app, "j");
        assert!(app.message.is_none(), "the next key clears the message");
    }

    #[test]
    fn osc52_is_sent_not_claimed_and_english_says_so() {
        let mut app = App::new(
            Catalog::embedded().unwrap(),
            Options {
                lang: reforms::tui::labels::Lang::En,
                ..Options::default()
            },
        );
        keys(&mut app, "  y");
        let env = Environment {
            term: "xterm-256color".into(),
            home: Some("/home/u".into()),
            ..Environment::default()
        };
        let mut fake = Fake::default();
        perform_pending(&mut app, &env, &mut fake);
        let written = String::from_utf8(fake.terminal).unwrap();
        assert!(written.starts_with("\x1b]52;c;") && written.ends_with('\x07'));
        let message = app.message.clone().unwrap();
        assert!(message.starts_with("sent 2 reforms | text | "), "{message}");
        assert!(message.contains("see ? for terminal settings"), "{message}");
    }

    #[test]
    fn too_large_for_osc52_says_so_and_sends_nothing() {
        let mut app = App::new(
            Catalog::embedded().unwrap(),
            Options {
                osc52_max: 100,
                ..Options::default()
            },
        );
        keys(&mut app, "Y");
        let env = Environment {
            term: "xterm".into(),
            home: Some("/home/u".into()),
            ..Environment::default()
        };
        let mut fake = Fake::default();
        perform_pending(&mut app, &env, &mut fake);
        assert!(fake.terminal.is_empty());
        let message = app.message.clone().unwrap();
        assert!(message.contains("超过 100 字节"), "{message}");
        assert!(message.contains("按 w 写入文件"), "{message}");
        assert_eq!(
            fake.files[0].1,
            rendered(&app, Format::Text, &numbers(&app))
        );
    }

    #[test]
    fn w_prompts_for_a_file_name_and_writes_there() {
        let mut app = app();
        app.clock = || "20261127-093000".to_string();
        keys(&mut app, "FFw");
        assert_eq!(app.mode, Mode::Write);
        assert_eq!(app.file_line.text, "reforms-20261127-093000.md");
        // Letters are text here, not keys: q does not quit.
        press(&mut app, KeyCode::Backspace);
        press(&mut app, KeyCode::Backspace);
        keys(&mut app, "qmd");
        assert!(!app.quit);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.mode, Mode::Browse);
        let mut fake = Fake::default();
        perform_pending(&mut app, &tmux_env(), &mut fake);
        let expected = rendered(&app, Format::Markdown, &[1]);
        assert_eq!(
            fake.files,
            vec![
                (
                    PathBuf::from("reforms-20261127-093000.qmd"),
                    expected.clone()
                ),
                (PathBuf::from(CACHE), expected),
            ]
        );
        let message = app.message.clone().unwrap();
        assert!(
            message.starts_with("已写入 reforms-20261127-093000.qmd | 1 条 | Markdown"),
            "{message}"
        );

        keys(&mut app, "w");
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.mode, Mode::Browse);
        assert!(app.pending.is_none());
    }
}

#[test]
fn overview_counts_what_is_shown() {
    let mut app = app();
    keys(&mut app, "/邮轮");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "o");
    assert_eq!(app.mode, Mode::Overview);
    assert_eq!(app.overview.total, app.view.len());
    let per_agency: usize = app.overview.agencies.iter().map(|t| t.count).sum();
    let expected: usize = app
        .view
        .iter()
        .map(|&i| app.catalog.reforms[i].agencies.len())
        .sum();
    assert_eq!(per_agency, expected);
    let per_scope: usize = app.overview.scopes.iter().map(|t| t.count).sum();
    assert_eq!(per_scope, app.view.len());
}

#[test]
fn overview_opens_with_o_and_esc_q_o_close_it() {
    let mut app = app();
    for close in [KeyCode::Esc, KeyCode::Char('q'), KeyCode::Char('o')] {
        keys(&mut app, "o");
        assert_eq!(app.mode, Mode::Overview);
        keys(&mut app, "jj");
        press(&mut app, close);
        assert_eq!(app.mode, Mode::Browse);
        assert!(!app.quit);
        assert!(app.checked.is_empty());
        assert_eq!(numbers(&app).len(), 42);
    }
}

#[test]
fn choosing_an_agency_bar_checks_that_agency() {
    let mut app = app();
    keys(&mut app, "o");
    // Agencies come most first; the second bar.
    keys(&mut app, "j");
    let agency = app.overview.agencies[1].index;
    let name = app.catalog.agencies()[agency].name.clone();
    let count = app.overview.agencies[1].count;
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(
        app.checked.iter().copied().collect::<Vec<_>>(),
        vec![agency]
    );
    assert_eq!(app.view.len(), count);
    assert!(
        app.view
            .iter()
            .all(|&i| app.catalog.reforms[i].agencies.contains(&name))
    );
    // The same as checking it in the agency pane: doing that now unchecks it.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.current_agency_row().unwrap().agency, agency);
    keys(&mut app, " ");
    assert!(app.checked.is_empty());
    assert_eq!(app.view.len(), 42);
}

#[test]
fn choosing_a_scope_bar_sets_the_scope_and_again_clears_it() {
    let mut app = app();
    keys(&mut app, "oG");
    let scope = app.overview.scopes.last().unwrap().index;
    let count = app.overview.scopes.last().unwrap().count;
    keys(&mut app, " ");
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.scope, Some(scope));
    assert_eq!(app.view.len(), count);
    assert!(app.checked.is_empty());
    // Only that scope is left: its bar is the last again.
    keys(&mut app, "oG");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.scope, None);
    assert_eq!(app.view.len(), 42);
}

#[test]
fn a_click_in_the_overview_picks_a_bar_and_outside_closes_it() {
    let mut app = app();
    keys(&mut app, "o");
    let area = reforms::tui::layout::help_area(app.size);
    // Inside the border: the heading, then the first bar, then the second.
    app.update(Action::Click {
        column: area.x + 3,
        row: area.y + 3,
    });
    assert_eq!(app.mode, Mode::Overview);
    assert_eq!(app.overview_cursor.selected, 1);
    app.update(Action::Click { column: 0, row: 0 });
    assert_eq!(app.mode, Mode::Browse);
}
