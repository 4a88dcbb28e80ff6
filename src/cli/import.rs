//! `reforms import`: the table of a document turned into a dataset, written out or added to
//! the library.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::args::ImportArgs;
use super::{CliError, standard_input, write_file};
use crate::core::library::{self, Library, LibraryError};
use crate::core::safe;
use crate::documents::import;

/// `reforms import FILE`: the dataset to `-o FILE`, the library or standard output, with
/// what was skipped and what was found on `err`.
pub(super) fn import(
    args: &ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
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
    let say = |err: &mut dyn Write, line: &str| writeln!(err, "{}", safe::one_line(line));
    for skipped in &imported.skipped {
        say(
            err,
            &crate::say!("{name}: skipped {skipped}", "{name}: 跳过 {skipped}"),
        )?;
    }
    let added = store(args, &imported, out)?;
    say(err, &format!("{name}: {}", imported.summary()))?;
    if let Some((entry, path)) = added {
        say(
            err,
            &crate::say!(
                "{name}: added to the library as {entry} ({}); see it with `reforms list --document {entry}`",
                "{name}: 已加入文件库, 名为 {entry} ({}); 用 `reforms list --document {entry}` 查看",
                path.display()
            ),
        )?;
    }
    say(err, &format!("{name}: {}", imported.facts()))?;
    Ok(())
}

/// Writes the dataset where the options say; the name and file it has in the library when
/// it was added there.
fn store(
    args: &ImportArgs,
    imported: &import::Imported,
    out: &mut dyn Write,
) -> Result<Option<(String, PathBuf)>, CliError> {
    match &args.output {
        Some(path) => write_file(path, imported.toml.as_bytes())?,
        None if args.into_library => {
            let library = Library::standard().ok_or(LibraryError::NoFolder)?;
            let entry = args
                .name
                .clone()
                .unwrap_or_else(|| library::name_for(&imported.document.title));
            let path = library.add(&entry, &imported.toml)?;
            return Ok(Some((entry, path)));
        }
        None => out.write_all(imported.toml.as_bytes())?,
    }
    Ok(None)
}

/// Imports a file (`-` for standard input): the dataset it makes, checked as `reforms check`
/// checks a file; a file whose dataset would not load is an error, and nothing is written.
fn import_file(path: &Path, given: &import::Given) -> Result<import::Imported, CliError> {
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
