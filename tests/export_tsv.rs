//! The clipboard's TSV read back the way a spreadsheet reads a paste: RFC 4180 rules with a
//! tab as separator. Every record must have the five columns, and the cells must be the
//! fields unchanged (apart from the formula guard).

use reforms::Reform;
use reforms::documents::export::{FIELDS, Format, render_for_clipboard};

/// Parses tab-separated text as spreadsheets do: a field starting with `"` runs to the next
/// lone `"` (`""` is a quote inside), and may hold tabs and line breaks; records end with
/// CRLF or LF outside quotes.
fn parse_tsv(input: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = input.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            '\t' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    assert!(!quoted, "unterminated quoted field");
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

fn reform(number: u32, title: &str, content: &str, scope: &str, agencies: &[&str]) -> Reform {
    Reform {
        number,
        title: title.into(),
        content: content.into(),
        scope: scope.into(),
        agencies: agencies.iter().map(|&a| a.into()).collect(),
        lead: Vec::new(),
        document: None,
    }
}

#[test]
fn the_embedded_dataset_pastes_as_five_columns() {
    let catalog = reforms::Catalog::embedded().unwrap();
    let all: Vec<&Reform> = catalog.reforms.iter().collect();
    let text = render_for_clipboard(Format::Tsv, &all, None);
    let records = parse_tsv(&text);
    assert_eq!(records.len(), all.len() + 1);
    assert_eq!(records[0], FIELDS.map(|f| f.label.to_string()).to_vec());
    for (record, r) in records[1..].iter().zip(&all) {
        assert_eq!(record.len(), 5, "{record:?}");
        assert_eq!(record[0], r.number.to_string());
        assert_eq!(record[1], r.title);
        assert_eq!(record[2], r.content);
        assert_eq!(record[4], r.agencies.join(" "));
    }
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\r'));
}

#[test]
fn awkward_fields_stay_in_their_cells() {
    let reforms = [
        reform(
            1,
            "带\t制表符",
            "第一行\n第二行\r\n第三行",
            "全市",
            &["甲局"],
        ),
        reform(2, "引号\"内\"", "\"开头引号", "京津冀", &["乙局", "丙局"]),
        reform(3, "=HYPERLINK(\"x\")", "+86 电话", "-", &["@某处"]),
        reform(4, "", "末尾换行\n", "全市", &["丁局"]),
    ];
    let chosen: Vec<&Reform> = reforms.iter().collect();
    let text = render_for_clipboard(Format::Tsv, &chosen, None);
    let records = parse_tsv(&text);
    assert_eq!(records.len(), 5, "{text:?}");
    assert!(records.iter().all(|r| r.len() == 5), "{records:?}");
    assert_eq!(records[1][1], "带\t制表符");
    assert_eq!(records[1][2], "第一行\n第二行\n第三行");
    assert_eq!(records[2][1], "引号\"内\"");
    assert_eq!(records[2][2], "\"开头引号");
    assert_eq!(records[2][4], "乙局 丙局");
    assert_eq!(records[3][1], "'=HYPERLINK(\"x\")");
    assert_eq!(records[3][2], "'+86 电话");
    assert_eq!(records[3][3], "'-");
    assert_eq!(records[3][4], "'@某处");
    assert_eq!(records[4][1], "");
    // White space at the end would be trimmed by a reader: the guard keeps it.
    assert_eq!(records[4][2], "'末尾换行\n");
}

#[test]
fn the_parser_reads_quoted_fields() {
    assert_eq!(
        parse_tsv("a\t\"b\tc\"\r\n\"d\"\"e\"\tf\n"),
        vec![vec!["a", "b\tc"], vec!["d\"e", "f"]]
    );
}
