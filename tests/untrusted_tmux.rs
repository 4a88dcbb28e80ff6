//! Untrusted data and careless keys, end to end in tmux: `w` never destroys a file, a text
//! pasted into a shell cannot run a command, and the browser says what it cannot do.
//!
//! Skipped when tmux is absent, unless `CI` is set.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::browser::rendered;
use common::command::binary;
use common::tmux::{Tmux, tmux_available, wait};
use reforms::core::catalog::Reform;
use reforms::documents::export::{Format, render_for_clipboard};

/// The browser in `dir` (its working folder, where `w` writes by default), with its
/// session, cache and configuration there too.
fn browser_in(dir: &Path, extra: &str) -> Tmux {
    let command = format!(
        "cd '{dir}' && env -u REFORMS_DATA -u DISPLAY -u WAYLAND_DISPLAY {extra} '{}'",
        binary().display(),
        dir = dir.display(),
    );
    Tmux::start(120, 32, &command)
}

#[test]
fn w_asks_before_replacing_and_keeps_the_file_by_default() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("报告.txt");
    std::fs::write(&file, "原有内容").unwrap();
    let tmux = browser_in(dir.path(), "");
    tmux.wait_for("显示 42/42");
    // Enter keeps the file, as any key but y does.
    tmux.keys(&["w", "C-u"]);
    tmux.text("报告.txt");
    tmux.keys(&["Enter"]);
    tmux.wait_for("报告.txt 已存在: 按 y 替换, 其他键取消");
    tmux.keys(&["Enter"]);
    tmux.wait_for("未写入: 保留原有的");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "原有内容");
    // y replaces it.
    tmux.keys(&["w", "C-u"]);
    tmux.text("报告.txt");
    tmux.keys(&["Enter"]);
    tmux.wait_for("已存在");
    tmux.keys(&["y"]);
    tmux.wait_for("已替换 报告.txt");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        rendered(Format::Text, &[1])
    );
    // The proposed name, taken meanwhile (as by another write in the same second): it is
    // counted up, and the file that took it is left alone.
    tmux.keys(&["w"]);
    let screen = tmux.wait_for("写入文件 (1 条, 文本): reforms-");
    let proposed = screen
        .split("写入文件 (1 条, 文本): ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    std::fs::write(dir.path().join(&proposed), "别人的文件").unwrap();
    tmux.keys(&["Enter"]);
    let counted = proposed.replace(".txt", "-2.txt");
    tmux.wait_for(&format!("已写入 {counted}"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&proposed)).unwrap(),
        "别人的文件"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&counted)).unwrap(),
        rendered(Format::Text, &[1])
    );
    tmux.keys(&["q"]);
}

#[cfg(unix)]
#[test]
fn w_through_a_link_replaces_its_target_and_keeps_the_link() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.txt");
    let link = dir.path().join("link.txt");
    std::fs::write(&target, "old").unwrap();
    std::os::unix::fs::symlink("real.txt", &link).unwrap();
    let tmux = browser_in(dir.path(), "");
    tmux.wait_for("显示 42/42");
    tmux.keys(&["w", "C-u"]);
    tmux.text("link.txt");
    tmux.keys(&["Enter"]);
    tmux.wait_for("已存在");
    tmux.keys(&["y"]);
    tmux.wait_for("实际文件");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        rendered(Format::Text, &[1])
    );
    tmux.keys(&["q"]);
}

#[test]
fn a_dumb_terminal_and_a_missing_home_are_said() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(
        120,
        32,
        &format!(
            "sh -c \"TERM=dumb '{}'; echo status=\\$?; sleep 30\"",
            binary().display()
        ),
    );
    tmux.wait_for_all(&["TERM=dumb", "reforms list", "status=2"]);
    drop(tmux);
    let tmux = browser_in(dir.path(), "-u HOME -u XDG_STATE_HOME");
    tmux.wait_for("不会保存本次会话");
    tmux.keys(&["q"]);
}

/// A reform whose title would end a bracketed paste early and run a command.
fn breakout() -> Reform {
    Reform {
        number: 1,
        title: "标题\u{1b}[201~; touch pwned #".into(),
        content: "内容".into(),
        scope: "全市".into(),
        agencies: vec!["市商务局".into()],
        lead: Vec::new(),
        document: None,
    }
}

/// Pastes `text` into bash (bracketed paste on, as bash 5.1 and later have it) through a
/// tmux buffer, and says whether the file `pwned` appeared in bash's folder.
fn paste_runs_a_command(text: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(
        120,
        32,
        &format!(
            "cd '{}' && env -i PATH=\"$PATH\" TERM=xterm PS1='ready> ' bash --norc --noprofile",
            dir.path().display()
        ),
    );
    tmux.wait_for("ready>");
    let mut load = Command::new("tmux");
    let socket = tmux.socket().to_string();
    load.args(["-L", &socket, "load-buffer", "-"])
        .stdin(std::process::Stdio::piped());
    let mut child = load.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    // -p: bracketed, as a terminal pastes when the program asks for it.
    tmux.run(&["paste-buffer", "-p", "-t", "t"]);
    // Every text pasted here names the agency: once it shows, bash has the whole paste;
    // or the command has run already.
    let pwned = dir.path().join("pwned");
    assert!(wait(|| pwned.exists() || tmux.screen().contains("市商务局")));
    if pwned.exists() {
        return true;
    }
    // Whatever is left on the command line is dropped, and a marker command shows that
    // bash has handled everything before it.
    tmux.keys(&["C-c"]);
    tmux.wait_for("^C");
    tmux.text("echo done-$((40+2))");
    tmux.keys(&["Enter"]);
    tmux.wait_for("done-42");
    pwned.exists()
}

#[test]
fn a_copy_pasted_into_a_shell_runs_nothing() {
    if !tmux_available() {
        return;
    }
    let hostile = breakout();
    // The attack works on raw text: the harness can see a command run.
    let raw = format!("1. {}\n负责单位：市商务局\n", hostile.title);
    assert!(paste_runs_a_command(&raw), "the raw text should break out");
    // What `y` copies (the same rendering, in every format) does not break out.
    for format in [Format::Text, Format::Tsv, Format::Markdown, Format::Json] {
        // The document's title comes from the same file, and heads text and Markdown.
        let document = reforms::core::catalog::Document {
            title: hostile.title.to_string(),
            ..Default::default()
        };
        let copied = render_for_clipboard(format, &[&hostile], Some(&document));
        assert!(!copied.contains('\u{1b}'), "{format:?}");
        assert!(!paste_runs_a_command(&copied), "{format:?}: {copied:?}");
    }
}

/// The same data in a file is refused before the browser draws anything.
#[test]
fn the_breakout_file_never_reaches_the_browser() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start(
        120,
        32,
        &format!(
            "sh -c \"REFORMS_LANG=zh '{}' --data tests/hostile/paste-breakout.toml; echo status=\\$?; sleep 30\"",
            binary().display()
        ),
    );
    tmux.wait_for_all(&[
        "错误: tests/hostile/paste-breakout.toml:6:12: 不允许 U+001B (ESC)",
        "status=2",
    ]);
}
