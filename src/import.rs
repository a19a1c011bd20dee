//! Importing annotations from other tools — JSON Lines (the gold format and Gloss's own
//! export), brat standoff and W3C Web Annotation — into a document's annotations.
//!
//! Importing has three steps: [`read`] parses a file into [`Incoming`] records (a malformed
//! record fails the whole import, naming the file and line, so nothing is half-imported);
//! [`plan`] turns them into [`Annotation`]s re-anchored against the document text (an imported
//! span whose text is not at its offsets moves to where the text is, or is kept as an orphan —
//! never dropped) and leaves out duplicates (same id, or same kind, span and label as an
//! annotation already there); [`import_into`] applies the result to a [`Session`] as one
//! [`Command::Batch`], so the GUI can undo an import in one step. Saving is the caller's.

use crate::anchor::{self, AnchorState};
use crate::annotation::{Annotation, AnnotationId, CONTEXT_CHARS, Timestamp};
use crate::annotation_set::AnnotationSet;
use crate::document::Document;
use crate::export::{Status, brat, label_from, w3c};
use crate::model::{EntityType, Kind, Label};
use crate::session::{Command, Session};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// A format annotations can be imported from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// JSON Lines in the gold format (Gloss's JSONL export included).
    Jsonl,
    /// brat standoff `.ann` (the `.txt` beside it may be given instead).
    Brat,
    /// W3C Web Annotation JSON-LD: a collection, a page, one annotation or an array.
    W3c,
}

impl ImportFormat {
    /// Every import format.
    pub const ALL: [ImportFormat; 3] = [ImportFormat::Jsonl, ImportFormat::Brat, ImportFormat::W3c];

    /// The command-line name.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::Jsonl => "jsonl",
            ImportFormat::Brat => "brat",
            ImportFormat::W3c => "w3c",
        }
    }

    /// Parses a command-line name.
    pub fn parse(name: &str) -> Option<ImportFormat> {
        let name = name.trim().to_ascii_lowercase();
        ImportFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// Guesses the format from a file name (`.jsonl`, `.ann`/`.txt`, `.jsonld`/`.json`).
    pub fn from_path(path: &Path) -> Option<ImportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(ImportFormat::Jsonl),
            "ann" => Some(ImportFormat::Brat),
            "jsonld" | "json" => Some(ImportFormat::W3c),
            _ => None,
        }
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an import failed. Nothing is imported when it fails.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is not in the format given.
    #[error("{path} is not valid {format}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The format it was read as.
        format: ImportFormat,
        /// What is wrong.
        message: String,
    },
    /// Some records cannot be read; the whole file is refused so that nothing is lost silently.
    #[error("{path}: {} record(s) cannot be imported, so nothing was imported:\n{}", .problems.len(), .problems.join("\n"))]
    Records {
        /// The file.
        path: PathBuf,
        /// One line per bad record: `line N: what is wrong`.
        problems: Vec<String>,
    },
}

/// One annotation as read from another format, before anchoring.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    /// The id it came with, if any.
    pub id: Option<String>,
    /// Kind and attributes.
    pub label: Label,
    /// Start in code points (0 when the format gave only a quote).
    pub start: usize,
    /// End in code points.
    pub end: usize,
    /// The annotated text as the file gives it.
    pub text: Option<String>,
    /// Context before the text, if the format has it (W3C `prefix`).
    pub prefix: Option<String>,
    /// Context after the text, if the format has it (W3C `suffix`).
    pub suffix: Option<String>,
    /// The note.
    pub note: String,
    /// Where it was in the file, for messages (`line 3`, `T4`, `item 2`).
    pub location: String,
}

/// What [`read`] found in a file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The records for this document.
    pub items: Vec<Incoming>,
    /// Records for other documents, left out.
    pub other_docs: usize,
    /// Records marked as suggestions, left out (they are not annotations yet).
    pub suggestions: usize,
    /// Lines of kinds the import does not take (brat relations, events, normalisations).
    pub ignored: usize,
    /// When no record named this document but all named one other document, its name: the
    /// records were taken for this document.
    pub renamed_from: Option<String>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    /// Records read for this document.
    pub read: usize,
    /// Annotations added.
    pub added: usize,
    /// Left out because the same id, or the same kind, span and label, was already there.
    pub duplicates: usize,
    /// Added where the file put them.
    pub exact: usize,
    /// Added after moving to where their text is.
    pub moved: usize,
    /// Added as orphans (their text is nowhere in the document): `(id, text)`.
    pub orphaned: Vec<(String, String)>,
    /// Records for other documents, left out.
    pub other_docs: usize,
    /// Suggestions, left out.
    pub suggestions: usize,
    /// Lines the import does not take (brat relations and the like).
    pub ignored: usize,
    /// See [`Parsed::renamed_from`].
    pub renamed_from: Option<String>,
}

impl ImportReport {
    /// Whether every record found a place in the text.
    pub fn all_fitted(&self) -> bool {
        self.orphaned.is_empty()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "read {}, added {} ({} exact, {} moved to their text, {} orphaned), {} duplicate(s) left out",
            self.read,
            self.added,
            self.exact,
            self.moved,
            self.orphaned.len(),
            self.duplicates
        )?;
        if self.other_docs > 0 {
            write!(
                f,
                ", {} record(s) for other documents left out",
                self.other_docs
            )?;
        }
        if self.suggestions > 0 {
            write!(f, ", {} suggestion(s) left out", self.suggestions)?;
        }
        if self.ignored > 0 {
            write!(
                f,
                ", {} unsupported line(s) (relations, events) ignored",
                self.ignored
            )?;
        }
        Ok(())
    }
}

/// Reads `src` in `format`, keeping the records for the document named `doc_name`.
pub fn read(format: ImportFormat, src: &Path, doc_name: &str) -> Result<Parsed, ImportError> {
    let src = if format == ImportFormat::Brat && src.extension().is_some_and(|e| e == "txt") {
        src.with_extension("ann")
    } else {
        src.to_owned()
    };
    let bytes = std::fs::read(&src).map_err(|source| ImportError::Io {
        path: src.clone(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| ImportError::Syntax {
        path: src.clone(),
        format,
        message: format!(
            "it is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    parse(format, text, doc_name, &src)
}

/// Parses text in `format` (`path` is used in messages).
pub fn parse(
    format: ImportFormat,
    text: &str,
    doc_name: &str,
    path: &Path,
) -> Result<Parsed, ImportError> {
    let mut problems = Vec::new();
    let parsed = match format {
        ImportFormat::Jsonl => parse_jsonl(text, doc_name, &mut problems),
        ImportFormat::Brat => parse_brat(text, &mut problems),
        ImportFormat::W3c => {
            let value: Value = serde_json::from_str(text).map_err(|e| ImportError::Syntax {
                path: path.to_owned(),
                format,
                message: format!("line {}, column {}: {e}", e.line(), e.column()),
            })?;
            parse_w3c(&value, doc_name, &mut problems)
        }
    };
    if !problems.is_empty() {
        return Err(ImportError::Records {
            path: path.to_owned(),
            problems,
        });
    }
    Ok(parsed)
}

/// Keeps the records for `doc_name`: those naming it, or — when none does and all name one
/// other document — all of them (a report exported under another name).
fn select_doc<T>(records: Vec<(Option<String>, T)>, doc_name: &str, parsed: &mut Parsed) -> Vec<T> {
    let names: HashSet<&str> = records.iter().filter_map(|(d, _)| d.as_deref()).collect();
    let take_all = !names.contains(doc_name) && names.len() <= 1;
    if take_all && let Some(name) = names.iter().next() {
        parsed.renamed_from = Some((*name).to_owned());
    }
    let mut out = Vec::new();
    for (doc, item) in records {
        if take_all || doc.as_deref().is_none_or(|d| d == doc_name) {
            out.push(item);
        } else {
            parsed.other_docs += 1;
        }
    }
    out
}

fn json_str(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

fn json_offset(v: &Value, key: &str) -> Result<usize, String> {
    let n = v.get(key).ok_or_else(|| format!("no {key:?}"))?;
    n.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("{key:?} is {n}, not a non-negative integer"))
}

fn parse_jsonl(text: &str, doc_name: &str, problems: &mut Vec<String>) -> Parsed {
    let mut parsed = Parsed::default();
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let location = format!("line {}", i + 1);
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = match serde_json::from_str(line) {
            Ok(v @ Value::Object(_)) => v,
            Ok(_) => {
                problems.push(format!("{location}: not a JSON object"));
                continue;
            }
            Err(e) => {
                problems.push(format!("{location}: {e}"));
                continue;
            }
        };
        if json_str(&v, "status").is_some_and(|s| Status::parse(&s) == Some(Status::Suggestion)) {
            parsed.suggestions += 1;
            continue;
        }
        match incoming_from_json(&v, location.clone()) {
            Ok(item) => records.push((json_str(&v, "doc"), item)),
            Err(e) => problems.push(format!("{location}: {e}")),
        }
    }
    parsed.items = select_doc(records, doc_name, &mut parsed);
    parsed
}

fn incoming_from_json(v: &Value, location: String) -> Result<Incoming, String> {
    let kind_name = json_str(v, "kind").ok_or("no \"kind\"")?;
    let kind = Kind::parse(&kind_name.to_ascii_lowercase())
        .ok_or_else(|| format!("unknown kind {kind_name:?}: use figure, entity or commitment"))?;
    let start = json_offset(v, "start")?;
    let end = json_offset(v, "end")?;
    if end < start {
        return Err(format!("end {end} is before start {start}"));
    }
    let label = label_from(kind, &|name| json_str(v, name))?;
    Ok(Incoming {
        id: json_str(v, "id").filter(|s| !s.is_empty()),
        label,
        start,
        end,
        text: json_str(v, "text"),
        prefix: None,
        suffix: None,
        note: json_str(v, "note").unwrap_or_default(),
        location,
    })
}

/// The label of a brat type (`Figure`, `Org`, …; case-insensitive; `Entity` is an org).
fn brat_label(type_name: &str) -> Option<Label> {
    let t = type_name.to_ascii_lowercase();
    if let Some(kind) = Kind::parse(&t) {
        return Some(Label::empty(kind));
    }
    EntityType::parse(&t).map(|entity_type| Label::Entity { entity_type })
}

fn parse_brat(text: &str, problems: &mut Vec<String>) -> Parsed {
    struct T {
        type_name: String,
        start: usize,
        end: usize,
        text: String,
        fragments: usize,
        location: String,
        attrs: BTreeMap<String, String>,
        note: Vec<String>,
        id: Option<String>,
        suggestion: bool,
    }
    let mut parsed = Parsed::default();
    let mut spans: BTreeMap<String, T> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    // Attribute and note lines may come before their T line in hand-written files: collect first.
    let mut extras: Vec<(usize, String, String, String)> = Vec::new(); // (line, name, target, value)
    for (i, line) in text.lines().enumerate() {
        let location = format!("line {}", i + 1);
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or_default().trim();
        let middle = fields.next().unwrap_or_default();
        let rest = fields.next();
        match id.chars().next() {
            Some('T') => {
                let Some((type_name, offsets)) = middle.split_once(' ') else {
                    problems.push(format!("{location}: text-bound annotation without offsets"));
                    continue;
                };
                let mut frags = Vec::new();
                let mut bad = false;
                for frag in offsets.split(';') {
                    let nums: Vec<Option<usize>> =
                        frag.split_whitespace().map(|n| n.parse().ok()).collect();
                    match nums.as_slice() {
                        [Some(s), Some(e)] if s <= e => frags.push((*s, *e)),
                        _ => bad = true,
                    }
                }
                if bad || frags.is_empty() {
                    problems.push(format!("{location}: cannot read the offsets {offsets:?}"));
                    continue;
                }
                if brat_label(type_name).is_none() {
                    problems.push(format!(
                        "{location}: unknown type {type_name:?}: use Figure, Org, Place, Person, Work or Commitment"
                    ));
                    continue;
                }
                let start = frags.iter().map(|f| f.0).min().unwrap_or(0);
                let end = frags.iter().map(|f| f.1).max().unwrap_or(0);
                order.push(id.to_owned());
                spans.insert(
                    id.to_owned(),
                    T {
                        type_name: type_name.to_owned(),
                        start,
                        end,
                        text: rest.unwrap_or_default().to_owned(),
                        fragments: frags.len(),
                        location,
                        attrs: BTreeMap::new(),
                        note: Vec::new(),
                        id: None,
                        suggestion: false,
                    },
                );
            }
            Some('A') | Some('M') => {
                let parts: Vec<&str> = middle.split_whitespace().collect();
                match parts.as_slice() {
                    [name, target, value] => extras.push((
                        i + 1,
                        name.to_string(),
                        target.to_string(),
                        value.to_string(),
                    )),
                    [name, target] => {
                        extras.push((i + 1, name.to_string(), target.to_string(), "true".into()))
                    }
                    _ => problems.push(format!("{location}: cannot read the attribute line")),
                }
            }
            Some('#') => {
                let Some((name, target)) = middle.split_once(' ') else {
                    problems.push(format!("{location}: cannot read the note line"));
                    continue;
                };
                extras.push((
                    i + 1,
                    format!("#{name}"),
                    target.trim().to_owned(),
                    brat::unescape(rest.unwrap_or_default()),
                ));
            }
            _ => parsed.ignored += 1,
        }
    }
    for (line, name, target, value) in extras {
        let Some(t) = spans.get_mut(&target) else {
            problems.push(format!(
                "line {line}: refers to {target}, which is not a text-bound annotation"
            ));
            continue;
        };
        match name.as_str() {
            "#AnnotatorNotes" => t.note.push(value),
            "#GlossId" => t.id = Some(value),
            "#GlossStatus" => t.suggestion = value.trim() == "suggestion",
            other => {
                let key = other.trim_start_matches('#').to_ascii_lowercase();
                if matches!(
                    key.as_str(),
                    "value" | "unit" | "actor" | "deadline" | "target"
                ) {
                    t.attrs.insert(key, value);
                } else {
                    parsed.ignored += 1;
                }
            }
        }
    }
    for id in order {
        let Some(t) = spans.remove(&id) else { continue };
        if t.suggestion {
            parsed.suggestions += 1;
            continue;
        }
        let kind = brat_label(&t.type_name)
            .map(|l| l.kind())
            .unwrap_or(Kind::Entity);
        let label = match brat_label(&t.type_name) {
            Some(Label::Entity { entity_type }) => Ok(Label::Entity { entity_type }),
            _ => label_from(kind, &|name| t.attrs.get(name).cloned()),
        };
        match label {
            Ok(label) => parsed.items.push(Incoming {
                id: Some(t.id.unwrap_or(id)),
                label,
                start: t.start,
                end: t.end,
                // A discontinuous span's text is its fragments joined by spaces: checked in `plan`.
                text: (t.fragments == 1).then_some(t.text.clone()),
                prefix: None,
                suffix: None,
                note: t.note.join("\n"),
                location: t.location,
            }),
            Err(e) => problems.push(format!("{}: {e}", t.location)),
        }
    }
    parsed
}

/// The annotations in a W3C document: collection (`first` page with `items`), page, array or
/// a single annotation.
fn w3c_items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().flat_map(w3c_items).collect(),
        Value::Object(o) => {
            if let Some(first) = o.get("first") {
                return w3c_items(first);
            }
            if let Some(items) = o.get("items") {
                return w3c_items(items);
            }
            vec![v]
        }
        _ => Vec::new(),
    }
}

fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

fn parse_w3c(root: &Value, doc_name: &str, problems: &mut Vec<String>) -> Parsed {
    let mut parsed = Parsed::default();
    let mut records = Vec::new();
    for (i, item) in w3c_items(root).into_iter().enumerate() {
        let location = format!("annotation {}", i + 1);
        match incoming_from_w3c(item, location.clone()) {
            Ok(None) => parsed.suggestions += 1,
            Ok(Some((source, incoming))) => {
                records.push((source.map(|s| w3c::file_name_of_iri(&s)), incoming))
            }
            Err(e) => problems.push(format!("{location}: {e}")),
        }
    }
    parsed.items = select_doc(records, doc_name, &mut parsed);
    parsed
}

/// One W3C annotation: `Ok(None)` for a suggestion.
fn incoming_from_w3c(
    v: &Value,
    location: String,
) -> Result<Option<(Option<String>, Incoming)>, String> {
    let mut kind: Option<Kind> = None;
    let mut entity_type: Option<String> = None;
    let mut attrs: BTreeMap<String, String> = BTreeMap::new();
    let mut notes = Vec::new();
    for body in as_list(v.get("body")) {
        let value = match body {
            Value::String(s) => s.clone(),
            _ => json_str(body, "value").unwrap_or_default(),
        };
        let purpose = json_str(body, "purpose").unwrap_or_default();
        match purpose.as_str() {
            "tagging" | "classifying" | "identifying" => {
                let lower = value.trim().to_ascii_lowercase();
                if let Some(k) = Kind::parse(&lower) {
                    kind = Some(k);
                } else if EntityType::parse(&lower).is_some() {
                    kind.get_or_insert(Kind::Entity);
                    entity_type = Some(lower);
                }
            }
            "describing" => match w3c::split_attribute(&value) {
                Some(("status", s)) => {
                    if Status::parse(s) == Some(Status::Suggestion) {
                        return Ok(None);
                    }
                }
                Some((name, val)) => {
                    attrs.insert(name.to_owned(), val.to_owned());
                }
                None => notes.push(value),
            },
            _ => notes.push(value),
        }
    }
    if let Some(t) = entity_type {
        attrs.entry("type".into()).or_insert(t);
    }
    let kind = kind.ok_or("no tagging body naming figure, entity or commitment")?;
    let label = label_from(kind, &|name| attrs.get(name).cloned())?;
    let target = as_list(v.get("target"))
        .into_iter()
        .next()
        .ok_or("no target")?;
    let source = match target {
        Value::String(s) => Some(s.clone()),
        _ => json_str(target, "source"),
    };
    let (mut start, mut end, mut exact, mut prefix, mut suffix) = (None, None, None, None, None);
    for sel in as_list(target.get("selector")) {
        match json_str(sel, "type").as_deref() {
            Some("TextPositionSelector") => {
                start = Some(json_offset(sel, "start")?);
                end = Some(json_offset(sel, "end")?);
            }
            Some("TextQuoteSelector") => {
                exact = json_str(sel, "exact");
                prefix = json_str(sel, "prefix");
                suffix = json_str(sel, "suffix");
            }
            _ => {}
        }
    }
    if exact.is_none() && start.is_none() {
        return Err("no TextPositionSelector or TextQuoteSelector".into());
    }
    let (start, end) = (start.unwrap_or(0), end.unwrap_or(0));
    if end < start {
        return Err(format!("end {end} is before start {start}"));
    }
    let id = json_str(v, "id").map(|id| match id.strip_prefix(w3c::ID_PREFIX) {
        Some(rest) => w3c::percent_decode(rest),
        None => id,
    });
    Ok(Some((
        source,
        Incoming {
            id,
            label,
            start,
            end,
            text: exact,
            prefix,
            suffix,
            note: notes.join("\n"),
            location,
        },
    )))
}

/// Turns incoming records into annotations anchored in `doc`, leaving out duplicates of
/// `existing` (and of each other). Returns the annotations to add and the report.
pub fn plan(
    doc: &Document,
    existing: &AnnotationSet,
    parsed: Parsed,
) -> (Vec<Annotation>, ImportReport) {
    let mut report = ImportReport {
        read: parsed.items.len(),
        other_docs: parsed.other_docs,
        suggestions: parsed.suggestions,
        ignored: parsed.ignored,
        renamed_from: parsed.renamed_from,
        ..ImportReport::default()
    };
    let now = Timestamp::now();
    let mut built: Vec<Annotation> = parsed
        .items
        .into_iter()
        .map(|item| {
            let in_range = item.start <= item.end && item.end <= doc.char_len();
            let at_offsets = in_range.then(|| doc.slice(item.start, item.end));
            let quote = match (&item.text, at_offsets) {
                (Some(t), Some(here)) if brat_join_matches(doc, item.start, item.end, t) => {
                    here.to_owned()
                }
                (Some(t), _) => t.clone(),
                (None, Some(here)) => here.to_owned(),
                (None, None) => String::new(),
            };
            let fits = at_offsets == Some(quote.as_str());
            let (prefix, suffix) = if fits {
                (
                    doc.slice(item.start.saturating_sub(CONTEXT_CHARS), item.start)
                        .to_owned(),
                    doc.slice(item.end, item.end + CONTEXT_CHARS).to_owned(),
                )
            } else {
                (
                    item.prefix.unwrap_or_default(),
                    item.suffix.unwrap_or_default(),
                )
            };
            Annotation {
                id: item.id.map_or_else(AnnotationId::generate, AnnotationId),
                label: item.label,
                start: item.start,
                end: item.end,
                quote,
                prefix,
                suffix,
                anchor: AnchorState::Exact,
                note: item.note,
                created: now,
                modified: now,
            }
        })
        .collect();
    anchor::resolve(doc, &mut built);
    let mut seen_ids: HashSet<AnnotationId> = HashSet::new();
    let mut seen_spans: HashSet<(usize, usize, String, String)> = HashSet::new();
    let mut added: Vec<Annotation> = Vec::new();
    for a in built {
        // Same kind, span and label; for orphans (whose span is only what the file said),
        // also the same text.
        let same_span = |b: &Annotation| {
            b.start == a.start && b.end == a.end && b.label == a.label && b.quote == a.quote
        };
        let already_there = if a.is_placed() {
            existing
                .overlapping(a.start..a.end.max(a.start + 1))
                .any(same_span)
        } else {
            existing.iter().filter(|b| !b.is_placed()).any(same_span)
        };
        let key = (a.start, a.end, a.quote.clone(), format!("{:?}", a.label));
        let duplicate = already_there
            || existing.get(&a.id).is_some()
            || seen_ids.contains(&a.id)
            || seen_spans.contains(&key);
        if duplicate {
            report.duplicates += 1;
            continue;
        }
        seen_spans.insert(key);
        match a.anchor {
            AnchorState::Exact => report.exact += 1,
            AnchorState::Orphaned => report.orphaned.push((a.id.0.clone(), a.quote.clone())),
            AnchorState::Moved | AnchorState::Check => report.moved += 1,
        }
        seen_ids.insert(a.id.clone());
        added.push(a);
    }
    report.added = added.len();
    (added, report)
}

/// Whether `text` is what the document holds at `start..end`, either exactly or as brat writes
/// a span that crosses line breaks (fragments joined by a space).
fn brat_join_matches(doc: &Document, start: usize, end: usize, text: &str) -> bool {
    let here = doc.slice(start, end);
    if here == text {
        return true;
    }
    let joined: Vec<String> = brat::fragments(here, start, end)
        .into_iter()
        .map(|(_, _, t)| t)
        .collect();
    here.contains('\n') && joined.join(" ") == text
}

/// Imports `src` into the session's annotations as one undoable step (not saved).
pub fn import_into(
    session: &mut Session,
    format: ImportFormat,
    src: &Path,
) -> Result<ImportReport, ImportError> {
    let parsed = read(format, src, &session.doc.source.file_name)?;
    let (added, report) = plan(&session.doc, session.annotations(), parsed);
    if !added.is_empty() {
        session.apply(Command::Batch(
            added.into_iter().map(Command::Create).collect(),
        ));
    }
    Ok(report)
}
