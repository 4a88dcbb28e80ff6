//! Export formats shared by the command line and the clipboard: text for Word/WPS and chat,
//! Markdown, TSV for spreadsheets, and JSON.

use std::fmt::Write as _;

use crate::catalog::Reform;

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

/// Writes `reforms` in `format`, as the command line prints them: TSV is line-oriented (one
/// line per reform, LF). The output ends with a line end.
pub fn render(format: Format, reforms: &[&Reform]) -> String {
    match format {
        Format::Text => text(reforms),
        Format::Markdown => markdown(reforms),
        Format::Tsv => tsv(reforms),
        Format::Json => json(reforms),
    }
}

/// Writes `reforms` in `format` for pasting, by the clipboard and written files: TSV is the
/// spreadsheet flavour (CRLF rows, fields quoted as spreadsheets expect), so a paste gives
/// five columns whatever a field holds. The other formats are those of `render`.
pub fn render_for_clipboard(format: Format, reforms: &[&Reform]) -> String {
    match format {
        Format::Tsv => spreadsheet_tsv(reforms),
        other => render(other, reforms),
    }
}

/// Agencies as written in Chinese prose: joined by 、.
pub fn agency_list(reform: &Reform) -> String {
    reform.agencies.join("、")
}

fn text(reforms: &[&Reform]) -> String {
    let mut out = String::new();
    for (i, r) in reforms.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}. {}", r.number, r.title);
        let _ = writeln!(out, "{}：{}", CONTENT.label, r.content);
        let _ = writeln!(out, "{}：{}", SCOPE.label, r.scope);
        let _ = writeln!(out, "{}：{}", AGENCIES.label, agency_list(r));
    }
    out
}

fn markdown(reforms: &[&Reform]) -> String {
    let mut out = String::new();
    for (i, r) in reforms.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "## {}. {}\n", r.number, escape_markdown(&r.title));
        let _ = writeln!(out, "- **{}**：{}", SCOPE.label, escape_markdown(&r.scope));
        let _ = writeln!(
            out,
            "- **{}**：{}\n",
            AGENCIES.label,
            escape_markdown(&agency_list(r))
        );
        let _ = writeln!(
            out,
            "**{}**：{}",
            CONTENT.label,
            escape_markdown(&r.content)
        );
    }
    out
}

/// Backslash-escapes the characters Markdown would read as markup inside a paragraph.
fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn tsv(reforms: &[&Reform]) -> String {
    let mut out = FIELDS.map(|f| f.label).join("\t");
    out.push('\n');
    for r in reforms {
        let cells = tsv_cells(r).map(|cell| guard_formula(&one_line(&cell)));
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// The five cells of a reform, in the order of `FIELDS`, agencies joined by a space.
fn tsv_cells(r: &Reform) -> [String; 5] {
    [
        r.number.to_string(),
        r.title.clone(),
        r.content.clone(),
        r.scope.clone(),
        r.agencies.join(" "),
    ]
}

/// A field on one line: tabs and line breaks become spaces so a row is never split.
fn one_line(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\t', '\n', '\r'], " ")
}

/// A cell a spreadsheet would read as a formula (`= + - @` first) gets a leading
/// apostrophe, which Excel and WPS take as "this is text" and do not show.
fn guard_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// TSV as spreadsheets paste it: CRLF between rows; a field holding a tab, a line break or
/// `"` is quoted with inner quotes doubled, so it stays one cell.
fn spreadsheet_tsv(reforms: &[&Reform]) -> String {
    let mut out = FIELDS.map(|f| f.label).join("\t");
    out.push_str("\r\n");
    for r in reforms {
        let cells = tsv_cells(r).map(|cell| quote_cell(&guard_formula(&cell)));
        out.push_str(&cells.join("\t"));
        out.push_str("\r\n");
    }
    out
}

/// A cell in the spreadsheet flavour: line breaks inside are LF, and quoted when needed.
fn quote_cell(cell: &str) -> String {
    let cell = cell.replace("\r\n", "\n").replace('\r', "\n");
    if cell.contains(['\t', '\n', '"']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

fn json(reforms: &[&Reform]) -> String {
    // Serializing plain strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(reforms).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Reform> {
        vec![
            Reform {
                number: 3,
                title: "数据“登记”".into(),
                content: "融资额 2500 万元。".into(),
                scope: "全市".into(),
                agencies: vec!["市知识产权局".into(), "人民银行天津市分行".into()],
            },
            Reform {
                number: 10,
                title: "跨域\t互通".into(),
                content: "第一段\n第二段".into(),
                scope: "京津冀".into(),
                agencies: vec!["天津海事局".into()],
            },
        ]
    }

    fn all(reforms: &[Reform]) -> Vec<&Reform> {
        reforms.iter().collect()
    }

    #[test]
    fn text_format() {
        let r = sample();
        assert_eq!(
            render(Format::Text, &all(&r)),
            "3. 数据“登记”\n主要内容：融资额 2500 万元。\n推广范围：全市\n负责单位：市知识产权局、人民银行天津市分行\n\n\
             10. 跨域\t互通\n主要内容：第一段\n第二段\n推广范围：京津冀\n负责单位：天津海事局\n"
        );
    }

    #[test]
    fn markdown_format() {
        let r = sample();
        let out = render(Format::Markdown, &all(&r)[..1]);
        assert_eq!(
            out,
            "## 3. 数据“登记”\n\n- **推广范围**：全市\n- **负责单位**：市知识产权局、人民银行天津市分行\n\n**主要内容**：融资额 2500 万元。\n"
        );
    }

    #[test]
    fn tsv_format_keeps_rows_whole() {
        let r = sample();
        let out = render(Format::Tsv, &all(&r));
        let rows: Vec<&str> = out.lines().collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0], "序号\t改革事项\t主要内容\t推广范围\t负责单位");
        assert_eq!(
            rows[1],
            "3\t数据“登记”\t融资额 2500 万元。\t全市\t市知识产权局 人民银行天津市分行"
        );
        assert_eq!(rows[2], "10\t跨域 互通\t第一段 第二段\t京津冀\t天津海事局");
        assert!(rows.iter().all(|row| row.split('\t').count() == 5));
    }

    fn tricky() -> Vec<Reform> {
        vec![Reform {
            number: 7,
            title: "=SUM(A1)".into(),
            content: "他说\"好\"\t然后\r\n第二行".into(),
            scope: "-全市".into(),
            agencies: vec!["@单位".into(), "+局".into()],
        }]
    }

    #[test]
    fn cli_tsv_guards_formulas_and_keeps_one_line() {
        let r = tricky();
        assert_eq!(
            render(Format::Tsv, &all(&r)),
            "序号\t改革事项\t主要内容\t推广范围\t负责单位\n\
             7\t'=SUM(A1)\t他说\"好\" 然后 第二行\t'-全市\t'@单位 +局\n"
        );
    }

    #[test]
    fn clipboard_tsv_quotes_for_spreadsheets() {
        let r = sample();
        assert_eq!(
            render_for_clipboard(Format::Tsv, &all(&r)),
            "序号\t改革事项\t主要内容\t推广范围\t负责单位\r\n\
             3\t数据“登记”\t融资额 2500 万元。\t全市\t市知识产权局 人民银行天津市分行\r\n\
             10\t\"跨域\t互通\"\t\"第一段\n第二段\"\t京津冀\t天津海事局\r\n"
        );
        let r = tricky();
        assert_eq!(
            render_for_clipboard(Format::Tsv, &all(&r)),
            "序号\t改革事项\t主要内容\t推广范围\t负责单位\r\n\
             7\t'=SUM(A1)\t\"他说\"\"好\"\"\t然后\n第二行\"\t'-全市\t'@单位 +局\r\n"
        );
    }

    #[test]
    fn clipboard_flavour_of_other_formats_is_the_cli_one() {
        let r = sample();
        for format in [Format::Text, Format::Markdown, Format::Json] {
            assert_eq!(
                render_for_clipboard(format, &all(&r)),
                render(format, &all(&r))
            );
        }
    }

    #[test]
    fn json_uses_dataset_field_names() {
        let r = sample();
        let value: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &all(&r))).unwrap();
        let first = &value[0];
        for field in FIELDS {
            assert!(first.get(field.name).is_some(), "{}", field.name);
        }
        assert_eq!(first["agencies"][1], "人民银行天津市分行");
        assert_eq!(first["number"], 3);
    }

    #[test]
    fn empty_selection() {
        assert_eq!(render(Format::Json, &[]), "[]\n");
        assert_eq!(render(Format::Text, &[]), "");
        assert_eq!(render(Format::Tsv, &[]).lines().count(), 1);
    }
}
