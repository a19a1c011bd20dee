//! Keeping a session's sidecar in step with the disk. The fingerprint of the sidecar as this
//! session last read or wrote it is remembered: [`Session::save`] refuses with
//! [`SaveError::ChangedOnDisk`] when the file has changed since, and
//! [`Session::sync_with_disk`], [`Session::reload_sidecar`], [`Session::merge_with_disk`] and
//! [`Session::save_overwriting`] are the ways out (reload, merge by annotation id, or keep ours).
//! Nothing is ever overwritten silently; a sidecar that cannot be read is never overwritten.

use super::{Command, Session};
use crate::annotation::anchor::{self, AnchorReport};
use crate::annotation::{AnnotationId, Relation};
use crate::store::{
    DiskFingerprint, Rejection, Side, Sidecar, SidecarDiff, SidecarError, SidecarStatus,
    diff_by_id, merge_by_id,
};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Why saving failed.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The document has no file, so there is nowhere to put the sidecar.
    #[error("this document was not opened from a file, so there is nowhere to save its sidecar")]
    NoPath,
    /// The existing sidecar cannot be read, so it is not overwritten.
    #[error("{0}")]
    WouldOverwrite(String),
    /// Another program changed the sidecar since this session read or wrote it.
    #[error(
        "sidecar {path} was changed by another program since it was opened; reload it, merge the two versions, or overwrite it with yours"
    )]
    ChangedOnDisk {
        /// The sidecar.
        path: PathBuf,
    },
    /// Writing failed.
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
}

/// What [`Session::sync_with_disk`] found and did.
#[derive(Debug, PartialEq)]
pub enum DiskSync {
    /// The sidecar on disk is the one this session last read or wrote (e.g. our own save).
    Unchanged,
    /// The sidecar changed and there were no local edits: it was reloaded (undoably).
    Reloaded(AnchorReport),
    /// The sidecar was removed; the annotations stay in the session and the next save rewrites it.
    Removed,
    /// The sidecar changed and there are local edits: nothing was changed. Show both versions
    /// and let the user [`Session::reload_sidecar`], [`Session::merge_with_disk`] or
    /// [`Session::save_overwriting`].
    Conflict(SidecarDiff),
}

impl Session {
    /// Saves the sidecar atomically. Refuses to overwrite a sidecar that exists but cannot be
    /// read, unless it has since been fixed or moved away.
    ///
    /// Also refuses, with [`SaveError::ChangedOnDisk`], when another program changed the sidecar
    /// since this session read or wrote it (a sidecar that was fixed after being unreadable
    /// counts as changed: merge or reload it first). The check compares length and SHA-256 of
    /// the file just before the atomic write; a change in the few milliseconds between the
    /// check and the rename is not detected.
    pub fn save(&mut self) -> Result<PathBuf, SaveError> {
        self.save_checked(true)
    }

    /// Saves even if another program changed the sidecar since it was read ("keep mine"). Still
    /// refuses to overwrite a sidecar that cannot be read.
    pub fn save_overwriting(&mut self) -> Result<PathBuf, SaveError> {
        self.save_checked(false)
    }

    fn save_checked(&mut self, refuse_changed: bool) -> Result<PathBuf, SaveError> {
        let path = self.sidecar_path.clone().ok_or(SaveError::NoPath)?;
        if matches!(self.sidecar_status, SidecarStatus::Unreadable(_)) {
            match Sidecar::load(&path) {
                Err(e) => {
                    let refusal = SaveError::WouldOverwrite(e.to_string());
                    self.sidecar_status = SidecarStatus::Unreadable(e);
                    return Err(refusal);
                }
                // Moved away by the user: write ours.
                Ok(None) => self.sidecar_status = SidecarStatus::Absent,
                Ok(Some(_)) if refuse_changed => return Err(SaveError::ChangedOnDisk { path }),
                Ok(Some(_)) => {}
            }
        } else if refuse_changed {
            let now = DiskFingerprint::of_file(&path)?;
            if now.is_some() && now != self.sidecar_disk {
                return Err(SaveError::ChangedOnDisk { path });
            }
        }
        let written = self.to_sidecar().save(&path)?;
        self.sidecar_disk = Some(written);
        self.sidecar_status = SidecarStatus::Loaded;
        self.history.mark_saved();
        Ok(path)
    }

    /// Whether the sidecar on disk differs from what this session last read or wrote (so a
    /// file-watcher event for our own save is told apart from another program's change).
    pub fn disk_changed(&self) -> Result<bool, SidecarError> {
        let Some(path) = &self.sidecar_path else {
            return Ok(false);
        };
        Ok(DiskFingerprint::of_file(path)? != self.sidecar_disk)
    }

    /// Reacts to a change of the sidecar on disk (call it when the watcher reports one): reloads
    /// it when there are no local edits, otherwise reports the differences and changes nothing.
    pub fn sync_with_disk(&mut self) -> Result<DiskSync, SidecarError> {
        if !self.disk_changed()? {
            return Ok(DiskSync::Unchanged);
        }
        let Some(theirs) = self.read_theirs()? else {
            self.sidecar_disk = None;
            return Ok(DiskSync::Removed);
        };
        if self.is_dirty() {
            let ours = self.annotations.to_vec();
            return Ok(DiskSync::Conflict(diff_by_id(&ours, &theirs.0.annotations)));
        }
        self.take_theirs(theirs);
        Ok(DiskSync::Reloaded(self.anchor_report))
    }

    /// Replaces the annotations with the sidecar on disk ("take theirs"), re-anchored. The
    /// replacement is one undoable step, and the session is clean afterwards. A sidecar that is
    /// absent leaves the annotations as they are.
    pub fn reload_sidecar(&mut self) -> Result<AnchorReport, SidecarError> {
        if let Some(theirs) = self.read_theirs()? {
            self.take_theirs(theirs);
        }
        Ok(self.anchor_report)
    }

    /// Merges the sidecar on disk into the session by annotation id: where both have an
    /// annotation with the same id and they differ, `choose` picks the version; annotations in
    /// only one of them are all kept; rejected suggestions are united. The merge is one undoable
    /// step and leaves the session dirty; the next [`Session::save`] writes the merged result
    /// over the version merged in. Returns the differences that were merged.
    pub fn merge_with_disk(
        &mut self,
        choose: impl Fn(&AnnotationId) -> Side,
    ) -> Result<SidecarDiff, SidecarError> {
        let ours = self.annotations.to_vec();
        let Some((theirs, fingerprint)) = self.read_theirs()? else {
            self.sidecar_disk = None;
            return Ok(SidecarDiff::default());
        };
        let diff = diff_by_id(&ours, &theirs.annotations);
        let merged = merge_by_id(&ours, &theirs.annotations, choose);
        let mut commands: Vec<Command> = merged
            .into_iter()
            .filter(|a| self.annotations.get(&a.id) != Some(a))
            .map(Command::Create)
            .collect();
        commands.extend(
            theirs
                .rejected
                .into_iter()
                .filter(|r| !self.rejected.contains(r))
                .map(Command::Reject),
        );
        commands.extend(
            theirs
                .relations
                .into_iter()
                .filter(|r| !self.relations.contains(r))
                .map(Command::Link),
        );
        self.apply(Command::Batch(commands));
        self.sidecar_disk = Some(fingerprint);
        self.sidecar_status = SidecarStatus::Loaded;
        Ok(diff)
    }

    /// The sidecar on disk, repaired and re-anchored against this document.
    fn read_theirs(&self) -> Result<Option<(Sidecar, DiskFingerprint)>, SidecarError> {
        let Some(path) = &self.sidecar_path else {
            return Ok(None);
        };
        Ok(Sidecar::read(path)?.map(|(mut sidecar, fingerprint)| {
            sidecar.repair();
            let text = anchor::text_since(&sidecar.source, &self.doc.source);
            anchor::resolve(&self.doc, &mut sidecar.annotations, text);
            (sidecar, fingerprint)
        }))
    }

    /// Makes the session hold exactly `theirs`, as one undoable step, and marks it saved.
    fn take_theirs(&mut self, (theirs, fingerprint): (Sidecar, DiskFingerprint)) {
        let keep: std::collections::HashSet<&AnnotationId> =
            theirs.annotations.iter().map(|a| &a.id).collect();
        let mut commands: Vec<Command> = self
            .annotations
            .iter()
            .filter(|a| !keep.contains(&a.id))
            .map(|a| Command::Delete(a.id.clone()))
            .collect();
        commands.extend(
            theirs
                .annotations
                .iter()
                .filter(|a| self.annotations.get(&a.id) != Some(*a))
                .cloned()
                .map(Command::Create),
        );
        let rejected: BTreeSet<Rejection> = theirs.rejected.iter().cloned().collect();
        commands.extend(
            self.rejected
                .difference(&rejected)
                .cloned()
                .map(Command::Unreject),
        );
        commands.extend(
            rejected
                .difference(&self.rejected)
                .cloned()
                .map(Command::Reject),
        );
        let relations: BTreeSet<Relation> = theirs.relations.iter().cloned().collect();
        commands.extend(
            self.relations
                .difference(&relations)
                .cloned()
                .map(Command::Unlink),
        );
        commands.extend(
            relations
                .difference(&self.relations)
                .cloned()
                .map(Command::Link),
        );
        self.apply(Command::Batch(commands));
        let mut report = AnchorReport::default();
        for a in self.annotations.iter() {
            report.count(a.anchor);
        }
        self.anchor_report = report;
        self.sidecar_disk = Some(fingerprint);
        self.sidecar_status = SidecarStatus::Loaded;
        self.history.mark_saved();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Annotation, AnnotationSet, Kind, Label};
    use crate::document::loader::LoadOptions;
    use std::path::Path;

    fn session_in(dir: &Path, text: &str) -> Session {
        let path = dir.join("plan.txt");
        std::fs::write(&path, text).unwrap();
        Session::open(&path, LoadOptions::default()).unwrap()
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

    /// Another program's version of the sidecar: `session`'s annotations with a changed note and
    /// one annotation added, written over the file.
    fn write_theirs(s: &Session) -> (AnnotationId, AnnotationId) {
        let mut theirs = s.to_sidecar();
        theirs.annotations[0].note = "from a colleague".into();
        let added = Annotation::new(&s.doc, 0, 2, Label::empty(Kind::Entity));
        let ids = (theirs.annotations[0].id.clone(), added.id.clone());
        theirs.annotations.push(added);
        theirs.save(s.sidecar_path().unwrap()).unwrap();
        ids
    }

    #[test]
    fn save_refuses_when_another_program_changed_the_sidecar() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session_in(dir.path(), "新增280家企业。");
        s.apply(Command::Create(Annotation::new(
            &s.doc,
            2,
            6,
            Label::empty(Kind::Figure),
        )));
        s.save().unwrap();
        assert!(!s.disk_changed().unwrap(), "our own save is not a change");
        let (_, added) = write_theirs(&s);
        let on_disk = std::fs::read(s.sidecar_path().unwrap()).unwrap();
        s.apply(Command::Create(Annotation::new(
            &s.doc,
            6,
            8,
            Label::empty(Kind::Entity),
        )));
        assert!(s.disk_changed().unwrap());
        let err = s.save().unwrap_err();
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
        assert!(err.to_string().contains("plan.txt.gloss.ron"));
        assert_eq!(
            std::fs::read(s.sidecar_path().unwrap()).unwrap(),
            on_disk,
            "untouched"
        );
        // With local edits, syncing reports a conflict and changes nothing.
        let before = s.annotations().to_vec();
        let DiskSync::Conflict(diff) = s.sync_with_disk().unwrap() else {
            panic!("expected a conflict");
        };
        assert_eq!(diff.only_theirs, vec![added]);
        assert_eq!(diff.differing.len(), 1);
        assert_eq!(s.annotations().to_vec(), before);
        // "Keep mine" overwrites.
        s.save_overwriting().unwrap();
        let back = Sidecar::load(s.sidecar_path().unwrap()).unwrap().unwrap();
        assert_eq!(back.annotations, s.annotations().to_vec());
    }

    #[test]
    fn a_sidecar_created_elsewhere_after_opening_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session_in(dir.path(), "新增280家企业。");
        s.apply(Command::Create(Annotation::new(
            &s.doc,
            2,
            6,
            Label::empty(Kind::Figure),
        )));
        let path = s.sidecar_path().unwrap().to_owned();
        std::fs::write(&path, Session::new(s.doc.clone()).to_sidecar().to_ron()).unwrap();
        assert!(matches!(s.save(), Err(SaveError::ChangedOnDisk { .. })));
    }

    #[test]
    fn merge_with_disk_keeps_both_sides_and_undoes_as_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session_in(dir.path(), "新增280家企业，投资30亿元。");
        let a = Annotation::new(&s.doc, 2, 6, Label::empty(Kind::Figure));
        s.apply(Command::Create(a.clone()));
        s.save().unwrap();
        let (changed, added) = write_theirs(&s);
        let mine = Annotation::new(&s.doc, 9, 13, Label::empty(Kind::Figure));
        s.apply(Command::Create(mine.clone()));
        let before = s.annotations().to_vec();

        let diff = s.merge_with_disk(|_| Side::Theirs).unwrap();
        assert_eq!(diff.only_ours, vec![mine.id.clone()]);
        assert_eq!(s.annotations().len(), 3);
        assert_eq!(
            s.annotations().get(&changed).unwrap().note,
            "from a colleague"
        );
        assert!(s.annotations().get(&added).is_some() && s.annotations().get(&mine.id).is_some());
        assert!(s.is_dirty());
        // The merged version was read, so saving now is not a conflict.
        s.save().unwrap();
        let back = Sidecar::load(s.sidecar_path().unwrap()).unwrap().unwrap();
        assert_eq!(back.annotations.len(), 3);
        assert!(s.undo());
        assert_eq!(s.annotations().to_vec(), before);
    }

    #[test]
    fn sync_reloads_a_changed_sidecar_when_there_are_no_local_edits() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session_in(dir.path(), "新增280家企业。");
        s.apply(Command::Create(Annotation::new(
            &s.doc,
            2,
            6,
            Label::empty(Kind::Figure),
        )));
        s.save().unwrap();
        assert_eq!(s.sync_with_disk().unwrap(), DiskSync::Unchanged);
        let (changed, added) = write_theirs(&s);
        let DiskSync::Reloaded(report) = s.sync_with_disk().unwrap() else {
            panic!("expected a reload");
        };
        assert_eq!(report.exact, 2);
        assert!(!s.is_dirty());
        assert_eq!(
            s.annotations().get(&changed).unwrap().note,
            "from a colleague"
        );
        assert!(s.annotations().get(&added).is_some());
        let mut on_disk = Sidecar::load(s.sidecar_path().unwrap()).unwrap().unwrap();
        on_disk.annotations = AnnotationSet::from_vec(on_disk.annotations).to_vec();
        assert_eq!(
            s.to_sidecar(),
            on_disk,
            "the session now holds exactly what is on disk"
        );
        assert_eq!(s.sync_with_disk().unwrap(), DiskSync::Unchanged);
        std::fs::remove_file(s.sidecar_path().unwrap()).unwrap();
        assert_eq!(s.sync_with_disk().unwrap(), DiskSync::Removed);
        assert_eq!(s.annotations().len(), 2, "nothing is dropped");
        s.save().unwrap();
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
