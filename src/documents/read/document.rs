//! What a reader makes of a file: tables of cells, each cell with its place, and the
//! paragraphs outside the tables.

use std::fmt;

use crate::core::say::{messages, pick};

/// The kinds of file the readers understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Docx,
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
    Tsv,
    Html,
}

impl Format {
    /// How the format is named to a user.
    pub fn describe(self) -> &'static str {
        let (en, zh) = match self {
            Format::Docx => ("Word document (.docx)", "Word 文档 (.docx)"),
            Format::Xlsx => ("Excel workbook (.xlsx)", "Excel 工作簿 (.xlsx)"),
            Format::Xlsb => (
                "Excel binary workbook (.xlsb)",
                "Excel 二进制工作簿 (.xlsb)",
            ),
            Format::Xls => (
                "Excel 97-2003 workbook (.xls)",
                "Excel 97-2003 工作簿 (.xls)",
            ),
            Format::Ods => (
                "OpenDocument spreadsheet (.ods)",
                "OpenDocument 电子表格 (.ods)",
            ),
            Format::Csv => ("comma-separated text (CSV)", "逗号分隔文本 (CSV)"),
            Format::Tsv => ("tab-separated text (TSV)", "制表符分隔文本 (TSV)"),
            Format::Html => ("web page (HTML)", "网页 (HTML)"),
        };
        pick(messages(), en, zh)
    }

    /// Whether places in this format have a line and column in the file.
    pub fn is_text(self) -> bool {
        matches!(self, Format::Csv | Format::Tsv | Format::Html)
    }
}

/// Where a cell is: which table of the file (0-based), its row and column within the table
/// (1-based, as a user counts them), and for text formats the line and column in the file
/// (1-based, columns in characters).
///
/// For spreadsheets the row and column are the sheet's own (row 3, column 2 is cell B3); for
/// Word tables and web pages they count the table's rows and grid columns; for CSV and TSV
/// the row counts records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    pub table: usize,
    pub row: usize,
    pub column: usize,
    pub line: Option<usize>,
    pub line_column: Option<usize>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (table, row, column) = (self.table + 1, self.row, self.column);
        f.write_str(&crate::say!(
            "table {table}, row {row}, column {column}",
            "表 {table} 第 {row} 行第 {column} 列"
        ))?;
        match (self.line, self.line_column) {
            (Some(line), Some(column)) => f.write_str(&crate::say!(
                " (line {line}, column {column})",
                " (第 {line} 行第 {column} 列)"
            )),
            (Some(line), None) => f.write_str(&crate::say!(" (line {line})", " (第 {line} 行)")),
            _ => Ok(()),
        }
    }
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text as a reader sees it: line breaks as `\n`, each line trimmed, blank lines
    /// dropped.
    pub text: String,
    pub place: Place,
    /// For a slot covered by a merged cell (other than the merged cell's first slot), the row
    /// and column (1-based, as in `place`) of the cell whose text was copied here.
    pub copied_from: Option<(usize, usize)>,
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The one text of a row whose non-blank cells all hold it (a merged heading), if so.
pub(crate) fn single_text(row: &[Cell]) -> Option<&str> {
    let mut texts = row
        .iter()
        .filter(|c| !c.is_blank())
        .map(|c| c.text.as_str());
    let first = texts.next()?;
    texts.all(|t| t == first).then_some(first)
}

/// A table of a file: a sheet of a workbook, a table of a Word document or web page, the
/// records of a CSV file.
///
/// Every row has the same number of cells, and `rows[r][c].place.column == c + 1`, so a column
/// index is the same in every row. Rows whose cells are all blank are left out (their
/// neighbours keep their own row numbers), and so are columns blank in every row at the right.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    /// The text just before the table (a heading line), when the format has text outside
    /// tables; a web page's `<caption>`.
    pub caption: Option<String>,
    /// The sheet's name, for workbooks.
    pub name: Option<String>,
    /// How many of the document's paragraphs come before this table.
    pub paragraphs_before: usize,
}

impl Table {
    /// The number of columns (every row has this many cells).
    pub fn width(&self) -> usize {
        self.rows.first().map_or(0, Vec::len)
    }
}

/// A file read into tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The file's name as given to `read`, for messages.
    pub name: String,
    pub format: Format,
    pub tables: Vec<Table>,
    /// Paragraphs outside tables, in order (for the title, 文号, date and issuer). Empty for
    /// spreadsheets and CSV, whose text is all in cells.
    pub paragraphs: Vec<String>,
    /// The title the file declares of itself (a web page's `<title>`), often a notice's title.
    pub declared_title: Option<String>,
}

/// Cell text as a reader presents it: CR LF and CR become `\n` (as does U+000B, Word's soft
/// break in some exports), each line is trimmed of spaces (U+3000 and no-break spaces
/// included) and blank lines are dropped. Other control characters are kept: whoever uses
/// the text refuses them at the cell's place (see `crate::core::safe`), rather than the reader
/// hiding what the file holds.
pub(crate) fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.split(['\n', '\r', '\u{b}', '\u{2028}', '\u{2029}']) {
        let line = line.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Characters with no width that editors leave at the ends of lines.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}')
}

/// A cell that is not in the file: padding at the end of a short row.
pub(crate) fn empty_cell(table: usize, row: usize, column: usize, line: Option<usize>) -> Cell {
    Cell {
        text: String::new(),
        place: Place {
            table,
            row,
            column,
            line,
            line_column: None,
        },
        copied_from: None,
    }
}

/// Brings a reader's rows into the shape `Table` promises: every row as wide as the widest
/// (padded with empty cells), blank columns at the right and blank rows removed.
///
/// Each row's cells must already start at column 1 and run in order.
pub(crate) fn square(table: usize, rows: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
    let width = rows
        .iter()
        .filter_map(|row| row.iter().rposition(|c| !c.is_blank()))
        .max()
        .map_or(0, |last| last + 1);
    rows.into_iter()
        .filter(|row| row.iter().any(|c| !c.is_blank()))
        .map(|mut row| {
            row.truncate(width);
            let (number, line) = row
                .first()
                .map(|c| (c.place.row, c.place.line))
                .unwrap_or_default();
            while row.len() < width {
                row.push(empty_cell(table, number, row.len() + 1, line));
            }
            row
        })
        .collect()
}

/// The caption of each table, where the reader gave none: the last paragraph between it and
/// the table before it.
pub(crate) fn fill_captions(tables: &mut [Table], paragraphs: &[String]) {
    let mut since = 0;
    for table in tables.iter_mut() {
        let before = table.paragraphs_before.min(paragraphs.len());
        if table.caption.is_none() && before > since {
            table.caption = paragraphs[since..before].last().cloned();
        }
        since = since.max(before);
    }
}

/// The texts of a table's cells, row by row, for tests to compare.
#[cfg(test)]
pub(crate) fn texts(table: &Table) -> Vec<Vec<&str>> {
    table
        .rows
        .iter()
        .map(|row| row.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_trims_lines_and_drops_blank_ones() {
        assert_eq!(tidy("  序号 \r\n"), "序号");
        assert_eq!(
            tidy("\u{3000}\u{3000}第一段。\r\n\r\n第二段。\u{a0}"),
            "第一段。\n第二段。"
        );
        assert_eq!(tidy("a\rb\u{b}c"), "a\nb\nc");
        assert_eq!(tidy("融资额 2500 万元"), "融资额 2500 万元");
        assert_eq!(tidy("a\tb\u{1b}[31m"), "a\tb\u{1b}[31m");
        assert_eq!(tidy("\u{feff}序号"), "序号");
        assert_eq!(tidy(" \n \u{3000}"), "");
    }

    fn cell(row: usize, column: usize, text: &str) -> Cell {
        Cell {
            text: text.into(),
            place: Place {
                table: 0,
                row,
                column,
                line: Some(row),
                line_column: Some(column),
            },
            copied_from: None,
        }
    }

    #[test]
    fn square_pads_rows_and_drops_blank_rows_and_columns() {
        let rows = vec![
            vec![cell(1, 1, "a"), cell(1, 2, "b"), cell(1, 3, "")],
            vec![cell(2, 1, " "), cell(2, 2, "")],
            vec![cell(3, 1, "c")],
        ];
        let out = square(0, rows);
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|r| r.len() == 2));
        assert_eq!(out[1][0].text, "c");
        assert_eq!(out[1][1].place.row, 3);
        assert_eq!(out[1][1].place.column, 2);
        assert_eq!(out[1][1].place.line, Some(3));
        assert_eq!(out[1][1].place.line_column, None);
    }

    #[test]
    fn a_place_reads_as_a_user_counts() {
        let place = Place {
            table: 0,
            row: 3,
            column: 2,
            line: Some(7),
            line_column: Some(12),
        };
        assert_eq!(
            place.to_string(),
            "table 1, row 3, column 2 (line 7, column 12)"
        );
    }

    #[test]
    fn captions_come_from_the_paragraph_just_before() {
        let paragraphs: Vec<String> = ["通知", "附件", "第八批经验", "说明"]
            .map(String::from)
            .to_vec();
        let mut tables = vec![
            Table {
                paragraphs_before: 3,
                ..Table::default()
            },
            Table {
                paragraphs_before: 3,
                ..Table::default()
            },
            Table {
                paragraphs_before: 4,
                ..Table::default()
            },
        ];
        fill_captions(&mut tables, &paragraphs);
        assert_eq!(tables[0].caption.as_deref(), Some("第八批经验"));
        assert_eq!(tables[1].caption, None);
        assert_eq!(tables[2].caption.as_deref(), Some("说明"));
    }
}
