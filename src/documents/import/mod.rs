//! Turns a table copied out of a Word or PDF file (tab-separated, five columns, with a title
//! line, repeated header rows and blank lines) into the TOML dataset.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::core::catalog::{Catalog, Document, Origin, Reform, Text, split_agencies, too_long};
use crate::core::diagnostic::{Diagnostic, LoadError, SourceFile};
use crate::core::safe;
use crate::core::say::{messages, pick};
use crate::documents::export::{self, FIELDS};
use crate::documents::read::{self, ReadError};

mod tables;

pub use tables::{FromTable, Placed, TableError, reforms_of};

/// What the command line says about the document, over what the file says.
#[derive(Debug, Clone, Default)]
pub struct Given {
    /// The document's title (`--title`), instead of the heading found above the table.
    pub title: Option<String>,
    /// Where the batch comes from (`--source`), instead of the file's name.
    pub source: Option<String>,
}

/// A file imported: the dataset it makes, and what was found on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    pub document: Document,
    pub reforms: Vec<Reform>,
    /// The dataset as TOML, checked as `reforms check` checks a file.
    pub toml: String,
    /// What the file was read as.
    pub format: read::Format,
    /// The reform table's position (0-based) among the file's tables, and their number.
    pub table: usize,
    pub tables: usize,
    /// Whether the table names lead agencies (牵头单位) apart.
    pub lead: bool,
    /// What was passed over, each with its place.
    pub skipped: Vec<String>,
}

impl Imported {
    /// One line: `imported 42 reforms, 28 agencies, lead agencies: yes, from table 2 of 3 (…)`.
    pub fn summary(&self) -> String {
        let mut agencies: Vec<&str> = self
            .reforms
            .iter()
            .flat_map(|r| r.agencies.iter().map(Text::as_str))
            .collect();
        agencies.sort_unstable();
        agencies.dedup();
        crate::say!(
            "imported {} reforms, {} agencies, lead agencies: {}, from table {} of {} ({})",
            "已导入 {} 项改革事项, {} 个单位, 牵头单位: {}, 来自第 {} 个表格 (共 {} 个, {})",
            self.reforms.len(),
            agencies.len(),
            if self.lead {
                pick(messages(), "yes", "有")
            } else {
                pick(messages(), "no", "无")
            },
            self.table + 1,
            self.tables,
            self.format.describe()
        )
    }

    /// What the document says about itself, as found: `title 《…》, 文号 …, date …, issuer …`.
    pub fn facts(&self) -> String {
        let d = &self.document;
        let title = &d.title;
        let mut parts = vec![crate::say!("title 《{title}》", "标题 《{title}》")];
        for (label, value) in [
            ("文号", &d.number),
            (pick(messages(), "date", "日期"), &d.date),
            (pick(messages(), "issuer", "发文机关"), &d.issuer),
        ] {
            parts.push(match value {
                Some(value) => format!("{label} {value}"),
                None => crate::say!("{label} not found", "未找到{label}"),
            });
        }
        safe::one_line(&parts.join(", "))
    }
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A tab-separated table (the exact reader) or the dataset made, at lines and columns.
    #[error("{}", .0.render())]
    Load(#[from] LoadError),
    /// The file could not be read, or holds no reform table.
    #[error("{}", safe::safe(&.0.to_string()))]
    Read(#[from] ReadError),
    /// Cells of the reform table that make no valid reform.
    #[error("{}", placed_problems(.file, .problems))]
    Cells { file: String, problems: Vec<Placed> },
}

fn placed_problems(file: &str, problems: &[Placed]) -> String {
    problems
        .iter()
        .map(|p| safe::one_line(&format!("{file}: {p}")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Imports a file's bytes: a Word document, a workbook, a CSV or TSV file, or a web page,
/// told apart by their content (see [`read::read`]). `name` names the file in messages;
/// `file_name` is the source recorded when `given` names none.
///
/// A tab-separated table in the five columns of `reforms list --format tsv` (or without a
/// header) is read by [`parse_table`], which keeps each field exactly and places problems at
/// their line and column; every other table through [`reforms_of`]. The dataset made is
/// checked as `reforms check` checks a file: an import either gives a valid dataset or an
/// error, never half of one.
pub fn import(
    name: &str,
    file_name: &str,
    bytes: Vec<u8>,
    given: &Given,
) -> Result<Imported, ImportError> {
    let document = read::read(name, &bytes);
    let exact = match &document {
        Ok(document) => own_layout(document) && std::str::from_utf8(&bytes).is_ok(),
        // Text that is not UTF-8 and not GBK either: the exact reader places the bad byte.
        Err(e) => matches!(e.problem, read::Problem::Encoding(_)),
    };
    let mut imported = if exact {
        let source = SourceFile::from_bytes(name, bytes)?;
        let table = parse_table(&source)?;
        Imported {
            document: Document {
                title: table.title.unwrap_or_default(),
                ..Document::default()
            },
            toml: String::new(),
            format: read::Format::Tsv,
            table: 0,
            tables: 1,
            lead: false,
            skipped: table.skipped.iter().map(|s| s.to_string()).collect(),
            reforms: table.reforms,
        }
    } else {
        let document = document?;
        let found = reforms_of(&document).map_err(|e| match e {
            TableError::NotFound(e) => ImportError::Read(e),
            TableError::Invalid(problems) => ImportError::Cells {
                file: name.to_string(),
                problems,
            },
        })?;
        let facts = read::document_facts(&document);
        Imported {
            document: Document {
                title: facts.title.unwrap_or_default(),
                source: None,
                number: facts.document_number,
                date: facts.date.map(|d| d.to_string()),
                issuer: facts.issuer,
            },
            toml: String::new(),
            format: document.format,
            table: found.table,
            tables: found.tables,
            lead: found.lead,
            skipped: found.skipped,
            reforms: found.reforms,
        }
    };
    if let Some(title) = &given.title {
        imported.document.title = title.clone();
    }
    if imported.document.title.trim().is_empty() {
        imported.document.title = std::path::Path::new(file_name).file_stem().map_or_else(
            || file_name.to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
    }
    imported.document.source = Some(
        given
            .source
            .clone()
            .unwrap_or_else(|| file_name.to_string()),
    );
    imported.toml = to_toml(&imported.document, &imported.reforms);
    let checked = crate::say!("{name} (as a dataset)", "{name} (作为数据集)");
    Catalog::parse(&SourceFile::new(&checked, &imported.toml), Origin::Embedded)?;
    Ok(imported)
}

/// Whether a document is a tab-separated table in the program's own five columns (序号 改革事项
/// 主要内容 推广范围 负责单位, in that order), or one with no header the readers know.
fn own_layout(document: &read::Document) -> bool {
    if document.format != read::Format::Tsv {
        return false;
    }
    match read::find_reform_table(document) {
        Err(_) => true,
        Ok((index, columns)) => {
            document.tables[index].width() == FIELDS.len()
                && columns.header_rows == 1
                && document.tables[index].rows[columns.header_row]
                    .iter()
                    .zip(FIELDS)
                    .all(|(cell, field)| cell.text == field.label)
        }
    }
}

/// The table's columns, in order: 序号, 改革事项, 主要内容, 推广范围, 负责单位.
const COLUMNS: usize = 5;

/// Why a line of the table did not become a reform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    Blank,
    Title,
    TextBeforeTable,
    Header,
}

impl SkipReason {
    fn describe(self) -> &'static str {
        let (en, zh) = match self {
            SkipReason::Blank => ("blank", "空行"),
            SkipReason::Title => ("the document title", "文件标题"),
            SkipReason::TextBeforeTable => ("text before the table", "表格之前的文字"),
            SkipReason::Header => (
                "a header row (序号 改革事项 ...)",
                "表头行 (序号 改革事项 ...)",
            ),
        };
        pick(messages(), en, zh)
    }
}

/// A run of consecutive lines skipped for the same reason (1-based, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub first_line: usize,
    pub last_line: usize,
    pub reason: SkipReason,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (first, last, reason) = (self.first_line, self.last_line, self.reason.describe());
        if first == last {
            f.write_str(&crate::say!(
                "line {first}: {reason}",
                "第 {first} 行: {reason}"
            ))
        } else {
            f.write_str(&crate::say!(
                "lines {first}-{last}: {reason}",
                "第 {first}-{last} 行: {reason}"
            ))
        }
    }
}

/// What a table holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTable {
    pub title: Option<String>,
    pub reforms: Vec<Reform>,
    pub skipped: Vec<Skipped>,
}

/// Reads the table. Every row must have five tab-separated columns; any problem is reported
/// with its line and column, all of them at once. Cells are read as spreadsheets write
/// them (a real TSV reader): a cell that starts with `"` is quoted, may hold tabs, line
/// breaks and doubled quotes, and ends at the closing quote. A cell is trimmed of the white
/// space around it, except one that carries the formula guard (`'=…`, see
/// [`export::needs_formula_guard`]): the guard is taken off and the rest kept as it is, so
/// that what `reforms list --format tsv` wrote comes back field for field.
pub fn parse_table(source: &SourceFile) -> Result<ImportedTable, LoadError> {
    let text = source.text();
    let mut table = TableReader::new(source);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => table.record(&record),
            Ok(false) => break,
            Err(e) => {
                let at = e.position().map_or(text.len(), |p| p.byte() as usize);
                table.problems.push(source.diagnostic(
                    at..at,
                    &crate::say!("cannot read the table: {e}", "无法读取表格: {e}"),
                ));
                break;
            }
        }
    }
    table.finish()
}

/// What [`parse_table`] has read so far.
struct TableReader<'a> {
    source: &'a SourceFile,
    title: Option<String>,
    reforms: Vec<Reform>,
    skipped: Vec<Skipped>,
    problems: Vec<Diagnostic>,
    /// The line each 序号 was first used on.
    numbers: HashMap<u32, usize>,
    /// A row of several cells has been read: a one-cell line after it is a row too.
    table_started: bool,
    line_count: usize,
    /// The lines a record covers; the others are blank lines the reader passed over.
    covered: Vec<bool>,
}

/// A record of the table: the line it starts on and its cells as written.
#[derive(Clone, Copy)]
struct Row<'r> {
    line: usize,
    raw: &'r [&'r str],
}

impl<'a> TableReader<'a> {
    fn new(source: &'a SourceFile) -> TableReader<'a> {
        let line_count = source.text().split('\n').count();
        TableReader {
            source,
            title: None,
            reforms: Vec::new(),
            skipped: Vec::new(),
            problems: Vec::new(),
            numbers: HashMap::new(),
            table_started: false,
            line_count,
            covered: vec![false; line_count + 1],
        }
    }

    /// One record: passed over (blank, the title, text before the table, a header), refused
    /// (not five columns), or a reform.
    fn record(&mut self, record: &csv::StringRecord) {
        let raw: Vec<&str> = record.iter().collect();
        let row = Row {
            line: self.cover(record, &raw),
            raw: &raw,
        };
        let cells: Vec<String> = raw.iter().map(|c| read_cell(c)).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            skip(&mut self.skipped, row.line, SkipReason::Blank);
            return;
        }
        if cells.len() == 1 && !self.table_started {
            self.line_before_table(row.line, &cells[0]);
            return;
        }
        self.table_started = true;
        if cells.len() != COLUMNS {
            let line_text = self.source.line_text(row.line);
            self.problems.push(column_count_problem(
                self.source,
                row.line,
                line_text,
                row.raw,
            ));
            return;
        }
        if cells[0].trim() == FIELDS[0].label {
            skip(&mut self.skipped, row.line, SkipReason::Header);
            return;
        }
        let reform = self.reform(row, cells);
        self.reforms.push(reform);
    }

    /// The line a record starts on, every line it covers marked so.
    fn cover(&mut self, record: &csv::StringRecord, raw: &[&str]) -> usize {
        let source = self.source;
        let text = source.text();
        // The reader places a record after blank lines at the first of them.
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while text[start..].starts_with(['\n', '\r']) {
            start += 1;
        }
        let (line, _) = source.line_column(start);
        let last_line = line + raw.iter().map(|c| c.matches('\n').count()).sum::<usize>();
        for seen in &mut self.covered[line..=last_line.min(self.line_count)] {
            *seen = true;
        }
        line
    }

    /// A one-cell line before the table: the document's title, then text before the table.
    fn line_before_table(&mut self, line: usize, cell: &str) {
        if self.title.is_none() {
            let text = cell.trim().trim_start_matches('#').trim();
            self.title = Some(text.to_string());
            skip(&mut self.skipped, line, SkipReason::Title);
        } else {
            skip(&mut self.skipped, line, SkipReason::TextBeforeTable);
        }
    }

    fn problem(&mut self, row: Row, cell: usize, message: String) {
        let column = cell_column(row.raw, cell);
        self.problems
            .push(self.source.diagnostic_at(row.line, column, &message));
    }

    /// A row of five columns as a reform, its problems reported.
    fn reform(&mut self, row: Row, cells: Vec<String>) -> Reform {
        let number = self.number(row, cells[0].trim());
        for (cell, text) in cells.iter().enumerate().skip(1) {
            self.text(row, cell, text);
        }
        let agencies = self.agencies(row, &cells[4]);
        let [_, title, content, scope, _] = <[String; COLUMNS]>::try_from(cells)
            .unwrap_or_else(|_| unreachable!("five cells were counted"));
        Reform {
            number,
            title: title.into(),
            content: content.into(),
            scope: scope.into(),
            agencies: Text::all(agencies),
            lead: Vec::new(),
            document: None,
        }
    }

    /// The 序号: a whole number from 1 to `u32::MAX`, used by no row before; 0 when it is not.
    fn number(&mut self, row: Row, text: &str) -> u32 {
        let number = match text.parse::<u64>() {
            Ok(n) if n > u64::from(u32::MAX) => {
                self.problem(
                    row,
                    0,
                    format!("序号 {n} is too large: at most {}", u32::MAX),
                );
                0
            }
            Ok(n) if n > 0 => n as u32,
            _ => {
                self.problem(
                    row,
                    0,
                    crate::say!(
                        "序号 {:?} is not a positive whole number",
                        "序号 {:?} 不是正整数",
                        safe::one_line(text)
                    ),
                );
                0
            }
        };
        if number > 0
            && let Some(first) = self.numbers.insert(number, row.line)
        {
            self.problem(
                row,
                0,
                crate::say!(
                    "duplicate 序号 {number} (first used on line {first})",
                    "序号 {number} 重复 (首次出现在第 {first} 行)"
                ),
            );
        }
        number
    }

    /// A cell after the 序号: not empty, not too long.
    fn text(&mut self, row: Row, cell: usize, text: &str) {
        let label = FIELDS[cell].label;
        if text.trim().is_empty() {
            self.problem(
                row,
                cell,
                crate::say!("empty {label} column", "{label}列为空"),
            );
        } else if let Some(message) = too_long(text) {
            self.problem(
                row,
                cell,
                crate::say!("the {label} column {message}", "{label}列{message}"),
            );
        }
    }

    /// The agencies of the 负责单位 cell: at least one name where the cell is not blank, none
    /// listed twice.
    fn agencies(&mut self, row: Row, cell: &str) -> Vec<String> {
        let agencies = split_agencies(cell);
        if agencies.is_empty() && !cell.trim().is_empty() {
            self.problem(
                row,
                4,
                crate::say!(
                    "the {} column holds no agency name, only separators",
                    "{}列没有单位名称, 只有分隔符",
                    FIELDS[4].label
                ),
            );
        }
        let mut seen = HashSet::new();
        for agency in &agencies {
            if !seen.insert(agency.as_str()) {
                self.problem(
                    row,
                    4,
                    crate::say!(
                        "agency {agency} is listed twice",
                        "单位 {agency} 列出了两次"
                    ),
                );
            }
        }
        agencies
    }

    /// The table read, or every problem found in it, in the order of the file.
    fn finish(mut self) -> Result<ImportedTable, LoadError> {
        for (index, line) in self.source.text().split('\n').enumerate() {
            let line_number = index + 1;
            // The end of the last line is no blank line of its own.
            let after_last = line_number == self.line_count && line.is_empty();
            if !self.covered[line_number] && line.trim().is_empty() && !after_last {
                skip(&mut self.skipped, line_number, SkipReason::Blank);
            }
        }
        self.skipped.sort_by_key(|s| s.first_line);
        let skipped = merge_runs(self.skipped);
        let mut problems = self.problems;
        if problems.is_empty() && self.reforms.is_empty() {
            problems.push(self.source.diagnostic_at(
                1,
                1,
                &crate::say!(
                    "the table holds no reform: expected rows of five tab-separated columns",
                    "表格中没有改革事项: 应为五列制表符分隔的行"
                ),
            ));
        }
        if problems.is_empty() {
            Ok(ImportedTable {
                title: self.title,
                reforms: self.reforms,
                skipped,
            })
        } else {
            problems.sort_by_key(|d| (d.line, d.column));
            Err(LoadError::Invalid(problems))
        }
    }
}

/// A cell's value: the formula guard taken off (the rest kept exactly), else trimmed.
fn read_cell(raw: &str) -> String {
    match raw.strip_prefix('\'') {
        Some(rest) if export::needs_formula_guard(rest) => rest.to_string(),
        _ => raw.trim().to_string(),
    }
}

fn skip(skipped: &mut Vec<Skipped>, line: usize, reason: SkipReason) {
    skipped.push(Skipped {
        first_line: line,
        last_line: line,
        reason,
    });
}

/// Consecutive lines skipped for the same reason, as one run.
fn merge_runs(skipped: Vec<Skipped>) -> Vec<Skipped> {
    let mut out: Vec<Skipped> = Vec::new();
    for s in skipped {
        match out.last_mut() {
            Some(last) if last.reason == s.reason && last.last_line + 1 == s.first_line => {
                last.last_line = s.last_line;
            }
            _ => out.push(s),
        }
    }
    out
}

/// The 1-based character column where cell `index` starts (exact for a row on one line).
fn cell_column(cells: &[&str], index: usize) -> usize {
    1 + cells[..index]
        .iter()
        .map(|c| c.chars().count() + 1)
        .sum::<usize>()
}

fn column_count_problem(
    source: &SourceFile,
    line_number: usize,
    line: &str,
    cells: &[&str],
) -> Diagnostic {
    let found = cells.len();
    let (column, hint) = if found > COLUMNS {
        // Point at the first tab too many.
        (
            cell_column(cells, COLUMNS) - 1,
            crate::say!(
                "a tab inside a cell splits it; replace it with a space",
                "单元格内的制表符把它分开了; 请换成空格"
            ),
        )
    } else {
        (
            line.chars().count() + 1,
            crate::say!(
                "a line break inside a cell splits the row; join the cell's lines, or quote the cell (\"…\") as spreadsheets do",
                "单元格内的换行把这一行分开了; 请合并单元格的各行, 或像电子表格那样给单元格加引号 (\"…\")"
            ),
        )
    };
    source.diagnostic_at(
        line_number,
        column,
        &crate::say!(
            "expected 5 tab-separated columns (序号 改革事项 主要内容 推广范围 负责单位), found {found}: {hint}",
            "应为 5 列制表符分隔 (序号 改革事项 主要内容 推广范围 负责单位), 实为 {found} 列: {hint}"
        ),
    )
}

/// The dataset as TOML, in the layout of `data/reforms.toml`.
pub fn to_toml(document: &Document, reforms: &[Reform]) -> String {
    let mut out = String::new();
    out.push_str("[document]\n");
    if !document.title.is_empty() {
        let _ = writeln!(out, "title = {}", toml_string(&document.title));
    }
    if let Some(source) = &document.source {
        let _ = writeln!(out, "source = {}", toml_string(source));
    }
    for (key, value) in [
        ("number", &document.number),
        ("date", &document.date),
        ("issuer", &document.issuer),
    ] {
        if let Some(value) = value {
            let _ = writeln!(out, "{key} = {}", toml_string(value));
        }
    }
    let list = |names: &[Text]| -> String {
        let quoted: Vec<String> = names.iter().map(|a| toml_string(a)).collect();
        quoted.join(", ")
    };
    for reform in reforms {
        let _ = write!(
            out,
            "\n[[reform]]\nnumber = {}\ntitle = {}\ncontent = {}\nscope = {}\nagencies = [{}]\n",
            reform.number,
            toml_string(&reform.title),
            toml_string(&reform.content),
            toml_string(&reform.scope),
            list(&reform.agencies),
        );
        if !reform.lead.is_empty() {
            let _ = writeln!(out, "lead = [{}]", list(&reform.lead));
        }
    }
    out
}

/// A TOML string literal, escaped by the toml crate itself.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Result<ImportedTable, LoadError> {
        parse_table(&SourceFile::new("t.tsv", text))
    }

    const HEADER: &str = "序号\t改革事项\t主要内容\t推广范围\t负责单位";

    #[test]
    fn reads_title_headers_rows_and_reports_skips() {
        let text = format!(
            "\n# 标题\n\n{HEADER}\n1\t甲\t内容 2024 年\t全市\t市商务局 天津海关\n\n{HEADER}\n2\t乙\t丙\t京津冀\t市数据局\n"
        );
        let t = table(&text).unwrap();
        assert_eq!(t.title.as_deref(), Some("标题"));
        assert_eq!(t.reforms.len(), 2);
        assert_eq!(t.reforms[0].content, "内容 2024 年");
        assert_eq!(t.reforms[0].agencies, vec!["市商务局", "天津海关"]);
        let skipped: Vec<String> = t.skipped.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            skipped,
            vec![
                "line 1: blank",
                "line 2: the document title",
                "line 3: blank",
                "line 4: a header row (序号 改革事项 ...)",
                "line 6: blank",
                "line 7: a header row (序号 改革事项 ...)",
            ]
        );
    }

    #[test]
    fn crlf_line_ends_are_accepted() {
        let t = table(&format!("{HEADER}\r\n1\t甲\t乙\t全市\t市商务局\r\n")).unwrap();
        assert_eq!(t.reforms[0].agencies, vec!["市商务局"]);
    }

    #[test]
    fn row_with_four_columns_is_rejected_with_its_line() {
        let err = table(&format!("{HEADER}\n1\t甲\t乙\t全市\n")).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.line, 2);
        assert!(d.message.contains("found 4"), "{d}");
    }

    #[test]
    fn row_with_six_columns_points_at_extra_tab() {
        let err = table("1\t甲\t乙\t全市\t市商务局\t多\n").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!((d.line, d.column), (1, 14), "{d}");
    }

    #[test]
    fn bad_number_empty_cell_and_duplicates_are_located() {
        let err =
            table("x\t甲\t乙\t全市\t市商务局\n2\t\t乙\t全市\t市商务局\n2\t丙\t乙\t全市\t局 局\n")
                .unwrap_err();
        let places: Vec<(usize, usize)> = err
            .diagnostics()
            .iter()
            .map(|d| (d.line, d.column))
            .collect();
        assert_eq!(places, vec![(1, 1), (2, 3), (3, 1), (3, 10)]);
    }

    #[test]
    fn table_without_rows_is_an_error() {
        assert!(table(&format!("# 标题\n{HEADER}\n")).is_err());
        assert!(table("").is_err());
    }

    #[test]
    fn toml_output_loads_back_to_the_same_reforms() {
        let t = table("1\t“甲”\t含 \"引号\" 与 \\ 反斜杠\t全市\t市商务局\n").unwrap();
        let document = Document {
            title: "标题".into(),
            source: Some("t.tsv".into()),
            ..Document::default()
        };
        let text = to_toml(&document, &t.reforms);
        let catalog = crate::core::catalog::Catalog::parse(
            &SourceFile::new("t.toml", &text),
            crate::core::catalog::Origin::Embedded,
        )
        .unwrap();
        assert_eq!(catalog.reforms, t.reforms);
        assert_eq!(catalog.document, document);
    }
}
