//! The interactive browser: the terminal session and the event loop. Everything else of the
//! browser is in plain state (`app`), a key table (`keymap`) and drawing (`ui`).
//!
//! A keystroke travels: the terminal -> `read_events` (a thread) -> `event_loop` ->
//! `App::actions_for` (the key table, in the contexts of the mode and pane) -> `App::update`
//! -> an `Effect` performed here (copy, write, quit) and reported back -> `ui::render`.

pub mod action;
pub mod app;
pub mod config;
pub mod copier;
pub mod cursor;
pub mod effect;
pub mod hold;
pub mod keymap;
pub mod layout;
pub mod mouse;
pub mod overview;
pub mod search_line;
pub mod searching;
pub mod session;
pub mod signals;
pub mod start;
pub mod theme;
pub mod tracker;
pub mod tracking;
pub mod ui;
pub mod writer;

use std::io::{self, Stdout, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use self::action::Action;
use self::app::App;
use self::copier::Copier;
use self::effect::{Effect, Step};
pub use self::hold::Held;
use self::searching::Searches;
use self::tracker::{Keeper, Tracker, Undone};
use self::writer::Writer;
use crate::clipboard::{self, Environment};
use crate::core::query::SearchIndex;

/// How the browser ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal ended it: SIGTERM, or SIGHUP when an SSH connection dropped; on Windows a
    /// console event numbered as its signal (see `signals`).
    Signal(i32),
    /// The terminal went away (a dropped SSH connection, a killed tmux pane) before or
    /// without a SIGHUP.
    HangUp,
}

/// How often the loop looks at the signal flag, the terminal and the copies in progress
/// while nothing arrives. Nothing is drawn then unless something changed.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

/// The longest the program waits, once the browser has ended, for copies in progress and
/// for handing the desktop clipboard over, before it ends the helpers and exits.
pub const EXIT_WITHIN: Duration = Duration::from_millis(2500);

/// How long the browser, at exit, waits for a file still being written.
pub const WRITE_WITHIN: Duration = Duration::from_secs(30);

/// How long the browser, at exit, waits for tracking changes on their way: longer than the
/// database waits for a lock.
pub const TRACK_WITHIN: Duration = Duration::from_secs(15);

/// What reaches the event loop: the terminal's events, the copier's, the writer's and the
/// searches' news.
enum Incoming {
    Terminal(io::Result<Event>),
    Copy(copier::Done),
    Written(writer::Done),
    /// The background search of this id has ended.
    Searched(u64),
    /// The tracking database's answer to a change.
    Tracked(tracking::Tracked),
}

/// Runs the browser on a prepared `app` until the user quits, a signal arrives or the
/// terminal goes away; the terminal is restored in every case, also after a panic. `at_end`
/// sees the last state, after the terminal is restored, however the browser ended: the user
/// quit, a signal, the terminal hung up, or an error while drawing. Only a panic skips it.
/// Copies still running and the desktop clipboard's hand-over then get `EXIT_WITHIN` at
/// most; tracking changes on their way, `TRACK_WITHIN`. `keeper` does the tracking
/// changes, when the browser tracks.
pub fn run(
    mut app: App,
    mut held: Held,
    keeper: Option<Keeper>,
    at_end: impl FnOnce(&App),
) -> io::Result<Ended> {
    let env = Environment::from_process();
    let signal = held.hand_over()?;
    // OSC 52 goes to the same terminal the frames do, between two frames.
    let mut effects = clipboard::System::new(io::stdout());
    let (sender, incoming) = mpsc::channel();
    let mut copier = Copier::system(&env, teller(&sender, Incoming::Copy));
    let mut writer = Writer::new(&env, teller(&sender, Incoming::Written));
    let searched = teller(&sender, Incoming::Searched);
    let mut searches = Searches::new(Arc::new(move |id| {
        searched(id);
    }));
    let draft_file = keeper
        .as_ref()
        .and_then(|k| k.draft_file().map(Path::to_path_buf));
    let tracked = teller(&sender, Incoming::Tracked);
    let mut tracker = keeper.map(|keeper| Tracker::start(keeper, tracked));
    let mut session = TerminalSession::start()?;
    read_events(sender);
    let mut edge = Edge {
        env: &env,
        effects: &mut effects,
        copier: &mut copier,
        writer: &mut writer,
        searches: &mut searches,
        tracker: tracker.as_mut(),
    };
    let outcome = event_loop(&mut app, &mut session, &incoming, &signal, &mut edge);
    searches.stop();
    drop(session);
    at_end(&app);
    if let Some(tracker) = tracker {
        finish_tracking(tracker, &app, draft_file.as_deref());
    }
    finish_writing(writer);
    finish_copying(copier, &incoming);
    outcome
}

/// How a worker thread tells the event loop its news: false once the loop is gone.
fn teller<T: 'static>(
    sender: &Sender<Incoming>,
    news: fn(T) -> Incoming,
) -> Arc<dyn Fn(T) -> bool + Send + Sync> {
    let sender = Mutex::new(sender.clone());
    Arc::new(move |item| sender.lock().is_ok_and(|s| s.send(news(item)).is_ok()))
}

/// Waits for the tracking changes on their way, and says which were not made.
fn finish_tracking(tracker: Tracker, app: &App, draft_file: Option<&Path>) {
    if let Some(pending) = app.tracking().map(|t| t.pending()).filter(|&n| n > 0) {
        let finishing = crate::say!(
            "reforms: recording {pending} tracking changes...",
            "reforms: 正在记录 {pending} 项落实情况..."
        );
        let _ = writeln!(io::stderr(), "{finishing}");
    }
    let undone = tracker.finish(TRACK_WITHIN);
    tell_unwritten(&undone, draft_file);
}

/// Waits for a file being written, and says when it could not be finished.
fn finish_writing(writer: Writer) {
    if writer.progress().is_some() {
        let finishing = crate::say!(
            "reforms: finishing the file being written...",
            "reforms: 正在写完文件..."
        );
        let _ = writeln!(io::stderr(), "{finishing}");
    }
    for path in writer.finish(WRITE_WITHIN) {
        let _ = writeln!(
            io::stderr(),
            "{}",
            crate::say!(
                "reforms: {}: not written: still being written after {} s",
                "reforms: {}: 未写入: {} 秒后仍在写",
                crate::core::safe::one_line(&path.display().to_string()),
                WRITE_WITHIN.as_secs()
            )
        );
    }
}

/// Waits for the copies still running and the desktop clipboard's hand-over: its text
/// would vanish with this process on X11.
fn finish_copying(copier: Copier, incoming: &Receiver<Incoming>) {
    let news = |left: Duration| loop {
        match incoming.recv_timeout(left) {
            Ok(Incoming::Copy(done)) => return Some(done),
            Ok(_) => {}
            Err(_) => return None,
        }
    };
    if let Err(e) = copier.finish(EXIT_WITHIN, news) {
        // Not eprintln!, which panics when the terminal has gone away.
        let _ = writeln!(
            io::stderr(),
            "{}",
            crate::say!(
                "reforms: the clipboard's text ends with the program: {e}",
                "reforms: 剪贴板中的文字随程序退出而消失: {e}"
            )
        );
    }
}

/// What performs the effects: the terminal and files at once, the helpers on the copier;
/// and the searches of a big catalog.
struct Edge<'a> {
    env: &'a Environment,
    effects: &'a mut clipboard::System<Stdout>,
    copier: &'a mut Copier,
    writer: &'a mut Writer,
    searches: &'a mut Searches,
    tracker: Option<&'a mut Tracker>,
}

impl Edge<'_> {
    /// Applies an action and performs the effect it asks for, as `perform` does, but with
    /// a copy's helper routes left running on the copier. Returns `Quit` when the browser
    /// is to end.
    fn perform(&mut self, app: &mut App, action: Action) -> Option<Effect> {
        let effect = app.update(action)?;
        let report = match effect::perform(effect, self.env, self.effects) {
            Step::Quit => return Some(Effect::Quit),
            Step::Report(report) => Some(report),
            Step::Copy(export) => {
                let started = clipboard::start(
                    self.env,
                    app.osc52_max,
                    self.effects,
                    &export.text,
                    export.html.is_some(),
                );
                self.copier.start(&export, started)
            }
            Step::Write { path, export } => {
                self.writer.start(path, export);
                None
            }
            Step::Track(request) => {
                if let Some(tracker) = self.tracker.as_deref_mut() {
                    tracker.send(request);
                }
                None
            }
            // A terminal that cannot be told has gone away: the loop notices that itself.
            Step::Mouse(true) => execute!(io::stdout(), EnableMouseCapture).err().and(None),
            Step::Mouse(false) => execute!(io::stdout(), DisableMouseCapture).err().and(None),
        };
        self.show_progress(app);
        app.update(Action::Reported(report?))
    }

    /// Tells the app what the copier and the writer are doing, when that changed (each
    /// update settles the whole view, so a key is not applied twice for nothing).
    fn show_progress(&self, app: &mut App) {
        let progress = self.copier.progress();
        if app.copying != progress {
            app.update(Action::Copying(progress));
        }
        let writing = self.writer.progress();
        if app.writing != writing {
            app.update(Action::Writing(writing));
        }
    }

    /// Takes a writing thread's news: the report of its file.
    fn written(&mut self, app: &mut App, done: writer::Done) {
        let report = self.writer.receive(done);
        self.show_progress(app);
        app.update(Action::Reported(report));
    }

    /// Takes the copier's news: progress for the status bar, a report when a copy ends.
    fn receive(&mut self, app: &mut App, done: Option<copier::Done>) {
        let report = match done {
            Some(done) => self.copier.receive(done),
            None => self.copier.overdue(Instant::now()),
        };
        self.show_progress(app);
        if let Some(report) = report {
            app.update(Action::Reported(report));
        }
    }
}

/// Draws, then waits for the next event, until the user quits, a signal arrives or the
/// terminal goes away. Draws only when something changed.
fn event_loop(
    app: &mut App,
    session: &mut TerminalSession,
    incoming: &Receiver<Incoming>,
    signal: &AtomicUsize,
    edge: &mut Edge,
) -> io::Result<Ended> {
    // A failure of the terminal that has gone away is its hanging up, not an error to report
    // (to nobody).
    let hung_up_or = |e: io::Error| {
        if terminal_hung_up() {
            Ok(Ended::HangUp)
        } else {
            Err(e)
        }
    };
    let size = session.terminal().size()?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    // The search index of a big catalog takes most of the time it takes to open: it is
    // built after the first frame, which needs none, so the screen shows at once (and the
    // terminal has the cores to itself while it shows it); keys pressed meanwhile wait in
    // the channel, and are answered with it.
    if let Some(reforms) = app.index_to_build() {
        if let Err(e) = session.terminal().draw(|frame| ui::render(app, frame)) {
            return hung_up_or(e);
        }
        let index = SearchIndex::new(reforms);
        app.install_index(index);
    }
    app.search_in_background(app.index.len() >= searching::BACKGROUND_FROM);
    let mut changed = true;
    loop {
        if changed && let Err(e) = session.terminal().draw(|frame| ui::render(app, frame)) {
            return hung_up_or(e);
        }
        changed = false;
        let number = signal.load(Ordering::Relaxed);
        if number != 0 {
            return Ok(Ended::Signal(number as i32));
        }
        if terminal_hung_up() {
            return Ok(Ended::HangUp);
        }
        let event = match incoming.recv_timeout(SIGNAL_CHECK) {
            Ok(Incoming::Terminal(Ok(event))) => event,
            Ok(Incoming::Terminal(Err(e))) => return hung_up_or(e),
            Ok(Incoming::Copy(done)) => {
                edge.receive(app, Some(done));
                changed = true;
                continue;
            }
            Ok(Incoming::Written(done)) => {
                edge.written(app, done);
                changed = true;
                continue;
            }
            Ok(Incoming::Tracked(answer)) => {
                if let Some(tracker) = edge.tracker.as_deref_mut() {
                    tracker.took();
                }
                edge.perform(app, Action::Tracked(answer));
                changed = true;
                continue;
            }
            Ok(Incoming::Searched(id)) => {
                edge.searches.ended(id, app);
                changed = true;
                continue;
            }
            Err(RecvTimeoutError::Timeout) => {
                if edge.copier.busy() {
                    edge.receive(app, None);
                    changed = true;
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => {
                return hung_up_or(io::Error::other("the terminal's input ended"));
            }
        };
        changed = true;
        let actions = app.actions_for(&event);
        // A key that acts on the list acts on what the query typed before it finds.
        if app.searching().is_some() && !actions.iter().all(searching::can_overtake) {
            edge.searches.wait(app);
        }
        for action in actions {
            if let Some(Effect::Quit) = edge.perform(app, action) {
                return Ok(Ended::Quit);
            }
        }
        edge.searches.follow(app);
        debug_fault::after_key(&event)?;
    }
}

/// The terminal's events, read on a thread of their own. crossterm's reading never returns
/// once the terminal has hung up (it reads end-of-file again and again), so the event loop
/// must not wait inside it: it waits on the channel, with a timeout, and notices the
/// hang-up and the signals itself. The thread ends with the process.
fn read_events(sender: Sender<Incoming>) {
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if sender.send(Incoming::Terminal(event)).is_err() || failed {
                break;
            }
        }
    });
}

/// Whether the terminal on standard input has hung up: poll(2) reports it even when no
/// input is asked for.
#[cfg(unix)]
fn terminal_hung_up() -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    poll(&mut fds, Some(&now)).is_ok_and(|ready| ready > 0)
        && fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
}

#[cfg(not(unix))]
fn terminal_hung_up() -> bool {
    false
}

/// Faults on demand, for the tests that prove the terminal comes back after a panic or an
/// I/O error while drawing. Only in debug builds, which the tests use; a release build has
/// no such path.
mod debug_fault {
    use std::io;

    use crossterm::event::Event;

    /// After the first key: a panic, or the error a failing terminal write gives the draw.
    #[cfg(debug_assertions)]
    pub fn after_key(event: &Event) -> io::Result<()> {
        if !matches!(event, Event::Key(_)) {
            return Ok(());
        }
        match std::env::var("REFORMS_DEBUG_FAULT").as_deref() {
            Ok("panic") => panic!("fault injected after a key (REFORMS_DEBUG_FAULT=panic)"),
            Ok("draw-error") => Err(io::Error::other(
                "fault injected while drawing (REFORMS_DEBUG_FAULT=draw-error)",
            )),
            _ => Ok(()),
        }
    }

    #[cfg(not(debug_assertions))]
    pub fn after_key(_: &Event) -> io::Result<()> {
        Ok(())
    }
}

/// Applies an action and performs the effect `update` asks for, copies included, at once,
/// reporting back what happened so the next frame's status bar says it. A failure is a
/// report, never an error that ends the browser. Returns `Quit` when the browser is to end.
/// The event loop does the same with the copies' helpers off its thread.
pub fn perform(
    app: &mut App,
    action: Action,
    env: &Environment,
    effects: &mut (impl clipboard::Effects + clipboard::Helpers),
    keeper: Option<&mut Keeper>,
) -> Option<Effect> {
    let effect = app.update(action)?;
    let report = match effect::perform(effect, env, effects) {
        Step::Quit => return Some(Effect::Quit),
        Step::Report(report) => report,
        Step::Copy(export) => effect::copy_now(&export, env, app.osc52_max, effects),
        Step::Write { path, export } => effect::write(path, &export, env, effects),
        Step::Track(request) => {
            let answer = keeper?.perform(request);
            return app.update(Action::Tracked(answer));
        }
        // No terminal to tell here.
        Step::Mouse(_) => return None,
    };
    app.update(Action::Reported(report))
}

/// Says on standard error which tracking changes the database did not make before the
/// browser ended, and keeps the text of a note among them as the draft offered next time.
fn tell_unwritten(undone: &[(tracking::Request, Undone)], draft_file: Option<&Path>) {
    let lang = crate::core::say::messages();
    for (request, why) in undone {
        let (key, what) = match request {
            tracking::Request::Status { key, status, .. } => {
                let field = crate::track::Field::Status.label(lang);
                (key, format!("{field} {}", status.label(lang)))
            }
            tracking::Request::Note { key, text, .. } => {
                let draft = tracking::Draft {
                    document: key.document.clone(),
                    number: key.number,
                    agency: key.agency.clone(),
                    text: text.clone(),
                };
                let kept = draft_file.is_some_and(|path| tracker::keep_draft(&draft, path).is_ok());
                (key, lang.unrecorded_note(kept))
            }
            _ => continue,
        };
        let why = match why {
            Undone::Refused(why) => why.clone(),
            Undone::NoAnswer => lang.labels().no_answer_in_time.to_string(),
        };
        let said = lang.unrecorded(&key.document, key.number, &key.agency, &what, &why);
        let _ = writeln!(io::stderr(), "reforms: {said}");
    }
}

/// Raw mode, the alternate screen, mouse reporting and bracketed paste, for as long as the
/// value lives.
struct TerminalSession {
    /// Always `Some` until the value is dropped.
    terminal: Option<Terminal<CrosstermBackend<Stdout>>>,
}

impl TerminalSession {
    fn start() -> io::Result<TerminalSession> {
        install_panic_hook();
        TERMINAL_TAKEN.store(true, Ordering::SeqCst);
        if let Err(e) = enable_raw_mode() {
            TERMINAL_TAKEN.store(false, Ordering::SeqCst);
            return Err(e);
        }
        let mut stdout = io::stdout();
        if let Err(e) = execute!(
            stdout,
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        ) {
            restore_terminal();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| {
            restore_terminal();
        })?;
        Ok(TerminalSession {
            terminal: Some(terminal),
        })
    }

    fn terminal(&mut self) -> &mut Terminal<CrosstermBackend<Stdout>> {
        self.terminal
            .as_mut()
            .expect("the terminal lives as long as the session")
    }
}

impl Drop for TerminalSession {
    fn drop(&mut self) {
        restore_terminal();
        if let Some(mut terminal) = self.terminal.take() {
            // ratatui's own drop shows a hidden cursor and, when that fails, reports it with
            // eprintln!, which panics on a terminal that has hung up. The cursor is shown
            // above already; a terminal that cannot take it is gone, and is left undropped.
            if terminal.show_cursor().is_err() {
                std::mem::forget(terminal);
            }
        }
    }
}

/// Whether the terminal is in the browser's modes, so that they are undone once only.
static TERMINAL_TAKEN: AtomicBool = AtomicBool::new(false);

/// Leaves raw mode and the alternate screen and stops mouse reporting. Only the first call
/// after the terminal was taken does it: a second "leave the alternate screen" would move
/// the cursor back to where the browser started (tmux and xterm restore the cursor saved on
/// entering), over whatever was printed in between, such as a panic message.
pub fn restore_terminal() {
    if !TERMINAL_TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal before the panic message is printed, so it is readable. A panic
/// that is caught where it happens (see [`crate::core::unwind`]) leaves the browser as it is.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::core::unwind::is_caught() {
            return;
        }
        restore_terminal();
        previous(info);
    }));
}
