//! `reforms config`, run as a user runs it: the documented default reads back cleanly, a bad
//! file is reported at its line and column, and the file is found where the docs say.

use crate::common;

use common::command::reforms;
use predicates::prelude::*;

/// `reforms config --check` on a file holding `text`.
fn check(text: impl AsRef<[u8]>) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, text).unwrap();
    reforms().args(["config", "--check"]).arg(&file).assert()
}

#[test]
fn the_printed_default_checks_clean() {
    let out = reforms()
        .args(["config", "--print-default"])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[keys]") && text.contains("quit = [\"q\", \"ctrl-c\"]"));
    check(&text)
        .success()
        .stdout(predicate::str::ends_with(": ok\n"))
        .stderr("");
}

#[test]
fn a_bad_entry_is_reported_at_its_line_and_column() {
    check("lang = \"en\"\n\n[keys]\ncopy = [\"yy\"]\n")
        .code(2)
        .stderr(predicate::str::contains(
            "config.toml:4:9: unknown key \"yy\"",
        ))
        .stderr(predicate::str::contains("1 problem;"));
}

#[test]
fn a_broken_file_is_one_warning_and_does_not_stop_the_command_line() {
    let broken = "lang = \"en\n";
    check(broken)
        .code(2)
        .stderr(predicate::str::contains("config.toml:1:"))
        .stderr(predicate::str::contains(
            "the configuration file is not used",
        ));
    // The subcommands that need no configuration do not read it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, broken).unwrap();
    reforms()
        .arg("--config")
        .arg(&file)
        .args(["list", "--format", "tsv"])
        .assert()
        .success();
}

#[test]
fn the_file_is_looked_for_under_xdg_config_home_or_named() {
    reforms()
        .env("XDG_CONFIG_HOME", "/tmp/xdg")
        .args(["config", "--path"])
        .assert()
        .success()
        .stdout("/tmp/xdg/reforms/config.toml\n");
    reforms()
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", "/home/someone")
        .args(["config", "--path"])
        .assert()
        .success()
        .stdout("/home/someone/.config/reforms/config.toml\n");
    reforms()
        .env("REFORMS_CONFIG", "/etc/reforms.toml")
        .args(["config", "--path"])
        .assert()
        .success()
        .stdout("/etc/reforms.toml\n");
}

#[test]
fn check_without_a_file_checks_the_one_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let place = dir.path().join("reforms");
    std::fs::create_dir(&place).unwrap();
    std::fs::write(place.join("config.toml"), "theme = \"high-contrast\"\n").unwrap();
    reforms()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["config", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("config.toml: ok"));
}

#[test]
fn every_bad_entry_is_reported_and_counted() {
    check("lang = \"fr\"\ntheme = 3\n[keys]\ncopy = [\"j\"]\n")
        .code(2)
        .stderr(predicate::str::contains(
            "config.toml:1:8: unknown lang \"fr\"",
        ))
        .stderr(predicate::str::contains(
            "config.toml:2:9: `theme` must be a string",
        ))
        .stderr(predicate::str::contains(
            "config.toml:4:9: `j` is already bound to `move_down`",
        ))
        .stderr(predicate::str::contains("3 problems;"));
}
