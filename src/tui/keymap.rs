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
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
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
    pub keys: &'static [Key],
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
            keys: const { &[$($key),+] },
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

/// The action of a key, if any. While typing a search, a printable key without Ctrl or Alt
/// is text.
pub fn action_for(event: KeyEvent, contexts: &[Context]) -> Option<Action> {
    let pressed = Key::from_event(event);
    for &context in contexts {
        if let Some(binding) = bindings()
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
pub fn key_line(contexts: &[Context]) -> Vec<&'static Binding> {
    contexts
        .iter()
        .flat_map(|&c| {
            bindings()
                .iter()
                .filter(move |b| b.context == c && b.in_key_line)
        })
        .collect()
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

/// The help overlay's rows: every binding of the table, under its context's heading, then
/// how copying reaches the clipboard and which terminal settings it needs.
pub fn help_rows(lang: Lang) -> Vec<HelpRow> {
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
        let in_context: Vec<&Binding> =
            bindings().iter().filter(|b| b.context == context).collect();
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
                    for k in a.keys {
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
