//! The overview overlay's state (`o`): the counts of the reforms shown per agency and per
//! scope, as rows of bars with a cursor. Plain functions of an [`Overview`]; `ui::overview`
//! draws them.

use super::cursor::Cursor;
use crate::stats::Overview;

/// The two lists of bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Agencies,
    Scopes,
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
    Blank,
    /// The bar at this position among all bars (agencies first).
    Bar(Section, usize),
}

/// The overview while it is open: its counts, kept up to date with what is shown, and the
/// cursor over its bars, whose offset counts rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverviewState {
    pub counts: Overview,
    pub cursor: Cursor,
}

impl OverviewState {
    pub fn new(counts: Overview) -> OverviewState {
        OverviewState {
            counts,
            cursor: Cursor::default(),
        }
    }

    /// Bars in all: the agencies, then the scopes.
    pub fn bars(&self) -> usize {
        self.counts.agencies.len() + self.counts.scopes.len()
    }

    /// The rows: a heading and the bars of each section, a blank row between. No rows when
    /// no reform is shown.
    pub fn rows(&self) -> Vec<Row> {
        if self.counts.total == 0 {
            return Vec::new();
        }
        let agencies = self.counts.agencies.len();
        let mut rows = vec![Row::Heading(Section::Agencies)];
        rows.extend((0..agencies).map(|i| Row::Bar(Section::Agencies, i)));
        rows.push(Row::Blank);
        rows.push(Row::Heading(Section::Scopes));
        rows.extend((0..self.counts.scopes.len()).map(|i| Row::Bar(Section::Scopes, agencies + i)));
        rows
    }

    /// The row of the `bar`th bar.
    fn row_of(&self, bar: usize) -> usize {
        let agencies = self.counts.agencies.len();
        if bar < agencies {
            1 + bar
        } else {
            agencies + 3 + (bar - agencies)
        }
    }

    /// What the bar under the cursor stands for.
    pub fn choice(&self) -> Option<Choice> {
        let bar = self.cursor.selected;
        let agencies = &self.counts.agencies;
        match agencies.get(bar) {
            Some(tally) => Some(Choice::Agency(tally.index)),
            None => self
                .counts
                .scopes
                .get(bar - agencies.len())
                .map(|t| Choice::Scope(t.index)),
        }
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
        let row = self.row_of(self.cursor.selected);
        let cursor = &mut self.cursor;
        let first_of_section =
            cursor.selected == 0 || cursor.selected == self.counts.agencies.len();
        let top = if first_of_section && height > 1 {
            row - 1
        } else {
            row
        };
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
