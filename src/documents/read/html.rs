//! Web pages (and the `.xls` files that are really web pages): every `<table>` through
//! `scraper` (html5ever, which repairs unclosed cells as browsers do), cells placed on a grid
//! by their `rowspan` and `colspan`, text laid out as a browser shows it.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use unicode_width::UnicodeWidthChar;

use super::document::{
    Cell, Document, Format, Place, Table, empty_cell, fill_captions, square, tidy,
};
use super::encoding::{declared_charset, decode};
use super::error::{Problem, ReadError};

/// A page declares a span of at most this many columns (HTML's own limit).
const MAX_COLSPAN: usize = 1000;

pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let (text, _) = decode(bytes, declared_charset(bytes)).map_err(|bad| {
        ReadError::at_line(name, bad.line, bad.column, Problem::Encoding(bad.message))
    })?;
    Ok(read_text(name, &text))
}

pub(crate) fn read_text(name: &str, source: &str) -> Document {
    let page = Html::parse_document(source);
    let mut walker = Walker {
        positions: cell_positions(&page, source),
        tables: Vec::new(),
        read: HashMap::new(),
        paragraphs: Vec::new(),
        line: Flow::default(),
    };
    walker.walk(page.root_element());
    walker.end_paragraph();
    let declared_title = Selector::parse("title").ok().and_then(|title| {
        let element = page.select(&title).next()?;
        let mut flow = Flow::default();
        flow.text(&element.text().collect::<String>());
        Some(tidy(&flow.out)).filter(|t| !t.is_empty())
    });
    let Walker {
        mut tables,
        paragraphs,
        ..
    } = walker;
    fill_captions(&mut tables, &paragraphs);
    Document {
        name: name.to_string(),
        format: Format::Html,
        tables,
        paragraphs,
        declared_title,
    }
}

struct Walker {
    /// Where each `<td>` and `<th>` starts in the source, when that could be told.
    positions: HashMap<NodeId, (usize, usize)>,
    tables: Vec<Table>,
    /// The index in `tables` of each table element read.
    read: HashMap<NodeId, usize>,
    paragraphs: Vec<String>,
    /// The paragraph being gathered.
    line: Flow,
}

impl Walker {
    fn walk(&mut self, element: ElementRef) {
        for child in shown_children(element) {
            let child = match child {
                Shown::Text(text) => {
                    self.line.text(text);
                    continue;
                }
                Shown::Element(child) => child,
            };
            let name = child.value().name();
            if name == "br" {
                self.end_paragraph();
            } else if name == "table" {
                self.end_paragraph();
                // A table nested in a layout table was read with it; it comes after the
                // paragraphs walked so far.
                let index = match self.read.get(&child.id()) {
                    Some(&index) => {
                        self.tables[index].paragraphs_before = self.paragraphs.len();
                        index
                    }
                    None => self.table(child),
                };
                // A table that lays out the page (it holds other tables, or is one column of
                // text) also holds the page's paragraphs.
                let layout = child
                    .descendent_elements()
                    .skip(1)
                    .any(|e| e.value().name() == "table")
                    || self.tables[index].width() <= 1;
                if layout {
                    self.walk(child);
                    self.end_paragraph();
                }
            } else if is_block(name) {
                self.end_paragraph();
                self.walk(child);
                self.end_paragraph();
            } else {
                self.walk(child);
            }
        }
    }

    fn end_paragraph(&mut self) {
        let text = tidy(&std::mem::take(&mut self.line).out);
        if !text.is_empty() {
            self.paragraphs.push(text);
        }
    }

    /// Reads a table into `self.tables` (nested tables after it) and returns its index.
    fn table(&mut self, table: ElementRef) -> usize {
        let index = self.tables.len();
        self.tables.push(Table {
            paragraphs_before: self.paragraphs.len(),
            ..Table::default()
        });
        self.read.insert(table.id(), index);
        let (caption, rows) = self.caption_and_rows(table);
        let rows = self
            .grid(index, rows)
            .into_iter()
            .enumerate()
            .map(|(r, slots)| {
                slots
                    .into_iter()
                    .enumerate()
                    .map(|(c, slot)| slot.unwrap_or_else(|| empty_cell(index, r + 1, c + 1, None)))
                    .collect()
            })
            .collect();
        let table = &mut self.tables[index];
        table.rows = square(index, rows);
        table.caption = caption;
        index
    }

    /// A table's caption, laid out as text (`None` when empty), and its rows, whether in a
    /// `<thead>`, `<tbody>` or `<tfoot>` or not.
    fn caption_and_rows<'a>(
        &mut self,
        table: ElementRef<'a>,
    ) -> (Option<String>, Vec<ElementRef<'a>>) {
        let mut caption = None;
        let mut rows = Vec::new();
        for child in table.child_elements() {
            match child.value().name() {
                "caption" => caption = Some(self.flow_of(child)),
                "tr" => rows.push(child),
                "thead" | "tbody" | "tfoot" => rows.extend(
                    child
                        .child_elements()
                        .filter(|row| row.value().name() == "tr"),
                ),
                _ => {}
            }
        }
        (caption.filter(|c| !c.is_empty()), rows)
    }

    /// The cells of `rows` on table `index`'s grid, each in every slot its `rowspan` and
    /// `colspan` cover; `None` in a slot no cell covers.
    fn grid(&mut self, index: usize, rows: Vec<ElementRef>) -> Vec<Vec<Option<Cell>>> {
        let height = rows.len();
        let mut grid: Vec<Vec<Option<Cell>>> = vec![Vec::new(); height];
        for (r, row) in rows.into_iter().enumerate() {
            let mut column = 0;
            for cell in row
                .child_elements()
                .filter(|c| matches!(c.value().name(), "td" | "th"))
            {
                while grid[r].get(column).is_some_and(Option::is_some) {
                    column += 1;
                }
                let text = self.flow_of(cell);
                let at = self.positions.get(&cell.id()).copied();
                let rowspan = match span(cell.value().attr("rowspan")) {
                    // rowspan="0": to the end of the table.
                    Some(0) => height - r,
                    other => other.unwrap_or(1).clamp(1, height - r),
                };
                let colspan = span(cell.value().attr("colspan"))
                    .unwrap_or(1)
                    .clamp(1, MAX_COLSPAN);
                for (dr, slots) in grid[r..r + rowspan].iter_mut().enumerate() {
                    if slots.len() < column + colspan {
                        slots.resize(column + colspan, None);
                    }
                    for (dc, slot) in slots[column..column + colspan].iter_mut().enumerate() {
                        if slot.is_some() {
                            continue; // overlapping spans: the first cell keeps the slot
                        }
                        *slot = Some(Cell {
                            text: text.clone(),
                            place: Place {
                                table: index,
                                row: r + dr + 1,
                                column: column + dc + 1,
                                line: at.map(|a| a.0),
                                line_column: at.map(|a| a.1),
                            },
                            copied_from: ((dr, dc) != (0, 0)).then_some((r + 1, column + 1)),
                        });
                    }
                }
                column += colspan;
            }
        }
        grid
    }

    /// The text of an element as a browser lays it out: `<br>` and blocks break lines,
    /// spaces collapse. Tables inside it are read as tables too, and their rows become lines.
    fn flow_of(&mut self, element: ElementRef) -> String {
        let mut flow = Flow::default();
        self.flow_into(element, &mut flow);
        tidy(&flow.out)
    }

    fn flow_into(&mut self, element: ElementRef, flow: &mut Flow) {
        for child in shown_children(element) {
            let child = match child {
                Shown::Text(text) => {
                    flow.text(text);
                    continue;
                }
                Shown::Element(child) => child,
            };
            match child.value().name() {
                "br" => flow.hard_break(),
                "table" => {
                    let index = self.table(child);
                    flow.hard_break();
                    for row in &self.tables[index].rows {
                        let cells: Vec<String> =
                            row.iter().map(|c| c.text.replace('\n', " ")).collect();
                        flow.out.push_str(&cells.join("\t"));
                        flow.hard_break();
                    }
                }
                "td" | "th" => {
                    flow.separate();
                    self.flow_into(child, flow);
                }
                name if is_block(name) => {
                    flow.hard_break();
                    self.flow_into(child, flow);
                    flow.hard_break();
                }
                _ => self.flow_into(child, flow),
            }
        }
    }
}

/// A child of an element that a browser shows: text, or an element that is not hidden.
enum Shown<'a> {
    Text(&'a str),
    Element(ElementRef<'a>),
}

/// The children of `element` a browser shows, in order (comments and hidden elements, such
/// as `<script>`, left out).
fn shown_children(element: ElementRef<'_>) -> impl Iterator<Item = Shown<'_>> {
    element.children().filter_map(|child| match child.value() {
        Node::Text(text) => Some(Shown::Text(text)),
        Node::Element(_) => ElementRef::wrap(child)
            .filter(|child| !is_hidden(child.value().name()))
            .map(Shown::Element),
        _ => None,
    })
}

/// Text as a browser flows it: runs of spaces become one space, none at the start of a line,
/// and a line break in the source between two Chinese characters disappears (CSS Text's
/// segment break rule), so text wrapped in the source reads whole.
#[derive(Default)]
struct Flow {
    out: String,
    /// Spaces seen since the last character, and whether they held a line break.
    pending: Option<bool>,
}

impl Flow {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}') {
                let segment = c == '\n' || c == '\r';
                self.pending = Some(self.pending.unwrap_or(false) || segment);
            } else {
                if let Some(segment) = self.pending.take() {
                    let before = self.out.chars().next_back();
                    let wide = |c: char| c.width() == Some(2);
                    let dropped = match before {
                        None | Some('\n' | '\t') => true,
                        Some(before) => segment && wide(before) && wide(c),
                    };
                    if !dropped {
                        self.out.push(' ');
                    }
                }
                self.out.push(c);
            }
        }
    }

    fn hard_break(&mut self) {
        self.pending = None;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// Between the cells of a row of a nested table.
    fn separate(&mut self) {
        self.pending = None;
        if !self.out.is_empty() && !self.out.ends_with(['\n', '\t']) {
            self.out.push('\t');
        }
    }
}

fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "head" | "script" | "style" | "noscript" | "template" | "title" | "select" | "option"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "main"
            | "aside"
            | "blockquote"
            | "pre"
            | "address"
            | "center"
            | "form"
            | "hr"
            | "caption"
            | "figure"
            | "figcaption"
    )
}

/// A `rowspan` or `colspan` value; browsers read the leading digits ("2px" is 2).
fn span(value: Option<&str>) -> Option<usize> {
    let digits: String = value?
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok().map(|n: usize| n.min(65_534))
}

/// Where each `<td>` and `<th>` of the page starts in the source (line, column), found by a
/// scan of the source that skips comments and script; used only when the scan finds exactly
/// as many cells as the parser made, so that the n-th tag is the n-th cell.
fn cell_positions(page: &Html, source: &str) -> HashMap<NodeId, (usize, usize)> {
    let Ok(cells) = Selector::parse("td, th") else {
        return HashMap::new();
    };
    let ids: Vec<NodeId> = page.select(&cells).map(|cell| cell.id()).collect();
    let tags = cell_tags(source);
    if tags.len() != ids.len() {
        return HashMap::new();
    }
    ids.into_iter().zip(tags).collect()
}

fn cell_tags(source: &str) -> Vec<(usize, usize)> {
    let bytes = source.as_bytes();
    let lower = source.to_ascii_lowercase();
    let lower = lower.as_bytes();
    let mut found = Vec::new();
    let (mut line, mut line_start, mut counted) = (1, 0, 0);
    let mut at = 0;
    while let Some(next) = memchr::memchr(b'<', &bytes[at..]) {
        at += next;
        let rest = &lower[at..];
        if rest.starts_with(b"<!--") {
            at = memchr::memmem::find(&lower[at + 4..], b"-->")
                .map_or(bytes.len(), |e| at + 4 + e + 3);
            continue;
        }
        let raw_text = [&b"script"[..], b"style", b"textarea", b"title", b"xmp"]
            .into_iter()
            .find(|name| rest[1..].starts_with(name) && !is_name_byte(rest.get(name.len() + 1)));
        if let Some(name) = raw_text {
            let close = [b"</", name].concat();
            at = memchr::memmem::find(&lower[at + 1..], &close).map_or(bytes.len(), |e| at + 1 + e);
            if at < bytes.len() {
                at += close.len();
            }
            continue;
        }
        if (rest.starts_with(b"<td") || rest.starts_with(b"<th")) && !is_name_byte(rest.get(3)) {
            for (offset, &byte) in bytes[counted..at].iter().enumerate() {
                if byte == b'\n' {
                    line += 1;
                    line_start = counted + offset + 1;
                }
            }
            counted = at;
            found.push((line, source[line_start..at].chars().count() + 1));
        }
        at += 1;
    }
    found
}

fn is_name_byte(byte: Option<&u8>) -> bool {
    byte.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::read::document::texts;

    #[test]
    fn spans_fill_the_grid() {
        let page = "<table>\n<tr><th>序号</th><th>事项</th><th>范围</th></tr>\n\
            <tr><td>1</td><td colspan=2>横跨两列</td></tr>\n\
            <tr><td rowspan=\"2\">2</td><td>乙</td><td>全市</td></tr>\n\
            <tr><td>丙</td><td>京津冀</td></tr></table>";
        let document = read_text("t.html", page);
        let table = &document.tables[0];
        assert_eq!(
            texts(table),
            vec![
                vec!["序号", "事项", "范围"],
                vec!["1", "横跨两列", "横跨两列"],
                vec!["2", "乙", "全市"],
                vec!["2", "丙", "京津冀"],
            ]
        );
        assert_eq!(table.rows[1][2].copied_from, Some((2, 2)));
        assert_eq!(table.rows[3][0].copied_from, Some((3, 1)));
        let place = table.rows[3][1].place;
        assert_eq!(
            (place.row, place.column, place.line, place.line_column),
            (4, 2, Some(5), Some(5))
        );
    }

    #[test]
    fn breaks_blocks_and_spaces_read_as_in_a_browser() {
        let page = "<table><tr><td><p>第一段：推动出台&nbsp;全国首个&lt;试行&gt;。</p>\
            <p>第二段<br>换行后</p></td><td>正文\n   跨行的源码 and  English\n words</td></tr></table>";
        let document = read_text("t.html", page);
        assert_eq!(
            texts(&document.tables[0]),
            vec![vec![
                "第一段：推动出台 全国首个<试行>。\n第二段\n换行后",
                "正文跨行的源码 and English words"
            ]]
        );
    }

    #[test]
    fn paragraphs_outside_tables_and_captions() {
        let page = "<html><head><title>通知</title><script>var a = '<td>';</script></head><body>\
            <div>津自贸发〔2024〕12号</div><table><tr><td>首页</td><td>新闻</td></tr></table>\
            <p>附件</p><h3>第八批经验</h3><table><tr><td>序号</td><td>名称</td></tr></table>\
            <p>2025年3月1日</p></body></html>";
        let document = read_text("t.html", page);
        assert_eq!(
            document.paragraphs,
            vec!["津自贸发〔2024〕12号", "附件", "第八批经验", "2025年3月1日"]
        );
        assert_eq!(
            document.tables[0].caption.as_deref(),
            Some("津自贸发〔2024〕12号")
        );
        assert_eq!(document.tables[1].caption.as_deref(), Some("第八批经验"));
        assert_eq!(document.declared_title.as_deref(), Some("通知"));
        assert_eq!(document.tables[1].rows[0][1].place.line, Some(1));
    }

    #[test]
    fn a_table_inside_a_layout_table_is_a_table_of_its_own() {
        let page = "<table><tr><td><p>关于印发经验的通知</p>\
            <table><tr><td>序号</td><td>名称</td></tr><tr><td>1</td><td>甲</td></tr></table>\
            </td></tr></table>";
        let document = read_text("t.html", page);
        assert_eq!(document.tables.len(), 2);
        assert_eq!(
            texts(&document.tables[1]),
            vec![vec!["序号", "名称"], vec!["1", "甲"]]
        );
        assert_eq!(document.paragraphs, vec!["关于印发经验的通知"]);
    }

    #[test]
    fn spans_read_as_browsers_do() {
        assert_eq!(span(Some("2")), Some(2));
        assert_eq!(span(Some(" 3px")), Some(3));
        assert_eq!(span(Some("x")), None);
        assert_eq!(span(None), None);
    }
}
