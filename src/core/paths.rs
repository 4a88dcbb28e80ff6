//! Where the program keeps its files: the configuration file, the remembered sessions, the
//! last export. Each platform has its own places:
//!
//! | folder | Linux and other Unix (XDG) | Windows | macOS |
//! |---|---|---|---|
//! | config | `$XDG_CONFIG_HOME/reforms`, else `~/.config/reforms` | `%APPDATA%\reforms` | `~/Library/Application Support/reforms` |
//! | state | `$XDG_STATE_HOME/reforms`, else `~/.local/state/reforms` | `%LOCALAPPDATA%\reforms` | `~/Library/Application Support/reforms` |
//! | cache | `$XDG_CACHE_HOME/reforms`, else `~/.cache/reforms` | `%LOCALAPPDATA%\reforms\cache` | `~/Library/Caches/reforms` |
//! | data | `$XDG_DATA_HOME/reforms`, else `~/.local/share/reforms` | `%APPDATA%\reforms\data` | `~/Library/Application Support/reforms/data` |
//!
//! On Windows and macOS the folders come from etcetera, which asks the system where they are
//! (the known folders on Windows) when the variables are missing. The XDG rule is ours: a
//! home that `HOME` does not give is not guessed (from the user database, as etcetera and
//! `std::env::home_dir` would), so that a session started without one says that nothing
//! will be kept instead of writing somewhere unexpected.

use std::ffi::OsString;
use std::path::PathBuf;

/// One of the program's folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    /// The configuration file.
    Config,
    /// The remembered sessions.
    State,
    /// The last export.
    Cache,
    /// The library of documents.
    Data,
}

impl Folder {
    /// The XDG variable naming this folder's base, and the base under the home folder when
    /// it is not set.
    pub fn xdg(self) -> (&'static str, &'static str) {
        match self {
            Folder::Config => ("XDG_CONFIG_HOME", ".config"),
            Folder::State => ("XDG_STATE_HOME", ".local/state"),
            Folder::Cache => ("XDG_CACHE_HOME", ".cache"),
            Folder::Data => ("XDG_DATA_HOME", ".local/share"),
        }
    }
}

/// The program's folder under an XDG base directory: `$<xdg>/reforms`, else
/// `~/<fallback>/reforms`. `None` when neither variable gives a place. A relative XDG value
/// is ignored, as the specification says.
pub fn folder(xdg: Option<OsString>, home: Option<OsString>, fallback: &str) -> Option<PathBuf> {
    let absolute = |value: Option<OsString>| value.map(PathBuf::from).filter(|p| p.is_absolute());
    absolute(xdg)
        .or_else(|| absolute(home).map(|home| home.join(fallback)))
        .map(|base| base.join("reforms"))
}

/// The program's `folder` in an environment read through `var` (a variable's value). Where
/// the platform's folders are not given by variables alone (Windows, macOS), the system is
/// asked and `var` is not used.
pub fn folder_in(folder: Folder, var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    #[cfg(not(any(windows, target_os = "macos")))]
    {
        let (xdg, fallback) = folder.xdg();
        self::folder(var(xdg), var("HOME"), fallback)
    }
    #[cfg(any(windows, target_os = "macos"))]
    {
        let _ = var;
        native(folder)
    }
}

/// The platform's own folders (see the table at the top).
#[cfg(windows)]
fn native(folder: Folder) -> Option<PathBuf> {
    use etcetera::BaseStrategy as _;
    let base = etcetera::base_strategy::Windows::new().ok()?;
    Some(match folder {
        Folder::Config => base.config_dir().join("reforms"),
        Folder::State => base.cache_dir().join("reforms"),
        Folder::Cache => base.cache_dir().join("reforms").join("cache"),
        Folder::Data => base.data_dir().join("reforms").join("data"),
    })
}

/// The platform's own folders (see the table at the top).
#[cfg(target_os = "macos")]
fn native(folder: Folder) -> Option<PathBuf> {
    use etcetera::BaseStrategy as _;
    let base = etcetera::base_strategy::Apple::new().ok()?;
    Some(match folder {
        Folder::Config | Folder::State => base.data_dir().join("reforms"),
        Folder::Cache => base.cache_dir().join("reforms"),
        Folder::Data => base.data_dir().join("reforms").join("data"),
    })
}

/// The folder of the configuration file.
pub fn config_dir() -> Option<PathBuf> {
    folder_in(Folder::Config, |name: &str| std::env::var_os(name))
}

/// The folder of the remembered sessions.
pub fn state_dir() -> Option<PathBuf> {
    folder_in(Folder::State, |name: &str| std::env::var_os(name))
}

/// The folder of the last export.
pub fn cache_dir() -> Option<PathBuf> {
    folder_in(Folder::Cache, |name: &str| std::env::var_os(name))
}

/// The folder of the library of documents.
pub fn data_dir() -> Option<PathBuf> {
    folder_in(Folder::Data, |name: &str| std::env::var_os(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Unix paths: "/x" is not absolute on Windows.
    #[cfg(unix)]
    #[test]
    fn folders_follow_xdg() {
        let some = |s: &str| Some(OsString::from(s));
        assert_eq!(
            folder(some("/x/state"), some("/home/u"), ".local/state"),
            Some(PathBuf::from("/x/state/reforms"))
        );
        assert_eq!(
            folder(None, some("/home/u"), ".local/state"),
            Some(PathBuf::from("/home/u/.local/state/reforms"))
        );
        assert_eq!(
            folder(some("relative"), some("/home/u"), ".config"),
            Some(PathBuf::from("/home/u/.config/reforms"))
        );
        assert_eq!(folder(None, some(""), ".config"), None);
        assert_eq!(folder(None, None, ".cache"), None);
    }

    #[cfg(not(any(windows, target_os = "macos")))]
    #[test]
    fn each_folder_has_its_variable() {
        let env = |name: &str| match name {
            "XDG_STATE_HOME" => Some(OsString::from("/s")),
            "HOME" => Some(OsString::from("/h")),
            _ => None,
        };
        assert_eq!(
            folder_in(Folder::State, env),
            Some(PathBuf::from("/s/reforms"))
        );
        assert_eq!(
            folder_in(Folder::Config, env),
            Some(PathBuf::from("/h/.config/reforms"))
        );
        assert_eq!(
            folder_in(Folder::Cache, env),
            Some(PathBuf::from("/h/.cache/reforms"))
        );
        assert_eq!(folder_in(Folder::Cache, |_| None), None);
    }

    /// Windows' folders, from the variables it sets (or the system when they are missing).
    #[cfg(windows)]
    #[test]
    fn windows_folders_are_the_application_data_folders() {
        let local = std::env::var_os("LOCALAPPDATA").map(PathBuf::from);
        let roaming = std::env::var_os("APPDATA").map(PathBuf::from);
        let state = state_dir().expect("a state folder");
        let config = config_dir().expect("a config folder");
        assert!(
            state.is_absolute() && config.is_absolute(),
            "{state:?} {config:?}"
        );
        if let (Some(local), Some(roaming)) = (local, roaming) {
            assert_eq!(state, local.join("reforms"));
            assert_eq!(cache_dir(), Some(local.join("reforms").join("cache")));
            assert_eq!(config, roaming.join("reforms"));
        }
    }
}
