//! The browser's state, and `update`, the only way it changes. No terminal access here, so
//! every behaviour can be tested by feeding actions; what must reach the terminal, the
//! clipboard or a file comes back from `update` as an `Effect`.

mod exporting;
mod filters;
mod marks;
mod pointer;
#[cfg(test)]
mod tests;
mod tracking;
mod typing;
mod view;

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEventKind};
use ratatui::layout::Rect;

use crate::clipboard::OSC52_DEFAULT_MAX;
use crate::core::catalog::{Catalog, Reform};
use crate::core::query::{self, Hit, Job, Query, SearchIndex, Searcher};
use crate::core::selection::{AgencyRole, Beyond, Facet, Selection, Shown};
use crate::core::stats::Overview;
use crate::core::text;
use crate::detail;
use crate::documents::export::Output;
use crate::documents::report::About;
use crate::lang::{Described, Lang};
use crate::track::ItemKey;
use crate::tui::action::Action;
use crate::tui::copier::Copying;
use crate::tui::cursor::Cursor;
use crate::tui::effect::{self, Effect, Export, Report};
use crate::tui::keymap::{Context, HelpRow, Key, Keymap};
use crate::tui::layout::{self, Areas, Pane};
use crate::tui::mouse::{self, OverlayTarget, Target};
use crate::tui::overview::{self, Choice, OverviewState};
use crate::tui::search_line::SearchLine;
use crate::tui::theme::Theme;
use crate::tui::tracking::{Draft, Request, Tracked, Tracking};
use crate::tui::writer::Writing;

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
    /// A note not saved: kept when a browser ended in the middle of it, or refused by the
    /// ledger; offered when its editor opens.
    pub(crate) kept_draft: Option<Draft>,
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

pub use self::exporting::next_format;
pub use self::marks::Change;
use self::marks::Snapshot;
pub use self::typing::HISTORY_LEN;

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
            kept_draft: None,
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

    /// Applies one action; returns what the event loop must do about it, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if !matches!(
            action,
            Action::Resize { .. } | Action::Scroll { .. } | Action::Copying(_) | Action::Tracked(_)
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

    fn apply(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::FocusDetail => self.focus = Pane::Detail,
            Action::Back => self.focus = Pane::List,
            Action::MoveDown
            | Action::MoveUp
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::Top
            | Action::Bottom
            | Action::Click { .. }
            | Action::Scroll { .. } => self.point(action),
            Action::StartSearch
            | Action::Input(_)
            | Action::Backspace
            | Action::DeleteWord
            | Action::ClearLine
            | Action::CaretLeft
            | Action::CaretRight
            | Action::CaretHome
            | Action::CaretEnd
            | Action::SubmitSearch
            | Action::CancelSearch
            | Action::ClearQuery
            | Action::HistoryPrev
            | Action::HistoryNext
            | Action::NoteNewline => self.type_in(action),
            Action::ToggleMark
            | Action::ClearMarks
            | Action::MarkShown
            | Action::InvertMarks
            | Action::MarkRange
            | Action::ToggleMarkedOnly
            | Action::Undo
            | Action::ResetView => self.mark(action),
            Action::ToggleAgency
            | Action::ClearAgencies
            | Action::ToggleAgencyMatch
            | Action::ToggleAgencyRole
            | Action::CycleScope
            | Action::ChooseBar => self.filter(action),
            Action::CycleFormat
            | Action::Copy
            | Action::CopyShown
            | Action::StartWrite
            | Action::StartWriteShown
            | Action::SubmitWrite
            | Action::CancelWrite
            | Action::ConfirmReplace
            | Action::KeepFile
            | Action::Reported(_)
            | Action::Copying(_)
            | Action::Writing(_) => return self.export_action(action),
            Action::CycleStatus
            | Action::EditNote
            | Action::SaveNote
            | Action::CancelNote
            | Action::SetMyAgency
            | Action::CycleStatusFilter
            | Action::Tracked(_) => return self.track(action),
            Action::NextMatch => self.jump_to_match(true),
            Action::PrevMatch => self.jump_to_match(false),
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.message = Some(self.lang.mouse(self.mouse));
                return Some(Effect::Mouse(self.mouse));
            }
            Action::Unbound(key) => self.message = Some(self.unbound(&key)),
            Action::ShowHelp => {
                self.mode = Mode::Help { scroll: 0 };
                self.help_filter.clear();
                self.help_typing = false;
            }
            Action::CloseHelp | Action::CloseOverview => self.mode = Mode::Browse,
            Action::ShowOverview => self.mode = Mode::Overview(self.overview()),
            Action::Resize { width, height } => self.size = Rect::new(0, 0, width, height),
        }
        None
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
