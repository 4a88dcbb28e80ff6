//! Colours and emphasis. With `NO_COLOR` set, only bold, reverse and underline are used.

use ratatui::style::{Color, Modifier, Style};

use crate::detail::Role;

/// The themes a user can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThemeName {
    /// Colours for the terminal's background: light or dark as the terminal answers when
    /// asked (OSC 11), dark when it does not answer.
    #[default]
    Default,
    /// Colours for a dark background.
    Dark,
    /// Colours for a light background.
    Light,
    /// Bold text in the terminal's own colours, with black-on-colour highlights: readable on
    /// dark and light backgrounds alike.
    HighContrast,
    Plain,
}

/// The terminal's background, as far as it can be known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

/// How long the terminal gets to answer what its background is. Terminals that cannot
/// answer are told apart at once by their answer to a second question every terminal
/// answers (see terminal-colorsaurus); this is for those that answer neither.
const BACKGROUND_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(400);

/// The terminal's background: asked of the terminal (OSC 10 and 11, whose answers tmux
/// and most terminals give), else read from `COLORFGBG` (rxvt, Konsole, some others set
/// it), else unknown. Call it before the browser takes the screen; it needs the terminal.
pub fn detect_background() -> Option<Background> {
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = BACKGROUND_TIMEOUT;
    match terminal_colorsaurus::theme_mode(options) {
        Ok(terminal_colorsaurus::ThemeMode::Light) => Some(Background::Light),
        Ok(terminal_colorsaurus::ThemeMode::Dark) => Some(Background::Dark),
        Err(_) => background_from_colorfgbg(std::env::var("COLORFGBG").ok().as_deref()),
    }
}

/// `COLORFGBG` is `fg;bg` (or `fg;default;bg`) in the 16 ANSI colours: 7 (white) and 9 to 15
/// but 8 (bright black) are light backgrounds.
fn background_from_colorfgbg(value: Option<&str>) -> Option<Background> {
    let bg: u8 = value?.rsplit(';').next()?.trim().parse().ok()?;
    Some(match bg {
        7 | 9..=15 => Background::Light,
        _ => Background::Dark,
    })
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
    /// `Default` is the dark theme here; [`Theme::for_background`] picks by the terminal.
    pub fn named(name: ThemeName, no_color: bool) -> Theme {
        match name {
            _ if no_color => Theme::plain(),
            ThemeName::Default | ThemeName::Dark => Theme::colour(),
            ThemeName::Light => Theme::light(),
            ThemeName::HighContrast => Theme::high_contrast(),
            ThemeName::Plain => Theme::plain(),
        }
    }

    /// The theme of a name on a terminal with this background: `Default` becomes light or
    /// dark by it; a named theme stays what it is.
    pub fn for_background(name: ThemeName, no_color: bool, background: Background) -> Theme {
        match (name, background) {
            (ThemeName::Default, Background::Light) if !no_color => Theme::light(),
            _ => Theme::named(name, no_color),
        }
    }

    /// Bold text in the terminal's own foreground colour, which is readable on its own
    /// background whether light or dark; highlights are black on a colour, a reversed
    /// cursor and a reversed status bar, which read the same on both. For low-contrast
    /// screens and projectors.
    pub fn high_contrast() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            text: bold,
            dim: Style::new(),
            title: bold,
            focused_title: bold.add_modifier(Modifier::UNDERLINED),
            border: Style::new(),
            focused_border: bold,
            cursor: bold.add_modifier(Modifier::REVERSED),
            cursor_unfocused: bold.add_modifier(Modifier::UNDERLINED),
            matched: bold.fg(Color::Black).bg(Color::Yellow),
            mark: bold.fg(Color::Black).bg(Color::Green),
            number: bold,
            prompt: bold.add_modifier(Modifier::UNDERLINED),
            input: bold,
            status: bold.add_modifier(Modifier::REVERSED),
            key: bold.fg(Color::Black).bg(Color::Cyan),
            label: bold.add_modifier(Modifier::UNDERLINED),
        }
    }

    /// Colours for a light background: dark blue, magenta and green, which keep their
    /// contrast on white where yellow and cyan fade.
    pub fn light() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            text: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new(),
            focused_title: bold.fg(Color::Blue),
            border: Style::new().fg(Color::DarkGray),
            focused_border: Style::new().fg(Color::Blue),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            cursor_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            matched: bold.fg(Color::Magenta).add_modifier(Modifier::UNDERLINED),
            mark: bold.fg(Color::Green),
            number: Style::new().fg(Color::Blue),
            prompt: bold.fg(Color::Blue),
            input: bold,
            status: Style::new().bg(Color::Gray).fg(Color::Black),
            key: bold.fg(Color::Blue),
            label: bold.fg(Color::Blue),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_tells_light_from_dark() {
        assert_eq!(
            background_from_colorfgbg(Some("0;15")),
            Some(Background::Light)
        );
        assert_eq!(
            background_from_colorfgbg(Some("15;0")),
            Some(Background::Dark)
        );
        assert_eq!(
            background_from_colorfgbg(Some("0;default;7")),
            Some(Background::Light)
        );
        assert_eq!(
            background_from_colorfgbg(Some("15;8")),
            Some(Background::Dark)
        );
        assert_eq!(background_from_colorfgbg(Some("junk")), None);
        assert_eq!(background_from_colorfgbg(None), None);
    }

    #[test]
    fn the_default_follows_the_background_and_a_named_theme_does_not() {
        let light = Background::Light;
        assert_eq!(
            Theme::for_background(ThemeName::Default, false, light),
            Theme::light()
        );
        assert_eq!(
            Theme::for_background(ThemeName::Default, false, Background::Dark),
            Theme::colour()
        );
        assert_eq!(
            Theme::for_background(ThemeName::Dark, false, light),
            Theme::colour()
        );
        assert_eq!(
            Theme::for_background(ThemeName::Default, true, light),
            Theme::plain()
        );
    }

    #[test]
    fn high_contrast_never_sets_a_foreground_without_its_background() {
        // A foreground colour alone is unreadable on one of the two backgrounds.
        let t = Theme::high_contrast();
        for style in [
            t.text,
            t.dim,
            t.title,
            t.focused_title,
            t.border,
            t.focused_border,
            t.cursor,
            t.cursor_unfocused,
            t.matched,
            t.mark,
            t.number,
            t.prompt,
            t.input,
            t.status,
            t.key,
            t.label,
        ] {
            assert!(style.fg.is_none() || style.bg.is_some(), "{style:?}");
        }
    }
}
