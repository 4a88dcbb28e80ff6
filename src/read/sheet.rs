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
    let damaged = |detail: String| ReadError::new(name, Problem::Damaged { format, detail });
    let tables = match format {
        Format::Xlsx => {
            let mut book: Xlsx<_> = open(bytes).map_err(damaged)?;
            sheets(&mut book, |book, sheet| {
                book.merge_cells_by_sheet_name(sheet).unwrap_or_default()
            })
        }
        Format::Xls => {
            let mut book: Xls<_> = open(bytes).map_err(damaged)?;
            sheets(&mut book, |book, sheet| {
                book.merge_cells_by_sheet_name(sheet).unwrap_or_default()
            })
        }
        Format::Xlsb => {
            let mut book: Xlsb<_> = open(bytes).map_err(damaged)?;
            sheets(&mut book, |_, _| Vec::new())
        }
        _ => {
            let mut book: Ods<_> = open(bytes).map_err(damaged)?;
            let regions = ods::merged_regions(bytes);
            sheets(&mut book, |_, sheet| {
                regions.get(sheet).cloned().unwrap_or_default()
            })
        }
    }
    .map_err(damaged)?;
    Ok(Document {
        name: name.to_string(),
        format,
        tables,
        paragraphs: Vec::new(),
        declared_title: None,
    })
}

fn open<'a, R>(bytes: &'a [u8]) -> Result<R, String>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    open_workbook_from_rs(Cursor::new(bytes)).map_err(|error: R::Error| error.to_string())
}

/// Every worksheet of a workbook as a table, in the workbook's order; chart sheets and the
/// like become empty tables, so that table numbers stay sheet numbers.
fn sheets<RS, R>(
    book: &mut R,
    merges: impl Fn(&mut R, &str) -> Vec<Dimensions>,
) -> Result<Vec<Table>, String>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
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
        let range = book
            .worksheet_range(&name)
            .map_err(|error| format!("sheet {name}: {error}"))?;
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
