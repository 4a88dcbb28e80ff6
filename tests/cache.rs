//! The catalog cache is untrusted input: whatever its file holds (flipped bytes, a cut-off
//! end, another file's entry, a folder that cannot be written), loading through it gives
//! exactly what parsing the TOML gives, or the parser's own error.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use reforms::core::cache;
use reforms::core::catalog::{Catalog, Document, Reform};
use reforms::core::library;
use reforms::core::synth;
use reforms::documents::import;

/// A dataset file big enough to be cached.
fn dataset(dir: &Path, n: usize, seed: u64) -> PathBuf {
    let real = Catalog::embedded().unwrap().reforms;
    let reforms = synth::generate(&real, n, seed);
    let document = Document {
        title: "缓存测试".into(),
        ..Document::default()
    };
    let path = dir.join("big.toml");
    fs::write(&path, import::to_toml(&document, &reforms)).unwrap();
    assert!(fs::metadata(&path).unwrap().len() >= cache::MIN_BYTES);
    path
}

/// What a load gave, to compare with the parser's.
fn parts(catalog: &Catalog) -> (Document, Vec<Reform>, Vec<String>) {
    (
        catalog.document.clone(),
        catalog.reforms.clone(),
        catalog
            .agencies()
            .iter()
            .map(|a| format!("{} {}", a.name, a.count))
            .collect(),
    )
}

fn only_entry(dir: &Path) -> PathBuf {
    let entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries.into_iter().next().unwrap()
}

#[test]
fn a_hit_equals_the_parse_and_a_changed_file_is_parsed_again() {
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("cache");
    let path = dataset(home.path(), 400, 1);
    let parsed = parts(&Catalog::from_file(&path).unwrap());
    let first = cache::load_file(&path, Some(&store)).unwrap();
    assert_eq!(parts(&first), parsed);
    let entry = only_entry(&store);
    let written = fs::metadata(&entry).unwrap().modified().unwrap();
    let second = cache::load_file(&path, Some(&store)).unwrap();
    assert_eq!(parts(&second), parsed);
    assert_eq!(second.origin, first.origin);
    assert_eq!(
        fs::metadata(&entry).unwrap().modified().unwrap(),
        written,
        "a hit does not write"
    );

    // Same name, same size, other content: the entry must not answer for it.
    let text = fs::read_to_string(&path).unwrap();
    let changed = text.replacen("缓存测试", "缓存试验", 1);
    assert_eq!(changed.len(), text.len());
    fs::write(&path, &changed).unwrap();
    let again = cache::load_file(&path, Some(&store)).unwrap();
    assert_eq!(again.document.title, "缓存试验");
    assert_eq!(parts(&again), parts(&Catalog::from_file(&path).unwrap()));
    assert_eq!(only_entry(&store), entry, "one entry per file, replaced");
}

#[test]
fn a_bad_file_still_gets_the_parsers_error_with_its_place() {
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("cache");
    let path = dataset(home.path(), 400, 2);
    let text = fs::read_to_string(&path).unwrap();
    // A cached good version must not hide that the file is now broken.
    cache::load_file(&path, Some(&store)).unwrap();
    fs::write(
        &path,
        text.replacen("number = 7\n", "number = \"seven\"\n", 1),
    )
    .unwrap();
    let expected = Catalog::from_file(&path).unwrap_err().to_string();
    let got = cache::load_file(&path, Some(&store))
        .unwrap_err()
        .to_string();
    assert_eq!(got, expected);
    assert!(got.contains("big.toml"), "{got}");
    assert!(got.contains(':'), "{got}");
}

#[test]
fn a_cache_folder_that_cannot_be_used_means_no_cache() {
    let home = tempfile::tempdir().unwrap();
    let path = dataset(home.path(), 400, 3);
    let parsed = parts(&Catalog::from_file(&path).unwrap());
    // A file where the folder should be: nothing can be written under it.
    let blocked = home.path().join("blocked");
    fs::write(&blocked, "not a folder").unwrap();
    assert_eq!(
        parts(&cache::load_file(&path, Some(&blocked.join("catalogs"))).unwrap()),
        parsed
    );
    assert_eq!(parts(&cache::load_file(&path, None).unwrap()), parsed);
    // Through the library's loader, as the program does.
    let store = home.path().join("cache");
    let loaded = library::load_cached(std::slice::from_ref(&path), None, Some(&store)).unwrap();
    assert_eq!(parts(&loaded), parsed);
    only_entry(&store);
}

#[test]
fn a_foreign_entry_is_ignored_and_replaced() {
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("cache");
    let dir_a = home.path().join("a");
    let dir_b = home.path().join("b");
    fs::create_dir_all(&dir_a).unwrap();
    fs::create_dir_all(&dir_b).unwrap();
    let a = dataset(&dir_a, 400, 5);
    let b = dataset(&dir_b, 400, 6);
    cache::load_file(&a, Some(&store)).unwrap();
    let entry_a = only_entry(&store);
    cache::load_file(&b, Some(&store)).unwrap();
    let entry_b = fs::read_dir(&store)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| *p != entry_a)
        .unwrap();
    // b's entry put where a's belongs: a well-formed entry, for another content.
    fs::copy(&entry_b, &entry_a).unwrap();
    let loaded = cache::load_file(&a, Some(&store)).unwrap();
    assert_eq!(parts(&loaded), parts(&Catalog::from_file(&a).unwrap()));
}

/// The embedded reforms and an entry for them, for the byte-level fuzzing below.
fn entry_bytes() -> (u128, Document, Vec<Reform>, Vec<u8>) {
    let catalog = Catalog::embedded().unwrap();
    let key = cache::key_of("x.toml", reforms::core::catalog::EMBEDDED_TOML.as_bytes());
    let bytes = cache::encode(key, &catalog.document, &catalog.reforms);
    (key, catalog.document, catalog.reforms, bytes)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Flipped bytes anywhere: the decoder gives the original or nothing, never a panic and
    /// never other data.
    #[test]
    fn flipped_bytes_are_detected(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..8)
    ) {
        let (key, document, reforms, original) = entry_bytes();
        let mut bytes = original.clone();
        for (at, mask) in flips {
            let at = at.index(bytes.len());
            bytes[at] ^= mask;
        }
        let got = cache::decode(&bytes[..], bytes.len() as u64, key);
        // Two flips of one byte can cancel out.
        let expected = (bytes == original).then_some((document, reforms));
        prop_assert_eq!(got, expected);
    }

    /// A cut-off entry, with or without garbage after the cut: nothing.
    #[test]
    fn truncated_entries_are_detected(
        cut in any::<prop::sample::Index>(),
        tail in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let (key, _, _, bytes) = entry_bytes();
        let mut cut_off = bytes[..cut.index(bytes.len())].to_vec();
        cut_off.extend_from_slice(&tail);
        if cut_off != bytes {
            prop_assert!(cache::decode(&cut_off[..], cut_off.len() as u64, key).is_none());
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A damaged entry on disk: loading through it equals parsing the TOML.
    #[test]
    fn loading_through_a_damaged_entry_equals_the_parse(
        at in any::<prop::sample::Index>(),
        mask in 1u8..=255,
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let home = tempfile::tempdir().unwrap();
        let store = home.path().join("cache");
        let path = dataset(home.path(), 250, 9);
        let parsed = parts(&Catalog::from_file(&path).unwrap());
        cache::load_file(&path, Some(&store)).unwrap();
        let entry = only_entry(&store);
        let mut bytes = fs::read(&entry).unwrap();
        let at = at.index(bytes.len());
        bytes[at] ^= mask;
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        fs::write(&entry, &bytes).unwrap();
        prop_assert_eq!(parts(&cache::load_file(&path, Some(&store)).unwrap()), parsed.clone());
        // And the entry was made whole again.
        prop_assert_eq!(parts(&cache::load_file(&path, Some(&store)).unwrap()), parsed);
    }
}

#[test]
fn the_undamaged_entry_decodes() {
    let (key, document, reforms, bytes) = entry_bytes();
    assert_eq!(
        cache::decode(&bytes[..], bytes.len() as u64, key),
        Some((document, reforms))
    );
}
