//! The detail of a reform laid out for a width: title, scope, agencies and content, wrapped
//! by the text module, with search matches marked.

use std::ops::Range;

use crate::catalog::Reform;
use crate::text;

/// What a piece of the layout is, for the screen to style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Title,
    Label,
    Value,
    Match,
    Plain,
}

/// Characters to mark in each field (char ranges).
#[derive(Debug, Clone, Default)]
pub struct DetailHighlights {
    pub title: Vec<Range<usize>>,
    pub content: Vec<Range<usize>>,
    pub agencies: Vec<Vec<Range<usize>>>,
}

/// The lines of the detail at `width` cells.
pub fn detail_lines(
    reform: &Reform,
    width: usize,
    highlights: &DetailHighlights,
) -> Vec<Vec<(String, Role)>> {
    let number = format!("{}. ", reform.number);
    let mut title = vec![(number.as_str(), Role::Title)];
    title.extend(text::highlight(
        &reform.title,
        &highlights.title,
        Role::Title,
        Role::Match,
    ));
    let mut out = text::wrap_styled(&title, width);
    out.push(Vec::new());
    out.extend(text::wrap_styled(
        &[
            ("推广范围：", Role::Label),
            (reform.scope.as_str(), Role::Value),
        ],
        width,
    ));
    let mut agencies = vec![("负责单位：", Role::Label)];
    for (i, agency) in reform.agencies.iter().enumerate() {
        if i > 0 {
            agencies.push(("、", Role::Value));
        }
        let ranges = highlights.agencies.get(i).map_or(&[][..], Vec::as_slice);
        agencies.extend(text::highlight(agency, ranges, Role::Value, Role::Match));
    }
    out.extend(text::wrap_styled(&agencies, width));
    out.push(Vec::new());
    out.push(vec![("主要内容：".to_string(), Role::Label)]);
    out.extend(text::wrap_styled(
        &text::highlight(
            &reform.content,
            &highlights.content,
            Role::Plain,
            Role::Match,
        ),
        width,
    ));
    out
}
