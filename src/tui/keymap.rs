//! The one key table. Key handling, the help overlay and the key line at the bottom of the
//! screen are all read from it, so they cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::labels::{Labels, Lang};

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
    /// Editing either line: the search line or the file name.
    Typing,
    Help,
    /// The overview chart.
    Overview,
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
            Context::Typing => labels.ctx_typing,
            Context::Help => labels.ctx_help,
            Context::Overview => labels.ctx_overview,
        }
    }
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn key(c: char) -> Key {
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

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

impl Key {
    /// The key as a terminal user writes it: `j`, `Ctrl-D`, `PgDn`, `Space`.
    pub fn name(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
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
}

/// One row of the key table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
    pub zh: &'static str,
    pub en: &'static str,
    /// Shown in the key line at the bottom of the screen.
    pub in_key_line: bool,
}

impl Binding {
    pub fn description(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// `j / Down`: every key of the binding.
    pub fn key_names(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join("/")
    }
}

macro_rules! bind {
    ($context:ident, [$($key:expr),+], $action:expr, $zh:literal, $en:literal, $line:literal) => {
        Binding {
            context: Context::$context,
            keys: vec![$($key),+],
            action: $action,
            zh: $zh,
            en: $en,
            in_key_line: $line,
        }
    };
}

/// The key table, in the order the help overlay lists it.
pub fn bindings() -> &'static [Binding] {
    use Action::*;
    use KeyCode as K;
    static TABLE: std::sync::OnceLock<Vec<Binding>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        vec![
            bind!(Global, [key('/')], StartSearch, "搜索", "search", true),
            bind!(
                Global,
                [code(K::Tab)],
                FocusNext,
                "下一窗格",
                "next pane",
                true
            ),
            bind!(
                Global,
                [code(K::BackTab)],
                FocusPrev,
                "上一窗格",
                "previous pane",
                false
            ),
            bind!(
                Global,
                [key('j'), code(K::Down)],
                MoveDown,
                "下移",
                "down",
                false
            ),
            bind!(Global, [key('k'), code(K::Up)], MoveUp, "上移", "up", false),
            bind!(
                Global,
                [code(K::PageDown), ctrl('f')],
                PageDown,
                "下一页",
                "page down",
                false
            ),
            bind!(
                Global,
                [code(K::PageUp), ctrl('b')],
                PageUp,
                "上一页",
                "page up",
                false
            ),
            bind!(
                Global,
                [ctrl('d')],
                HalfPageDown,
                "下半页",
                "half page down",
                false
            ),
            bind!(
                Global,
                [ctrl('u')],
                HalfPageUp,
                "上半页",
                "half page up",
                false
            ),
            bind!(Global, [key('g'), code(K::Home)], Top, "到顶", "top", false),
            bind!(
                Global,
                [key('G'), code(K::End)],
                Bottom,
                "到底",
                "bottom",
                false
            ),
            bind!(
                Global,
                [code(K::Esc)],
                ClearQuery,
                "清除本窗格的搜索",
                "clear this pane's search",
                false
            ),
            bind!(
                Global,
                [key('F')],
                CycleFormat,
                "切换导出格式",
                "cycle export format",
                false
            ),
            bind!(Global, [key('y')], Copy, "复制已选", "copy marked", true),
            bind!(
                Global,
                [key('Y')],
                CopyShown,
                "复制显示的全部事项",
                "copy every reform shown",
                false
            ),
            bind!(
                Global,
                [key('w')],
                StartWrite,
                "已选/当前写入文件",
                "write marked/current to a file",
                false
            ),
            bind!(Global, [key('?')], ShowHelp, "帮助", "help", true),
            bind!(
                Global,
                [key('o')],
                ShowOverview,
                "概览: 各单位、范围的事项数",
                "overview: reforms per agency and scope",
                false
            ),
            bind!(Global, [key('q'), ctrl('c')], Quit, "退出", "quit", true),
            bind!(
                List,
                [key(' ')],
                ToggleMark,
                "标记/取消并下移",
                "mark/unmark, then down",
                true
            ),
            bind!(
                List,
                [key('u')],
                ClearMarks,
                "清除全部标记",
                "clear all marks",
                false
            ),
            bind!(
                List,
                [code(K::Enter)],
                FocusDetail,
                "查看详情",
                "read the detail",
                false
            ),
            bind!(
                Agencies,
                [key(' '), code(K::Enter)],
                ToggleAgency,
                "勾选/取消单位",
                "check/uncheck agency",
                true
            ),
            bind!(
                Agencies,
                [key('c')],
                ClearAgencies,
                "清除勾选",
                "clear checked agencies",
                true
            ),
            bind!(
                Agencies,
                [key('m')],
                ToggleAgencyMatch,
                "任一/全部单位",
                "any/all of the agencies",
                true
            ),
            bind!(
                Agencies,
                [key('s')],
                CycleScope,
                "切换推广范围",
                "cycle scope",
                true
            ),
            bind!(
                Search,
                [code(K::Enter)],
                SubmitSearch,
                "确定，回到窗格",
                "keep query, back to pane",
                true
            ),
            bind!(
                Search,
                [code(K::Esc)],
                CancelSearch,
                "取消并清除",
                "cancel and clear",
                true
            ),
            bind!(
                Search,
                [code(K::Down), ctrl('n')],
                MoveDown,
                "下一结果",
                "next result",
                true
            ),
            bind!(
                Search,
                [code(K::Up), ctrl('p')],
                MoveUp,
                "上一结果",
                "previous result",
                false
            ),
            bind!(
                Prompt,
                [code(K::Enter)],
                SubmitWrite,
                "写入",
                "write the file",
                true
            ),
            bind!(Prompt, [code(K::Esc)], CancelWrite, "取消", "cancel", true),
            bind!(
                Typing,
                [code(K::Backspace)],
                Backspace,
                "删除前一字",
                "delete back",
                false
            ),
            bind!(
                Typing,
                [ctrl('w')],
                DeleteWord,
                "删除前一词",
                "delete word",
                false
            ),
            bind!(Typing, [ctrl('u')], ClearLine, "清空", "clear line", false),
            bind!(
                Typing,
                [code(K::Left)],
                CaretLeft,
                "光标左移",
                "caret left",
                false
            ),
            bind!(
                Typing,
                [code(K::Right)],
                CaretRight,
                "光标右移",
                "caret right",
                false
            ),
            bind!(
                Typing,
                [code(K::Home), ctrl('a')],
                CaretHome,
                "行首",
                "line start",
                false
            ),
            bind!(
                Typing,
                [code(K::End), ctrl('e')],
                CaretEnd,
                "行尾",
                "line end",
                false
            ),
            bind!(Typing, [ctrl('c')], Quit, "退出", "quit", false),
            bind!(
                Help,
                [code(K::Esc), key('q'), key('?')],
                CloseHelp,
                "关闭帮助",
                "close help",
                true
            ),
            bind!(
                Help,
                [key('j'), code(K::Down)],
                MoveDown,
                "下滚",
                "scroll down",
                false
            ),
            bind!(
                Help,
                [key('k'), code(K::Up)],
                MoveUp,
                "上滚",
                "scroll up",
                false
            ),
            bind!(
                Help,
                [code(K::PageDown), key(' ')],
                PageDown,
                "下一页",
                "page down",
                false
            ),
            bind!(Help, [code(K::PageUp)], PageUp, "上一页", "page up", false),
            bind!(Help, [key('g'), code(K::Home)], Top, "到顶", "top", false),
            bind!(
                Help,
                [key('G'), code(K::End)],
                Bottom,
                "到底",
                "bottom",
                false
            ),
            bind!(Help, [ctrl('c')], Quit, "退出", "quit", false),
            bind!(
                Overview,
                [code(K::Enter), key(' ')],
                ChooseBar,
                "按此单位/范围筛选",
                "filter by this agency/scope",
                true
            ),
            bind!(
                Overview,
                [code(K::Esc), key('o'), key('q')],
                CloseOverview,
                "关闭概览",
                "close the overview",
                true
            ),
            bind!(
                Overview,
                [key('j'), code(K::Down)],
                MoveDown,
                "下一条",
                "next bar",
                true
            ),
            bind!(
                Overview,
                [key('k'), code(K::Up)],
                MoveUp,
                "上一条",
                "previous bar",
                false
            ),
            bind!(
                Overview,
                [code(K::PageDown), ctrl('f')],
                PageDown,
                "下一页",
                "page down",
                false
            ),
            bind!(
                Overview,
                [code(K::PageUp), ctrl('b')],
                PageUp,
                "上一页",
                "page up",
                false
            ),
            bind!(
                Overview,
                [key('g'), code(K::Home)],
                Top,
                "第一条",
                "first bar",
                false
            ),
            bind!(
                Overview,
                [key('G'), code(K::End)],
                Bottom,
                "最后一条",
                "last bar",
                false
            ),
            bind!(Overview, [ctrl('c')], Quit, "退出", "quit", false),
        ]
    })
}

/// The contexts a key is looked up in, most specific first.
pub fn contexts(pane: Context, searching: bool, help: bool) -> Vec<Context> {
    if help {
        vec![Context::Help]
    } else if searching {
        vec![Context::Search, Context::Typing]
    } else {
        vec![pane, Context::Global]
    }
}

/// The action of a key in the standard key table, if any.
pub fn action_for(event: KeyEvent, contexts: &[Context]) -> Option<Action> {
    Keymap::standard().action_for(event, contexts)
}

/// A row of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Heading(&'static str),
    /// A line of prose after the bindings.
    Note(&'static str),
    Binding {
        keys: String,
        description: &'static str,
    },
}

/// The help overlay's rows for the standard key table.
pub fn help_rows(lang: Lang) -> Vec<HelpRow> {
    Keymap::standard().help_rows(lang)
}

/// The key table in use: the standard table with the user's rebindings applied. Key
/// handling, the key line and the help overlay all read the same value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl PartialEq for Binding {
    fn eq(&self, other: &Binding) -> bool {
        self.context == other.context && self.keys == other.keys && self.action == other.action
    }
}

impl Eq for Binding {}

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
            } => write!(
                f,
                "`{}` is already bound to `{other}` in {}; this action keeps its standard keys",
                key.config_name(),
                context.label(Lang::En.labels())
            ),
            Refusal::TypesText { key } => write!(
                f,
                "`{}` types text while typing and cannot be bound there; key ignored",
                key.config_name()
            ),
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
    let browsing: Vec<Context> = all
        .iter()
        .copied()
        .filter(|c| {
            matches!(
                c,
                Context::Global | Context::List | Context::Detail | Context::Agencies
            )
        })
        .collect();
    if browsing.is_empty() { all } else { browsing }
}

fn is_typing(context: Context) -> bool {
    matches!(context, Context::Search | Context::Prompt | Context::Typing)
}

/// A key that a typing line would take as text.
fn types_text(key: Key) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

impl Keymap {
    /// The standard key table.
    pub fn standard() -> &'static Keymap {
        static STANDARD: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
        STANDARD.get_or_init(|| Keymap {
            bindings: bindings().to_vec(),
        })
    }

    /// The standard table with `rebindings` applied, in order. A rebinding replaces the
    /// action's keys where `rebound_contexts` says. One that would bind a key twice in a
    /// context is dropped (the later one, in order, when two rebindings clash), and the
    /// action keeps its standard keys. Returns the refusals with the index of their
    /// rebinding.
    pub fn with_rebindings(rebindings: &[Rebinding]) -> (Keymap, Vec<(usize, Refusal)>) {
        let standard = bindings();
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
                    if is_typing(binding.context) && types_text(key) {
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
        while let Some((row, key, other)) = first_clash(&table, &set_by) {
            let Some(index) = set_by[row] else { break };
            refusals.push((
                index,
                Refusal::Clash {
                    key,
                    context: table[row].context,
                    other: action_name(&table[other].action).unwrap_or("?"),
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
            Context::Typing,
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
                .map(|&note| HelpRow::Note(note)),
        );
        rows
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

/// A row bound by a rebinding whose key another row of its context also has, with that key
/// and the other row. When both rows were rebound, the row of the later rebinding.
fn first_clash(table: &[Binding], set_by: &[Option<usize>]) -> Option<(usize, Key, usize)> {
    for (i, a) in table.iter().enumerate() {
        for (j, b) in table.iter().enumerate().skip(i + 1) {
            if a.context != b.context {
                continue;
            }
            if let Some(&key) = a.keys.iter().find(|k| b.keys.contains(k)) {
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

/// The name of a bindable action in the configuration file, from the one list of them. An
/// action the key table can hold must have a name here.
pub fn action_name(action: &Action) -> Option<&'static str> {
    use Action::*;
    Some(match action {
        Quit => "quit",
        FocusNext => "focus_next",
        FocusPrev => "focus_prev",
        FocusDetail => "focus_detail",
        MoveUp => "move_up",
        MoveDown => "move_down",
        PageUp => "page_up",
        PageDown => "page_down",
        HalfPageUp => "half_page_up",
        HalfPageDown => "half_page_down",
        Top => "top",
        Bottom => "bottom",
        StartSearch => "start_search",
        Backspace => "backspace",
        DeleteWord => "delete_word",
        ClearLine => "clear_line",
        CaretLeft => "caret_left",
        CaretRight => "caret_right",
        CaretHome => "caret_home",
        CaretEnd => "caret_end",
        SubmitSearch => "submit_search",
        CancelSearch => "cancel_search",
        ClearQuery => "clear_query",
        ToggleMark => "toggle_mark",
        ClearMarks => "clear_marks",
        ToggleAgency => "toggle_agency",
        ClearAgencies => "clear_agencies",
        ToggleAgencyMatch => "toggle_agency_match",
        CycleScope => "cycle_scope",
        CycleFormat => "cycle_format",
        Copy => "copy",
        CopyShown => "copy_shown",
        StartWrite => "start_write",
        SubmitWrite => "submit_write",
        CancelWrite => "cancel_write",
        ShowHelp => "show_help",
        CloseHelp => "close_help",
        ShowOverview => "show_overview",
        CloseOverview => "close_overview",
        ChooseBar => "choose_bar",
        Input(_) | Copied(_) | Click { .. } | Scroll { .. } | Resize { .. } => return None,
    })
}

/// Every action of the key table, once, in table order, with its name.
pub fn bindable_actions() -> Vec<(&'static str, Action)> {
    let mut actions: Vec<(&'static str, Action)> = Vec::new();
    for binding in bindings() {
        if let Some(name) = action_name(&binding.action)
            && !actions.iter().any(|(n, _)| *n == name)
        {
            actions.push((name, binding.action.clone()));
        }
    }
    actions
}

/// The action a configuration file names.
pub fn action_named(name: &str) -> Option<Action> {
    bindable_actions()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, action)| action)
}

impl Key {
    /// The key as the configuration file writes it: `q`, `ctrl-c`, `space`, `pgdn`.
    pub fn config_name(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "shift-tab".into(),
            KeyCode::Backspace => "backspace".into(),
            KeyCode::Up => "up".into(),
            KeyCode::Down => "down".into(),
            KeyCode::Left => "left".into(),
            KeyCode::Right => "right".into(),
            KeyCode::PageUp => "pgup".into(),
            KeyCode::PageDown => "pgdn".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::Delete => "delete".into(),
            KeyCode::Insert => "insert".into(),
            KeyCode::F(n) => format!("f{n}"),
            other => format!("{other:?}").to_lowercase(),
        };
        let mut name = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            name.push_str("ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            name.push_str("alt-");
        }
        name + &base
    }

    /// Reads a key as the configuration file writes it: a single character, `space`,
    /// `enter`, `esc`, `tab`, `backtab` or `shift-tab`, `backspace`, `up`, `down`, `left`,
    /// `right`, `pgup`, `pgdn`, `home`, `end`, `delete`, `insert`, `f1` to `f12`, each
    /// possibly after `ctrl-` and `alt-`. Names are case-insensitive; single characters
    /// are not (`G` is not `g`).
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
            (Some(c), None) if modifiers.contains(KeyModifiers::CONTROL) => {
                // Terminals report Ctrl with the lower-case letter.
                KeyCode::Char(c.to_ascii_lowercase())
            }
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                f => {
                    let n: u8 = f.strip_prefix('f')?.parse().ok()?;
                    if !(1..=12).contains(&n) {
                        return None;
                    }
                    KeyCode::F(n)
                }
            },
        };
        Some(Key { code, modifiers })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

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
        let table = bindings();
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
    fn key_names_are_plain_ascii() {
        for b in bindings() {
            assert!(b.key_names().is_ascii(), "{}", b.key_names());
        }
        assert_eq!(ctrl('d').name(), "Ctrl-D");
    }
}
