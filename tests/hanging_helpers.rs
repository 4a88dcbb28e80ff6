//! Clipboard helpers that hang, stop themselves or leave a child holding their error pipe:
//! the browser in tmux keeps drawing and answering keys while they run, reports the route
//! that timed out, quits (with `q` or SIGTERM) within a bound, and leaves nothing of theirs
//! running. Each fake is a `tmux` script first on the browser's `PATH`; inside the test's
//! tmux server the tmux route is the one a copy takes.
//!
//! Skipped when tmux is absent, unless `CI` is set: there it must run.
#![cfg(unix)]

use crate::common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::command::binary;
use common::tmux::{Tmux, tmux_available, wait};

/// A folder holding an executable `tmux` script with `body`.
fn fake_tmux(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tmux");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// The browser with `fake` first on its `PATH`; `browser-quit` shows when it has ended.
fn browser(fake: &Path) -> Tmux {
    let command = format!(
        "env -u REFORMS_DATA -u REFORMS_CONFIG -u DISPLAY -u WAYLAND_DISPLAY PATH='{}':\"$PATH\" '{}' --fresh; echo browser-quit; sleep 30",
        fake.display(),
        binary().display()
    );
    let tmux = Tmux::start(100, 30, &command);
    tmux.wait_for("显示 42/42");
    tmux
}

/// Every process whose command line holds `needle`.
fn processes_with(needle: &str) -> Vec<String> {
    let out = Command::new("ps")
        .args(["-eo", "stat,args"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|line| line.contains(needle) && !line.contains("ps -eo"))
        .map(str::to_string)
        .collect()
}

/// Quits with `keys` and returns how long the browser took to end.
fn quit(tmux: &Tmux, keys: &[&str]) -> Duration {
    let begun = Instant::now();
    tmux.keys(keys);
    tmux.wait_for("browser-quit");
    begun.elapsed()
}

/// Nothing of the fake helper is left: neither the script (`sh <fake>/tmux load-buffer`)
/// nor what it started (`marker`), running, stopped or as a zombie.
fn assert_nothing_left(fake: &Path, marker: &str) {
    let script = format!("{}/tmux load-buffer", fake.display());
    let gone = wait(|| processes_with(&script).is_empty() && processes_with(marker).is_empty());
    assert!(
        gone,
        "left running: {:?} {:?}",
        processes_with(&script),
        processes_with(marker)
    );
}

#[test]
fn a_hanging_helper_leaves_the_browser_answering_and_times_out() {
    if !tmux_available() {
        return;
    }
    let fake = fake_tmux("sleep 9871");
    let tmux = browser(fake.path());
    let begun = Instant::now();
    tmux.keys(&["y"]);
    tmux.wait_for("正在复制 1 条");
    // A key is answered while the helper hangs: the detail moves to the next reform and
    // the copy is still in progress on the same screen.
    tmux.keys(&["j"]);
    tmux.wait_for_all(&["详情 2", "正在复制 1 条"]);
    let screen = tmux.wait_for("未能复制 1 条");
    let timed_out = begun.elapsed();
    assert!(screen.contains("tmux 缓冲区"), "{screen}");
    // The message is cut to the status bar; the help shows it whole.
    assert!(screen.contains("? 看全文"), "{screen}");
    tmux.keys(&["?"]);
    tmux.wait_for_all(&["上条消息", "tmux: 2 秒内无响应"]);
    tmux.keys(&["Escape"]);
    // Ended at the deadline, not left to run.
    assert_nothing_left(fake.path(), "sleep 9871");
    let took = quit(&tmux, &["q"]);
    eprintln!("timed out after {timed_out:?}; quit took {took:?}");
    assert!(took < Duration::from_secs(6), "quitting took {took:?}");
    assert_nothing_left(fake.path(), "sleep 9871");
}

#[test]
fn quitting_during_a_copy_with_a_stopped_helper_is_bounded() {
    if !tmux_available() {
        return;
    }
    // The helper stops itself, as one caught by a stopped tmux server would stay.
    let fake = fake_tmux("kill -STOP $$");
    let tmux = browser(fake.path());
    tmux.keys(&["y"]);
    tmux.wait_for("正在复制 1 条");
    let took = quit(&tmux, &["q"]);
    eprintln!("quit during a stopped helper took {took:?}");
    assert!(took < Duration::from_secs(6), "quitting took {took:?}");
    assert_nothing_left(fake.path(), "kill -STOP");
}

#[test]
fn a_helper_whose_child_holds_its_error_pipe_is_done_and_the_child_ended() {
    if !tmux_available() {
        return;
    }
    let fake = fake_tmux("cat >/dev/null\nsleep 9872 >&2 &\nexit 0");
    let tmux = browser(fake.path());
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("已复制 1 条");
    assert!(screen.contains("tmux 缓冲区"), "{screen}");
    assert_nothing_left(fake.path(), "sleep 9872");
    let took = quit(&tmux, &["q"]);
    assert!(took < Duration::from_secs(6), "quitting took {took:?}");
}

#[test]
fn sigterm_during_a_hanging_copy_ends_the_browser_with_the_session_saved() {
    if !tmux_available() {
        return;
    }
    let fake = fake_tmux("sleep 9873");
    let state = tempfile::tempdir().unwrap();
    let command = format!(
        "env -u REFORMS_DATA -u REFORMS_CONFIG -u DISPLAY -u WAYLAND_DISPLAY PATH='{}':\"$PATH\" '{}' --fresh; echo browser-quit; sleep 30",
        fake.path().display(),
        binary().display()
    );
    let tmux = Tmux::start_with_state(100, 30, &command, state.path());
    tmux.wait_for("显示 42/42");
    tmux.keys(&["Space", "y"]);
    tmux.wait_for("正在复制 1 条");
    let shell = tmux.pane("#{pane_pid}");
    let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!pid.is_empty(), "the browser's process was not found");
    let begun = Instant::now();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    tmux.wait_for("browser-quit");
    let took = begun.elapsed();
    eprintln!("SIGTERM during a hanging copy: ended after {took:?}");
    assert!(took < Duration::from_secs(6), "ending took {took:?}");
    assert_nothing_left(fake.path(), "sleep 9873");
    // The mark made before the copy is in the saved session.
    let session = std::fs::read_dir(state.path().join("reforms"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("session"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .expect("a session file");
    assert!(session.contains("marks = [1]"), "{session}");
}
