//! The overview overlay (`o`): a bar chart of the reforms shown per agency and per scope,
//! and of each agency's work by status once something is tracked, drawn from its state
//! (`tui::overview`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::bar;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph};

use super::chrome;
use crate::core::stats::{Overview, Tally};
use crate::core::text;
use crate::lang::Lang;
use crate::track::Status;
use crate::tui::app::App;
use crate::tui::overview::{self, OverviewState, Row, Section, StatusTally};
use crate::tui::theme::Theme;

/// Cells before the names: `[x] ` or `(*) `.
const MARK_WIDTH: usize = 4;
/// Cells a bar has at least, when the names must be cut to leave it room.
const MIN_BAR: usize = 8;

/// Draws the overlay over the screen of `size`.
pub fn draw(app: &App, state: &OverviewState, frame: &mut Frame, size: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let overview = &state.counts;
    let title = format!(
        "{} {}/{}",
        labels.overview,
        overview.total,
        app.catalog.reforms.len()
    );
    let (area, inner) = chrome::overlay(frame, size, &title, labels.overview_close, theme);
    let height = usize::from(inner.height);
    let rows = state.rows();
    if rows.is_empty() {
        let notice = text::truncate(labels.no_match, usize::from(inner.width));
        frame.render_widget(Paragraph::new(Span::styled(notice, theme.dim)), inner);
        return;
    }
    let chart = Chart::new(app, state, theme, usize::from(inner.width));
    let visible: Vec<Row> = rows
        .iter()
        .copied()
        .skip(state.cursor.offset)
        .take(height)
        .collect();
    let mut y = 0;
    while y < visible.len() {
        let line_area = Rect::new(inner.x, inner.y + y as u16, inner.width, 1);
        y += match visible[y] {
            Row::Blank => 1,
            Row::Legend => {
                let legend = legend(app.lang, chart.width, theme);
                frame.render_widget(Paragraph::new(legend), line_area);
                1
            }
            Row::Heading(section) => chart.heading(section, frame, line_area),
            Row::Bar(Section::Statuses, bar) => chart.status_bar(bar, frame, line_area),
            Row::Bar(section, _) => {
                // A run of bars of one section is one chart.
                let run: Vec<usize> = visible[y..]
                    .iter()
                    .map_while(|row| match row {
                        Row::Bar(s, bar) if *s == section => Some(*bar),
                        _ => None,
                    })
                    .collect();
                chart.bars(section, &run, frame, line_area)
            }
        };
    }
    chrome::scrollbar_for(frame, area, rows.len(), height, state.cursor.offset);
}

/// What every row of the overlay is laid out by: one name width for both sections, so
/// every bar starts in the same column.
struct Chart<'a> {
    app: &'a App,
    state: &'a OverviewState,
    theme: &'a Theme,
    width: usize,
    /// The names' cells, the counts' and the whole label's before the bars.
    widths: (usize, usize, usize),
    symbols: bar::Set<'static>,
}

impl<'a> Chart<'a> {
    fn new(app: &'a App, state: &'a OverviewState, theme: &'a Theme, width: usize) -> Chart<'a> {
        let overview = &state.counts;
        let count_width = overview.count_width();
        // The status bars need room for a mark of each status and the overdue count.
        let min_bar = if state.statuses.is_empty() {
            MIN_BAR
        } else {
            let mark = text::str_width(app.lang.status_mark(Status::Done));
            MIN_BAR.max(STACKED.len() * mark + overdue_width(&state.statuses))
        };
        let name_width = overview
            .name_width()
            .min(width.saturating_sub(MARK_WIDTH + 1 + count_width + 1 + min_bar));
        let label_width = (MARK_WIDTH + name_width + 1 + count_width).min(width.saturating_sub(1));
        let symbols = if text::ambiguous_wide() {
            // The block characters are of ambiguous width.
            bar::Set {
                full: "#",
                ..bar::Set::default()
            }
        } else {
            bar::Set::default()
        };
        Chart {
            app,
            state,
            theme,
            width,
            widths: (name_width, count_width, label_width),
            symbols,
        }
    }

    /// A section's heading; the rows it takes.
    fn heading(&self, section: Section, frame: &mut Frame, area: Rect) -> usize {
        let labels = self.app.lang.labels();
        let heading = match section {
            Section::Agencies => labels.agencies,
            Section::Scopes => labels.overview_scopes,
            Section::Statuses => labels.overview_statuses,
        };
        let pieces = text::fit_styled(
            &[(heading, self.theme.focused_title)],
            self.width,
            self.theme.text,
        );
        frame.render_widget(Paragraph::new(chrome::line(pieces)), area);
        1
    }

    /// An agency's work by status: its label, then a mark per reform of each status.
    fn status_bar(&self, bar: usize, frame: &mut Frame, area: Rect) -> usize {
        let overview = &self.state.counts;
        let at = bar - overview.agencies.len() - overview.scopes.len();
        let (tally, work) = (&overview.agencies[at], &self.state.statuses[at]);
        let selected = bar == self.state.cursor.selected;
        let chosen = self.app.is_checked(tally.index);
        let label = bar_label(
            tally,
            Section::Agencies,
            chosen,
            selected,
            self.widths,
            self.theme,
        );
        let room = self.width.saturating_sub(self.widths.2 + 1);
        let mut pieces = label.spans;
        pieces.push(Span::raw(" "));
        pieces.extend(status_bar(
            work,
            &self.state.statuses,
            room,
            self.app.lang,
            self.theme,
        ));
        frame.render_widget(Paragraph::new(Line::from(pieces)), area);
        1
    }

    /// A run of bars of one section, as one chart; the rows it takes.
    fn bars(&self, section: Section, run: &[usize], frame: &mut Frame, area: Rect) -> usize {
        let overview = &self.state.counts;
        let tallies = match section {
            Section::Agencies | Section::Statuses => &overview.agencies,
            Section::Scopes => &overview.scopes,
        };
        let bars: Vec<Bar> = run
            .iter()
            .map(|&bar| {
                let (tally, chosen) = match section {
                    Section::Agencies | Section::Statuses => {
                        let tally = &tallies[bar];
                        (tally, self.app.is_checked(tally.index))
                    }
                    Section::Scopes => {
                        let tally = &tallies[bar - overview.agencies.len()];
                        (tally, self.app.scope() == Some(tally.index))
                    }
                };
                let selected = bar == self.state.cursor.selected;
                let label = bar_label(tally, section, chosen, selected, self.widths, self.theme);
                Bar::default()
                    .value(tally.count as u64)
                    .text_value(String::new())
                    .label(label)
                    .style(if selected {
                        self.theme.matched
                    } else {
                        self.theme.focused_border
                    })
            })
            .collect();
        let chart = BarChart::horizontal(bars)
            .bar_width(1)
            .bar_gap(0)
            .bar_set(self.symbols.clone())
            .max(Overview::largest(tallies) as u64);
        let chart_area = Rect {
            height: run.len() as u16,
            ..area
        };
        frame.render_widget(chart, chart_area);
        run.len()
    }
}

/// `[x] 天津海关        4`: the mark, the name cut or padded to `name_width` cells, the
/// count; `label_width` cells in all, so the bars after it line up.
fn bar_label(
    tally: &Tally,
    section: Section,
    chosen: bool,
    selected: bool,
    (name_width, count_width, label_width): (usize, usize, usize),
    theme: &Theme,
) -> Line<'static> {
    let mark = match (section, chosen) {
        (Section::Agencies | Section::Statuses, true) => "[x] ",
        (Section::Agencies | Section::Statuses, false) => "[ ] ",
        (Section::Scopes, true) => "(*) ",
        (Section::Scopes, false) => "( ) ",
    };
    let base = if selected {
        theme.text.patch(theme.cursor)
    } else {
        theme.text
    };
    let name = text::fit(&tally.name, name_width);
    let count = format!(" {:>count_width$}", tally.count);
    let pieces = text::fit_styled(
        &[
            (mark, base.patch(theme.mark)),
            (name.as_str(), base),
            (count.as_str(), base.patch(theme.number)),
        ],
        label_width,
        Style::default(),
    );
    chrome::line(pieces)
}

/// The statuses in the order the bars stack them: the work done first.
const STACKED: [Status; 4] = [
    Status::Done,
    Status::InProgress,
    Status::NotStarted,
    Status::NotApplicable,
];

fn status_style(status: Status, theme: &Theme) -> Style {
    match status {
        Status::Done => theme.number,
        Status::InProgress => theme.matched,
        Status::NotStarted => theme.text,
        Status::NotApplicable => theme.dim,
    }
}

/// `已落实 推进中 未启动 不适用 !逾期`, or `D done  P in progress ...`: what the marks mean.
fn legend(lang: Lang, width: usize, theme: &Theme) -> Line<'static> {
    let labels = lang.labels();
    let mut words: Vec<(String, Style)> = STACKED
        .iter()
        .map(|&s| (lang.status_legend(s), status_style(s, theme)))
        .collect();
    words.push((format!("!{}", labels.overdue), theme.mark));
    let gap = labels.legend_gap;
    let mut pieces: Vec<(&str, Style)> = Vec::new();
    for (i, (word, style)) in words.iter().enumerate() {
        if i > 0 {
            pieces.push((gap, theme.text));
        }
        pieces.push((word.as_str(), *style));
    }
    chrome::line(text::fit_styled(&pieces, width, theme.text))
}

/// The cells of ` !12` after the bars, as wide as the largest overdue count; none when
/// nothing is overdue.
fn overdue_width(all: &[StatusTally]) -> usize {
    all.iter()
        .map(|t| t.overdue)
        .max()
        .filter(|&n| n > 0)
        .map_or(0, |n| 2 + n.to_string().len())
}

/// An agency's bar: its items by status, each status's cells drawn with its mark, as long
/// as its count against the agency with the most; then `!2` when two are overdue. `room`
/// cells in all.
fn status_bar(
    work: &StatusTally,
    all: &[StatusTally],
    room: usize,
    lang: Lang,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let overdue_width = overdue_width(all);
    let cell = text::str_width(lang.status_mark(Status::Done)).max(1);
    let slots = room.saturating_sub(overdue_width) / cell;
    let largest = all.iter().map(StatusTally::total).max().unwrap_or(0).max(1);
    let total = work.total();
    let counts: Vec<usize> = STACKED.iter().map(|&s| work.count(s)).collect();
    // Whole marks, and one at least for each status the agency has, room allowing.
    let nonzero = counts.iter().filter(|&&n| n > 0).count();
    let length = (total * slots).div_ceil(largest).max(nonzero).min(slots);
    let mut spans: Vec<Span<'static>> = STACKED
        .iter()
        .zip(overview::segments(&counts, length))
        .filter(|(_, n)| *n > 0)
        .map(|(&s, n)| Span::styled(lang.status_mark(s).repeat(n), status_style(s, theme)))
        .collect();
    if work.overdue > 0 {
        let used = length * cell;
        let pad = room.saturating_sub(used + overdue_width);
        spans.push(Span::raw(" ".repeat(pad + 1)));
        spans.push(Span::styled(format!("!{}", work.overdue), theme.mark));
    }
    spans
}
