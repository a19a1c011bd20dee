//! The session: an open document with its annotations, and the single place where they change.
//!
//! Every change — from the UI, the command line, a test or an import — is a [`Command`] given to
//! [`Session::apply`]. That is where it is carried out, where its inverse is recorded for undo
//! and redo ([`history`]) and where the unsaved-changes state is tracked.
//!
//! Keeping the sidecar in step with the disk is [`disk`]'s part: saving without overwriting what
//! another program wrote, reloading, merging. [`check`] re-anchors a sidecar headlessly.

pub mod check;
mod disk;
mod history;

pub use disk::{DiskSync, SaveError};

use crate::annotation::anchor::{self, AnchorReport};
use crate::annotation::{Annotation, AnnotationId, AnnotationSet, Relation, Timestamp};
use crate::document::Document;
use crate::document::loader::{self, LoadError, LoadOptions};
use crate::store::{DiskFingerprint, FORMAT_VERSION, Rejection, Repair, Sidecar, SidecarStatus};
use history::History;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A change to a document's annotations.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Add an annotation.
    Create(Annotation),
    /// Remove the annotation with this id.
    Delete(AnnotationId),
    /// Replace the annotation with the same id (new label, note or span).
    Update(Annotation),
    /// Remember a rejected suggestion.
    Reject(Rejection),
    /// Forget a rejected suggestion.
    Unreject(Rejection),
    /// Add a link between two annotations.
    Link(Relation),
    /// Remove a link.
    Unlink(Relation),
    /// Several changes undone and redone as one.
    Batch(Vec<Command>),
}

/// An open document, its annotations and their history.
#[derive(Debug)]
pub struct Session {
    /// The document.
    pub doc: Document,
    annotations: AnnotationSet,
    rejected: BTreeSet<Rejection>,
    relations: BTreeSet<Relation>,
    sidecar_path: Option<PathBuf>,
    sidecar_status: SidecarStatus,
    /// The sidecar as this session last read or wrote it (`None`: there was none).
    sidecar_disk: Option<DiskFingerprint>,
    repairs: Vec<Repair>,
    anchor_report: AnchorReport,
    history: History,
}

impl Session {
    /// A session over a document with no sidecar.
    pub fn new(doc: Document) -> Session {
        let sidecar_path = doc.path.as_deref().map(Sidecar::path_for);
        Session {
            doc,
            annotations: AnnotationSet::default(),
            rejected: BTreeSet::new(),
            relations: BTreeSet::new(),
            sidecar_path,
            sidecar_status: SidecarStatus::Absent,
            sidecar_disk: None,
            repairs: Vec::new(),
            anchor_report: AnchorReport::default(),
            history: History::default(),
        }
    }

    /// Opens a report and its sidecar. A sidecar that cannot be read does not stop the document
    /// from opening: it is reported by [`Session::sidecar_status`] and never overwritten.
    pub fn open(path: &Path, options: LoadOptions) -> Result<Session, LoadError> {
        let doc = loader::load(path, options)?;
        let mut session = Session::new(doc);
        if let Some(sidecar_path) = session.sidecar_path.clone() {
            match Sidecar::read(&sidecar_path) {
                Ok(None) => {}
                Ok(Some((sidecar, fingerprint))) => {
                    session.adopt(sidecar);
                    session.sidecar_disk = Some(fingerprint);
                }
                Err(e) => session.sidecar_status = SidecarStatus::Unreadable(e),
            }
        }
        Ok(session)
    }

    /// Takes the annotations of a sidecar, re-anchoring them against the document.
    fn adopt(&mut self, mut sidecar: Sidecar) {
        self.repairs = sidecar.repair();
        let mut annotations = sidecar.annotations;
        let text = anchor::text_since(&sidecar.source, &self.doc.source);
        self.anchor_report = anchor::resolve(&self.doc, &mut annotations, text);
        self.annotations = AnnotationSet::from_vec(annotations);
        self.rejected = sidecar.rejected.into_iter().collect();
        self.relations = sidecar.relations.into_iter().collect();
        self.sidecar_status = SidecarStatus::Loaded;
    }

    /// The annotations.
    pub fn annotations(&self) -> &AnnotationSet {
        &self.annotations
    }

    /// Suggestions the user rejected.
    pub fn rejected(&self) -> &BTreeSet<Rejection> {
        &self.rejected
    }

    /// The links between annotations (a link may name an id no annotation has, when a sidecar
    /// was edited by hand: it is kept, and shown nowhere).
    pub fn relations(&self) -> &BTreeSet<Relation> {
        &self.relations
    }

    /// The links that start or end at the annotation `id`.
    pub fn relations_of<'a>(&'a self, id: &'a AnnotationId) -> impl Iterator<Item = &'a Relation> {
        self.relations.iter().filter(move |r| r.involves(id))
    }

    /// What was found where the sidecar belongs.
    pub fn sidecar_status(&self) -> &SidecarStatus {
        &self.sidecar_status
    }

    /// Where the sidecar is (or will be) stored.
    pub fn sidecar_path(&self) -> Option<&Path> {
        self.sidecar_path.as_deref()
    }

    /// The files this session reads and writes (the report and its sidecar): what an export
    /// must never overwrite.
    pub fn own_files(&self) -> Vec<PathBuf> {
        self.doc
            .path
            .iter()
            .cloned()
            .chain(self.sidecar_path.clone())
            .collect()
    }

    /// What was repaired in the sidecar when it was read (duplicate ids); the repair is written
    /// at the next save.
    pub fn repairs(&self) -> &[Repair] {
        &self.repairs
    }

    /// How the stored annotations were anchored when the document opened.
    pub fn anchor_report(&self) -> AnchorReport {
        self.anchor_report
    }

    /// A number that changes whenever the annotations or rejections change (including undo).
    pub fn revision(&self) -> u64 {
        self.history.revision()
    }

    /// Whether there are changes that have not been saved.
    pub fn is_dirty(&self) -> bool {
        !self.history.at_saved()
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Carries out a change and records its inverse for undo (clearing redo). Edits
    /// ([`Command::Update`]) are stamped with the current time, once, here.
    pub fn apply(&mut self, mut command: Command) {
        stamp_updates(&mut command, Timestamp::now());
        let inverse = self.execute(command);
        self.history.record(inverse);
    }

    /// Undoes the last change; `false` when there was none.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.history.take_undo() else {
            return false;
        };
        let redo = self.execute(step.command);
        self.history.undone(step.revision, redo);
        true
    }

    /// Redoes the last undone change; `false` when there was none.
    pub fn redo(&mut self) -> bool {
        let Some(step) = self.history.take_redo() else {
            return false;
        };
        let undo = self.execute(step.command);
        self.history.redone(step.revision, undo);
        true
    }

    /// Carries out `command`, returning the command that reverses it.
    fn execute(&mut self, command: Command) -> Command {
        match command {
            // Both put the annotation in place of any with its id.
            Command::Create(a) | Command::Update(a) => {
                let id = a.id.clone();
                match self.annotations.insert(a) {
                    Some(old) => Command::Update(old),
                    None => Command::Delete(id),
                }
            }
            // An annotation's links go with it, and come back with it on undo.
            Command::Delete(id) => match self.annotations.remove(&id) {
                Some(old) => {
                    let links: Vec<Relation> = self.relations_of(&id).cloned().collect();
                    if links.is_empty() {
                        return Command::Create(old);
                    }
                    for r in &links {
                        self.relations.remove(r);
                    }
                    let mut restore = vec![Command::Create(old)];
                    restore.extend(links.into_iter().map(Command::Link));
                    Command::Batch(restore)
                }
                None => Command::Batch(Vec::new()),
            },
            Command::Link(r) => {
                if self.relations.insert(r.clone()) {
                    Command::Unlink(r)
                } else {
                    Command::Batch(Vec::new())
                }
            }
            Command::Unlink(r) => {
                if self.relations.remove(&r) {
                    Command::Link(r)
                } else {
                    Command::Batch(Vec::new())
                }
            }
            Command::Reject(r) => {
                if self.rejected.insert(r.clone()) {
                    Command::Unreject(r)
                } else {
                    Command::Batch(Vec::new())
                }
            }
            Command::Unreject(r) => {
                if self.rejected.remove(&r) {
                    Command::Reject(r)
                } else {
                    Command::Batch(Vec::new())
                }
            }
            Command::Batch(commands) => {
                let mut inverses: Vec<Command> =
                    commands.into_iter().map(|c| self.execute(c)).collect();
                inverses.reverse();
                Command::Batch(inverses)
            }
        }
    }

    /// The sidecar for the current state.
    pub fn to_sidecar(&self) -> Sidecar {
        Sidecar {
            version: FORMAT_VERSION,
            source: self.doc.source.clone(),
            annotations: self.annotations.to_vec(),
            rejected: self.rejected.iter().cloned().collect(),
            relations: self.relations.iter().cloned().collect(),
        }
    }
}

/// Sets `modified` on every annotation an update command (or a batch of them) writes.
fn stamp_updates(command: &mut Command, now: Timestamp) {
    match command {
        Command::Update(a) => a.modified = now,
        Command::Batch(commands) => commands.iter_mut().for_each(|c| stamp_updates(c, now)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Kind, Label};

    fn session_in(dir: &Path, text: &str) -> Session {
        let path = dir.join("plan.txt");
        std::fs::write(&path, text).unwrap();
        Session::open(&path, LoadOptions::default()).unwrap()
    }

    #[test]
    fn undo_and_redo_every_change_and_track_dirtiness() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session_in(dir.path(), "力争全年完成296.9亿元。");
        assert!(!s.is_dirty());
        let a = Annotation::new(&s.doc, 6, 13, Label::empty(Kind::Figure));
        let id = a.id.clone();
        s.apply(Command::Create(a.clone()));
        assert!(s.is_dirty());
        let mut edited = a.clone();
        edited.note = "check the 亿".into();
        s.apply(Command::Update(edited));
        s.apply(Command::Delete(id.clone()));
        assert!(s.annotations().is_empty());

        assert!(s.undo());
        assert_eq!(s.annotations().get(&id).unwrap().note, "check the 亿");
        assert!(s.undo());
        assert_eq!(s.annotations().get(&id).unwrap().note, "");
        assert!(s.undo());
        assert!(s.annotations().is_empty());
        assert!(!s.is_dirty(), "back at the saved state");
        assert!(!s.undo());

        assert!(s.redo());
        assert!(s.redo());
        assert_eq!(s.annotations().get(&id).unwrap().note, "check the 亿");
        assert!(s.is_dirty());
        // A new change clears the redo stack.
        s.apply(Command::Reject(Rejection {
            kind: Kind::Figure,
            start: 0,
            end: 1,
            quote: "力".into(),
        }));
        assert!(!s.redo());
    }

    #[test]
    fn links_are_made_undone_and_go_and_come_back_with_their_annotation() {
        use crate::annotation::{EntityType, RelationKind};
        let dir = tempfile::tempdir().unwrap();
        let mut s = session_in(dir.path(), "市工信局要确保新增280家企业。");
        let org = Annotation::new(
            &s.doc,
            0,
            4,
            Label::Entity {
                entity_type: EntityType::Org,
            },
        );
        let fig = Annotation::new(&s.doc, 9, 13, Label::empty(Kind::Figure));
        let pledge = Annotation::new(&s.doc, 5, 16, Label::empty(Kind::Commitment));
        let actor = Relation::new(RelationKind::Actor, pledge.id.clone(), org.id.clone());
        let target = Relation::new(RelationKind::Target, pledge.id.clone(), fig.id.clone());
        for a in [&org, &fig, &pledge] {
            s.apply(Command::Create(a.clone()));
        }
        s.apply(Command::Link(actor.clone()));
        s.apply(Command::Link(target.clone()));
        s.apply(Command::Link(target.clone()));
        assert_eq!(s.relations().len(), 2, "the same link is stored once");
        assert_eq!(s.relations_of(&fig.id).collect::<Vec<_>>(), vec![&target]);

        s.apply(Command::Delete(pledge.id.clone()));
        assert!(s.relations().is_empty(), "links go with their annotation");
        assert!(s.undo());
        assert_eq!(s.annotations().get(&pledge.id), Some(&pledge));
        assert_eq!(s.relations().len(), 2, "and come back with it");
        assert!(s.redo());
        assert!(s.relations().is_empty());
        assert!(s.undo());

        s.apply(Command::Unlink(actor.clone()));
        assert_eq!(s.relations().iter().collect::<Vec<_>>(), vec![&target]);
        assert!(s.undo());
        assert!(s.relations().contains(&actor));

        // Saved and read back by id.
        s.save().unwrap();
        let again = Session::open(&dir.path().join("plan.txt"), LoadOptions::default()).unwrap();
        assert_eq!(again.relations(), s.relations());

        // The report changes: the annotations move to their text, and keep their links.
        std::fs::write(
            dir.path().join("plan.txt"),
            "通知：市工信局要确保新增280家企业。",
        )
        .unwrap();
        let moved = Session::open(&dir.path().join("plan.txt"), LoadOptions::default()).unwrap();
        assert_eq!(
            moved.annotations().get(&fig.id).unwrap().start,
            fig.start + 3
        );
        assert_eq!(moved.relations(), s.relations());
    }

    #[test]
    fn batch_undoes_as_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session_in(dir.path(), "新增280家，投资30亿元。");
        let a = Annotation::new(&s.doc, 2, 6, Label::empty(Kind::Figure));
        let b = Annotation::new(&s.doc, 9, 13, Label::empty(Kind::Figure));
        s.apply(Command::Batch(vec![Command::Create(a), Command::Create(b)]));
        assert_eq!(s.annotations().len(), 2);
        s.undo();
        assert!(s.annotations().is_empty());
        s.redo();
        assert_eq!(s.annotations().len(), 2);
    }

    #[test]
    fn undo_restores_an_edited_annotation_exactly_with_its_old_time() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session_in(dir.path(), "新增280家企业。");
        let mut a = Annotation::new(&s.doc, 2, 6, Label::empty(Kind::Figure));
        a.modified = "2020-01-02T03:04:05Z".parse().unwrap();
        s.apply(Command::Create(a.clone()));
        let mut edited = a.clone();
        edited.note = "checked".into();
        s.apply(Command::Update(edited));
        assert_ne!(s.annotations().get(&a.id).unwrap().modified, a.modified);
        assert!(s.undo());
        assert_eq!(s.annotations().get(&a.id), Some(&a));
    }

    #[test]
    fn duplicate_ids_in_a_sidecar_are_repaired_on_open_and_nothing_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session_in(dir.path(), "新增280家企业，投资30亿元。");
        let a = Annotation::new(&s.doc, 2, 6, Label::empty(Kind::Figure));
        let mut b = Annotation::new(&s.doc, 9, 13, Label::empty(Kind::Figure));
        b.id = a.id.clone();
        let mut sidecar = s.to_sidecar();
        sidecar.annotations = vec![a, b];
        sidecar.save(s.sidecar_path().unwrap()).unwrap();
        s = Session::open(&dir.path().join("plan.txt"), LoadOptions::default()).unwrap();
        assert_eq!(s.annotations().len(), 2);
        assert_eq!(s.repairs().len(), 1);
    }
}
