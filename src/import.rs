//! Turns a table copied out of a Word or PDF file (tab-separated, five columns, with a title
//! line, repeated header rows and blank lines) into the TOML dataset.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::catalog::{Document, Reform, too_long};
use crate::diagnostic::{Diagnostic, LoadError, SourceFile};
use crate::export::FIELDS;

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
        match self {
            SkipReason::Blank => "blank",
            SkipReason::Title => "the document title",
            SkipReason::TextBeforeTable => "text before the table",
            SkipReason::Header => "a header row (序号 改革事项 ...)",
        }
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
        if self.first_line == self.last_line {
            write!(f, "line {}: {}", self.first_line, self.reason.describe())
        } else {
            write!(
                f,
                "lines {}-{}: {}",
                self.first_line,
                self.last_line,
                self.reason.describe()
            )
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
/// with its line and column, all of them at once.
pub fn parse_table(source: &SourceFile) -> Result<ImportedTable, LoadError> {
    let mut title = None;
    let mut reforms: Vec<Reform> = Vec::new();
    let mut skipped: Vec<Skipped> = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut numbers: HashMap<u32, usize> = HashMap::new();
    let mut table_started = false;

    let mut skip = |line: usize, reason: SkipReason| match skipped.last_mut() {
        Some(last) if last.reason == reason && last.last_line + 1 == line => last.last_line = line,
        _ => skipped.push(Skipped {
            first_line: line,
            last_line: line,
            reason,
        }),
    };

    for (index, raw_line) in source.text().split('\n').enumerate() {
        let line_number = index + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        if line.trim().is_empty() {
            skip(line_number, SkipReason::Blank);
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() == 1 && !table_started {
            if title.is_none() {
                let text = line.trim().trim_start_matches('#').trim();
                title = Some(text.to_string());
                skip(line_number, SkipReason::Title);
            } else {
                skip(line_number, SkipReason::TextBeforeTable);
            }
            continue;
        }
        table_started = true;
        if cells.len() != COLUMNS {
            problems.push(column_count_problem(source, line_number, line, &cells));
            continue;
        }
        if cells[0].trim() == FIELDS[0].label {
            skip(line_number, SkipReason::Header);
            continue;
        }
        let mut problem = |cell: usize, message: String| {
            problems.push(source.diagnostic_at(line_number, cell_column(&cells, cell), &message));
        };

        let number_text = cells[0].trim();
        let number = match number_text.parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => {
                problem(
                    0,
                    format!("序号 {number_text:?} is not a positive whole number"),
                );
                0
            }
        };
        if number > 0
            && let Some(first) = numbers.insert(number, line_number)
        {
            problem(
                0,
                format!("duplicate 序号 {number} (first used on line {first})"),
            );
        }
        for cell in 1..COLUMNS {
            if cells[cell].trim().is_empty() {
                problem(cell, format!("empty {} column", FIELDS[cell].label));
            } else if let Some(message) = too_long(cells[cell]) {
                problem(cell, format!("the {} column {message}", FIELDS[cell].label));
            }
        }
        let agencies = split_agencies(cells[4]);
        let mut seen = HashSet::new();
        for agency in &agencies {
            if !seen.insert(agency.as_str()) {
                problem(4, format!("agency {agency} is listed twice"));
            }
        }
        reforms.push(Reform {
            number,
            title: cells[1].trim().to_string(),
            content: cells[2].trim().to_string(),
            scope: cells[3].trim().to_string(),
            agencies,
        });
    }

    if problems.is_empty() && reforms.is_empty() {
        problems.push(source.diagnostic_at(
            1,
            1,
            "the table holds no reform: expected rows of five tab-separated columns",
        ));
    }
    if problems.is_empty() {
        Ok(ImportedTable {
            title,
            reforms,
            skipped,
        })
    } else {
        Err(LoadError::Invalid(problems))
    }
}

/// Agencies are separated by spaces (also the ideographic space, and 、 as Word tables
/// sometimes have it).
fn split_agencies(cell: &str) -> Vec<String> {
    cell.split(|c: char| c.is_whitespace() || c == '、')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The 1-based character column where cell `index` starts.
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
            "a tab inside a cell splits it; replace it with a space",
        )
    } else {
        (
            line.chars().count() + 1,
            "a line break inside a cell splits the row; join the cell's lines",
        )
    };
    source.diagnostic_at(
        line_number,
        column,
        &format!(
            "expected 5 tab-separated columns (序号 改革事项 主要内容 推广范围 负责单位), found {found}: {hint}"
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
    for reform in reforms {
        let agencies: Vec<String> = reform.agencies.iter().map(|a| toml_string(a)).collect();
        let _ = write!(
            out,
            "\n[[reform]]\nnumber = {}\ntitle = {}\ncontent = {}\nscope = {}\nagencies = [{}]\n",
            reform.number,
            toml_string(&reform.title),
            toml_string(&reform.content),
            toml_string(&reform.scope),
            agencies.join(", "),
        );
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
                "line 9: blank",
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
        };
        let text = to_toml(&document, &t.reforms);
        let catalog = crate::catalog::Catalog::parse(
            &SourceFile::new("t.toml", &text),
            crate::catalog::Origin::Embedded,
        )
        .unwrap();
        assert_eq!(catalog.reforms, t.reforms);
        assert_eq!(catalog.document, document);
    }
}
