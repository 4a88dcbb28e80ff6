//! What is shown follows what was chosen: the list, the agency pane and the detail after
//! each change of the query or a filter, a big catalog's searches in the background, a
//! remembered session put back, and the help's rows.

use super::*;

impl App {
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

    /// Scrolls the detail to the next (or previous) line the search matches, from the top
    /// line shown, going round at the end as vim does.
    pub(super) fn jump_to_match(&mut self, forward: bool) {
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
        let facets = self.facets(true);
        if facets.is_empty() {
            return None;
        }
        let labels = self.lang.labels();
        Some(format!(
            "{} ({}): {}",
            labels.restored,
            labels.restored_keys,
            self.lang.facets(&facets, Described::Notice).join(", ")
        ))
    }

    /// What is shown, facet by facet (see `Selection::facets`): the selection, the status
    /// facet, and with `marks` the marks.
    pub(crate) fn facets(&self, marks: bool) -> Vec<Facet> {
        let beyond = Beyond {
            statuses: self
                .status_filter()
                .map(|s| s.label(self.lang).to_string())
                .into_iter()
                .collect(),
            overdue: false,
            marks: if marks { self.marks.len() } else { 0 },
            marked_only: marks && self.marked_only,
        };
        self.selection.facets(&beyond)
    }

    /// Recomputes what the list and the agency pane show after the query or a filter
    /// changed.
    pub(super) fn refresh(&mut self, keep: Keep) {
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
    pub(super) fn overview(&self) -> OverviewState {
        let shown = self.shown.reforms.iter().map(|&i| &self.catalog.reforms[i]);
        let counts = Overview::of(&self.catalog, shown);
        let statuses = self.tracking.as_ref().map_or_else(Vec::new, |t| {
            overview::status_tallies(&self.catalog, &self.shown.reforms, &counts.agencies, t)
        });
        OverviewState::new(counts, statuses)
    }

    pub(super) fn refresh_agency_rows(&mut self) {
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
    pub(super) fn settle(&mut self) {
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

    /// Lines the current reform takes in the detail pane at its current width.
    /// Lays the current reform out again if the reform, the pane's width or the language
    /// changed, and highlights it again if the reform or the query did; the detail pane's
    /// line count.
    pub(super) fn detail_line_count(&mut self) -> usize {
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
