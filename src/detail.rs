//! The detail layout of one reform, in lines that fit a width: what the browser's detail pane
//! draws and what `reforms show --width` prints. Roles, not styles, so the layout stays
//! independent of ratatui; the browser maps each role to a style.

use std::ops::Range;

use crate::catalog::Reform;
use crate::export::FIELDS;
use crate::lang::Lang;
use crate::text::{highlight, str_width, wrap_styled};

/// What a piece of a detail line is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The reform's number and title.
    Title,
    /// A field label such as `推广范围：`.
    Label,
    /// A field value: the scope, the agencies.
    Value,
    /// The content, and the indent under a label.
    Plain,
    /// Characters a search matched, in any field.
    Match,
}

/// One laid-out line: pieces of text with their roles. Empty for a blank line.
pub type DetailLine = Vec<(String, Role)>;

/// Characters to mark as matched: char indices (as fuzzy matchers give them) into the
/// reform's title, content, and each of its agencies in order. The default marks nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailHighlights {
    pub title: Vec<Range<usize>>,
    pub content: Vec<Range<usize>>,
    pub agencies: Vec<Vec<Range<usize>>>,
}

/// Continuation lines hang under a value only when the value keeps this many cells;
/// narrower, the value wraps under its label.
const MIN_HANGING_VALUE: usize = 8;

/// The reform laid out to `width` cells: `12. 标题` (wrapped), a blank line, `推广范围：…`,
/// `负责单位：A、B` (continuation lines hang under the value), a blank line, `主要内容：` and
/// the content, wrapped. Width 0 gives no lines.
pub fn detail_lines(
    reform: &Reform,
    width: usize,
    highlights: &DetailHighlights,
) -> Vec<DetailLine> {
    detail_lines_labelled(reform, width, highlights, Lang::Zh)
}

/// [`detail_lines`] with the field labels in `language`.
pub fn detail_lines_labelled(
    reform: &Reform,
    width: usize,
    highlights: &DetailHighlights,
    language: Lang,
) -> Vec<DetailLine> {
    let label = |name: &str| {
        let field = FIELDS.iter().find(|f| f.name == name);
        field.map_or_else(|| name.to_string(), |f| language.field_label(f))
    };
    if width == 0 {
        return Vec::new();
    }
    let mut lines = Vec::new();

    let number = format!("{}. ", reform.number);
    let title = highlight(&reform.title, &highlights.title, Role::Title, Role::Match);
    lines.extend(hanging(&number, Role::Title, &title, width));
    lines.push(Vec::new());

    let scope_label = label("scope");
    lines.extend(hanging(
        &scope_label,
        Role::Label,
        &[(&reform.scope, Role::Value)],
        width,
    ));

    let mut agencies = Vec::new();
    for (i, agency) in reform.agencies.iter().enumerate() {
        if i > 0 {
            agencies.push(("、", Role::Value));
        }
        let ranges = highlights.agencies.get(i).map_or(&[][..], Vec::as_slice);
        agencies.extend(highlight(agency, ranges, Role::Value, Role::Match));
    }
    lines.extend(hanging(&label("agencies"), Role::Label, &agencies, width));
    if let Some(document) = &reform.document {
        let document_label = language.field_label(&crate::export::DOCUMENT);
        lines.extend(hanging(
            &document_label,
            Role::Label,
            &[(document, Role::Value)],
            width,
        ));
    }
    lines.push(Vec::new());

    lines.extend(wrap_styled(
        &[(label("content").as_str(), Role::Label)],
        width,
    ));
    let content = highlight(
        &reform.content,
        &highlights.content,
        Role::Plain,
        Role::Match,
    );
    lines.extend(wrap_styled(&content, width));
    lines
}

/// The lines as plain text, one per line, each ending with `'\n'`.
pub fn plain_text(lines: &[DetailLine]) -> String {
    let mut out = String::new();
    for line in lines {
        for (text, _) in line {
            out.push_str(text);
        }
        out.push('\n');
    }
    out
}

/// `head` then `value`, continuation lines indented to hang under the value's first line
/// when there is room for it.
fn hanging(head: &str, head_role: Role, value: &[(&str, Role)], width: usize) -> Vec<DetailLine> {
    let indent = str_width(head);
    if width < indent + MIN_HANGING_VALUE {
        let mut spans = vec![(head, head_role)];
        spans.extend_from_slice(value);
        return wrap_styled(&spans, width);
    }
    let mut lines = wrap_styled(value, width - indent);
    for (i, line) in lines.iter_mut().enumerate() {
        let lead = if i == 0 {
            (head.to_string(), head_role)
        } else {
            (" ".repeat(indent), Role::Plain)
        };
        line.insert(0, lead);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reform() -> Reform {
        Reform {
            number: 12,
            title: "数据跨境政策“双首个”制度创新".into(),
            content: "推动出台全国首个自贸试验区企业数据分类分级标准规范。".into(),
            scope: "全市".into(),
            agencies: vec!["市委网信办".into(), "市数据局".into(), "市商务局".into()],
            lead: Vec::new(),
            document: None,
        }
    }

    fn texts(lines: &[DetailLine]) -> Vec<String> {
        plain_text(lines).lines().map(str::to_string).collect()
    }

    #[test]
    fn lays_out_fields_in_order() {
        let lines = detail_lines(&reform(), 24, &DetailHighlights::default());
        assert_eq!(
            texts(&lines),
            [
                // “ ” take one cell each: the title's first line is exactly 24 cells.
                "12. 数据跨境政策“双首个”",
                "    制度创新",
                "",
                "推广范围：全市",
                "负责单位：市委网信办、市",
                "          数据局、市商务",
                "          局",
                "",
                "主要内容：",
                "推动出台全国首个自贸试验",
                "区企业数据分类分级标准规",
                "范。",
            ]
        );
    }

    #[test]
    // One range in a list of ranges is what is meant here.
    #[allow(clippy::single_range_in_vec_init)]
    fn matches_are_marked_where_they_land() {
        let highlights = DetailHighlights {
            title: vec![2..4],
            content: vec![],
            agencies: vec![vec![], vec![1..3]],
        };
        let lines = detail_lines(&reform(), 40, &highlights);
        assert!(lines[0].contains(&("跨境".to_string(), Role::Match)));
        let agencies = &lines[3];
        assert_eq!(agencies[0], ("负责单位：".to_string(), Role::Label));
        assert!(agencies.contains(&("数据".to_string(), Role::Match)));
    }

    #[test]
    fn narrow_widths_still_fit() {
        for width in 1..12 {
            for line in detail_lines(&reform(), width, &DetailHighlights::default()) {
                let cells: usize = line.iter().map(|(t, _)| str_width(t)).sum();
                assert!(cells <= width, "{line:?} at {width}");
            }
        }
        assert!(detail_lines(&reform(), 0, &DetailHighlights::default()).is_empty());
    }
}
