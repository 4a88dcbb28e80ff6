//! The command line speaks the language it is set to, as the browser does: Chinese by
//! default, English with `--lang en`, `REFORMS_LANG=en` or `lang = "en"` in the
//! configuration file (`--lang` and the variable before the file). Errors, warnings and
//! notes alike, each still naming its file, line and column.

use crate::common;

use common::command::{reforms, reforms_zh};

/// What a run says on standard error, which must exit with `code`.
fn stderr_of(mut cmd: assert_cmd::Command, args: &[&str], code: i32) -> String {
    let out = cmd.args(args).assert().code(code);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn errors_are_in_chinese_by_default_and_in_english_when_asked() {
    let zh = stderr_of(reforms_zh(), &["show", "99"], 2);
    assert_eq!(
        zh,
        "错误: data/reforms.toml (embedded) 中没有序号为 99 的改革事项; 序号从 1 到 42\n"
    );
    let en = stderr_of(reforms_zh(), &["--lang", "en", "show", "99"], 2);
    assert_eq!(
        en,
        "error: no reform numbered 99 in data/reforms.toml (embedded); the numbers run from 1 to 42\n"
    );
    let mut by_variable = reforms_zh();
    by_variable.env("REFORMS_LANG", "en");
    assert_eq!(stderr_of(by_variable, &["show", "99"], 2), en);
}

#[test]
fn the_configuration_file_sets_the_language_and_the_command_line_overrides_it() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("reforms");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "lang = \"en\"\n").unwrap();
    let with_config = || {
        let mut cmd = reforms_zh();
        cmd.env("XDG_CONFIG_HOME", home.path());
        cmd
    };
    let said = stderr_of(with_config(), &["list", "--agency", "海关总署"], 2);
    assert!(
        said.starts_with("error: unknown agency (负责单位) \"海关总署\""),
        "{said}"
    );
    let said = stderr_of(
        with_config(),
        &["--lang", "zh", "list", "--agency", "海关总署"],
        2,
    );
    assert!(
        said.starts_with("错误: 未知的负责单位 “海关总署”"),
        "{said}"
    );
    // The report follows it too.
    let stats = with_config().arg("stats").assert().success();
    let stats = String::from_utf8_lossy(&stats.get_output().stdout).into_owned();
    assert!(stats.starts_with("total: 42\n"), "{stats}");
}

#[test]
fn a_bad_dataset_is_placed_the_same_way_in_both_languages() {
    let zh = stderr_of(reforms_zh(), &["check", "tests/bad/empty-title.toml"], 2);
    assert!(
        zh.starts_with("错误: tests/bad/empty-title.toml:6:9: 第 1 项: 改革事项为空\n"),
        "{zh}"
    );
    let en = stderr_of(reforms(), &["check", "tests/bad/empty-title.toml"], 2);
    assert!(
        en.starts_with("error: tests/bad/empty-title.toml:6:9: reform 1: empty title\n"),
        "{en}"
    );
    // The excerpt under the message is the same.
    let excerpt = |s: &str| s.lines().skip(1).map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(excerpt(&zh), excerpt(&en));
}

#[test]
fn an_import_reports_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("第八批.toml");
    let said = stderr_of(
        reforms_zh(),
        &[
            "import",
            "tests/fixtures/read/batch8.docx",
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    assert!(
        said.contains("已导入 42 项改革事项, 28 个单位, 牵头单位: 无, 来自第 1 个表格 (共 1 个, Word 文档 (.docx))"),
        "{said}"
    );
    assert!(
        said.contains("标题 《天津自贸试验区第八批复制推广改革试点经验》"),
        "{said}"
    );
    let said = stderr_of(reforms_zh(), &["import", "tests/bad/four-columns.tsv"], 2);
    assert!(
        said.starts_with("错误: tests/bad/four-columns.tsv:1:10: 应为 5 列制表符分隔"),
        "{said}"
    );
    let said = stderr_of(
        reforms_zh(),
        &["import", "tests/fixtures/read/truncated.docx"],
        2,
    );
    assert!(said.contains("Word 文档 (.docx)已损坏"), "{said}");
}

/// English words that no Chinese message holds (file names and values aside).
const ENGLISH: &[&str] = &[
    " the ",
    " is ",
    " not ",
    " no ",
    " of ",
    " a ",
    " an ",
    " with ",
    "cannot",
    "unknown",
    "expected",
    "empty",
    "duplicate",
    " or ",
    " give ",
    " use ",
];

/// Every kind of refusal a user meets first, in Chinese: no English sentence left in it.
#[test]
fn chinese_messages_hold_no_english_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("缺失.toml");
    let missing = missing.to_str().unwrap();
    let mut runs: Vec<Vec<String>> = [
        &["show", "99"][..],
        &["show", "1", "--query", "数据"],
        &["show"],
        &["list", "--agency", "不存在的单位"],
        &["list", "--agency", "市"],
        &["list", "--scope", "全国"],
        &["list", "--lead", "天津海关"],
        &["open", "99"],
        &["--data", missing, "list"],
        &["check", "tests/fixtures/read/batch8.csv"],
        &["import", "tests/fixtures/read/legacy.doc"],
        &["import", "tests/fixtures/read/no-header.csv"],
        &["import", "tests/fixtures/read/empty.csv"],
        &["import", "tests/fixtures/read/bad-width.docx"],
        &["library", "remove", "没有"],
        &["track", "set", "19", "-a", "天津海关"],
        &["track", "set", "19", "完成", "-a", "天津海关"],
        &["track", "note", "19", "-a", "市商务局", "x"],
        &[],
    ]
    .iter()
    .map(|args| args.iter().map(|s| s.to_string()).collect())
    .collect();
    for entry in std::fs::read_dir("tests/bad").unwrap() {
        let path = entry.unwrap().path().display().to_string();
        let command = if path.ends_with(".tsv") {
            "import"
        } else {
            "check"
        };
        runs.push(vec![command.into(), path]);
    }
    for args in runs {
        let mut cmd = reforms_zh();
        let home = dir.path();
        cmd.env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("REFORMS_AUTHOR", "测试")
            .args(&args);
        let out = cmd.assert().failure();
        let said = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(said.starts_with("错误: "), "{args:?}: {said}");
        // The lines of the message, not the excerpts of the file under them, nor what the
        // TOML parser says in its own words.
        for line in said
            .lines()
            .filter(|l| !l.contains(" | ") && !l.ends_with("(TOML)"))
        {
            // File names are the user's words.
            let line = args
                .iter()
                .fold(line.to_string(), |l, a| l.replace(a.as_str(), "FILE"));
            for word in ENGLISH {
                assert!(
                    !line.contains(word),
                    "{args:?}: {word:?} in {line:?}\n{said}"
                );
            }
        }
    }
}

#[test]
fn numbers_and_a_query_together_are_refused_in_chinese() {
    reforms_zh()
        .args(["show", "1", "--query", "x"])
        .assert()
        .code(2)
        .stderr("错误: 序号与 --query, --agency, --scope 只能二选一\n");
}
