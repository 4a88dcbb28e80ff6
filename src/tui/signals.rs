//! What ends the browser from outside, as quitting does: the session is saved and the
//! terminal restored. Each sets a number that the event loop reads between two frames.
//!
//! - Unix: SIGTERM, SIGHUP (the terminal window closed, an SSH connection dropped) and
//!   SIGINT (sent with `kill`: in raw mode Ctrl-C is a key, which quits).
//! - Windows: the console's control events: Ctrl-Break, Ctrl-C (a key in raw mode, an event
//!   when the console processes it), the console window closed, the user logging off and
//!   the system shutting down. They are numbered as the signals they stand for: 21
//!   (SIGBREAK), 2 (SIGINT), 1 (a hang-up) and 15 (SIGTERM).

use std::io;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// Has `number` stored in `flag` when something ends the browser.
#[cfg(unix)]
pub fn register(flag: &Arc<AtomicUsize>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    for number in [SIGTERM, SIGHUP, SIGINT] {
        signal_hook::flag::register_usize(number, Arc::clone(flag), number as usize)?;
    }
    Ok(())
}

/// Has the event's number stored in `flag` when a console control event ends the browser.
#[cfg(windows)]
pub fn register(flag: &Arc<AtomicUsize>) -> io::Result<()> {
    use windows_sys::Win32::Foundation::TRUE;
    use windows_sys::Win32::System::Console::SetConsoleCtrlHandler;
    if windows::FLAG.set(Arc::clone(flag)).is_err() {
        // Registered by an earlier browser in this process: the handler stays.
        return Ok(());
    }
    // SAFETY: the handler is a plain function that lives as long as the program.
    if unsafe { SetConsoleCtrlHandler(Some(windows::handler), TRUE) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
pub fn register(_: &Arc<AtomicUsize>) -> io::Result<()> {
    Ok(())
}

#[cfg(windows)]
mod windows {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, OnceLock};
    use std::time::Duration;

    use windows_sys::Win32::Foundation::{FALSE, TRUE};
    use windows_sys::Win32::System::Console::{
        CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
    };
    use windows_sys::core::BOOL;

    pub static FLAG: OnceLock<Arc<AtomicUsize>> = OnceLock::new();

    /// The signal number an event stands for; `None` for an event left to the next handler.
    pub fn number(event: u32) -> Option<usize> {
        match event {
            CTRL_C_EVENT => Some(2),
            CTRL_BREAK_EVENT => Some(21),
            CTRL_CLOSE_EVENT => Some(1),
            CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT => Some(15),
            _ => None,
        }
    }

    /// Runs on a thread Windows starts for the event.
    pub unsafe extern "system" fn handler(event: u32) -> BOOL {
        let (Some(number), Some(flag)) = (number(event), FLAG.get()) else {
            return FALSE;
        };
        flag.store(number, Ordering::SeqCst);
        if matches!(
            event,
            CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT
        ) {
            // Windows ends the process as soon as this returns: wait for the event loop to
            // save the session and the program to exit, which ends this thread too. Windows
            // waits 5 seconds at most.
            std::thread::sleep(Duration::from_secs(30));
        }
        TRUE
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn events_are_numbered_as_their_signals() {
            assert_eq!(number(CTRL_C_EVENT), Some(2));
            assert_eq!(number(CTRL_BREAK_EVENT), Some(21));
            assert_eq!(number(CTRL_CLOSE_EVENT), Some(1));
            assert_eq!(number(CTRL_SHUTDOWN_EVENT), Some(15));
            assert_eq!(number(99), None);
        }
    }
}
