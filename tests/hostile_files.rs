//! Hostile files: datasets, tables and configuration files that try to drive the terminal
//! (escape sequences, C1 controls), hide text (bidirectional controls), forge what an
//! export says, or overflow a number. `tests/hostile/` holds them
//! (`scripts/make-hostile-corpus.py` wrote it). Each refused one gets exit status 2 with
//! the file, line and column and the character named; the valid ones are shown safely.
//! No output, on any stream, ever carries a refused character.

use crate::common;

use std::path::Path;
use std::process::Output;

use common::command::reforms;

/// Every refused file, with its place and a piece of its message.
const REFUSED: &[(&str, &str, &str)] = &[
    (
        "agency-with-separator.toml",
        "9:13",
        "holds “、”, which separates agencies",
    ),
    (
        "agency-with-space.toml",
        "9:13",
        "holds a space, which separates agencies",
    ),
    ("backspace-escape.toml", "7:14", "U+0008 (BS)"),
    ("bell-scope.toml", "8:12", "U+0007 (BEL)"),
    ("bidi-202a.toml", "7:14", "U+202A (left-to-right embedding)"),
    ("bidi-202b.toml", "7:14", "U+202B (right-to-left embedding)"),
    (
        "bidi-202c.toml",
        "7:14",
        "U+202C (pop directional formatting)",
    ),
    ("bidi-202d.toml", "7:14", "U+202D (left-to-right override)"),
    ("bidi-202e.toml", "7:14", "U+202E (right-to-left override)"),
    ("bidi-2066.toml", "7:14", "U+2066 (left-to-right isolate)"),
    ("bidi-2067.toml", "7:14", "U+2067 (right-to-left isolate)"),
    ("bidi-2068.toml", "7:14", "U+2068 (first strong isolate)"),
    ("bidi-2069.toml", "7:14", "U+2069 (pop directional isolate)"),
    ("bidi-cell.tsv", "2:8", "U+202E (right-to-left override)"),
    (
        "c1-nel-title.toml",
        "6:11",
        "U+0085 (a C1 control character)",
    ),
    ("c1-source.toml", "3:13", "U+009B (CSI)"),
    ("clear-screen-content.toml", "7:14", "U+001B (ESC)"),
    (
        "config-bidi-key.config.toml",
        "2:10",
        "U+202E (right-to-left override)",
    ),
    ("config-escape-lang.config.toml", "1:9", "U+001B (ESC)"),
    ("config-raw-esc.config.toml", "1:3", "U+001B (ESC)"),
    ("del-title.toml", "6:11", "U+007F (DEL)"),
    ("esc-agency.toml", "9:24", "U+001B (ESC)"),
    ("formfeed-escape.toml", "7:14", "U+000C (FF)"),
    ("lone-cr-escape.toml", "7:15", "U+000D (CR)"),
    ("long-unicode-escape.toml", "7:14", "U+001B (ESC)"),
    ("nul-content.toml", "7:14", "U+0000 (NUL)"),
    (
        "number-beyond-i64.toml",
        "5:10",
        "99999999999999999999 is too large",
    ),
    (
        "number-too-large.toml",
        "5:10",
        "4294967296 is too large: at most 4294967295",
    ),
    (
        "number-too-large.tsv",
        "2:1",
        "4294967296 is too large: at most 4294967295",
    ),
    ("osc52-title.toml", "6:12", "U+001B (ESC)"),
    ("paste-breakout.toml", "6:12", "U+001B (ESC)"),
    ("raw-c1.toml", "6:11", "U+0090 (a C1 control character)"),
    ("raw-esc-cell.tsv", "2:5", "U+001B (ESC)"),
    ("raw-esc-comment.toml", "1:3", "U+001B (ESC)"),
    ("raw-lone-cr.toml", "4:4", "U+000D (CR)"),
    (
        "raw-rlo-agency.toml",
        "9:15",
        "U+202E (right-to-left override)",
    ),
    (
        "separators-only-agency.tsv",
        "2:12",
        "holds no agency name, only separators",
    ),
    ("title-window.toml", "2:10", "U+001B (ESC)"),
];

/// Valid files that look hostile; what they must look like is checked below.
const SHOWN_SAFELY: &[&str] = &[
    "forged-entry.toml",
    "formula-cells.toml",
    "markdown-structure.toml",
];

fn path(file: &str) -> String {
    Path::new("tests/hostile").join(file).display().to_string()
}

/// Neither stream carries a refused character: no ESC, BEL, NUL, DEL, C1 or bidi control.
fn assert_clean(output: &Output, what: &str) {
    for (name, stream) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(stream);
        assert_eq!(
            reforms::core::safe::first_forbidden(&text),
            None,
            "{what}: {name} carries a refused character: {text:?}"
        );
    }
}

/// How each kind of file is loaded: a dataset by `check` and by `--data` with `list`
/// in every format, a table by `import`, a configuration file by `config --check` and as
/// the browser's (`list` still works, the warning goes to the browser only).
fn runs(file: &str) -> Vec<Vec<String>> {
    let name = path(file);
    if file.ends_with(".config.toml") {
        vec![vec!["config".into(), "--check".into(), name]]
    } else if file.ends_with(".tsv") {
        vec![vec!["import".into(), name]]
    } else {
        let mut runs = vec![vec!["check".into(), name.clone()]];
        for format in ["text", "markdown", "tsv", "json"] {
            runs.push(
                ["--data", &name, "list", "--format", format]
                    .map(String::from)
                    .to_vec(),
            );
        }
        runs.push(["--data", &name, "show", "1"].map(String::from).to_vec());
        runs.push(["--data", &name, "agencies"].map(String::from).to_vec());
        runs
    }
}

#[test]
fn every_refused_file_is_refused_at_its_place_and_named() {
    for (file, place, message) in REFUSED {
        for args in runs(file) {
            let output = reforms().args(&args).output().unwrap();
            let what = format!("reforms {}", args.join(" "));
            assert_eq!(output.status.code(), Some(2), "{what}: {output:?}");
            assert!(output.stdout.is_empty(), "{what}: {output:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            let located = format!("{}:{place}: ", path(file));
            assert!(stderr.contains(&located), "{what}: {stderr}");
            assert!(stderr.contains(message), "{what}: {stderr}");
            assert!(!stderr.contains("panicked"), "{what}: {stderr}");
            assert_clean(&output, &what);
        }
    }
}

#[test]
fn the_corpus_is_large_and_every_file_is_listed() {
    let mut files: Vec<String> = std::fs::read_dir("tests/hostile")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut listed: Vec<String> = REFUSED
        .iter()
        .map(|(f, _, _)| f.to_string())
        .chain(SHOWN_SAFELY.iter().map(|f| f.to_string()))
        .collect();
    listed.sort();
    assert_eq!(files, listed);
    assert!(files.len() >= 30);
}

fn list(file: &str, format: &str) -> String {
    let output = reforms()
        .args(["--data", &path(file), "list", "--format", format])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_clean(&output, file);
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_forged_entry_stays_inside_its_field() {
    let text = list("forged-entry.toml", "text");
    let reform_starts: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(reform_starts, vec!["1. 标题"], "{text}");
    for label in ["主要内容：", "推广范围：", "负责单位："] {
        assert_eq!(
            text.lines().filter(|l| l.starts_with(label)).count(),
            1,
            "{label} in\n{text}"
        );
    }
    assert!(text.contains("\u{3000}\u{3000}2. 伪造的事项"), "{text}");
}

#[test]
fn formula_cells_are_guarded_and_read_back_exactly() {
    let tsv = list("formula-cells.toml", "tsv");
    let row = tsv.lines().nth(1).unwrap();
    let cells: Vec<&str> = row.split('\t').collect();
    assert!(cells[1].starts_with("\"'=HYPERLINK"), "{row}");
    assert_eq!(cells[2], "' =1+1");
    assert_eq!(cells[3], "'-全市");
    assert_eq!(cells[4], "'@单位 +局");
    // Imported again, the fields are what they were.
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("t.tsv");
    std::fs::write(&table, &tsv).unwrap();
    let toml = reforms().arg("import").arg(&table).output().unwrap();
    assert!(toml.status.success(), "{toml:?}");
    let again = dir.path().join("again.toml");
    std::fs::write(&again, &toml.stdout).unwrap();
    let original = reforms::Catalog::from_file(Path::new(&path("formula-cells.toml"))).unwrap();
    let imported = reforms::Catalog::from_file(&again).unwrap();
    assert_eq!(imported.reforms, original.reforms);
}

#[test]
fn markdown_structure_in_a_field_stays_text() {
    let markdown = list("markdown-structure.toml", "markdown");
    let content: Vec<&str> = markdown
        .lines()
        .skip_while(|l| !l.starts_with("**主要内容**"))
        .collect();
    for line in &content[1..] {
        assert!(
            !(line.starts_with("===")
                || line.starts_with("---")
                || line.starts_with('#')
                || line.starts_with('>')
                || line.starts_with("```")
                || line.starts_with("1.")),
            "{line:?} in\n{markdown}"
        );
    }
}

/// A device or a pipe is refused at once, before anything is read from it.
#[cfg(unix)]
#[test]
fn devices_and_pipes_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for file in [Path::new("/dev/zero"), fifo.as_path()] {
        for args in [
            vec!["check".to_string(), file.display().to_string()],
            vec!["import".to_string(), file.display().to_string()],
        ] {
            // Reading a pipe would wait for ever for a writer; `timeout` ends such a run.
            let output = reforms()
                .args(&args)
                .timeout(std::time::Duration::from_secs(20))
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2), "{output:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains("not a regular file"), "{stderr}");
        }
    }
}
