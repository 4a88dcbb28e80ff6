//! Copies whose helper routes (tmux, wl-copy, the desktop clipboard) run on a worker thread,
//! so that a helper that hangs never stops the browser from drawing and answering keys.
//!
//! The event loop starts a copy with its terminal routes done (`clipboard::start`) and hands
//! the rest to the `Copier`. The worker runs each helper within `helper::DEADLINE` and tells
//! the loop, through the loop's own channel, when a route begins and ends; the loop feeds
//! that back with `receive`, which gives the `Report` once the copy is complete. A worker
//! that does not answer at all (the desktop clipboard has no deadline of its own) is given
//! up by `overdue`: its routes time out and a fresh worker takes the queued copies.
//! `finish`, at exit, hands the desktop clipboard over and ends any helper still running,
//! within a bound.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

use super::effect::{Export, Report};
use crate::clipboard::helper::{self, HelperError, Limits};
use crate::clipboard::{self, ClipboardError, Helpers, Outcome, Route, Started};
use crate::documents::export::Format;

/// How long past a helper's own deadline its worker may stay silent before it is given up.
const GRACE: Duration = Duration::from_secs(1);

/// What a worker tells the event loop.
#[derive(Debug)]
pub struct Done {
    worker: u64,
    what: What,
}

#[derive(Debug)]
enum What {
    Began {
        job: u64,
        route: Route,
    },
    Route {
        job: u64,
        route: Route,
        outcome: Outcome,
    },
    HandedOver(Result<(), ClipboardError>),
    /// The worker has ended: cancelled, with its helper ended and reaped.
    Stopped,
}

/// What the status bar says while a copy runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copying {
    pub count: usize,
    pub format: Format,
    /// The route being tried.
    pub route: Route,
}

/// Makes the helpers for a worker, on the worker's own thread (the desktop clipboard's
/// handle stays on the thread that opened it).
pub type MakeHelpers = Arc<dyn Fn(Limits) -> Box<dyn Helpers> + Send + Sync>;

/// Sends a worker's news to the event loop; false once nobody listens.
pub type Tell = Arc<dyn Fn(Done) -> bool + Send + Sync>;

enum Job {
    Copy {
        job: u64,
        routes: Vec<Route>,
        text: Arc<str>,
        html: Option<Arc<str>>,
    },
    HandOver,
}

struct Worker {
    id: u64,
    jobs: Sender<Job>,
    cancel: Arc<AtomicBool>,
}

struct Pending {
    job: u64,
    count: usize,
    format: Format,
    text: Arc<str>,
    html: Option<Arc<str>>,
    started: Started,
    outcomes: Vec<(Route, Outcome)>,
    /// The route the worker said it began, if any yet.
    current: Option<Route>,
    /// When the worker last gave news of this copy (or the copy reached the front).
    since: Instant,
}

impl Pending {
    fn waiting(&self) -> Vec<Route> {
        let mut waiting = self.started.waiting();
        waiting.retain(|route| !self.outcomes.iter().any(|(r, _)| r == route));
        waiting
    }
}

/// The copies in progress and the worker that runs them.
pub struct Copier {
    make: MakeHelpers,
    tell: Tell,
    deadline: Duration,
    worker: Worker,
    pending: VecDeque<Pending>,
    next_job: u64,
}

impl Copier {
    /// A copier whose workers make their helpers with `make` and report through `tell`;
    /// each helper may take `deadline`.
    pub fn new(make: MakeHelpers, tell: Tell, deadline: Duration) -> Copier {
        let worker = spawn_worker(0, &make, &tell, deadline);
        Copier {
            make,
            tell,
            deadline,
            worker,
            pending: VecDeque::new(),
            next_job: 0,
        }
    }

    /// A copier with the system's helpers (tmux, wl-copy, the desktop clipboard).
    pub fn system(env: &clipboard::Environment, tell: Tell) -> Copier {
        let env = env.clone();
        let make: MakeHelpers =
            Arc::new(move |limits| Box::new(clipboard::Desktop::new(&env, limits)));
        Copier::new(make, tell, helper::DEADLINE)
    }

    /// Runs the helper routes of a started copy; the report comes from `receive` or
    /// `overdue`. A copy with no helper routes is complete at once.
    pub fn start(&mut self, export: &Export, started: Started) -> Option<Report> {
        let routes = started.waiting();
        if routes.is_empty() {
            return Some(copied(
                export.count,
                export.format(),
                started.finish(Vec::new()),
            ));
        }
        let job = self.next_job;
        self.next_job += 1;
        let text: Arc<str> = Arc::from(export.text.as_str());
        let html: Option<Arc<str>> = export.html.as_deref().map(Arc::from);
        let _ = self.worker.jobs.send(Job::Copy {
            job,
            routes,
            text: Arc::clone(&text),
            html: html.clone(),
        });
        self.pending.push_back(Pending {
            job,
            count: export.count,
            format: export.format(),
            text,
            html,
            started,
            outcomes: Vec::new(),
            current: None,
            since: Instant::now(),
        });
        None
    }

    /// Takes a worker's news; the report of a copy it completed.
    pub fn receive(&mut self, done: Done) -> Option<Report> {
        if done.worker != self.worker.id {
            return None;
        }
        let (job, route, outcome) = match done.what {
            What::Began { job, route } => {
                if let Some(pending) = self.pending.iter_mut().find(|p| p.job == job) {
                    pending.current = Some(route);
                    pending.since = Instant::now();
                }
                return None;
            }
            What::Route {
                job,
                route,
                outcome,
            } => (job, route, outcome),
            What::HandedOver(_) | What::Stopped => return None,
        };
        let at = self.pending.iter().position(|p| p.job == job)?;
        let pending = &mut self.pending[at];
        pending.outcomes.push((route, outcome));
        pending.current = None;
        pending.since = Instant::now();
        if !pending.waiting().is_empty() {
            return None;
        }
        let pending = self.pending.remove(at)?;
        if let Some(next) = self.pending.front_mut() {
            next.since = Instant::now();
        }
        Some(complete(pending))
    }

    /// When the worker has been silent past its helper's deadline: the copy it was on is
    /// reported with the silent routes timed out, and a fresh worker takes the rest.
    pub fn overdue(&mut self, now: Instant) -> Option<Report> {
        let front = self.pending.front()?;
        if now.duration_since(front.since) < self.deadline + GRACE {
            return None;
        }
        let mut pending = self.pending.pop_front()?;
        let seconds = self.deadline.as_secs().max(1);
        for route in pending.waiting() {
            let error = ClipboardError::Helper(HelperError::TimedOut {
                program: program(route).into(),
                seconds,
            });
            pending.outcomes.push((route, Outcome::Failed(error)));
        }
        self.worker.cancel.store(true, Ordering::Relaxed);
        self.worker = spawn_worker(self.worker.id + 1, &self.make, &self.tell, self.deadline);
        for queued in &mut self.pending {
            queued.since = now;
            let _ = self.worker.jobs.send(Job::Copy {
                job: queued.job,
                routes: queued.waiting(),
                text: Arc::clone(&queued.text),
                html: queued.html.clone(),
            });
        }
        Some(complete(pending))
    }

    /// The copy in progress, for the status bar.
    pub fn progress(&self) -> Option<Copying> {
        let pending = self.pending.front()?;
        let route = pending
            .current
            .or_else(|| pending.waiting().first().copied())?;
        Some(Copying {
            count: pending.count,
            format: pending.format,
            route,
        })
    }

    /// Whether a copy is in progress.
    pub fn busy(&self) -> bool {
        !self.pending.is_empty()
    }

    /// At exit: lets the copies in progress end, hands the desktop clipboard over, and ends
    /// whatever helper still runs once `within` has passed. `next` waits up to the given
    /// time for a worker's news (`None` when none came). Returns the hand-over's result.
    pub fn finish(
        self,
        within: Duration,
        mut next: impl FnMut(Duration) -> Option<Done>,
    ) -> Result<(), ClipboardError> {
        let end = Instant::now() + within;
        let _ = self.worker.jobs.send(Job::HandOver);
        let mut outcome = Err(ClipboardError::Helper(HelperError::TimedOut {
            program: "hand-over".into(),
            seconds: within.as_secs().max(1),
        }));
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            let Some(done) = next(left) else { break };
            if done.worker != self.worker.id {
                continue;
            }
            if let What::HandedOver(result) = done.what {
                outcome = result;
                break;
            }
        }
        // End a helper still running, and give the worker a moment to reap it.
        self.worker.cancel.store(true, Ordering::Relaxed);
        drop(self.worker.jobs);
        let stop_by = Instant::now() + Duration::from_millis(300);
        while let Some(left) = stop_by.checked_duration_since(Instant::now()) {
            match next(left) {
                Some(Done {
                    worker,
                    what: What::Stopped,
                }) if worker == self.worker.id => break,
                Some(_) => {}
                None => break,
            }
        }
        outcome
    }
}

fn copied(count: usize, format: Format, delivery: clipboard::Delivery) -> Report {
    Report::Copied {
        count,
        format,
        delivery,
    }
}

fn complete(pending: Pending) -> Report {
    copied(
        pending.count,
        pending.format,
        pending.started.finish(pending.outcomes),
    )
}

/// What the status bar names as the program that did not answer.
fn program(route: Route) -> &'static str {
    match route {
        Route::Tmux => "tmux",
        Route::WlCopy => "wl-copy",
        Route::Desktop | Route::Screen | Route::Osc52 => "display",
    }
}

fn spawn_worker(id: u64, make: &MakeHelpers, tell: &Tell, deadline: Duration) -> Worker {
    let (jobs, queue) = mpsc::channel::<Job>();
    let cancel = Arc::new(AtomicBool::new(false));
    let limits = Limits {
        deadline,
        cancel: Arc::clone(&cancel),
    };
    let make = Arc::clone(make);
    let tell = Arc::clone(tell);
    std::thread::spawn(move || {
        let send = |what: What| tell(Done { worker: id, what });
        let cancelled = || limits.cancel.load(Ordering::Relaxed);
        let mut helpers = make(limits.clone());
        for job in queue {
            if cancelled() {
                break;
            }
            match job {
                Job::Copy {
                    job,
                    routes,
                    text,
                    html,
                } => {
                    for route in routes {
                        if cancelled() {
                            break;
                        }
                        send(What::Began { job, route });
                        let outcome =
                            clipboard::run_helper(&mut *helpers, route, &text, html.as_deref());
                        send(What::Route {
                            job,
                            route,
                            outcome,
                        });
                    }
                }
                Job::HandOver => {
                    send(What::HandedOver(helpers.hand_over()));
                }
            }
        }
        send(What::Stopped);
    });
    Worker { id, jobs, cancel }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::mpsc::Receiver;

    use super::*;
    use crate::clipboard::{Environment, Recorder};

    /// Helpers that answer at once, or never (until the test ends).
    struct Slow {
        hang: Arc<AtomicBool>,
        handed_over: Arc<Mutex<bool>>,
    }

    impl Helpers for Slow {
        fn tmux_load_buffer(&mut self, _: &str) -> Result<(), ClipboardError> {
            while self.hang.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(5));
            }
            Ok(())
        }
        fn wl_copy(&mut self, _: &str) -> Result<(), ClipboardError> {
            Ok(())
        }
        fn desktop(&mut self, _: &str, _: Option<&str>) -> Result<(), ClipboardError> {
            Ok(())
        }
        fn hand_over(&mut self) -> Result<(), ClipboardError> {
            *self.handed_over.lock().unwrap() = true;
            Ok(())
        }
    }

    struct Harness {
        copier: Copier,
        news: Receiver<Done>,
        hang: Arc<AtomicBool>,
        handed_over: Arc<Mutex<bool>>,
    }

    fn harness(hang: bool) -> Harness {
        let hang = Arc::new(AtomicBool::new(hang));
        let handed_over = Arc::new(Mutex::new(false));
        let (sender, news) = mpsc::channel();
        let sender = Mutex::new(sender);
        let tell: Tell = Arc::new(move |done| sender.lock().unwrap().send(done).is_ok());
        let (h, o) = (Arc::clone(&hang), Arc::clone(&handed_over));
        let make: MakeHelpers = Arc::new(move |_| {
            Box::new(Slow {
                hang: Arc::clone(&h),
                handed_over: Arc::clone(&o),
            })
        });
        Harness {
            copier: Copier::new(make, tell, Duration::from_millis(200)),
            news,
            hang,
            handed_over,
        }
    }

    fn export() -> Export {
        Export {
            text: "1. 数据跨境\n".into(),
            count: 1,
            html: None,
            output: crate::documents::export::Output::Text,
            parts: None,
        }
    }

    fn started(vars: &[(&str, &str)]) -> Started {
        let env = Environment::from_vars(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        });
        clipboard::start(&env, 1000, &mut Recorder::default(), &export().text, false)
    }

    #[test]
    fn a_copy_completes_through_the_worker() {
        let mut h = harness(false);
        let copy = started(&[("TMUX", "x"), ("HOME", "/h")]);
        assert!(h.copier.start(&export(), copy).is_none());
        assert_eq!(h.copier.progress().map(|c| c.route), Some(Route::Tmux));
        let report = loop {
            let done = h.news.recv_timeout(Duration::from_secs(5)).unwrap();
            if let Some(report) = h.copier.receive(done) {
                break report;
            }
        };
        let Report::Copied { delivery, .. } = report else {
            panic!("{report:?}")
        };
        let mut expected = vec![(Route::Tmux, Outcome::Done)];
        // Windows and macOS always have a desktop clipboard.
        if DESKTOP_EVERYWHERE {
            expected.push((Route::Desktop, Outcome::Done));
        }
        assert_eq!(delivery.routes, expected);
        assert!(!h.copier.busy());
    }

    /// Whether this platform copies to the desktop clipboard whatever the environment says.
    const DESKTOP_EVERYWHERE: bool = cfg!(any(windows, target_os = "macos"));

    // Windows and macOS always add the desktop route, so no copy is the terminal's alone.
    #[cfg(not(any(windows, target_os = "macos")))]
    #[test]
    fn a_copy_with_terminal_routes_only_is_reported_at_once() {
        let mut h = harness(true);
        let copy = started(&[("TERM", "xterm"), ("HOME", "/h")]);
        assert!(h.copier.start(&export(), copy).is_some());
        assert!(!h.copier.busy());
    }

    #[test]
    fn a_silent_worker_is_given_up_and_the_next_copy_still_runs() {
        let mut h = harness(true);
        h.copier
            .start(&export(), started(&[("TMUX", "x"), ("HOME", "/h")]));
        h.copier
            .start(&export(), started(&[("TMUX", "x"), ("HOME", "/h")]));
        assert!(h.copier.overdue(Instant::now()).is_none());
        let later = Instant::now() + Duration::from_secs(2);
        let Some(Report::Copied { delivery, .. }) = h.copier.overdue(later) else {
            panic!("not given up")
        };
        let timed_out = |program: &str| {
            Outcome::Failed(ClipboardError::Helper(HelperError::TimedOut {
                program: program.into(),
                seconds: 1,
            }))
        };
        let mut expected = vec![(Route::Tmux, timed_out("tmux"))];
        if DESKTOP_EVERYWHERE {
            expected.push((Route::Desktop, timed_out("display")));
        }
        assert_eq!(delivery.routes, expected);
        // The fresh worker hangs too until released; then the second copy completes.
        h.hang.store(false, Ordering::Relaxed);
        let report = loop {
            let done = h.news.recv_timeout(Duration::from_secs(5)).unwrap();
            if let Some(report) = h.copier.receive(done) {
                break report;
            }
        };
        assert!(matches!(report, Report::Copied { delivery, .. } if delivery.done()));
    }

    #[test]
    fn finishing_hands_over_and_is_bounded() {
        let h = harness(false);
        let news = h.news;
        h.copier
            .finish(Duration::from_secs(2), |left| news.recv_timeout(left).ok())
            .unwrap();
        assert!(*h.handed_over.lock().unwrap());

        // A worker stuck in a copy: finishing waits no longer than asked.
        let mut h = harness(true);
        h.copier
            .start(&export(), started(&[("TMUX", "x"), ("HOME", "/h")]));
        let news = h.news;
        let begun = Instant::now();
        let result = h.copier.finish(Duration::from_millis(300), |left| {
            news.recv_timeout(left).ok()
        });
        assert!(matches!(
            result,
            Err(ClipboardError::Helper(HelperError::TimedOut { .. }))
        ));
        assert!(begun.elapsed() < Duration::from_secs(2));
        assert!(!*h.handed_over.lock().unwrap());
    }
}
