//! Word documents (.docx), parsed by `docx-rs` and walked here: body paragraphs, tables
//! (also inside content controls and inside other tables), merged cells and list numbers.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use docx_rs::{
    DocumentChild, InsertChild, MoveToChild, Paragraph, ParagraphChild, Run, RunChild,
    StructuredDataTag, StructuredDataTagChild, TableCell, TableCellContent, TableChild, TableRow,
    TableRowChild,
};

use crate::core::diagnostic::SourceFile;

use super::document::{Cell, Document, Format, Place, Table, fill_captions, square, tidy};
use super::error::{Problem, ReadError};

pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let docx = parse(bytes).map_err(|detail| {
        ReadError::new(
            name,
            Problem::Damaged {
                format: Format::Docx,
                detail,
            },
        )
    })?;
    let mut walker = Walker {
        lists: Lists::new(&docx.numberings),
        properties: Properties::default(),
        tables: Vec::new(),
        paragraphs: Vec::new(),
    };
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(paragraph) => walker.paragraph(paragraph),
            DocumentChild::Table(table) => {
                walker.table(table);
            }
            DocumentChild::StructuredDataTag(tag) => walker.block_tag(tag),
            _ => {}
        }
    }
    let Walker {
        mut tables,
        paragraphs,
        ..
    } = walker;
    fill_captions(&mut tables, &paragraphs);
    Ok(Document {
        name: name.to_string(),
        format: Format::Docx,
        tables,
        paragraphs,
        declared_title: None,
    })
}

/// A part of a Word file is at most a few tens of megabytes; a header claiming more is
/// damage, and the parser would try to set that much memory aside before reading.
const MAX_PART: u64 = 1 << 30;

/// The document parsed by docx-rs, which is guarded on both sides: every part is read
/// through and its XML checked first (see [`check_part`]), and a panic inside the parser
/// becomes an error like any other.
fn parse(bytes: &[u8]) -> Result<docx_rs::Docx, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| {
        crate::say!(
            "not a readable zip archive ({error})",
            "不是可读的 zip 压缩包 ({error})"
        )
    })?;
    for index in 0..archive.len() {
        check_part(&mut archive, index)?;
    }
    match crate::core::unwind::catch(|| docx_rs::read_docx(bytes)) {
        Ok(Ok(docx)) => Ok(docx),
        Ok(Err(docx_rs::ReaderError::ZipError(error))) => {
            Err(crate::say!("zip archive: {error}", "zip 压缩包: {error}"))
        }
        Ok(Err(error)) => Err(error.to_string()),
        Err(message) => Err(crate::say!(
            "the Word parser stopped: {message}",
            "Word 解析器中止: {message}"
        )),
    }
}

/// One part of the archive, read to its end before the parser sees it. The parser unwraps
/// its reads, so a damaged entry (a wrong checksum, a broken deflate stream) would panic in
/// it, and it loops for ever at the end of an XML part that was cut short: here the entry
/// is named instead, and an XML part that is not well formed with the line and column where
/// it goes wrong. A header claiming more than [`MAX_PART`] is damage too.
fn check_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, index: usize) -> Result<(), String> {
    let mut part = archive.by_index(index).map_err(|error| {
        crate::say!(
            "part {} unreadable ({error})",
            "第 {} 部分无法读取 ({error})",
            index + 1
        )
    })?;
    let name = part.name().map_or_else(
        |_| format!("{}", index + 1),
        |name| crate::core::safe::one_line(&name),
    );
    if part.size() > MAX_PART {
        return Err(crate::say!(
            "part {name} claims {} bytes",
            "部分 {name} 声称有 {} 字节",
            part.size()
        ));
    }
    let mut data = Vec::new();
    (&mut part)
        .take(MAX_PART + 1)
        .read_to_end(&mut data)
        .map_err(|error| crate::say!("part {name}: {error}", "部分 {name}: {error}"))?;
    if data.len() as u64 > MAX_PART {
        return Err(crate::say!(
            "part {name} holds more than {MAX_PART} bytes",
            "部分 {name} 超过 {MAX_PART} 字节"
        ));
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".xml") || lower.ends_with(".rels") {
        check_xml(&data).map_err(|(offset, problem)| {
            // The offset is into the part without its byte order mark, as the source's text.
            let text = SourceFile::new(&name, &String::from_utf8_lossy(&data));
            let (line, column) = text.line_column(offset);
            crate::say!(
                "part {name}, line {line}, column {column}: {problem}",
                "部分 {name} 第 {line} 行第 {column} 列: {problem}"
            )
        })?;
    }
    Ok(())
}

/// Whether `xml` is well formed to its end: every element closed by its own end tag. The
/// error is the byte offset where it goes wrong, with what is wrong.
fn check_xml(xml: &[u8]) -> Result<(), (usize, String)> {
    let xml = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut open = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(_)) => open += 1,
            Ok(quick_xml::events::Event::End(_)) => open = open.saturating_sub(1),
            Ok(quick_xml::events::Event::Eof) if open > 0 => {
                let cut = crate::say!(
                    "cut short, {open} element(s) left open",
                    "内容不完整, 有 {open} 个元素未闭合"
                );
                return Err((xml.len(), cut));
            }
            Ok(quick_xml::events::Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(error) => {
                let offset = usize::try_from(reader.error_position()).unwrap_or(xml.len());
                return Err((offset.min(xml.len()), error.to_string()));
            }
        }
        buf.clear();
    }
}

struct Walker {
    lists: Lists,
    properties: Properties,
    tables: Vec<Table>,
    paragraphs: Vec<String>,
}

impl Walker {
    /// A paragraph of the body, outside tables.
    fn paragraph(&mut self, paragraph: &Paragraph) {
        let text = tidy(&self.paragraph_text(paragraph));
        if !text.is_empty() {
            self.paragraphs.push(text);
        }
    }

    /// A content control at the level of paragraphs and tables.
    fn block_tag(&mut self, tag: &StructuredDataTag) {
        for child in &tag.children {
            match child {
                StructuredDataTagChild::Paragraph(paragraph) => self.paragraph(paragraph),
                StructuredDataTagChild::Table(table) => {
                    self.table(table);
                }
                StructuredDataTagChild::StructuredDataTag(inner) => self.block_tag(inner),
                StructuredDataTagChild::Run(run) => {
                    let mut text = String::new();
                    run_text(run, &mut text);
                    let text = tidy(&text);
                    if !text.is_empty() {
                        self.paragraphs.push(text);
                    }
                }
                _ => {}
            }
        }
    }

    /// Reads a table into `self.tables` and returns its index. Tables nested in its cells come
    /// after it.
    fn table(&mut self, table: &docx_rs::Table) -> usize {
        let index = self.tables.len();
        self.tables.push(Table {
            paragraphs_before: self.paragraphs.len(),
            ..Table::default()
        });
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        // For each grid column of the row above, the cell (0-based row, column) covering it,
        // which a `vMerge` continuation below extends.
        let mut above: Vec<Option<(usize, usize)>> = Vec::new();
        for TableChild::TableRow(row) in &table.rows {
            let facts = self.properties.row(row);
            if facts.deleted {
                continue;
            }
            let r = rows.len();
            let place = |column: usize| Place {
                table: index,
                row: r + 1,
                column: column + 1,
                line: None,
                line_column: None,
            };
            let mut cells: Vec<Cell> = (0..facts.grid_before)
                .map(|c| Cell {
                    text: String::new(),
                    place: place(c),
                    copied_from: None,
                })
                .collect();
            let mut covering: Vec<Option<(usize, usize)>> = vec![None; facts.grid_before];
            for TableRowChild::TableCell(cell) in &row.cells {
                let (span, continues) = self.properties.cell(cell);
                let column = cells.len();
                let origin = match above.get(column).copied().flatten() {
                    Some(origin) if continues => origin,
                    _ => (r, column),
                };
                let text = if origin == (r, column) {
                    self.cell_text(cell)
                } else {
                    rows[origin.0][origin.1].text.clone()
                };
                for c in column..column + span {
                    cells.push(Cell {
                        text: text.clone(),
                        place: place(c),
                        copied_from: (origin != (r, c)).then_some((origin.0 + 1, origin.1 + 1)),
                    });
                    covering.push(Some(origin));
                }
            }
            rows.push(cells);
            above = covering;
        }
        self.tables[index].rows = square(index, rows);
        index
    }

    /// A table nested in a cell, read as a table of its own; in the cell's text its rows are
    /// lines with the cells separated by tabs.
    fn nested_table(&mut self, table: &docx_rs::Table) -> String {
        let index = self.table(table);
        let lines: Vec<String> = self.tables[index]
            .rows
            .iter()
            .map(|row| {
                let cells: Vec<String> = row.iter().map(|c| c.text.replace('\n', " ")).collect();
                cells.join("\t")
            })
            .collect();
        lines.join("\n")
    }

    fn cell_text(&mut self, cell: &TableCell) -> String {
        let mut lines = Vec::new();
        for content in &cell.children {
            match content {
                TableCellContent::Paragraph(paragraph) => {
                    lines.push(self.paragraph_text(paragraph));
                }
                TableCellContent::Table(table) => lines.push(self.nested_table(table)),
                TableCellContent::StructuredDataTag(tag) => self.cell_tag(tag, &mut lines),
                TableCellContent::TableOfContents(_) => {}
            }
        }
        tidy(&lines.join("\n"))
    }

    fn cell_tag(&mut self, tag: &StructuredDataTag, lines: &mut Vec<String>) {
        for child in &tag.children {
            match child {
                StructuredDataTagChild::Paragraph(paragraph) => {
                    lines.push(self.paragraph_text(paragraph));
                }
                StructuredDataTagChild::Table(table) => lines.push(self.nested_table(table)),
                StructuredDataTagChild::StructuredDataTag(inner) => self.cell_tag(inner, lines),
                StructuredDataTagChild::Run(run) => {
                    let mut text = String::new();
                    run_text(run, &mut text);
                    lines.push(text);
                }
                _ => {}
            }
        }
    }

    /// A paragraph's text, with its list number when Word numbers it (a 序号 column is often
    /// a numbered list, whose numbers are not in the text).
    fn paragraph_text(&mut self, paragraph: &Paragraph) -> String {
        let mut text = String::new();
        children_text(&paragraph.children, &mut text);
        let number = paragraph
            .property
            .numbering_property
            .as_ref()
            .and_then(|p| Some((p.id.as_ref()?.id, p.level.as_ref().map_or(0, |l| l.val))))
            .and_then(|(id, level)| self.lists.next(id, level));
        match number {
            Some(number) if text.trim().is_empty() => number,
            Some(number) => format!("{number} {text}"),
            None => text,
        }
    }
}

fn children_text(children: &[ParagraphChild], out: &mut String) {
    for child in children {
        match child {
            ParagraphChild::Run(run) => run_text(run, out),
            ParagraphChild::Hyperlink(link) => children_text(&link.children, out),
            ParagraphChild::Insert(insert) => {
                for child in &insert.children {
                    if let InsertChild::Run(run) = child {
                        run_text(run, out);
                    }
                }
            }
            ParagraphChild::MoveTo(moved) => {
                for child in &moved.children {
                    if let MoveToChild::Run(run) = child {
                        run_text(run, out);
                    }
                }
            }
            ParagraphChild::StructuredDataTag(tag) => {
                for child in &tag.children {
                    if let StructuredDataTagChild::Run(run) = child {
                        run_text(run, out);
                    }
                }
            }
            // Tracked deletions and text moved away are not part of the document's text.
            _ => {}
        }
    }
}

fn run_text(run: &Run, out: &mut String) {
    for child in &run.children {
        match child {
            RunChild::Text(text) => out.push_str(&text.text),
            RunChild::Tab(_) | RunChild::PTab(_) => out.push('\t'),
            RunChild::Break(_) | RunChild::CarriageReturn(_) => out.push('\n'),
            // Deleted text, field instructions (their results are ordinary runs), drawings.
            _ => {}
        }
    }
}

/// What a row's properties say: the grid columns left empty before its first cell, and
/// whether it is a tracked deletion.
#[derive(Clone, Copy)]
struct RowFacts {
    grid_before: usize,
    deleted: bool,
}

/// Columns of Word's grid a cell may span: Word allows 63 columns.
const MAX_SPAN: usize = 63;

/// How many distinct cell or row properties are remembered: a table has a few (one per
/// column width and merge state), so nearly every cell is a hit.
const REMEMBERED: usize = 32;

/// The spans and merges `docx-rs` keeps private, read through the serialisation of the
/// properties. Serialising is the slow part of reading a cell, and cells of a column share
/// their properties, so the facts of recent properties are kept.
#[derive(Default)]
struct Properties {
    cells: Vec<(docx_rs::TableCellProperty, (usize, bool))>,
    rows: Vec<(docx_rs::TableRowProperty, RowFacts)>,
}

impl Properties {
    /// A cell's span over grid columns, and whether it continues the merged cell above
    /// (`<w:vMerge/>` or `w:val="continue"`).
    fn cell(&mut self, cell: &TableCell) -> (usize, bool) {
        if let Some((_, facts)) = self.cells.iter().find(|(p, _)| *p == cell.property) {
            return *facts;
        }
        let value = serde_json::to_value(&cell.property).unwrap_or_default();
        let span = value["gridSpan"]
            .as_u64()
            .map_or(1, |n| (n as usize).clamp(1, MAX_SPAN));
        let continues = value["verticalMerge"].as_str() == Some("continue");
        if self.cells.len() < REMEMBERED {
            self.cells.push((cell.property.clone(), (span, continues)));
        }
        (span, continues)
    }

    fn row(&mut self, row: &TableRow) -> RowFacts {
        if let Some((_, facts)) = self.rows.iter().find(|(p, _)| *p == row.property) {
            return *facts;
        }
        let value = serde_json::to_value(&row.property).unwrap_or_default();
        let facts = RowFacts {
            grid_before: value["gridBefore"]
                .as_u64()
                .map_or(0, |n| n.min(MAX_SPAN as u64) as usize),
            deleted: row.property.del.is_some(),
        };
        if self.rows.len() < REMEMBERED {
            self.rows.push((row.property.clone(), facts));
        }
        facts
    }
}

/// List numbers as Word draws them, counted in document order per list.
struct Lists {
    /// For each list (`w:numId`), its levels: number format, level text, start.
    levels: HashMap<usize, Vec<Level>>,
    counters: HashMap<usize, [usize; 9]>,
}

#[derive(Clone)]
struct Level {
    format: String,
    text: String,
    start: usize,
}

impl Lists {
    fn new(numberings: &docx_rs::Numberings) -> Lists {
        let levels_of = |levels: &[docx_rs::Level]| -> Vec<Level> {
            let mut out = vec![
                Level {
                    format: "decimal".into(),
                    text: String::new(),
                    start: 1,
                };
                9
            ];
            for level in levels {
                let value = serde_json::to_value(level).unwrap_or_default();
                if let Some(slot) = out.get_mut(level.level) {
                    *slot = Level {
                        format: level.format.val.clone(),
                        text: value["text"].as_str().unwrap_or_default().to_string(),
                        start: value["start"].as_u64().unwrap_or(1) as usize,
                    };
                }
            }
            out
        };
        let abstracts: HashMap<usize, Vec<Level>> = numberings
            .abstract_nums
            .iter()
            .map(|a| (a.id, levels_of(&a.levels)))
            .collect();
        let mut levels = HashMap::new();
        for numbering in &numberings.numberings {
            let Some(mut list) = abstracts.get(&numbering.abstract_num_id).cloned() else {
                continue;
            };
            for change in &numbering.level_overrides {
                if let Some(slot) = list.get_mut(change.level) {
                    if let Some(level) = &change.override_level {
                        *slot = levels_of(std::slice::from_ref(level))[change.level].clone();
                    }
                    if let Some(start) = change.override_start {
                        slot.start = start;
                    }
                }
            }
            levels.insert(numbering.id, list);
        }
        Lists {
            levels,
            counters: HashMap::new(),
        }
    }

    /// The number of the next paragraph of list `id` at `level`, as drawn; None for bullets
    /// and unknown lists.
    fn next(&mut self, id: usize, level: usize) -> Option<String> {
        let list = self.levels.get(&id)?;
        let level = level.min(8);
        let counters = self.counters.entry(id).or_insert([0; 9]);
        for (l, counter) in counters.iter_mut().enumerate() {
            if l == level {
                *counter = if *counter == 0 {
                    list[l].start
                } else {
                    *counter + 1
                };
            } else if l > level {
                *counter = 0;
            }
        }
        let this = &list[level];
        if this.format == "bullet" || this.format == "none" {
            return None;
        }
        let mut text = if this.text.is_empty() {
            format!("%{}", level + 1)
        } else {
            this.text.clone()
        };
        for l in (0..=level).rev() {
            let value = counters[l].max(list[l].start);
            text = text.replace(
                &format!("%{}", l + 1),
                &format_number(value, &list[l].format),
            );
        }
        Some(text)
    }
}

fn format_number(n: usize, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographTraditional" => chinese_number(n),
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperLetter" | "lowerLetter" if n > 0 => {
            let letter = char::from(b'A' + ((n - 1) % 26) as u8);
            let text = letter.to_string().repeat((n - 1) / 26 + 1);
            if format == "lowerLetter" {
                text.to_lowercase()
            } else {
                text
            }
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n as u32 - 1).map_or(n.to_string(), String::from)
        }
        _ => n.to_string(),
    }
}

/// 一 to 九十九 as Chinese counting writes them; larger numbers in digits.
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::read::document::texts;
    use docx_rs::{Docx, Run, Table as DocxTable, TableCell, TableRow, VMergeType};

    fn p(text: &str) -> Paragraph {
        Paragraph::new().add_run(Run::new().add_text(text))
    }

    fn build(docx: Docx) -> Vec<u8> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        docx.build().pack(&mut bytes).unwrap();
        bytes.into_inner()
    }

    #[test]
    fn merged_cells_repeat_their_text_in_every_slot_they_cover() {
        let rows = vec![
            TableRow::new(vec![
                TableCell::new().add_paragraph(p("序号")),
                TableCell::new().add_paragraph(p("改革事项")),
                TableCell::new().add_paragraph(p("推广范围")),
            ]),
            TableRow::new(vec![
                TableCell::new().add_paragraph(p("1")),
                TableCell::new().add_paragraph(p("甲")),
                TableCell::new()
                    .add_paragraph(p("全市"))
                    .vertical_merge(VMergeType::Restart),
            ]),
            TableRow::new(vec![
                TableCell::new().add_paragraph(p("2")),
                TableCell::new().add_paragraph(Paragraph::new()),
                TableCell::new()
                    .add_paragraph(Paragraph::new())
                    .vertical_merge(VMergeType::Continue),
            ]),
            TableRow::new(vec![
                TableCell::new().add_paragraph(p("跨两列")).grid_span(2),
                TableCell::new()
                    .add_paragraph(Paragraph::new())
                    .vertical_merge(VMergeType::Continue),
            ]),
        ];
        let bytes = build(
            Docx::new()
                .add_paragraph(p("第八批经验"))
                .add_table(DocxTable::new(rows).set_grid(vec![800, 2000, 1200])),
        );
        let document = read("t.docx", &bytes).unwrap();
        let table = &document.tables[0];
        assert_eq!(
            texts(table),
            vec![
                vec!["序号", "改革事项", "推广范围"],
                vec!["1", "甲", "全市"],
                vec!["2", "", "全市"],
                vec!["跨两列", "跨两列", "全市"],
            ]
        );
        assert_eq!(table.rows[2][2].copied_from, Some((2, 3)));
        assert_eq!(table.rows[3][2].copied_from, Some((2, 3)));
        assert_eq!(table.rows[3][1].copied_from, Some((4, 1)));
        assert_eq!(table.rows[3][0].copied_from, None);
        assert_eq!(table.caption.as_deref(), Some("第八批经验"));
        assert_eq!(document.paragraphs, vec!["第八批经验"]);
    }

    #[test]
    fn numbers_in_the_styles_of_word_lists() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(40), "四十");
        assert_eq!(chinese_number(42), "四十二");
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(28, "upperLetter"), "BB");
    }
}
