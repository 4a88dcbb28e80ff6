//! The merged cells of OpenDocument sheets, which calamine reads as empty covered cells: the
//! spans are read from the sheet's `content.xml`, so that a merged 推广范围 fills its rows in
//! an .ods as it does in an .xlsx.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::Dimensions;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The merged regions of each sheet, by sheet name. A file that cannot be read this way has
/// none: calamine reports what is wrong with it.
pub(crate) fn merged_regions(bytes: &[u8]) -> HashMap<String, Vec<Dimensions>> {
    let mut found = HashMap::new();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return found;
    };
    let mut xml = Vec::new();
    let read = archive
        .by_name("content.xml")
        .map(|mut content| content.read_to_end(&mut xml));
    if !matches!(read, Ok(Ok(_))) {
        return found;
    }
    let mut reader = Reader::from_reader(xml.as_slice());
    reader.config_mut().expand_empty_elements = true;
    let mut buffer = Vec::new();
    let mut sheet: Option<(String, Vec<Dimensions>)> = None;
    let (mut row, mut column, mut rows_repeated) = (0u32, 0u32, 1u32);
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element)) => match element.name().as_ref() {
                "table:table" => {
                    let name = attribute(&element, "table:name").unwrap_or_default();
                    sheet = Some((name, Vec::new()));
                    row = 0;
                }
                "table:table-row" => {
                    rows_repeated = number(&element, "table:number-rows-repeated");
                    column = 0;
                }
                name @ ("table:table-cell" | "table:covered-table-cell") => {
                    let rows = number(&element, "table:number-rows-spanned");
                    let columns = number(&element, "table:number-columns-spanned");
                    if name == "table:table-cell"
                        && (rows > 1 || columns > 1)
                        && let Some((_, regions)) = sheet.as_mut()
                    {
                        regions.push(Dimensions::new(
                            (row, column),
                            (
                                row.saturating_add(rows - 1),
                                column.saturating_add(columns - 1),
                            ),
                        ));
                    }
                    column =
                        column.saturating_add(number(&element, "table:number-columns-repeated"));
                }
                _ => {}
            },
            Ok(Event::End(element)) => match element.name().as_ref() {
                "table:table-row" => row = row.saturating_add(rows_repeated),
                "table:table" => {
                    if let Some((name, regions)) = sheet.take() {
                        found.insert(name, regions);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buffer.clear();
    }
    found
}

fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    let value = element.try_get_attribute(name).ok()??;
    Some(quick_xml::escape::unescape(&value.value).ok()?.into_owned())
}

/// A count attribute (spans, repeats): 1 when absent or not a positive number.
fn number(element: &BytesStart, name: &str) -> u32 {
    attribute(element, name)
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n| n >= 1)
        .unwrap_or(1)
}
