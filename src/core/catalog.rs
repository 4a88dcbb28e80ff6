//! The dataset: reforms loaded from the embedded TOML or from a file, validated, with the
//! derived views (agencies and scopes with their counts) the rest of the program needs.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::core::diagnostic::{Diagnostic, LoadError, SourceFile, refused};
use crate::core::safe;
use crate::core::say::{messages, pick};
pub use crate::core::strings::Text;

/// The dataset compiled into the binary, so the program needs no file at run time.
pub const EMBEDDED_TOML: &str = include_str!("../../data/reforms.toml");
/// How the embedded dataset is named in messages.
pub const EMBEDDED_NAME: &str = "data/reforms.toml (embedded)";

/// One reform experience: a row of the source table. The field names are also the JSON's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reform {
    /// 序号
    pub number: u32,
    /// 改革事项
    pub title: Text,
    /// 主要内容
    pub content: Text,
    /// 推广范围, e.g. 全市 or 京津冀
    pub scope: Text,
    /// 负责单位, in the source's order
    pub agencies: Vec<Text>,
    /// 牵头单位: the lead agencies among `agencies`, where the document names them apart from
    /// the co-operating ones (配合单位); empty when it does not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead: Vec<Text>,
    /// The title of the document the reform comes from, when the catalog holds several
    /// (a library); never read from a dataset file, which is one document.
    #[serde(default, skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub document: Option<String>,
}

/// The `[document]` table: what the batch is and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Document {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The 文号, as 津自贸发〔2025〕3号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The date it was issued, as the document writes it (2025年3月1日).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Who issued it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
}

/// An agency with the number of reforms it is responsible for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyCount {
    pub name: String,
    pub count: usize,
}

/// A scope (推广范围) with the number of reforms that carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeCount {
    pub name: String,
    pub count: usize,
}

/// Where a catalog was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    File(PathBuf),
    /// Several documents, each from its own place (a library).
    Several(Vec<Origin>),
}

/// One document of a catalog: a batch of reforms and what it says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// A short name, unique in the catalog, for `--document` and the session: the file's
    /// name without its extension, `embedded` for the embedded batch.
    pub name: String,
    pub document: Document,
    pub origin: Origin,
    /// Its reforms' positions in `Catalog::reforms`.
    pub reforms: Range<usize>,
}

/// A list of positions for each reform, all in one vector: 100,000 reforms make two
/// allocations, not 100,000.
#[derive(Debug, Clone, Default)]
struct PerReform {
    items: Vec<usize>,
    /// Where each reform's list ends in `items`.
    ends: Vec<u32>,
}

impl PerReform {
    fn with_capacity(reforms: usize) -> PerReform {
        PerReform {
            items: Vec::new(),
            ends: Vec::with_capacity(reforms),
        }
    }

    /// Ends the list of the next reform, which holds the items pushed since the last.
    fn end(&mut self) {
        self.ends.push(self.items.len() as u32);
    }

    fn get(&self, reform: usize) -> &[usize] {
        let start = reform.checked_sub(1).map_or(0, |i| self.ends[i] as usize);
        &self.items[start..self.ends[reform] as usize]
    }
}

/// A validated dataset and its derived views.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub document: Document,
    pub reforms: Vec<Reform>,
    pub origin: Origin,
    agencies: Vec<AgencyCount>,
    scopes: Vec<ScopeCount>,
    /// For each reform, the positions of its agencies in `agencies`.
    reform_agencies: PerReform,
    /// For each reform, the positions of its lead agencies in `agencies`.
    reform_leads: PerReform,
    /// For each agency of `agencies`, how many reforms it leads.
    lead_counts: Vec<usize>,
    /// For each reform, the position of its scope in `scopes`.
    reform_scopes: Vec<usize>,
    agency_at: HashMap<String, usize>,
    scope_at: HashMap<String, usize>,
    batches: Vec<Batch>,
}

impl Catalog {
    /// The embedded dataset. It is checked by the test suite, so a failure here is a build
    /// defect, reported as an error rather than a panic all the same.
    pub fn embedded() -> Result<Catalog, LoadError> {
        let source = SourceFile::new(EMBEDDED_NAME, EMBEDDED_TOML);
        Self::parse(&source, Origin::Embedded)
    }

    /// Loads and validates a dataset file. Never falls back to the embedded data.
    pub fn from_file(path: &Path) -> Result<Catalog, LoadError> {
        let source = SourceFile::read(path)?;
        Self::parse(&source, Origin::File(path.to_path_buf()))
    }

    /// Loads `path` when given, else the embedded dataset.
    pub fn load(path: Option<&Path>) -> Result<Catalog, LoadError> {
        match path {
            Some(path) => Self::from_file(path),
            None => Self::embedded(),
        }
    }

    /// Parses and validates TOML text; `source.name` is used in messages.
    pub fn parse(source: &SourceFile, origin: Origin) -> Result<Catalog, LoadError> {
        let text = source.text();
        if text.trim().is_empty() {
            return Err(source.error_at(
                0..0,
                &crate::say!(
                    "the file is empty: expected [[reform]] tables",
                    "文件为空: 应有 [[reform]] 表"
                ),
            ));
        }
        let whole = |text: &str| {
            toml::from_str::<RawDataset>(text).map_err(|e| {
                let span = e.span().unwrap_or(0..0);
                let line = source.line_text(source.line_column(span.start).0);
                source.error_at(span, &toml_message(&e, line))
            })
        };
        let (document, reforms) = match parse_in_pieces(text) {
            // Spans in pieces are relative to the piece: on any problem, parse again whole
            // so that messages point at the right line.
            Some(raw) => match validate(source, raw) {
                Ok(valid) => valid,
                Err(_) => validate(source, whole(text)?)?,
            },
            None => validate(source, whole(text)?)?,
        };
        let document = document.unwrap_or_else(|| Document {
            title: default_title(&source.name),
            ..Document::default()
        });
        Ok(Self::from_parts(document, reforms, origin))
    }

    /// Builds the derived views for reforms that are already known to be valid.
    pub fn from_parts(document: Document, reforms: Vec<Reform>, origin: Origin) -> Catalog {
        // One pass over the reforms, which reads each name once (at 100,000 reforms each
        // pass over their text is mostly waiting for memory): agencies and scopes are named
        // in order of first appearance and counted, each reform's as positions in that
        // order; then the agencies are put in order of count and the positions renumbered.
        let mut agencies = Tally::default();
        let mut scopes = Tally::default();
        let mut reform_agencies = PerReform::with_capacity(reforms.len());
        let mut reform_leads = PerReform::with_capacity(reforms.len());
        let mut reform_scopes = Vec::with_capacity(reforms.len());
        for r in &reforms {
            let first = reform_agencies.items.len();
            for a in &r.agencies {
                reform_agencies.items.push(agencies.add(a));
            }
            // A lead agency is one of the reform's agencies.
            for l in &r.lead {
                let at = r.agencies.iter().position(|a| a == l);
                let at = at.map_or_else(
                    || agencies.add_uncounted(l),
                    |i| reform_agencies.items[first + i],
                );
                reform_leads.items.push(at);
            }
            reform_agencies.end();
            reform_leads.end();
            reform_scopes.push(scopes.add(&r.scope));
        }
        // A stable sort keeps first appearance among equal counts.
        let mut named: Vec<(usize, (String, usize))> =
            agencies.names.into_iter().enumerate().collect();
        named.sort_by_key(|(_, (_, count))| std::cmp::Reverse(*count));
        let mut rank = vec![0; named.len()];
        for (new, &(old, _)) in named.iter().enumerate() {
            rank[old] = new;
        }
        for item in reform_agencies
            .items
            .iter_mut()
            .chain(&mut reform_leads.items)
        {
            *item = rank[*item];
        }
        reform_agencies.items.shrink_to_fit();
        reform_leads.items.shrink_to_fit();
        let agencies: Vec<AgencyCount> = named
            .into_iter()
            .map(|(_, (name, count))| AgencyCount { name, count })
            .collect();
        let scopes: Vec<ScopeCount> = scopes
            .names
            .into_iter()
            .map(|(name, count)| ScopeCount { name, count })
            .collect();
        let position = |names: Vec<&String>| -> HashMap<String, usize> {
            names
                .into_iter()
                .enumerate()
                .map(|(i, name)| (name.clone(), i))
                .collect()
        };
        let agency_at = position(agencies.iter().map(|a| &a.name).collect());
        let scope_at = position(scopes.iter().map(|s| &s.name).collect());
        let mut lead_counts = vec![0; agencies.len()];
        for &agency in &reform_leads.items {
            lead_counts[agency] += 1;
        }
        Catalog {
            agencies,
            scopes,
            reform_agencies,
            reform_leads,
            lead_counts,
            reform_scopes,
            batches: vec![Batch {
                name: batch_name(&origin),
                document: document.clone(),
                origin: origin.clone(),
                reforms: 0..reforms.len(),
            }],
            document,
            reforms,
            origin,
            agency_at,
            scope_at,
        }
    }

    /// One catalog of several: their reforms one document after another, each reform
    /// knowing its document's title, and agencies and scopes counted over them all. Names
    /// shared by two documents get `-2`, `-3`. The first document stands for the whole
    /// where one document is asked for (the title of a report).
    pub fn merge(catalogs: Vec<Catalog>) -> Catalog {
        if catalogs.len() == 1 {
            return catalogs
                .into_iter()
                .next()
                .unwrap_or_else(|| unreachable!());
        }
        let mut reforms = Vec::new();
        let mut batches: Vec<Batch> = Vec::new();
        for catalog in catalogs {
            for batch in catalog.batches {
                let start = reforms.len();
                let title = batch.document.title.clone();
                reforms.extend(catalog.reforms[batch.reforms.clone()].iter().cloned().map(
                    |mut r| {
                        r.document = Some(title.clone());
                        r
                    },
                ));
                let mut name = batch.name.clone();
                let mut n = 1;
                while batches.iter().any(|b| b.name == name) {
                    n += 1;
                    name = format!("{}-{n}", batch.name);
                }
                batches.push(Batch {
                    name,
                    reforms: start..reforms.len(),
                    ..batch
                });
            }
        }
        let document = batches
            .first()
            .map(|b| b.document.clone())
            .unwrap_or_default();
        let origin = Origin::Several(batches.iter().map(|b| b.origin.clone()).collect());
        let mut merged = Catalog::from_parts(document, reforms, origin);
        merged.batches = batches;
        merged
    }

    /// The one document `reforms` come from, which an export names at its head: the
    /// catalog's own, or in a library the one they all share; `None` for reforms of several
    /// documents (each then names its own) or none.
    pub fn shared_document(&self, reforms: &[&Reform]) -> Option<&Document> {
        let first = reforms.first()?;
        if self.batches.len() <= 1 {
            return Some(&self.document);
        }
        let title = first.document.as_deref()?;
        if reforms.iter().any(|r| r.document.as_deref() != Some(title)) {
            return None;
        }
        self.batches
            .iter()
            .map(|b| &b.document)
            .find(|d| d.title == title)
    }

    /// The document a report of `reforms` is titled by: the one they share, or for reforms
    /// of several documents one named after each of them (《A》《B》).
    pub fn report_document(&self, reforms: &[&Reform]) -> Document {
        if let Some(shared) = self.shared_document(reforms) {
            return shared.clone();
        }
        let mut titles: Vec<&str> = Vec::new();
        for title in reforms.iter().filter_map(|r| r.document.as_deref()) {
            if !titles.contains(&title) {
                titles.push(title);
            }
        }
        if titles.is_empty() {
            return self.document.clone();
        }
        Document {
            title: titles.iter().map(|t| format!("《{t}》")).collect(),
            ..Document::default()
        }
    }

    /// The documents of the catalog, in order: one, or several for a library.
    pub fn batches(&self) -> &[Batch] {
        &self.batches
    }

    /// The position in `batches()` of the document of the reform at `reform`.
    pub fn batch_of(&self, reform: usize) -> usize {
        self.batches
            .iter()
            .position(|b| b.reforms.contains(&reform))
            .unwrap_or(0)
    }

    /// The position in `batches()` of the document named `name` (its short name, or its
    /// title).
    pub fn batch_index(&self, name: &str) -> Option<usize> {
        self.batches
            .iter()
            .position(|b| b.name == name)
            .or_else(|| self.batches.iter().position(|b| b.document.title == name))
    }

    /// The position in `reforms` of reform `number` of the document named `document`, or
    /// of the first document that has one so numbered.
    pub fn position_in(&self, document: Option<&str>, number: u32) -> Option<usize> {
        match document {
            None => self.position_of(number),
            Some(name) => {
                let batch = &self.batches[self.batch_index(name)?];
                batch
                    .reforms
                    .clone()
                    .find(|&i| self.reforms[i].number == number)
            }
        }
    }

    /// Every agency with its number of reforms, most reforms first, then in order of first
    /// appearance in the document.
    pub fn agencies(&self) -> &[AgencyCount] {
        &self.agencies
    }

    /// Every scope with its number of reforms, in order of first appearance.
    pub fn scopes(&self) -> &[ScopeCount] {
        &self.scopes
    }

    /// The position in `agencies()` of the agency of this name.
    pub fn agency_index(&self, name: &str) -> Option<usize> {
        self.agency_at.get(name).copied()
    }

    /// The position in `scopes()` of the scope of this name.
    pub fn scope_index(&self, name: &str) -> Option<usize> {
        self.scope_at.get(name).copied()
    }

    /// The positions in `agencies()` of the agencies of the reform at `reform`, in the
    /// reform's order.
    pub fn agencies_of(&self, reform: usize) -> &[usize] {
        self.reform_agencies.get(reform)
    }

    /// The positions in `agencies()` of the lead agencies (牵头单位) of the reform at
    /// `reform`; empty when its document does not name them.
    pub fn leads_of(&self, reform: usize) -> &[usize] {
        self.reform_leads.get(reform)
    }

    /// How many reforms the agency at `agency` of `agencies()` leads.
    pub fn lead_count(&self, agency: usize) -> usize {
        self.lead_counts[agency]
    }

    /// Whether any reform names its lead agencies.
    pub fn has_leads(&self) -> bool {
        self.lead_counts.iter().any(|&n| n > 0)
    }

    /// The position in `scopes()` of the scope of the reform at `reform`.
    pub fn scope_of(&self, reform: usize) -> usize {
        self.reform_scopes[reform]
    }

    /// The reform with this number.
    pub fn by_number(&self, number: u32) -> Option<&Reform> {
        self.reforms.iter().find(|r| r.number == number)
    }

    /// The position in `reforms` of the reform with this number.
    pub fn position_of(&self, number: u32) -> Option<usize> {
        self.reforms.iter().position(|r| r.number == number)
    }

    /// A short name for the dataset, used in messages.
    pub fn source_name(&self) -> String {
        origin_name(&self.origin)
    }
}

fn origin_name(origin: &Origin) -> String {
    match origin {
        Origin::Embedded => EMBEDDED_NAME.to_string(),
        Origin::File(path) => path.display().to_string(),
        Origin::Several(origins) => origins
            .iter()
            .map(origin_name)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The short name of a document loaded from `origin`.
fn batch_name(origin: &Origin) -> String {
    match origin {
        Origin::Embedded => "embedded".to_string(),
        Origin::File(path) => path
            .file_stem()
            .map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned()),
        Origin::Several(_) => "library".to_string(),
    }
}

/// Names in order of first appearance, each with how often it was added.
#[derive(Default)]
struct Tally<'a> {
    names: Vec<(String, usize)>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Tally<'a> {
    /// Counts `name` once; its position among the names.
    fn add(&mut self, name: &'a str) -> usize {
        let at = self.add_uncounted(name);
        self.names[at].1 += 1;
        at
    }

    /// The position of `name`, which is named (with a count of 0) if it was not yet.
    fn add_uncounted(&mut self, name: &'a str) -> usize {
        match self.index.get(name) {
            Some(&at) => at,
            None => {
                let at = self.names.len();
                self.index.insert(name, at);
                self.names.push((name.to_owned(), 0));
                at
            }
        }
    }
}

/// Files over 2 MiB are split before their `[[reform]]` header lines and the pieces parsed on
/// all cores: the toml crate takes about a second for 100,000 reforms on one. None when the file
/// is small, could hold a header line inside a multi-line string, or any piece fails or
/// holds something other than reforms after the first; the caller then parses it whole.
fn parse_in_pieces(text: &str) -> Option<RawDataset> {
    use rayon::prelude::*;
    const PIECE: usize = 1 << 20;
    let has = |needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
    if text.len() < 2 * PIECE || has("\"\"\"") || has("\'\'\'") {
        return None;
    }
    let header = memchr::memmem::Finder::new("\n[[reform]]");
    let mut starts = vec![0];
    let mut from = PIECE;
    while from < text.len() {
        let Some(at) = header.find(&text.as_bytes()[from..]) else {
            break;
        };
        let line = from + at + 1;
        let end = line + "[[reform]]".len();
        // Only a header alone on its line; others stay inside a piece, which is still right.
        if matches!(text.as_bytes().get(end), Some(b'\n' | b'\r')) {
            starts.push(line);
            from = line + PIECE;
        } else {
            from = end;
        }
    }
    starts.push(text.len());
    let pieces: Vec<&str> = starts.windows(2).map(|w| &text[w[0]..w[1]]).collect();
    let parsed: Vec<RawDataset> = pieces
        .par_iter()
        .map(|piece| toml::from_str::<RawDataset>(piece).ok())
        .collect::<Option<_>>()?;
    let mut parsed = parsed.into_iter();
    let mut dataset = parsed.next()?;
    for piece in parsed {
        if piece.document.is_some() {
            return None;
        }
        dataset.reform.extend(piece.reform);
    }
    Some(dataset)
}

/// The title of a dataset without a `[document]` title: its file name without extension.
fn default_title(name: &str) -> String {
    let path = Path::new(name);
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}

/// toml's messages carry a rendered snippet of their own; keep only the message line(s),
/// and say what the dataset expects where serde speaks of Rust types. `line` is the line
/// the error points at.
fn toml_message(e: &toml::de::Error, line: &str) -> String {
    let message = e.message().trim();
    let message = message
        .strip_prefix("TOML parse error: ")
        .unwrap_or(message);
    let message = message.lines().collect::<Vec<_>>().join("; ");
    let array = if line.trim_start().starts_with("[reform]") {
        "expected [[reform]] (double brackets): each reform is one table of an array"
    } else if line.trim_start().starts_with("agencies") {
        "expected an array of strings such as [\"市商务局\"]"
    } else {
        "expected an array"
    };
    // A number beyond what TOML's integers hold.
    if let Some(rest) = message.strip_prefix("invalid type: integer `")
        && let Some((digits, _)) = rest.split_once("` as i128")
    {
        return too_large(digits);
    }
    let message = message
        .replace("expected i64", "expected a whole number")
        .replace("expected a sequence", array);
    // The parser's own words stay as it says them; the most common ones are given in
    // Chinese too.
    let in_chinese = toml_in_chinese(&message);
    pick(messages(), message, in_chinese)
}

/// The parser's most common words in Chinese, the rest as it says them.
fn toml_in_chinese(message: &str) -> String {
    let said = message
        .replace("missing field", "缺少字段")
        .replace("unknown field", "未知字段")
        .replace("expected one of", "应为以下之一:")
        .replace("invalid type:", "类型不对:")
        .replace("expected a whole number", "应为整数")
        .replace("expected a string", "应为字符串")
        .replace("expected an array of strings such as", "应为字符串数组, 如")
        .replace(
            "expected [[reform]] (double brackets): each reform is one table of an array",
            "应为 [[reform]] (双方括号): 每项改革事项是数组中的一个表",
        )
        .replace("expected an array", "应为数组");
    format!("{said} (TOML)")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDataset {
    document: Option<RawDocument>,
    #[serde(default)]
    reform: Vec<Spanned<RawReform>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    title: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
    number: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    issuer: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReform {
    number: Spanned<i64>,
    title: Spanned<String>,
    content: Spanned<String>,
    scope: Spanned<String>,
    agencies: Spanned<Vec<Spanned<String>>>,
    lead: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The most a single field may hold: 8 MiB, room for a whole regulation pasted as one
/// reform's content (the longest content of a real batch is under 1 KiB). The browser lays
/// such a field out once per width and highlights only the lines shown.
pub const MAX_FIELD_BYTES: usize = 8 * 1024 * 1024;

fn too_large(number: impl std::fmt::Display) -> String {
    let max = u32::MAX;
    crate::say!(
        "reform number {number} is too large: at most {max}",
        "序号 {number} 过大: 最大为 {max}"
    )
}

/// The refusal of a reform number that more than one of the named documents holds.
pub fn in_several_documents(number: u32, names: &[&str]) -> String {
    let names = names.join(", ");
    crate::say!(
        "reform {number} is in several documents: {names}; choose one with --document",
        "第 {number} 项在多个文件中: {names}; 请用 --document 选择一个"
    )
}

/// A field's name as the source table heads it, for messages.
fn field_label(field: &str) -> &str {
    let zh = match field {
        "title" => "改革事项",
        "content" => "主要内容",
        "scope" => "推广范围",
        _ => field,
    };
    pick(messages(), field, zh)
}

/// Why a field is too long to accept, if it is.
pub fn too_long(value: &str) -> Option<String> {
    (value.len() > MAX_FIELD_BYTES).then(|| {
        crate::say!(
            "is {} bytes long; a field holds at most {} bytes ({} MiB)",
            "长 {} 字节; 一个字段最多 {} 字节 ({} MiB)",
            value.len(),
            MAX_FIELD_BYTES,
            MAX_FIELD_BYTES / (1024 * 1024)
        )
    })
}

/// Checks what TOML's types cannot: empty values, duplicates, at least one reform.
/// Collects every problem so that `reforms check` can list them all at once.
fn validate(
    source: &SourceFile,
    raw: RawDataset,
) -> Result<(Option<Document>, Vec<Reform>), LoadError> {
    let mut checks = Checks::new(source);
    let document = raw.document.map(|doc| checks.document(doc));
    if raw.reform.is_empty() {
        return Err(source.error_at(
            0..0,
            &crate::say!(
                "the dataset holds no reform: expected at least one [[reform]] table",
                "数据集中没有改革事项: 至少应有一个 [[reform]] 表"
            ),
        ));
    }
    let mut seen_numbers: HashMap<i64, usize> = HashMap::new();
    let mut reforms = Vec::with_capacity(raw.reform.len());
    for spanned in raw.reform {
        let raw = spanned.into_inner();
        checks.reform(&raw, &mut seen_numbers);
        reforms.push(reform_of(raw));
    }
    let problems = checks.problems();
    if problems.is_empty() {
        Ok((document, reforms))
    } else {
        Err(LoadError::Invalid(problems))
    }
}

/// The problems `validate` finds, each placed in the file.
struct Checks<'a> {
    source: &'a SourceFile,
    problems: Vec<Diagnostic>,
    /// Refused characters, listed after the other problems at the same place.
    refused: Vec<Diagnostic>,
}

impl<'a> Checks<'a> {
    fn new(source: &'a SourceFile) -> Checks<'a> {
        Checks {
            source,
            problems: Vec::new(),
            refused: Vec::new(),
        }
    }

    fn problem(&mut self, span: Range<usize>, message: String) {
        self.problems.push(self.source.diagnostic(span, &message));
    }

    /// Whether a decoded value holds a refused character (written as an escape such as
    /// \u001b in the file); if so, it is reported at the escape.
    fn refused_in(&mut self, value: &Spanned<String>) -> bool {
        let Some((_, c)) = safe::first_forbidden(value.get_ref()) else {
            return false;
        };
        let span = value.span();
        let at = safe::toml_offset_of_forbidden(&self.source.text()[span.clone()]).unwrap_or(0);
        let at = span.start + at;
        self.refused
            .push(self.source.diagnostic(at..at, &refused(c)));
        true
    }

    /// The `[document]` table, its title the file's name when it gives none.
    fn document(&mut self, doc: RawDocument) -> Document {
        for value in [&doc.source, &doc.number, &doc.date, &doc.issuer]
            .into_iter()
            .flatten()
        {
            self.refused_in(value);
        }
        let title = match doc.title {
            Some(t) if t.get_ref().trim().is_empty() => {
                self.problem(
                    t.span(),
                    crate::say!("empty document title", "文件标题为空"),
                );
                String::new()
            }
            Some(t) => {
                self.refused_in(&t);
                t.into_inner()
            }
            None => default_title(&self.source.name),
        };
        Document {
            title,
            source: doc.source.map(Spanned::into_inner),
            number: doc.number.map(Spanned::into_inner),
            date: doc.date.map(Spanned::into_inner),
            issuer: doc.issuer.map(Spanned::into_inner),
        }
    }

    /// One reform: its number, its texts, its agencies and its lead agencies.
    fn reform(&mut self, raw: &RawReform, seen_numbers: &mut HashMap<i64, usize>) {
        self.number(&raw.number, seen_numbers);
        let number = *raw.number.get_ref();
        self.texts(number, raw);
        self.agencies(number, &raw.agencies);
        self.leads(number, raw);
    }

    /// A whole number from 1 to `u32::MAX`, used by no reform before.
    fn number(&mut self, number: &Spanned<i64>, seen_numbers: &mut HashMap<i64, usize>) {
        let span = number.span();
        let number = *number.get_ref();
        if number > i64::from(u32::MAX) {
            self.problem(span, too_large(number));
        } else if number < 1 {
            self.problem(
                span,
                crate::say!(
                    "reform number {number} is not a positive whole number",
                    "序号 {number} 不是正整数"
                ),
            );
        } else if let Some(first) = seen_numbers.insert(number, span.start) {
            let (line, _) = self.source.line_column(first);
            self.problem(
                span,
                crate::say!(
                    "duplicate reform number {number} (first used on line {line})",
                    "序号 {number} 重复 (首次出现在第 {line} 行)"
                ),
            );
        }
    }

    /// The title, content and scope: not empty, no refused character, not too long.
    fn texts(&mut self, number: i64, raw: &RawReform) {
        for (field, value) in [
            ("title", &raw.title),
            ("content", &raw.content),
            ("scope", &raw.scope),
        ] {
            if value.get_ref().trim().is_empty() {
                let field = field_label(field);
                self.problem(
                    value.span(),
                    crate::say!(
                        "reform {number}: empty {field}",
                        "第 {number} 项: {field}为空"
                    ),
                );
            } else if self.refused_in(value) {
                // Reported where the character is written.
            } else if let Some(message) = too_long(value.get_ref()) {
                let field = field_label(field);
                self.problem(
                    value.span(),
                    crate::say!(
                        "reform {number}: {field} {message}",
                        "第 {number} 项: {field}{message}"
                    ),
                );
            }
        }
    }

    /// At least one agency; each named, without a separator, not too long, listed once.
    fn agencies(&mut self, number: i64, agencies: &Spanned<Vec<Spanned<String>>>) {
        if agencies.get_ref().is_empty() {
            self.problem(
                agencies.span(),
                crate::say!(
                    "reform {number}: empty agency list",
                    "第 {number} 项: 负责单位为空"
                ),
            );
        }
        let mut seen: HashSet<&str> = HashSet::new();
        for agency in agencies.get_ref() {
            let name = agency.get_ref().as_str();
            if name.trim().is_empty() {
                self.problem(
                    agency.span(),
                    crate::say!(
                        "reform {number}: empty agency name",
                        "第 {number} 项: 单位名称为空"
                    ),
                );
            } else if self.refused_in(agency) {
                // Reported where the character is written.
            } else if let Some(c) = name.chars().find(|&c| is_agency_separator(c)) {
                self.problem(
                    agency.span(),
                    crate::say!(
                        "reform {number}: agency {:?} holds {}, which separates agencies in tables; list them as separate agencies",
                        "第 {number} 项: 单位 {:?} 含有{}, 表格中它分隔单位; 请分别列出各单位",
                        safe::one_line(name),
                        separator_name(c)
                    ),
                );
            } else if let Some(message) = too_long(name) {
                self.problem(
                    agency.span(),
                    crate::say!(
                        "reform {number}: agency {message}",
                        "第 {number} 项: 单位名称{message}"
                    ),
                );
            } else if !seen.insert(name) {
                self.problem(
                    agency.span(),
                    crate::say!(
                        "reform {number}: agency {name} is listed twice",
                        "第 {number} 项: 单位 {name} 列出了两次"
                    ),
                );
            }
        }
    }

    /// Each lead agency one of the reform's agencies, listed once.
    fn leads(&mut self, number: i64, raw: &RawReform) {
        let mut seen: HashSet<&str> = HashSet::new();
        for lead in raw.lead.iter().flat_map(|l| l.get_ref()) {
            let name = lead.get_ref().as_str();
            if self.refused_in(lead) {
                // Reported where the character is written.
            } else if !raw.agencies.get_ref().iter().any(|a| a.get_ref() == name) {
                self.problem(
                    lead.span(),
                    crate::say!(
                        "reform {number}: lead agency {:?} is not one of its agencies; list it under agencies too",
                        "第 {number} 项: 牵头单位 {:?} 不在其负责单位中; 请也列入 agencies",
                        safe::one_line(name)
                    ),
                );
            } else if !seen.insert(name) {
                self.problem(
                    lead.span(),
                    crate::say!(
                        "reform {number}: lead agency {name} is listed twice",
                        "第 {number} 项: 牵头单位 {name} 列出了两次"
                    ),
                );
            }
        }
    }

    /// Every problem found, in the order of the file.
    fn problems(self) -> Vec<Diagnostic> {
        let mut problems = self.problems;
        problems.extend(self.refused);
        problems.sort_by_key(|d| (d.line, d.column));
        problems
    }
}

/// A checked reform as the catalog holds it.
fn reform_of(raw: RawReform) -> Reform {
    let spelled = |list: Spanned<Vec<Spanned<String>>>| -> Vec<Text> {
        list.into_inner()
            .into_iter()
            .map(|name| Text::from(name.into_inner()))
            .collect()
    };
    Reform {
        number: u32::try_from(*raw.number.get_ref()).unwrap_or(0),
        title: raw.title.into_inner().into(),
        content: raw.content.into_inner().into(),
        scope: raw.scope.into_inner().into(),
        agencies: spelled(raw.agencies),
        lead: raw.lead.map(spelled).unwrap_or_default(),
        document: None,
    }
}

/// Whether a character separates agencies in a table cell, and so cannot stand in a name:
/// white space (also U+3000), 、，,;；.
pub fn is_agency_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '、' | '，' | ',' | ';' | '；')
}

/// The agencies of a 负责单位 cell, in order, without empty names: the cell split at every
/// agency separator, as tables in Word, PDF, spreadsheets and web pages write them.
pub fn split_agencies(cell: &str) -> Vec<String> {
    cell.split(is_agency_separator)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

fn separator_name(c: char) -> String {
    let code = u32::from(c);
    match c {
        ' ' => crate::say!("a space", "空格"),
        '\u{3000}' => crate::say!("an ideographic space (U+3000)", "全角空格 (U+3000)"),
        '\n' | '\r' => crate::say!("a line break", "换行"),
        '\t' => crate::say!("a tab", "制表符"),
        c if c.is_whitespace() => crate::say!("a space (U+{code:04X})", "空白 (U+{code:04X})"),
        c => format!("“{c}”"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Catalog, LoadError> {
        Catalog::parse(&SourceFile::new("t.toml", text), Origin::Embedded)
    }

    fn first_error(text: &str) -> Diagnostic {
        match parse(text) {
            Err(LoadError::Invalid(mut d)) => d.remove(0),
            Err(other) => panic!("unexpected error kind: {other}"),
            Ok(_) => panic!("expected an error for {text:?}"),
        }
    }

    const ONE: &str = "[[reform]]\nnumber = 1\ntitle = \"甲\"\ncontent = \"内容\"\nscope = \"全市\"\nagencies = [\"市商务局\"]\n";

    #[test]
    fn a_regulation_fits_in_a_field_up_to_the_cap() {
        let regulation = "第一条 为了规范数据跨境流动，制定本办法。".repeat(300_000 / 20);
        let text = ONE.replace("内容", &regulation);
        assert_eq!(parse(&text).unwrap().reforms[0].content, regulation);

        let over = "数".repeat(MAX_FIELD_BYTES / 3 + 1);
        let d = first_error(&ONE.replace("内容", &over));
        assert_eq!((d.line, d.column), (4, 11));
        assert!(
            d.message.contains("at most 8388608 bytes (8 MiB)"),
            "{}",
            d.message
        );
        // The excerpt under it stays short.
        assert!(d.render().len() < 1000);
    }

    #[test]
    fn embedded_dataset_has_42_reforms_numbered_in_order() {
        let catalog = Catalog::embedded().unwrap();
        assert_eq!(catalog.reforms.len(), 42);
        let numbers: Vec<u32> = catalog.reforms.iter().map(|r| r.number).collect();
        assert_eq!(numbers, (1..=42).collect::<Vec<_>>());
        assert_eq!(
            catalog.document.title,
            "天津自贸试验区第八批复制推广改革试点经验"
        );
    }

    #[test]
    fn agencies_sorted_by_count_then_first_appearance() {
        let catalog = Catalog::embedded().unwrap();
        let agencies = catalog.agencies();
        assert_eq!(agencies[0].name, "人民银行天津市分行");
        assert_eq!(agencies[0].count, 9);
        assert_eq!(agencies[1].name, "市委金融办");
        for pair in agencies.windows(2) {
            assert!(pair[0].count >= pair[1].count);
        }
        let total: usize = agencies.iter().map(|a| a.count).sum();
        let listed: usize = catalog.reforms.iter().map(|r| r.agencies.len()).sum();
        assert_eq!(total, listed);
        // Among agencies with one reform each, the first to appear comes first.
        let singles: Vec<&str> = agencies
            .iter()
            .filter(|a| a.count == 1)
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(singles[..2], ["市工业和信息化局", "市工商联"]);
    }

    #[test]
    fn scopes_in_order_of_first_appearance() {
        let catalog = Catalog::embedded().unwrap();
        let scopes: Vec<(&str, usize)> = catalog
            .scopes()
            .iter()
            .map(|s| (s.name.as_str(), s.count))
            .collect();
        assert_eq!(scopes, vec![("全市", 39), ("京津冀", 3)]);
    }

    #[test]
    fn bare_reform_tables_are_a_dataset_titled_by_file_name() {
        let catalog = parse(ONE).unwrap();
        assert_eq!(catalog.document.title, "t");
        assert_eq!(catalog.reforms[0].agencies, vec!["市商务局"]);
    }

    #[test]
    fn document_keys_are_optional() {
        let catalog = parse(&format!("[document]\n{ONE}")).unwrap();
        assert_eq!(catalog.document.title, "t");
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let d = first_error("[[reform]]\nnumber = 1\ntitle = \"甲\n");
        assert_eq!((d.line, d.column), (3, 11), "{d}");
    }

    #[test]
    fn missing_field_is_named() {
        let d = first_error(&ONE.replace("scope = \"全市\"\n", ""));
        assert!(d.message.contains("scope"), "{d}");
        assert_eq!(d.line, 1, "{d}");
    }

    #[test]
    fn mistyped_field_points_at_value() {
        let d = first_error(&ONE.replace("number = 1", "number = \"1\""));
        assert_eq!((d.line, d.column), (2, 10), "{d}");
        let d = first_error(&ONE.replace("[\"市商务局\"]", "\"市商务局\""));
        assert_eq!((d.line, d.column), (6, 12), "{d}");
    }

    #[test]
    fn unknown_field_is_rejected() {
        let d = first_error(&ONE.replace("scope", "scop"));
        assert!(d.message.contains("scop"), "{d}");
        assert_eq!(d.line, 5, "{d}");
    }

    #[test]
    fn empty_values_are_rejected_with_their_place() {
        let d = first_error(&ONE.replace("title = \"甲\"", "title = \"  \""));
        assert_eq!((d.line, d.column), (3, 9), "{d}");
        assert!(d.message.contains("empty title"), "{d}");
        let d = first_error(&ONE.replace("content = \"内容\"", "content = \"\""));
        assert_eq!((d.line, d.column), (4, 11), "{d}");
        let d = first_error(&ONE.replace("scope = \"全市\"", "scope = \"\""));
        assert_eq!((d.line, d.column), (5, 9), "{d}");
        let d = first_error(&ONE.replace("[\"市商务局\"]", "[]"));
        assert_eq!((d.line, d.column), (6, 12), "{d}");
        assert!(d.message.contains("empty agency list"), "{d}");
    }

    #[test]
    fn duplicate_number_points_at_second_use() {
        let text = format!("{ONE}\n{ONE}");
        let d = first_error(&text);
        assert_eq!((d.line, d.column), (9, 10), "{d}");
        assert!(d.message.contains("duplicate reform number 1"), "{d}");
        assert!(d.message.contains("line 2"), "{d}");
    }

    #[test]
    fn duplicate_agency_points_at_second_entry() {
        let d = first_error(&ONE.replace("[\"市商务局\"]", "[\"市商务局\", \"市商务局\"]"));
        assert_eq!((d.line, d.column), (6, 21), "{d}");
        assert!(d.message.contains("listed twice"), "{d}");
    }

    #[test]
    fn every_problem_is_reported() {
        let text = ONE
            .replace("title = \"甲\"", "title = \"\"")
            .replace("[\"市商务局\"]", "[]");
        match parse(&text) {
            Err(LoadError::Invalid(d)) => assert_eq!(d.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_file_and_no_reform_are_errors() {
        assert!(first_error("").message.contains("empty"));
        assert!(first_error("\n  \n").message.contains("empty"));
        let d = first_error("[document]\ntitle = \"x\"\n");
        assert!(d.message.contains("no reform"), "{d}");
    }

    #[test]
    fn big_files_parse_in_pieces_to_the_same_catalog() {
        let real = Catalog::embedded().unwrap();
        let reforms = crate::core::synth::generate(&real.reforms, 3_000, 3);
        let text = crate::documents::import::to_toml(&real.document, &reforms);
        assert!(text.len() > 2 << 20, "big enough to be split");
        let pieces = parse_in_pieces(&text).expect("split and parsed");
        assert_eq!(pieces.reform.len(), reforms.len());
        let catalog = parse(&text).unwrap();
        assert_eq!(catalog.reforms, reforms);
        assert_eq!(catalog.document, real.document);
        // A problem far into the file is still reported at its own line.
        let bad = text.replacen("number = 2900\n", "number = 3\n", 1);
        let d = first_error(&bad);
        assert!(d.message.contains("duplicate reform number 3"), "{d}");
        assert_eq!(d.source_line, "number = 3", "{d}");
        let broken = text.replacen("number = 2900\n", "number = \n", 1);
        assert!(first_error(&broken).source_line.starts_with("number ="));
    }

    #[test]
    fn non_positive_number_is_rejected() {
        let d = first_error(&ONE.replace("number = 1", "number = 0"));
        assert!(d.message.contains("positive"), "{d}");
        let d = first_error(&ONE.replace("number = 1", "number = -3"));
        assert_eq!((d.line, d.column), (2, 10), "{d}");
    }

    #[test]
    fn agencies_split_on_every_separator() {
        assert_eq!(
            split_agencies(
                "市委网信办、市数据局，市商务局\n天津海关 市财政局\u{3000}市税务局;市科技局；人民银行天津市分行,市委金融办"
            ),
            vec![
                "市委网信办",
                "市数据局",
                "市商务局",
                "天津海关",
                "市财政局",
                "市税务局",
                "市科技局",
                "人民银行天津市分行",
                "市委金融办"
            ]
        );
        assert!(split_agencies(" 、\n").is_empty());
    }
}
