//! Drawing: the screen as a function of the state. One function per pane; every piece of
//! text is laid out by the text module first, so ratatui receives lines that already fit.
//! The chrome they share is in `chrome`, the overview's chart in `overview`.

mod chrome;
mod overview;
mod tracking;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use self::chrome::{line, overlay, pane_block, pane_title, scrollbar_for};
use super::app::{App, Mode};
use super::keymap::HelpRow;
use super::layout::{self, Pane};
use super::theme::Theme;
use crate::core::selection::{AgencyMatch, AgencyRole};
use crate::core::text;
use crate::lang::Described;

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
    match &app.mode {
        Mode::Help { scroll } => help_overlay(app, *scroll, frame, size, &theme),
        Mode::Overview(state) => overview::draw(app, state, frame, size, &theme),
        Mode::Note {
            line,
            position,
            agency,
        } => tracking::draw_editor(app, line, *position, agency, frame, size, &theme),
        Mode::Browse | Mode::Search | Mode::Write { .. } | Mode::Confirm { .. } => {}
    }
}

fn search_line(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let typing = matches!(app.mode, Mode::Search | Mode::Write { .. });
    let (key, label, field) = match &app.mode {
        Mode::Write { line, reforms, .. } => {
            let what = format!(
                "{} ({}, {})",
                labels.write_prompt,
                app.lang.reform_count(reforms.len()),
                labels.format_name(app.format)
            );
            ("w", what, line)
        }
        Mode::Search if app.focus == Pane::Agencies => {
            ("/", labels.search_agencies.to_string(), &app.agency_query)
        }
        _ => ("/", labels.search.to_string(), &app.reform_query),
    };
    let prompt = format!(" {key} {label}: ");
    let prompt_width = text::str_width(&prompt);
    let room = usize::from(area.width).saturating_sub(prompt_width + 1);
    let (shown, skipped_cells) = visible_window(&field.text, field.caret_cells(), room);
    let query_style = if typing { theme.input } else { theme.dim };
    let mut spans = vec![(prompt.as_str(), theme.prompt), (shown, query_style)];
    // The document's title and 文号 at the right, in what the search leaves.
    let document = &app.catalog.document;
    let title = match &document.number {
        Some(number) => format!("《{}》{number} ", document.title),
        None => format!("《{}》 ", document.title),
    };
    let used = prompt_width + text::str_width(shown) + 2;
    let left = usize::from(area.width).saturating_sub(used);
    let title = text::truncate(&title, left);
    let gap = " ".repeat(left.saturating_sub(text::str_width(&title)) + 2);
    // Too little room for a useful part of the title: none of it.
    if left >= 16 && !document.title.is_empty() {
        spans.push((gap.as_str(), Style::default()));
        spans.push((title.as_str(), theme.dim));
    }
    let pieces = text::fit_styled(&spans, usize::from(area.width), Style::default());
    frame.render_widget(Paragraph::new(line(pieces)), area);
    if typing {
        // The terminal cursor at the caret: the input method opens its window there.
        let x = area.x as usize + prompt_width + field.caret_cells() - skipped_cells;
        let x = x.min(usize::from(area.right().saturating_sub(1)));
        frame.set_cursor_position(Position::new(x as u16, area.y));
    }
}

/// The part of a one-line field to show in `room` cells: from the start while the text
/// fits or the caret is within the first `room` cells, else with as many characters cut
/// from the front as keep the caret on screen. Returns the shown text and the cells cut.
/// One pass over the text, so a field of any length costs what it holds.
fn visible_window(line: &str, caret_cells: usize, room: usize) -> (&str, usize) {
    let total = text::str_width(line);
    let mut skipped = 0;
    for (byte, c) in line.char_indices() {
        if total - skipped <= room || caret_cells.saturating_sub(skipped) <= room {
            return (&line[byte..], skipped);
        }
        skipped += text::char_width(c);
    }
    ("", skipped)
}

fn list_pane(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let focused = app.focus == Pane::List;
    let view = app.view();
    let title = format!(
        " {} {}/{} {}",
        labels.list,
        view.len(),
        app.catalog.reforms.len(),
        other_panes(app, frame.area())
    );
    let block = pane_block(pane_title(&title, area), focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    if view.is_empty() {
        let notice = text::truncate(labels.no_match, width);
        frame.render_widget(Paragraph::new(Span::styled(notice, theme.dim)), inner);
        return;
    }
    let number_width = app.number_width;
    let range = app.range();
    let rows: Vec<Line> = view
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
            // A mark stands apart from the number; `+` on the rows a range being marked
            // with `v` covers.
            let in_range = range.as_ref().is_some_and(|r| r.contains(&position));
            let mark = match (marked, in_range) {
                (_, true) => "+ ",
                (true, false) => "* ",
                (false, false) => "  ",
            };
            let number = format!("{:>number_width$} ", reform.number);
            let highlights = app.index.title_highlights(index, &app.query);
            // In a library, the letter of the reform's document, as the agency pane shows it.
            let document = if app.catalog.batches().len() > 1 {
                format!("{} ", document_letter(app.catalog.batch_of(index)))
            } else {
                String::new()
            };
            // With tracking, 本单位's status (or how many agencies are done), `!` when
            // overdue.
            let (tag, overdue) = tracking::row_tag(app, index)
                .map(|(tag, overdue)| (format!("{tag} "), if overdue { "!" } else { " " }))
                .unwrap_or_default();
            let mut spans = vec![
                (mark, base.patch(theme.mark)),
                (document.as_str(), base.patch(theme.dim)),
                (number.as_str(), base.patch(theme.number)),
                (overdue, base.patch(theme.mark)),
                (tag.as_str(), base.patch(theme.dim)),
            ];
            // Only as much of the title as the row can show is styled.
            spans.extend(text::highlight(
                text::head(&reform.title, width),
                &highlights,
                base,
                base.patch(theme.matched),
            ));
            line(text::fit_styled(&spans, width, base))
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), inner);
    scrollbar_for(frame, area, view.len(), height, app.list.offset);
}

/// On a screen that shows one pane at a time, the panes a key brings (`Tab: 详情 负责单位 `),
/// ended by a space; nothing when more than one pane shows.
fn other_panes(app: &App, size: Rect) -> String {
    let Some(areas) = layout::areas(size, app.focus) else {
        return String::new();
    };
    let shown = [
        !areas.list.is_empty(),
        areas.detail.is_some(),
        areas.agencies.is_some(),
    ];
    if shown.iter().filter(|&&s| s).count() > 1 {
        return String::new();
    }
    let labels = app.lang.labels();
    let name = |pane: Pane| match pane {
        Pane::List => labels.list,
        Pane::Detail => labels.detail,
        Pane::Agencies => labels.agencies,
    };
    let next = app.focus.next();
    format!("Tab: {} {} ", name(next), name(next.next()))
}

/// The letter that stands for a library's document in the list: A, B, C, ..., then `+`.
fn document_letter(document: usize) -> char {
    u8::try_from(document)
        .ok()
        .filter(|&d| d < 26)
        .map_or('+', |d| char::from(b'A' + d))
}

fn detail_pane(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let focused = app.focus == Pane::Detail;
    let title = match app.current() {
        // In a library, the title of the current reform's document too.
        Some(reform) => match &reform.document {
            Some(document) => format!(" {} {} 《{document}》 ", labels.detail, reform.number),
            None => format!(" {} {} ", labels.detail, reform.number),
        },
        None => format!(" {} ", labels.detail),
    } + &other_panes(app, frame.area());
    let block = pane_block(pane_title(&title, area), focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let inner = tracking::draw_detail(app, frame, inner, theme);
    let (Some(reform), Some((_, layout)), Some((_, highlights))) =
        (app.current(), &app.detail, &app.detail_highlights)
    else {
        return;
    };
    let height = usize::from(inner.height);
    // Only the lines shown are highlighted and styled.
    let shown: Vec<Line> = (app.detail_scroll..layout.len().min(app.detail_scroll + height))
        .map(|i| {
            line(
                layout
                    .line(i, reform, highlights)
                    .into_iter()
                    .map(|(text, role)| (text, theme.role(role)))
                    .collect(),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
    scrollbar_for(frame, area, layout.len(), height, app.detail_scroll);
}

fn agency_pane(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let focused = app.focus == Pane::Agencies;
    let mut title = format!(" {} ", labels.agencies);
    if !app.agency_query.is_empty() {
        title.push_str(&format!("/{} ", app.agency_query.text));
    }
    title.push_str(&other_panes(app, frame.area()));
    let scope = app.selection.scope.as_deref().unwrap_or(labels.scope_all);
    let matching = match app.selection.agency_match {
        AgencyMatch::Any => labels.any_of,
        AgencyMatch::All => labels.all_of,
    };
    let role = match app.selection.role {
        AgencyRole::Any => String::new(),
        AgencyRole::Lead => format!(" {}", labels.lead_role),
    };
    let footer = text::truncate(
        &app.lang.agency_footer(scope, matching, &role),
        usize::from(area.width.saturating_sub(4)),
    );
    let block = pane_block(pane_title(&title, area), focused, theme)
        .title_bottom(Span::styled(footer, theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    if app.agency_rows.is_empty() && app.document_rows.is_empty() {
        let notice = text::truncate(labels.no_agency, width);
        frame.render_widget(Paragraph::new(Span::styled(notice, theme.dim)), inner);
        return;
    }
    // The documents of a library (《title》), then the agencies: one list, one cursor.
    let documents = app.document_rows.iter().map(|row| {
        let batches = app.catalog.batches();
        let batch = &batches[row.document];
        let title = &batch.document.title;
        // Two documents of one title (a batch and a page quoting it) are told apart by name.
        let shared = batches
            .iter()
            .filter(|b| b.document.title == *title)
            .count()
            > 1;
        (
            if shared {
                format!(
                    "{} {}《{title}》",
                    document_letter(row.document),
                    batch.name
                )
            } else {
                format!("{}《{title}》", document_letter(row.document))
            },
            Vec::new(),
            app.is_document_checked(row.document),
            row.count,
        )
    });
    let agencies = app.agency_rows.iter().map(|row| {
        (
            app.catalog.agencies()[row.agency].name.clone(),
            row.highlight.clone(),
            app.is_checked(row.agency),
            row.count,
        )
    });
    let count_width = app
        .catalog
        .agencies()
        .first()
        .map_or(1, |a| a.count.to_string().len())
        .max(
            app.catalog.reforms.len().to_string().len()
                * usize::from(!app.document_rows.is_empty()),
        );
    let rows: Vec<Line> = documents
        .chain(agencies)
        .enumerate()
        .skip(app.agencies.offset)
        .take(height)
        .map(|(position, (name, highlight, checked, count))| {
            let mut base = if count == 0 { theme.dim } else { theme.text };
            if position == app.agencies.selected {
                base = base.patch(if focused {
                    theme.cursor
                } else {
                    theme.cursor_unfocused
                });
            }
            let check = if checked { "[x] " } else { "[ ] " };
            let count = format!(" {count:>count_width$}");
            let name_width = width.saturating_sub(4 + count.len());
            let name = text::fit_styled(
                &text::highlight(&name, &highlight, base, base.patch(theme.matched)),
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
    scrollbar_for(frame, area, app.facet_rows(), height, app.agencies.offset);
}

fn status_bar(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let marked = match app.hidden_marks {
        0 => format!("{} {}", labels.marked, app.marks.len()),
        hidden => format!(
            "{} {} ({hidden} {})",
            labels.marked,
            app.marks.len(),
            labels.hidden
        ),
    };
    let mut parts = vec![
        format!(
            "{} {}/{}",
            if app.searching().is_some() {
                labels.searching
            } else {
                labels.shown
            },
            app.view().len(),
            app.catalog.reforms.len()
        ),
        marked,
    ];
    if app.marked_only {
        parts.push(labels.marked_only.to_string());
    }
    if let Some(range) = app.range() {
        parts.push(app.lang.range_open(range.len()));
    }
    if let Some(copying) = &app.copying {
        parts.push(
            app.lang
                .copying(copying.count, copying.format, copying.route),
        );
    }
    if let Some(pending) = app
        .tracking
        .as_ref()
        .map(|t| t.pending())
        .filter(|&n| n > 0)
    {
        parts.push(format!("{} {pending}", labels.pending_writes));
    }
    if let Some(writing) = &app.writing {
        parts.push(
            app.lang
                .writing(writing.count, writing.output, &writing.path),
        );
    }
    if let Some(message) = &app.message {
        parts.push(message.clone());
    } else {
        parts.extend(app.lang.facets(&app.facets(false), Described::Bar));
        if let Some(agency) = app.tracking.as_ref().and_then(|t| t.agency()) {
            parts.push(format!("{}: {agency}", labels.my_agency));
        }
        parts.push(app.lang.format_chosen(app.format));
    }
    let mut status = format!(" {}", parts.join(" | "));
    let width = usize::from(area.width);
    if app.message.is_some() && text::str_width(&status) > width {
        // Cut to leave room for where to read it whole.
        let hint = labels.message_cut;
        let room = width.saturating_sub(text::str_width(hint));
        status = format!("{}{hint}", text::truncate(&status, room));
    }
    let pieces = text::fit_styled(
        &[(status.as_str(), theme.status)],
        area.width.into(),
        theme.status,
    );
    frame.render_widget(Paragraph::new(line(pieces)), area);
}

/// The key line: the bindings of where the keys go now, each by its first key. Help and
/// quit come last and are never cut: what does not fit before them is left out, whole
/// bindings at a time.
fn key_line(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let width = usize::from(area.width);
    let piece = |binding: &super::keymap::Binding| {
        let key = binding.keys.first().map(|k| k.name()).unwrap_or_default();
        [
            (format!(" {key}"), theme.key),
            (format!(" {} ", binding.description(app.lang)), theme.dim),
        ]
    };
    let mut bindings = app.keymap.key_line(app.contexts());
    if app.help_typing && matches!(app.mode, Mode::Help { .. }) {
        // Filtering the help: only keeping and clearing the filter apply.
        bindings.retain(|b| {
            matches!(
                b.action,
                super::action::Action::SubmitSearch | super::action::Action::CancelSearch
            )
        });
    }
    let kept = |b: &super::keymap::Binding| {
        matches!(
            b.action,
            super::action::Action::ShowHelp | super::action::Action::Quit
        )
    };
    let last: Vec<(String, Style)> = bindings
        .iter()
        .filter(|b| kept(b))
        .flat_map(|b| piece(b))
        .collect();
    let mut pieces: Vec<(String, Style)> = Vec::new();
    let room = width.saturating_sub(last.iter().map(|(t, _)| text::str_width(t)).sum());
    let mut used: usize = pieces.iter().map(|(t, _)| text::str_width(t)).sum();
    for binding in bindings.iter().filter(|b| !kept(b)) {
        let more = piece(binding);
        let cells: usize = more.iter().map(|(t, _)| text::str_width(t)).sum();
        if used + cells > room {
            break;
        }
        used += cells;
        pieces.extend(more);
    }
    pieces.extend(last);
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

fn help_overlay(app: &App, scroll: usize, frame: &mut Frame, size: Rect, theme: &Theme) {
    let labels = app.lang.labels();
    let filter = &app.help_filter;
    let title = if filter.is_empty() && !app.help_typing {
        labels.help.to_string()
    } else {
        format!("{} /{}", labels.help, filter.text)
    };
    let (area, inner) = overlay(frame, size, &title, labels.help_close, theme);
    if app.help_typing {
        // The caret after the filter in the title, where an input method opens its window.
        let x = area.x as usize + 3 + text::str_width(&title);
        let x = x.min(usize::from(area.right().saturating_sub(2)));
        frame.set_cursor_position(Position::new(x as u16, area.y));
    }
    let rows = app.help_rows();
    let key_width = rows
        .iter()
        .filter_map(|r| match r {
            HelpRow::Binding { keys, .. } => Some(text::str_width(keys)),
            HelpRow::Heading(_) | HelpRow::Note(_) => None,
        })
        .max()
        .unwrap_or(0);
    let width = usize::from(inner.width);
    let message = app.last_message_lines(width);
    let message_lines = message.iter().enumerate().map(|(i, text)| {
        let style = if i == 0 {
            theme.focused_title
        } else {
            theme.text
        };
        line(text::fit_styled(
            &[(text.as_str(), style)],
            width,
            Style::default(),
        ))
    });
    let help_lines = rows.iter().map(|row| match row {
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
    });
    let nothing = rows.is_empty().then(|| {
        line(text::fit_styled(
            &[(labels.no_help_match, theme.dim)],
            width,
            Style::default(),
        ))
    });
    let lines: Vec<Line> = message_lines
        .chain(help_lines)
        .chain(nothing)
        .skip(scroll)
        .take(inner.height.into())
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
