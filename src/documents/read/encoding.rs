//! Text files as Chinese offices write them: UTF-8 with or without a byte order mark, UTF-16
//! with one (Excel's "Unicode text"), or GBK/GB18030 (Excel's and WPS's CSV on Chinese
//! Windows).

use encoding_rs::{DecoderResult, Encoding, GB18030};

/// Why bytes could not be decoded, and where: the line and column (1-based, in characters)
/// of the first bad byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadBytes {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The text of `bytes`: a byte order mark decides first, then `declared` (a web page's
/// charset) if the bytes agree with it, then UTF-8 if they are valid, else GB18030 (which
/// covers GBK and GB2312).
///
/// A file that is UTF-8 but for a few broken bytes is not guessed to be GB18030, which would
/// turn all of it into nonsense: the first broken byte is reported instead.
pub(crate) fn decode(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<(String, &'static Encoding), BadBytes> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Ok((text.into_owned(), encoding));
    }
    if let Some(encoding) = declared
        && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok((text.into_owned(), encoding));
    }
    let broken_at = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), encoding_rs::UTF_8)),
        Err(error) => error.valid_up_to(),
    };
    if mostly_utf8(bytes) {
        let before = String::from_utf8_lossy(&bytes[..broken_at]);
        let (line, column) = end_of(&before);
        return Err(BadBytes {
            line,
            column,
            message: format!(
                "byte 0x{:02X} is not UTF-8, though the text around it is; save the file as UTF-8",
                bytes[broken_at]
            ),
        });
    }
    gb18030(bytes).map(|text| (text, GB18030))
}

/// GB18030 without replacement characters: the first malformed sequence is an error.
fn gb18030(bytes: &[u8]) -> Result<String, BadBytes> {
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(length, extra) => {
            let start = read - usize::from(extra) - usize::from(length);
            let (line, column) = end_of(&text);
            Err(BadBytes {
                line,
                column,
                message: format!(
                    "byte 0x{:02X} is neither UTF-8 nor GBK/GB18030; save the file as UTF-8",
                    bytes[start]
                ),
            })
        }
        // The capacity asked of the decoder is enough for any input.
        DecoderResult::OutputFull => Ok(text),
    }
}

/// Whether invalid UTF-8 is a few damaged bytes in UTF-8 text rather than another encoding:
/// GBK text has an invalid sequence every few characters, UTF-8 text with a broken byte has
/// many valid multi-byte characters for each bad one.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid >= 8 && valid >= 8 * invalid
}

/// The line and column just after `text`.
fn end_of(text: &str) -> (usize, usize) {
    let line = text.matches('\n').count() + 1;
    let last = text.rfind('\n').map_or(text, |at| &text[at + 1..]);
    (line, last.chars().count() + 1)
}

/// The encoding a web page declares in its first bytes: `<meta charset="gb2312">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=gbk">` or an XML declaration.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        let mut from = 0;
        while let Some(at) = find(&lower[from..], key) {
            let start = from + at + key.len();
            let label: Vec<u8> = lower[start..]
                .iter()
                .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
                .copied()
                .collect();
            if let Some(encoding) = Encoding::for_label(&label) {
                // A page saved as UTF-16 cannot be read by its own meta tag; the BOM decides.
                if encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE {
                    return Some(encoding);
                }
            }
            from = start;
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_decides() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("序号,名称".as_bytes());
        assert_eq!(decode(&bytes, None).unwrap().0, "序号,名称");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("序号\t名称".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (text, encoding) = decode(&utf16, None).unwrap();
        assert_eq!(
            (text.as_str(), encoding),
            ("序号\t名称", encoding_rs::UTF_16LE)
        );
    }

    #[test]
    fn gbk_is_read_when_the_bytes_are_not_utf8() {
        let (bytes, _, _) = encoding_rs::GBK.encode("序号,改革事项\n1,数据跨境");
        let (text, encoding) = decode(&bytes, None).unwrap();
        assert_eq!(text, "序号,改革事项\n1,数据跨境");
        assert_eq!(encoding, GB18030);
    }

    #[test]
    fn a_broken_byte_in_utf8_is_placed() {
        let mut bytes = "序号,改革事项,主要内容\n1,数据".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice("跨境政策“双首个”制度创新".as_bytes());
        let error = decode(&bytes, None).unwrap_err();
        assert_eq!((error.line, error.column), (2, 5));
        assert!(error.message.contains("0xFF"), "{}", error.message);
    }

    #[test]
    fn bytes_neither_utf8_nor_gb18030_are_placed() {
        let mut bytes = encoding_rs::GBK.encode("序号\n名称").0.into_owned();
        bytes.push(0xFF);
        let error = decode(&bytes, None).unwrap_err();
        assert_eq!((error.line, error.column), (2, 3));
    }

    #[test]
    fn the_charset_a_page_declares() {
        let page =
            br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#;
        assert_eq!(declared_charset(page), Some(encoding_rs::GBK));
        assert_eq!(
            declared_charset(b"<meta charset='UTF-8'>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(declared_charset(b"<html><body>"), None);
        // A page whose declaration is wrong is read by what its bytes are.
        let (gbk, _, _) = encoding_rs::GBK.encode("<meta charset=utf-8><td>序号</td>");
        let (text, _) = decode(&gbk, declared_charset(&gbk)).unwrap();
        assert!(text.contains("序号"));
    }
}
