//! Readers for the documents officials receive: Word (.docx), workbooks (.xlsx, .xls, .ods),
//! CSV and TSV in any of the encodings Chinese offices write, and web pages. Each turns a file
//! into tables of cells that know their place; `find_reform_table` finds the table of reforms
//! among them, and `document_facts` the title, 文号, date and issuer around it.
//!
//! The reader is chosen by what the bytes are (a zip holding a Word document or a workbook,
//! an OLE container, a web page, text), the file's extension only breaking ties, so that a
//! web page saved as `.xls` or a `.csv` that is really tab-separated are read as what they
//! are. Legacy formats that cannot be read (.doc, .wps, PDF) are refused with a way to
//! convert them.

mod columns;
mod delimited;
mod document;
mod docx;
mod encoding;
mod error;
mod facts;
mod html;
mod ods;
mod sheet;

pub use crate::core::catalog::split_agencies;
pub use columns::{Columns, find_reform_table, reform_number};
pub(crate) use document::single_text;
pub use document::{Cell, Document, Format, Place, Table};
pub use error::{Location, Problem, ReadError};
pub use facts::{Facts, IssueDate, document_facts};

use crate::core::say::{messages, pick};

/// Reads a file's bytes into tables. `name` is the file's name (its extension breaks ties and
/// it names the file in errors); reading standard input is the caller's business.
pub fn read(name: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let extension = extension_of(name);
    match identify(name, bytes, &extension) {
        Kind::Docx => docx::read(name, bytes),
        Kind::Workbook(format) => sheet::read(name, bytes, format),
        Kind::WpsWorkbook => sheet::read(name, bytes, Format::Xls)
            .map_err(|_| ReadError::new(name, unsupported(Legacy::WpsWorkbook, name))),
        Kind::Html => html::read(name, bytes),
        Kind::Text => {
            let (text, _) = encoding::decode(bytes, None).map_err(|bad| {
                ReadError::at_line(name, bad.line, bad.column, Problem::Encoding(bad.message))
            })?;
            if looks_like_html(text.as_bytes(), &extension) {
                return Ok(html::read_text(name, &text));
            }
            let preferred = match extension.as_str() {
                "tsv" | "tab" | "txt" => Some(b'\t'),
                "csv" => Some(b','),
                _ => None,
            };
            Ok(delimited::read(name, &text, preferred))
        }
        Kind::Refused(problem) => Err(ReadError::new(name, problem)),
    }
}

/// What a file is, by its bytes first and its extension second.
enum Kind {
    Docx,
    Workbook(Format),
    /// An OLE workbook named .et: WPS's own format, which is read if it is Excel-compatible.
    WpsWorkbook,
    Html,
    Text,
    Refused(Problem),
}

const ZIP: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP: &[u8] = b"PK\x05\x06";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn identify(name: &str, bytes: &[u8], extension: &str) -> Kind {
    let content = match encoding_rs::Encoding::for_bom(bytes) {
        Some((_, bom)) => &bytes[bom..],
        None => bytes,
    };
    if content.iter().all(u8::is_ascii_whitespace) {
        return Kind::Refused(Problem::Empty);
    }
    let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    if bytes.starts_with(ZIP) || bytes.starts_with(EMPTY_ZIP) {
        // Part names are stored in plain text in every entry's header.
        return if has(b"word/document.xml") {
            Kind::Docx
        } else if has(b"xl/workbook.xml") {
            Kind::Workbook(Format::Xlsx)
        } else if has(b"xl/workbook.bin") {
            Kind::Workbook(Format::Xlsb)
        } else if has(b"application/vnd.oasis.opendocument.spreadsheet") {
            Kind::Workbook(Format::Ods)
        } else if has(b"application/vnd.oasis.opendocument.text") {
            Kind::Refused(unsupported(Legacy::OpenDocumentText, name))
        } else if has(b"ppt/presentation.xml") {
            Kind::Refused(unsupported(Legacy::Presentation, name))
        } else {
            // Too damaged to tell: the extension says what it was meant to be.
            match extension {
                "docx" | "docm" | "dotx" => Kind::Docx,
                "xlsx" | "xlsm" => Kind::Workbook(Format::Xlsx),
                "xlsb" => Kind::Workbook(Format::Xlsb),
                "ods" => Kind::Workbook(Format::Ods),
                _ => Kind::Refused(unsupported(Legacy::Zip, name)),
            }
        };
    }
    if bytes.starts_with(OLE) {
        let stream = |name: &str| {
            let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
            has(&utf16)
        };
        return if stream("EncryptedPackage") {
            Kind::Refused(unsupported(Legacy::Encrypted, name))
        } else if matches!(extension, "wps" | "wpt") {
            Kind::Refused(unsupported(Legacy::Wps, name))
        } else if stream("WordDocument") {
            Kind::Refused(unsupported(Legacy::Doc, name))
        } else if matches!(extension, "et" | "ett") {
            Kind::WpsWorkbook
        } else if stream("Workbook") || stream("Book") {
            Kind::Workbook(Format::Xls)
        } else if stream("PowerPoint Document") {
            Kind::Refused(unsupported(Legacy::Presentation, name))
        } else {
            Kind::Refused(unsupported(Legacy::Ole, name))
        };
    }
    if bytes.starts_with(b"%PDF") {
        return Kind::Refused(unsupported(Legacy::Pdf, name));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Kind::Refused(unsupported(Legacy::Rtf, name));
    }
    let utf16 = matches!(
        encoding_rs::Encoding::for_bom(bytes),
        Some((encoding, _)) if encoding != encoding_rs::UTF_8
    );
    if !utf16 && bytes.contains(&0) {
        return Kind::Refused(Problem::Unrecognised);
    }
    if !utf16 && looks_like_html(content, extension) {
        return Kind::Html;
    }
    Kind::Text
}

/// A web page: named so, or starting with a tag and holding `<html`, `<body` or `<table`
/// (a table copied out of a page, or a "spreadsheet" a web system exported).
fn looks_like_html(content: &[u8], extension: &str) -> bool {
    if matches!(extension, "html" | "htm" | "xhtml" | "shtml" | "mht") {
        return true;
    }
    let start = content
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(content.len());
    let head = content[start..content.len().min(start + 65_536)].to_ascii_lowercase();
    head.starts_with(b"<")
        && [&b"<html"[..], b"<body", b"<table", b"<!doctype html"]
            .iter()
            .any(|tag| memchr::memmem::find(&head, tag).is_some())
}

fn extension_of(name: &str) -> String {
    std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The formats refused, each with how to turn it into one that is read.
#[derive(Clone, Copy)]
enum Legacy {
    Doc,
    Wps,
    WpsWorkbook,
    Encrypted,
    Pdf,
    Rtf,
    OpenDocumentText,
    Presentation,
    Zip,
    Ole,
}

fn unsupported(kind: Legacy, name: &str) -> Problem {
    let file = if name.is_empty() { "FILE" } else { name };
    let (what, advice) = pick(
        messages(),
        unsupported_in_english(kind, file),
        unsupported_in_chinese(kind, file),
    );
    Problem::Unsupported { what, advice }
}

/// What a file of `kind` is, and how to make it readable, in English.
fn unsupported_in_english(kind: Legacy, file: &str) -> (&'static str, String) {
    match kind {
        Legacy::Doc => (
            "a Word 97-2003 document (.doc)",
            format!(
                "save it as .docx (Word or WPS: 另存为 Word 文档 *.docx) or convert it with \
                 `soffice --headless --convert-to docx {file}`"
            ),
        ),
        Legacy::Wps => (
            "a WPS 文字 document (.wps)",
            format!(
                "save it as .docx in WPS (文件 > 另存为 > Word 文件 *.docx) or convert it with \
                 `soffice --headless --convert-to docx {file}`"
            ),
        ),
        Legacy::WpsWorkbook => (
            "a WPS 表格 workbook (.et)",
            format!(
                "save it as .xlsx in WPS (文件 > 另存为 > Excel 文件 *.xlsx) or convert it with \
                 `soffice --headless --convert-to xlsx {file}`"
            ),
        ),
        Legacy::Encrypted => (
            "a password-protected document",
            "open it, remove the password (Word/Excel: 文件 > 信息 > 保护 > 用密码进行加密, \
             clear it; WPS: 文件 > 文档加密) and save it again"
                .to_string(),
        ),
        Legacy::Pdf => (
            "a PDF file",
            "open it in WPS or Word and save it as .docx (PDF 转 Word), or copy the table into a \
             text file and run `reforms import` on it"
                .to_string(),
        ),
        Legacy::Rtf => (
            "an RTF document",
            format!(
                "save it as .docx or convert it with `soffice --headless --convert-to docx {file}`"
            ),
        ),
        Legacy::OpenDocumentText => (
            "an OpenDocument text (.odt)",
            format!(
                "save it as .docx or convert it with `soffice --headless --convert-to docx {file}`"
            ),
        ),
        Legacy::Presentation => (
            "a presentation",
            "copy the table into a Word document or a spreadsheet".to_string(),
        ),
        Legacy::Zip => (
            "a zip archive that is not a Word document or a workbook",
            "take the document out of the archive first".to_string(),
        ),
        Legacy::Ole => (
            "an Office 97-2003 file that is neither a Word document nor a workbook",
            "save it as .docx or .xlsx".to_string(),
        ),
    }
}

/// What a file of `kind` is, and how to make it readable, in Chinese.
fn unsupported_in_chinese(kind: Legacy, file: &str) -> (&'static str, String) {
    (
        match kind {
            Legacy::Doc => " Word 97-2003 文档 (.doc)",
            Legacy::Wps => " WPS 文字文档 (.wps)",
            Legacy::WpsWorkbook => " WPS 表格工作簿 (.et)",
            Legacy::Encrypted => "有密码保护的文档",
            Legacy::Pdf => " PDF 文件",
            Legacy::Rtf => " RTF 文档",
            Legacy::OpenDocumentText => " OpenDocument 文本 (.odt)",
            Legacy::Presentation => "演示文稿",
            Legacy::Zip => "不是 Word 文档或工作簿的 zip 压缩包",
            Legacy::Ole => "既非 Word 文档也非工作簿的 Office 97-2003 文件",
        },
        match kind {
            Legacy::Doc => format!(
                "请另存为 .docx (Word 或 WPS: 另存为 Word 文档 *.docx), 或用 \
                 `soffice --headless --convert-to docx {file}` 转换"
            ),
            Legacy::Wps => format!(
                "请在 WPS 中另存为 .docx (文件 > 另存为 > Word 文件 *.docx), 或用 \
                 `soffice --headless --convert-to docx {file}` 转换"
            ),
            Legacy::WpsWorkbook => format!(
                "请在 WPS 中另存为 .xlsx (文件 > 另存为 > Excel 文件 *.xlsx), 或用 \
                 `soffice --headless --convert-to xlsx {file}` 转换"
            ),
            Legacy::Encrypted => "请打开它, 去掉密码 (Word/Excel: 文件 > 信息 > 保护 > \
                 用密码进行加密, 清空; WPS: 文件 > 文档加密) 后重新保存"
                .to_string(),
            Legacy::Pdf => "请在 WPS 或 Word 中打开并另存为 .docx (PDF 转 Word), 或把表格复制到\
                 文本文件后对它运行 `reforms import`"
                .to_string(),
            Legacy::Rtf | Legacy::OpenDocumentText => {
                format!("请另存为 .docx, 或用 `soffice --headless --convert-to docx {file}` 转换")
            }
            Legacy::Presentation => "请把表格复制到 Word 文档或电子表格中".to_string(),
            Legacy::Zip => "请先从压缩包中取出文档".to_string(),
            Legacy::Ole => "请另存为 .docx 或 .xlsx".to_string(),
        },
    )
}
