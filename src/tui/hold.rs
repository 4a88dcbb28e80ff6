//! The terminal held for the browser from before the catalog loads, so that what is typed
//! while a big catalog loads waits for the browser as it was typed.
//!
//! On Unix the terminal is put in raw mode at once: in its ordinary line mode it would echo
//! what is typed on the screen the browser leaves behind, and hand an Enter over as a line
//! feed (Ctrl-J to the browser). Ctrl-C stays an interrupt meanwhile, as it is in the shell:
//! it, SIGTERM and SIGHUP end the program at once with the terminal's modes given back, as
//! nothing is open yet that the browser would save. Ctrl-Z and Ctrl-\ do nothing until the
//! browser reads them as keys (a stopped program would come back to a terminal the shell
//! had reset under it). Once the browser starts, the signals are its own (see `signals`)
//! and Ctrl-C is a key that quits.
//!
//! A Windows console echoes only while a program reads it, so keys typed meanwhile wait in
//! its input as they are; nothing is held there.

use std::io;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use super::signals;

/// The terminal held for the browser. Dropping it before the browser starts (for an error
/// that ends the program first) gives the terminal back its modes.
pub struct Held {
    signal: Arc<AtomicUsize>,
    #[cfg(unix)]
    raw: Option<unix::Raw>,
}

impl Held {
    /// Holds the terminal when `interactive` (standard input and output are a terminal the
    /// browser can use; raw mode would otherwise go to the process's controlling terminal).
    pub fn take(interactive: bool) -> Held {
        #[cfg(not(unix))]
        let _ = interactive;
        Held {
            signal: Arc::new(AtomicUsize::new(0)),
            #[cfg(unix)]
            raw: interactive.then(unix::Raw::take).flatten(),
        }
    }

    /// Hands the terminal over to the browser, which has taken raw mode: the signals that
    /// end it are registered on the number returned, and Ctrl-C is a key again.
    pub fn hand_over(&mut self) -> io::Result<Arc<AtomicUsize>> {
        signals::register(&self.signal)?;
        #[cfg(unix)]
        if let Some(raw) = self.raw.take() {
            raw.hand_over();
        }
        Ok(Arc::clone(&self.signal))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(raw) = self.raw.take() {
            raw.give_back();
        }
    }
}

#[cfg(unix)]
mod unix {
    use std::sync::OnceLock;

    use rustix::fd::BorrowedFd;
    use rustix::termios::{self, LocalModes, OptionalActions, SpecialCodeIndex, Termios};
    use signal_hook::SigId;
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::low_level;

    /// The terminal's modes before raw mode, for the signal handlers to put back.
    static BEFORE: OnceLock<Termios> = OnceLock::new();

    /// The value that turns a special character off (`_POSIX_VDISABLE`).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const DISABLED: u8 = 0;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    const DISABLED: u8 = 0xFF;

    /// Raw mode with Ctrl-C as an interrupt, and the handlers that end the program.
    pub struct Raw {
        handlers: Vec<SigId>,
    }

    impl Raw {
        /// None when raw mode cannot be had; the browser's own session then says why.
        pub fn take() -> Option<Raw> {
            let stdin = std::io::stdin();
            let before = termios::tcgetattr(&stdin).ok()?;
            crossterm::terminal::enable_raw_mode().ok()?;
            // Only the first hold of the process is remembered; there is one.
            let _ = BEFORE.set(before);
            let mut handlers = Vec::new();
            for signal in [SIGINT, SIGTERM, SIGHUP] {
                // SAFETY: the action only calls tcsetattr and _exit, which are
                // async-signal-safe, and reads a value set before it was registered.
                if let Ok(id) = unsafe { low_level::register(signal, move || end(signal)) } {
                    handlers.push(id);
                }
            }
            if let Ok(mut modes) = termios::tcgetattr(&stdin) {
                modes.local_modes |= LocalModes::ISIG;
                modes.special_codes[SpecialCodeIndex::VSUSP] = DISABLED;
                modes.special_codes[SpecialCodeIndex::VQUIT] = DISABLED;
                let _ = termios::tcsetattr(&stdin, OptionalActions::Now, &modes);
            }
            Some(Raw { handlers })
        }

        /// Ctrl-C a key again, as the browser's raw mode has it, and the signals left to the
        /// browser's own handlers.
        pub fn hand_over(self) {
            let stdin = std::io::stdin();
            if let Ok(mut modes) = termios::tcgetattr(&stdin) {
                modes.local_modes.remove(LocalModes::ISIG);
                let _ = termios::tcsetattr(&stdin, OptionalActions::Now, &modes);
            }
            self.unregister();
        }

        /// The terminal's modes as they were, before the program ends without a browser.
        pub fn give_back(self) {
            self.unregister();
            let _ = crossterm::terminal::disable_raw_mode();
        }

        fn unregister(self) {
            for id in self.handlers {
                low_level::unregister(id);
            }
        }
    }

    /// In a signal handler: the terminal's modes given back, and the program ended with the
    /// status a shell gives one ended by `signal`.
    fn end(signal: i32) {
        if let Some(before) = BEFORE.get() {
            // SAFETY: standard input, which stays open for the life of the process.
            let stdin = unsafe { BorrowedFd::borrow_raw(0) };
            let _ = termios::tcsetattr(stdin, OptionalActions::Now, before);
        }
        low_level::exit(128 + signal);
    }
}
