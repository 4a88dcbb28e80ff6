//! The interactive browser: the terminal session and the event loop. Everything else of the
//! browser is in plain state (`app`), a key table (`keymap`) and drawing (`ui`).

pub mod action;
pub mod app;
pub mod copy;
pub mod keymap;
pub mod labels;
pub mod layout;
pub mod search_line;
pub mod theme;
pub mod ui;

use std::io::{self, Stdout};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use self::action::Action;
use self::app::{App, Mode, Options};
use crate::catalog::Catalog;
use crate::clipboard::{self, Environment};

/// Runs the browser until the user quits. The terminal is restored on return, on error and
/// after a panic.
pub fn run(catalog: Catalog, options: Options) -> io::Result<()> {
    let mut app = App::new(catalog, options);
    let env = Environment::from_process();
    // OSC 52 goes to the same terminal the frames do, between two frames.
    let mut effects = clipboard::System::new(&env, io::stdout());
    let mut session = TerminalSession::start()?;
    let size = session.terminal.size()?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    while !app.quit {
        session.terminal.draw(|frame| ui::render(&app, frame))?;
        let event = event::read()?;
        for action in actions_for(&event, &app) {
            app.update(action);
            perform_pending(&mut app, &env, &mut effects);
        }
    }
    drop(session);
    // The desktop clipboard's text would vanish with this process on X11.
    if let Err(e) = effects.hand_over() {
        eprintln!("reforms: the clipboard's text ends with the program: {e}");
    }
    Ok(())
}

/// Performs what `update` asked for and reports back what happened, so the next frame's
/// status bar says it. A failure is a report, never an error that ends the browser.
pub fn perform_pending(app: &mut App, env: &Environment, effects: &mut dyn clipboard::Effects) {
    while let Some(effect) = app.pending.take() {
        let report = copy::perform(effect, env, app.osc52_max, effects);
        app.update(Action::Copied(report));
    }
}

/// What an event from the terminal means for the browser.
pub fn actions_for(event: &Event, app: &App) -> Vec<Action> {
    match event {
        // Input methods and some terminals also report releases; act once per press.
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            keymap::action_for(*key, &app.contexts())
                .into_iter()
                .collect()
        }
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => vec![Action::Click {
                column: mouse.column,
                row: mouse.row,
            }],
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => vec![Action::Scroll {
                column: mouse.column,
                row: mouse.row,
                down: mouse.kind == MouseEventKind::ScrollDown,
            }],
            _ => Vec::new(),
        },
        // Pasted text is a query: open the search line for it when it is not open.
        Event::Paste(text) => match app.mode {
            Mode::Search => vec![Action::Input(text.clone())],
            Mode::Browse => vec![Action::StartSearch, Action::Input(text.clone())],
            Mode::Write => vec![Action::Input(text.clone())],
            Mode::Help => Vec::new(),
        },
        Event::Resize(width, height) => vec![Action::Resize {
            width: *width,
            height: *height,
        }],
        _ => Vec::new(),
    }
}

/// Raw mode, the alternate screen, mouse reporting and bracketed paste, for as long as the
/// value lives.
struct TerminalSession {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalSession {
    fn start() -> io::Result<TerminalSession> {
        install_panic_hook();
        enable_raw_mode()?;
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
        Ok(TerminalSession { terminal })
    }
}

impl Drop for TerminalSession {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Leaves raw mode and the alternate screen and stops mouse reporting; safe to call twice.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal before the panic message is printed, so it is readable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}
