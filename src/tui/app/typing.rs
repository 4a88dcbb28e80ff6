//! The lines keys are typed into (the search lines, the file name prompt, the note
//! editor, the help's filter) and the search history.

use super::*;

/// How many queries the search history keeps.
pub const HISTORY_LEN: usize = 100;

impl App {
    /// The keys of a line being typed, and the search line's opening, closing and history.
    pub(super) fn type_in(&mut self, action: Action) {
        let help = matches!(self.mode, Mode::Help { .. });
        match action {
            Action::StartSearch if help => self.help_typing = true,
            Action::StartSearch => {
                self.mode = Mode::Search;
                self.history_at = None;
            }
            Action::Input(text) if matches!(self.mode, Mode::Note { .. }) => {
                self.edit(|line| line.insert_lines(&text))
            }
            Action::Input(text) => self.edit(|line| line.insert(&text)),
            Action::NoteNewline => self.edit(|line| line.insert_lines("\n")),
            Action::Backspace => self.edit(SearchLine::backspace),
            Action::DeleteWord => self.edit(SearchLine::delete_word),
            Action::ClearLine => self.edit(SearchLine::clear),
            Action::CaretLeft => self.active_line_mut().left(),
            Action::CaretRight => self.active_line_mut().right(),
            Action::CaretHome => self.active_line_mut().home(),
            Action::CaretEnd => self.active_line_mut().end(),
            Action::SubmitSearch if help => self.help_typing = false,
            Action::CancelSearch if help => {
                self.help_typing = false;
                self.help_filter.clear();
            }
            Action::SubmitSearch => {
                self.mode = Mode::Browse;
                self.remember_query();
                self.best_match();
            }
            Action::CancelSearch => {
                self.mode = Mode::Browse;
                self.remember_query();
                self.clear_active_query();
            }
            Action::ClearQuery if self.range_anchor.is_some() => {
                self.range_anchor = None;
                self.message = Some(self.lang.labels().range_cancelled.to_string());
            }
            Action::ClearQuery => self.clear_active_query(),
            Action::HistoryPrev => self.recall(-1),
            Action::HistoryNext => self.recall(1),
            _ => {}
        }
    }

    /// The line keys are typed into: the file name prompt, or the search line (the agency
    /// pane has its own).
    pub fn active_line(&self) -> &SearchLine {
        match &self.mode {
            Mode::Write { line, .. } | Mode::Note { line, .. } => line,
            Mode::Help { .. } => &self.help_filter,
            _ if self.focus == Pane::Agencies => &self.agency_query,
            _ => &self.reform_query,
        }
    }

    pub(super) fn active_line_mut(&mut self) -> &mut SearchLine {
        match &mut self.mode {
            Mode::Write { line, .. } | Mode::Note { line, .. } => line,
            Mode::Help { .. } => &mut self.help_filter,
            _ if self.focus == Pane::Agencies => &mut self.agency_query,
            _ => &mut self.reform_query,
        }
    }

    /// Keeps the query in the search history, newest last, once.
    pub(super) fn remember_query(&mut self) {
        let query = self.reform_query.text.trim();
        if query.is_empty() || self.focus == Pane::Agencies {
            return;
        }
        let query = query.to_string();
        self.history.retain(|q| *q != query);
        self.history.push(query);
        if self.history.len() > HISTORY_LEN {
            self.history.remove(0);
        }
        self.history_at = None;
    }

    /// `Ctrl-P`/`Ctrl-N` while searching: an earlier or a later query into the search line.
    pub(super) fn recall(&mut self, step: isize) {
        if self.focus == Pane::Agencies || !matches!(self.mode, Mode::Search) {
            return;
        }
        let len = self.history.len();
        if len == 0 {
            self.message = Some(self.lang.labels().no_history.to_string());
            return;
        }
        let at = match (self.history_at, step < 0) {
            (None, true) => Some(len - 1),
            (None, false) => None,
            (Some(0), true) => Some(0),
            (Some(at), true) => Some(at - 1),
            (Some(at), false) if at + 1 < len => Some(at + 1),
            (Some(_), false) => None,
        };
        self.history_at = at;
        let text = at.map_or("", |at| self.history[at].as_str()).to_string();
        self.reform_query = SearchLine::default();
        self.reform_query.insert(&text);
        self.refresh(Keep::Best);
    }

    /// The search history, oldest first, for the session.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// Brings back a remembered search history.
    pub fn set_history(&mut self, history: Vec<String>) {
        let mut kept: Vec<String> = Vec::new();
        for query in history {
            let query = crate::core::safe::one_line(query.trim());
            if !query.is_empty() && !kept.contains(&query) {
                kept.push(query);
            }
        }
        let extra = kept.len().saturating_sub(HISTORY_LEN);
        kept.drain(..extra);
        self.history = kept;
    }

    /// Edits the line being typed; a search line refilters at once: typing filters live.
    pub(super) fn edit(&mut self, change: impl FnOnce(&mut SearchLine)) {
        match &mut self.mode {
            Mode::Write { line, .. } | Mode::Note { line, .. } => change(line),
            Mode::Help { scroll } => {
                change(&mut self.help_filter);
                *scroll = 0;
            }
            Mode::Search if self.focus == Pane::Agencies => {
                change(&mut self.agency_query);
                self.agencies.selected = 0;
                self.refresh_agency_rows();
            }
            Mode::Search => {
                change(&mut self.reform_query);
                self.refresh(Keep::Best);
            }
            _ => {}
        }
    }

    pub(super) fn clear_active_query(&mut self) {
        if self.focus == Pane::Agencies {
            if !self.agency_query.is_empty() {
                self.agency_query.clear();
                self.refresh_agency_rows();
            }
        } else if !self.reform_query.is_empty() {
            self.reform_query.clear();
            self.refresh(Keep::Reform);
        }
    }

    pub(super) fn best_match(&mut self) {
        if self.focus == Pane::Agencies {
            self.agencies.selected = 0;
        } else {
            self.list.selected = 0;
            self.detail_scroll = 0;
        }
    }
}
