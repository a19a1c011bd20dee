//! Keeping the open session and the files on disk in step: autosave a few seconds after the last
//! edit and whenever the window loses focus, watching the report and its sidecar for changes
//! made by other programs, and the dialog that lets the user choose or merge when both the
//! session and the sidecar on disk changed.
//!
//! The decisions are the library's ([`Session::save`] refuses to overwrite a sidecar changed on
//! disk, [`Session::sync_with_disk`] reloads or reports a conflict, [`Session::merge_with_disk`]
//! merges by annotation id); this module only times them and asks the user.

use super::{Action, StatusMessage};
use crate::session::{DiskSync, SaveError, Session};
use crate::store::watch::FileWatcher;
use crate::store::{Side, SidecarDiff, SidecarStatus};
use eframe::egui;
use std::time::Duration;

/// Seconds after the last edit before it is saved.
pub const AUTOSAVE_DELAY: f64 = 2.0;

/// How the user settled a conflict between the session and the sidecar on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Write this session's annotations over the sidecar on disk.
    KeepMine,
    /// Replace this session's annotations with the sidecar on disk (undoable).
    TakeTheirs,
    /// Keep the annotations of both; where both changed one, keep this side's version.
    Merge(Side),
}

/// Autosave and watch state for the open session.
#[derive(Default)]
pub struct DiskKeeper {
    watcher: Option<FileWatcher>,
    /// The revision seen changing and when (egui time, seconds).
    edited: Option<(u64, f64)>,
    /// A revision whose autosave failed: not retried until the next edit.
    failed: Option<u64>,
    /// The differences shown in the conflict dialog.
    pub conflict: Option<SidecarDiff>,
    /// The report changed on disk since it was opened.
    pub source_changed: bool,
}

impl DiskKeeper {
    /// Starts watching the session's report and sidecar (when they are files); changes wake the UI.
    pub fn watching(ctx: &egui::Context, session: &Session) -> DiskKeeper {
        let watcher = match (session.doc.path.as_deref(), session.sidecar_path()) {
            (Some(source), Some(sidecar)) => {
                let ctx = ctx.clone();
                // Without a watcher Gloss still works; saving still detects changes on disk.
                FileWatcher::with_waker(
                    source,
                    sidecar,
                    crate::store::watch::DEFAULT_DEBOUNCE,
                    move || ctx.request_repaint(),
                )
                .ok()
            }
            _ => None,
        };
        DiskKeeper {
            watcher,
            ..DiskKeeper::default()
        }
    }

    /// Reacts to the watcher's events; returns a message for the status bar.
    pub fn poll_watcher(&mut self, session: &mut Session) -> Option<StatusMessage> {
        let mut sidecar = false;
        while let Some(event) = self.watcher.as_ref().and_then(FileWatcher::try_next) {
            self.source_changed |= event.source;
            sidecar |= event.sidecar;
        }
        if !sidecar || self.conflict.is_some() {
            return None;
        }
        match session.sync_with_disk() {
            Ok(DiskSync::Unchanged) => None,
            Ok(DiskSync::Reloaded(report)) => Some(StatusMessage::info(
                crate::tr!(
                    "disk.reloaded",
                    total = report.total(),
                    moved = report.moved,
                    check = report.check,
                    orphaned = report.orphaned
                )
                .into_owned(),
            )),
            Ok(DiskSync::Removed) => Some(StatusMessage::error(
                crate::tr!("disk.removed").into_owned(),
            )),
            Ok(DiskSync::Conflict(diff)) => {
                self.conflict = Some(diff);
                None
            }
            Err(e) => Some(StatusMessage::error(
                crate::tr!("disk.unreadable", error = e).into_owned(),
            )),
        }
    }

    /// Saves when the last edit is [`AUTOSAVE_DELAY`] old or the window lost focus (or
    /// `now_please`, e.g. before closing); returns a message when saving failed.
    pub fn autosave(
        &mut self,
        ctx: &egui::Context,
        session: &mut Session,
        now_please: bool,
    ) -> Option<StatusMessage> {
        let revision = session.revision();
        let savable = session.is_dirty()
            && session.sidecar_path().is_some()
            && self.conflict.is_none()
            && !matches!(session.sidecar_status(), SidecarStatus::Unreadable(_));
        if !savable || (self.failed == Some(revision) && !now_please) {
            self.edited = None;
            return None;
        }
        let (time, focus_lost) = ctx.input(|i| {
            let lost = i
                .events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(false)));
            (i.time, lost)
        });
        let since = match self.edited {
            Some((r, t)) if r == revision => t,
            _ => {
                self.edited = Some((revision, time));
                time
            }
        };
        let waited = time - since;
        if !(now_please || focus_lost || waited >= AUTOSAVE_DELAY) {
            ctx.request_repaint_after(Duration::from_secs_f64(AUTOSAVE_DELAY - waited));
            return None;
        }
        self.edited = None;
        self.save(session)
    }

    /// Saves now; on failure remembers the revision (no retry loop) and returns the message.
    pub fn save(&mut self, session: &mut Session) -> Option<StatusMessage> {
        match session.save() {
            Ok(_) => {
                self.failed = None;
                None
            }
            Err(SaveError::ChangedOnDisk { .. }) => {
                self.failed = Some(session.revision());
                match session.sync_with_disk() {
                    Ok(DiskSync::Conflict(diff)) => {
                        self.conflict = Some(diff);
                        None
                    }
                    // Nothing of ours is unsaved after all, or theirs was just reloaded.
                    Ok(_) => None,
                    Err(e) => Some(StatusMessage::error(
                        crate::tr!("disk.not_saved", error = e).into_owned(),
                    )),
                }
            }
            Err(e) => {
                self.failed = Some(session.revision());
                Some(StatusMessage::error(
                    crate::tr!("disk.not_saved", error = e).into_owned(),
                ))
            }
        }
    }

    /// Carries out the user's choice in the conflict dialog.
    pub fn resolve(&mut self, session: &mut Session, resolution: Resolution) -> StatusMessage {
        self.conflict = None;
        self.failed = None;
        let result = match resolution {
            Resolution::KeepMine => session
                .save_overwriting()
                .map(|_| crate::tr!("disk.kept_mine").into_owned())
                .map_err(|e| e.to_string()),
            Resolution::TakeTheirs => session
                .reload_sidecar()
                .map(|r| crate::tr!("disk.took_theirs", total = r.total()).into_owned())
                .map_err(|e| e.to_string()),
            Resolution::Merge(side) => session
                .merge_with_disk(|_| side)
                .map_err(|e| e.to_string())
                .and_then(|diff| {
                    session.save().map_err(|e| e.to_string())?;
                    let kept = if side == Side::Ours {
                        crate::tr!("disk.yours")
                    } else {
                        crate::tr!("disk.theirs")
                    };
                    Ok(crate::tr!(
                        "disk.merged",
                        ours = diff.only_ours.len(),
                        theirs = diff.only_theirs.len(),
                        both = diff.differing.len(),
                        kept = kept
                    )
                    .into_owned())
                }),
        };
        match result {
            Ok(text) => StatusMessage::info(text),
            Err(e) => StatusMessage::error(crate::tr!("disk.not_resolved", error = e).into_owned()),
        }
    }

    /// The conflict dialog, while there is a conflict.
    pub fn conflict_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(diff) = &self.conflict else {
            return;
        };
        egui::Modal::new(egui::Id::unique("sidecar-conflict")).show(ctx, |ui| {
            ui.heading(crate::tr!("conflict.title"));
            ui.label(crate::tr!("conflict.explanation"));
            egui::Grid::new("conflict-counts").show(ui, |ui| {
                for (label, n) in [
                    (crate::tr!("conflict.only_yours"), diff.only_ours.len()),
                    (crate::tr!("conflict.only_theirs"), diff.only_theirs.len()),
                    (crate::tr!("conflict.changed_in_both"), diff.differing.len()),
                    (crate::tr!("conflict.same"), diff.same),
                ] {
                    ui.label(label);
                    ui.label(n.to_string());
                    ui.end_row();
                }
            });
            ui.separator();
            for (text, hover, resolution) in [
                (
                    crate::tr!("conflict.merge_mine"),
                    crate::tr!("conflict.merge_mine_hint"),
                    Resolution::Merge(Side::Ours),
                ),
                (
                    crate::tr!("conflict.merge_theirs"),
                    crate::tr!("conflict.merge_theirs_hint"),
                    Resolution::Merge(Side::Theirs),
                ),
                (
                    crate::tr!("conflict.keep_mine"),
                    crate::tr!("conflict.keep_mine_hint"),
                    Resolution::KeepMine,
                ),
                (
                    crate::tr!("conflict.take_theirs"),
                    crate::tr!("conflict.take_theirs_hint"),
                    Resolution::TakeTheirs,
                ),
            ] {
                if ui.button(text).on_hover_text(hover).clicked() {
                    actions.push(Action::ResolveConflict(resolution));
                }
            }
        });
    }
}
