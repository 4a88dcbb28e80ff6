//! The browser's behaviour, driven through the key table and `App::update` without a
//! terminal: what a user's keys do to the state.

use crate::common;

use crossterm::event::{Event, KeyCode, KeyModifiers};

use common::browser::{Browser, CACHE, rendered};
use reforms::core::selection::{AgencyMatch, AgencyRole};
use reforms::tui::action::Action;
use reforms::tui::app::{Mode, Options};
use reforms::tui::layout::Pane;

fn names(b: &Browser) -> Vec<String> {
    b.app.selection().agencies.clone()
}

#[test]
fn opens_on_every_reform_in_document_order() {
    let b = Browser::new();
    assert_eq!(b.numbers(), (1..=42).collect::<Vec<_>>());
    assert_eq!(b.app.focus(), Pane::List);
    assert_eq!(b.current_number(), Some(1));
}

#[test]
fn typing_filters_live_and_enter_returns_on_the_best_match() {
    let mut b = Browser::new();
    b.keys("jjj");
    assert_eq!(b.current_number(), Some(4));
    b.keys("/邮轮");
    assert_eq!(b.app.mode(), &Mode::Search);
    assert_eq!(b.numbers()[0], 20);
    assert_eq!(b.current_number(), Some(20));
    b.press(KeyCode::Enter);
    assert_eq!(b.app.mode(), &Mode::Browse);
    assert_eq!(b.app.selection().query, "邮轮");
    assert_eq!(b.current_number(), Some(20));
}

#[test]
fn q_is_text_while_searching_and_quits_otherwise() {
    let mut b = Browser::new();
    b.keys("/q");
    assert!(!b.quit);
    assert_eq!(b.app.selection().query, "q");
    b.press(KeyCode::Esc);
    assert_eq!(b.app.mode(), &Mode::Browse);
    assert_eq!(b.app.selection().query, "");
    assert_eq!(b.app.view().len(), 42);
    b.keys("q");
    assert!(b.quit);

    let mut b = Browser::new();
    b.keys("/数");
    b.press_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(b.quit);
}

#[test]
fn esc_in_a_pane_with_an_active_query_clears_it() {
    let mut b = Browser::new();
    b.keys("/海关");
    b.press(KeyCode::Enter);
    assert!(b.app.view().len() < 42);
    b.press(KeyCode::Esc);
    assert_eq!(b.app.view().len(), 42);
    assert!(!b.quit);
}

#[test]
fn tab_cycles_focus_and_enter_reads_the_detail() {
    let mut b = Browser::new();
    b.press(KeyCode::Tab);
    assert_eq!(b.app.focus(), Pane::Detail);
    b.press(KeyCode::Tab);
    assert_eq!(b.app.focus(), Pane::Agencies);
    b.press(KeyCode::Tab);
    assert_eq!(b.app.focus(), Pane::List);
    b.press_with(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(b.app.focus(), Pane::Agencies);
    b.press(KeyCode::Tab);
    b.press(KeyCode::Enter);
    assert_eq!(b.app.focus(), Pane::Detail);
}

#[test]
fn movement_keys_in_the_list() {
    let mut b = Browser::new();
    b.press_with(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(b.current_number(), Some(42));
    b.keys("g");
    assert_eq!(b.current_number(), Some(1));
    b.press(KeyCode::PageDown);
    let page = b.current_number().unwrap() - 1;
    assert!(
        page > 10,
        "a page at 40 rows is more than 10 reforms: {page}"
    );
    b.press_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(b.current_number().unwrap(), 1 + page - page / 2);
    b.press(KeyCode::End);
    assert_eq!(b.current_number(), Some(42));
    b.keys("j");
    assert_eq!(b.current_number(), Some(42));
    b.press(KeyCode::Home);
    b.keys("k");
    assert_eq!(b.current_number(), Some(1));
}

#[test]
fn marks_survive_searches_filters_and_resizes() {
    let mut b = Browser::new();
    b.keys("  j ");
    assert_eq!(b.app.marked_numbers(), vec![1, 2, 4]);
    b.keys("/海关");
    b.press(KeyCode::Enter);
    let marked_in_search = b.current_number().unwrap();
    b.keys(" ");
    b.act(Action::Resize {
        width: 1,
        height: 1,
    });
    b.act(Action::Resize {
        width: 30,
        height: 8,
    });
    b.press(KeyCode::Esc);
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys(" s");
    b.act(Action::Resize {
        width: 200,
        height: 60,
    });
    let mut expected = vec![1, 2, 4, marked_in_search];
    expected.sort();
    assert_eq!(b.app.marked_numbers(), expected);
    // Marked reforms hidden by a filter are still marked, and counted; c in the list
    // clears them all.
    b.press(KeyCode::Tab);
    b.keys("c");
    assert!(b.app.marks().is_empty());
}

#[test]
fn agency_search_by_pinyin_initials_and_checking() {
    let mut b = Browser::new();
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys("/hg");
    let names: Vec<&str> = b
        .app
        .agency_rows()
        .iter()
        .map(|r| b.app.catalog().agencies()[r.agency].name.as_str())
        .collect();
    assert!(names.contains(&"天津海关"), "{names:?}");
    // The reform list is not narrowed by the agency search.
    assert_eq!(b.app.view().len(), 42);
    b.press(KeyCode::Enter);
    let row = b
        .app
        .agency_rows()
        .iter()
        .position(|r| b.app.catalog().agencies()[r.agency].name == "天津海关")
        .unwrap();
    for _ in 0..row {
        b.keys("j");
    }
    b.keys(" ");
    assert_eq!(b.numbers(), vec![19, 20, 35, 39]);
    b.keys("c");
    assert_eq!(b.app.view().len(), 42);
}

#[test]
fn r_in_the_agency_pane_keeps_the_items_an_agency_leads() {
    // The embedded batch names no lead agencies: `r` says so and changes nothing.
    let mut b = Browser::new();
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys("r");
    assert_eq!(b.app.selection().role, AgencyRole::Any);
    assert!(b.message().contains("牵头单位"), "{}", b.message());

    // The same batch with each reform's first agency as its lead.
    let embedded = reforms::Catalog::embedded().unwrap();
    let mut reforms = embedded.reforms.clone();
    for reform in &mut reforms {
        reform.lead = reform.agencies[..1].to_vec();
    }
    let catalog = reforms::Catalog::from_parts(embedded.document.clone(), reforms, embedded.origin);
    let mut b = Browser::on(catalog.clone(), Options::default(), 120, 40);
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys("/hg");
    b.press(KeyCode::Enter);
    let row = b
        .app
        .agency_rows()
        .iter()
        .position(|r| catalog.agencies()[r.agency].name == "天津海关")
        .unwrap();
    for _ in 0..row {
        b.keys("j");
    }
    b.keys(" ");
    assert_eq!(b.numbers(), vec![19, 20, 35, 39]);
    b.keys("r");
    assert_eq!(b.app.selection().role, AgencyRole::Lead);
    let led: Vec<u32> = catalog
        .reforms
        .iter()
        .filter(|r| r.agencies[0] == "天津海关")
        .map(|r| r.number)
        .collect();
    assert_eq!(b.numbers(), led);
    // The pane counts what each agency leads, and its border says the role.
    let customs = catalog.agency_index("天津海关").unwrap();
    let count = b
        .app
        .agency_rows()
        .iter()
        .find(|r| r.agency == customs)
        .unwrap()
        .count;
    assert_eq!(count, led.len());
    let shown = common::browser::screen(&b.draw());
    assert!(shown.contains("任一单位 牵头"), "{shown}");
    b.keys("r");
    assert_eq!(b.numbers(), vec![19, 20, 35, 39]);
}

#[test]
fn any_of_and_all_of_the_checked_agencies() {
    let mut browser = Browser::new();
    let catalog = browser.app.catalog().clone();
    let a = "人民银行天津市分行";
    let b = "市委金融办";
    browser.press(KeyCode::Tab);
    browser.press(KeyCode::Tab);
    for name in [a, b] {
        let row = browser
            .app
            .agency_rows()
            .iter()
            .position(|r| catalog.agencies()[r.agency].name == name)
            .unwrap();
        browser.keys("g");
        for _ in 0..row {
            browser.keys("j");
        }
        browser.keys(" ");
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
    assert_eq!(browser.app.selection().agency_match, AgencyMatch::Any);
    assert_eq!(browser.numbers(), any);
    browser.keys("m");
    assert_eq!(browser.numbers(), all);
    assert!(all.len() < any.len() && !all.is_empty());
}

#[test]
fn scope_cycles_through_every_scope_and_back_to_all() {
    let mut b = Browser::new();
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys("s");
    assert_eq!(b.app.view().len(), 39);
    b.keys("s");
    assert_eq!(b.numbers(), vec![10, 11, 40]);
    b.keys("s");
    assert_eq!(b.app.view().len(), 42);
}

#[test]
fn a_filter_keeps_the_current_reform_when_it_is_still_shown() {
    let mut b = Browser::new();
    for _ in 0..19 {
        b.keys("j");
    }
    assert_eq!(b.current_number(), Some(20));
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys("s");
    assert_eq!(b.current_number(), Some(20));
}

#[test]
fn detail_scrolls_within_its_text() {
    let mut b = Browser::new();
    b.act(Action::Resize {
        width: 80,
        height: 14,
    });
    b.press(KeyCode::Tab);
    for _ in 0..200 {
        b.keys("j");
    }
    let bottom = b.app.detail_scroll();
    assert!(bottom > 0);
    b.keys("j");
    assert_eq!(b.app.detail_scroll(), bottom);
    b.keys("g");
    assert_eq!(b.app.detail_scroll(), 0);
}

/// Found by the random interaction test: `G` again and again in the help overlay pushed
/// its scroll offset past the largest number.
#[test]
fn help_scrolling_stays_inside_its_rows() {
    let mut b = Browser::new();
    b.keys("?");
    for _ in 0..5 {
        b.press(KeyCode::End);
        b.press(KeyCode::PageDown);
    }
    let Mode::Help { scroll: bottom } = *b.app.mode() else {
        panic!("help is open");
    };
    assert!(bottom > 0);
    assert!(bottom < b.app.keymap().help_rows(b.app.lang()).len());
    b.press(KeyCode::Home);
    b.press(KeyCode::PageUp);
    assert_eq!(b.app.mode(), &Mode::Help { scroll: 0 });
}

#[test]
fn help_opens_and_q_closes_it_without_quitting() {
    let mut b = Browser::new();
    b.keys("?");
    assert!(matches!(b.app.mode(), Mode::Help { .. }));
    b.keys("jjq");
    assert_eq!(b.app.mode(), &Mode::Browse);
    assert!(!b.quit);
    b.keys("?");
    b.press(KeyCode::Esc);
    assert_eq!(b.app.mode(), &Mode::Browse);
}

#[test]
fn a_click_selects_a_row_and_focuses_its_pane() {
    let mut b = Browser::new();
    let areas = b.app.areas().unwrap();
    b.act(Action::Click {
        column: areas.list.x + 3,
        row: areas.list.y + 1 + 4,
    });
    assert_eq!(b.current_number(), Some(5));
    let detail = areas.detail.unwrap();
    b.act(Action::Click {
        column: detail.x + 3,
        row: detail.y + 3,
    });
    assert_eq!(b.app.focus(), Pane::Detail);
    b.act(Action::Scroll {
        column: areas.list.x + 3,
        row: areas.list.y + 3,
        down: true,
    });
    assert_eq!(b.current_number(), Some(8));
}

#[test]
fn a_click_on_an_agency_check_box_checks_it() {
    let mut b = Browser::new();
    let agencies = b.app.areas().unwrap().agencies.unwrap();
    b.act(Action::Click {
        column: agencies.x + 10,
        row: agencies.y + 2,
    });
    assert_eq!(b.app.focus(), Pane::Agencies);
    assert!(b.app.selection().agencies.is_empty());
    b.act(Action::Click {
        column: agencies.x + 2,
        row: agencies.y + 2,
    });
    assert_eq!(b.app.selection().agencies.len(), 1);
    assert!(b.app.view().len() < 42);
}

#[test]
fn pasted_text_becomes_the_query() {
    let mut b = Browser::new();
    b.event(Event::Paste("飞机".into()));
    assert_eq!(b.app.mode(), &Mode::Search);
    assert_eq!(b.numbers()[0], 39);
}

#[test]
fn export_format_cycles_with_a_message() {
    let mut b = Browser::new();
    let first = b.app.format();
    b.keys("F");
    assert_ne!(b.app.format(), first);
    assert!(b.app.message().is_some());
    // Text, TSV, Markdown, JSON, then the files: CSV, Word, Excel.
    b.keys("FFFFFF");
    assert_eq!(b.app.format(), first);
}

mod copying {
    use super::*;
    use std::path::PathBuf;

    use reforms::clipboard::Environment;
    use reforms::documents::export::Format;

    #[test]
    fn y_copies_the_marked_reforms_or_the_current_one() {
        let mut b = Browser::new();
        b.keys("y");
        assert_eq!(b.effects.tmux, vec![rendered(Format::Text, &[1])]);

        b.keys("jj  jj ");
        assert_eq!(b.app.marked_numbers(), vec![3, 4, 7]);
        b.keys("Fy");
        let expected = rendered(Format::Tsv, &[3, 4, 7]);
        assert_eq!(b.effects.tmux[1], expected);
        assert_eq!(
            b.effects.files.last(),
            Some(&(PathBuf::from(CACHE), expected.clone().into_bytes()))
        );
        let message = b.message();
        assert!(message.starts_with("已复制 3 条 | 表格 | "), "{message}");
        assert!(
            message.ends_with("| tmux 缓冲区 (并转发 OSC 52)"),
            "{message}"
        );
    }

    #[test]
    fn capital_y_copies_what_is_shown_in_that_order() {
        let mut b = Browser::new();
        b.keys("/数据");
        b.press(KeyCode::Enter);
        let shown = b.numbers();
        assert!(shown.len() > 1 && shown.len() < 42);
        b.keys("Y");
        assert_eq!(b.effects.tmux, vec![rendered(Format::Text, &shown)]);
    }

    #[test]
    fn failures_keep_the_app_running_and_the_text_cached() {
        let mut b = Browser::new();
        b.effects.fail_tmux = true;
        b.keys(" y");
        assert!(!b.quit);
        let message = b.message();
        assert!(message.starts_with("未能复制 1 条"), "{message}");
        assert!(message.contains("tmux: no server running"), "{message}");
        assert!(message.contains(CACHE), "{message}");
        assert_eq!(
            b.effects.files[0].1,
            rendered(Format::Text, &[1]).into_bytes()
        );

        // A terminal that cannot be written to, and no clipboard at all.
        b.env = Environment {
            term: "xterm".into(),
            ..b.env.clone()
        };
        b.env.tmux = false;
        b.effects.fail_terminal = true;
        b.keys("y");
        let message = b.message();
        assert!(message.contains("terminal gone"), "{message}");
        assert_eq!(b.effects.files.len(), 2);
        b.keys("j");
        assert!(b.app.message().is_none(), "the next key clears the message");
    }

    fn terminal_only(b: &mut Browser) {
        b.env.tmux = false;
        b.env.term = "xterm-256color".into();
    }

    #[test]
    fn osc52_is_sent_not_claimed_and_english_says_so() {
        let mut b = Browser::sized(reforms::lang::Lang::En, 120, 40);
        terminal_only(&mut b);
        b.keys("  y");
        let written = String::from_utf8(b.effects.terminal.clone()).unwrap();
        assert!(written.starts_with("\x1b]52;c;") && written.ends_with('\x07'));
        let message = b.message();
        assert!(message.starts_with("sent 2 reforms | text | "), "{message}");
        assert!(message.contains("see ? for terminal settings"), "{message}");
    }

    #[test]
    fn too_large_for_osc52_says_so_and_sends_nothing() {
        let options = Options {
            osc52_max: 100,
            ..Options::default()
        };
        let mut b = Browser::with(options, 120, 40);
        terminal_only(&mut b);
        b.keys("Y");
        assert!(b.effects.terminal.is_empty());
        let message = b.message();
        assert!(message.contains("超过 100 字节"), "{message}");
        assert!(message.contains("按 w 写入文件"), "{message}");
        assert_eq!(
            b.effects.files[0].1,
            rendered(Format::Text, &b.numbers()).into_bytes()
        );
    }

    #[test]
    fn w_prompts_for_a_file_name_and_writes_there() {
        let mut b = Browser::new();
        b.app.set_clock(|| "20261127-093000".to_string());
        b.keys("FFw");
        assert!(matches!(b.app.mode(), Mode::Write { .. }));
        assert_eq!(b.app.active_line().text, "reforms-20261127-093000.md");
        // Letters are text here, not keys: q does not quit.
        b.press(KeyCode::Backspace);
        b.press(KeyCode::Backspace);
        b.keys("qmd");
        assert!(!b.quit);
        b.press(KeyCode::Enter);
        assert_eq!(b.app.mode(), &Mode::Browse);
        let expected = rendered(Format::Markdown, &[1]).into_bytes();
        assert_eq!(
            b.effects.files,
            vec![
                (
                    PathBuf::from("reforms-20261127-093000.qmd"),
                    expected.clone()
                ),
                (PathBuf::from(CACHE), expected),
            ]
        );
        let message = b.message();
        assert!(
            message.starts_with("已写入 reforms-20261127-093000.qmd | 1 条 | Markdown"),
            "{message}"
        );

        b.keys("w");
        b.press(KeyCode::Esc);
        assert_eq!(b.app.mode(), &Mode::Browse);
        assert_eq!(b.effects.files.len(), 2, "nothing more was written");
    }
}

/// The files `w` writes for Word and Excel, and the table a copy carries to the desktop.
mod reports {
    use super::*;
    use std::io::Cursor;
    use std::path::PathBuf;

    use calamine::{Data, Reader, Xlsx};
    use reforms::documents::export::{Format, Output};

    fn choose(b: &mut Browser, output: Output) {
        while b.app.format() != output {
            b.keys("F");
        }
    }

    fn written(b: &Browser, name: &str) -> Vec<u8> {
        let path = PathBuf::from(name);
        b.effects
            .files
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, bytes)| bytes.clone())
            .unwrap_or_else(|| panic!("{name} not written: {:?}", b.effects.files))
    }

    #[test]
    fn f_names_what_w_and_y_do_with_a_file_format() {
        let mut b = Browser::new();
        choose(&mut b, Output::Docx);
        assert_eq!(b.message(), "格式: Word | w 写入 .docx 文件, y 复制为表格");
        choose(&mut b, Output::Xlsx);
        assert_eq!(b.message(), "格式: Excel | w 写入 .xlsx 文件, y 复制为表格");
    }

    #[test]
    fn w_writes_an_excel_workbook_of_the_marked_reforms() {
        let mut b = Browser::new();
        b.app.set_clock(|| "20261128-100000".to_string());
        b.keys("jj  jj ");
        choose(&mut b, Output::Xlsx);
        b.keys("w");
        assert_eq!(b.app.active_line().text, "reforms-20261128-100000.xlsx");
        b.press(KeyCode::Enter);
        let message = b.message();
        assert!(
            message.starts_with("已写入 reforms-20261128-100000.xlsx | 3 条 | Excel | "),
            "{message}"
        );
        let file = written(&b, "reforms-20261128-100000.xlsx");
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(file)).unwrap();
        let sheet = book.worksheet_range("改革事项").unwrap();
        let numbers: Vec<Data> = sheet.rows().skip(1).map(|row| row[0].clone()).collect();
        assert_eq!(
            numbers,
            vec![Data::Float(3.0), Data::Float(4.0), Data::Float(7.0)]
        );
        let about = book.worksheet_range("说明").unwrap();
        let said: Vec<String> = about.rows().map(|row| row[1].to_string()).collect();
        assert!(
            said.iter().any(|s| s == "选定序号 3、4、7"),
            "the marked reforms are named: {said:?}"
        );
        // The cache keeps the table as text.
        let cached = written(&b, CACHE);
        assert_eq!(cached, rendered(Format::Tsv, &[3, 4, 7]).into_bytes());
    }

    #[test]
    fn w_writes_a_word_report_of_what_is_shown() {
        let mut b = Browser::new();
        b.app.set_clock(|| "20261128-100000".to_string());
        b.keys("/数据");
        b.press(KeyCode::Enter);
        let shown = b.numbers();
        choose(&mut b, Output::Docx);
        b.keys("w");
        b.press(KeyCode::Enter);
        let file = written(&b, "reforms-20261128-100000.docx");
        let docx = docx_rs::read_docx(&file).expect("docx-rs reads the report");
        let text = format!("{:?}", docx.document);
        // One reform only: the current one, none being marked.
        assert!(text.contains("天津自贸试验区第八批复制推广改革试点经验"));
        assert!(shown.len() > 1);
        let message = b.message();
        assert!(message.contains("| 1 条 | Word | "), "{message}");
    }

    #[test]
    fn a_desktop_copy_carries_a_table_beside_the_text() {
        let mut b = Browser::new();
        b.env.tmux = false;
        b.env.term = "xterm-256color".into();
        b.env.x11 = true;
        b.keys("  y");
        let html = b.effects.desktop_html[0].clone().expect("an HTML table");
        assert!(html.contains("<table "), "{html}");
        assert!(html.contains("<th>改革事项</th>"), "{html}");
        assert_eq!(html.matches("<tr><td>").count(), 2, "{html}");
        assert!(html.contains("来源：《天津自贸试验区第八批复制推广改革试点经验》"));
        assert_eq!(b.effects.desktop[0], rendered(Format::Text, &[1, 2]));
        let message = b.message();
        assert!(
            message.ends_with("系统剪贴板 (HTML 表格 + 纯文本)"),
            "{message}"
        );

        // Markdown and JSON are for programs and wikis: the text alone.
        choose(&mut b, Output::Markdown);
        b.keys("y");
        assert_eq!(b.effects.desktop_html[1], None);
        assert!(
            b.message().ends_with("系统剪贴板 (纯文本)"),
            "{}",
            b.message()
        );

        // A Word format copies the table: TSV for the text, and the HTML.
        choose(&mut b, Output::Docx);
        b.keys("y");
        assert_eq!(b.effects.desktop[2], rendered(Format::Tsv, &[1, 2]));
        assert!(b.effects.desktop_html[2].is_some());
        let message = b.message();
        assert!(message.starts_with("已复制 2 条 | 表格 | "), "{message}");
    }

    #[test]
    fn over_ssh_the_text_travels_alone_and_says_so_by_its_route() {
        let mut b = Browser::new();
        b.env.ssh = true;
        b.env.x11 = true;
        b.keys("y");
        assert!(
            b.effects.desktop.is_empty(),
            "no desktop clipboard over SSH"
        );
        let message = b.message();
        assert!(!message.contains("HTML"), "{message}");
    }
}

/// The overview's counts, as the open overview holds them.
fn overview(b: &Browser) -> &reforms::core::stats::Overview {
    match b.app.mode() {
        Mode::Overview(state) => &state.counts,
        other => panic!("the overview is not open: {other:?}"),
    }
}

#[test]
fn overview_counts_what_is_shown() {
    let mut b = Browser::new();
    b.keys("/邮轮");
    b.press(KeyCode::Enter);
    b.keys("o");
    let counts = overview(&b);
    assert_eq!(counts.total, b.app.view().len());
    let per_agency: usize = counts.agencies.iter().map(|t| t.count).sum();
    let expected: usize = b
        .app
        .view()
        .iter()
        .map(|&i| b.app.catalog().reforms[i].agencies.len())
        .sum();
    assert_eq!(per_agency, expected);
    let per_scope: usize = counts.scopes.iter().map(|t| t.count).sum();
    assert_eq!(per_scope, b.app.view().len());
}

#[test]
fn overview_opens_with_o_and_esc_q_o_close_it() {
    let mut b = Browser::new();
    for close in [KeyCode::Esc, KeyCode::Char('q'), KeyCode::Char('o')] {
        b.keys("o");
        assert!(matches!(b.app.mode(), Mode::Overview(_)));
        b.keys("jj");
        b.press(close);
        assert_eq!(b.app.mode(), &Mode::Browse);
        assert!(!b.quit);
        assert!(b.app.selection().agencies.is_empty());
        assert_eq!(b.numbers().len(), 42);
    }
}

#[test]
fn choosing_an_agency_bar_checks_that_agency() {
    let mut b = Browser::new();
    b.keys("o");
    // Agencies come most first; the second bar.
    b.keys("j");
    let agency = overview(&b).agencies[1].index;
    let count = overview(&b).agencies[1].count;
    let name = b.app.catalog().agencies()[agency].name.clone();
    b.press(KeyCode::Enter);
    assert_eq!(b.app.mode(), &Mode::Browse);
    assert_eq!(names(&b), vec![name.clone()]);
    assert_eq!(b.app.view().len(), count);
    assert!(b.app.view().iter().all(|&i| {
        b.app.catalog().reforms[i]
            .agencies
            .iter()
            .any(|a| *a == name)
    }));
    // The same as checking it in the agency pane: doing that now unchecks it.
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    assert_eq!(b.app.current_agency_row().unwrap().agency, agency);
    b.keys(" ");
    assert!(names(&b).is_empty());
    assert_eq!(b.app.view().len(), 42);
}

#[test]
fn choosing_a_scope_bar_sets_the_scope_and_again_clears_it() {
    let mut b = Browser::new();
    b.keys("oG");
    let scope = overview(&b).scopes.last().unwrap().index;
    let count = overview(&b).scopes.last().unwrap().count;
    b.keys(" ");
    assert_eq!(b.app.mode(), &Mode::Browse);
    assert_eq!(b.app.scope(), Some(scope));
    assert_eq!(b.app.view().len(), count);
    assert!(names(&b).is_empty());
    // Only that scope is left: its bar is the last again.
    b.keys("oG");
    b.press(KeyCode::Enter);
    assert_eq!(b.app.scope(), None);
    assert_eq!(b.app.view().len(), 42);
}

#[test]
fn a_click_in_the_overview_picks_a_bar_and_outside_closes_it() {
    let mut b = Browser::new();
    b.keys("o");
    let area = reforms::tui::layout::help_area(b.app.size());
    // Inside the border: the heading, then the first bar, then the second.
    b.act(Action::Click {
        column: area.x + 3,
        row: area.y + 3,
    });
    let Mode::Overview(state) = b.app.mode() else {
        panic!("the overview stays open");
    };
    assert_eq!(state.cursor.selected, 1);
    b.act(Action::Click { column: 0, row: 0 });
    assert_eq!(b.app.mode(), &Mode::Browse);
}

/// The embedded batch and the ninth batch of `tests/fixtures/read/merged.docx`, imported.
fn library() -> reforms::Catalog {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("第九批.toml");
    common::command::reforms()
        .args(["import", "tests/fixtures/read/merged.docx", "-o"])
        .arg(&out)
        .assert()
        .success();
    let ninth = reforms::Catalog::from_file(&out).unwrap();
    reforms::Catalog::merge(vec![reforms::Catalog::embedded().unwrap(), ninth])
}

#[test]
fn the_documents_of_a_library_are_a_facet_of_the_agency_pane() {
    let catalog = library();
    let mut b = Browser::on(catalog.clone(), Options::default(), 120, 40);
    assert_eq!(b.app.view().len(), 46);
    // The documents head the agency pane, with their counts.
    let counts: Vec<usize> = b.app.document_rows().iter().map(|r| r.count).collect();
    assert_eq!(counts, [42, 4]);
    let screen = common::browser::screen(&b.draw());
    assert!(screen.contains("[ ] A《天津自贸试验区第"), "{screen}");
    // The detail names the current reform's document.
    assert!(screen.contains("详情 1 《天津自贸试验区第八批"), "{screen}");
    assert!(screen.contains("文件："), "{screen}");
    // Check the second document: only its reforms, and the agencies count within it.
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys("j ");
    assert_eq!(b.app.selection().documents, ["第九批"]);
    assert_eq!(b.numbers(), [1, 2, 3, 4]);
    assert!(
        b.app.current().unwrap().document.as_deref()
            == Some("天津自贸试验区第九批改革试点经验（样例）")
    );
    let customs = catalog.agency_index("天津海关").unwrap();
    let row = b
        .app
        .agency_rows()
        .iter()
        .find(|r| r.agency == customs)
        .unwrap();
    assert_eq!(row.count, 2);
    // Both documents checked: everything; a search spans them.
    b.keys("k ");
    assert_eq!(b.app.view().len(), 46);
    b.keys("c/保理");
    b.press(KeyCode::Enter);
    let documents: Vec<usize> = b.app.view().iter().map(|&i| catalog.batch_of(i)).collect();
    assert!(
        documents.contains(&0) && documents.contains(&1),
        "{documents:?}"
    );
}

#[test]
fn a_library_session_remembers_the_documents_and_the_marks_of_each() {
    use reforms::tui::session::Session;
    let catalog = library();
    let mut b = Browser::on(catalog.clone(), Options::default(), 120, 40);
    // Mark reform 1 of the eighth batch and reform 1 of the ninth.
    b.keys(" ");
    b.keys("G");
    b.keys("kkk ");
    b.press(KeyCode::Tab);
    b.press(KeyCode::Tab);
    b.keys("j ");
    let session = Session::capture(&b.app);
    assert_eq!(session.marked, ["embedded:1", "第九批:1"]);
    assert_eq!(session.selection.documents, ["第九批"]);
    let text = toml::to_string(&session).unwrap();
    let read: Session = toml::from_str(&text).unwrap();
    let mut after = Browser::on(catalog.clone(), Options::default(), 120, 40);
    read.restore(&mut after.app);
    assert_eq!(after.app.selection().documents, ["第九批"]);
    let marked: Vec<(usize, u32)> = after
        .app
        .marks()
        .iter()
        .map(|&i| (catalog.batch_of(i), catalog.reforms[i].number))
        .collect();
    assert_eq!(marked, [(0, 1), (1, 1)]);
    // An old session file, without documents, still reads.
    let old: Session = toml::from_str("query = \"数据\"\nmarks = [3]\n").unwrap();
    assert!(old.selection.documents.is_empty());
}

#[test]
fn two_documents_of_one_title_are_told_apart_by_name() {
    let embedded = reforms::Catalog::embedded().unwrap();
    let twice = reforms::Catalog::merge(vec![embedded.clone(), embedded]);
    let b = Browser::on(twice, Options::default(), 120, 40);
    let screen = common::browser::screen(&b.draw());
    assert!(screen.contains("[ ] A embedded《天津"), "{screen}");
    assert!(screen.contains("[ ] B embedded-2《天津"), "{screen}");
}
