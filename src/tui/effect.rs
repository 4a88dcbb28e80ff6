//! What the browser asks its edge to do. `App::update` returns an `Effect`; the event loop
//! performs it between frames with `perform` and hands the `Report` back as
//! `Action::Reported`, whose status-bar message the language words.

use std::path::PathBuf;

use crate::clipboard::{self, Delivery, Effects, Environment};
use crate::export::Format;
use crate::lang::Lang;

/// Reforms rendered for pasting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub text: String,
    pub count: usize,
    pub format: Format,
}

/// Something the browser asked the event loop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// End the browser.
    Quit,
    /// Put the export on every clipboard route of the environment.
    Copy(Export),
    /// Write the export to a file, as typed at the prompt.
    Write { path: String, export: Export },
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
        format: Format,
        bytes: usize,
        path: PathBuf,
        result: Result<(), String>,
    },
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
                format,
                bytes,
                path,
                result,
            } => lang.written(path, *count, *format, *bytes, result),
        }
    }
}

/// Performs a copy or a write; the text always lands in the cache file too. `None` for
/// `Quit`, which is the loop's to do.
pub fn perform(
    effect: Effect,
    env: &Environment,
    osc52_max: usize,
    effects: &mut dyn Effects,
) -> Option<Report> {
    Some(match effect {
        Effect::Quit => return None,
        Effect::Copy(export) => Report::Copied {
            count: export.count,
            format: export.format,
            delivery: clipboard::copy(env, osc52_max, effects, &export.text),
        },
        Effect::Write { path, export } => {
            let path = expand_home(&path, env);
            let result = effects
                .write_file(&path, &export.text)
                .map_err(|e| e.to_string());
            // Best effort: the file itself is what was asked for.
            let _ = clipboard::keep(env, effects, &export.text);
            Report::Written {
                count: export.count,
                format: export.format,
                bytes: export.text.len(),
                path,
                result,
            }
        }
    })
}

/// `~/x` is `x` in the home folder, as a shell would read it.
fn expand_home(path: &str, env: &Environment) -> PathBuf {
    match (path.strip_prefix("~/"), &env.home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

/// `reforms-YYYYMMDD-HHMMSS.<ext>` for a time stamp `YYYYMMDD-HHMMSS`.
pub fn default_file_name(stamp: &str, format: Format) -> String {
    format!("reforms-{stamp}.{}", format.extension())
}

/// The local time as `YYYYMMDD-HHMMSS`.
pub fn local_stamp() -> String {
    chrono::Local::now().format("%Y%m%d-%H%M%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::{ClipboardError, OSC52_DEFAULT_MAX, Outcome, Recorder, Route};
    use crate::lang::size_text;

    fn delivery(routes: Vec<(Route, Outcome)>) -> Delivery {
        Delivery {
            bytes: 3174,
            routes,
            cache: Ok(PathBuf::from("/h/.cache/reforms/last-export.txt")),
            too_large: false,
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
        let refused = ClipboardError::Exited {
            program: "tmux".into(),
            status: "exit status: 1".into(),
            message: "refused".into(),
        };
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

    #[test]
    fn a_write_lands_in_its_file_and_the_cache() {
        let env = Environment {
            home: Some(PathBuf::from("/h")),
            cache_dir: Some(PathBuf::from("/h/.cache/reforms")),
            ..Environment::default()
        };
        let export = Export {
            text: "1. 数据跨境\n".into(),
            count: 1,
            format: Format::Text,
        };
        let mut recorder = Recorder::default();
        let effect = Effect::Write {
            path: "~/a.txt".into(),
            export: export.clone(),
        };
        let report = perform(effect, &env, OSC52_DEFAULT_MAX, &mut recorder).unwrap();
        assert_eq!(
            recorder.files,
            vec![
                (PathBuf::from("/h/a.txt"), export.text.clone()),
                (
                    PathBuf::from("/h/.cache/reforms/last-export.txt"),
                    export.text.clone()
                ),
            ]
        );
        assert_eq!(
            report.message(Lang::En, OSC52_DEFAULT_MAX),
            "wrote /h/a.txt | 1 reform | text | 16 B"
        );
        assert_eq!(perform(Effect::Quit, &env, 0, &mut recorder), None);
    }

    #[test]
    fn sizes_and_names() {
        assert_eq!(size_text(512), "512 B");
        assert_eq!(size_text(3174), "3.1 KB");
        assert_eq!(size_text(3 * 1024 * 1024), "3.0 MB");
        assert_eq!(
            default_file_name("20261127-053000", Format::Tsv),
            "reforms-20261127-053000.tsv"
        );
        let env = Environment {
            home: Some(PathBuf::from("/h")),
            ..Environment::default()
        };
        assert_eq!(expand_home("~/a.txt", &env), PathBuf::from("/h/a.txt"));
        assert_eq!(expand_home("a.txt", &env), PathBuf::from("a.txt"));
    }
}
