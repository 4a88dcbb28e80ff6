//! What a document says about itself, outside the reform table: its title (the heading above
//! the table), its 文号 (津自贸发〔2024〕12号), its date (2025年3月1日) and who issued it.

use std::fmt;

use super::columns::find_reform_table;
use super::document::{Document, single_text};

/// What a document says about itself. Each is None when the document does not say it in a
/// form these rules know.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facts {
    /// The heading above the reform table, else the title inside a notice's 关于印发《…》的通知.
    pub title: Option<String>,
    /// The 文号, as 津自贸发〔2024〕12号.
    pub document_number: Option<String>,
    /// The date the document was issued: a line that is only a date (the 落款), else the first
    /// date in the text.
    pub date: Option<IssueDate>,
    /// Who issued it: the line above the date line, or the body before 关于 in the notice's
    /// title, when it ends as an organisation's name does.
    pub issuer: Option<String>,
}

/// A calendar date as a document writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IssueDate {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl fmt::Display for IssueDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// The title, 文号, date and issuer of a document, from its paragraphs, the reform table's
/// caption and the title rows above the table's header.
pub fn document_facts(document: &Document) -> Facts {
    let found = find_reform_table(document).ok();
    // Text lines in document order: paragraphs, then rows above each table's header that hold
    // one text (a title row, merged across the table or not).
    let mut lines: Vec<&str> = document.paragraphs.iter().map(String::as_str).collect();
    let mut near_table: Vec<&str> = Vec::new();
    if let Some((index, columns)) = &found {
        let table = &document.tables[*index];
        let before = table.paragraphs_before.min(document.paragraphs.len());
        near_table.extend(table.caption.as_deref());
        near_table.extend(
            document.paragraphs[before.saturating_sub(4)..before]
                .iter()
                .rev()
                .map(String::as_str),
        );
        let title_rows: Vec<&str> = table.rows[..columns.header_row]
            .iter()
            .filter_map(|row| single_text(row))
            .collect();
        near_table.extend(title_rows.iter().rev().copied());
        lines.extend(title_rows);
    } else {
        for table in &document.tables {
            lines.extend(table.rows.iter().take(5).map_while(|row| single_text(row)));
        }
    }

    let document_number = lines.iter().find_map(|line| find_document_number(line));
    let date_line = lines.iter().position(|line| {
        let bare = line.trim_matches(|c: char| c.is_whitespace() || "()（）".contains(c));
        find_date(bare).is_some_and(|(_, length)| length == bare.chars().count())
    });
    let date = match date_line {
        Some(at) => {
            find_date(lines[at].trim_matches(|c: char| c.is_whitespace() || "()（）".contains(c)))
                .map(|(date, _)| date)
        }
        None => lines.iter().find_map(|line| find_date_anywhere(line)),
    };
    let issuer = date_line
        .and_then(|at| at.checked_sub(1))
        .map(|at| lines[at])
        .filter(|line| is_organisation(line))
        .map(str::to_string)
        .or_else(|| {
            lines.iter().find_map(|line| {
                let (body, _) = line.split_once("关于")?;
                is_organisation(body).then(|| body.trim().to_string())
            })
        });
    let title = near_table
        .iter()
        .find(|line| is_title(line))
        .map(|line| line.to_string())
        .or_else(|| lines.iter().find_map(|line| title_in_notice(line)))
        .or_else(|| {
            let declared = document.declared_title.as_deref()?;
            title_in_notice(declared).or(Some(declared.to_string()))
        });
    Facts {
        title,
        document_number,
        date,
        issuer,
    }
}

/// Whether a line can be a table's title: not 附件 or 附件2, not a date or a 文号, not a
/// sentence or a note in brackets, and of a title's length.
fn is_title(line: &str) -> bool {
    let line = line.trim();
    let length = line.chars().count();
    let attachment = line.strip_prefix("附件").is_some_and(|rest| {
        rest.chars().all(|c| {
            c.is_whitespace() || c.is_ascii_digit() || "一二三四五六七八九十:：".contains(c)
        })
    });
    let note = (line.starts_with('（') && line.ends_with('）'))
        || (line.starts_with('(') && line.ends_with(')'));
    (4..=80).contains(&length)
        && !attachment
        && !note
        && !line.ends_with(['。', '；', ';', '：', ':'])
        && find_document_number(line).is_none()
        && find_date(line).is_none_or(|(_, n)| n != length)
}

/// X from 关于印发《X》的通知 (or any title quoted in 《》 in a line starting 关于 or holding
/// 印发); the whole line when it is a notice's title without 《》.
fn title_in_notice(line: &str) -> Option<String> {
    let line = line.trim();
    if !(line.contains("关于") || line.contains("印发")) {
        return None;
    }
    if let Some(start) = line.find('《')
        && let Some(length) = line[start..].find('》')
    {
        let inner = &line[start + '《'.len_utf8()..start + length];
        if !inner.is_empty() {
            return Some(inner.to_string());
        }
    }
    let notice = ["通知", "意见", "方案", "决定", "通报", "函"];
    (line.chars().count() <= 80 && notice.iter().any(|n| line.ends_with(n)))
        .then(|| line.to_string())
}

const ORGANISATION_ENDINGS: &[&str] = &[
    "办公室",
    "办公厅",
    "委员会",
    "人民政府",
    "政府",
    "领导小组",
    "小组",
    "管委会",
    "局",
    "厅",
    "委",
    "部",
    "办",
    "中心",
    "分行",
    "海关",
    "院",
    "署",
];

fn is_organisation(line: &str) -> bool {
    let line = line.trim();
    let length = line.chars().count();
    (2..=40).contains(&length)
        && !line.contains(['。', '，', '；', '：', '《'])
        && ORGANISATION_ENDINGS.iter().any(|e| line.ends_with(e))
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// A 文号: an issuer's abbreviation, the year in 〔〕 (or [] （） ［］ 【】), a number and 号.
pub(crate) fn find_document_number(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    for (end, &c) in chars.iter().enumerate() {
        if c != '号' {
            continue;
        }
        let mut at = end;
        while at > 0 && digit(chars[at - 1]).is_some() {
            at -= 1;
        }
        if at == end || at < 7 || !"〕]）)］】".contains(chars[at - 1]) {
            continue;
        }
        let year = &chars[at - 5..at - 1];
        if !year.iter().all(|&c| digit(c).is_some()) || !"〔[（(［【".contains(chars[at - 6]) {
            continue;
        }
        let mut start = at - 6;
        while start > 0 && is_han(chars[start - 1]) && at - 6 - (start - 1) <= 12 {
            start -= 1;
        }
        if start < at - 6 {
            let number: String = chars[start..=end].iter().collect();
            // A 文号 cited in a sentence: 根据津政办发〔2023〕5号.
            let cited = ["根据", "按照", "依据", "依照", "参照", "转发", "印发"]
                .iter()
                .find_map(|verb| number.strip_prefix(verb));
            return Some(cited.map_or(number.clone(), str::to_string));
        }
    }
    None
}

/// The value of a Chinese or Arabic numeral of up to two places: 3, 12, 三, 十二, 二十一.
fn small_number(text: &[char]) -> Option<u32> {
    if !text.is_empty() && text.iter().all(|&c| digit(c).is_some()) {
        return text
            .iter()
            .try_fold(0u32, |n, &c| Some(n * 10 + digit(c)?))
            .filter(|_| text.len() <= 2);
    }
    let value = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|v| v as u32)
    };
    match text {
        [one] if *one == '十' => Some(10),
        [one] => value(*one),
        ['十', ones] => Some(10 + value(*ones)?),
        [tens, '十'] => Some(value(*tens)? * 10),
        [tens, '十', ones] => Some(value(*tens)? * 10 + value(*ones)?),
        _ => None,
    }
}

/// A date at the start of `text`: 2025年3月1日, ２０２５年３月１日, 二〇二五年三月一日 or
/// 2025-03-01, with its length in characters.
fn find_date(text: &str) -> Option<(IssueDate, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let year_digit = |c: char| {
        digit(c)
            .or_else(|| {
                "〇一二三四五六七八九"
                    .chars()
                    .position(|d| d == c)
                    .map(|v| v as u32)
            })
            .or(if matches!(c, '○' | 'O' | '零') {
                Some(0)
            } else {
                None
            })
    };
    if chars.len() >= 10
        && chars[4] == '-'
        && chars[7] == '-'
        && let (Some(year), Some(month), Some(day)) = (
            small_or_year(&chars[0..4]),
            small_number(&chars[5..7]),
            small_number(&chars[8..10]),
        )
    {
        return valid(year, month, day).map(|date| (date, 10));
    }
    if chars.len() < 7 || chars[4] != '年' {
        return None;
    }
    let year = chars[..4]
        .iter()
        .try_fold(0u32, |n, &c| Some(n * 10 + year_digit(c)?))?;
    let month_end = chars[5..].iter().position(|&c| c == '月')? + 5;
    let month = small_number(&chars[5..month_end])?;
    let day_end = chars[month_end + 1..].iter().position(|&c| c == '日')? + month_end + 1;
    let day = small_number(&chars[month_end + 1..day_end])?;
    valid(year, month, day).map(|date| (date, day_end + 1))
}

fn small_or_year(text: &[char]) -> Option<u32> {
    text.iter().try_fold(0u32, |n, &c| Some(n * 10 + digit(c)?))
}

fn valid(year: u32, month: u32, day: u32) -> Option<IssueDate> {
    ((1900..=2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(IssueDate { year, month, day })
}

/// The first date anywhere in a line.
fn find_date_anywhere(line: &str) -> Option<IssueDate> {
    line.char_indices()
        .find_map(|(at, _)| find_date(&line[at..]))
        .map(|(date, _)| date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::read::document::{Cell, Format, Place, Table};

    fn row(r: usize, texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .enumerate()
            .map(|(c, text)| Cell {
                text: text.to_string(),
                place: Place {
                    table: 0,
                    row: r,
                    column: c + 1,
                    line: None,
                    line_column: None,
                },
                copied_from: None,
            })
            .collect()
    }

    fn header_table(paragraphs_before: usize, title_rows: &[&str]) -> Table {
        let mut rows: Vec<Vec<Cell>> = title_rows
            .iter()
            .enumerate()
            .map(|(r, t)| row(r + 1, &[t, t, t]))
            .collect();
        rows.push(row(rows.len() + 1, &["序号", "改革事项", "主要内容"]));
        rows.push(row(rows.len() + 1, &["1", "甲", "乙"]));
        Table {
            rows,
            paragraphs_before,
            ..Table::default()
        }
    }

    #[test]
    fn a_notice_with_its_attachment() {
        let paragraphs: Vec<String> = [
            "津自贸发〔2024〕12号",
            "中国（天津）自由贸易试验区推进工作领导小组办公室关于印发《天津自贸试验区第八批复制推广改革试点经验》的通知",
            "各有关单位：",
            "现将有关经验印发给你们，请认真贯彻落实。",
            "中国（天津）自由贸易试验区推进工作领导小组办公室",
            "2025年3月1日",
            "附件",
            "天津自贸试验区第八批复制推广改革试点经验",
            "（共42项）",
        ]
        .map(String::from)
        .to_vec();
        let mut table = header_table(paragraphs.len(), &[]);
        table.caption = Some("（共42项）".into());
        let document = Document {
            name: "t.docx".into(),
            format: Format::Docx,
            tables: vec![table],
            paragraphs,
            declared_title: None,
        };
        assert_eq!(
            document_facts(&document),
            Facts {
                title: Some("天津自贸试验区第八批复制推广改革试点经验".into()),
                document_number: Some("津自贸发〔2024〕12号".into()),
                date: Some(IssueDate {
                    year: 2025,
                    month: 3,
                    day: 1
                }),
                issuer: Some("中国（天津）自由贸易试验区推进工作领导小组办公室".into()),
            }
        );
    }

    #[test]
    fn a_spreadsheet_with_title_rows() {
        let document = Document {
            name: "t.xlsx".into(),
            format: Format::Xlsx,
            tables: vec![header_table(
                0,
                &["附件1", "天津自贸试验区第八批复制推广改革试点经验"],
            )],
            paragraphs: Vec::new(),
            declared_title: None,
        };
        let facts = document_facts(&document);
        assert_eq!(
            facts.title.as_deref(),
            Some("天津自贸试验区第八批复制推广改革试点经验")
        );
        assert_eq!(facts.document_number, None);
    }

    #[test]
    fn a_page_titled_by_its_notice() {
        let document = Document {
            name: "t.html".into(),
            format: Format::Html,
            tables: vec![header_table(0, &[])],
            paragraphs: Vec::new(),
            declared_title: Some("关于印发《第八批改革试点经验》的通知_天津市商务局".into()),
        };
        assert_eq!(
            document_facts(&document).title.as_deref(),
            Some("第八批改革试点经验")
        );
    }

    #[test]
    fn document_numbers() {
        assert_eq!(
            find_document_number("津自贸发〔2024〕12号").as_deref(),
            Some("津自贸发〔2024〕12号")
        );
        assert_eq!(
            find_document_number("根据津政办发[2023]5号文件").as_deref(),
            Some("津政办发[2023]5号")
        );
        assert_eq!(find_document_number("第12号"), None);
        assert_eq!(find_document_number("〔2024〕12号"), None);
    }

    #[test]
    fn dates_in_every_numeral() {
        let date = |y, m, d| IssueDate {
            year: y,
            month: m,
            day: d,
        };
        assert_eq!(
            find_date("2025年3月1日").map(|d| d.0),
            Some(date(2025, 3, 1))
        );
        assert_eq!(
            find_date("２０２５年１２月３１日").map(|d| d.0),
            Some(date(2025, 12, 31))
        );
        assert_eq!(
            find_date("二〇二五年三月二十一日").map(|d| d.0),
            Some(date(2025, 3, 21))
        );
        assert_eq!(find_date("2025-03-01").map(|d| d.0), Some(date(2025, 3, 1)));
        assert_eq!(find_date("2025年13月1日"), None);
        assert_eq!(find_date("2024年版"), None);
        assert_eq!(
            find_date_anywhere("自2025年3月1日起施行"),
            Some(date(2025, 3, 1))
        );
        assert_eq!(date(2025, 3, 1).to_string(), "2025年3月1日");
    }
}
