//! Moving: the cursor and scrolling by keys, and the mouse's clicks and wheel.

use super::*;

impl App {
    /// The keys that move the cursor or scroll, and the mouse.
    pub(super) fn point(&mut self, action: Action) {
        let page = self.page() as isize;
        let half = (self.page() / 2).max(1) as isize;
        match action {
            Action::MoveDown => self.move_by(1),
            Action::MoveUp => self.move_by(-1),
            Action::PageDown => self.move_by(page),
            Action::PageUp => self.move_by(-page),
            Action::HalfPageDown => self.move_by(half),
            Action::HalfPageUp => self.move_by(-half),
            Action::Top => self.move_by(isize::MIN),
            Action::Bottom => self.move_by(isize::MAX),
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => self.wheel(column, row, down),
            _ => {}
        }
    }

    /// Rows a page moves in the pane the keys act on.
    pub(super) fn page(&self) -> usize {
        if matches!(self.mode, Mode::Help { .. } | Mode::Overview(_)) {
            return layout::inner_height(layout::help_area(self.size)).max(1);
        }
        self.areas()
            .and_then(|a| a.pane(self.focus))
            .map_or(1, |r| layout::inner_height(r).max(1))
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        match (&mut self.mode, self.focus) {
            (Mode::Help { scroll }, _) => *scroll = scroll.saturating_add_signed(delta),
            (Mode::Overview(overview), _) => overview.move_by(delta),
            (_, Pane::Agencies) => self.agencies.move_by(delta, self.facet_rows()),
            (Mode::Browse, Pane::Detail) => {
                self.detail_scroll = self.detail_scroll.saturating_add_signed(delta);
            }
            // While typing, Up and Down pick among the results, as in fzf.
            _ => self.move_list(delta),
        }
    }

    pub(super) fn move_list(&mut self, delta: isize) {
        let before = self.list.selected;
        self.list.move_by(delta, self.shown.reforms.len());
        if self.list.selected != before {
            self.detail_scroll = 0;
        }
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        match &mut self.mode {
            Mode::Write { .. } | Mode::Confirm { .. } | Mode::Note { .. } => return,
            Mode::Help { .. } => {
                self.mode = Mode::Browse;
                return;
            }
            // A click on a bar puts the cursor on it; a click outside closes the overview.
            Mode::Overview(overview) => {
                match mouse::overlay_target(self.size, column, row) {
                    OverlayTarget::Outside => self.mode = Mode::Browse,
                    OverlayTarget::Line(line) => {
                        if let Some(bar) = overview.bar_at(line) {
                            overview.cursor.selected = bar;
                        }
                    }
                    OverlayTarget::Border => {}
                }
                return;
            }
            Mode::Browse | Mode::Search => {}
        }
        let Some(areas) = self.areas() else { return };
        match mouse::target(&areas, column, row) {
            Target::SearchLine if self.mode == Mode::Browse => {
                self.focus = Pane::List;
                self.mode = Mode::Search;
            }
            Target::SearchLine | Target::Nothing => {}
            Target::Border(pane) => self.focus = pane,
            Target::Row {
                pane,
                line,
                check_box,
            } => {
                self.focus = pane;
                match pane {
                    Pane::List if self.list.offset + line < self.shown.reforms.len() => {
                        if self.list.offset + line != self.list.selected {
                            self.detail_scroll = 0;
                        }
                        self.list.selected = self.list.offset + line;
                    }
                    Pane::Agencies if self.agencies.offset + line < self.facet_rows() => {
                        self.agencies.selected = self.agencies.offset + line;
                        // A click on the check box `[ ]` checks or unchecks, as in a form.
                        if check_box {
                            self.apply(Action::ToggleAgency);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    pub(super) fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let step = if down {
            mouse::WHEEL_STEP
        } else {
            -mouse::WHEEL_STEP
        };
        if let Mode::Overview(overview) = &mut self.mode {
            overview.move_by(step);
            return;
        }
        match self.areas().and_then(|a| a.pane_at(column, row)) {
            Some(Pane::Detail) => {
                self.detail_scroll = self.detail_scroll.saturating_add_signed(step);
            }
            Some(Pane::List) => self.list.move_by(step, self.shown.reforms.len()),
            Some(Pane::Agencies) => self.agencies.move_by(step, self.facet_rows()),
            None => {}
        }
    }
}
