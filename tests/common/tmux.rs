//! The real binary in a real terminal: a tmux server of the test's own, typed at and read
//! back. Every wait ends on something the screen (or a buffer, or a file) shows.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::command::available;

/// How long a wait lasts before the test fails: long enough for a loaded CI machine.
const PATIENCE: Duration = Duration::from_secs(10);

/// Whether tmux runs here (always, under `CI`).
pub fn tmux_available() -> bool {
    available("tmux", "-V")
}

/// A tmux server of its own, killed when dropped. Its programs keep their session, cache,
/// data and (absent) configuration in a temporary folder, never at home.
pub struct Tmux {
    socket: String,
    _home: Option<tempfile::TempDir>,
}

impl Tmux {
    pub fn start(width: u16, height: u16, command: &str) -> Tmux {
        let home = tempfile::tempdir().unwrap();
        let mut tmux = Tmux::start_with_state(width, height, command, home.path());
        tmux._home = Some(home);
        tmux
    }

    /// With `state` as the XDG folders, so that several runs share a remembered session.
    pub fn start_with_state(width: u16, height: u16, command: &str, state: &Path) -> Tmux {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "reforms-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let tmux = Tmux {
            socket,
            _home: None,
        };
        let mut args: Vec<String> = vec!["new-session".into(), "-d".into()];
        for var in [
            "XDG_STATE_HOME",
            // No configuration file: a developer's own could rebind the keys tested here.
            "XDG_CONFIG_HOME",
            "XDG_CACHE_HOME",
            "XDG_DATA_HOME",
        ] {
            args.push("-e".into());
            args.push(format!("{var}={}", state.display()));
        }
        args.extend(["-s", "t", "-x"].map(String::from));
        args.push(width.to_string());
        args.push("-y".into());
        args.push(height.to_string());
        args.push(command.into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = tmux.run(&args);
        assert!(out.status.success(), "{out:?}");
        tmux
    }

    /// The name of the server's socket, for `tmux -L`.
    pub fn socket(&self) -> &str {
        &self.socket
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env_remove("TMUX")
            .env_remove("REFORMS_DATA")
            .env_remove("REFORMS_CONFIG")
            .env_remove("REFORMS_LANG")
            .output()
            .unwrap()
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        self.run(&args);
    }

    /// Text as typed: committed characters, as an input method delivers them.
    pub fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "t", "-l", text]);
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// Waits until the screen shows `needle` (the program runs concurrently) and returns it.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_for_all(&[needle])
    }

    /// Waits until one screen shows every one of `needles`: a frame is drawn in pieces, and
    /// a capture may fall between them.
    pub fn wait_for_all(&self, needles: &[&str]) -> String {
        let mut screen = String::new();
        let found = wait(|| {
            screen = self.screen();
            needles.iter().all(|n| screen.contains(n))
        });
        assert!(found, "the screen never showed {needles:?}:\n{screen}");
        screen
    }

    pub fn resize(&self, width: u16, height: u16) {
        self.run(&[
            "resize-window",
            "-t",
            "t",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }

    /// A value of the pane, such as `#{pane_pid}` or `#{alternate_on}`.
    pub fn pane(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "t", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The newest paste buffer, as tmux holds it.
    pub fn buffer(&self) -> String {
        String::from_utf8(self.run(&["show-buffer"]).stdout).unwrap()
    }

    /// How many paste buffers tmux holds.
    pub fn buffer_count(&self) -> usize {
        let out = self.run(&["list-buffers", "-F", "#{buffer_name}"]);
        String::from_utf8_lossy(&out.stdout).lines().count()
    }

    /// Waits until the newest paste buffer is `expected`.
    pub fn wait_for_buffer(&self, expected: &str) {
        let mut buffer = String::new();
        let found = wait(|| {
            buffer = self.buffer();
            buffer == expected
        });
        assert!(
            found,
            "the buffer never became\n{expected}\nbut is\n{buffer}"
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// Polls `done` until it holds or the patience runs out; whether it held.
pub fn wait(mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if done() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        sleep(Duration::from_millis(50));
    }
}

/// Waits until `path` exists, as a file the program writes when it ends.
pub fn wait_for_file(path: &Path) {
    assert!(
        wait(|| path.exists()),
        "{} was never written",
        path.display()
    );
}
