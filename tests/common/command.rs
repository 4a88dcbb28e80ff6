//! The real binary, run as a user runs it.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The binary under test: the one cargo built for this test run (as `.ci/run` uses), or
/// `REFORMS_E2E_BIN` (a release build, say, as users run it).
pub fn binary() -> PathBuf {
    match std::env::var_os("REFORMS_E2E_BIN") {
        Some(path) => PathBuf::from(path),
        None => assert_cmd::cargo::cargo_bin("reforms"),
    }
}

/// The binary of this test run, with none of the user's variables that would change what
/// it reads: no dataset or configuration from the environment. Its messages are in English
/// (`REFORMS_LANG=en`), which the tests read; [`reforms_zh`] is the binary as a user starts
/// it, in Chinese.
pub fn reforms() -> assert_cmd::Command {
    let mut cmd = reforms_zh();
    cmd.env("REFORMS_LANG", "en");
    cmd
}

/// The binary with no language set anywhere: Chinese, the default.
pub fn reforms_zh() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("reforms").unwrap();
    cmd.env_remove("REFORMS_DATA")
        .env_remove("REFORMS_CONFIG")
        .env_remove("REFORMS_LANG");
    cmd
}

/// What `reforms ARGS` prints, which must succeed.
pub fn stdout_of(args: &[&str]) -> String {
    let out = reforms().args(args).assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

/// Whether `tool` runs (`tool arg`). When `CI` is set a missing tool is a failure, not a
/// reason to skip: CI installs it.
pub fn available(tool: &str, arg: &str) -> bool {
    let found = Command::new(tool)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found && std::env::var_os("CI").is_some() {
        panic!("{tool} is required when CI is set");
    }
    found
}
