//! The detail layout of one reform, in lines that fit a width: what the browser's detail pane
//! draws and what `reforms show --width` prints. Roles, not styles, so the layout stays
//! independent of ratatui; the browser maps each role to a style.

use std::ops::Range;

use crate::core::catalog::Reform;
use crate::core::text::{SourcedLine, str_width, wrap_sourced, wrap_styled};
use crate::documents::export::FIELDS;
use crate::lang::Lang;

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
    let layout = DetailLayout::new(reform, width, language);
    (0..layout.len())
        .map(|i| layout.line(i, reform, highlights))
        .collect()
}

/// A field whose text runs through laid-out lines, and its role before highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Title,
    /// The agencies joined by `、`.
    Agencies,
    Content,
}

impl Source {
    fn role(self) -> Role {
        match self {
            Source::Title => Role::Title,
            Source::Agencies => Role::Value,
            Source::Content => Role::Plain,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Laid {
    /// A line with no field's text to highlight (a label, a scope, a blank line), or one
    /// of a narrow layout, where labels and values wrap together.
    Fixed(DetailLine),
    /// A field's line, after a label or an indent.
    Field {
        lead: Option<(String, Role)>,
        source: Source,
        line: SourcedLine,
    },
}

/// A reform laid out once for a width, without highlights; a line is highlighted when it
/// is asked for, so a long content costs its wrapping once per width and its highlighting
/// only for the lines shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailLayout {
    lines: Vec<Laid>,
}

impl DetailLayout {
    pub fn new(reform: &Reform, width: usize, language: Lang) -> DetailLayout {
        let mut lines = Vec::new();
        if width == 0 {
            return DetailLayout { lines };
        }
        let label = |name: &str| {
            let field = FIELDS.iter().find(|f| f.name == name);
            field.map_or_else(|| name.to_string(), |f| language.field_label(f))
        };
        let number = format!("{}. ", reform.number);
        lines.extend(hanging(
            &number,
            Role::Title,
            &reform.title,
            Source::Title,
            width,
        ));
        lines.push(Laid::Fixed(Vec::new()));
        let scope = wrap_hanging(&label("scope"), Role::Label, &reform.scope, width);
        lines.extend(scope.into_iter().map(Laid::Fixed));
        let agencies = reform.agencies.join("、");
        let head = label("agencies");
        lines.extend(hanging(
            &head,
            Role::Label,
            &agencies,
            Source::Agencies,
            width,
        ));
        if let Some(document) = &reform.document {
            let head = language.field_label(&crate::documents::export::DOCUMENT);
            let document = wrap_hanging(&head, Role::Label, document, width);
            lines.extend(document.into_iter().map(Laid::Fixed));
        }
        lines.push(Laid::Fixed(Vec::new()));
        let content_label = wrap_styled(&[(label("content").as_str(), Role::Label)], width);
        lines.extend(content_label.into_iter().map(Laid::Fixed));
        lines.extend(
            wrap_sourced(&reform.content, width)
                .into_iter()
                .map(|line| Laid::Field {
                    lead: None,
                    source: Source::Content,
                    line,
                }),
        );
        DetailLayout { lines }
    }

    /// How many lines the reform takes.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Line `i` with the characters `highlights` marks as matched.
    pub fn line(&self, i: usize, reform: &Reform, highlights: &DetailHighlights) -> DetailLine {
        match self.lines.get(i) {
            None => Vec::new(),
            Some(Laid::Fixed(line)) => line.clone(),
            Some(Laid::Field { lead, source, line }) => {
                let joined;
                let ranges: &[Range<usize>] = match source {
                    Source::Title => &highlights.title,
                    Source::Content => &highlights.content,
                    Source::Agencies => {
                        joined = agency_ranges(reform, highlights);
                        &joined
                    }
                };
                let mut out: DetailLine = lead.iter().cloned().collect();
                out.extend(line.highlight(ranges, source.role(), Role::Match));
                out
            }
        }
    }
}

/// The agencies' highlights as char ranges in the agencies joined by `、`, sorted.
fn agency_ranges(reform: &Reform, highlights: &DetailHighlights) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, agency) in reform.agencies.iter().enumerate() {
        if let Some(ranges) = highlights.agencies.get(i) {
            out.extend(ranges.iter().map(|r| r.start + offset..r.end + offset));
        }
        offset += agency.chars().count() + 1;
    }
    out.sort_by_key(|r| r.start);
    out
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

/// `head` then a field's `value`, continuation lines indented to hang under the value's
/// first line when there is room for it; else the two wrap together.
fn hanging(head: &str, head_role: Role, value: &str, source: Source, width: usize) -> Vec<Laid> {
    let indent = str_width(head);
    if width < indent + MIN_HANGING_VALUE {
        let spans = [(head, head_role), (value, source.role())];
        return wrap_styled(&spans, width)
            .into_iter()
            .map(Laid::Fixed)
            .collect();
    }
    wrap_sourced(value, width - indent)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let lead = if i == 0 {
                (head.to_string(), head_role)
            } else {
                (" ".repeat(indent), Role::Plain)
            };
            Laid::Field {
                lead: Some(lead),
                source,
                line,
            }
        })
        .collect()
}

/// `head` then `value` (a scope: never highlighted), hanging as [`hanging`] does.
fn wrap_hanging(head: &str, head_role: Role, value: &str, width: usize) -> Vec<DetailLine> {
    let indent = str_width(head);
    if width < indent + MIN_HANGING_VALUE {
        return wrap_styled(&[(head, head_role), (value, Role::Value)], width);
    }
    let mut lines = wrap_styled(&[(value, Role::Value)], width - indent);
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
    // One range in a list of ranges is what is meant here.
    #[allow(clippy::single_range_in_vec_init)]
    fn highlights_laid_over_lines_equal_the_highlighted_text_wrapped() {
        let mut reform = reform();
        // A tab, a control character, quotes and an ellipsis, a line break, wide characters.
        reform.content = "推动\t出台“全国首个”…自贸\u{7}试验区\n企业数据分类 分级标准规范。"
            .repeat(3)
            .into();
        reform.title = "数据跨境 政策“双首个”制度创新".repeat(2).into();
        let content = vec![0..2, 5..9, 20..21, 40..44, 70..90];
        let title = vec![1..3, 12..20];
        let highlights = DetailHighlights {
            title: title.clone(),
            content: content.clone(),
            agencies: vec![vec![0..2], vec![], vec![1..4]],
        };
        for width in 1..50 {
            let lines = detail_lines(&reform, width, &highlights);
            let expected = wrap_styled(
                &crate::core::text::highlight(&reform.content, &content, Role::Plain, Role::Match),
                width,
            );
            assert_eq!(
                lines[lines.len() - expected.len()..],
                expected[..],
                "{width}"
            );
            if width >= 4 + MIN_HANGING_VALUE {
                let title_lines = wrap_styled(
                    &crate::core::text::highlight(&reform.title, &title, Role::Title, Role::Match),
                    width - 4,
                );
                for (i, expected) in title_lines.iter().enumerate() {
                    assert_eq!(lines[i][1..], expected[..], "{width} {i}");
                }
            }
        }
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
