//! The command line: clap definitions and the non-interactive subcommands.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::clipboard::ClipboardError;
use crate::core::catalog::{Catalog, Reform};
use crate::core::diagnostic::LoadError;
use crate::core::library::{self, Library, LibraryError};
use crate::core::safe;
use crate::core::selection::{AgencyMatch, AgencyRole, Selection, UnknownName};
use crate::core::stats::Overview;
use crate::detail::{self, DetailHighlights};
use crate::documents::export::{self, Format, Output};
use crate::documents::import;
use crate::documents::report;
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

/// `reforms library`: the documents of the library, or removing one.
/// Arguments of the hidden `serve-clipboard`.
#[derive(Debug, Args)]
pub struct ServeClipboardArgs {
    /// Standard input holds an HTML table, a NUL, then the text, and both are served.
    #[arg(long)]
    pub html: bool,
}

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

/// Why a subcommand failed, and so which exit status it gets.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input: a dataset, a table, an agency, a number. Exit status 2.
    #[error("{0}")]
    Input(String),
    #[error("{}", .0.render())]
    Load(#[from] LoadError),
    #[error("{0}")]
    Unknown(Box<UnknownName>),
    #[error("{0}")]
    Clipboard(#[from] ClipboardError),
    #[error("{0}")]
    Library(#[from] LibraryError),
    #[error("{0}")]
    Track(#[from] crate::track::TrackError),
    /// Writing the output failed. Exit status 1.
    #[error("{}", output_failed(.0))]
    Output(#[from] io::Error),
}

fn output_failed(e: &io::Error) -> String {
    crate::say!(
        "cannot write to standard output: {e}",
        "无法写入标准输出: {e}"
    )
}

/// How messages name standard input, read for `-`.
fn standard_input() -> String {
    crate::say!("standard input", "标准输入")
}

/// A file the command line could not write.
fn cannot_write(path: &Path, e: &io::Error) -> CliError {
    let path = path.display();
    CliError::Input(crate::say!(
        "{path}: cannot write: {e}",
        "{path}: 无法写入: {e}"
    ))
}

impl From<UnknownName> for CliError {
    fn from(e: UnknownName) -> CliError {
        CliError::Unknown(Box::new(e))
    }
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_)
            | CliError::Load(_)
            | CliError::Unknown(_)
            | CliError::Library(_)
            | CliError::Track(_) => 2,
            CliError::Clipboard(_) | CliError::Output(_) => 1,
        }
    }
}

/// Runs a subcommand, writing its output to `out` and notes to `err`.
pub fn run(
    cli: &Cli,
    command: &Command,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        Command::List(args) => {
            if args.format.is_binary() && args.output.is_none() && io::stdout().is_terminal() {
                return Err(CliError::Input(crate::say!(
                    "a .{0} file is not for the terminal: write it with -o, e.g. `reforms list --format {0} -o 改革事项.{0}`, or pipe it",
                    ".{0} 文件不能输出到终端: 请用 -o 写入文件, 如 `reforms list --format {0} -o 改革事项.{0}`, 或用管道",
                    args.format.extension()
                )));
            }
            let catalog = load(cli)?;
            let reforms = args.selection.select(&catalog)?;
            let source = catalog.shared_document(&reforms);
            // A text format to standard output is written as it is made.
            if let (None, Some(format)) = (&args.output, args.format.text_format()) {
                export::stream(format, &reforms, source, out)?;
                return Ok(());
            }
            let about = report::About::today(described(&args.selection.resolved(&catalog)?));
            let document = catalog.report_document(&reforms);
            let bytes = export::write(args.format, &document, source, &reforms, &about)
                .map_err(|e| CliError::Input(e.to_string()))?;
            match &args.output {
                Some(path) => {
                    crate::core::files::write_atomic(path, &bytes)
                        .map_err(|e| cannot_write(path, &e))?;
                    writeln!(
                        err,
                        "{}",
                        safe::one_line(&crate::say!(
                            "{}: {} reforms written",
                            "{}: 已写入 {} 项改革事项",
                            path.display(),
                            reforms.len()
                        ))
                    )?;
                }
                None => out.write_all(&bytes)?,
            }
        }
        Command::Show(args) => {
            let catalog = load(cli)?;
            let reforms = shown_by(&catalog, args)?;
            match show_width(args) {
                Some(width) => out.write_all(safe::safe(&laid_out(&reforms, width)).as_bytes())?,
                None => {
                    let format = args.format.unwrap_or_default();
                    out.write_all(
                        export::render(format, &reforms, catalog.shared_document(&reforms))
                            .as_bytes(),
                    )?
                }
            }
        }
        // The browser's own: the binary runs them with the browser's configuration.
        Command::Open(_) | Command::Config(_) => {
            return Err(CliError::Input(crate::say!(
                "`reforms open` and `reforms config` belong to the interactive browser",
                "`reforms open` 和 `reforms config` 属于交互界面"
            )));
        }
        Command::Agencies(args) => {
            let catalog = load(cli)?;
            let selection = Selection {
                documents: args.document.clone(),
                ..Selection::default()
            };
            selection.check(&catalog)?;
            let overview = Overview::of(
                &catalog,
                selection
                    .shown(&catalog)
                    .reforms
                    .iter()
                    .map(|&i| &catalog.reforms[i]),
            );
            out.write_all(safe::safe_json(&agencies(&overview, args.format)).as_bytes())?;
        }
        Command::Library(args) => {
            let library = Library::standard().ok_or(LibraryError::NoFolder)?;
            match &args.action {
                None | Some(LibraryAction::List) => {
                    out.write_all(safe::safe(&library_listing(&library)?).as_bytes())?
                }
                Some(LibraryAction::Remove { name }) => {
                    let path = library.remove(name)?;
                    writeln!(
                        err,
                        "{}",
                        safe::one_line(&crate::say!(
                            "removed {name} ({})",
                            "已移除 {name} ({})",
                            path.display()
                        ))
                    )?;
                }
            }
        }
        Command::Stats(args) => {
            let catalog = load(cli)?;
            let reforms = args.selection.select(&catalog)?;
            let overview = Overview::of(&catalog, reforms.iter().copied());
            out.write_all(safe::safe_json(&stats(&overview, cli.lang, args.format)).as_bytes())?;
        }
        Command::Track(args) => track(cli, args, out, err)?,
        Command::Check(args) => {
            let catalog = Catalog::from_file(&args.file).map_err(|e| match looks_like_a_table(&args.file) {
                true => CliError::Input(crate::say!(
                    "{}\n  {} looks like a table, not a dataset: `reforms import {}` turns it into one",
                    "{}\n  {} 像是表格而不是数据集: 用 `reforms import {}` 转换",
                    e.render(),
                    safe::one_line(&args.file.display().to_string()),
                    safe::one_line(&args.file.display().to_string()),
                )),
                false => CliError::Load(e),
            })?;
            writeln!(out, "{}", safe::one_line(&summary(&args.file, &catalog)))?;
        }
        Command::Completions(args) => {
            let mut command = Cli::command();
            clap_complete::generate(args.shell, &mut command, "reforms", out);
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(out)?;
        }
        Command::ServeClipboard(args) => {
            let mut input = String::new();
            io::Read::read_to_string(&mut io::stdin(), &mut input)?;
            let (text, html) = match args.html {
                true => crate::clipboard::split_served(&input),
                false => (input.as_str(), None),
            };
            crate::clipboard::serve_desktop(text, html)?;
        }
        Command::Import(args) => {
            let given = import::Given {
                title: args.title.clone(),
                source: args.source.clone(),
            };
            let imported = import_file(&args.file, &given)?;
            let name = if args.file == Path::new("-") {
                standard_input()
            } else {
                args.file.display().to_string()
            };
            for skipped in &imported.skipped {
                writeln!(
                    err,
                    "{}",
                    safe::one_line(&crate::say!(
                        "{name}: skipped {skipped}",
                        "{name}: 跳过 {skipped}"
                    ))
                )?;
            }
            let mut added = None;
            match &args.output {
                Some(path) => {
                    crate::core::files::write_atomic(path, imported.toml.as_bytes())
                        .map_err(|e| cannot_write(path, &e))?;
                }
                None if args.into_library => {
                    let library = Library::standard().ok_or(LibraryError::NoFolder)?;
                    let entry = args
                        .name
                        .clone()
                        .unwrap_or_else(|| library::name_for(&imported.document.title));
                    added = Some((entry.clone(), library.add(&entry, &imported.toml)?));
                }
                None => out.write_all(imported.toml.as_bytes())?,
            }
            writeln!(
                err,
                "{}",
                safe::one_line(&format!("{name}: {}", imported.summary()))
            )?;
            if let Some((entry, path)) = added {
                writeln!(
                    err,
                    "{}",
                    safe::one_line(&crate::say!(
                        "{name}: added to the library as {entry} ({}); see it with `reforms list --document {entry}`",
                        "{name}: 已加入文件库, 名为 {entry} ({}); 用 `reforms list --document {entry}` 查看",
                        path.display()
                    ))
                )?;
            }
            writeln!(
                err,
                "{}",
                safe::one_line(&format!("{name}: {}", imported.facts()))
            )?;
        }
    }
    Ok(())
}

/// The tracking database the command line uses: `--track-db`, else the one in the data
/// folder.
pub fn open_track(cli: &Cli) -> Result<crate::track::SqliteLedger, CliError> {
    let path = match &cli.track_db {
        Some(path) => path.clone(),
        None => crate::track::sqlite::standard_path().ok_or_else(|| {
            CliError::Input(crate::say!(
                "no place for the tracking database: set HOME or XDG_DATA_HOME, or give --track-db FILE",
                "无处存放落实台账数据库: 请设置 HOME 或 XDG_DATA_HOME, 或用 --track-db FILE 指定"
            ))
        })?,
    };
    Ok(crate::track::SqliteLedger::open(&path)?)
}

/// The statuses `--status` names; an unknown one is an error listing them.
fn statuses(names: &[String], lang: Lang) -> Result<Vec<crate::track::Status>, CliError> {
    use crate::track::Status;
    names
        .iter()
        .map(|name| {
            Status::parse(name).ok_or_else(|| {
                let known: Vec<String> = Status::ALL
                    .iter()
                    .map(|s| format!("{} ({})", s.label(lang), s.code()))
                    .collect();
                CliError::Input(crate::say!(
                    "{name:?} is not a status; the statuses are: {}",
                    "“{name}” 不是落实状态; 状态有: {}",
                    known.join(", ")
                ))
            })
        })
        .collect()
}

/// Writes output bytes to `-o FILE` (saying so on `err`) or to `out`.
fn deliver(
    bytes: &[u8],
    output: Option<&Path>,
    count: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    match output {
        Some(path) => {
            crate::core::files::write_atomic(path, bytes).map_err(|e| cannot_write(path, &e))?;
            writeln!(
                err,
                "{}",
                safe::one_line(&crate::say!(
                    "{}: {count} rows written",
                    "{}: 已写入 {count} 行",
                    path.display()
                ))
            )?;
        }
        None => out.write_all(bytes)?,
    }
    Ok(())
}

/// `reforms track`.
fn track(
    cli: &Cli,
    args: &TrackArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::track::ledger::{self, Heading};
    use crate::track::{Ledger, record, submission};
    let author = args
        .author
        .clone()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(record::default_author);
    if author.chars().any(safe::is_forbidden) {
        return Err(CliError::Input(crate::say!(
            "the author's name holds a control character",
            "填报人姓名含有控制字符"
        )));
    }
    let lang = cli.lang;
    let locate = |catalog: &Catalog, item: &ItemArgs| {
        ledger::locate(
            catalog,
            item.document.as_deref(),
            item.number,
            item.agency.as_deref(),
        )
        .map_err(CliError::Input)
    };
    let describe = |key: &crate::track::ItemKey| {
        safe::one_line(&format!("{} {} {}", key.document, key.number, key.agency))
    };
    match &args.action {
        TrackAction::Set {
            item,
            status,
            deadline,
            contact,
        } => {
            if status.is_none() && deadline.is_none() && contact.is_none() {
                return Err(CliError::Input(crate::say!(
                    "say what to set: a status (未启动, 推进中, 已落实, 不适用), --deadline or --contact",
                    "请说明要设置什么: 状态 (未启动, 推进中, 已落实, 不适用), --deadline 或 --contact"
                )));
            }
            let catalog = load(cli)?;
            let (_, key) = locate(&catalog, item)?;
            let status = status
                .as_ref()
                .map(|s| statuses(std::slice::from_ref(s), lang).map(|v| v[0]))
                .transpose()?;
            let deadline = match deadline.as_deref().map(str::trim) {
                None => None,
                Some("" | "none" | "无") => Some(None),
                Some(text) => Some(Some(record::parse_date(text).ok_or_else(|| {
                    CliError::Input(crate::say!(
                        "{text:?} is not a date; write it as 2026-12-31",
                        "“{text}” 不是日期; 请写成 2026-12-31"
                    ))
                })?)),
            };
            let mut db = open_track(cli)?;
            let mut changes = Vec::new();
            if let Some(status) = status {
                changes.extend(db.set_status(&key, status, &author)?);
            }
            if let Some(deadline) = deadline {
                changes.extend(db.set_deadline(&key, deadline, &author)?);
            }
            if let Some(contact) = contact {
                changes.extend(db.set_contact(&key, Some(contact.as_str()), &author)?);
            }
            let said = if changes.is_empty() {
                crate::say!("{}: unchanged", "{}: 无变化", describe(&key))
            } else {
                let what: Vec<String> = changes.iter().map(|c| change_text(c, lang)).collect();
                format!("{}: {}", describe(&key), what.join("; "))
            };
            writeln!(err, "{}", safe::one_line(&said))?;
        }
        TrackAction::Note { item, text } => {
            let catalog = load(cli)?;
            let (_, key) = locate(&catalog, item)?;
            let text = match text.as_deref() {
                Some("-") | None => {
                    let bytes = crate::core::diagnostic::read_all(&standard_input(), io::stdin())?;
                    String::from_utf8(bytes).map_err(|_| {
                        CliError::Input(crate::say!(
                            "standard input: the note is not UTF-8 text",
                            "标准输入: 备注不是 UTF-8 文本"
                        ))
                    })?
                }
                Some(text) => text.to_string(),
            };
            let text = text.replace("\r\n", "\n");
            let mut db = open_track(cli)?;
            let note = db.add_note(&key, &text, &author)?;
            writeln!(
                err,
                "{}",
                safe::one_line(&crate::say!(
                    "{}: note added at {}",
                    "{}: 已于 {} 添加备注",
                    describe(&key),
                    record::local_time(&note.time)
                ))
            )?;
        }
        TrackAction::History { item, format } => {
            let catalog = load(cli)?;
            let (_, key) = locate(&catalog, item)?;
            let db = open_track(cli)?;
            let history = db.history(&key)?;
            match format {
                ListFormat::Json => {
                    let mut text =
                        serde_json::to_string_pretty(&history).unwrap_or_else(|_| "[]".into());
                    text.push('\n');
                    out.write_all(safe::safe_json(&text).as_bytes())?;
                }
                ListFormat::Text => {
                    let mut text = String::new();
                    for change in &history {
                        text.push_str(&format!(
                            "{}  {}  {}\n",
                            record::local_time(&change.time),
                            change.author,
                            change_text(change, lang).replace('\n', "\n    ")
                        ));
                    }
                    out.write_all(safe::safe(&text).as_bytes())?;
                }
            }
        }
        TrackAction::List(list) | TrackAction::Ledger(list) => {
            let is_ledger = matches!(args.action, TrackAction::Ledger(_));
            if list.format.is_binary() && list.output.is_none() && io::stdout().is_terminal() {
                return Err(CliError::Input(crate::say!(
                    "a .{0} file is not for the terminal: write it with -o, e.g. `reforms track ledger --format {0} -o 台账.{0}`",
                    ".{0} 文件不能输出到终端: 请用 -o 写入文件, 如 `reforms track ledger --format {0} -o 台账.{0}`",
                    list.format.extension()
                )));
            }
            let catalog = load(cli)?;
            let selection = list.selection.selection();
            selection.check(&catalog)?;
            let wanted = statuses(&list.status, lang)?;
            let db = open_track(cli)?;
            let entries = db.entries(None, None)?;
            let keyed = ledger::by_key(&entries);
            let positions = selection.shown(&catalog).reforms;
            let today = chrono::Local::now().date_naive();
            let mut rows = ledger::rows(&catalog, &positions, &keyed, &selection.agencies, &wanted);
            if list.overdue {
                rows.retain(|r| r.is_overdue(today));
            }
            let about = report::About::today(described(&selection));
            let heading = Heading {
                title: format!("{}落实情况台账", catalog.document.title),
                note: format!(
                    "{}共 {} 条　{}",
                    about
                        .selection
                        .map(|s| format!("筛选：{s}　"))
                        .unwrap_or_default(),
                    rows.len(),
                    about.generated
                ),
            };
            let bytes = ledger::write(list.format, &rows, lang, today, is_ledger, &heading)
                .map_err(|e| CliError::Input(e.to_string()))?;
            deliver(&bytes, list.output.as_deref(), rows.len(), out, err)?;
        }
        TrackAction::Export {
            agency,
            document,
            submission: path,
        } => {
            let catalog = load(cli)?;
            let db = open_track(cli)?;
            let batch = match document {
                Some(name) => catalog.batch_index(name).ok_or_else(|| {
                    CliError::Input(crate::say!(
                        "no document {name:?} here; see `reforms library`",
                        "没有名为 “{name}” 的文件; 见 `reforms library`"
                    ))
                })?,
                None => {
                    let entries = db.entries(None, Some(agency))?;
                    let mut names: Vec<&str> =
                        entries.iter().map(|e| e.document.as_str()).collect();
                    names.dedup();
                    match names[..] {
                        [] => 0,
                        [one] => catalog.batch_index(one).unwrap_or(0),
                        _ => {
                            return Err(CliError::Input(crate::say!(
                                "{agency} has entries in several documents: {}; choose one with --document",
                                "{agency} 在多个文件中有记录: {}; 请用 --document 选择一个",
                                names.join(", ")
                            )));
                        }
                    }
                }
            };
            let b = &catalog.batches()[batch];
            let responsible = b
                .reforms
                .clone()
                .any(|i| catalog.reforms[i].agencies.iter().any(|a| a == agency));
            if !responsible {
                return Err(CliError::Input(crate::say!(
                    "{agency} is responsible for no reform of {}; see `reforms agencies`",
                    "{agency} 不负责 {} 中的任何改革事项; 见 `reforms agencies`",
                    b.name
                )));
            }
            let made = submission::build(&db, &catalog, batch, agency, &author)?;
            let text = submission::to_json(&made);
            crate::core::files::write_atomic(path, text.as_bytes())
                .map_err(|e| cannot_write(path, &e))?;
            writeln!(
                err,
                "{}",
                safe::one_line(&crate::say!(
                    "{}: {} entries of {agency} for {} written",
                    "{0}: 已写入 {agency} 在 {2} 中的 {1} 条记录",
                    path.display(),
                    made.entries.len(),
                    b.name
                ))
            )?;
        }
        TrackAction::Import { files } => {
            let catalog = load(cli)?;
            // Every file is read and checked before anything is merged.
            let mut read = Vec::new();
            for path in files {
                let bytes = crate::core::diagnostic::read_bytes(path)?;
                let name = path.display().to_string();
                let (sub, incoming) = submission::read(&name, bytes, &catalog)?;
                read.push((name, sub, incoming));
            }
            let mut db = open_track(cli)?;
            for (name, sub, incoming) in read {
                let report = db.merge(&incoming)?;
                for conflict in &report.conflicts {
                    let show = |c: &crate::track::Change| {
                        let value = value_text(&c.field, c.to.as_deref(), lang);
                        format!("{value} ({} {})", record::local_time(&c.time), c.author)
                    };
                    let key = describe(&conflict.key);
                    let field = conflict.field.label(lang);
                    let (ours, theirs) = (show(&conflict.ours), show(&conflict.theirs));
                    let line = match (conflict.taken, crate::core::say::messages()) {
                        (true, Lang::En) => format!(
                            "{name}: conflict: {key} {field}: here {ours}, submitted {theirs}; kept the submitted (newer)"
                        ),
                        (false, Lang::En) => format!(
                            "{name}: conflict: {key} {field}: here {ours}, submitted {theirs}; kept this one (newer)"
                        ),
                        (true, Lang::Zh) => format!(
                            "{name}: 冲突: {key} {field}: 本地 {ours}, 报送 {theirs}; 保留报送的 (较新)"
                        ),
                        (false, Lang::Zh) => format!(
                            "{name}: 冲突: {key} {field}: 本地 {ours}, 报送 {theirs}; 保留本地的 (较新)"
                        ),
                    };
                    writeln!(out, "{}", safe::one_line(&line))?;
                }
                writeln!(
                    err,
                    "{}",
                    safe::one_line(&crate::say!(
                        "{name}: {} of {} by {}: {} entries; {} new items, {} new changes, {} fields updated, {} changes already here, {} conflicts",
                        "{name}: {} 的 {} 由 {} 报送: {} 条记录; 新事项 {}, 新变更 {}, 更新字段 {}, 已有变更 {}, 冲突 {}",
                        sub.agency,
                        sub.document.name,
                        sub.author,
                        incoming.len(),
                        report.new_items,
                        report.new_changes,
                        report.updated_fields,
                        report.known_changes,
                        report.conflicts.len()
                    ))
                )?;
            }
        }
    }
    Ok(())
}

/// A value of a field as a user reads it: a status by its label, no value as `-`.
fn value_text(field: &str, value: Option<&str>, lang: Lang) -> String {
    match (field, value) {
        (_, None) => "-".into(),
        ("status", Some(code)) => crate::track::Status::from_code(code)
            .map_or(code.to_string(), |s| s.label(lang).to_string()),
        (_, Some(text)) => text.to_string(),
    }
}

/// A change in a line: `状态 未启动 → 推进中`, `落实情况 + …`.
fn change_text(change: &crate::track::Change, lang: Lang) -> String {
    let label = crate::track::Field::from_code(&change.field)
        .map_or(change.field.as_str(), |f| f.label(lang));
    if change.field == "note" {
        format!("{label} + {}", change.to.as_deref().unwrap_or(""))
    } else {
        format!(
            "{label} {} → {}",
            value_text(&change.field, change.from.as_deref(), lang),
            value_text(&change.field, change.to.as_deref(), lang)
        )
    }
}

/// A selection in a line, as a report states what it holds: the search, the agencies, the
/// scope and the documents; `None` when it holds every reform.
pub fn described(selection: &Selection) -> Option<String> {
    let mut parts = Vec::new();
    if !selection.query.trim().is_empty() {
        parts.push(format!("检索“{}”", selection.query.trim()));
    }
    if !selection.agencies.is_empty() {
        let role = match selection.role {
            AgencyRole::Lead => "牵头单位",
            AgencyRole::Any => "负责单位",
        };
        let all = match selection.agency_match {
            AgencyMatch::All if selection.agencies.len() > 1 => "（同时）",
            _ => "",
        };
        parts.push(format!("{role}{all}：{}", selection.agencies.join("、")));
    }
    if let Some(scope) = &selection.scope {
        parts.push(format!("推广范围：{scope}"));
    }
    if !selection.documents.is_empty() {
        parts.push(format!("文件：{}", selection.documents.join("、")));
    }
    (!parts.is_empty()).then(|| parts.join("；"))
}

/// Whether a file `check` could not read as a dataset is one `reforms import` reads: a Word
/// document, a workbook, a web page or a CSV/TSV file, by its extension or its first bytes
/// (a zip or an OLE container).
fn looks_like_a_table(path: &std::path::Path) -> bool {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let tables = [
        "tsv", "csv", "txt", "xlsx", "xlsm", "xls", "xlsb", "ods", "et", "docx", "doc", "wps",
        "html", "htm",
    ];
    let mut head = [0u8; 4];
    // Only a regular file is opened: opening a pipe would wait for a writer.
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let starts = regular
        && std::fs::File::open(path)
            .and_then(|mut f| io::Read::read(&mut f, &mut head))
            .is_ok_and(|n| n == 4 && (head == *b"PK\x03\x04" || head == [0xD0, 0xCF, 0x11, 0xE0]));
    tables.contains(&extension.as_str()) || starts
}

/// The width `show` lays reforms out to: `--width`, else the terminal's when standard
/// output is one; `None` for an export format.
fn show_width(args: &ShowArgs) -> Option<usize> {
    if args.format.is_some() {
        return None;
    }
    match args.width {
        Some(width) => Some(width.into()),
        None => io::stdout().is_terminal().then(terminal_width),
    }
}

/// Columns of the terminal on standard output, 80 when it cannot be asked.
pub fn terminal_width() -> usize {
    crossterm::terminal::size().map_or(80, |(columns, _)| usize::from(columns.max(1)))
}

/// Reforms laid out as the detail pane shows them, a blank line between them.
pub fn laid_out(reforms: &[&Reform], width: usize) -> String {
    let highlights = DetailHighlights::default();
    reforms
        .iter()
        .map(|reform| detail::plain_text(&detail::detail_lines(reform, width, &highlights)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Imports a file (`-` for standard input): the dataset it makes, checked as `reforms check`
/// checks a file; a file whose dataset would not load is an error, and nothing is written.
pub fn import_file(path: &Path, given: &import::Given) -> Result<import::Imported, CliError> {
    let stdin = path == Path::new("-");
    let (name, file_name, bytes) = if stdin {
        let name = standard_input();
        let bytes = crate::core::diagnostic::read_all(&name, io::stdin())?;
        (name.clone(), name, bytes)
    } else {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = crate::core::diagnostic::read_bytes(path)?;
        (path.display().to_string(), file_name, bytes)
    };
    import::import(&name, &file_name, bytes, given).map_err(|e| match e {
        import::ImportError::Load(e) => CliError::Load(e),
        other => CliError::Input(other.to_string()),
    })
}

/// The reforms with these numbers; an unknown number is an error that gives the range.
pub fn pick<'a>(catalog: &'a Catalog, numbers: &[u32]) -> Result<Vec<&'a Reform>, CliError> {
    pick_in(catalog, &[], numbers)
}

/// The reforms with these numbers in the named documents (all when none is named). A number
/// two documents share is an error that names them, for `--document` to choose.
pub fn pick_in<'a>(
    catalog: &'a Catalog,
    documents: &[String],
    numbers: &[u32],
) -> Result<Vec<&'a Reform>, CliError> {
    Ok(positions_in(catalog, documents, numbers)?
        .into_iter()
        .map(|i| &catalog.reforms[i])
        .collect())
}

/// [`pick_in`] as positions in `Catalog::reforms`.
pub fn positions_in(
    catalog: &Catalog,
    documents: &[String],
    numbers: &[u32],
) -> Result<Vec<usize>, CliError> {
    Selection {
        documents: documents.to_vec(),
        ..Selection::default()
    }
    .check(catalog)?;
    let chosen: Vec<usize> = documents
        .iter()
        .filter_map(|d| catalog.batch_index(d))
        .collect();
    let within = |i: usize| chosen.is_empty() || chosen.contains(&catalog.batch_of(i));
    numbers
        .iter()
        .map(|&n| {
            let found: Vec<usize> = (0..catalog.reforms.len())
                .filter(|&i| catalog.reforms[i].number == n && within(i))
                .collect();
            match found[..] {
                [one] => Ok(one),
                [] => {
                    let numbers = (0..catalog.reforms.len())
                        .filter(|&i| within(i))
                        .map(|i| catalog.reforms[i].number);
                    let first = numbers.clone().min().unwrap_or(0);
                    let last = numbers.max().unwrap_or(0);
                    Err(CliError::Input(crate::say!(
                        "no reform numbered {n} in {}; the numbers run from {first} to {last}",
                        "{} 中没有序号为 {n} 的改革事项; 序号从 {first} 到 {last}",
                        catalog.source_name()
                    )))
                }
                _ => {
                    let names: Vec<&str> = found
                        .iter()
                        .map(|&i| catalog.batches()[catalog.batch_of(i)].name.as_str())
                        .collect();
                    Err(CliError::Input(crate::core::catalog::in_several_documents(
                        n, &names,
                    )))
                }
            }
        })
        .collect()
}

/// The reforms `show` prints: those numbered, in the order given, or those the selection
/// options choose.
fn shown_by<'a>(catalog: &'a Catalog, args: &ShowArgs) -> Result<Vec<&'a Reform>, CliError> {
    let selection = args.selection.selection();
    // --document says where numbers are looked up; the other options choose reforms.
    let narrows = !Selection {
        documents: Vec::new(),
        ..selection.clone()
    }
    .is_empty();
    match (args.numbers.is_empty(), narrows) {
        (false, false) => {
            args.selection.resolved(catalog)?;
            pick_in(catalog, &selection.documents, &args.numbers)
        }
        (true, true) => args.selection.select(catalog),
        (true, false) if !selection.documents.is_empty() => args.selection.select(catalog),
        (true, false) => Err(CliError::Input(crate::say!(
            "give reform numbers, or choose reforms with --query, --agency or --scope",
            "请给出序号, 或用 --query, --agency 或 --scope 选择改革事项"
        ))),
        (false, true) => Err(CliError::Input(crate::say!(
            "give either reform numbers or --query, --agency and --scope, not both",
            "序号与 --query, --agency, --scope 只能二选一"
        ))),
    }
}

/// The catalog of the command line: the `--data` files, else the embedded batch and the
/// library.
pub fn load(cli: &Cli) -> Result<Catalog, CliError> {
    Ok(library::load(&cli.data, Library::standard().as_ref())?)
}

/// `reforms library`: each document with its name, reforms, title, 文号 and date; the
/// embedded batch first, then the folder.
fn library_listing(library: &Library) -> Result<String, CliError> {
    let describe = |name: &str, catalog: &Catalog| {
        let d = &catalog.document;
        let mut about = d.title.clone();
        for value in [&d.number, &d.date].into_iter().flatten() {
            about.push_str(&format!("  {value}"));
        }
        (name.to_string(), catalog.reforms.len().to_string(), about)
    };
    let mut rows: Vec<(String, String, String)> = vec![describe("embedded", &Catalog::embedded()?)];
    for entry in library.entries()? {
        match Catalog::from_file(&entry.path) {
            Ok(catalog) => rows.push(describe(&entry.name, &catalog)),
            Err(e) => rows.push((
                entry.name.clone(),
                "-".into(),
                crate::say!(
                    "cannot be read: {}",
                    "无法读取: {}",
                    e.to_string().lines().next().unwrap_or("")
                ),
            )),
        }
    }
    let name_width = rows
        .iter()
        .map(|r| crate::core::text::str_width(&r.0))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (name, count, about) in rows {
        let pad = name_width - crate::core::text::str_width(&name);
        out.push_str(&format!("{name}{}  {count:>4}  {about}\n", " ".repeat(pad)));
    }
    out.push_str(&format!("({})\n", library.dir().display()));
    Ok(out)
}

fn agencies(overview: &Overview, format: ListFormat) -> String {
    match format {
        ListFormat::Text => {
            let width = overview
                .agencies
                .first()
                .map_or(1, |a| a.count.to_string().len());
            overview
                .agencies
                .iter()
                .map(|a| format!("{:>width$}  {}\n", a.count, a.name))
                .collect()
        }
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = overview
                .agencies
                .iter()
                .map(|a| serde_json::json!({ "name": a.name, "count": a.count }))
                .collect();
            let mut out = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
            out.push('\n');
            out
        }
    }
}

fn stats(overview: &Overview, lang: Lang, format: ListFormat) -> String {
    match format {
        ListFormat::Text => {
            let labels = lang.labels();
            overview.to_text(
                labels.overview_total,
                labels.agencies,
                labels.overview_scopes,
            )
        }
        ListFormat::Json => {
            let mut out =
                serde_json::to_string_pretty(&overview.to_json()).unwrap_or_else(|_| "{}".into());
            out.push('\n');
            out
        }
    }
}

/// The most scopes `check` names; the rest are counted.
const SUMMARY_SCOPES: usize = 10;

fn summary(path: &Path, catalog: &Catalog) -> String {
    let all = catalog.scopes();
    let mut scopes: Vec<String> = all
        .iter()
        .take(SUMMARY_SCOPES)
        .map(|s| format!("{} {}", s.name, s.count))
        .collect();
    if all.len() > SUMMARY_SCOPES {
        scopes.push(crate::say!(
            "{} more",
            "另有 {} 个",
            all.len() - SUMMARY_SCOPES
        ));
    }
    crate::say!(
        "{}: ok: {} ({} reforms, {} agencies; scopes: {})",
        "{}: 通过: {} ({} 项改革事项, {} 个单位; 推广范围: {})",
        path.display(),
        catalog.document.title,
        catalog.reforms.len(),
        catalog.agencies().len(),
        scopes.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(args: &[&str]) -> Vec<u32> {
        let cli = Cli::try_parse_from(args).unwrap();
        let catalog = Catalog::embedded().unwrap();
        match cli.command {
            Some(Command::List(list)) => list.selection.select(&catalog),
            Some(Command::Show(show)) => shown_by(&catalog, &show),
            _ => unreachable!(),
        }
        .unwrap()
        .iter()
        .map(|r| r.number)
        .collect()
    }

    #[test]
    fn list_by_agency_and_scope() {
        assert_eq!(
            numbers(&["reforms", "list", "--agency", "天津海关"]),
            vec![19, 20, 35, 39]
        );
        assert_eq!(numbers(&["reforms", "list", "-s", "京津冀"]).len(), 3);
        let any = numbers(&["reforms", "list", "-a", "天津海关", "-a", "市商务局"]);
        let all = numbers(&[
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
    fn show_takes_numbers_or_a_selection() {
        assert_eq!(numbers(&["reforms", "show", "3", "1"]), vec![3, 1]);
        assert_eq!(numbers(&["reforms", "show", "-q", "邮轮"])[0], 20);
        let catalog = Catalog::embedded().unwrap();
        for args in [
            &["reforms", "show"][..],
            &["reforms", "show", "1", "-q", "邮轮"],
        ] {
            let Some(Command::Show(show)) = Cli::try_parse_from(args).unwrap().command else {
                unreachable!()
            };
            assert!(shown_by(&catalog, &show).is_err(), "{args:?}");
        }
    }
}
