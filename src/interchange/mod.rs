//! Exporting annotations to other tools' formats: CSV, JSON Lines (the gold format), W3C Web
//! Annotation, brat standoff, CoNLL/BIO, REFI-QDA (`.qdpx`) and a Markdown or HTML report.
//!
//! This module owns the [`Format`] enum, the [`ExportDoc`] a document is turned into before
//! export (its annotations, optionally with suggestions, filtered by kind), and the common entry
//! points: [`render`] turns documents into [`OutputFile`]s (name and bytes), [`write_outputs`]
//! puts them on disk, and [`export_session`] does both for one open [`Session`] (what the GUI's
//! File → Export… calls). Each format lives in its own file and is a pure function of the
//! documents, so output is deterministic and easy to test.
//!
//! Offsets in every format are Unicode code points into [`Document::text`], `end` exclusive.
//!
//! Its length is the export model plus its tests (the last ~30 lines); each format is its own file.

mod brat;
mod conll;
mod csv;
pub mod import;
pub mod jsonl;
mod qdpx;
mod report;
mod w3c;

use crate::annotation::Annotation;
use crate::annotation::anchor::AnchorState;
use crate::annotation::{AnnotationId, Kind, Label, Relation};
use crate::document::Document;
use crate::document::outline::Outline;
use crate::session::Session;
use crate::store::SidecarStatus;
use crate::text::fold::fold;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One row per annotation, RFC 4180.
    Csv,
    /// The gold JSON Lines format plus id, note, status and anchor.
    Jsonl,
    /// W3C Web Annotation JSON-LD (an `AnnotationCollection`).
    W3c,
    /// brat standoff: `.txt` plus `.ann`.
    Brat,
    /// CoNLL-style BIO columns: one character a line for Chinese, one token a line for English.
    Conll,
    /// REFI-QDA project exchange (`.qdpx`).
    Qdpx,
    /// A Markdown report.
    Markdown,
    /// A self-contained HTML report.
    Html,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 8] = [
        Format::Csv,
        Format::Jsonl,
        Format::W3c,
        Format::Brat,
        Format::Conll,
        Format::Qdpx,
        Format::Markdown,
        Format::Html,
    ];

    /// The name used on the command line (`csv`, `jsonl`, `w3c`, `brat`, `conll`, `qdpx`, `md`,
    /// `html`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::W3c => "w3c",
            Format::Brat => "brat",
            Format::Conll => "conll",
            Format::Qdpx => "qdpx",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }

    /// Parses a command-line name (`markdown` is accepted for `md`).
    pub fn parse(name: &str) -> Option<Format> {
        let name = name.trim().to_ascii_lowercase();
        if name == "markdown" {
            return Some(Format::Markdown);
        }
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// A human-readable name for a format picker.
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV (spreadsheet)",
            Format::Jsonl => "JSON Lines (gold format)",
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::Brat => "brat standoff (.txt + .ann)",
            Format::Conll => "CoNLL / BIO",
            Format::Qdpx => "REFI-QDA project (.qdpx)",
            Format::Markdown => "Report (Markdown)",
            Format::Html => "Report (HTML)",
        }
    }

    /// The file extension of the format's main file (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::W3c => "jsonld",
            Format::Brat => "ann",
            Format::Conll => "conll",
            Format::Qdpx => "qdpx",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }

    /// Whether several documents go into one combined file (`false`: one file, or a pair of
    /// files for brat, per document).
    pub fn is_combined(self) -> bool {
        !matches!(self, Format::Brat | Format::W3c)
    }

    /// Whether the format can hold links between annotations ([`Relation`]s).
    pub fn holds_links(self) -> bool {
        matches!(
            self,
            Format::Jsonl | Format::W3c | Format::Brat | Format::Qdpx
        )
    }

    /// Whether the output is binary (not to be written to a terminal).
    pub fn is_binary(self) -> bool {
        self == Format::Qdpx
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What to export.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// The kinds to export; empty means every kind.
    pub kinds: Vec<Kind>,
    /// Also export the suggestion engine's suggestions (those not rejected and not duplicating
    /// an annotation), with status `suggestion`.
    pub include_suggestions: bool,
    /// CSV only: start the file with a UTF-8 byte order mark so that Excel reads it as UTF-8.
    pub excel_bom: bool,
    /// Entity names (folded, see [`crate::text::fold`]) and the canonical name each stands for
    /// across the reports (from the workspace's entity index): written as `canonical` beside each
    /// entity that has one.
    pub canonical: Arc<BTreeMap<String, String>>,
    /// Reports (Markdown, HTML) only: tables about the reports taken together, after the
    /// documents (the commitments tracked across them, from the workspace).
    pub appendix: Vec<ReportTable>,
}

/// A table the report adds after the documents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportTable {
    /// Its heading.
    pub title: String,
    /// The column names.
    pub headers: Vec<String>,
    /// The rows, as many cells as headers.
    pub rows: Vec<Vec<String>>,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions {
            kinds: Kind::ALL.to_vec(),
            include_suggestions: false,
            excel_bom: false,
            canonical: Arc::default(),
            appendix: Vec::new(),
        }
    }
}

impl ExportOptions {
    /// The kinds exported, in display order.
    pub fn wanted_kinds(&self) -> Vec<Kind> {
        Kind::ALL.into_iter().filter(|k| self.wants(*k)).collect()
    }

    fn wants(&self, kind: Kind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// Whether a record is one of the user's annotations or a machine suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// An annotation from the sidecar.
    Annotation,
    /// A suggestion from the suggestion engine, not (yet) accepted.
    Suggestion,
}

impl Status {
    /// `annotation` or `suggestion`, as written into exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Annotation => "annotation",
            Status::Suggestion => "suggestion",
        }
    }

    /// Parses `annotation` / `suggestion`.
    pub fn parse(name: &str) -> Option<Status> {
        match name.trim() {
            "annotation" => Some(Status::Annotation),
            "suggestion" => Some(Status::Suggestion),
            _ => None,
        }
    }
}

/// One exported record: an annotation (or a suggestion dressed as one) and its status.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The annotation. For suggestions the id is derived from kind and span
    /// (`s-figure-8-15`) so that output is deterministic.
    pub annotation: Annotation,
    /// Annotation or suggestion.
    pub status: Status,
}

/// A document ready for export: its text and the records to write, in document order (placed
/// records by start, longer first; orphans last).
#[derive(Clone, Debug)]
pub struct ExportDoc<'a> {
    /// The document the offsets refer to.
    pub doc: &'a Document,
    /// Where the output for this document goes, relative to the output folder, without
    /// extension (the file name, or `sub/plan.txt` for a folder export). Used by the per-document
    /// formats; defaults to the source's file name.
    pub rel_name: String,
    /// What to export.
    pub records: Vec<Record>,
    /// Links between the annotations exported (those with an end not among the records are
    /// left out, with a warning: see [`ExportDoc::links`]).
    pub relations: Vec<Relation>,
    /// The document's outline, for each record's section.
    outline: Outline,
    /// See [`ExportOptions::canonical`].
    canonical: Arc<BTreeMap<String, String>>,
}

impl<'a> ExportDoc<'a> {
    /// The records of `session` selected by `options`. With `options.include_suggestions`,
    /// `suggestions` (the pending suggestions as annotations, see
    /// `suggest::review::as_exported`) are added with status `suggestion`.
    pub fn from_session(
        session: &'a Session,
        options: &ExportOptions,
        suggestions: &[Annotation],
    ) -> ExportDoc<'a> {
        let annotations: Vec<Annotation> = session.annotations().iter().cloned().collect();
        let mut doc = ExportDoc::new(&session.doc, annotations, options);
        if options.include_suggestions {
            doc.records.extend(
                suggestions
                    .iter()
                    .filter(|a| options.wants(a.kind()))
                    .map(|a| Record {
                        annotation: a.clone(),
                        status: Status::Suggestion,
                    }),
            );
            doc.sort();
        }
        doc.relations = session.relations().iter().cloned().collect();
        doc
    }

    /// A document with these annotations (status `annotation`), filtered by kind.
    pub fn new(
        doc: &'a Document,
        annotations: Vec<Annotation>,
        options: &ExportOptions,
    ) -> ExportDoc<'a> {
        let records = annotations
            .into_iter()
            .filter(|a| options.wants(a.kind()))
            .map(|annotation| Record {
                annotation,
                status: Status::Annotation,
            })
            .collect();
        let mut out = ExportDoc {
            doc,
            rel_name: doc.source.file_name.clone(),
            records,
            relations: Vec::new(),
            outline: Outline::of(doc),
            canonical: Arc::clone(&options.canonical),
        };
        out.sort();
        out
    }

    /// The source's file name, as written into the `doc` field of exports.
    pub fn name(&self) -> &str {
        &self.doc.source.file_name
    }

    /// Where an annotation sits in the document's outline (`一、 › （二） › 3.`; empty for an
    /// orphan, which has no place).
    pub fn section(&self, a: &Annotation) -> String {
        if a.is_placed() {
            self.outline.section_at(a.start)
        } else {
            String::new()
        }
    }

    /// The canonical name of an entity annotation, when the reports give one.
    pub fn canonical(&self, a: &Annotation) -> Option<&str> {
        if a.kind() != Kind::Entity {
            return None;
        }
        self.canonical
            .get(&fold(a.quote.trim()))
            .map(String::as_str)
    }

    /// The links whose two ends are exported and the format wrote (`written` tells which of the
    /// exported annotations it wrote: all of them, or not the orphans it cannot place), warning
    /// about each link it leaves out: one with an end not exported or not written, or every link
    /// when the format cannot hold links at all (`written` always false: see
    /// [`Format::holds_links`]).
    pub(crate) fn links(
        &self,
        format: Format,
        written: impl Fn(&AnnotationId) -> bool,
        warnings: &mut Vec<ExportWarning>,
    ) -> Vec<&Relation> {
        let exported: HashSet<&AnnotationId> =
            self.records.iter().map(|r| &r.annotation.id).collect();
        let mut kept = Vec::new();
        for r in &self.relations {
            if !exported.contains(&r.from) && !exported.contains(&r.to) {
                continue; // Neither end is part of this export: not a link it drops.
            }
            let both_exported = exported.contains(&r.from) && exported.contains(&r.to);
            if both_exported && written(&r.from) && written(&r.to) {
                kept.push(r);
                continue;
            }
            let message = if format.holds_links() {
                format!(
                    "its {} link to {} is left out: the other end is not in the export",
                    r.kind, r.to
                )
            } else {
                format!(
                    "its {} link to {} is left out: {} cannot hold links (export JSON Lines, W3C, brat or REFI-QDA to keep them)",
                    r.kind,
                    r.to,
                    format.label()
                )
            };
            warnings.push(ExportWarning {
                doc: self.name().to_owned(),
                id: r.from.0.clone(),
                message,
            });
        }
        kept
    }

    fn sort(&mut self) {
        self.records.sort_by(|a, b| {
            let (x, y) = (&a.annotation, &b.annotation);
            (
                !x.is_placed(),
                x.start,
                std::cmp::Reverse(x.end),
                x.kind(),
                &x.id,
            )
                .cmp(&(
                    !y.is_placed(),
                    y.start,
                    std::cmp::Reverse(y.end),
                    y.kind(),
                    &y.id,
                ))
        });
    }
}

/// One file produced by an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// The file's path relative to the output folder (or its name, for a single file).
    pub name: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// Something an export could not represent; the rest was exported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportWarning {
    /// The document's file name.
    pub doc: String,
    /// The annotation concerned.
    pub id: String,
    /// What happened, for a person.
    pub message: String,
}

impl fmt::Display for ExportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: annotation {}: {}", self.doc, self.id, self.message)
    }
}

/// The result of rendering: the files, how many records went in, and what could not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The files to write.
    pub files: Vec<OutputFile>,
    /// How many records were written.
    pub records: usize,
    /// Records (or parts of them) the format could not hold.
    pub warnings: Vec<ExportWarning>,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing a file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A report's sidecar exists but cannot be read; exporting it would lose its annotations.
    #[error("{0}")]
    UnreadableSidecar(String),
    /// The output would overwrite one of the reports or sidecars being exported.
    #[error("refusing to overwrite {0}: it is one of the reports or sidecars being exported")]
    WouldOverwriteSource(PathBuf),
    /// Several files need a folder to go in.
    #[error("{format} writes {count} files; give a folder (not the file {path}) to put them in")]
    NeedsFolder {
        /// The format.
        format: Format,
        /// How many files.
        count: usize,
        /// The path given.
        path: PathBuf,
    },
    /// Building the format failed (zip writing, serialisation).
    #[error("cannot build the {format} export: {message}")]
    Encode {
        /// The format.
        format: Format,
        /// What went wrong.
        message: String,
    },
}

/// Renders documents into files. Combined formats give one file (`annotations.<ext>`, or
/// `<report>.<ext>` for a single document); brat gives a `.txt` and `.ann` per document (plus
/// `annotation.conf`), W3C one `.jsonld` per document.
pub fn render(
    docs: &[ExportDoc<'_>],
    format: Format,
    options: &ExportOptions,
) -> Result<Rendered, ExportError> {
    let combined_name = match docs {
        [one] => format!("{}.{}", one.rel_name, format.extension()),
        _ => format!("annotations.{}", format.extension()),
    };
    let records = docs.iter().map(|d| d.records.len()).sum();
    let mut warnings = Vec::new();
    if !format.holds_links() {
        for d in docs {
            d.links(format, |_| false, &mut warnings);
        }
    }
    let files = match format {
        Format::Csv => vec![OutputFile {
            name: combined_name,
            bytes: csv::render(docs, options.excel_bom).map_err(|e| ExportError::Encode {
                format,
                message: e.to_string(),
            })?,
        }],
        Format::Jsonl => vec![OutputFile {
            name: combined_name,
            bytes: jsonl::render(docs, &mut warnings).into_bytes(),
        }],
        Format::Conll => vec![OutputFile {
            name: combined_name,
            bytes: conll::render(docs, &options.kinds, &mut warnings).into_bytes(),
        }],
        Format::Qdpx => vec![OutputFile {
            name: combined_name,
            bytes: qdpx::render(docs, &mut warnings).map_err(|e| ExportError::Encode {
                format,
                message: e.to_string(),
            })?,
        }],
        Format::Markdown => vec![OutputFile {
            name: combined_name,
            bytes: report::markdown(docs, &options.appendix).into_bytes(),
        }],
        Format::Html => vec![OutputFile {
            name: combined_name,
            bytes: report::html(docs, &options.appendix).into_bytes(),
        }],
        Format::W3c => docs
            .iter()
            .map(|d| OutputFile {
                name: format!("{}.jsonld", d.rel_name),
                bytes: w3c::render(d, &mut warnings).into_bytes(),
            })
            .collect(),
        Format::Brat => {
            let mut files = Vec::new();
            for d in docs {
                let stem = brat::stem(&d.rel_name);
                files.push(OutputFile {
                    name: format!("{stem}.txt"),
                    bytes: d.doc.text().as_bytes().to_vec(),
                });
                files.push(OutputFile {
                    name: format!("{stem}.ann"),
                    bytes: brat::render(d, &mut warnings).into_bytes(),
                });
            }
            files.push(OutputFile {
                name: "annotation.conf".into(),
                bytes: brat::annotation_conf(docs).into_bytes(),
            });
            files
        }
    };
    Ok(Rendered {
        files,
        records,
        warnings,
    })
}

/// Writes rendered files to `out` and returns the paths written.
///
/// A single file goes to `out` itself, unless `out` is an existing folder (then into it, under
/// its own name). Several files need a folder: `out` is created if missing, and subfolders as
/// the names require. For brat with one document, `out` may also name the `.ann` file (the
/// `.txt` is written beside it). Files listed in `protected` (the reports and sidecars being
/// exported) are never overwritten. Every file is written atomically.
pub fn write_outputs(
    rendered: &Rendered,
    format: Format,
    out: &Path,
    protected: &[PathBuf],
) -> Result<Vec<PathBuf>, ExportError> {
    let mut targets: Vec<(PathBuf, &OutputFile)> = Vec::new();
    let files: Vec<&OutputFile> = rendered.files.iter().collect();
    let brat_pair = format == Format::Brat
        && files.len() == 3
        && out.extension().is_some_and(|e| e == "ann")
        && !out.is_dir();
    if brat_pair {
        for f in &files {
            let path = if f.name.ends_with(".ann") {
                out.to_owned()
            } else if f.name.ends_with(".txt") {
                out.with_extension("txt")
            } else {
                out.with_file_name(&f.name)
            };
            targets.push((path, f));
        }
    } else if let [one] = files.as_slice()
        && !out.is_dir()
    {
        targets.push((out.to_owned(), one));
    } else {
        if out.exists() && !out.is_dir() {
            return Err(ExportError::NeedsFolder {
                format,
                count: files.len(),
                path: out.to_owned(),
            });
        }
        for f in &files {
            targets.push((out.join(&f.name), f));
        }
    }
    let protected: Vec<PathBuf> = protected.iter().map(|p| canonical(p)).collect();
    for (path, _) in &targets {
        if protected.contains(&canonical(path)) {
            return Err(ExportError::WouldOverwriteSource(path.clone()));
        }
    }
    let mut written = Vec::new();
    for (path, f) in targets {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|source| ExportError::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        crate::store::write_atomically(&path, &f.bytes).map_err(|source| ExportError::Io {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// The canonical form of a path that may not exist yet (its folder canonicalised).
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => parent
            .canonicalize()
            .map_or_else(|_| path.to_owned(), |p| p.join(name)),
        _ => path.to_owned(),
    }
}

/// What [`export_session`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportSummary {
    /// The files written.
    pub written: Vec<PathBuf>,
    /// How many records were exported.
    pub records: usize,
    /// What the format could not hold.
    pub warnings: Vec<ExportWarning>,
}

/// Exports one open session to `out` (File → Export… in the GUI). Refuses when the sidecar
/// could not be read, since its annotations would be missing.
pub fn export_session(
    session: &Session,
    format: Format,
    options: &ExportOptions,
    suggestions: &[Annotation],
    out: &Path,
) -> Result<ExportSummary, ExportError> {
    check_sidecar(session)?;
    let doc = ExportDoc::from_session(session, options, suggestions);
    let rendered = render(std::slice::from_ref(&doc), format, options)?;
    let written = write_outputs(&rendered, format, out, &session.own_files())?;
    Ok(ExportSummary {
        written,
        records: rendered.records,
        warnings: rendered.warnings,
    })
}

/// Fails when the session's sidecar exists but could not be read.
pub fn check_sidecar(session: &Session) -> Result<(), ExportError> {
    match session.sidecar_status() {
        SidecarStatus::Unreadable(e) => Err(ExportError::UnreadableSidecar(e.to_string())),
        _ => Ok(()),
    }
}

/// The label's attributes as `(name, value)` pairs, empty ones included, in the order of the
/// CSV columns: `type`; `value`, `unit`; `actor`, `deadline`, `target`.
pub(crate) fn attributes(label: &Label) -> Vec<(&'static str, String)> {
    match label {
        Label::Figure { value, unit } => vec![
            ("value", value.map(format_number).unwrap_or_default()),
            ("unit", unit.clone()),
        ],
        Label::Entity { entity_type } => vec![("type", entity_type.as_str().to_owned())],
        Label::Commitment {
            actor,
            deadline,
            target,
        } => vec![
            ("actor", actor.clone()),
            ("deadline", deadline.clone()),
            ("target", target.clone()),
        ],
    }
}

/// A label from a kind and its attributes looked up by name (`type`, `value`, `unit`, `actor`,
/// `deadline`, `target`). Fails with a message when a value cannot be read (an unknown entity
/// type, a figure value that is not a number).
pub fn label_from(kind: Kind, get: &dyn Fn(&str) -> Option<String>) -> Result<Label, String> {
    let text = |name: &str| get(name).unwrap_or_default();
    Ok(match kind {
        Kind::Figure => {
            let value = match get("value").filter(|v| !v.trim().is_empty()) {
                None => None,
                Some(v) => Some(
                    v.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| format!("figure value {v:?} is not a number"))?,
                ),
            };
            Label::Figure {
                value,
                unit: text("unit"),
            }
        }
        Kind::Entity => {
            let name = text("type");
            let entity_type = if name.trim().is_empty() {
                crate::annotation::EntityType::default()
            } else {
                crate::annotation::EntityType::parse(&name.to_ascii_lowercase()).ok_or_else(
                    || format!("unknown entity type {name:?}: use org, place, person or work"),
                )?
            };
            Label::Entity { entity_type }
        }
        Kind::Commitment => Label::Commitment {
            actor: text("actor"),
            deadline: text("deadline"),
            target: text("target"),
        },
    })
}

/// A number as written in exports: integers without a fraction, others in the shortest form
/// that reads back to the same `f64`.
pub(crate) fn format_number(v: f64) -> String {
    format!("{v}")
}

/// The quote of a record: the annotated text (for orphans, the text they had).
pub(crate) fn quote_of(a: &Annotation) -> &str {
    &a.quote
}

/// The anchoring state as written into exports.
pub(crate) fn anchor_str(a: &Annotation) -> &'static str {
    a.anchor.as_str()
}

/// Whether the record has a usable position in the current text.
pub(crate) fn is_positioned(doc: &Document, a: &Annotation) -> bool {
    a.anchor != AnchorState::Orphaned && a.start <= a.end && a.end <= doc.char_len()
}

/// A deterministic UUID-shaped identifier (version 5 layout, SHA-256 based) for `name`.
pub fn guid(name: &str) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(format!("gloss:{name}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&hash[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_their_names() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(f));
        }
        assert_eq!(Format::parse("Markdown"), Some(Format::Markdown));
        assert_eq!(Format::parse("xml"), None);
    }

    #[test]
    fn guids_are_deterministic_and_uuid_shaped() {
        let g = guid("aad11bb08e016e16");
        assert_eq!(g, guid("aad11bb08e016e16"));
        assert_ne!(g, guid("aad11bb08e016e17"));
        let parts: Vec<_> = g.split('-').map(str::len).collect();
        assert_eq!(parts, vec![8, 4, 4, 4, 12]);
        assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert_eq!(&g[14..15], "5");
    }

    #[test]
    fn numbers_read_back_exactly() {
        for v in [29_690_000_000.0, 0.9, 19.7, 1e-7, 123456.789] {
            assert_eq!(format_number(v).parse::<f64>().unwrap(), v);
        }
        assert_eq!(format_number(16.0), "16");
    }
}
