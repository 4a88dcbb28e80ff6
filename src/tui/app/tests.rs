//! Unit tests of the browser's state that reach inside it: the background search and the
//! index built after the first frame.

use super::*;
use crate::core::query::Query;

fn app() -> App {
    App::new(Catalog::embedded().unwrap(), Options::default())
}

/// In the background, a query the searcher has not answered leaves the list as it was
/// until its job's hits come back; hits for a query no longer typed are dropped.
#[test]
fn a_background_search_leaves_the_list_until_its_answer_comes() {
    let mut app = app();
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    // The cursor on another reform than the best match to come, its detail shown.
    app.update(Action::Bottom);
    assert_eq!(app.detail.as_ref().map(|((i, _, _), _)| *i), Some(41));
    app.search_in_background(true);
    app.update(Action::StartSearch);
    app.update(Action::Input("数".into()));
    assert_eq!(app.searching(), Some("数"));
    assert_eq!(app.view().len(), 42, "the previous list stays");
    let status = |app: &App| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
        terminal
            .draw(|frame| super::super::ui::render(app, frame))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let row = buffer.area.height - 2;
        let mut line = String::new();
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, row)].symbol();
            line.push_str(symbol);
            // A wide char's second cell holds nothing of its own.
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        line
    };
    assert!(
        status(&app).starts_with(" 搜索中… 42/42 | 已选 0 | 查询: 数 "),
        "{}",
        status(&app)
    );
    let (index, first) = app.search_job().expect("a search is wanted");
    let never = std::sync::atomic::AtomicBool::new(false);
    let first_hits = first.run(&index, &never).unwrap();

    // Typed on before the answer: the answer for 数 is dropped, 数据's is taken.
    app.update(Action::Input("据".into()));
    assert_eq!(app.searching(), Some("数据"));
    app.searched(first, first_hits);
    assert_eq!(app.searching(), Some("数据"));
    assert_eq!(app.view().len(), 42);
    let (index, job) = app.search_job().unwrap();
    let hits = job.run(&index, &never).unwrap();
    app.searched(job, hits);
    assert_eq!(app.searching(), None);
    let direct: Vec<usize> = SearchIndex::new(&app.catalog.reforms)
        .search(&Query::parse("数据"), None)
        .iter()
        .map(|h| h.index)
        .collect();
    assert_eq!(app.view(), direct);
    assert!(
        status(&app).starts_with(&format!(" 显示 {}/42 | 已选 0 | 查询: 数据 ", direct.len())),
        "{}",
        status(&app)
    );
    assert_eq!(app.list.selected, 0, "on the best match");
    assert!(!app.query.is_empty(), "highlights follow the answer");
    // The detail pane shows the reform now under the cursor, with no key pressed since.
    assert_eq!(
        app.detail.as_ref().map(|((index, _, _), _)| *index),
        app.current_index(),
        "the detail follows the answer"
    );

    // A query answered before needs no search; the empty query never does.
    app.update(Action::Input("x".into()));
    assert!(app.searching().is_some());
    app.update(Action::Backspace);
    assert_eq!(app.searching(), None);
    app.update(Action::ClearLine);
    assert_eq!(app.searching(), None);
    assert_eq!(app.view().len(), 42);

    // Turned off, what is still wanted is searched on the spot.
    app.update(Action::Input("跨境".into()));
    assert!(app.searching().is_some());
    app.search_in_background(false);
    assert_eq!(app.searching(), None);
    assert!(app.view().len() < 42 && !app.view().is_empty());
}

/// The browser opens without its search index: the first screen needs none, and the
/// event loop builds it after the first frame.
#[test]
fn the_index_is_built_after_the_first_frame_or_by_the_first_query() {
    let mut beside = app();
    assert_eq!(beside.view().len(), 42);
    let reforms = beside.index_to_build().expect("not built at first");
    let built = SearchIndex::new(reforms);
    beside.install_index(built);
    assert!(beside.index_to_build().is_none());

    // A query typed before the index arrives builds it there and then; the index built
    // beside the frame then comes too late and is dropped.
    let mut typed = app();
    let late = SearchIndex::new(typed.index_to_build().unwrap());
    typed.update(Action::StartSearch);
    typed.update(Action::Input("数据".into()));
    assert!(typed.index_to_build().is_none());
    let shown = typed.view().to_vec();
    typed.install_index(late);
    assert_eq!(typed.view(), shown);

    // Both answer as an index built at once does.
    beside.update(Action::StartSearch);
    beside.update(Action::Input("数据".into()));
    let direct: Vec<usize> = SearchIndex::new(&beside.catalog.reforms)
        .search(&Query::parse("数据"), None)
        .iter()
        .map(|h| h.index)
        .collect();
    assert_eq!(beside.view(), direct);
    assert_eq!(typed.view(), direct);
    assert!(!direct.is_empty() && direct.len() < 42);
}

/// The status bar, the notice of a restored session and a report of what is shown describe
/// the selection from one list of facets, in one order, with every filter that was on: the
/// query as typed (pinyin too) and the status facet.
#[test]
fn every_description_names_every_facet_in_one_order() {
    let mut app = app();
    let tracking = Tracking::new(Some("市商务局".into()), "x".into(), Default::default());
    app.set_tracking(tracking, None);
    app.update(Action::StartSearch);
    app.update(Action::Input("shangwu".into()));
    app.update(Action::SubmitSearch);
    app.update(Action::CycleScope);
    app.update(Action::CycleStatusFilter);
    let scope = app.selection().scope.clone().unwrap();
    let shown = app.view().to_vec();
    assert!(!shown.is_empty());
    assert_eq!(
        app.described(&shown).unwrap(),
        format!("检索“shangwu”；推广范围：{scope}；落实状态：未启动")
    );
    app.lang = Lang::En;
    assert_eq!(
        app.described(&shown).unwrap(),
        format!("search \"shangwu\"; scope: {scope}; status: not started")
    );
    app.lang = Lang::Zh;
    app.update(Action::ToggleMark);
    assert_eq!(
        app.restored_notice().unwrap(),
        format!("已恢复上次 (R 全部清除, u 撤销): 搜索 shangwu, 范围 {scope}, 状态 未启动, 已选 1")
    );
    // Chosen reforms are named by their numbers instead.
    let number = app.catalog.reforms[shown[0]].number;
    assert_eq!(
        app.described(&shown[..1]).unwrap(),
        format!("选定序号 {number}")
    );
}
