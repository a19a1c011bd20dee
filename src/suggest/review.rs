//! Reviewing suggestions: what the engine is taught for a document, which of its suggestions are
//! still pending, and how accepting or rejecting one becomes a [`Command`].
//!
//! The engine learns from the user: every annotation in the document's sidecar and in the
//! sidecars of other reports in the same folder is added to the glossary, so other occurrences of
//! the same text are suggested with the same kind and attributes. Glossary files extend that:
//! `gloss-glossary.ron` beside the document, and `glossary.ron` in the user's config folder
//! (`$XDG_CONFIG_HOME/gloss/` or `~/.config/gloss/` on Linux, `%APPDATA%\gloss\` on Windows,
//! `~/Library/Application Support/gloss/` on macOS). The format is described in
//! [`crate::suggest::glossary`].
//!
//! A suggestion is pending unless the user rejected it (same kind and span) or it overlaps an
//! annotation of the same kind: suggestions never duplicate or overwrite what the user made.

use crate::annotation::{Annotation, AnnotationId, AnnotationSet, Kind, Relation};
use crate::document::Document;
use crate::session::{Command, Session};
use crate::store::{Rejection, SUFFIX, Sidecar};
use crate::suggest::{Engine, Glossary, GlossaryEntry, Source, Suggestion, links};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// The name of a glossary file kept beside the reports it applies to.
pub const FOLDER_GLOSSARY: &str = "gloss-glossary.ron";

/// What the engine is taught for one document, and what could not be read.
#[derive(Debug, Default)]
pub struct Teaching {
    /// Glossary files plus every annotation of this and sibling sidecars.
    pub glossary: Glossary,
    /// Texts rejected as suggestions of a kind in sibling sidecars (and never annotated as that
    /// kind anywhere): not proposed again.
    pub suppressed: Vec<(Kind, String)>,
    /// Files that exist but could not be read (reported to the user, not fatal).
    pub problems: Vec<String>,
}

/// The user's glossary file in the config folder, if the platform has one.
pub fn user_glossary_path() -> Option<PathBuf> {
    crate::store::UserFolder::Config
        .path()
        .map(|folder| folder.join("glossary.ron"))
}

/// Builds the glossary for the document at `doc_path` with its current `annotations`.
pub fn teaching_for(doc_path: Option<&Path>, annotations: &AnnotationSet) -> Teaching {
    let mut teaching = Teaching::default();
    let folder = doc_path.and_then(Path::parent);
    let files = [
        user_glossary_path(),
        folder.map(|f| f.join(FOLDER_GLOSSARY)),
    ];
    for path in files.into_iter().flatten().filter(|p| p.is_file()) {
        match Glossary::load(&path) {
            Ok(g) => teaching.glossary.merge(g),
            Err(e) => teaching
                .problems
                .push(format!("glossary {}: {e}", path.display())),
        }
    }
    let mut known: HashSet<(String, Kind)> = teaching
        .glossary
        .entries
        .iter()
        .map(|e| (e.text.clone(), e.label.kind()))
        .collect();
    let mut learn = |a: &Annotation| {
        let text = a.quote.trim();
        if !text.is_empty() && known.insert((text.to_owned(), a.kind())) {
            teaching.glossary.entries.push(GlossaryEntry {
                text: text.to_owned(),
                label: a.label.clone(),
                aliases: Vec::new(),
                not_aliases: Vec::new(),
            });
        }
    };
    annotations.iter().for_each(&mut learn);
    let mut rejected: Vec<(Kind, String)> = Vec::new();
    if let Some(folder) = folder {
        let own = doc_path.map(Sidecar::path_for);
        for sidecar in sibling_sidecars(folder, own.as_deref()) {
            match Sidecar::load(&sidecar) {
                Ok(Some(s)) => {
                    s.annotations.iter().for_each(&mut learn);
                    rejected.extend(s.rejected.into_iter().map(|r| (r.kind, r.quote)));
                }
                Ok(None) => {}
                Err(e) => teaching.problems.push(e.to_string()),
            }
        }
    }
    // A text the user annotated as a kind somewhere is not suppressed as that kind.
    rejected.retain(|(kind, text)| !known.contains(&(text.trim().to_owned(), *kind)));
    rejected.sort();
    rejected.dedup();
    teaching.suppressed = rejected;
    teaching
}

fn sibling_sidecars(folder: &Path, own: Option<&Path>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(SUFFIX))
                && Some(p.as_path()) != own
        })
        .collect();
    found.sort();
    found
}

/// The suggestions that are still pending: not rejected, not overlapping an annotation of the
/// same kind. Keeps the input order.
pub fn pending(
    suggestions: &[Suggestion],
    annotations: &AnnotationSet,
    rejected: &BTreeSet<Rejection>,
) -> Vec<Suggestion> {
    let rejected: HashSet<(Kind, usize, usize)> =
        rejected.iter().map(|r| (r.kind, r.start, r.end)).collect();
    suggestions
        .iter()
        .filter(|s| !rejected.contains(&(s.kind(), s.start, s.end)))
        .filter(|s| {
            !annotations
                .overlapping(s.start..s.end.max(s.start + 1))
                .any(|a| a.kind() == s.kind())
        })
        .cloned()
        .collect()
}

/// Other occurrences of an annotation's text in the document's `text`, suggested with its label:
/// what the engine learns the moment the user makes or accepts an annotation. Takes the text
/// (e.g. [`Document::shared_text`]) so that it can run on another thread.
pub fn echoes(text: &str, annotation: &Annotation) -> Vec<Suggestion> {
    let quote = annotation.quote.as_str();
    if quote.trim().is_empty() {
        return Vec::new();
    }
    let len = quote.chars().count();
    let mut out = Vec::new();
    let (mut char_pos, mut byte_pos) = (0, 0);
    for (byte, _) in text.match_indices(quote) {
        char_pos += text[byte_pos..byte].chars().count();
        byte_pos = byte;
        if char_pos != annotation.start {
            out.push(Suggestion {
                start: char_pos,
                end: char_pos + len,
                label: annotation.label.clone(),
                confidence: 0.9,
                source: Source::Learned,
            });
        }
    }
    out
}

/// What [`suggest_for`] found for one document.
#[derive(Debug, Default)]
pub struct Review {
    /// Every suggestion of the taught engine (pending or not), in engine order: filter it with
    /// [`pending`] as the annotations change.
    pub found: Vec<Suggestion>,
    /// Glossary and sibling files that could not be read (reported, not fatal).
    pub problems: Vec<String>,
}

/// Runs the engine taught for this document ([`teaching_for`]) over `text`, reporting progress
/// in `0.0..=1.0`. This is the one way suggestions are made for a document: the Suggestions tab,
/// `gloss suggest` and an export "with suggestions" all start here and keep what [`pending`]
/// leaves, so they always agree.
pub fn suggest_for(
    doc_path: Option<&Path>,
    text: &str,
    annotations: &AnnotationSet,
    kinds: &[Kind],
    progress: &mut dyn FnMut(f32),
) -> Review {
    suggest_for_from(doc_path, text, annotations, kinds, 0, progress, &mut |_| {})
}

/// [`suggest_for`] starting with the part of the text that holds code point `first` (the part
/// on screen) and handing each part's suggestions to `found` as soon as they are made (see
/// [`Engine::suggest_from`]); the result is the same.
pub fn suggest_for_from(
    doc_path: Option<&Path>,
    text: &str,
    annotations: &AnnotationSet,
    kinds: &[Kind],
    first: usize,
    progress: &mut dyn FnMut(f32),
    found: &mut dyn FnMut(&[Suggestion]),
) -> Review {
    let teaching = teaching_for(doc_path, annotations);
    let mut engine = Engine::new(teaching.glossary);
    for (kind, text) in &teaching.suppressed {
        engine.suppress(*kind, text);
    }
    Review {
        found: engine.suggest_from(text, kinds, first, progress, found),
        problems: teaching.problems,
    }
}

/// The suggestions pending for an open session: [`suggest_for`] then [`pending`].
pub fn pending_for(session: &Session, kinds: &[Kind]) -> Review {
    let review = suggest_for(
        session.doc.path.as_deref(),
        session.doc.text(),
        session.annotations(),
        kinds,
        &mut |_| {},
    );
    Review {
        found: pending(&review.found, session.annotations(), session.rejected()),
        problems: review.problems,
    }
}

/// [`pending_for`] as annotations for an export "with suggestions" (see [`as_exported`]), with
/// the files that could not be read for teaching.
pub fn pending_exports(session: &Session, kinds: &[Kind]) -> (Vec<Annotation>, Vec<String>) {
    let review = pending_for(session, kinds);
    let exported = review
        .found
        .iter()
        .map(|s| as_exported(&session.doc, s))
        .collect();
    (exported, review.problems)
}

/// The actor and target links proposed for the commitment `a` among `annotations` (see
/// [`crate::suggest::links`]), those already made or not applicable left out.
pub fn proposed_links(
    a: &Annotation,
    annotations: &AnnotationSet,
    made: &BTreeSet<Relation>,
) -> Vec<Relation> {
    if a.kind() != Kind::Commitment || !a.is_placed() {
        return Vec::new();
    }
    let window = a.start.saturating_sub(links::REACH)..a.end + links::REACH;
    let near: Vec<&Annotation> = annotations.overlapping(window).collect();
    let candidates = near.iter().map(|b| links::Candidate {
        span: (b.start, b.end),
        kind: b.kind(),
        quote: &b.quote,
    });
    links::for_commitment(&a.label, a.start..a.end, candidates)
        .into_iter()
        .filter_map(|link| {
            let to = near
                .iter()
                .find(|b| (b.start, b.end) == link.span && b.id != a.id)?;
            let r = Relation::new(link.kind, a.id.clone(), to.id.clone());
            (!made.contains(&r)).then_some(r)
        })
        .collect()
}

/// The commands that add `created` (accepted suggestions) to a document holding `annotations`
/// and `made` links, with the links proposed for the commitments among them (to annotations
/// there or created with them): one step to undo.
pub fn create_with_links(
    created: Vec<Annotation>,
    annotations: &AnnotationSet,
    made: &BTreeSet<Relation>,
) -> Command {
    let mut all = annotations.clone();
    for a in &created {
        all.insert(a.clone());
    }
    let links: Vec<Relation> = created
        .iter()
        .flat_map(|a| proposed_links(a, &all, made))
        .collect();
    let mut commands: Vec<Command> = created.into_iter().map(Command::Create).collect();
    commands.extend(links.into_iter().map(Command::Link));
    Command::Batch(commands)
}

/// A pending suggestion as an exported record's annotation: its id is derived from kind and span
/// (`s-figure-8-15`) so that exports are deterministic.
pub fn as_exported(doc: &Document, s: &Suggestion) -> Annotation {
    let mut a = accept(doc, s);
    a.id = AnnotationId(format!("s-{}-{}-{}", s.kind().as_str(), s.start, s.end));
    a
}

/// The annotation a suggestion becomes when it is accepted (apply it with [`Command::Create`]).
pub fn accept(doc: &Document, s: &Suggestion) -> Annotation {
    Annotation::new(doc, s.start, s.end, s.label.clone())
}

/// Whether *Accept all* of `kind` from `min_score` takes `s` (the panel counts with this too).
pub fn taken_by_accept_all(s: &Suggestion, kind: Kind, min_score: f32) -> bool {
    s.kind() == kind && s.confidence >= min_score
}

/// One command accepting every suggestion of `kind` among `pending` whose score is at least
/// `min_score`, with the links proposed for the commitments among them (undone as one step), and
/// how many it accepts.
pub fn accept_all(
    session: &Session,
    pending: &[Suggestion],
    kind: Kind,
    min_score: f32,
) -> (Command, usize) {
    let created: Vec<Annotation> = pending
        .iter()
        .filter(|s| taken_by_accept_all(s, kind, min_score))
        .map(|s| accept(&session.doc, s))
        .collect();
    let n = created.len();
    let batch = create_with_links(created, session.annotations(), session.relations());
    (batch, n)
}

/// Adds to `known` the suggestions of `found` it does not have yet (same kind and span).
pub fn add_new(known: &mut Vec<Suggestion>, found: Vec<Suggestion>) {
    let mut spans: HashSet<(usize, usize, Kind)> =
        known.iter().map(|s| (s.start, s.end, s.kind())).collect();
    known.extend(
        found
            .into_iter()
            .filter(|s| spans.insert((s.start, s.end, s.kind()))),
    );
}

/// The command that rejects a suggestion, so it is not proposed again.
pub fn reject(doc: &Document, s: &Suggestion) -> Command {
    Command::Reject(Rejection {
        kind: s.kind(),
        start: s.start,
        end: s.end,
        quote: doc.slice(s.start, s.end).to_owned(),
    })
}

/// Pending suggestions indexed by position for the document view.
#[derive(Clone, Debug, Default)]
pub struct SuggestionIndex {
    items: Vec<Suggestion>,
    longest: usize,
}

impl SuggestionIndex {
    /// Indexes suggestions (they are sorted by start here).
    pub fn new(mut items: Vec<Suggestion>) -> SuggestionIndex {
        items.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end), s.kind()));
        let longest = items.iter().map(|s| s.end - s.start).max().unwrap_or(0);
        SuggestionIndex { items, longest }
    }

    /// All pending suggestions in document order.
    pub fn items(&self) -> &[Suggestion] {
        &self.items
    }

    /// Suggestions overlapping `range`.
    pub fn overlapping(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = &Suggestion> + '_ {
        let from = range.start.saturating_sub(self.longest);
        let first = self.items.partition_point(|s| s.start < from);
        self.items[first..]
            .iter()
            .take_while(move |s| s.start < range.end)
            .filter(move |s| s.end > range.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{EntityType, Label};
    use crate::session::Session;

    fn entity() -> Label {
        Label::Entity {
            entity_type: EntityType::Org,
        }
    }

    fn suggestion(start: usize, end: usize, label: Label) -> Suggestion {
        Suggestion {
            start,
            end,
            label,
            confidence: 1.0,
            source: Source::Rule,
        }
    }

    #[test]
    fn add_new_keeps_one_suggestion_per_kind_and_span() {
        let mut known = vec![suggestion(0, 3, entity())];
        let figure = Label::empty(Kind::Figure);
        add_new(
            &mut known,
            vec![
                suggestion(0, 3, entity()),
                suggestion(0, 3, figure.clone()),
                suggestion(4, 6, entity()),
                suggestion(4, 6, entity()),
            ],
        );
        let spans: Vec<(usize, usize, Kind)> =
            known.iter().map(|s| (s.start, s.end, s.kind())).collect();
        assert_eq!(
            spans,
            [
                (0, 3, Kind::Entity),
                (0, 3, Kind::Figure),
                (4, 6, Kind::Entity)
            ]
        );
    }

    #[test]
    fn rejected_and_duplicated_suggestions_are_not_pending() {
        let doc = Document::from_text("t.txt", "市科工信局要求新增280家，市科工信局负责。");
        let mut session = Session::new(doc.clone());
        let first = suggestion(0, 5, entity());
        let second = suggestion(14, 19, entity());
        let figure = suggestion(9, 13, Label::empty(Kind::Figure));
        let nested = suggestion(1, 3, entity());
        let all = vec![first.clone(), figure.clone(), second.clone(), nested];
        assert_eq!(
            pending(&all, session.annotations(), session.rejected()).len(),
            4
        );

        session.apply(Command::Create(accept(&doc, &first)));
        session.apply(reject(&doc, &figure));
        let left = pending(&all, session.annotations(), session.rejected());
        // The accepted one and the entity nested in it are gone, and so is the rejected figure.
        assert_eq!(left, vec![second]);
        session.undo();
        assert_eq!(
            pending(&all, session.annotations(), session.rejected()).len(),
            2,
            "undoing the rejection brings the figure back"
        );
    }

    #[test]
    fn echoes_find_other_occurrences_with_the_same_label() {
        let doc = Document::from_text("t.txt", "高新区管委会与高新区企业。高新区");
        let a = Annotation::new(&doc, 7, 10, entity());
        let found = echoes(doc.text(), &a);
        let spans: Vec<_> = found.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(spans, vec![(0, 3), (13, 16)]);
        assert!(found.iter().all(|s| s.label == entity()));
    }

    #[test]
    fn teaching_reads_glossary_and_sibling_sidecars() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FOLDER_GLOSSARY),
            "(entries: [(text: \"万人助万企\", label: Entity(entity_type: Work))])",
        )
        .unwrap();
        let other = dir.path().join("other.txt");
        std::fs::write(&other, "临江市财政局拨款。").unwrap();
        let mut s = Session::open(&other, Default::default()).unwrap();
        let a = Annotation::new(&s.doc, 0, 6, entity());
        s.apply(Command::Create(a));
        s.save().unwrap();
        std::fs::write(dir.path().join("broken.txt.gloss.ron"), "(").unwrap();

        let this = dir.path().join("this.txt");
        let t = teaching_for(Some(&this), &AnnotationSet::default());
        let texts: Vec<_> = t.glossary.entries.iter().map(|e| e.text.as_str()).collect();
        assert!(texts.contains(&"万人助万企"), "{texts:?}");
        assert!(texts.contains(&"临江市财政局"), "{texts:?}");
        assert_eq!(
            t.problems.len(),
            1,
            "the broken sidecar is reported: {:?}",
            t.problems
        );
    }

    #[test]
    fn rejections_in_sibling_reports_suppress_the_text_unless_it_was_annotated_as_that_kind() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other.txt");
        std::fs::write(&other, "经济发展部与临江市财政局、临江市商务局。").unwrap();
        let mut s = Session::open(&other, Default::default()).unwrap();
        for (start, end) in [(0, 5), (6, 12)] {
            s.apply(review_reject(&s.doc, start, end));
        }
        // Rejected once, annotated elsewhere as the same kind: not suppressed.
        s.apply(Command::Create(Annotation::new(&s.doc, 6, 12, entity())));
        s.save().unwrap();

        let this = dir.path().join("this.txt");
        let text = "经济发展部召开会议，临江市财政局出席。";
        std::fs::write(&this, text).unwrap();
        let t = teaching_for(Some(&this), &AnnotationSet::default());
        assert_eq!(t.suppressed, vec![(Kind::Entity, "经济发展部".to_owned())]);
        let review = suggest_for(
            Some(&this),
            text,
            &AnnotationSet::default(),
            &[Kind::Entity],
            &mut |_| {},
        );
        let found: Vec<String> = review
            .found
            .iter()
            .map(|s| text.chars().skip(s.start).take(s.end - s.start).collect())
            .collect();
        assert!(!found.contains(&"经济发展部".to_owned()), "{found:?}");
        assert!(found.contains(&"临江市财政局".to_owned()), "{found:?}");
    }

    fn review_reject(doc: &Document, start: usize, end: usize) -> Command {
        reject(doc, &suggestion(start, end, entity()))
    }

    #[test]
    fn accept_all_takes_only_the_kind_at_or_above_the_score() {
        let doc = Document::from_text("t.txt", "临江市科工信局和青岚新能源");
        let session = Session::new(doc);
        let scored = |start, end, confidence| Suggestion {
            confidence,
            ..suggestion(start, end, entity())
        };
        let pending = vec![
            scored(0, 3, 0.9),
            scored(3, 7, 0.4),
            scored(8, 13, 0.6),
            suggestion(0, 13, Label::empty(Kind::Commitment)),
        ];
        let (_, n) = accept_all(&session, &pending, Kind::Entity, 0.0);
        assert_eq!(n, 3);
        let (batch, n) = accept_all(&session, &pending, Kind::Entity, 0.6);
        assert_eq!(n, 2);
        let Command::Batch(commands) = batch else {
            panic!("one undoable batch")
        };
        let spans: Vec<(usize, usize)> = commands
            .iter()
            .filter_map(|c| match c {
                Command::Create(a) => Some((a.start, a.end)),
                _ => None,
            })
            .collect();
        assert_eq!(spans, vec![(0, 3), (8, 13)]);
    }

    #[test]
    fn accepted_commitments_are_linked_to_their_actor_and_target() {
        let text = "市工信局要确保新增企业280家。责任单位：市工信局";
        let mut session = Session::new(Document::from_text("t.txt", text));
        let org = Label::Entity {
            entity_type: crate::annotation::EntityType::Org,
        };
        // The actor was annotated before; the pledge and its figure are accepted together.
        let actor = Annotation::new(&session.doc, 0, 4, org.clone());
        session.apply(Command::Create(actor.clone()));
        let pledge = Label::Commitment {
            actor: "市工信局".into(),
            deadline: String::new(),
            target: "280家".into(),
        };
        let pending = vec![
            suggestion(0, 16, pledge),
            suggestion(11, 15, Label::empty(Kind::Figure)),
        ];
        let (batch, _) = accept_all(&session, &pending, Kind::Commitment, 0.0);
        session.apply(batch);
        let (batch, _) = accept_all(&session, &pending, Kind::Figure, 0.0);
        session.apply(batch);
        // The figure came after its pledge: the panel proposes the target link.
        let commitment = session
            .annotations()
            .iter()
            .find(|a| a.kind() == Kind::Commitment)
            .unwrap()
            .clone();
        let made: Vec<String> = session.relations().iter().map(|r| r.to.0.clone()).collect();
        assert_eq!(
            made,
            vec![actor.id.0.clone()],
            "the actor inside the pledge"
        );
        let proposed = proposed_links(&commitment, session.annotations(), session.relations());
        assert_eq!(proposed.len(), 1);
        assert_eq!(proposed[0].kind, crate::annotation::RelationKind::Target);
        assert_eq!(
            session.annotations().get(&proposed[0].to).unwrap().quote,
            "280家"
        );
        assert!(session.undo());
        assert!(session.undo());
        assert!(session.relations().is_empty(), "undone with the pledge");
    }

    #[test]
    fn index_finds_overlapping_suggestions() {
        let idx = SuggestionIndex::new(vec![
            suggestion(50, 60, entity()),
            suggestion(0, 100, Label::empty(Kind::Commitment)),
            suggestion(10, 12, entity()),
        ]);
        let hits: Vec<_> = idx.overlapping(55..58).map(|s| s.start).collect();
        assert_eq!(hits, vec![0, 50]);
        assert_eq!(idx.overlapping(12..50).count(), 1);
    }
}
