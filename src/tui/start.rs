//! The browser's start-up and end: the terminal looked at, the theme's question asked, the
//! catalog loaded, the session restored, tracking opened, and at the end the session and a
//! note being written saved. The command line says what to start with ([`Start`]).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::app::App;
use super::config::{self, Given, Loaded, Settings, Warning};
use super::session::{self, Session};
use super::theme::{self, Background, ThemeName};
use super::tracker::{self, Keeper};
use super::tracking::Tracking;
use super::{Ended, Held};
use crate::core::catalog::Catalog;
use crate::core::diagnostic::LoadError;
use crate::core::library::{self, NumberError};
use crate::core::paths;
use crate::core::say::{self, Kind};
use crate::lang::Lang;

/// What the command line decided for the browser.
#[derive(Debug, Clone)]
pub struct Start {
    /// The dataset files (`--data`); none: the embedded batch and the library.
    pub data: Vec<PathBuf>,
    /// The tracking database (`--track-db`); none: the one in the data folder.
    pub track_db: Option<PathBuf>,
    /// Start clean instead of where the browser was left (`--fresh`).
    pub fresh: bool,
    /// What the command line gave explicitly; it wins over the configuration file.
    pub given: Given,
    /// The configuration file, read.
    pub loaded: Loaded,
    /// The reform to open on (`reforms open N`).
    pub open: Option<Opening>,
}

/// A reform to open the browser on: its number, in the document named when two have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub number: u32,
    pub document: Option<String>,
}

/// Why the browser did not start, or ended in error.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{}", .0.render())]
    Load(LoadError),
    #[error("{0}")]
    Open(NumberError),
    #[error("{}", crate::say!(
        "the interactive browser needs a terminal; for output to a pipe or file use `reforms list` (see `reforms --help`)",
        "交互界面需要终端; 输出到管道或文件请用 `reforms list` (见 `reforms --help`)"
    ))]
    NoTerminal,
    #[error("{}", crate::say!(
        "this terminal (TERM=dumb) cannot show the browser; use `reforms list` and `reforms show` (see `reforms --help`)",
        "此终端 (TERM=dumb) 无法显示交互界面; 请用 `reforms list` 和 `reforms show` (见 `reforms --help`)"
    ))]
    Dumb,
    #[error("{}", crate::say!("terminal: {}", "终端: {}", .0))]
    Terminal(io::Error),
}

impl StartError {
    /// The exit status: 1 for a terminal that failed while browsing, else 2.
    pub fn exit_code(&self) -> u8 {
        match self {
            StartError::Terminal(_) => 1,
            _ => 2,
        }
    }
}

/// Runs the browser, which needs a terminal on both ends, until it ends.
pub fn browse(start: Start) -> Result<Ended, StartError> {
    let Start {
        data,
        track_db,
        fresh,
        given,
        loaded,
        open,
    } = start;
    let terminals = Terminals::look();
    let interactive = terminals.interactive();
    if interactive {
        warn(&loaded.warnings);
    }
    // The default theme follows the terminal's background, asked before the screen is
    // taken, and before the catalog loads: the question reads the terminal's input and drops
    // what stands before the answer, so keys typed while a big catalog loads would be lost.
    // The terminal is held in raw mode from here, so that what is typed meanwhile waits for
    // the browser as it was typed (see `Held`); given back before any error is told.
    let held = Held::take(interactive);
    let theme = loaded.settings.theme.unwrap_or_default();
    let background = background(theme, interactive);
    debug_slow_load();
    let catalog = library::load_standard(&data).map_err(StartError::Load)?;
    let open = open.map(|o| position(&catalog, &o)).transpose()?.flatten();
    terminals.usable()?;
    let Loaded {
        settings,
        keymap,
        warnings,
    } = loaded;
    let mut options = config::options(&settings, keymap, given, theme::no_color());
    options.last_export = paths::cache_dir().map(|dir| dir.join("last-export.txt"));
    if let Some(background) = background {
        options.theme = theme::Theme::for_background(theme, false, background);
    }
    let lang = options.lang;
    let mut app = App::new(catalog, options);
    let remembered = Remembered::read(&app, lang);
    if let Some(base) = remembered.base.as_ref().filter(|_| !fresh) {
        base.restore(&mut app);
    }
    let (keeper, untracked) = track(&mut app, track_db.as_deref(), &settings);
    let draft = keeper
        .as_ref()
        .and_then(|k| k.draft_file().map(Path::to_path_buf));
    if let Some(position) = open {
        session::open_at(&mut app, position);
    }
    // Problems with the configuration file, the session or tracking show on the first
    // screen too.
    let restored = (!fresh && open.is_none())
        .then(|| app.restored_notice())
        .flatten();
    let notes: Vec<String> = restored
        .into_iter()
        .chain(config::startup_message(&warnings, lang))
        .chain(remembered.unreadable.clone())
        .chain(untracked)
        .collect();
    if !notes.is_empty() {
        app.set_message(notes.join("; "));
    }
    let at_end = |app: &App| save(app, &remembered, draft.as_deref());
    super::run(app, held, keeper, at_end).map_err(StartError::Terminal)
}

/// Whether standard input and output are a terminal, and whether it is one that cannot
/// show the browser (TERM=dumb).
struct Terminals {
    both: bool,
    dumb: bool,
}

impl Terminals {
    fn look() -> Terminals {
        Terminals {
            both: io::stdout().is_terminal() && io::stdin().is_terminal(),
            dumb: std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
        }
    }

    /// Whether the browser can run here: its warnings go to the terminal, and the terminal
    /// is held for it.
    fn interactive(&self) -> bool {
        self.both && !self.dumb
    }

    /// Why the browser cannot run here, if it cannot.
    fn usable(&self) -> Result<(), StartError> {
        match (self.both, self.dumb) {
            (false, _) => Err(StartError::NoTerminal),
            (true, true) => Err(StartError::Dumb),
            (true, false) => Ok(()),
        }
    }
}

/// The configuration file's problems, before the screen is taken.
fn warn(warnings: &[Warning]) {
    for warning in warnings {
        let _ = writeln!(
            io::stderr(),
            "{}{}",
            say::prefix(Kind::Warning),
            warning.render()
        );
    }
}

/// The terminal's background, asked when the default theme follows it.
fn background(theme: ThemeName, interactive: bool) -> Option<Background> {
    (interactive && theme == ThemeName::Default && !theme::no_color())
        .then(theme::detect_background)
        .flatten()
}

/// The position of the reform to open on; an unknown number or document is an error.
fn position(catalog: &Catalog, open: &Opening) -> Result<Option<usize>, StartError> {
    let documents: Vec<String> = open.document.iter().cloned().collect();
    let found = library::positions(catalog, &documents, &[open.number]);
    Ok(found.map_err(StartError::Open)?.first().copied())
}

/// A catalog that takes a while to load, on demand (`REFORMS_DEBUG_LOAD_MS`), for the tests
/// of what is typed or sent meanwhile. Only in debug builds, which the tests use.
fn debug_slow_load() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("REFORMS_DEBUG_LOAD_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// The session file of the dataset and what it holds now: restored unless `--fresh`, and
/// the base a save merges against when another browser saves the same dataset's session
/// meanwhile.
struct Remembered {
    path: Option<PathBuf>,
    base: Option<Session>,
    /// Why the session is not restored or kept, for the status bar.
    unreadable: Option<String>,
}

impl Remembered {
    fn read(app: &App, lang: Lang) -> Remembered {
        let path = paths::state_dir().map(|dir| session::session_path(&dir, app.catalog()));
        let (base, unreadable) = match path.as_deref().map(session::load) {
            Some(Ok(base)) => (base, None),
            Some(Err(e)) => (None, Some(lang.session_not_restored(&e.to_string()))),
            None => (None, Some(lang.session_not_kept())),
        };
        Remembered {
            path,
            base,
            unreadable,
        }
    }
}

/// Opens the tracking database for the browser and reads what it holds: 本单位 and the
/// author from the configuration (the author from REFORMS_AUTHOR first). Returns the keeper
/// of the database and the browser's tracking files, and why the browser does not track,
/// for the status bar; the browser works on without it.
fn track(
    app: &mut App,
    track_db: Option<&Path>,
    settings: &Settings,
) -> (Option<Keeper>, Option<String>) {
    let state = paths::state_dir();
    let ledger = match crate::track::open(track_db) {
        Ok(ledger) => ledger,
        Err(e) => return (None, Some(e.to_string())),
    };
    let author = std::env::var("REFORMS_AUTHOR")
        .ok()
        .filter(|a| !a.trim().is_empty())
        .or_else(|| settings.user.clone())
        .unwrap_or_else(crate::track::record::default_author);
    let mut warning = None;
    if let Some(agency) = &settings.agency
        && app.catalog().agency_index(agency).is_none()
    {
        warning = Some(crate::say!(
            "agency = \"{agency}\" in the configuration is not an agency of these documents",
            "配置中的 agency = \"{agency}\" 不是这些文件中的单位"
        ));
    }
    let keeper = Keeper::new(
        Box::new(ledger),
        state.as_deref().map(tracker::agency_file),
        state.as_deref().map(tracker::draft_file),
    );
    match keeper.snapshot() {
        Ok(snapshot) => {
            let agency = settings.agency.clone().or_else(|| keeper.kept_agency());
            let tracking = Tracking::new(agency, author, snapshot);
            app.set_tracking(tracking, keeper.kept_draft());
            (Some(keeper), warning)
        }
        Err(e) => (None, Some(e.to_string())),
    }
}

/// What the browser keeps when it ends: a note being written, to be offered again, and the
/// session. Told on standard error, not by eprintln!, which panics when the terminal has
/// gone away.
fn save(app: &App, remembered: &Remembered, draft_path: Option<&Path>) {
    if let (Some(draft), Some(path)) = (app.draft(), draft_path)
        && let Err(e) = tracker::keep_draft(&draft, path)
    {
        let lost = crate::say!(
            "reforms: the unsaved note is lost: {e}",
            "reforms: 未保存的备注已丢失: {e}"
        );
        let _ = writeln!(io::stderr(), "{lost}");
    }
    let saved = remembered
        .path
        .as_deref()
        .map(|path| session::save(app, path, remembered.base.as_ref()));
    match saved {
        Some(Err(e)) => {
            let _ = writeln!(io::stderr(), "reforms: {e}");
        }
        Some(Ok(Some(note))) => {
            let _ = writeln!(io::stderr(), "reforms: {note}");
        }
        _ => {}
    }
}
