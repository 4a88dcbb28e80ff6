//! End-to-end on an X11 desktop: the browser in tmux with a display (Xvfb) and no SSH, so
//! `y` also reaches the desktop clipboard; `xclip -o` reads it back, the text and the HTML
//! table beside it, while the browser runs and after it quits (the text alone is handed to
//! xclip at exit, text with a table to `reforms serve-clipboard`).
//!
//! Skipped when tmux, Xvfb or xclip is absent, unless `CI` is set: there it must run.
#![cfg(unix)]

use crate::common;

use std::process::{Child, Command, Stdio};

use common::browser::rendered;
use common::command::{available, binary};
use common::tmux::{Tmux, wait};
use reforms::documents::export::Format;

fn tools_available() -> bool {
    available("tmux", "-V") && available("Xvfb", "-help") && available("xclip", "-version")
}

/// An X server of its own, killed when dropped.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// Starts Xvfb on a display it picks itself (`-displayfd`). `-noreset`: by default an
    /// X server resets when its last client leaves, refusing connections for a moment,
    /// which a desktop with a window manager never does.
    fn start() -> Xvfb {
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-noreset", "-nolisten", "tcp"])
            .args(["-screen", "0", "640x480x24"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).unwrap();
        let number: u32 = line
            .trim()
            .parse()
            .expect("Xvfb printed its display number");
        Xvfb {
            child,
            display: format!(":{number}"),
        }
    }

    /// The clipboard's content of a target: `UTF8_STRING` (the text), `text/html`...
    fn clipboard(&self, target: &str) -> String {
        let out = Command::new("xclip")
            .args(["-o", "-selection", "clipboard", "-t", target])
            .env("DISPLAY", &self.display)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The targets the clipboard's owner offers.
    fn targets(&self) -> Vec<String> {
        self.clipboard("TARGETS")
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn wait_for_clipboard(&self, expected: &str) {
        let mut text = String::new();
        let found = wait(|| {
            text = self.clipboard("UTF8_STRING");
            text == expected
        });
        assert!(
            found,
            "the clipboard never became\n{expected}\nbut is\n{text}"
        );
    }

    /// Waits for the HTML flavour to hold a table of `titles`, or for there to be none.
    fn wait_for_table(&self, titles: Option<&[&str]>) {
        let mut html = String::new();
        let mut targets = Vec::new();
        let found = wait(|| {
            targets = self.targets();
            let offered = targets.iter().any(|t| t == "text/html");
            html = if offered {
                self.clipboard("text/html")
            } else {
                String::new()
            };
            match titles {
                Some(titles) => html.contains("<table ") && titles.iter().all(|t| html.contains(t)),
                None => !offered,
            }
        });
        assert!(
            found,
            "expected a table of {titles:?}; targets {targets:?}, HTML:\n{html}"
        );
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // SIGTERM lets Xvfb remove its socket and lock file; SIGKILL would leave them.
        let terminated = Command::new("kill")
            .arg(self.child.id().to_string())
            .status()
            .is_ok_and(|s| s.success());
        if !terminated {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Runs the browser in tmux on `x` with `path` as its `PATH` (the test's own when `None`),
/// presses `F` `formats` times (0: text, 2: Markdown), copies reforms 1 and 2 with `y`,
/// checks the desktop clipboard (the text, and a table beside text, not beside Markdown),
/// quits and checks that the clipboard still holds them.
fn copy_then_quit(x: &Xvfb, path: Option<&str>, formats: usize) {
    let cache = tempfile::tempdir().unwrap();
    let path = path.map_or(String::new(), |p| format!("PATH='{p}' "));
    // Cache, remembered session and (no) configuration in a temporary directory, never at
    // home.
    let home = cache.path().display();
    let command = format!(
        "env -u REFORMS_DATA -u REFORMS_CONFIG -u SSH_CONNECTION -u SSH_TTY -u SSH_CLIENT -u WAYLAND_DISPLAY \
         DISPLAY={} XDG_CACHE_HOME='{home}' XDG_STATE_HOME='{home}' XDG_CONFIG_HOME='{home}' {path}'{}'; \
         echo browser-quit; sleep 30",
        x.display,
        binary().display()
    );
    let tmux = Tmux::start(120, 32, &command);
    tmux.wait_for("显示 42/42");
    for _ in 0..formats {
        tmux.keys(&["F"]);
    }
    let (format, table) = match formats {
        0 => (Format::Text, true),
        2 => (Format::Markdown, false),
        other => panic!("no test for F pressed {other} times"),
    };
    tmux.keys(&["Space", "Space", "y"]);
    let titles = ["数据跨境政策“双首个”制度创新", "“科技—产业—金融”新循环试点"];
    let titles = table.then_some(&titles[..]);
    let screen = tmux.wait_for("| 系统剪贴板");
    let flavours = if table {
        "系统剪贴板 (HTML 表格 + 纯文本)"
    } else {
        "系统剪贴板 (纯文本)"
    };
    assert!(screen.contains(flavours), "{screen}");

    let expected = rendered(format, &[1, 2]);
    x.wait_for_clipboard(&expected);
    x.wait_for_table(titles);

    tmux.keys(&["q"]);
    tmux.wait_for("browser-quit");
    // The browser has quit; the process it handed the text to serves it now.
    x.wait_for_clipboard(&expected);
    x.wait_for_table(titles);
}

#[test]
fn y_reaches_the_desktop_clipboard_and_outlives_the_browser_through_xclip() {
    if !tools_available() {
        return;
    }
    let x = Xvfb::start();
    // Markdown: the text alone, which xclip serves after the browser quits.
    copy_then_quit(&x, None, 2);
}

#[test]
fn a_copy_pastes_as_a_table_where_html_is_taken_and_outlives_the_browser() {
    if !tools_available() {
        return;
    }
    let x = Xvfb::start();
    // Text: a table beside it, both served by `reforms serve-clipboard` after quitting.
    copy_then_quit(&x, None, 0);
}

#[cfg(unix)] // A symlink stands in for PATH's tmux.
#[test]
fn without_xclip_the_browser_serves_the_clipboard_itself_after_quitting() {
    if !tools_available() {
        return;
    }
    // A PATH with tmux (for the tmux route) and nothing else: no xclip.
    let bin = tempfile::tempdir().unwrap();
    let tmux = Command::new("sh")
        .args(["-c", "command -v tmux"])
        .output()
        .unwrap();
    let tmux = String::from_utf8(tmux.stdout).unwrap();
    std::os::unix::fs::symlink(tmux.trim(), bin.path().join("tmux")).unwrap();
    let x = Xvfb::start();
    copy_then_quit(&x, Some(&bin.path().display().to_string()), 2);
}

#[test]
fn quitting_with_a_hanging_xclip_is_bounded_and_leaves_nothing_running() {
    if !tools_available() {
        return;
    }
    // tmux for the tmux route, and an xclip that takes the text and never returns.
    let bin = tempfile::tempdir().unwrap();
    let tmux = Command::new("sh")
        .args(["-c", "command -v tmux"])
        .output()
        .unwrap();
    let tmux = String::from_utf8(tmux.stdout).unwrap();
    std::os::unix::fs::symlink(tmux.trim(), bin.path().join("tmux")).unwrap();
    let xclip = bin.path().join("xclip");
    std::fs::write(&xclip, "#!/bin/sh\n/bin/cat >/dev/null\n/bin/sleep 9874\n").unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&xclip, std::fs::Permissions::from_mode(0o755)).unwrap();

    let x = Xvfb::start();
    let state = tempfile::tempdir().unwrap();
    let home = state.path().display();
    let command = format!(
        "env -u REFORMS_DATA -u REFORMS_CONFIG -u SSH_CONNECTION -u SSH_TTY -u SSH_CLIENT -u WAYLAND_DISPLAY \
         REFORMS_LANG=zh DISPLAY={} XDG_CACHE_HOME='{home}' XDG_STATE_HOME='{home}' XDG_CONFIG_HOME='{home}' PATH='{}' '{}'; \
         echo browser-quit; sleep 30",
        x.display,
        bin.path().display(),
        binary().display()
    );
    let tmux = Tmux::start(120, 32, &command);
    tmux.wait_for("显示 42/42");
    // Markdown, whose text alone is handed to xclip at exit.
    tmux.keys(&["F", "F", "y"]);
    tmux.wait_for("| 系统剪贴板");
    let begun = std::time::Instant::now();
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("browser-quit");
    let took = begun.elapsed();
    eprintln!("quitting with a hanging xclip took {took:?}");
    assert!(took < std::time::Duration::from_secs(6), "{took:?}");
    assert!(
        screen.contains("reforms: 剪贴板中的文字随程序退出而消失: xclip: 2 秒内无响应"),
        "{screen}"
    );
    let left = || {
        let out = Command::new("ps").args(["-eo", "args"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.contains("sleep 9874") || l.contains(&*xclip.to_string_lossy()))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(wait(|| left().is_empty()), "left running: {:?}", left());
}
