//! Importing annotations from other tools — JSON Lines (the gold format and Gloss's own
//! export), brat standoff and W3C Web Annotation — into a document's annotations.
//!
//! Importing has three steps: [`read`] parses a file into [`Incoming`] records (a malformed
//! record fails the whole import, naming the file and line, so nothing is half-imported);
//! [`plan`] turns them into [`Annotation`]s re-anchored against the document text (an imported
//! span whose text is not at its offsets moves to where the text is, or is kept as an orphan —
//! never dropped) and leaves out duplicates (same Gloss id, or same kind, span and label as an
//! annotation already there); [`import_into`] applies the result to a [`Session`] as one
//! [`Command::Batch`], so the GUI can undo an import in one step. Saving is the caller's.
//!
//! Other tools name their types their own way (`PER`, `Organization`, `GPE`…): [`ImportOptions`]
//! maps them to Gloss labels — the common NER labels by default, the user's `--map` first.
//! Records of types nothing maps are skipped and counted by type (or imported as the `--kind`
//! given, or refuse the file with `--strict`); nothing is left out without being reported.
//!
//! Links between records (brat `R` and `*` lines, JSON Lines `relation` records, W3C `linking`
//! annotations) become [`Relation`]s between the annotations they join — or, for a record that
//! duplicates an annotation already there, that annotation. A link to a record not imported is
//! counted.

use crate::annotation::anchor::{self, AnchorState};
use crate::annotation::{
    Annotation, AnnotationId, AnnotationSet, CONTEXT_CHARS, EntityType, Kind, Label, Relation,
    RelationKind, Timestamp,
};
use crate::document::Document;
use crate::interchange::{brat, jsonl, w3c};
use crate::session::{Command, Session};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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

/// The common NER labels of other tools (CoNLL, OntoNotes, brat's examples), lower case.
const NER_LABELS: &[(&str, EntityType)] = &[
    ("per", EntityType::Person),
    ("person", EntityType::Person),
    ("loc", EntityType::Place),
    ("location", EntityType::Place),
    ("gpe", EntityType::Place),
    ("country", EntityType::Place),
    ("city", EntityType::Place),
    ("org", EntityType::Org),
    ("organization", EntityType::Org),
    ("organisation", EntityType::Org),
    ("company", EntityType::Org),
    ("misc", EntityType::Work),
];

/// Amount labels of other tools (OntoNotes `MONEY`, `PERCENT`, `QUANTITY`): figures.
const FIGURE_LABELS: &[&str] = &["money", "percent", "quantity"];

/// How an import reads types it does not know by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOptions {
    /// The user's mappings (`--map TYPE=kind[:type]`), type names lower case; they come before
    /// Gloss's own names and the common NER labels.
    pub map: BTreeMap<String, Label>,
    /// The label for records of any other type, and for W3C annotations without a tag (`--kind`).
    /// `None`: they are skipped and counted.
    pub unmapped: Option<Label>,
    /// Refuse the whole file when a record's type maps to nothing (`--strict`).
    pub strict: bool,
}

impl ImportOptions {
    /// The label a type name stands for: the user's mapping, then Gloss's own names (`Figure`,
    /// `Org`, `place`…; not `entity`, which names no type), then the common NER labels;
    /// case-insensitive.
    pub fn label_for(&self, type_name: &str) -> Option<Label> {
        let name = type_name.trim().to_ascii_lowercase();
        if let Some(label) = self.map.get(&name) {
            return Some(label.clone());
        }
        // `entity` alone says no type: other tools use it for anything (BioNLP's sites).
        if let Some(kind) = Kind::parse(&name).filter(|k| *k != Kind::Entity) {
            return Some(Label::empty(kind));
        }
        if let Some(entity_type) = EntityType::parse(&name) {
            return Some(Label::Entity { entity_type });
        }
        if let Some((_, entity_type)) = NER_LABELS.iter().find(|(n, _)| *n == name) {
            return Some(Label::Entity {
                entity_type: *entity_type,
            });
        }
        FIGURE_LABELS
            .contains(&name.as_str())
            .then(|| Label::empty(Kind::Figure))
    }

    /// Adds `TYPE=kind[:type]` mappings, comma-separated (`GENE=entity:work,Money=figure`).
    pub fn add_mappings(&mut self, spec: &str) -> Result<(), String> {
        for item in spec.split(',').filter(|i| !i.trim().is_empty()) {
            let (type_name, label) = item
                .split_once('=')
                .ok_or_else(|| format!("{item:?} is not TYPE=kind[:type]"))?;
            let type_name = type_name.trim();
            if type_name.is_empty() {
                return Err(format!("{item:?} names no type"));
            }
            self.map
                .insert(type_name.to_ascii_lowercase(), parse_label(label)?);
        }
        Ok(())
    }
}

/// A label named on the command line: `figure`, `commitment`, `entity` (an org), `entity:place`,
/// or an entity type alone (`place`).
pub fn parse_label(spec: &str) -> Result<Label, String> {
    let spec = spec.trim().to_ascii_lowercase();
    let (kind, entity_type) = match spec.split_once(':') {
        Some((k, t)) => (k.trim(), Some(t.trim())),
        None => (spec.as_str(), None),
    };
    if let (None, Some(entity_type)) = (entity_type, EntityType::parse(kind)) {
        return Ok(Label::Entity { entity_type });
    }
    let kind = Kind::parse(kind).ok_or_else(|| {
        format!("unknown kind {kind:?}: use figure, entity[:org|place|person|work] or commitment")
    })?;
    match (kind, entity_type) {
        (_, None) => Ok(Label::empty(kind)),
        (Kind::Entity, Some(t)) => EntityType::parse(t)
            .map(|entity_type| Label::Entity { entity_type })
            .ok_or_else(|| format!("unknown entity type {t:?}: use org, place, person or work")),
        (_, Some(t)) => Err(format!("{kind} has no type ({t:?}); only entity has")),
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
    /// The file holds no annotation for the document (perhaps only for other documents).
    #[error("{} holds no annotation for {doc}{}", path.display(), other_docs_hint(*other_docs))]
    NothingFor {
        /// The file.
        path: PathBuf,
        /// The document's file name.
        doc: String,
        /// How many records are for other documents.
        other_docs: usize,
    },
}

fn other_docs_hint(other_docs: usize) -> String {
    if other_docs > 0 {
        format!(": its {other_docs} record(s) are for other documents")
    } else {
        String::new()
    }
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
    /// The pieces of a discontinuous span (brat `0 5;16 23`), in code points; empty when the
    /// span is one piece. Text between the pieces makes the annotation one to check.
    pub fragments: Vec<(usize, usize)>,
    /// Why the position cannot be trusted as given (a W3C position inside a fragment Gloss
    /// cannot resolve): the annotation is imported marked for checking, with this reason.
    pub check: Option<String>,
}

/// A link read from another format.
#[derive(Clone, Debug, PartialEq)]
pub struct IncomingRelation {
    /// What the link says.
    pub kind: RelationKind,
    /// Where it starts.
    pub from: LinkEnd,
    /// Where it points.
    pub to: LinkEnd,
}

/// One end of an incoming link.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkEnd {
    /// A record read from the same file (its index in [`Parsed::items`]).
    Record(usize),
    /// An annotation id the file names but holds no record for: an annotation already in the
    /// document (a file of links only), or nothing — then the link is counted as not taken.
    Annotation(String),
}

/// A link as a file gives it: its type name and the file's keys of its two ends.
pub(super) struct RawLink {
    pub kind: String,
    pub from: String,
    pub to: String,
}

/// Turns `links` into [`Parsed::relations`] through `keys` (a record's key in the file → its
/// index in [`Parsed::items`]); a link whose end is not in the file, or whose type Gloss cannot
/// name, is counted in [`Parsed::ignored`]. brat's keys (`T3`) mean something only inside the
/// file; see [`link_by_ids`] for formats whose keys are annotation ids.
pub(super) fn resolve_links(
    parsed: &mut Parsed,
    keys: &HashMap<String, usize>,
    links: Vec<RawLink>,
) {
    resolve(parsed, keys, false, links);
}

/// [`resolve_links`] for formats whose keys are annotation ids (JSON Lines, W3C): an id the file
/// holds no record for may be an annotation already in the document (a file of links only).
pub(super) fn link_by_ids(parsed: &mut Parsed, links: Vec<RawLink>) {
    let keys: HashMap<String, usize> = parsed
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| Some((item.id.clone()?, i)))
        .collect();
    resolve(parsed, &keys, true, links);
}

fn resolve(parsed: &mut Parsed, keys: &HashMap<String, usize>, ids: bool, links: Vec<RawLink>) {
    let end = |key: String| match keys.get(&key) {
        Some(&i) => Some(LinkEnd::Record(i)),
        None => ids.then_some(LinkEnd::Annotation(key)),
    };
    for link in links {
        let ends = (end(link.from), end(link.to));
        let why = match (RelationKind::parse(&link.kind), ends) {
            (Ok(kind), (Some(from), Some(to))) => {
                parsed.relations.push(IncomingRelation { kind, from, to });
                continue;
            }
            (Err(_), _) => NAMELESS_LINKS,
            _ => LINKS_TO_NOTHING,
        };
        *parsed.ignored.entry(why.to_owned()).or_default() += 1;
    }
}

/// How links of a type Gloss cannot name are counted.
const NAMELESS_LINKS: &str = "relation(s) of a type Gloss cannot name";
/// How links to records not imported are counted.
const LINKS_TO_NOTHING: &str = "relation(s) to records not imported";

/// What [`read`] found in a file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The records for this document.
    pub items: Vec<Incoming>,
    /// Links between them.
    pub relations: Vec<IncomingRelation>,
    /// Records for other documents, left out.
    pub other_docs: usize,
    /// Records marked as suggestions, left out (they are not annotations yet).
    pub suggestions: usize,
    /// What the import does not take, by what it is (`relation(s)`, `event(s)`,
    /// `note(s) on a relation`…): counted and reported.
    pub ignored: BTreeMap<String, usize>,
    /// Records skipped because their type maps to no Gloss label, by type name.
    pub skipped: BTreeMap<String, usize>,
    /// Attributes Gloss has no field for, written into the annotation's note (`Category:
    /// SpecificDisease`) so that they are kept.
    pub attributes_in_notes: usize,
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
    /// See [`Parsed::ignored`].
    pub ignored: BTreeMap<String, usize>,
    /// See [`Parsed::skipped`].
    pub skipped: BTreeMap<String, usize>,
    /// See [`Parsed::attributes_in_notes`].
    pub attributes_in_notes: usize,
    /// Links added between annotations.
    pub links: usize,
    /// Added but marked for checking, because their span is not what the file said (a
    /// discontinuous span taken whole) or not certain: `(id, text, why)`.
    pub to_check: Vec<(String, String, String)>,
    /// See [`Parsed::renamed_from`].
    pub renamed_from: Option<String>,
}

impl ImportReport {
    /// Whether every record found a place in the text, none needs checking and none was
    /// skipped.
    pub fn all_fitted(&self) -> bool {
        self.orphaned.is_empty() && self.to_check.is_empty() && self.skipped.is_empty()
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
        if self.links > 0 {
            write!(f, ", {} link(s) between them added", self.links)?;
        }
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
        if !self.to_check.is_empty() {
            write!(f, ", {} marked for checking", self.to_check.len())?;
        }
        if !self.skipped.is_empty() {
            let total: usize = self.skipped.values().sum();
            write!(
                f,
                ", {total} record(s) of types Gloss does not map skipped ({}; map them with --map TYPE=kind or import them with --kind)",
                counts(&self.skipped)
            )?;
        }
        if self.attributes_in_notes > 0 {
            write!(
                f,
                ", {} attribute(s) without a Gloss field kept in the notes",
                self.attributes_in_notes
            )?;
        }
        if !self.ignored.is_empty() {
            write!(f, "; not taken: {}", counts(&self.ignored))?;
        }
        Ok(())
    }
}

/// `Protein 10, Entity 2`.
fn counts(map: &BTreeMap<String, usize>) -> String {
    let parts: Vec<String> = map.iter().map(|(k, n)| format!("{n} {k}")).collect();
    parts.join(", ")
}

/// Reads `src` in `format`, keeping the records for the document named `doc_name`.
pub fn read(
    format: ImportFormat,
    src: &Path,
    doc_name: &str,
    options: &ImportOptions,
) -> Result<Parsed, ImportError> {
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
    parse(format, text, doc_name, &src, options)
}

/// Parses text in `format` (`path` is used in messages).
pub fn parse(
    format: ImportFormat,
    text: &str,
    doc_name: &str,
    path: &Path,
    options: &ImportOptions,
) -> Result<Parsed, ImportError> {
    let mut problems = Vec::new();
    let parsed = match format {
        ImportFormat::Jsonl => jsonl::parse(text, doc_name, &mut problems),
        ImportFormat::Brat => brat::parse(text, options, &mut problems),
        ImportFormat::W3c => {
            let value: Value = serde_json::from_str(text).map_err(|e| ImportError::Syntax {
                path: path.to_owned(),
                format,
                message: format!("line {}, column {}: {e}", e.line(), e.column()),
            })?;
            w3c::parse(&value, doc_name, options, &mut problems)
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
pub(super) fn select_doc<T>(
    records: Vec<(Option<String>, T)>,
    doc_name: &str,
    parsed: &mut Parsed,
) -> Vec<T> {
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

/// The label for a record of `type_name`: its mapping, else `--kind`'s label; else, with
/// `--strict`, a problem, or the record is skipped and counted.
pub(super) fn label_of_type(
    options: &ImportOptions,
    type_name: &str,
    location: &str,
    parsed: &mut Parsed,
    problems: &mut Vec<String>,
) -> Option<Label> {
    if let Some(label) = options.label_for(type_name).or(options.unmapped.clone()) {
        return Some(label);
    }
    if options.strict {
        problems.push(format!(
            "{location}: no Gloss label for the type {type_name:?}: map it with --map {type_name}=kind[:type] or import it with --kind"
        ));
    } else {
        *parsed.skipped.entry(type_name.to_owned()).or_default() += 1;
    }
    None
}

pub(super) fn json_str(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

pub(super) fn json_offset(v: &Value, key: &str) -> Result<usize, String> {
    let n = v.get(key).ok_or_else(|| format!("no {key:?}"))?;
    n.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("{key:?} is {n}, not a non-negative integer"))
}

/// What an import will change: the annotations to add, the links to make, and the report.
#[derive(Clone, Debug, Default)]
pub struct Planned {
    /// New annotations.
    pub annotations: Vec<Annotation>,
    /// Links between new or existing annotations (some may exist already).
    pub relations: Vec<Relation>,
    /// What the import does.
    pub report: ImportReport,
}

/// Turns incoming records into annotations anchored in `doc`, leaving out duplicates of
/// `existing` (and of each other), and their links into relations (a duplicate's links go to the
/// annotation it duplicates).
pub fn plan(doc: &Document, existing: &AnnotationSet, parsed: Parsed) -> Planned {
    let incoming_relations = parsed.relations;
    let mut report = ImportReport {
        read: parsed.items.len(),
        other_docs: parsed.other_docs,
        suggestions: parsed.suggestions,
        ignored: parsed.ignored,
        skipped: parsed.skipped,
        attributes_in_notes: parsed.attributes_in_notes,
        renamed_from: parsed.renamed_from,
        ..ImportReport::default()
    };
    let now = Timestamp::now();
    let mut checks: Vec<Option<String>> = Vec::new();
    let mut built: Vec<Annotation> = parsed
        .items
        .into_iter()
        .map(|mut item| {
            let gap_text = gap_text(doc, &item.fragments);
            if gap_text {
                let pieces: Vec<String> =
                    item.fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
                let why = format!(
                    "a discontinuous span (pieces {}) taken whole: the text between its pieces is not part of it",
                    pieces.join(";")
                );
                item.note = [item.note.as_str(), why.as_str()]
                    .iter()
                    .filter(|n| !n.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("\n");
                item.check.get_or_insert(why);
            }
            checks.push(item.check.clone());
            let in_range = item.start <= item.end && item.end <= doc.char_len();
            let at_offsets = in_range.then(|| doc.slice(item.start, item.end));
            let quote = match (&item.text, at_offsets) {
                (Some(t), Some(here))
                    if brat::join_matches(doc, item.start, item.end, t)
                        || (gap_text && pieces_match(doc, &item.fragments, t)) =>
                {
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
    // The file's offsets are for this text (else its quotes move them): kept where they fit.
    anchor::resolve(doc, &mut built, anchor::Text::Same);
    let mut to_check: HashMap<AnnotationId, String> = HashMap::new();
    for (a, check) in built.iter_mut().zip(checks) {
        if let Some(why) = check
            && a.is_placed()
        {
            a.anchor = AnchorState::Check;
            to_check.insert(a.id.clone(), why);
        }
    }
    let mut seen_ids: HashSet<AnnotationId> = HashSet::new();
    let mut seen_spans: HashMap<(usize, usize, String, String), AnnotationId> = HashMap::new();
    let mut added: Vec<Annotation> = Vec::new();
    // The annotation each record ends up as (itself, or the one it duplicates).
    let mut ends: Vec<AnnotationId> = Vec::with_capacity(built.len());
    for a in built {
        // Same kind, span and label; for orphans (whose span is only what the file said),
        // also the same text.
        let same_span = |b: &&Annotation| {
            b.start == a.start && b.end == a.end && b.label == a.label && b.quote == a.quote
        };
        let already_there = if a.is_placed() {
            existing
                .overlapping(a.start..a.end.max(a.start + 1))
                .find(same_span)
        } else {
            existing.iter().filter(|b| !b.is_placed()).find(same_span)
        };
        let key = (a.start, a.end, a.quote.clone(), format!("{:?}", a.label));
        let duplicate_of = already_there
            .map(|b| b.id.clone())
            .or_else(|| existing.get(&a.id).map(|b| b.id.clone()))
            .or_else(|| seen_ids.contains(&a.id).then(|| a.id.clone()))
            .or_else(|| seen_spans.get(&key).cloned());
        if let Some(id) = duplicate_of {
            report.duplicates += 1;
            ends.push(id);
            continue;
        }
        seen_spans.insert(key, a.id.clone());
        ends.push(a.id.clone());
        match a.anchor {
            AnchorState::Exact => report.exact += 1,
            AnchorState::Orphaned => report.orphaned.push((a.id.0.clone(), a.quote.clone())),
            AnchorState::Check if to_check.contains_key(&a.id) => {
                let why = to_check[&a.id].clone();
                report.to_check.push((a.id.0.clone(), a.quote.clone(), why));
            }
            AnchorState::Moved | AnchorState::Check => report.moved += 1,
        }
        seen_ids.insert(a.id.clone());
        added.push(a);
    }
    report.added = added.len();
    let end_id = |end: &LinkEnd| match end {
        LinkEnd::Record(i) => ends.get(*i).cloned(),
        LinkEnd::Annotation(id) => {
            let id = AnnotationId(id.clone());
            existing.get(&id).map(|a| a.id.clone())
        }
    };
    let mut relations = Vec::new();
    for r in incoming_relations {
        match (end_id(&r.from), end_id(&r.to)) {
            // Two records that became one annotation link nothing.
            (Some(from), Some(to)) if from == to => {}
            (Some(from), Some(to)) => relations.push(Relation::new(r.kind, from, to)),
            _ => {
                *report
                    .ignored
                    .entry(LINKS_TO_NOTHING.to_owned())
                    .or_default() += 1
            }
        }
    }
    Planned {
        annotations: added,
        relations,
        report,
    }
}

/// Whether a discontinuous span has text between its pieces (not only white space: brat cuts a
/// span at each line break).
fn gap_text(doc: &Document, fragments: &[(usize, usize)]) -> bool {
    let mut pieces = fragments.to_vec();
    pieces.sort_unstable();
    pieces.windows(2).any(|w| {
        let (gap_start, gap_end) = (w[0].1, w[1].0);
        gap_end > gap_start
            && gap_end <= doc.char_len()
            && !doc.slice(gap_start, gap_end).trim().is_empty()
    })
}

/// Whether `text` is the pieces' text joined by spaces, as brat writes a discontinuous span.
fn pieces_match(doc: &Document, fragments: &[(usize, usize)], text: &str) -> bool {
    let in_range = fragments
        .iter()
        .all(|&(s, e)| s <= e && e <= doc.char_len());
    in_range
        && fragments
            .iter()
            .map(|&(s, e)| doc.slice(s, e))
            .collect::<Vec<_>>()
            .join(" ")
            == text
}

/// Imports `src` into the session's annotations as one undoable step (not saved).
pub fn import_into(
    session: &mut Session,
    format: ImportFormat,
    src: &Path,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let parsed = read(format, src, &session.doc.source.file_name, options)?;
    // Records skipped or not taken are reported, not "nothing for this document".
    let nothing_read = parsed.items.is_empty()
        && parsed.relations.is_empty()
        && parsed.skipped.is_empty()
        && parsed.ignored.is_empty();
    let Planned {
        annotations: added,
        relations,
        mut report,
    } = plan(&session.doc, session.annotations(), parsed);
    if nothing_read {
        return Err(ImportError::NothingFor {
            path: src.to_owned(),
            doc: session.doc.source.file_name.clone(),
            other_docs: report.other_docs,
        });
    }
    let new_links: BTreeSet<Relation> = relations
        .into_iter()
        .filter(|r| !session.relations().contains(r))
        .collect();
    report.links = new_links.len();
    if !added.is_empty() || !new_links.is_empty() {
        let mut commands: Vec<Command> = added.into_iter().map(Command::Create).collect();
        commands.extend(new_links.into_iter().map(Command::Link));
        session.apply(Command::Batch(commands));
    }
    Ok(report)
}
