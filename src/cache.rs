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
//! The format is ours, not serde's: a header, then the document and the reforms as
//! length-prefixed strings. Reading streams through a buffer, so a hit never holds the
//! cache file and the catalog in memory at once.

use foldhash::{HashSet, HashSetExt};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::catalog::{Catalog, Document, Origin, Reform, is_agency_separator, too_long};
use crate::diagnostic::{LoadError, MAX_FILE_BYTES, SourceFile, read_bytes};
use crate::files;
use crate::paths;
use crate::safe;

/// Changes whenever the layout below does.
const MAGIC: &[u8; 8] = b"RFMCAT\x00\x01";
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

/// The cache entry for `key`: the header, then the document and the reforms.
pub fn encode(key: u128, document: &Document, reforms: &[Reform]) -> Vec<u8> {
    let mut payload = Vec::new();
    let put_str = |out: &mut Vec<u8>, s: &str| {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    let put_opt = |out: &mut Vec<u8>, s: &Option<String>| match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    };
    let put_list = |out: &mut Vec<u8>, list: &[String]| {
        out.extend_from_slice(&(list.len() as u32).to_le_bytes());
        for s in list {
            put_str(out, s);
        }
    };
    put_str(&mut payload, &document.title);
    for value in [
        &document.source,
        &document.number,
        &document.date,
        &document.issuer,
    ] {
        put_opt(&mut payload, value);
    }
    payload.extend_from_slice(&(reforms.len() as u32).to_le_bytes());
    for r in reforms {
        payload.extend_from_slice(&r.number.to_le_bytes());
        put_str(&mut payload, &r.title);
        put_str(&mut payload, &r.content);
        put_str(&mut payload, &r.scope);
        put_list(&mut payload, &r.agencies);
        put_list(&mut payload, &r.lead);
    }
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxh3_64(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// The document and reforms of the cache file at `entry` when it is a whole, sound entry for
/// `key`; None for anything else (missing, truncated, corrupt, of another content).
pub fn read(entry: &Path, key: u128) -> Option<(Document, Vec<Reform>)> {
    let file = File::open(entry).ok()?;
    let len = file.metadata().ok()?.len();
    decode(BufReader::with_capacity(1 << 20, file), len, key)
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
    let mut payload = Payload {
        reader,
        left: payload_len,
        hasher: Xxh3::new(),
        buffer: Vec::new(),
    };
    let title = payload.string()?;
    let mut optional = || -> Option<Option<String>> {
        match payload.bytes(1, &mut Vec::new())?[0] {
            0 => Some(None),
            1 => payload.string().map(Some),
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
    let count = payload.u32()? as usize;
    // Every reform takes at least 28 bytes: a bogus count cannot reserve much.
    let mut reforms = Vec::with_capacity(count.min((payload.left / 28) as usize));
    for _ in 0..count {
        reforms.push(Reform {
            number: payload.u32()?,
            title: payload.string()?,
            content: payload.string()?,
            scope: payload.string()?,
            agencies: payload.list()?,
            lead: payload.list()?,
            document: None,
        });
    }
    if payload.left != 0 || payload.hasher.digest() != checksum {
        return None;
    }
    sound(&document, &reforms).then_some((document, reforms))
}

/// The payload as it is read: what is left of it, and its checksum so far.
struct Payload<R> {
    reader: R,
    left: u64,
    hasher: Xxh3,
    /// Where each string is read before it is checked and copied out.
    buffer: Vec<u8>,
}

impl<R: Read> Payload<R> {
    /// The next `n` bytes, read into `buffer` (reused from string to string).
    fn bytes<'b>(&mut self, n: usize, buffer: &'b mut Vec<u8>) -> Option<&'b [u8]> {
        if n as u64 > self.left {
            return None;
        }
        buffer.resize(n, 0);
        self.reader.read_exact(buffer).ok()?;
        self.left -= n as u64;
        self.hasher.update(buffer);
        Some(buffer)
    }

    fn u32(&mut self) -> Option<u32> {
        let mut out = [0u8; 4];
        if self.left < 4 {
            return None;
        }
        self.reader.read_exact(&mut out).ok()?;
        self.left -= 4;
        self.hasher.update(&out);
        Some(u32::from_le_bytes(out))
    }

    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        let mut buffer = std::mem::take(&mut self.buffer);
        let text = self
            .bytes(n, &mut buffer)
            .and_then(|bytes| simdutf8::basic::from_utf8(bytes).ok())
            .map(str::to_owned);
        self.buffer = buffer;
        text
    }

    fn list(&mut self) -> Option<Vec<String>> {
        let n = self.u32()? as usize;
        // Every string takes at least its 4-byte length.
        let mut out = Vec::with_capacity(n.min((self.left / 4) as usize));
        for _ in 0..n {
            out.push(self.string()?);
        }
        Some(out)
    }
}

/// Whether decoded data is a dataset the parser could have produced: what the catalog and
/// the screen rely on (numbers unique and positive, fields and agencies present, lead
/// agencies among the agencies, no refused character).
fn sound(document: &Document, reforms: &[Reform]) -> bool {
    let clean = |s: &str| !might_be_refused(s) || safe::first_forbidden(s).is_none();
    let present = |s: &str| !s.trim().is_empty() && clean(s) && too_long(s).is_none();
    let document_ok = !document.title.trim().is_empty()
        && clean(&document.title)
        && [
            &document.source,
            &document.number,
            &document.date,
            &document.issuer,
        ]
        .into_iter()
        .flatten()
        .all(|s| clean(s));
    if !document_ok || reforms.is_empty() {
        return false;
    }
    let mut numbers = HashSet::with_capacity(reforms.len());
    reforms.iter().all(|r| {
        let agencies_ok = !r.agencies.is_empty()
            && r.agencies.iter().enumerate().all(|(i, a)| {
                present(a) && !a.chars().any(is_agency_separator) && !r.agencies[..i].contains(a)
            });
        let leads_ok = r
            .lead
            .iter()
            .enumerate()
            .all(|(i, l)| r.agencies.contains(l) && !r.lead[..i].contains(l));
        r.number >= 1
            && numbers.insert(r.number)
            && present(&r.title)
            && present(&r.content)
            && present(&r.scope)
            && agencies_ok
            && leads_ok
    })
}

/// A quick pass over bytes that every refused character trips, and few others do: C0
/// controls and DEL by byte (folded without early exit, so that it vectorises), C1 controls
/// (0xC2 0x80..=0x9F) and the bidirectional controls (0xE2 0x80 0xAA..=0xAE, 0xE2 0x81
/// 0xA6..=0xA9) by their encodings. The exact check runs only then.
fn might_be_refused(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes
        .iter()
        .fold(false, |seen, &b| seen | (b < 0x20) | (b == 0x7F))
    {
        return true;
    }
    memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|at| {
        let next = |i: usize| bytes.get(at + i).copied().unwrap_or(0);
        match bytes[at] {
            0xC2 => (0x80..=0x9F).contains(&next(1)),
            _ => match next(1) {
                0x80 => (0xAA..=0xAE).contains(&next(2)),
                0x81 => (0xA6..=0xA9).contains(&next(2)),
                _ => false,
            },
        }
    })
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
        bad[3].title.push('\u{1b}');
        assert!(!check(&bad), "an escape character");
        let mut bad = reforms.clone();
        bad[3].content.push('\u{202e}');
        assert!(!check(&bad), "a bidirectional control");
        let mut bad = reforms.clone();
        bad[2].agencies.clear();
        assert!(!check(&bad), "no agency");
        assert!(!check(&[]), "no reform");
        let mut fine = reforms.clone();
        fine[0].content.push_str("\n“引号”");
        assert!(check(&fine), "line feeds and quotes are allowed");
    }

    #[test]
    fn quick_pass_trips_on_every_refused_character() {
        for u in 0..0x3000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            if safe::is_forbidden(c) {
                assert!(might_be_refused(&c.to_string()), "U+{u:04X}");
            }
        }
    }
}
