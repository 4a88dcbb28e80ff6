//! CSV and TSV: records parsed by the `csv` crate, each field placed at its line and column by
//! a scan that follows the same rules (RFC 4180 quotes, opened only at a field's start).

use super::document::{Cell, Document, Format, Place, Table, square, tidy};

/// How many records the delimiter is guessed from.
const SNIFF_RECORDS: usize = 20;

/// Reads decoded text as one table. `preferred` is the delimiter the file's name suggests
/// (`.tsv` and `.txt` tab, `.csv` comma), used when the text itself does not tell.
pub(crate) fn read(name: &str, text: &str, preferred: Option<u8>) -> Document {
    let delimiter = sniff(text, preferred);
    // A field that opens a quote it never closes properly (`"双首个"制度创新` typed into a
    // cell) means the file was not written with quotes: read every quote as text.
    let mut quoting = true;
    let mut starts = scan(text, delimiter, quoting, usize::MAX);
    if !starts.well_formed {
        quoting = false;
        starts = scan(text, delimiter, quoting, usize::MAX);
    }
    let lines = LineIndex::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .quoting(quoting)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        // The text is valid UTF-8 and the reader flexible: a record cannot fail.
        let Ok(record) = record else { break };
        let fields = starts.records.get(index);
        let row = index + 1;
        let cells = record
            .iter()
            .enumerate()
            .map(|(column, field)| {
                let at = fields
                    .filter(|f| f.len() == record.len())
                    .map(|f| lines.locate(f[column]));
                Cell {
                    text: tidy(field),
                    place: Place {
                        table: 0,
                        row,
                        column: column + 1,
                        line: at.map(|a| a.0),
                        line_column: at.map(|a| a.1),
                    },
                    copied_from: None,
                }
            })
            .collect();
        rows.push(cells);
    }
    Document {
        name: name.to_string(),
        format: if delimiter == b'\t' {
            Format::Tsv
        } else {
            Format::Csv
        },
        tables: vec![Table {
            rows: square(0, rows),
            ..Table::default()
        }],
        paragraphs: Vec::new(),
        declared_title: None,
    }
}

/// Tab or comma: the one that splits the first records into the same number of fields most
/// often. A title line above the table or a multi-line quoted field does not mislead it.
fn sniff(text: &str, preferred: Option<u8>) -> u8 {
    let score = |delimiter: u8| {
        let records = scan(text, delimiter, true, SNIFF_RECORDS).records;
        let mut counts: Vec<usize> = records.iter().map(Vec::len).filter(|&n| n > 1).collect();
        counts.sort_unstable();
        // The length of the longest run of equal counts.
        counts
            .chunk_by(|a, b| a == b)
            .map(<[usize]>::len)
            .max()
            .unwrap_or(0)
    };
    let (tabs, commas) = (score(b'\t'), score(b','));
    match tabs.cmp(&commas) {
        std::cmp::Ordering::Greater => b'\t',
        std::cmp::Ordering::Less => b',',
        std::cmp::Ordering::Equal => preferred.unwrap_or(b','),
    }
}

/// Where each field of each record starts (byte offsets), by the rules of `csv_core`: blank
/// lines are skipped, a field that starts with `"` is quoted up to a `"` not doubled, and
/// CR, LF and CR LF end records.
struct Starts {
    records: Vec<Vec<usize>>,
    /// Every quoted field closes, and its closing quote ends the field.
    well_formed: bool,
}

fn scan(text: &str, delimiter: u8, quoting: bool, limit: usize) -> Starts {
    let bytes = text.as_bytes();
    let mut records = Vec::new();
    let mut well_formed = true;
    let mut at = 0;
    while at < bytes.len() && records.len() < limit {
        if matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
            continue;
        }
        let mut fields = Vec::new();
        loop {
            fields.push(at);
            if quoting && bytes.get(at) == Some(&b'"') {
                at += 1;
                loop {
                    match memchr::memchr(b'"', &bytes[at..]) {
                        None => {
                            well_formed = false;
                            at = bytes.len();
                            break;
                        }
                        Some(quote) if bytes.get(at + quote + 1) == Some(&b'"') => {
                            at += quote + 2;
                        }
                        Some(quote) => {
                            at += quote + 1;
                            break;
                        }
                    }
                }
                if !matches!(bytes.get(at), None | Some(b'\r' | b'\n')) && bytes[at] != delimiter {
                    well_formed = false;
                }
            }
            while at < bytes.len() && !matches!(bytes[at], b'\r' | b'\n') && bytes[at] != delimiter
            {
                at += 1;
            }
            if at < bytes.len() && bytes[at] == delimiter {
                at += 1;
                continue;
            }
            break;
        }
        records.push(fields);
    }
    Starts {
        records,
        well_formed,
    }
}

/// Byte offsets to lines and columns.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (at, &byte) in bytes.iter().enumerate() {
            // CR LF is one line end; a lone CR is one too, as `csv` reads it.
            if byte == b'\n' || (byte == b'\r' && bytes.get(at + 1) != Some(&b'\n')) {
                starts.push(at + 1);
            }
        }
        LineIndex { text, starts }
    }

    /// The line and column (1-based, in characters) of a byte offset.
    fn locate(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::read::document::texts;

    #[test]
    fn quoted_fields_keep_line_breaks_tabs_and_quotes() {
        let text = "序号\t改革事项\t主要内容\r\n1\t\"数据跨境\"\"双首个\"\"\"\t\"第一段。\r\n第二段。\ta\"\r\n2\t乙\t丙\r\n";
        let document = read("t.tsv", text, None);
        assert_eq!(document.format, Format::Tsv);
        assert_eq!(
            texts(&document.tables[0]),
            vec![
                vec!["序号", "改革事项", "主要内容"],
                vec!["1", "数据跨境\"双首个\"", "第一段。\n第二段。\ta"],
                vec!["2", "乙", "丙"],
            ]
        );
        let third = &document.tables[0].rows[2][0].place;
        assert_eq!(
            (third.row, third.line, third.line_column),
            (3, Some(4), Some(1))
        );
        let content = &document.tables[0].rows[1][2].place;
        assert_eq!((content.line, content.line_column), (Some(2), Some(17)));
    }

    #[test]
    fn a_quote_inside_unquoted_text_is_text() {
        let text = "序号\t改革事项\n1\t\"双首个\"制度创新\n2\t乙\n";
        let document = read("t.txt", text, Some(b'\t'));
        assert_eq!(
            texts(&document.tables[0])[1],
            vec!["1", "\"双首个\"制度创新"]
        );
        assert_eq!(texts(&document.tables[0])[2], vec!["2", "乙"]);
    }

    #[test]
    fn the_delimiter_is_the_one_that_splits_evenly() {
        let csv = "标题\n序号,名称,内容\n1,甲,\"a\tb\"\n2,乙,丙\n";
        assert_eq!(sniff(csv, None), b',');
        let tsv = "标题\n序号\t名称\t内容\n1\t甲,乙\t丙\n2\t乙\t丙,丁,戊\n";
        assert_eq!(sniff(tsv, None), b'\t');
        assert_eq!(sniff("只有一列\n", Some(b'\t')), b'\t');
    }

    #[test]
    fn blank_lines_are_skipped_and_rows_padded() {
        let text = "a,b,c\n\n1,2\n";
        let document = read("t.csv", text, None);
        let rows = &document.tables[0].rows;
        assert_eq!(
            texts(&document.tables[0]),
            vec![vec!["a", "b", "c"], vec!["1", "2", ""]]
        );
        assert_eq!(rows[1][0].place.line, Some(3));
        assert_eq!(rows[1][2].place.line, Some(3));
        assert_eq!(rows[1][2].place.line_column, None);
    }
}
