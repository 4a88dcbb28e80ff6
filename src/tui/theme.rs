//! Colours and emphasis. With `NO_COLOR` set, only bold, reverse and underline are used.

use ratatui::style::{Color, Modifier, Style};

use crate::detail::Role;

/// The themes a user can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThemeName {
    #[default]
    Default,
    HighContrast,
    Plain,
}

/// Whether `NO_COLOR` asks for no colours: set to anything but the empty string.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub focused_title: Style,
    pub border: Style,
    pub focused_border: Style,
    pub cursor: Style,
    pub cursor_unfocused: Style,
    pub matched: Style,
    pub mark: Style,
    pub number: Style,
    pub prompt: Style,
    pub input: Style,
    pub status: Style,
    pub key: Style,
    pub label: Style,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::colour()
    }
}

impl Theme {
    /// The theme for this environment: plain when `NO_COLOR` is set to anything.
    pub fn from_env() -> Theme {
        Theme::named(ThemeName::Default, no_color())
    }

    /// The theme of a name; with `no_color`, plain whatever the name, as NO_COLOR asks.
    pub fn named(name: ThemeName, no_color: bool) -> Theme {
        match name {
            _ if no_color => Theme::plain(),
            ThemeName::Default => Theme::colour(),
            ThemeName::HighContrast => Theme::high_contrast(),
            ThemeName::Plain => Theme::plain(),
        }
    }

    /// Bright, bold colours on the terminal's background, for low-contrast screens and
    /// projectors: white borders, a bold reversed cursor, black-on-yellow matches.
    pub fn high_contrast() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            text: Style::new().fg(Color::White),
            dim: Style::new().fg(Color::White),
            title: bold.fg(Color::White),
            focused_title: bold.fg(Color::LightYellow),
            border: Style::new().fg(Color::White),
            focused_border: bold.fg(Color::LightYellow),
            cursor: bold.add_modifier(Modifier::REVERSED),
            cursor_unfocused: bold.add_modifier(Modifier::UNDERLINED),
            matched: bold.fg(Color::Black).bg(Color::Yellow),
            mark: bold.fg(Color::LightGreen),
            number: bold.fg(Color::LightCyan),
            prompt: bold.fg(Color::LightYellow),
            input: bold.fg(Color::White),
            status: bold.bg(Color::White).fg(Color::Black),
            key: bold.fg(Color::LightYellow),
            label: bold.fg(Color::LightCyan),
        }
    }

    pub fn colour() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            text: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new(),
            focused_title: bold.fg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            focused_border: Style::new().fg(Color::Cyan),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            cursor_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            matched: bold.fg(Color::Yellow),
            mark: bold.fg(Color::Green),
            number: Style::new().fg(Color::Blue),
            prompt: bold.fg(Color::Cyan),
            input: bold,
            status: Style::new().bg(Color::DarkGray).fg(Color::White),
            key: bold.fg(Color::Cyan),
            label: bold.fg(Color::Blue),
        }
    }

    pub fn plain() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            text: Style::new(),
            dim: Style::new(),
            title: Style::new(),
            focused_title: bold,
            border: Style::new(),
            focused_border: bold,
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            cursor_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            matched: bold.add_modifier(Modifier::UNDERLINED),
            mark: bold,
            number: Style::new(),
            prompt: bold,
            input: bold,
            status: Style::new().add_modifier(Modifier::REVERSED),
            key: bold,
            label: bold,
        }
    }

    /// The style of a piece of the detail layout.
    pub fn role(&self, role: Role) -> Style {
        match role {
            Role::Title => self.focused_title,
            Role::Label => self.label,
            Role::Match => self.matched,
            _ => self.text,
        }
    }
}
