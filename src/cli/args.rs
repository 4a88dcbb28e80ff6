//! The command line's definitions: the options and subcommands clap parses, as `--help`,
//! the man page and the completions show them.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use super::error::CliError;
use crate::core::catalog::{Catalog, Reform};
use crate::core::selection::{AgencyMatch, AgencyRole, Selection};
use crate::documents::export::{Format, Output};
use crate::lang::Lang;

const LIST_EXAMPLES: &str = "\
示例 / Examples:
  reforms list                                   全部改革事项 / every reform
  reforms list --agency 天津海关                  天津海关负责的 / those of one agency
  reforms list --agency 天津海关 --agency 市商务局  任一单位 / any of several agencies
  reforms list -a 天津海关 -a 市商务局 --all-agencies  两个单位都负责的 / all of them
  reforms list --scope 京津冀 --format tsv > 京津冀.tsv
  reforms list --query 数据跨境                  检索，按相关度排序 / search, best first
  reforms list -q \"'融资 !租赁\" -a 市委金融办    含“融资”不含“租赁” / exact and excluded
  reforms list -q \"邮轮 | 飞机\" --format json    任一 / either
  reforms list -q yh                             拼音首字母 / pinyin initials (银行)
  reforms list --lead 天津海关                    天津海关牵头的 / those it leads (牵头单位)
  reforms --data 第九批.toml list --format json
  reforms list -s 全市 -f xlsx -o 全市.xlsx       Excel 工作簿 / an Excel workbook
  reforms list -q 数据跨境 -f docx -o 报告.docx   Word 报告 / a Word report
  reforms list -f csv -o 改革事项.csv             Excel 可直接打开的 CSV / CSV for Excel";

const SHOW_EXAMPLES: &str = "\
示例 / Examples:
  reforms show 12               第 12 项全文 / reform 12 in full
  reforms show 1 2 3 --format markdown
  reforms show 12 --width 40    按 40 列排版 / laid out to 40 columns
  reforms show --query 邮轮      检索到的全部事项 / every reform a search finds

不带 --format 时，输出到终端则按终端宽度排版，否则为 text 格式。
Without --format, output to a terminal is laid out to its width; otherwise it is the text
format.";

const OPEN_EXAMPLES: &str = "\
示例 / Examples:
  reforms open 12               打开交互界面，显示第 12 项 / the browser, on reform 12
  reforms open 12 --fresh       不恢复上次的检索和筛选 / without the remembered session";

const AGENCIES_EXAMPLES: &str = "\
示例 / Examples:
  reforms agencies                各单位及其负责的事项数 / each agency with its count
  reforms agencies --format json";

const STATS_EXAMPLES: &str = "\
示例 / Examples:
  reforms stats                             各单位、各范围的事项数 / counts per agency and scope
  reforms stats --query 数据                 检索结果的分布 / counts over a search
  reforms stats --scope 京津冀 --format json
  reforms stats -a 天津海关 -a 市商务局      任一单位的事项 / reforms of either agency

计数与相同选项的 reforms list 一致；单位按事项数从多到少排列。
The counts are those of `reforms list` with the same options; agencies come most first.";

const CHECK_EXAMPLES: &str = "\
示例 / Examples:
  reforms check 第九批.toml       检查数据文件 / validate a dataset file";

const IMPORT_EXAMPLES: &str = "\
示例 / Examples:
  reforms import 附件.docx -o 第九批.toml        收到的 Word 附件 / the Word attachment received
  reforms import 第九批.xlsx -o 第九批.toml      Excel、WPS 表格 / a workbook
  reforms import 通知.html --title 第九批 -o 第九批.toml   网页上的表格 / a table on a web page
  reforms import 第九批.txt > 第九批.toml       从 Word/PDF 复制的表格 / a table copied from Word or PDF
  reforms import 第九批.txt --source \"津自贸发〔2025〕1号\" -o 第九批.toml
  reforms --data 第九批.toml list";

#[derive(Debug, Parser)]
#[command(
    name = "reforms",
    version,
    about = "浏览、检索、筛选和导出自贸试验区改革试点经验\nBrowse, search, filter and export pilot free trade zone reforms",
    after_help = "不带子命令时打开交互界面（按 ? 查看按键）。\nWithout a subcommand, the interactive browser opens (press ? for its keys).\n\n示例 / Examples:\n  reforms                        浏览内置数据集 / browse the embedded dataset\n  reforms --data 第九批.toml      浏览另一批 / browse another batch\n  reforms --lang en              英文界面 / English labels"
)]
pub struct Cli {
    /// 数据文件 (TOML)，代替内置数据集和文件库；可重复 / a dataset file to use instead of
    /// the embedded batch and the library; repeat for several
    #[arg(long, global = true, value_name = "FILE", env = "REFORMS_DATA")]
    pub data: Vec<PathBuf>,

    /// 界面语言 / interface language
    #[arg(long, global = true, value_enum, default_value_t, env = "REFORMS_LANG")]
    pub lang: Lang,

    /// 终端把 “ ” — … 等歧义宽度字符显示为两格 / the terminal draws ambiguous-width
    /// characters such as “ ” — … in two cells
    #[arg(long, global = true)]
    pub ambiguous_wide: bool,

    /// 经终端剪贴板 (OSC 52) 复制的最大字节数 / the largest text, in bytes, the browser
    /// sends to the terminal clipboard (OSC 52); some terminals refuse more than the default
    #[arg(long, global = true, value_name = "BYTES", default_value_t = crate::clipboard::OSC52_DEFAULT_MAX)]
    pub osc52_max: usize,

    /// 不恢复上次的会话（退出时仍会保存）/ start clean instead of where the browser was
    /// left (the session is still saved on quitting)
    #[arg(long, global = true)]
    pub fresh: bool,
    /// 配置文件，代替 ~/.config/reforms/config.toml / a configuration file to use instead
    /// of $XDG_CONFIG_HOME/reforms/config.toml
    #[arg(long, global = true, value_name = "FILE", env = "REFORMS_CONFIG")]
    pub config: Option<PathBuf>,

    /// 跟踪数据库文件，代替 ~/.local/share/reforms/track.sqlite3 / the tracking database
    /// to use instead of $XDG_DATA_HOME/reforms/track.sqlite3
    #[arg(long, global = true, value_name = "FILE", env = "REFORMS_TRACK_DB")]
    pub track_db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 列出改革事项 / list reforms in document order
    #[command(after_help = LIST_EXAMPLES)]
    List(ListArgs),
    /// 显示指定序号的改革事项全文 / show the chosen reforms in full
    #[command(after_help = SHOW_EXAMPLES)]
    Show(ShowArgs),
    /// 打开交互界面并定位到指定序号的改革事项 / open the browser on reform N
    #[command(after_help = OPEN_EXAMPLES)]
    Open(OpenArgs),
    /// 列出负责单位及其事项数 / list agencies with their number of reforms
    #[command(after_help = AGENCIES_EXAMPLES)]
    Agencies(AgenciesArgs),
    /// 各负责单位、推广范围的事项数 / the number of reforms per agency and per scope
    #[command(after_help = STATS_EXAMPLES)]
    Stats(StatsArgs),
    /// 检查数据文件 / validate a dataset file
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// 把 Word、Excel、CSV 或网页中的表格转换为 TOML 数据集 / turn the table of a Word
    /// document, workbook, CSV file or web page into a TOML dataset
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
    /// 文件库：列出或删除导入的文件 / the library: list or remove the documents imported
    #[command(after_help = LIBRARY_EXAMPLES)]
    Library(LibraryArgs),
    /// 落实情况跟踪：状态、时限、进展、台账、报送与汇总 / track the replication work:
    /// status, deadline, progress notes, the ledger, submissions and merging them
    #[command(after_help = TRACK_EXAMPLES)]
    Track(TrackArgs),
    /// 生成命令补全脚本 / print a shell completion script
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// 生成手册页 (roff) / print the manual page (roff)
    #[command(after_help = MAN_EXAMPLES)]
    Man,
    /// 配置文件：位置、默认内容、检查 / the configuration file: its place, its default,
    /// a check
    #[command(after_help = CONFIG_EXAMPLES)]
    Config(ConfigArgs),
    /// Holds the text on standard input on the desktop clipboard until another program
    /// takes the clipboard. The browser starts it at exit when xclip is missing, or when
    /// the text has an HTML table beside it.
    #[command(hide = true)]
    ServeClipboard(ServeClipboardArgs),
}

/// The command line as `--help` shows it on this machine: the configuration file, the
/// tracking database and the library named by the paths they have here (the XDG variables,
/// or the platform's folders), not by their usual places. The man page and the completions
/// keep the usual places, which hold on every machine.
pub fn command_with_real_paths() -> clap::Command {
    let shown = |path: Option<std::path::PathBuf>| match path {
        Some(path) => crate::core::safe::one_line(&path.display().to_string()),
        None => "(HOME 与 XDG 目录均未设置 / neither HOME nor the XDG folders are set)".into(),
    };
    let config = shown(crate::core::paths::config_dir().map(|d| d.join("config.toml")));
    let database = shown(crate::track::sqlite::standard_path());
    let library = shown(crate::core::paths::data_dir().map(|d| d.join("library")));
    Cli::command()
        .mut_arg("config", |arg| {
            arg.help(format!(
                "配置文件，代替 {config} / a configuration file to use instead of {config}"
            ))
        })
        .mut_arg("track_db", |arg| {
            arg.help(format!(
                "跟踪数据库文件，代替 {database} / the tracking database to use instead of {database}"
            ))
        })
        .mut_subcommand("library", |sub| {
            sub.after_help(format!(
                "{LIBRARY_EXAMPLES}\n\n本机的文件库 / the library here: {library}"
            ))
        })
        .mut_subcommand("track", |sub| {
            sub.after_help(format!(
                "{TRACK_EXAMPLES}\n\n本机的跟踪数据库 / the database here: {database}"
            ))
        })
}

const LIBRARY_EXAMPLES: &str = "\
示例 / Examples:
  reforms import 附件.docx --into-library     把收到的附件加入文件库 / add an attachment to it
  reforms library                            列出库中的文件 / list its documents
  reforms library remove 第九批               删除一个文件 / remove one
  reforms list --document 第九批              只看这一批 / the reforms of one document

文件库位于 $XDG_DATA_HOME/reforms/library（默认 ~/.local/share/reforms/library）；内置的第八批总在其中。
The library is $XDG_DATA_HOME/reforms/library (else ~/.local/share/reforms/library); the
embedded batch is always part of it.";

const TRACK_EXAMPLES: &str = "\
示例 / Examples:
  reforms track set 19 推进中 -a 天津海关 --deadline 2026-12-31   设置状态和时限 / status and deadline
  reforms track note 19 -a 天津海关 \"已印发实施方案\"              记录落实情况 / a progress note
  reforms track list -a 天津海关 --status 未启动                    本单位未启动的 / what has not started
  reforms track history 19 -a 天津海关                              变更记录 / the item's history
  reforms track ledger -f xlsx -o 台账.xlsx                         导出台账 / the ledger as a workbook
  reforms track export -a 天津海关 --submission 天津海关.json       报送本单位情况 / an agency's submission
  reforms track import 天津海关.json 市商务局.json                  汇总各单位报送 / merge submissions

跟踪数据库位于 $XDG_DATA_HOME/reforms/track.sqlite3（默认 ~/.local/share/reforms/track.sqlite3），
可用 --track-db 或 REFORMS_TRACK_DB 另行指定。
The database is $XDG_DATA_HOME/reforms/track.sqlite3 (else ~/.local/share/reforms/
track.sqlite3), or the file --track-db or REFORMS_TRACK_DB names.";

/// `reforms track`: the tracked status, deadline, contact and notes of each reform and
/// agency.
#[derive(Debug, Args)]
pub struct TrackArgs {
    /// 记录人（默认为登录名）/ who makes the changes (by default, the login name)
    #[arg(long, global = true, value_name = "NAME", env = "REFORMS_AUTHOR")]
    pub author: Option<String>,
    #[command(subcommand)]
    pub action: TrackAction,
}

/// Which tracked item a command is about: a reform of a document, and one of its agencies.
#[derive(Debug, Args)]
pub struct ItemArgs {
    /// 序号 / the reform's number
    #[arg(value_name = "N")]
    pub number: u32,
    /// 负责单位（事项只有一个单位时可省略）/ the agency (may be left out when the reform
    /// has only one)
    #[arg(long, short, value_name = "AGENCY")]
    pub agency: Option<String>,
    /// 所在文件（库中多个文件有此序号时）/ the document, when several have the number
    #[arg(long, short, value_name = "DOCUMENT")]
    pub document: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TrackAction {
    /// 设置状态、时限或联系人 / set the status, deadline or contact
    Set {
        #[command(flatten)]
        item: ItemArgs,
        /// 状态：未启动、推进中、已落实、不适用 / the status: not_started, in_progress,
        /// done, not_applicable
        #[arg(value_name = "STATUS")]
        status: Option<String>,
        /// 时限，如 2026-12-31；none 清除 / the deadline, e.g. 2026-12-31; none clears it
        #[arg(long, value_name = "DATE")]
        deadline: Option<String>,
        /// 联系人；空字符串清除 / the contact; an empty text clears it
        #[arg(long, value_name = "TEXT")]
        contact: Option<String>,
    },
    /// 记录落实情况（不给文字时从标准输入读取）/ add a progress note (read from standard
    /// input without TEXT)
    Note {
        #[command(flatten)]
        item: ItemArgs,
        /// 内容；- 为标准输入 / the note; - reads standard input
        #[arg(value_name = "TEXT")]
        text: Option<String>,
    },
    /// 列出各事项各单位的状态 / list each reform's status per agency
    List(TrackListArgs),
    /// 一个事项的变更记录 / one item's history
    History {
        #[command(flatten)]
        item: ItemArgs,
        /// 输出格式 / output format
        #[arg(long, short, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// 导出台账（序号、改革事项、负责单位、状态、时限、最新落实情况、更新时间）/ the ledger
    /// (台账), one row per reform and agency
    Ledger(TrackListArgs),
    /// 导出本单位的报送文件 / write an agency's submission file
    Export {
        /// 报送单位 / the submitting agency
        #[arg(long, short, value_name = "AGENCY")]
        agency: String,
        /// 所在文件（默认为有该单位记录的那一个）/ the document (by default, the one with
        /// entries of the agency)
        #[arg(long, short, value_name = "DOCUMENT")]
        document: Option<String>,
        /// 报送文件 (JSON) / the submission file to write
        #[arg(long, value_name = "FILE")]
        submission: PathBuf,
    },
    /// 汇总报送文件：每项以最新的修改为准，列出全部冲突 / merge submission files: each
    /// field takes its newest change, and every conflict is listed
    Import {
        /// 报送文件 / submission files
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct TrackListArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// 状态（可重复）：未启动、推进中、已落实、不适用 / only this status (repeat for any
    /// of several)
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,
    /// 只列已逾期的 / only items past their deadline and not done
    #[arg(long)]
    pub overdue: bool,
    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: crate::track::ledger::LedgerFormat,
    /// 写入文件而非标准输出 / write to this file instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of the hidden `serve-clipboard`.
#[derive(Debug, Args)]
pub struct ServeClipboardArgs {
    /// Standard input holds an HTML table, a NUL, then the text, and both are served.
    #[arg(long)]
    pub html: bool,
}

/// `reforms library`: the documents of the library, or removing one.
#[derive(Debug, Args)]
pub struct LibraryArgs {
    #[command(subcommand)]
    pub action: Option<LibraryAction>,
}

#[derive(Debug, Subcommand)]
pub enum LibraryAction {
    /// 列出库中的文件（默认）/ list the documents (the default)
    List,
    /// 从库中删除一个文件 / remove a document from the library
    Remove {
        /// 文件名称（见 reforms library）/ the document's name, as `reforms library` lists it
        name: String,
    },
}

const COMPLETIONS_EXAMPLES: &str = "\
示例 / Examples:
  reforms completions bash > ~/.local/share/bash-completion/completions/reforms
  reforms completions zsh > ~/.zfunc/_reforms
  reforms completions fish > ~/.config/fish/completions/reforms.fish";

const MAN_EXAMPLES: &str = "\
示例 / Examples:
  reforms man > ~/.local/share/man/man1/reforms.1 && man reforms
  reforms man | man -l -";

/// `reforms config`: the file's place, its documented default, or a check of a file.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ConfigArgs {
    /// 输出带注释的默认配置 / print the default configuration, every setting commented
    #[arg(long)]
    pub print_default: bool,
    /// 输出配置文件的位置 / print where the configuration file is looked for
    #[arg(long)]
    pub path: bool,
    /// 检查配置文件（默认为所用的那个）/ validate a configuration file (by default, the
    /// one in use); exit status 2 when it has problems
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub check: Option<Option<PathBuf>>,
}

pub const CONFIG_EXAMPLES: &str = "\
示例 / Examples:
  reforms config --print-default > ~/.config/reforms/config.toml
  reforms config --path           配置文件位置 / where the file is looked for
  reforms config --check          检查所用的配置文件 / validate the file in use
  reforms config --check my.toml";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// 目标 shell / the shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Output,
    /// 写入文件而非标准输出（docx、xlsx 输出到终端时必须给出）/ write to this file
    /// instead of standard output (needed for docx and xlsx when it is a terminal)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Which reforms `list`, `stats` and `show` take, as the browser's search line, agency pane
/// and scope choose them.
#[derive(Debug, Args)]
pub struct SelectionArgs {
    /// 负责单位（可重复，满足任一即可）/ an agency (repeat for any of several)
    #[arg(long, short, value_name = "AGENCY", group = "agency_names")]
    pub agency: Vec<String>,
    /// 牵头单位：只列该单位牵头的事项（可重复；同交互界面的 l）/ a lead agency (牵头单位):
    /// only the reforms it leads (repeat for any of several; the browser's l)
    #[arg(
        long,
        short = 'l',
        value_name = "AGENCY",
        group = "agency_names",
        conflicts_with = "agency"
    )]
    pub lead: Vec<String>,
    /// 须同时由所有 --agency（或 --lead）单位负责（同交互界面的 m）/ reforms of all the
    /// --agency (or --lead) agencies, not any of them (the browser's m)
    #[arg(long, requires = "agency_names")]
    pub all_agencies: bool,
    /// 文件（可重复）：库中的某一批，名称或标题 / a document of the library, by name or
    /// title (repeat for any of several)
    #[arg(long, short, value_name = "DOCUMENT")]
    pub document: Vec<String>,
    /// 推广范围，如 全市、京津冀 / a scope such as 全市 or 京津冀
    #[arg(long, short, value_name = "SCOPE")]
    pub scope: Option<String>,
    /// 检索，按相关度排序（fzf 扩展语法：'精确 ^开头 结尾$ !排除 甲 | 乙，拼音如 sjkj）
    /// / search, best match first (fzf's extended syntax; pinyin such as sjkj)
    #[arg(long, short, value_name = "QUERY")]
    pub query: Option<String>,
}

impl SelectionArgs {
    /// The selection these options say.
    pub fn selection(&self) -> Selection {
        Selection {
            query: self.query.clone().unwrap_or_default(),
            agencies: if self.lead.is_empty() {
                self.agency.clone()
            } else {
                self.lead.clone()
            },
            agency_match: if self.all_agencies {
                AgencyMatch::All
            } else {
                AgencyMatch::Any
            },
            scope: self.scope.clone(),
            role: if self.lead.is_empty() {
                AgencyRole::Any
            } else {
                AgencyRole::Lead
            },
            documents: self.document.clone(),
        }
    }

    /// The selection with its agencies and scope as the catalog spells them: a unique part
    /// of a name, or its pinyin, stands for the name (`--agency 海关`, `--agency tjhg`); an
    /// unknown or ambiguous one is an error naming the candidates.
    pub fn resolved(&self, catalog: &Catalog) -> Result<Selection, CliError> {
        let mut selection = self.selection();
        selection.resolve(catalog)?;
        Ok(selection)
    }

    /// The reforms selected, in the order the browser would show them; an unknown agency or
    /// scope is an error naming the nearest known ones.
    pub fn select<'a>(&self, catalog: &'a Catalog) -> Result<Vec<&'a Reform>, CliError> {
        let selection = self.resolved(catalog)?;
        Ok(selection
            .shown(catalog)
            .reforms
            .into_iter()
            .map(|i| &catalog.reforms[i])
            .collect())
    }
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// 序号；不给序号时显示所选的全部事项 / reform numbers; without them, every reform
    /// the selection options choose
    #[arg(value_name = "N")]
    pub numbers: Vec<u32>,
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// 输出格式 [默认: text] / output format [default: text]
    #[arg(long, short, value_enum, conflicts_with = "width")]
    pub format: Option<Format>,
    /// 按此宽度（终端列数）排版，同交互界面的详情栏 / lay out to this many terminal
    /// columns, as the browser's detail pane does
    #[arg(long, short, value_name = "W", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// 序号 / the reform's number
    #[arg(value_name = "N")]
    pub number: u32,
    /// 所在文件（库中两个文件都有此序号时）/ the document it is in, when two documents
    /// of the library have the number
    #[arg(long, short, value_name = "DOCUMENT")]
    pub document: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ListFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct AgenciesArgs {
    /// 只计这些文件（可重复）/ count only these documents (repeat for several)
    #[arg(long, short, value_name = "DOCUMENT")]
    pub document: Vec<String>,
    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// 输出格式 / output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要检查的数据文件 / the dataset file to validate
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Word (.docx)、Excel (.xlsx .xls .ods)、CSV/TSV 或网页 (.html)；- 为标准输入 / a Word
    /// document, workbook, CSV/TSV file or web page; - reads standard input
    pub file: PathBuf,
    /// 文件标题（默认取表格上方的标题）/ the document's title, instead of the heading found
    /// above the table
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// 写入文件而非标准输出 / write to this file instead of standard output
    #[arg(long, short, value_name = "OUT", conflicts_with = "into_library")]
    pub output: Option<PathBuf>,
    /// 加入文件库 / add the document to the library
    #[arg(long)]
    pub into_library: bool,
    /// 在文件库中的名称（默认取标题）/ its name in the library (by default, from its title)
    #[arg(long, value_name = "NAME", requires = "into_library")]
    pub name: Option<String>,
    /// 记入 [document] 的来源说明（默认为表格文件名）/ where the batch comes from
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(args: &[&str]) -> Vec<u32> {
        let Some(Command::List(list)) = Cli::try_parse_from(args).unwrap().command else {
            unreachable!()
        };
        let catalog = Catalog::embedded().unwrap();
        let reforms = list.selection.select(&catalog).unwrap();
        reforms.iter().map(|r| r.number).collect()
    }

    #[test]
    fn list_by_agency_and_scope() {
        assert_eq!(
            listed(&["reforms", "list", "--agency", "天津海关"]),
            vec![19, 20, 35, 39]
        );
        assert_eq!(listed(&["reforms", "list", "-s", "京津冀"]).len(), 3);
        let any = listed(&["reforms", "list", "-a", "天津海关", "-a", "市商务局"]);
        let all = listed(&[
            "reforms",
            "list",
            "-a",
            "天津海关",
            "-a",
            "市商务局",
            "--all-agencies",
        ]);
        assert!(!all.is_empty() && all.len() < any.len());
        assert!(Cli::try_parse_from(["reforms", "list", "--all-agencies"]).is_err());
    }

    #[test]
    fn given_reads_only_what_the_command_line_set() {
        use clap::FromArgMatches;
        let matches = Cli::command()
            .try_get_matches_from(["reforms", "--lang", "en"])
            .unwrap();
        assert!(Cli::from_arg_matches(&matches).is_ok());
        let given = crate::tui::config::Given::from_matches(&matches);
        assert_eq!(given.lang, Some(Lang::En));
        assert_eq!(given.osc52_max, None);
    }
}
