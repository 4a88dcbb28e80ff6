//! The remembered session: the selection (search, agencies, scope), marks, focused pane and
//! current reform the browser had when it ended, kept in a small TOML file per dataset so
//! that reopening it brings them back. Reforms are kept by number and agencies and scopes
//! by name, so a dataset that changed gets back what it still has.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::app::App;
use super::layout::Pane;
use crate::core::catalog::{Catalog, Origin};
use crate::core::diagnostic::{LoadError, SourceFile, refused};
use crate::core::selection::Selection;
use crate::{core::files, core::safe};

/// What is remembered of a browser. Every field may be missing from the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    /// The dataset the session was taken on, for whoever reads the file.
    pub dataset: String,
    /// The search, checked agencies, any/all and scope.
    #[serde(flatten)]
    pub selection: Selection,
    /// Marked reforms, by number (a dataset of one document).
    pub marks: Vec<u32>,
    /// Marked reforms of several documents, as `document:number`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marked: Vec<String>,
    pub focus: Pane,
    /// The reform under the list cursor, by number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<u32>,
    /// The reform under the list cursor among several documents, as `document:number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_in: Option<String>,
    /// Only the marked reforms were shown.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub marked_only: bool,
    /// The status facet, when tracking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<crate::track::Status>,
    /// Earlier searches, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<String>,
}

impl Session {
    /// What the browser shows now, by names and numbers.
    pub fn capture(app: &App) -> Session {
        let catalog = app.catalog();
        let several = catalog.batches().len() > 1;
        let key = |i: usize| reform_key(catalog, i);
        Session {
            dataset: dataset_name(catalog),
            selection: app.selection().clone(),
            marks: if several {
                Vec::new()
            } else {
                app.marked_numbers()
            },
            marked: if several {
                app.marks().iter().map(|&i| key(i)).collect()
            } else {
                Vec::new()
            },
            focus: app.focus(),
            current: app.current().map(|r| r.number).filter(|_| !several),
            current_in: app.current_index().filter(|_| several).map(key),
            marked_only: app.marked_only(),
            status: app.status_filter(),
            history: app.history().to_vec(),
        }
    }

    /// Puts the session back into `app`. Names and numbers the dataset no longer has are
    /// dropped without a word.
    pub fn restore(&self, app: &mut App) {
        let catalog = app.catalog();
        let marks: Vec<usize> = self
            .marks
            .iter()
            .filter_map(|&n| catalog.position_of(n))
            .chain(self.marked.iter().filter_map(|k| reform_at(catalog, k)))
            .collect();
        let current = self
            .current_in
            .as_deref()
            .and_then(|k| reform_at(catalog, k))
            .or_else(|| self.current.and_then(|n| catalog.position_of(n)));
        app.set_history(self.history.clone());
        app.restore_facets(self.marked_only, self.status);
        app.restore(&self.selection, &marks, self.focus, current);
    }
}

/// A reform of a catalog of several documents as the session keeps it: `document:number`.
fn reform_key(catalog: &Catalog, reform: usize) -> String {
    let batch = &catalog.batches()[catalog.batch_of(reform)];
    format!("{}:{}", batch.name, catalog.reforms[reform].number)
}

/// The reform a `document:number` key names, if the catalog has it.
fn reform_at(catalog: &Catalog, key: &str) -> Option<usize> {
    let (document, number) = key.rsplit_once(':')?;
    catalog.position_in(Some(document), number.parse().ok()?)
}

/// Opens `app` on reform `number`, its detail focused, keeping the rest of its state; when
/// the query or filters hide that reform they are cleared (marks stay). False when the
/// dataset has no such reform.
pub fn open_on(app: &mut App, number: u32) -> bool {
    match app.catalog().position_of(number) {
        Some(position) => {
            open_at(app, position);
            true
        }
        None => false,
    }
}

/// [`open_on`] the reform at this position of the catalog's reforms (in a library, the
/// number alone may not say which).
pub fn open_at(app: &mut App, position: usize) {
    let catalog = app.catalog();
    if position >= catalog.reforms.len() {
        return;
    }
    let key = reform_key(catalog, position);
    let mut session = Session::capture(app);
    session.current = None;
    session.current_in = Some(key);
    session.focus = Pane::Detail;
    session.restore(app);
    if app.current_index() != Some(position) {
        session.selection = Selection {
            agency_match: session.selection.agency_match,
            ..Selection::default()
        };
        session.restore(app);
    }
}

/// The file of this catalog's session in `state_dir`: `session-embedded.toml` for the
/// embedded dataset, `session-<hash of the canonical path>.toml` for a file. The path, not
/// the content, is the key, so a file edited in place keeps its session.
pub fn session_path(state_dir: &Path, catalog: &Catalog) -> PathBuf {
    let key = match &catalog.origin {
        Origin::Embedded => "embedded".to_string(),
        origin => format!("{:016x}", fnv1a(dataset_key(origin).as_bytes())),
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
    dataset_key(&catalog.origin)
}

/// Where a dataset comes from, as the session names it: canonical paths, and the documents
/// of a library in order (a library's session follows its documents).
fn dataset_key(origin: &Origin) -> String {
    match origin {
        Origin::Embedded => "embedded".to_string(),
        Origin::File(path) => fs::canonicalize(path)
            .unwrap_or_else(|_| path.clone())
            .display()
            .to_string(),
        Origin::Several(origins) => origins
            .iter()
            .map(dataset_key)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Why a session file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// It is there but cannot be read: a folder, no permission, not text.
    #[error("{}: {reason}", .path.display())]
    Unreadable { path: PathBuf, reason: String },
    /// It is not a session; the place is a line and a column when the parser gives one.
    #[error("{}{}: {message}", .path.display(), .at.map_or(String::new(), |(l, c)| format!(":{l}:{c}")))]
    Invalid {
        path: PathBuf,
        at: Option<(usize, usize)>,
        message: String,
    },
    #[error("{}", crate::say!(
        "cannot save the session to {}: {}",
        "无法把会话保存到 {}: {}",
        path.display(),
        reason
    ))]
    Unsaved { path: PathBuf, reason: String },
}

/// Reads a session file: `None` when there is none yet, an error naming the file when it
/// cannot be read or is not a session. A control or bidirectional character, as itself or
/// as an escape in a string, is refused as in every file the program reads.
pub fn load(path: &Path) -> Result<Option<Session>, SessionError> {
    let source = match SourceFile::read(path) {
        Ok(source) => source,
        Err(LoadError::Io { .. }) if !path.exists() => return Ok(None),
        Err(LoadError::Io { reason, .. }) => {
            return Err(SessionError::Unreadable {
                path: path.to_path_buf(),
                reason,
            });
        }
        Err(LoadError::Invalid(problems)) => {
            let first = &problems[0];
            return Err(SessionError::Invalid {
                path: path.to_path_buf(),
                at: Some((first.line, first.column)),
                message: first.message.clone(),
            });
        }
    };
    let text = source.text();
    let session: Session = toml::from_str(text).map_err(|e| SessionError::Invalid {
        path: path.to_path_buf(),
        // file:line:column, as every other bad input is reported.
        at: e.span().map(|span| source.line_column(span.start)),
        message: e.message().to_string(),
    })?;
    let selection = &session.selection;
    let strings = std::iter::once(&session.dataset)
        .chain([&selection.query])
        .chain(&session.history)
        .chain(&selection.agencies)
        .chain(&selection.scope);
    for value in strings {
        if let Some((_, c)) = safe::first_forbidden(value) {
            let at = safe::toml_offset_of_forbidden(text).unwrap_or(0);
            return Err(SessionError::Invalid {
                path: path.to_path_buf(),
                at: Some(source.line_column(at)),
                message: refused(c),
            });
        }
    }
    Ok(Some(session))
}

/// Writes the session whole or not at all (see `files::write_atomic`).
pub fn save_atomic(path: &Path, session: &Session) -> io::Result<()> {
    let text = toml::to_string(session).map_err(io::Error::other)?;
    files::write_atomic(path, text.as_bytes()).map(|_| ())
}

/// Saves what `app` shows now to `path`. `base` is the session the file held when this
/// browser started: when another browser on the same dataset saved since, the two sets of
/// marks are merged (what either added since `base` is kept, what either removed is
/// removed) and the note says so; the rest (search, filters, focus) is this browser's.
pub fn save(
    app: &App,
    path: &Path,
    base: Option<&Session>,
) -> Result<Option<String>, SessionError> {
    let mut ours = Session::capture(app);
    let theirs = load(path).ok().flatten();
    let mut note = None;
    if let Some(theirs) = theirs.filter(|t| Some(t) != base) {
        let empty = Session::default();
        let base = base.unwrap_or(&empty);
        let (merged, added, removed) = merge_marks(&base.marks, &ours.marks, &theirs.marks);
        let (marked, added_in, removed_in) =
            merge_marks(&base.marked, &ours.marked, &theirs.marked);
        ours.marked = marked;
        let (added, removed) = (added + added_in, removed + removed_in);
        if added + removed > 0 {
            note = Some(format!(
                "another browser saved this dataset's session meanwhile; its marks were merged ({added} added, {removed} removed)"
            ));
        }
        ours.marks = merged;
    }
    save_atomic(path, &ours).map_err(|e| SessionError::Unsaved {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    Ok(note)
}

/// A three-way merge of two sets of marks made from `base`: a mark either side added stays,
/// a mark either side removed goes. Returns the marks, in order, and how many marks of
/// `theirs` were added to and removed from `ours`.
fn merge_marks<T: Ord + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> (Vec<T>, usize, usize) {
    use std::collections::BTreeSet;
    let set = |v: &[T]| v.iter().cloned().collect::<BTreeSet<T>>();
    let (base, ours, theirs) = (set(base), set(ours), set(theirs));
    let added = theirs
        .difference(&base)
        .filter(|m| !ours.contains(m))
        .count();
    let removed = base
        .difference(&theirs)
        .filter(|m| ours.contains(m))
        .count();
    let merged = ours
        .union(&theirs)
        .filter(|m| {
            let kept_by_ours = ours.contains(m) || !base.contains(m);
            let kept_by_theirs = theirs.contains(m) || !base.contains(m);
            kept_by_ours && kept_by_theirs
        })
        .cloned()
        .collect();
    (merged, added, removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Reform;
    use crate::core::selection::AgencyMatch;
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
        assert_eq!(before.focus(), Pane::List);
        assert!(
            before.list_cursor().selected > 0,
            "the cursor moved off the first row"
        );

        let session = Session::capture(&before);
        let text = toml::to_string(&session).unwrap();
        // The selection's fields sit at the top level of the file, beside the marks.
        assert!(text.contains("query = \"数据\""), "{text}");
        assert!(text.contains("agency_match = \"all\""), "{text}");
        let read: Session = toml::from_str(&text).unwrap();
        assert_eq!(read, session);

        let mut after = app();
        read.restore(&mut after);
        assert_eq!(after.active_line().text, "数据");
        assert_eq!(after.active_line().caret, 2);
        assert_eq!(after.selection(), before.selection());
        assert_eq!(after.selection().agencies, vec!["市委网信办".to_string()]);
        assert_eq!(after.selection().agency_match, AgencyMatch::All);
        assert_eq!(after.marked_numbers(), before.marked_numbers());
        assert_eq!(after.marked_numbers().len(), 2);
        assert_eq!(after.focus(), before.focus());
        assert_eq!(after.view(), before.view());
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
        assert!(session.selection.scope.is_some());
        let mut after = app();
        session.restore(&mut after);
        assert_eq!(after.scope(), before.scope());
        assert_eq!(after.focus(), Pane::Detail);
        assert_eq!(after.view(), before.view());
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
            selection: Selection {
                query: String::new(),
                agencies: vec!["天津海关".into(), "市商务局".into()],
                agency_match: AgencyMatch::Any,
                scope: Some("没有这个范围".into()),
                ..Selection::default()
            },
            marks: vec![3, 20, 35],
            focus: Pane::Agencies,
            current: Some(20),
            ..Session::default()
        };
        let mut app = App::new(changed_catalog(), Options::default());
        session.restore(&mut app);
        assert_eq!(app.marked_numbers(), vec![3, 35]);
        assert_eq!(app.selection().agencies, vec!["市商务局".to_string()]);
        assert_eq!(app.selection().scope, None);
        assert_eq!(app.scope(), None);
        assert_eq!(app.focus(), Pane::Agencies);
        // Reform 20 is gone: the cursor is on the first reform shown.
        assert_eq!(app.list_cursor().selected, 0);
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
        assert_eq!(app.selection().query, "邮轮", "reform 20 is shown: kept");
        assert_eq!(app.focus(), Pane::Detail);

        assert!(open_on(&mut app, 7));
        assert_eq!(app.current().map(|r| r.number), Some(7));
        assert!(app.selection().query.is_empty(), "the query hid reform 7");
        assert_eq!(app.marked_numbers(), vec![20], "marks stay");
        assert!(!open_on(&mut app, 999));
    }

    #[test]
    fn an_invalid_file_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session-embedded.toml");
        for bad in [
            "query = [1, 2",                  // not TOML
            "marks = \"3\"",                  // a wrong type
            "focus = \"sideways\"",           // an unknown pane
            "\u{0}\u{ff}",                    // not text
            "query = \"\\u001b]0;x\\u0007\"", // an escape sequence
            "agencies = [\"\\u202e局\"]",     // a bidirectional override
        ] {
            fs::write(&path, bad).unwrap();
            let warning = load(&path).unwrap_err().to_string();
            assert!(warning.contains("session-embedded.toml"), "{warning}");
        }
        // Where it went wrong, as line and column.
        fs::write(&path, "query = \"数据\"\nmarks = [1,\n  \"二\"]\n").unwrap();
        let warning = load(&path).unwrap_err().to_string();
        assert!(warning.contains("session-embedded.toml:3:3: "), "{warning}");
        // Unreadable: a folder where the file should be.
        let folder = dir.path().join("folder.toml");
        fs::create_dir(&folder).unwrap();
        assert!(load(&folder).is_err());
        // No file yet is no warning.
        assert_eq!(load(&dir.path().join("none.toml")), Ok(None));
        // An escape is placed where it is written.
        fs::write(&path, "marks = [1]\nquery = \"数据\\u001b[2J\"\n").unwrap();
        let warning = load(&path).unwrap_err().to_string();
        assert!(
            warning.contains("session-embedded.toml:2:12: U+001B (ESC) is not allowed"),
            "{warning}"
        );
    }

    #[test]
    fn two_browsers_merge_their_marks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session-embedded.toml");
        let base = Session {
            marks: vec![1, 2, 3],
            ..Session::default()
        };
        save_atomic(&path, &base).unwrap();
        // The other browser, started from the same base, unmarked 1 and marked 9.
        let theirs = Session {
            marks: vec![2, 3, 9],
            ..base.clone()
        };
        save_atomic(&path, &theirs).unwrap();
        // This one unmarked 3 and marked 5: the other's 9 is added, its unmarking of 1
        // applied, and this one's unmarking of 3 kept.
        let mut ours = app();
        // Marks by position: reforms 1, 2 and 5.
        ours.restore(&base.selection, &[0, 1, 4], Pane::List, None);
        let note = save(&ours, &path, Some(&base)).unwrap().expect("a note");
        assert!(note.contains("1 added, 1 removed"), "{note}");
        assert_eq!(load(&path).unwrap().unwrap().marks, vec![2, 5, 9]);
        // Alone (the file is as this browser found it), its marks are saved as they are.
        let saved = load(&path).unwrap().unwrap();
        assert_eq!(save(&ours, &path, Some(&saved)).unwrap(), None);
        assert_eq!(load(&path).unwrap().unwrap().marks, vec![1, 2, 5]);
        assert_eq!(merge_marks(&[], &[1], &[2]), (vec![1, 2], 1, 0));
    }

    #[test]
    fn unknown_and_missing_fields_are_tolerated() {
        let session: Session = toml::from_str("query = \"海关\"\nlater = 1\n").unwrap();
        assert_eq!(session.selection.query, "海关");
        assert_eq!(session.focus, Pane::List);
        assert!(session.marks.is_empty());
    }

    use crate::core::files::names_in as files_in;

    #[test]
    fn save_writes_a_whole_file_through_a_rename() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state/reforms");
        let path = state.join("session-embedded.toml");
        let mut session = Session {
            marks: (1..=42).collect(),
            selection: Selection {
                query: "数据".repeat(100),
                ..Selection::default()
            },
            ..Session::default()
        };
        save_atomic(&path, &session).unwrap();
        assert_eq!(load(&path), Ok(Some(session.clone())));
        // The temporary file was renamed, not left beside it.
        assert_eq!(files_in(&state), vec!["session-embedded.toml"]);

        session.marks = vec![1];
        session.selection.query.clear();
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
        fs::write(&a, crate::core::catalog::EMBEDDED_TOML).unwrap();
        fs::write(&b, crate::core::catalog::EMBEDDED_TOML).unwrap();
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
}
