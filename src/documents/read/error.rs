//! Why a file could not be read, and where.

use std::fmt;

use super::document::{Format, Place};

/// A file that could not be read into tables, or whose reform table could not be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The file's name, as given to `read`.
    pub file: String,
    /// Where in the file, when the problem has a place.
    pub location: Option<Location>,
    pub problem: Problem,
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A cell of a table (boxed: it is the larger of the two, and errors travel by value).
    Cell(Box<Place>),
    /// A line and column (1-based, columns in characters) of a text file.
    Line { line: usize, column: usize },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(Location::Cell(place)) => write!(f, "{}: {place}: {}", self.file, self.problem),
            Some(Location::Line { line, column }) => {
                write!(f, "{}:{line}:{column}: {}", self.file, self.problem)
            }
            None => write!(f, "{}: {}", self.file, self.problem),
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    pub(crate) fn new(file: &str, problem: Problem) -> ReadError {
        ReadError {
            file: file.to_string(),
            location: None,
            problem,
        }
    }

    pub(crate) fn at_line(file: &str, line: usize, column: usize, problem: Problem) -> ReadError {
        ReadError {
            file: file.to_string(),
            location: Some(Location::Line { line, column }),
            problem,
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("{}", crate::say!("the file is empty", "文件为空"))]
    Empty,
    /// A kind of file the readers do not take, with how to turn it into one they do.
    #[error("{}", unsupported(what, advice))]
    Unsupported { what: &'static str, advice: String },
    /// Bytes that are none of the formats: not a zip or OLE container, not text.
    #[error("{}", crate::say!(
        "not a Word document, spreadsheet, web page or text table (.docx, .xlsx, .xls, .ods, .csv, .tsv, .html)",
        "不是 Word 文档, 电子表格, 网页或文本表格 (.docx, .xlsx, .xls, .ods, .csv, .tsv, .html)"
    ))]
    Unrecognised,
    /// A file of a known format that its reader could not parse (a truncated zip, broken XML).
    #[error("{}", damaged(*format, detail))]
    Damaged { format: Format, detail: String },
    /// A file whose tables would take more memory than any table of reforms needs.
    #[error("{0}")]
    TooLarge(String),
    /// Text whose bytes are not UTF-8 (nor UTF-16 with a byte order mark, nor GB18030/GBK).
    #[error("{0}")]
    Encoding(String),
    /// No table has a header row naming the fields.
    #[error("{}", no_reform_table(looked_for, seen))]
    NoReformTable {
        looked_for: String,
        /// One line per table of the file: its size and first row, and what it lacked.
        seen: Vec<String>,
    },
}

fn unsupported(what: &str, advice: &str) -> String {
    crate::say!(
        "{what} cannot be read; {advice}",
        "无法读取{what}; {advice}"
    )
}

fn damaged(format: Format, detail: &str) -> String {
    let format = format.describe();
    crate::say!("a damaged {format}: {detail}", "{format}已损坏: {detail}")
}

fn no_reform_table(looked_for: &str, seen: &[String]) -> String {
    let seen = seen_tables(seen);
    crate::say!(
        "no table has a header naming the reform fields (looked for {looked_for}); {seen}",
        "没有表格的表头写明改革事项的字段 (查找的是{looked_for}); {seen}"
    )
}

fn seen_tables(seen: &[String]) -> String {
    if seen.is_empty() {
        return crate::say!("the file holds no table", "文件中没有表格");
    }
    let mut out = crate::say!("tables seen:", "找到的表格:");
    for line in seen {
        out.push_str("\n  ");
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_names_the_file_and_the_place() {
        let error = ReadError {
            file: "batch9.csv".into(),
            location: Some(Location::Cell(Box::new(Place {
                table: 0,
                row: 4,
                column: 1,
                line: Some(5),
                line_column: Some(1),
            }))),
            problem: Problem::Encoding("byte 0xFF is not UTF-8".into()),
        };
        assert_eq!(
            error.to_string(),
            "batch9.csv: table 1, row 4, column 1 (line 5, column 1): byte 0xFF is not UTF-8"
        );
        let error = ReadError::new("a.doc", Problem::Empty);
        assert_eq!(error.to_string(), "a.doc: the file is empty");
        let error = ReadError::at_line("a.csv", 3, 7, Problem::Encoding("bad byte".into()));
        assert_eq!(error.to_string(), "a.csv:3:7: bad byte");
    }
}
