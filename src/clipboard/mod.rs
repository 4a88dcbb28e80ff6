//! Getting an export to the user's clipboard, wherever the terminal is: a local desktop, over
//! SSH, inside tmux or GNU screen. The choice of routes is a pure function of the
//! `Environment`, read once at start; the escape sequences are pure functions; every effect
//! (running tmux, writing to the terminal, the desktop clipboard, files) goes through the
//! `Effects` trait, so tests substitute a fake.

pub mod helper;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use self::helper::{HelperError, Limits, Wait};
use crate::core::files::{self, Written};

/// The largest text some terminals take in one OSC 52 sequence (hterm's cap, in bytes of
/// text before encoding).
pub const OSC52_DEFAULT_MAX: usize = 74_994;

/// How many bytes of one screen DCS passthrough string screen forwards whole.
const SCREEN_CHUNK: usize = 700;

/// What a path names on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Missing,
    Folder,
    /// A file, or a link to one (or to nothing yet).
    File,
}

impl PathKind {
    pub fn of(path: &Path) -> PathKind {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => PathKind::Folder,
            Ok(_) => PathKind::File,
            Err(_) if std::fs::symlink_metadata(path).is_ok() => PathKind::File,
            Err(_) => PathKind::Missing,
        }
    }
}

/// Why a route failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClipboardError {
    /// A helper program could not be started, failed, or did not finish in time.
    #[error(transparent)]
    Helper(#[from] HelperError),
    /// The desktop clipboard (arboard) refused.
    #[error("{0}")]
    Desktop(String),
    /// Writing to the terminal or a file failed.
    #[error("{0}")]
    Io(String),
    /// Neither `XDG_CACHE_HOME` nor `HOME` gives a place for the last export.
    #[error("{}", crate::say!("no HOME or XDG_CACHE_HOME", "HOME 和 XDG_CACHE_HOME 都未设置"))]
    NoCacheFolder,
}

impl From<io::Error> for ClipboardError {
    fn from(e: io::Error) -> ClipboardError {
        ClipboardError::Io(e.to_string())
    }
}

/// What decides the routes, read from the process environment once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// `TMUX` is set: the terminal is a tmux pane.
    pub tmux: bool,
    /// `STY` is set: the terminal is a GNU screen window.
    pub screen: bool,
    /// `SSH_CONNECTION`, `SSH_TTY` or `SSH_CLIENT` is set.
    pub ssh: bool,
    /// `TERM`.
    pub term: String,
    /// `DISPLAY` is set and not empty.
    pub x11: bool,
    /// `WAYLAND_DISPLAY` is set and not empty.
    pub wayland: bool,
    /// `wl-copy` is on the `PATH`.
    pub wl_copy: bool,
    /// `xclip` is on the `PATH`.
    pub xclip: bool,
    /// The system has one desktop clipboard that no display variable points to (Windows,
    /// macOS): arboard reaches it whatever the environment says.
    pub native_clipboard: bool,
    /// The terminal is known to ignore OSC 52: the Windows console outside Windows Terminal
    /// (which sets `WT_SESSION`), and macOS's Terminal.
    pub osc52_ignored: bool,
    /// The program's cache folder (`$XDG_CACHE_HOME/reforms`, else `~/.cache/reforms`; see
    /// `paths` for Windows and macOS).
    pub cache_dir: Option<PathBuf>,
    /// `HOME`.
    pub home: Option<PathBuf>,
}

impl Environment {
    /// Reads the process environment.
    pub fn from_process() -> Environment {
        Environment::from_vars(|name| std::env::var_os(name).map(|v| v.to_string_lossy().into()))
    }

    /// Reads an environment of this platform through `var`, which returns a variable's
    /// value; tools are looked up on its `PATH`.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Environment {
        Environment::from_vars_on(Platform::current(), var)
    }

    /// Reads an environment of `platform` through `var`.
    pub fn from_vars_on(platform: Platform, var: impl Fn(&str) -> Option<String>) -> Environment {
        let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
        let ssh = set("SSH_CONNECTION") || set("SSH_TTY") || set("SSH_CLIENT");
        let term_program = var("TERM_PROGRAM").unwrap_or_default();
        let path = var("PATH").unwrap_or_default();
        let on_path = |tool: &str| {
            !path.is_empty() && std::env::split_paths(&path).any(|dir| dir.join(tool).is_file())
        };
        Environment {
            tmux: set("TMUX"),
            screen: set("STY"),
            ssh,
            term: var("TERM").unwrap_or_default(),
            x11: set("DISPLAY"),
            wayland: set("WAYLAND_DISPLAY"),
            wl_copy: on_path("wl-copy"),
            xclip: on_path("xclip"),
            native_clipboard: platform != Platform::Unix,
            // Over SSH the terminal is another machine's, which may well take it.
            osc52_ignored: match platform {
                Platform::Unix => false,
                Platform::Windows => !(set("WT_SESSION") || term_program == "WezTerm" || ssh),
                Platform::MacOs => term_program == "Apple_Terminal",
            },
            cache_dir: crate::core::paths::folder_in(crate::core::paths::Folder::Cache, |name| {
                var(name).map(Into::into)
            }),
            home: var("HOME").filter(|h| !h.is_empty()).map(PathBuf::from),
        }
    }

    /// Where the last export is kept: `last-export.txt` in the cache folder.
    pub fn cache_file(&self) -> Option<PathBuf> {
        Some(self.cache_dir.as_ref()?.join("last-export.txt"))
    }
}

/// What the program runs on, as far as clipboards go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux and other Unix systems: the desktop clipboard is X11's or Wayland's.
    Unix,
    Windows,
    MacOs,
}

impl Platform {
    pub const fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else {
            Platform::Unix
        }
    }
}

/// A way to a clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// `tmux load-buffer -w -`: a tmux paste buffer, forwarded to the outer terminal as
    /// OSC 52 by tmux.
    Tmux,
    /// OSC 52 inside screen's DCS passthrough.
    Screen,
    /// OSC 52 written to the terminal.
    Osc52,
    /// `wl-copy` on a Wayland desktop.
    WlCopy,
    /// The desktop clipboard through arboard (X11, Wayland without `wl-copy`, Windows,
    /// macOS).
    Desktop,
}

/// Every route that applies in `env`, in the order they are tried. Inside tmux, tmux is the
/// terminal, so neither screen's passthrough nor a direct OSC 52 would reach further than
/// `load-buffer -w` does. OSC 52 is not written where it is known to be ignored (the Linux
/// console, the Windows console), so that the status bar never says "sent" in vain.
pub fn routes(env: &Environment) -> Vec<Route> {
    let mut routes = Vec::new();
    if env.tmux {
        routes.push(Route::Tmux);
    } else if env.screen {
        routes.push(Route::Screen);
    } else if env.term != "linux" && !env.osc52_ignored {
        routes.push(Route::Osc52);
    }
    if !env.ssh {
        if env.wayland && env.wl_copy {
            routes.push(Route::WlCopy);
        } else if env.x11 || env.wayland || env.native_clipboard {
            routes.push(Route::Desktop);
        }
    }
    routes
}

/// `ESC ] 52 ; c ; <base64> BEL`: sets the terminal's clipboard to `text`.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

/// The OSC 52 sequence cut into screen DCS passthrough strings (`ESC P ... ESC \`), each
/// at most `SCREEN_CHUNK` bytes long, which screen passes on unchanged one after another.
pub fn screen_osc52(text: &str) -> Vec<String> {
    let sequence = osc52(text);
    // Everything in the sequence is ASCII, so any byte offset is a character boundary.
    let room = SCREEN_CHUNK - 4;
    let mut chunks = Vec::new();
    let mut rest = sequence.as_str();
    while !rest.is_empty() {
        let (head, tail) = rest.split_at(room.min(rest.len()));
        chunks.push(format!("\x1bP{head}\x1b\\"));
        rest = tail;
    }
    chunks
}

/// The effects of a copy that are quick and local: the terminal and files. `System` does
/// them; tests use a fake.
pub trait Effects {
    /// Bytes for the terminal, written between frames and flushed.
    fn write_terminal(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Writes a file whole or not at all (see `files::write_atomic`), making its folder
    /// when missing.
    fn write_file(&mut self, path: &Path, bytes: &[u8]) -> io::Result<Written>;
    /// What is at `path` now, without following a final link.
    fn kind(&self, path: &Path) -> PathKind;
}

/// The effects of a copy that run other programs or talk to the desktop, any of which may
/// hang: the browser runs them off its own thread. `Desktop` does them; tests use a fake.
pub trait Helpers {
    /// `tmux load-buffer -w -` with `text` on its standard input.
    fn tmux_load_buffer(&mut self, text: &str) -> Result<(), ClipboardError>;
    /// `wl-copy` with `text` on its standard input.
    fn wl_copy(&mut self, text: &str) -> Result<(), ClipboardError>;
    /// The desktop clipboard through arboard: the text, and the HTML table beside it when
    /// there is one (applications that take HTML, as Word, WPS and LibreOffice do, paste
    /// the table; the others the text).
    fn desktop(&mut self, text: &str, html: Option<&str>) -> Result<(), ClipboardError>;
    /// Hands the desktop clipboard's text to a process that outlives this one, at exit.
    fn hand_over(&mut self) -> Result<(), ClipboardError> {
        Ok(())
    }
}

/// What happened on one route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Done and confirmed (tmux took the buffer, the desktop clipboard holds the text).
    Done,
    /// An OSC 52 sequence was written; terminals never answer it.
    Sent,
    /// Not tried: the text is larger than the OSC 52 cap.
    TooLarge,
    Failed(ClipboardError),
}

/// What a copy did, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub bytes: usize,
    pub routes: Vec<(Route, Outcome)>,
    /// The cache file, or why it could not be written.
    pub cache: Result<PathBuf, ClipboardError>,
    /// The text is larger than the OSC 52 cap.
    pub too_large: bool,
    /// The desktop clipboard took the HTML table beside the text.
    pub html: bool,
}

impl Delivery {
    /// Whether any route confirmed the copy.
    pub fn done(&self) -> bool {
        self.routes.iter().any(|(_, o)| *o == Outcome::Done)
    }

    /// Whether any route sent an unacknowledged OSC 52 sequence.
    pub fn sent(&self) -> bool {
        self.routes.iter().any(|(_, o)| *o == Outcome::Sent)
    }
}

impl Route {
    /// Whether the route runs a helper program or the desktop clipboard (which may hang),
    /// rather than writing to the terminal.
    pub fn is_helper(self) -> bool {
        matches!(self, Route::Tmux | Route::WlCopy | Route::Desktop)
    }
}

/// A copy whose terminal routes are done and whose helper routes are still to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    bytes: usize,
    too_large: bool,
    /// Every route in order; `None` for a helper route not run yet.
    routes: Vec<(Route, Option<Outcome>)>,
    cache: Result<PathBuf, ClipboardError>,
    /// An HTML table goes with the text where a route can carry it.
    html: bool,
}

impl Started {
    /// The helper routes still to run, in order.
    pub fn waiting(&self) -> Vec<Route> {
        self.routes
            .iter()
            .filter(|(_, outcome)| outcome.is_none())
            .map(|(route, _)| *route)
            .collect()
    }

    /// The delivery, with the helper routes' outcomes.
    pub fn finish(self, mut outcomes: Vec<(Route, Outcome)>) -> Delivery {
        let routes = self
            .routes
            .into_iter()
            .map(|(route, outcome)| {
                let outcome = outcome.unwrap_or_else(|| {
                    match outcomes.iter().position(|(r, _)| *r == route) {
                        Some(at) => outcomes.remove(at).1,
                        None => Outcome::Failed(ClipboardError::Io("not run".into())),
                    }
                });
                (route, outcome)
            })
            .collect::<Vec<_>>();
        let html = self.html
            && routes
                .iter()
                .any(|(route, outcome)| *route == Route::Desktop && *outcome == Outcome::Done);
        Delivery {
            bytes: self.bytes,
            routes,
            cache: self.cache,
            too_large: self.too_large,
            html,
        }
    }
}

/// Copies `text` by every route of `env`, with `html` beside it on the desktop clipboard,
/// and keeps the text in the cache file whatever happens. Never stops at a failure: each
/// route's outcome is reported.
pub fn copy(
    env: &Environment,
    osc52_max: usize,
    effects: &mut (impl Effects + Helpers),
    text: &str,
    html: Option<&str>,
) -> Delivery {
    let started = start(env, osc52_max, effects, text, html.is_some());
    let outcomes = started
        .waiting()
        .into_iter()
        .map(|route| (route, run_helper(effects, route, text, html)))
        .collect();
    started.finish(outcomes)
}

/// The first half of a copy: the terminal routes, and the text kept in the cache file.
/// `html` says whether an HTML table goes with the text on the routes that carry one.
pub fn start(
    env: &Environment,
    osc52_max: usize,
    effects: &mut dyn Effects,
    text: &str,
    html: bool,
) -> Started {
    let too_large = text.len() > osc52_max;
    let mut outcomes = Vec::new();
    for route in routes(env) {
        let outcome = match route {
            _ if route.is_helper() => None,
            Route::Screen | Route::Osc52 if too_large => Some(Outcome::TooLarge),
            Route::Screen => {
                let bytes: String = screen_osc52(text).concat();
                Some(sent(effects.write_terminal(bytes.as_bytes())))
            }
            _ => Some(sent(effects.write_terminal(osc52(text).as_bytes()))),
        };
        outcomes.push((route, outcome));
    }
    Started {
        bytes: text.len(),
        too_large,
        routes: outcomes,
        cache: keep(env, effects, text),
        html,
    }
}

/// The second half of a copy: one helper route. tmux keeps the buffer whatever its size;
/// only the forwarded OSC 52 may be refused by the outer terminal, which `too_large`
/// reports.
pub fn run_helper(
    helpers: &mut dyn Helpers,
    route: Route,
    text: &str,
    html: Option<&str>,
) -> Outcome {
    into_outcome(match route {
        Route::Tmux => helpers.tmux_load_buffer(text),
        Route::WlCopy => helpers.wl_copy(text),
        Route::Desktop => helpers.desktop(text, html),
        Route::Screen | Route::Osc52 => Err(ClipboardError::Io("not a helper route".into())),
    })
}

/// Writes the last export to the cache file.
pub fn keep(
    env: &Environment,
    effects: &mut dyn Effects,
    text: &str,
) -> Result<PathBuf, ClipboardError> {
    let path = env.cache_file().ok_or(ClipboardError::NoCacheFolder)?;
    let written = effects
        .write_file(&path, crate::core::safe::safe(text).as_bytes())
        .map_err(|e| ClipboardError::Io(format!("{}: {e}", path.display())))?;
    Ok(written.file)
}

fn into_outcome(result: Result<(), ClipboardError>) -> Outcome {
    match result {
        Ok(()) => Outcome::Done,
        Err(e) => Outcome::Failed(e),
    }
}

fn sent(result: io::Result<()>) -> Outcome {
    match result {
        Ok(()) => Outcome::Sent,
        Err(e) => Outcome::Failed(e.into()),
    }
}

/// The terminal and files. `terminal` is where OSC 52 goes (standard output in the
/// browser).
pub struct System<W: Write> {
    terminal: W,
}

impl<W: Write> System<W> {
    pub fn new(terminal: W) -> System<W> {
        System { terminal }
    }
}

impl<W: Write> Effects for System<W> {
    fn write_terminal(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.terminal.write_all(bytes)?;
        self.terminal.flush()
    }

    fn write_file(&mut self, path: &Path, bytes: &[u8]) -> io::Result<Written> {
        files::write_atomic(path, bytes)
    }

    fn kind(&self, path: &Path) -> PathKind {
        PathKind::of(path)
    }
}

/// The real helpers: each program runs within `limits` (see `helper::run`). The desktop
/// clipboard is opened on first use and kept for the whole run: on X11 the text is served
/// by this process and vanishes when the `Clipboard` is dropped.
pub struct Desktop {
    clipboard: Option<arboard::Clipboard>,
    /// The last text given to the desktop clipboard, and the HTML beside it, handed over
    /// at exit.
    last_text: Option<(String, Option<String>)>,
    xclip: bool,
    limits: Limits,
}

impl Desktop {
    pub fn new(env: &Environment, limits: Limits) -> Desktop {
        Desktop {
            clipboard: None,
            last_text: None,
            xclip: env.xclip,
            limits,
        }
    }
}

impl Helpers for Desktop {
    fn tmux_load_buffer(&mut self, text: &str) -> Result<(), ClipboardError> {
        let mut tmux = Command::new("tmux");
        tmux.args(["load-buffer", "-w", "-"]);
        Ok(helper::run(
            &mut tmux,
            text.as_bytes(),
            Wait::Exit,
            &self.limits,
        )?)
    }

    fn wl_copy(&mut self, text: &str) -> Result<(), ClipboardError> {
        // wl-copy forks a server that keeps the text after this process ends.
        let mut wl_copy = Command::new("wl-copy");
        let wait = Wait::ExitLeavingServer;
        Ok(helper::run(
            &mut wl_copy,
            text.as_bytes(),
            wait,
            &self.limits,
        )?)
    }

    fn desktop(&mut self, text: &str, html: Option<&str>) -> Result<(), ClipboardError> {
        let desktop = |e: arboard::Error| ClipboardError::Desktop(e.to_string());
        if self.clipboard.is_none() {
            self.clipboard = Some(arboard::Clipboard::new().map_err(desktop)?);
        }
        let clipboard = self.clipboard.as_mut().ok_or_else(|| {
            ClipboardError::Desktop(crate::say!("no desktop clipboard", "没有桌面剪贴板"))
        })?;
        match html {
            Some(html) => clipboard.set_html(html, Some(text)).map_err(desktop)?,
            None => clipboard.set_text(text).map_err(desktop)?,
        }
        self.last_text = Some((text.to_string(), html.map(String::from)));
        Ok(())
    }

    /// Hands the desktop clipboard's text to a process that outlives this one, so a paste
    /// after quitting still works: `xclip` when installed (it reads the text, then forks a
    /// server that keeps the selection), else, and always for text with an HTML table
    /// beside it (xclip serves one flavour), this program's hidden `serve-clipboard`, which
    /// holds it with arboard until another program takes the clipboard. Both run in a
    /// process group of their own, so closing the terminal does not end them.
    fn hand_over(&mut self) -> Result<(), ClipboardError> {
        let Some((text, html)) = self.last_text.take() else {
            return Ok(());
        };
        // Windows and macOS keep the clipboard's text after the program ends.
        if cfg!(any(windows, target_os = "macos")) {
            return Ok(());
        }
        // Give up this process's ownership first, so the new owner's claim is final.
        self.clipboard = None;
        if self.xclip && html.is_none() {
            let mut xclip = Command::new("xclip");
            xclip.args(["-selection", "clipboard"]);
            let wait = Wait::ExitLeavingServer;
            return Ok(helper::run(
                &mut xclip,
                text.as_bytes(),
                wait,
                &self.limits,
            )?);
        }
        let program = std::env::current_exe().map_err(|e| HelperError::Spawn {
            program: "reforms serve-clipboard".into(),
            reason: e.to_string(),
        })?;
        let mut server = Command::new(program);
        server.arg("serve-clipboard");
        let input = match html {
            Some(html) => {
                server.arg("--html");
                served_with_html(&text, &html)
            }
            None => text.into_bytes(),
        };
        Ok(helper::run(&mut server, &input, Wait::Input, &self.limits)?)
    }
}

/// What `reforms serve-clipboard --html` reads: the HTML, a NUL, then the text (neither
/// holds a NUL: exports never hold a control character).
pub fn served_with_html(text: &str, html: &str) -> Vec<u8> {
    let mut input = Vec::with_capacity(html.len() + 1 + text.len());
    input.extend_from_slice(html.as_bytes());
    input.push(0);
    input.extend_from_slice(text.as_bytes());
    input
}

/// The text and the HTML of `reforms serve-clipboard --html`'s input (see
/// [`served_with_html`]).
pub fn split_served(input: &str) -> (&str, Option<&str>) {
    match input.split_once('\0') {
        Some((html, text)) => (text, Some(html)),
        None => (input, None),
    }
}

/// Sets the desktop clipboard to `text` (with `html` beside it) and serves it until another
/// program takes the clipboard: the body of `reforms serve-clipboard`. Also ends when the
/// display goes away, which arboard's wait alone would never notice.
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
))]
pub fn serve_desktop(text: &str, html: Option<&str>) -> Result<(), ClipboardError> {
    use arboard::SetExtLinux as _;
    let desktop = |e: arboard::Error| ClipboardError::Desktop(e.to_string());
    let mut holder = arboard::Clipboard::new().map_err(desktop)?;
    let mut probe = arboard::Clipboard::new().map_err(desktop)?;
    let text = text.to_string();
    let html = html.map(String::from);
    let server = std::thread::spawn(move || match html {
        Some(html) => holder.set().wait().html(html, Some(text)),
        None => holder.set().wait().text(text),
    });
    loop {
        std::thread::sleep(std::time::Duration::from_secs(2));
        if server.is_finished() {
            return match server.join() {
                Ok(result) => result.map_err(desktop),
                Err(_) => Err(ClipboardError::Desktop(
                    "the clipboard server stopped".into(),
                )),
            };
        }
        if let Err(e) = probe.get_text() {
            return Err(ClipboardError::Desktop(format!(
                "the display went away: {e}"
            )));
        }
    }
}

/// Sets the desktop clipboard, which the system keeps after the program ends.
#[cfg(not(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
)))]
pub fn serve_desktop(text: &str, html: Option<&str>) -> Result<(), ClipboardError> {
    let desktop = |e: arboard::Error| ClipboardError::Desktop(e.to_string());
    let mut clipboard = arboard::Clipboard::new().map_err(desktop)?;
    match html {
        Some(html) => clipboard.set_html(html, Some(text)).map_err(desktop),
        None => clipboard.set_text(text).map_err(desktop),
    }
}

/// Effects kept in memory: what each route and file was given. Each effect fails, with the
/// error a real one gives, when told to. For tests of the routes and of the browser, and for
/// trying an export without touching the terminal.
#[derive(Debug, Default)]
pub struct Recorder {
    pub terminal: Vec<u8>,
    pub tmux: Vec<String>,
    pub desktop: Vec<String>,
    /// The HTML given to the desktop clipboard beside each text of `desktop`.
    pub desktop_html: Vec<Option<String>>,
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// Folders that exist, for `kind`.
    pub folders: Vec<PathBuf>,
    pub fail_tmux: bool,
    pub fail_terminal: bool,
    pub fail_desktop: bool,
    pub fail_files: bool,
}

impl Helpers for Recorder {
    fn tmux_load_buffer(&mut self, text: &str) -> Result<(), ClipboardError> {
        if self.fail_tmux {
            return Err(HelperError::Exited {
                program: "tmux".into(),
                status: "exit status: 1".into(),
                message: "no server running".into(),
            }
            .into());
        }
        self.tmux.push(text.into());
        Ok(())
    }

    fn wl_copy(&mut self, text: &str) -> Result<(), ClipboardError> {
        self.desktop(text, None)
    }

    fn desktop(&mut self, text: &str, html: Option<&str>) -> Result<(), ClipboardError> {
        if self.fail_desktop {
            return Err(ClipboardError::Desktop(
                "X11 server connection timed out".into(),
            ));
        }
        self.desktop.push(text.into());
        self.desktop_html.push(html.map(String::from));
        Ok(())
    }
}

impl Effects for Recorder {
    fn write_terminal(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.fail_terminal {
            return Err(io::Error::other("terminal gone"));
        }
        self.terminal.extend_from_slice(bytes);
        Ok(())
    }

    fn write_file(&mut self, path: &Path, bytes: &[u8]) -> io::Result<Written> {
        if self.fail_files {
            return Err(io::Error::other("read-only file system"));
        }
        let replaced = self.files.iter().any(|(p, _)| p == path);
        self.files.push((path.into(), bytes.into()));
        Ok(Written {
            file: path.into(),
            replaced,
        })
    }

    fn kind(&self, path: &Path) -> PathKind {
        if self.folders.iter().any(|f| f == path) {
            PathKind::Folder
        } else if self.files.iter().any(|(p, _)| p == path) {
            PathKind::File
        } else {
            PathKind::Missing
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Environment {
        env_on(Platform::Unix, vars)
    }

    fn env_on(platform: Platform, vars: &[(&str, &str)]) -> Environment {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Environment::from_vars_on(platform, |name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn route_table() {
        use Route::*;
        let wayland_with_wl_copy = Environment {
            wayland: true,
            wl_copy: true,
            ..Environment::default()
        };
        let cases: Vec<(Environment, Vec<Route>)> = vec![
            (env(&[("TERM", "xterm-256color")]), vec![Osc52]),
            (env(&[("TMUX", "/tmp/t,1,0")]), vec![Tmux]),
            (env(&[("TMUX", "/tmp/t,1,0"), ("STY", "1.pts")]), vec![Tmux]),
            (env(&[("STY", "1.pts-0.host")]), vec![Screen]),
            (env(&[("TERM", "linux")]), vec![]),
            (env(&[("TERM", "linux"), ("DISPLAY", ":0")]), vec![Desktop]),
            (env(&[("DISPLAY", ":0")]), vec![Osc52, Desktop]),
            (
                env(&[("TMUX", "x"), ("DISPLAY", ":0")]),
                vec![Tmux, Desktop],
            ),
            (
                env(&[("DISPLAY", ":0"), ("SSH_TTY", "/dev/pts/1")]),
                vec![Osc52],
            ),
            (
                env(&[("DISPLAY", "localhost:10"), ("SSH_CONNECTION", "a b c d")]),
                vec![Osc52],
            ),
            (env(&[("TMUX", "x"), ("SSH_CLIENT", "a b c")]), vec![Tmux]),
            (
                env(&[("WAYLAND_DISPLAY", "wayland-0")]),
                vec![Osc52, Desktop],
            ),
            (wayland_with_wl_copy, vec![Osc52, WlCopy]),
            (env(&[("DISPLAY", "")]), vec![Osc52]),
        ];
        for (environment, expected) in cases {
            assert_eq!(routes(&environment), expected, "{environment:?}");
        }
    }

    /// Windows and macOS have a desktop clipboard whatever the variables say; OSC 52 is
    /// written only where the terminal takes it.
    #[test]
    fn route_table_of_windows_and_macos() {
        use Route::*;
        let windows = |vars: &[(&str, &str)]| routes(&env_on(Platform::Windows, vars));
        // The console host (cmd.exe, PowerShell in their own window) ignores OSC 52.
        assert_eq!(windows(&[]), vec![Desktop]);
        assert_eq!(windows(&[("TERM", "xterm-256color")]), vec![Desktop]);
        assert_eq!(windows(&[("WT_SESSION", "0b1c")]), vec![Osc52, Desktop]);
        assert_eq!(
            windows(&[("TERM_PROGRAM", "WezTerm")]),
            vec![Osc52, Desktop]
        );
        // Logged in over SSH: the desktop is not the user's, the terminal may take OSC 52.
        assert_eq!(windows(&[("SSH_CONNECTION", "a b c d")]), vec![Osc52]);
        let macos = |vars: &[(&str, &str)]| routes(&env_on(Platform::MacOs, vars));
        assert_eq!(macos(&[("TERM_PROGRAM", "Apple_Terminal")]), vec![Desktop]);
        assert_eq!(
            macos(&[("TERM_PROGRAM", "iTerm.app")]),
            vec![Osc52, Desktop]
        );
        assert_eq!(macos(&[("TMUX", "x")]), vec![Tmux, Desktop]);
        assert_eq!(macos(&[("SSH_TTY", "/dev/ttys001")]), vec![Osc52]);
        // Without a display variable, Linux has no desktop clipboard to reach.
        assert_eq!(routes(&env_on(Platform::Unix, &[])), vec![Osc52]);
    }

    #[test]
    fn the_legacy_console_says_which_route_copied() {
        let mut fake = Fake::default();
        let delivery = copy(
            &env_on(Platform::Windows, &[]),
            OSC52_DEFAULT_MAX,
            &mut fake,
            TEXT,
            None,
        );
        assert_eq!(delivery.routes, vec![(Route::Desktop, Outcome::Done)]);
        assert!(
            fake.terminal.is_empty(),
            "no OSC 52 for a console that ignores it"
        );
        assert_eq!(fake.desktop, vec![TEXT.to_string()]);
    }

    #[cfg(not(any(windows, target_os = "macos")))]
    #[test]
    fn cache_file_follows_xdg() {
        assert_eq!(
            env(&[("XDG_CACHE_HOME", "/c"), ("HOME", "/h")]).cache_file(),
            Some(PathBuf::from("/c/reforms/last-export.txt"))
        );
        assert_eq!(
            env(&[("XDG_CACHE_HOME", "relative"), ("HOME", "/h")]).cache_file(),
            Some(PathBuf::from("/h/.cache/reforms/last-export.txt"))
        );
        assert_eq!(env(&[]).cache_file(), None);
    }

    fn decode(sequence: &str) -> String {
        let body = sequence
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .unwrap();
        String::from_utf8(STANDARD.decode(body).unwrap()).unwrap()
    }

    #[test]
    fn osc52_round_trips_chinese() {
        let text = "3. 数据“登记”\n主要内容：融资额 2500 万元。\r\n";
        assert_eq!(decode(&osc52(text)), text);
    }

    #[test]
    fn screen_chunks_reassemble() {
        let text = "跨境数据 ".repeat(400);
        let chunks = screen_osc52(&text);
        assert!(chunks.len() > 3);
        let mut joined = String::new();
        for chunk in &chunks {
            assert!(chunk.len() <= SCREEN_CHUNK, "{}", chunk.len());
            let inner = chunk
                .strip_prefix("\x1bP")
                .and_then(|c| c.strip_suffix("\x1b\\"))
                .unwrap();
            assert!(!inner.contains("\x1b\\"));
            joined.push_str(inner);
        }
        assert_eq!(joined, osc52(&text));
        assert_eq!(decode(&joined), text);
    }

    type Fake = Recorder;

    const TEXT: &str = "序号\t改革事项\r\n1\t数据跨境\r\n";

    #[test]
    fn osc52_goes_to_the_terminal_and_the_cache() {
        let mut fake = Fake::default();
        let environment = env(&[("TERM", "xterm"), ("HOME", "/h")]);
        let delivery = copy(&environment, OSC52_DEFAULT_MAX, &mut fake, TEXT, None);
        assert_eq!(delivery.routes, vec![(Route::Osc52, Outcome::Sent)]);
        assert!(delivery.sent() && !delivery.done());
        assert_eq!(decode(std::str::from_utf8(&fake.terminal).unwrap()), TEXT);
        let cache = environment.cache_file().unwrap();
        #[cfg(not(any(windows, target_os = "macos")))]
        assert_eq!(cache, PathBuf::from("/h/.cache/reforms/last-export.txt"));
        assert_eq!(delivery.cache, Ok(cache.clone()));
        assert_eq!(fake.files, vec![(cache, TEXT.as_bytes().to_vec())]);
        assert_eq!(delivery.bytes, TEXT.len());
    }

    #[test]
    fn screen_gets_the_wrapped_sequence() {
        let mut fake = Fake::default();
        copy(
            &env(&[("STY", "1.x")]),
            OSC52_DEFAULT_MAX,
            &mut fake,
            TEXT,
            None,
        );
        let written = String::from_utf8(fake.terminal).unwrap();
        assert_eq!(written, screen_osc52(TEXT).concat());
    }

    #[test]
    fn failures_are_reported_and_the_text_is_kept() {
        let mut fake = Fake {
            fail_tmux: true,
            fail_desktop: true,
            ..Fake::default()
        };
        let environment = env(&[("TMUX", "x"), ("DISPLAY", ":0"), ("HOME", "/h")]);
        let delivery = copy(&environment, OSC52_DEFAULT_MAX, &mut fake, TEXT, None);
        assert_eq!(
            delivery.routes,
            vec![
                (
                    Route::Tmux,
                    Outcome::Failed(ClipboardError::Helper(HelperError::Exited {
                        program: "tmux".into(),
                        status: "exit status: 1".into(),
                        message: "no server running".into(),
                    }))
                ),
                (
                    Route::Desktop,
                    Outcome::Failed(ClipboardError::Desktop(
                        "X11 server connection timed out".into()
                    ))
                ),
            ]
        );
        assert!(!delivery.done() && !delivery.sent());
        assert_eq!(fake.files.len(), 1);
        assert_eq!(fake.files[0].1, TEXT.as_bytes());

        let mut fake = Fake {
            fail_terminal: true,
            fail_files: true,
            ..Fake::default()
        };
        let delivery = copy(
            &env(&[("HOME", "/h")]),
            OSC52_DEFAULT_MAX,
            &mut fake,
            TEXT,
            None,
        );
        assert_eq!(
            delivery.routes,
            vec![(
                Route::Osc52,
                Outcome::Failed(ClipboardError::Io("terminal gone".into()))
            )]
        );
        assert!(
            delivery
                .cache
                .unwrap_err()
                .to_string()
                .contains("read-only file system")
        );
    }

    #[test]
    fn oversized_text_is_never_truncated_nor_sent_as_osc52() {
        let mut fake = Fake::default();
        let delivery = copy(&env(&[("HOME", "/h")]), 10, &mut fake, TEXT, None);
        assert!(delivery.too_large);
        assert_eq!(delivery.routes, vec![(Route::Osc52, Outcome::TooLarge)]);
        assert!(fake.terminal.is_empty());
        assert_eq!(fake.files[0].1, TEXT.as_bytes());

        // tmux still takes the whole buffer.
        let mut fake = Fake::default();
        let delivery = copy(
            &env(&[("TMUX", "x"), ("HOME", "/h")]),
            10,
            &mut fake,
            TEXT,
            None,
        );
        assert_eq!(delivery.routes, vec![(Route::Tmux, Outcome::Done)]);
        assert!(delivery.too_large);
        assert_eq!(fake.tmux, vec![TEXT.to_string()]);
    }
}
