//! The remembered session: the query, filters, marks, focused pane and current reform the
//! browser had when it ended, kept in a small TOML file per dataset so that reopening it
//! brings them back. Reforms are kept by number and agencies and scopes by name, so a
//! dataset that changed gets back what it still has.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Origin};
use crate::diagnostic::SourceFile;
use crate::tui::app::{AgencyMatch, App, Pane, Resume};
use crate::tui::labels::Lang;

/// What is remembered of a browser. Every field but `dataset` may be missing from the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The dataset the session was taken on, for whoever reads the file.
    #[serde(default)]
    pub dataset: String,
    /// The reform search line.
    #[serde(default)]
    pub query: String,
    /// Checked agencies, by name.
    #[serde(default)]
    pub agencies: Vec<String>,
    #[serde(default)]
    pub agency_match: MatchName,
    /// The chosen scope, by name; none is all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Marked reforms, by number.
    #[serde(default)]
    pub marks: Vec<u32>,
    #[serde(default)]
    pub focus: PaneName,
    /// The reform under the list cursor, by number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<u32>,
}

/// `AgencyMatch` as the file spells it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchName {
    #[default]
    Any,
    All,
}

/// `Pane` as the file spells it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaneName {
    #[default]
    List,
    Detail,
    Agencies,
}

impl Session {
    /// What the browser shows now, by names and numbers.
    pub fn capture(app: &App) -> Session {
        let agencies = app.catalog.agencies();
        Session {
            dataset: dataset_name(&app.catalog),
            query: app.reform_query.text.clone(),
            agencies: app
                .checked
                .iter()
                .filter_map(|&a| agencies.get(a).map(|a| a.name.clone()))
                .collect(),
            agency_match: match app.agency_match {
                AgencyMatch::Any => MatchName::Any,
                AgencyMatch::All => MatchName::All,
            },
            scope: app
                .scope
                .and_then(|s| app.catalog.scopes().get(s))
                .map(|s| s.name.clone()),
            marks: app.marked_numbers(),
            focus: match app.focus {
                Pane::List => PaneName::List,
                Pane::Detail => PaneName::Detail,
                Pane::Agencies => PaneName::Agencies,
            },
            current: app.current().map(|r| r.number),
        }
    }

    /// Puts the session back into `app`. Names and numbers the dataset no longer has are
    /// dropped without a word.
    pub fn restore(&self, app: &mut App) {
        let catalog = &app.catalog;
        let agency = |name: &String| catalog.agencies().iter().position(|a| &a.name == name);
        let reform = |number: u32| catalog.reforms.iter().position(|r| r.number == number);
        let resume = Resume {
            query: self.query.clone(),
            checked: self.agencies.iter().filter_map(agency).collect(),
            agency_match: match self.agency_match {
                MatchName::Any => AgencyMatch::Any,
                MatchName::All => AgencyMatch::All,
            },
            scope: self
                .scope
                .as_ref()
                .and_then(|name| catalog.scopes().iter().position(|s| &s.name == name)),
            marks: self.marks.iter().filter_map(|&n| reform(n)).collect(),
            focus: match self.focus {
                PaneName::List => Pane::List,
                PaneName::Detail => Pane::Detail,
                PaneName::Agencies => Pane::Agencies,
            },
            current: self.current.and_then(reform),
        };
        app.restore(resume);
    }
}

/// Opens `app` on reform `number`, its detail focused, keeping the rest of its state; when
/// the query or filters hide that reform they are cleared (marks stay). False when the
/// dataset has no such reform.
pub fn open_on(app: &mut App, number: u32) -> bool {
    if app.catalog.by_number(number).is_none() {
        return false;
    }
    let mut session = Session::capture(app);
    session.current = Some(number);
    session.focus = PaneName::Detail;
    session.restore(app);
    if app.current().map(|r| r.number) != Some(number) {
        session.query.clear();
        session.agencies.clear();
        session.scope = None;
        session.restore(app);
    }
    true
}

/// The folder sessions are kept in: `$XDG_STATE_HOME/reforms`, else
/// `~/.local/state/reforms`; `None` when neither variable gives an absolute path.
pub fn state_dir() -> Option<PathBuf> {
    state_dir_from(std::env::var_os("XDG_STATE_HOME"), std::env::var_os("HOME"))
}

/// `state_dir` from the two variables' values. A relative `XDG_STATE_HOME` is ignored, as
/// the XDG specification says.
pub fn state_dir_from(xdg_state_home: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let absolute = |value: Option<OsString>| value.map(PathBuf::from).filter(|p| p.is_absolute());
    absolute(xdg_state_home)
        .or_else(|| absolute(home).map(|home| home.join(".local/state")))
        .map(|base| base.join("reforms"))
}

/// The file of this catalog's session in `state_dir`: `session-embedded.toml` for the
/// embedded dataset, `session-<hash of the canonical path>.toml` for a file. The path, not
/// the content, is the key, so a file edited in place keeps its session.
pub fn session_path(state_dir: &Path, catalog: &Catalog) -> PathBuf {
    let key = match &catalog.origin {
        Origin::Embedded => "embedded".to_string(),
        Origin::File(path) => {
            let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            format!("{:016x}", fnv1a(canonical.as_os_str().as_encoded_bytes()))
        }
    };
    state_dir.join(format!("session-{key}.toml"))
}

/// FNV-1a, 64 bits: the same on every build and platform, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn dataset_name(catalog: &Catalog) -> String {
    match &catalog.origin {
        Origin::Embedded => "embedded".to_string(),
        Origin::File(path) => fs::canonicalize(path)
            .unwrap_or_else(|_| path.clone())
            .display()
            .to_string(),
    }
}

/// Reads a session file: `None` when there is none yet, an error naming the file when it
/// cannot be read or is not a session.
pub fn load(path: &Path) -> Result<Option<Session>, String> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    toml::from_str(&text).map(Some).map_err(|e| {
        // file:line:column, as every other bad input is reported.
        let at = e.span().map_or(String::new(), |span| {
            let (line, column) = SourceFile::new("", &text).line_column(span.start);
            format!(":{line}:{column}")
        });
        format!("{}{at}: {}", path.display(), e.message())
    })
}

/// Writes the session to a temporary file in the same folder and renames it over `path`, so
/// a reader never sees half a file. Creates the folder when needed.
pub fn save_atomic(path: &Path, session: &Session) -> io::Result<()> {
    let text = toml::to_string(session).map_err(io::Error::other)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "session".to_string());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = write_then_rename(&temp, path, text.as_bytes());
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

fn write_then_rename(temp: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(temp, path)
}

/// Restores the session at `path` into `app`. Returns a warning for the status bar when the
/// file is there but cannot be used: the browser starts clean then.
pub fn resume(app: &mut App, path: &Path) -> Option<String> {
    match load(path) {
        Ok(Some(session)) => {
            session.restore(app);
            None
        }
        Ok(None) => None,
        Err(e) => Some(match app.lang {
            Lang::Zh => format!("未恢复上次的会话: {e}"),
            Lang::En => format!("session not restored: {e}"),
        }),
    }
}

/// Saves what `app` shows now to `path`; the error is a message for standard error.
pub fn save(app: &App, path: &Path) -> Result<(), String> {
    save_atomic(path, &Session::capture(app))
        .map_err(|e| format!("cannot save the session to {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Reform;
    use crate::tui::action::Action;
    use crate::tui::app::Options;

    fn app() -> App {
        let mut app = App::new(Catalog::embedded().unwrap(), Options::default());
        app.update(Action::Resize {
            width: 120,
            height: 40,
        });
        app
    }

    fn agency_index(app: &App, name: &str) -> usize {
        app.catalog
            .agencies()
            .iter()
            .position(|a| a.name == name)
            .unwrap()
    }

    /// Checks the agency `name` through the agency pane's search, as a user would.
    fn check_agency(app: &mut App, query: &str) {
        app.update(Action::FocusNext);
        app.update(Action::FocusNext);
        app.update(Action::StartSearch);
        app.update(Action::Input(query.into()));
        app.update(Action::SubmitSearch);
        app.update(Action::ToggleAgency);
        app.update(Action::ClearQuery);
    }

    #[test]
    fn capture_and_restore_round_trip() {
        let mut before = app();
        before.update(Action::StartSearch);
        before.update(Action::Input("数据".into()));
        before.update(Action::SubmitSearch);
        before.update(Action::ToggleMark);
        before.update(Action::ToggleMark);
        check_agency(&mut before, "市委网信办");
        before.update(Action::ToggleAgencyMatch);
        before.update(Action::FocusNext);
        before.update(Action::MoveDown);
        assert_eq!(before.focus, Pane::List);
        assert!(
            before.list.selected > 0,
            "the cursor moved off the first row"
        );

        let session = Session::capture(&before);
        let text = toml::to_string(&session).unwrap();
        let read: Session = toml::from_str(&text).unwrap();
        assert_eq!(read, session);

        let mut after = app();
        read.restore(&mut after);
        assert_eq!(after.reform_query.text, "数据");
        assert_eq!(after.reform_query.caret, 2);
        assert_eq!(after.checked, before.checked);
        assert!(after.checked.contains(&agency_index(&after, "市委网信办")));
        assert_eq!(after.agency_match, AgencyMatch::All);
        assert_eq!(after.scope, before.scope);
        assert_eq!(after.marked_numbers(), before.marked_numbers());
        assert_eq!(after.marked_numbers().len(), 2);
        assert_eq!(after.focus, before.focus);
        assert_eq!(after.view, before.view);
        assert_eq!(
            after.current().map(|r| r.number),
            before.current().map(|r| r.number)
        );
    }

    #[test]
    fn scope_and_detail_focus_survive() {
        let mut before = app();
        before.update(Action::CycleScope);
        before.update(Action::FocusDetail);
        let session = Session::capture(&before);
        assert!(session.scope.is_some());
        let mut after = app();
        session.restore(&mut after);
        assert_eq!(after.scope, before.scope);
        assert_eq!(after.focus, Pane::Detail);
        assert_eq!(after.view, before.view);
    }

    /// The embedded dataset without reform 20 and without the agency 天津海关.
    fn changed_catalog() -> Catalog {
        let old = Catalog::embedded().unwrap();
        let reforms: Vec<Reform> = old
            .reforms
            .iter()
            .filter(|r| r.number != 20)
            .cloned()
            .map(|mut r| {
                r.agencies.retain(|a| a != "天津海关");
                if r.agencies.is_empty() {
                    r.agencies.push("市商务局".into());
                }
                r
            })
            .collect();
        Catalog::from_parts(old.document.clone(), reforms, Origin::Embedded)
    }

    #[test]
    fn restore_on_a_changed_dataset_drops_what_is_gone() {
        let session = Session {
            dataset: "embedded".into(),
            query: String::new(),
            agencies: vec!["天津海关".into(), "市商务局".into()],
            agency_match: MatchName::Any,
            scope: Some("没有这个范围".into()),
            marks: vec![3, 20, 35],
            focus: PaneName::Agencies,
            current: Some(20),
        };
        let mut app = App::new(changed_catalog(), Options::default());
        session.restore(&mut app);
        assert_eq!(app.marked_numbers(), vec![3, 35]);
        let names: Vec<&str> = app
            .checked
            .iter()
            .map(|&a| app.catalog.agencies()[a].name.as_str())
            .collect();
        assert_eq!(names, vec!["市商务局"]);
        assert_eq!(app.scope, None);
        assert_eq!(app.focus, Pane::Agencies);
        // Reform 20 is gone: the cursor is on the first reform shown.
        assert_eq!(app.list.selected, 0);
        assert!(app.current().is_some());
    }

    #[test]
    fn open_on_moves_to_the_reform_and_clears_filters_that_hide_it() {
        let mut app = app();
        app.update(Action::StartSearch);
        app.update(Action::Input("邮轮".into()));
        app.update(Action::SubmitSearch);
        app.update(Action::ToggleMark);
        assert!(open_on(&mut app, 20));
        assert_eq!(app.current().map(|r| r.number), Some(20));
        assert_eq!(app.reform_query.text, "邮轮", "reform 20 is shown: kept");
        assert_eq!(app.focus, Pane::Detail);

        assert!(open_on(&mut app, 7));
        assert_eq!(app.current().map(|r| r.number), Some(7));
        assert!(app.reform_query.is_empty(), "the query hid reform 7");
        assert_eq!(app.marked_numbers(), vec![20], "marks stay");
        assert!(!open_on(&mut app, 999));
    }

    #[test]
    fn an_invalid_file_is_a_warning_and_the_browser_starts_clean() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session-embedded.toml");
        for bad in [
            "query = [1, 2",        // not TOML
            "marks = \"3\"",        // a wrong type
            "focus = \"sideways\"", // an unknown pane
            "\u{0}\u{ff}",          // not text
        ] {
            fs::write(&path, bad).unwrap();
            assert!(load(&path).is_err(), "{bad:?}");
            let mut app = app();
            let warning = resume(&mut app, &path).expect("a warning");
            assert!(warning.contains("session-embedded.toml"), "{warning}");
            assert!(app.reform_query.is_empty() && app.marks.is_empty());
            assert_eq!(app.shown(), 42);
        }
        // Where it went wrong, as line and column.
        fs::write(&path, "query = \"数据\"\nmarks = [1,\n  \"二\"]\n").unwrap();
        let warning = load(&path).unwrap_err();
        assert!(warning.contains("session-embedded.toml:3:3: "), "{warning}");
        // Unreadable: a folder where the file should be.
        let folder = dir.path().join("folder.toml");
        fs::create_dir(&folder).unwrap();
        assert!(load(&folder).is_err());
        // No file yet is no warning.
        let mut app = app();
        assert_eq!(resume(&mut app, &dir.path().join("none.toml")), None);
        assert_eq!(load(&dir.path().join("none.toml")), Ok(None));
    }

    #[test]
    fn unknown_and_missing_fields_are_tolerated() {
        let session: Session = toml::from_str("query = \"海关\"\nlater = 1\n").unwrap();
        assert_eq!(session.query, "海关");
        assert_eq!(session.focus, PaneName::List);
        assert!(session.marks.is_empty());
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn save_writes_a_whole_file_through_a_rename() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state/reforms");
        let path = state.join("session-embedded.toml");
        let mut session = Session {
            marks: (1..=42).collect(),
            query: "数据".repeat(100),
            ..Session::default()
        };
        save_atomic(&path, &session).unwrap();
        assert_eq!(load(&path), Ok(Some(session.clone())));
        // The temporary file was renamed, not left beside it.
        assert_eq!(files_in(&state), vec!["session-embedded.toml"]);

        session.marks = vec![1];
        session.query.clear();
        save_atomic(&path, &session).unwrap();
        assert_eq!(load(&path), Ok(Some(session.clone())));
        assert_eq!(files_in(&state), vec!["session-embedded.toml"]);
    }

    #[test]
    fn a_failed_save_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder with something in it in the way: the rename fails.
        let path = dir.path().join("session-embedded.toml");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("keep"), "x").unwrap();
        assert!(save_atomic(&path, &Session::default()).is_err());
        assert_eq!(files_in(dir.path()), vec!["session-embedded.toml"]);
        assert_eq!(files_in(&path), vec!["keep"]);
    }

    #[test]
    fn each_dataset_has_its_own_file() {
        let dir = tempfile::tempdir().unwrap();
        let state = Path::new("/state/reforms");
        let embedded = Catalog::embedded().unwrap();
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        fs::write(&a, crate::catalog::EMBEDDED_TOML).unwrap();
        fs::write(&b, crate::catalog::EMBEDDED_TOML).unwrap();
        let file_a = Catalog::from_file(&a).unwrap();
        let file_b = Catalog::from_file(&b).unwrap();
        let paths = [
            session_path(state, &embedded),
            session_path(state, &file_a),
            session_path(state, &file_b),
        ];
        assert_eq!(paths[0], state.join("session-embedded.toml"));
        assert_ne!(paths[1], paths[2]);
        assert_ne!(paths[0], paths[1]);
        for path in &paths {
            assert_eq!(path.parent(), Some(state));
        }
        // The same file by another spelling of its path has the same session.
        let other_spelling = dir.path().join(".").join("a.toml");
        let again = Catalog::from_file(&other_spelling).unwrap();
        assert_eq!(session_path(state, &again), paths[1]);
        // The dataset is named inside.
        assert!(
            Session::capture(&App::new(file_a, Options::default()))
                .dataset
                .ends_with("a.toml")
        );
    }

    #[test]
    fn the_state_folder_follows_xdg() {
        let some = |s: &str| Some(OsString::from(s));
        assert_eq!(
            state_dir_from(some("/x/state"), some("/home/u")),
            Some(PathBuf::from("/x/state/reforms"))
        );
        assert_eq!(
            state_dir_from(None, some("/home/u")),
            Some(PathBuf::from("/home/u/.local/state/reforms"))
        );
        assert_eq!(
            state_dir_from(some("relative"), some("/home/u")),
            Some(PathBuf::from("/home/u/.local/state/reforms"))
        );
        assert_eq!(state_dir_from(None, None), None);
    }
}
