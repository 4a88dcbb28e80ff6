//! The overview overlay (`o`): a bar chart of the reforms shown per agency and per scope.
//! Its rows and cursor are plain functions of an [`Overview`]; drawing is at the end.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::bar;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph};

use super::app::{App, Cursor};
use super::theme::Theme;
use super::ui;
use crate::stats::{Overview, Tally};
use crate::text;

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

/// Bars in all: the agencies, then the scopes.
pub fn bar_count(overview: &Overview) -> usize {
    overview.agencies.len() + overview.scopes.len()
}

/// The rows: a heading and the bars of each section, a blank row between. No rows when no
/// reform is shown.
pub fn rows(overview: &Overview) -> Vec<Row> {
    if overview.total == 0 {
        return Vec::new();
    }
    let agencies = overview.agencies.len();
    let mut rows = vec![Row::Heading(Section::Agencies)];
    rows.extend((0..agencies).map(|i| Row::Bar(Section::Agencies, i)));
    rows.push(Row::Blank);
    rows.push(Row::Heading(Section::Scopes));
    rows.extend((0..overview.scopes.len()).map(|i| Row::Bar(Section::Scopes, agencies + i)));
    rows
}

/// The row of the `bar`th bar.
fn row_of(overview: &Overview, bar: usize) -> usize {
    let agencies = overview.agencies.len();
    if bar < agencies {
        1 + bar
    } else {
        agencies + 3 + (bar - agencies)
    }
}

/// What the `bar`th bar stands for.
pub fn choice(overview: &Overview, bar: usize) -> Option<Choice> {
    let agencies = overview.agencies.len();
    if bar < agencies {
        Some(Choice::Agency(overview.agencies[bar].index))
    } else {
        overview
            .scopes
            .get(bar - agencies)
            .map(|t| Choice::Scope(t.index))
    }
}

/// Keeps the cursor on a bar and scrolls (`offset` counts rows) so its row shows; the
/// heading of a section shows with its first bar.
pub fn settle(cursor: &mut Cursor, overview: &Overview, height: usize) {
    let bars = bar_count(overview);
    let total_rows = rows(overview).len();
    cursor.selected = cursor.selected.min(bars.saturating_sub(1));
    if bars == 0 {
        cursor.offset = 0;
        return;
    }
    let height = height.max(1);
    let row = row_of(overview, cursor.selected);
    let first_of_section = cursor.selected == 0 || cursor.selected == overview.agencies.len();
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
pub fn bar_at(overview: &Overview, cursor: &Cursor, line: usize) -> Option<usize> {
    match rows(overview).get(cursor.offset + line) {
        Some(Row::Bar(_, bar)) => Some(*bar),
        _ => None,
    }
}

/// Cells before the names: `[x] ` or `(*) `.
const MARK_WIDTH: usize = 4;
/// Cells a bar has at least, when the names must be cut to leave it room.
const MIN_BAR: usize = 8;

/// Draws the overlay over the screen of `size`.
pub fn draw(app: &App, frame: &mut Frame, size: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let overview = &app.overview;
    let title = format!(
        "{} {}/{}",
        labels.overview,
        overview.total,
        app.catalog.reforms.len()
    );
    let (area, inner) = ui::overlay(frame, size, &title, labels.overview_close, theme);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let rows = rows(overview);
    if rows.is_empty() {
        let notice = text::truncate(labels.no_match, width);
        frame.render_widget(Paragraph::new(Span::styled(notice, theme.dim)), inner);
        return;
    }
    // One name width for both sections, so every bar starts in the same column.
    let count_width = overview.count_width();
    let name_width = overview
        .name_width()
        .min(width.saturating_sub(MARK_WIDTH + 1 + count_width + 1 + MIN_BAR));
    let label_width = (MARK_WIDTH + name_width + 1 + count_width).min(width.saturating_sub(1));
    let bar_symbols = if text::ambiguous_wide() {
        // The block characters are of ambiguous width.
        bar::Set {
            full: "#",
            ..bar::Set::default()
        }
    } else {
        bar::Set::default()
    };

    let visible: Vec<(usize, Row)> = rows
        .iter()
        .copied()
        .skip(app.overview_cursor.offset)
        .take(height)
        .enumerate()
        .collect();
    let mut y = 0;
    while y < visible.len() {
        let line_area = Rect::new(inner.x, inner.y + y as u16, inner.width, 1);
        match visible[y].1 {
            Row::Blank => y += 1,
            Row::Heading(section) => {
                let heading = match section {
                    Section::Agencies => labels.agencies,
                    Section::Scopes => labels.overview_scopes,
                };
                let pieces = text::fit_styled(&[(heading, theme.focused_title)], width, theme.text);
                frame.render_widget(Paragraph::new(ui::line(pieces)), line_area);
                y += 1;
            }
            Row::Bar(section, _) => {
                // A run of bars of one section is one chart.
                let run: Vec<usize> = visible[y..]
                    .iter()
                    .map_while(|(_, row)| match row {
                        Row::Bar(s, bar) if *s == section => Some(*bar),
                        _ => None,
                    })
                    .collect();
                let tallies = match section {
                    Section::Agencies => &overview.agencies,
                    Section::Scopes => &overview.scopes,
                };
                let bars: Vec<Bar> = run
                    .iter()
                    .map(|&bar| {
                        let tally = match section {
                            Section::Agencies => &tallies[bar],
                            Section::Scopes => &tallies[bar - overview.agencies.len()],
                        };
                        let selected = bar == app.overview_cursor.selected;
                        let chosen = match section {
                            Section::Agencies => app.checked.contains(&tally.index),
                            Section::Scopes => app.scope == Some(tally.index),
                        };
                        let label = bar_label(
                            tally,
                            section,
                            chosen,
                            selected,
                            (name_width, count_width, label_width),
                            theme,
                        );
                        Bar::default()
                            .value(tally.count as u64)
                            .text_value(String::new())
                            .label(label)
                            .style(if selected {
                                theme.matched
                            } else {
                                theme.focused_border
                            })
                    })
                    .collect();
                let chart = BarChart::horizontal(bars)
                    .bar_width(1)
                    .bar_gap(0)
                    .bar_set(bar_symbols.clone())
                    .max(Overview::largest(tallies) as u64);
                let chart_area = Rect {
                    height: run.len() as u16,
                    ..line_area
                };
                frame.render_widget(chart, chart_area);
                y += run.len();
            }
        }
    }
    ui::scrollbar_for(frame, area, rows.len(), height, app.overview_cursor.offset);
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
        (Section::Agencies, true) => "[x] ",
        (Section::Agencies, false) => "[ ] ",
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
    ui::line(pieces)
}
