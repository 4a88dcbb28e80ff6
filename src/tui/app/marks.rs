//! Marks and their undo: marking one reform, a range, all shown, inverting and clearing,
//! the marked-only view, and `u`, which takes back the last clearing or bulk change.

use super::*;

/// The marks and filters as they were before a change `u` can take back.
#[derive(Debug, Clone)]
pub(super) struct Snapshot {
    /// What the change was, for the message that undoes it.
    change: Change,
    marks: BTreeSet<usize>,
    selection: Selection,
    marked_only: bool,
    status_filter: Option<crate::track::Status>,
}

/// The changes `u` takes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    ClearMarks,
    MarkShown,
    InvertMarks,
    MarkRange,
    ClearAgencies,
    Reset,
}

impl Change {
    /// What the change was, for the message that takes it back.
    fn name(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Change::ClearMarks => ("clearing the marks", "清除标记"),
            Change::MarkShown => ("marking every reform shown", "标记全部"),
            Change::InvertMarks => ("inverting the marks", "反选"),
            Change::MarkRange => ("marking the range", "范围标记"),
            Change::ClearAgencies => ("clearing the checked agencies", "清除勾选的单位"),
            Change::Reset => ("the reset", "重置"),
        };
        crate::core::say::pick(lang, en, zh)
    }
}

/// How many changes `u` can take back.
const UNDO_DEPTH: usize = 50;

impl App {
    /// The keys that mark, unmark and undo.
    pub(super) fn mark(&mut self, action: Action) {
        match action {
            Action::ToggleMark => self.toggle_mark(),
            Action::ClearMarks => self.clear_marks(),
            Action::MarkShown => {
                self.remember(Change::MarkShown);
                self.marks.extend(self.shown.reforms.iter().copied());
                self.marks_changed();
                self.message = Some(self.lang.marked_shown(self.shown.reforms.len()));
            }
            Action::InvertMarks => {
                self.remember(Change::InvertMarks);
                for &i in &self.shown.reforms {
                    if !self.marks.remove(&i) {
                        self.marks.insert(i);
                    }
                }
                self.marks_changed();
            }
            Action::MarkRange => self.mark_range(),
            Action::ToggleMarkedOnly => {
                if !self.marked_only && self.marks.is_empty() {
                    self.message = Some(self.lang.labels().no_marks.to_string());
                } else {
                    self.marked_only = !self.marked_only;
                    self.refresh(Keep::Reform);
                }
            }
            Action::Undo => self.undo(),
            Action::ResetView => self.reset_view(),
            _ => {}
        }
    }

    fn toggle_mark(&mut self) {
        if let Some(i) = self.current_index() {
            if !self.marks.remove(&i) {
                self.marks.insert(i);
            }
            self.range_anchor = None;
            self.move_by(1);
        }
    }

    fn clear_marks(&mut self) {
        if self.marks.is_empty() {
            self.message = Some(self.lang.labels().no_marks.to_string());
            return;
        }
        let count = self.marks.len();
        self.remember(Change::ClearMarks);
        self.marks.clear();
        self.marks_changed();
        self.message = Some(self.lang.marks_cleared(count));
    }

    /// The marked reforms, as indices into `Catalog::reforms`.
    pub fn marks(&self) -> &BTreeSet<usize> {
        &self.marks
    }

    /// The numbers of the marked reforms, in document order.
    pub fn marked_numbers(&self) -> Vec<u32> {
        self.marks
            .iter()
            .map(|&i| self.catalog.reforms[i].number)
            .collect()
    }

    /// Keeps the marks and filters as they are, for `u` to bring back after `change`.
    pub(super) fn remember(&mut self, change: Change) {
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(Snapshot {
            change,
            marks: self.marks.clone(),
            selection: self.selection.clone(),
            marked_only: self.marked_only,
            status_filter: self.tracking.as_ref().and_then(|t| t.status_filter),
        });
    }

    /// Puts back the marks and filters the last change `u` can take back replaced.
    pub(super) fn undo(&mut self) {
        let Some(snapshot) = self.undo.pop() else {
            self.message = Some(self.lang.labels().nothing_to_undo.to_string());
            return;
        };
        self.marks = snapshot.marks;
        self.marked_only = snapshot.marked_only;
        if let Some(tracking) = &mut self.tracking {
            tracking.status_filter = snapshot.status_filter;
        }
        if snapshot.selection.query != self.reform_query.text {
            self.reform_query = SearchLine::default();
            self.reform_query.insert(&snapshot.selection.query);
        }
        self.selection = snapshot.selection;
        self.refresh(Keep::Reform);
        self.message = Some(self.lang.undone(snapshot.change.name(self.lang)));
    }

    /// Clears the search, the filters and the marks, which `u` brings back.
    pub(super) fn reset_view(&mut self) {
        let nothing_to_clear = self.marks.is_empty()
            && !self.marked_only
            && self.selection == Selection::default()
            && self.reform_query.is_empty()
            && self
                .tracking
                .as_ref()
                .is_none_or(|t| t.status_filter.is_none());
        if nothing_to_clear {
            self.message = Some(self.lang.labels().nothing_to_reset.to_string());
            return;
        }
        self.remember(Change::Reset);
        self.marks.clear();
        self.marked_only = false;
        self.range_anchor = None;
        self.selection = Selection::default();
        self.reform_query.clear();
        if let Some(tracking) = &mut self.tracking {
            tracking.status_filter = None;
        }
        self.refresh(Keep::Reform);
        self.message = Some(self.lang.labels().reset_done.to_string());
    }

    /// `v`: starts a range at the cursor, or marks the reforms from its start to the cursor
    /// (unmarks them when every one is marked already).
    pub(super) fn mark_range(&mut self) {
        let Some(current) = self.current_index() else {
            return;
        };
        let start = self
            .range_anchor
            .take()
            .and_then(|a| self.shown.reforms.iter().position(|&i| i == a));
        let Some(start) = start else {
            self.range_anchor = Some(current);
            self.message = Some(
                self.lang
                    .range_started(self.catalog.reforms[current].number),
            );
            return;
        };
        let (from, to) = if start <= self.list.selected {
            (start, self.list.selected)
        } else {
            (self.list.selected, start)
        };
        let range: Vec<usize> = self.shown.reforms[from..=to].to_vec();
        self.remember(Change::MarkRange);
        let unmark = range.iter().all(|i| self.marks.contains(i));
        for i in &range {
            if unmark {
                self.marks.remove(i);
            } else {
                self.marks.insert(*i);
            }
        }
        self.marks_changed();
        self.message = Some(self.lang.range_marked(range.len(), unmark));
    }

    /// The reforms a range being marked covers: positions in the list, first to last.
    pub fn range(&self) -> Option<Range<usize>> {
        let anchor = self.range_anchor?;
        let start = self.shown.reforms.iter().position(|&i| i == anchor)?;
        let cursor = self.list.selected;
        Some(start.min(cursor)..start.max(cursor) + 1)
    }

    /// Counts the marks the search and filters hide.
    pub(super) fn marks_changed(&mut self) {
        // Nothing marked, nothing hidden: no pass over the catalog on each key.
        if self.marks.is_empty() {
            self.hidden_marks = 0;
            return;
        }
        let mut shown = vec![false; self.catalog.reforms.len()];
        for &i in &self.shown.reforms {
            shown[i] = true;
        }
        self.hidden_marks = self.marks.iter().filter(|&&i| !shown[i]).count();
    }

    /// Whether only the marked reforms are shown.
    pub fn marked_only(&self) -> bool {
        self.marked_only
    }

    /// The reforms `y` and `w` act on: the marked ones in document order, or the current
    /// one when none is marked.
    pub fn chosen(&self) -> Vec<usize> {
        if self.marks.is_empty() {
            self.current_index().into_iter().collect()
        } else {
            self.marks.iter().copied().collect()
        }
    }
}
