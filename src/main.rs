use std::io::{self, Write};
use std::process::ExitCode;

use clap::FromArgMatches;

use reforms::cli::{self, Cli, Command};
use reforms::tui::Ended;
use reforms::tui::config::{self, Given, Loaded};
use reforms::tui::start::{self, Opening, Start};

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
    let given = Given::from_matches(&matches);
    let loaded = configuration(&mut cli, given);
    match &cli.command {
        Some(Command::Open(args)) => {
            let open = Opening {
                number: args.number,
                document: args.document.clone(),
            };
            browse(&cli, given, loaded, Some(open))
        }
        Some(Command::Config(args)) => {
            let job = match (&args.check, args.path, args.print_default) {
                (_, _, true) => config::ConfigJob::PrintDefault,
                (_, true, _) => config::ConfigJob::Path,
                (check, ..) => config::ConfigJob::Check(check.clone().flatten()),
            };
            let mut out = Counted::stdout();
            let result = config::command(
                cli.config.as_deref(),
                job,
                &mut out,
                &mut io::stderr().lock(),
            )
            .map_err(|e| match e {
                config::ConfigError::Output(e) => cli::CliError::Output(e),
                config::ConfigError::Said(said) => cli::CliError::Input(said),
            });
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

/// The configuration file, and the language of every message: `--lang` or REFORMS_LANG,
/// else the configuration file's. The file is read once, its warnings in the language given
/// or the default, and again only when its own `lang` changes that; its problems are the
/// browser's and `reforms config`'s to show.
fn configuration(cli: &mut Cli, given: Given) -> Loaded {
    let assumed = given.lang.unwrap_or_default();
    reforms::core::say::set_messages(assumed);
    let mut loaded = config::load(cli.config.as_deref());
    cli.lang = given.lang.or(loaded.settings.lang).unwrap_or_default();
    if cli.lang != assumed {
        reforms::core::say::set_messages(cli.lang);
        loaded = config::load(cli.config.as_deref());
    }
    loaded
}

/// The interactive browser, with the configuration `main` read, on reform `open` when
/// given.
fn browse(cli: &Cli, given: Given, loaded: Loaded, open: Option<Opening>) -> ExitCode {
    let start = Start {
        data: cli.data.clone(),
        track_db: cli.track_db.clone(),
        fresh: cli.fresh,
        given,
        loaded,
        open,
    };
    match start::browse(start) {
        Ok(Ended::Quit) => ExitCode::SUCCESS,
        // The shell's convention for a process ended by a signal.
        Ok(Ended::Signal(number)) => ExitCode::from(128 + number as u8),
        // As if by SIGHUP, which usually follows.
        Ok(Ended::HangUp) => ExitCode::from(128 + 1),
        Err(e) => fail(&e.to_string(), e.exit_code()),
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

fn fail(message: &str, code: u8) -> ExitCode {
    let _ = writeln!(
        io::stderr(),
        "{}{}",
        reforms::core::say::prefix(reforms::core::say::Kind::Error),
        reforms::core::safe::safe(message)
    );
    ExitCode::from(code)
}
