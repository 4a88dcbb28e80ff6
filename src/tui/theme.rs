//! Colours and emphasis. With `NO_COLOR` set, only bold, reverse and underline are used.

use ratatui::style::{Color, Modifier, Style};

use crate::detail::Role;

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
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::colour(),
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
