//! Files the browser writes, made and written on threads of their own: a Word report of
//! thousands of reforms takes longer than a frame to make, and a file on a slow share longer
//! still to write, and the browser keeps drawing and answering keys meanwhile.
//!
//! The event loop hands each write to `start`; its thread tells the loop, through the
//! loop's own channel, when it is done, and `receive` turns that into the `Report` for the
//! status bar. `finish`, at exit, waits a bounded time for the writes still running, so
//! quitting right after `w` does not lose the file.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::effect::{self, Export, Report};
use crate::clipboard::{self, Environment};
use crate::documents::export::Output;

/// What a writing thread tells the event loop.
#[derive(Debug)]
pub struct Done {
    id: u64,
    report: Report,
}

/// Sends a writing thread's news to the event loop; false once nobody listens.
pub type Tell = Arc<dyn Fn(Done) -> bool + Send + Sync>;

/// What the status bar says while a file is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Writing {
    pub count: usize,
    pub output: Output,
    pub path: PathBuf,
}

struct Pending {
    id: u64,
    writing: Writing,
    thread: JoinHandle<()>,
}

/// The writes in progress.
pub struct Writer {
    env: Environment,
    tell: Tell,
    pending: Vec<Pending>,
    next_id: u64,
}

impl Writer {
    pub fn new(env: &Environment, tell: Tell) -> Writer {
        Writer {
            env: env.clone(),
            tell,
            pending: Vec::new(),
            next_id: 0,
        }
    }

    /// Makes the export's file and writes it to `path` on a thread of its own; the report
    /// comes back through `tell` and `receive`.
    pub fn start(&mut self, path: PathBuf, export: Export) {
        let id = self.next_id;
        self.next_id += 1;
        let writing = Writing {
            count: export.count,
            output: export.output,
            path: path.clone(),
        };
        let env = self.env.clone();
        let tell = Arc::clone(&self.tell);
        let thread = std::thread::spawn(move || {
            let report = crate::core::unwind::catch(|| {
                // Files only: nothing of a write goes to the terminal.
                let mut files = clipboard::System::new(io::sink());
                effect::write(path.clone(), &export, &env, &mut files)
            })
            .unwrap_or_else(|_| Report::Written {
                count: export.count,
                output: export.output,
                bytes: 0,
                path,
                result: Err("the file could not be made (an internal error)".into()),
            });
            tell(Done { id, report });
        });
        self.pending.push(Pending {
            id,
            writing,
            thread,
        });
    }

    /// Takes a thread's news: the report of its write.
    pub fn receive(&mut self, done: Done) -> Report {
        self.pending.retain(|p| p.id != done.id);
        done.report
    }

    /// The oldest write in progress, for the status bar.
    pub fn progress(&self) -> Option<Writing> {
        self.pending.first().map(|p| p.writing.clone())
    }

    /// At exit: waits up to `within` for the writes in progress to end. Returns the files
    /// still being written then (their threads end with the process; each file is written
    /// through a temporary one, so none is left half written).
    pub fn finish(self, within: Duration) -> Vec<PathBuf> {
        let end = Instant::now() + within;
        let mut left: Vec<Pending> = self.pending;
        while !left.is_empty() && Instant::now() < end {
            left.retain(|p| !p.thread.is_finished());
            if !left.is_empty() {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        left.into_iter().map(|p| p.writing.path).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::mpsc;

    use super::*;
    use crate::core::catalog::Catalog;
    use crate::documents::export::Format;
    use crate::documents::report::About;

    fn export(output: Output) -> Export {
        let catalog = Catalog::embedded().unwrap();
        let reforms: Vec<&crate::core::catalog::Reform> = catalog.reforms.iter().collect();
        Export {
            text: crate::documents::export::render_for_clipboard(Format::Tsv, &reforms, None),
            html: None,
            count: reforms.len(),
            output,
            parts: output.text_format().is_none().then(|| {
                Arc::new(effect::Parts {
                    document: catalog.document.clone(),
                    reforms: catalog.reforms.clone(),
                    about: About::default(),
                })
            }),
        }
    }

    #[test]
    fn a_report_is_made_and_written_off_the_callers_thread() {
        let dir = std::env::temp_dir().join(format!("reforms-writer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (sender, news) = mpsc::channel();
        let sender = Mutex::new(sender);
        let tell: Tell = Arc::new(move |done| sender.lock().unwrap().send(done).is_ok());
        let env = Environment {
            cache_dir: Some(dir.join("cache")),
            ..Environment::default()
        };
        let mut writer = Writer::new(&env, tell);
        let path = dir.join("a.xlsx");
        writer.start(path.clone(), export(Output::Xlsx));
        assert_eq!(
            writer.progress().map(|w| (w.count, w.output)),
            Some((42, Output::Xlsx))
        );
        let done = news.recv_timeout(Duration::from_secs(60)).unwrap();
        let report = writer.receive(done);
        let Report::Written { result, bytes, .. } = report else {
            panic!("{report:?}")
        };
        assert!(result.is_ok(), "{result:?}");
        let written = std::fs::read(&path).unwrap();
        assert_eq!(written.len(), bytes);
        assert!(written.starts_with(b"PK"), "a zip, as .xlsx files are");
        assert_eq!(writer.progress(), None);
        assert!(writer.finish(Duration::from_secs(1)).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn quitting_waits_for_a_write_in_progress() {
        let dir = std::env::temp_dir().join(format!("reforms-writer-q-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let tell: Tell = Arc::new(|_| false);
        let mut writer = Writer::new(&Environment::default(), tell);
        let path = dir.join("a.docx");
        writer.start(path.clone(), export(Output::Docx));
        assert!(writer.finish(Duration::from_secs(60)).is_empty());
        assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
