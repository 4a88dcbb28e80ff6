//! End-to-end: the real binary in a real terminal (tmux), typed at and read back as a user
//! would. What a `TestBackend` cannot show: the input path from the terminal, resizes
//! delivered as signals, and the terminal's state after the program ends.
//!
//! Skipped when tmux is absent, unless `CI` is set: there it must run. The binary is the
//! one cargo built for this test run (`.ci/run` too), or `REFORMS_E2E_BIN` (a release
//! build, say, as users run it); the tests of the debug-only fault and delay paths use the
//! former.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::browser::rendered;
use common::command::binary;
use common::tmux::{Tmux, tmux_available, wait, wait_for_file};

fn browser_command() -> String {
    format!("env -u REFORMS_DATA '{}'", binary().display())
}

#[test]
fn chinese_query_and_agency_filter() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start(120, 32, &browser_command());
    tmux.wait_for("显示 42/42");
    tmux.keys(&["/"]);
    tmux.text("邮轮");
    tmux.keys(&["Enter"]);
    tmux.wait_for_all(&[
        "显示 1/42",
        "20 国际邮轮“三码合一+先期机检”模式创",
        "推广范围：全市",
    ]);

    tmux.keys(&["Escape"]);
    tmux.wait_for("显示 42/42");
    tmux.keys(&["Tab", "Tab", "/"]);
    tmux.text("hg");
    tmux.keys(&["Enter", "Space"]);
    tmux.wait_for_all(&[
        "显示 4/42",
        "[x] 天津海关",
        "进口汽车上线检测",
        "国际邮轮",
        "集成电路出境加工",
        "国产飞机出口租赁",
    ]);
    tmux.keys(&["q"]);
}

#[test]
fn resizes_redraw_and_keep_marks() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start(100, 30, &browser_command());
    tmux.wait_for("显示 42/42");
    tmux.keys(&["Space", "Space", "Space"]);
    tmux.wait_for("已选 3");
    tmux.resize(30, 8);
    let screen = tmux.wait_for("终端太小");
    assert!(screen.lines().all(|l| l.chars().count() <= 30), "{screen}");
    tmux.resize(40, 10);
    tmux.wait_for("已选 3");
    tmux.resize(160, 45);
    tmux.wait_for_all(&[
        "[ ] 人民银行天津市分行",
        "已选 3",
        "*  3 数据知识产权登记利用新模式",
    ]);
    tmux.keys(&["q"]);
}

#[test]
fn reopening_restores_the_session_and_fresh_starts_clean() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().unwrap();
    let saved = state.path().join("reforms/session-embedded.toml");
    let tmux = Tmux::start_with_state(120, 32, &browser_command(), state.path());
    tmux.wait_for("显示 42/42");
    tmux.keys(&["/"]);
    tmux.text("数据");
    tmux.keys(&["Enter", "Space", "Space"]);
    tmux.wait_for("已选 2");
    tmux.keys(&["Tab", "Tab", "/"]);
    tmux.text("网信");
    tmux.keys(&["Enter", "Space"]);
    let before = tmux.wait_for("[x] 市委网信办");
    let shown = before
        .split("显示 ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    assert_ne!(shown, "42/42", "{before}");
    tmux.keys(&["q"]);
    wait_for_file(&saved);
    drop(tmux);

    let tmux = Tmux::start_with_state(120, 32, &browser_command(), state.path());
    tmux.wait_for_all(&["已选 2", &format!("显示 {shown}"), "[x] 市委网信办", "数据"]);
    tmux.keys(&["q"]);
    drop(tmux);

    let tmux = Tmux::start_with_state(
        120,
        32,
        &format!("{} --fresh", browser_command()),
        state.path(),
    );
    let clean = tmux.wait_for_all(&["显示 42/42", "已选 0", "人民银行天津市分行"]);
    assert!(!clean.contains("[x]"), "{clean}");
    tmux.keys(&["q"]);
}

#[test]
fn open_n_shows_that_reform() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start(120, 32, &format!("{} open 20", browser_command()));
    tmux.wait_for_all(&[
        "显示 42/42",
        "国际邮轮“三码合一+先期机检”模式创新",
        "推广范围：全市",
    ]);
    tmux.keys(&["q"]);
}

/// Runs `binary` in a shell under tmux with `env`, does `end` to it once it shows its first
/// screen, and checks that the shell gets the terminal back as it was: out of the alternate
/// screen, no mouse reporting, canonical input and echo on. Returns the screen afterwards.
/// (The shell goes on after an interrupt, as an interactive one does.)
fn ends_and_restores(binary: &Path, env: &str, end: impl FnOnce(&Tmux), status: i32) -> String {
    let ready = |tmux: &Tmux| {
        tmux.wait_for("显示 42/42");
    };
    ends_and_restores_once(binary, env, ready, end, status)
}

/// [`ends_and_restores`], doing `end` once `ready` has seen what it waits for.
fn ends_and_restores_once(
    binary: &Path,
    env: &str,
    ready: impl FnOnce(&Tmux),
    end: impl FnOnce(&Tmux),
    status: i32,
) -> String {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("stty");
    let command = format!(
        "trap : INT; env -u REFORMS_DATA {env} '{}'; echo status=\\$?; stty -a > '{}'; echo done; sleep 30",
        binary.display(),
        report.display()
    );
    let tmux = Tmux::start(80, 24, &format!("sh -c \"{command}\""));
    ready(&tmux);
    end(&tmux);
    let screen = tmux.wait_for("done");
    assert!(screen.contains(&format!("status={status}")), "{screen}");
    let flags = tmux.pane("#{alternate_on}#{mouse_any_flag}#{mouse_button_flag}#{mouse_sgr_flag}");
    assert_eq!(flags, "0000");
    let stty = std::fs::read_to_string(&report).unwrap();
    // Raw mode turns off canonical input and echo; both are back.
    assert!(stty.contains(" icanon"), "{stty}");
    assert!(stty.contains(" echo "), "{stty}");
    screen
}

/// The process id of the program running in the shell of the test's pane.
fn browser_pid(tmux: &Tmux) -> String {
    let shell = tmux.pane("#{pane_pid}");
    let children = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
    String::from_utf8_lossy(&children.stdout)
        .lines()
        .next()
        .expect("the browser runs under the shell")
        .to_string()
}

fn send_signal(tmux: &Tmux, signal: &str) {
    let pid = browser_pid(tmux);
    let status = Command::new("kill").args([signal, &pid]).status().unwrap();
    assert!(status.success());
}

#[test]
fn the_terminal_is_restored_after_quitting() {
    if !tmux_available() {
        return;
    }
    ends_and_restores(&binary(), "", |t| t.keys(&["q"]), 0);
}

#[test]
fn the_terminal_is_restored_after_sigterm_and_sighup() {
    if !tmux_available() {
        return;
    }
    ends_and_restores(&binary(), "", |t| send_signal(t, "-TERM"), 143);
    // An SSH connection that drops sends SIGHUP.
    ends_and_restores(&binary(), "", |t| send_signal(t, "-HUP"), 129);
}

/// The terminal is held in raw mode from before the catalog loads: a signal that comes
/// while it loads (SIGTERM, or Ctrl-C) ends the program with the terminal given back, and a
/// catalog that fails to load gives the terminal back before its error is told.
#[test]
fn the_terminal_is_restored_after_a_signal_or_an_error_while_loading() {
    if !tmux_available() {
        return;
    }
    // With the binary of this test run, whose load can be made to last (a debug build).
    if cfg!(debug_assertions) {
        let debug = assert_cmd::cargo::cargo_bin("reforms");
        let env = "REFORMS_DEBUG_LOAD_MS=30000";
        let term = |t: &Tmux| send_signal(t, "-TERM");
        ends_and_restores_once(&debug, env, held_while_loading, term, 143);
        // Ctrl-C is an interrupt while the catalog loads, as in the shell (a key once the
        // browser runs, which would end it with status 0 after the load): the program
        // ends at once. Ctrl-Z typed before it does nothing.
        let interrupt = |t: &Tmux| t.keys(&["C-z", "C-c"]);
        ends_and_restores_once(&debug, env, held_while_loading, interrupt, 130);
    }
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "title = \"坏\"\n[[reform]\n").unwrap();
    let env = format!("REFORMS_DEBUG_LOAD_MS=500 REFORMS_DATA='{}'", bad.display());
    let screen = ends_and_restores_once(&binary(), &env, |_| {}, |_| {}, 2);
    assert!(screen.contains("bad.toml:2:"), "{screen}");
}

/// The fault paths exist only in debug builds: these use the binary of this test run, never
/// the release one.
#[test]
fn the_terminal_is_restored_after_a_panic() {
    if !tmux_available() {
        return;
    }
    let debug = assert_cmd::cargo::cargo_bin("reforms");
    let screen = ends_and_restores(
        &debug,
        "REFORMS_DEBUG_FAULT=panic RUST_BACKTRACE=0",
        |t| t.keys(&["j"]),
        101,
    );
    // The panic message is printed after the terminal is restored, so it can be read, and
    // nothing moves the cursor back over it afterwards: the shell's next line follows it.
    let message = screen.find("fault injected after a key");
    let status = screen.find("status=101");
    assert!(message.is_some() && message < status, "{screen}");
}

#[test]
fn the_terminal_is_restored_after_an_io_error_while_drawing() {
    if !tmux_available() {
        return;
    }
    let debug = assert_cmd::cargo::cargo_bin("reforms");
    let screen = ends_and_restores(
        &debug,
        "REFORMS_DEBUG_FAULT=draw-error REFORMS_LANG=zh",
        |t| t.keys(&["j"]),
        1,
    );
    // In the language of the browser, after the terminal is restored.
    assert!(screen.contains("错误: 终端: fault injected"), "{screen}");
}

/// The browser in tmux with its cache in `cache`, so the test leaves no trace at home.
fn copying_browser(cache: &Path) -> Tmux {
    let command = format!(
        "env -u REFORMS_DATA -u DISPLAY -u WAYLAND_DISPLAY XDG_CACHE_HOME='{}' '{}'",
        cache.display(),
        binary().display()
    );
    let tmux = Tmux::start(120, 32, &command);
    tmux.run(&["set", "-g", "set-clipboard", "on"]);
    tmux
}

#[test]
fn y_copies_the_marked_reforms_into_a_tmux_buffer() {
    use reforms::documents::export::Format;
    if !tmux_available() {
        return;
    }
    let cache = tempfile::tempdir().unwrap();
    let tmux = copying_browser(cache.path());
    tmux.wait_for("显示 42/42");
    tmux.keys(&["j", "Space", "Space", "y"]);
    tmux.wait_for_all(&["已复制 2 条 | 文本 |", "| tmux 缓冲区 (并转发 OSC 52)"]);
    let expected = rendered(Format::Text, &[2, 3]);
    tmux.wait_for_buffer(&expected);
    let kept = cache.path().join("reforms/last-export.txt");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), expected);

    tmux.keys(&["F", "y"]);
    tmux.wait_for("已复制 2 条 | 表格 |");
    let expected = rendered(Format::Tsv, &[2, 3]);
    tmux.wait_for_buffer(&expected);
    assert!(expected.contains("\r\n"));
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), expected);
    tmux.keys(&["q"]);
}

#[test]
fn capital_y_copies_exactly_what_a_search_shows() {
    use reforms::core::selection::Selection;
    use reforms::documents::export::Format;
    if !tmux_available() {
        return;
    }
    // The order the browser shows for the query, found the same way it finds it.
    let catalog = reforms::Catalog::embedded().unwrap();
    let selection = Selection {
        query: "数据".into(),
        ..Selection::default()
    };
    let shown: Vec<u32> = selection
        .shown(&catalog)
        .reforms
        .iter()
        .map(|&i| catalog.reforms[i].number)
        .collect();
    assert!(shown.len() > 1 && shown.len() < 42);

    let cache = tempfile::tempdir().unwrap();
    let tmux = copying_browser(cache.path());
    tmux.wait_for("显示 42/42");
    tmux.keys(&["/"]);
    tmux.text("数据");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("显示 {}/42", shown.len()));
    tmux.keys(&["Y"]);
    tmux.wait_for(&format!("已复制 {} 条", shown.len()));
    tmux.wait_for_buffer(&rendered(Format::Text, &shown));
    tmux.keys(&["q"]);
}

#[test]
fn w_writes_the_export_to_the_named_file() {
    if !tmux_available() {
        return;
    }
    let cache = tempfile::tempdir().unwrap();
    let out = cache.path().join("导出.txt");
    let tmux = copying_browser(cache.path());
    tmux.wait_for("显示 42/42");
    tmux.keys(&["w"]);
    tmux.wait_for("w 写入文件 (1 条, 文本): reforms-");
    tmux.keys(&["C-u"]);
    tmux.text(&out.display().to_string());
    tmux.keys(&["Enter"]);
    tmux.wait_for("已写入");
    let expected = rendered(reforms::documents::export::Format::Text, &[1]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    tmux.keys(&["q"]);
}

/// `F` to Excel, then `W`: every reform the search shows, in the order shown, in a workbook
/// that calamine reads back, written while the browser goes on.
#[test]
fn capital_w_writes_what_a_search_shows_as_an_excel_workbook() {
    use calamine::{Data, Reader, Xlsx};
    use reforms::core::selection::Selection;
    if !tmux_available() {
        return;
    }
    let catalog = reforms::Catalog::embedded().unwrap();
    let selection = Selection {
        query: "数据".into(),
        ..Selection::default()
    };
    let shown: Vec<f64> = selection
        .shown(&catalog)
        .reforms
        .iter()
        .map(|&i| f64::from(catalog.reforms[i].number))
        .collect();
    let cache = tempfile::tempdir().unwrap();
    let out = cache.path().join("数据.xlsx");
    let tmux = copying_browser(cache.path());
    tmux.wait_for("显示 42/42");
    tmux.keys(&["/"]);
    tmux.text("数据");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("显示 {}/42", shown.len()));
    tmux.keys(&["F", "F", "F", "F", "F", "F"]);
    tmux.wait_for("格式: Excel | w 写入 .xlsx 文件");
    tmux.keys(&["W"]);
    tmux.wait_for(&format!("w 写入文件 ({} 条, Excel): reforms-", shown.len()));
    tmux.keys(&["C-u"]);
    tmux.text(&out.display().to_string());
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("| {} 条 | Excel |", shown.len()));
    let mut book: Xlsx<_> = calamine::open_workbook(&out).expect("calamine reads it");
    let sheet = book.worksheet_range("改革事项").unwrap();
    let numbers: Vec<f64> = sheet
        .rows()
        .skip(1)
        .filter_map(|row| match row[0] {
            Data::Float(n) => Some(n),
            _ => None,
        })
        .collect();
    assert_eq!(numbers, shown);
    tmux.keys(&["q"]);
}

fn screen_available() -> bool {
    common::command::available("screen", "-v")
}

#[test]
fn inside_screen_the_chunked_osc52_reaches_the_outer_terminal_whole() {
    use reforms::documents::export::Format;
    if !tmux_available() || !screen_available() {
        return;
    }
    // tmux is the outer terminal here: with set-clipboard on it stores the OSC 52 that
    // screen passes through as a paste buffer, which the test reads.
    let cache = tempfile::tempdir().unwrap();
    // Its own settings: no user screenrc, and no detached session left if the test fails.
    let screenrc = cache.path().join("screenrc");
    std::fs::write(&screenrc, "autodetach off\nstartup_message off\n").unwrap();
    let session = format!("reforms-test-{}", std::process::id());
    let command = format!(
        "env -u TMUX screen -q -c '{}' -S {session} env -u REFORMS_DATA -u DISPLAY -u WAYLAND_DISPLAY \
         XDG_CACHE_HOME='{}' '{}'",
        screenrc.display(),
        cache.path().display(),
        binary().display()
    );
    let tmux = Tmux::start(120, 32, &command);
    tmux.run(&["set", "-g", "set-clipboard", "on"]);
    tmux.wait_for("显示 42/42");
    tmux.keys(&["Space", "Space", "y"]);
    tmux.wait_for("已发送 2 条 | 文本 |");
    tmux.wait_for_buffer(&rendered(Format::Text, &[1, 2]));

    // Every reform: about 23 KB of text, 31 KB of base64 in some 45 chunks.
    tmux.keys(&["F", "Y"]);
    tmux.wait_for("已发送 42 条 | 表格 |");
    let all: Vec<u32> = (1..=42).collect();
    tmux.wait_for_buffer(&rendered(Format::Tsv, &all));
    tmux.keys(&["q"]);
}

#[test]
fn outside_tmux_and_screen_osc52_is_written_to_the_terminal() {
    use reforms::documents::export::Format;
    if !tmux_available() {
        return;
    }
    // TMUX unset: the browser takes its terminal for a plain one and writes OSC 52, which
    // tmux (set-clipboard on) stores as a buffer.
    let cache = tempfile::tempdir().unwrap();
    let command = format!(
        "env -u TMUX -u STY -u REFORMS_DATA -u DISPLAY -u WAYLAND_DISPLAY TERM=xterm-256color \
         XDG_CACHE_HOME='{}' '{}' --osc52-max 2000",
        cache.path().display(),
        binary().display()
    );
    let tmux = Tmux::start(160, 32, &command);
    tmux.run(&["set", "-g", "set-clipboard", "on"]);
    tmux.wait_for("显示 42/42");
    tmux.keys(&["y"]);
    tmux.wait_for("已发送 1 条 | 文本 |");
    let one = rendered(Format::Text, &[1]);
    tmux.wait_for_buffer(&one);

    // Over --osc52-max: nothing is sent, the status bar says so, the cache has it all.
    tmux.keys(&["Y"]);
    tmux.wait_for_all(&["未能复制 42 条", "未发送: 超过 2000 字节"]);
    let all: Vec<u32> = (1..=42).collect();
    let kept = cache.path().join("reforms/last-export.txt");
    assert_eq!(
        std::fs::read_to_string(kept).unwrap(),
        rendered(Format::Text, &all)
    );
    // A copy after it lands as the second buffer: nothing came in between.
    tmux.keys(&["j", "y"]);
    tmux.wait_for_buffer(&rendered(Format::Text, &[2]));
    assert_eq!(tmux.buffer_count(), 2);
    tmux.keys(&["q"]);
}

#[test]
fn the_configuration_file_sets_language_format_and_keys() {
    use reforms::documents::export::Format;
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        "lang = \"en\"\nformat = \"markdown\"\ntheme = \"high-contrast\"\n\
         [keys]\ncopy = [\"b\"]\nquit = [\"x\"]\nnot_an_action = [\"z\"]\n",
    )
    .unwrap();
    let command = format!(
        "env -u REFORMS_DATA -u DISPLAY -u WAYLAND_DISPLAY XDG_CACHE_HOME='{home}' \
         REFORMS_CONFIG='{}' '{}'; echo exit-status $?; sleep 30",
        config.display(),
        binary().display(),
        home = home.path().display(),
    );
    let tmux = Tmux::start(120, 32, &command);
    tmux.run(&["set", "-g", "set-clipboard", "on"]);
    // English, the rebound keys on the key line, the bad entry named but not fatal.
    tmux.wait_for_all(&[
        "shown 42/42",
        "configuration: 1 problem",
        "b copy marked",
        "x quit",
    ]);
    // y is no longer copy; b is, in the configured format.
    tmux.keys(&["Space", "y", "b"]);
    tmux.wait_for("copied 1 reform | Markdown |");
    tmux.wait_for_buffer(&rendered(Format::Markdown, &[1]));
    // q no longer quits: a key after it still marks a reform. x does quit, and the warning
    // is left on the terminal with its line.
    tmux.keys(&["q", "j", "Space"]);
    tmux.wait_for("marked 2");
    tmux.keys(&["x"]);
    let screen = tmux.wait_for("exit-status 0");
    assert!(
        screen.contains(&format!(
            "{}:7:1: unknown action `not_an_action`",
            config.display()
        )),
        "{screen}"
    );
}

/// Whether process `pid` has ended (or is only a zombie that nobody reaps: its parent, the
/// tmux server, is gone).
fn process_ended(pid: &str) -> bool {
    let out = Command::new("ps")
        .args(["-o", "stat=", "-p", pid])
        .output()
        .unwrap();
    let stat = String::from_utf8_lossy(&out.stdout);
    stat.trim().is_empty() || stat.trim_start().starts_with('Z')
}

#[test]
fn when_the_terminal_goes_away_the_browser_saves_its_session_and_ends() {
    if !tmux_available() {
        return;
    }
    // The browser as the pane's own process, and under a shell that outlives it.
    for under_shell in [false, true] {
        let state = tempfile::tempdir().unwrap();
        let saved = state.path().join("reforms/session-embedded.toml");
        let command = if under_shell {
            format!("sh -c \"{}; sleep 30\"", browser_command())
        } else {
            browser_command()
        };
        let tmux = Tmux::start_with_state(100, 30, &command, state.path());
        tmux.wait_for("显示 42/42");
        tmux.keys(&["j", "Space", "Space"]);
        tmux.wait_for("已选 2");
        let pid = if under_shell {
            browser_pid(&tmux)
        } else {
            tmux.pane("#{pane_pid}")
        };
        // The terminal vanishes, as when an SSH connection drops or the pane is killed.
        tmux.run(&["kill-server"]);
        wait_for_file(&saved);
        let session = std::fs::read_to_string(&saved).unwrap();
        assert!(session.contains("marks = [2, 3]"), "{session}");
        assert!(
            wait(|| process_ended(&pid)),
            "the browser (pid {pid}) still runs without its terminal (under a shell: \
             {under_shell})"
        );
    }
}

#[test]
fn a_library_of_two_documents_is_browsed_searched_and_filtered_by_document() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().unwrap();
    let imported = Command::new(binary())
        .env_remove("REFORMS_DATA")
        .env("XDG_DATA_HOME", state.path())
        .args([
            "import",
            "tests/fixtures/read/merged.docx",
            "--into-library",
            "--name",
            "第九批",
        ])
        .output()
        .unwrap();
    assert!(imported.status.success(), "{imported:?}");
    let tmux = Tmux::start_with_state(120, 32, &browser_command(), state.path());
    tmux.wait_for_all(&["显示 46/46", "A《天津自贸试验区第", "B《天津自贸试验区第"]);
    // A search finds reforms of both documents.
    tmux.keys(&["/"]);
    tmux.text("保理");
    tmux.keys(&["Enter"]);
    // Each row carries its document's letter, as the agency pane shows it.
    tmux.wait_for_all(&["A  4 国际保理集成创新模式", "B  2 国际保理集成创新模式"]);
    // Check the ninth batch in the agency pane: only its reform is left.
    tmux.keys(&["Tab", "Tab", "j", "Space"]);
    let screen = tmux.wait_for_all(&[
        "显示 1/46",
        "[x] B《天津自贸试验区第",
        "国际保理集成创新模式",
        "文件：天津自贸试验区第九批改革试点经验（样例）",
    ]);
    assert!(screen.contains("详情 2 《天津自贸试验区第九"), "{screen}");
    tmux.keys(&["q"]);
    let folder = state.path().join("reforms");
    assert!(wait(|| {
        std::fs::read_dir(&folder).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("session-"))
        })
    }));
    drop(tmux);
    // The checked document is remembered.
    let tmux = Tmux::start_with_state(120, 32, &browser_command(), state.path());
    tmux.wait_for_all(&["显示 1/46", "[x] B《天津自贸试验区第"]);
    tmux.keys(&["q"]);
}

/// A big catalog opens before its search index is built (that is built beside the first
/// frame); what is typed at once is answered as `reforms list` answers it, and the
/// reforms shown before it are all of them, in order. Keys typed while the catalog is
/// still loading wait for the browser too, as they were typed: not echoed, an Enter still
/// an Enter (with NO_COLOR, so that the question about the terminal's background, which
/// reads the input, is not asked).
#[test]
fn a_big_catalog_shows_at_once_and_answers_what_is_typed_meanwhile() {
    if !tmux_available() {
        return;
    }
    let big = BigCatalog::new();
    let (data, reforms) = (&big.data, &big.reforms);
    let expected = |query: &str| big.expected(query).0;
    let command = format!("{} --data '{}'", browser_command(), data.display());
    // In a shell, whose screen shows afterwards whether the terminal echoed what was typed.
    // (The load's delay exists only in debug builds; a release build's load of 20,000 reforms
    // never cached takes long enough.)
    let early = format!(
        "sh -c \"env NO_COLOR=1 REFORMS_DEBUG_LOAD_MS=1000 {command}; echo status=\\$?; sleep 30\""
    );
    for query in ["数据跨境", "sjkj"] {
        let count = expected(query);
        let tmux = Tmux::start(120, 30, &early);
        // Typed once the program holds the terminal (what is typed before it even runs is
        // the terminal's), and in a debug build while it waits to load.
        raw_mode(&tmux);
        if cfg!(debug_assertions) && std::env::var_os("REFORMS_E2E_BIN").is_none() {
            // Still loading: the browser has not taken the screen yet.
            assert_eq!(tmux.pane("#{alternate_on}"), "0");
        }
        // The query, then Enter (a line feed if the terminal were still cooking its input)
        // and a mark, which acts on what the query finds.
        tmux.keys(&["/"]);
        tmux.text(query);
        tmux.keys(&["Enter", "Space"]);
        tmux.wait_for(&format!("显示 {count}/20000 | 已选 1 | 查询: {query}"));
        tmux.keys(&["q"]);
        let screen = tmux.wait_for("status=0");
        assert!(!screen.contains(query), "echoed while loading: {screen}");

        let tmux = Tmux::start(120, 30, &command);
        let first = tmux.wait_for("显示 20000/20000");
        let row = format!(" 1 {}", real_prefix(&reforms[0].title));
        assert!(first.lines().any(|l| l.contains(&row)), "{first}");
        tmux.keys(&["/"]);
        tmux.text(query);
        assert!(count > 0 && count < 20_000, "{query}: {count}");
        tmux.wait_for(&format!("显示 {count}/20000 | 已选 0 | 查询: {query}"));
        tmux.keys(&["Escape"]);
        tmux.wait_for("显示 20000/20000");
        tmux.keys(&["q"]);
    }
}

/// Waits until the program in the pane has the terminal in raw mode.
fn raw_mode(tmux: &Tmux) {
    wait_for_modes(tmux, &["-icanon"]);
}

/// Waits until the program in the pane holds the terminal while its catalog loads: raw
/// input, Ctrl-C still an interrupt (the browser's own raw mode has `-isig`).
fn held_while_loading(tmux: &Tmux) {
    wait_for_modes(tmux, &["-icanon", "isig"]);
}

/// Waits until `stty -a` on the pane's terminal shows every one of `modes` (as words).
fn wait_for_modes(tmux: &Tmux, modes: &[&str]) {
    let tty = tmux.pane("#{pane_tty}");
    let shown = || {
        Command::new("stty")
            .args(["-a", "-F", &tty])
            .output()
            .is_ok_and(|o| {
                let stty = String::from_utf8_lossy(&o.stdout);
                let words: Vec<&str> = stty.split_whitespace().collect();
                modes.iter().all(|mode| words.contains(mode))
            })
    };
    assert!(wait(shown), "{tty} never showed {modes:?}");
}

/// 20,000 synthetic reforms in a dataset file: a catalog the browser searches in the
/// background.
struct BigCatalog {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
    reforms: Vec<reforms::core::catalog::Reform>,
}

impl BigCatalog {
    fn new() -> BigCatalog {
        use reforms::core::catalog::{Catalog, Document};
        let dir = tempfile::tempdir().unwrap();
        let real = Catalog::embedded().unwrap().reforms;
        let reforms = reforms::core::synth::generate(&real, 20_000, 7);
        let document = Document {
            title: "大目录".into(),
            ..Document::default()
        };
        let data = dir.path().join("big.toml");
        std::fs::write(
            &data,
            reforms::documents::import::to_toml(&document, &reforms),
        )
        .unwrap();
        BigCatalog {
            _dir: dir,
            data,
            reforms,
        }
    }

    /// How many reforms `reforms list` finds for `query`, and the number of the best.
    fn expected(&self, query: &str) -> (usize, String) {
        let out = Command::new(binary())
            .args([
                "--data",
                self.data.to_str().unwrap(),
                "list",
                "--format",
                "tsv",
            ])
            .args(["--query", query])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let best = text.lines().nth(1).and_then(|l| l.split('\t').next());
        (text.lines().count() - 1, best.unwrap_or("").to_string())
    }
}

/// On a big catalog the search runs beside the browser: what is typed shows at once, and a
/// key typed right after the query (Enter, then a mark) acts on what the query finds, never
/// on the list the previous query left; typing over a search under way (a wrong letter
/// taken back) ends with the answer for what stands in the search line.
#[test]
fn keys_after_a_query_act_on_what_it_finds_while_the_search_runs_beside() {
    if !tmux_available() {
        return;
    }
    let big = BigCatalog::new();
    let command = format!("{} --data '{}'", browser_command(), big.data.display());
    for query in ["数据跨境", "sjkj", "制度 !数据"] {
        let (count, best) = big.expected(query);
        assert!(count > 0 && count < 20_000, "{query}: {count}");
        let tmux = Tmux::start(120, 30, &command);
        tmux.wait_for("显示 20000/20000");
        tmux.keys(&["/"]);
        tmux.text(query);
        tmux.keys(&["Enter", "Space"]);
        let screen = tmux.wait_for("已选 1");
        assert!(
            screen.contains(&format!("显示 {count}/20000 | 已选 1 | 查询: {query}")),
            "{query}: {screen}"
        );
        // The mark went on the best match: the only marked row shown first is it.
        tmux.keys(&["M"]);
        let screen = tmux.wait_for("显示 1/20000");
        assert!(
            screen.contains(&format!("详情 {best} ")),
            "{query}: best {best}: {screen}"
        );
        tmux.keys(&["q"]);
    }
    let (count, _) = big.expected("sjkj");
    let tmux = Tmux::start(120, 30, &command);
    tmux.wait_for("显示 20000/20000");
    tmux.keys(&["/"]);
    tmux.text("sjkx");
    tmux.keys(&["BSpace"]);
    tmux.text("j");
    let screen = tmux.wait_for(&format!("显示 {count}/20000 | 已选 0 | 查询: sjkj"));
    assert!(!screen.contains("搜索中"), "{screen}");
    tmux.keys(&["Escape", "q"]);
}

/// The first characters of a title as a list row shows them (before any cut).
fn real_prefix(title: &str) -> String {
    title.chars().take(4).collect()
}
