//! The searches of a big catalog, on a thread of their own, so that typing into the search
//! line never waits for one: each key shows in the next frame, and the list follows when
//! its search answers. A newer query stops the search under way (it gives up within one
//! reform's work per thread) and starts its own.
//!
//! The browser answers keys in order, as before: a key that acts on the list (Enter, a
//! mark, a copy) waits for the search under way first, so that it acts on what the query
//! typed before it finds, never on the previous query's list.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use super::action::Action;
use super::app::App;
use crate::core::query::{Hit, Job};

/// From this many reforms the browser searches in the background: below it a search takes
/// a few milliseconds, less than handing it to a thread and drawing twice.
pub const BACKGROUND_FROM: usize = 5_000;

/// Tells the event loop that search `id` has ended (answered or stopped).
pub type Tell = Arc<dyn Fn(u64) + Send + Sync>;

/// The search under way, if any.
pub struct Searches {
    running: Option<Running>,
    next_id: u64,
    tell: Tell,
}

struct Running {
    id: u64,
    input: String,
    stop: Arc<AtomicBool>,
    thread: JoinHandle<(Job, Option<Vec<Hit>>)>,
}

impl Searches {
    pub fn new(tell: Tell) -> Searches {
        Searches {
            running: None,
            next_id: 0,
            tell,
        }
    }

    /// Makes what runs follow what the app waits for: starts its search unless it is the
    /// one under way, and stops a search no longer wanted.
    pub fn follow(&mut self, app: &mut App) {
        let wanted = app.searching();
        if let Some(running) = &self.running
            && wanted == Some(running.input.as_str())
        {
            return;
        }
        self.stop();
        let Some((index, job)) = app.search_job() else {
            return;
        };
        let stop = Arc::new(AtomicBool::new(false));
        let id = self.next_id;
        self.next_id += 1;
        let tell = Arc::clone(&self.tell);
        let input = job.input().to_string();
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                let hits = job.run(&index, &stopped);
                tell(id);
                (job, hits)
            });
        match thread {
            Ok(thread) => {
                self.running = Some(Running {
                    id,
                    input,
                    stop,
                    thread,
                })
            }
            // No thread to be had: the app searches on the spot from now on.
            Err(_) => app.search_in_background(false),
        }
    }

    /// A search thread's news: its answer goes to the app, if it is the search under way.
    pub fn ended(&mut self, id: u64, app: &mut App) {
        if self.running.as_ref().is_some_and(|r| r.id == id) {
            self.wait(app);
        }
    }

    /// Waits for the search under way, if any, and hands its answer to the app.
    pub fn wait(&mut self, app: &mut App) {
        let Some(running) = self.running.take() else {
            return;
        };
        match running.thread.join() {
            Ok((job, Some(hits))) => app.searched(job, hits),
            Ok((_, None)) => {}
            Err(panic) => std::panic::resume_unwind(panic),
        }
        // The app may want another search already (it never should: it waited for this).
        self.follow(app);
    }

    /// Stops the search under way; its thread ends on its own, unwaited.
    pub fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop.store(true, Ordering::Relaxed);
        }
    }
}

/// Whether an action can be applied while a search is under way: it edits the search line
/// or leaves the list alone. Any other waits for the search's answer first.
pub fn can_overtake(action: &Action) -> bool {
    matches!(
        action,
        Action::Input(_)
            | Action::Backspace
            | Action::DeleteWord
            | Action::ClearLine
            | Action::CaretLeft
            | Action::CaretRight
            | Action::CaretHome
            | Action::CaretEnd
            | Action::HistoryPrev
            | Action::HistoryNext
            | Action::CancelSearch
            | Action::Resize { .. }
            | Action::Copying(_)
            | Action::Writing(_)
            | Action::Reported(_)
            | Action::Unbound(_)
            | Action::Quit
    )
}
