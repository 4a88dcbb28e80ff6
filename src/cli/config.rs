//! `reforms config`: where the browser's configuration file is, its documented default, and
//! a check of a file.

use std::io::Write;
use std::path::Path;

use super::CliError;
use super::args::ConfigArgs;
use crate::tui::config::{default_file, load_file, path};

/// `reforms config`, with the file `--config` or REFORMS_CONFIG names in `explicit`.
pub(super) fn config(
    explicit: Option<&Path>,
    args: &ConfigArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    if args.print_default {
        out.write_all(default_file().as_bytes())?;
        return Ok(());
    }
    if args.path {
        let place = path(explicit).ok_or_else(|| CliError::Input(no_config_place()))?;
        writeln!(out, "{}", place.display())?;
        return Ok(());
    }
    let file = match args.check.as_ref().and_then(|f| f.clone()) {
        Some(f) => f,
        None => path(explicit).ok_or_else(|| CliError::Input(no_config_place()))?,
    };
    let loaded = load_file(&file);
    for warning in &loaded.warnings {
        writeln!(err, "{}", warning.render())?;
    }
    match loaded.warnings.len() {
        0 => {
            writeln!(out, "{}: {}", file.display(), crate::say!("ok", "通过"))?;
            Ok(())
        }
        n => Err(CliError::Input(crate::say!(
            "{}: {}; the browser ignores those entries",
            "{}: {}; 交互界面忽略这些条目",
            file.display(),
            crate::core::say::messages().problem_count(n)
        ))),
    }
}

fn no_config_place() -> String {
    crate::say!(
        "no place for a configuration file: neither XDG_CONFIG_HOME nor HOME is set",
        "无处存放配置文件: XDG_CONFIG_HOME 和 HOME 都未设置"
    )
}
