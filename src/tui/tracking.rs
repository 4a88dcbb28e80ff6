//! The browser's side of tracking, as state: the agency the user works for (本单位), what
//! the ledger last said of each item, the notes of the current reform, and the writes on
//! their way. Nothing here touches the database or a file: a change goes out as a
//! [`Request`] the edge performs off the key path (`tui::tracker`), and its answer comes
//! back as [`Tracked`].

use std::collections::HashMap;

use crate::core::catalog::Catalog;
use crate::lang::Lang;
use crate::track::{Entry, ItemKey, Note, Status};

/// A note with the agency it was written for.
pub type AgencyNote = (String, Note);

/// Everything the ledger holds that the browser shows: every entry, and every item's notes
/// (newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub entries: Vec<Entry>,
    pub notes: Vec<(ItemKey, Vec<Note>)>,
}

/// A change for the edge to make in the ledger or the state folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Set the item's status.
    Status {
        key: ItemKey,
        status: Status,
        author: String,
    },
    /// Add a progress note to the item; the kept draft of it is dropped once it is in.
    Note {
        key: ItemKey,
        text: String,
        author: String,
    },
    /// Keep 本单位 for the next start, or forget it.
    KeepAgency(Option<String>),
    /// Drop the note draft a browser kept when it ended in the middle of a note.
    DiscardDraft,
}

/// What the edge answers to a [`Request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tracked {
    /// The status is written: the item as it now stands (`None`: it had that status).
    Status {
        key: ItemKey,
        result: Result<Option<Entry>, String>,
    },
    /// The note is written: the item and its notes as they now stand. When it is not, its
    /// text comes back, to be written again.
    Note {
        key: ItemKey,
        text: String,
        result: Result<(Option<Entry>, Vec<Note>), String>,
    },
    /// 本单位 was kept, or why not.
    AgencyKept(Result<(), String>),
    /// The draft was dropped, or why not.
    DraftDiscarded(Result<(), String>),
}

impl Tracked {
    /// Why the change was not made, if it was not.
    pub fn refusal(&self) -> Option<String> {
        match self {
            Tracked::Status { result, .. } => result.as_ref().err().cloned(),
            Tracked::Note { result, .. } => result.as_ref().err().cloned(),
            Tracked::AgencyKept(result) | Tracked::DraftDiscarded(result) => {
                result.as_ref().err().cloned()
            }
        }
    }
}

/// What the browser tracks with.
#[derive(Debug, Clone)]
pub struct Tracking {
    /// 本单位: the agency whose status the list shows and the keys change.
    pub(crate) agency: Option<String>,
    /// Who makes the changes.
    pub(crate) author: String,
    entries: HashMap<ItemKey, Entry>,
    notes: HashMap<ItemKey, Vec<Note>>,
    /// The notes of the reform at a position (every agency's, newest first), for the
    /// detail pane.
    current: Option<(Option<usize>, Vec<AgencyNote>)>,
    /// The status facet: only reforms with this status (for 本单位, or for any agency).
    pub(crate) status_filter: Option<Status>,
    /// The day deadlines are measured against: the day the browser started.
    pub(crate) today: chrono::NaiveDate,
    /// Status writes on their way, per item: how many, and the item as the ledger last
    /// said, to go back to when one is refused.
    in_flight: HashMap<ItemKey, (usize, Option<Entry>)>,
    /// Notes on their way.
    notes_in_flight: usize,
}

impl Tracking {
    /// Tracking for `author` on what the ledger holds; `agency` is 本单位, if chosen.
    pub fn new(agency: Option<String>, author: String, snapshot: Snapshot) -> Tracking {
        let mut tracking = Tracking {
            agency,
            author,
            entries: HashMap::new(),
            notes: HashMap::new(),
            current: None,
            status_filter: None,
            today: chrono::Local::now().date_naive(),
            in_flight: HashMap::new(),
            notes_in_flight: 0,
        };
        tracking.take(snapshot);
        tracking
    }

    /// Takes what the ledger holds now in place of what it held.
    pub fn take(&mut self, snapshot: Snapshot) {
        self.entries = snapshot.entries.into_iter().map(|e| (e.key(), e)).collect();
        self.notes = snapshot.notes.into_iter().collect();
        self.current = None;
    }

    /// Whether the list has anything to show of the work: 本单位 is set or some item has
    /// been tracked. Until then the rows keep their room for the titles.
    pub fn shows_anything(&self) -> bool {
        self.agency.is_some() || !self.entries.is_empty()
    }

    /// 本单位, if chosen.
    pub fn agency(&self) -> Option<&str> {
        self.agency.as_deref()
    }

    pub fn entry(&self, key: &ItemKey) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// How many changes are on their way to the ledger.
    pub fn pending(&self) -> usize {
        self.in_flight.values().map(|(n, _)| n).sum::<usize>() + self.notes_in_flight
    }

    /// The status of reform `position` for `agency`: not started when nothing is tracked.
    pub fn status(&self, catalog: &Catalog, position: usize, agency: &str) -> Status {
        self.entry(&key(catalog, position, agency))
            .map(|e| e.status)
            .unwrap_or_default()
    }

    /// The reform's agencies that have closed it (done, or not applicable) and its
    /// agencies: `(2, 3)` for `2/3 已落实`.
    pub fn done_count(&self, catalog: &Catalog, position: usize) -> (usize, usize) {
        let agencies = &catalog.reforms[position].agencies;
        let done = agencies
            .iter()
            .filter(|a| self.status(catalog, position, a).is_closed())
            .count();
        (done, agencies.len())
    }

    /// Whether any agency's deadline for the reform (本单位's only, when set) has passed
    /// with the work open.
    pub fn is_overdue(&self, catalog: &Catalog, position: usize, today: chrono::NaiveDate) -> bool {
        catalog.reforms[position]
            .agencies
            .iter()
            .filter(|a| self.agency.as_deref().is_none_or(|mine| mine == a.as_str()))
            .any(|a| {
                self.entry(&key(catalog, position, a))
                    .is_some_and(|e| e.is_overdue(today))
            })
    }

    /// Whether the reform passes the status facet.
    pub fn passes(&self, catalog: &Catalog, position: usize) -> bool {
        let Some(wanted) = self.status_filter else {
            return true;
        };
        let agencies = &catalog.reforms[position].agencies;
        match &self.agency {
            Some(mine) => {
                agencies.iter().any(|a| a == mine) && self.status(catalog, position, mine) == wanted
            }
            None => agencies
                .iter()
                .any(|a| self.status(catalog, position, a) == wanted),
        }
    }

    /// The agency the keys act for on reform `position`: 本单位 when it is responsible,
    /// else the reform's only agency; an error message otherwise.
    pub fn acting_agency(
        &self,
        catalog: &Catalog,
        position: usize,
        lang: Lang,
    ) -> Result<String, String> {
        let agencies = &catalog.reforms[position].agencies;
        match &self.agency {
            Some(mine) if agencies.iter().any(|a| a == mine) => Ok(mine.clone()),
            Some(mine) => Err(lang.not_responsible(mine)),
            None if agencies.len() == 1 => Ok(agencies[0].to_string()),
            None => Err(lang.labels().set_my_agency_first.to_string()),
        }
    }

    /// Moves the status of reform `position` for `agency` on to the next one, at once on
    /// screen: the request for the edge to write it, and the status.
    pub fn cycle_status(
        &mut self,
        catalog: &Catalog,
        position: usize,
        agency: &str,
    ) -> (Request, Status) {
        let k = key(catalog, position, agency);
        let next = self.status(catalog, position, agency).next();
        let before = self.entries.get(&k).cloned();
        self.in_flight.entry(k.clone()).or_insert((0, before)).0 += 1;
        let entry = self.entries.entry(k.clone()).or_insert_with(|| Entry {
            document: k.document.clone(),
            number: k.number,
            agency: k.agency.clone(),
            ..Entry::default()
        });
        entry.status = next;
        self.current = None;
        let request = Request::Status {
            key: k,
            status: next,
            author: self.author.clone(),
        };
        (request, next)
    }

    /// A note for reform `position` and `agency`, on its way.
    pub fn add_note(
        &mut self,
        catalog: &Catalog,
        position: usize,
        agency: &str,
        text: &str,
    ) -> Request {
        self.notes_in_flight += 1;
        Request::Note {
            key: key(catalog, position, agency),
            text: text.to_string(),
            author: self.author.clone(),
        }
    }

    /// Takes the ledger's answer to a status or a note: what it wrote, or, when it refused,
    /// the item as the ledger last said once no other write of it is on its way. Returns the
    /// refusal's reason.
    pub fn answer(&mut self, tracked: &Tracked) -> Option<String> {
        match tracked {
            Tracked::Status { key, result } => self.status_answered(key, result),
            Tracked::Note { key, result, .. } => {
                self.notes_in_flight = self.notes_in_flight.saturating_sub(1);
                let (entry, notes) = match result {
                    Ok(answer) => answer,
                    Err(why) => return Some(why.clone()),
                };
                if let Some(entry) = entry {
                    self.entries.insert(key.clone(), entry.clone());
                }
                self.notes.insert(key.clone(), notes.clone());
                self.current = None;
                None
            }
            Tracked::AgencyKept(result) | Tracked::DraftDiscarded(result) => result.clone().err(),
        }
    }

    fn status_answered(
        &mut self,
        key: &ItemKey,
        result: &Result<Option<Entry>, String>,
    ) -> Option<String> {
        let Some((count, stored)) = self.in_flight.get_mut(key) else {
            return result.as_ref().err().cloned();
        };
        *count -= 1;
        let refused = match result {
            Ok(Some(entry)) => {
                *stored = Some(entry.clone());
                None
            }
            Ok(None) => None,
            Err(why) => Some(why.clone()),
        };
        if *count == 0 {
            let (_, stored) = self.in_flight.remove(key).unwrap_or_default();
            match stored {
                // What the ledger holds; the same as shown unless a write was refused.
                Some(entry) => self.entries.insert(key.clone(), entry),
                None => self.entries.remove(key),
            };
        }
        self.current = None;
        refused
    }

    /// Brings the notes of the reform at `position` (every agency's, newest first) up to
    /// date when they are not those gathered last; called after each change of state.
    pub fn follow(&mut self, catalog: &Catalog, position: Option<usize>) {
        if self.current.as_ref().map(|n| n.0) == Some(position) {
            return;
        }
        let mut all = Vec::new();
        for agency in position.map_or(&[][..], |p| &catalog.reforms[p].agencies[..]) {
            let k = key(catalog, position.unwrap_or(0), agency);
            if let Some(notes) = self.notes.get(&k) {
                all.extend(notes.iter().map(|n| (agency.to_string(), n.clone())));
            }
        }
        all.sort_by(|a, b| b.1.time.cmp(&a.1.time));
        self.current = Some((position, all));
    }

    /// The notes `follow` gathered, newest first, each with its agency.
    pub fn notes(&self) -> &[AgencyNote] {
        self.current.as_ref().map_or(&[], |n| &n.1)
    }

    /// Makes `agency` 本单位 (or none); the request that keeps it for the next start.
    pub fn set_agency(&mut self, agency: Option<String>) -> Request {
        self.agency = agency.clone();
        Request::KeepAgency(agency)
    }
}

/// The key of reform `position` for `agency`: its document's short name, its number.
pub fn key(catalog: &Catalog, position: usize, agency: &str) -> ItemKey {
    let document = &catalog.batches()[catalog.batch_of(position)].name;
    ItemKey::new(document, catalog.reforms[position].number, agency)
}

/// A note being written: for which item, and its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    pub document: String,
    pub number: u32,
    pub agency: String,
    pub text: String,
}

impl Draft {
    pub fn key(&self) -> ItemKey {
        ItemKey::new(&self.document, self.number, &self.agency)
    }
}
