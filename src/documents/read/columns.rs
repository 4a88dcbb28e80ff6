//! Finding the reform table among a document's tables: the one whose header row names the
//! fields (序号, 改革事项, 主要内容, and usually 推广范围 and 负责单位), under any of the names
//! documents give them.

use super::document::{Cell, Document, Table};
use super::error::{Problem, ReadError};
use crate::core::catalog::split_agencies;

/// Which column holds each field of the reform table (0-based indexes into each row of
/// `Table::rows`; column `i` is `Place::column` `i + 1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// 序号 / 编号
    pub number: usize,
    /// 改革事项 / 事项名称 / 名称
    pub title: usize,
    /// 主要内容 / 具体内容 / 内容 / 主要做法
    pub content: usize,
    /// 推广范围 / 复制推广范围 / 范围
    pub scope: Option<usize>,
    /// 负责单位 / 责任单位 / 牵头单位, when one column holds every agency.
    pub agencies: Option<usize>,
    /// The leading agencies, when the agencies are split into 牵头单位 and 配合单位.
    pub lead: Option<usize>,
    /// 配合单位: the co-operating agencies.
    pub cooperating: Option<usize>,
    /// How many rows (of `Table::rows`) the header takes: 1, or 2 when a merged header cell
    /// (负责单位) is split into sub-headers (牵头单位, 配合单位) on the row below.
    pub header_rows: usize,
    /// The index in `Table::rows` of the header's first row (rows above it hold titles).
    pub header_row: usize,
}

impl Columns {
    /// Whether column `column` (0-based) holds a field.
    pub fn used(&self, column: usize) -> bool {
        [self.number, self.title, self.content].contains(&column)
            || [self.scope, self.agencies, self.lead, self.cooperating].contains(&Some(column))
    }

    /// The agencies of a data row, in order: the 负责单位 cell's, or the 牵头单位 cell's then
    /// the 配合单位 cell's (an agency named in both counted once). Empty when the table has no
    /// agency column.
    pub fn agencies_of(&self, row: &[Cell]) -> Vec<String> {
        let mut agencies: Vec<String> = Vec::new();
        for column in [self.agencies, self.lead, self.cooperating]
            .into_iter()
            .flatten()
        {
            for agency in row
                .get(column)
                .map(|c| split_agencies(&c.text))
                .unwrap_or_default()
            {
                if !agencies.contains(&agency) {
                    agencies.push(agency);
                }
            }
        }
        agencies
    }
}

/// A field a header cell can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Number,
    Title,
    Content,
    Scope,
    Responsible,
    Lead,
    Cooperating,
}

/// The names of each field in headers, as documents write them.
const NAMES: &[(Field, &[&str])] = &[
    (Field::Number, &["序号", "编号"]),
    (Field::Title, &["改革事项", "事项名称", "名称"]),
    (
        Field::Content,
        &["主要内容", "具体内容", "内容", "主要做法"],
    ),
    (Field::Scope, &["推广范围", "复制推广范围", "范围"]),
    (Field::Responsible, &["负责单位", "责任单位"]),
    (Field::Lead, &["牵头单位"]),
    (Field::Cooperating, &["配合单位"]),
];

/// The fields a header must name for its table to be the reform table.
const REQUIRED: [Field; 3] = [Field::Number, Field::Title, Field::Content];

/// How many rows from a table's top the header is looked for in (title rows, notes).
const HEADER_SEARCH_ROWS: usize = 20;

fn field_of(text: &str) -> Option<Field> {
    let name = header_text(text);
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(field, _)| *field)
}

/// A header cell's text without the spaces Word's justified headers carry (序 号), nor a
/// closing colon.
fn header_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_end_matches([':', '：'])
        .to_string()
}

/// The table holding the reforms, and which column holds what.
///
/// The reform table is the one whose header names 序号, 改革事项 and 主要内容 (by any of their
/// names); if several do, the one naming the most fields, then the one with the most rows.
/// The error names what was looked for and what each table of the file starts with.
pub fn find_reform_table(document: &Document) -> Result<(usize, Columns), ReadError> {
    let mut best: Option<(usize, Columns, usize)> = None;
    for (index, table) in document.tables.iter().enumerate() {
        let Some((columns, named)) = header_of(table) else {
            continue;
        };
        let better = best.as_ref().is_none_or(|(other, _, other_named)| {
            (named, table.rows.len()) > (*other_named, document.tables[*other].rows.len())
        });
        if better {
            best = Some((index, columns, named));
        }
    }
    if let Some((index, columns, _)) = best {
        return Ok((index, columns));
    }
    Err(ReadError::new(
        &document.name,
        Problem::NoReformTable {
            looked_for: looked_for(),
            seen: document
                .tables
                .iter()
                .enumerate()
                .map(|(index, table)| describe(index, table))
                .collect(),
        },
    ))
}

/// The header of a table, if it has one, with how many fields it names.
fn header_of(table: &Table) -> Option<(Columns, usize)> {
    for (r, row) in table.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let mut fields: Vec<Option<Field>> = row.iter().map(|c| field_of(&c.text)).collect();
        if !REQUIRED.iter().all(|f| fields.contains(&Some(*f))) {
            continue;
        }
        let mut header_rows = 1;
        if let Some(below) = table.rows.get(r + 1)
            && is_sub_header(row, below)
        {
            header_rows = 2;
            for (field, cell) in fields.iter_mut().zip(below) {
                if let Some(sub) = field_of(&cell.text) {
                    *field = Some(sub);
                }
            }
        }
        return Some(columns_of(&fields, r, header_rows));
    }
    None
}

/// Whether the row under a header is the second row of a two-row header: every cell in it is
/// blank, repeats the header above (a vertically merged cell) or names a field, and at least
/// one names a field the cell above does not (负责单位 above 牵头单位 and 配合单位).
fn is_sub_header(header: &[Cell], below: &[Cell]) -> bool {
    let mut splits = false;
    for (above, cell) in header.iter().zip(below) {
        if cell.is_blank() || header_text(&cell.text) == header_text(&above.text) {
            continue;
        }
        match field_of(&cell.text) {
            Some(field) if field_of(&above.text) != Some(field) => splits = true,
            Some(_) => {}
            None => return false,
        }
    }
    splits
}

fn columns_of(fields: &[Option<Field>], header_row: usize, header_rows: usize) -> (Columns, usize) {
    let first = |wanted: Field| fields.iter().position(|f| *f == Some(wanted));
    let cooperating = first(Field::Cooperating);
    let responsible = first(Field::Responsible).or(first(Field::Lead));
    let (agencies, lead) = if cooperating.is_some() {
        (None, first(Field::Lead).or(responsible))
    } else {
        (responsible, None)
    };
    let columns = Columns {
        number: first(Field::Number).unwrap_or_default(),
        title: first(Field::Title).unwrap_or_default(),
        content: first(Field::Content).unwrap_or_default(),
        scope: first(Field::Scope),
        agencies,
        lead,
        cooperating,
        header_rows,
        header_row,
    };
    let named = 3 + [columns.scope, agencies.or(lead), cooperating]
        .iter()
        .filter(|c| c.is_some())
        .count();
    (columns, named)
}

fn looked_for() -> String {
    let names = |field: Field| {
        NAMES
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(String::new(), |(_, names)| names.join("/"))
    };
    let (number, title, content) = (
        names(Field::Number),
        names(Field::Title),
        names(Field::Content),
    );
    crate::say!(
        "a header row naming {number}, {title} and {content}",
        "含 {number}, {title} 和 {content} 的表头行"
    )
}

/// One line about a table for the error: its size, its first row, and which of the required
/// fields its best row named.
fn describe(index: usize, table: &Table) -> String {
    let mut line = crate::say!("table {}", "表 {}", index + 1);
    if let Some(name) = &table.name {
        line.push_str(&crate::say!(" (sheet {name})", " (工作表 {name})"));
    }
    if table.rows.is_empty() {
        line.push_str(&crate::say!(": empty", ": 空"));
        return line;
    }
    line.push_str(&crate::say!(
        ": {} rows x {} columns, first row: ",
        ": {} 行 x {} 列, 首行: ",
        table.rows.len(),
        table.width()
    ));
    let first: Vec<String> = table.rows[0]
        .iter()
        .filter(|c| !c.is_blank())
        .take(6)
        .map(|c| shorten(&c.text))
        .collect();
    line.push_str(&first.join(" | "));
    let found = table
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .map(|row| {
            REQUIRED
                .iter()
                .filter(|f| row.iter().any(|c| field_of(&c.text) == Some(**f)))
                .count()
        })
        .max()
        .unwrap_or(0);
    if found > 0 {
        line.push_str(&crate::say!(
            " (a row names {found} of the 3 required fields)",
            " (有一行含 3 个必需字段中的 {found} 个)"
        ));
    }
    line
}

fn shorten(text: &str) -> String {
    let flat = text.replace('\n', " ");
    if flat.chars().count() > 12 {
        format!("{}…", flat.chars().take(12).collect::<String>())
    } else {
        flat
    }
}

/// The number of a 序号 cell: `12`, `12.`, `12、`, `（12）`, `１２` (full-width) or a Word list
/// number such as `12.`; None when the cell holds anything else.
pub fn reform_number(cell: &str) -> Option<u32> {
    let digits: String = cell
        .trim_matches(|c: char| c.is_whitespace() || ".．、)）(（".contains(c))
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            other => other,
        })
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::read::document::{Format, empty_cell};

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            rows: rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    row.iter()
                        .enumerate()
                        .map(|(c, text)| Cell {
                            text: text.to_string(),
                            ..empty_cell(0, r + 1, c + 1, None)
                        })
                        .collect()
                })
                .collect(),
            ..Table::default()
        }
    }

    fn document(tables: Vec<Table>) -> Document {
        Document {
            name: "t.docx".into(),
            format: Format::Docx,
            tables,
            paragraphs: Vec::new(),
            declared_title: None,
        }
    }

    #[test]
    fn the_five_headers_by_any_of_their_names() {
        let doc = document(vec![table(&[
            &[
                "天津自贸试验区第八批",
                "天津自贸试验区第八批",
                "天津自贸试验区第八批",
                "",
                "",
            ],
            &["序 号", "事项名称", "具体内容", "复制推广范围", "责任单位"],
            &["1", "甲", "乙", "全市", "市商务局"],
        ])]);
        let (index, columns) = find_reform_table(&doc).unwrap();
        assert_eq!(index, 0);
        assert_eq!(
            columns,
            Columns {
                number: 0,
                title: 1,
                content: 2,
                scope: Some(3),
                agencies: Some(4),
                lead: None,
                cooperating: None,
                header_rows: 1,
                header_row: 1,
            }
        );
    }

    #[test]
    fn a_two_row_header_splits_the_agencies() {
        // As a merged header reads once the merged cells are filled.
        let doc = document(vec![table(&[
            &[
                "序号",
                "改革事项",
                "主要内容",
                "推广范围",
                "负责单位",
                "负责单位",
            ],
            &[
                "序号",
                "改革事项",
                "主要内容",
                "推广范围",
                "牵头单位",
                "配合单位",
            ],
            &["1", "甲", "乙", "全市", "市商务局", "市财政局"],
        ])]);
        let (_, columns) = find_reform_table(&doc).unwrap();
        assert_eq!(columns.header_rows, 2);
        assert_eq!(
            columns.agencies_of(&doc.tables[0].rows[2]),
            ["市商务局", "市财政局"]
        );
        assert_eq!(
            (columns.agencies, columns.lead, columns.cooperating),
            (None, Some(4), Some(5))
        );
        // As a spreadsheet without merge information reads it.
        let doc = document(vec![table(&[
            &["序号", "改革事项", "主要内容", "推广范围", "负责单位", ""],
            &["", "", "", "", "牵头单位", "配合单位"],
            &["1", "甲", "乙", "全市", "市商务局", "市财政局"],
        ])]);
        let (_, columns) = find_reform_table(&doc).unwrap();
        assert_eq!(columns.header_rows, 2);
        assert_eq!((columns.lead, columns.cooperating), (Some(4), Some(5)));
    }

    #[test]
    fn a_repeated_header_is_not_a_second_header_row() {
        let doc = document(vec![table(&[
            &["序号", "改革事项", "主要内容"],
            &["序号", "改革事项", "主要内容"],
            &["1", "甲", "乙"],
        ])]);
        assert_eq!(find_reform_table(&doc).unwrap().1.header_rows, 1);
    }

    #[test]
    fn the_reform_table_is_chosen_over_others() {
        let doc = document(vec![
            table(&[&["首页", "新闻"], &["政务公开", "互动"]]),
            table(&[&["序号", "名称", "内容"], &["1", "甲", "乙"]]),
            table(&[
                &["序号", "改革事项", "主要内容", "推广范围", "负责单位"],
                &["1", "甲", "乙", "全市", "市商务局"],
            ]),
        ]);
        assert_eq!(find_reform_table(&doc).unwrap().0, 2);
    }

    #[test]
    fn no_header_names_what_was_looked_for_and_seen() {
        let doc = document(vec![
            table(&[&["首页", "新闻"]]),
            table(&[&["序号", "名称", "说明"], &["1", "甲", "乙"]]),
        ]);
        let error = find_reform_table(&doc).unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("t.docx: no table has a header"),
            "{message}"
        );
        assert!(message.contains("序号/编号"), "{message}");
        assert!(
            message.contains("主要内容/具体内容/内容/主要做法"),
            "{message}"
        );
        assert!(
            message.contains("table 1: 1 rows x 2 columns, first row: 首页 | 新闻"),
            "{message}"
        );
        assert!(message.contains("table 2: 2 rows x 3 columns"), "{message}");
        assert!(
            message.contains("names 2 of the 3 required fields"),
            "{message}"
        );
    }

    #[test]
    fn numbers_as_documents_write_them() {
        assert_eq!(reform_number("12"), Some(12));
        assert_eq!(reform_number(" 12. "), Some(12));
        assert_eq!(reform_number("12、"), Some(12));
        assert_eq!(reform_number("（3）"), Some(3));
        assert_eq!(reform_number("４２"), Some(42));
        assert_eq!(reform_number("序号"), None);
        assert_eq!(reform_number(""), None);
        assert_eq!(reform_number("1.2"), None);
    }
}
