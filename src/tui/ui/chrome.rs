//! The chrome every part of the screen shares: bordered panes and overlays, their titles,
//! scrollbars, and styled pieces of text as ratatui lines.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::symbols::{border, scrollbar};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::core::text;
use crate::tui::layout;
use crate::tui::theme::Theme;

/// Styled pieces as a ratatui line.
pub fn line(pieces: Vec<(String, Style)>) -> Line<'static> {
    Line::from(
        pieces
            .into_iter()
            .map(|(text, style)| Span::styled(text, style))
            .collect::<Vec<_>>(),
    )
}

/// A bordered pane; the focused one stands out. In ambiguous-wide mode the borders are
/// ASCII, since box-drawing characters would take two cells there.
pub fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    let block = Block::bordered()
        .title(Span::styled(
            title,
            if focused {
                theme.focused_title
            } else {
                theme.title
            },
        ))
        .border_style(if focused {
            theme.focused_border
        } else {
            theme.border
        });
    if text::ambiguous_wide() {
        block.border_set(border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        })
    } else if focused {
        block.border_set(border::THICK)
    } else {
        block
    }
}

/// A pane title that fits the border, leaving room for its corners.
pub fn pane_title(title: &str, area: Rect) -> String {
    let room = usize::from(area.width.saturating_sub(4));
    text::truncate(title, room)
}

pub fn scrollbar_for(frame: &mut Frame, area: Rect, len: usize, height: usize, offset: usize) {
    if len <= height || area.height < 3 {
        return;
    }
    let symbols = if text::ambiguous_wide() {
        scrollbar::Set {
            track: "|",
            thumb: "#",
            begin: "",
            end: "",
        }
    } else {
        scrollbar::Set {
            track: "│",
            thumb: "┃",
            begin: "",
            end: "",
        }
    };
    let mut state = ScrollbarState::new(len.saturating_sub(height))
        .position(offset)
        .viewport_content_length(height);
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .symbols(symbols)
            .begin_symbol(None)
            .end_symbol(None),
        area.inner(Margin {
            vertical: 1,
            horizontal: 0,
        }),
        &mut state,
    );
}

/// Clears the overlay's area over the panes and draws its frame: `title` on top, `hint` (its
/// keys) at the bottom. Returns the overlay's area and the area inside its border.
pub fn overlay(
    frame: &mut Frame,
    size: Rect,
    title: &str,
    hint: &str,
    theme: &Theme,
) -> (Rect, Rect) {
    let area = layout::help_area(size);
    let block = pane_block(pane_title(&format!(" {title} "), area), true, theme).title_bottom(
        Span::styled(
            text::truncate(
                &format!(" {hint} "),
                usize::from(area.width.saturating_sub(4)),
            ),
            theme.title,
        ),
    );
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    (area, inner)
}
