//! The Excel report: a sheet 改革事项 with one row per reform under a frozen, filterable
//! header, laid out for A4 landscape printing, and a sheet 说明 saying what the report holds.
//!
//! Every text is written as a string, never as a formula, whatever it starts with. Row
//! heights are set from an estimate of the wrapped lines, because LibreOffice does not fit
//! rows to wrapped text when it opens a file. A field too long for one cell (Excel holds
//! 32,767 characters in a cell, and a row is at most 409 points high) goes on in the cells
//! below, its other fields merged down beside it, so nothing is cut.

use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError as WriterError,
};

use crate::core::catalog::{Document, Reform};
use crate::documents::report::{
    About, BODY_FONT, COLUMNS, HEADING_FONT, agency_labels, looks_like_formula,
};

/// Why a report could not be written: a defect, as every text the catalog holds fits.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("{}", crate::say!("cannot write the .xlsx file: {}", "无法写出 .xlsx 文件: {}", .0))]
    Writer(#[from] WriterError),
}

/// The name of the sheet of reforms.
pub const REFORMS_SHEET: &str = "改革事项";
/// The name of the sheet that says what the report holds.
pub const ABOUT_SHEET: &str = "说明";

const BODY_SIZE: f64 = 11.0;
/// The height of a line of 11-point CJK text, in points; Noto CJK and 仿宋 need about this.
const LINE_HEIGHT: f64 = 16.0;
/// Room above and below the text of a row, in points.
const ROW_PADDING: f64 = 4.0;
/// Excel's highest row.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// The lines one row can show.
const MAX_ROW_LINES: usize = ((MAX_ROW_HEIGHT - ROW_PADDING) / LINE_HEIGHT) as usize;
/// Excel's limit of characters in a cell.
const MAX_CELL_CHARS: usize = 32_767;

/// Column widths, in Excel's units (the width of a digit; a CJK character is two): the least
/// and the most each column gets, whatever its content.
const WIDTH_LIMITS: [(f64, f64); 5] = [
    (6.0, 8.0),
    (14.0, 30.0),
    (30.0, 80.0),
    (10.0, 14.0),
    (12.0, 24.0),
];

/// The report as a .xlsx file.
pub fn write(doc: &Document, reforms: &[&Reform], about: &About) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&doc.title)
            .set_subject(about.selection.as_deref().unwrap_or("全部改革事项"))
            .set_comment(format!(
                "{} 项改革事项，{}生成",
                reforms.len(),
                about.generated
            )),
    );
    reforms_sheet(workbook.add_worksheet(), doc, reforms)?;
    about_sheet(workbook.add_worksheet(), doc, reforms.len(), about)?;
    Ok(workbook.save_to_buffer()?)
}

/// The texts of a reform's five columns, the number as text.
fn fields(reform: &Reform) -> [String; 5] {
    [
        reform.number.to_string(),
        reform.title.to_string(),
        reform.content.to_string(),
        reform.scope.to_string(),
        agency_labels(reform).join("\n"),
    ]
}

/// A column's format and the same with a quote prefix, which keeps a text that looks like a
/// formula a text when someone edits the cell in Excel.
struct Style {
    plain: Format,
    quoted: Format,
}

impl Style {
    fn new(format: Format) -> Style {
        Style {
            quoted: format.clone().set_quote_prefix(),
            plain: format,
        }
    }

    fn for_text(&self, text: &str) -> &Format {
        if looks_like_formula(text) {
            &self.quoted
        } else {
            &self.plain
        }
    }
}

fn body() -> Format {
    Format::new()
        .set_font_name(BODY_FONT)
        .set_font_size(BODY_SIZE)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}

fn reforms_sheet(
    sheet: &mut Worksheet,
    doc: &Document,
    reforms: &[&Reform],
) -> Result<(), XlsxError> {
    sheet.set_name(REFORMS_SHEET)?;
    let centred = || body().set_align(FormatAlign::Center);
    let number = centred().set_num_format("0");
    let styles = [
        Style::new(number.clone()),
        Style::new(body()),
        Style::new(body().set_align(FormatAlign::Justify)),
        Style::new(centred()),
        Style::new(centred()),
    ];

    let texts: Vec<[String; 5]> = reforms.iter().map(|r| fields(r)).collect();
    let widths = column_widths(&texts);
    let columns: Vec<(&str, f64)> = COLUMNS.iter().copied().zip(widths).collect();
    header_row(sheet, &columns)?;

    let mut row: u32 = 1;
    for (reform, texts) in reforms.iter().zip(&texts) {
        // Each field cut to what one cell shows; the reform takes as many rows as its
        // longest field needs.
        let pieces: Vec<Vec<&str>> = texts
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(column, (text, width))| {
                if column == 0 {
                    vec![text.as_str()]
                } else {
                    cell_pieces(text, *width)
                }
            })
            .collect();
        let span = pieces.iter().map(Vec::len).max().unwrap_or(1) as u32;
        for (column, pieces) in pieces.iter().enumerate() {
            let col = column as u16;
            let style = &styles[column];
            if span > 1 && pieces.len() == 1 {
                let text = if column == 0 { "" } else { pieces[0] };
                sheet.merge_range(row, col, row + span - 1, col, text, style.for_text(text))?;
            }
            if column == 0 {
                sheet.write_number_with_format(row, 0, f64::from(reform.number), &number)?;
            } else if span == 1 || pieces.len() > 1 {
                for (i, piece) in pieces.iter().enumerate() {
                    sheet.write_string_with_format(
                        row + i as u32,
                        col,
                        *piece,
                        style.for_text(piece),
                    )?;
                }
                for i in pieces.len() as u32..span {
                    sheet.write_blank(row + i, col, &style.plain)?;
                }
            }
        }
        for i in 0..span as usize {
            let lines = pieces
                .iter()
                .zip(&widths)
                .filter(|(pieces, _)| span == 1 || pieces.len() > 1)
                .filter_map(|(pieces, width)| pieces.get(i).map(|p| wrapped_lines(p, *width)))
                .max()
                .unwrap_or(1);
            sheet.set_row_height(row + i as u32, row_height(lines))?;
        }
        row += span;
    }

    finish_table(sheet, row.saturating_sub(1), COLUMNS.len(), &doc.title)
}

/// The header row of a table: each column's width, and its label bold on grey.
fn header_row(sheet: &mut Worksheet, columns: &[(&str, f64)]) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_font_name(HEADING_FONT)
        .set_font_size(12)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color(Color::RGB(0xD9D9D9))
        .set_border(FormatBorder::Thin);
    for (column, (label, width)) in columns.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
        sheet.write_string_with_format(0, column as u16, *label, &header)?;
    }
    sheet.set_row_height(0, LINE_HEIGHT + 2.0 * ROW_PADDING)?;
    Ok(())
}

/// What a table sheet is around its cells: the header row frozen and filtering rows 1 to
/// `last_row` of `columns` columns, printed on A4 landscape one page wide with the header
/// row on every page, the title over it and the page numbers under it.
fn finish_table(
    sheet: &mut Worksheet,
    last_row: u32,
    columns: usize,
    title: &str,
) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row.max(1), columns.saturating_sub(1) as u16)?;
    sheet.set_paper_size(9); // A4
    sheet.set_landscape();
    sheet.set_margins(0.6, 0.6, 0.8, 0.8, 0.3, 0.3);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(0, 0)?;
    if title.chars().count() <= 100 {
        sheet.set_header(format!("&C&12{}", title.replace('&', "&&")));
    }
    sheet.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

fn about_sheet(
    sheet: &mut Worksheet,
    doc: &Document,
    count: usize,
    about: &About,
) -> Result<(), XlsxError> {
    sheet.set_name(ABOUT_SHEET)?;
    let label = Format::new()
        .set_bold()
        .set_font_name(HEADING_FONT)
        .set_font_size(BODY_SIZE)
        .set_align(FormatAlign::Top);
    let value = Style::new(body().set_border(FormatBorder::None));
    let selection = about.selection.as_deref().unwrap_or("全部改革事项");
    let rows = [
        ("标题", Some(doc.title.as_str())),
        ("来源", doc.source.as_deref()),
        ("筛选", Some(selection)),
        ("生成日期", Some(about.generated.as_str())),
    ];
    let width = 60.0;
    sheet.set_column_width(0, 10)?;
    sheet.set_column_width(1, width)?;
    for (row, (name, text)) in rows.into_iter().enumerate() {
        let row = row as u32;
        sheet.write_string_with_format(row, 0, name, &label)?;
        if let Some(text) = text.map(truncated) {
            sheet.write_string_with_format(row, 1, text, value.for_text(text))?;
            sheet.set_row_height(row, row_height(wrapped_lines(text, width)))?;
        }
    }
    sheet.write_string_with_format(4, 0, "事项数", &label)?;
    sheet.write_number_with_format(
        4,
        1,
        count as f64,
        &value.plain.clone().set_align(FormatAlign::Left),
    )?;
    sheet.set_paper_size(9);
    Ok(())
}

/// A text cut to what a cell holds, for the 说明 sheet's one-line values.
fn truncated(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

fn row_height(lines: usize) -> f64 {
    (lines as f64 * LINE_HEIGHT + ROW_PADDING).min(MAX_ROW_HEIGHT)
}

/// How wide a character is, in Excel's units: a CJK (or any non-ASCII) character two digits.
fn char_units(c: char) -> f64 {
    if c.is_ascii() { 1.0 } else { 2.0 }
}

/// Each column as wide as its widest line (and its label), within its limits.
fn column_widths(texts: &[[String; 5]]) -> [f64; 5] {
    let mut widths = [0.0; 5];
    for (column, width) in widths.iter_mut().enumerate() {
        let widest = texts
            .iter()
            .flat_map(|fields| fields[column].split('\n'))
            .chain([COLUMNS[column]])
            .map(|line| line.chars().map(char_units).sum::<f64>())
            .fold(0.0, f64::max);
        let (least, most) = WIDTH_LIMITS[column];
        *width = (widest + 2.0).clamp(least, most);
    }
    widths
}

/// The room for text in a column `width` units wide, less the cell's padding.
fn room(width: f64) -> f64 {
    (width - 1.5).max(2.0)
}

/// Where wrapping stands after some text: the lines begun, the units used on the last one
/// and the length in UTF-16 units, as Excel counts a cell's characters.
#[derive(Debug, Clone, Copy)]
struct Measure {
    lines: usize,
    used: f64,
    length: usize,
}

impl Measure {
    const EMPTY: Measure = Measure {
        lines: 1,
        used: 0.0,
        length: 0,
    };

    fn of(text: &str, room: f64) -> Measure {
        text.chars().fold(Measure::EMPTY, |m, c| m.then(c, room))
    }

    /// Where wrapping stands after one more character, breaking anywhere.
    fn then(self, c: char, room: f64) -> Measure {
        let mut next = self;
        next.length += c.len_utf16();
        if c == '\n' {
            next.lines += 1;
            next.used = 0.0;
        } else {
            let w = char_units(c);
            if next.used > 0.0 && next.used + w > room {
                next.lines += 1;
                next.used = 0.0;
            }
            next.used += w;
        }
        next
    }

    fn fits_a_cell(&self) -> bool {
        self.lines <= MAX_ROW_LINES && self.length <= MAX_CELL_CHARS
    }
}

/// How many lines `text` wraps to in a column `width` units wide.
fn wrapped_lines(text: &str, width: f64) -> usize {
    Measure::of(text, room(width)).lines
}

/// `text` cut into pieces that each fit one cell: at most `MAX_ROW_LINES` wrapped lines and
/// `MAX_CELL_CHARS` characters. The pieces joined give the text back; a cut falls after the
/// piece's last line break if it has one.
fn cell_pieces(text: &str, width: f64) -> Vec<&str> {
    let room = room(width);
    if Measure::of(text, room).fits_a_cell() {
        return vec![text];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut measure = Measure::EMPTY;
    let mut last_break = None;
    for (at, c) in text.char_indices() {
        let next = measure.then(c, room);
        if next.fits_a_cell() {
            measure = next;
        } else {
            let cut = last_break.take().unwrap_or(at);
            pieces.push(&text[start..cut]);
            start = cut;
            measure = Measure::of(&text[start..at], room).then(c, room);
        }
        if c == '\n' {
            last_break = Some(at + 1);
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// A one-sheet workbook in the reports' style (a frozen, filterable header, wrapped text,
/// A4 landscape): other tables, such as the tracking ledger, use it. `columns` are the
/// labels with their widths in Excel's units; each row holds one text per column.
pub fn write_table(
    sheet_name: &str,
    title: &str,
    columns: &[(&str, f64)],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_title(title));
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let style = Style::new(body());
    header_row(sheet, columns)?;
    for (at, row) in rows.iter().enumerate() {
        let r = at as u32 + 1;
        let mut lines = 1;
        for (column, (text, (_, width))) in row.iter().zip(columns).enumerate() {
            let text = truncated(text);
            sheet.write_string_with_format(r, column as u16, text, style.for_text(text))?;
            lines = lines.max(wrapped_lines(text, *width));
        }
        sheet.set_row_height(r, row_height(lines))?;
    }
    finish_table(sheet, rows.len() as u32, columns.len(), title)?;
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_estimates() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        // Room for 8.5 units: four CJK characters a line.
        assert_eq!(wrapped_lines("数据跨境", 10.0), 1);
        assert_eq!(wrapped_lines("数据跨境政", 10.0), 2);
        assert_eq!(wrapped_lines("数据\n跨境", 10.0), 2);
        assert_eq!(wrapped_lines("abcdefgh", 10.0), 1);
    }

    #[test]
    fn widths_follow_content_within_limits() {
        let short = [
            "1".to_string(),
            "短".into(),
            "内容".into(),
            "全市".into(),
            "市商务局".into(),
        ];
        let widths = column_widths(&[short]);
        assert_eq!(widths[0], 6.0);
        assert_eq!(widths[1], 14.0);
        assert_eq!(widths[2], 30.0);
        assert_eq!(widths[3], 10.0);
        assert_eq!(widths[4], 12.0);
        let long = [
            "123456789012".to_string(),
            "长".repeat(40),
            "长".repeat(400),
            "全市".into(),
            "人民银行天津市分行".into(),
        ];
        let widths = column_widths(&[long]);
        assert_eq!(widths, [8.0, 30.0, 80.0, 10.0, 20.0]);
    }

    fn check_pieces(text: &str, width: f64) -> Vec<&str> {
        let pieces = cell_pieces(text, width);
        assert_eq!(pieces.concat(), text);
        for piece in &pieces {
            assert!(wrapped_lines(piece, width) <= MAX_ROW_LINES, "{piece:?}");
            assert!(piece.chars().count() <= MAX_CELL_CHARS);
        }
        pieces
    }

    #[test]
    fn a_short_text_is_one_piece() {
        assert_eq!(check_pieces("数据跨境", 30.0), ["数据跨境"]);
        assert_eq!(check_pieces("", 30.0), [""]);
    }

    #[test]
    fn a_long_text_is_cut_into_pieces_that_fit() {
        let text = "数".repeat(5_000);
        let pieces = check_pieces(&text, 30.0);
        assert!(pieces.len() > 1);
        let lines: String = (0..200).map(|i| format!("第{i}行\n")).collect();
        let pieces = check_pieces(&lines, 30.0);
        // Cut after line breaks.
        for piece in &pieces[..pieces.len() - 1] {
            assert!(piece.ends_with('\n'), "{piece:?}");
        }
        check_pieces(&"a".repeat(300_000), 80.0);
        check_pieces(&"\n".repeat(100), 80.0);
        check_pieces(&"数\n".repeat(1_000), 8.0);
    }
}
