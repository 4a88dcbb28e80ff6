//! The Word report: the document's title, its source, and the reforms as one table on A4
//! landscape pages, in the manner of Chinese official documents (GB/T 9704): 方正小标宋简体
//! title, 仿宋_GB2312 text, a header row repeated on every page, page numbers as — 1 —.
//!
//! docx-rs writes the document; what it cannot say (a repeated header row, fonts' alternative
//! names, the East Asian language, the title in the file's properties) is added to the XML
//! parts it builds, before they are packed.

use std::borrow::Cow;
use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, Docx, FieldCharType, Footer, InstrText, LineSpacing,
    LineSpacingType, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Shading, Table,
    TableAlignmentType, TableBorder, TableBorderPosition, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, WidthType, XMLDocx,
};

use crate::core::catalog::{Document, Reform};
use crate::documents::report::{
    About, BODY_FONT, COLUMNS, HEADING_FONT, Markup, agency_labels, escape_markup,
};

/// Why a report could not be written. Either is a defect of this program or of docx-rs,
/// not of the data: every text can be written.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("docx-rs wrote {part} without {marker}, where the report adds to it")]
    Part {
        part: &'static str,
        marker: &'static str,
    },
    #[error("{}", crate::say!("cannot pack the .docx file: {}", "无法打包 .docx 文件: {}", .0))]
    Pack(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Twips (1/20 point) in a millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

const fn mm(millimetres: u32) -> u32 {
    (millimetres as f64 * TWIPS_PER_MM + 0.5) as u32
}

// A4 landscape.
const PAGE_WIDTH: u32 = 16838;
const PAGE_HEIGHT: u32 = 11906;

// GB/T 9704's portrait margins (top 37, bottom 35, left 28, right 26 mm) turned with the page:
// the bound edge (left) becomes the top, so a landscape page bound with portrait ones reads
// from the spine.
const MARGIN_TOP: u32 = mm(28);
const MARGIN_BOTTOM: u32 = mm(26);
const MARGIN_LEFT: u32 = mm(37);
const MARGIN_RIGHT: u32 = mm(35);
/// The page number sits about 7 mm below the text (GB/T 9704 7.5).
const FOOTER: u32 = mm(14);
const HEADER: u32 = mm(15);
const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// Cell padding, left and right, as Word's default (0.19 cm).
const CELL_PADDING: u32 = 108;
/// Cell padding above and below the text (1 mm), so it does not touch the rules.
const CELL_PADDING_Y: u32 = 57;
/// The table's line pitch: exact, so rows are as high in Word and WPS with the official
/// fonts as in LibreOffice with a fallback face, whose natural line is taller.
const TABLE_LINE: i32 = 340;

const TITLE_FONT: &str = "方正小标宋简体";
const PAGE_NUMBER_FONT: &str = "宋体";
const LATIN_FONT: &str = "Times New Roman";

// Sizes in half points: 二号 22 pt for the title, 三号 16 pt for the source line, 小四 12 pt in
// the table, 四号 14 pt for page numbers.
const TITLE_SIZE: usize = 44;
const SOURCE_SIZE: usize = 32;
const TABLE_SIZE: usize = 24;
const NOTE_SIZE: usize = 24;
const PAGE_NUMBER_SIZE: usize = 28;

/// Width of a CJK character of the table's text, in twips.
const TABLE_EM: u32 = TABLE_SIZE as u32 * 10;

/// Column widths in twips: 序号 two characters, 推广范围 four, 负责单位 nine (人民银行天津市分行),
/// 改革事项 seven; 主要内容 gets the rest.
const COLUMN_WIDTHS: [u32; 5] = {
    let number = 2 * TABLE_EM + 2 * CELL_PADDING;
    let title = 7 * TABLE_EM + 2 * CELL_PADDING;
    let scope = 4 * TABLE_EM + 2 * CELL_PADDING;
    let agencies = 9 * TABLE_EM + 2 * CELL_PADDING;
    let content = TEXT_WIDTH - number - title - scope - agencies;
    [number, title, content, scope, agencies]
};

/// A row estimated at more lines than this may break across pages; shorter ones are kept
/// whole, so a reform is never cut for want of a few lines. (Word clips a row that is kept
/// whole but taller than a page, hence the limit.)
const UNSPLIT_LINES: usize = 16;

/// The report as a .docx file.
pub fn write(doc: &Document, reforms: &[&Reform], about: &About) -> Result<Vec<u8>, DocxError> {
    packed(parts(doc, reforms, about)?)
}

/// The parts as a file, deflated.
fn packed(parts: XMLDocx) -> Result<Vec<u8>, DocxError> {
    let mut stored = Cursor::new(Vec::new());
    parts
        .pack(&mut stored)
        .map_err(|e| DocxError::Pack(Box::new(e)))?;
    deflated(stored.get_ref()).map_err(DocxError::Pack)
}

/// The same package with every part deflated: docx-rs stores them uncompressed, which
/// makes a file about ten times the size.
fn deflated(stored: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 4)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.into_owned();
        if entry.is_dir() {
            out.add_directory(name, options)?;
        } else {
            out.start_file(name, options)?;
            std::io::copy(&mut entry, &mut out)?;
        }
    }
    Ok(out.finish()?.into_inner())
}

/// The XML parts of the file, completed, before packing.
fn parts(doc: &Document, reforms: &[&Reform], about: &About) -> Result<XMLDocx, DocxError> {
    let mut docx = page(&doc.title);
    if let Some(source) = &doc.source {
        docx = docx.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(120))
                .add_run(text_run(source, BODY_FONT, SOURCE_SIZE)),
        );
    }
    let docx = docx
        .add_paragraph(note_line(&note(reforms.len(), about)))
        .add_table(table(reforms));
    completed(docx, &doc.title)
}

/// A landscape A4 page in the reports' fonts and margins, page numbers in the footer, and
/// the title.
fn page(title: &str) -> Docx {
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP as i32)
                .bottom(MARGIN_BOTTOM as i32)
                .left(MARGIN_LEFT as i32)
                .right(MARGIN_RIGHT as i32)
                .header(HEADER as i32)
                .footer(FOOTER as i32),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(TABLE_SIZE)
        .footer(Footer::new().add_paragraph(page_number()))
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(240))
                .add_run(text_run(title, TITLE_FONT, TITLE_SIZE)),
        )
}

/// The line over the table: how many rows, of what, when.
fn note_line(note: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Right)
        .line_spacing(LineSpacing::new().after(120))
        .add_run(text_run(note, BODY_FONT, NOTE_SIZE))
}

/// The document's XML parts with what docx-rs cannot say added: the table's header row
/// repeated on every page, the fonts' alternative names, the East Asian language and the
/// title in the file's properties.
fn completed(docx: Docx, title: &str) -> Result<XMLDocx, DocxError> {
    let mut parts = docx.build();
    // The header row is the only row docx-rs marks cantSplit before any other row's.
    patch(
        &mut parts.document,
        "word/document.xml",
        "<w:cantSplit />",
        "<w:cantSplit /><w:tblHeader />",
    )?;
    patch(
        &mut parts.font_table,
        "word/fontTable.xml",
        "</w:fonts>",
        &format!("{}</w:fonts>", FONT_DECLARATIONS.concat()),
    )?;
    // The East Asian language decides which regional glyphs and line-breaking rules a
    // renderer uses when it falls back from a missing font (Chinese, not Japanese).
    patch(
        &mut parts.styles,
        "word/styles.xml",
        "</w:rPr></w:rPrDefault>",
        r#"<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA" /></w:rPr></w:rPrDefault>"#,
    )?;
    patch(
        &mut parts.doc_props.core,
        "docProps/core.xml",
        "</cp:coreProperties>",
        &format!(
            "<dc:title>{}</dc:title></cp:coreProperties>",
            escape_markup(&xml_text(title), Markup::Xml)
        ),
    )?;
    Ok(parts)
}

/// The fonts the report names, with the installed fonts Word and WPS should use where
/// they are missing (charset 86 is GB2312).
const FONT_DECLARATIONS: [&str; 4] = [
    r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" /><w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#,
    r#"<w:font w:name="方正小标宋简体"><w:altName w:val="小标宋" /><w:charset w:val="86" /><w:family w:val="script" /><w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="小标宋"><w:altName w:val="宋体" /><w:charset w:val="86" /><w:family w:val="auto" /><w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="黑体"><w:altName w:val="SimHei" /><w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#,
];

/// Inserts `with` in place of the first `marker` in an XML part.
fn patch(
    part: &mut Vec<u8>,
    name: &'static str,
    marker: &'static str,
    with: &str,
) -> Result<(), DocxError> {
    let missing = DocxError::Part { part: name, marker };
    let text = std::str::from_utf8(part).map_err(|_| missing)?;
    let at = text
        .find(marker)
        .ok_or(DocxError::Part { part: name, marker })?;
    let mut patched = Vec::with_capacity(part.len() + with.len());
    patched.extend_from_slice(&part[..at]);
    patched.extend_from_slice(with.as_bytes());
    patched.extend_from_slice(&part[at + marker.len()..]);
    *part = patched;
    Ok(())
}

/// The line above the table: what the report holds and when it was made.
fn note(count: usize, about: &About) -> String {
    let mut note = String::new();
    if let Some(selection) = &about.selection {
        note.push_str("筛选：");
        note.push_str(selection);
        note.push('　');
    }
    note.push_str(&format!("共 {count} 项　{}", about.generated));
    note
}

fn table(reforms: &[&Reform]) -> Table {
    let mut rows = Vec::with_capacity(reforms.len() + 1);
    rows.push(header_row(COLUMNS.iter().copied().zip(COLUMN_WIDTHS)));
    rows.extend(reforms.iter().map(|reform| row(reform)));
    ruled(rows, &COLUMN_WIDTHS)
}

/// The header row: bold labels on grey, kept whole (and repeated on each page by
/// [`completed`]).
fn header_row<'a>(columns: impl Iterator<Item = (&'a str, u32)>) -> TableRow {
    TableRow::new(
        columns
            .map(|(label, width)| {
                cell(width, VAlignType::Center)
                    .shading(Shading::new().fill("D9D9D9"))
                    .add_paragraph(
                        paragraph(AlignmentType::Center)
                            .add_run(text_run(label, HEADING_FONT, TABLE_SIZE).bold()),
                    )
            })
            .collect(),
    )
    .cant_split()
}

/// The rows as a table of the text's width, columns of `widths`, ruled in thin black lines.
fn ruled(rows: Vec<TableRow>, widths: &[u32]) -> Table {
    let border = |position| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(4)
            .color("000000")
    };
    Table::new(rows)
        .set_grid(widths.iter().map(|&w| w as usize).collect())
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(
            CELL_PADDING_Y as usize,
            CELL_PADDING as usize,
            CELL_PADDING_Y as usize,
            CELL_PADDING as usize,
        ))
        .set_border(border(TableBorderPosition::Top))
        .set_border(border(TableBorderPosition::Bottom))
        .set_border(border(TableBorderPosition::Left))
        .set_border(border(TableBorderPosition::Right))
        .set_border(border(TableBorderPosition::InsideH))
        .set_border(border(TableBorderPosition::InsideV))
}

fn row(reform: &Reform) -> TableRow {
    let number = reform.number.to_string();
    let agencies = agency_labels(reform);
    let [w_number, w_title, w_content, w_scope, w_agencies] = COLUMN_WIDTHS;
    let cells = vec![
        text_cell(w_number, AlignmentType::Center, [number.as_str()]),
        text_cell(w_title, AlignmentType::Left, lines(&reform.title)),
        text_cell(w_content, AlignmentType::Both, lines(&reform.content)),
        text_cell(w_scope, AlignmentType::Center, lines(&reform.scope)),
        text_cell(
            w_agencies,
            AlignmentType::Center,
            agencies.iter().map(String::as_str),
        ),
    ];
    let tallest = [
        (reform.title.as_str(), w_title),
        (reform.content.as_str(), w_content),
    ]
    .iter()
    .map(|(text, width)| estimated_lines(text, *width))
    .max()
    .unwrap_or(1)
    .max(reform.agencies.len());
    let row = TableRow::new(cells);
    if tallest <= UNSPLIT_LINES {
        row.cant_split()
    } else {
        row
    }
}

/// The lines of a field, each a paragraph of its cell.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(|line| line.trim_end_matches('\r'))
}

/// A cell holding one paragraph per item.
fn text_cell<'a>(
    width: u32,
    align: AlignmentType,
    paragraphs: impl IntoIterator<Item = &'a str>,
) -> TableCell {
    let mut cell = cell(width, VAlignType::Center);
    for text in paragraphs {
        cell = cell.add_paragraph(paragraph(align).add_run(text_run(text, BODY_FONT, TABLE_SIZE)));
    }
    cell
}

fn cell(width: u32, align: VAlignType) -> TableCell {
    TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .vertical_align(align)
}

/// A paragraph of the table: at the table's line pitch, no space around it.
fn paragraph(align: AlignmentType) -> Paragraph {
    Paragraph::new().align(align).line_spacing(
        LineSpacing::new()
            .line(TABLE_LINE)
            .line_rule(LineSpacingType::Exact)
            .before(0)
            .after(0),
    )
}

/// How many lines `text` takes in a cell `width` twips wide, roughly: a CJK character is an
/// em, anything else half of one.
fn estimated_lines(text: &str, width: u32) -> usize {
    let room = width.saturating_sub(2 * CELL_PADDING).max(TABLE_EM) as usize;
    text.split('\n')
        .map(|line| {
            let used: usize = line
                .chars()
                .map(|c| if c.is_ascii() { TABLE_EM / 2 } else { TABLE_EM } as usize)
                .sum();
            used.div_ceil(room).max(1)
        })
        .sum()
}

/// — 1 — centred in the footer.
fn page_number() -> Paragraph {
    let run = || {
        Run::new()
            .fonts(fonts(PAGE_NUMBER_FONT))
            .size(PAGE_NUMBER_SIZE)
    };
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run().add_text("— "))
        .add_run(
            run()
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(docx_rs::InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(FieldCharType::End, false),
        )
        .add_run(run().add_text(" —"))
}

fn text_run(text: &str, east_asia: &str, size: usize) -> Run {
    Run::new()
        .add_text(xml_text(text))
        .fonts(fonts(east_asia))
        .size(size)
}

/// Chinese text in `east_asia`, Latin letters and digits in Times New Roman.
fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
}

/// `text` without the characters XML 1.0 cannot hold (control characters other than tab
/// and line ends, unpaired surrogates cannot occur in a `str`), each shown as U+FFFD.
fn xml_text(text: &str) -> Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.contains(bad) {
        Cow::Owned(text.replace(bad, "\u{fffd}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A table report in the same style as the reforms' (title, a note line, a table whose
/// header row repeats on every page): other tables, such as the tracking ledger, use it.
/// `columns` are the labels with their shares of the text width; each row holds one text
/// per column, its lines as paragraphs.
pub fn write_table(
    title: &str,
    note: &str,
    columns: &[(&str, u32)],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, DocxError> {
    let total: u32 = columns.iter().map(|c| c.1).sum::<u32>().max(1);
    let widths: Vec<u32> = columns.iter().map(|c| TEXT_WIDTH * c.1 / total).collect();
    let mut table_rows = vec![header_row(
        columns.iter().map(|c| c.0).zip(widths.iter().copied()),
    )];
    for row in rows {
        table_rows.push(TableRow::new(
            row.iter()
                .zip(&widths)
                .map(|(text, &width)| text_cell(width, AlignmentType::Left, lines(text)))
                .collect(),
        ));
    }
    let docx = page(title)
        .add_paragraph(note_line(note))
        .add_table(ruled(table_rows, &widths));
    packed(completed(docx, title)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;

    fn built(doc: &Document, reforms: &[&Reform]) -> XMLDocx {
        let about = About {
            selection: None,
            generated: "2026年1月1日".into(),
        };
        parts(doc, reforms, &about).unwrap()
    }

    fn text(part: &[u8]) -> &str {
        std::str::from_utf8(part).unwrap()
    }

    #[test]
    fn the_parts_docx_rs_lacks_are_added() {
        let catalog = Catalog::embedded().unwrap();
        let reforms: Vec<&Reform> = catalog.reforms.iter().collect();
        let parts = built(&catalog.document, &reforms);
        let document = text(&parts.document);
        assert_eq!(document.matches("<w:tblHeader />").count(), 1);
        // The header row is the table's first row.
        let header_at = document.find("<w:tblHeader />").unwrap();
        assert_eq!(document[..header_at].matches("<w:tr>").count(), 1);
        let fonts = text(&parts.font_table);
        assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" />"#));
        assert!(fonts.contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="小标宋" />"#));
        assert!(text(&parts.styles).contains(r#"<w:lang w:val="zh-CN" w:eastAsia="zh-CN""#));
        assert!(
            text(&parts.doc_props.core)
                .contains(&format!("<dc:title>{}</dc:title>", catalog.document.title))
        );
        assert!(document.contains(r#"w:orient="landscape""#));
    }

    #[test]
    fn the_title_property_is_escaped_once() {
        let doc = Document {
            title: "A<&>\"'B".into(),
            ..Catalog::embedded().unwrap().document
        };
        let parts = built(&doc, &[]);
        assert!(
            text(&parts.doc_props.core)
                .contains("<dc:title>A&lt;&amp;&gt;&quot;&apos;B</dc:title>")
        );
    }

    #[test]
    fn control_characters_become_replacement_characters() {
        assert_eq!(xml_text("a\u{1}b\tc\nd"), "a\u{fffd}b\tc\nd");
        assert!(matches!(xml_text("数据"), Cow::Borrowed(_)));
    }

    #[test]
    fn columns_fill_the_text_width() {
        assert_eq!(COLUMN_WIDTHS.iter().sum::<u32>(), TEXT_WIDTH);
        assert!(COLUMN_WIDTHS[2] > 2 * COLUMN_WIDTHS[1] && COLUMN_WIDTHS[2] > 2 * COLUMN_WIDTHS[4]);
    }

    #[test]
    fn line_estimates() {
        let width = 10 * TABLE_EM + 2 * CELL_PADDING;
        assert_eq!(estimated_lines("", width), 1);
        assert_eq!(estimated_lines(&"数".repeat(10), width), 1);
        assert_eq!(estimated_lines(&"数".repeat(11), width), 2);
        assert_eq!(estimated_lines(&"a".repeat(20), width), 1);
        assert_eq!(estimated_lines("数\n数", width), 2);
    }
}
