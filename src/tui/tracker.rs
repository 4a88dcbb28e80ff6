//! The tracking database and the browser's tracking files at the edge: the `Keeper` does
//! what a [`Request`] asks of them; the `Tracker` runs it on a thread of its own, so that a
//! slow or locked database never holds up a key, and tells the event loop each answer.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::tracking::{Draft, Request, Snapshot, Tracked};
use crate::core::files;
use crate::track::{ItemKey, Ledger, TrackError};

/// Where the browser keeps 本单位 chosen with a key.
pub fn agency_file(state_dir: &Path) -> PathBuf {
    state_dir.join("agency")
}

/// Where the note being written is kept when the browser ends before it is saved.
pub fn draft_file(state_dir: &Path) -> PathBuf {
    state_dir.join("note-draft.json")
}

/// The ledger and the files of the browser's tracking.
pub struct Keeper {
    ledger: Box<dyn Ledger>,
    /// Where 本单位 chosen with a key is kept (not when the configuration sets it).
    agency_file: Option<PathBuf>,
    /// Where a note being written is kept when the browser ends.
    draft_file: Option<PathBuf>,
}

impl Keeper {
    pub fn new(
        ledger: Box<dyn Ledger>,
        agency_file: Option<PathBuf>,
        draft_file: Option<PathBuf>,
    ) -> Keeper {
        Keeper {
            ledger,
            agency_file,
            draft_file,
        }
    }

    /// Every entry and every tracked item's notes.
    pub fn snapshot(&self) -> Result<Snapshot, TrackError> {
        let entries = self.ledger.entries(None, None)?;
        let mut notes = Vec::new();
        for entry in &entries {
            let key = entry.key();
            let of_item = self.ledger.notes(&key)?;
            if !of_item.is_empty() {
                notes.push((key, of_item));
            }
        }
        Ok(Snapshot { entries, notes })
    }

    /// 本单位 as kept by the last browser that chose it with a key.
    pub fn kept_agency(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.agency_file.as_ref()?).ok()?;
        let name = text.trim();
        (!name.is_empty() && !name.chars().any(crate::core::safe::is_forbidden))
            .then(|| name.to_string())
    }

    /// The note a browser kept when it ended in the middle of it.
    pub fn kept_draft(&self) -> Option<Draft> {
        read_draft(self.draft_file.as_deref()?)
    }

    /// Where a note being written is kept when the browser ends.
    pub fn draft_file(&self) -> Option<&Path> {
        self.draft_file.as_deref()
    }

    /// Does what is asked; every failure is in the answer, in words.
    pub fn perform(&mut self, request: Request) -> Tracked {
        let words = |e: TrackError| crate::core::safe::one_line(&e.to_string());
        match request {
            Request::Status {
                key,
                status,
                author,
            } => {
                let result = self
                    .ledger
                    .set_status(&key, status, &author)
                    .and_then(|changed| match changed {
                        Some(_) => self.entry(&key),
                        None => Ok(None),
                    })
                    .map_err(words);
                Tracked::Status { key, result }
            }
            Request::Note { key, text, author } => {
                let result = self
                    .ledger
                    .add_note(&key, &text, &author)
                    .and_then(|_| Ok((self.entry(&key)?, self.ledger.notes(&key)?)))
                    .map_err(words);
                if result.is_ok()
                    && let Some(path) = &self.draft_file
                {
                    // The note is in the ledger; a draft left behind would only be offered
                    // again.
                    let _ = discard(path);
                }
                Tracked::Note { key, text, result }
            }
            Request::KeepAgency(agency) => Tracked::AgencyKept(self.keep_agency(agency)),
            Request::DiscardDraft => Tracked::DraftDiscarded(match &self.draft_file {
                Some(path) => discard(path).map_err(|e| e.to_string()),
                None => Ok(()),
            }),
        }
    }

    fn entry(&self, key: &ItemKey) -> Result<Option<crate::track::Entry>, TrackError> {
        Ok(self
            .ledger
            .entries(Some(&key.document), Some(&key.agency))?
            .into_iter()
            .find(|e| e.number == key.number))
    }

    fn keep_agency(&self, agency: Option<String>) -> Result<(), String> {
        let Some(path) = &self.agency_file else {
            return Ok(());
        };
        let kept = match agency {
            Some(name) => files::write_atomic(path, format!("{name}\n").as_bytes()).map(|_| ()),
            None => discard(path),
        };
        kept.map_err(|e| crate::core::safe::one_line(&e.to_string()))
    }
}

/// Keeps a note being written in `path`; an empty one removes the file.
pub fn keep_draft(draft: &Draft, path: &Path) -> std::io::Result<()> {
    if draft.text.trim().is_empty() {
        return discard(path);
    }
    let json = serde_json::to_string(draft).map_err(std::io::Error::other)?;
    files::write_atomic(path, json.as_bytes()).map(|_| ())
}

/// The draft kept in `path`, if any.
pub fn read_draft(path: &Path) -> Option<Draft> {
    let text = std::fs::read_to_string(path).ok()?;
    let draft: Draft = serde_json::from_str(&text).ok()?;
    (!draft
        .text
        .chars()
        .any(|c| crate::core::safe::is_forbidden(c) && c != '\r'))
    .then_some(draft)
}

/// Removes a kept file; one already gone is no error.
fn discard(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// How the tracker tells the event loop an answer: false once nobody listens.
pub type Tell = Arc<dyn Fn(Tracked) -> bool + Send + Sync>;

/// The keeper on a thread of its own, doing the requests in the order they came.
pub struct Tracker {
    requests: Option<Sender<Request>>,
    /// The requests sent whose answers the event loop has not taken, oldest first.
    sent: VecDeque<Request>,
    /// Why each request the thread did was refused (`None`: it was done), in order.
    outcomes: Receiver<Option<String>>,
    thread: Option<JoinHandle<()>>,
}

impl Tracker {
    pub fn start(mut keeper: Keeper, tell: Tell) -> Tracker {
        let (requests, incoming) = mpsc::channel::<Request>();
        let (outcome, outcomes) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            for request in incoming {
                let answer = keeper.perform(request);
                // Before the answer: whoever takes the answer finds its outcome.
                let _ = outcome.send(answer.refusal());
                if !tell(answer) {
                    break;
                }
            }
        });
        Tracker {
            requests: Some(requests),
            sent: VecDeque::new(),
            outcomes,
            thread: Some(thread),
        }
    }

    /// Sends a request to be done after those before it.
    pub fn send(&mut self, request: Request) {
        if let Some(requests) = &self.requests
            && requests.send(request.clone()).is_ok()
        {
            self.sent.push_back(request);
        }
    }

    /// The event loop took the oldest answer: the browser has shown what became of it.
    pub fn took(&mut self) {
        let _ = self.outcomes.try_recv();
        self.sent.pop_front();
    }

    /// Waits up to `within` for the requests whose answers the browser did not show;
    /// returns those not done, each with why: refused, or not answered in time (the thread
    /// is then left to end with the process).
    pub fn finish(mut self, within: Duration) -> Vec<(Request, Undone)> {
        drop(self.requests.take());
        let deadline = Instant::now() + within;
        let mut undone = Vec::new();
        while let Some(request) = self.sent.pop_front() {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.outcomes.recv_timeout(left) {
                Ok(None) => {}
                Ok(Some(why)) => undone.push((request, Undone::Refused(why))),
                Err(_) => {
                    undone.push((request, Undone::NoAnswer));
                    undone.extend(self.sent.drain(..).map(|r| (r, Undone::NoAnswer)));
                    return undone;
                }
            }
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        undone
    }
}

/// Why a change was not made when the browser ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undone {
    Refused(String),
    NoAnswer,
}
