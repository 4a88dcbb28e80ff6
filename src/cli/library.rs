//! `reforms library`: the documents of the library, or removing one.

use std::io::Write;

use super::CliError;
use super::args::LibraryAction;
use crate::core::catalog::Catalog;
use crate::core::library::{Library, LibraryError};
use crate::core::safe;

/// `reforms library [list]` and `reforms library remove NAME`.
pub(super) fn library(
    action: Option<&LibraryAction>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let library = Library::standard().ok_or(LibraryError::NoFolder)?;
    match action {
        None | Some(LibraryAction::List) => {
            out.write_all(safe::safe(&listing(&library)?).as_bytes())?
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
    Ok(())
}

/// Each document with its name, reforms, title, 文号 and date; the embedded batch first,
/// then the folder.
fn listing(library: &Library) -> Result<String, CliError> {
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
