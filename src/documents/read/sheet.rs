//! Workbooks (.xlsx, .xlsb, .xls, .ods) through `calamine`: every sheet a table, merged
//! regions filled with their first cell's text, numbers written as a person would type them.

use std::io::{Cursor, Read, Seek};

use calamine::{
    Data, Dimensions, Ods, Range, Reader, SheetType, Xls, Xlsb, Xlsx, open_workbook_from_rs,
};

use super::document::{Cell, Document, Format, Place, Table, square, tidy};
use super::error::{Problem, ReadError};
use super::ods;

pub(crate) fn read(name: &str, bytes: &[u8], format: Format) -> Result<Document, ReadError> {
    let tables = tables(bytes, format).map_err(|problem| ReadError::new(name, problem))?;
    Ok(Document {
        name: name.to_string(),
        format,
        tables,
        paragraphs: Vec::new(),
        declared_title: None,
    })
}

fn tables(bytes: &[u8], format: Format) -> Result<Vec<Table>, Problem> {
    let damaged = |detail: String| Problem::Damaged { format, detail };
    match format {
        Format::Xlsx => {
            let mut book: Xlsx<_> = open(bytes).map_err(damaged)?;
            sheets(
                &mut book,
                |book, sheet| bounded(book, sheet, format),
                |book, sheet| book.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            )
        }
        Format::Xls => {
            let mut book: Xls<_> = open(bytes).map_err(damaged)?;
            sheets(&mut book, whole(format), |book, sheet| {
                book.merge_cells_by_sheet_name(sheet).unwrap_or_default()
            })
        }
        Format::Xlsb => {
            let mut book: Xlsb<_> = open(bytes).map_err(damaged)?;
            sheets(&mut book, whole(format), |_, _| Vec::new())
        }
        _ => {
            let mut book: Ods<_> = open(bytes).map_err(damaged)?;
            let regions = ods::merged_regions(bytes);
            sheets(&mut book, whole(format), |_, sheet| {
                regions.get(sheet).cloned().unwrap_or_default()
            })
        }
    }
}

fn open<'a, R>(bytes: &'a [u8]) -> Result<R, String>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    open_workbook_from_rs(Cursor::new(bytes)).map_err(|error: R::Error| error.to_string())
}

/// A worksheet as calamine reads it, whole.
fn whole<RS, R>(format: Format) -> impl Fn(&mut R, &str) -> Result<Range<Data>, Problem>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    move |book, sheet| {
        book.worksheet_range(sheet)
            .map_err(|error| Problem::Damaged {
                format,
                detail: crate::say!("sheet {sheet}: {error}", "工作表 {sheet}: {error}"),
            })
    }
}

/// The most cells a sheet's table may span: twenty columns of 100,000 reforms. calamine
/// sets aside a slot for every cell between the first and the last one used, so a sheet
/// with a value in A1 and another in XFD1048576 would ask for 17 billion.
const MAX_CELLS: u64 = 2_000_000;

/// A worksheet of an .xlsx, read cell by cell so that its span is known before anything is
/// set aside for it. (calamine gives no such reader for the other formats.)
fn bounded<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
    format: Format,
) -> Result<Range<Data>, Problem> {
    let damaged = |error: calamine::XlsxError| Problem::Damaged {
        format,
        detail: crate::say!("sheet {sheet}: {error}", "工作表 {sheet}: {error}"),
    };
    let mut reader = book.worksheet_cells_reader(sheet).map_err(damaged)?;
    let mut cells = Vec::new();
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0, 0));
    while let Some(cell) = reader.next_cell().map_err(damaged)? {
        let (row, column) = cell.get_position();
        let value = Data::from(cell.get_value().clone());
        if matches!(value, Data::Empty) || value == "" {
            continue;
        }
        first = (first.0.min(row), first.1.min(column));
        last = (last.0.max(row), last.1.max(column));
        cells.push(calamine::Cell::new((row, column), value));
    }
    let rows = u64::from(last.0.saturating_sub(first.0)) + 1;
    let columns = u64::from(last.1.saturating_sub(first.1)) + 1;
    if !cells.is_empty() && rows * columns > MAX_CELLS {
        return Err(Problem::TooLarge(crate::say!(
            "sheet {sheet} spans {rows} rows by {columns} columns, more cells than a table of \
             reforms holds ({MAX_CELLS}); delete what lies outside the table and save it again",
            "工作表 {sheet} 占 {rows} 行 {columns} 列, 单元格多于改革事项表所需 ({MAX_CELLS}); \
             请删除表格以外的内容后重新保存"
        )));
    }
    Ok(Range::from_sparse(cells))
}

/// Every worksheet of a workbook as a table, in the workbook's order; chart sheets and the
/// like become empty tables, so that table numbers stay sheet numbers.
fn sheets<RS, R>(
    book: &mut R,
    range_of: impl Fn(&mut R, &str) -> Result<Range<Data>, Problem>,
    merges: impl Fn(&mut R, &str) -> Vec<Dimensions>,
) -> Result<Vec<Table>, Problem>
where
    RS: Read + Seek,
    R: Reader<RS>,
{
    let sheets: Vec<(String, SheetType)> = book
        .sheets_metadata()
        .iter()
        .map(|sheet| (sheet.name.clone(), sheet.typ))
        .collect();
    let mut tables = Vec::with_capacity(sheets.len());
    for (index, (name, kind)) in sheets.into_iter().enumerate() {
        if kind != SheetType::WorkSheet {
            tables.push(Table {
                name: Some(name),
                ..Table::default()
            });
            continue;
        }
        let range = range_of(book, &name)?;
        let merged = merges(book, &name);
        tables.push(sheet_table(index, name, &range, &merged));
    }
    Ok(tables)
}

fn sheet_table(index: usize, name: String, range: &Range<Data>, merged: &[Dimensions]) -> Table {
    let Some((top, left)) = range.start() else {
        return Table {
            name: Some(name),
            ..Table::default()
        };
    };
    let (top, left) = (top as usize, left as usize);
    let (height, width) = range.get_size();
    let cell = |r: usize, c: usize, text: String| Cell {
        text,
        place: Place {
            table: index,
            row: top + r + 1,
            column: c + 1,
            line: None,
            line_column: None,
        },
        copied_from: None,
    };
    // Cells from column A, so that a cell's index in its row is its column less one.
    let mut rows: Vec<Vec<Cell>> = range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            let blanks = (0..left).map(|c| cell(r, c, String::new()));
            let values = row
                .iter()
                .enumerate()
                .map(|(c, data)| cell(r, left + c, text_of(data)));
            blanks.chain(values).collect()
        })
        .collect();
    for region in merged {
        let (first_row, first_column) = (region.start.0 as usize, region.start.1 as usize);
        if first_row < top || first_row >= top + height || first_column >= left + width {
            continue;
        }
        let last_row = (region.end.0 as usize).min(top + height - 1);
        let last_column = (region.end.1 as usize).min(left + width - 1);
        let text = rows[first_row - top][first_column].text.clone();
        let origin = (first_row + 1, first_column + 1);
        for row in &mut rows[first_row - top..=last_row - top] {
            for covered in &mut row[first_column..=last_column] {
                if (covered.place.row, covered.place.column) != origin {
                    covered.text.clone_from(&text);
                    covered.copied_from = Some(origin);
                }
            }
        }
    }
    Table {
        rows: square(index, rows),
        name: Some(name),
        ..Table::default()
    }
}

/// A cell's value as it reads on screen: whole numbers without `.0` (序号 1, not 1.0), dates as
/// 2025-03-01, booleans and errors as Excel shows them.
fn text_of(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(text) => tidy(text),
        Data::Float(number) => {
            if number.fract() == 0.0 && number.abs() < 1e15 {
                format!("{}", *number as i64)
            } else {
                number.to_string()
            }
        }
        Data::Int(number) => number.to_string(),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(moment) if moment.is_datetime() => {
            let (year, month, day, hour, minute, second, _) = moment.to_ymd_hms_milli();
            if (hour, minute, second) == (0, 0, 0) {
                format!("{year}-{month:02}-{day:02}")
            } else {
                format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(text_of(&Data::Float(1.0)), "1");
        assert_eq!(text_of(&Data::Float(42.0)), "42");
        assert_eq!(text_of(&Data::Float(2.5)), "2.5");
        assert_eq!(text_of(&Data::Int(7)), "7");
        assert_eq!(text_of(&Data::String(" 1 ".into())), "1");
        assert_eq!(text_of(&Data::String("甲\r\n乙".into())), "甲\n乙");
        assert_eq!(text_of(&Data::Empty), "");
    }
}
