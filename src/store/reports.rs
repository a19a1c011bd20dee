//! Finding reports in folders: the annotated reports a set of paths stands for (files as given,
//! and below each folder every report with a sidecar beside it), and every report of a workspace
//! folder (a file of a format Gloss reads, or one with a sidecar).

use super::{SUFFIX, Sidecar};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Why the reports could not be listed. Each variant names the path.
#[derive(Debug, thiserror::Error)]
pub enum ReportsError {
    /// A path given, or a folder below it, cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The file or folder.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// A folder holds no report with a sidecar.
    #[error("no report with a sidecar (*{SUFFIX}) below {}", folder.display())]
    NoneFound {
        /// The folder.
        folder: PathBuf,
    },
}

/// A report to export and its name relative to the folder it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The report.
    pub path: PathBuf,
    /// Its name in the output (`sub/plan.txt` below a folder, the file name otherwise).
    pub rel_name: String,
}

/// The reports that `paths` stand for: files as given, and for each folder every file below it
/// (sorted, hidden entries and symbolic links to folders skipped) that has a sidecar beside it.
pub fn annotated_reports(paths: &[PathBuf]) -> Result<Vec<Found>, ReportsError> {
    let mut found = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| ReportsError::Unreadable {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let before = found.len();
            walk(path, path, &|p| Sidecar::path_for(p).is_file(), &mut found)?;
            if found.len() == before {
                return Err(ReportsError::NoneFound {
                    folder: path.clone(),
                });
            }
        } else {
            found.push(Found {
                path: path.clone(),
                rel_name: file_name(path),
            });
        }
    }
    // Names must be unique: they name output files and REFI-QDA sources.
    let mut used = HashSet::new();
    for f in &mut found {
        let mut name = f.rel_name.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{} ({n})", f.rel_name);
            n += 1;
        }
        f.rel_name = name;
    }
    Ok(found)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// File extensions of the formats Gloss reads, as a workspace lists them.
const REPORT_EXTENSIONS: [&str; 10] = [
    "txt", "text", "md", "markdown", "htm", "html", "xhtml", "docx", "docm", "pdf",
];

/// Every report below `folder` (sorted by path, hidden entries and symbolic links to folders
/// skipped): files of a format Gloss reads, and any other file with a sidecar beside it.
pub fn workspace_reports(folder: &Path) -> Result<Vec<Found>, ReportsError> {
    let mut found = Vec::new();
    let is_report = |p: &Path| {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        REPORT_EXTENSIONS.contains(&ext.as_str()) || Sidecar::path_for(p).is_file()
    };
    walk(folder, folder, &is_report, &mut found)?;
    Ok(found)
}

fn walk(
    root: &Path,
    dir: &Path,
    wanted: &dyn Fn(&Path) -> bool,
    found: &mut Vec<Found>,
) -> Result<(), ReportsError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| ReportsError::Unreadable {
            path: dir.to_owned(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = file_name(&path);
        if name.starts_with('.') {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(root, &path, wanted, found)?;
        } else if !name.ends_with(SUFFIX) && wanted(&path) {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel_name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            found.push(Found { path, rel_name });
        }
    }
    Ok(())
}
