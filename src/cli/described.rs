//! The selection in a line, as the written reports state what they hold (`筛选：…`).

use crate::core::selection::{AgencyMatch, AgencyRole, Selection};

/// A selection in a line, as a report states what it holds: the search, the agencies, the
/// scope and the documents; `None` when it holds every reform.
pub fn described(selection: &Selection) -> Option<String> {
    let mut parts = Vec::new();
    if !selection.query.trim().is_empty() {
        parts.push(format!("检索“{}”", selection.query.trim()));
    }
    if !selection.agencies.is_empty() {
        let role = match selection.role {
            AgencyRole::Lead => "牵头单位",
            AgencyRole::Any => "负责单位",
        };
        let all = match selection.agency_match {
            AgencyMatch::All if selection.agencies.len() > 1 => "（同时）",
            _ => "",
        };
        parts.push(format!("{role}{all}：{}", selection.agencies.join("、")));
    }
    if let Some(scope) = &selection.scope {
        parts.push(format!("推广范围：{scope}"));
    }
    if !selection.documents.is_empty() {
        parts.push(format!("文件：{}", selection.documents.join("、")));
    }
    (!parts.is_empty()).then(|| parts.join("；"))
}
