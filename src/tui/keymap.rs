//! The one key table. Key handling, the help overlay, the key line at the bottom of the
//! screen and the configuration file's `[keys]` are all read from it, so they cannot drift
//! apart. One row per binding; one table of key names, read both ways.

use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::core::say::pick;
use crate::lang::{Labels, Lang};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Any pane, when not typing a search.
    Global,
    List,
    Detail,
    Agencies,
    /// While typing in a search line.
    Search,
    /// While typing the name of a file to write.
    Prompt,
    /// Asked whether to replace an existing file.
    Confirm,
    /// Editing either line: the search line or the file name.
    Typing,
    Help,
    /// The overview chart.
    Overview,
    /// Writing a progress note.
    Note,
}

impl Context {
    pub fn label(self, labels: &Labels) -> &'static str {
        match self {
            Context::Global => labels.ctx_global,
            Context::List => labels.ctx_list,
            Context::Detail => labels.ctx_detail,
            Context::Agencies => labels.ctx_agencies,
            Context::Search => labels.ctx_search,
            Context::Prompt => labels.ctx_prompt,
            Context::Confirm => labels.ctx_confirm,
            Context::Typing => labels.ctx_typing,
            Context::Help => labels.ctx_help,
            Context::Overview => labels.ctx_overview,
            Context::Note => labels.ctx_note,
        }
    }

    /// Where a binding of the context applies, as a sentence ends: `everywhere`,
    /// `in the list`, `while typing a search`; in Chinese `(列表中)`.
    fn where_it_applies(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Context::Global => ("everywhere", "(所有位置)"),
            Context::List => ("in the list", "(列表中)"),
            Context::Detail => ("in the detail pane", "(详情窗格中)"),
            Context::Agencies => ("in the agency pane", "(负责单位窗格中)"),
            Context::Search => ("while typing a search", "(输入搜索时)"),
            Context::Prompt => ("while typing a file name", "(输入文件名时)"),
            Context::Confirm => ("when asked to replace a file", "(询问是否替换文件时)"),
            Context::Typing => (
                "while editing the search or a file name",
                "(编辑搜索或文件名时)",
            ),
            Context::Help => ("in the help overlay", "(帮助中)"),
            Context::Overview => ("in the overview", "(概览中)"),
            Context::Note => ("while writing a note", "(填写备注时)"),
        };
        pick(lang, en, zh)
    }

    /// Whether the context is a line being typed into.
    fn is_typing(self) -> bool {
        matches!(
            self,
            Context::Search | Context::Prompt | Context::Typing | Context::Note
        )
    }

    /// Whether the context is browsing: everywhere, or a pane.
    fn is_browsing(self) -> bool {
        matches!(
            self,
            Context::Global | Context::List | Context::Detail | Context::Agencies
        )
    }
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

const fn named(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

/// The keys with names: how the screen shows each, and how the configuration file writes
/// it (the first name) or may also write it (the others). Read one way to print a key, the
/// other way to read one; letters and F1 to F12 are spelled out in code.
#[rustfmt::skip]
const KEY_NAMES: &[(KeyCode, &str, &[&str])] = &[
    (KeyCode::Char(' '), "Space",     &["space"]),
    (KeyCode::Enter,     "Enter",     &["enter", "return"]),
    (KeyCode::Esc,       "Esc",       &["esc", "escape"]),
    (KeyCode::Tab,       "Tab",       &["tab"]),
    (KeyCode::BackTab,   "Shift-Tab", &["shift-tab", "backtab"]),
    (KeyCode::Backspace, "Backspace", &["backspace"]),
    (KeyCode::Up,        "Up",        &["up"]),
    (KeyCode::Down,      "Down",      &["down"]),
    (KeyCode::Left,      "Left",      &["left"]),
    (KeyCode::Right,     "Right",     &["right"]),
    (KeyCode::PageUp,    "PgUp",      &["pgup", "pageup"]),
    (KeyCode::PageDown,  "PgDn",      &["pgdn", "pagedown"]),
    (KeyCode::Home,      "Home",      &["home"]),
    (KeyCode::End,       "End",       &["end"]),
    (KeyCode::Delete,    "Delete",    &["delete", "del"]),
    (KeyCode::Insert,    "Insert",    &["insert", "ins"]),
];

impl Key {
    /// The key's base (without modifiers) on screen and in the configuration file.
    fn base_names(self) -> (String, String) {
        if let Some((_, shown, written)) = KEY_NAMES.iter().find(|(code, _, _)| *code == self.code)
        {
            return (shown.to_string(), written[0].to_string());
        }
        match self.code {
            KeyCode::Char(c) => (c.to_string(), c.to_string()),
            KeyCode::F(n) => (format!("F{n}"), format!("f{n}")),
            other => (format!("{other:?}"), format!("{other:?}").to_lowercase()),
        }
    }

    /// The key as a terminal user writes it: `j`, `Ctrl-D`, `PgDn`, `Space`.
    pub fn name(self) -> String {
        let (base, _) = self.base_names();
        let base = if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        };
        if self.modifiers.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }

    /// The key as the configuration file writes it: `q`, `ctrl-c`, `space`, `pgdn`.
    pub fn config_name(self) -> String {
        let (_, base) = self.base_names();
        let mut name = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            name.push_str("ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            name.push_str("alt-");
        }
        name + &base
    }

    /// Reads a key as the configuration file writes it: a single character, a name of
    /// [`KEY_NAMES`] or `f1` to `f12`, each possibly after `ctrl-` and `alt-`. Names are
    /// case-insensitive; single characters are not (`G` is not `g`).
    pub fn parse(text: &str) -> Option<Key> {
        let mut rest = text;
        let mut modifiers = KeyModifiers::NONE;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            // Terminals report Ctrl with the lower-case letter.
            (Some(c), None) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            (Some(c), None) => KeyCode::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                match KEY_NAMES
                    .iter()
                    .find(|(_, _, written)| written.contains(&lower.as_str()))
                {
                    Some((code, _, _)) => *code,
                    None => {
                        let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
                        if !(1..=12).contains(&n) {
                            return None;
                        }
                        KeyCode::F(n)
                    }
                }
            }
        };
        Some(Key { code, modifiers })
    }

    /// The key of an event, with the Shift that upper-case letters and Shift-Tab carry
    /// dropped, so that `G` matches `G` however the terminal reports it.
    pub fn from_event(event: KeyEvent) -> Key {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        if !matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers |= event.modifiers & KeyModifiers::SHIFT;
        }
        Key {
            code: event.code,
            modifiers,
        }
    }

    /// Whether a typing line would take the key as text.
    fn types_text(self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}

/// A binding of the table in use.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
    /// Shown in the key line at the bottom of the screen.
    pub in_key_line: bool,
    pub zh: &'static str,
    pub en: &'static str,
}

impl PartialEq for Binding {
    fn eq(&self, other: &Binding) -> bool {
        self.context == other.context && self.keys == other.keys && self.action == other.action
    }
}

impl Eq for Binding {}

impl Binding {
    pub fn description(&self, lang: Lang) -> &'static str {
        pick(lang, self.en, self.zh)
    }

    /// `j/Down`: every key of the binding.
    pub fn key_names(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Shown in the key line, and in the help.
const LINE: bool = true;
/// Shown in the help only.
const HELP: bool = false;

/// A row of the standard table: context, keys, action, whether the key line shows it, what
/// it does in Chinese and in English.
type Row = (
    Context,
    &'static [Key],
    Action,
    bool,
    &'static str,
    &'static str,
);

/// The standard key table, in the order the help overlay lists it.
#[rustfmt::skip]
static STANDARD: &[Row] = {
    use Action::*;
    use Context::*;
    use KeyCode as K;
    &[
    (Global,   &[ch('/')],                         StartSearch,       LINE, "搜索",                       "search"),
    (Global,   &[named(K::Tab), ch('l'), named(K::Right)], FocusNext, LINE, "下一窗格",                   "next pane"),
    (Global,   &[named(K::BackTab), ch('h'), named(K::Left)], FocusPrev, HELP, "上一窗格",                 "previous pane"),
    (Global,   &[ch('j'), named(K::Down)],         MoveDown,          HELP, "下移",                       "down"),
    (Global,   &[ch('k'), named(K::Up)],           MoveUp,            HELP, "上移",                       "up"),
    (Global,   &[named(K::PageDown), ctrl('f')],   PageDown,          HELP, "下一页",                     "page down"),
    (Global,   &[named(K::PageUp), ctrl('b')],     PageUp,            HELP, "上一页",                     "page up"),
    (Global,   &[ctrl('d')],                       HalfPageDown,      HELP, "下半页",                     "half page down"),
    (Global,   &[ctrl('u')],                       HalfPageUp,        HELP, "上半页",                     "half page up"),
    (Global,   &[ch('g'), named(K::Home)],         Top,               HELP, "到顶",                       "top"),
    (Global,   &[ch('G'), named(K::End)],          Bottom,            HELP, "到底",                       "bottom"),
    (Global,   &[named(K::Esc)],                   ClearQuery,        HELP, "清除本窗格的搜索",           "clear this pane's search"),
    (Global,   &[ch('u')],                         Undo,              HELP, "撤销清除标记/单位/重置",     "undo clearing marks, agencies or a reset"),
    (Global,   &[ch('R')],                         ResetView,         HELP, "重置: 清除搜索、筛选和标记", "reset: clear search, filters and marks"),
    (Global,   &[ch('F')],                         CycleFormat,       HELP, "切换导出格式",               "next export format"),
    (Global,   &[ch('y')],                         Copy,              LINE, "复制已选",                   "copy marked"),
    (Global,   &[ch('Y')],                         CopyShown,         HELP, "复制显示的全部事项",         "copy every reform shown"),
    (Global,   &[ch('w')],                         StartWrite,        HELP, "已选/当前写入文件",          "write marked (or current) to a file"),
    (Global,   &[ch('W')],                         StartWriteShown,   HELP, "显示的全部事项写入文件",     "write every reform shown to a file"),
    (Global,   &[ch('o')],                         ShowOverview,      HELP, "概览: 各单位、范围的事项数", "overview: reforms per agency and scope"),
    (Global,   &[ch('t')],                         CycleStatus,       HELP, "切换本单位的落实状态",       "next status for my agency"),
    (Global,   &[ch('n'), ch('e')],                EditNote,          HELP, "记录落实情况",               "write a progress note"),
    (Global,   &[ch('T')],                         CycleStatusFilter, HELP, "按落实状态筛选",             "filter by status"),
    (Global,   &[ctrl('t')],                       ToggleMouse,       HELP, "释放/接管鼠标 (释放后可用终端选择文字)", "release/take the mouse (released: the terminal selects text)"),
    (Global,   &[ch('?')],                         ShowHelp,          LINE, "帮助",                       "help"),
    (Global,   &[ch('q'), ctrl('c')],              Quit,              LINE, "退出",                       "quit"),
    (List,     &[ch(' ')],                         ToggleMark,        LINE, "标记/取消并下移",            "mark/unmark, then down"),
    (List,     &[ch('a')],                         MarkShown,         HELP, "标记显示的全部事项",         "mark every reform shown"),
    (List,     &[ch('i')],                         InvertMarks,       HELP, "反选显示的事项",             "invert marks of the reforms shown"),
    (List,     &[ch('v')],                         MarkRange,         HELP, "范围标记: 起点, 再按标记",   "mark a range: start, press again to mark"),
    (List,     &[ch('M')],                         ToggleMarkedOnly,  HELP, "只看已选/全部",              "only the marked/all"),
    (List,     &[ch('c')],                         ClearMarks,        HELP, "清除全部标记 (u 撤销)",      "clear all marks (u undoes)"),
    (List,     &[named(K::Enter)],                 FocusDetail,       HELP, "查看详情",                   "open the detail"),
    (Detail,   &[named(K::Esc)],                   Back,              HELP, "回到列表",                   "back to the list"),
    (Detail,   &[ch('n')],                         NextMatch,         HELP, "下一处匹配",                 "next match"),
    (Detail,   &[ch('N')],                         PrevMatch,         HELP, "上一处匹配",                 "previous match"),
    (Agencies, &[ch(' '), named(K::Enter)],        ToggleAgency,      LINE, "勾选/取消单位",              "check/uncheck agency"),
    (Agencies, &[ch('c')],                         ClearAgencies,     LINE, "清除勾选 (u 撤销)",          "clear checked (u undoes)"),
    (Agencies, &[ch('m')],                         ToggleAgencyMatch, LINE, "任一/全部单位",              "any/all of the agencies"),
    (Agencies, &[ch('r')],                         ToggleAgencyRole,  HELP, "任一角色/仅牵头单位",        "any role/lead agency only"),
    (Agencies, &[ch('s')],                         CycleScope,        LINE, "切换推广范围",               "next scope"),
    (Agencies, &[ch('A')],                         SetMyAgency,       HELP, "设为/取消本单位",            "make/unmake my agency"),
    (Search,   &[named(K::Enter)],                 SubmitSearch,      LINE, "确定，回到窗格",             "keep the search, back to the pane"),
    (Search,   &[named(K::Esc)],                   CancelSearch,      LINE, "取消并清除",                 "cancel and clear"),
    (Search,   &[named(K::Down)],                  MoveDown,          LINE, "下一结果",                   "next result"),
    (Search,   &[named(K::Up)],                    MoveUp,            HELP, "上一结果",                   "previous result"),
    (Search,   &[ctrl('p')],                       HistoryPrev,       LINE, "上一条搜索记录",             "earlier search"),
    (Search,   &[ctrl('n')],                       HistoryNext,       HELP, "下一条搜索记录",             "later search"),
    (Prompt,   &[named(K::Enter)],                 SubmitWrite,       LINE, "写入",                       "write the file"),
    (Prompt,   &[named(K::Esc)],                   CancelWrite,       LINE, "取消",                       "cancel"),
    (Confirm,  &[ch('y'), ch('Y')],                 ConfirmReplace,    LINE, "替换已有文件",               "replace the existing file"),
    (Confirm,  &[ch('n'), named(K::Enter), named(K::Esc)], KeepFile,  LINE, "保留原文件，不写入",         "keep the existing file"),
    (Typing,   &[named(K::Backspace)],             Backspace,         HELP, "删除前一字",                 "delete back"),
    (Typing,   &[ctrl('w')],                       DeleteWord,        HELP, "删除前一词",                 "delete word"),
    (Typing,   &[ctrl('u')],                       ClearLine,         HELP, "清空",                       "clear line"),
    (Typing,   &[named(K::Left)],                  CaretLeft,         HELP, "光标左移",                   "caret left"),
    (Typing,   &[named(K::Right)],                 CaretRight,        HELP, "光标右移",                   "caret right"),
    (Typing,   &[named(K::Home), ctrl('a')],       CaretHome,         HELP, "行首",                       "line start"),
    (Typing,   &[named(K::End), ctrl('e')],        CaretEnd,          HELP, "行尾",                       "line end"),
    (Typing,   &[ctrl('c')],                       Quit,              HELP, "退出",                       "quit"),
    (Note,     &[ctrl('s')],                       SaveNote,          LINE, "保存",                       "save the note"),
    (Note,     &[named(K::Esc)],                   CancelNote,        LINE, "取消",                       "cancel"),
    (Note,     &[named(K::Enter)],                 NoteNewline,       LINE, "换行",                       "new line"),
    (Help,     &[ch('/')],                         StartSearch,       LINE, "筛选帮助",                   "filter the help"),
    (Help,     &[named(K::Esc), ch('q'), ch('?')], CloseHelp,         LINE, "关闭帮助",                   "close help"),
    (Help,     &[ch('j'), named(K::Down)],         MoveDown,          HELP, "下滚",                       "scroll down"),
    (Help,     &[ch('k'), named(K::Up)],           MoveUp,            HELP, "上滚",                       "scroll up"),
    (Help,     &[named(K::PageDown), ch(' ')],     PageDown,          HELP, "下一页",                     "page down"),
    (Help,     &[named(K::PageUp)],                PageUp,            HELP, "上一页",                     "page up"),
    (Help,     &[ch('g'), named(K::Home)],         Top,               HELP, "到顶",                       "top"),
    (Help,     &[ch('G'), named(K::End)],          Bottom,            HELP, "到底",                       "bottom"),
    (Help,     &[ctrl('c')],                       Quit,              HELP, "退出",                       "quit"),
    (Overview, &[named(K::Enter), ch(' ')],        ChooseBar,         LINE, "按此单位/范围筛选",          "filter by this agency/scope"),
    (Overview, &[named(K::Esc), ch('o'), ch('q')], CloseOverview,     LINE, "关闭概览",                   "close the overview"),
    (Overview, &[ch('j'), named(K::Down)],         MoveDown,          LINE, "下一条",                     "next bar"),
    (Overview, &[ch('k'), named(K::Up)],           MoveUp,            HELP, "上一条",                     "previous bar"),
    (Overview, &[named(K::PageDown), ctrl('f')],   PageDown,          HELP, "下一页",                     "page down"),
    (Overview, &[named(K::PageUp), ctrl('b')],     PageUp,            HELP, "上一页",                     "page up"),
    (Overview, &[ch('g'), named(K::Home)],         Top,               HELP, "第一条",                     "first bar"),
    (Overview, &[ch('G'), named(K::End)],          Bottom,            HELP, "最后一条",                   "last bar"),
    (Overview, &[ctrl('c')],                       Quit,              HELP, "退出",                       "quit"),
    ]
};

fn standard_table() -> Vec<Binding> {
    STANDARD
        .iter()
        .map(|(context, keys, action, in_key_line, zh, en)| Binding {
            context: *context,
            keys: keys.to_vec(),
            action: action.clone(),
            in_key_line: *in_key_line,
            zh,
            en,
        })
        .collect()
}

/// A row of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Heading(&'static str),
    /// A line of prose after the bindings.
    Note(String),
    Binding {
        keys: String,
        description: &'static str,
    },
}

/// The key table in use: the standard table with the user's rebindings applied. Key
/// handling, the key line and the help overlay all read the same value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

/// A user's choice of keys for one action, as the configuration file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebinding {
    pub action: Action,
    pub keys: Vec<Key>,
}

/// Why a rebinding, or one of its keys, was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The key is already bound, in the same context, to another action: the rebinding is
    /// dropped and the action keeps its standard keys.
    Clash {
        key: Key,
        context: Context,
        other: &'static str,
    },
    /// The action is bound only while typing, where a key that types text must stay text.
    TypesText { key: Key },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Clash {
                key,
                context,
                other,
            } => f.write_str(&crate::say!(
                "`{}` is already bound to `{other}` {}; this action keeps its standard keys",
                "`{}` 已绑定到 `{other}` {}; 此动作保留标准按键",
                key.config_name(),
                context.where_it_applies(crate::core::say::messages())
            )),
            Refusal::TypesText { key } => f.write_str(&crate::say!(
                "`{}` types text while typing and cannot be bound there; key ignored",
                "`{}` 在输入时用于输入文字, 不能在那里绑定; 已忽略该键",
                key.config_name()
            )),
        }
    }
}

/// The contexts a rebinding changes: where the action is bound while browsing (a pane or
/// everywhere); for an action bound only in the help overlay or while typing, those. The
/// help overlay and the typing lines keep their keys for actions also bound while
/// browsing, so rebinding `quit` to a letter never stops that letter being typed.
fn rebound_contexts(table: &[Binding], action: &Action) -> Vec<Context> {
    let all: Vec<Context> = table
        .iter()
        .filter(|b| &b.action == action)
        .map(|b| b.context)
        .collect();
    let browsing: Vec<Context> = all.iter().copied().filter(|c| c.is_browsing()).collect();
    if browsing.is_empty() { all } else { browsing }
}

impl Keymap {
    /// The standard key table.
    pub fn standard() -> &'static Keymap {
        static STANDARD: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
        STANDARD.get_or_init(|| Keymap {
            bindings: standard_table(),
        })
    }

    /// The standard table with `rebindings` applied, in order. A rebinding replaces the
    /// action's keys where `rebound_contexts` says. One that would bind a key twice in a
    /// context is dropped (the later one, in order, when two rebindings clash), and the
    /// action keeps its standard keys. Returns the refusals with the index of their
    /// rebinding.
    pub fn with_rebindings(rebindings: &[Rebinding]) -> (Keymap, Vec<(usize, Refusal)>) {
        let standard = &Keymap::standard().bindings;
        let mut refusals = Vec::new();
        // For each row of the table, the rebinding that set its keys, if any.
        let mut set_by: Vec<Option<usize>> = vec![None; standard.len()];
        let mut table = standard.to_vec();
        for (index, rebinding) in rebindings.iter().enumerate() {
            let contexts = rebound_contexts(standard, &rebinding.action);
            for (row, binding) in table.iter_mut().enumerate() {
                if binding.action != rebinding.action || !contexts.contains(&binding.context) {
                    continue;
                }
                let mut keys = Vec::new();
                for &key in &rebinding.keys {
                    if binding.context.is_typing() && key.types_text() {
                        refusals.push((index, Refusal::TypesText { key }));
                    } else if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                if !keys.is_empty() {
                    binding.keys = keys;
                    set_by[row] = Some(index);
                }
            }
        }
        // Each pass drops one rebinding, so this ends; the standard table has no clash.
        while let Some((row, key, other)) = first_clash(&table, standard, &set_by) {
            let Some(index) = set_by[row] else { break };
            refusals.push((
                index,
                Refusal::Clash {
                    key,
                    context: table[row].context,
                    other: table[other].action.name(),
                },
            ));
            for (r, by) in set_by.iter_mut().enumerate() {
                if *by == Some(index) {
                    table[r].keys = standard[r].keys.clone();
                    *by = None;
                }
            }
        }
        (Keymap { bindings: table }, refusals)
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The action of a key, if any. While typing a search, a printable key without Ctrl or
    /// Alt is text.
    pub fn action_for(&self, event: KeyEvent, contexts: &[Context]) -> Option<Action> {
        let pressed = Key::from_event(event);
        for &context in contexts {
            if let Some(binding) = self
                .bindings
                .iter()
                .find(|b| b.context == context && b.keys.contains(&pressed))
            {
                return Some(binding.action.clone());
            }
        }
        if contexts.contains(&Context::Typing)
            && let KeyCode::Char(c) = event.code
            && !event
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Some(Action::Input(c.to_string()));
        }
        None
    }

    /// The bindings for the key line: those of the current contexts marked for it.
    pub fn key_line(&self, contexts: &[Context]) -> Vec<&Binding> {
        contexts
            .iter()
            .flat_map(|&c| {
                self.bindings
                    .iter()
                    .filter(move |b| b.context == c && b.in_key_line)
            })
            .collect()
    }

    /// The help overlay's rows: every binding of the table, under its context's heading,
    /// then how copying reaches the clipboard and which terminal settings it needs.
    pub fn help_rows(&self, lang: Lang) -> Vec<HelpRow> {
        let labels = lang.labels();
        let mut rows = Vec::new();
        for context in [
            Context::Global,
            Context::List,
            Context::Detail,
            Context::Agencies,
            Context::Search,
            Context::Prompt,
            Context::Confirm,
            Context::Typing,
            Context::Note,
            Context::Overview,
            Context::Help,
        ] {
            let in_context: Vec<&Binding> = self
                .bindings
                .iter()
                .filter(|b| b.context == context)
                .collect();
            if in_context.is_empty() {
                continue;
            }
            if !rows.is_empty() {
                rows.push(HelpRow::Heading(""));
            }
            rows.push(HelpRow::Heading(context.label(labels)));
            rows.extend(in_context.into_iter().map(|b| HelpRow::Binding {
                keys: b.key_names(),
                description: b.description(lang),
            }));
        }
        rows.push(HelpRow::Heading(""));
        rows.push(HelpRow::Heading(labels.clipboard_heading));
        rows.extend(
            labels
                .clipboard_notes
                .iter()
                .map(|&note| HelpRow::Note(note.to_string())),
        );
        rows
    }

    /// The key table as Markdown, for the documentation: the help overlay's headings and
    /// bindings in its order, each heading with its name in the other language beside it,
    /// each binding a row of its keys and what it does in `lang` and in the other language.
    pub fn markdown(&self, lang: Lang) -> String {
        let other = lang.other();
        let header = lang.labels().key_table_header;
        let cell = |text: &str| text.replace('|', "\\|");
        let code = |keys: &str| {
            if keys.contains('`') {
                format!("`` {} ``", cell(keys))
            } else {
                format!("`{}`", cell(keys))
            }
        };
        let mut out = String::new();
        for pair in self.help_rows(lang).into_iter().zip(self.help_rows(other)) {
            match pair {
                (HelpRow::Heading(""), _) => {}
                (HelpRow::Heading(title), _) if title == lang.labels().clipboard_heading => break,
                (HelpRow::Heading(title), HelpRow::Heading(beside)) => {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    out.push_str(&format!(
                        "**{title}** ({beside})\n\n{header}\n|---|---|---|\n"
                    ));
                }
                (
                    HelpRow::Binding { keys, description },
                    HelpRow::Binding {
                        description: beside,
                        ..
                    },
                ) => out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    code(&keys),
                    cell(description),
                    cell(beside)
                )),
                _ => break,
            }
        }
        out
    }

    /// The keys a rebinding of `action` replaces, as the configuration file writes them.
    pub fn rebindable_keys(&self, action: &Action) -> Vec<Key> {
        let contexts = rebound_contexts(&self.bindings, action);
        self.bindings
            .iter()
            .find(|b| &b.action == action && contexts.contains(&b.context))
            .map(|b| b.keys.clone())
            .unwrap_or_default()
    }
}

/// Whether a key bound in both contexts would reach only one of its actions somewhere: in
/// one context, or everywhere and in a pane (where the pane's binding wins).
fn overlap(a: Context, b: Context) -> bool {
    let pane = |c: Context| matches!(c, Context::List | Context::Detail | Context::Agencies);
    a == b || (a == Context::Global && pane(b)) || (b == Context::Global && pane(a))
}

/// A row bound by a rebinding whose key another row of an overlapping context also has,
/// with that key and the other row. When both rows were rebound, the row of the later
/// rebinding. The standard table's own overlaps (`Esc` and `n` in the detail pane) are by
/// design and not clashes.
fn first_clash(
    table: &[Binding],
    standard: &[Binding],
    set_by: &[Option<usize>],
) -> Option<(usize, Key, usize)> {
    for (i, a) in table.iter().enumerate() {
        for (j, b) in table.iter().enumerate().skip(i + 1) {
            if !overlap(a.context, b.context) || (set_by[i].is_none() && set_by[j].is_none()) {
                continue;
            }
            let by_design = |k: &Key| standard[i].keys.contains(k) && standard[j].keys.contains(k);
            if let Some(&key) = a.keys.iter().find(|k| b.keys.contains(k) && !by_design(k)) {
                let later = match (set_by[i], set_by[j]) {
                    (Some(x), Some(y)) if x > y => i,
                    (_, Some(_)) => j,
                    _ => i,
                };
                let other = if later == i { j } else { i };
                return Some((later, key, other));
            }
        }
    }
    None
}

/// Every action of the standard key table, once, in table order: the actions a key can be
/// bound to, each with its name.
pub fn bindable_actions() -> Vec<Action> {
    let mut actions: Vec<Action> = Vec::new();
    for binding in Keymap::standard().bindings() {
        if !actions.contains(&binding.action) {
            actions.push(binding.action.clone());
        }
    }
    actions
}

/// The bindable action a configuration file names.
pub fn action_named(name: &str) -> Option<Action> {
    Action::from_str(name)
        .ok()
        .filter(|action| bindable_actions().contains(action))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn action_for(event: KeyEvent, contexts: &[Context]) -> Option<Action> {
        Keymap::standard().action_for(event, contexts)
    }

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: crossterm::event::KeyEventState::NONE,
        }
    }

    #[test]
    fn q_quits_but_is_text_while_searching() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            action_for(q, &[Context::List, Context::Global]),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(q, &[Context::Search, Context::Typing]),
            Some(Action::Input("q".into()))
        );
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            action_for(ctrl_c, &[Context::Search, Context::Typing]),
            Some(Action::Quit)
        );
    }

    #[test]
    fn shifted_letters_and_backtab_match() {
        let g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(g, &[Context::Global]), Some(Action::Bottom));
        let back = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            action_for(back, &[Context::Global]),
            Some(Action::FocusPrev)
        );
    }

    #[test]
    fn pane_binding_wins_over_global() {
        let space = press(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(
            action_for(space, &[Context::Agencies, Context::Global]),
            Some(Action::ToggleAgency)
        );
        assert_eq!(
            action_for(space, &[Context::List, Context::Global]),
            Some(Action::ToggleMark)
        );
        assert_eq!(action_for(space, &[Context::Detail, Context::Global]), None);
    }

    #[test]
    fn chinese_text_is_input_while_searching() {
        let han = press(KeyCode::Char('数'), KeyModifiers::NONE);
        assert_eq!(
            action_for(han, &[Context::Search, Context::Typing]),
            Some(Action::Input("数".into()))
        );
        assert_eq!(action_for(han, &[Context::List, Context::Global]), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let table = Keymap::standard().bindings();
        for (i, a) in table.iter().enumerate() {
            for b in &table[i + 1..] {
                if a.context == b.context {
                    for k in &a.keys {
                        assert!(
                            !b.keys.contains(k),
                            "{} bound twice in {:?}",
                            k.name(),
                            a.context
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn markdown_is_the_help_in_both_languages() {
        let keymap = Keymap::standard();
        let en = keymap.markdown(Lang::En);
        assert!(
            en.starts_with(
                "**Everywhere** (通用)\n\n| key | action | 说明 |\n|---|---|---|\n| `/` | search | 搜索 |\n"
            ),
            "{en}"
        );
        let rows = en.lines().filter(|line| line.starts_with("| `")).count();
        assert_eq!(rows, keymap.bindings().len());
        assert!(en.contains("\n\n**Agencies** (负责单位)\n"), "{en}");
        assert!(en.contains("| `r` | any role/lead agency only | 任一角色/仅牵头单位 |\n"));
        assert!(!en.contains(Lang::En.labels().clipboard_heading));
        let zh = keymap.markdown(Lang::Zh);
        assert!(zh.contains("| `r` | 任一角色/仅牵头单位 | any role/lead agency only |\n"));
        // A key that would end a table cell is escaped.
        let (bar, _) = Keymap::with_rebindings(&[Rebinding {
            action: Action::Copy,
            keys: vec![ch('|')],
        }]);
        assert!(bar.markdown(Lang::En).contains("| `\\|` | copy marked |"));
    }

    #[test]
    fn key_names_are_plain_ascii() {
        for b in Keymap::standard().bindings() {
            assert!(b.key_names().is_ascii(), "{}", b.key_names());
        }
        assert_eq!(ctrl('d').name(), "Ctrl-D");
    }
}

#[cfg(test)]
mod names {
    use super::*;

    #[test]
    fn every_bindable_action_has_a_name_that_reads_back() {
        let actions = bindable_actions();
        assert!(actions.len() > 30);
        for action in &actions {
            assert_eq!(action_named(action.name()).as_ref(), Some(action));
        }
        assert_eq!(Action::ToggleMark.name(), "toggle_mark");
        assert_eq!(action_named("input"), None);
        assert_eq!(action_named("resize"), None);
        assert_eq!(action_named("no_such_action"), None);
    }

    #[test]
    fn every_named_key_prints_and_reads_back_both_ways() {
        for (code, shown, written) in KEY_NAMES {
            let key = named(*code);
            assert_eq!(key.name(), *shown);
            assert_eq!(key.config_name(), written[0]);
            for name in *written {
                assert_eq!(Key::parse(name), Some(key), "{name}");
                assert_eq!(Key::parse(&name.to_uppercase()), Some(key), "{name}");
            }
        }
        assert_eq!(
            Key::parse("ctrl-d").map(Key::name).as_deref(),
            Some("Ctrl-D")
        );
        assert_eq!(
            Key::parse("alt-x").map(Key::config_name).as_deref(),
            Some("alt-x")
        );
        assert_eq!(Key::parse("f12").map(Key::name).as_deref(), Some("F12"));
    }
}
