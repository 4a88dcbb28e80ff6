//! The browser without a terminal: keys fed through the key table and `App::update`, the
//! effects it asks for performed on a recorder, and screens drawn into a `TestBackend`.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

use reforms::Catalog;
use reforms::clipboard::{Environment, Recorder};
use reforms::core::text::str_width;
use reforms::documents::export::{self, Format};
use reforms::lang::Lang;
use reforms::tui::action::Action;
use reforms::tui::app::{App, Options};
use reforms::tui::tracker::Keeper;
use reforms::tui::{self, ui};

/// The cache folder of the test environment.
pub const CACHE: &str = "/home/u/.cache/reforms/last-export.txt";

/// A browser with its edge: the environment its copies see, and a recorder of what reaches
/// each clipboard route and file.
pub struct Browser {
    pub app: App,
    pub env: Environment,
    pub effects: Recorder,
    /// The browser asked to end.
    pub quit: bool,
    /// What does the tracking changes, when the browser tracks.
    pub keeper: Option<Keeper>,
}

impl Browser {
    /// The browser in Chinese on the embedded dataset, at 120x40.
    pub fn new() -> Browser {
        Browser::sized(Lang::Zh, 120, 40)
    }

    pub fn sized(lang: Lang, width: u16, height: u16) -> Browser {
        let options = Options {
            lang,
            ..Options::default()
        };
        Browser::with(options, width, height)
    }

    pub fn with(options: Options, width: u16, height: u16) -> Browser {
        Browser::on(Catalog::embedded().unwrap(), options, width, height)
    }

    /// The browser on another catalog.
    pub fn on(catalog: Catalog, options: Options, width: u16, height: u16) -> Browser {
        let mut browser = Browser {
            app: App::new(catalog, options),
            env: Environment {
                tmux: true,
                home: Some("/home/u".into()),
                cache_dir: Some("/home/u/.cache/reforms".into()),
                ..Environment::default()
            },
            effects: Recorder::default(),
            quit: false,
            keeper: None,
        };
        browser.act(Action::Resize { width, height });
        browser
    }

    /// Applies an action as the event loop does, performing what it asks for.
    pub fn act(&mut self, action: Action) {
        let keeper = self.keeper.as_mut();
        if tui::perform(&mut self.app, action, &self.env, &mut self.effects, keeper).is_some() {
            self.quit = true;
        }
    }

    /// A terminal event, as the event loop gets it.
    pub fn event(&mut self, event: Event) {
        for action in self.app.actions_for(&event) {
            self.act(action);
        }
    }

    pub fn press_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        self.event(Event::Key(KeyEvent::new(code, modifiers)));
    }

    pub fn press(&mut self, code: KeyCode) {
        self.press_with(code, KeyModifiers::NONE);
    }

    /// Types each character as a key press, as a terminal delivers committed text.
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// The numbers of the reforms shown, in the order shown.
    pub fn numbers(&self) -> Vec<u32> {
        let catalog = self.app.catalog();
        self.app
            .view()
            .iter()
            .map(|&i| catalog.reforms[i].number)
            .collect()
    }

    pub fn current_number(&self) -> Option<u32> {
        self.app.current().map(|r| r.number)
    }

    /// The status bar's message.
    pub fn message(&self) -> String {
        self.app.message().unwrap_or_default().to_string()
    }

    /// The screen at the browser's size.
    pub fn draw(&self) -> Terminal<TestBackend> {
        draw(&self.app)
    }
}

/// `app` drawn at its size.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let size = app.size();
    let mut terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    terminal.draw(|frame| ui::render(app, frame)).unwrap();
    terminal
}

/// The screen as a person sees it: one line per row, a wide character once (the cell it
/// covers is not repeated). Every row must take exactly the terminal's width.
pub fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    let mut rows = Vec::new();
    for y in 0..buffer.area.height {
        let mut row = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = str_width(symbol).saturating_sub(1);
            row.push_str(symbol);
        }
        assert_eq!(str_width(&row), width, "row {y}: {row:?}");
        rows.push(row);
    }
    rows.join("\n")
}

/// The screen with its styles: each row's text, then every run of cells that shares a
/// style, as `columns: colour, bold, reverse...`. A lost highlight, cursor or focus border
/// changes it.
pub fn styled_screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let text = screen(terminal);
    let mut out = String::new();
    for (y, row) in text.lines().enumerate() {
        out.push_str(row);
        out.push('\n');
        // Each cell's style; the cell a wide character covers takes the character's.
        let mut styles: Vec<String> = Vec::new();
        let mut covered = 0;
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y as u16)];
            if covered > 0 {
                covered -= 1;
                let last = styles.last().cloned().unwrap_or_default();
                styles.push(last);
                continue;
            }
            covered = str_width(cell.symbol()).saturating_sub(1);
            styles.push(describe(cell.fg, cell.bg, cell.modifier));
        }
        let mut start = 0;
        for x in 1..=styles.len() {
            if x == styles.len() || styles[x] != styles[start] {
                if !styles[start].is_empty() {
                    out.push_str(&format!("  {start}..{x}: {}\n", styles[start]));
                }
                start = x;
            }
        }
    }
    out
}

fn describe(fg: Color, bg: Color, modifier: Modifier) -> String {
    let mut parts = Vec::new();
    if fg != Color::Reset {
        parts.push(format!("fg {fg:?}"));
    }
    if bg != Color::Reset {
        parts.push(format!("bg {bg:?}"));
    }
    for (flag, name) in [
        (Modifier::BOLD, "bold"),
        (Modifier::REVERSED, "reversed"),
        (Modifier::UNDERLINED, "underlined"),
        (Modifier::DIM, "dim"),
    ] {
        if modifier.contains(flag) {
            parts.push(name.to_string());
        }
    }
    parts.join(", ")
}

/// The reforms numbered `numbers` of the embedded dataset, rendered for the clipboard.
pub fn rendered(format: Format, numbers: &[u32]) -> String {
    let catalog = Catalog::embedded().unwrap();
    let chosen: Vec<_> = numbers
        .iter()
        .map(|&n| catalog.by_number(n).unwrap())
        .collect();
    export::render_for_clipboard(format, &chosen, Some(&catalog.document))
}
