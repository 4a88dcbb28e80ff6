//! What the Word, Excel and HTML reports share: what a report says about itself beside the
//! reforms, the table's columns, and text escaped for markup.

/// What a report says about itself beside the reforms: which of them it holds and when it
/// was made.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct About {
    /// A one-line description of the query, agencies and scope the reforms were chosen by;
    /// `None` when the report holds the whole document.
    pub selection: Option<String>,
    /// When the report was made, as it is to be printed (e.g. 2026年11月28日).
    pub generated: String,
}

impl About {
    /// A report made today (local time) of the given selection.
    pub fn today(selection: Option<String>) -> About {
        About {
            selection,
            generated: date_text(chrono::Local::now().date_naive()),
        }
    }
}

/// A date as Chinese official documents write it: 2026年11月28日.
pub fn date_text(date: chrono::NaiveDate) -> String {
    date.format("%Y年%-m月%-d日").to_string()
}

/// The table's columns, in the source table's order; the labels of `export::FIELDS`, kept
/// here so the report writers, which `export` will call, do not call back into it.
pub const COLUMNS: [&str; 5] = ["序号", "改革事项", "主要内容", "推广范围", "负责单位"];

/// The font of a report's text, as Chinese official documents set it (GB/T 9704).
pub const BODY_FONT: &str = "仿宋_GB2312";
/// The font of a report's table header.
pub const HEADING_FONT: &str = "黑体";

/// How a lead agency (牵头单位) is marked in a report's 负责单位 column.
pub const LEAD_MARK: &str = "（牵头）";

/// A reform's agencies as a report lists them, in the source's order, each lead agency
/// marked `（牵头）` when the document names them apart from the co-operating ones.
pub fn agency_labels(reform: &crate::core::catalog::Reform) -> Vec<String> {
    reform
        .agencies
        .iter()
        .map(|a| {
            if reform.lead.contains(a) {
                format!("{a}{LEAD_MARK}")
            } else {
                a.to_string()
            }
        })
        .collect()
}

/// Whether a spreadsheet would take this text for a formula if it were typed in.
pub fn looks_like_formula(text: &str) -> bool {
    text.trim_start().starts_with(['=', '+', '-', '@'])
}

/// The markup text is escaped for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// XML, as in a Word document's parts.
    Xml,
    /// HTML, as in the table put on the clipboard.
    Html,
}

/// `text` for `markup`: `& < > "` as entities; in XML `'` as `&apos;` too (HTML 4 readers,
/// as Excel's, do not know that entity); in HTML each line break (LF, CR LF, CR) a `<br>`.
pub fn escape_markup(text: &str, markup: Markup) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' if markup == Markup::Xml => out.push_str("&apos;"),
            '\n' | '\r' if markup == Markup::Html => {
                if c == '\r' {
                    chars.next_if_eq(&'\n');
                }
                out.push_str("<br>");
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_the_export_fields() {
        let labels: Vec<&str> = crate::documents::export::FIELDS
            .iter()
            .map(|f| f.label)
            .collect();
        assert_eq!(labels, COLUMNS);
    }

    #[test]
    fn dates_are_written_without_leading_zeros() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(date_text(date), "2026年3月5日");
    }

    #[test]
    fn markup_is_escaped_for_xml_and_html() {
        let text = "A<&>\"'B\r\nC\rD\r\r\nE\n";
        assert_eq!(
            escape_markup(text, Markup::Xml),
            "A&lt;&amp;&gt;&quot;&apos;B\r\nC\rD\r\r\nE\n"
        );
        assert_eq!(
            escape_markup(text, Markup::Html),
            "A&lt;&amp;&gt;&quot;'B<br>C<br>D<br><br>E<br>"
        );
    }

    #[test]
    fn formula_starts() {
        for text in ["=1+1", " =SUM(A1)", "+1", "-x", "@A", "\t=1"] {
            assert!(looks_like_formula(text), "{text:?}");
        }
        for text in ["1=1", "数据", "", "（=）"] {
            assert!(!looks_like_formula(text), "{text:?}");
        }
    }
}
