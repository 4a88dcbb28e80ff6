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

/// Writes `reforms` in `format`. The output ends with a line end.
pub fn render(format: Format, reforms: &[&Reform]) -> String {
    match format {
        Format::Text => text(reforms),
        Format::Markdown => markdown(reforms),
        Format::Tsv => tsv(reforms),
        Format::Json => json(reforms),
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
        let cells = [
            r.number.to_string(),
            tsv_cell(&r.title),
            tsv_cell(&r.content),
            tsv_cell(&r.scope),
            tsv_cell(&r.agencies.join(" ")),
        ];
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// A field on one line: tabs and line breaks become spaces so a row is never split.
fn tsv_cell(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\t', '\n', '\r'], " ")
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
