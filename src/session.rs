//! An open document with its annotations, and the single place where they change.
//!
//! Every change — from the UI, a test or an import — is a [`Command`] given to
//! [`Session::apply`]. That is where undo/redo history is kept and where the unsaved-changes state
//! is tracked.

use crate::anchor::{self, AnchorReport};
use crate::annotation::{Annotation, AnnotationId, Timestamp};
use crate::annotation_set::AnnotationSet;
use crate::document::Document;
use crate::loader::{self, LoadError, LoadOptions};
use crate::sidecar::{FORMAT_VERSION, Rejection, Sidecar, SidecarError, SidecarStatus};
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
    /// Several changes undone and redone as one.
    Batch(Vec<Command>),
}

/// Why saving failed.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The document has no file, so there is nowhere to put the sidecar.
    #[error("this document was not opened from a file, so there is nowhere to save its sidecar")]
    NoPath,
    /// The existing sidecar cannot be read, so it is not overwritten.
    #[error("{0}")]
    WouldOverwrite(String),
    /// Writing failed.
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
}

#[derive(Debug)]
struct Step {
    command: Command,
    revision: u64,
}

/// An open document, its annotations and their history.
#[derive(Debug)]
pub struct Session {
    /// The document.
    pub doc: Document,
    annotations: AnnotationSet,
    rejected: BTreeSet<Rejection>,
    sidecar_path: Option<PathBuf>,
    sidecar_status: SidecarStatus,
    anchor_report: AnchorReport,
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    saved_revision: u64,
    next_revision: u64,
}

impl Session {
    /// A session over a document with no sidecar.
    pub fn new(doc: Document) -> Session {
        let sidecar_path = doc.path.as_deref().map(Sidecar::path_for);
        Session {
            doc,
            annotations: AnnotationSet::default(),
            rejected: BTreeSet::new(),
            sidecar_path,
            sidecar_status: SidecarStatus::Absent,
            anchor_report: AnchorReport::default(),
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            saved_revision: 0,
            next_revision: 1,
        }
    }

    /// Opens a report and its sidecar. A sidecar that cannot be read does not stop the document
    /// from opening: it is reported by [`Session::sidecar_status`] and never overwritten.
    pub fn open(path: &Path, options: LoadOptions) -> Result<Session, LoadError> {
        let doc = loader::load(path, options)?;
        let mut session = Session::new(doc);
        if let Some(sidecar_path) = session.sidecar_path.clone() {
            match Sidecar::load(&sidecar_path) {
                Ok(None) => {}
                Ok(Some(sidecar)) => session.adopt(sidecar),
                Err(e) => session.sidecar_status = SidecarStatus::Unreadable(e),
            }
        }
        Ok(session)
    }

    /// Takes the annotations of a sidecar, re-anchoring them against the document.
    fn adopt(&mut self, sidecar: Sidecar) {
        let mut annotations = sidecar.annotations;
        self.anchor_report = anchor::resolve(&self.doc, &mut annotations);
        self.annotations = AnnotationSet::from_vec(annotations);
        self.rejected = sidecar.rejected.into_iter().collect();
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

    /// What was found where the sidecar belongs.
    pub fn sidecar_status(&self) -> &SidecarStatus {
        &self.sidecar_status
    }

    /// Where the sidecar is (or will be) stored.
    pub fn sidecar_path(&self) -> Option<&Path> {
        self.sidecar_path.as_deref()
    }

    /// How the stored annotations were anchored when the document opened.
    pub fn anchor_report(&self) -> AnchorReport {
        self.anchor_report
    }

    /// A number that changes whenever the annotations or rejections change (including undo).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are changes that have not been saved.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies a change and records it for undo.
    pub fn apply(&mut self, command: Command) {
        let inverse = self.execute(command);
        self.undo.push(Step {
            command: inverse,
            revision: self.revision,
        });
        self.redo.clear();
        self.revision = self.next_revision;
        self.next_revision += 1;
    }

    /// Undoes the last change; returns whether there was one.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let redo = self.execute(step.command);
        self.redo.push(Step {
            command: redo,
            revision: self.revision,
        });
        self.revision = step.revision;
        true
    }

    /// Redoes the last undone change; returns whether there was one.
    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else {
            return false;
        };
        let undo = self.execute(step.command);
        self.undo.push(Step {
            command: undo,
            revision: self.revision,
        });
        self.revision = step.revision;
        true
    }

    /// Carries out a command and returns the command that reverses it.
    fn execute(&mut self, command: Command) -> Command {
        match command {
            Command::Create(a) => {
                let id = a.id.clone();
                match self.annotations.insert(a) {
                    Some(old) => Command::Update(old),
                    None => Command::Delete(id),
                }
            }
            Command::Delete(id) => match self.annotations.remove(&id) {
                Some(old) => Command::Create(old),
                None => Command::Batch(Vec::new()),
            },
            Command::Update(mut a) => {
                a.modified = Timestamp::now();
                let id = a.id.clone();
                match self.annotations.insert(a) {
                    Some(old) => Command::Update(old),
                    None => Command::Delete(id),
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
        }
    }

    /// Saves the sidecar atomically. Refuses to overwrite a sidecar that exists but cannot be
    /// read, unless it has since been fixed or moved away.
    pub fn save(&mut self) -> Result<PathBuf, SaveError> {
        let path = self.sidecar_path.clone().ok_or(SaveError::NoPath)?;
        if matches!(self.sidecar_status, SidecarStatus::Unreadable(_)) {
            match Sidecar::load(&path) {
                Err(e) => {
                    let refusal = SaveError::WouldOverwrite(e.to_string());
                    self.sidecar_status = SidecarStatus::Unreadable(e);
                    return Err(refusal);
                }
                // Fixed or moved away by the user: merge nothing, write ours.
                Ok(_) => self.sidecar_status = SidecarStatus::Absent,
            }
        }
        self.to_sidecar().save(&path)?;
        self.sidecar_status = SidecarStatus::Loaded;
        self.saved_revision = self.revision;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Label};

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
    fn save_and_reopen_restores_annotations_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session_in(dir.path(), "𠀾溪镇\r\n新增280家企业。");
        let a = Annotation::new(&s.doc, 6, 10, Label::empty(Kind::Figure));
        assert_eq!(a.quote, "280家");
        s.apply(Command::Create(a));
        let saved = s.save().unwrap();
        assert!(!s.is_dirty());
        assert!(saved.ends_with("plan.txt.gloss.ron"));
        let reopened = Session::open(&dir.path().join("plan.txt"), LoadOptions::default()).unwrap();
        assert_eq!(reopened.annotations().to_vec(), s.annotations().to_vec());
        assert!(reopened.anchor_report().all_exact());
    }

    #[test]
    fn unreadable_sidecar_is_reported_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let sidecar = dir.path().join("plan.txt.gloss.ron");
        std::fs::write(&sidecar, "(version: 1, annotations: [ (id: ").unwrap();
        let mut s = session_in(dir.path(), "新增280家企业。");
        assert_eq!(
            s.doc.text(),
            "新增280家企业。",
            "the document is still readable"
        );
        assert!(matches!(s.sidecar_status(), SidecarStatus::Unreadable(_)));
        s.apply(Command::Create(Annotation::new(
            &s.doc,
            2,
            6,
            Label::empty(Kind::Figure),
        )));
        let err = s.save().unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&sidecar).unwrap(),
            "(version: 1, annotations: [ (id: "
        );
        assert!(s.is_dirty());
        // Once the user moves the broken file away, saving works.
        std::fs::rename(&sidecar, dir.path().join("broken.ron")).unwrap();
        s.save().unwrap();
        assert!(Sidecar::load(&sidecar).unwrap().is_some());
    }
}
