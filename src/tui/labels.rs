//! The words of the interface, in Chinese (the default) and English. Only characters of
//! unambiguous width appear here, so the chrome lines up in every terminal.

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// Every label the screen shows.
#[derive(Debug)]
pub struct Labels {
    pub list: &'static str,
    pub detail: &'static str,
    pub agencies: &'static str,
    pub search: &'static str,
    pub search_agencies: &'static str,
    pub shown: &'static str,
    pub marked: &'static str,
    pub scope: &'static str,
    pub scope_all: &'static str,
    pub any_of: &'static str,
    pub all_of: &'static str,
    pub format: &'static str,
    pub help: &'static str,
    pub help_close: &'static str,
    pub too_small: &'static str,
    pub no_match: &'static str,
    pub no_agency: &'static str,
    pub query: &'static str,
    pub agency_filter: &'static str,
    pub formats: [&'static str; 4],
    pub ctx_global: &'static str,
    pub ctx_list: &'static str,
    pub ctx_detail: &'static str,
    pub ctx_agencies: &'static str,
    pub ctx_search: &'static str,
    pub ctx_prompt: &'static str,
    pub ctx_typing: &'static str,
    pub ctx_help: &'static str,
    pub ctx_overview: &'static str,
    pub write_prompt: &'static str,
    pub nothing_to_export: &'static str,
    pub no_file_name: &'static str,
    pub clipboard_heading: &'static str,
    pub clipboard_notes: &'static [&'static str],
    pub overview: &'static str,
    pub overview_total: &'static str,
    pub overview_scopes: &'static str,
    pub overview_close: &'static str,
}

pub const ZH: Labels = Labels {
    list: "改革事项",
    detail: "详情",
    agencies: "负责单位",
    search: "搜索",
    search_agencies: "筛选单位",
    shown: "显示",
    marked: "已选",
    scope: "范围",
    scope_all: "全部",
    any_of: "任一",
    all_of: "全部",
    format: "格式",
    help: "帮助",
    help_close: "Esc 关闭  j/k 滚动",
    too_small: "终端太小",
    no_match: "没有符合条件的改革事项",
    no_agency: "没有符合的单位",
    query: "查询",
    agency_filter: "单位",
    formats: ["文本", "Markdown", "表格", "JSON"],
    ctx_global: "通用",
    ctx_list: "列表",
    ctx_detail: "详情",
    ctx_agencies: "负责单位",
    ctx_search: "输入搜索时",
    ctx_prompt: "输入文件名时",
    ctx_typing: "输入搜索或文件名时",
    ctx_help: "帮助",
    ctx_overview: "概览",
    write_prompt: "写入文件",
    nothing_to_export: "没有可导出的事项",
    no_file_name: "未写入: 文件名为空",
    clipboard_heading: "复制到剪贴板",
    clipboard_notes: &[
        "  y/Y 依次使用: tmux 缓冲区 (tmux load-buffer -w), screen 转发,",
        "  终端剪贴板 (OSC 52), 本机桌面剪贴板 (非 SSH 且有图形界面时).",
        "  OSC 52 没有回执, 粘贴不出时请检查终端设置:",
        "  tmux: set -g set-clipboard on (外层终端也须支持 OSC 52)",
        "  xterm: 允许 allowWindowOps 或 SetSelection",
        "  iTerm2: 打开 Applications in terminal may access clipboard",
        "  GNOME 终端等 VTE 终端不支持 OSC 52: 请用 w 写入文件",
        "  超过上限 (默认 74994 字节) 不经 OSC 52 发送, 可用 --osc52-max 调整",
        "  每次导出另存于 ~/.cache/reforms/last-export.txt",
    ],
    overview: "概览",
    overview_total: "合计",
    overview_scopes: "推广范围",
    overview_close: "Enter 筛选  Esc 关闭",
};

pub const EN: Labels = Labels {
    list: "Reforms",
    detail: "Detail",
    agencies: "Agencies",
    search: "Search",
    search_agencies: "Filter agencies",
    shown: "shown",
    marked: "marked",
    scope: "scope",
    scope_all: "all",
    any_of: "any",
    all_of: "all",
    format: "format",
    help: "Help",
    help_close: "Esc close  j/k scroll",
    too_small: "Terminal too small",
    no_match: "No reform matches",
    no_agency: "No agency matches",
    query: "query",
    agency_filter: "agency",
    formats: ["text", "Markdown", "TSV", "JSON"],
    ctx_global: "Everywhere",
    ctx_list: "List",
    ctx_detail: "Detail",
    ctx_agencies: "Agencies",
    ctx_search: "While typing a search",
    ctx_prompt: "While typing a file name",
    ctx_typing: "Editing the search or the file name",
    ctx_help: "Help",
    ctx_overview: "Overview",
    write_prompt: "Write to file",
    nothing_to_export: "nothing to export",
    no_file_name: "not written: no file name",
    clipboard_heading: "Copying to the clipboard",
    clipboard_notes: &[
        "  y/Y use, in order: the tmux buffer (tmux load-buffer -w), screen",
        "  passthrough, the terminal clipboard (OSC 52), the desktop clipboard",
        "  (only when not over SSH and a display exists).",
        "  OSC 52 is never acknowledged; if nothing pastes, check the terminal:",
        "  tmux: set -g set-clipboard on (the outer terminal must take OSC 52)",
        "  xterm: allow allowWindowOps or SetSelection",
        "  iTerm2: turn on Applications in terminal may access clipboard",
        "  GNOME Terminal and other VTE terminals ignore OSC 52: use w",
        "  Over the cap (74994 bytes by default) is not sent as OSC 52; see --osc52-max",
        "  Every export is also kept in ~/.cache/reforms/last-export.txt",
    ],
    overview: "Overview",
    overview_total: "total",
    overview_scopes: "Scopes",
    overview_close: "Enter filter  Esc close",
};

impl Lang {
    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
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
}
