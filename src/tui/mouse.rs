//! The mouse: what a click or the wheel is over, as pure functions of the layout, so that
//! `App::update` acts on a place of the screen, never on cells.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::layout::{self, Areas, Pane};

/// Rows the wheel moves at a time.
pub const WHEEL_STEP: isize = 3;

/// Cells of the check box at the start of an agency row.
pub const CHECK_BOX_WIDTH: u16 = 3;

/// What is under the mouse on the panes' screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The search line at the top.
    SearchLine,
    /// A row inside a pane, counted from the top of its inside; `check_box` when on the
    /// `[ ]` of an agency row.
    Row {
        pane: Pane,
        line: usize,
        check_box: bool,
    },
    /// A pane's border.
    Border(Pane),
    /// The status bar, the key line.
    Nothing,
}

/// What is under the mouse while an overlay (help, overview) covers the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverlayTarget {
    /// A row inside the overlay's border, counted from its top.
    Line(usize),
    Border,
    Outside,
}

/// The action of a mouse event: a left click or the wheel.
pub fn action(event: &MouseEvent) -> Option<Action> {
    let (column, row) = (event.column, event.row);
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::Scroll {
            column,
            row,
            down: event.kind == MouseEventKind::ScrollDown,
        }),
        _ => None,
    }
}

/// What is at a cell of the panes' screen.
pub fn target(areas: &Areas, column: u16, row: u16) -> Target {
    if row == areas.search.y && areas.search.contains(Position::new(column, row)) {
        return Target::SearchLine;
    }
    let Some(pane) = areas.pane_at(column, row) else {
        return Target::Nothing;
    };
    let Some(area) = areas.pane(pane) else {
        return Target::Nothing;
    };
    // Rows start inside the border.
    match usize::from(row).checked_sub(usize::from(area.y) + 1) {
        Some(line) if line < layout::inner_height(area) => Target::Row {
            pane,
            line,
            check_box: pane == Pane::Agencies
                && column > area.x
                && column <= area.x + CHECK_BOX_WIDTH,
        },
        _ => Target::Border(pane),
    }
}

/// What is at a cell while an overlay of the screen of `size` is open.
pub fn overlay_target(size: Rect, column: u16, row: u16) -> OverlayTarget {
    let area = layout::help_area(size);
    if !area.contains(Position::new(column, row)) {
        return OverlayTarget::Outside;
    }
    match usize::from(row).checked_sub(usize::from(area.y) + 1) {
        Some(line) if line < layout::inner_height(area) => OverlayTarget::Line(line),
        _ => OverlayTarget::Border,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_of_a_wide_screen() {
        let areas = layout::areas(Rect::new(0, 0, 160, 40), Pane::List).unwrap();
        assert_eq!(target(&areas, 5, 0), Target::SearchLine);
        assert_eq!(
            target(&areas, 5, areas.list.y + 1),
            Target::Row {
                pane: Pane::List,
                line: 0,
                check_box: false
            }
        );
        assert_eq!(target(&areas, 5, areas.list.y), Target::Border(Pane::List));
        let agencies = areas.agencies.unwrap();
        assert_eq!(
            target(&areas, agencies.x + 2, agencies.y + 3),
            Target::Row {
                pane: Pane::Agencies,
                line: 2,
                check_box: true
            }
        );
        assert_eq!(target(&areas, 5, areas.status.y), Target::Nothing);
    }

    #[test]
    fn overlay_targets() {
        let size = Rect::new(0, 0, 80, 24);
        let area = layout::help_area(size);
        assert_eq!(overlay_target(size, 0, 0), OverlayTarget::Outside);
        assert_eq!(overlay_target(size, area.x, area.y), OverlayTarget::Border);
        assert_eq!(
            overlay_target(size, area.x + 3, area.y + 3),
            OverlayTarget::Line(2)
        );
    }
}
