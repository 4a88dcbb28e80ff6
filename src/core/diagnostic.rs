//! Errors in input files, located by file, line and column, and rendered with the line they
//! point at so that an official can find and fix the place in any editor.

use std::fmt;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use crate::{core::safe, core::text};

/// The largest file the program reads: a dataset of 100,000 reforms is about 120 MB.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// At most this many refused characters are listed for one file; the rest are counted.
const MAX_CHARACTER_PROBLEMS: usize = 20;

/// A problem at one place of an input file. Lines and columns count from 1; columns count
/// characters, as editors do, not bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The text of the line the problem is on, for the excerpt under the message.
    pub source_line: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            safe::one_line(&self.file),
            self.line,
            self.column,
            safe::one_line(&self.message)
        )
    }
}

impl Diagnostic {
    /// The message, then the offending line with a caret under the column (placed by display
    /// width, so it lines up under Chinese text too).
    pub fn render(&self) -> String {
        let mut out = self.to_string();
        // Tabs would be drawn at the terminal's tab stops; one space keeps the caret honest.
        // A refused character shows as its one-cell stand-in, never as itself.
        let line = safe::one_line(self.source_line.trim_end());
        if !line.is_empty() {
            let gutter = self.line.to_string();
            let (shown, pad) = excerpt(&line, self.column);
            out.push_str(&format!(
                "\n {gutter} | {shown}\n {} | {}^",
                " ".repeat(gutter.len()),
                " ".repeat(pad)
            ));
        }
        out
    }
}

/// The most cells of the offending line an excerpt shows.
pub const EXCERPT_CELLS: usize = 160;

/// Marks where an excerpt cut the line.
const CUT: &str = "...";

/// At most `EXCERPT_CELLS` cells of `line` around the 1-based character `column`, with
/// `...` on each side that was cut; and the cells before the column's character, where the
/// caret goes.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<(char, usize)> = line.chars().map(|c| (c, text::char_width(c))).collect();
    let at = column.saturating_sub(1).min(chars.len());
    let cells = |range: &[(char, usize)]| range.iter().map(|(_, w)| w).sum::<usize>();
    if cells(&chars) <= EXCERPT_CELLS {
        return (line.to_string(), cells(&chars[..at]));
    }
    // Half the room before the column, the rest after it, and what one side does not use
    // goes to the other.
    let room = EXCERPT_CELLS - 2 * CUT.len();
    let (mut start, mut end) = (at, at);
    let mut used = 0;
    let fits = |w: usize, used: &mut usize| {
        let ok = *used + w <= room;
        if ok {
            *used += w;
        }
        ok
    };
    while start > 0
        && (used + chars[start - 1].1) * 2 <= room
        && fits(chars[start - 1].1, &mut used)
    {
        start -= 1;
    }
    while end < chars.len() && fits(chars[end].1, &mut used) {
        end += 1;
    }
    while start > 0 && fits(chars[start - 1].1, &mut used) {
        start -= 1;
    }
    let mut shown = String::new();
    let mut pad = 0;
    if start > 0 {
        shown.push_str(CUT);
        pad += CUT.len();
    }
    shown.extend(chars[start..end].iter().map(|(c, _)| c));
    pad += cells(&chars[start..at]);
    if end < chars.len() {
        shown.push_str(CUT);
    }
    (shown, pad)
}

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all (missing, a directory, no permission).
    #[error("{}: {}", safe::one_line(.path), safe::one_line(.reason))]
    Io { path: String, reason: String },
    /// The file was read but its content is wrong, at one or more places.
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
}

impl LoadError {
    /// Every problem, each with its excerpt.
    pub fn render(&self) -> String {
        match self {
            LoadError::Io { .. } => self.to_string(),
            LoadError::Invalid(problems) => problems
                .iter()
                .map(Diagnostic::render)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The located problems, if any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            LoadError::Io { .. } => &[],
            LoadError::Invalid(problems) => problems,
        }
    }
}

/// The text of an input file with what is needed to turn byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Text already in memory; a leading byte order mark is dropped, as editors hide it.
    pub fn new(name: &str, text: &str) -> SourceFile {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.to_string(),
            text,
            line_starts,
        }
    }

    /// Reads a file, which must be a regular file of at most [`MAX_FILE_BYTES`], UTF-8,
    /// and free of the characters [`safe`] refuses. A device or a pipe is refused at once,
    /// before anything is read from it.
    pub fn read(path: &Path) -> Result<SourceFile, LoadError> {
        let (name, file) = open_checked(path)?;
        SourceFile::from_reader(&name, file)
    }

    /// Reads everything from `reader` (standard input, for `-`), up to [`MAX_FILE_BYTES`],
    /// as the file `name`.
    pub fn from_reader(name: &str, reader: impl Read) -> Result<SourceFile, LoadError> {
        let mut bytes = Vec::new();
        reader
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| LoadError::Io {
                path: name.to_string(),
                reason: io_reason(&e),
            })?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(LoadError::Io {
                path: name.to_string(),
                reason: too_big(bytes.len() as u64),
            });
        }
        SourceFile::from_bytes(name, bytes)
    }

    /// The bytes of a file named `name`, which must be UTF-8; the first invalid byte is
    /// reported at its line and column, and every character [`safe`] refuses at its own.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<SourceFile, LoadError> {
        match String::from_utf8(bytes) {
            Ok(text) => {
                let source = SourceFile::new(name, &text);
                source.check_characters()?;
                Ok(source)
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]);
                let partial = SourceFile::new(name, &prefix);
                Err(partial.error_at(
                    partial.text.len()..partial.text.len(),
                    &crate::say!(
                        "the file is not UTF-8 text (byte 0x{:02X} at offset {valid}); save it as UTF-8",
                        "文件不是 UTF-8 文本 (偏移 {valid} 处的字节 0x{:02X}); 请另存为 UTF-8",
                        bytes[valid]
                    ),
                ))
            }
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every refused character of the file's text (up to a limit, then a count), each at
    /// its line and column and named by its code point.
    pub fn check_characters(&self) -> Result<(), LoadError> {
        let mut problems = Vec::new();
        let mut rest = 0;
        let mut extra = 0;
        while let Some((at, c)) = safe::first_forbidden(&self.text[rest..]) {
            let offset = rest + at;
            if problems.len() < MAX_CHARACTER_PROBLEMS {
                problems.push(self.diagnostic(offset..offset, &refused(c)));
            } else {
                extra += 1;
            }
            rest = offset + c.len_utf8();
        }
        if extra > 0
            && let Some(last) = problems.last_mut()
        {
            last.message.push_str(&crate::say!(
                " (and {extra} more such characters)",
                " (另有 {extra} 个此类字符)"
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(LoadError::Invalid(problems))
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The text of a 1-based line, without its line end.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].trim_end_matches('\r')
    }

    /// A diagnostic at the start of `span`.
    pub fn diagnostic(&self, span: Range<usize>, message: &str) -> Diagnostic {
        let (line, column) = self.line_column(span.start);
        self.diagnostic_at(line, column, message)
    }

    /// A load error with a single diagnostic at the start of `span`.
    pub fn error_at(&self, span: Range<usize>, message: &str) -> LoadError {
        LoadError::Invalid(vec![self.diagnostic(span, message)])
    }

    /// A diagnostic at a 1-based line and column, for line-oriented formats.
    pub fn diagnostic_at(&self, line: usize, column: usize, message: &str) -> Diagnostic {
        Diagnostic {
            file: self.name.clone(),
            line,
            column,
            message: message.to_string(),
            source_line: self.line_text(line).to_string(),
        }
    }
}

/// The message for a refused character.
pub fn refused(c: char) -> String {
    let c = safe::describe(c);
    crate::say!(
        "{c} is not allowed: control and bidirectional characters could drive the terminal or hide text",
        "不允许 {c}: 控制字符和双向文本字符可能操纵终端或隐藏文字"
    )
}

/// Opens a file that passes the door checks: a regular file (a device or a pipe is refused
/// before opening, as opening a pipe waits for a writer) of at most [`MAX_FILE_BYTES`].
/// Returns the name errors give it, and the file.
fn open_checked(path: &Path) -> Result<(String, std::fs::File), LoadError> {
    let name = path.display().to_string();
    let io = |reason: String| LoadError::Io {
        path: name.clone(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| io(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(io(crate::say!(
            "is a directory, not a file",
            "是文件夹, 不是文件"
        )));
    }
    if !meta.is_file() {
        return Err(io(crate::say!(
            "is not a regular file (a device, a pipe or a socket); save the data to a file first",
            "不是普通文件 (设备, 管道或套接字); 请先把数据存为文件"
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(io(too_big(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(|e| io(io_reason(&e)))?;
    Ok((name, file))
}

/// The bytes of a file, with the checks of [`SourceFile::read`]: a regular file of at most
/// [`MAX_FILE_BYTES`], refused at once when it is a device or a pipe. For documents, which
/// are not text.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let (name, file) = open_checked(path)?;
    let io = |reason: String| LoadError::Io {
        path: name.clone(),
        reason,
    };
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io(io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io(too_big(bytes.len() as u64)));
    }
    Ok(bytes)
}

/// Everything on `reader` (standard input), up to [`MAX_FILE_BYTES`], as the file `name`.
pub fn read_all(name: &str, reader: impl Read) -> Result<Vec<u8>, LoadError> {
    let mut bytes = Vec::new();
    let io = |reason: String| LoadError::Io {
        path: name.to_string(),
        reason,
    };
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io(io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io(too_big(bytes.len() as u64)));
    }
    Ok(bytes)
}

fn too_big(bytes: u64) -> String {
    crate::say!(
        "is {} MiB; the largest file read is {} MiB",
        "大小为 {} MiB; 能读取的文件最大 {} MiB",
        bytes.div_ceil(1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// The reason of an I/O error without Rust's "(os error 2)" suffix.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => crate::say!("no such file", "没有此文件"),
        std::io::ErrorKind::PermissionDenied => crate::say!("permission denied", "没有权限"),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let s = SourceFile::new("f", "ab\n中文x\n");
        assert_eq!(s.line_column(0), (1, 1));
        assert_eq!(s.line_column(3), (2, 1));
        assert_eq!(s.line_column(9), (2, 3));
        assert_eq!(s.line_column(100), (3, 1));
    }

    #[test]
    fn bom_is_not_counted() {
        let s = SourceFile::new("f", "\u{feff}ab");
        assert_eq!(s.text(), "ab");
        assert_eq!(s.line_column(1), (1, 2));
    }

    #[test]
    fn a_long_line_is_cut_around_the_column_with_the_caret_in_place() {
        let long = format!("{}X{}", "数".repeat(5000), "b".repeat(5000));
        let s = SourceFile::new("f.toml", &format!("{long}\n"));
        let at = 5000 * 3;
        let rendered = s.diagnostic(at..at + 1, "here").render();
        let lines: Vec<&str> = rendered.lines().collect();
        let shown = lines[1].strip_prefix(" 1 | ").unwrap();
        assert!(
            shown.starts_with("...数") && shown.ends_with("b..."),
            "{shown}"
        );
        assert!(
            text::str_width(shown) <= EXCERPT_CELLS,
            "{}",
            text::str_width(shown)
        );
        assert!(text::str_width(shown) >= EXCERPT_CELLS - 8);
        // The caret is under the X, which sits near the middle.
        let caret = lines[2].strip_prefix("   | ").unwrap();
        let pad = caret.len() - 1;
        let before: String = shown.chars().take_while(|c| *c != 'X').collect();
        assert_eq!(pad, text::str_width(&before));
        assert!((60..=100).contains(&pad), "{pad}");

        // Near the start: cut on the right only, and the room goes there.
        let rendered = s.diagnostic(3..4, "here").render();
        let shown = rendered
            .lines()
            .nth(1)
            .unwrap()
            .strip_prefix(" 1 | ")
            .unwrap();
        assert!(
            shown.starts_with("数数") && shown.ends_with("..."),
            "{shown}"
        );
        assert!(text::str_width(shown) >= EXCERPT_CELLS - 8);
        // Near the end: cut on the left only.
        let end = long.len() - 1;
        let rendered = s.diagnostic(end..end + 1, "here").render();
        let lines: Vec<&str> = rendered.lines().collect();
        let shown = lines[1].strip_prefix(" 1 | ").unwrap();
        assert!(
            shown.starts_with("...") && shown.ends_with("bbb"),
            "{shown}"
        );
        assert_eq!(
            lines[2].len() - "   | ".len() - 1,
            text::str_width(shown) - 1
        );
    }

    #[test]
    fn caret_lines_up_under_wide_characters() {
        let s = SourceFile::new("f.toml", "title = \"中文\"x\n");
        let d = s.diagnostic(16..17, "here");
        assert_eq!(d.column, 13);
        let rendered = d.render();
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines[1], " 1 | title = \"中文\"x");
        assert_eq!(lines[2], format!("   | {}^", " ".repeat(14)));
    }
}
