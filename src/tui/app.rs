//! The browser's state, and `update`, the only way it changes. No terminal access here, so
//! every behaviour can be tested by feeding actions; what must reach the terminal, the
//! clipboard or a file comes back from `update` as an `Effect`.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEventKind};
use ratatui::layout::Rect;

use super::action::Action;
use super::copier::Copying;
use super::cursor::Cursor;
use super::effect::{self, Effect, Export, Report};
use super::keymap::{Context, HelpRow, Key, Keymap};
use super::layout::{self, Areas, Pane};
use super::mouse::{self, OverlayTarget, Target};
use super::overview::{self, Choice, OverviewState};
use super::search_line::SearchLine;
use super::theme::Theme;
use super::tracking::{self, Draft, Tracking};
use super::writer::Writing;
use crate::clipboard::OSC52_DEFAULT_MAX;
use crate::core::catalog::{Catalog, Reform};
use crate::core::query::{self, Hit, Job, Query, SearchIndex, Searcher};
use crate::core::selection::{AgencyRole, Selection, Shown};
use crate::core::stats::Overview;
use crate::core::text;
use crate::detail;
use crate::documents::export::{self, Output};
use crate::documents::report::About;
use crate::lang::Lang;

/// Where keys go first, with what only that mode uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Browse,
    /// Typing in the search line of the focused pane.
    Search,
    /// The help overlay, scrolled by `scroll` rows.
    Help { scroll: usize },
    /// Typing the name of the file to write `reforms` to (indices into
    /// `Catalog::reforms`, chosen when the prompt opened); `default_name` is the one
    /// proposed.
    Write {
        line: SearchLine,
        default_name: String,
        reforms: Vec<usize>,
    },
    /// The file to write exists: replace it (`y`) or keep it (any other key).
    Confirm { path: PathBuf, export: Export },
    /// The bar chart of the reforms shown per agency and per scope.
    Overview(OverviewState),
    /// Writing a progress note on the reform at `position` for `agency`.
    Note {
        line: SearchLine,
        position: usize,
        agency: String,
    },
}

/// An agency as the agency pane shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRow {
    /// Index into `Catalog::agencies()`.
    pub agency: usize,
    /// Reforms of this agency among those the search and scope let through.
    pub count: usize,
    /// Characters of the name matched by the agency search.
    pub highlight: Vec<Range<usize>>,
}

/// A document of a library as the agency pane shows it, above the agencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    /// Index into `Catalog::batches()`.
    pub document: usize,
    /// Reforms of this document among those the search, scope and agencies let through.
    pub count: usize,
}

/// Options the browser starts with.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub format: Output,
    pub theme: Theme,
    /// The largest text sent as OSC 52, in bytes.
    pub osc52_max: usize,
    /// The key table, with the configuration file's rebindings.
    pub keymap: Keymap,
    /// Where every export is also kept (`last-export.txt`), for the help to say.
    pub last_export: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lang: Lang::default(),
            format: Output::default(),
            theme: Theme::default(),
            osc52_max: OSC52_DEFAULT_MAX,
            keymap: Keymap::standard().clone(),
            last_export: None,
        }
    }
}

/// The whole state of the browser.
pub struct App {
    pub(crate) catalog: Catalog,
    /// The digits of the widest number, for the list's column: worked out once, not on
    /// every frame (a string per reform was most of a frame's time at 100,000 reforms).
    pub(crate) number_width: usize,
    /// Shared with the thread that runs a big catalog's searches (`tui::searching`).
    pub(crate) index: Arc<SearchIndex>,
    searcher: Searcher,
    /// Whether a query the searcher has not answered yet is left to a background search
    /// ([`App::search_job`], [`App::searched`]) instead of being searched on the spot: the
    /// event loop turns it on for a big catalog, so that typing never waits for a search.
    background: bool,
    /// How to settle the list once the background search answers, while one is wanted.
    wanted: Option<Keep>,
    pub(crate) keymap: Keymap,
    pub(crate) lang: Lang,
    pub(crate) theme: Theme,
    pub(crate) format: Output,
    pub(crate) osc52_max: usize,
    /// The local time as `YYYYMMDD-HHMMSS`, for default file names.
    clock: fn() -> String,
    pub(crate) focus: Pane,
    pub(crate) mode: Mode,
    /// What is shown. Its query is the reform search line's text, copied on each change.
    pub(crate) selection: Selection,
    pub(crate) reform_query: SearchLine,
    pub(crate) agency_query: SearchLine,
    /// The reform query parsed, for highlighting.
    pub(crate) query: Query,
    /// Marked reforms, as indices into `Catalog::reforms`. Never touched by searches,
    /// filters or resizes.
    pub(crate) marks: BTreeSet<usize>,
    /// What the selection shows.
    pub(crate) shown: Shown,
    pub(crate) list: Cursor,
    pub(crate) detail_scroll: usize,
    pub(crate) agency_rows: Vec<AgencyRow>,
    /// The documents, when the catalog holds several: the first rows of the agency pane.
    pub(crate) document_rows: Vec<DocumentRow>,
    pub(crate) agencies: Cursor,
    /// A transient message for the status bar, cleared by the next key.
    pub(crate) message: Option<String>,
    /// The current reform laid out for the detail pane, and for which reform, width and
    /// language: laid out again only when one of them changes.
    pub(crate) detail: Option<((usize, usize, Lang), detail::DetailLayout)>,
    /// The current reform's highlights, and for which reform and query.
    pub(crate) detail_highlights: Option<((usize, String), detail::DetailHighlights)>,
    /// The last message the status bar showed, kept for the help overlay, which shows it
    /// whole however long it is.
    pub(crate) last_message: Option<String>,
    /// The copy whose helpers are running, for the status bar.
    pub(crate) copying: Option<Copying>,
    /// The file being written, for the status bar.
    pub(crate) writing: Option<Writing>,
    pub(crate) size: Rect,
    /// Tracking, when the browser has a tracking database.
    pub(crate) tracking: Option<Tracking>,
    /// Where a note being written is kept if the browser ends before it is saved.
    pub(crate) draft_path: Option<PathBuf>,
    /// Where a range being marked with `v` started: a position in `Catalog::reforms`.
    pub(crate) range_anchor: Option<usize>,
    /// Only the marked reforms are shown.
    pub(crate) marked_only: bool,
    /// Marks hidden by the search or the filters.
    pub(crate) hidden_marks: usize,
    /// The marks and filters before each clearing or bulk change, newest last.
    undo: Vec<Snapshot>,
    /// The help overlay's filter, and whether it is being typed.
    pub(crate) help_filter: SearchLine,
    pub(crate) help_typing: bool,
    /// Earlier queries, oldest first, and where `Ctrl-P`/`Ctrl-N` are in them.
    pub(crate) history: Vec<String>,
    history_at: Option<usize>,
    /// Whether the browser has the mouse (else the terminal selects text with it).
    pub(crate) mouse: bool,
    last_export: Option<PathBuf>,
    /// The status facet a session brought back before tracking was set.
    wanted_status: Option<crate::track::Status>,
}

/// The marks and filters as they were before a change `u` can take back.
#[derive(Debug, Clone)]
struct Snapshot {
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
        let (zh, en) = match self {
            Change::ClearMarks => ("清除标记", "clearing the marks"),
            Change::MarkShown => ("标记全部", "marking every reform shown"),
            Change::InvertMarks => ("反选", "inverting the marks"),
            Change::MarkRange => ("范围标记", "marking the range"),
            Change::ClearAgencies => ("清除勾选的单位", "clearing the checked agencies"),
            Change::Reset => ("重置", "the reset"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// How many changes `u` can take back.
const UNDO_DEPTH: usize = 50;
/// How many queries the search history keeps.
pub const HISTORY_LEN: usize = 100;

impl App {
    pub fn new(catalog: Catalog, options: Options) -> App {
        // Built when the first query needs it, or after the first frame (`tui::run`).
        let index = SearchIndex::unbuilt(catalog.reforms.len());
        let number_width = catalog
            .reforms
            .iter()
            .map(|r| r.number)
            .max()
            .map_or(1, |n| n.to_string().len());
        let mut app = App {
            catalog,
            number_width,
            index: Arc::new(index),
            searcher: Searcher::new(),
            background: false,
            wanted: None,
            keymap: options.keymap,
            lang: options.lang,
            theme: options.theme,
            format: options.format,
            osc52_max: options.osc52_max,
            clock: effect::local_stamp,
            focus: Pane::List,
            mode: Mode::Browse,
            selection: Selection::default(),
            reform_query: SearchLine::default(),
            agency_query: SearchLine::default(),
            query: Query::parse(""),
            marks: BTreeSet::new(),
            shown: Shown::default(),
            list: Cursor::default(),
            detail_scroll: 0,
            agency_rows: Vec::new(),
            document_rows: Vec::new(),
            agencies: Cursor::default(),
            message: None,
            copying: None,
            writing: None,
            detail: None,
            detail_highlights: None,
            last_message: None,
            size: Rect::new(0, 0, 80, 24),
            tracking: None,
            draft_path: None,
            range_anchor: None,
            marked_only: false,
            hidden_marks: 0,
            undo: Vec::new(),
            help_filter: SearchLine::default(),
            help_typing: false,
            history: Vec::new(),
            history_at: None,
            mouse: true,
            last_export: options.last_export,
            wanted_status: None,
        };
        app.refresh(Keep::Position);
        app
    }

    /// The reforms to build the search index from, while it is not built: the browser builds
    /// it after its first frame, which needs none, and hands it to [`App::install_index`].
    pub(crate) fn index_to_build(&self) -> Option<&[Reform]> {
        (!self.index.is_built()).then_some(&self.catalog.reforms[..])
    }

    /// Takes the index built from [`App::index_to_build`]'s reforms, unless one was built
    /// meanwhile. What is shown does not change: only the empty query was answered without it.
    pub(crate) fn install_index(&mut self, index: SearchIndex) {
        if !self.index.is_built() && index.len() == self.catalog.reforms.len() {
            self.index = Arc::new(index);
        }
    }

    /// Leaves the queries the searcher has not answered to a background search (see
    /// [`App::search_job`]) while `on`; when turned off, a query still waiting is searched
    /// on the spot.
    pub(crate) fn search_in_background(&mut self, on: bool) {
        self.background = on;
        if !on && let Some(keep) = self.wanted.take() {
            self.refresh(keep);
            self.settle();
        }
    }

    /// The search the list waits for, if it waits: run it anywhere on the index given, and
    /// hand its hits to [`App::searched`]. Until then the list shows what the previous
    /// query found, and the status bar says it is searching.
    pub(crate) fn search_job(&self) -> Option<(Arc<SearchIndex>, Job)> {
        self.wanted?;
        let job = self.searcher.job(&self.index, &self.selection.query);
        Some((Arc::clone(&self.index), job))
    }

    /// The query the list waits for a background search of, if it waits.
    pub(crate) fn searching(&self) -> Option<&str> {
        self.wanted.map(|_| self.selection.query.as_str())
    }

    /// Takes a background search's answer. One for a query no longer in the search line,
    /// or for another index, is dropped.
    pub(crate) fn searched(&mut self, job: Job, hits: Vec<Hit>) {
        let Some(keep) = self.wanted else {
            return;
        };
        if job.input() != self.selection.query || !job.is_for(&self.index) {
            return;
        }
        self.searcher.finish(job, hits);
        self.refresh(keep);
        // No key follows to settle the view: the cursor, and the detail of the reform now
        // under it, are brought up to date here.
        self.settle();
    }

    /// Puts back a remembered state before the first frame: the selection, the marks
    /// (positions in the catalog's reforms), the focused pane and the reform under the
    /// cursor. Agencies, scopes and documents this catalog lacks are dropped; the cursor goes to `current` when it is
    /// shown, else to the best match.
    pub fn restore(
        &mut self,
        selection: &Selection,
        marks: &[usize],
        focus: Pane,
        current: Option<usize>,
    ) {
        self.reform_query = SearchLine::default();
        self.reform_query.insert(&selection.query);
        let mut agencies: Vec<usize> = selection
            .agencies
            .iter()
            .filter_map(|name| self.catalog.agency_index(name))
            .collect();
        agencies.sort_unstable();
        agencies.dedup();
        self.selection = Selection {
            query: self.reform_query.text.clone(),
            agencies: agencies
                .into_iter()
                .map(|a| self.catalog.agencies()[a].name.clone())
                .collect(),
            agency_match: selection.agency_match,
            scope: selection
                .scope
                .clone()
                .filter(|name| self.catalog.scope_index(name).is_some()),
            // A dataset that names no lead agencies has nothing to show for the lead role.
            role: if self.catalog.has_leads() {
                selection.role
            } else {
                AgencyRole::Any
            },
            documents: selection
                .documents
                .iter()
                .filter(|name| self.catalog.batch_index(name).is_some())
                .cloned()
                .collect(),
        };
        self.marks = marks
            .iter()
            .copied()
            .filter(|&i| i < self.catalog.reforms.len())
            .collect();
        self.focus = focus;
        self.mode = Mode::Browse;
        self.refresh(Keep::Best);
        if let Some(pos) = current.and_then(|c| self.shown.reforms.iter().position(|&i| i == c)) {
            self.list.selected = pos;
        }
        self.settle();
    }

    /// Fixes the clock that names written files (`reforms-YYYYMMDD-HHMMSS`).
    pub fn set_clock(&mut self, clock: fn() -> String) {
        self.clock = clock;
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// What is shown: the search, the checked agencies (in catalog order), any/all, the
    /// scope.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// The export format of `y`, `Y` and `w`.
    pub fn format(&self) -> Output {
        self.format
    }

    /// The status bar's message, until the next key.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Shows a message in the status bar, as the first screen does for a problem at start.
    pub fn set_message(&mut self, message: String) {
        self.message = Some(message);
    }

    /// The reforms shown, as indices into `Catalog::reforms`, in the order shown.
    pub fn view(&self) -> &[usize] {
        &self.shown.reforms
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

    /// The list's cursor: the row under it and the first row shown.
    pub fn list_cursor(&self) -> Cursor {
        self.list
    }

    /// Lines the detail pane is scrolled by.
    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }

    /// The agency pane's rows, after its own search.
    pub fn agency_rows(&self) -> &[AgencyRow] {
        &self.agency_rows
    }

    pub fn agency_cursor(&self) -> Cursor {
        self.agencies
    }

    /// The reform under the list cursor.
    pub fn current(&self) -> Option<&Reform> {
        self.current_index().map(|i| &self.catalog.reforms[i])
    }

    pub fn current_index(&self) -> Option<usize> {
        self.shown.reforms.get(self.list.selected).copied()
    }

    /// The document rows of the agency pane (none for a catalog of one document).
    pub fn document_rows(&self) -> &[DocumentRow] {
        &self.document_rows
    }

    /// The agency row under the agency cursor (none when it is on a document).
    pub fn current_agency_row(&self) -> Option<&AgencyRow> {
        let at = self
            .agencies
            .selected
            .checked_sub(self.document_rows.len())?;
        self.agency_rows.get(at)
    }

    /// The rows of the agency pane: the documents, then the agencies.
    pub fn facet_rows(&self) -> usize {
        self.document_rows.len() + self.agency_rows.len()
    }

    /// Whether the document at this index of `Catalog::batches()` is checked.
    pub fn is_document_checked(&self, document: usize) -> bool {
        let name = &self.catalog.batches()[document].name;
        self.selection.documents.contains(name)
    }

    /// Whether the agency at this index of `Catalog::agencies()` is checked.
    pub fn is_checked(&self, agency: usize) -> bool {
        let name = &self.catalog.agencies()[agency].name;
        self.selection.agencies.contains(name)
    }

    /// The chosen scope, as an index into `Catalog::scopes()`; `None` is all.
    pub fn scope(&self) -> Option<usize> {
        let name = self.selection.scope.as_deref()?;
        self.catalog.scope_index(name)
    }

    /// Where the panes are at the current size.
    pub fn areas(&self) -> Option<Areas> {
        layout::areas(self.size, self.focus)
    }

    pub fn size(&self) -> Rect {
        self.size
    }

    /// The contexts keys are looked up in now, most specific first. The one place that
    /// decides where a key, and a paste, goes.
    pub fn contexts(&self) -> &'static [Context] {
        match (&self.mode, self.focus) {
            (Mode::Write { .. }, _) => &[Context::Prompt, Context::Typing],
            (Mode::Note { .. }, _) => &[Context::Note, Context::Typing],
            (Mode::Confirm { .. }, _) => &[Context::Confirm],
            (Mode::Overview(_), _) => &[Context::Overview],
            (Mode::Help { .. }, _) if self.help_typing => &[Context::Search, Context::Typing],
            (Mode::Help { .. }, _) => &[Context::Help],
            (Mode::Search, _) => &[Context::Search, Context::Typing],
            (Mode::Browse, Pane::List) => &[Context::List, Context::Global],
            (Mode::Browse, Pane::Detail) => &[Context::Detail, Context::Global],
            (Mode::Browse, Pane::Agencies) => &[Context::Agencies, Context::Global],
        }
    }

    /// What an event from the terminal means here.
    pub fn actions_for(&self, event: &Event) -> Vec<Action> {
        let contexts = self.contexts();
        match event {
            // Input methods and some terminals also report releases; act once per press.
            // Asked whether to replace a file, any key but yes keeps it.
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                match self.keymap.action_for(*key, contexts) {
                    Some(action) => vec![action],
                    None if matches!(self.mode, Mode::Confirm { .. }) => vec![Action::KeepFile],
                    // A key that does nothing here says so, unless it only completes a
                    // modifier or a typing line ignores it.
                    None if !contexts.contains(&Context::Typing)
                        && !matches!(key.code, KeyCode::Modifier(_) | KeyCode::Null) =>
                    {
                        vec![Action::Unbound(Key::from_event(*key).name())]
                    }
                    None => Vec::new(),
                }
            }
            Event::Mouse(event) => mouse::action(event).into_iter().collect(),
            // Pasted text is typed where typing goes; while browsing it starts a search.
            Event::Paste(text) if contexts.contains(&Context::Typing) => {
                vec![Action::Input(text.clone())]
            }
            Event::Paste(text) if contexts.contains(&Context::Global) => {
                vec![Action::StartSearch, Action::Input(text.clone())]
            }
            Event::Resize(width, height) => vec![Action::Resize {
                width: *width,
                height: *height,
            }],
            _ => Vec::new(),
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

    fn active_line_mut(&mut self) -> &mut SearchLine {
        match &mut self.mode {
            Mode::Write { line, .. } | Mode::Note { line, .. } => line,
            Mode::Help { .. } => &mut self.help_filter,
            _ if self.focus == Pane::Agencies => &mut self.agency_query,
            _ => &mut self.reform_query,
        }
    }

    /// Applies one action; returns what the event loop must do about it, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if !matches!(
            action,
            Action::Resize { .. } | Action::Scroll { .. } | Action::Copying(_)
        ) {
            self.message = None;
        }
        let effect = self.apply(action);
        if self.message.is_some() {
            self.last_message.clone_from(&self.message);
        }
        self.settle();
        effect
    }

    /// The help overlay's rows: the key table, how copying works and where exports are
    /// kept; with a filter typed, the rows it matches (by characters or pinyin) under their
    /// headings.
    pub fn help_rows(&self) -> Vec<HelpRow> {
        let mut rows = self.keymap.help_rows(self.lang);
        rows.push(HelpRow::Note(
            self.lang.export_copy_note(self.last_export.as_deref()),
        ));
        let filter = self.help_filter.text.trim();
        if filter.is_empty() {
            return rows;
        }
        let mut kept = Vec::new();
        let mut heading = None;
        for row in rows {
            let text = match &row {
                HelpRow::Heading(title) => {
                    if !title.is_empty() {
                        heading = Some(row);
                    }
                    continue;
                }
                HelpRow::Note(note) => note.clone(),
                HelpRow::Binding { keys, description } => format!("{keys} {description}"),
            };
            if query::match_label(filter, &text).is_none() {
                continue;
            }
            if let Some(heading) = heading.take() {
                if !kept.is_empty() {
                    kept.push(HelpRow::Heading(""));
                }
                kept.push(heading);
            }
            kept.push(row);
        }
        kept
    }

    /// The last status-bar message laid out to `width` cells, under its heading and
    /// followed by a blank line, for the top of the help overlay; nothing before any.
    pub(crate) fn last_message_lines(&self, width: usize) -> Vec<String> {
        let Some(message) = &self.last_message else {
            return Vec::new();
        };
        let mut lines = vec![self.lang.labels().last_message.to_string()];
        lines.extend(
            text::wrap(message, width.saturating_sub(2))
                .into_iter()
                .map(|l| format!("  {l}")),
        );
        lines.push(String::new());
        lines
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::FocusDetail => self.focus = Pane::Detail,
            Action::Back => self.focus = Pane::List,
            Action::MoveDown => self.move_by(1),
            Action::MoveUp => self.move_by(-1),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::HalfPageDown => self.move_by((self.page() / 2).max(1) as isize),
            Action::HalfPageUp => self.move_by(-((self.page() / 2).max(1) as isize)),
            Action::Top => self.move_by(isize::MIN),
            Action::Bottom => self.move_by(isize::MAX),
            Action::StartSearch if matches!(self.mode, Mode::Help { .. }) => {
                self.help_typing = true;
            }
            Action::StartSearch => {
                self.mode = Mode::Search;
                self.history_at = None;
            }
            Action::Input(text) if matches!(self.mode, Mode::Note { .. }) => {
                self.edit(|line| line.insert_lines(&text))
            }
            Action::Input(text) => self.edit(|line| line.insert(&text)),
            Action::Backspace => self.edit(SearchLine::backspace),
            Action::DeleteWord => self.edit(SearchLine::delete_word),
            Action::ClearLine => self.edit(SearchLine::clear),
            Action::CaretLeft => self.active_line_mut().left(),
            Action::CaretRight => self.active_line_mut().right(),
            Action::CaretHome => self.active_line_mut().home(),
            Action::CaretEnd => self.active_line_mut().end(),
            Action::SubmitSearch if matches!(self.mode, Mode::Help { .. }) => {
                self.help_typing = false;
            }
            Action::CancelSearch if matches!(self.mode, Mode::Help { .. }) => {
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
            Action::ToggleMark => {
                if let Some(i) = self.current_index() {
                    if !self.marks.remove(&i) {
                        self.marks.insert(i);
                    }
                    self.range_anchor = None;
                    self.move_by(1);
                }
            }
            Action::ClearMarks => {
                if self.marks.is_empty() {
                    self.message = Some(self.lang.labels().no_marks.to_string());
                } else {
                    let count = self.marks.len();
                    self.remember(Change::ClearMarks);
                    self.marks.clear();
                    self.marks_changed();
                    self.message = Some(self.lang.marks_cleared(count));
                }
            }
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
            Action::NextMatch => self.jump_to_match(true),
            Action::PrevMatch => self.jump_to_match(false),
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.message = Some(self.lang.mouse(self.mouse));
                return Some(Effect::Mouse(self.mouse));
            }
            Action::Unbound(key) => self.message = Some(self.unbound(&key)),
            Action::ToggleAgency => {
                if let Some(row) = self.document_rows.get(self.agencies.selected) {
                    self.toggle_document(row.document);
                } else if let Some(agency) = self.current_agency_row().map(|row| row.agency) {
                    self.toggle_agency(agency);
                }
            }
            Action::ClearAgencies => {
                if self.selection.agencies.is_empty() && self.selection.documents.is_empty() {
                    self.message = Some(self.lang.labels().no_agencies_checked.to_string());
                } else {
                    self.remember(Change::ClearAgencies);
                    self.selection.agencies.clear();
                    self.selection.documents.clear();
                    self.refresh(Keep::Reform);
                }
            }
            Action::ToggleAgencyMatch => {
                self.selection.agency_match = self.selection.agency_match.toggled();
                self.refresh(Keep::Reform);
            }
            Action::ToggleAgencyRole => {
                if self.catalog.has_leads() || self.selection.role == AgencyRole::Lead {
                    self.selection.role = self.selection.role.toggled();
                    self.refresh(Keep::Reform);
                } else {
                    self.message = Some(self.lang.labels().no_leads.to_string());
                }
            }
            Action::CycleScope => {
                let scopes = self.catalog.scopes();
                let next = match self.scope() {
                    None => scopes.first(),
                    Some(i) => scopes.get(i + 1),
                };
                self.selection.scope = next.map(|s| s.name.clone());
                self.refresh(Keep::Reform);
            }
            Action::CycleFormat => {
                self.format = next_format(self.format);
                self.message = Some(self.lang.format_chosen(self.format));
            }
            Action::Copy => return self.copy(self.chosen()),
            Action::CopyShown => return self.copy(self.shown.reforms.clone()),
            Action::StartWrite => self.start_write(self.chosen()),
            Action::StartWriteShown => self.start_write(self.shown.reforms.clone()),
            Action::SubmitWrite => return self.submit_write(),
            Action::CancelWrite => self.mode = Mode::Browse,
            Action::ConfirmReplace => {
                if let Mode::Confirm { path, export } = std::mem::take(&mut self.mode) {
                    return Some(Effect::Replace { path, export });
                }
            }
            Action::KeepFile => {
                if let Mode::Confirm { path, .. } = std::mem::take(&mut self.mode) {
                    self.message = Some(self.lang.kept(&path));
                }
            }
            Action::Reported(report) => {
                self.message = Some(report.message(self.lang, self.osc52_max));
                if let Report::Exists { path, export } = report {
                    self.mode = Mode::Confirm { path, export };
                }
            }
            Action::Copying(copying) => self.copying = copying,
            Action::Writing(writing) => self.writing = writing,
            Action::ShowHelp => {
                self.mode = Mode::Help { scroll: 0 };
                self.help_filter.clear();
                self.help_typing = false;
            }
            Action::CloseHelp => self.mode = Mode::Browse,
            Action::ShowOverview => self.mode = Mode::Overview(self.overview()),
            Action::CloseOverview => self.mode = Mode::Browse,
            Action::ChooseBar => self.choose_bar(),
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => self.wheel(column, row, down),
            Action::Resize { width, height } => self.size = Rect::new(0, 0, width, height),
            Action::CycleStatus => self.cycle_status(),
            Action::EditNote => self.edit_note(),
            Action::NoteNewline => self.edit(|line| line.insert_lines("\n")),
            Action::SaveNote => self.save_note(),
            Action::CancelNote => {
                self.mode = Mode::Browse;
                if let Some(path) = &self.draft_path {
                    let _ = tracking::discard(path);
                }
            }
            Action::SetMyAgency => self.set_my_agency(),
            Action::CycleStatusFilter => self.cycle_status_filter(),
        }
        None
    }

    /// Keeps the marks and filters as they are, for `u` to bring back after `change`.
    fn remember(&mut self, change: Change) {
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
    fn undo(&mut self) {
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
    fn reset_view(&mut self) {
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
    fn mark_range(&mut self) {
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
    fn marks_changed(&mut self) {
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

    /// Scrolls the detail to the next (or previous) line the search matches, from the top
    /// line shown, going round at the end as vim does.
    fn jump_to_match(&mut self, forward: bool) {
        let labels = self.lang.labels();
        if self.query.is_empty() {
            self.message = Some(labels.no_search_for_n.to_string());
            return;
        }
        self.detail_line_count();
        let (Some(index), Some((_, layout)), Some((_, highlights))) =
            (self.current_index(), &self.detail, &self.detail_highlights)
        else {
            return;
        };
        let reform = &self.catalog.reforms[index];
        let matched: Vec<usize> = (0..layout.len())
            .filter(|&i| {
                layout
                    .line(i, reform, highlights)
                    .iter()
                    .any(|(_, role)| *role == detail::Role::Match)
            })
            .collect();
        if matched.is_empty() {
            self.message = Some(labels.no_match_here.to_string());
            return;
        }
        let top = self.detail_scroll;
        let next = if forward {
            matched.iter().find(|&&l| l > top)
        } else {
            matched.iter().rev().find(|&&l| l < top)
        };
        let (line, wrapped) = match next {
            Some(&line) => (line, false),
            None if forward => (matched[0], true),
            None => (matched[matched.len() - 1], true),
        };
        let at = matched.iter().position(|&l| l == line).unwrap_or(0);
        self.message = Some(self.lang.match_at(at + 1, matched.len(), wrapped, forward));
        self.detail_scroll = line;
    }

    /// Keeps the query in the search history, newest last, once.
    fn remember_query(&mut self) {
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
    fn recall(&mut self, step: isize) {
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

    /// Whether only the marked reforms are shown.
    pub fn marked_only(&self) -> bool {
        self.marked_only
    }

    /// The status facet: the status shown, when tracking and one is chosen.
    pub fn status_filter(&self) -> Option<crate::track::Status> {
        self.tracking
            .as_ref()
            .map_or(self.wanted_status, |t| t.status_filter)
    }

    /// Brings back the marked-only view and the status facet (applied once tracking is set),
    /// before [`App::restore`].
    pub fn restore_facets(&mut self, marked_only: bool, status: Option<crate::track::Status>) {
        self.marked_only = marked_only;
        self.wanted_status = status;
        if let Some(tracking) = &mut self.tracking {
            tracking.status_filter = status;
        }
    }

    /// What a remembered session brought back, for a notice on the first screen: the
    /// search, the filters and the marks, and the keys that clear them; `None` when it
    /// brought back none of them.
    pub fn restored_notice(&self) -> Option<String> {
        let labels = self.lang.labels();
        let zh = self.lang == Lang::Zh;
        let mut parts = Vec::new();
        if !self.selection.query.is_empty() {
            parts.push(format!("{} {}", labels.search, self.selection.query));
        }
        if !self.selection.documents.is_empty() {
            parts.push(format!(
                "{} {}",
                labels.document_filter,
                self.selection.documents.join(" ")
            ));
        }
        match self.selection.agencies.as_slice() {
            [] => {}
            [one] => parts.push(format!("{} {one}", labels.agency_filter)),
            several if zh => parts.push(format!("{} {} 个", labels.agency_filter, several.len())),
            several => parts.push(format!("{} agencies", several.len())),
        }
        if let Some(scope) = &self.selection.scope {
            parts.push(format!("{} {scope}", labels.scope));
        }
        if let Some(status) = self.status_filter() {
            parts.push(format!(
                "{} {}",
                labels.status_filter,
                status.label(self.lang)
            ));
        }
        if !self.marks.is_empty() {
            parts.push(format!("{} {}", labels.marked, self.marks.len()));
        }
        if self.marked_only {
            parts.push(labels.marked_only.to_string());
        }
        if parts.is_empty() {
            return None;
        }
        Some(format!(
            "{} ({}): {}",
            labels.restored,
            labels.restored_keys,
            parts.join(", ")
        ))
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

    /// What the status bar says of a key bound to nothing here: that it does nothing, what
    /// it does in another pane, and where help is.
    fn unbound(&self, key: &str) -> String {
        let browsing = self.mode == Mode::Browse;
        let elsewhere = self.keymap.bindings().iter().find(|b| {
            browsing
                && b.keys.iter().any(|k| k.name() == key)
                && matches!(
                    b.context,
                    Context::List | Context::Detail | Context::Agencies
                )
                && !self.contexts().contains(&b.context)
        });
        let labels = self.lang.labels();
        let elsewhere = elsewhere.map(|b| (b.context.label(labels), b.description(self.lang)));
        self.lang.unbound(key, elsewhere)
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

    /// Reforms rendered in the current format for pasting, with the HTML table beside the
    /// text and what a CSV, Word or Excel file is made from; `None` when there are none.
    fn export(&self, reforms: Vec<usize>) -> Option<Export> {
        if reforms.is_empty() {
            return None;
        }
        let chosen: Vec<&Reform> = reforms.iter().map(|&i| &self.catalog.reforms[i]).collect();
        let source = self.catalog.shared_document(&chosen);
        let parts = self.format.text_format().is_none().then(|| {
            Arc::new(effect::Parts {
                document: self.catalog.report_document(&chosen),
                reforms: chosen.iter().map(|&r| r.clone()).collect(),
                about: About::today(self.described(&reforms)),
            })
        });
        Some(Export {
            text: export::render_for_clipboard(self.format.clipboard_format(), &chosen, source),
            html: self
                .format
                .pastes_as_table()
                .then(|| export::html_table(&chosen, source)),
            count: chosen.len(),
            output: self.format,
            parts,
        })
    }

    /// What a report of `reforms` says it holds: the search, agencies and scope when they
    /// are the reforms shown; the numbers chosen when they are marked ones (the first 20,
    /// then how many); `None` for every reform of the catalog.
    fn described(&self, reforms: &[usize]) -> Option<String> {
        if reforms == self.shown.reforms.as_slice() {
            return crate::cli::described(&self.selection);
        }
        if reforms.len() == self.catalog.reforms.len() {
            return None;
        }
        const LISTED: usize = 20;
        let numbers: Vec<String> = reforms
            .iter()
            .take(LISTED)
            .map(|&i| self.catalog.reforms[i].number.to_string())
            .collect();
        let more = match reforms.len() {
            n if n > LISTED => format!(" 等 {n} 项"),
            _ => String::new(),
        };
        Some(format!("选定序号 {}{more}", numbers.join("、")))
    }

    fn copy(&mut self, reforms: Vec<usize>) -> Option<Effect> {
        let export = self.export(reforms);
        if export.is_none() {
            self.nothing_to_export();
        }
        export.map(Effect::Copy)
    }

    /// Opens the file name prompt for `reforms`, proposing a name in the current format.
    fn start_write(&mut self, reforms: Vec<usize>) {
        if reforms.is_empty() {
            self.nothing_to_export();
            return;
        }
        let default_name = effect::default_file_name(&(self.clock)(), self.format);
        let mut line = SearchLine::default();
        line.insert(&default_name);
        self.mode = Mode::Write {
            line,
            default_name,
            reforms,
        };
    }

    fn submit_write(&mut self) -> Option<Effect> {
        let Mode::Write {
            line,
            default_name,
            reforms,
        } = std::mem::take(&mut self.mode)
        else {
            return None;
        };
        let path = line.text.trim().to_string();
        match self.export(reforms) {
            Some(_) if path.is_empty() => {
                self.message = Some(self.lang.labels().no_file_name.to_string());
                None
            }
            Some(export) => Some(Effect::Write {
                path,
                default_name,
                export,
            }),
            None => {
                self.nothing_to_export();
                None
            }
        }
    }

    fn nothing_to_export(&mut self) {
        self.message = Some(self.lang.labels().nothing_to_export.to_string());
    }

    /// Edits the line being typed; a search line refilters at once: typing filters live.
    fn edit(&mut self, change: impl FnOnce(&mut SearchLine)) {
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

    fn clear_active_query(&mut self) {
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

    fn best_match(&mut self) {
        if self.focus == Pane::Agencies {
            self.agencies.selected = 0;
        } else {
            self.list.selected = 0;
            self.detail_scroll = 0;
        }
    }

    /// Checks the agency at this index of `Catalog::agencies()`, or unchecks it. Checked
    /// agencies stay in catalog order.
    fn toggle_agency(&mut self, agency: usize) {
        let name = self.catalog.agencies()[agency].name.clone();
        let checked = &mut self.selection.agencies;
        match checked.iter().position(|a| *a == name) {
            Some(at) => {
                checked.remove(at);
            }
            None => {
                checked.push(name);
                let catalog = &self.catalog;
                checked.sort_by_key(|a| catalog.agency_index(a));
            }
        }
        self.refresh(Keep::Reform);
    }

    /// Checks the document at this index of `Catalog::batches()`, or unchecks it. Checked
    /// documents stay in catalog order.
    fn toggle_document(&mut self, document: usize) {
        let name = self.catalog.batches()[document].name.clone();
        let checked = &mut self.selection.documents;
        match checked.iter().position(|d| *d == name) {
            Some(at) => {
                checked.remove(at);
            }
            None => {
                checked.push(name);
                let catalog = &self.catalog;
                checked.sort_by_key(|d| catalog.batch_index(d));
            }
        }
        self.refresh(Keep::Reform);
    }

    /// Checks the agency of the overview's current bar (or unchecks it), or chooses its
    /// scope (or all scopes again), and closes the overview.
    fn choose_bar(&mut self) {
        let Mode::Overview(overview) = &self.mode else {
            return;
        };
        let choice = overview.choice();
        self.mode = Mode::Browse;
        match choice {
            Some(Choice::Agency(agency)) => {
                self.toggle_agency(agency);
                if let Some(pos) = self.agency_rows.iter().position(|r| r.agency == agency) {
                    self.agencies.selected = self.document_rows.len() + pos;
                }
            }
            Some(Choice::Scope(scope)) => {
                let name = &self.catalog.scopes()[scope].name;
                self.selection.scope =
                    (self.selection.scope.as_ref() != Some(name)).then(|| name.clone());
                self.refresh(Keep::Reform);
            }
            None => {}
        }
    }

    /// Rows a page moves in the pane the keys act on.
    fn page(&self) -> usize {
        if matches!(self.mode, Mode::Help { .. } | Mode::Overview(_)) {
            return layout::inner_height(layout::help_area(self.size)).max(1);
        }
        self.areas()
            .and_then(|a| a.pane(self.focus))
            .map_or(1, |r| layout::inner_height(r).max(1))
    }

    fn move_by(&mut self, delta: isize) {
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

    fn move_list(&mut self, delta: isize) {
        let before = self.list.selected;
        self.list.move_by(delta, self.shown.reforms.len());
        if self.list.selected != before {
            self.detail_scroll = 0;
        }
    }

    fn click(&mut self, column: u16, row: u16) {
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

    fn wheel(&mut self, column: u16, row: u16, down: bool) {
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

    /// Recomputes what the list and the agency pane show after the query or a filter
    /// changed.
    fn refresh(&mut self, keep: Keep) {
        let current = self.current_index();
        self.selection.query.clone_from(&self.reform_query.text);
        let query = Query::parse(&self.selection.query);
        if !query.is_empty() && !self.index.is_built() {
            self.index = Arc::new(SearchIndex::new(&self.catalog.reforms));
        }
        // A big catalog's search is left to the background: the list and its highlights
        // stay those of the previous query until the answer comes (the empty query is
        // always answered at once: it searches nothing).
        if self.background
            && !query.is_empty()
            && !self.searcher.has(&self.index, &self.selection.query)
        {
            // The best match wins over keeping a reform: the query changed meanwhile.
            self.wanted = Some(match (self.wanted, keep) {
                (Some(Keep::Best), _) => Keep::Best,
                (_, keep) => keep,
            });
            return;
        }
        self.wanted = None;
        self.query = query;
        self.shown = self
            .selection
            .apply(&self.catalog, &self.index, &mut self.searcher);
        if let Some(tracking) = &self.tracking {
            let catalog = &self.catalog;
            self.shown.reforms.retain(|&i| tracking.passes(catalog, i));
        }
        if self.marked_only {
            let marks = &self.marks;
            self.shown.reforms.retain(|i| marks.contains(i));
        }
        self.marks_changed();
        match keep {
            Keep::Best => {
                self.list = Cursor::default();
                self.detail_scroll = 0;
            }
            Keep::Reform => {
                let shown = &self.shown.reforms;
                match current.and_then(|c| shown.iter().position(|&i| i == c)) {
                    Some(pos) => self.list.selected = pos,
                    None => self.detail_scroll = 0,
                }
            }
            Keep::Position => {}
        }
        self.refresh_agency_rows();
        if matches!(self.mode, Mode::Overview(_)) {
            let fresh = self.overview();
            if let Mode::Overview(overview) = &mut self.mode {
                overview.counts = fresh.counts;
                overview.statuses = fresh.statuses;
            }
        }
    }

    /// The overview of what is shown: its counts, and each agency's statuses once something
    /// is tracked.
    fn overview(&self) -> OverviewState {
        let shown = self.shown.reforms.iter().map(|&i| &self.catalog.reforms[i]);
        let counts = Overview::of(&self.catalog, shown);
        let statuses = self.tracking.as_ref().map_or_else(Vec::new, |t| {
            overview::status_tallies(&self.catalog, &self.shown.reforms, &counts.agencies, t)
        });
        OverviewState::new(counts, statuses)
    }

    fn refresh_agency_rows(&mut self) {
        let current = self.current_agency_row().map(|r| r.agency);
        let query = self.agency_query.text.trim();
        // The documents head the pane of a library, unless agencies are being searched.
        self.document_rows = if self.catalog.batches().len() > 1 && query.is_empty() {
            self.shown
                .document_counts
                .iter()
                .enumerate()
                .map(|(document, &count)| DocumentRow { document, count })
                .collect()
        } else {
            Vec::new()
        };
        self.agency_rows = self
            .catalog
            .agencies()
            .iter()
            .enumerate()
            .filter_map(|(i, agency)| {
                let highlight = if query.is_empty() {
                    Vec::new()
                } else {
                    query::match_label(query, &agency.name)?
                };
                Some(AgencyRow {
                    agency: i,
                    count: self.shown.agency_counts[i],
                    highlight,
                })
            })
            .collect();
        if let Some(pos) = current.and_then(|c| self.agency_rows.iter().position(|r| r.agency == c))
        {
            self.agencies.selected = self.document_rows.len() + pos;
        }
    }

    /// Keeps cursors and scrolling inside what the current size shows.
    fn settle(&mut self) {
        let current = self.current_index();
        if let Some(tracking) = &mut self.tracking {
            tracking.follow(&self.catalog, current);
        }
        let areas = self.areas();
        let height = |pane: Pane| {
            areas
                .and_then(|a| a.pane(pane))
                .map_or(1, layout::inner_height)
        };
        self.list
            .settle(self.shown.reforms.len(), height(Pane::List));
        self.agencies
            .settle(self.facet_rows(), height(Pane::Agencies));
        let overlay_height = layout::inner_height(layout::help_area(self.size));

        let help_area = layout::help_area(self.size);
        let help_rows = self.help_rows().len()
            + self
                .last_message_lines(usize::from(help_area.width.saturating_sub(2)))
                .len();
        match &mut self.mode {
            Mode::Help { scroll } => {
                *scroll = (*scroll).min(help_rows.saturating_sub(overlay_height));
            }
            Mode::Overview(overview) => overview.settle(overlay_height),
            _ => {}
        }
        let detail_height = height(Pane::Detail);
        let detail_lines = self.detail_line_count();
        self.detail_scroll = self
            .detail_scroll
            .min(detail_lines.saturating_sub(detail_height));
    }

    /// Tracks with `tracking`, keeping a note being written in `draft_path`; the list
    /// then shows each reform's status and the status facet applies.
    pub fn set_tracking(&mut self, mut tracking: Tracking, draft_path: Option<PathBuf>) {
        tracking.status_filter = tracking.status_filter.or(self.wanted_status.take());
        self.tracking = Some(tracking);
        self.draft_path = draft_path;
        self.refresh(Keep::Position);
        self.settle();
    }

    pub fn tracking(&self) -> Option<&Tracking> {
        self.tracking.as_ref()
    }

    /// The note being written, if the editor is open: kept when the browser ends.
    pub fn draft(&self) -> Option<Draft> {
        let Mode::Note {
            line,
            position,
            agency,
        } = &self.mode
        else {
            return None;
        };
        let key = tracking::key(&self.catalog, *position, agency);
        Some(Draft {
            document: key.document,
            number: key.number,
            agency: key.agency,
            text: line.text.clone(),
        })
    }

    /// The current reform and the agency the tracking keys act for; a message otherwise.
    fn acting(&mut self) -> Option<(usize, String)> {
        let position = self.current_index()?;
        let lang = self.lang;
        let Some(tracking) = &self.tracking else {
            self.message = Some(match lang {
                Lang::Zh => "没有跟踪数据库，无法记录落实情况".into(),
                Lang::En => "no tracking database: nothing can be recorded".into(),
            });
            return None;
        };
        match tracking.acting_agency(&self.catalog, position, lang) {
            Ok(agency) => Some((position, agency)),
            Err(message) => {
                self.message = Some(message);
                None
            }
        }
    }

    fn cycle_status(&mut self) {
        let Some((position, agency)) = self.acting() else {
            return;
        };
        let lang = self.lang;
        let Some(tracking) = &mut self.tracking else {
            return;
        };
        self.message = Some(
            match tracking.cycle_status(&self.catalog, position, &agency) {
                Ok(status) => format!("{agency}: {}", status.label(lang)),
                Err(e) => crate::core::safe::one_line(&e.to_string()),
            },
        );
        self.refresh(Keep::Reform);
    }

    fn edit_note(&mut self) {
        let Some((position, agency)) = self.acting() else {
            return;
        };
        let mut line = SearchLine::default();
        let key = tracking::key(&self.catalog, position, &agency);
        // A draft the browser kept when it ended in the middle of this note.
        if let Some(draft) = self
            .draft_path
            .as_deref()
            .and_then(Draft::read)
            .filter(|d| d.key() == key)
        {
            line.insert_lines(&draft.text);
        }
        self.mode = Mode::Note {
            line,
            position,
            agency,
        };
    }

    fn save_note(&mut self) {
        let Mode::Note {
            line,
            position,
            agency,
        } = std::mem::take(&mut self.mode)
        else {
            return;
        };
        let lang = self.lang;
        let Some(tracking) = &mut self.tracking else {
            return;
        };
        if line.text.trim().is_empty() {
            self.mode = Mode::Note {
                line,
                position,
                agency,
            };
            self.message = Some(match lang {
                Lang::Zh => "内容为空，未保存".into(),
                Lang::En => "the note is empty: not saved".into(),
            });
            return;
        }
        match tracking.add_note(&self.catalog, position, &agency, &line.text) {
            Ok(()) => {
                if let Some(path) = &self.draft_path {
                    let _ = tracking::discard(path);
                }
                self.message = Some(match lang {
                    Lang::Zh => format!("{agency}：已记录落实情况"),
                    Lang::En => format!("{agency}: note saved"),
                });
            }
            Err(e) => {
                // The text stays in the editor, to be saved again or copied.
                self.message = Some(crate::core::safe::one_line(&e.to_string()));
                self.mode = Mode::Note {
                    line,
                    position,
                    agency,
                };
            }
        }
        self.detail = None;
    }

    fn set_my_agency(&mut self) {
        let Some(row) = self.current_agency_row() else {
            return;
        };
        let name = self.catalog.agencies()[row.agency].name.clone();
        let lang = self.lang;
        let Some(tracking) = &mut self.tracking else {
            return;
        };
        let chosen = (tracking.agency.as_deref() != Some(name.as_str())).then_some(name);
        let kept = tracking.set_agency(chosen.clone());
        let labels = lang.labels();
        self.message = Some(match (kept, chosen) {
            (Err(e), _) => crate::core::safe::one_line(&e.to_string()),
            (Ok(()), Some(name)) => format!("{}: {name}", labels.my_agency),
            (Ok(()), None) => format!("{}: -", labels.my_agency),
        });
        self.refresh(Keep::Reform);
    }

    fn cycle_status_filter(&mut self) {
        let Some(tracking) = &mut self.tracking else {
            return;
        };
        let next = match tracking.status_filter {
            None => Some(crate::track::Status::ALL[0]),
            Some(s) if s == *crate::track::Status::ALL.last().unwrap_or(&s) => None,
            Some(s) => Some(s.next()),
        };
        tracking.status_filter = next;
        let labels = self.lang.labels();
        self.message = Some(format!(
            "{}: {}",
            labels.status_filter,
            next.map_or("-", |s| s.label(self.lang))
        ));
        self.refresh(Keep::Reform);
    }

    /// Lines the current reform takes in the detail pane at its current width.
    /// Lays the current reform out again if the reform, the pane's width or the language
    /// changed, and highlights it again if the reform or the query did; the detail pane's
    /// line count.
    fn detail_line_count(&mut self) -> usize {
        let (Some(index), Some(area)) = (self.current_index(), self.areas().and_then(|a| a.detail))
        else {
            return 0;
        };
        let reform = &self.catalog.reforms[index];
        let width = usize::from(area.width.saturating_sub(2));
        let key = (index, width, self.lang);
        if self.detail.as_ref().is_none_or(|(k, _)| *k != key) {
            let layout = detail::DetailLayout::new(reform, width, self.lang);
            self.detail = Some((key, layout));
        }
        let query_key = (index, self.reform_query.text.clone());
        if self
            .detail_highlights
            .as_ref()
            .is_none_or(|(k, _)| *k != query_key)
        {
            let found = self.index.highlights(index, &self.query);
            let highlights = detail::DetailHighlights {
                title: found.title,
                content: found.content,
                agencies: found.agencies,
            };
            self.detail_highlights = Some((query_key, highlights));
        }
        self.detail.as_ref().map_or(0, |(_, layout)| layout.len())
    }
}

/// What the list cursor stays on when the view changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The best match: the query changed.
    Best,
    /// The same reform if it is still shown: a filter changed.
    Reform,
    /// The same row.
    Position,
}

/// The export format `F` goes to next.
pub fn next_format(format: Output) -> Output {
    let at = Output::ALL.iter().position(|&o| o == format).unwrap_or(0);
    Output::ALL[(at + 1) % Output::ALL.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::Query;

    fn app() -> App {
        App::new(Catalog::embedded().unwrap(), Options::default())
    }

    /// In the background, a query the searcher has not answered leaves the list as it was
    /// until its job's hits come back; hits for a query no longer typed are dropped.
    #[test]
    fn a_background_search_leaves_the_list_until_its_answer_comes() {
        let mut app = app();
        app.update(Action::Resize {
            width: 100,
            height: 30,
        });
        // The cursor on another reform than the best match to come, its detail shown.
        app.update(Action::Bottom);
        assert_eq!(app.detail.as_ref().map(|((i, _, _), _)| *i), Some(41));
        app.search_in_background(true);
        app.update(Action::StartSearch);
        app.update(Action::Input("数".into()));
        assert_eq!(app.searching(), Some("数"));
        assert_eq!(app.view().len(), 42, "the previous list stays");
        let status = |app: &App| {
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
            terminal
                .draw(|frame| super::super::ui::render(app, frame))
                .unwrap();
            let buffer = terminal.backend().buffer();
            let row = buffer.area.height - 2;
            let mut line = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, row)].symbol();
                line.push_str(symbol);
                // A wide char's second cell holds nothing of its own.
                x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
            }
            line
        };
        assert!(
            status(&app).starts_with(" 搜索中… 42/42 | 已选 0 | 查询: 数 "),
            "{}",
            status(&app)
        );
        let (index, first) = app.search_job().expect("a search is wanted");
        let never = std::sync::atomic::AtomicBool::new(false);
        let first_hits = first.run(&index, &never).unwrap();

        // Typed on before the answer: the answer for 数 is dropped, 数据's is taken.
        app.update(Action::Input("据".into()));
        assert_eq!(app.searching(), Some("数据"));
        app.searched(first, first_hits);
        assert_eq!(app.searching(), Some("数据"));
        assert_eq!(app.view().len(), 42);
        let (index, job) = app.search_job().unwrap();
        let hits = job.run(&index, &never).unwrap();
        app.searched(job, hits);
        assert_eq!(app.searching(), None);
        let direct: Vec<usize> = SearchIndex::new(&app.catalog.reforms)
            .search(&Query::parse("数据"), None)
            .iter()
            .map(|h| h.index)
            .collect();
        assert_eq!(app.view(), direct);
        assert!(
            status(&app).starts_with(&format!(" 显示 {}/42 | 已选 0 | 查询: 数据 ", direct.len())),
            "{}",
            status(&app)
        );
        assert_eq!(app.list.selected, 0, "on the best match");
        assert!(!app.query.is_empty(), "highlights follow the answer");
        // The detail pane shows the reform now under the cursor, with no key pressed since.
        assert_eq!(
            app.detail.as_ref().map(|((index, _, _), _)| *index),
            app.current_index(),
            "the detail follows the answer"
        );

        // A query answered before needs no search; the empty query never does.
        app.update(Action::Input("x".into()));
        assert!(app.searching().is_some());
        app.update(Action::Backspace);
        assert_eq!(app.searching(), None);
        app.update(Action::ClearLine);
        assert_eq!(app.searching(), None);
        assert_eq!(app.view().len(), 42);

        // Turned off, what is still wanted is searched on the spot.
        app.update(Action::Input("跨境".into()));
        assert!(app.searching().is_some());
        app.search_in_background(false);
        assert_eq!(app.searching(), None);
        assert!(app.view().len() < 42 && !app.view().is_empty());
    }

    /// The browser opens without its search index: the first screen needs none, and the
    /// event loop builds it after the first frame.
    #[test]
    fn the_index_is_built_after_the_first_frame_or_by_the_first_query() {
        let mut beside = app();
        assert_eq!(beside.view().len(), 42);
        let reforms = beside.index_to_build().expect("not built at first");
        let built = SearchIndex::new(reforms);
        beside.install_index(built);
        assert!(beside.index_to_build().is_none());

        // A query typed before the index arrives builds it there and then; the index built
        // beside the frame then comes too late and is dropped.
        let mut typed = app();
        let late = SearchIndex::new(typed.index_to_build().unwrap());
        typed.update(Action::StartSearch);
        typed.update(Action::Input("数据".into()));
        assert!(typed.index_to_build().is_none());
        let shown = typed.view().to_vec();
        typed.install_index(late);
        assert_eq!(typed.view(), shown);

        // Both answer as an index built at once does.
        beside.update(Action::StartSearch);
        beside.update(Action::Input("数据".into()));
        let direct: Vec<usize> = SearchIndex::new(&beside.catalog.reforms)
            .search(&Query::parse("数据"), None)
            .iter()
            .map(|h| h.index)
            .collect();
        assert_eq!(beside.view(), direct);
        assert_eq!(typed.view(), direct);
        assert!(!direct.is_empty() && direct.len() < 42);
    }
}
