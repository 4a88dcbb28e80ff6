//! Copies and written files: what `y`, `Y`, `w` and `W` act on, the export made of it, the
//! file name prompt and the question before a file is replaced.

use super::*;

impl App {
    /// The keys that copy and write, the file name prompt, and what the edge reports back.
    pub(super) fn export_action(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::CycleFormat => {
                self.format = next_format(self.format);
                self.message = Some(self.lang.format_chosen(self.format));
            }
            Action::Copy => return self.copy(self.chosen()),
            Action::CopyShown => return self.copy(self.shown.reforms.clone()),
            Action::StartWrite => self.start_write(self.chosen()),
            Action::StartWriteShown => self.start_write(self.shown.reforms.clone()),
            Action::SubmitWrite => return self.submit_write(),
            Action::CancelWrite => self.mode = Mode::Browse,
            Action::ConfirmReplace => {
                if let Mode::Confirm { path, export } = std::mem::take(&mut self.mode) {
                    return Some(Effect::Replace { path, export });
                }
            }
            Action::KeepFile => {
                if let Mode::Confirm { path, .. } = std::mem::take(&mut self.mode) {
                    self.message = Some(self.lang.kept(&path));
                }
            }
            Action::Reported(report) => {
                self.message = Some(report.message(self.lang, self.osc52_max));
                if let Report::Exists { path, export } = report {
                    self.mode = Mode::Confirm { path, export };
                }
            }
            Action::Copying(copying) => self.copying = copying,
            Action::Writing(writing) => self.writing = writing,
            _ => {}
        }
        None
    }

    /// Reforms rendered in the current format for pasting, with the HTML table beside the
    /// text and what a CSV, Word or Excel file is made from; `None` when there are none.
    pub(super) fn export(&self, reforms: Vec<usize>) -> Option<Export> {
        if reforms.is_empty() {
            return None;
        }
        let chosen: Vec<&Reform> = reforms.iter().map(|&i| &self.catalog.reforms[i]).collect();
        let source = self.catalog.shared_document(&chosen);
        let parts = self.format.text_format().is_none().then(|| {
            Arc::new(effect::Parts {
                document: self.catalog.report_document(&chosen),
                reforms: chosen.iter().map(|&r| r.clone()).collect(),
                about: About::today(self.described(&reforms)),
            })
        });
        Some(Export {
            text: crate::documents::export::render_for_clipboard(
                self.format.clipboard_format(),
                &chosen,
                source,
            ),
            html: self
                .format
                .pastes_as_table()
                .then(|| crate::documents::export::html_table(&chosen, source)),
            count: chosen.len(),
            output: self.format,
            parts,
        })
    }

    /// What a report of `reforms` says it holds: the search and every filter that was on
    /// when they are the reforms shown; the numbers chosen when they are marked ones;
    /// `None` for every reform of the catalog.
    pub(super) fn described(&self, reforms: &[usize]) -> Option<String> {
        if reforms == self.shown.reforms.as_slice() && !self.marked_only {
            return self.lang.described(&self.facets(false));
        }
        if reforms.len() == self.catalog.reforms.len() {
            return None;
        }
        let numbers: Vec<u32> = reforms
            .iter()
            .map(|&i| self.catalog.reforms[i].number)
            .collect();
        Some(self.lang.chosen_numbers(&numbers))
    }

    pub(super) fn copy(&mut self, reforms: Vec<usize>) -> Option<Effect> {
        let export = self.export(reforms);
        if export.is_none() {
            self.nothing_to_export();
        }
        export.map(Effect::Copy)
    }

    /// Opens the file name prompt for `reforms`, proposing a name in the current format.
    pub(super) fn start_write(&mut self, reforms: Vec<usize>) {
        if reforms.is_empty() {
            self.nothing_to_export();
            return;
        }
        let default_name = effect::default_file_name(&(self.clock)(), self.format);
        let mut line = SearchLine::default();
        line.insert(&default_name);
        self.mode = Mode::Write {
            line,
            default_name,
            reforms,
        };
    }

    pub(super) fn submit_write(&mut self) -> Option<Effect> {
        let Mode::Write {
            line,
            default_name,
            reforms,
        } = std::mem::take(&mut self.mode)
        else {
            return None;
        };
        let path = line.text.trim().to_string();
        match self.export(reforms) {
            Some(_) if path.is_empty() => {
                self.message = Some(self.lang.labels().no_file_name.to_string());
                None
            }
            Some(export) => Some(Effect::Write {
                path,
                default_name,
                export,
            }),
            None => {
                self.nothing_to_export();
                None
            }
        }
    }

    pub(super) fn nothing_to_export(&mut self) {
        self.message = Some(self.lang.labels().nothing_to_export.to_string());
    }
}

/// The export format `F` goes to next.
pub fn next_format(format: Output) -> Output {
    let at = Output::ALL.iter().position(|&o| o == format).unwrap_or(0);
    Output::ALL[(at + 1) % Output::ALL.len()]
}
