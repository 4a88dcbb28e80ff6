//! The browser's state, and `update`, the only way it changes. No terminal access here, so
//! every behaviour can be tested by feeding actions.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use ratatui::layout::Rect;

use super::action::Action;
use super::copy::{self, Effect, Export};
use super::keymap::{self, Context, Keymap};
use super::labels::Lang;
use super::layout::{self, Areas};
use super::overview::{self, Choice};
use super::search_line::SearchLine;
use super::theme::Theme;
use crate::catalog::{Catalog, Reform};
use crate::clipboard::OSC52_DEFAULT_MAX;
use crate::detail;
use crate::export::{self, Format};
use crate::query::{self, Query, SearchIndex, Searcher};
use crate::stats::Overview;

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    List,
    Detail,
    Agencies,
}

impl Pane {
    fn next(self) -> Pane {
        match self {
            Pane::List => Pane::Detail,
            Pane::Detail => Pane::Agencies,
            Pane::Agencies => Pane::List,
        }
    }

    fn prev(self) -> Pane {
        self.next().next()
    }

    fn context(self) -> Context {
        match self {
            Pane::List => Context::List,
            Pane::Detail => Context::Detail,
            Pane::Agencies => Context::Agencies,
        }
    }
}

/// Where keys go first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Browse,
    /// Typing in the search line of the focused pane.
    Search,
    Help,
    /// Typing the name of the file to write the export to.
    Write,
    /// The bar chart of the reforms shown per agency and per scope.
    Overview,
}

/// Whether a reform must have any or all of the checked agencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgencyMatch {
    #[default]
    Any,
    All,
}

/// A cursor in a list of rows and the first row shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    fn move_by(&mut self, delta: isize, len: usize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1));
    }

    /// Keeps the cursor inside the list and the list scrolled so the cursor shows.
    fn settle(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        // No empty rows below the end while rows above are hidden.
        self.offset = self.offset.min(len.saturating_sub(height));
    }
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

/// A state to start from, as indices into this catalog: see `App::restore`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resume {
    pub query: String,
    pub checked: BTreeSet<usize>,
    pub agency_match: AgencyMatch,
    pub scope: Option<usize>,
    pub marks: BTreeSet<usize>,
    pub focus: Pane,
    /// The reform the list cursor goes to.
    pub current: Option<usize>,
}

/// Options the browser starts with.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    pub format: Format,
    pub theme: Theme,
    /// The largest text sent as OSC 52, in bytes.
    pub osc52_max: usize,
    /// The key table, with the configuration file's rebindings.
    pub keymap: &'static Keymap,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lang: Lang::default(),
            format: Format::default(),
            theme: Theme::default(),
            osc52_max: OSC52_DEFAULT_MAX,
            keymap: Keymap::standard(),
        }
    }
}

/// The whole state of the browser.
pub struct App {
    pub catalog: Catalog,
    pub index: SearchIndex,
    searcher: Searcher,
    /// For each reform, the indices of its agencies in `Catalog::agencies()`.
    reform_agencies: Vec<Vec<usize>>,
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: &'static Keymap,
    pub focus: Pane,
    pub mode: Mode,
    pub reform_query: SearchLine,
    pub query: Query,
    pub agency_query: SearchLine,
    /// Checked agencies, as indices into `Catalog::agencies()`.
    pub checked: BTreeSet<usize>,
    pub agency_match: AgencyMatch,
    /// The chosen scope, as an index into `Catalog::scopes()`; `None` is all.
    pub scope: Option<usize>,
    /// Marked reforms, as indices into `Catalog::reforms`. Never touched by searches,
    /// filters or resizes.
    pub marks: BTreeSet<usize>,
    /// The reforms shown, as indices into `Catalog::reforms`, in rank or document order.
    pub view: Vec<usize>,
    pub list: Cursor,
    pub detail_scroll: usize,
    /// For each agency, its reforms among those the search and scope let through.
    agency_counts: Vec<usize>,
    pub agency_rows: Vec<AgencyRow>,
    pub agencies: Cursor,
    pub help_scroll: usize,
    /// Counts over `view`, for the overview; kept up to date while it is open.
    pub overview: Overview,
    /// The overview's cursor over its bars; the offset counts its rows.
    pub overview_cursor: Cursor,
    pub format: Format,
    pub osc52_max: usize,
    /// The file name prompt's line.
    pub file_line: SearchLine,
    /// The local time as `YYYYMMDD-HHMMSS`, for default file names; tests fix it.
    pub clock: fn() -> String,
    /// An effect for the event loop to perform before the next frame.
    pub pending: Option<Effect>,
    /// A transient message for the status bar, cleared by the next key.
    pub message: Option<String>,
    pub size: Rect,
    pub quit: bool,
}

impl App {
    pub fn new(catalog: Catalog, options: Options) -> App {
        let index = SearchIndex::new(&catalog.reforms);
        let positions: HashMap<&str, usize> = catalog
            .agencies()
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.as_str(), i))
            .collect();
        let reform_agencies = catalog
            .reforms
            .iter()
            .map(|r| r.agencies.iter().map(|a| positions[a.as_str()]).collect())
            .collect();
        let mut app = App {
            catalog,
            index,
            searcher: Searcher::new(),
            reform_agencies,
            lang: options.lang,
            theme: options.theme,
            keymap: options.keymap,
            focus: Pane::List,
            mode: Mode::Browse,
            reform_query: SearchLine::default(),
            query: Query::parse(""),
            agency_query: SearchLine::default(),
            checked: BTreeSet::new(),
            agency_match: AgencyMatch::Any,
            scope: None,
            marks: BTreeSet::new(),
            view: Vec::new(),
            list: Cursor::default(),
            detail_scroll: 0,
            agency_counts: Vec::new(),
            agency_rows: Vec::new(),
            agencies: Cursor::default(),
            help_scroll: 0,
            overview: Overview::default(),
            overview_cursor: Cursor::default(),
            format: options.format,
            osc52_max: options.osc52_max,
            file_line: SearchLine::default(),
            clock: copy::local_stamp,
            pending: None,
            message: None,
            size: Rect::new(0, 0, 80, 24),
            quit: false,
        };
        app.refresh(Keep::Position);
        app
    }

    /// Puts back a remembered state before the first frame. Indices out of range are
    /// dropped; the cursor goes to `current` when it is shown, else to the best match.
    pub fn restore(&mut self, resume: Resume) {
        self.reform_query = SearchLine::default();
        self.reform_query.insert(&resume.query);
        let agencies = self.catalog.agencies().len();
        self.checked = resume
            .checked
            .into_iter()
            .filter(|&a| a < agencies)
            .collect();
        self.agency_match = resume.agency_match;
        self.scope = resume.scope.filter(|&s| s < self.catalog.scopes().len());
        let reforms = self.catalog.reforms.len();
        self.marks = resume.marks.into_iter().filter(|&r| r < reforms).collect();
        self.focus = resume.focus;
        self.mode = Mode::Browse;
        self.refresh(Keep::Best);
        if let Some(pos) = resume
            .current
            .and_then(|c| self.view.iter().position(|&i| i == c))
        {
            self.list.selected = pos;
        }
        self.settle();
    }

    /// The reform under the list cursor.
    pub fn current(&self) -> Option<&Reform> {
        self.current_index().map(|i| &self.catalog.reforms[i])
    }

    pub fn current_index(&self) -> Option<usize> {
        self.view.get(self.list.selected).copied()
    }

    /// The agency row under the agency cursor.
    pub fn current_agency_row(&self) -> Option<&AgencyRow> {
        self.agency_rows.get(self.agencies.selected)
    }

    /// Where the panes are at the current size.
    pub fn areas(&self) -> Option<Areas> {
        layout::areas(self.size, self.focus)
    }

    /// The contexts keys are looked up in now.
    pub fn contexts(&self) -> Vec<Context> {
        if self.mode == Mode::Write {
            return vec![Context::Prompt, Context::Typing];
        }
        if self.mode == Mode::Overview {
            return vec![Context::Overview];
        }
        keymap::contexts(
            self.focus.context(),
            self.mode == Mode::Search,
            self.mode == Mode::Help,
        )
    }

    /// The line keys are typed into: the file name prompt, or the search line (the agency
    /// pane has its own).
    pub fn active_line(&self) -> &SearchLine {
        if self.mode == Mode::Write {
            &self.file_line
        } else if self.focus == Pane::Agencies {
            &self.agency_query
        } else {
            &self.reform_query
        }
    }

    fn active_line_mut(&mut self) -> &mut SearchLine {
        if self.mode == Mode::Write {
            &mut self.file_line
        } else if self.focus == Pane::Agencies {
            &mut self.agency_query
        } else {
            &mut self.reform_query
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Resize { .. } | Action::Scroll { .. }) {
            self.message = None;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::FocusDetail => self.focus = Pane::Detail,
            Action::MoveDown => self.move_by(1),
            Action::MoveUp => self.move_by(-1),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::HalfPageDown => self.move_by((self.page() / 2).max(1) as isize),
            Action::HalfPageUp => self.move_by(-((self.page() / 2).max(1) as isize)),
            Action::Top => self.move_by(isize::MIN),
            Action::Bottom => self.move_by(isize::MAX),
            Action::StartSearch => self.mode = Mode::Search,
            Action::Input(text) => self.edit(|line| line.insert(&text)),
            Action::Backspace => self.edit(SearchLine::backspace),
            Action::DeleteWord => self.edit(SearchLine::delete_word),
            Action::ClearLine => self.edit(SearchLine::clear),
            Action::CaretLeft => self.active_line_mut().left(),
            Action::CaretRight => self.active_line_mut().right(),
            Action::CaretHome => self.active_line_mut().home(),
            Action::CaretEnd => self.active_line_mut().end(),
            Action::SubmitSearch => {
                self.mode = Mode::Browse;
                self.best_match();
            }
            Action::CancelSearch => {
                self.mode = Mode::Browse;
                self.clear_active_query();
            }
            Action::ClearQuery => self.clear_active_query(),
            Action::ToggleMark => {
                if let Some(i) = self.current_index() {
                    if !self.marks.remove(&i) {
                        self.marks.insert(i);
                    }
                    self.move_by(1);
                }
            }
            Action::ClearMarks => self.marks.clear(),
            Action::ToggleAgency => {
                if let Some(row) = self.current_agency_row() {
                    let agency = row.agency;
                    if !self.checked.remove(&agency) {
                        self.checked.insert(agency);
                    }
                    self.refresh(Keep::Reform);
                }
            }
            Action::ClearAgencies => {
                self.checked.clear();
                self.refresh(Keep::Reform);
            }
            Action::ToggleAgencyMatch => {
                self.agency_match = match self.agency_match {
                    AgencyMatch::Any => AgencyMatch::All,
                    AgencyMatch::All => AgencyMatch::Any,
                };
                self.refresh(Keep::Reform);
            }
            Action::CycleScope => {
                let scopes = self.catalog.scopes().len();
                self.scope = match self.scope {
                    None if scopes > 0 => Some(0),
                    Some(i) if i + 1 < scopes => Some(i + 1),
                    _ => None,
                };
                self.refresh(Keep::Reform);
            }
            Action::CycleFormat => {
                self.format = next_format(self.format);
                let name = format_label(self.lang, self.format);
                self.message = Some(format!("{}: {name}", self.lang.labels().format));
            }
            Action::Copy => match self.export(self.selection()) {
                Some(export) => self.pending = Some(Effect::Copy(export)),
                None => self.nothing_to_export(),
            },
            Action::CopyShown => match self.export(self.view.clone()) {
                Some(export) => self.pending = Some(Effect::Copy(export)),
                None => self.nothing_to_export(),
            },
            Action::StartWrite => {
                if self.selection().is_empty() {
                    self.nothing_to_export();
                } else {
                    self.mode = Mode::Write;
                    self.file_line.clear();
                    self.file_line
                        .insert(&copy::default_file_name(&(self.clock)(), self.format));
                }
            }
            Action::SubmitWrite => {
                self.mode = Mode::Browse;
                let path = self.file_line.text.trim().to_string();
                match self.export(self.selection()) {
                    Some(_) if path.is_empty() => {
                        self.message = Some(self.lang.labels().no_file_name.to_string());
                    }
                    Some(export) => self.pending = Some(Effect::Write { path, export }),
                    None => self.nothing_to_export(),
                }
            }
            Action::CancelWrite => self.mode = Mode::Browse,
            Action::Copied(report) => {
                self.message = Some(copy::message(&report, self.lang, self.osc52_max));
            }
            Action::ShowHelp => {
                self.mode = Mode::Help;
                self.help_scroll = 0;
            }
            Action::CloseHelp => self.mode = Mode::Browse,
            Action::ShowOverview => {
                self.mode = Mode::Overview;
                self.overview_cursor = Cursor::default();
                self.count_overview();
            }
            Action::CloseOverview => self.mode = Mode::Browse,
            Action::ChooseBar => self.choose_bar(),
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => self.wheel(column, row, down),
            Action::Resize { width, height } => self.size = Rect::new(0, 0, width, height),
        }
        self.settle();
    }

    /// The reforms `y` and `w` act on: the marked ones in document order, or the current
    /// one when none is marked.
    pub fn selection(&self) -> Vec<usize> {
        if self.marks.is_empty() {
            self.current_index().into_iter().collect()
        } else {
            self.marks.iter().copied().collect()
        }
    }

    /// Reforms rendered in the current format for pasting; `None` when there are none.
    fn export(&self, reforms: Vec<usize>) -> Option<Export> {
        if reforms.is_empty() {
            return None;
        }
        let chosen: Vec<&Reform> = reforms.iter().map(|&i| &self.catalog.reforms[i]).collect();
        Some(Export {
            text: export::render_for_clipboard(self.format, &chosen),
            count: chosen.len(),
            format: self.format,
        })
    }

    fn nothing_to_export(&mut self) {
        self.message = Some(self.lang.labels().nothing_to_export.to_string());
    }

    /// Edits the active line; a search line refilters at once: typing filters live.
    fn edit(&mut self, change: impl FnOnce(&mut SearchLine)) {
        if self.mode == Mode::Write {
            change(&mut self.file_line);
            return;
        }
        if self.mode != Mode::Search {
            return;
        }
        change(self.active_line_mut());
        if self.focus == Pane::Agencies {
            self.agencies.selected = 0;
            self.refresh_agency_rows();
        } else {
            self.refresh(Keep::Best);
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

    /// Checks the agency of the overview's current bar (or unchecks it), or chooses its
    /// scope (or all scopes again), and closes the overview.
    fn choose_bar(&mut self) {
        if self.mode != Mode::Overview {
            return;
        }
        self.mode = Mode::Browse;
        match overview::choice(&self.overview, self.overview_cursor.selected) {
            Some(Choice::Agency(agency)) => {
                if !self.checked.remove(&agency) {
                    self.checked.insert(agency);
                }
                self.refresh(Keep::Reform);
                if let Some(pos) = self.agency_rows.iter().position(|r| r.agency == agency) {
                    self.agencies.selected = pos;
                }
            }
            Some(Choice::Scope(scope)) => {
                self.scope = (self.scope != Some(scope)).then_some(scope);
                self.refresh(Keep::Reform);
            }
            None => {}
        }
    }

    /// Rows a page moves in the pane the keys act on.
    fn page(&self) -> usize {
        let pane = match self.mode {
            Mode::Help | Mode::Overview => {
                return layout::inner_height(layout::help_area(self.size)).max(1);
            }
            _ => self.focus,
        };
        self.areas()
            .and_then(|a| a.pane(pane))
            .map_or(1, |r| layout::inner_height(r).max(1))
    }

    fn move_by(&mut self, delta: isize) {
        match (self.mode, self.focus) {
            (Mode::Help, _) => self.help_scroll = self.help_scroll.saturating_add_signed(delta),
            (Mode::Overview, _) => self
                .overview_cursor
                .move_by(delta, overview::bar_count(&self.overview)),
            (_, Pane::Agencies) => self.agencies.move_by(delta, self.agency_rows.len()),
            (Mode::Browse, Pane::Detail) => {
                self.detail_scroll = self.detail_scroll.saturating_add_signed(delta);
            }
            // While typing, Up and Down pick among the results, as in fzf.
            _ => {
                let before = self.list.selected;
                self.list.move_by(delta, self.view.len());
                if self.list.selected != before {
                    self.detail_scroll = 0;
                }
            }
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.mode == Mode::Write {
            return;
        }
        if self.mode == Mode::Help {
            self.mode = Mode::Browse;
            return;
        }
        if self.mode == Mode::Overview {
            self.click_overview(column, row);
            return;
        }
        let Some(areas) = self.areas() else { return };
        if row == areas.search.y && self.mode == Mode::Browse {
            self.focus = Pane::List;
            self.mode = Mode::Search;
            return;
        }
        let Some(pane) = areas.pane_at(column, row) else {
            return;
        };
        self.focus = pane;
        let Some(area) = areas.pane(pane) else { return };
        // Rows start inside the border.
        let Some(line) = usize::from(row).checked_sub(usize::from(area.y) + 1) else {
            return;
        };
        if line >= layout::inner_height(area) {
            return;
        }
        match pane {
            Pane::List if self.list.offset + line < self.view.len() => {
                if self.list.offset + line != self.list.selected {
                    self.detail_scroll = 0;
                }
                self.list.selected = self.list.offset + line;
            }
            Pane::Agencies if self.agencies.offset + line < self.agency_rows.len() => {
                self.agencies.selected = self.agencies.offset + line;
                // A click on the check box `[ ]` checks or unchecks, as in a form.
                if column > area.x && column <= area.x + CHECK_BOX_WIDTH {
                    self.update(Action::ToggleAgency);
                }
            }
            _ => {}
        }
    }

    /// A click on a bar puts the cursor on it; a click outside the overview closes it.
    fn click_overview(&mut self, column: u16, row: u16) {
        let area = layout::help_area(self.size);
        if !area.contains(ratatui::layout::Position::new(column, row)) {
            self.mode = Mode::Browse;
            return;
        }
        if let Some(bar) = usize::from(row)
            .checked_sub(usize::from(area.y) + 1)
            .filter(|&line| line < layout::inner_height(area))
            .and_then(|line| overview::bar_at(&self.overview, &self.overview_cursor, line))
        {
            self.overview_cursor.selected = bar;
        }
    }

    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        const STEP: usize = 3;
        if self.mode == Mode::Overview {
            let bars = overview::bar_count(&self.overview);
            self.overview_cursor.move_by(
                if down {
                    STEP as isize
                } else {
                    -(STEP as isize)
                },
                bars,
            );
            return;
        }
        let Some(pane) = self.areas().and_then(|a| a.pane_at(column, row)) else {
            return;
        };
        match pane {
            Pane::Detail => {
                self.detail_scroll = if down {
                    self.detail_scroll + STEP
                } else {
                    self.detail_scroll.saturating_sub(STEP)
                };
            }
            Pane::List | Pane::Agencies => {
                let (cursor, len) = if pane == Pane::List {
                    (&mut self.list, self.view.len())
                } else {
                    (&mut self.agencies, self.agency_rows.len())
                };
                let delta = if down {
                    STEP as isize
                } else {
                    -(STEP as isize)
                };
                cursor.move_by(delta, len);
            }
        }
    }

    /// Recomputes what the list and the agency pane show after the query or a filter
    /// changed.
    fn refresh(&mut self, keep: Keep) {
        let current = self.current_index();
        self.query = Query::parse(&self.reform_query.text);
        let hits = self.searcher.search(&self.index, &self.reform_query.text);
        let scope = self.scope.map(|i| self.catalog.scopes()[i].name.as_str());
        let found: Vec<usize> = hits
            .iter()
            .map(|h| h.index)
            .filter(|&i| scope.is_none_or(|s| self.catalog.reforms[i].scope == s))
            .collect();

        let mut counts = vec![0usize; self.catalog.agencies().len()];
        for &i in &found {
            for &a in &self.reform_agencies[i] {
                counts[a] += 1;
            }
        }
        self.view = found
            .into_iter()
            .filter(|&i| self.has_checked_agencies(i))
            .collect();

        match keep {
            Keep::Best => {
                self.list = Cursor::default();
                self.detail_scroll = 0;
            }
            Keep::Reform => {
                if let Some(pos) = current.and_then(|c| self.view.iter().position(|&i| i == c)) {
                    self.list.selected = pos;
                } else {
                    self.detail_scroll = 0;
                }
            }
            Keep::Position => {}
        }
        self.agency_counts = counts;
        self.refresh_agency_rows();
        if self.mode == Mode::Overview {
            self.count_overview();
        }
    }

    /// Counts what `view` shows for the overview; only while it is open, since a search
    /// refreshes the view on every key.
    fn count_overview(&mut self) {
        let shown = self.view.iter().map(|&i| &self.catalog.reforms[i]);
        self.overview = Overview::of(&self.catalog, shown);
    }

    fn has_checked_agencies(&self, reform: usize) -> bool {
        if self.checked.is_empty() {
            return true;
        }
        let agencies = &self.reform_agencies[reform];
        match self.agency_match {
            AgencyMatch::Any => agencies.iter().any(|a| self.checked.contains(a)),
            AgencyMatch::All => self.checked.iter().all(|a| agencies.contains(a)),
        }
    }

    fn refresh_agency_rows(&mut self) {
        let current = self.current_agency_row().map(|r| r.agency);
        let query = self.agency_query.text.trim();
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
                    count: self.agency_counts[i],
                    highlight,
                })
            })
            .collect();
        if let Some(pos) = current.and_then(|c| self.agency_rows.iter().position(|r| r.agency == c))
        {
            self.agencies.selected = pos;
        }
    }

    /// Keeps cursors and scrolling inside what the current size shows.
    fn settle(&mut self) {
        let areas = self.areas();
        let height = |pane: Pane| {
            areas
                .and_then(|a| a.pane(pane))
                .map_or(1, layout::inner_height)
        };
        self.list.settle(self.view.len(), height(Pane::List));
        self.agencies
            .settle(self.agency_rows.len(), height(Pane::Agencies));
        let help_rows = self.keymap.help_rows(self.lang).len();
        let help_height = layout::inner_height(layout::help_area(self.size));
        self.help_scroll = self.help_scroll.min(help_rows.saturating_sub(help_height));
        overview::settle(&mut self.overview_cursor, &self.overview, help_height);
        let detail_height = height(Pane::Detail);
        let detail_lines = self.detail_line_count();
        self.detail_scroll = self
            .detail_scroll
            .min(detail_lines.saturating_sub(detail_height));
    }

    /// Lines the current reform takes in the detail pane at its current width.
    fn detail_line_count(&self) -> usize {
        let (Some(reform), Some(area)) = (self.current(), self.areas().and_then(|a| a.detail))
        else {
            return 0;
        };
        let width = usize::from(area.width.saturating_sub(2));
        detail::detail_lines_labelled(reform, width, &Default::default(), self.label_language())
            .len()
    }

    /// The language of the detail pane's field labels.
    pub fn label_language(&self) -> detail::LabelLanguage {
        match self.lang {
            Lang::Zh => detail::LabelLanguage::Chinese,
            Lang::En => detail::LabelLanguage::English,
        }
    }

    /// The number of reforms the current filters and search show.
    pub fn shown(&self) -> usize {
        self.view.len()
    }

    /// The numbers of the marked reforms, in document order.
    pub fn marked_numbers(&self) -> Vec<u32> {
        self.marks
            .iter()
            .map(|&i| self.catalog.reforms[i].number)
            .collect()
    }
}

/// Cells of the check box at the start of an agency row.
pub const CHECK_BOX_WIDTH: u16 = 3;

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

pub fn next_format(format: Format) -> Format {
    match format {
        Format::Text => Format::Tsv,
        Format::Tsv => Format::Markdown,
        Format::Markdown => Format::Json,
        Format::Json => Format::Text,
    }
}

pub fn format_label(lang: Lang, format: Format) -> &'static str {
    let names = lang.labels().formats;
    match format {
        Format::Text => names[0],
        Format::Markdown => names[1],
        Format::Tsv => names[2],
        Format::Json => names[3],
    }
}
