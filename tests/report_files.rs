//! The Word and Excel reports read back: by the crates the importer uses (docx-rs, calamine)
//! cell by cell against the dataset, by the files' own XML parts for what readers do not
//! report (repeated header row, fonts, language, frozen panes, print titles, properties), and
//! by LibreOffice as an outside reader, when it is installed (always in CI).

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use calamine::{Data, Reader, Xlsx};
use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
use reforms::core::catalog::{Catalog, Document, Reform};
use reforms::documents::report::{About, COLUMNS};
use reforms::{documents::docx, documents::xlsx};

fn about() -> About {
    About {
        selection: Some("查询“数据跨境”；范围：全市".into()),
        generated: "2026年11月28日".into(),
    }
}

/// A reform's five fields as the table shows them: one agency a line, lead agencies marked.
fn expected(reform: &Reform) -> [String; 5] {
    [
        reform.number.to_string(),
        reform.title.to_string(),
        reform.content.to_string(),
        reform.scope.to_string(),
        reforms::documents::report::agency_labels(reform).join("\n"),
    ]
}

/// A part of a .docx or .xlsx file, as text.
fn part(file: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(file)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

// ---- Word ----

/// The paragraphs before the table and the table's rows, each cell's paragraphs joined
/// with line breaks, as docx-rs reads them.
fn read_docx(file: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let docx = docx_rs::read_docx(file).expect("docx-rs reads the report");
    let mut before = Vec::new();
    let mut rows = Vec::new();
    let mut tables = 0;
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) if tables == 0 => before.push(p.raw_text()),
            DocumentChild::Table(table) => {
                tables += 1;
                for TableChild::TableRow(row) in &table.rows {
                    let cells = row
                        .cells
                        .iter()
                        .map(|TableRowChild::TableCell(cell)| {
                            cell.children
                                .iter()
                                .filter_map(|c| match c {
                                    TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                    _ => None,
                                })
                                .collect::<Vec<_>>()
                                .join("\n")
                        })
                        .collect();
                    rows.push(cells);
                }
            }
            _ => {}
        }
    }
    assert_eq!(tables, 1, "one table");
    (before, rows)
}

fn check_docx(doc: &Document, reforms: &[&Reform], about: &About) -> Vec<u8> {
    let file = docx::write(doc, reforms, about).unwrap();
    let (before, rows) = read_docx(&file);
    let mut heading = vec![doc.title.clone()];
    heading.extend(doc.source.clone());
    assert_eq!(before[..heading.len()], heading[..]);
    let note = &before[heading.len()];
    assert!(note.contains(&about.generated), "{note}");
    if let Some(selection) = &about.selection {
        assert!(note.contains(selection.as_str()), "{note}");
    }
    assert_eq!(rows[0], COLUMNS);
    assert_eq!(rows.len(), reforms.len() + 1);
    for (row, reform) in rows[1..].iter().zip(reforms) {
        assert_eq!(row[..], expected(reform)[..], "reform {}", reform.number);
    }
    file
}

/// Where the document names lead agencies (牵头单位), the reports mark them.
#[test]
fn lead_agencies_are_marked_in_both_reports() {
    let catalog = Catalog::embedded().unwrap();
    let mut led = catalog.reforms[0].clone();
    led.lead = vec![led.agencies[1].clone()];
    let reforms = [&led];
    let agencies = "市委网信办\n市数据局（牵头）\n市商务局";
    assert_eq!(expected(&led)[4], agencies);
    check_docx(&catalog.document, &reforms, &about());
    let file = xlsx::write(&catalog.document, &reforms, &about()).unwrap();
    assert_eq!(read_xlsx(&file)[0][4], agencies);
}

#[test]
fn docx_reads_back_cell_by_cell() {
    let catalog = Catalog::embedded().unwrap();
    let reforms: Vec<&Reform> = catalog.reforms.iter().collect();
    let file = check_docx(&catalog.document, &reforms, &about());

    let document = part(&file, "word/document.xml");
    assert_eq!(document.matches("<w:tblHeader />").count(), 1);
    assert!(document.contains(r#"w:orient="landscape""#));
    assert!(document.contains(r#"<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9" />"#));
    let fonts = part(&file, "word/fontTable.xml");
    for (font, alternative) in [("仿宋_GB2312", "仿宋"), ("方正小标宋简体", "小标宋")]
    {
        assert!(
            fonts.contains(&format!(
                r#"<w:font w:name="{font}"><w:altName w:val="{alternative}" />"#
            )),
            "{fonts}"
        );
    }
    assert!(part(&file, "word/styles.xml").contains(r#"w:eastAsia="zh-CN""#));
    assert!(
        part(&file, "docProps/core.xml")
            .contains(&format!("<dc:title>{}</dc:title>", catalog.document.title))
    );
    assert!(part(&file, "word/footer1.xml").contains("PAGE"));
    // Deflated, though docx-rs stores its parts uncompressed.
    let mut archive = zip::ZipArchive::new(Cursor::new(&file)).unwrap();
    let entry = archive.by_name("word/document.xml").unwrap();
    assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
    assert!(entry.compressed_size() * 4 < entry.size());
}

#[test]
fn docx_of_no_reforms_and_no_source() {
    let doc = Document {
        source: None,
        ..Catalog::embedded().unwrap().document
    };
    let about = About {
        selection: None,
        ..about()
    };
    check_docx(&doc, &[], &about);
}

// ---- Excel ----

fn workbook(file: &[u8]) -> Xlsx<Cursor<&[u8]>> {
    calamine::open_workbook_from_rs(Cursor::new(file)).expect("calamine reads the report")
}

/// The reforms of the 改革事项 sheet, each field whole again: a row without a number goes on
/// with the reform above, its cells continuing that reform's fields.
fn read_xlsx(file: &[u8]) -> Vec<[String; 5]> {
    let mut book = workbook(file);
    let range = book.worksheet_range(xlsx::REFORMS_SHEET).unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    let mut rows = range.rows();
    let header: Vec<&Data> = rows.next().unwrap().iter().collect();
    assert_eq!(
        header,
        COLUMNS
            .map(|c| Data::String(c.into()))
            .iter()
            .collect::<Vec<_>>()
    );
    let mut reforms: Vec<[String; 5]> = Vec::new();
    for row in rows {
        assert_eq!(row.len(), 5);
        match &row[0] {
            Data::Float(n) => {
                assert_eq!(n.fract(), 0.0);
                let mut fields: [String; 5] = Default::default();
                fields[0] = n.to_string();
                reforms.push(fields);
            }
            Data::Empty => {}
            other => panic!("序号 {other:?}"),
        }
        let fields = reforms
            .last_mut()
            .expect("a reform before its continuation");
        for (field, cell) in fields.iter_mut().zip(row).skip(1) {
            match cell {
                Data::String(s) => field.push_str(s),
                Data::Empty => {}
                other => panic!("a text cell read as {other:?}"),
            }
        }
    }
    reforms
}

fn about_sheet(file: &[u8]) -> Vec<Vec<Data>> {
    let mut book = workbook(file);
    let range = book.worksheet_range(xlsx::ABOUT_SHEET).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn check_xlsx(doc: &Document, reforms: &[&Reform], about: &About) -> Vec<u8> {
    let file = xlsx::write(doc, reforms, about).unwrap();
    let read = read_xlsx(&file);
    assert_eq!(read.len(), reforms.len());
    for (row, reform) in read.iter().zip(reforms) {
        assert_eq!(row, &expected(reform), "reform {}", reform.number);
    }
    let mut book = workbook(&file);
    assert_eq!(book.sheet_names(), [xlsx::REFORMS_SHEET, xlsx::ABOUT_SHEET]);
    // Written as strings, never as formulas.
    let formulas = book.worksheet_formula(xlsx::REFORMS_SHEET).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

    let text = |s: &str| Data::String(s.into());
    let sheet = about_sheet(&file);
    assert_eq!(sheet[0], [text("标题"), text(&doc.title)]);
    let source = doc.source.as_deref().map_or(Data::Empty, text);
    assert_eq!(sheet[1], [text("来源"), source]);
    assert_eq!(
        sheet[2],
        [
            text("筛选"),
            text(about.selection.as_deref().unwrap_or("全部改革事项"))
        ]
    );
    assert_eq!(sheet[3], [text("生成日期"), text(&about.generated)]);
    assert_eq!(
        sheet[4],
        [text("事项数"), Data::Float(reforms.len() as f64)]
    );
    file
}

#[test]
fn xlsx_reads_back_cell_by_cell() {
    let catalog = Catalog::embedded().unwrap();
    let reforms: Vec<&Reform> = catalog.reforms.iter().collect();
    let file = check_xlsx(&catalog.document, &reforms, &about());

    let sheet = part(&file, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:E43"/>"#));
    assert!(sheet.contains(r#"paperSize="9""#) && sheet.contains(r#"orientation="landscape""#));
    assert!(sheet.contains("<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>"));
    // Every row's height is set: LibreOffice does not fit rows to wrapped text.
    assert_eq!(sheet.matches("customHeight=\"1\"").count(), 43);
    let workbook = part(&file, "xl/workbook.xml");
    assert!(workbook.contains(r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">改革事项!$1:$1</definedName>"#), "{workbook}");
    let core = part(&file, "docProps/core.xml");
    assert!(core.contains(&format!("<dc:title>{}</dc:title>", catalog.document.title)));
    assert!(core.contains("<dc:subject>查询“数据跨境”；范围：全市</dc:subject>"));
    assert!(core.contains("<dc:description>42 项改革事项，2026年11月28日生成</dc:description>"));
}

#[test]
fn xlsx_of_no_reforms_and_no_source() {
    let doc = Document {
        source: None,
        ..Catalog::embedded().unwrap().document
    };
    let about = About {
        selection: None,
        ..about()
    };
    check_xlsx(&doc, &[], &about);
}

// ---- Awkward fields ----

fn awkward() -> (Document, Vec<Reform>) {
    let catalog = Catalog::embedded().unwrap();
    let base = catalog.reforms[0].clone();
    let doc = Document {
        title: "标题<&>\"'".into(),
        source: Some("津自贸发〔2024〕1号 & <附件>".into()),
        ..Document::default()
    };
    let huge: String = "数据跨境流动，A&B<C>。"
        .chars()
        .cycle()
        .take(300_000)
        .enumerate()
        .map(|(i, c)| if i % 7_001 == 7_000 { '\n' } else { c })
        .collect();
    // Built from a real reform, so a field added to Reform keeps a sensible value.
    let mut every_kind = base.clone();
    every_kind.number = 1;
    every_kind.title = "=1+1".into();
    every_kind.content = "第一行<&>\"'\n  =SUM(A1)第二行\n\n第四行 with  two spaces ".into();
    every_kind.scope = "+全市".into();
    every_kind.agencies = vec![
        "市委网信办".into(),
        "@市数据局".into(),
        "市商务局 & <x>".into(),
        "人民银行天津市分行".into(),
        "-天津金融监管局".into(),
    ];
    let reforms = vec![
        every_kind,
        Reform {
            number: 2,
            content: format!("=SUM(A1){huge}").into(),
            ..base.clone()
        },
        Reform {
            number: 300,
            title: "\"引号\" 'apostrophes' <tag>".into(),
            ..base
        },
    ];
    assert_eq!(reforms[1].content.chars().count(), 300_008);
    (doc, reforms)
}

#[test]
fn awkward_fields_read_back_from_docx() {
    let (doc, reforms) = awkward();
    let reforms: Vec<&Reform> = reforms.iter().collect();
    let file = check_docx(&doc, &reforms, &about());
    assert!(
        part(&file, "docProps/core.xml")
            .contains("<dc:title>标题&lt;&amp;&gt;&quot;&apos;</dc:title>")
    );
}

#[test]
fn awkward_fields_read_back_from_xlsx() {
    let (doc, reforms) = awkward();
    let reforms: Vec<&Reform> = reforms.iter().collect();
    let file = check_xlsx(&doc, &reforms, &about());
    let mut book = workbook(&file);
    let range = book.worksheet_range(xlsx::REFORMS_SHEET).unwrap();
    assert_eq!(range.get((1, 1)), Some(&Data::String("=1+1".into())));
    // The long content went on over more rows, its other fields merged down beside it.
    assert!(range.height() > 10, "{} rows", range.height());
    let merged = book.merge_cells_by_sheet_name(xlsx::REFORMS_SHEET).unwrap();
    assert!(merged.iter().any(|d| d.start.1 == 0 && d.end.0 > d.start.0));
    // Texts that look like formulas keep a quote prefix for anyone editing the cell.
    let styles = part(&file, "xl/styles.xml");
    assert!(styles.contains(r#"quotePrefix="1""#));
}

// ---- LibreOffice ----

/// `soffice`, when installed; in CI it must be.
fn soffice() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("soffice"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "soffice (LibreOffice) is required in CI"
        );
        eprintln!("soffice not installed: LibreOffice checks skipped");
    }
    found
}

/// Converts `input` with soffice's `--convert-to target` into `dir`, with a profile of its
/// own (soffice calls sharing one lose output), and returns the file written.
fn convert(soffice: &Path, input: &Path, target: &str, dir: &Path) -> PathBuf {
    convert_as(soffice, None, input, target, dir)
}

/// `convert`, reading `input` with the import filter `infilter` when given.
fn convert_as(
    soffice: &Path,
    infilter: Option<&str>,
    input: &Path,
    target: &str,
    dir: &Path,
) -> PathBuf {
    let profile = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut command = Command::new(soffice);
    if let Some(filter) = infilter {
        command.arg(format!("--infilter={filter}"));
    }
    let output = command
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
        ])
        .arg(dir)
        .arg(input)
        .output()
        .unwrap();
    let extension = target.split(':').next().unwrap();
    let written = dir
        .join(input.file_stem().unwrap())
        .with_extension(extension);
    eprintln!(
        "soffice --convert-to {target} {}: {:.2} s",
        input.display(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        output.status.success() && written.is_file(),
        "soffice failed on {}: {}{}",
        input.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    written
}

fn check_pdf(pdf: &Path, title: &str) {
    let bytes = std::fs::read(pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "{}", pdf.display());
    // The Chinese made it into the PDF as text, where pdftotext is there to say so.
    if let Ok(out) = Command::new("pdftotext").arg(pdf).arg("-").output()
        && out.status.success()
    {
        let text: String = String::from_utf8_lossy(&out.stdout)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(text.contains(title), "{} lacks the title", pdf.display());
    }
}

/// The fields of every reform appear in `lines` in order, each as a whole line (a cell's
/// paragraphs are lines of the text export).
fn check_in_order(lines: &[&str], reforms: &[Reform]) {
    let mut at = 0;
    for reform in reforms {
        let number = reform.number.to_string();
        let wanted = [number.as_str(), reform.title.as_str()]
            .into_iter()
            .chain(reform.content.split('\n'))
            .chain([reform.scope.as_str()])
            .chain(reform.agencies.iter().map(|a| a.as_str()));
        for want in wanted {
            match lines[at..].iter().position(|l| *l == want) {
                Some(found) => at += found + 1,
                None => panic!("reform {}: {want:?} not found in order", reform.number),
            }
        }
    }
}

#[test]
fn libreoffice_reads_the_docx() {
    let Some(soffice) = soffice() else { return };
    let catalog = Catalog::embedded().unwrap();
    let reforms: Vec<&Reform> = catalog.reforms.iter().collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("report.docx");
    std::fs::write(
        &input,
        docx::write(&catalog.document, &reforms, &about()).unwrap(),
    )
    .unwrap();

    check_pdf(
        &convert(&soffice, &input, "pdf", dir.path()),
        &catalog.document.title,
    );
    let txt = convert(&soffice, &input, "txt:Text (encoded):UTF8", dir.path());
    let text = std::fs::read_to_string(txt).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .collect();
    assert_eq!(lines[0], catalog.document.title);
    check_in_order(&lines, &catalog.reforms);
}

/// Rows of a CSV file as LibreOffice writes it: quoted fields may hold separators, quotes
/// (doubled) and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn libreoffice_reads_the_xlsx() {
    let Some(soffice) = soffice() else { return };
    let catalog = Catalog::embedded().unwrap();
    let reforms: Vec<&Reform> = catalog.reforms.iter().collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("report.xlsx");
    std::fs::write(
        &input,
        xlsx::write(&catalog.document, &reforms, &about()).unwrap(),
    )
    .unwrap();

    check_pdf(&convert(&soffice, &input, "pdf", dir.path()), "数据跨境");
    // Comma, double quote, UTF-8 (76), from the first line: the first sheet.
    let csv = convert(
        &soffice,
        &input,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        dir.path(),
    );
    let rows = parse_csv(&std::fs::read_to_string(csv).unwrap());
    assert_eq!(rows[0], COLUMNS);
    assert_eq!(rows.len(), reforms.len() + 1);
    for (row, reform) in rows[1..].iter().zip(&reforms) {
        assert_eq!(row[..], expected(reform)[..], "reform {}", reform.number);
    }
}

/// The table a desktop copy carries beside the text, as a spreadsheet pastes it: LibreOffice
/// Calc's HTML import (what a paste of HTML into Calc goes through) finds the document's
/// line, the header and the five fields of every reform, line breaks kept inside their
/// cells, nothing taken for a formula or a number but 序号.
#[test]
fn libreoffice_reads_the_clipboard_table() {
    let Some(soffice) = soffice() else { return };
    let catalog = Catalog::embedded().unwrap();
    let (_, awkward) = awkward();
    let mut reforms: Vec<&Reform> = catalog.reforms.iter().collect();
    reforms.push(&awkward[0]);
    reforms.push(&awkward[2]);
    let html = reforms::documents::export::html_table(&reforms, Some(&catalog.document));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("clipboard.html");
    std::fs::write(&input, html).unwrap();
    let csv = convert_as(
        &soffice,
        Some("HTML (StarCalc)"),
        &input,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        dir.path(),
    );
    let rows = parse_csv(&std::fs::read_to_string(csv).unwrap());
    assert_eq!(
        rows[0][0],
        "来源：《天津自贸试验区第八批复制推广改革试点经验》"
    );
    assert_eq!(rows[1], COLUMNS);
    assert_eq!(rows.len(), reforms.len() + 2);
    // HTML collapses runs of white space, and readers trim each line: the text flavour
    // beside the table is what keeps every space.
    let collapsed = |field: &str| {
        field
            .split('\n')
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (row, reform) in rows[2..].iter().zip(&reforms) {
        let row: Vec<String> = row.iter().map(|f| collapsed(f)).collect();
        let expected: Vec<String> = expected(reform).iter().map(|f| collapsed(f)).collect();
        assert_eq!(row, expected, "reform {}", reform.number);
    }
    // And as Writer pastes it: one table, every title in it.
    let txt = convert_as(
        &soffice,
        Some("HTML (StarWriter)"),
        &input,
        "txt:Text (encoded):UTF8",
        dir.path(),
    );
    let text = std::fs::read_to_string(txt).unwrap();
    for reform in &catalog.reforms {
        assert!(text.contains(reform.title.as_str()), "{}", reform.title);
    }
}

/// The awkward reforms (a 300,000-character content among them) through LibreOffice: slow,
/// so run on demand: `cargo test --release --test all report_files:: -- --ignored`.
#[test]
#[ignore]
fn libreoffice_converts_awkward_files() {
    let Some(soffice) = soffice() else { return };
    let (doc, reforms) = awkward();
    let reforms: Vec<&Reform> = reforms.iter().collect();
    let dir = tempfile::tempdir().unwrap();
    let word = dir.path().join("awkward.docx");
    std::fs::write(&word, docx::write(&doc, &reforms, &about()).unwrap()).unwrap();
    let excel = dir.path().join("awkward-sheet.xlsx");
    std::fs::write(&excel, xlsx::write(&doc, &reforms, &about()).unwrap()).unwrap();
    check_pdf(&convert(&soffice, &word, "pdf", dir.path()), "标题");
    check_pdf(&convert(&soffice, &excel, "pdf", dir.path()), "=1+1");
    let csv = convert(
        &soffice,
        &excel,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        dir.path(),
    );
    let rows = parse_csv(&std::fs::read_to_string(csv).unwrap());
    assert_eq!(
        rows[1][1], "=1+1",
        "LibreOffice reads the text, not a formula"
    );
    let content: String = rows[2..]
        .iter()
        .take_while(|row| row[0].is_empty() || row[0] == "2")
        .map(|row| row[2].as_str())
        .collect();
    assert_eq!(content, reforms[1].content);
}
