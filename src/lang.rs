//! Every word the program says to its user, in Chinese (the default) and English: the
//! labels of the screen, and the messages that carry values (what a copy did, a problem
//! with a file). Only characters of unambiguous width appear here, so the chrome lines up
//! in every terminal.

use std::path::Path;

pub use crate::core::say::Lang;

use crate::clipboard::{Delivery, Outcome, Route};
use crate::core::files::Written;
use crate::core::selection::{AgencyRole, Facet};
use crate::documents::export::{Format, Output};
use crate::track::Status;

/// Every label the screen shows.
#[derive(Debug)]
pub struct Labels {
    pub list: &'static str,
    pub detail: &'static str,
    pub agencies: &'static str,
    pub search: &'static str,
    pub search_agencies: &'static str,
    pub shown: &'static str,
    /// In place of `shown` while the list waits for a search: the count is the previous
    /// query's.
    pub searching: &'static str,
    pub marked: &'static str,
    pub scope: &'static str,
    pub scope_all: &'static str,
    pub any_of: &'static str,
    pub all_of: &'static str,
    /// The agency pane's lead role (牵头单位 only), beside any/all.
    pub lead_role: &'static str,
    /// The status bar's agency filter in the lead role.
    pub lead_filter: &'static str,
    /// The status bar's document filter, in a library.
    pub document_filter: &'static str,
    /// Said when `l` is pressed on a dataset that names no lead agencies.
    pub no_leads: &'static str,
    pub format: &'static str,
    pub help: &'static str,
    pub help_close: &'static str,
    pub too_small: &'static str,
    pub no_match: &'static str,
    pub no_agency: &'static str,
    pub query: &'static str,
    pub agency_filter: &'static str,
    /// The export formats' names, in `Output` order: text, Markdown, TSV, JSON, CSV, Word,
    /// Excel.
    formats: [&'static str; 7],
    pub ctx_global: &'static str,
    pub ctx_list: &'static str,
    pub ctx_detail: &'static str,
    pub ctx_agencies: &'static str,
    pub ctx_search: &'static str,
    pub ctx_prompt: &'static str,
    pub ctx_confirm: &'static str,
    pub ctx_typing: &'static str,
    pub ctx_help: &'static str,
    pub ctx_overview: &'static str,
    pub ctx_note: &'static str,
    /// The note editor's title, before the reform and agency.
    pub note_title: &'static str,
    /// The status bar's status facet and 本单位.
    pub status_filter: &'static str,
    pub my_agency: &'static str,
    /// The detail pane's heading over the tracking lines.
    pub tracking: &'static str,
    pub write_prompt: &'static str,
    pub nothing_to_export: &'static str,
    pub no_file_name: &'static str,
    pub clipboard_heading: &'static str,
    /// The header of the key table as Markdown: key, this language, the other.
    pub key_table_header: &'static str,
    /// The help overlay's heading over the last status-bar message, shown whole there.
    pub last_message: &'static str,
    /// Ends a status-bar message cut to fit: where to read it whole.
    pub message_cut: &'static str,
    pub clipboard_notes: &'static [&'static str],
    pub overview: &'static str,
    pub overview_total: &'static str,
    pub overview_scopes: &'static str,
    /// The overview's heading over each agency's work by status.
    pub overview_statuses: &'static str,
    pub overdue: &'static str,
    /// Between the words of the overview's legend.
    pub legend_gap: &'static str,
    pub overview_close: &'static str,
    /// Said when the keys that act on marks find none.
    pub no_marks: &'static str,
    pub no_agencies_checked: &'static str,
    pub nothing_to_undo: &'static str,
    pub nothing_to_reset: &'static str,
    pub reset_done: &'static str,
    pub range_cancelled: &'static str,
    /// `n` in the detail pane without a search.
    pub no_search_for_n: &'static str,
    pub no_match_here: &'static str,
    pub no_history: &'static str,
    /// The tracking keys without a tracking database.
    pub no_tracking: &'static str,
    /// The tracking keys on a reform of several agencies, none of them 本单位.
    pub set_my_agency_first: &'static str,
    pub note_empty: &'static str,
    /// The status bar while changes are on their way to the tracking database.
    pub pending_writes: &'static str,
    /// A tracking change the database had not made when the browser ended.
    pub no_answer_in_time: &'static str,
    /// The status bar's `(2 hidden)` after the marks: marks the filters hide.
    pub hidden: &'static str,
    /// The help overlay when its filter matches nothing.
    pub no_help_match: &'static str,
    /// The status bar when only the marked reforms are shown.
    pub marked_only: &'static str,
    /// Before the list of what a remembered session brought back.
    pub restored: &'static str,
    /// How to clear what came back.
    pub restored_keys: &'static str,
}

pub const ZH: Labels = Labels {
    list: "改革事项",
    detail: "详情",
    agencies: "负责单位",
    search: "搜索",
    search_agencies: "筛选单位",
    shown: "显示",
    searching: "搜索中…",
    marked: "已选",
    scope: "范围",
    scope_all: "全部",
    any_of: "任一",
    all_of: "全部",
    lead_role: "牵头",
    lead_filter: "牵头单位",
    document_filter: "文件",
    no_leads: "本数据未区分牵头单位与配合单位",
    format: "格式",
    help: "帮助",
    help_close: "Esc 关闭  j/k 滚动  / 筛选",
    too_small: "终端太小",
    no_match: "没有符合条件的改革事项",
    no_agency: "没有符合的单位",
    query: "查询",
    agency_filter: "单位",
    formats: ["文本", "Markdown", "表格", "JSON", "CSV", "Word", "Excel"],
    ctx_global: "通用",
    ctx_list: "列表",
    ctx_detail: "详情",
    ctx_agencies: "负责单位",
    ctx_search: "输入搜索时",
    ctx_prompt: "输入文件名时",
    ctx_confirm: "询问是否替换已有文件时",
    ctx_typing: "输入搜索或文件名时",
    ctx_help: "帮助",
    ctx_overview: "概览",
    ctx_note: "记录落实情况",
    note_title: "落实情况",
    status_filter: "状态",
    my_agency: "本单位",
    tracking: "落实情况",
    write_prompt: "写入文件",
    nothing_to_export: "没有可导出的事项",
    no_file_name: "未写入: 文件名为空",
    clipboard_heading: "复制到剪贴板",
    key_table_header: "| 按键 | 说明 | action |",
    last_message: "上条消息",
    message_cut: " ? 看全文",
    clipboard_notes: &[
        "  y/Y 依次使用: tmux 缓冲区 (tmux load-buffer -w), screen 转发,",
        "  终端剪贴板 (OSC 52), 本机桌面剪贴板 (不经 SSH 时: Windows 与 macOS",
        "  上总会使用, Linux 上须有图形界面).",
        "  OSC 52 没有回执, 粘贴不出时请检查终端设置:",
        "  tmux: set -g set-clipboard on (外层终端也须支持 OSC 52)",
        "  xterm: 允许 allowWindowOps 或 SetSelection",
        "  iTerm2: 打开 Applications in terminal may access clipboard",
        "  GNOME 终端等 VTE 终端不支持 OSC 52: 请用 w 写入文件",
        "  超过上限 (默认 74994 字节) 不经 OSC 52 发送, 可用 --osc52-max 调整",
    ],
    overview: "概览",
    overview_total: "合计",
    overview_scopes: "推广范围",
    overview_statuses: "落实状态",
    overdue: "逾期",
    legend_gap: " ",
    overview_close: "Enter 筛选  Esc 关闭",
    no_marks: "没有已选的事项",
    no_agencies_checked: "没有勾选的单位",
    nothing_to_undo: "没有可撤销的操作",
    nothing_to_reset: "没有可重置的搜索、筛选或标记",
    reset_done: "已清除搜索、筛选和标记 (u 撤销)",
    range_cancelled: "已取消范围标记",
    no_search_for_n: "没有搜索: 先按 / 输入, 再用 n/N 跳到匹配处",
    no_match_here: "本条没有匹配之处",
    no_history: "还没有搜索记录",
    no_tracking: "没有跟踪数据库，无法记录落实情况",
    set_my_agency_first: "请先在单位窗格按 A 设置本单位",
    note_empty: "内容为空，未保存",
    pending_writes: "写入中",
    no_answer_in_time: "数据库未及时响应",
    hidden: "条未显示",
    no_help_match: "  没有符合的按键 (Esc 清除筛选)",
    marked_only: "只看已选 (M 显示全部)",
    restored: "已恢复上次",
    restored_keys: "R 全部清除, u 撤销",
};

pub const EN: Labels = Labels {
    list: "Reforms",
    detail: "Detail",
    agencies: "Agencies",
    search: "Search",
    search_agencies: "Filter agencies",
    shown: "shown",
    searching: "searching…",
    marked: "marked",
    scope: "scope",
    scope_all: "all",
    any_of: "any of",
    all_of: "all of",
    lead_role: "lead",
    lead_filter: "lead agency",
    document_filter: "document",
    no_leads: "this dataset does not name lead agencies (牵头单位)",
    format: "format",
    help: "Help",
    help_close: "Esc close  j/k scroll  / filter",
    too_small: "Terminal too small",
    no_match: "No reform matches",
    no_agency: "No agency matches",
    query: "query",
    agency_filter: "agency",
    formats: ["text", "Markdown", "TSV", "JSON", "CSV", "Word", "Excel"],
    ctx_global: "Everywhere",
    ctx_list: "List",
    ctx_detail: "Detail",
    ctx_agencies: "Agencies",
    ctx_search: "While typing a search",
    ctx_prompt: "While typing a file name",
    ctx_confirm: "When asked to replace a file",
    ctx_typing: "Editing the search or the file name",
    ctx_help: "Help",
    ctx_overview: "Overview",
    ctx_note: "Writing a note",
    note_title: "Progress note",
    status_filter: "status",
    my_agency: "my agency",
    tracking: "Tracking",
    write_prompt: "Write to file",
    nothing_to_export: "nothing to export",
    no_file_name: "not written: no file name",
    clipboard_heading: "Copying to the clipboard",
    key_table_header: "| key | action | 说明 |",
    last_message: "Last message",
    message_cut: " ? to read it all",
    clipboard_notes: &[
        "  y/Y use, in order: the tmux buffer (tmux load-buffer -w), screen",
        "  passthrough, the terminal clipboard (OSC 52), the desktop clipboard",
        "  when not over SSH: always on Windows and macOS, on Linux only when",
        "  a display exists (DISPLAY or WAYLAND_DISPLAY).",
        "  OSC 52 is never acknowledged; if nothing pastes, check the terminal:",
        "  tmux: set -g set-clipboard on (the outer terminal must take OSC 52)",
        "  xterm: allow allowWindowOps or SetSelection",
        "  iTerm2: turn on Applications in terminal may access clipboard",
        "  GNOME Terminal and other VTE terminals ignore OSC 52: use w",
        "  Texts over the cap (74994 bytes by default) are not sent as OSC 52;",
        "  --osc52-max sets the cap",
    ],
    overview: "Overview",
    overview_total: "total",
    overview_scopes: "Scopes",
    overview_statuses: "Work by status",
    overdue: "overdue",
    legend_gap: "  ",
    overview_close: "Enter filter  Esc close",
    no_marks: "no reform is marked",
    no_agencies_checked: "no agency is checked",
    nothing_to_undo: "nothing to undo",
    nothing_to_reset: "no search, filter or mark to clear",
    reset_done: "search, filters and marks cleared (u undoes)",
    range_cancelled: "range cancelled",
    no_search_for_n: "no search: type one after /, then n/N go to its matches",
    no_match_here: "no match in this reform",
    no_history: "no earlier searches yet",
    no_tracking: "no tracking database: nothing can be recorded",
    set_my_agency_first: "set my agency first: A in the agency pane",
    note_empty: "the note is empty: not saved",
    pending_writes: "writing",
    no_answer_in_time: "the database did not answer in time",
    hidden: "hidden",
    no_help_match: "  No key matches (Esc clears the filter)",
    marked_only: "marked only (M shows all)",
    restored: "Restored from last time",
    restored_keys: "R clears it all, u undoes",
};

impl Labels {
    /// The name of an export format.
    pub fn format_name(&self, format: impl Into<Output>) -> &'static str {
        match format.into() {
            Output::Text => self.formats[0],
            Output::Markdown => self.formats[1],
            Output::Tsv => self.formats[2],
            Output::Json => self.formats[3],
            Output::Csv => self.formats[4],
            Output::Docx => self.formats[5],
            Output::Xlsx => self.formats[6],
        }
    }
}

impl Lang {
    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// A status in a list row: three characters in Chinese, as wide in English.
    pub fn status_short(self, status: Status) -> &'static str {
        match self {
            Lang::Zh => status.label(self),
            Lang::En => match status {
                Status::NotStarted => "todo  ",
                Status::InProgress => "doing ",
                Status::Done => "done  ",
                Status::NotApplicable => "n/a   ",
            },
        }
    }

    /// The mark a status's cells of an overview bar are drawn with: in Chinese the first
    /// character of its name, so the legend is its names; in English a letter.
    pub fn status_mark(self, status: Status) -> &'static str {
        match self {
            Lang::Zh => {
                let label = status.label(self);
                label
                    .char_indices()
                    .nth(1)
                    .map_or(label, |(end, _)| &label[..end])
            }
            Lang::En => match status {
                Status::Done => "D",
                Status::InProgress => "P",
                Status::NotStarted => "N",
                Status::NotApplicable => "X",
            },
        }
    }

    /// A status in the overview's legend: its name, after its mark where that is a letter.
    pub fn status_legend(self, status: Status) -> String {
        match self {
            Lang::Zh => status.label(self).to_string(),
            Lang::En => format!("{} {}", self.status_mark(status), status.label(self)),
        }
    }

    /// A field's label in the detail layout: `推广范围：` with the full-width colon, as in
    /// the source table, or `Scope: ` in English (the reform's own text stays as it is).
    pub fn field_label(self, field: &crate::documents::export::Field) -> String {
        match self {
            Lang::Zh => format!("{}：", field.label),
            Lang::En => {
                let mut chars = field.name.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                format!(
                    "{}{}: ",
                    first.map(String::from).unwrap_or_default(),
                    chars.as_str()
                )
            }
        }
    }

    /// `format: TSV`, after `F` changed the export format.
    /// For the files that are not text (CSV, Word, Excel), what `w` and `y` then do.
    pub fn format_chosen(self, format: Output) -> String {
        let labels = self.labels();
        let chosen = format!("{}: {}", labels.format, labels.format_name(format));
        if format.text_format().is_some() {
            return chosen;
        }
        let extension = format.extension();
        match self {
            Lang::Zh => format!("{chosen} | w 写入 .{extension} 文件, y 复制为表格"),
            Lang::En => format!("{chosen} | w writes a .{extension} file, y copies a table"),
        }
    }

    /// The help's line on where every export is also kept.
    pub fn export_copy_note(self, path: Option<&Path>) -> String {
        match (self, path) {
            (Lang::Zh, Some(path)) => format!("  每次导出另存于 {}", path.display()),
            (Lang::Zh, None) => {
                "  没有缓存目录 (HOME 与 XDG_CACHE_HOME 均未设置): 导出不另存".into()
            }
            (Lang::En, Some(path)) => format!("  Every export is also kept in {}", path.display()),
            (Lang::En, None) => {
                "  No cache folder (neither HOME nor XDG_CACHE_HOME is set): exports are not kept"
                    .into()
            }
        }
    }

    /// The agency pane's bottom border: the scope, then whether the checked agencies match
    /// any or all, then the role.
    pub fn agency_footer(self, scope: &str, matching: &str, role: &str) -> String {
        match self {
            Lang::Zh => format!(" 范围: {scope} {matching}单位{role} "),
            Lang::En => format!(" scope: {scope}, match {matching}{role} "),
        }
    }

    /// After `c` in the list.
    pub fn marks_cleared(self, count: usize) -> String {
        match self {
            Lang::Zh => format!("已清除 {count} 个标记 (u 撤销)"),
            Lang::En => format!("{} unmarked (u undoes)", self.reform_count(count)),
        }
    }

    /// After `a` in the list.
    pub fn marked_shown(self, count: usize) -> String {
        match self {
            Lang::Zh => format!("已标记显示的 {count} 条 (u 撤销)"),
            Lang::En => format!("marked the {} shown (u undoes)", self.reform_count(count)),
        }
    }

    /// After `u`: what was taken back (named in this language).
    pub fn undone(self, what: &str) -> String {
        match self {
            Lang::Zh => format!("已撤销{what}"),
            Lang::En => format!("undid {what}"),
        }
    }

    /// After the first `v`.
    pub fn range_started(self, number: u32) -> String {
        match self {
            Lang::Zh => format!("范围起点: 第 {number} 条; 移动光标后再按 v 标记, Esc 取消"),
            Lang::En => format!("range from reform {number}: move, then v marks it; Esc cancels"),
        }
    }

    /// The status bar while a range is being marked.
    pub fn range_open(self, count: usize) -> String {
        match self {
            Lang::Zh => format!("范围 {count} 条: v 标记, Esc 取消"),
            Lang::En => format!("range of {count}: v marks it, Esc cancels"),
        }
    }

    /// After the second `v`.
    pub fn range_marked(self, count: usize, unmarked: bool) -> String {
        match (self, unmarked) {
            (Lang::Zh, false) => format!("已标记 {count} 条 (u 撤销)"),
            (Lang::Zh, true) => format!("已取消 {count} 条的标记 (u 撤销)"),
            (Lang::En, false) => format!("marked {} (u undoes)", self.reform_count(count)),
            (Lang::En, true) => format!("unmarked {} (u undoes)", self.reform_count(count)),
        }
    }

    /// `n`/`N` in the detail: which matching line is now at the top, of how many, and
    /// whether the search went round the end.
    pub fn match_at(self, at: usize, of: usize, wrapped: bool, forward: bool) -> String {
        let round = match (self, wrapped, forward) {
            (_, false, _) => "",
            (Lang::Zh, true, true) => "已到末尾, 从头继续: ",
            (Lang::Zh, true, false) => "已到开头, 从末尾继续: ",
            (Lang::En, true, true) => "hit the bottom, continuing at the top: ",
            (Lang::En, true, false) => "hit the top, continuing at the bottom: ",
        };
        match self {
            Lang::Zh => format!("{round}第 {at}/{of} 处匹配"),
            Lang::En => format!("{round}match {at} of {of}"),
        }
    }

    /// After `Ctrl-T`: who has the mouse now.
    pub fn mouse(self, captured: bool) -> String {
        match (self, captured) {
            (Lang::Zh, true) => "鼠标: 由本程序使用 (点击、滚轮); Ctrl-T 交还终端".into(),
            (Lang::Zh, false) => {
                "鼠标: 已交还终端, 可拖动选择文字; Ctrl-T 收回 (也可按住 Shift 拖动)".into()
            }
            (Lang::En, true) => "mouse: the browser's (clicks, wheel); Ctrl-T gives it back".into(),
            (Lang::En, false) => {
                "mouse: the terminal's, drag to select text; Ctrl-T takes it back (or Shift-drag)"
                    .into()
            }
        }
    }

    /// A key bound to nothing where it was pressed; where it does something, if anywhere.
    pub fn unbound(self, key: &str, elsewhere: Option<(&str, &str)>) -> String {
        match (self, elsewhere) {
            (Lang::Zh, None) => format!("此处无 {key} 键 (? 帮助)"),
            (Lang::Zh, Some((pane, what))) => {
                format!("此处无 {key} 键; 在{pane}窗格: {what} (? 帮助)")
            }
            (Lang::En, None) => format!("{key} does nothing here (? for help)"),
            (Lang::En, Some((pane, what))) => {
                format!("{key} does nothing here; in the {pane} pane: {what} (? for help)")
            }
        }
    }

    /// `3 条`, `1 reform`, `3 reforms`.
    pub fn reform_count(self, count: usize) -> String {
        match self {
            Lang::Zh => format!("{count} 条"),
            Lang::En if count == 1 => "1 reform".into(),
            Lang::En => format!("{count} reforms"),
        }
    }

    /// "1 problem", "3 problems" (the configuration file's count, in English).
    pub fn problem_count(self, count: usize) -> String {
        match (self, count) {
            (Lang::Zh, n) => format!("{n} 处问题"),
            (Lang::En, 1) => "1 problem".to_string(),
            (Lang::En, n) => format!("{n} problems"),
        }
    }

    /// The status bar's note on the first screen when the configuration file had problems:
    /// how many, and the first.
    pub fn config_problems(self, count: usize, first: &str) -> String {
        match self {
            Lang::Zh => format!(
                "配置文件有 {} 处问题（已忽略，详见退出后的终端输出）：{first}",
                count
            ),
            Lang::En => format!(
                "configuration: {} ignored (listed on exit): {first}",
                self.problem_count(count)
            ),
        }
    }

    /// There is no folder for the remembered session (neither `XDG_STATE_HOME` nor `HOME`).
    pub fn session_not_kept(self) -> String {
        match self {
            Lang::Zh => "不会保存本次会话: 没有 HOME 或 XDG_STATE_HOME".to_string(),
            Lang::En => {
                "this session will not be kept: neither HOME nor XDG_STATE_HOME is set".to_string()
            }
        }
    }

    /// The remembered session could not be read; `why` names the file and the place.
    pub fn session_not_restored(self, why: &str) -> String {
        match self {
            Lang::Zh => format!("未恢复上次的会话: {why}"),
            Lang::En => format!("session not restored: {why}"),
        }
    }

    /// What a written export did: the file (and the file a link led to), whether it
    /// replaced one, or why nothing was written.
    pub fn written(
        self,
        path: &Path,
        count: usize,
        format: Output,
        bytes: usize,
        result: &Result<Written, String>,
    ) -> String {
        let shown = path.display();
        let details = || {
            format!(
                "{} | {} | {}",
                self.reform_count(count),
                self.labels().format_name(format),
                size_text(bytes)
            )
        };
        match result {
            Ok(written) => {
                let via = if written.file != path {
                    match self {
                        Lang::Zh => format!(" (链接, 实际文件 {})", written.file.display()),
                        Lang::En => format!(" (a link to {})", written.file.display()),
                    }
                } else {
                    String::new()
                };
                match (self, written.replaced) {
                    (Lang::Zh, false) => format!("已写入 {shown}{via} | {}", details()),
                    (Lang::Zh, true) => format!("已替换 {shown}{via} | {}", details()),
                    (Lang::En, false) => format!("wrote {shown}{via} | {}", details()),
                    (Lang::En, true) => format!("replaced {shown}{via} | {}", details()),
                }
            }
            Err(why) => match self {
                Lang::Zh => format!("写入失败 {shown}: {why}; 原有文件未改动"),
                Lang::En => format!("cannot write {shown}: {why}; any existing file is unchanged"),
            },
        }
    }

    /// The question when the file to write exists.
    pub fn replace_question(self, path: &Path) -> String {
        match self {
            Lang::Zh => format!("{} 已存在: 按 y 替换, 其他键取消", path.display()),
            Lang::En => format!(
                "{} exists: y replaces it, any other key keeps it",
                path.display()
            ),
        }
    }

    /// The file was not replaced.
    /// The tracking keys on a reform 本单位 is not responsible for.
    pub fn not_responsible(self, mine: &str) -> String {
        match self {
            Lang::Zh => format!("本单位（{mine}）不负责此事项"),
            Lang::En => format!("{mine} (my agency) is not responsible for this reform"),
        }
    }

    /// A note sent to the tracking database.
    pub fn note_saving(self, agency: &str) -> String {
        match self {
            Lang::Zh => format!("{agency}：正在记录落实情况"),
            Lang::En => format!("{agency}: saving the note"),
        }
    }

    /// A note the tracking database took.
    pub fn note_saved(self, agency: &str) -> String {
        match self {
            Lang::Zh => format!("{agency}：已记录落实情况"),
            Lang::En => format!("{agency}: note saved"),
        }
    }

    /// A tracking change not made when the browser ended: the item, what it was, and why.
    pub fn unrecorded(
        self,
        document: &str,
        number: u32,
        agency: &str,
        what: &str,
        why: &str,
    ) -> String {
        let document = crate::core::safe::one_line(document);
        let agency = crate::core::safe::one_line(agency);
        match self {
            Lang::Zh => format!("未记录 {document} 第 {number} 项 {agency} 的{what}: {why}"),
            Lang::En => format!("not recorded: {document} {number} {agency}, {what}: {why}"),
        }
    }

    /// A note among the changes not made, and whether it is kept as the draft.
    pub fn unrecorded_note(self, kept: bool) -> String {
        match (self, kept) {
            (Lang::Zh, true) => "落实情况 (已存为草稿, 下次按 n 打开)".into(),
            (Lang::Zh, false) => "落实情况".into(),
            (Lang::En, true) => "note (kept as a draft: n opens it next time)".into(),
            (Lang::En, false) => "note".into(),
        }
    }

    /// A change the tracking database refused; the browser shows what it holds.
    pub fn not_recorded(self, why: &str) -> String {
        match self {
            Lang::Zh => format!("未记录: {why}"),
            Lang::En => format!("not recorded: {why}"),
        }
    }

    pub fn kept(self, path: &Path) -> String {
        match self {
            Lang::Zh => format!("未写入: 保留原有的 {}", path.display()),
            Lang::En => format!("not written: {} kept as it was", path.display()),
        }
    }

    /// The status-bar message for a copy: how many reforms, which format, the size, and
    /// what each route did. An OSC 52 sequence is only ever "sent": terminals do not answer.
    pub fn copied(self, count: usize, format: Format, d: &Delivery, osc52_max: usize) -> String {
        let head = match (self, d.done(), d.sent()) {
            (Lang::Zh, true, _) => "已复制",
            (Lang::En, true, _) => "copied",
            (Lang::Zh, false, true) => "已发送",
            (Lang::En, false, true) => "sent",
            (Lang::Zh, false, false) => "未能复制",
            (Lang::En, false, false) => "not copied",
        };
        let mut parts = vec![
            format!("{head} {}", self.reform_count(count)),
            self.labels().format_name(format).to_string(),
            size_text(d.bytes),
        ];
        for (route, outcome) in &d.routes {
            let mut said = self.outcome(*route, outcome, osc52_max);
            // Only the desktop clipboard can carry a table beside the text.
            if *route == Route::Desktop && *outcome == Outcome::Done {
                said.push_str(match (self, d.html) {
                    (Lang::Zh, true) => " (HTML 表格 + 纯文本)",
                    (Lang::En, true) => " (HTML table + plain text)",
                    (Lang::Zh, false) => " (纯文本)",
                    (Lang::En, false) => " (plain text)",
                });
            }
            parts.push(said);
        }
        if d.routes.is_empty() {
            parts.push(match self {
                Lang::Zh => "此终端无剪贴板可用".into(),
                Lang::En => "no clipboard reachable from this terminal".into(),
            });
        }
        let tmux_forwarded = d
            .routes
            .iter()
            .any(|(r, o)| *r == Route::Tmux && *o == Outcome::Done);
        if d.too_large && tmux_forwarded {
            parts.push(match self {
                Lang::Zh => format!("超过 {osc52_max} 字节, 外层终端可能不收, 可按 w 写入文件"),
                Lang::En => format!(
                    "over {osc52_max} bytes: the outer terminal may refuse it; w writes a file"
                ),
            });
        }
        if !d.done() && d.sent() {
            parts.push(match self {
                Lang::Zh => "粘贴不出请按 ? 看终端设置".into(),
                Lang::En => "nothing to paste? see ? for terminal settings".into(),
            });
        }
        if !d.done() && !d.sent() {
            // The too-large notice already points to `w`.
            let hint = !d.too_large;
            parts.push(match (&d.cache, self) {
                (Ok(path), Lang::Zh) if hint => {
                    format!("已存 {}, 可按 w 写入文件", path.display())
                }
                (Ok(path), Lang::En) if hint => {
                    format!("kept in {}; w writes a file", path.display())
                }
                (Ok(path), Lang::Zh) => format!("已存 {}", path.display()),
                (Ok(path), Lang::En) => format!("kept in {}", path.display()),
                (Err(why), Lang::Zh) => format!("缓存失败: {why}"),
                (Err(why), Lang::En) => format!("not cached: {why}"),
            });
        }
        parts.join(" | ")
    }

    /// The status bar's words while a file is made and written: `writing 42 reforms |
    /// Word | a.docx...`.
    pub fn writing(self, count: usize, output: Output, path: &Path) -> String {
        let format = self.labels().format_name(output);
        let path = path.display();
        match self {
            Lang::Zh => format!(
                "正在写入 {} | {format} | {path}...",
                self.reform_count(count)
            ),
            Lang::En => format!(
                "writing {} | {format} | {path}...",
                self.reform_count(count)
            ),
        }
    }

    /// The status bar's words while a copy's helper runs: `copying 2 reforms (tmux
    /// buffer)...`.
    pub fn copying(self, count: usize, format: Format, route: Route) -> String {
        let format = self.labels().format_name(format);
        let route = self.route_name(route);
        match self {
            Lang::Zh => format!(
                "正在复制 {} | {format} | {route}...",
                self.reform_count(count)
            ),
            Lang::En => format!(
                "copying {} | {format} | {route}...",
                self.reform_count(count)
            ),
        }
    }

    fn route_name(self, route: Route) -> &'static str {
        match (self, route) {
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

    fn outcome(self, route: Route, outcome: &Outcome, osc52_max: usize) -> String {
        let name = self.route_name(route);
        match (self, outcome) {
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

/// Where a description of a selection goes, which decides its words and separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Described {
    /// The status bar: each facet a part of its own, `label: value`.
    Bar,
    /// The first screen's notice of what a remembered session brought back.
    Notice,
    /// The line a written report states what it holds under (`筛选：…`).
    Report,
}

impl Lang {
    /// A selection's facets in words, in their order (see `Selection::facets`), one string
    /// each, for where they go.
    pub fn facets(self, facets: &[Facet], to: Described) -> Vec<String> {
        facets.iter().map(|f| self.facet(f, to)).collect()
    }

    /// The line a report states what it holds: `None` when it holds every reform.
    pub fn described(self, facets: &[Facet]) -> Option<String> {
        let separator = match self {
            Lang::Zh => "；",
            Lang::En => "; ",
        };
        (!facets.is_empty()).then(|| self.facets(facets, Described::Report).join(separator))
    }

    /// The line a report of chosen reforms states what it holds: their numbers, the first
    /// 20, then how many.
    pub fn chosen_numbers(self, numbers: &[u32]) -> String {
        const LISTED: usize = 20;
        let shown: Vec<String> = numbers.iter().take(LISTED).map(u32::to_string).collect();
        let more = numbers.len() > LISTED;
        match self {
            Lang::Zh if more => format!("选定序号 {} 等 {} 项", shown.join("、"), numbers.len()),
            Lang::Zh => format!("选定序号 {}", shown.join("、")),
            Lang::En if more => format!(
                "chosen numbers {} and more, {} in all",
                shown.join(", "),
                numbers.len()
            ),
            Lang::En => format!("chosen numbers {}", shown.join(", ")),
        }
    }

    fn facet(self, facet: &Facet, to: Described) -> String {
        let labels = self.labels();
        let zh = self == Lang::Zh;
        let list = |names: &[String]| match (to, zh) {
            (Described::Report, true) => names.join("、"),
            (Described::Report, false) => names.join(", "),
            _ => names.join(" "),
        };
        match (facet, to) {
            (Facet::Query(query), Described::Report) if zh => format!("检索“{query}”"),
            (Facet::Query(query), Described::Report) => format!("search \"{query}\""),
            (Facet::Query(query), Described::Bar) => format!("{}: {query}", labels.query),
            (Facet::Query(query), Described::Notice) => format!("{} {query}", labels.search),
            (Facet::Documents(names), Described::Report) if zh => format!("文件：{}", list(names)),
            (Facet::Documents(names), Described::Report) => format!("documents: {}", list(names)),
            (Facet::Documents(names), Described::Bar) => {
                format!("{}: {}", labels.document_filter, list(names))
            }
            (Facet::Documents(names), Described::Notice) => {
                format!("{} {}", labels.document_filter, list(names))
            }
            (Facet::Agencies { names, role, all }, _) => {
                self.agencies_facet(names, *role, *all, to)
            }
            (Facet::Scope(scope), Described::Report) if zh => format!("推广范围：{scope}"),
            (Facet::Scope(scope), Described::Report) => format!("scope: {scope}"),
            (Facet::Scope(scope), Described::Bar) => format!("{}: {scope}", labels.scope),
            (Facet::Scope(scope), Described::Notice) => format!("{} {scope}", labels.scope),
            (Facet::Status(statuses), Described::Report) if zh => {
                format!("落实状态：{}", list(statuses))
            }
            (Facet::Status(statuses), Described::Report) => format!("status: {}", list(statuses)),
            (Facet::Status(statuses), Described::Bar) => {
                format!("{}: {}", labels.status_filter, list(statuses))
            }
            (Facet::Status(statuses), Described::Notice) => {
                format!("{} {}", labels.status_filter, list(statuses))
            }
            (Facet::Overdue, _) if zh => "逾期未完成".to_string(),
            (Facet::Overdue, _) => "overdue".to_string(),
            (Facet::Marks { count, only }, _) => {
                let count = (*count > 0).then(|| format!("{} {count}", labels.marked));
                let only = only.then(|| labels.marked_only.to_string());
                count.into_iter().chain(only).collect::<Vec<_>>().join(", ")
            }
        }
    }

    fn agencies_facet(
        self,
        names: &[String],
        role: AgencyRole,
        all: bool,
        to: Described,
    ) -> String {
        let labels = self.labels();
        let zh = self == Lang::Zh;
        match to {
            Described::Report => {
                let (role, together, colon, join) = match (zh, role) {
                    (true, AgencyRole::Lead) => ("牵头单位", "（同时）", "：", "、"),
                    (true, AgencyRole::Any) => ("负责单位", "（同时）", "：", "、"),
                    (false, AgencyRole::Lead) => ("lead agencies", " (all of them)", ": ", ", "),
                    (false, AgencyRole::Any) => ("agencies", " (all of them)", ": ", ", "),
                };
                let together = if all && names.len() > 1 { together } else { "" };
                format!("{role}{together}{colon}{}", names.join(join))
            }
            Described::Bar => {
                let filter = match role {
                    AgencyRole::Any => labels.agency_filter,
                    AgencyRole::Lead => labels.lead_filter,
                };
                let matching = if all { labels.all_of } else { labels.any_of };
                format!("{filter}: {} ({matching})", names.join(" "))
            }
            Described::Notice => {
                let filter = match role {
                    AgencyRole::Any => labels.agency_filter,
                    AgencyRole::Lead => labels.lead_filter,
                };
                match names {
                    [one] => format!("{filter} {one}"),
                    several if zh => format!("{filter} {} 个", several.len()),
                    several => format!("{} agencies", several.len()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::OSC52_DEFAULT_MAX;
    use unicode_width::UnicodeWidthChar;

    /// Characters whose width terminals disagree on (East Asian Ambiguous, roughly).
    fn ambiguous(c: char) -> bool {
        c.width() != c.width_cjk()
    }

    #[test]
    fn clipboard_notes_are_plain_and_name_the_default_cap() {
        for labels in [&ZH, &EN] {
            let notes = labels.clipboard_notes.join("\n");
            assert!(notes.contains(&OSC52_DEFAULT_MAX.to_string()), "{notes}");
            assert!(!notes.chars().any(ambiguous), "{notes}");
            assert!(!labels.write_prompt.chars().any(ambiguous));
        }
    }

    /// One order for every description: the query, the documents, the agencies, the scope,
    /// the status facet, the marks.
    #[test]
    fn a_selection_is_described_in_one_order() {
        use crate::core::selection::{AgencyMatch, Beyond, Selection};
        let selection = Selection {
            query: " 数据 ".into(),
            agencies: vec!["市商务局".into(), "天津海关".into()],
            agency_match: AgencyMatch::All,
            role: AgencyRole::Lead,
            documents: vec!["第九批".into()],
            scope: Some("全市".into()),
        };
        let beyond = Beyond {
            statuses: vec!["推进中".into()],
            marks: 2,
            marked_only: true,
            ..Beyond::default()
        };
        let facets = selection.facets(&beyond);
        assert_eq!(
            Lang::Zh.described(&facets).unwrap(),
            "检索“数据”；文件：第九批；牵头单位（同时）：市商务局、天津海关；推广范围：全市；落实状态：推进中；已选 2, 只看已选 (M 显示全部)"
        );
        assert_eq!(
            Lang::Zh.facets(&facets[..5], Described::Bar).join(" | "),
            "查询: 数据 | 文件: 第九批 | 牵头单位: 市商务局 天津海关 (全部) | 范围: 全市 | 状态: 推进中"
        );
        assert_eq!(
            Lang::Zh.described(&Selection::default().facets(&Beyond::default())),
            None
        );
    }
}
