//! The language of every word the program says, and of the command line's messages in
//! particular. A leaf: the loaders, the importer and the tracking store make their messages
//! with [`say!`](crate::say!) without knowing anything of the interface, and choose the
//! words of a language they are given with [`pick`] or [`say_in!`](crate::say_in!).

use std::sync::atomic::{AtomicU8, Ordering};

/// The interface language.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The language of the command line's messages (errors, warnings, notes), set once by the
/// binary from `--lang`, `REFORMS_LANG` or the configuration file. Messages are made deep
/// inside the loaders and the importer, which know nothing of the command line, so this is
/// one setting for the process, as a locale is; until it is set (in the library's own
/// tests) messages are in English.
static MESSAGES: AtomicU8 = AtomicU8::new(MESSAGES_EN);
const MESSAGES_EN: u8 = 0;
const MESSAGES_ZH: u8 = 1;

/// Sets the language of the messages made from now on.
pub fn set_messages(lang: Lang) {
    let value = match lang {
        Lang::En => MESSAGES_EN,
        Lang::Zh => MESSAGES_ZH,
    };
    MESSAGES.store(value, Ordering::Relaxed);
}

/// The language messages are made in.
pub fn messages() -> Lang {
    match MESSAGES.load(Ordering::Relaxed) {
        MESSAGES_ZH => Lang::Zh,
        _ => Lang::En,
    }
}

impl Lang {
    /// Both languages, the default first.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The language beside this one, as a bilingual table shows it.
    pub fn other(self) -> Lang {
        pick(self, Lang::Zh, Lang::En)
    }
}

/// One of two words by the language given, for a label that carries no values:
/// `pick(lang, "done", "已落实")`. Both are made before it chooses.
pub fn pick<T>(lang: Lang, en: T, zh: T) -> T {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// A message in the language of [`messages`]: `say!("no reform {n}", "没有第 {n} 项")`,
/// each a `format!` string (values named inline or after both).
#[macro_export]
macro_rules! say {
    ($($words:tt)+) => {
        $crate::say_in!($crate::core::say::messages(), $($words)+)
    };
}

/// A message in the language given rather than the process's, for words a screen or a
/// file shows in its own language: `say_in!(lang, "  due {date}", "  时限 {date}")`.
#[macro_export]
macro_rules! say_in {
    ($lang:expr, $en:literal, $zh:literal $(,)?) => {
        match $lang {
            $crate::core::say::Lang::En => format!($en),
            $crate::core::say::Lang::Zh => format!($zh),
        }
    };
    ($lang:expr, $en:literal, $zh:literal, $($arg:tt)+) => {
        match $lang {
            $crate::core::say::Lang::En => format!($en, $($arg)+),
            $crate::core::say::Lang::Zh => format!($zh, $($arg)+),
        }
    };
}

/// The word before a message of the command line: `error: ` or `错误: `.
pub fn prefix(kind: Kind) -> &'static str {
    match (messages(), kind) {
        (Lang::En, Kind::Error) => "error: ",
        (Lang::En, Kind::Warning) => "warning: ",
        (Lang::En, Kind::Note) => "note: ",
        (Lang::Zh, Kind::Error) => "错误: ",
        (Lang::Zh, Kind::Warning) => "警告: ",
        (Lang::Zh, Kind::Note) => "提示: ",
    }
}

/// What a line of standard error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Error,
    Warning,
    Note,
}
