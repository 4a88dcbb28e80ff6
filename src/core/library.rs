//! The library: the documents a user has imported (`reforms import FILE --into-library`),
//! each kept as a dataset file in a folder under the platform's data directory, and loaded
//! together with the embedded batch, which is always there.

use std::fs;
use std::path::{Path, PathBuf};

use crate::core::cache;
use crate::core::catalog::Catalog;
use crate::core::diagnostic::LoadError;
use crate::core::files;
use crate::core::paths;
use crate::core::selection::{Selection, UnknownName};
use crate::core::suggest::nearest_names;

/// The folder of the library's documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Library {
    dir: PathBuf,
}

/// A document of the library: its name (the file's name without `.toml`) and file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
}

/// Why the library could not be changed or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LibraryError {
    #[error("{}", exists(name, path))]
    Exists { name: String, path: PathBuf },
    #[error("{}{}", missing(name), known_names(.nearest, .known))]
    Missing {
        name: String,
        nearest: Vec<String>,
        known: Vec<String>,
    },
    #[error("{}", crate::say!(
        "{name:?} cannot name a document: use letters, digits or Chinese characters",
        "{name:?} 不能作为文件名称: 请用字母, 数字或汉字"
    ))]
    BadName { name: String },
    #[error("{}", crate::say!(
        "the library cannot be used: there is no data folder (neither XDG_DATA_HOME nor HOME is set)",
        "无法使用文件库: 没有数据文件夹 (XDG_DATA_HOME 和 HOME 都未设置)"
    ))]
    NoFolder,
    #[error("{}: {reason}", .path.display())]
    Io { path: PathBuf, reason: String },
}

fn exists(name: &str, path: &Path) -> String {
    let path = path.display();
    crate::say!(
        "the library already holds a document named {name} ({path}); remove it first (`reforms library remove {name}`) or give another --name",
        "文件库中已有名为 {name} 的文件 ({path}); 请先移除 (`reforms library remove {name}`) 或另给 --name"
    )
}

fn missing(name: &str) -> String {
    crate::say!(
        "the library holds no document named {name:?}",
        "文件库中没有名为 “{name}” 的文件"
    )
}

fn known_names(nearest: &[String], known: &[String]) -> String {
    if !nearest.is_empty() {
        let nearest = nearest.join(", ");
        crate::say!("; did you mean: {nearest}?", "; 是否指: {nearest}?")
    } else if known.is_empty() {
        crate::say!("; the library is empty", "; 文件库为空")
    } else {
        let known = known.join(" ");
        crate::say!("; it holds: {known}", "; 其中有: {known}")
    }
}

impl Library {
    /// The library in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Library {
        Library { dir: dir.into() }
    }

    /// The user's library: `$XDG_DATA_HOME/reforms/library`, else
    /// `~/.local/share/reforms/library`. None without a home.
    pub fn standard() -> Option<Library> {
        paths::data_dir().map(|dir| Library::at(dir.join("library")))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The documents, by name. A library that was never written to is empty.
    pub fn entries(&self) -> Result<Vec<Entry>, LibraryError> {
        let listing = match fs::read_dir(&self.dir) {
            Ok(listing) => listing,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io(&self.dir, &e)),
        };
        let mut entries: Vec<Entry> = listing
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml") && path.is_file())
            .filter_map(|path| {
                let name = path.file_stem()?.to_string_lossy().into_owned();
                (!name.starts_with('.')).then_some(Entry { name, path })
            })
            .collect();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    /// Adds a dataset (already checked) as the document `name`. An existing document of
    /// that name is never replaced.
    pub fn add(&self, name: &str, toml: &str) -> Result<PathBuf, LibraryError> {
        let name = valid_name(name)?;
        let path = self.dir.join(format!("{name}.toml"));
        if path.exists() {
            return Err(LibraryError::Exists {
                name: name.to_string(),
                path,
            });
        }
        files::write_atomic(&path, toml.as_bytes()).map_err(|e| self.io(&path, &e))?;
        Ok(path)
    }

    /// Removes the document `name`; the file it was.
    pub fn remove(&self, name: &str) -> Result<PathBuf, LibraryError> {
        let entries = self.entries()?;
        let Some(entry) = entries.iter().find(|e| e.name == name) else {
            let known: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
            return Err(LibraryError::Missing {
                name: name.to_string(),
                nearest: nearest_names(name, &known, 3)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                known: known.iter().map(|s| s.to_string()).collect(),
            });
        };
        fs::remove_file(&entry.path).map_err(|e| self.io(&entry.path, &e))?;
        Ok(entry.path.clone())
    }

    fn io(&self, path: &Path, e: &std::io::Error) -> LibraryError {
        LibraryError::Io {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }
    }
}

/// The name a document gets from its title: what a file name can hold, spaces as `-`.
pub fn name_for(title: &str) -> String {
    let name: String = title
        .trim()
        .chars()
        .map(|c| {
            if c.is_whitespace() {
                '-'
            } else if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(60)
        .collect();
    let name = name.trim_start_matches('.').to_string();
    if name.is_empty() {
        "document".to_string()
    } else {
        name
    }
}

fn valid_name(name: &str) -> Result<&str, LibraryError> {
    let bad = name.is_empty()
        || name.starts_with('.')
        || name.chars().count() > 100
        || name
            .chars()
            .any(|c| c.is_control() || "/\\:*?\"<>|".contains(c));
    if bad {
        Err(LibraryError::BadName {
            name: name.to_string(),
        })
    } else {
        Ok(name)
    }
}

/// The catalog the program works on: the `--data` files when any are given (one, or several
/// read as one library), else the embedded batch and every document of `library`. Files go
/// through the platform's catalog cache ([`cache`]) when there is one.
pub fn load(data: &[PathBuf], library: Option<&Library>) -> Result<Catalog, LoadError> {
    load_cached(data, library, cache::dir().as_deref())
}

/// [`load`] from the user's library ([`Library::standard`]): the catalog the command line
/// and the browser work on.
pub fn load_standard(data: &[PathBuf]) -> Result<Catalog, LoadError> {
    load(data, Library::standard().as_ref())
}

/// [`load`] with the catalog cache in `cache` (none: every file is parsed).
pub fn load_cached(
    data: &[PathBuf],
    library: Option<&Library>,
    cache: Option<&Path>,
) -> Result<Catalog, LoadError> {
    let mut catalogs = Vec::new();
    if data.is_empty() {
        catalogs.push(Catalog::embedded()?);
        let entries = match library {
            Some(library) => library.entries().map_err(|e| LoadError::Io {
                path: library.dir().display().to_string(),
                reason: e.to_string(),
            })?,
            None => Vec::new(),
        };
        for entry in entries {
            catalogs.push(cache::load_file(&entry.path, cache)?);
        }
    } else {
        for path in data {
            catalogs.push(cache::load_file(path, cache)?);
        }
    }
    Ok(Catalog::merge(catalogs))
}

/// Why reform numbers do not name one reform each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// A document the catalog does not have.
    #[error("{0}")]
    Document(Box<UnknownName>),
    /// No reform has the number in the documents, or several documents have it.
    #[error("{0}")]
    Number(String),
}

/// The positions in `catalog.reforms` of the reforms with these numbers, in the order given,
/// in the named documents (all when none is named). A number two documents share is an
/// error that names them, for `--document` to choose.
pub fn positions(
    catalog: &Catalog,
    documents: &[String],
    numbers: &[u32],
) -> Result<Vec<usize>, NumberError> {
    Selection {
        documents: documents.to_vec(),
        ..Selection::default()
    }
    .check(catalog)
    .map_err(|e| NumberError::Document(Box::new(e)))?;
    let chosen: Vec<usize> = documents
        .iter()
        .filter_map(|d| catalog.batch_index(d))
        .collect();
    let within = |i: usize| chosen.is_empty() || chosen.contains(&catalog.batch_of(i));
    numbers
        .iter()
        .map(|&n| numbered(catalog, n, within))
        .collect()
}

/// The position of the one reform numbered `number` among those `within` takes.
fn numbered(
    catalog: &Catalog,
    number: u32,
    within: impl Fn(usize) -> bool,
) -> Result<usize, NumberError> {
    let found: Vec<usize> = (0..catalog.reforms.len())
        .filter(|&i| catalog.reforms[i].number == number && within(i))
        .collect();
    match found[..] {
        [one] => Ok(one),
        [] => {
            let numbers = (0..catalog.reforms.len())
                .filter(|&i| within(i))
                .map(|i| catalog.reforms[i].number);
            let first = numbers.clone().min().unwrap_or(0);
            let last = numbers.max().unwrap_or(0);
            Err(NumberError::Number(crate::say!(
                "no reform numbered {number} in {}; the numbers run from {first} to {last}",
                "{} 中没有序号为 {number} 的改革事项; 序号从 {first} 到 {last}",
                catalog.source_name()
            )))
        }
        _ => {
            let names: Vec<&str> = found
                .iter()
                .map(|&i| catalog.batches()[catalog.batch_of(i)].name.as_str())
                .collect();
            Err(NumberError::Number(
                crate::core::catalog::in_several_documents(number, &names),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "[document]\ntitle = \"第九批\"\n\n[[reform]]\nnumber = 1\ntitle = \"甲\"\ncontent = \"内容\"\nscope = \"全市\"\nagencies = [\"市商务局\"]\n";

    #[test]
    fn add_list_load_and_remove() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::at(dir.path().join("library"));
        assert!(library.entries().unwrap().is_empty());
        assert_eq!(load(&[], Some(&library)).unwrap().batches().len(), 1);
        library.add("第九批", ONE).unwrap();
        assert!(matches!(
            library.add("第九批", ONE),
            Err(LibraryError::Exists { .. })
        ));
        assert!(matches!(
            library.add("../x", ONE),
            Err(LibraryError::BadName { .. })
        ));
        let names: Vec<String> = library
            .entries()
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["第九批"]);
        let catalog = load(&[], Some(&library)).unwrap();
        assert_eq!(catalog.reforms.len(), 43);
        let batches: Vec<&str> = catalog.batches().iter().map(|b| b.name.as_str()).collect();
        assert_eq!(batches, ["embedded", "第九批"]);
        // Reform 1 of each document, told apart by document.
        assert_eq!(catalog.position_in(Some("第九批"), 1), Some(42));
        assert_eq!(catalog.position_in(Some("embedded"), 1), Some(0));
        assert_eq!(catalog.reforms[42].document.as_deref(), Some("第九批"));
        let e = library.remove("第九").unwrap_err();
        assert!(e.to_string().contains("did you mean: 第九批"), "{e}");
        library.remove("第九批").unwrap();
        assert!(library.entries().unwrap().is_empty());
    }

    #[test]
    fn names_from_titles() {
        assert_eq!(name_for("天津 第九批/附件"), "天津-第九批_附件");
        assert_eq!(name_for(".."), "document");
    }
}
