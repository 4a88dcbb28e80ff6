//! Writing files so that nothing is lost: the new content goes to a temporary file beside
//! the target and is renamed over it, so a full disk, a killed process or a power cut leaves
//! either the old file whole or the new one whole, never half of one. A symbolic link is
//! kept: the file it points to is replaced. Temporary files left by a process that was
//! killed are removed by the next write to the same file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

/// A temporary file older than this is the leftover of a write that never finished.
const STALE: Duration = Duration::from_secs(60);

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file written: the target of `path` when `path` is a symbolic link.
    pub file: PathBuf,
    /// An existing file was replaced.
    pub replaced: bool,
}

/// Writes `bytes` to `path` through a temporary file renamed over it, making the folder
/// when it is missing. A link is followed: its target is replaced and the link stays. The
/// replaced file's permissions are kept.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<Written> {
    let file = resolve_links(path)?;
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    fs::create_dir_all(&dir)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::other(format!("{} names no file", path.display())))?;
    remove_stale_temporaries(&dir, &name);
    let existing = fs::metadata(&file).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(io::Error::other(format!("{} is a folder", file.display())));
    }
    // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a named pipe) is written to, as
    // a shell's `>` does: renaming over it would put a regular file in the device's place.
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        let mut out = fs::OpenOptions::new().write(true).open(&file)?;
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(Written {
            file,
            replaced: false,
        });
    }
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let temp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut out = fs::File::create(&temp)?;
        out.write_all(bytes)?;
        out.sync_all()?;
        if let Some(meta) = &existing {
            fs::set_permissions(&temp, meta.permissions())?;
        }
        fs::rename(&temp, &file)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(Written {
        file,
        replaced: existing.is_some(),
    })
}

/// The file a path ends at after following symbolic links (also a link to a file that does
/// not exist yet). A loop of links is an error.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..32 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Removes `.NAME.*.tmp` files in `dir` older than a minute: what a killed write left.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !(file_name.starts_with(&prefix) && file_name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `dir/stem.ext`, or the first of `stem-2.ext`, `stem-3.ext`, ... that is not `taken`.
pub fn free_name(
    dir: &Path,
    stem: &str,
    extension: &str,
    taken: impl Fn(&Path) -> bool,
) -> PathBuf {
    let candidate = |n: usize| {
        let name = if n == 1 {
            format!("{stem}.{extension}")
        } else {
            format!("{stem}-{n}.{extension}")
        };
        dir.join(name)
    };
    (1..)
        .map(candidate)
        .find(|path| !taken(path))
        .unwrap_or_else(|| candidate(1))
}

/// The names in `dir`, sorted: what tests of a write find beside the file.
#[cfg(test)]
pub(crate) fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A named pipe stays a pipe and its reader gets the bytes: devices and pipes are
    /// written to, never replaced (`-o /dev/null` once put a regular file in its place).
    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        let reading = pipe.clone();
        let reader = std::thread::spawn(move || fs::read(reading).unwrap());
        let written = write_atomic(&pipe, "数据".as_bytes()).unwrap();
        assert!(!written.replaced);
        assert_eq!(reader.join().unwrap(), "数据".as_bytes());
        assert!(fs::metadata(&pipe).unwrap().file_type().is_fifo());
        assert_eq!(names_in(dir.path()), vec!["pipe".to_string()]);
    }

    #[test]
    fn writes_and_replaces_leaving_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/导出.txt");
        let first = write_atomic(&path, "一".as_bytes()).unwrap();
        assert!(!first.replaced);
        let second = write_atomic(&path, "二".as_bytes()).unwrap();
        assert!(second.replaced);
        assert_eq!(fs::read_to_string(&path).unwrap(), "二");
        assert_eq!(names_in(&dir.path().join("sub")), vec!["导出.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_kept_and_its_target_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        let written = write_atomic(&link, b"new").unwrap();
        assert_eq!(written.file, target);
        assert!(written.replaced);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&link).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_write_leaves_the_original_whole() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keep.txt");
        fs::write(&path, "original").unwrap();
        // No room to make the temporary file: the folder is read-only.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o500)).unwrap();
        let result = write_atomic(&path, b"new");
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
        // As root the folder's mode does not stop the write; the content is whole either way.
        let content = fs::read_to_string(&path).unwrap();
        match result {
            Err(_) => assert_eq!(content, "original"),
            Ok(_) => assert_eq!(content, "new"),
        }
        assert_eq!(names_in(dir.path()), vec!["keep.txt"]);
    }

    #[test]
    fn a_folder_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(dir.path(), b"x").is_err());
        assert!(dir.path().is_dir());
    }

    #[test]
    fn stale_temporaries_are_removed_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".s.toml.123-0.tmp");
        let fresh = dir.path().join(".s.toml.456-0.tmp");
        fs::write(&stale, "x").unwrap();
        fs::write(&fresh, "x").unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        write_atomic(&dir.path().join("s.toml"), b"y").unwrap();
        assert_eq!(names_in(dir.path()), vec![".s.toml.456-0.tmp", "s.toml"]);
    }

    #[test]
    fn free_names_count_up() {
        let dir = tempfile::tempdir().unwrap();
        let taken = |p: &Path| p.exists();
        assert_eq!(
            free_name(dir.path(), "r", "txt", taken),
            dir.path().join("r.txt")
        );
        fs::write(dir.path().join("r.txt"), "").unwrap();
        fs::write(dir.path().join("r-2.txt"), "").unwrap();
        assert_eq!(
            free_name(dir.path(), "r", "txt", taken),
            dir.path().join("r-3.txt")
        );
    }
}
