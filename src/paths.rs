//! Where the program keeps its files, following the XDG base directory specification: the
//! configuration file, the remembered sessions, the last export.

use std::ffi::OsString;
use std::path::PathBuf;

/// The program's folder under an XDG base directory: `$<xdg>/reforms`, else
/// `~/<fallback>/reforms`. `None` when neither variable gives a place. A relative XDG value
/// is ignored, as the specification says.
pub fn folder(xdg: Option<OsString>, home: Option<OsString>, fallback: &str) -> Option<PathBuf> {
    let absolute = |value: Option<OsString>| value.map(PathBuf::from).filter(|p| p.is_absolute());
    absolute(xdg)
        .or_else(|| absolute(home).map(|home| home.join(fallback)))
        .map(|base| base.join("reforms"))
}

/// A base directory of this process's environment: `XDG_CONFIG_HOME` with `.config`,
/// `XDG_STATE_HOME` with `.local/state`, `XDG_CACHE_HOME` with `.cache`.
fn from_env(xdg: &str, fallback: &str) -> Option<PathBuf> {
    folder(std::env::var_os(xdg), std::env::var_os("HOME"), fallback)
}

/// `$XDG_CONFIG_HOME/reforms`, else `~/.config/reforms`.
pub fn config_dir() -> Option<PathBuf> {
    from_env("XDG_CONFIG_HOME", ".config")
}

/// `$XDG_STATE_HOME/reforms`, else `~/.local/state/reforms`: the remembered sessions.
pub fn state_dir() -> Option<PathBuf> {
    from_env("XDG_STATE_HOME", ".local/state")
}

/// `$XDG_DATA_HOME/reforms`, else `~/.local/share/reforms`: the library of documents.
pub fn data_dir() -> Option<PathBuf> {
    from_env("XDG_DATA_HOME", ".local/share")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
