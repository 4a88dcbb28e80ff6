//! Tracking on screen: the tag of each list row (本单位's status, or how many agencies
//! have done the reform), the tracking lines under the detail, and the note editor.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::chrome::{line, overlay};
use crate::core::safe;
use crate::core::text;
use crate::track::record::{local_time, overdue_mark};
use crate::tui::app::App;
use crate::tui::search_line::SearchLine;
use crate::tui::theme::Theme;
use crate::tui::tracking::key;

/// The tag a list row shows before the title, and whether the reform is overdue: 本单位's
/// status (blank when it is not responsible), else `2/3` of the agencies done; nothing
/// before 本单位 is set or anything is tracked.
pub fn row_tag(app: &App, position: usize) -> Option<(String, bool)> {
    let tracking = app.tracking.as_ref().filter(|t| t.shows_anything())?;
    let catalog = &app.catalog;
    let overdue = tracking.is_overdue(catalog, position, tracking.today);
    let tag = match tracking.agency.as_deref() {
        Some(mine) if catalog.reforms[position].agencies.iter().any(|a| a == mine) => {
            let status = tracking.status(catalog, position, mine);
            app.lang.status_short(status).to_string()
        }
        Some(_) => "      ".to_string(),
        None => {
            let (done, all) = tracking.done_count(catalog, position);
            format!("{done}/{all}")
                .chars()
                .chain(std::iter::repeat(' '))
                .take(6)
                .collect()
        }
    };
    Some((tag, overdue))
}

/// The detail pane's tracking lines for the current reform: each agency's status,
/// deadline and contact, then the notes, newest first.
pub fn detail_lines(app: &App, width: usize) -> Vec<String> {
    let (Some(tracking), Some(position)) = (&app.tracking, app.current_index()) else {
        return Vec::new();
    };
    // Until 本单位 is set or something is tracked, every agency would read 未启动: the
    // detail keeps its room for the reform.
    if !tracking.shows_anything() {
        return Vec::new();
    }
    let catalog = &app.catalog;
    let labels = app.lang.labels();
    let mut lines = vec![format!("── {} ──", labels.tracking)];
    for agency in &catalog.reforms[position].agencies {
        let entry = tracking.entry(&key(catalog, position, agency));
        let status = entry.map(|e| e.status).unwrap_or_default();
        let mut line = format!("{agency}  {}", status.label(app.lang));
        if let Some(deadline) = entry.and_then(|e| e.deadline) {
            line.push_str(&format!("  {}", deadline.format("%Y-%m-%d")));
            if entry.is_some_and(|e| e.is_overdue(tracking.today)) {
                line.push_str(overdue_mark(app.lang));
            }
        }
        if let Some(contact) = entry.and_then(|e| e.contact.as_deref()) {
            line.push_str(&format!("  {contact}"));
        }
        if tracking.agency.as_deref() == Some(agency.as_str()) {
            line.push_str(&format!("  ({})", labels.my_agency));
        }
        lines.push(line);
    }
    for (agency, note) in tracking.notes() {
        lines.push(format!(
            "{} {} {agency}",
            local_time(&note.time),
            note.author
        ));
        for part in note.text.lines() {
            lines.extend(
                text::wrap(part, width.saturating_sub(2))
                    .into_iter()
                    .map(|l| format!("  {l}")),
            );
        }
    }
    lines.into_iter().map(|l| safe::one_line(&l)).collect()
}

/// Draws the tracking lines at the bottom of the detail pane's inner area; returns the
/// area left above them for the detail.
pub fn draw_detail(app: &App, frame: &mut Frame, inner: Rect, theme: &Theme) -> Rect {
    let lines = detail_lines(app, usize::from(inner.width));
    if lines.is_empty() || inner.height < 6 {
        return inner;
    }
    let rows = (lines.len() as u16).min(inner.height / 2);
    let area = Rect {
        y: inner.y + inner.height - rows,
        height: rows,
        ..inner
    };
    let width = usize::from(inner.width);
    let shown: Vec<Line> = lines
        .iter()
        .take(usize::from(rows))
        .enumerate()
        .map(|(i, l)| {
            let style = if i == 0 { theme.dim } else { theme.text };
            line(text::fit_styled(
                &[(l.as_str(), style)],
                width,
                Style::default(),
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
    Rect {
        height: inner.height - rows,
        ..inner
    }
}

/// The note editor: the reform and agency on top, the text wrapped, the terminal cursor
/// at the caret so an input method opens its window there.
pub fn draw_editor(
    app: &App,
    line_text: &SearchLine,
    position: usize,
    agency: &str,
    frame: &mut Frame,
    size: Rect,
    theme: &Theme,
) {
    let labels = app.lang.labels();
    let hint: Vec<String> = app
        .keymap
        .key_line(app.contexts())
        .iter()
        .map(|b| format!("{} {}", b.key_names(), b.description(app.lang)))
        .collect();
    let reform = &app.catalog.reforms[position];
    let title = safe::one_line(&format!("{} {} {agency}", labels.note_title, reform.number));
    let (_, inner) = overlay(frame, size, &title, &hint.join("  "), theme);
    let width = usize::from(inner.width.saturating_sub(1)).max(1);
    // Lines of the text, each wrapped; and where the caret falls.
    let before: String = line_text.text.chars().take(line_text.caret).collect();
    let mut rows: Vec<String> = Vec::new();
    let mut caret = (0, 0);
    let logical: Vec<&str> = line_text.text.split('\n').collect();
    let caret_line = before.matches('\n').count();
    let caret_col = before.rsplit('\n').next().unwrap_or("");
    for (i, part) in logical.iter().enumerate() {
        let wrapped = if part.is_empty() {
            vec![String::new()]
        } else {
            text::wrap(part, width)
        };
        if i == caret_line {
            let head = text::wrap(caret_col, width);
            let row = head.len().saturating_sub(1);
            let col = head.last().map_or(0, |l| text::str_width(l));
            caret = if col >= width {
                (rows.len() + row + 1, 0)
            } else {
                (rows.len() + row, col)
            };
        }
        rows.extend(wrapped);
    }
    let height = usize::from(inner.height);
    let offset = (caret.0 + 1).saturating_sub(height);
    let shown: Vec<Line> = rows
        .iter()
        .skip(offset)
        .take(height)
        .map(|l| {
            line(text::fit_styled(
                &[(l.as_str(), theme.input)],
                width,
                Style::default(),
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
    frame.set_cursor_position(Position::new(
        inner.x + caret.1 as u16,
        inner.y + (caret.0 - offset) as u16,
    ));
}
