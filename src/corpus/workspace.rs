//! The workspace file: what the user decided about a folder of reports as a whole, kept beside
//! them ([`WORKSPACE_FILE`], so it travels with the reports in git) — which reports are reviewed,
//! and the statuses confirmed for commitment tracks. Entity names are decided in the workspace
//! glossary instead (see [`super::entities`]), where suggestions learn from them too.

use super::commitments::Status;
use super::entities::CorpusError;
use crate::store::write_atomically;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The file's name in the workspace folder.
pub const WORKSPACE_FILE: &str = "gloss-workspace.ron";

/// The user's decisions about a workspace.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceFile {
    /// Reports marked reviewed, by name relative to the folder.
    #[serde(default)]
    pub reviewed: BTreeSet<String>,
    /// Confirmed (or dismissed) statuses of commitment tracks, by track id.
    #[serde(default)]
    pub tracks: BTreeMap<String, Status>,
}

impl WorkspaceFile {
    /// The decisions stored in `folder` (none when the file does not exist). A file that cannot
    /// be read is an error naming it, and is never overwritten.
    pub fn load(folder: &Path) -> Result<WorkspaceFile, CorpusError> {
        let path = folder.join(WORKSPACE_FILE);
        let problem = |reason: String| CorpusError::workspace(&path, reason);
        match std::fs::read_to_string(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(WorkspaceFile::default()),
            Err(e) => Err(problem(e.to_string())),
            Ok(text) => ron::from_str(&text).map_err(|e| problem(e.to_string())),
        }
    }

    /// Writes the decisions to `folder` atomically.
    pub fn save(&self, folder: &Path) -> Result<(), CorpusError> {
        let path = folder.join(WORKSPACE_FILE);
        let problem = |reason: String| CorpusError::workspace(&path, reason);
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| problem(e.to_string()))?;
        write_atomically(&path, text.as_bytes()).map_err(|e| problem(e.to_string()))
    }

    /// Loads, changes with `change` and saves the file of `folder`.
    pub fn update(
        folder: &Path,
        change: impl FnOnce(&mut WorkspaceFile),
    ) -> Result<WorkspaceFile, CorpusError> {
        let mut file = WorkspaceFile::load(folder)?;
        change(&mut file);
        file.save(folder)?;
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_a_damaged_file_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            WorkspaceFile::load(dir.path()).unwrap(),
            WorkspaceFile::default()
        );
        let saved = WorkspaceFile::update(dir.path(), |f| {
            f.reviewed.insert("a/plan.txt".into());
            f.tracks.insert("x@3".into(), Status::Missed);
        })
        .unwrap();
        assert_eq!(WorkspaceFile::load(dir.path()).unwrap(), saved);
        std::fs::write(dir.path().join(WORKSPACE_FILE), "(reviewed: [").unwrap();
        let err = WorkspaceFile::update(dir.path(), |f| f.reviewed.clear()).unwrap_err();
        assert!(err.to_string().contains(WORKSPACE_FILE), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(WORKSPACE_FILE)).unwrap(),
            "(reviewed: ["
        );
    }
}
