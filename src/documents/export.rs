//! Export formats shared by the command line and the clipboard: text for Word/WPS and chat,
//! Markdown, TSV for spreadsheets, and JSON.

use std::fmt::{self, Write as _};
use std::io;

use crate::core::catalog::{Document, Reform};
use crate::documents::report::{About, Markup, escape_markup};
use crate::{core::safe, documents::docx, documents::xlsx};

/// A column of the dataset: its Chinese label (the source table's header) and its name in
/// TOML and JSON. The one list every format follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub name: &'static str,
}

pub const FIELDS: [Field; 5] = [
    Field {
        label: "序号",
        name: "number",
    },
    Field {
        label: "改革事项",
        name: "title",
    },
    Field {
        label: "主要内容",
        name: "content",
    },
    Field {
        label: "推广范围",
        name: "scope",
    },
    Field {
        label: "负责单位",
        name: "agencies",
    },
];

/// The document a reform comes from, written when the reforms come from a library of
/// several documents (see `Reform::document`).
pub const DOCUMENT: Field = Field {
    label: "文件",
    name: "document",
};

const CONTENT: Field = FIELDS[2];
const SCOPE: Field = FIELDS[3];
const AGENCIES: Field = FIELDS[4];

/// How reforms are written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Labelled fields, for pasting into Word/WPS or a chat window.
    #[default]
    Text,
    /// A heading per reform and labelled fields.
    Markdown,
    /// Tab-separated values with a header row, for spreadsheets.
    Tsv,
    /// An array of objects with the dataset's field names.
    Json,
}

impl Format {
    /// The file extension for a written export.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Tsv => "tsv",
            Format::Json => "json",
        }
    }
}

/// What `reforms list` writes: one of the text formats, or a file for Excel or Word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Output {
    /// Labelled fields, for pasting into Word/WPS or a chat window.
    #[default]
    Text,
    /// A heading per reform and labelled fields.
    Markdown,
    /// Tab-separated values with a header row, for spreadsheets.
    Tsv,
    /// An array of objects with the dataset's field names.
    Json,
    /// Comma-separated values for Excel and WPS: UTF-8 with a BOM, CRLF rows.
    Csv,
    /// A Word report (.docx): the document's title and a table of the reforms.
    Docx,
    /// An Excel workbook (.xlsx): a sheet of the reforms and one saying what it holds.
    Xlsx,
}

impl Output {
    /// The text format this output is, if it is one of them.
    pub fn text_format(self) -> Option<Format> {
        match self {
            Output::Text => Some(Format::Text),
            Output::Markdown => Some(Format::Markdown),
            Output::Tsv => Some(Format::Tsv),
            Output::Json => Some(Format::Json),
            Output::Csv | Output::Docx | Output::Xlsx => None,
        }
    }

    /// What the clipboard carries as text for this output: the text formats themselves;
    /// for CSV, Word and Excel, which are files, the spreadsheet table (TSV).
    pub fn clipboard_format(self) -> Format {
        self.text_format().unwrap_or(Format::Tsv)
    }

    /// Whether a copy also carries the HTML table (see [`html_table`]): for the formats
    /// meant for Word, WPS and spreadsheets, not for Markdown and JSON, whose readers want
    /// the text itself.
    pub fn pastes_as_table(self) -> bool {
        !matches!(self, Output::Markdown | Output::Json)
    }

    /// Every output, in the order `F` goes through them in the browser.
    pub const ALL: [Output; 7] = [
        Output::Text,
        Output::Tsv,
        Output::Markdown,
        Output::Json,
        Output::Csv,
        Output::Docx,
        Output::Xlsx,
    ];

    /// Whether the output is a binary file, which a terminal cannot show.
    pub fn is_binary(self) -> bool {
        matches!(self, Output::Docx | Output::Xlsx)
    }

    /// The file extension for a written export.
    pub fn extension(self) -> &'static str {
        match self {
            Output::Csv => "csv",
            Output::Docx => "docx",
            Output::Xlsx => "xlsx",
            text => text.text_format().map_or("txt", Format::extension),
        }
    }
}

impl From<Format> for Output {
    fn from(format: Format) -> Output {
        match format {
            Format::Text => Output::Text,
            Format::Markdown => Output::Markdown,
            Format::Tsv => Output::Tsv,
            Format::Json => Output::Json,
        }
    }
}

/// Why an export could not be made. Every text the catalog holds can be written, so each
/// is a defect of this program or of a writer crate.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
    #[error(transparent)]
    Xlsx(#[from] xlsx::XlsxError),
    #[error("{}", crate::say!("cannot write the CSV text: {}", "无法写出 CSV 文本: {}", .0))]
    Csv(#[from] csv::Error),
}

/// Writes `reforms` of `doc` as `output`: the text formats as the command line prints them
/// (see [`render`]), the others as the files they are. `doc` heads the report; `source`,
/// the one document the reforms come from if they share one, heads the text formats.
pub fn write(
    output: Output,
    doc: &Document,
    source: Option<&Document>,
    reforms: &[&Reform],
    about: &About,
) -> Result<Vec<u8>, ExportError> {
    Ok(match output {
        Output::Csv => csv(reforms)?,
        Output::Docx => docx::write(doc, reforms, about)?,
        Output::Xlsx => xlsx::write(doc, reforms, about)?,
        text => render(text.text_format().unwrap_or_default(), reforms, source).into_bytes(),
    })
}

/// The byte order mark, by which Excel and WPS on Chinese Windows know a CSV file is UTF-8
/// rather than GBK.
const BOM: &str = "\u{feff}";

/// CSV as Excel reads and writes it: UTF-8 with a BOM, CRLF rows, a cell quoted when it
/// holds a comma, a quote or a line break (LF inside a cell, as Excel keeps it), the
/// formula guard of TSV, and the same header and cells as TSV.
fn csv(reforms: &[&Reform]) -> Result<Vec<u8>, csv::Error> {
    let named = reforms.iter().any(|r| r.document.is_some());
    let mut header: Vec<&str> = FIELDS.iter().map(|f| f.label).collect();
    if named {
        header.push(DOCUMENT.label);
    }
    let rows = reforms.iter().map(|r| {
        let mut cells = tsv_cells(r).to_vec();
        if named {
            cells.push(r.document.clone().unwrap_or_default());
        }
        cells
            .iter()
            .map(|cell| cell.replace("\r\n", "\n").replace('\r', "\n"))
            .collect::<Vec<_>>()
    });
    excel_csv(&header, rows)
}

/// CSV for Excel and WPS of `header` and `rows`: UTF-8 with a BOM, CRLF rows, a cell quoted
/// only when it must be, every cell made safe (see [`safe`]) and given the formula guard.
pub fn excel_csv(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(BOM.as_bytes().to_vec());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| guard_formula(&safe::safe(cell))))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// Writes `reforms` in `format`, as the command line prints them: TSV rows end with LF. The
/// output ends with a line end, and holds no character that could drive a terminal (see
/// [`safe`]). `source`, the document the reforms come from, is named at the head of text
/// and Markdown and in every JSON object, so that no pasted excerpt is anonymous; TSV stays
/// a bare table for pipes and spreadsheets.
pub fn render(format: Format, reforms: &[&Reform], source: Option<&Document>) -> String {
    let mut out = String::new();
    // A string takes every piece.
    let _ = render_text(&mut out, format, reforms, source);
    match format {
        Format::Json => safe::safe_json_owned(out),
        _ => safe::safe_owned(out),
    }
}

/// [`render`] written to `out` as it is made, a piece at a time, instead of made whole
/// first: `reforms list` of 100,000 reforms is tens of megabytes of text. The bytes are
/// the same.
pub fn stream(
    format: Format,
    reforms: &[&Reform],
    source: Option<&Document>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    stream_in_pieces(format, reforms, source, out, 1 << 16)
}

fn stream_in_pieces(
    format: Format,
    reforms: &[&Reform],
    source: Option<&Document>,
    out: &mut dyn io::Write,
    piece: usize,
) -> io::Result<()> {
    // JSON is made safe by escapes, whole (see `safe::safe_json`).
    if format == Format::Json {
        return out.write_all(render(format, reforms, source).as_bytes());
    }
    let mut stream = SafeStream {
        out,
        pending: String::new(),
        piece,
        error: None,
    };
    // An error stops the rendering; it is the writer's, kept by the stream.
    let _ = render_text(&mut stream, format, reforms, source);
    stream.finish()
}

/// Every format as it is made, before it is made safe.
fn render_text(
    out: &mut impl fmt::Write,
    format: Format,
    reforms: &[&Reform],
    source: Option<&Document>,
) -> fmt::Result {
    let source = source.filter(|_| !reforms.is_empty());
    match format {
        Format::Text => text(out, reforms, source),
        Format::Markdown => markdown(out, reforms, source),
        Format::Tsv => tsv(out, reforms, "\n"),
        Format::Json => out.write_str(&json(reforms, source)),
    }
}

/// Text handed on to a writer in pieces of about `piece` bytes, each made safe as
/// [`render`] makes the whole. [`safe::safe`] looks at one character at a time but for a
/// carriage return, which it keeps before a line feed: a piece never ends on one, so the
/// pieces come out as the whole would.
struct SafeStream<'w> {
    out: &'w mut dyn io::Write,
    pending: String,
    piece: usize,
    error: Option<io::Error>,
}

impl SafeStream<'_> {
    fn flush(&mut self) -> fmt::Result {
        if self.error.is_none()
            && let Err(e) = self.out.write_all(safe::safe(&self.pending).as_bytes())
        {
            self.error = Some(e);
        }
        self.pending.clear();
        match self.error {
            Some(_) => Err(fmt::Error),
            None => Ok(()),
        }
    }

    fn finish(mut self) -> io::Result<()> {
        let _ = self.flush();
        self.error.map_or(Ok(()), Err)
    }
}

impl fmt::Write for SafeStream<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.error.is_some() {
            return Err(fmt::Error);
        }
        self.pending.push_str(s);
        if self.pending.len() >= self.piece && !self.pending.ends_with('\r') {
            self.flush()?;
        }
        Ok(())
    }
}

/// Writes `reforms` in `format` for pasting, by the clipboard and written files: TSV rows
/// end with CRLF, as spreadsheets paste them. The other formats are those of `render`.
pub fn render_for_clipboard(
    format: Format,
    reforms: &[&Reform],
    source: Option<&Document>,
) -> String {
    match format {
        Format::Tsv => {
            let mut out = String::new();
            let _ = tsv(&mut out, reforms, "\r\n");
            safe::safe_owned(out)
        }
        other => render(other, reforms, source),
    }
}

/// A document's title, and its 文号 and date when known, on one line:
/// `《天津自贸试验区第八批改革试点经验》（津自贸发〔2025〕3号，2025年3月1日）`.
pub fn document_line(doc: &Document) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = one_line(&doc.title);
    let mut line = if title.starts_with('《') {
        title
    } else {
        format!("《{title}》")
    };
    let details: Vec<String> = [&doc.number, &doc.date]
        .into_iter()
        .flatten()
        .map(|s| one_line(s))
        .filter(|s| !s.is_empty())
        .collect();
    if !details.is_empty() {
        let _ = write!(line, "（{}）", details.join("，"));
    }
    line
}

/// The label of the line that names the document an export comes from.
pub const SOURCE_LABEL: &str = "来源";

/// The reforms as an HTML table, the flavour the desktop clipboard carries beside the text
/// so that Word, WPS and LibreOffice paste a real table (and Excel one row per reform): the
/// document named above it, the five columns with their header, each line of a field a
/// line of its cell, lead agencies marked. Excel's own styles keep every cell but 序号 as
/// text (`mso-number-format`) and a line break inside its cell (`mso-data-placement`), so
/// nothing pasted turns into a date or a formula. Every text is escaped, and holds no
/// control character (see [`safe`]).
pub fn html_table(reforms: &[&Reform], source: Option<&Document>) -> String {
    let mut out = String::from(concat!(
        "<html><head><meta charset=\"utf-8\"><style>",
        "table{border-collapse:collapse}",
        "th,td{border:1px solid #000;padding:2pt 4pt;vertical-align:top}",
        "th{font-weight:bold;text-align:center}",
        "td.t{mso-number-format:\"\\@\"}",
        "br{mso-data-placement:same-cell}",
        "</style></head><body>\n"
    ));
    if let Some(doc) = source.filter(|_| !reforms.is_empty()) {
        let _ = writeln!(
            out,
            "<p>{SOURCE_LABEL}：{}</p>",
            escape_markup(&document_line(doc), Markup::Html)
        );
    }
    let named = reforms.iter().any(|r| r.document.is_some());
    // The attributes for readers that take no CSS for tables (LibreOffice's HTML import).
    out.push_str("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n<thead><tr>");
    for label in FIELDS.iter().map(|f| f.label) {
        let _ = write!(out, "<th>{label}</th>");
    }
    if named {
        let _ = write!(out, "<th>{}</th>", DOCUMENT.label);
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in reforms {
        let _ = write!(out, "<tr><td>{}</td>", r.number);
        let mut cells = vec![
            r.title.to_string(),
            r.content.to_string(),
            r.scope.to_string(),
            crate::documents::report::agency_labels(r).join("\n"),
        ];
        if named {
            cells.push(r.document.clone().unwrap_or_default());
        }
        for cell in cells {
            let _ = write!(
                out,
                "<td {TEXT_CELL}>{}</td>",
                escape_markup(&cell, Markup::Html)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n</body></html>\n");
    safe::safe_owned(out)
}

/// A cell whose text stays text: Excel's class (`mso-number-format:"\@"` in the style
/// sheet) and LibreOffice's own attribute (`sdnum`, the number format `@`), without which
/// Calc computes a cell that reads `=1+1`.
const TEXT_CELL: &str = "class=\"t\" sdnum=\"2052;0;@\"";

/// Agencies as written in Chinese prose: joined by 、.
pub fn agency_list(reform: &Reform) -> String {
    reform.agencies.join("、")
}

/// Continuation lines of a field, indented by two ideographic spaces (as paragraphs of
/// Chinese text are), so that no line of a field can read as the start of a reform.
const CONTINUATION: &str = "\u{3000}\u{3000}";

/// A field's lines joined for the text format: CRLF as LF, every line after the first
/// indented.
fn indented(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\n', &format!("\n{CONTINUATION}"))
}

fn text(out: &mut impl fmt::Write, reforms: &[&Reform], source: Option<&Document>) -> fmt::Result {
    if let Some(doc) = source {
        writeln!(out, "{SOURCE_LABEL}：{}\n", document_line(doc))?;
    }
    for (i, r) in reforms.iter().enumerate() {
        if i > 0 {
            out.write_char('\n')?;
        }
        writeln!(out, "{}. {}", r.number, indented(&r.title))?;
        writeln!(out, "{}：{}", CONTENT.label, indented(&r.content))?;
        writeln!(out, "{}：{}", SCOPE.label, indented(&r.scope))?;
        writeln!(out, "{}：{}", AGENCIES.label, agency_list(r))?;
        if let Some(document) = &r.document {
            writeln!(out, "{}：{}", DOCUMENT.label, indented(document))?;
        }
    }
    Ok(())
}

fn markdown(
    out: &mut impl fmt::Write,
    reforms: &[&Reform],
    source: Option<&Document>,
) -> fmt::Result {
    if let Some(doc) = source {
        writeln!(
            out,
            "{SOURCE_LABEL}：{}\n",
            markdown_inline(&document_line(doc))
        )?;
    }
    for (i, r) in reforms.iter().enumerate() {
        if i > 0 {
            out.write_char('\n')?;
        }
        writeln!(out, "## {}. {}\n", r.number, markdown_inline(&r.title))?;
        writeln!(out, "- **{}**：{}", SCOPE.label, markdown_inline(&r.scope))?;
        writeln!(
            out,
            "- **{}**：{}",
            AGENCIES.label,
            markdown_inline(&agency_list(r))
        )?;
        if let Some(document) = &r.document {
            writeln!(
                out,
                "- **{}**：{}",
                DOCUMENT.label,
                markdown_inline(document)
            )?;
        }
        out.write_char('\n')?;
        writeln!(
            out,
            "**{}**：{}",
            CONTENT.label,
            markdown_paragraphs(&r.content)
        )?;
    }
    Ok(())
}

/// A value on one line of Markdown (a heading, a list item): line breaks as spaces, markup
/// escaped.
fn markdown_inline(s: &str) -> String {
    escape_markdown(&s.replace("\r\n", " ").replace(['\n', '\r'], " "))
}

/// A multi-line value as Markdown paragraphs, a blank line between them. Each line is
/// escaped so that it can only be text: no heading, list, quote, code block, table,
/// thematic break or setext underline can start it.
fn markdown_paragraphs(s: &str) -> String {
    s.replace("\r\n", "\n")
        .split('\n')
        .map(|line| escape_line_start(&escape_markdown(line.trim_start_matches([' ', '\t']))))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Backslash-escapes the characters Markdown would read as markup inside a paragraph.
fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A backslash before what would make a line a block of its own: `=` and `-` (setext
/// underlines, thematic breaks, list items), `+` (a list item) and `1.` or `1)` (an
/// ordered list item).
fn escape_line_start(line: &str) -> String {
    if line.starts_with(['=', '-', '+']) {
        return format!("\\{line}");
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && line[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

/// TSV with a header row: a cell holding a tab, a line break or `"` is quoted with its
/// quotes doubled (so a row is one line unless a field holds a line break), and a cell a
/// spreadsheet would take for a formula gets the guard. With LF rows it is what
/// `reforms import` reads back field for field; with CRLF rows (the spreadsheet flavour)
/// line breaks inside a cell are LF, as spreadsheets keep them.
fn tsv(out: &mut impl fmt::Write, reforms: &[&Reform], line_end: &str) -> fmt::Result {
    let spreadsheet = line_end == "\r\n";
    let named = reforms.iter().any(|r| r.document.is_some());
    out.write_str(&FIELDS.map(|f| f.label).join("\t"))?;
    if named {
        out.write_char('\t')?;
        out.write_str(DOCUMENT.label)?;
    }
    out.write_str(line_end)?;
    for r in reforms {
        let mut cells = tsv_cells(r).to_vec();
        if named {
            cells.push(r.document.clone().unwrap_or_default());
        }
        let cells: Vec<String> = cells
            .into_iter()
            .map(|cell| {
                let cell = if spreadsheet {
                    cell.replace("\r\n", "\n").replace('\r', "\n")
                } else {
                    cell
                };
                quote_cell(&guard_formula(&cell))
            })
            .collect();
        out.write_str(&cells.join("\t"))?;
        out.write_str(line_end)?;
    }
    Ok(())
}

/// The five cells of a reform, in the order of `FIELDS`, agencies joined by a space.
fn tsv_cells(r: &Reform) -> [String; 5] {
    [
        r.number.to_string(),
        r.title.to_string(),
        r.content.to_string(),
        r.scope.to_string(),
        r.agencies.join(" "),
    ]
}

/// Whether a spreadsheet could take the cell for a formula, or a reader could change it:
/// `= + - @` first (also after white space or apostrophes), or white space at either end
/// (a reader trims it). Such a cell is written with a leading apostrophe, which Excel,
/// WPS and LibreOffice take as "this is text" and do not show, and which `reforms import`
/// takes off again.
pub fn needs_formula_guard(cell: &str) -> bool {
    let rest = cell.trim_start_matches('\'');
    cell.starts_with(char::is_whitespace)
        || cell.ends_with(char::is_whitespace)
        || rest.starts_with(['=', '+', '-', '@'])
        || (rest.len() < cell.len() && rest.starts_with(char::is_whitespace))
}

pub fn guard_formula(cell: &str) -> String {
    if needs_formula_guard(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A cell quoted when it holds a tab, a line break or `"`, with inner quotes doubled.
pub fn quote_cell(cell: &str) -> String {
    if cell.contains(['\t', '\n', '\r', '"']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// A reform in JSON with the document it comes from: its title (unless the reform names
/// its own, in a library) and its 文号 when known.
#[derive(serde::Serialize)]
struct Sourced<'a> {
    #[serde(flatten)]
    reform: &'a Reform,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    document_number: Option<&'a str>,
}

fn json(reforms: &[&Reform], source: Option<&Document>) -> String {
    let objects: Vec<Sourced> = reforms
        .iter()
        .map(|&reform| Sourced {
            reform,
            document: source
                .filter(|_| reform.document.is_none())
                .map(|d| d.title.as_str()),
            document_number: source.and_then(|d| d.number.as_deref()),
        })
        .collect();
    // Serializing plain strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&objects).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;

    fn sample() -> Vec<Reform> {
        vec![
            Reform {
                number: 3,
                title: "数据“登记”".into(),
                content: "融资额 2500 万元。".into(),
                scope: "全市".into(),
                agencies: vec!["市知识产权局".into(), "人民银行天津市分行".into()],
                lead: Vec::new(),
                document: None,
            },
            Reform {
                number: 10,
                title: "跨域\t互通".into(),
                content: "第一段\n第二段".into(),
                scope: "京津冀".into(),
                agencies: vec!["天津海事局".into()],
                lead: Vec::new(),
                document: None,
            },
        ]
    }

    fn all(reforms: &[Reform]) -> Vec<&Reform> {
        reforms.iter().collect()
    }

    /// Reforms whose fields hold everything `safe` treats apart: escapes, C1 and
    /// bidirectional controls, CRLF, a lone CR, CR at the end of a field.
    fn hostile() -> Vec<Reform> {
        let mut reforms = sample();
        reforms.push(Reform {
            number: 11,
            title: "标题\u{1b}]52;c;eA==\u{7}\r".into(),
            content: "第一行\r\n第二行\r第三\u{85}行\u{202e}txt.exe\r".into(),
            scope: "全市\u{9b}".into(),
            agencies: vec!["单位\r".into(), "\u{2066}单位".into()],
            lead: Vec::new(),
            document: Some("文件\r\n".into()),
        });
        let catalog = Catalog::embedded().unwrap();
        reforms.extend(catalog.reforms);
        reforms
    }

    #[test]
    fn streamed_in_pieces_it_is_what_render_makes_whole() {
        let reforms = hostile();
        let source = Catalog::embedded().unwrap().document;
        for format in [Format::Text, Format::Markdown, Format::Tsv, Format::Json] {
            for source in [None, Some(&source)] {
                let whole = render(format, &all(&reforms), source);
                for piece in [1, 2, 3, 7, 64, 1000, 1 << 16] {
                    let mut out = Vec::new();
                    stream_in_pieces(format, &all(&reforms), source, &mut out, piece).unwrap();
                    assert_eq!(
                        String::from_utf8(out).unwrap(),
                        whole,
                        "{format:?} in pieces of {piece}"
                    );
                }
            }
        }
    }

    /// A writer that takes `left` bytes and then fails, counting what it was offered.
    struct Failing {
        left: usize,
        offered: usize,
    }

    impl io::Write for Failing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.offered += buf.len();
            if self.left == 0 {
                return Err(io::Error::from(io::ErrorKind::BrokenPipe));
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_stream_stops_at_the_writers_error() {
        let reforms = hostile();
        let mut failing = Failing {
            left: 100,
            offered: 0,
        };
        let e = stream_in_pieces(Format::Text, &all(&reforms), None, &mut failing, 64).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
        let whole = render(Format::Text, &all(&reforms), None).len();
        assert!(
            failing.offered < 1000 && whole > 10_000,
            "stopped after {} of {whole} bytes",
            failing.offered
        );
    }

    #[test]
    fn text_format() {
        let r = sample();
        assert_eq!(
            render(Format::Text, &all(&r), None),
            "3. 数据“登记”\n主要内容：融资额 2500 万元。\n推广范围：全市\n负责单位：市知识产权局、人民银行天津市分行\n\n\
             10. 跨域\t互通\n主要内容：第一段\n\u{3000}\u{3000}第二段\n推广范围：京津冀\n负责单位：天津海事局\n"
        );
    }

    /// A field holding what looks like the next reform cannot pass for one: its lines are
    /// indented.
    #[test]
    fn text_cannot_be_forged_by_a_field() {
        let forged = vec![Reform {
            number: 1,
            title: "真的".into(),
            content: "内容\n2. 伪造的事项\n主要内容：伪造".into(),
            scope: "全市".into(),
            agencies: vec!["市商务局".into()],
            lead: Vec::new(),
            document: None,
        }];
        let out = render(Format::Text, &all(&forged), None);
        let starts: Vec<&str> = out
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .collect();
        assert_eq!(starts, vec!["1. 真的"], "{out}");
        assert!(out.lines().filter(|l| l.starts_with("主要内容：")).count() == 1);
    }

    #[test]
    fn markdown_format() {
        let r = sample();
        let out = render(Format::Markdown, &all(&r)[..1], None);
        assert_eq!(
            out,
            "## 3. 数据“登记”\n\n- **推广范围**：全市\n- **负责单位**：市知识产权局、人民银行天津市分行\n\n**主要内容**：融资额 2500 万元。\n"
        );
    }

    /// Lines of a field that Markdown would read as structure stay text.
    #[test]
    fn markdown_escapes_structure() {
        let hostile = vec![Reform {
            number: 5,
            title: "标题\n===".into(),
            content: "第一行\n===\n---\n2. 列表\n> 引用\n# 标题\n    代码\n```\n+ 项\n| a | b |"
                .into(),
            scope: "全市".into(),
            agencies: vec!["市商务局".into()],
            lead: Vec::new(),
            document: None,
        }];
        let out = render(Format::Markdown, &all(&hostile), None);
        // On one line, as a heading must be; the underline cannot underline anything there.
        assert!(out.starts_with("## 5. 标题 ===\n"), "{out}");
        for line in out.lines().skip(1) {
            assert!(
                !(line.starts_with("===")
                    || line.starts_with("---")
                    || line.starts_with("2.")
                    || line.starts_with('>')
                    || line.starts_with('#')
                    || line.starts_with("    ")
                    || line.starts_with("```")
                    || line.starts_with('+')
                    || line.starts_with('|')),
                "{line:?} in\n{out}"
            );
        }
        assert!(out.contains("2\\. 列表"), "{out}");
    }

    #[test]
    fn tsv_quotes_only_what_needs_it() {
        let r = sample();
        let out = render(Format::Tsv, &all(&r), None);
        assert_eq!(
            out,
            "序号\t改革事项\t主要内容\t推广范围\t负责单位\n\
             3\t数据“登记”\t融资额 2500 万元。\t全市\t市知识产权局 人民银行天津市分行\n\
             10\t\"跨域\t互通\"\t\"第一段\n第二段\"\t京津冀\t天津海事局\n"
        );
    }

    fn tricky() -> Vec<Reform> {
        vec![Reform {
            number: 7,
            title: "=SUM(A1)".into(),
            content: "他说\"好\"\t然后\r\n第二行".into(),
            scope: "-全市".into(),
            agencies: vec!["@单位".into(), "+局".into()],
            lead: Vec::new(),
            document: None,
        }]
    }

    #[test]
    fn tsv_guards_formulas_and_keeps_the_rest_exact() {
        let r = tricky();
        assert_eq!(
            render(Format::Tsv, &all(&r), None),
            "序号\t改革事项\t主要内容\t推广范围\t负责单位\n\
             7\t'=SUM(A1)\t\"他说\"\"好\"\"\t然后\r\n第二行\"\t'-全市\t'@单位 +局\n"
        );
        assert_eq!(
            render_for_clipboard(Format::Tsv, &all(&r), None),
            "序号\t改革事项\t主要内容\t推广范围\t负责单位\r\n\
             7\t'=SUM(A1)\t\"他说\"\"好\"\"\t然后\n第二行\"\t'-全市\t'@单位 +局\r\n"
        );
    }

    #[test]
    fn the_guard_covers_white_space_and_apostrophes() {
        for cell in [
            " =1", "\t=1", "\t+cmd", " x", "x ", "x\n", "'=1", "'' -1", "@a",
        ] {
            assert!(needs_formula_guard(cell), "{cell:?}");
        }
        for cell in ["x", "'x", "1", "数据", "a=b", "'", "甲 乙"] {
            assert!(!needs_formula_guard(cell), "{cell:?}");
        }
    }

    #[test]
    fn no_format_lets_a_control_character_out() {
        let hostile = vec![Reform {
            number: 9,
            title: "标题\u{1b}]52;c;eA==\u{7}\u{1b}[201~; touch pwned #".into(),
            content: "\u{9b}2J\u{202e}abc\u{0}".into(),
            scope: "全市\u{7f}".into(),
            agencies: vec!["市\u{1b}局".into()],
            lead: Vec::new(),
            document: None,
        }];
        for format in [Format::Text, Format::Markdown, Format::Tsv, Format::Json] {
            for out in [
                render(format, &all(&hostile), None),
                render_for_clipboard(format, &all(&hostile), None),
            ] {
                assert_eq!(
                    crate::core::safe::first_forbidden(&out),
                    None,
                    "{format:?}: {out:?}"
                );
            }
        }
        let json = render(Format::Json, &all(&hostile), None);
        let back: Vec<Reform> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, hostile, "JSON escapes, and so keeps, every character");
    }

    #[test]
    fn clipboard_flavour_of_other_formats_is_the_cli_one() {
        let r = sample();
        for format in [Format::Text, Format::Markdown, Format::Json] {
            assert_eq!(
                render_for_clipboard(format, &all(&r), None),
                render(format, &all(&r), None)
            );
        }
    }

    #[test]
    fn json_uses_dataset_field_names() {
        let r = sample();
        let value: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &all(&r), None)).unwrap();
        let first = &value[0];
        for field in FIELDS {
            assert!(first.get(field.name).is_some(), "{}", field.name);
        }
        assert_eq!(first["agencies"][1], "人民银行天津市分行");
        assert_eq!(first["number"], 3);
    }

    #[test]
    fn csv_is_for_excel() {
        let r = tricky();
        let out = String::from_utf8(csv(&all(&r)).unwrap()).unwrap();
        assert_eq!(
            out,
            "\u{feff}序号,改革事项,主要内容,推广范围,负责单位\r\n\
             7,'=SUM(A1),\"他说\"\"好\"\"\t然后\n第二行\",'-全市,'@单位 +局\r\n"
        );
        let r = sample();
        let file = csv(&all(&r)).unwrap();
        let mut reader = ::csv::Reader::from_reader(file.strip_prefix(BOM.as_bytes()).unwrap());
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|row| row.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(rows[1][1], "跨域\t互通");
        assert_eq!(rows[1][2], "第一段\n第二段");
        assert_eq!(rows[0][4], "市知识产权局 人民银行天津市分行");
    }

    #[test]
    fn outputs_name_their_files() {
        for (output, extension) in [
            (Output::Text, "txt"),
            (Output::Json, "json"),
            (Output::Csv, "csv"),
            (Output::Docx, "docx"),
            (Output::Xlsx, "xlsx"),
        ] {
            assert_eq!(output.extension(), extension);
        }
        assert!(Output::Docx.is_binary() && Output::Xlsx.is_binary());
        assert!(!Output::Csv.is_binary() && !Output::Tsv.is_binary());
    }

    #[test]
    fn the_html_table_escapes_markup_and_lets_no_control_character_out() {
        let mut hostile = tricky();
        hostile[0].content = "<script>alert(1)</script>\u{1b}]52;c;eA==\u{7}&\n第二行".into();
        hostile[0].lead = vec!["@单位".into()];
        let doc = Document {
            title: "标题</p><b>".into(),
            number: Some("津自贸发〔2025〕3号".into()),
            ..Document::default()
        };
        let html = html_table(&all(&hostile), Some(&doc));
        assert_eq!(crate::core::safe::first_forbidden(&html), None, "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(
            html.contains("&amp;<br>第二行"),
            "a line break is one in its cell: {html}"
        );
        assert!(html.contains("<p>来源：《标题&lt;/p&gt;&lt;b&gt;》（津自贸发〔2025〕3号）</p>"));
        assert!(html.contains("@单位（牵头）<br>+局"), "{html}");
        assert_eq!(html.matches("<tr><td>").count(), 1);
        assert_eq!(html_table(&[], Some(&doc)).matches("<p>").count(), 0);
    }

    #[test]
    fn text_and_markdown_name_the_document() {
        let r = sample();
        let doc = Document {
            title: "天津自贸试验区第九批改革试点经验".into(),
            number: Some("津自贸发〔2025〕3号".into()),
            date: Some("2025年3月1日".into()),
            ..Document::default()
        };
        let text = render(Format::Text, &all(&r), Some(&doc));
        assert!(text.starts_with(
            "来源：《天津自贸试验区第九批改革试点经验》（津自贸发〔2025〕3号，2025年3月1日）\n\n3. "
        ), "{text}");
        let markdown = render(Format::Markdown, &all(&r), Some(&doc));
        assert!(
            markdown.starts_with("来源：《天津自贸试验区第九批改革试点经验》"),
            "{markdown}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &all(&r), Some(&doc))).unwrap();
        assert_eq!(json[1]["document"], "天津自贸试验区第九批改革试点经验");
        assert_eq!(json[1]["document_number"], "津自贸发〔2025〕3号");
        let written = render(Format::Json, &all(&r), Some(&doc));
        let at = |key: &str| written.find(&format!("\"{key}\"")).unwrap();
        assert!(
            at("number") < at("agencies") && at("agencies") < at("document"),
            "the dataset's fields first: {written}"
        );
        assert_eq!(
            render(Format::Tsv, &all(&r), Some(&doc)),
            render(Format::Tsv, &all(&r), None)
        );
    }

    #[test]
    fn empty_selection() {
        assert_eq!(render(Format::Json, &[], None), "[]\n");
        assert_eq!(render(Format::Text, &[], None), "");
        assert_eq!(render(Format::Tsv, &[], None).lines().count(), 1);
    }
}
