//! A cache of parsed dataset files, so that a catalog of 100,000 reforms opens without
//! parsing its TOML again: under the platform's cache folder (`$XDG_CACHE_HOME/reforms/
//! catalogs` on Linux), one file per dataset file, named by the dataset's path.
//!
//! The cache is keyed by the dataset's content: a 128-bit XXH3 hash of its bytes (and of its
//! name, which gives an untitled dataset its title, and of the program's version), so it can
//! never answer for a file that changed. It is never required: without a cache folder, or
//! with one that cannot be written, files are parsed as before. A cache file that is
//! truncated, corrupt, of another version or of another content is ignored (and replaced),
//! never trusted: its payload carries its own checksum, and what it decodes to is checked
//! again for what a dataset must be (what [`Catalog`] relies on, and the characters a
//! dataset may not hold), since anyone who can write the folder can write anything there.
//!
//! The format is ours, not serde's: a header, a table of numbers and string lengths, then
//! the text of every string one after another. A hit reads the text in one piece and keeps
//! it as the catalog's text: each field is a range of it, not a string of its own.

use foldhash::{HashSet, HashSetExt};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::core::catalog::{
    Catalog, Document, Origin, Reform, Text, is_agency_separator, too_long,
};
use crate::core::diagnostic::{LoadError, MAX_FILE_BYTES, SourceFile, read_bytes};
use crate::core::files;
use crate::core::paths;
use crate::core::safe;

/// Changes whenever the layout below does.
const MAGIC: &[u8; 8] = b"RFMCAT\x00\x02";
/// Files smaller than this parse in a few milliseconds: caching them would only fill the
/// folder.
pub const MIN_BYTES: u64 = 256 * 1024;
/// The header: magic, key (16 bytes), payload length (8), payload checksum (8).
const HEADER: usize = 8 + 16 + 8 + 8;

/// The folder of cached catalogs, when the platform gives a cache folder.
pub fn dir() -> Option<PathBuf> {
    paths::cache_dir().map(|dir| dir.join("catalogs"))
}

/// Loads the dataset file at `path` as [`Catalog::from_file`] does, through the cache in
/// `cache` when given: a cached catalog of the same content is read instead of the TOML;
/// otherwise the file is parsed and, when it loads, cached for the next time. Errors are the
/// parser's, for a file that is not valid; the cache itself never causes one.
pub fn load_file(path: &Path, cache: Option<&Path>) -> Result<Catalog, LoadError> {
    let origin = Origin::File(path.to_path_buf());
    let cached = cache.and_then(|dir| {
        let meta = std::fs::metadata(path).ok()?;
        // A file over the size cap is refused by the parser: no need to hash it first.
        if !meta.is_file() || meta.len() < MIN_BYTES || meta.len() > MAX_FILE_BYTES {
            return None;
        }
        let name = path.display().to_string();
        let key = key_of_file(&name, path)?;
        let entry = dir.join(entry_name(&name));
        let hit = read(&entry, key);
        Some((name, entry, hit))
    });
    let entry = match cached {
        Some((_, _, Some((document, reforms)))) => {
            return Ok(Catalog::from_parts(document, reforms, origin));
        }
        Some((name, entry, None)) => Some((name, entry)),
        None => None,
    };
    let Some((name, entry)) = entry else {
        return Catalog::from_file(path);
    };
    // Parsed from the very bytes that are hashed, so the entry matches what it says even when
    // the file changes in between.
    let bytes = read_bytes(path)?;
    let key = key_of(&name, &bytes);
    let source = SourceFile::from_bytes(&name, bytes)?;
    let catalog = Catalog::parse(&source, origin)?;
    drop(source);
    // A cache that cannot be written just means no cache.
    let _ = files::write_atomic(&entry, &encode(key, &catalog.document, &catalog.reforms));
    Ok(catalog)
}

/// The content key of a dataset named `name` with these bytes.
pub fn key_of(name: &str, bytes: &[u8]) -> u128 {
    let mut hasher = keyed(name);
    hasher.update(bytes);
    hasher.digest128()
}

fn keyed(name: &str) -> Xxh3 {
    let mut hasher = Xxh3::new();
    hasher.update(MAGIC);
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&(name.len() as u64).to_le_bytes());
    hasher.update(name.as_bytes());
    hasher
}

/// [`key_of`] read from the file in pieces, so that a hit never holds the dataset's text.
fn key_of_file(name: &str, path: &Path) -> Option<u128> {
    let mut file = File::open(path).ok()?;
    let mut hasher = keyed(name);
    let mut buffer = vec![0u8; 1 << 18];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return Some(hasher.digest128()),
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// The cache file of the dataset named `name`: one per dataset, replaced when it changes.
fn entry_name(name: &str) -> String {
    format!("{:016x}.bin", xxh3_64(name.as_bytes()))
}

/// The cache entry for `key`: the header, then the payload: the length of its table (8
/// bytes), the table (the numbers and the length of every string, in order: the document's
/// title and optional fields, then each reform's number, title, content, scope, agencies and
/// lead agencies), and the text of all the strings one after another. The text is read back
/// in one piece and held as the catalog's one buffer of text, each field a range of it.
pub fn encode(key: u128, document: &Document, reforms: &[Reform]) -> Vec<u8> {
    let text_len: usize = reforms
        .iter()
        .map(|r| {
            let names = r.agencies.iter().chain(&r.lead).map(|a| a.len());
            r.title.len() + r.content.len() + r.scope.len() + names.sum::<usize>()
        })
        .sum();
    let mut w = Writer {
        table: Vec::with_capacity(64 + reforms.len() * 32),
        text: String::with_capacity(text_len + 1024),
    };
    w.str(&document.title);
    for value in [
        &document.source,
        &document.number,
        &document.date,
        &document.issuer,
    ] {
        match value {
            Some(s) => {
                w.table.push(1);
                w.str(s);
            }
            None => w.table.push(0),
        }
    }
    w.u32(reforms.len() as u32);
    for r in reforms {
        w.u32(r.number);
        w.str(&r.title);
        w.str(&r.content);
        w.str(&r.scope);
        w.list(&r.agencies);
        w.list(&r.lead);
    }
    // The payload is written once, straight after its header, which is filled in last.
    let payload_len = 8 + w.table.len() + w.text.len();
    let mut out = Vec::with_capacity(HEADER + payload_len);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&(payload_len as u64).to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&(w.table.len() as u64).to_le_bytes());
    out.extend_from_slice(&w.table);
    drop(w.table);
    out.extend_from_slice(w.text.as_bytes());
    drop(w.text);
    let checksum = xxh3_64(&out[HEADER..]);
    out[HEADER - 8..HEADER].copy_from_slice(&checksum.to_le_bytes());
    out
}

/// An entry's table and text as they are written.
struct Writer {
    table: Vec<u8>,
    text: String,
}

impl Writer {
    fn u32(&mut self, n: u32) {
        self.table.extend_from_slice(&n.to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.text.push_str(s);
    }

    fn list(&mut self, list: &[Text]) {
        self.u32(list.len() as u32);
        for s in list {
            self.str(s);
        }
    }
}

/// The document and reforms of the cache file at `entry` when it is a whole, sound entry for
/// `key`; None for anything else (missing, truncated, corrupt, of another content).
pub fn read(entry: &Path, key: u128) -> Option<(Document, Vec<Reform>)> {
    let file = File::open(entry).ok()?;
    let len = file.metadata().ok()?.len();
    // An entry is never much bigger than the dataset it stands for.
    if len > 2 * MAX_FILE_BYTES {
        return None;
    }
    decode(file, len, key)
}

/// [`read`] from any reader of `len` bytes.
pub fn decode(mut reader: impl Read, len: u64, key: u128) -> Option<(Document, Vec<Reform>)> {
    let mut header = [0u8; HEADER];
    reader.read_exact(&mut header).ok()?;
    let (magic, rest) = header.split_at(8);
    let (stored_key, rest) = rest.split_at(16);
    let (payload_len, checksum) = rest.split_at(8);
    let payload_len = u64::from_le_bytes(payload_len.try_into().ok()?);
    if magic != MAGIC
        || u128::from_le_bytes(stored_key.try_into().ok()?) != key
        || Some(payload_len) != len.checked_sub(HEADER as u64)
    {
        return None;
    }
    let checksum = u64::from_le_bytes(checksum.try_into().ok()?);
    let mut hasher = Xxh3::new();
    let mut piece = |n: u64| -> Option<Vec<u8>> {
        let mut bytes = buffer(usize::try_from(n).ok()?);
        (&mut reader).take(n).read_to_end(&mut bytes).ok()?;
        (bytes.len() as u64 == n).then_some(())?;
        hasher.update(&bytes);
        Some(bytes)
    };
    let table_len = u64::from_le_bytes(piece(8)?.try_into().ok()?);
    let text_len = payload_len.checked_sub(8)?.checked_sub(table_len)?;
    let table = piece(table_len)?;
    let text = piece(text_len)?;
    // Nothing past the payload, and the payload as it was written.
    if reader.read(&mut [0u8]).ok()? != 0 || hasher.digest() != checksum {
        return None;
    }
    simdutf8::basic::from_utf8(&text).ok()?;
    // SAFETY: the whole text was checked as UTF-8 just above.
    let text = Arc::new(unsafe { String::from_utf8_unchecked(text) });
    let mut t = Table {
        table: &table,
        text: &text,
        at: 0,
        text_at: 0,
    };
    let title = t.string()?;
    let mut optional = || -> Option<Option<String>> {
        match t.byte()? {
            0 => Some(None),
            1 => t.string().map(Some),
            _ => None,
        }
    };
    let document = Document {
        title,
        source: optional()?,
        number: optional()?,
        date: optional()?,
        issuer: optional()?,
    };
    let check = Check {
        // Almost always the whole text is clean, and no string needs a look of its own.
        all_clean: !might_be_refused(&text),
    };
    check.document(&document).then_some(())?;
    let count = t.u32()? as usize;
    // Every reform takes at least 24 bytes of the table: a bogus count cannot reserve much.
    let mut reforms = Vec::with_capacity(count.min(table.len() / 24));
    let mut numbers = HashSet::with_capacity(reforms.capacity());
    for _ in 0..count {
        let reform = Reform {
            number: t.u32()?,
            title: t.text()?,
            content: t.text()?,
            scope: t.text()?,
            agencies: t.list()?,
            lead: t.list()?,
            document: None,
        };
        // Checked as it is read, while its text is in the processor's cache.
        (check.reform(&reform) && numbers.insert(reform.number)).then_some(())?;
        reforms.push(reform);
    }
    if t.at != table.len() || t.text_at != text.len() || reforms.is_empty() {
        return None;
    }
    Some((document, reforms))
}

/// An empty buffer for `n` bytes. On Linux a big one asks for huge pages: the text of
/// 100,000 reforms is 30,000 pages of 4 KiB, and the kernel's work on first touching each of
/// them was as much as all the rest of loading.
fn buffer(n: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    huge_pages(&mut bytes);
    bytes
}

#[cfg(target_os = "linux")]
fn huge_pages(bytes: &mut Vec<u8>) {
    const HUGE: usize = 2 << 20;
    let start = bytes.as_mut_ptr() as usize;
    let end = start + bytes.capacity();
    let first = start.next_multiple_of(HUGE);
    if end > first + HUGE {
        let len = (end - first) / HUGE * HUGE;
        // SAFETY: the range lies inside the vector's own allocation, which holds nothing
        // yet; the advice changes how the kernel backs the pages, not what they hold. Where
        // the system does not allow it, it fails, and the buffer is as before.
        let _ = unsafe {
            rustix::mm::madvise(
                first as *mut std::ffi::c_void,
                len,
                rustix::mm::Advice::LinuxHugepage,
            )
        };
    }
}

/// A cursor over an entry's table, handing out the text's strings in order.
struct Table<'a> {
    table: &'a [u8],
    text: &'a Arc<String>,
    /// Where the next number is in the table, and the next string in the text.
    at: usize,
    text_at: usize,
}

impl Table<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.table.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn u32(&mut self) -> Option<u32> {
        let bytes = self.table.get(self.at..self.at.checked_add(4)?)?;
        self.at += 4;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }

    /// The next string, as a range of the text; None when it is outside the text or cuts a
    /// character.
    fn text(&mut self) -> Option<Text> {
        let start = self.text_at;
        let end = start.checked_add(self.u32()? as usize)?;
        let text = Text::shared(self.text, start, end)?;
        self.text_at = end;
        Some(text)
    }

    fn string(&mut self) -> Option<String> {
        self.text().map(String::from)
    }

    fn list(&mut self) -> Option<Vec<Text>> {
        let n = self.u32()? as usize;
        // Every string takes at least its 4-byte length.
        let mut out = Vec::with_capacity(n.min((self.table.len() - self.at) / 4));
        for _ in 0..n {
            out.push(self.text()?);
        }
        Some(out)
    }
}

/// Whether decoded data is a dataset the parser could have produced: what the catalog and
/// the screen rely on (numbers unique and positive, fields and agencies present, lead
/// agencies among the agencies, no refused character). Unique numbers are the caller's.
struct Check {
    /// Whether the whole text passed the quick test for refused characters.
    all_clean: bool,
}

impl Check {
    fn clean(&self, s: &str) -> bool {
        self.all_clean || safe::first_forbidden(s).is_none()
    }

    fn present(&self, s: &str) -> bool {
        !s.trim().is_empty() && self.clean(s) && too_long(s).is_none()
    }

    fn document(&self, document: &Document) -> bool {
        !document.title.trim().is_empty()
            && self.clean(&document.title)
            && [
                &document.source,
                &document.number,
                &document.date,
                &document.issuer,
            ]
            .into_iter()
            .flatten()
            .all(|s| self.clean(s))
    }

    fn reform(&self, r: &Reform) -> bool {
        let agencies_ok = !r.agencies.is_empty()
            && r.agencies.iter().enumerate().all(|(i, a)| {
                self.present(a)
                    && !a.chars().any(is_agency_separator)
                    && !r.agencies[..i].contains(a)
            });
        let leads_ok = r
            .lead
            .iter()
            .enumerate()
            .all(|(i, l)| r.agencies.contains(l) && !r.lead[..i].contains(l));
        r.number >= 1
            && self.present(&r.title)
            && self.present(&r.content)
            && self.present(&r.scope)
            && agencies_ok
            && leads_ok
    }
}

/// A quick pass over bytes that every refused character trips, and few others do: C0
/// controls other than tab and line feed, and DEL, by byte; C1 controls (0xC2 0x80..=0x9F)
/// and the bidirectional controls (0xE2 0x80 0xAA..=0xAE, 0xE2 0x81 0xA6..=0xA9) by their
/// encodings. One branch-free fold over each byte and the two after it, so that it
/// vectorises: an entry's whole text is passed in one go, and the exact check runs only on
/// the strings of a text that trips it.
fn might_be_refused(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    let body = b
        .iter()
        .zip(&b[n.min(1)..])
        .zip(&b[n.min(2)..])
        .fold(false, |seen, ((&a, &x), &y)| seen | trips(a, x, y));
    // The last two bytes, with spaces (which trip nothing) after them.
    let mut end = [b' '; 4];
    let k = n.min(2);
    end[..k].copy_from_slice(&b[n - k..]);
    body | trips(end[0], end[1], end[2]) | trips(end[1], end[2], end[3])
}

/// Whether a byte, with the two after it, starts a refused character or may be one.
#[inline(always)]
fn trips(a: u8, b: u8, c: u8) -> bool {
    let c0 = (a < 0x20) & (a != b'\t') & (a != b'\n');
    let c1 = (a == 0xC2) & (0x80..=0x9F).contains(&b);
    let bidi = (a == 0xE2)
        & (((b == 0x80) & (0xAA..=0xAE).contains(&c)) | ((b == 0x81) & (0xA6..=0xA9).contains(&c)));
    c0 | (a == 0x7F) | c1 | bidi
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Document, Vec<Reform>) {
        let catalog = Catalog::embedded().unwrap();
        (catalog.document, catalog.reforms)
    }

    #[test]
    fn round_trip_and_key_check() {
        let (document, reforms) = sample();
        let bytes = encode(7, &document, &reforms);
        let len = bytes.len() as u64;
        assert_eq!(
            decode(&bytes[..], len, 7),
            Some((document.clone(), reforms.clone()))
        );
        assert_eq!(decode(&bytes[..], len, 8), None, "another content's entry");
        assert_eq!(decode(&bytes[..len as usize - 1], len - 1, 7), None);
    }

    #[test]
    fn unsound_data_is_refused_even_with_a_good_checksum() {
        let (document, reforms) = sample();
        let mut bad = reforms.clone();
        bad[1].number = bad[0].number;
        let check = |reforms: &[Reform]| {
            let bytes = encode(1, &document, reforms);
            decode(&bytes[..], bytes.len() as u64, 1).is_some()
        };
        assert!(check(&reforms));
        assert!(!check(&bad), "duplicate number");
        let mut bad = reforms.clone();
        bad[0].lead = vec!["不在其中的单位".into()];
        assert!(!check(&bad), "a lead agency that is not an agency");
        let mut bad = reforms.clone();
        bad[3].title = format!("{}\u{1b}", bad[3].title).into();
        assert!(!check(&bad), "an escape character");
        let mut bad = reforms.clone();
        bad[3].content = format!("{}\u{202e}", bad[3].content).into();
        assert!(!check(&bad), "a bidirectional control");
        let mut bad = reforms.clone();
        bad[2].agencies.clear();
        assert!(!check(&bad), "no agency");
        assert!(!check(&[]), "no reform");
        let mut fine = reforms.clone();
        fine[0].content = format!("{}\n“引号”", fine[0].content).into();
        assert!(check(&fine), "line feeds and quotes are allowed");
    }

    #[test]
    fn quick_pass_trips_on_every_refused_character() {
        for u in 0..0x3000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let forbidden = safe::is_forbidden(c);
            if forbidden {
                assert!(might_be_refused(&c.to_string()), "U+{u:04X}");
            }
            // Anywhere in a text: first, last, next to the end, among Chinese, after an
            // allowed control; and a text without one does not trip.
            for (before, after) in [("", "数据"), ("数据\n", ""), ("“数", "”"), ("\t", "x")]
            {
                let text = format!("{before}{c}{after}");
                assert_eq!(might_be_refused(&text), forbidden, "U+{u:04X} in {text:?}");
                if forbidden {
                    assert!(safe::first_forbidden(&text).is_some());
                }
            }
        }
        let catalog = Catalog::embedded().unwrap();
        let text: String = catalog.reforms.iter().map(|r| r.content.as_str()).collect();
        assert!(!might_be_refused(&text), "the embedded batch is clean");
    }

    /// `bytes` with its checksum made right again, as anyone writing the folder could.
    fn resealed(mut bytes: Vec<u8>) -> Vec<u8> {
        let sum = xxh3_64(&bytes[HEADER..]);
        bytes[HEADER - 8..HEADER].copy_from_slice(&sum.to_le_bytes());
        bytes
    }

    #[test]
    fn a_table_that_does_not_fit_its_text_is_refused_even_with_a_good_checksum() {
        let (document, reforms) = sample();
        let bytes = encode(3, &document, &reforms);
        let decodes = |bytes: &[u8]| decode(bytes, bytes.len() as u64, 3).is_some();
        assert!(decodes(&resealed(bytes.clone())));
        let table_len = u64::from_le_bytes(bytes[HEADER..HEADER + 8].try_into().unwrap());
        let table = HEADER + 8;
        // The document's title is the first length of the table: one byte more cuts the
        // character after it in two, one byte less the title's last.
        let title_len = u32::from_le_bytes(bytes[table..table + 4].try_into().unwrap());
        for delta in [1i64, -1, 2, -2, 1 << 20] {
            let mut bad = bytes.clone();
            let len = (title_len as i64 + delta) as u32;
            bad[table..table + 4].copy_from_slice(&len.to_le_bytes());
            assert!(!decodes(&resealed(bad)), "title length off by {delta}");
        }
        // A table that claims more than the payload, or less than it holds.
        for len in [table_len + 1, table_len - 1, u64::MAX] {
            let mut bad = bytes.clone();
            bad[HEADER..HEADER + 8].copy_from_slice(&len.to_le_bytes());
            assert!(!decodes(&resealed(bad)), "table length {len}");
        }
        // Text left over after the last string.
        let mut bad = bytes.clone();
        bad.extend_from_slice("剩余".as_bytes());
        let payload = (bad.len() - HEADER) as u64;
        bad[24..32].copy_from_slice(&payload.to_le_bytes());
        assert!(!decodes(&resealed(bad)), "text after the last string");
        // Text that is no UTF-8.
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] = 0xFF;
        assert!(!decodes(&resealed(bad)), "invalid UTF-8");
    }

    #[test]
    fn fields_of_a_cached_catalog_share_one_text() {
        let (document, reforms) = sample();
        let bytes = encode(5, &document, &reforms);
        let (_, decoded) = decode(&bytes[..], bytes.len() as u64, 5).unwrap();
        assert_eq!(decoded, reforms);
        let first = &decoded[0].title;
        assert!(decoded.iter().all(|r| {
            r.title.shares_text_with(first)
                && r.content.shares_text_with(first)
                && r.agencies.iter().all(|a| a.shares_text_with(first))
        }));
        assert!(!reforms[0].title.shares_text_with(&reforms[1].title));
    }
}
