//! The configuration file: the browser's defaults (language, export format, theme, OSC 52
//! cap) and key rebindings. A bad entry is a warning at its line and column, never fatal:
//! the rest of the file still applies. Command-line options win over the file.

use std::ffi::OsString;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::app::Options;
use super::keymap::{self, Key, Keymap, Rebinding};
use super::theme::{Theme, ThemeName};
use crate::clipboard::OSC52_DEFAULT_MAX;
use crate::core::diagnostic::{Diagnostic, LoadError, SourceFile, refused};
use crate::core::suggest::nearest_names;
use crate::documents::export::Output;
use crate::lang::Lang;

/// The keys of the file's top level, in the order the default file lists them.
const TOP_KEYS: [&str; 7] = [
    "lang",
    "format",
    "theme",
    "osc52_max",
    "agency",
    "user",
    "keys",
];

/// What a configuration file sets. `None` leaves the built-in default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub lang: Option<Lang>,
    pub format: Option<Output>,
    pub theme: Option<ThemeName>,
    pub osc52_max: Option<usize>,
    /// 本单位: the agency whose tracking the browser shows and changes.
    pub agency: Option<String>,
    /// The name recorded with each tracked change and note.
    pub user: Option<String>,
    /// The `[keys]` table, in file order, as given (before clashes are refused).
    pub keys: Vec<Rebinding>,
}

/// A configuration file read and applied: its settings, the key table they give, and what
/// was wrong with it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub settings: Settings,
    pub keymap: Keymap,
    pub warnings: Vec<Warning>,
}

impl Default for Loaded {
    fn default() -> Loaded {
        Loaded {
            settings: Settings::default(),
            keymap: Keymap::standard().clone(),
            warnings: Vec::new(),
        }
    }
}

/// A problem with the configuration file; the file's other entries still apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The file could not be read at all; the defaults apply.
    File(String),
    /// An entry at a place of the file.
    At(Diagnostic),
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::File(reason) => f.write_str(reason),
            Warning::At(d) => write!(f, "{d}"),
        }
    }
}

impl Warning {
    /// The warning with the line it points at, for the terminal.
    pub fn render(&self) -> String {
        match self {
            Warning::File(reason) => reason.clone(),
            Warning::At(d) => d.render(),
        }
    }
}

/// Where the configuration file is looked for: `--config` or `REFORMS_CONFIG` when given,
/// else `config.toml` in the configuration folder: `$XDG_CONFIG_HOME/reforms`, else
/// `~/.config/reforms` (`%APPDATA%\reforms` on Windows; see `paths`).
pub fn path(explicit: Option<&Path>) -> Option<PathBuf> {
    match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Some(crate::core::paths::config_dir()?.join("config.toml")),
    }
}

/// The default place for the file, from `XDG_CONFIG_HOME` and `HOME`.
pub fn default_path(xdg_config_home: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    Some(crate::core::paths::folder(xdg_config_home, home, ".config")?.join("config.toml"))
}

/// Reads the configuration file. A file named on the command line must exist; the default
/// one may be missing, which is no problem.
pub fn load(explicit: Option<&Path>) -> Loaded {
    let Some(path) = path(explicit) else {
        return Loaded::default();
    };
    if explicit.is_none() && !path.exists() {
        return Loaded::default();
    }
    load_file(&path)
}

/// Reads and applies one configuration file.
pub fn load_file(path: &Path) -> Loaded {
    match SourceFile::read(path) {
        Ok(source) => parse(&source),
        Err(LoadError::Io { path, reason }) => Loaded {
            warnings: vec![Warning::File(crate::say!(
                "{path}: {reason}; the configuration file is not used",
                "{path}: {reason}; 未使用该配置文件"
            ))],
            ..Loaded::default()
        },
        Err(LoadError::Invalid(problems)) => Loaded {
            warnings: problems.into_iter().map(Warning::At).collect(),
            ..Loaded::default()
        },
    }
}

/// Reads the settings of a configuration file's text. Each bad entry is a warning and is
/// left out; a file that is not TOML at all gives one warning and no settings.
pub fn parse(source: &SourceFile) -> Loaded {
    let table = match DeTable::parse(source.text()) {
        Ok(table) => table.into_inner(),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = crate::say!(
                "{}; the configuration file is not used",
                "{}; 未使用该配置文件",
                e.message().trim_end()
            );
            return Loaded {
                warnings: vec![Warning::At(source.diagnostic(span, &message))],
                ..Loaded::default()
            };
        }
    };
    // A control or bidirectional character written as an escape: the file is not used, as
    // when it holds one as itself.
    let refused = refused_characters(source, &table);
    if !refused.is_empty() {
        return Loaded {
            warnings: refused.into_iter().map(Warning::At).collect(),
            ..Loaded::default()
        };
    }
    let mut problems = Vec::new();
    let (settings, key_spans) = settings(&table, &mut |span, message: String| {
        problems.push(source.diagnostic(span, &message));
    });
    let (keymap, refusals) = Keymap::with_rebindings(&settings.keys);
    for (index, refusal) in refusals {
        let span = refusal_span(&refusal, &key_spans[index]);
        problems.push(source.diagnostic(span, &refusal.to_string()));
    }
    problems.sort_by_key(|d| (d.line, d.column));
    Loaded {
        settings,
        keymap,
        warnings: problems.into_iter().map(Warning::At).collect(),
    }
}

/// Where each rebinding of `[keys]` is, and each of its keys, to place a refusal.
type RebindingSpans = Vec<(Range<usize>, KeySpans)>;

/// The settings of the file's top level, each bad one told to `problem` and left out.
fn settings(
    table: &DeTable<'_>,
    problem: &mut impl FnMut(Range<usize>, String),
) -> (Settings, RebindingSpans) {
    let mut settings = Settings::default();
    let mut key_spans = Vec::new();
    for (name, value) in in_file_order(table) {
        match &**name.get_ref() {
            "lang" => settings.lang = choice(value, "lang", problem),
            "format" => settings.format = choice(value, "format", problem),
            "theme" => settings.theme = choice(value, "theme", problem),
            "osc52_max" => settings.osc52_max = osc52_max(value, problem),
            "agency" => settings.agency = name_in_quotes("agency", value, problem),
            "user" => settings.user = name_in_quotes("user", value, problem),
            "keys" => keys(value, problem, &mut settings.keys, &mut key_spans),
            other => problem(
                name.span(),
                crate::say!(
                    "unknown setting `{other}`{}; it is ignored",
                    "未知设置 `{other}`{}; 已忽略",
                    suggestion(other, &TOP_KEYS)
                ),
            ),
        }
    }
    (settings, key_spans)
}

/// `osc52_max`: a number of bytes.
fn osc52_max(
    value: &Spanned<DeValue<'_>>,
    problem: &mut impl FnMut(Range<usize>, String),
) -> Option<usize> {
    match value.get_ref() {
        DeValue::Integer(n) => match usize::from_str_radix(n.as_str(), n.radix()) {
            Ok(n) => Some(n),
            Err(_) => {
                problem(
                    value.span(),
                    crate::say!(
                        "`osc52_max` must be a number of bytes, 0 or more",
                        "`osc52_max` 应为字节数, 0 或更大"
                    ),
                );
                None
            }
        },
        other => {
            problem(
                value.span(),
                crate::say!(
                    "`osc52_max` must be a number of bytes, not {}",
                    "`osc52_max` 应为字节数, 而不是 {}",
                    other.type_str()
                ),
            );
            None
        }
    }
}

/// `agency` or `user`: a name in quotes, trimmed, not empty.
fn name_in_quotes(
    setting: &str,
    value: &Spanned<DeValue<'_>>,
    problem: &mut impl FnMut(Range<usize>, String),
) -> Option<String> {
    match value.get_ref() {
        DeValue::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        other => {
            problem(
                value.span(),
                crate::say!(
                    "`{}` must be a name in quotes, not {}",
                    "`{}` 应为带引号的名称, 而不是 {}",
                    setting,
                    if matches!(other, DeValue::String(_)) {
                        crate::say!("an empty one", "空名称")
                    } else {
                        other.type_str().to_string()
                    }
                ),
            );
            None
        }
    }
}

/// The `[keys]` table: each good rebinding joins `rebindings`, with its place in `spans`.
fn keys(
    value: &Spanned<DeValue<'_>>,
    problem: &mut impl FnMut(Range<usize>, String),
    rebindings: &mut Vec<Rebinding>,
    spans: &mut RebindingSpans,
) {
    match value.get_ref() {
        DeValue::Table(keys) => {
            for (action, keys) in in_file_order(keys) {
                if let Some((rebinding, key_spans)) = rebinding(action, keys, problem) {
                    rebindings.push(rebinding);
                    spans.push((action.span(), key_spans));
                }
            }
        }
        other => problem(
            value.span(),
            crate::say!(
                "`keys` must be a table ([keys]), not {}",
                "`keys` 应为表 ([keys]), 而不是 {}",
                other.type_str()
            ),
        ),
    }
}

/// Where a refused rebinding is placed: at the key refused, else at the action.
fn refusal_span(
    refusal: &keymap::Refusal,
    (action_span, spans): &(Range<usize>, KeySpans),
) -> Range<usize> {
    match refusal {
        keymap::Refusal::Clash { key, .. } | keymap::Refusal::TypesText { key } => spans
            .iter()
            .find(|(k, _)| k == key)
            .map_or(action_span.clone(), |(_, s)| s.clone()),
    }
}

/// Every key and string value of the table holding a refused character, at its escape.
fn refused_characters(source: &SourceFile, table: &DeTable<'_>) -> Vec<Diagnostic> {
    fn walk(source: &SourceFile, value: &Spanned<DeValue<'_>>, out: &mut Vec<Diagnostic>) {
        match value.get_ref() {
            DeValue::String(text) => check(source, text, value.span(), out),
            DeValue::Array(items) => items.iter().for_each(|item| walk(source, item, out)),
            DeValue::Table(table) => {
                for (key, item) in table.iter() {
                    check(source, key.get_ref(), key.span(), out);
                    walk(source, item, out);
                }
            }
            _ => {}
        }
    }
    fn check(source: &SourceFile, text: &str, span: Range<usize>, out: &mut Vec<Diagnostic>) {
        if let Some((_, c)) = crate::core::safe::first_forbidden(text) {
            let raw = &source.text()[span.clone()];
            let at = span.start + crate::core::safe::toml_offset_of_forbidden(raw).unwrap_or(0);
            out.push(source.diagnostic(
                at..at,
                &crate::say!(
                    "{}; the configuration file is not used",
                    "{}; 未使用该配置文件",
                    refused(c)
                ),
            ));
        }
    }
    let mut out = Vec::new();
    for (key, value) in table.iter() {
        check(source, key.get_ref(), key.span(), &mut out);
        walk(source, value, &mut out);
    }
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// Each key of a rebinding with where the file has it.
type KeySpans = Vec<(Key, Range<usize>)>;

type Entry<'a, 'i> = (
    &'a Spanned<toml::de::DeString<'i>>,
    &'a Spanned<DeValue<'i>>,
);

/// A table's entries in the order the file has them, so that "the later one" means later
/// in the file.
fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    entries
}

/// One of a setting's named values (`lang = "en"`), by the same names the command line
/// takes.
fn choice<T: ValueEnum>(
    value: &Spanned<DeValue<'_>>,
    setting: &str,
    problem: &mut impl FnMut(Range<usize>, String),
) -> Option<T> {
    let names: Vec<String> = T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect();
    let quoted = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    match value.get_ref() {
        DeValue::String(s) => match T::from_str(s, true) {
            Ok(v) => Some(v),
            Err(_) => {
                let known: Vec<&str> = names.iter().map(String::as_str).collect();
                problem(
                    value.span(),
                    crate::say!(
                        "unknown {setting} \"{s}\"{}; one of {quoted}",
                        "未知的 {setting} \"{s}\"{}; 应为 {quoted} 之一",
                        suggestion(s, &known)
                    ),
                );
                None
            }
        },
        other => {
            problem(
                value.span(),
                crate::say!(
                    "`{setting}` must be a string, one of {quoted}, not {}",
                    "`{setting}` 应为字符串 ({quoted} 之一), 而不是 {}",
                    other.type_str()
                ),
            );
            None
        }
    }
}

/// One entry of `[keys]`: an action's name and its list of keys (or a single key).
fn rebinding(
    action: &Spanned<toml::de::DeString<'_>>,
    value: &Spanned<DeValue<'_>>,
    problem: &mut impl FnMut(Range<usize>, String),
) -> Option<(Rebinding, KeySpans)> {
    let name: &str = action.get_ref();
    let Some(bound) = keymap::action_named(name) else {
        let known: Vec<&str> = keymap::bindable_actions()
            .iter()
            .map(|a| a.name())
            .collect();
        problem(
            action.span(),
            crate::say!(
                "unknown action `{name}`{}; `reforms config --print-default` lists them all",
                "未知动作 `{name}`{}; `reforms config --print-default` 列出全部动作",
                suggestion(name, &known)
            ),
        );
        return None;
    };
    let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
        DeValue::Array(items) => items.iter().collect(),
        DeValue::String(_) => vec![value],
        other => {
            problem(
                value.span(),
                crate::say!(
                    "the keys of `{name}` must be a list of strings such as [\"q\", \"ctrl-c\"], not {}",
                    "`{name}` 的按键应为字符串列表, 如 [\"q\", \"ctrl-c\"], 而不是 {}",
                    other.type_str()
                ),
            );
            return None;
        }
    };
    let items_given = items.len();
    let mut keys = Vec::new();
    for item in items {
        match item.get_ref() {
            DeValue::String(text) => match Key::parse(text) {
                Some(key) => keys.push((key, item.span())),
                None => problem(
                    item.span(),
                    crate::say!(
                        "unknown key \"{text}\"; a key is a character, or ctrl-x, alt-x, space, enter, esc, tab, shift-tab, backspace, up, down, left, right, pgup, pgdn, home, end, f1 to f12",
                        "未知按键 \"{text}\"; 按键是一个字符, 或 ctrl-x, alt-x, space, enter, esc, tab, shift-tab, backspace, up, down, left, right, pgup, pgdn, home, end, f1 至 f12"
                    ),
                ),
            },
            other => problem(
                item.span(),
                crate::say!(
                    "a key must be a string, not {}",
                    "按键应为字符串, 而不是 {}",
                    other.type_str()
                ),
            ),
        }
    }
    if items_given == 0 {
        problem(
            value.span(),
            crate::say!(
                "no key for `{name}`; leave it out to keep its standard keys",
                "`{name}` 没有按键; 不写它即保留标准按键"
            ),
        );
    }
    if keys.is_empty() {
        return None;
    }
    let rebinding = Rebinding {
        action: bound,
        keys: keys.iter().map(|(k, _)| *k).collect(),
    };
    Some((rebinding, keys))
}

/// ` (did you mean `x`?)` when a known name is close.
fn suggestion(given: &str, known: &[&str]) -> String {
    match nearest_names(given, known, 1).first() {
        Some(name) => crate::say!(" (did you mean `{name}`?)", " (是否指 `{name}`?)"),
        None => String::new(),
    }
}

/// What the command line gave explicitly; it wins over the configuration file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Given {
    pub lang: Option<Lang>,
    pub osc52_max: Option<usize>,
}

impl Given {
    /// The options given on the command line or by their environment variables, not those
    /// left at clap's default.
    pub fn from_matches(matches: &clap::ArgMatches) -> Given {
        let given = |id: &str| {
            matches
                .value_source(id)
                .is_some_and(|s| s != clap::parser::ValueSource::DefaultValue)
        };
        Given {
            lang: given("lang")
                .then(|| matches.get_one::<Lang>("lang").copied())
                .flatten(),
            osc52_max: given("osc52_max")
                .then(|| matches.get_one::<usize>("osc52_max").copied())
                .flatten(),
        }
    }
}

/// The browser's options: the command line, then the file, then the defaults. With
/// `no_color`, the theme is plain whatever the file says.
pub fn options(settings: &Settings, keymap: Keymap, given: Given, no_color: bool) -> Options {
    Options {
        lang: given.lang.or(settings.lang).unwrap_or_default(),
        format: settings.format.unwrap_or_default(),
        theme: Theme::named(settings.theme.unwrap_or_default(), no_color),
        osc52_max: given
            .osc52_max
            .or(settings.osc52_max)
            .unwrap_or(OSC52_DEFAULT_MAX),
        keymap,
        last_export: None,
    }
}

/// The status bar's note on the first screen when the file had problems: how many, and the
/// first.
pub fn startup_message(warnings: &[Warning], lang: Lang) -> Option<String> {
    let first = warnings.first()?;
    Some(lang.config_problems(warnings.len(), &first.to_string()))
}

/// A TOML string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The default configuration, every setting with a comment and every action of the key
/// table with its standard keys. It parses without a warning and changes nothing.
pub fn default_file() -> String {
    let mut s = String::from(
        "# reforms configuration file.
# Looked for at $XDG_CONFIG_HOME/reforms/config.toml, else ~/.config/reforms/config.toml
# (on Windows %APPDATA%\\reforms\\config.toml; `reforms config --path` says where);
# --config FILE or REFORMS_CONFIG=FILE names another. `reforms config --check` validates it.
# Command-line options win over this file, and this file over the built-in defaults.
# A bad entry is reported (file:line:column) and skipped; the rest still applies.

# Interface language: \"zh\" (Chinese) or \"en\" (English). --lang and REFORMS_LANG win.
lang = \"zh\"

# Export format for copying (y, Y) and writing (w) in the browser: \"text\",
# \"markdown\", \"tsv\", \"json\", or the files \"csv\" (Excel), \"docx\" (Word) and
# \"xlsx\" (Excel), which w writes and y copies as a table. F cycles through them.
format = \"text\"

# Colours: \"default\" (for the terminal's background, light or dark, as the terminal
# says when asked), \"dark\", \"light\", \"high-contrast\" (bold, in the terminal's own
# colours, readable on light and dark) or \"plain\" (no colours; bold, underline and reverse
# only). With NO_COLOR set, colours are off whatever this says.
theme = \"default\"

",
    );
    s.push_str(&format!(
        "# The largest text, in bytes, sent to the terminal's clipboard by OSC 52; some terminals
# refuse more. --osc52-max wins.
osc52_max = {OSC52_DEFAULT_MAX}

"
    ));
    s.push_str(
        "# Tracking (reforms track, and t, n and T in the browser). 本单位: the agency whose status
# the list shows and t and n change, as the dataset names it (负责单位); without it, A in
# the agency pane chooses one. user: the name recorded with each change and note; without
# it, REFORMS_AUTHOR or the login name.
# agency = \"天津海关\"
# user = \"张三\"

# Keys: action = [keys]. A key is a character (case matters: \"G\" is not \"g\"), or
# ctrl-x, alt-x, space, enter, esc, tab, shift-tab, backspace, up, down, left, right,
# pgup, pgdn, home, end, f1 to f12. A rebinding replaces the action's keys where it is
# bound while browsing (everywhere, or in its pane); the help overlay and the search and
# file name lines keep theirs. Actions bound only there are rebound there, and keys
# that type text are refused while typing. A key bound twice in one place is reported,
# and the later action keeps its standard keys. Leave an action out to keep its keys.
[keys]
",
    );
    let labels = Lang::En.labels();
    let standard = Keymap::standard();
    for action in keymap::bindable_actions() {
        let name = action.name();
        let Some(binding) = standard.bindings().iter().find(|b| b.action == action) else {
            continue;
        };
        let keys = standard
            .rebindable_keys(&action)
            .iter()
            .map(|k| quoted(&k.config_name()))
            .collect::<Vec<_>>()
            .join(", ");
        s.push_str(&format!(
            "# {} ({}): {}\n{name} = [{keys}]\n",
            binding.context.label(labels),
            binding.zh,
            binding.en
        ));
    }
    s
}

/// What `reforms config` is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigJob {
    /// Print the documented default file.
    PrintDefault,
    /// Print where the file is looked for.
    Path,
    /// Check a file: the one named, else the one in use.
    Check(Option<PathBuf>),
}

/// Why `reforms config` failed: its output could not be written, or what it says.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Output(#[from] std::io::Error),
    #[error("{0}")]
    Said(String),
}

/// `reforms config`, with the file `--config` or REFORMS_CONFIG names in `explicit`.
pub fn command(
    explicit: Option<&Path>,
    job: ConfigJob,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<(), ConfigError> {
    let no_place = || {
        ConfigError::Said(crate::say!(
            "no place for a configuration file: neither XDG_CONFIG_HOME nor HOME is set",
            "无处存放配置文件: XDG_CONFIG_HOME 和 HOME 都未设置"
        ))
    };
    let file = match job {
        ConfigJob::PrintDefault => {
            out.write_all(default_file().as_bytes())?;
            return Ok(());
        }
        ConfigJob::Path => {
            writeln!(out, "{}", path(explicit).ok_or_else(no_place)?.display())?;
            return Ok(());
        }
        ConfigJob::Check(Some(file)) => file,
        ConfigJob::Check(None) => path(explicit).ok_or_else(no_place)?,
    };
    let loaded = load_file(&file);
    for warning in &loaded.warnings {
        writeln!(err, "{}", warning.render())?;
    }
    match loaded.warnings.len() {
        0 => {
            writeln!(out, "{}: {}", file.display(), crate::say!("ok", "通过"))?;
            Ok(())
        }
        n => Err(ConfigError::Said(crate::say!(
            "{}: {}; the browser ignores those entries",
            "{}: {}; 交互界面忽略这些条目",
            file.display(),
            crate::core::say::messages().problem_count(n)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Action;
    use crate::tui::keymap::{Context, HelpRow};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn parse_text(text: &str) -> Loaded {
        parse(&SourceFile::new("config.toml", text))
    }

    /// Each warning as `line:column: message`.
    fn places(loaded: &Loaded) -> Vec<(usize, usize, String)> {
        loaded
            .warnings
            .iter()
            .map(|w| match w {
                Warning::At(d) => (d.line, d.column, d.message.clone()),
                Warning::File(m) => (0, 0, m.clone()),
            })
            .collect()
    }

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    const BROWSING: [Context; 2] = [Context::List, Context::Global];

    #[test]
    fn a_valid_file_sets_everything() {
        let loaded = parse_text(
            "lang = \"en\"\nformat = \"markdown\"\ntheme = \"high-contrast\"\nosc52_max = 5_000\n\n[keys]\nquit = [\"x\", \"ctrl-c\"]\ncopy = \"b\"\n",
        );
        assert_eq!(places(&loaded), vec![]);
        let s = &loaded.settings;
        assert_eq!(s.lang, Some(Lang::En));
        assert_eq!(s.format, Some(Output::Markdown));
        assert_eq!(s.theme, Some(ThemeName::HighContrast));
        assert_eq!(s.osc52_max, Some(5000));
        assert_eq!(s.keys.len(), 2);
        let km = &loaded.keymap;
        assert_eq!(
            km.action_for(press(KeyCode::Char('x')), &BROWSING),
            Some(Action::Quit)
        );
        assert_eq!(km.action_for(press(KeyCode::Char('q')), &BROWSING), None);
        assert_eq!(
            km.action_for(press(KeyCode::Char('b')), &BROWSING),
            Some(Action::Copy)
        );
        // Typing `x` in a search is still text, and `q` still closes the help.
        assert_eq!(
            km.action_for(
                press(KeyCode::Char('x')),
                &[Context::Search, Context::Typing]
            ),
            Some(Action::Input("x".into()))
        );
        assert_eq!(
            km.action_for(press(KeyCode::Char('q')), &[Context::Help]),
            Some(Action::CloseHelp)
        );
    }

    #[test]
    fn rebound_keys_show_in_help_and_key_line() {
        let loaded = parse_text("[keys]\ntoggle_mark = [\"space\", \"x\"]\n");
        assert_eq!(places(&loaded), vec![]);
        let rows = loaded.keymap.help_rows(Lang::En);
        assert!(rows.contains(&HelpRow::Binding {
            keys: "Space/x".into(),
            description: "mark/unmark, then down",
        }));
        assert!(
            !Keymap::standard()
                .help_rows(Lang::En)
                .contains(&HelpRow::Binding {
                    keys: "Space/x".into(),
                    description: "mark/unmark, then down",
                })
        );
        let line: Vec<String> = loaded
            .keymap
            .key_line(&BROWSING)
            .iter()
            .map(|b| b.key_names())
            .collect();
        assert!(line.contains(&"Space/x".to_string()), "{line:?}");
    }

    #[test]
    fn each_bad_entry_is_placed_and_the_rest_applies() {
        let text = "\
lang = \"fr\"
format = 3
theme = \"neon\"
osc52_max = -1
colour = true

[keys]
qiut = [\"q\"]
copy = [\"ctrl-\", \"b\"]
top = []
bottom = [\"nokey\"]
show_help = [\"H\"]
";
        let loaded = parse_text(text);
        let got = places(&loaded);
        let at: Vec<(usize, usize)> = got.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(
            at,
            vec![
                (1, 8),
                (2, 10),
                (3, 9),
                (4, 13),
                (5, 1),
                (8, 1),
                (9, 9),
                (10, 7),
                (11, 11)
            ],
            "{got:#?}"
        );
        assert!(got[0].2.contains("unknown lang \"fr\""), "{}", got[0].2);
        assert!(got[4].2.contains("unknown setting `colour`"));
        assert!(got[5].2.contains("did you mean `quit`"), "{}", got[5].2);
        assert!(got[6].2.contains("unknown key \"ctrl-\""));
        // The good entries still apply.
        assert_eq!(loaded.settings.lang, None);
        assert_eq!(
            loaded
                .keymap
                .action_for(press(KeyCode::Char('b')), &BROWSING),
            Some(Action::Copy)
        );
        assert_eq!(
            loaded
                .keymap
                .action_for(press(KeyCode::Char('H')), &BROWSING),
            Some(Action::ShowHelp)
        );
        assert_eq!(
            loaded
                .keymap
                .action_for(press(KeyCode::Char('G')), &BROWSING),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn a_clash_keeps_the_standard_keys_of_the_later_action() {
        let loaded = parse_text("[keys]\ncopy = [\"b\"]\ncopy_shown = [\"b\"]\n");
        let got = places(&loaded);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (3, 15));
        assert!(got[0].2.contains("already bound to `copy`"), "{}", got[0].2);
        let km = &loaded.keymap;
        assert_eq!(
            km.action_for(press(KeyCode::Char('b')), &BROWSING),
            Some(Action::Copy)
        );
        assert_eq!(
            km.action_for(press(KeyCode::Char('Y')), &BROWSING),
            Some(Action::CopyShown)
        );
        // A key of a pane taken for an action of every pane would not reach it there.
        let loaded = parse_text("[keys]\ncopy = [\"c\"]\n");
        let got = places(&loaded);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].2.contains("already bound to `clear_marks`"),
            "{}",
            got[0].2
        );
        // Taking a standard key of another action is a clash too; swapping two is not.
        let loaded = parse_text("[keys]\ncopy = [\"q\"]\n");
        assert_eq!(places(&loaded).len(), 1);
        let loaded = parse_text("[keys]\ncopy = [\"q\"]\nquit = [\"y\"]\n");
        assert_eq!(places(&loaded), vec![]);
        assert_eq!(
            loaded
                .keymap
                .action_for(press(KeyCode::Char('q')), &BROWSING),
            Some(Action::Copy)
        );
    }

    #[test]
    fn text_keys_are_refused_while_typing() {
        let loaded = parse_text("[keys]\nsubmit_search = [\"enter\", \"s\"]\n");
        let got = places(&loaded);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].1), (2, 27));
        let typing = [Context::Search, Context::Typing];
        assert_eq!(
            loaded.keymap.action_for(press(KeyCode::Char('s')), &typing),
            Some(Action::Input("s".into()))
        );
        assert_eq!(
            loaded.keymap.action_for(press(KeyCode::Enter), &typing),
            Some(Action::SubmitSearch)
        );
    }

    #[test]
    fn a_broken_file_is_one_warning_and_no_settings() {
        let loaded = parse_text("lang = \"en\"\n[keys\nquit = [\"x\"]\n");
        let got = places(&loaded);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 2);
        assert_eq!(loaded.settings, Settings::default());
        assert_eq!(&loaded.keymap, Keymap::standard());
    }

    #[test]
    fn an_unreadable_file_is_one_warning() {
        let loaded = load(Some(Path::new("/nonexistent/reforms.toml")));
        assert_eq!(loaded.warnings.len(), 1);
        assert!(matches!(&loaded.warnings[0], Warning::File(m) if m.contains("no such file")));
    }

    #[test]
    fn the_default_file_parses_cleanly_and_changes_nothing() {
        let loaded = parse_text(&default_file());
        assert_eq!(places(&loaded), vec![]);
        assert_eq!(&loaded.keymap, Keymap::standard());
        assert_eq!(
            loaded.settings.keys.len(),
            keymap::bindable_actions().len(),
            "every action of the key table is in the default file"
        );
    }

    #[test]
    fn every_key_name_reads_back() {
        for b in Keymap::standard().bindings() {
            for &k in &b.keys {
                assert_eq!(Key::parse(&k.config_name()), Some(k), "{}", k.config_name());
            }
        }
        assert_eq!(Key::parse("backtab"), Key::parse("shift-tab"));
        assert_eq!(Key::parse("Ctrl-C"), Key::parse("ctrl-c"));
        assert!(Key::parse("f13").is_none());
        assert!(Key::parse("G") != Key::parse("g"));
    }

    #[test]
    fn command_line_wins_over_the_file_and_no_color_over_the_theme() {
        let settings = Settings {
            lang: Some(Lang::En),
            format: Some(Output::Json),
            theme: Some(ThemeName::HighContrast),
            osc52_max: Some(10),
            keys: Vec::new(),
            ..Settings::default()
        };
        let km = Keymap::standard();
        let o = options(&settings, km.clone(), Given::default(), false);
        assert_eq!(o.lang, Lang::En);
        assert_eq!(o.format, Output::Json);
        assert_eq!(o.osc52_max, 10);
        assert_eq!(o.theme, Theme::high_contrast());
        let given = Given {
            lang: Some(Lang::Zh),
            osc52_max: Some(20),
        };
        let o = options(&settings, km.clone(), given, true);
        assert_eq!(o.lang, Lang::Zh);
        assert_eq!(o.osc52_max, 20);
        assert_eq!(o.theme, Theme::plain());
        let o = options(&Settings::default(), km.clone(), Given::default(), false);
        assert_eq!(o.lang, Lang::Zh);
        assert_eq!(o.osc52_max, OSC52_DEFAULT_MAX);
        assert_eq!(o.theme, Theme::colour());
    }

    // Unix paths: "/x" is not absolute on Windows.
    #[cfg(unix)]
    #[test]
    fn default_place_follows_xdg() {
        let p = default_path(Some("/x/cfg".into()), Some("/home/u".into()));
        assert_eq!(p, Some(PathBuf::from("/x/cfg/reforms/config.toml")));
        let p = default_path(Some("relative".into()), Some("/home/u".into()));
        assert_eq!(
            p,
            Some(PathBuf::from("/home/u/.config/reforms/config.toml"))
        );
        assert_eq!(default_path(None, None), None);
    }
}
