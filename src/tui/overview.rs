//! The overview overlay's state (`o`): the counts of the reforms shown per agency and per
//! scope, and, once something is tracked, each agency's work by status, as rows of bars with
//! a cursor. Plain functions of an [`Overview`]; `ui::overview` draws them.

use std::collections::HashMap;

use super::cursor::Cursor;
use super::tracking::{self, Tracking};
use crate::core::catalog::Catalog;
use crate::core::stats::{Overview, Tally};
use crate::track::Status;

/// The two lists of bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Agencies,
    Scopes,
    /// Each agency's items by status.
    Statuses,
}

/// What a bar stands for, as `App::update` acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// An index into `Catalog::agencies()`.
    Agency(usize),
    /// An index into `Catalog::scopes()`.
    Scope(usize),
}

/// A row of the overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Heading(Section),
    /// What the marks of the status bars stand for.
    Legend,
    Blank,
    /// The bar at this position among all bars (agencies first).
    Bar(Section, usize),
}

/// One agency's items among the reforms shown, by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusTally {
    /// An index into `Catalog::agencies()`.
    pub index: usize,
    /// By status, in [`Status::ALL`]'s order.
    pub counts: [usize; 4],
    /// Past their deadline with the work open.
    pub overdue: usize,
}

impl StatusTally {
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    pub fn count(&self, status: Status) -> usize {
        self.counts[Status::ALL.iter().position(|&s| s == status).unwrap_or(0)]
    }
}

/// The work of each agency of `agencies` (in their order) on the reforms at `shown`; none
/// until 本单位 is set or something is tracked.
pub fn status_tallies(
    catalog: &Catalog,
    shown: &[usize],
    agencies: &[Tally],
    tracking: &Tracking,
) -> Vec<StatusTally> {
    if !tracking.shows_anything() {
        return Vec::new();
    }
    let mut tallies: Vec<StatusTally> = agencies
        .iter()
        .map(|a| StatusTally {
            index: a.index,
            ..StatusTally::default()
        })
        .collect();
    let at: HashMap<&str, usize> = agencies
        .iter()
        .enumerate()
        .map(|(i, a)| (a.name.as_str(), i))
        .collect();
    for &position in shown {
        for agency in &catalog.reforms[position].agencies {
            let Some(&i) = at.get(agency.as_str()) else {
                continue;
            };
            let entry = tracking.entry(&tracking::key(catalog, position, agency));
            let status = entry.map(|e| e.status).unwrap_or_default();
            let slot = Status::ALL.iter().position(|&s| s == status).unwrap_or(0);
            tallies[i].counts[slot] += 1;
            tallies[i].overdue += usize::from(entry.is_some_and(|e| e.is_overdue(tracking.today)));
        }
    }
    tallies
}

/// How many of `slots` cells each count gets, in proportion, every count above zero at least
/// one while there are cells enough; the cells add up to `slots`.
pub fn segments(counts: &[usize], slots: usize) -> Vec<usize> {
    let total: usize = counts.iter().sum();
    if total == 0 || slots == 0 {
        return vec![0; counts.len()];
    }
    let nonzero = counts.iter().filter(|&&c| c > 0).count();
    // The cells left after each count's one, shared by largest remainder.
    let (base, rest) = if slots >= nonzero {
        (1, slots - nonzero)
    } else {
        (0, slots)
    };
    let mut cells: Vec<usize> = counts
        .iter()
        .map(|&c| if c > 0 { base + c * rest / total } else { 0 })
        .collect();
    let mut left = slots - cells.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    order.sort_by_key(|&i| std::cmp::Reverse((counts[i] * rest) % total));
    for &i in order.iter().cycle() {
        if left == 0 {
            break;
        }
        cells[i] += 1;
        left -= 1;
    }
    cells
}

/// The overview while it is open: its counts, kept up to date with what is shown, and the
/// cursor over its bars, whose offset counts rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverviewState {
    pub counts: Overview,
    /// Each agency's work by status, in the order of `counts.agencies`: empty until
    /// something is tracked.
    pub statuses: Vec<StatusTally>,
    pub cursor: Cursor,
}

impl OverviewState {
    pub fn new(counts: Overview, statuses: Vec<StatusTally>) -> OverviewState {
        OverviewState {
            counts,
            statuses,
            cursor: Cursor::default(),
        }
    }

    /// Bars in all: the agencies, the scopes, then the agencies' statuses.
    pub fn bars(&self) -> usize {
        self.counts.agencies.len() + self.counts.scopes.len() + self.statuses.len()
    }

    /// The rows: a heading and the bars of each section, a blank row between; the statuses'
    /// legend under their heading. No rows when no reform is shown.
    pub fn rows(&self) -> Vec<Row> {
        if self.counts.total == 0 {
            return Vec::new();
        }
        let agencies = self.counts.agencies.len();
        let scopes = self.counts.scopes.len();
        let mut rows = vec![Row::Heading(Section::Agencies)];
        rows.extend((0..agencies).map(|i| Row::Bar(Section::Agencies, i)));
        rows.push(Row::Blank);
        rows.push(Row::Heading(Section::Scopes));
        rows.extend((0..scopes).map(|i| Row::Bar(Section::Scopes, agencies + i)));
        if !self.statuses.is_empty() {
            rows.extend([Row::Blank, Row::Heading(Section::Statuses), Row::Legend]);
            rows.extend(
                (0..self.statuses.len())
                    .map(|i| Row::Bar(Section::Statuses, agencies + scopes + i)),
            );
        }
        rows
    }

    /// What the bar under the cursor stands for: a status bar stands for its agency.
    pub fn choice(&self) -> Option<Choice> {
        let bar = self.cursor.selected;
        let agencies = &self.counts.agencies;
        let scopes = &self.counts.scopes;
        if let Some(tally) = agencies.get(bar) {
            return Some(Choice::Agency(tally.index));
        }
        if let Some(tally) = scopes.get(bar - agencies.len()) {
            return Some(Choice::Scope(tally.index));
        }
        self.statuses
            .get(bar - agencies.len() - scopes.len())
            .map(|t| Choice::Agency(t.index))
    }

    pub fn move_by(&mut self, delta: isize) {
        let bars = self.bars();
        self.cursor.move_by(delta, bars);
    }

    /// Keeps the cursor on a bar and scrolls so its row shows; the heading of a section
    /// shows with its first bar.
    pub fn settle(&mut self, height: usize) {
        let bars = self.bars();
        let total_rows = self.rows().len();
        let cursor = &mut self.cursor;
        cursor.selected = cursor.selected.min(bars.saturating_sub(1));
        if bars == 0 {
            cursor.offset = 0;
            return;
        }
        let height = height.max(1);
        let rows = self.rows();
        let selected = self.cursor.selected;
        let row = rows
            .iter()
            .position(|r| matches!(r, Row::Bar(_, bar) if *bar == selected))
            .unwrap_or(0);
        // A section's heading (and legend) show with its first bar, room allowing.
        let mut top = row;
        while top > 0
            && row - top + 1 < height
            && matches!(rows[top - 1], Row::Heading(_) | Row::Legend)
        {
            top -= 1;
        }
        let cursor = &mut self.cursor;
        if top < cursor.offset {
            cursor.offset = top;
        } else if row >= cursor.offset + height {
            cursor.offset = row + 1 - height;
        }
        cursor.offset = cursor.offset.min(total_rows.saturating_sub(height));
    }

    /// The bar at a row of the overlay's inside, counted from its top.
    pub fn bar_at(&self, line: usize) -> Option<usize> {
        match self.rows().get(self.cursor.offset + line) {
            Some(Row::Bar(_, bar)) => Some(*bar),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_share_the_cells_and_keep_every_status() {
        assert_eq!(segments(&[1, 2, 1, 0], 8), [2, 4, 2, 0]);
        // Every status present keeps a cell, however few its items.
        assert_eq!(segments(&[100, 1, 0, 0], 4), [3, 1, 0, 0]);
        assert_eq!(segments(&[3, 3, 3, 0], 2).iter().sum::<usize>(), 2);
        assert_eq!(segments(&[0, 0, 0, 0], 5), [0, 0, 0, 0]);
        assert_eq!(segments(&[2, 1], 0), [0, 0]);
        for slots in 0..30 {
            for counts in [[5, 0, 2, 9], [1, 1, 1, 1], [0, 7, 0, 0]] {
                let cells = segments(&counts, slots);
                assert_eq!(cells.iter().sum::<usize>(), slots, "{counts:?} {slots}");
                if slots >= 4 {
                    assert!(counts.iter().zip(&cells).all(|(&c, &n)| (c > 0) == (n > 0)));
                }
            }
        }
    }

    fn tally(index: usize, count: usize) -> Tally {
        Tally {
            index,
            name: format!("单位{index}"),
            count,
        }
    }

    #[test]
    fn status_bars_follow_the_scopes_and_choose_their_agency() {
        let counts = Overview {
            total: 3,
            agencies: vec![tally(4, 2), tally(7, 1)],
            scopes: vec![tally(0, 3)],
        };
        let plain = OverviewState::new(counts.clone(), Vec::new());
        assert_eq!(plain.bars(), 3);
        assert!(!plain.rows().contains(&Row::Legend));
        let statuses = vec![
            StatusTally {
                index: 4,
                counts: [1, 1, 0, 0],
                overdue: 1,
            },
            StatusTally {
                index: 7,
                counts: [1, 0, 0, 0],
                overdue: 0,
            },
        ];
        let mut state = OverviewState::new(counts, statuses);
        assert_eq!(state.bars(), 5);
        let rows = state.rows();
        assert_eq!(
            rows[6..],
            [
                Row::Blank,
                Row::Heading(Section::Statuses),
                Row::Legend,
                Row::Bar(Section::Statuses, 3),
                Row::Bar(Section::Statuses, 4),
            ]
        );
        state.cursor.selected = 4;
        assert_eq!(state.choice(), Some(Choice::Agency(7)));
        state.cursor.selected = 2;
        assert_eq!(state.choice(), Some(Choice::Scope(0)));
        // The first status bar, from below, brings its heading and legend into view.
        state.cursor.offset = 10;
        state.cursor.selected = 3;
        state.settle(4);
        assert_eq!(state.cursor.offset, 7);
        assert_eq!(state.bar_at(2), Some(3));
        assert_eq!(state.statuses[0].count(Status::InProgress), 1);
        assert_eq!(state.statuses[0].total(), 2);
    }
}
