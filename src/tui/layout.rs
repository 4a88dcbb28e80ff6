//! Where each pane goes for a terminal size. A pure function, shared by drawing, by paging
//! (how many rows a page is) and by the mouse (which pane a click lands in).

use ratatui::layout::{Constraint, Layout, Rect};
use serde::{Deserialize, Serialize};

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pane {
    #[default]
    List,
    Detail,
    Agencies,
}

impl Pane {
    /// The pane `Tab` goes to.
    pub fn next(self) -> Pane {
        match self {
            Pane::List => Pane::Detail,
            Pane::Detail => Pane::Agencies,
            Pane::Agencies => Pane::List,
        }
    }

    /// The pane `Shift-Tab` goes to.
    pub fn prev(self) -> Pane {
        self.next().next()
    }
}

/// Below this the screen shows only a notice.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width the three panes stand side by side.
const THREE_COLUMNS: u16 = 110;
/// From this width the list and the detail stand side by side, the agencies under the list.
const TWO_COLUMNS: u16 = 72;
const AGENCY_COLUMN: u16 = 30;
/// Below this height the key line gives its row to the panes, and a narrow screen shows
/// only the focused pane.
const ROOMY: u16 = 16;

/// The areas of the screen. A pane that has no room at this size is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub search: Rect,
    pub list: Rect,
    pub detail: Option<Rect>,
    pub agencies: Option<Rect>,
    pub status: Rect,
    pub keys: Rect,
}

impl Areas {
    /// The pane at a cell of the screen.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let inside =
            |r: Rect| column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height;
        if inside(self.list) {
            Some(Pane::List)
        } else if self.detail.is_some_and(inside) {
            Some(Pane::Detail)
        } else if self.agencies.is_some_and(inside) {
            Some(Pane::Agencies)
        } else {
            None
        }
    }

    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::List => Some(self.list),
            Pane::Detail => self.detail,
            Pane::Agencies => self.agencies,
        }
    }
}

/// The areas for a screen of `size`, or `None` when it is too small to draw the panes.
/// On a narrow screen the detail and the agencies share the lower half: the focused one
/// is shown.
pub fn areas(size: Rect, focus: Pane) -> Option<Areas> {
    if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
        return None;
    }
    let roomy = size.height >= ROOMY;
    let [search, body, status, keys] = rows(size);
    let (list, detail, agencies) = if size.width >= THREE_COLUMNS {
        let [list, detail, agencies] = Layout::horizontal([
            Constraint::Percentage(34),
            Constraint::Fill(1),
            Constraint::Length(AGENCY_COLUMN),
        ])
        .areas(body);
        (list, Some(detail), Some(agencies))
    } else if size.width >= TWO_COLUMNS {
        let [left, detail] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Fill(1)]).areas(body);
        let [list, agencies] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Fill(1)]).areas(left);
        (list, Some(detail), Some(agencies))
    } else if !roomy {
        match focus {
            Pane::List => (body, None, None),
            Pane::Detail => (Rect { height: 0, ..body }, Some(body), None),
            Pane::Agencies => (Rect { height: 0, ..body }, None, Some(body)),
        }
    } else {
        let [list, lower] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(body);
        if focus == Pane::Agencies {
            (list, None, Some(lower))
        } else {
            (list, Some(lower), None)
        }
    };
    Some(Areas {
        search,
        list,
        detail,
        agencies,
        status,
        keys,
    })
}

/// The rows of the screen: search line, panes, status bar and (when roomy) key line.
fn rows(size: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(size.height >= ROOMY)),
    ])
    .areas(size)
}

/// The help overlay and the overview: over the panes, less a small margin at the sides, so
/// that the status bar and the key line (which then shows the overlay's keys) stay whole.
pub fn help_area(size: Rect) -> Rect {
    let [_, body, _, _] = rows(size);
    body.inner(ratatui::layout::Margin {
        horizontal: 2.min(size.width / 8),
        vertical: 0,
    })
}

/// Rows inside a bordered pane.
pub fn inner_height(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlays_leave_the_search_line_status_bar_and_key_line_whole() {
        for (width, height) in [(40, 10), (60, 20), (80, 24), (200, 60), (1, 1), (0, 0)] {
            let size = Rect::new(0, 0, width, height);
            let overlay = help_area(size);
            let [search, _, status, keys] = rows(size);
            for row in [search, status, keys] {
                assert!(
                    row.height == 0 || !row.intersects(overlay),
                    "{width}x{height}: {overlay:?} covers {row:?}"
                );
            }
            assert!(size.contains(overlay.as_position()) || overlay.is_empty());
        }
    }

    #[test]
    fn three_two_and_one_columns() {
        let wide = areas(Rect::new(0, 0, 160, 40), Pane::List).unwrap();
        assert!(wide.detail.is_some() && wide.agencies.is_some());
        assert_eq!(wide.agencies.unwrap().width, AGENCY_COLUMN);
        let medium = areas(Rect::new(0, 0, 80, 24), Pane::List).unwrap();
        assert_eq!(medium.agencies.unwrap().x, medium.list.x);
        let narrow = areas(Rect::new(0, 0, 50, 20), Pane::List).unwrap();
        assert!(narrow.agencies.is_none());
        let narrow = areas(Rect::new(0, 0, 50, 20), Pane::Agencies).unwrap();
        assert!(narrow.detail.is_none() && narrow.agencies.is_some());
        let short = areas(Rect::new(0, 0, 40, 10), Pane::List).unwrap();
        assert_eq!(short.list.height, 8);
        assert_eq!(short.keys.height, 0);
        let short = areas(Rect::new(0, 0, 40, 10), Pane::Detail).unwrap();
        assert_eq!(short.detail.unwrap().height, 8);
        assert_eq!(short.list.height, 0);
    }

    #[test]
    fn too_small() {
        assert!(areas(Rect::new(0, 0, 39, 30), Pane::List).is_none());
        assert!(areas(Rect::new(0, 0, 100, 9), Pane::List).is_none());
        assert!(areas(Rect::new(0, 0, 40, 10), Pane::List).is_some());
    }

    #[test]
    fn clicks_find_their_pane() {
        let a = areas(Rect::new(0, 0, 160, 40), Pane::List).unwrap();
        assert_eq!(a.pane_at(1, 5), Some(Pane::List));
        assert_eq!(a.pane_at(159, 5), Some(Pane::Agencies));
        assert_eq!(a.pane_at(80, 5), Some(Pane::Detail));
        assert_eq!(a.pane_at(80, 0), None);
    }
}
