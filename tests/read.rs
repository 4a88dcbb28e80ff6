//! The readers on the files of tests/fixtures/read/ (made by scripts/make-read-fixtures.sh):
//! the embedded batch in every format reads back to the embedded dataset, awkward documents
//! read as a person reads them, and broken or refused files say why.

use std::path::Path;

use reforms::Catalog;
use reforms::documents::read::{
    self, Columns, Document, Format, IssueDate, Location, Problem, ReadError, Table,
    document_facts, find_reform_table, reform_number, split_agencies,
};

const FIXTURES: &str = "tests/fixtures/read";

fn bytes_of(name: &str) -> Vec<u8> {
    let path = Path::new(FIXTURES).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_fixture(name: &str) -> Document {
    read::read(name, &bytes_of(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn read_error(name: &str, bytes: &[u8]) -> ReadError {
    match read::read(name, bytes) {
        Ok(document) => panic!("{name} was read: {document:?}"),
        Err(error) => error,
    }
}

/// The reform table's data rows as texts.
fn data_rows(document: &Document) -> (&Table, Columns, Vec<Vec<&str>>) {
    let (index, columns) = find_reform_table(document).unwrap_or_else(|e| panic!("{e}"));
    let table = &document.tables[index];
    let rows = table.rows[columns.header_row + columns.header_rows..]
        .iter()
        .map(|row| row.iter().map(|c| c.text.as_str()).collect())
        .collect();
    (table, columns, rows)
}

/// What every table promises: rows as wide as each other, cells placed at their index.
fn check_shape(document: &Document) {
    for (index, table) in document.tables.iter().enumerate() {
        for row in &table.rows {
            assert_eq!(row.len(), table.width(), "{}: table {index}", document.name);
            assert!(
                row.iter().any(|c| !c.is_blank()),
                "{}: a blank row",
                document.name
            );
            for (c, cell) in row.iter().enumerate() {
                assert_eq!(cell.place.table, index, "{}", document.name);
                assert_eq!(cell.place.column, c + 1, "{}", document.name);
                assert_eq!(cell.place.row, row[0].place.row, "{}", document.name);
                if !document.format.is_text() {
                    assert_eq!(cell.place.line, None, "{}", document.name);
                }
            }
        }
    }
}

#[test]
fn the_batch_in_every_format_reads_back_to_the_embedded_dataset() {
    let catalog = Catalog::embedded().unwrap();
    let formats = [
        ("batch8.html", Format::Html),
        ("batch8.docx", Format::Docx),
        ("batch8.xlsx", Format::Xlsx),
        ("batch8.xls", Format::Xls),
        ("batch8.ods", Format::Ods),
        ("batch8.csv", Format::Csv),
        ("batch8-gbk.csv", Format::Csv),
        ("batch8-bom.csv", Format::Csv),
        ("batch8-clipboard.tsv", Format::Tsv),
    ];
    for (name, format) in formats {
        let document = read_fixture(name);
        assert_eq!(document.format, format, "{name}");
        check_shape(&document);
        let (_, columns, rows) = data_rows(&document);
        assert_eq!(columns.header_rows, 1, "{name}");
        let agencies = columns.agencies.expect("a 负责单位 column");
        let scope = columns.scope.expect("a 推广范围 column");
        assert_eq!(rows.len(), catalog.reforms.len(), "{name}");
        for (row, reform) in rows.iter().zip(&catalog.reforms) {
            let at = format!("{name}: reform {}", reform.number);
            assert_eq!(
                reform_number(row[columns.number]),
                Some(reform.number),
                "{at}"
            );
            assert_eq!(row[columns.title], reform.title, "{at}");
            assert_eq!(row[columns.content], reform.content, "{at}");
            assert_eq!(row[scope], reform.scope, "{at}");
            assert_eq!(split_agencies(row[agencies]), reform.agencies, "{at}");
        }
    }
}

#[test]
fn text_formats_place_cells_at_their_line_and_column() {
    let document = read_fixture("batch8-clipboard.tsv");
    let (table, columns, _) = data_rows(&document);
    // Reform 1 is on line 2; its agencies, one per line, make its record three lines long.
    let first = &table.rows[columns.header_row + 1];
    assert_eq!(first[0].place.line, Some(2));
    assert_eq!(first[0].place.line_column, Some(1));
    let agencies = &first[columns.agencies.unwrap()];
    assert_eq!(agencies.text, "市委网信办\n市数据局\n市商务局");
    let second = &table.rows[columns.header_row + 2];
    assert_eq!(second[0].place.line, Some(5));
    assert_eq!(second[0].place.row, 3);

    let document = read_fixture("batch8.html");
    let (table, columns, _) = data_rows(&document);
    let title = &table.rows[columns.header_row + 1][columns.title];
    assert_eq!(title.place.line, Some(6));
    assert_eq!(title.place.line_column, Some(15));
}

#[test]
fn a_government_page_in_gb2312() {
    let document = read_fixture("gov-page-gb2312.html");
    check_shape(&document);
    // The navigation bar is a table too; the one written by a script is not.
    assert_eq!(document.tables.len(), 2);
    let (table, columns, rows) = data_rows(&document);
    assert_eq!(table.rows[0][0].place.table, 1);
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(rows.len(), 3);
    for (row, reform) in rows.iter().zip(&catalog.reforms) {
        assert_eq!(reform_number(row[columns.number]), Some(reform.number));
        assert_eq!(row[columns.title], reform.title);
        // The indent of &nbsp; is not part of the text.
        assert_eq!(row[columns.content], reform.content);
        assert_eq!(
            split_agencies(row[columns.agencies.unwrap()]),
            reform.agencies
        );
    }
    // The unclosed cells were closed where a browser closes them.
    assert_eq!(rows[0][4], "市委网信办\n市数据局\n市商务局");
    assert!(table.rows[1][0].place.line.is_some());
    assert_eq!(
        table.caption.as_deref(),
        Some("天津自贸试验区第八批复制推广改革试点经验")
    );
    let facts = document_facts(&document);
    assert_eq!(
        facts.title.as_deref(),
        Some("天津自贸试验区第八批复制推广改革试点经验")
    );
    assert_eq!(
        facts.document_number.as_deref(),
        Some("津自贸发〔2025〕3号")
    );
    assert_eq!(
        facts.date,
        Some(IssueDate {
            year: 2025,
            month: 3,
            day: 1
        })
    );
    assert_eq!(
        facts.issuer.as_deref(),
        Some("中国（天津）自由贸易试验区推进工作领导小组办公室")
    );
}

/// The awkward reform table of merged.docx and merged.{html,xlsx,xls,ods}, as a person reads
/// it: 推广范围 merged down three reforms gives each of them 全市.
fn expect_merged(name: &str, rows: &[Vec<&str>], columns: &Columns) {
    assert_eq!(columns.header_rows, 2, "{name}");
    assert_eq!(
        (
            columns.number,
            columns.title,
            columns.content,
            columns.scope
        ),
        (0, 1, 2, Some(3)),
        "{name}"
    );
    assert_eq!(
        (columns.agencies, columns.lead, columns.cooperating),
        (None, Some(4), Some(5)),
        "{name}"
    );
    let scopes: Vec<&str> = rows.iter().map(|r| r[3]).collect();
    assert_eq!(scopes, ["全市", "全市", "全市", "京津冀"], "{name}");
    let lead: Vec<&str> = rows.iter().map(|r| r[4]).collect();
    assert_eq!(
        lead,
        [
            "市委网信办\n市数据局",
            "人民银行天津市分行",
            "天津海关",
            "天津海关"
        ],
        "{name}"
    );
    assert_eq!(rows[1][5], "", "{name}");
    assert_eq!(rows[3][5], "北京海关", "{name}");
}

#[test]
fn a_word_document_with_merged_headers_and_tracked_changes() {
    let document = read_fixture("merged.docx");
    check_shape(&document);
    assert_eq!(document.tables.len(), 2);
    let (table, columns, rows) = data_rows(&document);
    assert_eq!(columns.header_row, 0);
    expect_merged("merged.docx", &rows, &columns);
    assert_eq!(
        rows,
        vec![
            vec![
                "1",
                "数据跨境政策“双首个”制度创新",
                "第一段：出台标准规范。\n第二段：落实管理清单，\n形成负面清单。",
                "全市",
                "市委网信办\n市数据局",
                "市商务局"
            ],
            vec![
                "2",
                "国际保理集成创新模式",
                "依托保理服务平台创新国际保理业务。",
                "全市",
                "人民银行天津市分行",
                ""
            ],
            vec![
                "3",
                "船舶供油新模式",
                "推动保税燃料油供应。",
                "全市",
                "天津海关",
                "市商务局\n市交通运输委"
            ],
            vec![
                "4",
                "京津冀通关协作",
                "推进区域通关一体化。",
                "京津冀",
                "天津海关",
                "北京海关"
            ],
        ]
    );
    assert_eq!(
        columns.agencies_of(&table.rows[4]),
        ["天津海关", "市商务局", "市交通运输委"]
    );
    // The copies of a merged cell say where the text came from; the empty last row is gone.
    assert_eq!(table.rows[3][3].copied_from, Some((3, 4)));
    assert_eq!(table.rows[2][3].copied_from, None);
    assert_eq!(table.rows[1][0].copied_from, Some((1, 1)));
    assert_eq!(table.rows.len(), 6);
    assert_eq!(
        table.caption.as_deref(),
        Some("天津自贸试验区第九批改革试点经验（样例）")
    );
    let facts = document_facts(&document);
    assert_eq!(
        facts.title.as_deref(),
        Some("天津自贸试验区第九批改革试点经验（样例）")
    );
    assert_eq!(
        facts.document_number.as_deref(),
        Some("津自贸发〔2025〕3号")
    );
    assert_eq!(
        facts.issuer.as_deref(),
        Some("中国（天津）自由贸易试验区推进工作领导小组办公室")
    );
    assert_eq!(
        facts.date.map(|d| d.to_string()).as_deref(),
        Some("2025年3月1日")
    );
}

#[test]
fn a_word_document_with_list_numbers_a_content_control_and_a_nested_table() {
    let document = read_fixture("numbered.docx");
    check_shape(&document);
    let (index, columns) = find_reform_table(&document).unwrap();
    assert_eq!(index, 0);
    let rows: Vec<Vec<&str>> = document.tables[0]
        .rows
        .iter()
        .skip(columns.header_rows)
        .map(|row| row.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            vec![
                "1",
                "甲事项",
                "甲内容。\n内层甲\t内层乙",
                "全市",
                "市商务局"
            ],
            vec!["2", "乙事项", "乙内容。", "全市", "市财政局"],
            vec!["", "说明：第三行从第二列开始", "丙", "丁", "戊"],
        ]
    );
    // The nested table is a table of its own, after the one holding it.
    assert_eq!(document.tables.len(), 2);
    assert_eq!(document.tables[1].rows[0][1].text, "内层乙");
    assert_eq!(document.tables[0].caption.as_deref(), Some("编号的经验表"));
}

#[test]
fn workbooks_with_merged_headers() {
    for name in ["merged.html", "merged.xlsx", "merged.xls", "merged.ods"] {
        let document = read_fixture(name);
        check_shape(&document);
        let (table, columns, rows) = data_rows(&document);
        // A title row merged across the table sits above the header.
        assert_eq!(columns.header_row, 1, "{name}");
        assert_eq!(
            table.rows[0][0].text, "天津自贸试验区第九批改革试点经验（样例）",
            "{name}"
        );
        expect_merged(name, &rows, &columns);
        assert_eq!(
            rows[0][2], "第一段：出台标准规范。\n第二段：落实管理清单。",
            "{name}"
        );
        assert_eq!(rows[2][5], "市商务局、市交通运输委", "{name}");
        assert_eq!(
            document_facts(&document).title.as_deref(),
            Some("天津自贸试验区第九批改革试点经验（样例）"),
            "{name}"
        );
    }
}

#[test]
fn a_csv_typed_by_hand() {
    let document = read_fixture("awkward.csv");
    check_shape(&document);
    assert_eq!(document.format, Format::Csv);
    let (table, columns, rows) = data_rows(&document);
    assert_eq!(columns.header_row, 1);
    assert_eq!(
        rows,
        vec![
            vec![
                "1",
                "数据跨境政策创新",
                "第一段：出台标准规范。\n第二段：落实“负面清单”，\"一单尽列\"。",
                "全市",
                "市委网信办\n市数据局"
            ],
            vec![
                "2",
                "国际保理集成创新模式",
                "创新国际保理业务。",
                "全市",
                "人民银行天津市分行、市委金融办"
            ],
        ]
    );
    // The BOM is not part of the title; the empty last row is gone; places count from the
    // first character after the BOM.
    assert_eq!(
        table.rows[0][0].text,
        "天津自贸试验区第九批改革试点经验（样例）" // The first record's quoted cells run over three lines.
    );
    assert_eq!(table.rows.len(), 4);
    let second = &table.rows[3];
    assert_eq!(
        (second[0].place.line, second[0].place.line_column),
        (Some(6), Some(1))
    );
    assert_eq!(second[2].place.line_column, Some(14));
    assert_eq!(
        split_agencies(rows[1][4]),
        ["人民银行天津市分行", "市委金融办"]
    );
    assert_eq!(
        document_facts(&document).title.as_deref(),
        Some("天津自贸试验区第九批改革试点经验（样例）")
    );
}

#[test]
fn a_web_page_named_xls_and_a_tab_separated_csv_read_as_what_they_are() {
    let page = read::read("导出.xls", &bytes_of("batch8.html")).unwrap();
    assert_eq!(page.format, Format::Html);
    let tsv = read::read("batch8.csv", &bytes_of("batch8-clipboard.tsv")).unwrap();
    assert_eq!(tsv.format, Format::Tsv);
    assert_eq!(data_rows(&tsv).2.len(), 42);
    let docx = read::read("batch8", &bytes_of("batch8.docx")).unwrap();
    assert_eq!(docx.format, Format::Docx);
}

#[test]
fn a_document_cut_short_is_damaged() {
    let error = read_error("truncated.docx", &bytes_of("truncated.docx"));
    assert!(
        matches!(
            error.problem,
            Problem::Damaged {
                format: Format::Docx,
                ..
            }
        ),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .starts_with("truncated.docx: a damaged Word document (.docx): ")
    );
    let xlsx = bytes_of("batch8.xlsx");
    let error = read_error("cut.xlsx", &xlsx[..xlsx.len() / 2]);
    assert!(
        matches!(
            error.problem,
            Problem::Damaged {
                format: Format::Xlsx,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn legacy_word_files_are_refused_with_a_way_to_convert_them() {
    let doc = bytes_of("legacy.doc");
    let error = read_error("legacy.doc", &doc);
    assert!(
        matches!(error.problem, Problem::Unsupported { .. }),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains("Word 97-2003 document (.doc)"),
        "{message}"
    );
    assert!(
        message.contains("soffice --headless --convert-to docx legacy.doc"),
        "{message}"
    );
    // Named .xls, it is still a Word document.
    let error = read_error("附件.xls", &doc);
    assert!(error.to_string().contains("(.doc)"), "{error}");
    let error = read_error("附件.wps", &doc);
    assert!(error.to_string().contains("WPS 文字"), "{error}");
    assert!(error.to_string().contains("另存为"), "{error}");
    let error = read_error("附件.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    assert!(error.to_string().contains("PDF"), "{error}");
}

#[test]
fn an_empty_file_and_files_of_no_known_kind() {
    let error = read_error("empty.csv", &bytes_of("empty.csv"));
    assert_eq!(error.problem, Problem::Empty);
    assert_eq!(error.to_string(), "empty.csv: the file is empty");
    assert_eq!(
        read_error("a.csv", b"\xef\xbb\xbf \r\n").problem,
        Problem::Empty
    );
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert_eq!(read_error("a.png", png).problem, Problem::Unrecognised);
    let zip = b"PK\x03\x04\x14\0\0\0\x08\0notes.txt";
    assert!(matches!(
        read_error("a.zip", zip).problem,
        Problem::Unsupported { .. }
    ));
}

#[test]
fn bytes_of_no_encoding_are_placed() {
    let mut bytes = "序号,改革事项,主要内容\n1,数据跨境政策创新,推动出台"
        .as_bytes()
        .to_vec();
    bytes.push(0xFF);
    let error = read_error("bad.csv", &bytes);
    assert_eq!(
        error.location,
        Some(Location::Line {
            line: 2,
            column: 16
        })
    );
    assert!(
        error.to_string().starts_with("bad.csv:2:16: byte 0xFF"),
        "{error}"
    );
}

#[test]
fn a_table_without_the_header_names_what_was_looked_for() {
    let document = read_fixture("no-header.csv");
    let error = find_reform_table(&document).unwrap_err();
    assert!(matches!(error.problem, Problem::NoReformTable { .. }));
    let message = error.to_string();
    assert!(
        message.starts_with("no-header.csv: no table has a header"),
        "{message}"
    );
    assert!(message.contains("序号/编号"), "{message}");
    assert!(
        message.contains("table 1: 2 rows x 2 columns, first row: 名称 | 说明"),
        "{message}"
    );
}

mod damaged {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::Index;

    /// Every fixture that reads, in each of the formats.
    const SOURCES: [&str; 12] = [
        "batch8.html",
        "batch8.docx",
        "batch8.xlsx",
        "batch8.xls",
        "batch8.ods",
        "batch8-gbk.csv",
        "batch8-clipboard.tsv",
        "gov-page-gb2312.html",
        "merged.docx",
        "numbered.docx",
        "merged.ods",
        "awkward.csv",
    ];

    fn cases() -> u32 {
        std::env::var("READ_DAMAGED_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(200)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases()))]

        /// A file cut short or with bytes changed is read or refused with an error; it never
        /// panics, and what is read keeps the promises of `Table`.
        #[test]
        fn damaged_files_are_read_or_refused(
            source in 0..SOURCES.len(),
            cut in proptest::option::of(any::<Index>()),
            changes in proptest::collection::vec((any::<Index>(), any::<u8>()), 0..6),
        ) {
            let name = SOURCES[source];
            let mut bytes = bytes_of(name);
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            for (at, byte) in changes {
                if !bytes.is_empty() {
                    let at = at.index(bytes.len());
                    bytes[at] = byte;
                }
            }
            if let Ok(document) = read::read(name, &bytes) {
                check_shape(&document);
                let _ = find_reform_table(&document);
                let _ = document_facts(&document);
            }
        }
    }
}

#[test]
fn refused_characters_are_kept_for_the_importer_to_refuse_at_their_place() {
    let csv = "序号,改革事项,主要内容\n1,甲\u{1b}]52;c;aGk=\u{7},乙\u{202e}丙\n";
    let document = read::read("hostile.csv", csv.as_bytes()).unwrap();
    let title = &document.tables[0].rows[1][1];
    assert_eq!(
        reforms::core::safe::first_forbidden(&title.text).map(|(_, c)| c),
        Some('\u{1b}')
    );
    assert_eq!(
        (title.place.line, title.place.line_column),
        (Some(2), Some(3))
    );
    let content = &document.tables[0].rows[1][2];
    assert_eq!(
        reforms::core::safe::first_forbidden(&content.text).map(|(_, c)| c),
        Some('\u{202e}')
    );
}

#[test]
fn a_sheet_spanning_the_whole_grid_is_refused_before_memory_is_set_aside_for_it() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "序号").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let error = read_error("huge.xlsx", &bytes);
    assert!(matches!(error.problem, Problem::TooLarge(_)), "{error}");
    assert!(
        error
            .to_string()
            .contains("spans 1048576 rows by 16384 columns"),
        "{error}"
    );
}

#[test]
fn wps_workbooks_are_read_when_excel_compatible_and_encrypted_files_are_refused() {
    let et = read::read("附件.et", &bytes_of("batch8.xls")).unwrap();
    assert_eq!(et.format, Format::Xls);
    assert_eq!(data_rows(&et).2.len(), 42);
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.extend_from_slice(&[0; 504]);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let error = read_error("附件.xlsx", &encrypted);
    assert!(error.to_string().contains("password-protected"), "{error}");
}

/// The batch's .docx with `word/document.xml` replaced by `document`, the part stored
/// uncompressed, so its bytes can be found in the file.
fn docx_with_document(document: &[u8]) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let source = bytes_of("batch8.docx");
    let mut archive = zip::ZipArchive::new(Cursor::new(&source[..])).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        out.start_file(name.as_str(), stored).unwrap();
        let data = if name == "word/document.xml" {
            document
        } else {
            &data
        };
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn batch8_document_xml() -> Vec<u8> {
    use std::io::{Cursor, Read};
    let source = bytes_of("batch8.docx");
    let mut archive = zip::ZipArchive::new(Cursor::new(&source[..])).unwrap();
    let mut xml = Vec::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_end(&mut xml)
        .unwrap();
    xml
}

fn damaged_detail(error: &ReadError) -> String {
    match &error.problem {
        Problem::Damaged {
            format: Format::Docx,
            detail,
        } => detail.clone(),
        _ => panic!("not a damaged .docx: {error}"),
    }
}

#[test]
fn a_part_cut_short_is_placed_by_line_and_column() {
    // The parser loops for ever at the end of an XML part cut short: it never sees one.
    let xml = batch8_document_xml();
    let cut = &xml[..xml.len() / 2];
    let text = String::from_utf8_lossy(cut);
    let error = read_error("cut.docx", &docx_with_document(cut));
    let detail = damaged_detail(&error);
    // Placed at the tag the cut left unclosed.
    let lines = text.lines().count();
    let last = text.lines().last().unwrap();
    let tag = last[..last.rfind('<').unwrap()].chars().count() + 1;
    assert!(
        detail.starts_with(&format!(
            "part word/document.xml, line {lines}, column {tag}: "
        )),
        "{detail}"
    );
    // Cut between two elements, it is the elements left open that say so.
    let end = xml.windows(6).position(|w| w == b"</w:p>").unwrap() + 6;
    let error = read_error("cut.docx", &docx_with_document(&xml[..end]));
    assert!(damaged_detail(&error).contains("left open"), "{error}");
    // Tags that do not match.
    let error = read_error("tags.docx", &docx_with_document(b"<a><b></a></b>"));
    let detail = damaged_detail(&error);
    assert!(
        detail.starts_with("part word/document.xml, line 1, column "),
        "{detail}"
    );
    // A byte order mark moves nothing: columns count from the first character after it.
    let error = read_error(
        "bom.docx",
        &docx_with_document(b"\xEF\xBB\xBF<a><b></a></b>"),
    );
    assert_eq!(damaged_detail(&error), detail);
}

#[test]
fn a_damaged_entry_is_named() {
    let xml = batch8_document_xml();
    let mut docx = docx_with_document(&xml);
    // A byte of the stored part changed: its checksum no longer holds.
    let at = docx
        .windows(xml.len().min(64))
        .position(|w| w == &xml[..64])
        .unwrap();
    docx[at + 40] ^= 0x20;
    let detail = damaged_detail(&read_error("crc.docx", &docx));
    assert!(detail.starts_with("part word/document.xml: "), "{detail}");
}

#[test]
fn a_panic_of_the_word_parser_is_an_error() {
    let error = read_error("bad-width.docx", &bytes_of("bad-width.docx"));
    let detail = damaged_detail(&error);
    assert!(detail.starts_with("the Word parser stopped: "), "{detail}");
}
