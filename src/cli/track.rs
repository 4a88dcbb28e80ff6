//! `reforms track`: the tracked status, deadline, contact and notes of each reform and
//! agency, the ledger made of them, and the submissions that carry them between offices.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::args::{Cli, ItemArgs, ListFormat, TrackAction, TrackArgs, TrackListArgs};
use super::{CliError, catalog, deliver, open_track, standard_input, write_file};
use crate::core::catalog::Catalog;
use crate::core::safe;
use crate::core::selection::Beyond;
use crate::documents::report;
use crate::lang::Lang;
use crate::track::ledger::{self, Heading};
use crate::track::store::{Conflict, Incoming};
use crate::track::submission::{self, Submission};
use crate::track::{Change, ItemKey, Ledger, MergeReport, Status, record};

/// `reforms track`: one function per action, each with the author checked first.
pub(super) fn track(
    cli: &Cli,
    args: &TrackArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let author = author(args.author.as_deref())?;
    match &args.action {
        TrackAction::Set {
            item,
            status,
            deadline,
            contact,
        } => {
            let wanted = Wanted {
                status: status.as_deref(),
                deadline: deadline.as_deref(),
                contact: contact.as_deref(),
            };
            set(cli, &author, item, &wanted, err)
        }
        TrackAction::Note { item, text } => note(cli, &author, item, text.as_deref(), err),
        TrackAction::History { item, format } => history(cli, item, *format, out),
        TrackAction::List(list) => rows(cli, list, false, out, err),
        TrackAction::Ledger(list) => rows(cli, list, true, out, err),
        TrackAction::Export {
            agency,
            document,
            submission: path,
        } => export(cli, &author, agency, document.as_deref(), path, err),
        TrackAction::Import { files } => import(cli, files, out, err),
    }
}

/// Who makes the changes: `--author` or REFORMS_AUTHOR, else the login name.
fn author(given: Option<&str>) -> Result<String, CliError> {
    let author = given
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(record::default_author);
    if author.chars().any(safe::is_forbidden) {
        return Err(CliError::Input(crate::say!(
            "the author's name holds a control character",
            "填报人姓名含有控制字符"
        )));
    }
    Ok(author)
}

/// The tracked item the options name.
fn locate(catalog: &Catalog, item: &ItemArgs) -> Result<ItemKey, CliError> {
    let (_, key) = ledger::locate(
        catalog,
        item.document.as_deref(),
        item.number,
        item.agency.as_deref(),
    )
    .map_err(CliError::Input)?;
    Ok(key)
}

/// An item in a line: its document, number and agency.
fn describe(key: &ItemKey) -> String {
    safe::one_line(&format!("{} {} {}", key.document, key.number, key.agency))
}

/// What `reforms track set` is to change.
struct Wanted<'a> {
    status: Option<&'a str>,
    deadline: Option<&'a str>,
    contact: Option<&'a str>,
}

/// `reforms track set`: the status, deadline or contact of an item, each change said.
fn set(
    cli: &Cli,
    author: &str,
    item: &ItemArgs,
    wanted: &Wanted,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    if wanted.status.is_none() && wanted.deadline.is_none() && wanted.contact.is_none() {
        return Err(CliError::Input(crate::say!(
            "say what to set: a status (未启动, 推进中, 已落实, 不适用), --deadline or --contact",
            "请说明要设置什么: 状态 (未启动, 推进中, 已落实, 不适用), --deadline 或 --contact"
        )));
    }
    let catalog = catalog(cli)?;
    let key = locate(&catalog, item)?;
    let status = wanted.status.map(|s| status(s, cli.lang)).transpose()?;
    let deadline = wanted.deadline.map(deadline).transpose()?;
    let mut db = open_track(cli)?;
    let mut changes = Vec::new();
    if let Some(status) = status {
        changes.extend(db.set_status(&key, status, author)?);
    }
    if let Some(deadline) = deadline {
        changes.extend(db.set_deadline(&key, deadline, author)?);
    }
    if let Some(contact) = wanted.contact {
        changes.extend(db.set_contact(&key, Some(contact), author)?);
    }
    let said = if changes.is_empty() {
        crate::say!("{}: unchanged", "{}: 无变化", describe(&key))
    } else {
        let what: Vec<String> = changes.iter().map(|c| change_text(c, cli.lang)).collect();
        format!("{}: {}", describe(&key), what.join("; "))
    };
    writeln!(err, "{}", safe::one_line(&said))?;
    Ok(())
}

/// The deadline `--deadline` gives: a date, or none (`none`, `无`, nothing) to clear it.
fn deadline(text: &str) -> Result<Option<NaiveDate>, CliError> {
    match text.trim() {
        "" | "none" | "无" => Ok(None),
        text => record::parse_date(text).map(Some).ok_or_else(|| {
            CliError::Input(crate::say!(
                "{text:?} is not a date; write it as 2026-12-31",
                "“{text}” 不是日期; 请写成 2026-12-31"
            ))
        }),
    }
}

/// `reforms track note`: a progress note, from the command line or standard input.
fn note(
    cli: &Cli,
    author: &str,
    item: &ItemArgs,
    text: Option<&str>,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let catalog = catalog(cli)?;
    let key = locate(&catalog, item)?;
    let text = match text {
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
    let note = db.add_note(&key, &text, author)?;
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
    Ok(())
}

/// `reforms track history`: an item's changes, oldest first.
fn history(
    cli: &Cli,
    item: &ItemArgs,
    format: ListFormat,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let catalog = catalog(cli)?;
    let key = locate(&catalog, item)?;
    let db = open_track(cli)?;
    let history = db.history(&key)?;
    match format {
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(&history).unwrap_or_else(|_| "[]".into());
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
                    change_text(change, cli.lang).replace('\n', "\n    ")
                ));
            }
            out.write_all(safe::safe(&text).as_bytes())?;
        }
    }
    Ok(())
}

/// `reforms track list` and, with `is_ledger`, `reforms track ledger` (台账): a row per
/// reform and agency the options select.
fn rows(
    cli: &Cli,
    list: &TrackListArgs,
    is_ledger: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    if list.format.is_binary() && list.output.is_none() && io::stdout().is_terminal() {
        return Err(CliError::Input(crate::say!(
            "a .{0} file is not for the terminal: write it with -o, e.g. `reforms track ledger --format {0} -o 台账.{0}`",
            ".{0} 文件不能输出到终端: 请用 -o 写入文件, 如 `reforms track ledger --format {0} -o 台账.{0}`",
            list.format.extension()
        )));
    }
    let catalog = catalog(cli)?;
    let selection = list.selection.selection();
    selection.check(&catalog)?;
    let wanted = statuses(&list.status, cli.lang)?;
    let db = open_track(cli)?;
    let entries = db.entries(None, None)?;
    let keyed = ledger::by_key(&entries);
    let positions = selection.shown(&catalog).reforms;
    let today = chrono::Local::now().date_naive();
    let mut rows = ledger::rows(&catalog, &positions, &keyed, &selection.agencies, &wanted);
    if list.overdue {
        rows.retain(|r| r.is_overdue(today));
    }
    let beyond = Beyond {
        statuses: wanted
            .iter()
            .map(|s| s.label(cli.lang).to_string())
            .collect(),
        overdue: list.overdue,
        ..Beyond::default()
    };
    let about = report::About::today(cli.lang.described(&selection.facets(&beyond)));
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
    let bytes = ledger::write(list.format, &rows, cli.lang, today, is_ledger, &heading)
        .map_err(|e| CliError::Input(e.to_string()))?;
    let count = rows.len();
    let written = |path: &Path| {
        crate::say!(
            "{}: {count} rows written",
            "{}: 已写入 {count} 行",
            path.display()
        )
    };
    deliver(&bytes, list.output.as_deref(), written, out, err)
}

/// `reforms track export`: an agency's submission file.
fn export(
    cli: &Cli,
    author: &str,
    agency: &str,
    document: Option<&str>,
    path: &Path,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let catalog = catalog(cli)?;
    let db = open_track(cli)?;
    let batch = submitted_batch(&catalog, &db, agency, document)?;
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
    let made = submission::build(&db, &catalog, batch, agency, author)?;
    write_file(path, submission::to_json(&made).as_bytes())?;
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
    Ok(())
}

/// The document an agency's submission is of: `--document`, else the one the agency has
/// entries in (the first when it has none).
fn submitted_batch(
    catalog: &Catalog,
    db: &dyn Ledger,
    agency: &str,
    document: Option<&str>,
) -> Result<usize, CliError> {
    if let Some(name) = document {
        return catalog.batch_index(name).ok_or_else(|| {
            CliError::Input(crate::say!(
                "no document {name:?} here; see `reforms library`",
                "没有名为 “{name}” 的文件; 见 `reforms library`"
            ))
        });
    }
    let entries = db.entries(None, Some(agency))?;
    let mut names: Vec<&str> = entries.iter().map(|e| e.document.as_str()).collect();
    names.dedup();
    match names[..] {
        [] => Ok(0),
        [one] => Ok(catalog.batch_index(one).unwrap_or(0)),
        _ => Err(CliError::Input(crate::say!(
            "{agency} has entries in several documents: {}; choose one with --document",
            "{agency} 在多个文件中有记录: {}; 请用 --document 选择一个",
            names.join(", ")
        ))),
    }
}

/// `reforms track import`: submissions merged, each conflict on `out` and what each file
/// brought on `err`. Every file is read and checked before anything is merged.
fn import(
    cli: &Cli,
    files: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let catalog = catalog(cli)?;
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
            writeln!(
                out,
                "{}",
                safe::one_line(&conflict_line(&name, conflict, cli.lang))
            )?;
        }
        writeln!(
            err,
            "{}",
            safe::one_line(&merged_line(&name, &sub, &incoming, &report))
        )?;
    }
    Ok(())
}

/// A field both offices changed, and which side was kept.
fn conflict_line(name: &str, conflict: &Conflict, lang: Lang) -> String {
    let show = |c: &Change| {
        let value = value_text(&c.field, c.to.as_deref(), lang);
        format!("{value} ({} {})", record::local_time(&c.time), c.author)
    };
    let key = describe(&conflict.key);
    let field = conflict.field.label(lang);
    let (ours, theirs) = (show(&conflict.ours), show(&conflict.theirs));
    if conflict.taken {
        crate::say!(
            "{name}: conflict: {key} {field}: here {ours}, submitted {theirs}; kept the submitted (newer)",
            "{name}: 冲突: {key} {field}: 本地 {ours}, 报送 {theirs}; 保留报送的 (较新)"
        )
    } else {
        crate::say!(
            "{name}: conflict: {key} {field}: here {ours}, submitted {theirs}; kept this one (newer)",
            "{name}: 冲突: {key} {field}: 本地 {ours}, 报送 {theirs}; 保留本地的 (较新)"
        )
    }
}

/// What merging a submission file did.
fn merged_line(
    name: &str,
    sub: &Submission,
    incoming: &[Incoming],
    report: &MergeReport,
) -> String {
    crate::say!(
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
    )
}

/// The status a name (未启动 or not_started) says; an unknown one is an error listing them.
fn status(name: &str, lang: Lang) -> Result<Status, CliError> {
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
}

/// The statuses `--status` names.
fn statuses(names: &[String], lang: Lang) -> Result<Vec<Status>, CliError> {
    names.iter().map(|name| status(name, lang)).collect()
}

/// A value of a field as a user reads it: a status by its label, no value as `-`.
fn value_text(field: &str, value: Option<&str>, lang: Lang) -> String {
    match (field, value) {
        (_, None) => "-".into(),
        ("status", Some(code)) => {
            Status::from_code(code).map_or(code.to_string(), |s| s.label(lang).to_string())
        }
        (_, Some(text)) => text.to_string(),
    }
}

/// A change in a line: `状态 未启动 → 推进中`, `落实情况 + …`.
fn change_text(change: &Change, lang: Lang) -> String {
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
