//! Copying and writing exports from the browser. `App::update` only asks for an `Effect`;
//! the event loop performs it between frames with `perform` and hands the `Report` back as
//! `Action::Copied`, whose status-bar message `message` words.

use std::path::PathBuf;

use super::app::format_label;
use super::labels::Lang;
use crate::clipboard::{self, Delivery, Effects, Environment, Outcome, Route};
use crate::export::Format;

/// Reforms rendered for pasting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub text: String,
    pub count: usize,
    pub format: Format,
}

/// Something the browser asked the edge to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put the export on every clipboard route of the environment.
    Copy(Export),
    /// Write the export to a file, as typed at the prompt.
    Write { path: String, export: Export },
}

/// What an effect did.
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

/// Performs an effect. The text always lands in the cache file too.
pub fn perform(
    effect: Effect,
    env: &Environment,
    osc52_max: usize,
    effects: &mut dyn Effects,
) -> Report {
    match effect {
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
    }
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

/// `512 B`, `3.1 KB`, `1.2 MB`.
pub fn size_text(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}

fn count_text(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Zh => format!("{count} 条"),
        Lang::En if count == 1 => "1 reform".into(),
        Lang::En => format!("{count} reforms"),
    }
}

fn route_name(lang: Lang, route: Route) -> &'static str {
    match (lang, route) {
        (Lang::Zh, Route::Tmux) => "tmux 缓冲区 (并转发 OSC 52)",
        (Lang::En, Route::Tmux) => "tmux buffer (OSC 52 forwarded)",
        (Lang::Zh, Route::Screen) => "screen 转终端剪贴板 (OSC 52)",
        (Lang::En, Route::Screen) => "terminal clipboard via screen (OSC 52)",
        (Lang::Zh, Route::Osc52) => "终端剪贴板 (OSC 52)",
        (Lang::En, Route::Osc52) => "terminal clipboard (OSC 52)",
        (Lang::Zh, Route::WlCopy) => "系统剪贴板 (wl-copy)",
        (Lang::En, Route::WlCopy) => "desktop clipboard (wl-copy)",
        (Lang::Zh, Route::Desktop) => "系统剪贴板",
        (Lang::En, Route::Desktop) => "desktop clipboard",
    }
}

fn outcome_text(lang: Lang, route: Route, outcome: &Outcome, osc52_max: usize) -> String {
    let name = route_name(lang, route);
    match (lang, outcome) {
        (_, Outcome::Done) => name.to_string(),
        (Lang::Zh, Outcome::Sent) => format!("{name} 已发送"),
        (Lang::En, Outcome::Sent) => format!("{name} sent"),
        (Lang::Zh, Outcome::TooLarge) => {
            format!("{name} 未发送: 超过 {osc52_max} 字节, 按 w 写入文件或少选几条")
        }
        (Lang::En, Outcome::TooLarge) => format!(
            "{name} not sent: over {osc52_max} bytes, press w to write a file or mark fewer"
        ),
        (Lang::Zh, Outcome::Failed(why)) => format!("{name} 失败: {why}"),
        (Lang::En, Outcome::Failed(why)) => format!("{name} failed: {why}"),
    }
}

/// The status-bar message for a report: how many reforms, which format, the size, and what
/// each route did. An OSC 52 sequence is only ever "sent": terminals do not answer.
pub fn message(report: &Report, lang: Lang, osc52_max: usize) -> String {
    match report {
        Report::Copied {
            count,
            format,
            delivery,
        } => copied(lang, *count, *format, delivery, osc52_max),
        Report::Written {
            count,
            format,
            bytes,
            path,
            result,
        } => {
            let path = path.display();
            match (lang, result) {
                (Lang::Zh, Ok(())) => format!(
                    "已写入 {path} | {} | {} | {}",
                    count_text(lang, *count),
                    format_label(lang, *format),
                    size_text(*bytes)
                ),
                (Lang::En, Ok(())) => format!(
                    "wrote {path} | {} | {} | {}",
                    count_text(lang, *count),
                    format_label(lang, *format),
                    size_text(*bytes)
                ),
                (Lang::Zh, Err(why)) => format!("写入失败 {path}: {why}"),
                (Lang::En, Err(why)) => format!("cannot write {path}: {why}"),
            }
        }
    }
}

fn copied(lang: Lang, count: usize, format: Format, d: &Delivery, osc52_max: usize) -> String {
    let head = match (lang, d.done(), d.sent()) {
        (Lang::Zh, true, _) => "已复制",
        (Lang::En, true, _) => "copied",
        (Lang::Zh, false, true) => "已发送",
        (Lang::En, false, true) => "sent",
        (Lang::Zh, false, false) => "未能复制",
        (Lang::En, false, false) => "not copied",
    };
    let mut parts = vec![
        format!("{head} {}", count_text(lang, count)),
        format_label(lang, format).to_string(),
        size_text(d.bytes),
    ];
    for (route, outcome) in &d.routes {
        parts.push(outcome_text(lang, *route, outcome, osc52_max));
    }
    if d.routes.is_empty() {
        parts.push(match lang {
            Lang::Zh => "此终端无剪贴板可用".into(),
            Lang::En => "no clipboard reachable from this terminal".into(),
        });
    }
    let tmux_forwarded = d
        .routes
        .iter()
        .any(|(r, o)| *r == Route::Tmux && *o == Outcome::Done);
    if d.too_large && tmux_forwarded {
        parts.push(match lang {
            Lang::Zh => format!("超过 {osc52_max} 字节, 外层终端可能不收, 可按 w 写入文件"),
            Lang::En => {
                format!("over {osc52_max} bytes: the outer terminal may refuse it; w writes a file")
            }
        });
    }
    if !d.done() && d.sent() {
        parts.push(match lang {
            Lang::Zh => "粘贴不出请按 ? 看终端设置".into(),
            Lang::En => "nothing to paste? see ? for terminal settings".into(),
        });
    }
    if !d.done() && !d.sent() {
        // The too-large notice already points to `w`.
        let hint = !d.too_large;
        parts.push(match (&d.cache, lang) {
            (Ok(path), Lang::Zh) if hint => format!("已存 {}, 可按 w 写入文件", path.display()),
            (Ok(path), Lang::En) if hint => format!("kept in {}; w writes a file", path.display()),
            (Ok(path), Lang::Zh) => format!("已存 {}", path.display()),
            (Ok(path), Lang::En) => format!("kept in {}", path.display()),
            (Err(why), Lang::Zh) => format!("缓存失败: {why}"),
            (Err(why), Lang::En) => format!("not cached: {why}"),
        });
    }
    parts.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
        message(&report, lang, clipboard::OSC52_DEFAULT_MAX)
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
        assert_eq!(
            copied_message(
                Lang::En,
                vec![(Route::Tmux, Outcome::Failed("tmux: refused".into()))]
            ),
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
            Outcome::Failed("x".into()),
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
