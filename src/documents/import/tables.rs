//! Reforms from the table a reader found in a Word document, a workbook, a CSV file or a web
//! page: each data row of the reform table becomes a reform, each problem is placed at its
//! table, row and column, and what is passed over (title rows, repeated headers, notes,
//! columns that are no field) is listed with its place.

use std::collections::HashMap;
use std::fmt;

use crate::core::catalog::{Reform, Text, too_long};
use crate::core::diagnostic::refused;
use crate::core::safe;
use crate::documents::export::needs_formula_guard;
use crate::documents::read::{
    self, Cell, Columns, Place, find_reform_table, reform_number, single_text, split_agencies,
};

/// The reforms of a document's reform table, and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromTable {
    pub reforms: Vec<Reform>,
    /// The reform table's position among the document's tables (0-based).
    pub table: usize,
    /// How many tables the document holds.
    pub tables: usize,
    /// Whether the table names lead agencies (牵头单位) apart from co-operating ones.
    pub lead: bool,
    /// What was passed over, each with its place.
    pub skipped: Vec<String>,
}

/// A problem with a cell of the reform table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub place: Place,
    pub message: String,
}

impl fmt::Display for Placed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Why a document gave no reforms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// No table is the reform table.
    NotFound(read::ReadError),
    /// The reform table has cells that make no valid reform: every one of them.
    Invalid(Vec<Placed>),
}

/// The reforms of `document`'s reform table (see [`find_reform_table`]).
pub fn reforms_of(document: &read::Document) -> Result<FromTable, TableError> {
    let (index, columns) = find_reform_table(document).map_err(TableError::NotFound)?;
    let table = &document.tables[index];
    let mut reforms: Vec<Reform> = Vec::new();
    let mut problems: Vec<Placed> = Vec::new();
    let mut skipped: Vec<String> = table.rows[..columns.header_row]
        .iter()
        .map(|row| above_header(row))
        .collect();
    skipped.extend(unused_columns(table, index, &columns));
    let mut first_row: HashMap<u32, usize> = HashMap::new();
    let start = columns.header_row + columns.header_rows;
    let header = &table.rows[columns.header_row];
    let mut previous_row = table
        .rows
        .get(start.wrapping_sub(1))
        .map(|r| r[0].place.row);
    for row in &table.rows[start..] {
        let row_number = row[0].place.row;
        // Rows the reader left out were blank.
        if let Some(before) = previous_row
            && row_number > before + 1
            && !document.format.is_text()
        {
            skipped.push(blank_rows(index, before + 1, row_number - 1));
        }
        previous_row = Some(row_number);
        if repeats_header(row, header) {
            skipped.push(crate::say!(
                "{}: a repeated header row",
                "{}: 重复的表头行",
                row_place(row)
            ));
            continue;
        }
        let number_cell = &row[columns.number];
        let Some(number) = reform_number(&number_cell.text) else {
            match without_number(row, number_cell) {
                Ok(passed_over) => skipped.push(passed_over),
                Err(problem) => problems.push(problem),
            }
            continue;
        };
        problems.extend(number_problem(
            number,
            number_cell,
            row_number,
            &mut first_row,
        ));
        match reform_of(row, number, &columns) {
            Ok(reform) => reforms.push(reform),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() && reforms.is_empty() {
        problems.push(Placed {
            place: header[columns.number].place,
            message: crate::say!(
                "the reform table holds no reform under its header",
                "改革事项表的表头下没有改革事项"
            ),
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.place);
        return Err(TableError::Invalid(problems));
    }
    Ok(FromTable {
        reforms,
        table: index,
        tables: document.tables.len(),
        lead: columns.lead.is_some(),
        skipped,
    })
}

/// What is said of a row above the header, passed over.
fn above_header(row: &[Cell]) -> String {
    crate::say!(
        "{}: above the header: {}",
        "{}: 表头之上: {}",
        row_place(row),
        row_text(row)
    )
}

/// What is said of each column that holds text under the header but is no reform field.
fn unused_columns(table: &read::Table, index: usize, columns: &Columns) -> Vec<String> {
    let start = columns.header_row + columns.header_rows;
    let mut passed_over = Vec::new();
    for (c, cell) in table.rows[columns.header_row].iter().enumerate() {
        if !columns.used(c) && table.rows[start..].iter().any(|row| !row[c].is_blank()) {
            let name = table.rows[columns.header_row..start]
                .iter()
                .map(|row| row[c].text.as_str())
                .find(|text| !text.trim().is_empty())
                .unwrap_or("-");
            passed_over.push(crate::say!(
                "table {}, column {}: not a reform field ({}), not imported",
                "表 {} 第 {} 列: 不是改革事项的字段 ({}), 未导入",
                index + 1,
                cell.place.column,
                shorten(name)
            ));
        }
    }
    passed_over
}

/// A row whose 序号 is no number: passed over when it is a heading across the table
/// (一、投资贸易便利化) or a note (注：…), else the problem with its 序号.
fn without_number(row: &[Cell], number_cell: &Cell) -> Result<String, Placed> {
    if let Some(text) = single_text(row) {
        return Ok(crate::say!(
            "{}: a heading or note, not a reform: {}",
            "{}: 标题或注释, 不是改革事项: {}",
            row_place(row),
            shorten(text)
        ));
    }
    let message = if number_cell.is_blank() {
        crate::say!(
            "empty 序号: a reform needs its number",
            "序号为空: 每项改革事项都需要序号"
        )
    } else {
        let text = safe::one_line(&number_cell.text);
        crate::say!(
            "序号 {text:?} is not a positive whole number",
            "序号 {text:?} 不是正整数"
        )
    };
    Err(Placed {
        place: number_cell.place,
        message,
    })
}

/// What is wrong with the 序号 of row `row_number`, if anything: 0, or used by a row before
/// (`first_row` holds the row each number was first used on).
fn number_problem(
    number: u32,
    number_cell: &Cell,
    row_number: usize,
    first_row: &mut HashMap<u32, usize>,
) -> Option<Placed> {
    let message = if number == 0 {
        crate::say!("序号 0 is not a positive whole number", "序号 0 不是正整数")
    } else {
        let first = first_row.insert(number, row_number)?;
        crate::say!(
            "duplicate 序号 {number} (first used on row {first})",
            "序号 {number} 重复 (首次出现在第 {first} 行)"
        )
    };
    Some(Placed {
        place: number_cell.place,
        message,
    })
}

/// The reform of a data row, or every problem of its cells.
fn reform_of(row: &[Cell], number: u32, columns: &Columns) -> Result<Reform, Vec<Placed>> {
    let mut problems = Vec::new();
    let title = join_lines(&field(row, Some(columns.title), "改革事项", &mut problems));
    let content = field(row, Some(columns.content), "主要内容", &mut problems);
    let scope = join_lines(&field(row, columns.scope, "推广范围", &mut problems));
    let agencies = agencies(row, columns, &mut problems);
    let lead: Vec<String> = columns
        .lead
        .map(|c| split_agencies(&row[c].text))
        .unwrap_or_default()
        .iter()
        .map(|a| value(a))
        .collect();
    if problems.is_empty() {
        Ok(Reform {
            number,
            title: title.into(),
            content: content.into(),
            scope: scope.into(),
            agencies: Text::all(dedup(agencies)),
            lead: Text::all(dedup(lead)),
            document: None,
        })
    } else {
        Err(problems)
    }
}

/// The value of a text field's cell (`column`, `None` when the table has no such column),
/// its problems added to `problems`: no column, a refused character, empty, too long.
fn field(row: &[Cell], column: Option<usize>, label: &str, problems: &mut Vec<Placed>) -> String {
    let Some(cell) = column.map(|c| &row[c]) else {
        problems.push(Placed {
            place: row[0].place,
            message: crate::say!(
                "the table has no {label} column; every reform needs one",
                "表格没有{label}列; 每项改革事项都需要它"
            ),
        });
        return String::new();
    };
    let text = value(&cell.text);
    if let Some(message) = refusal(cell) {
        problems.push(Placed {
            place: cell.place,
            message,
        });
    } else if text.trim().is_empty() {
        problems.push(Placed {
            place: cell.place,
            message: crate::say!("empty {label}", "{label}为空"),
        });
    } else if let Some(message) = too_long(&text) {
        problems.push(Placed {
            place: cell.place,
            message: crate::say!("the {label} {message}", "{label}{message}"),
        });
    }
    text
}

/// A row's agencies, from every agency column, their problems added to `problems`: a
/// refused character in any agency cell, no agency column, no agency, a name too long.
fn agencies(row: &[Cell], columns: &Columns, problems: &mut Vec<Placed>) -> Vec<String> {
    let agency_cells: Vec<&Cell> = [columns.agencies, columns.lead, columns.cooperating]
        .into_iter()
        .flatten()
        .map(|c| &row[c])
        .collect();
    for cell in &agency_cells {
        if let Some(message) = refusal(cell) {
            problems.push(Placed {
                place: cell.place,
                message,
            });
        }
    }
    let agencies: Vec<String> = columns.agencies_of(row).iter().map(|a| value(a)).collect();
    let agency_place = agency_cells.first().map_or(row[0].place, |c| c.place);
    if agency_cells.is_empty() {
        problems.push(Placed {
            place: row[0].place,
            message: crate::say!(
                "the table has no 负责单位 column; every reform needs its agencies",
                "表格没有负责单位列; 每项改革事项都需要负责单位"
            ),
        });
    } else if agencies.is_empty() {
        problems.push(Placed {
            place: agency_place,
            message: crate::say!(
                "no agency: the 负责单位 cell is empty",
                "没有单位: 负责单位单元格为空"
            ),
        });
    } else if let Some(long) = agencies.iter().find_map(|a| too_long(a)) {
        problems.push(Placed {
            place: agency_place,
            message: crate::say!("an agency {long}", "单位名称{long}"),
        });
    }
    agencies
}

/// A cell's value: the formula guard a spreadsheet export put before `= + - @` taken off.
fn value(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if needs_formula_guard(rest) => rest.to_string(),
        _ => text.to_string(),
    }
}

/// Why a cell's text is refused: a control or bidirectional character (see `crate::core::safe`).
fn refusal(cell: &Cell) -> Option<String> {
    safe::first_forbidden(&cell.text).map(|(_, c)| refused(c))
}

fn dedup(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// A one-line field (title, scope) whose cell was wrapped by hand: lines joined, with a space
/// only between two Latin letters or digits, as Chinese text is written.
fn join_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if !out.is_empty() && latin(out.chars().last()) && latin(line.chars().next()) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Whether a data row is the header again (tables that span pages repeat it).
fn repeats_header(row: &[Cell], header: &[Cell]) -> bool {
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    row.iter()
        .zip(header)
        .filter(|(cell, _)| !cell.is_blank())
        .all(|(cell, above)| squeeze(&cell.text) == squeeze(&above.text))
}

fn row_place(row: &[Cell]) -> String {
    let place = row[0].place;
    let (table, row) = (place.table + 1, place.row);
    match place.line {
        Some(line) => crate::say!(
            "table {table}, row {row} (line {line})",
            "表 {table} 第 {row} 行 (文件第 {line} 行)"
        ),
        None => crate::say!("table {table}, row {row}", "表 {table} 第 {row} 行"),
    }
}

fn blank_rows(table: usize, first: usize, last: usize) -> String {
    let table = table + 1;
    if first == last {
        crate::say!(
            "table {table}, row {first}: blank",
            "表 {table} 第 {first} 行: 空行"
        )
    } else {
        crate::say!(
            "table {table}, rows {first}-{last}: blank",
            "表 {table} 第 {first}-{last} 行: 空行"
        )
    }
}

fn row_text(row: &[Cell]) -> String {
    let mut texts: Vec<&str> = Vec::new();
    for cell in row.iter().filter(|c| !c.is_blank()) {
        if !texts.contains(&cell.text.as_str()) {
            texts.push(&cell.text);
        }
    }
    shorten(&texts.join(" | "))
}

fn shorten(text: &str) -> String {
    let flat = safe::one_line(&text.replace('\n', " "));
    if flat.chars().count() > 30 {
        format!("{}…", flat.chars().take(30).collect::<String>())
    } else {
        flat
    }
}
