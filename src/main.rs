use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::FromArgMatches;

use reforms::cli::{self, Cli};
use reforms::tui::app::App;
use reforms::tui::{self, config, session, theme};

fn main() -> ExitCode {
    let matches = match cli::command_with_real_paths().try_get_matches() {
        Ok(matches) => matches,
        Err(e) => return clap_exit(&e),
    };
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    reforms::core::text::set_ambiguous_wide(cli.ambiguous_wide);
    let given = config::Given::from_matches(&matches);
    // The language of every message: `--lang` or REFORMS_LANG, else the configuration
    // file's. The file is read once, its warnings in the language given or the default, and
    // again only when its own `lang` changes that; its problems are the browser's and
    // `reforms config`'s to show.
    let assumed = given.lang.unwrap_or_default();
    reforms::core::say::set_messages(assumed);
    let mut loaded = config::load(cli.config.as_deref());
    cli.lang = given.lang.or(loaded.settings.lang).unwrap_or_default();
    if cli.lang != assumed {
        reforms::core::say::set_messages(cli.lang);
        loaded = config::load(cli.config.as_deref());
    }
    match &cli.command {
        Some(cli::Command::Open(args)) => browse(
            &cli,
            given,
            loaded,
            Some((args.document.iter().cloned().collect(), args.number)),
        ),
        Some(cli::Command::Config(args)) => {
            let mut out = Counted::stdout();
            let result = config::command(
                cli.config.as_deref(),
                args,
                &mut out,
                &mut io::stderr().lock(),
            );
            finish(result, out.bytes)
        }
        Some(command) => {
            let mut out = Counted::stdout();
            let result = cli::run(&cli, command, &mut out, &mut io::stderr().lock());
            finish(result, out.bytes)
        }
        None => browse(&cli, given, loaded, None),
    }
}

/// What clap has to say (help, the version, a usage error), printed where it belongs; a
/// help that cannot be written (a full disk, a closed output) is a failure, not a success.
fn clap_exit(e: &clap::Error) -> ExitCode {
    if !e.use_stderr() && !stdout_is_open() {
        return fail(
            &reforms::say!(
                "cannot write to standard output: it is closed",
                "无法写入标准输出: 它已关闭"
            ),
            1,
        );
    }
    let printed = e.print().and_then(|()| io::stdout().flush());
    match printed {
        Err(err) if !e.use_stderr() => fail(
            &reforms::say!(
                "cannot write to standard output: {err}",
                "无法写入标准输出: {err}"
            ),
            1,
        ),
        _ => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
    }
}

/// Whether standard output was open when the program started. A closed one (`>&-`) is
/// reopened on /dev/null, for reading and writing, by Rust's start-up code, so what is
/// written to it would be lost without a word. On Linux the program looks before that code
/// runs (see [`at_start`]); elsewhere it tells a reopened one by its being /dev/null for
/// reading and writing, as a shell's `>/dev/null` opens it for writing only (so there a
/// /dev/null opened for both on purpose, as Python's `subprocess.DEVNULL` does, is taken
/// for a closed output).
fn stdout_is_open() -> bool {
    #[cfg(target_os = "linux")]
    if let Some(open) = at_start::stdout_was_open() {
        return open;
    }
    #[cfg(unix)]
    {
        use rustix::fs::{OFlags, fcntl_getfl, fstat, stat};
        let stdout = io::stdout();
        let (Ok(ours), Ok(null)) = (fstat(&stdout), stat("/dev/null")) else {
            return true;
        };
        let is_null = ours.st_dev == null.st_dev && ours.st_ino == null.st_ino;
        let read_write =
            fcntl_getfl(&stdout).is_ok_and(|flags| flags & OFlags::RWMODE == OFlags::RDWR);
        !(is_null && read_write)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// A look at standard output before Rust's start-up code reopens a closed one: a function
/// in `.init_array`, which the C runtime calls before `main`.
#[cfg(target_os = "linux")]
mod at_start {
    use std::sync::atomic::{AtomicU8, Ordering};

    const UNSEEN: u8 = 0;
    const OPEN: u8 = 1;
    const CLOSED: u8 = 2;

    static STDOUT: AtomicU8 = AtomicU8::new(UNSEEN);

    /// Whether standard output was open at start; None when the look did not happen.
    pub fn stdout_was_open() -> Option<bool> {
        match STDOUT.load(Ordering::Relaxed) {
            OPEN => Some(true),
            CLOSED => Some(false),
            _ => None,
        }
    }

    extern "C" fn look() {
        // SAFETY: descriptor 1 is only asked for its flags, never closed or kept; a closed
        // one gives EBADF.
        let stdout = unsafe { rustix::fd::BorrowedFd::borrow_raw(1) };
        let open = rustix::io::fcntl_getfd(stdout).is_ok();
        STDOUT.store(if open { OPEN } else { CLOSED }, Ordering::Relaxed);
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static LOOK: extern "C" fn() = look;
}

/// Standard output, counting what is written to it.
struct Counted {
    out: io::StdoutLock<'static>,
    bytes: usize,
}

impl Counted {
    fn stdout() -> Counted {
        Counted {
            out: io::stdout().lock(),
            bytes: 0,
        }
    }
}

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.bytes += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The exit status of a subcommand, with its error on standard error. Whatever stands in
/// standard output's buffer is written first: a full disk shows there; and output written
/// to a closed standard output was lost.
fn finish(result: Result<(), cli::CliError>, written: usize) -> ExitCode {
    let result = result.and_then(|()| {
        if written > 0 && !stdout_is_open() {
            return Err(cli::CliError::Output(io::Error::other(reforms::say!(
                "it is closed",
                "它已关闭"
            ))));
        }
        io::stdout().flush().map_err(cli::CliError::Output)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`reforms list | head`) is the reader's choice, not an error.
        Err(cli::CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string(), e.exit_code()),
    }
}

/// The interactive browser, which needs a terminal on both ends, with the configuration
/// `main` read, on reform `open` when given.
fn browse(
    cli: &Cli,
    given: config::Given,
    loaded: config::Loaded,
    open: Option<(Vec<String>, u32)>,
) -> ExitCode {
    // The default theme follows the terminal's background, asked before the screen is
    // taken, and before the catalog loads: the question reads the terminal's input and drops
    // what stands before the answer, so keys typed while a big catalog loads would be lost.
    // The terminal is held in raw mode from here, so that what is typed meanwhile waits for
    // the browser as it was typed (see `tui::Held`); given back before any error is told.
    let name = loaded.settings.theme.unwrap_or_default();
    let terminals = io::stdout().is_terminal() && io::stdin().is_terminal();
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    let interactive = terminals && !dumb;
    if interactive {
        for warning in &loaded.warnings {
            let _ = writeln!(
                io::stderr(),
                "{}{}",
                reforms::core::say::prefix(reforms::core::say::Kind::Warning),
                warning.render()
            );
        }
    }
    let held = tui::Held::take(interactive);
    let background = (interactive && name == theme::ThemeName::Default && !theme::no_color())
        .then(theme::detect_background)
        .flatten();
    debug_slow_load();
    let catalog = match cli::load(cli) {
        Ok(catalog) => catalog,
        Err(e) => {
            drop(held);
            return fail(&e.to_string(), e.exit_code());
        }
    };
    let open =
        match open.map(|(documents, number)| cli::positions_in(&catalog, &documents, &[number])) {
            Some(Ok(found)) => found.first().copied(),
            Some(Err(e)) => {
                drop(held);
                return fail(&e.to_string(), e.exit_code());
            }
            None => None,
        };
    if !terminals {
        return fail(
            &reforms::say!(
                "the interactive browser needs a terminal; for output to a pipe or file use `reforms list` (see `reforms --help`)",
                "交互界面需要终端; 输出到管道或文件请用 `reforms list` (见 `reforms --help`)"
            ),
            2,
        );
    }
    if dumb {
        return fail(
            &reforms::say!(
                "this terminal (TERM=dumb) cannot show the browser; use `reforms list` and `reforms show` (see `reforms --help`)",
                "此终端 (TERM=dumb) 无法显示交互界面; 请用 `reforms list` 和 `reforms show` (见 `reforms --help`)"
            ),
            2,
        );
    }
    let mut options = config::options(&loaded.settings, loaded.keymap, given, theme::no_color());
    options.last_export = reforms::core::paths::cache_dir().map(|dir| dir.join("last-export.txt"));
    if let Some(background) = background {
        options.theme = theme::Theme::for_background(name, false, background);
    }
    let lang = options.lang;
    let mut app = App::new(catalog, options);
    let path =
        reforms::core::paths::state_dir().map(|dir| session::session_path(&dir, app.catalog()));
    // What the file holds now: restored unless --fresh, and the base a save merges against
    // when another browser saves the same dataset's session meanwhile.
    let (base, unreadable) = match path.as_deref().map(session::load) {
        Some(Ok(base)) => (base, None),
        Some(Err(e)) => (None, Some(lang.session_not_restored(&e.to_string()))),
        None => (None, Some(lang.session_not_kept())),
    };
    if let Some(base) = base.as_ref().filter(|_| !cli.fresh) {
        base.restore(&mut app);
    }
    let (draft_path, untracked) = track(cli, &mut app, &loaded.settings);
    if let Some(position) = open {
        session::open_at(&mut app, position);
    }
    // Problems with the configuration file, the session or tracking show on the first
    // screen too.
    let restored = (!cli.fresh && open.is_none())
        .then(|| app.restored_notice())
        .flatten();
    let notes: Vec<String> = restored
        .into_iter()
        .chain(config::startup_message(&loaded.warnings, lang))
        .chain(unreadable)
        .chain(untracked)
        .collect();
    if !notes.is_empty() {
        app.set_message(notes.join("; "));
    }
    let save = |app: &App| {
        // A note being written when the browser ended is kept, to be offered again.
        if let (Some(draft), Some(path)) = (app.draft(), draft_path.as_deref())
            && let Err(e) = draft.keep(path)
        {
            let lost = reforms::say!(
                "reforms: the unsaved note is lost: {e}",
                "reforms: 未保存的备注已丢失: {e}"
            );
            let _ = writeln!(io::stderr(), "{lost}");
        }
        let saved = path
            .as_deref()
            .map(|path| session::save(app, path, base.as_ref()));
        // Not eprintln!, which panics when the terminal has gone away.
        match saved {
            Some(Err(e)) => {
                let _ = writeln!(io::stderr(), "reforms: {e}");
            }
            Some(Ok(Some(note))) => {
                let _ = writeln!(io::stderr(), "reforms: {note}");
            }
            _ => {}
        }
    };
    match tui::run(app, held, save) {
        Ok(tui::Ended::Quit) => ExitCode::SUCCESS,
        // The shell's convention for a process ended by a signal.
        Ok(tui::Ended::Signal(number)) => ExitCode::from(128 + number as u8),
        // As if by SIGHUP, which usually follows.
        Ok(tui::Ended::HangUp) => ExitCode::from(128 + 1),
        Err(e) => fail(&reforms::say!("terminal: {e}", "终端: {e}"), 1),
    }
}

/// Opens the tracking database for the browser: 本单位 and the author from the
/// configuration (the author from REFORMS_AUTHOR first). Returns where a note being written
/// is kept, and why the browser does not track, for the status bar; the browser works on
/// without it.
fn track(
    cli: &cli::Cli,
    app: &mut App,
    settings: &config::Settings,
) -> (Option<std::path::PathBuf>, Option<String>) {
    use reforms::tui::tracking::{self, Tracking};
    let state = reforms::core::paths::state_dir();
    let ledger = match cli::open_track(cli) {
        Ok(ledger) => ledger,
        Err(e) => return (None, Some(e.to_string())),
    };
    let author = std::env::var("REFORMS_AUTHOR")
        .ok()
        .filter(|a| !a.trim().is_empty())
        .or_else(|| settings.user.clone())
        .unwrap_or_else(reforms::track::record::default_author);
    let mut warning = None;
    if let Some(agency) = &settings.agency
        && app.catalog().agency_index(agency).is_none()
    {
        warning = Some(reforms::say!(
            "agency = \"{agency}\" in the configuration is not an agency of these documents",
            "配置中的 agency = \"{agency}\" 不是这些文件中的单位"
        ));
    }
    let agency_file = state.as_deref().map(tracking::agency_file);
    match Tracking::new(
        Box::new(ledger),
        settings.agency.clone(),
        agency_file,
        author,
    ) {
        Ok(tracking) => {
            let draft = state.as_deref().map(tracking::draft_file);
            app.set_tracking(tracking, draft.clone());
            (draft, warning)
        }
        Err(e) => (None, Some(e.to_string())),
    }
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

fn fail(message: &str, code: u8) -> ExitCode {
    let _ = writeln!(
        io::stderr(),
        "{}{}",
        reforms::core::say::prefix(reforms::core::say::Kind::Error),
        reforms::core::safe::safe(message)
    );
    ExitCode::from(code)
}
