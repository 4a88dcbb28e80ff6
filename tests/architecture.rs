//! The shape of the code: arrows point one way. The library never uses the browser
//! (`crate::tui`), and no two modules use each other, directly or round a longer loop.
//! Read from the sources, so a new `use` that breaks the shape fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of `src/` (as `tui::app`, `catalog`, or `crate` for `lib.rs`) with the
/// text of its file.
fn modules() -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    walk(Path::new("src"), &mut found);
    found
}

fn walk(dir: &Path, found: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix("src").unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let name = match parts.as_slice() {
                [only] if only == "lib" || only == "main" => only.clone(),
                _ => parts.join("::"),
            };
            found.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The code of a file without its unit tests, which may use anything.
fn without_tests(text: &str) -> &str {
    // An inline `mod tests { ... }` closes the file; `mod tests;` only names another file.
    text.match_indices("#[cfg(test)]\nmod ")
        .find(|(at, _)| text[*at..].lines().nth(1).is_some_and(|l| l.ends_with('{')))
        .map_or(text, |(at, _)| &text[..at])
}

/// The modules a module's code refers to, through `crate::`, `super::` and `self::` paths.
fn uses(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let parent: Vec<&str> = module.split("::").collect();
    let mut out = BTreeSet::new();
    let code = without_tests(text);
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", parent[..parent.len().saturating_sub(1)].to_vec()),
        ("self::", parent.clone()),
    ] {
        for (at, _) in code.match_indices(prefix) {
            // Only whole path starts: not `foo_crate::`.
            if code[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let rest = &code[at + prefix.len()..];
            let mut path: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            // `use crate::{a, b}` and `use super::{x::Y, z}`: each item of the group.
            let segments: Vec<Vec<String>> = if rest.starts_with('{') {
                let group = &rest[1..rest.find('}').unwrap_or(rest.len())];
                group
                    .split(',')
                    .map(|item| {
                        item.trim()
                            .split("::")
                            .map(|s| s.trim().to_string())
                            .collect()
                    })
                    .collect()
            } else {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(rest.len());
                vec![rest[..end].split("::").map(str::to_string).collect()]
            };
            for segment in segments {
                let mut candidate = path.clone();
                let mut deepest = None;
                for part in segment {
                    candidate.push(part);
                    let name = candidate.join("::");
                    if known.contains(&name) {
                        deepest = Some(name);
                    }
                }
                if let Some(target) = deepest
                    && target != module
                {
                    out.insert(target);
                }
            }
            path.clear();
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(name, text)| (name.clone(), uses(name, text, &known)))
        .collect()
}

/// Whether `module` is `edge` or one of its modules.
fn within(module: &str, edge: &str) -> bool {
    module == edge
        || module
            .strip_prefix(edge)
            .is_some_and(|rest| rest.starts_with("::"))
}

#[test]
fn the_library_never_uses_the_browser() {
    for (module, targets) in graph() {
        if module == "main" || within(&module, "tui") {
            continue;
        }
        let browser: Vec<&String> = targets.iter().filter(|t| within(t, "tui")).collect();
        assert!(browser.is_empty(), "{module} uses {browser:?}");
    }
}

#[test]
fn the_browser_never_uses_the_command_line() {
    for (module, targets) in graph() {
        if !within(&module, "tui") {
            continue;
        }
        let command_line: Vec<&String> = targets.iter().filter(|t| within(t, "cli")).collect();
        assert!(command_line.is_empty(), "{module} uses {command_line:?}");
    }
}

/// The most lines a function of `src/` may take: a longer one is a room too big to find
/// one's way in (tests and generated tables aside).
const LONGEST_FUNCTION: usize = 120;

/// The name of the function a line declares, if it declares one.
fn declared_function(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
        "extern \"C\" ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The line a function declared at `start` ends on: where its braces close (or its
/// declaration, for one without a body). Strings, characters and comments are skipped.
fn function_end(lines: &[&str], start: usize) -> usize {
    let mut depth = 0usize;
    let mut opened = false;
    for (at, line) in lines.iter().enumerate().skip(start) {
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '/' if chars.peek() == Some(&'/') => break,
                '"' => {
                    while let Some(s) = chars.next() {
                        match s {
                            '\\' => {
                                chars.next();
                            }
                            '"' => break,
                            _ => {}
                        }
                    }
                }
                // A character literal such as '{' or '\'' (not a lifetime such as 'a).
                '\'' => {
                    let literal: String = chars.clone().take(3).collect();
                    if literal.starts_with('\\') {
                        chars.nth(2);
                    } else if literal.chars().nth(1) == Some('\'') {
                        chars.nth(1);
                    }
                }
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth = depth.saturating_sub(1),
                ';' if !opened && depth == 0 => return at,
                _ => {}
            }
        }
        if opened && depth == 0 {
            return at;
        }
    }
    lines.len() - 1
}

/// Every function of the code (without its tests) with the lines it takes.
fn function_sizes(code: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    (0..lines.len())
        .filter_map(|at| {
            let name = declared_function(lines[at])?;
            Some((name.to_string(), function_end(&lines, at) - at + 1))
        })
        .collect()
}

#[test]
fn no_function_is_longer_than_a_room() {
    let sample = "fn a() {\n    let s = \"}\";\n    let c = '{';\n    // }\n}\npub fn b(x: u8)\n    -> u8 {\n    x\n}\n";
    assert_eq!(
        function_sizes(sample),
        vec![("a".to_string(), 5), ("b".to_string(), 4)]
    );
    let mut long = Vec::new();
    for (module, text) in modules() {
        for (name, lines) in function_sizes(without_tests(&text)) {
            if lines > LONGEST_FUNCTION {
                long.push(format!("{module}::{name}: {lines} lines"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "longer than {LONGEST_FUNCTION} lines: {long:?}"
    );
}

#[test]
fn no_two_modules_use_each_other() {
    let graph = graph();
    assert!(graph.len() > 25, "{:?}", graph.keys());
    // Depth-first search for a loop, which would name its modules.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = path.iter().position(|p| p == node) {
            panic!("a loop of uses: {} -> {node}", path[at..].join(" -> "));
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(node.to_string());
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_reader_sees_the_uses_it_should() {
    let graph = graph();
    let app = &graph["tui::app"];
    for expected in [
        "tui::keymap",
        "tui::effect",
        "core::selection",
        "core::catalog",
        "lang",
    ] {
        assert!(app.contains(expected), "tui::app -> {expected}: {app:?}");
    }
    for (module, expected) in [
        ("cli::list", "core::selection"),
        ("cli::args", "core::selection"),
        ("cli::show", "core::library"),
        ("tui::start", "core::library"),
        ("tui::start", "track::open"),
    ] {
        let uses = &graph[module];
        assert!(uses.contains(expected), "{module} -> {expected}: {uses:?}");
    }
    assert!(graph["tui::ui"].contains("tui::ui::chrome"));
}

/// Words are chosen by language only in `lang.rs` and `core/say.rs`: elsewhere a match arm,
/// a pattern or a comparison on a language would make a second place for them.
#[test]
fn words_are_chosen_in_one_place() {
    /// Whether a line's naming of a language at `at` (its `Lang::` start) chooses by it.
    fn chooses(line: &str, at: usize) -> bool {
        // Before its path, as `crate::core::say::Lang::Zh`.
        let before = line[..at]
            .trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
            .trim_end();
        let name_end = at + "Lang::Zh".len();
        let after = line[name_end..].trim_start();
        before.ends_with("==")
            || before.ends_with("!=")
            || after.starts_with("==")
            || after.starts_with("!=")
            || after.starts_with('|')
            || (after.starts_with('=') && !after.starts_with("=="))
            // An arm, its pattern a language or a tuple holding one: `(Lang::Zh, x) =>`.
            || after.contains("=>")
            || before.contains("matches!(")
    }
    let first = |line: &str| chooses(line, line.find("Lang::").unwrap());
    for choice in [
        "Lang::Zh => \"已落实\",",
        "(Lang::En, Status::Done) => \"done\",",
        "(true, crate::core::say::Lang::Zh) => \"有\",",
        "let zh = messages() == crate::core::say::Lang::Zh;",
        "if lang != Lang::En {",
        "Lang::Zh | Lang::En => {}",
        "if let Lang::Zh = lang {",
        "matches!(lang, Lang::Zh)",
    ] {
        assert!(first(choice), "{choice}");
    }
    for use_of_a_value in [
        "status.label(Lang::Zh)",
        "let lang = Lang::En;",
        "for lang in [Lang::Zh, Lang::En] {",
    ] {
        assert!(!first(use_of_a_value), "{use_of_a_value}");
    }
    let mut found = Vec::new();
    for (module, text) in modules() {
        if module == "lang" || module == "core::say" || module.ends_with("tests") {
            continue;
        }
        for (number, line) in without_tests(&text).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for language in ["Lang::Zh", "Lang::En"] {
                for (at, _) in code.match_indices(language) {
                    if chooses(code, at) {
                        found.push(format!("{module}:{}: {}", number + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "choose words with lang.rs, say!, say_in! or pick:\n{}",
        found.join("\n")
    );
}
