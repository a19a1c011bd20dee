//! Checking a report's sidecar headlessly, as opening it in the window would: re-anchor its
//! annotations against the report's current text and, when asked, write the result back.
//!
//! It is [`Session::open`] and [`Session::save`] with nothing else: the same reading, repairing
//! and re-anchoring, and the same refusal to overwrite a sidecar another program changed.
//! Orphans are never removed.

use super::{SaveError, Session};
use crate::annotation::Annotation;
use crate::annotation::anchor::{AnchorReport, AnchorState};
use crate::document::loader::{LoadError, LoadOptions};
use crate::store::{Repair, Sidecar, SidecarError};
use std::path::{Path, PathBuf};

/// What checking a sidecar found (and did).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOutcome {
    /// The sidecar checked.
    pub sidecar: PathBuf,
    /// Whether there was a sidecar at all.
    pub found: bool,
    /// Whether the report changed since the sidecar was saved (its fingerprint differs).
    pub stale: bool,
    /// How the annotations were anchored.
    pub report: AnchorReport,
    /// What was repaired while reading (duplicate ids).
    pub repairs: Vec<Repair>,
    /// The annotations that are not simply kept (moved, to check, orphaned), in text order.
    pub unsettled: Vec<Annotation>,
    /// Whether the re-anchored sidecar was written (it is not rewritten when nothing changed).
    pub written: bool,
}

/// Why a sidecar could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The report cannot be opened.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The sidecar cannot be read (it is left untouched).
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
    /// Another program changed the sidecar while it was being checked; nothing was written.
    #[error("{} changed while it was being checked; run gloss check again", path.display())]
    ChangedWhileChecking {
        /// The sidecar.
        path: PathBuf,
    },
    /// Writing the re-anchored sidecar failed.
    #[error("cannot write the re-anchored sidecar: {0}")]
    Save(SaveError),
}

/// Re-anchors the sidecar of `report`; with `fix`, writes the result back atomically when it
/// differs from what is on disk.
pub fn check_sidecar(report: &Path, fix: bool) -> Result<CheckOutcome, CheckError> {
    let mut session = Session::open(report, LoadOptions::default())?;
    let sidecar = Sidecar::path_for(report);
    // What is on disk, to compare with (and, if unreadable, the reason it cannot be checked).
    let Some(original) = Sidecar::load(&sidecar)? else {
        return Ok(CheckOutcome {
            sidecar,
            found: false,
            stale: false,
            report: AnchorReport::default(),
            repairs: Vec::new(),
            unsettled: Vec::new(),
            written: false,
        });
    };
    let unsettled = session
        .annotations()
        .iter()
        .filter(|a| a.anchor != AnchorState::Exact)
        .cloned()
        .collect();
    let mut written = false;
    if fix && session.to_sidecar() != original {
        session.save().map_err(|e| match e {
            SaveError::ChangedOnDisk { path } => CheckError::ChangedWhileChecking { path },
            e => CheckError::Save(e),
        })?;
        written = true;
    }
    Ok(CheckOutcome {
        sidecar,
        found: true,
        stale: original.source != session.doc.source,
        report: session.anchor_report(),
        repairs: session.repairs().to_vec(),
        unsettled,
        written,
    })
}
