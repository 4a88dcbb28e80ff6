//! The overview overlay (`o`): a bar chart of the reforms shown per agency and per scope,
//! drawn from its state (`tui::overview`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::bar;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph};

use super::chrome;
use crate::stats::{Overview, Tally};
use crate::text;
use crate::tui::app::App;
use crate::tui::overview::{OverviewState, Row, Section};
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
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let rows = state.rows();
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
        .skip(state.cursor.offset)
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
                frame.render_widget(Paragraph::new(chrome::line(pieces)), line_area);
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
                        let selected = bar == state.cursor.selected;
                        let chosen = match section {
                            Section::Agencies => app.is_checked(tally.index),
                            Section::Scopes => app.scope() == Some(tally.index),
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
    chrome::scrollbar_for(frame, area, rows.len(), height, state.cursor.offset);
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
    chrome::line(pieces)
}
