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
    pub ctx_help: &'static str,
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
    ctx_help: "帮助",
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
    ctx_help: "Help",
};

impl Lang {
    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}
