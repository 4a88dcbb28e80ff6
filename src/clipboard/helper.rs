//! Running the small programs a copy needs (tmux, wl-copy, xclip, this program's clipboard
//! server) without ever waiting on one for long. A helper can hang (a stopped tmux server,
//! an X server that does not answer), stop itself, or leave a child holding the pipe its
//! errors are read from; none of that may keep the caller waiting past a deadline, and none
//! of it may be left running unless it is a clipboard server meant to outlive us.
//!
//! Each helper runs in a process group of its own, so that a timeout ends it together with
//! anything it started, and so that closing the terminal does not end a clipboard server.

use std::io::{self, Read as _, Write as _};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a clipboard helper may take before it is ended.
pub const DEADLINE: Duration = Duration::from_secs(2);

/// The most of a helper's error output kept for the report.
const ERROR_OUTPUT_MAX: usize = 4096;

/// How long the error output may still take to end once the helper has exited.
const ERROR_OUTPUT_GRACE: Duration = Duration::from_millis(100);

/// When a helper must be done, and a flag that ends it at once (set when the program ends).
#[derive(Debug, Clone)]
pub struct Limits {
    pub deadline: Duration,
    pub cancel: Arc<AtomicBool>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            deadline: DEADLINE,
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }
}

impl Limits {
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// How long to wait for a helper, and what may outlive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Until it exits; its error output is read for the report, and whatever it left
    /// running in its process group is ended (tmux).
    Exit,
    /// Until it exits; what it forks keeps running and keeps the clipboard (xclip,
    /// wl-copy). Its error output is not read: the forked server would hold the pipe.
    ExitLeavingServer,
    /// Until it has read its input; it keeps running as a clipboard server.
    Input,
}

/// Why a helper did not do its job.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HelperError {
    #[error("{program}: {reason}")]
    Spawn { program: String, reason: String },
    #[error("{program}: {}", if .message.is_empty() { .status } else { .message })]
    Exited {
        program: String,
        status: String,
        message: String,
    },
    /// Ended after the deadline, or because the program was ending.
    #[error("{program}: {}", crate::say!("no answer after {seconds} s", "{seconds} 秒内无响应"))]
    TimedOut { program: String, seconds: u64 },
}

/// Runs `command` with `input` on its standard input, as `wait` says, ending it (and its
/// process group) when the deadline passes or the cancel flag is set.
pub fn run(
    command: &mut Command,
    input: &[u8],
    wait: Wait,
    limits: &Limits,
) -> Result<(), HelperError> {
    let started = Instant::now();
    let program = command.get_program().to_string_lossy().into_owned();
    let spawn_failed = |e: io::Error| HelperError::Spawn {
        program: program.clone(),
        reason: e.to_string(),
    };
    own_group(command);
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(if wait == Wait::Exit {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .spawn()
        .map_err(spawn_failed)?;
    let fed = feed(&mut child, input);
    let errors = child.stderr.take().map(read_errors);
    let timed_out = || HelperError::TimedOut {
        program: program.clone(),
        seconds: limits.deadline.as_secs().max(1),
    };
    let status = match wait {
        Wait::Input => {
            // A server that reads its input keeps running; one that cannot is reported.
            return match wait_for(&fed, started, limits) {
                Some(Ok(())) => Ok(()),
                Some(Err(e)) => {
                    end(&mut child);
                    Err(spawn_failed(e))
                }
                None => {
                    end(&mut child);
                    Err(timed_out())
                }
            };
        }
        Wait::Exit | Wait::ExitLeavingServer => match exit_status(&mut child, started, limits) {
            Some(status) => status,
            None => {
                end(&mut child);
                return Err(timed_out());
            }
        },
    };
    if wait == Wait::Exit {
        // Whatever it left behind (holding the error pipe, say) goes with it.
        end_group(&child);
    }
    if status.success() {
        return Ok(());
    }
    let message = errors
        .and_then(|errors| errors.recv_timeout(ERROR_OUTPUT_GRACE).ok())
        .unwrap_or_default();
    Err(HelperError::Exited {
        program,
        status: status.to_string(),
        message: String::from_utf8_lossy(&message).trim().to_string(),
    })
}

/// Writes `input` to the child's standard input on a thread of its own, closing it after:
/// a helper that never reads must not block us. The channel says when it is done.
fn feed(child: &mut Child, input: &[u8]) -> mpsc::Receiver<io::Result<()>> {
    let (done, fed) = mpsc::channel();
    let stdin = child.stdin.take();
    let input = input.to_vec();
    std::thread::spawn(move || {
        let result = match stdin {
            Some(mut stdin) => stdin.write_all(&input).and_then(|()| stdin.flush()),
            None => Ok(()),
        };
        let _ = done.send(result);
    });
    fed
}

/// Reads a helper's error output on a thread of its own (a child it leaves behind may
/// hold the pipe open for ever); the channel gets the first bytes once the pipe ends.
fn read_errors(mut stderr: std::process::ChildStderr) -> mpsc::Receiver<Vec<u8>> {
    let (done, output) = mpsc::channel();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buffer = [0u8; 1024];
        while let Ok(n) = stderr.read(&mut buffer) {
            if n == 0 {
                break;
            }
            let room = ERROR_OUTPUT_MAX.saturating_sub(kept.len());
            kept.extend_from_slice(&buffer[..n.min(room)]);
        }
        let _ = done.send(kept);
    });
    output
}

/// The time left before the deadline, `None` once it has passed or the run is cancelled.
fn left(started: Instant, limits: &Limits) -> Option<Duration> {
    if limits.cancelled() {
        return None;
    }
    limits.deadline.checked_sub(started.elapsed())
}

/// Short naps, so that a cancel is seen at once and a quick helper costs no more than it takes.
fn nap(left: Duration) {
    std::thread::sleep(left.min(Duration::from_millis(5)));
}

/// Waits for the input to be written; `None` when the deadline came first.
fn wait_for(
    fed: &mpsc::Receiver<io::Result<()>>,
    started: Instant,
    limits: &Limits,
) -> Option<io::Result<()>> {
    loop {
        let left = left(started, limits)?;
        match fed.recv_timeout(left.min(Duration::from_millis(5))) {
            Ok(result) => return Some(result),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return Some(Ok(())),
        }
    }
}

/// Waits for the child to exit; `None` when the deadline came first.
fn exit_status(child: &mut Child, started: Instant, limits: &Limits) -> Option<ExitStatus> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) => nap(left(started, limits)?),
            Err(_) => return None,
        }
    }
}

/// Ends the child and everything in its group, and reaps it, so no zombie is left.
fn end(child: &mut Child) {
    end_group(child);
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(unix)]
fn own_group(command: &mut Command) {
    use std::os::unix::process::CommandExt as _;
    command.process_group(0);
}

#[cfg(not(unix))]
fn own_group(_: &mut Command) {}

/// Kills the helper's process group (the group's number is the helper's own).
#[cfg(unix)]
fn end_group(child: &Child) {
    use rustix::process::{Pid, Signal, kill_process_group};
    let _ = kill_process_group(Pid::from_child(child), Signal::KILL);
}

#[cfg(not(unix))]
fn end_group(_: &Child) {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    fn quick() -> Limits {
        Limits {
            deadline: Duration::from_millis(500),
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }

    #[test]
    fn a_helper_that_reads_and_exits_is_done() {
        let result = run(&mut sh("cat >/dev/null"), b"text", Wait::Exit, &quick());
        assert_eq!(result, Ok(()));
    }

    #[test]
    fn a_failure_comes_back_with_what_the_helper_said() {
        let result = run(
            &mut sh("echo 'no server running' >&2; exit 1"),
            b"",
            Wait::Exit,
            &quick(),
        );
        assert_eq!(
            result,
            Err(HelperError::Exited {
                program: "sh".into(),
                status: "exit status: 1".into(),
                message: "no server running".into(),
            })
        );
    }

    #[test]
    fn a_hanging_helper_is_ended_at_the_deadline() {
        let started = Instant::now();
        let result = run(&mut sh("sleep 30"), b"", Wait::Exit, &quick());
        assert!(matches!(result, Err(HelperError::TimedOut { .. })));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_helper_that_never_reads_a_large_input_is_ended_at_the_deadline() {
        let input = vec![b'x'; 4 << 20];
        let started = Instant::now();
        let result = run(&mut sh("sleep 30"), &input, Wait::Input, &quick());
        assert!(matches!(result, Err(HelperError::TimedOut { .. })));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_child_holding_the_error_pipe_does_not_hold_us() {
        let started = Instant::now();
        let result = run(
            &mut sh("sleep 30 >&2 & echo refused >&2; exit 3"),
            b"",
            Wait::Exit,
            &quick(),
        );
        assert!(
            matches!(&result, Err(HelperError::Exited { message, .. }) if message == "refused"),
            "{result:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn cancelling_ends_a_helper_at_once() {
        let limits = Limits {
            deadline: Duration::from_secs(60),
            cancel: Arc::new(AtomicBool::new(false)),
        };
        let cancel = Arc::clone(&limits.cancel);
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            cancel.store(true, Ordering::Relaxed);
        });
        let started = Instant::now();
        let result = run(&mut sh("sleep 30"), b"", Wait::Exit, &limits);
        assert!(matches!(result, Err(HelperError::TimedOut { .. })));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_missing_program_cannot_be_spawned() {
        let result = run(
            &mut Command::new("/nonexistent/helper"),
            b"",
            Wait::Exit,
            &quick(),
        );
        assert!(matches!(result, Err(HelperError::Spawn { .. })));
    }
}
