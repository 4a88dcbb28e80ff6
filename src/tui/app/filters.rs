//! The facets of the agency pane and the overview: documents, agencies and scopes checked
//! or chosen.

use super::*;

impl App {
    /// The keys that check documents and agencies and choose the scope.
    pub(super) fn filter(&mut self, action: Action) {
        match action {
            Action::ToggleAgency => {
                if let Some(row) = self.document_rows.get(self.agencies.selected) {
                    self.toggle_document(row.document);
                } else if let Some(agency) = self.current_agency_row().map(|row| row.agency) {
                    self.toggle_agency(agency);
                }
            }
            Action::ClearAgencies => {
                if self.selection.agencies.is_empty() && self.selection.documents.is_empty() {
                    self.message = Some(self.lang.labels().no_agencies_checked.to_string());
                } else {
                    self.remember(Change::ClearAgencies);
                    self.selection.agencies.clear();
                    self.selection.documents.clear();
                    self.refresh(Keep::Reform);
                }
            }
            Action::ToggleAgencyMatch => {
                self.selection.agency_match = self.selection.agency_match.toggled();
                self.refresh(Keep::Reform);
            }
            Action::ToggleAgencyRole => {
                if self.catalog.has_leads() || self.selection.role == AgencyRole::Lead {
                    self.selection.role = self.selection.role.toggled();
                    self.refresh(Keep::Reform);
                } else {
                    self.message = Some(self.lang.labels().no_leads.to_string());
                }
            }
            Action::CycleScope => {
                let scopes = self.catalog.scopes();
                let next = match self.scope() {
                    None => scopes.first(),
                    Some(i) => scopes.get(i + 1),
                };
                self.selection.scope = next.map(|s| s.name.clone());
                self.refresh(Keep::Reform);
            }
            Action::ChooseBar => self.choose_bar(),
            _ => {}
        }
    }

    /// Checks the agency at this index of `Catalog::agencies()`, or unchecks it. Checked
    /// agencies stay in catalog order.
    pub(super) fn toggle_agency(&mut self, agency: usize) {
        let name = self.catalog.agencies()[agency].name.clone();
        let checked = &mut self.selection.agencies;
        match checked.iter().position(|a| *a == name) {
            Some(at) => {
                checked.remove(at);
            }
            None => {
                checked.push(name);
                let catalog = &self.catalog;
                checked.sort_by_key(|a| catalog.agency_index(a));
            }
        }
        self.refresh(Keep::Reform);
    }

    /// Checks the document at this index of `Catalog::batches()`, or unchecks it. Checked
    /// documents stay in catalog order.
    pub(super) fn toggle_document(&mut self, document: usize) {
        let name = self.catalog.batches()[document].name.clone();
        let checked = &mut self.selection.documents;
        match checked.iter().position(|d| *d == name) {
            Some(at) => {
                checked.remove(at);
            }
            None => {
                checked.push(name);
                let catalog = &self.catalog;
                checked.sort_by_key(|d| catalog.batch_index(d));
            }
        }
        self.refresh(Keep::Reform);
    }

    /// Checks the agency of the overview's current bar (or unchecks it), or chooses its
    /// scope (or all scopes again), and closes the overview.
    pub(super) fn choose_bar(&mut self) {
        let Mode::Overview(overview) = &self.mode else {
            return;
        };
        let choice = overview.choice();
        self.mode = Mode::Browse;
        match choice {
            Some(Choice::Agency(agency)) => {
                self.toggle_agency(agency);
                if let Some(pos) = self.agency_rows.iter().position(|r| r.agency == agency) {
                    self.agencies.selected = self.document_rows.len() + pos;
                }
            }
            Some(Choice::Scope(scope)) => {
                let name = &self.catalog.scopes()[scope].name;
                self.selection.scope =
                    (self.selection.scope.as_ref() != Some(name)).then(|| name.clone());
                self.refresh(Keep::Reform);
            }
            None => {}
        }
    }
}
