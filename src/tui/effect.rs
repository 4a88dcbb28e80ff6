//! What the browser asks its edge to do. `App::update` returns an `Effect`; the event loop
//! performs it between frames with `perform` and hands the `Report` back as
//! `Action::Reported`, whose status-bar message the language words.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::clipboard::{self, Delivery, Effects, Environment, Helpers, PathKind};
use crate::core::catalog::{Document, Reform};
use crate::core::files::{Written, free_name};
use crate::documents::export::{self, Format, Output};
use crate::documents::report::About;
use crate::lang::Lang;
use crate::tui::tracking::Request;

/// Reforms rendered for pasting, and what their file is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// What the clipboard carries and the cache file keeps: the output's clipboard flavour
    /// (see `Output::clipboard_format`); the file itself for the text formats.
    pub text: String,
    /// The HTML table the desktop clipboard carries beside the text (see
    /// `export::html_table`), for the outputs that paste as a table.
    pub html: Option<String>,
    pub count: usize,
    pub output: Output,
    /// What a CSV, Word or Excel file is made from. The file is made when it is written,
    /// off the browser's thread: a Word report of thousands of reforms takes a while.
    pub parts: Option<Arc<Parts>>,
}

/// The reforms of a report and what it says about itself.
#[derive(Debug, PartialEq, Eq)]
pub struct Parts {
    pub document: Document,
    pub reforms: Vec<Reform>,
    pub about: About,
}

impl Export {
    /// The format of the text the clipboard carries.
    pub fn format(&self) -> Format {
        self.output.clipboard_format()
    }

    /// The file's bytes: the text itself, or the CSV, Word or Excel file made now.
    pub fn file_bytes(&self) -> Result<Vec<u8>, String> {
        match (&self.parts, self.output.text_format()) {
            (Some(parts), None) => {
                let reforms: Vec<&Reform> = parts.reforms.iter().collect();
                export::write(self.output, &parts.document, None, &reforms, &parts.about)
                    .map_err(|e| e.to_string())
            }
            _ => Ok(self.text.clone().into_bytes()),
        }
    }
}

/// Something the browser asked the event loop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// End the browser.
    Quit,
    /// Put the export on every clipboard route of the environment.
    Copy(Export),
    /// Write the export to a file, as typed at the prompt: `~` is the home folder, a folder
    /// gets `default_name` in it; the proposed name unchanged becomes the next free one;
    /// an existing file is not replaced but reported, to be confirmed.
    Write {
        path: String,
        default_name: String,
        export: Export,
    },
    /// Replace an existing file with the export, as the user confirmed.
    Replace { path: PathBuf, export: Export },
    /// Make a change in the tracking database or the browser's tracking files.
    Track(Request),
    /// Take the mouse (clicks and the wheel come to the browser), or give it back to the
    /// terminal, which then selects text with it.
    Mouse(bool),
}

/// What a copy or a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    Copied {
        count: usize,
        format: Format,
        delivery: Delivery,
    },
    Written {
        count: usize,
        output: Output,
        bytes: usize,
        /// The path as asked for (a link stays a link).
        path: PathBuf,
        /// The file written, and whether it replaced one; or why nothing was written.
        result: Result<Written, String>,
    },
    /// The file exists: nothing was written, and the user is asked whether to replace it.
    Exists { path: PathBuf, export: Export },
}

impl Report {
    /// The status bar's words for the report.
    pub fn message(&self, lang: Lang, osc52_max: usize) -> String {
        match self {
            Report::Copied {
                count,
                format,
                delivery,
            } => lang.copied(*count, *format, delivery, osc52_max),
            Report::Written {
                count,
                output,
                bytes,
                path,
                result,
            } => lang.written(path, *count, *output, *bytes, result),
            Report::Exists { path, .. } => lang.replace_question(path),
        }
    }
}

/// What `perform` leaves to its caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// End the browser.
    Quit,
    /// A question for the user (the file exists): its report.
    Report(Report),
    /// A copy, which the caller runs: at once (`clipboard::copy`), or its helper routes
    /// off the browser's thread (`Copier`).
    Copy(Export),
    /// A file to write, which the caller writes: at once (`write`), or off the browser's
    /// thread (`Writer`).
    Write { path: PathBuf, export: Export },
    /// A tracking change, which the caller makes: at once (`Keeper::perform`), or off the
    /// browser's thread (`Tracker`).
    Track(Request),
    /// Mouse reporting to turn on or off, which the caller asks of the terminal.
    Mouse(bool),
}

/// Decides what an effect needs: where a file goes (asking before one is replaced), a copy,
/// or the end. Nothing is written here; copies and writes are the caller's to do.
pub fn perform(effect: Effect, env: &Environment, effects: &dyn Effects) -> Step {
    match effect {
        Effect::Quit => Step::Quit,
        Effect::Copy(export) => Step::Copy(export),
        Effect::Write {
            path,
            default_name,
            export,
        } => {
            let asked = expand_home(&path, env);
            let taken = |p: &Path| effects.kind(p) != PathKind::Missing;
            let (stem, extension) = default_name
                .rsplit_once('.')
                .unwrap_or((default_name.as_str(), export.output.extension()));
            let target = match effects.kind(&asked) {
                PathKind::Folder => free_name(&asked, stem, extension, taken),
                // The proposed name, taken meanwhile (another write in the same second).
                PathKind::File if path == default_name => {
                    let dir = asked.parent().unwrap_or(Path::new(""));
                    free_name(dir, stem, extension, taken)
                }
                PathKind::File => {
                    return Step::Report(Report::Exists {
                        path: asked,
                        export,
                    });
                }
                PathKind::Missing => asked,
            };
            Step::Write {
                path: target,
                export,
            }
        }
        Effect::Replace { path, export } => Step::Write { path, export },
        Effect::Track(request) => Step::Track(request),
        Effect::Mouse(on) => Step::Mouse(on),
    }
}

/// A copy done at once, helpers and all.
pub fn copy_now(
    export: &Export,
    env: &Environment,
    osc52_max: usize,
    effects: &mut (impl Effects + Helpers),
) -> Report {
    Report::Copied {
        count: export.count,
        format: export.format(),
        delivery: clipboard::copy(
            env,
            osc52_max,
            effects,
            &export.text,
            export.html.as_deref(),
        ),
    }
}

/// Makes the export's file and writes it to `path`, and keeps its text in the cache file
/// too.
pub fn write(
    path: PathBuf,
    export: &Export,
    env: &Environment,
    effects: &mut dyn Effects,
) -> Report {
    let made = export.file_bytes();
    let bytes = made.as_ref().map_or(0, Vec::len);
    let result =
        made.and_then(|bytes| effects.write_file(&path, &bytes).map_err(|e| e.to_string()));
    // Best effort: the file itself is what was asked for.
    let _ = clipboard::keep(env, effects, &export.text);
    Report::Written {
        count: export.count,
        output: export.output,
        bytes,
        path,
        result,
    }
}

/// `~` is the home folder and `~/x` is `x` in it, as a shell would read them.
fn expand_home(path: &str, env: &Environment) -> PathBuf {
    match (path, path.strip_prefix("~/"), &env.home) {
        ("~", _, Some(home)) => home.clone(),
        (_, Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

/// `reforms-YYYYMMDD-HHMMSS.<ext>` for a time stamp `YYYYMMDD-HHMMSS`.
pub fn default_file_name(stamp: &str, output: Output) -> String {
    format!("reforms-{stamp}.{}", output.extension())
}

/// The local time as `YYYYMMDD-HHMMSS`.
pub fn local_stamp() -> String {
    chrono::Local::now().format("%Y%m%d-%H%M%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::helper::HelperError;
    use crate::clipboard::{ClipboardError, OSC52_DEFAULT_MAX, Outcome, Recorder, Route};
    use crate::lang::size_text;

    fn delivery(routes: Vec<(Route, Outcome)>) -> Delivery {
        Delivery {
            bytes: 3174,
            routes,
            cache: Ok(PathBuf::from("/h/.cache/reforms/last-export.txt")),
            too_large: false,
            html: false,
        }
    }

    fn copied_message(lang: Lang, routes: Vec<(Route, Outcome)>) -> String {
        let report = Report::Copied {
            count: 2,
            format: Format::Tsv,
            delivery: delivery(routes),
        };
        report.message(lang, OSC52_DEFAULT_MAX)
    }

    #[test]
    fn messages_say_what_happened() {
        assert_eq!(
            copied_message(Lang::Zh, vec![(Route::Tmux, Outcome::Done)]),
            "已复制 2 条 | 表格 | 3.1 KB | tmux 缓冲区 (并转发 OSC 52)"
        );
        assert_eq!(
            copied_message(Lang::Zh, vec![(Route::Osc52, Outcome::Sent)]),
            "已发送 2 条 | 表格 | 3.1 KB | 终端剪贴板 (OSC 52) 已发送 | 粘贴不出请按 ? 看终端设置"
        );
        assert_eq!(
            copied_message(Lang::En, vec![(Route::Osc52, Outcome::Sent)]),
            "sent 2 reforms | TSV | 3.1 KB | terminal clipboard (OSC 52) sent | nothing to paste? see ? for terminal settings"
        );
        let refused = ClipboardError::Helper(HelperError::Exited {
            program: "tmux".into(),
            status: "exit status: 1".into(),
            message: "refused".into(),
        });
        assert_eq!(
            copied_message(Lang::En, vec![(Route::Tmux, Outcome::Failed(refused))]),
            "not copied 2 reforms | TSV | 3.1 KB | tmux buffer (OSC 52 forwarded) failed: tmux: refused | kept in /h/.cache/reforms/last-export.txt; w writes a file"
        );
        assert_eq!(
            copied_message(Lang::En, vec![]),
            "not copied 2 reforms | TSV | 3.1 KB | no clipboard reachable from this terminal | kept in /h/.cache/reforms/last-export.txt; w writes a file"
        );
    }

    #[test]
    fn messages_have_no_ambiguous_width_characters() {
        let routes = [
            Route::Tmux,
            Route::Screen,
            Route::Osc52,
            Route::WlCopy,
            Route::Desktop,
        ];
        let outcomes = [
            Outcome::Done,
            Outcome::Sent,
            Outcome::TooLarge,
            Outcome::Failed(ClipboardError::Desktop("x".into())),
        ];
        for lang in [Lang::Zh, Lang::En] {
            for route in routes {
                for outcome in &outcomes {
                    let text = copied_message(lang, vec![(route, outcome.clone())]);
                    assert!(
                        !text.contains(['…', '·', '“', '”', '—', '‘', '’']),
                        "{text}"
                    );
                }
            }
        }
    }

    fn env() -> Environment {
        Environment {
            home: Some(PathBuf::from("/h")),
            cache_dir: Some(PathBuf::from("/h/.cache/reforms")),
            ..Environment::default()
        }
    }

    fn export() -> Export {
        Export {
            text: "1. 数据跨境\n".into(),
            html: None,
            count: 1,
            output: Output::Text,
            parts: None,
        }
    }

    fn write(path: &str, recorder: &mut Recorder) -> Report {
        let effect = Effect::Write {
            path: path.into(),
            default_name: "reforms-20261127-093000.txt".into(),
            export: export(),
        };
        match perform(effect, &env(), recorder) {
            Step::Report(report) => report,
            Step::Write { path, export } => super::write(path, &export, &env(), recorder),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_write_lands_in_its_file_and_the_cache() {
        let mut recorder = Recorder::default();
        let report = write("~/a.txt", &mut recorder);
        let text = export().text.into_bytes();
        assert_eq!(
            recorder.files,
            vec![
                (PathBuf::from("/h/a.txt"), text.clone()),
                (PathBuf::from("/h/.cache/reforms/last-export.txt"), text),
            ]
        );
        // The home folder joined with the name: `/h\a.txt` on Windows.
        let shown = Path::new("/h").join("a.txt").display().to_string();
        assert_eq!(
            report.message(Lang::En, OSC52_DEFAULT_MAX),
            format!("wrote {shown} | 1 reform | text | 16 B")
        );
        assert_eq!(perform(Effect::Quit, &env(), &recorder), Step::Quit);
        let copy = perform(Effect::Copy(export()), &env(), &recorder);
        assert_eq!(copy, Step::Copy(export()));
    }

    #[test]
    fn an_existing_file_is_asked_about_and_replaced_only_when_confirmed() {
        let mut recorder = Recorder::default();
        write("~/a.txt", &mut recorder);
        let report = write("~/a.txt", &mut recorder);
        let Report::Exists { path, export } = report.clone() else {
            panic!("{report:?}");
        };
        assert_eq!(path, PathBuf::from("/h/a.txt"));
        assert_eq!(recorder.files.len(), 2, "nothing written");
        let shown = Path::new("/h").join("a.txt").display().to_string();
        assert_eq!(
            report.message(Lang::Zh, 0),
            format!("{shown} 已存在: 按 y 替换, 其他键取消")
        );
        let Step::Write { path, export } =
            perform(Effect::Replace { path, export }, &env(), &recorder)
        else {
            panic!("not written")
        };
        let replaced = super::write(path, &export, &env(), &mut recorder);
        assert_eq!(
            replaced.message(Lang::Zh, 0),
            format!("已替换 {shown} | 1 条 | 文本 | 16 B")
        );
    }

    #[test]
    fn the_proposed_name_and_folders_get_a_free_name() {
        let mut recorder = Recorder::default();
        recorder.folders.push(PathBuf::from("/h"));
        // `~` is the home folder: the proposed name goes in it.
        write("~", &mut recorder);
        write("~/", &mut recorder);
        // The proposed name unchanged, twice in one second.
        write("reforms-20261127-093000.txt", &mut recorder);
        write("reforms-20261127-093000.txt", &mut recorder);
        let written: Vec<&PathBuf> = recorder
            .files
            .iter()
            .map(|(p, _)| p)
            .filter(|p| !p.ends_with("last-export.txt"))
            .collect();
        assert_eq!(
            written,
            vec![
                &PathBuf::from("/h/reforms-20261127-093000.txt"),
                &PathBuf::from("/h/reforms-20261127-093000-2.txt"),
                &PathBuf::from("reforms-20261127-093000.txt"),
                &PathBuf::from("reforms-20261127-093000-2.txt"),
            ]
        );
    }

    #[test]
    fn a_failed_write_says_the_original_is_unchanged() {
        let mut recorder = Recorder {
            fail_files: true,
            ..Recorder::default()
        };
        let report = write("a.txt", &mut recorder);
        assert_eq!(
            report.message(Lang::En, 0),
            "cannot write a.txt: read-only file system; any existing file is unchanged"
        );
    }

    #[test]
    fn sizes_and_names() {
        assert_eq!(size_text(512), "512 B");
        assert_eq!(size_text(3174), "3.1 KB");
        assert_eq!(size_text(3 * 1024 * 1024), "3.0 MB");
        assert_eq!(
            default_file_name("20261127-053000", Output::Tsv),
            "reforms-20261127-053000.tsv"
        );
        let env = Environment {
            home: Some(PathBuf::from("/h")),
            ..Environment::default()
        };
        assert_eq!(expand_home("~/a.txt", &env), PathBuf::from("/h/a.txt"));
        assert_eq!(expand_home("~", &env), PathBuf::from("/h"));
        assert_eq!(expand_home("~x", &env), PathBuf::from("~x"));
        assert_eq!(expand_home("a.txt", &env), PathBuf::from("a.txt"));
    }
}
