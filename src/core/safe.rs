//! Characters that can drive a terminal or hide what text says, and the one function that
//! makes any text safe to print, copy or write.
//!
//! Refused in every file the program reads (datasets, tables, the configuration and the
//! session): the C0 control characters but tab and line feed (and a carriage return before
//! a line feed), DEL, the C1 control characters (U+0080 to U+009F: U+009B is a one-byte
//! escape sequence start on some terminals), and the bidirectional embedding, override and
//! isolate controls (U+202A to U+202E, U+2066 to U+2069), which make text display in an
//! order other than the one it is stored in. An escape sequence in a title could set the
//! clipboard, retitle the window or end a bracketed paste early and run a command in the
//! shell the text is pasted into.
//!
//! The loaders refuse them with the file, line and column; [`safe`] is the second wall, at
//! every way out: whatever gets past a loader is shown as a visible stand-in, never sent.

use std::borrow::Cow;

/// Whether `c` is refused in input and never written out as itself.
pub fn is_forbidden(c: char) -> bool {
    match c {
        '\t' | '\n' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// `U+001B (ESC)`: the code point of a refused character with its usual name.
pub fn describe(c: char) -> String {
    let name = match c {
        '\u{0}' => "NUL",
        '\u{7}' => "BEL",
        '\u{8}' => "BS",
        '\u{b}' => "VT",
        '\u{c}' => "FF",
        '\r' => "CR",
        '\u{1b}' => "ESC",
        '\u{7f}' => "DEL",
        '\u{9b}' => "CSI",
        '\u{9d}' => "OSC",
        '\u{202a}' => "left-to-right embedding",
        '\u{202b}' => "right-to-left embedding",
        '\u{202c}' => "pop directional formatting",
        '\u{202d}' => "left-to-right override",
        '\u{202e}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        c if c < ' ' => "a control character",
        _ => "a C1 control character",
    };
    format!("U+{:04X} ({name})", u32::from(c))
}

/// The first refused character of `text` with its byte offset. A carriage return right
/// before a line feed is a line end, not refused.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
            continue;
        }
        if is_forbidden(c) {
            return Some((at, c));
        }
    }
    None
}

/// `text` with every refused character replaced by a visible stand-in: the Unicode control
/// picture for a C0 character and DEL (␛ for ESC), U+FFFD for the others. Tab, line feed
/// and the carriage return of a CRLF pass. Borrowed when nothing needed replacing.
pub fn safe(text: &str) -> Cow<'_, str> {
    if first_forbidden(text).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if is_forbidden(c) {
            out.push(stand_in(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`safe`] of a text no longer needed as it is: the same string back when it is clean, not
/// a copy (a list of 100,000 reforms is tens of megabytes).
pub fn safe_owned(text: String) -> String {
    same_when_clean(text, safe)
}

/// `text` itself when `made_safe` leaves it as it is, else what it makes of it.
fn same_when_clean(text: String, made_safe: fn(&str) -> Cow<'_, str>) -> String {
    let changed = match made_safe(&text) {
        Cow::Borrowed(_) => None,
        Cow::Owned(out) => Some(out),
    };
    changed.unwrap_or(text)
}

/// A single-line form of `text` for a message: [`safe`], and line breaks and tabs shown as
/// spaces.
pub fn one_line(text: &str) -> String {
    safe(text).replace(['\n', '\t', '\r'], " ")
}

fn stand_in(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// JSON text made safe: serde_json escapes C0 controls but leaves C1 and bidirectional
/// controls as they are; they become `\uXXXX` escapes, which mean the same to any JSON
/// reader. They can only stand inside strings, where the escape is valid.
pub fn safe_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_forbidden) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_forbidden(c) && c != '\r' {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`safe_json`] of JSON no longer needed as it is: the same string back when it is clean.
pub fn safe_json_owned(json: String) -> String {
    same_when_clean(json, safe_json)
}

/// Where, in TOML text as the file has it (a string with its quotes, or a whole file), the
/// first
/// refused character is: a character written as itself, or an escape (`\u001b`, `\e`,
/// `\b`, `\f`, a lone `\r`) that decodes to one.
pub fn toml_offset_of_forbidden(raw: &str) -> Option<usize> {
    let bytes = raw.as_bytes();
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\\' {
            let escape = chars.next().map(|(_, e)| e);
            let decoded = match escape {
                Some('b') => Some('\u{8}'),
                Some('f') => Some('\u{c}'),
                Some('e') => Some('\u{1b}'),
                // A CR escape is a line end when a LF escape follows.
                Some('r') if raw[at + 2..].starts_with("\\n") => None,
                Some('r') => Some('\r'),
                Some(kind @ ('u' | 'U' | 'x')) => {
                    let digits = match kind {
                        'u' => 4,
                        'U' => 8,
                        _ => 2,
                    };
                    let hex = raw.get(at + 2..at + 2 + digits)?;
                    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                }
                _ => None,
            };
            if decoded.is_some_and(is_forbidden) {
                return Some(at);
            }
        } else if is_forbidden(c) && !(c == '\r' && bytes.get(at + 1) == Some(&b'\n')) {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_and_allowed() {
        for c in [
            '\u{1b}', '\u{7}', '\u{0}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}', '\r',
        ] {
            assert!(is_forbidden(c), "{}", describe(c));
        }
        for c in ['\t', '\n', ' ', '数', '“', '\u{200b}', '\u{feff}', '\u{a0}'] {
            assert!(!is_forbidden(c), "{c:?}");
        }
        assert_eq!(first_forbidden("a\r\nb"), None);
        assert_eq!(first_forbidden("a\rb"), Some((1, '\r')));
        assert_eq!(first_forbidden("标题\u{1b}]0;x"), Some((6, '\u{1b}')));
        assert_eq!(describe('\u{1b}'), "U+001B (ESC)");
        assert_eq!(describe('\u{202e}'), "U+202E (right-to-left override)");
    }

    #[test]
    fn safe_shows_what_it_replaces_and_keeps_line_ends() {
        assert!(matches!(safe("数据\t跨境\r\n"), Cow::Borrowed(_)));
        assert_eq!(safe("a\u{1b}[2Jb"), "a\u{241b}[2Jb");
        assert_eq!(
            safe("x\u{9b}y\u{202e}z\u{7f}"),
            "x\u{fffd}y\u{fffd}z\u{2421}"
        );
        assert_eq!(safe("end\r"), "end\u{240d}");
        assert_eq!(one_line("a\nb\tc"), "a b c");
        let pasted = "标题\u{1b}[201~; touch pwned #";
        assert!(!safe(pasted).contains('\u{1b}'));
    }

    #[test]
    fn json_escapes_c1_and_bidi() {
        let json = serde_json::to_string("a\u{9b}b\u{202e}c\u{1b}").unwrap();
        let safe = safe_json(&json);
        assert_eq!(safe, "\"a\\u009bb\\u202ec\\u001b\"");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{9b}b\u{202e}c\u{1b}");
    }
}

#[cfg(test)]
mod toml_tests {
    use super::*;

    #[test]
    fn escapes_are_found_where_they_are_written() {
        assert_eq!(toml_offset_of_forbidden(r#""a\u001bb""#), Some(2));
        assert_eq!(toml_offset_of_forbidden(r#""a\eb""#), Some(2));
        assert_eq!(toml_offset_of_forbidden(r#""ab\U0000202Ec""#), Some(3));
        assert_eq!(toml_offset_of_forbidden(r#""line\r\nnext""#), None);
        assert_eq!(toml_offset_of_forbidden(r#""a\\u001b""#), None);
        assert_eq!(toml_offset_of_forbidden("\"a\u{7}b\""), Some(2));
    }
}
