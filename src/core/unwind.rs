//! Panics caught where they happen: a parser of someone else's that panics on a damaged file,
//! or a thread that makes an export's file. Such a panic becomes an error like any other,
//! and nothing of it reaches the screen: neither the panic message and backtrace the default
//! hook prints, nor the browser's hook, which would restore the terminal under a browser
//! that goes on running.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many [`catch`]es this thread is inside.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`; a panic inside it is returned as its message instead of going on. The panic
/// prints nothing.
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install_quiet_hook();
    CATCHING.with(|c| c.set(c.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(c.get() - 1));
    result.map_err(|payload| message(payload.as_ref()))
}

/// Whether the panic under way on this thread is one a [`catch`] takes: a panic hook does
/// nothing then.
pub fn is_caught() -> bool {
    CATCHING.with(|c| c.get() > 0)
}

/// A panic's message, as `panic!` and `unwrap` give it.
pub fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "no message".to_owned())
}

/// Puts a hook in front of the one in place (once per process) that stays silent for the
/// panics a [`catch`] takes. A hook set later (the browser's) asks [`is_caught`] itself.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !is_caught() {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(catch(|| 7), Ok(7));
        assert_eq!(
            catch(|| -> u8 { panic!("a damaged entry") }),
            Err("a damaged entry".to_owned())
        );
        let formatted = catch(|| -> u8 { panic!("entry {} of {}", 3, 9) });
        assert_eq!(formatted, Err("entry 3 of 9".to_owned()));
        let unwrapped = catch(|| "x".parse::<u8>().unwrap());
        assert!(unwrapped.unwrap_err().contains("InvalidDigit"));
    }

    #[test]
    fn only_inside_a_catch_is_a_panic_caught() {
        assert!(!is_caught());
        let inside = catch(is_caught);
        assert_eq!(inside, Ok(true));
        // Nested: the outer one still counts after the inner one ends.
        let nested = catch(|| {
            let _ = catch(|| -> u8 { panic!("inner") });
            is_caught()
        });
        assert_eq!(nested, Ok(true));
        assert!(!is_caught());
        let after_panic = catch(|| -> u8 { panic!("gone") });
        assert!(after_panic.is_err());
        assert!(!is_caught());
    }
}
