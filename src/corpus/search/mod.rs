//! Search across a workspace: the reports' text and their annotations, in a tantivy index.
//!
//! The index lives in the user's cache folder (never beside the reports: see [`index_dir_for`]),
//! one per workspace folder. It is a cache: [`SearchIndex::update`] brings it up to date with the
//! files (only reports or sidecars whose length or modification time changed are read again),
//! and an index that cannot be opened, or was written by another version of its layout, is thrown
//! away and rebuilt rather than trusted.
//!
//! Each report is indexed as its paragraphs (lines; long ones in overlapping pieces) and its
//! annotations: the annotated text plus the fields queries can ask about (see [`query`] for the
//! language and [`tokens`] for how Chinese is made searchable).

mod query;
mod tokens;

pub use query::QueryError;

use crate::annotation::{Annotation, Kind, Label};
use crate::document::Document;
use crate::document::loader::LoadOptions;
use crate::document::outline::Outline;
use crate::session::Session;
use crate::store::reports::{ReportsError, workspace_reports};
use crate::store::{Sidecar, SidecarStatus, UserFolder, write_atomically};
use crate::text::fold::fold;
use crate::text::year_in;
use query::{Cmp, Condition, Query};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, RangeQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// The layout of the index and its manifest; a different one is rebuilt.
const LAYOUT: u32 = 1;

/// Paragraphs longer than this are indexed in pieces that overlap by [`PIECE_OVERLAP`], so a
/// phrase up to that long is found across a cut.
const PIECE_CHARS: usize = 2000;
const PIECE_OVERLAP: usize = 64;

/// Code points of context on each side of a hit.
const CONTEXT_CHARS: usize = 24;

/// Why the index could not be built or searched; each names what to look at.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The workspace folder cannot be listed.
    #[error(transparent)]
    Reports(#[from] ReportsError),
    /// The query is not valid.
    #[error("{0}")]
    Query(#[from] QueryError),
    /// The index folder cannot be written or read.
    #[error("search index {}: {source}", dir.display())]
    Io {
        /// The index folder.
        dir: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// The engine failed (another Gloss updating the same index holds its lock, for example).
    #[error("search index {}: {source}", dir.display())]
    Engine {
        /// The index folder.
        dir: PathBuf,
        /// The engine's error.
        source: tantivy::TantivyError,
    },
    /// The platform has no cache folder to keep the index in.
    #[error("no cache folder: set XDG_CACHE_HOME or HOME")]
    NoCacheFolder,
}

/// The user's cache folder for the index of `folder`: `$XDG_CACHE_HOME/gloss/index/<hash>`
/// (`~/.cache` when unset; `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows).
pub fn index_dir_for(folder: &Path) -> Result<PathBuf, SearchError> {
    let base = UserFolder::Cache.path().ok_or(SearchError::NoCacheFolder)?;
    let canonical = folder.canonicalize().unwrap_or_else(|_| folder.to_owned());
    let hash = crate::document::loader::sha256_hex(canonical.to_string_lossy().as_bytes());
    Ok(base.join("index").join(&hash[..16]))
}

/// What an update did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateReport {
    /// Reports in the workspace.
    pub documents: usize,
    /// Reports read again (new or changed).
    pub indexed: usize,
    /// Reports whose entries were dropped (deleted, or no longer readable).
    pub removed: usize,
    /// Annotations in the index after the update.
    pub annotations: usize,
    /// Reports or sidecars that cannot be read, each naming the file (those found before too,
    /// until the file changes).
    pub problems: Vec<String>,
    /// Whether the index was (re)built from nothing.
    pub rebuilt: bool,
}

/// One search hit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The report, relative to the workspace folder.
    pub doc: String,
    /// Start, in code points into the report's text.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The text found.
    pub text: String,
    /// The text around it on its line.
    pub context: String,
    /// Where it sits in the report's outline.
    pub section: String,
    /// The annotation's kind, when the hit is an annotation.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "kind_name")]
    pub kind: Option<Kind>,
    /// The annotation's id, when the hit is an annotation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

fn kind_name<S: serde::Serializer>(kind: &Option<Kind>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.map_or("", Kind::as_str))
}

/// How a file looked when it was indexed: length and modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    modified_ns: u128,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Some(Stamp {
            len: meta.len(),
            modified_ns,
        })
    }
}

/// One indexed report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Entry {
    source: Stamp,
    sidecar: Option<Stamp>,
    annotations: usize,
    /// Why the report (or its sidecar) could not be read; read again once either changes.
    problem: Option<String>,
}

/// What the index holds, written beside it after every commit.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Manifest {
    layout: u32,
    docs: BTreeMap<String, Entry>,
}

/// The index's fields.
#[derive(Clone, Copy)]
struct Fields {
    doc: Field,
    doc_name: Field,
    record: Field,
    start: Field,
    end: Field,
    body: Field,
    section: Field,
    context: Field,
    kind: Field,
    entity_type: Field,
    unit: Field,
    value: Field,
    actor: Field,
    deadline: Field,
    id: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let cjk = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokens::TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    let fields = Fields {
        doc: b.add_text_field("doc", STRING | STORED),
        doc_name: b.add_text_field("doc_name", cjk(false)),
        record: b.add_text_field("record", STRING),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        body: b.add_text_field("body", cjk(true)),
        section: b.add_text_field("section", STORED),
        context: b.add_text_field("context", STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        entity_type: b.add_text_field("type", STRING),
        unit: b.add_text_field("unit", STRING),
        value: b.add_f64_field("value", INDEXED | FAST),
        actor: b.add_text_field("actor", cjk(false)),
        deadline: b.add_i64_field("deadline", INDEXED | FAST),
        id: b.add_text_field("id", STRING | STORED),
    };
    (b.build(), fields)
}

/// The search index of one workspace folder.
pub struct SearchIndex {
    folder: PathBuf,
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    manifest: Manifest,
    rebuilt: bool,
}

impl SearchIndex {
    /// Opens the index of `folder` in the user's cache folder (see [`index_dir_for`]).
    pub fn open(folder: &Path) -> Result<SearchIndex, SearchError> {
        SearchIndex::open_in(folder, &index_dir_for(folder)?)
    }

    /// Opens the index of `folder` kept in `dir`, creating it (or rebuilding a damaged or
    /// outdated one) as needed. Nothing is read from the reports until [`SearchIndex::update`].
    pub fn open_in(folder: &Path, dir: &Path) -> Result<SearchIndex, SearchError> {
        let io = |source| SearchError::Io {
            dir: dir.to_owned(),
            source,
        };
        let engine = |source| SearchError::Engine {
            dir: dir.to_owned(),
            source,
        };
        let (schema, fields) = schema();
        let manifest: Option<Manifest> = std::fs::read(dir.join("manifest.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .filter(|m: &Manifest| m.layout == LAYOUT);
        let existing = manifest
            .as_ref()
            .and_then(|_| Index::open_in_dir(dir).ok())
            .filter(|i| i.schema() == schema);
        let (index, manifest, rebuilt) = match (existing, manifest) {
            (Some(index), Some(manifest)) => (index, manifest, false),
            _ => {
                if dir.exists() {
                    std::fs::remove_dir_all(dir).map_err(io)?;
                }
                std::fs::create_dir_all(dir).map_err(io)?;
                let index = Index::create_in_dir(dir, schema).map_err(engine)?;
                let manifest = Manifest {
                    layout: LAYOUT,
                    docs: BTreeMap::new(),
                };
                (index, manifest, true)
            }
        };
        index
            .tokenizers()
            .register(tokens::TOKENIZER, tokens::CjkTokenizer);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(engine)?;
        Ok(SearchIndex {
            folder: folder.to_owned(),
            dir: dir.to_owned(),
            index,
            reader,
            fields,
            manifest,
            rebuilt,
        })
    }

    /// The folder the index stands for.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Brings the index up to date with the folder: new and changed reports (or sidecars) are
    /// read again, reports that are gone are dropped. `progress(done, total)` is called as reports
    /// are read, from any thread.
    pub fn update(
        &mut self,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<UpdateReport, SearchError> {
        let engine = |source| SearchError::Engine {
            dir: self.dir.clone(),
            source,
        };
        let found = workspace_reports(&self.folder)?;
        let mut report = UpdateReport {
            documents: found.len(),
            rebuilt: std::mem::take(&mut self.rebuilt),
            ..UpdateReport::default()
        };
        let stamped: Vec<(String, PathBuf, Stamp, Option<Stamp>)> = found
            .into_iter()
            .filter_map(|f| {
                let source = Stamp::of(&f.path)?;
                let sidecar = Stamp::of(&Sidecar::path_for(&f.path));
                Some((f.rel_name, f.path, source, sidecar))
            })
            .collect();
        let present: std::collections::HashSet<&str> =
            stamped.iter().map(|s| String::as_str(&s.0)).collect();
        let gone: Vec<String> = self
            .manifest
            .docs
            .keys()
            .filter(|k| !present.contains(String::as_str(k)))
            .cloned()
            .collect();
        let changed: Vec<&(String, PathBuf, Stamp, Option<Stamp>)> = stamped
            .iter()
            .filter(|(name, _, source, sidecar)| {
                self.manifest
                    .docs
                    .get(name)
                    .is_none_or(|e| e.source != *source || e.sidecar != *sidecar)
            })
            .collect();
        if gone.is_empty() && changed.is_empty() {
            self.summarise(&mut report);
            return Ok(report);
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut writer: IndexWriter<TantivyDocument> = self
            .index
            .writer_with_num_threads(threads.min(4), 64_000_000 * threads.min(4))
            .map_err(engine)?;
        for name in &gone {
            writer.delete_term(Term::from_field_text(self.fields.doc, name));
            self.manifest.docs.remove(name);
            report.removed += 1;
        }
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let results: Mutex<Vec<(String, Entry)>> = Mutex::new(Vec::new());
        let failure: Mutex<Option<tantivy::TantivyError>> = Mutex::new(None);
        let fields = self.fields;
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((name, path, source, sidecar)) = changed.get(i) else {
                            break;
                        };
                        writer.delete_term(Term::from_field_text(fields.doc, name));
                        let (doc, annotations, problem) = read_report(path);
                        if let Some(doc) = doc {
                            let added = index_report(&writer, fields, name, &doc, &annotations);
                            if let Err(e) = added {
                                *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                            }
                        }
                        let outcome = Entry {
                            source: *source,
                            sidecar: *sidecar,
                            annotations: annotations.len(),
                            problem,
                        };
                        results
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push((name.clone(), outcome));
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, changed.len());
                    }
                });
            }
        });
        if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(engine(e));
        }
        writer.commit().map_err(engine)?;
        drop(writer);
        for (name, entry) in results.into_inner().unwrap_or_else(|p| p.into_inner()) {
            self.manifest.docs.insert(name, entry);
            report.indexed += 1;
        }
        let json = serde_json::to_vec(&self.manifest).unwrap_or_default();
        write_atomically(&self.dir.join("manifest.json"), &json).map_err(|source| {
            SearchError::Io {
                dir: self.dir.clone(),
                source,
            }
        })?;
        self.reader.reload().map_err(engine)?;
        self.summarise(&mut report);
        Ok(report)
    }

    /// Fills the report's totals from the manifest.
    fn summarise(&self, report: &mut UpdateReport) {
        report.annotations = self.manifest.docs.values().map(|e| e.annotations).sum();
        report.problems = self
            .manifest
            .docs
            .values()
            .filter_map(|e| e.problem.clone())
            .collect();
    }

    /// The hits for `query` (see [`query`] for the language), at most `limit`, grouped by report
    /// (reports in order of their best hit), in text order within a report.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let parsed = query::parse(query)?;
        let annotations = parsed.wants_annotations();
        if !annotations && parsed.words.is_empty() {
            return Err(QueryError::Empty.into());
        }
        let engine = |source| SearchError::Engine {
            dir: self.dir.clone(),
            source,
        };
        let q = self.to_engine_query(&parsed, annotations);
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&q, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(engine)?;
        let f = self.fields;
        let mut hits: Vec<(f32, Hit)> = Vec::new();
        for (score, address) in top {
            let stored: TantivyDocument = searcher.doc(address).map_err(engine)?;
            let text = |field| {
                stored
                    .get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let number = |field| {
                stored
                    .get_first(field)
                    .and_then(|v| v.as_u64())
                    .unwrap_or_default() as usize
            };
            let doc = text(f.doc);
            let start = number(f.start);
            let body = text(f.body);
            let section = text(f.section);
            if annotations {
                hits.push((
                    score,
                    Hit {
                        doc,
                        start,
                        end: number(f.end),
                        context: text(f.context),
                        text: body,
                        section,
                        kind: Kind::parse(&text(f.kind)),
                        id: Some(text(f.id)),
                    },
                ));
            } else {
                for (s, e) in occurrences(&body, &parsed.words) {
                    hits.push((
                        score,
                        Hit {
                            doc: doc.clone(),
                            start: start + s,
                            end: start + e,
                            text: body.chars().skip(s).take(e - s).collect(),
                            context: context(&body, s, e),
                            section: section.clone(),
                            kind: None,
                            id: None,
                        },
                    ));
                }
            }
        }
        // Reports by their best score (then by name: filters score alike), hits in text order;
        // pieces of one paragraph overlap, so one hit per place.
        let mut best: BTreeMap<String, f32> = BTreeMap::new();
        for (score, h) in &hits {
            let b = best.entry(h.doc.clone()).or_insert(*score);
            *b = b.max(*score);
        }
        hits.sort_by(|(_, a), (_, b)| {
            best[&b.doc]
                .total_cmp(&best[&a.doc])
                .then_with(|| a.doc.cmp(&b.doc))
                .then_with(|| (a.start, a.end).cmp(&(b.start, b.end)))
        });
        let mut hits: Vec<Hit> = hits.into_iter().map(|(_, h)| h).collect();
        hits.dedup_by(|a, b| a.doc == b.doc && a.start == b.start && a.end == b.end);
        hits.truncate(limit);
        Ok(hits)
    }

    fn to_engine_query(&self, q: &Query, annotations: bool) -> BooleanQuery {
        let f = self.fields;
        let term = |field, text: &str| -> Box<dyn tantivy::query::Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let record = if annotations { "annotation" } else { "text" };
        // Conditions filter and do not score: only the words rank the hits (so hits that only
        // meet conditions come in report order, whatever segment the engine put them in).
        let mut filters: Vec<Box<dyn tantivy::query::Query>> = vec![term(f.record, record)];
        let mut must: Vec<Box<dyn tantivy::query::Query>> = Vec::new();
        for w in &q.words {
            must.push(phrase(f.body, w));
        }
        for c in &q.conditions {
            filters.push(match c {
                Condition::Kind(k) => term(f.kind, k.as_str()),
                Condition::Type(t) => term(f.entity_type, t.as_str()),
                Condition::Unit(u) => term(f.unit, &fold_unit(u)),
                Condition::Actor(a) => phrase(f.actor, a),
                Condition::Doc(d) => phrase(f.doc_name, d),
                Condition::Value(cmp, v) => {
                    range(*cmp, |x: f64| Term::from_field_f64(f.value, x), *v)
                }
                Condition::Deadline(cmp, y) => {
                    range(*cmp, |x: i64| Term::from_field_i64(f.deadline, x), *y)
                }
            });
        }
        must.extend(
            filters
                .into_iter()
                .map(|q| -> Box<dyn tantivy::query::Query> {
                    Box::new(ConstScoreQuery::new(q, 0.0))
                }),
        );
        BooleanQuery::new(must.into_iter().map(|q| (Occur::Must, q)).collect())
    }
}

/// The query for `words` in a tokenized `field`: its terms at their positions.
fn phrase(field: Field, words: &str) -> Box<dyn tantivy::query::Query> {
    let mut terms: Vec<(usize, Term)> = tokens::terms(words, false)
        .into_iter()
        .map(|t| (t.position, Term::from_field_text(field, &t.text)))
        .collect();
    match terms.len() {
        // Only punctuation: a term nothing is indexed under (no hits, as for any absent word).
        0 => Box::new(TermQuery::new(
            Term::from_field_text(field, "\u{0}"),
            IndexRecordOption::Basic,
        )),
        1 => Box::new(TermQuery::new(
            terms.remove(0).1,
            IndexRecordOption::WithFreqs,
        )),
        _ => Box::new(PhraseQuery::new_with_offset(terms)),
    }
}

fn range<T: Copy>(cmp: Cmp, term: impl Fn(T) -> Term, v: T) -> Box<dyn tantivy::query::Query> {
    let (lower, upper) = match cmp {
        Cmp::Eq => (Bound::Included(term(v)), Bound::Included(term(v))),
        Cmp::Lt => (Bound::Unbounded, Bound::Excluded(term(v))),
        Cmp::Le => (Bound::Unbounded, Bound::Included(term(v))),
        Cmp::Gt => (Bound::Excluded(term(v)), Bound::Unbounded),
        Cmp::Ge => (Bound::Included(term(v)), Bound::Unbounded),
    };
    Box::new(RangeQuery::new(lower, upper))
}

fn fold_unit(unit: &str) -> String {
    fold(unit.trim()).to_lowercase()
}

/// A report's text and annotations (re-anchored on the current text), and what could not be
/// read: the report (nothing indexed) or its sidecar (the text is indexed, the annotations wait
/// for a readable sidecar).
fn read_report(path: &Path) -> (Option<Document>, Vec<Annotation>, Option<String>) {
    let session = match Session::open(path, LoadOptions::default()) {
        Ok(session) => session,
        Err(e) => return (None, Vec::new(), Some(e.to_string())),
    };
    if let SidecarStatus::Unreadable(e) = session.sidecar_status() {
        let problem = format!("{e} (its annotations are not searchable until it is repaired)");
        return (Some(session.doc), Vec::new(), Some(problem));
    }
    let annotations = session
        .annotations()
        .iter()
        .filter(|a| a.is_placed())
        .cloned()
        .collect();
    (Some(session.doc), annotations, None)
}

/// Adds one report's paragraphs and annotations to the index.
fn index_report(
    writer: &IndexWriter<TantivyDocument>,
    f: Fields,
    name: &str,
    doc: &Document,
    annotations: &[Annotation],
) -> tantivy::Result<()> {
    let outline = Outline::of(doc);
    let mut line_start = 0usize;
    for line in doc.text().split('\n') {
        let chars: Vec<char> = line.chars().collect();
        let mut from = 0usize;
        while from < chars.len() {
            let to = (from + PIECE_CHARS).min(chars.len());
            let piece: String = chars[from..to].iter().collect();
            if !piece.trim().is_empty() {
                let mut d = TantivyDocument::default();
                d.add_text(f.doc, name);
                d.add_text(f.doc_name, name);
                d.add_text(f.record, "text");
                d.add_u64(f.start, (line_start + from) as u64);
                d.add_u64(f.end, (line_start + to) as u64);
                d.add_text(f.body, &piece);
                d.add_text(f.section, outline.section_at(line_start + from));
                writer.add_document(d)?;
            }
            if to == chars.len() {
                break;
            }
            from = to - PIECE_OVERLAP;
        }
        line_start += chars.len() + 1;
    }
    for a in annotations {
        let mut d = TantivyDocument::default();
        d.add_text(f.doc, name);
        d.add_text(f.doc_name, name);
        d.add_text(f.record, "annotation");
        d.add_u64(f.start, a.start as u64);
        d.add_u64(f.end, a.end as u64);
        d.add_text(f.body, &a.quote);
        d.add_text(f.section, outline.section_at(a.start));
        d.add_text(f.context, annotation_context(a));
        d.add_text(f.kind, a.kind().as_str());
        d.add_text(f.id, &a.id.0);
        match &a.label {
            Label::Figure { value, unit } => {
                d.add_text(f.unit, fold_unit(unit));
                if let Some(v) = value.filter(|v| v.is_finite()) {
                    d.add_f64(f.value, v);
                }
            }
            Label::Entity { entity_type } => d.add_text(f.entity_type, entity_type.as_str()),
            Label::Commitment {
                actor, deadline, ..
            } => {
                d.add_text(f.actor, actor);
                if let Some(year) = year_in(deadline) {
                    d.add_i64(f.deadline, i64::from(year));
                }
            }
        }
        writer.add_document(d)?;
    }
    Ok(())
}

/// Where each of `words` occurs in `body`, in code points, matched on folded text with spaces
/// ignored (so `GDP增长` finds `GDP 增长`).
fn occurrences(body: &str, words: &[String]) -> Vec<(usize, usize)> {
    let folded: Vec<(usize, char)> = body
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (i, fold_for_match(c)))
        .collect();
    let mut out = Vec::new();
    for w in words {
        let needle: Vec<char> = w
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(fold_for_match)
            .collect();
        if needle.is_empty() || needle.len() > folded.len() {
            continue;
        }
        for at in 0..=folded.len() - needle.len() {
            if folded[at..at + needle.len()]
                .iter()
                .zip(&needle)
                .all(|((_, c), n)| c == n)
            {
                out.push((folded[at].0, folded[at + needle.len() - 1].0 + 1));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn fold_for_match(c: char) -> char {
    tokens::fold_for_search(c).next().unwrap_or(c)
}

/// An annotation's quote with the context stored beside it, cut like [`context`].
fn annotation_context(a: &Annotation) -> String {
    let before = a.prefix.rsplit('\n').next().unwrap_or_default();
    let after = a.suffix.split('\n').next().unwrap_or_default();
    let body = format!("{before}{}{after}", a.quote);
    let start = before.chars().count();
    context(&body, start, start + a.quote.chars().count())
}

/// The line around `start..end`: [`CONTEXT_CHARS`] on each side, `…` where cut.
fn context(body: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = body.chars().collect();
    let from = start.saturating_sub(CONTEXT_CHARS);
    let to = (end + CONTEXT_CHARS).min(chars.len());
    let mut s = String::new();
    if from > 0 {
        s.push('…');
    }
    s.extend(
        chars[from..to]
            .iter()
            .map(|&c| if c == '\t' { ' ' } else { c }),
    );
    if to < chars.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_are_folded_and_ignore_spaces() {
        assert_eq!(
            occurrences("鄭州ＧＤＰ 增长，郑州", &["郑州".into(), "gdp增长".into()]),
            vec![(0, 2), (2, 8), (9, 11)]
        );
    }

    #[test]
    fn context_is_cut_with_ellipses() {
        let body = "a".repeat(30) + "X" + &"b".repeat(30);
        let c = context(&body, 30, 31);
        assert!(c.starts_with('…') && c.ends_with('…') && c.contains('X'));
        assert_eq!(c.chars().count(), 2 * CONTEXT_CHARS + 3);
    }
}
