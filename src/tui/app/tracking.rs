//! The tracking keys: 本单位's status of the current reform, the note editor, 本单位
//! itself and the status facet. What is written goes out as an effect; the state here
//! is what the ledger has answered.

use super::*;

impl App {
    /// The tracking keys, and the ledger's answers.
    pub(super) fn track(&mut self, action: Action) -> Option<Effect> {
        let request = match action {
            Action::CycleStatus => self.cycle_status(),
            Action::EditNote => {
                self.edit_note();
                None
            }
            Action::SaveNote => self.save_note(),
            Action::CancelNote => self.cancel_note(),
            Action::SetMyAgency => self.set_my_agency(),
            Action::CycleStatusFilter => {
                self.cycle_status_filter();
                None
            }
            Action::Tracked(tracked) => {
                self.tracked(tracked);
                None
            }
            _ => None,
        };
        request.map(Effect::Track)
    }

    /// The status facet: the status shown, when tracking and one is chosen.
    pub fn status_filter(&self) -> Option<crate::track::Status> {
        self.tracking
            .as_ref()
            .map_or(self.wanted_status, |t| t.status_filter)
    }

    /// Tracks with `tracking`; `draft` is a note a browser kept when it ended in the middle
    /// of it, offered when its editor opens. The list then shows each reform's status and
    /// the status facet applies.
    pub fn set_tracking(&mut self, mut tracking: Tracking, draft: Option<Draft>) {
        tracking.status_filter = tracking.status_filter.or(self.wanted_status.take());
        self.tracking = Some(tracking);
        self.kept_draft = draft;
        self.refresh(Keep::Position);
        self.settle();
    }

    pub fn tracking(&self) -> Option<&Tracking> {
        self.tracking.as_ref()
    }

    /// The note being written, if the editor is open: kept when the browser ends.
    pub fn draft(&self) -> Option<Draft> {
        let Mode::Note {
            line,
            position,
            agency,
        } = &self.mode
        else {
            return None;
        };
        let key = crate::tui::tracking::key(&self.catalog, *position, agency);
        Some(Draft {
            document: key.document,
            number: key.number,
            agency: key.agency,
            text: line.text.clone(),
        })
    }

    /// The current reform and the agency the tracking keys act for; a message otherwise.
    pub(super) fn acting(&mut self) -> Option<(usize, String)> {
        let position = self.current_index()?;
        let lang = self.lang;
        let Some(tracking) = &self.tracking else {
            self.message = Some(lang.labels().no_tracking.to_string());
            return None;
        };
        match tracking.acting_agency(&self.catalog, position, lang) {
            Ok(agency) => Some((position, agency)),
            Err(message) => {
                self.message = Some(message);
                None
            }
        }
    }

    /// Moves the status on at once; the ledger is told off the key path.
    pub(super) fn cycle_status(&mut self) -> Option<Request> {
        let (position, agency) = self.acting()?;
        let lang = self.lang;
        let tracking = self.tracking.as_mut()?;
        let (request, status) = tracking.cycle_status(&self.catalog, position, &agency);
        self.message = Some(format!("{agency}: {}", status.label(lang)));
        self.refresh(Keep::Reform);
        Some(request)
    }

    pub(super) fn edit_note(&mut self) {
        let Some((position, agency)) = self.acting() else {
            return;
        };
        let mut line = SearchLine::default();
        let key = crate::tui::tracking::key(&self.catalog, position, &agency);
        // A note not saved: kept when a browser ended in the middle of it, or refused by
        // the ledger.
        if let Some(draft) = self.kept_draft.as_ref().filter(|d| d.key() == key) {
            line.insert_lines(&draft.text);
        }
        self.mode = Mode::Note {
            line,
            position,
            agency,
        };
    }

    /// Closes the editor and sends the note; a note the ledger refuses comes back into it.
    pub(super) fn save_note(&mut self) -> Option<Request> {
        let Mode::Note {
            line,
            position,
            agency,
        } = std::mem::take(&mut self.mode)
        else {
            return None;
        };
        let labels = self.lang.labels();
        let Some(tracking) = &mut self.tracking else {
            return None;
        };
        if line.text.trim().is_empty() {
            self.mode = Mode::Note {
                line,
                position,
                agency,
            };
            self.message = Some(labels.note_empty.to_string());
            return None;
        }
        let request = tracking.add_note(&self.catalog, position, &agency, &line.text);
        self.message = Some(self.lang.note_saving(&agency));
        self.detail = None;
        Some(request)
    }

    /// Closes the editor without saving, and drops the draft kept of it.
    pub(super) fn cancel_note(&mut self) -> Option<Request> {
        let Mode::Note {
            position, agency, ..
        } = std::mem::take(&mut self.mode)
        else {
            return None;
        };
        let key = crate::tui::tracking::key(&self.catalog, position, &agency);
        let kept = self.kept_draft.as_ref().is_some_and(|d| d.key() == key);
        kept.then(|| {
            self.kept_draft = None;
            Request::DiscardDraft
        })
    }

    /// Takes the ledger's answer: the item as it now stands, or why it was refused. A
    /// refused note goes back into the editor when the browser is free for it, else it is
    /// kept for `n` to bring back.
    pub(super) fn tracked(&mut self, tracked: Tracked) {
        let Some(tracking) = &mut self.tracking else {
            return;
        };
        let refused = tracking.answer(&tracked);
        self.detail = None;
        if let Tracked::Note { key, text, .. } = &tracked {
            let draft = Draft {
                document: key.document.clone(),
                number: key.number,
                agency: key.agency.clone(),
                text: text.clone(),
            };
            match &refused {
                None => {
                    if self.kept_draft.as_ref().is_some_and(|d| d.key() == *key) {
                        self.kept_draft = None;
                    }
                    self.message = Some(self.lang.note_saved(&key.agency));
                }
                Some(why) => {
                    self.kept_draft = Some(draft);
                    self.message = Some(self.lang.not_recorded(why));
                    if self.mode == Mode::Browse
                        && let Some(position) = self.position_of(key)
                    {
                        self.focus_reform(position);
                        self.edit_note();
                    }
                }
            }
        } else if let Some(why) = refused {
            self.message = Some(self.lang.not_recorded(&why));
        }
        self.refresh(Keep::Reform);
    }

    /// Where the item's reform is in the catalog.
    fn position_of(&self, key: &ItemKey) -> Option<usize> {
        let document = self.catalog.batch_index(&key.document)?;
        (0..self.catalog.reforms.len()).find(|&i| {
            self.catalog.batch_of(i) == document && self.catalog.reforms[i].number == key.number
        })
    }

    /// Puts the list cursor on the reform at `position` when it is shown.
    fn focus_reform(&mut self, position: usize) {
        if let Some(at) = self.shown.reforms.iter().position(|&i| i == position) {
            self.list.selected = at;
        }
    }

    pub(super) fn set_my_agency(&mut self) -> Option<Request> {
        let row = self.current_agency_row()?;
        let name = self.catalog.agencies()[row.agency].name.clone();
        let labels = self.lang.labels();
        let tracking = self.tracking.as_mut()?;
        let chosen = (tracking.agency.as_deref() != Some(name.as_str())).then_some(name);
        let request = tracking.set_agency(chosen.clone());
        self.message = Some(format!(
            "{}: {}",
            labels.my_agency,
            chosen.as_deref().unwrap_or("-")
        ));
        self.refresh(Keep::Reform);
        Some(request)
    }

    pub(super) fn cycle_status_filter(&mut self) {
        let Some(tracking) = &mut self.tracking else {
            return;
        };
        let next = match tracking.status_filter {
            None => Some(crate::track::Status::ALL[0]),
            Some(s) if s == *crate::track::Status::ALL.last().unwrap_or(&s) => None,
            Some(s) => Some(s.next()),
        };
        tracking.status_filter = next;
        let labels = self.lang.labels();
        self.message = Some(format!(
            "{}: {}",
            labels.status_filter,
            next.map_or("-", |s| s.label(self.lang))
        ));
        self.refresh(Keep::Reform);
    }
}
