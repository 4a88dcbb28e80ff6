//! Drawing: the screen as a function of the state. One function per pane; every piece of
//! text is laid out by the text module first, so ratatui receives lines that already fit.

use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::symbols::{border, scrollbar};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::app::{AgencyMatch, App, Mode, Pane, format_label};
use super::keymap::HelpRow;
use super::layout;
use super::overview;
use super::theme::Theme;
use crate::detail::{self, DetailHighlights};
use crate::text;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let size = frame.area();
    let theme = app.theme;
    let Some(areas) = layout::areas(size, app.focus) else {
        too_small(app, frame, size);
        return;
    };
    search_line(app, frame, areas.search, &theme);
    if !areas.list.is_empty() {
        list_pane(app, frame, areas.list, &theme);
    }
    if let Some(area) = areas.detail {
        detail_pane(app, frame, area, &theme);
    }
    if let Some(area) = areas.agencies {
        agency_pane(app, frame, area, &theme);
    }
    status_bar(app, frame, areas.status, &theme);
    key_line(app, frame, areas.keys, &theme);
    if app.mode == Mode::Help {
        help_overlay(app, frame, size, &theme);
    }
    if app.mode == Mode::Overview {
        overview::draw(app, frame, size, &theme);
    }
}

/// Styled pieces as a ratatui line.
pub(super) fn line(pieces: Vec<(String, Style)>) -> Line<'static> {
    Line::from(
        pieces
            .into_iter()
            .map(|(text, style)| Span::styled(text, style))
            .collect::<Vec<_>>(),
    )
}

/// A bordered pane; the focused one stands out. In ambiguous-wide mode the borders are
/// ASCII, since box-drawing characters would take two cells there.
fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    let block = Block::bordered()
        .title(Span::styled(
            title,
            if focused {
                theme.focused_title
            } else {
                theme.title
            },
        ))
        .border_style(if focused {
            theme.focused_border
        } else {
            theme.border
        });
    if text::ambiguous_wide() {
        block.border_set(border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        })
    } else if focused {
        block.border_set(border::THICK)
    } else {
        block
    }
}

/// A pane title that fits the border, leaving room for its corners.
fn pane_title(title: &str, area: Rect) -> String {
    let room = usize::from(area.width.saturating_sub(4));
    text::truncate(title, room)
}

pub(super) fn scrollbar_for(
    frame: &mut Frame,
    area: Rect,
    len: usize,
    height: usize,
    offset: usize,
) {
    if len <= height || area.height < 3 {
        return;
    }
    let symbols = if text::ambiguous_wide() {
        scrollbar::Set {
            track: "|",
            thumb: "#",
            begin: "",
            end: "",
        }
    } else {
        scrollbar::Set {
            track: "│",
            thumb: "┃",
            begin: "",
            end: "",
        }
    };
    let mut state = ScrollbarState::new(len.saturating_sub(height))
        .position(offset)
        .viewport_content_length(height);
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .symbols(symbols)
            .begin_symbol(None)
            .end_symbol(None),
        area.inner(Margin {
            vertical: 1,
            horizontal: 0,
        }),
        &mut state,
    );
}

fn search_line(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let typing = matches!(app.mode, Mode::Search | Mode::Write);
    let (key, label, field) = if app.mode == Mode::Write {
        ("w", labels.write_prompt, &app.file_line)
    } else if typing && app.focus == Pane::Agencies {
        ("/", labels.search_agencies, &app.agency_query)
    } else {
        ("/", labels.search, &app.reform_query)
    };
    let prompt = format!(" {key} {label}: ");
    let prompt_width = text::str_width(&prompt);
    let room = usize::from(area.width).saturating_sub(prompt_width + 1);
    // Show the end of a long query so the caret stays on screen.
    let mut shown: &str = &field.text;
    let mut skipped_cells = 0;
    while text::str_width(shown) > room && field.caret_cells() - skipped_cells > room {
        let first = shown.chars().next().map_or(0, char::len_utf8);
        skipped_cells += text::str_width(&shown[..first]);
        shown = &shown[first..];
    }
    let query_style = if typing { theme.input } else { theme.dim };
    let pieces = text::fit_styled(
        &[(prompt.as_str(), theme.prompt), (shown, query_style)],
        usize::from(area.width),
        Style::default(),
    );
    frame.render_widget(Paragraph::new(line(pieces)), area);
    if typing {
        // The terminal cursor at the caret: the input method opens its window there.
        let x = area.x as usize + prompt_width + field.caret_cells() - skipped_cells;
        let x = x.min(usize::from(area.right().saturating_sub(1)));
        frame.set_cursor_position(Position::new(x as u16, area.y));
    }
}

fn list_pane(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let focused = app.focus == Pane::List;
    let title = format!(
        " {} {}/{} ",
        labels.list,
        app.shown(),
        app.catalog.reforms.len()
    );
    let block = pane_block(pane_title(&title, area), focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    if app.view.is_empty() {
        let notice = text::truncate(labels.no_match, width);
        frame.render_widget(Paragraph::new(Span::styled(notice, theme.dim)), inner);
        return;
    }
    let number_width = app
        .catalog
        .reforms
        .iter()
        .map(|r| r.number.to_string().len())
        .max()
        .unwrap_or(1);
    let rows: Vec<Line> = app
        .view
        .iter()
        .enumerate()
        .skip(app.list.offset)
        .take(height)
        .map(|(position, &index)| {
            let reform = &app.catalog.reforms[index];
            let marked = app.marks.contains(&index);
            let selected = position == app.list.selected;
            let mut base = theme.text;
            if selected {
                base = base.patch(if focused {
                    theme.cursor
                } else {
                    theme.cursor_unfocused
                });
            }
            let mark = if marked { "*" } else { " " };
            let number = format!("{:>number_width$} ", reform.number);
            let highlights = app.index.highlights(index, &app.query);
            let mut spans = vec![
                (mark, base.patch(theme.mark)),
                (number.as_str(), base.patch(theme.number)),
            ];
            spans.extend(text::highlight(
                &reform.title,
                &highlights.title,
                base,
                base.patch(theme.matched),
            ));
            line(text::fit_styled(&spans, width, base))
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), inner);
    scrollbar_for(frame, area, app.view.len(), height, app.list.offset);
}

fn detail_pane(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let focused = app.focus == Pane::Detail;
    let title = match app.current() {
        Some(reform) => format!(" {} {} ", labels.detail, reform.number),
        None => format!(" {} ", labels.detail),
    };
    let block = pane_block(pane_title(&title, area), focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (Some(index), Some(reform)) = (app.current_index(), app.current()) else {
        return;
    };
    let highlights = app.index.highlights(index, &app.query);
    let highlights = DetailHighlights {
        title: highlights.title,
        content: highlights.content,
        agencies: highlights.agencies,
    };
    let lines = detail::detail_lines_labelled(
        reform,
        usize::from(inner.width),
        &highlights,
        app.label_language(),
    );
    let height = usize::from(inner.height);
    let shown: Vec<Line> = lines
        .iter()
        .skip(app.detail_scroll)
        .take(height)
        .map(|pieces| {
            line(
                pieces
                    .iter()
                    .map(|(text, role)| (text.clone(), theme.role(*role)))
                    .collect(),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
    scrollbar_for(frame, area, lines.len(), height, app.detail_scroll);
}

fn agency_pane(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let focused = app.focus == Pane::Agencies;
    let mut title = format!(" {} ", labels.agencies);
    if !app.agency_query.is_empty() {
        title.push_str(&format!("/{} ", app.agency_query.text));
    }
    let scope = match app.scope {
        Some(i) => app.catalog.scopes()[i].name.as_str(),
        None => labels.scope_all,
    };
    let matching = match app.agency_match {
        AgencyMatch::Any => labels.any_of,
        AgencyMatch::All => labels.all_of,
    };
    let footer = text::truncate(
        &format!(" {}: {scope}  {matching} ", labels.scope),
        usize::from(area.width.saturating_sub(4)),
    );
    let block = pane_block(pane_title(&title, area), focused, theme)
        .title_bottom(Span::styled(footer, theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    if app.agency_rows.is_empty() {
        let notice = text::truncate(labels.no_agency, width);
        frame.render_widget(Paragraph::new(Span::styled(notice, theme.dim)), inner);
        return;
    }
    let count_width = app
        .catalog
        .agencies()
        .first()
        .map_or(1, |a| a.count.to_string().len());
    let rows: Vec<Line> = app
        .agency_rows
        .iter()
        .enumerate()
        .skip(app.agencies.offset)
        .take(height)
        .map(|(position, row)| {
            let agency = &app.catalog.agencies()[row.agency];
            let checked = app.checked.contains(&row.agency);
            let mut base = if row.count == 0 {
                theme.dim
            } else {
                theme.text
            };
            if position == app.agencies.selected {
                base = base.patch(if focused {
                    theme.cursor
                } else {
                    theme.cursor_unfocused
                });
            }
            let check = if checked { "[x] " } else { "[ ] " };
            let count = format!(" {:>count_width$}", row.count);
            let name_width = width.saturating_sub(4 + count.len());
            let name = text::fit_styled(
                &text::highlight(
                    &agency.name,
                    &row.highlight,
                    base,
                    base.patch(theme.matched),
                ),
                name_width,
                base,
            );
            let mut pieces = vec![(check.to_string(), base.patch(theme.mark))];
            pieces.extend(name);
            pieces.push((count, base.patch(theme.number)));
            let pieces: Vec<(&str, Style)> = pieces.iter().map(|(t, s)| (t.as_str(), *s)).collect();
            line(text::fit_styled(&pieces, width, base))
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), inner);
    scrollbar_for(
        frame,
        area,
        app.agency_rows.len(),
        height,
        app.agencies.offset,
    );
}

fn status_bar(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let mut parts = vec![
        format!(
            "{} {}/{}",
            labels.shown,
            app.shown(),
            app.catalog.reforms.len()
        ),
        format!("{} {}", labels.marked, app.marks.len()),
    ];
    if let Some(message) = &app.message {
        parts.push(message.clone());
    } else {
        if !app.reform_query.is_empty() {
            parts.push(format!("{}: {}", labels.query, app.reform_query.text));
        }
        if !app.checked.is_empty() {
            let names: Vec<&str> = app
                .checked
                .iter()
                .map(|&i| app.catalog.agencies()[i].name.as_str())
                .collect();
            let matching = match app.agency_match {
                AgencyMatch::Any => labels.any_of,
                AgencyMatch::All => labels.all_of,
            };
            parts.push(format!(
                "{}: {} ({matching})",
                labels.agency_filter,
                names.join(" ")
            ));
        }
        if let Some(i) = app.scope {
            parts.push(format!(
                "{}: {}",
                labels.scope,
                app.catalog.scopes()[i].name
            ));
        }
        parts.push(format!(
            "{}: {}",
            labels.format,
            format_label(app.lang, app.format)
        ));
    }
    let status = format!(" {}", parts.join(" | "));
    let pieces = text::fit_styled(
        &[(status.as_str(), theme.status)],
        area.width.into(),
        theme.status,
    );
    frame.render_widget(Paragraph::new(line(pieces)), area);
}

fn key_line(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let mut pieces: Vec<(String, Style)> = Vec::new();
    for binding in app.keymap.key_line(&app.contexts()) {
        pieces.push((format!(" {}", binding.key_names()), theme.key));
        pieces.push((format!(" {} ", binding.description(app.lang)), theme.dim));
    }
    let pieces: Vec<(&str, Style)> = pieces.iter().map(|(t, s)| (t.as_str(), *s)).collect();
    frame.render_widget(
        Paragraph::new(line(text::fit_styled(
            &pieces,
            area.width.into(),
            Style::default(),
        ))),
        area,
    );
}

/// Clears the overlay's area over the panes and draws its frame: `title` on top, `hint` (its
/// keys) at the bottom. Returns the overlay's area and the area inside its border.
pub(super) fn overlay(
    frame: &mut Frame,
    size: Rect,
    title: &str,
    hint: &str,
    theme: &Theme,
) -> (Rect, Rect) {
    let area = layout::help_area(size);
    let block = pane_block(pane_title(&format!(" {title} "), area), true, theme).title_bottom(
        Span::styled(
            text::truncate(
                &format!(" {hint} "),
                usize::from(area.width.saturating_sub(4)),
            ),
            theme.title,
        ),
    );
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    (area, inner)
}

fn help_overlay(app: &App, frame: &mut Frame, size: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let (_, inner) = overlay(frame, size, labels.help, labels.help_close, theme);
    let rows = app.keymap.help_rows(app.lang);
    let key_width = rows
        .iter()
        .filter_map(|r| match r {
            HelpRow::Binding { keys, .. } => Some(text::str_width(keys)),
            HelpRow::Heading(_) | HelpRow::Note(_) => None,
        })
        .max()
        .unwrap_or(0);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = rows
        .iter()
        .skip(app.help_scroll)
        .take(inner.height.into())
        .map(|row| match row {
            HelpRow::Heading(title) => line(text::fit_styled(
                &[(title, theme.focused_title)],
                width,
                Style::default(),
            )),
            HelpRow::Note(note) => line(text::fit_styled(
                &[(note, theme.text)],
                width,
                Style::default(),
            )),
            HelpRow::Binding { keys, description } => {
                let keys = format!("  {}  ", text::fit(keys, key_width));
                line(text::fit_styled(
                    &[(keys.as_str(), theme.key), (description, theme.text)],
                    width,
                    Style::default(),
                ))
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// At a size where the panes cannot be drawn: a short notice, clipped to what fits.
fn too_small(app: &App, frame: &mut Frame, size: Rect) {
    let labels = app.lang.labels();
    let notice = [
        labels.too_small.to_string(),
        format!(
            "{}x{} < {}x{}",
            size.width,
            size.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        ),
    ];
    let width = usize::from(size.width);
    let top = size.height.saturating_sub(notice.len() as u16) / 2;
    for (i, text) in notice.iter().enumerate() {
        let y = top + i as u16;
        if y >= size.height {
            break;
        }
        let shown = text::truncate(text, width);
        let pad = (width - text::str_width(&shown)) / 2;
        let row = Rect::new(size.x, size.y + y, size.width, 1);
        frame.render_widget(
            Paragraph::new(format!("{}{}", " ".repeat(pad), shown)).add_modifier(Modifier::BOLD),
            row,
        );
    }
}
