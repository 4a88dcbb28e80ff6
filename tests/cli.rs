//! The command line, run as a user runs it: the real binary, its output and exit status.

use crate::common;

use common::command::{reforms, reforms_zh, stdout_of};
use predicates::prelude::*;

const SOURCE_TABLE: &str = "data/source/tianjin-ftz-batch8.tsv";

/// Every subcommand a user can see, from the same definition as `--help`.
fn subcommands() -> Vec<String> {
    use clap::CommandFactory;
    reforms::cli::Cli::command()
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
        .map(|sub| sub.get_name().to_string())
        .collect()
}

/// The source table's data rows, split independently of the importer.
fn source_rows() -> Vec<Vec<String>> {
    std::fs::read_to_string(SOURCE_TABLE)
        .unwrap()
        .lines()
        .filter(|l| l.contains('\t') && !l.starts_with("序号"))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn list_json_equals_the_source_field_by_field() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["list", "--format", "json"])).unwrap();
    let reforms = json.as_array().unwrap();
    let rows = source_rows();
    assert_eq!(reforms.len(), 42);
    assert_eq!(rows.len(), 42);
    for (reform, row) in reforms.iter().zip(&rows) {
        assert_eq!(reform["number"].to_string(), row[0]);
        assert_eq!(reform["title"], row[1].as_str());
        assert_eq!(reform["content"], row[2].as_str());
        assert_eq!(reform["scope"], row[3].as_str());
        let agencies: Vec<&str> = reform["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(agencies, row[4].split(' ').collect::<Vec<_>>());
    }
}

#[test]
fn import_of_the_source_table_is_exactly_the_embedded_dataset() {
    let out = reforms().args(["import", SOURCE_TABLE]).assert().success();
    let output = out.get_output();
    let embedded = std::fs::read_to_string("data/reforms.toml").unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), embedded);
    let notes = String::from_utf8_lossy(&output.stderr);
    assert!(
        notes.contains("skipped line 3: the document title"),
        "{notes}"
    );
    assert!(notes.contains("skipped line 71: a header row"), "{notes}");
    assert!(notes.contains("imported 42 reforms"), "{notes}");
}

#[test]
fn import_writes_an_output_file_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("batch.toml");
    reforms()
        .args(["import", SOURCE_TABLE, "--source", "津自贸 第八批", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("source = \"津自贸 第八批\""));
    reforms()
        .arg("--data")
        .arg(&out)
        .args(["list", "--format", "tsv"])
        .assert()
        .success()
        .stdout(predicate::function(|s: &str| s.lines().count() == 43));
}

#[test]
fn import_rejects_a_row_without_five_columns() {
    reforms()
        .args(["import", "tests/bad/four-columns.tsv"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("four-columns.tsv:1:10"))
        .stderr(predicate::str::contains("found 4"));
}

#[test]
fn list_text_is_labelled_fields_with_blank_lines_between() {
    let out = stdout_of(&["list"]);
    let blocks: Vec<&str> = out.split("\n\n").collect();
    // The document the reforms come from heads the export, so a pasted excerpt names it.
    assert_eq!(
        blocks[0],
        "来源：《天津自贸试验区第八批复制推广改革试点经验》"
    );
    let first: Vec<&str> = blocks[1].lines().collect();
    assert_eq!(first[0], "1. 数据跨境政策“双首个”制度创新");
    assert!(first[1].starts_with("主要内容：推动出台全国首个"));
    assert_eq!(first[2], "推广范围：全市");
    assert_eq!(first[3], "负责单位：市委网信办、市数据局、市商务局");
    assert_eq!(blocks.len(), 43);
}

#[test]
fn list_by_agency_any_of_several_in_document_order() {
    let numbers = |args: &[&str]| -> Vec<u64> {
        let json: serde_json::Value = serde_json::from_str(&stdout_of(args)).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(
        numbers(&["list", "--agency", "天津海关", "-f", "json"]),
        vec![19, 20, 35, 39]
    );
    assert_eq!(
        numbers(&["list", "-a", "天津海关", "-a", "市税务局", "-f", "json"]),
        vec![19, 20, 35, 39, 40]
    );
    assert_eq!(
        numbers(&["list", "--scope", "京津冀", "-f", "json"]),
        vec![10, 11, 40]
    );
    assert_eq!(
        numbers(&[
            "list",
            "-a",
            "天津海事局",
            "--scope",
            "京津冀",
            "-f",
            "json"
        ]),
        vec![10]
    );
}

#[test]
fn unknown_agency_or_scope_names_the_nearest() {
    reforms()
        .args(["list", "--agency", "天津海官"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("did you mean: 天津海关"));
    reforms()
        .args(["list", "--scope", "津京"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("京津冀"));
}

/// A unique part of a name, or its pinyin (whole or initials), stands for the name; one
/// that fits several lists them and exits 2.
#[test]
fn agencies_and_scopes_are_found_by_part_or_pinyin() {
    let customs = stdout_of(&["list", "--agency", "天津海关", "-f", "tsv"]);
    for given in ["海关", "tjhg", "haiguan", "TJHG"] {
        assert_eq!(
            stdout_of(&["list", "--agency", given, "-f", "tsv"]),
            customs,
            "{given}"
        );
    }
    assert_eq!(
        stdout_of(&["list", "--scope", "京津", "-f", "tsv"]),
        stdout_of(&["list", "--scope", "京津冀", "-f", "tsv"])
    );
    reforms()
        .args(["list", "--agency", "天津"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("could be any of:"))
        .stderr(predicate::str::contains("天津海关"))
        .stderr(predicate::str::contains("天津海事局"));
    // The report says which agency it was asked for, by its full name, in the interface
    // language.
    let dir = tempfile::tempdir().unwrap();
    for (mut command, said) in [
        (reforms_zh(), "负责单位：天津海关"),
        (reforms(), "agencies: 天津海关"),
    ] {
        let out = dir.path().join("a.xlsx");
        command
            .args(["list", "--agency", "tjhg", "--format", "xlsx", "-o"])
            .arg(&out)
            .assert()
            .success();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
        use calamine::Reader as _;
        let about = book.worksheet_range("说明").unwrap();
        assert!(about.rows().any(|row| row[1] == said), "{about:?}");
        std::fs::remove_file(&out).unwrap();
    }
}

#[test]
fn tsv_has_a_header_and_five_columns_per_row() {
    let out = stdout_of(&["list", "--format", "tsv"]);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[0], "序号\t改革事项\t主要内容\t推广范围\t负责单位");
    assert_eq!(rows.len(), 43);
    assert!(rows.iter().all(|r| r.split('\t').count() == 5));
    assert!(rows[12].starts_with("12\t“FTE 账户+FTN 账户”对外投资模式创新\t"));
    assert!(rows[1].ends_with("\t全市\t市委网信办 市数据局 市商务局"));
}

#[test]
fn markdown_has_a_heading_per_reform() {
    let out = stdout_of(&["list", "--format", "markdown"]);
    assert_eq!(out.lines().filter(|l| l.starts_with("## ")).count(), 42);
    assert!(out.contains("## 29. 创新开展基础设施公募 REITs 项目\n"));
}

#[test]
fn show_prints_the_chosen_reforms_in_order() {
    let out = stdout_of(&["show", "12", "2", "--format", "text"]);
    let blocks: Vec<&str> = out.split("\n\n").collect();
    assert_eq!(blocks.len(), 3);
    assert!(blocks[0].starts_with("来源：《天津自贸试验区第八批"));
    assert!(blocks[1].starts_with("12. “FTE 账户+FTN 账户”对外投资模式创新"));
    assert!(blocks[2].starts_with("2. “科技—产业—金融”新循环试点"));
    reforms()
        .args(["show", "43"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no reform numbered 43"))
        .stderr(predicate::str::contains("from 1 to 42"));
}

#[test]
fn agencies_with_counts_most_first() {
    let out = stdout_of(&["agencies"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "9  人民银行天津市分行");
    assert_eq!(lines[1], "9  市委金融办");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["agencies", "--format", "json"])).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), lines.len());
    let total: u64 = list.iter().map(|a| a["count"].as_u64().unwrap()).sum();
    let listed: usize = source_rows().iter().map(|r| r[4].split(' ').count()).sum();
    assert_eq!(total as usize, listed);
}

#[test]
fn check_summarises_a_good_file() {
    reforms()
        .args(["check", "data/reforms.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("42 reforms"))
        .stdout(predicate::str::contains("京津冀 3"));
}

#[test]
fn missing_file_and_directory_are_errors() {
    reforms()
        .args(["check", "tests/bad/no-such-file.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.toml: no such file"));
    reforms()
        .args(["check", "tests"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
}

#[test]
fn a_bad_data_file_never_falls_back_to_the_embedded_data() {
    reforms()
        .args(["--data", "tests/bad/empty-title.toml", "list"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("empty-title.toml:6:9"));
    reforms()
        .env("REFORMS_DATA", "tests/bad/duplicate-number.toml")
        .arg("list")
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn data_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch9.toml");
    std::fs::write(
        &path,
        "[[reform]]\nnumber = 5\ntitle = \"试点\"\ncontent = \"内容\"\nscope = \"全国\"\nagencies = [\"市商务局\"]\n",
    )
    .unwrap();
    reforms()
        .env("REFORMS_DATA", &path)
        .args(["list", "--format", "tsv"])
        .assert()
        .success()
        .stdout("序号\t改革事项\t主要内容\t推广范围\t负责单位\n5\t试点\t内容\t全国\t市商务局\n");
}

#[test]
fn every_subcommand_has_help_with_examples() {
    let subs = subcommands();
    for named in [
        "list",
        "show",
        "open",
        "stats",
        "config",
        "completions",
        "man",
    ] {
        assert!(
            subs.iter().any(|s| s == named),
            "{named} missing from {subs:?}"
        );
    }
    for sub in subs {
        reforms()
            .args([sub.as_str(), "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("示例 / Examples"));
    }
}

/// The binary under test run by `sh` as `'<binary>' <rest>`, for the shell's redirections,
/// with messages in English and no dataset from the environment.
fn in_shell(rest: &str) -> std::process::Output {
    let bin = common::command::binary();
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' {rest}", bin.display()))
        .env_remove("REFORMS_DATA")
        .env("REFORMS_LANG", "en")
        .output()
        .unwrap()
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let out = in_shell("list | head -c 10 >/dev/null");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn without_a_terminal_the_browser_exits_with_a_hint() {
    reforms()
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("needs a terminal"))
        .stderr(predicate::str::contains("reforms list"));
}

#[test]
fn osc52_max_is_a_global_option_of_bytes() {
    let plain = stdout_of(&["list", "--format", "tsv"]);
    assert_eq!(
        stdout_of(&["--osc52-max", "1000000", "list", "--format", "tsv"]),
        plain
    );
    assert_eq!(
        stdout_of(&["list", "--osc52-max", "5", "--format", "tsv"]),
        plain
    );
    reforms()
        .args(["--osc52-max", "lots", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--osc52-max"));
    let help = stdout_of(&["--help"]);
    assert!(help.contains("--osc52-max <BYTES>"), "{help}");
    assert!(help.contains("74994"), "{help}");
}

#[test]
fn shell_completions_know_every_subcommand() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(&["completions", shell]);
        for sub in subcommands() {
            assert!(script.contains(&sub), "{shell} completion lacks {sub}");
        }
        assert!(
            script.contains("data"),
            "{shell} completion lacks the --data option"
        );
    }
    reforms().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH reforms"),
        "{}",
        &page[..200]
    );
    assert!(page.contains(".TH reforms 1"));
    for sub in subcommands() {
        assert!(page.contains(&sub), "man page lacks {sub}");
    }
}

/// Output that cannot be written is an error, never a silent success: a closed standard
/// output (`>&-`) and a full disk (`/dev/full`), for a listing and for `--help`.
#[cfg(unix)]
#[test]
fn a_closed_or_full_output_is_an_error() {
    for redirect in [">&-", ">/dev/full"] {
        for args in ["list", "--help", "list --format json", "stats"] {
            let out = in_shell(&format!("{args} {redirect}"));
            assert_eq!(out.status.code(), Some(1), "{args} {redirect}: {out:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(stderr.lines().count(), 1, "{args} {redirect}: {stderr}");
            assert!(stderr.contains("standard output"), "{stderr}");
        }
    }
}

/// A /dev/null opened for reading and writing on purpose (Python's `subprocess.DEVNULL`,
/// a shell's `1<>/dev/null`) is where the user wants the output to go, not a closed
/// output: on Linux the program tells the two apart by looking before Rust's start-up code
/// reopens a closed one.
#[cfg(target_os = "linux")]
#[test]
fn output_thrown_away_on_a_dev_null_open_for_both_is_no_error() {
    let bin = common::command::binary();
    for args in [&["list"][..], &["show", "1"], &["--help"]] {
        let null = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/null")
            .unwrap();
        let out = std::process::Command::new(&bin)
            .args(args)
            .stdout(null)
            .env_remove("REFORMS_DATA")
            .env("REFORMS_LANG", "en")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(out.stderr.is_empty(), "{args:?}: {out:?}");
    }
    let out = in_shell("show 1 1<>/dev/null");
    assert!(out.status.success(), "{out:?}");
}

/// Every export but the bare TSV table names the document it comes from, so a pasted
/// excerpt is never anonymous.
#[test]
fn exports_name_their_document() {
    let title = "天津自贸试验区第八批复制推广改革试点经验";
    let markdown = stdout_of(&["show", "7", "--format", "markdown"]);
    assert!(
        markdown.starts_with(&format!("来源：《{title}》\n\n## 7. ")),
        "{markdown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["list", "--query", "数据", "-f", "json"])).unwrap();
    for reform in json.as_array().unwrap() {
        assert_eq!(reform["document"], title);
    }
    let tsv = stdout_of(&["list", "--format", "tsv"]);
    assert!(
        tsv.starts_with("序号\t改革事项\t"),
        "TSV stays a bare table"
    );
    assert!(!tsv.contains(title));
    // Nothing found: no heading over nothing.
    assert_eq!(stdout_of(&["list", "--query", "没有这种事项"]), "");
}

/// `check` on a table (a TSV, a workbook) says that `import` is what turns it into a
/// dataset, beside the error itself.
#[test]
fn check_on_a_table_points_to_import() {
    for file in [
        "tests/bad/four-columns.tsv",
        "tests/fixtures/read/batch8.ods",
    ] {
        reforms()
            .args(["check", file])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "looks like a table, not a dataset: `reforms import {file}`"
            )));
    }
    reforms()
        .args(["check", "tests/bad/duplicate-number.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("reforms import").not());
}

#[test]
fn help_names_the_folders_of_this_machine() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("cfg");
    let data = dir.path().join("data");
    let help = |args: &[&str]| {
        let out = reforms()
            .env("XDG_CONFIG_HOME", &config)
            .env("XDG_DATA_HOME", &data)
            .args(args)
            .assert()
            .success()
            .get_output()
            .clone();
        String::from_utf8(out.stdout).unwrap()
    };
    let text = help(&["--help"]).replace('\n', " ");
    let config_file = config.join("reforms").join("config.toml");
    let database = data.join("reforms").join("track.sqlite3");
    assert!(text.contains(&config_file.display().to_string()), "{text}");
    assert!(text.contains(&database.display().to_string()), "{text}");
    assert!(!text.contains("~/.config"), "{text}");
    let text = help(&["library", "--help"]);
    assert!(
        text.contains(&data.join("reforms").join("library").display().to_string()),
        "{text}"
    );
    let text = help(&["track", "--help"]);
    assert!(text.contains(&database.display().to_string()), "{text}");
    // The man page keeps the usual places, true on every machine.
    let man = help(&["man"]);
    assert!(!man.contains(&config_file.display().to_string()));
}
