//! Every key the documentation names comes from the key table (`src/tui/keymap.rs`). The
//! README's key tables are generated from it, and the keys named in the prose of README.md
//! and docs/*.md must be keys the table binds, to something like what the prose says.
//!
//! Prose names a key in three checked forms:
//! - a list item or table row that starts with backquoted keys and says what they do:
//!   ``- `r` — lead agencies only``, ``| `Ctrl-T` | the mouse |``;
//! - a key pressed: ``press `?` ``, ``按 `?` ``, ``the `A` key``;
//! - a key of the browser: ``the browser's `r` ``, ``(`r` in the browser)``.
//!
//! Each key must be bound, and what the item, or the clause around the key (else its
//! sentence), says must share a word with what the table says one of its bindings does.

use std::collections::BTreeMap;

use reforms::lang::Lang;
use reforms::tui::keymap::{Key, Keymap};

const START: &str = "<!-- keys:start -->";
const END: &str = "<!-- keys:end -->";

/// The README's key section as it must read between the markers.
fn generated() -> String {
    format!("\n\n{}\n", Keymap::standard().markdown(Lang::En))
}

/// Where the text between the markers begins and ends.
fn section(text: &str) -> Option<(usize, usize)> {
    let start = text.find(START)? + START.len();
    let end = start + text[start..].find(END)?;
    Some((start, end))
}

#[test]
fn readme_key_tables_are_the_key_table() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let (start, end) =
        section(&readme).unwrap_or_else(|| panic!("README.md lacks {START} ... {END}"));
    let want = generated();
    if readme[start..end] == want {
        return;
    }
    if std::env::var_os("REFORMS_BLESS").is_some() {
        let rewritten = format!("{}{want}{}", &readme[..start], &readme[end..]);
        std::fs::write("README.md", rewritten).unwrap();
        eprintln!("rewrote README.md's key tables from the key table");
        return;
    }
    let differs = readme[start..end]
        .lines()
        .zip(want.lines())
        .find(|(have, want)| have != want)
        .map(|(have, want)| format!("README.md has\n  {have}\nthe key table gives\n  {want}"))
        .unwrap_or_else(|| "the two differ in length".into());
    panic!(
        "README.md's key tables (between {START} and {END}) are not those of \
         src/tui/keymap.rs:\n{differs}\n\nRewrite them with:\n  \
         REFORMS_BLESS=1 cargo test --test all docs_keys::"
    );
}

#[test]
fn keys_named_in_the_docs_are_bound_to_what_they_say() {
    let mut files = vec!["README.md".to_string()];
    let mut docs: Vec<String> = std::fs::read_dir("docs")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    docs.sort();
    files.extend(docs);
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        found.extend(problems(&text).into_iter().map(|p| format!("{file}:{p}")));
    }
    assert!(
        found.is_empty(),
        "keys the key table (src/tui/keymap.rs) does not bind to what the docs say:\n{}",
        found.join("\n")
    );
}

/// A wrong key is caught in each checked form; code, the generated tables and keys the
/// table binds to what is said are left alone.
#[test]
fn a_wrong_key_is_caught() {
    let wrong = [
        "In the agency pane:\n\n- `l` — lead agencies only\n",
        "- `Ctrl-Q` — quit\n",
        "- `r`/`x` — lead agencies only\n",
        "| `l` | lead agency only |\n",
        "keeps the reforms they lead (牵头单位, the browser's `l`).\n",
        "and `l` in the browser's agency pane keeps the reforms an agency leads.\n",
        "Press `y` to quit.\n",
        "请按 `l` 切换推广范围。\n",
    ];
    for text in wrong {
        assert!(!problems(text).is_empty(), "not caught:\n{text}");
    }
    let right = [
        "In the agency pane:\n\n- `r` — lead agencies only\n",
        "- `Tab`/`Shift-Tab` — the next and previous pane\n",
        "- `u` — undo the last clearing of marks\n  (50 levels)\n",
        "| `Ctrl-T` | release the mouse |\n",
        "keeps the reforms they lead (牵头单位, the browser's `r`).\n",
        "Press `q` to quit, `?` for help.\n",
        "请按 `s` 切换推广范围。\n",
        "```\n- `l` — lead agencies only\n```\n",
        "<!-- keys:start -->\n| `l` | lead |\n<!-- keys:end -->\n",
        "- `--lead` — the reforms an agency leads\n",
        "| `!租赁` | not containing 租赁 |\n",
    ];
    for text in right {
        assert_eq!(problems(text), Vec::<String>::new(), "{text}");
    }
}

/// Every key of the standard table as the table shows it, with what each of its bindings
/// does, in both languages.
fn bound() -> BTreeMap<String, Vec<&'static str>> {
    let mut keys: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    for binding in Keymap::standard().bindings() {
        for key in &binding.keys {
            let said = keys.entry(key.name()).or_default();
            said.push(binding.description(Lang::En));
            said.push(binding.description(Lang::Zh));
        }
    }
    keys
}

/// Whether backquoted text is a key written as the key table writes keys: `r`, `Ctrl-P`,
/// `Space`, `PgDn`. A slash between keys (`j/Down`) writes several.
fn keys_in(token: &str) -> Option<Vec<String>> {
    let is_key = |t: &str| Key::parse(t).is_some_and(|key| key.name() == t);
    if is_key(token) {
        return Some(vec![token.to_string()]);
    }
    let parts: Vec<&str> = token.split('/').collect();
    (parts.len() > 1 && parts.iter().all(|p| is_key(p)))
        .then(|| parts.iter().map(|p| p.to_string()).collect())
}

/// Words that say nothing of what a key does.
const STOP: &[&str] = &[
    "the", "and", "for", "with", "from", "that", "this", "then", "when", "where", "what", "which",
    "its", "their", "them", "they", "there", "every", "all", "any", "only", "one", "each", "also",
    "too", "not", "but", "are", "was", "has", "have", "into", "out", "you", "your", "key", "keys",
    "press", "pressed", "pressing", "browser", "pane", "panes", "here", "again", "once", "else",
    "other", "same", "both", "instead", "see", "below", "above",
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .map(str::to_ascii_lowercase)
        .filter(|w| w.len() >= 3 && !STOP.contains(&w.as_str()))
        .collect()
}

/// Two words are one when they share all but the last letter of the shorter, and at least
/// three letters: `mark` and `marks`, `agency` and `agencies`, `copy` and `copies`.
fn same_word(a: &str, b: &str) -> bool {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    a == b || (common >= 3 && common + 1 >= a.len().min(b.len()))
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether `text` says something of what one of `descriptions` says: a word in common, or
/// two Chinese characters in a row.
fn says_one_of(text: &str, descriptions: &[&str]) -> bool {
    let said = words(text);
    descriptions.iter().any(|description| {
        let han: Vec<char> = description.chars().collect();
        words(description)
            .iter()
            .any(|w| said.iter().any(|s| same_word(w, s)))
            || han
                .windows(2)
                .filter(|pair| pair.iter().all(|&c| is_han(c)))
                .any(|pair| text.contains(&pair.iter().collect::<String>()))
    })
}

/// `text` with what is not prose blanked out, byte for byte, so places stay where they
/// were: fenced code blocks and the generated key tables.
fn prose(text: &str) -> String {
    let blank = |s: &str| {
        s.chars()
            .map(|c| {
                if c == '\n' {
                    "\n".to_string()
                } else {
                    " ".repeat(c.len_utf8())
                }
            })
            .collect::<String>()
    };
    let mut out = String::new();
    let mut in_code = false;
    let mut in_keys = false;
    for line in text.split_inclusive('\n') {
        let fence = line.trim_start().starts_with("```");
        let marker = line.contains(START) || line.contains(END);
        if line.contains(START) {
            in_keys = true;
        }
        if in_code || in_keys || fence || marker {
            out.push_str(&blank(line));
        } else {
            out.push_str(line);
        }
        if fence {
            in_code = !in_code;
        }
        if line.contains(END) {
            in_keys = false;
        }
    }
    out
}

/// The backquoted spans of `text`: where each begins (at its first backquote), ends (after
/// its last) and what it holds.
fn spans(text: &str) -> Vec<(usize, usize, &str)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('`').map(|at| rest + at) {
        let ticks = text[open..].bytes().take_while(|&b| b == b'`').count();
        let fence = &text[open..open + ticks];
        let Some(close) = text[open + ticks..].find(fence).map(|at| open + ticks + at) else {
            break;
        };
        found.push((open, close + ticks, text[open + ticks..close].trim()));
        rest = close + ticks;
    }
    found
}

/// `text` with the backquoted spans blanked out, so that a key's own name or an option
/// such as `--lead` is not taken for what the prose says.
fn without_spans(text: &str) -> String {
    let mut out = text.to_string();
    for (start, end, _) in spans(text) {
        let blank = " ".repeat(text[start..end].len());
        out.replace_range(start..end, &blank);
    }
    out
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// The problems of one document: `line: message`.
fn problems(text: &str) -> Vec<String> {
    let bound = bound();
    let prose = prose(text);
    let mut found = Vec::new();
    let check = |line: usize, key: &str, said: &str, form: &str| match bound.get(key) {
        None => Some(format!(
            "{line}: `{key}` ({form}) is not a key of the key table"
        )),
        Some(descriptions) if !says_one_of(said, descriptions) => Some(format!(
            "{line}: `{key}` ({form}) is said to do \"{}\", but the key table has it do: {}",
            said.split_whitespace().collect::<Vec<_>>().join(" "),
            descriptions.join(" / ")
        )),
        Some(_) => None,
    };

    // List items and table rows that start with keys.
    let lines: Vec<&str> = prose.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let (head, said) = if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            let Some((head, first)) = item.split_once(" — ") else {
                continue;
            };
            // The item goes on over its indented lines.
            let mut said = first.to_string();
            for next in &lines[i + 1..] {
                let t = next.trim_start();
                if next.len() == t.len() || t.is_empty() || t.starts_with("- ") {
                    break;
                }
                said.push(' ');
                said.push_str(t);
            }
            (head.to_string(), said)
        } else if let Some(row) = trimmed.strip_prefix('|') {
            let cells: Vec<&str> = split_cells(row);
            if cells.len() < 2 {
                continue;
            }
            (cells[0].trim().to_string(), cells[1..].join(" "))
        } else {
            continue;
        };
        // The head must be nothing but backquoted spans and separators between them.
        let head_spans = spans(&head);
        let between = without_spans(&head);
        let separators = between
            .split(|c: char| c.is_whitespace() || c == '/' || c == ',')
            .all(|w| w.is_empty() || w == "or" || w == "and");
        if head_spans.is_empty() || !separators {
            continue;
        }
        let keys: Vec<Option<Vec<String>>> =
            head_spans.iter().map(|(_, _, t)| keys_in(t)).collect();
        if keys.iter().all(Option::is_none) {
            continue;
        }
        let said = without_spans(&said);
        for ((_, _, token), key) in head_spans.iter().zip(keys) {
            match key {
                None => found.push(format!(
                    "{}: `{token}` is listed among keys but is not written as a key",
                    i + 1
                )),
                Some(keys) => {
                    for key in keys {
                        found.extend(check(i + 1, &key, &said, "listed"));
                    }
                }
            }
        }
    }

    // Keys pressed, and keys of the browser, in paragraphs.
    let mut paragraph_start = 0;
    for paragraph in prose.split("\n\n") {
        let masked = without_spans(paragraph);
        for (start, end, token) in spans(paragraph) {
            let Some(keys) = keys_in(token) else {
                continue;
            };
            let before = paragraph[..start].trim_end().to_lowercase();
            let after = paragraph[end..].to_lowercase();
            let after = after.trim_start_matches(' ');
            let cued = ["press", "pressing", "pressed", "按", "browser's"]
                .iter()
                .any(|cue| before.ends_with(cue))
                || after.starts_with("key")
                || after.starts_with('键')
                || after.starts_with("in the browser");
            if !cued {
                continue;
            }
            let clause = around(&masked, start, end, ",;:()，；：（）。—|");
            let said = if words(clause).is_empty() && !clause.chars().any(is_han) {
                around(&masked, start, end, "。|")
            } else {
                clause
            };
            let said = sentence_trim(said);
            let line = line_of(&prose, paragraph_start + start);
            for key in keys {
                found.extend(check(line, &key, said, "pressed"));
            }
        }
        paragraph_start += paragraph.len() + 2;
    }
    found
}

/// The cells of a table row (after its first `|`), split at the bars that are not escaped.
fn split_cells(row: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut from = 0;
    let bytes = row.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            cells.push(&row[from..i]);
            from = i + 1;
        }
    }
    cells
}

/// The text around `start..end` up to the nearest of `stops` on either side (a table
/// cell's bar among them); a full stop followed by a space ends a sentence as well.
fn around<'a>(text: &'a str, start: usize, end: usize, stops: &str) -> &'a str {
    let is_stop = |c: char| stops.contains(c);
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|&(i, c)| is_stop(c) || (c == '.' && text[i + 1..].starts_with(' ')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..]
        .char_indices()
        .find(|&(i, c)| is_stop(c) || (c == '.' && text[end + i + 1..].starts_with([' ', '\n'])))
        .map_or(text.len(), |(i, _)| end + i);
    &text[from..to]
}

fn sentence_trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == '。')
}
