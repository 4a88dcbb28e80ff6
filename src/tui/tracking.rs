//! The browser's side of tracking: the agency the user works for (本单位), each reform's
//! status for it, and the notes of the current reform. Changes go straight to the tracking
//! database through the `Ledger` interface (a change takes a few milliseconds); a failure
//! is a status-bar message, never the end of the browser.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::core::catalog::Catalog;
use crate::lang::Lang;
use crate::track::{Entry, ItemKey, Ledger, Note, Status, TrackError};

/// A note with the agency it was written for.
pub type AgencyNote = (String, Note);

/// What the browser tracks with.
pub struct Tracking {
    ledger: Box<dyn Ledger>,
    /// 本单位: the agency whose status the list shows and the keys change.
    pub(crate) agency: Option<String>,
    /// Where the agency chosen with a key is kept (not when the configuration sets it).
    agency_file: Option<PathBuf>,
    /// Who makes the changes.
    author: String,
    entries: HashMap<ItemKey, Entry>,
    /// The notes of the reform at a position (every agency's, newest first), for the
    /// detail pane.
    notes: Option<(Option<usize>, Vec<AgencyNote>)>,
    /// The status facet: only reforms with this status (for 本单位, or for any agency).
    pub(crate) status_filter: Option<Status>,
    /// The day deadlines are measured against: the day the browser started.
    pub(crate) today: chrono::NaiveDate,
}

impl Tracking {
    /// Whether the list has anything to show of the work: 本单位 is set or some item has
    /// been tracked. Until then the rows keep their room for the titles.
    pub fn shows_anything(&self) -> bool {
        self.agency.is_some() || !self.entries.is_empty()
    }

    /// Tracking with `ledger`, its entries read. `agency` is the configuration's 本单位;
    /// without one, the one kept in `agency_file` is used.
    pub fn new(
        ledger: Box<dyn Ledger>,
        agency: Option<String>,
        agency_file: Option<PathBuf>,
        author: String,
    ) -> Result<Tracking, TrackError> {
        let kept = match (&agency, &agency_file) {
            (None, Some(path)) => read_agency(path),
            _ => None,
        };
        let mut tracking = Tracking {
            ledger,
            agency: agency.or(kept),
            agency_file,
            author,
            entries: HashMap::new(),
            notes: None,
            status_filter: None,
            today: chrono::Local::now().date_naive(),
        };
        tracking.reload()?;
        Ok(tracking)
    }

    /// Reads every entry again.
    pub fn reload(&mut self) -> Result<(), TrackError> {
        self.entries = self
            .ledger
            .entries(None, None)?
            .into_iter()
            .map(|e| (e.key(), e))
            .collect();
        self.notes = None;
        Ok(())
    }

    /// 本单位, if chosen.
    pub fn agency(&self) -> Option<&str> {
        self.agency.as_deref()
    }

    pub fn entry(&self, key: &ItemKey) -> Option<&Entry> {
        self.entries.get(key)
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
            Some(mine) => Err(match lang {
                Lang::Zh => format!("本单位（{mine}）不负责此事项"),
                Lang::En => format!("{mine} (my agency) is not responsible for this reform"),
            }),
            None if agencies.len() == 1 => Ok(agencies[0].to_string()),
            None => Err(match lang {
                Lang::Zh => "请先在单位窗格按 A 设置本单位".to_string(),
                Lang::En => "set my agency first: A in the agency pane".to_string(),
            }),
        }
    }

    /// Moves the status of reform `position` for `agency` on to the next one.
    pub fn cycle_status(
        &mut self,
        catalog: &Catalog,
        position: usize,
        agency: &str,
    ) -> Result<Status, TrackError> {
        let k = key(catalog, position, agency);
        let next = self.status(catalog, position, agency).next();
        self.ledger.set_status(&k, next, &self.author)?;
        self.refresh_item(&k)?;
        Ok(next)
    }

    /// Adds a note to reform `position` for `agency`.
    pub fn add_note(
        &mut self,
        catalog: &Catalog,
        position: usize,
        agency: &str,
        text: &str,
    ) -> Result<(), TrackError> {
        let k = key(catalog, position, agency);
        self.ledger.add_note(&k, text, &self.author)?;
        self.refresh_item(&k)
    }

    /// Reads one item again after a change.
    fn refresh_item(&mut self, k: &ItemKey) -> Result<(), TrackError> {
        let fresh = self
            .ledger
            .entries(Some(&k.document), Some(&k.agency))?
            .into_iter()
            .find(|e| e.number == k.number);
        if let Some(entry) = fresh {
            self.entries.insert(k.clone(), entry);
        }
        self.notes = None;
        Ok(())
    }

    /// Reads the notes of the reform at `position` (every agency's, newest first) when
    /// they are not those read last; called after each change of state.
    pub fn follow(&mut self, catalog: &Catalog, position: Option<usize>) {
        if self.notes.as_ref().map(|n| n.0) == Some(position) {
            return;
        }
        let mut all = Vec::new();
        for agency in position.map_or(&[][..], |p| &catalog.reforms[p].agencies[..]) {
            let k = key(catalog, position.unwrap_or(0), agency);
            if self.entries.contains_key(&k) {
                let notes = self.ledger.notes(&k).unwrap_or_default();
                all.extend(notes.into_iter().map(|n| (agency.to_string(), n)));
            }
        }
        all.sort_by(|a, b| b.1.time.cmp(&a.1.time));
        self.notes = Some((position, all));
    }

    /// The notes `follow` read, newest first, each with its agency.
    pub fn notes(&self) -> &[AgencyNote] {
        self.notes.as_ref().map_or(&[], |n| &n.1)
    }

    /// Makes `agency` 本单位 (or none), keeping it for the next start.
    pub fn set_agency(&mut self, agency: Option<String>) -> std::io::Result<()> {
        self.agency = agency;
        match &self.agency_file {
            Some(path) => match &self.agency {
                Some(name) => {
                    crate::core::files::write_atomic(path, format!("{name}\n").as_bytes())
                        .map(|_| ())
                }
                None => match std::fs::remove_file(path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                    _ => Ok(()),
                },
            },
            None => Ok(()),
        }
    }
}

/// The key of reform `position` for `agency`: its document's short name, its number.
pub fn key(catalog: &Catalog, position: usize, agency: &str) -> ItemKey {
    let document = &catalog.batches()[catalog.batch_of(position)].name;
    ItemKey::new(document, catalog.reforms[position].number, agency)
}

fn read_agency(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let name = text.trim();
    (!name.is_empty() && !name.chars().any(crate::core::safe::is_forbidden))
        .then(|| name.to_string())
}

/// Where the browser keeps 本单位 chosen with a key.
pub fn agency_file(state_dir: &Path) -> PathBuf {
    state_dir.join("agency")
}

/// Where the note being written is kept when the browser ends before it is saved.
pub fn draft_file(state_dir: &Path) -> PathBuf {
    state_dir.join("note-draft.json")
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

    /// Keeps the draft in `path`; an empty draft removes the file.
    pub fn keep(&self, path: &Path) -> std::io::Result<()> {
        if self.text.trim().is_empty() {
            return discard(path);
        }
        let json = serde_json::to_string(self).map_err(std::io::Error::other)?;
        crate::core::files::write_atomic(path, json.as_bytes()).map(|_| ())
    }

    /// The draft kept in `path`, if any.
    pub fn read(path: &Path) -> Option<Draft> {
        let text = std::fs::read_to_string(path).ok()?;
        let draft: Draft = serde_json::from_str(&text).ok()?;
        (!draft
            .text
            .chars()
            .any(|c| crate::core::safe::is_forbidden(c) && c != '\r'))
        .then_some(draft)
    }
}

/// Removes a kept draft.
pub fn discard(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
