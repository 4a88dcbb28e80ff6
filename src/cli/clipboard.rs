//! The hidden `reforms serve-clipboard`: the browser's helper that holds text on the desktop
//! clipboard after it has ended.

use std::io;

use super::CliError;

/// Serves the text on standard input (with `html`, an HTML table, a NUL, then the text)
/// until another program takes the clipboard.
pub(super) fn serve(html: bool) -> Result<(), CliError> {
    let mut input = String::new();
    io::Read::read_to_string(&mut io::stdin(), &mut input)?;
    let (text, html) = match html {
        true => crate::clipboard::split_served(&input),
        false => (input.as_str(), None),
    };
    crate::clipboard::serve_desktop(text, html)?;
    Ok(())
}
