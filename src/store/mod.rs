//! The store: a document's annotations stored as pretty RON next to the source, as
//! `<source file name>.gloss.ron`.
//!
//! Saving is atomic (temporary file in the same folder, fsync, rename, fsync of the folder), so a
//! crash leaves either the old or the new sidecar, never a torn one. A sidecar that fails to parse
//! is reported with the parser's line and column and is never overwritten: see
//! [`SidecarStatus`]. The format is documented in the README.
//!
//! ## Hostile and broken sidecars
//!
//! A sidecar is user data that other programs (git, a colleague's Gloss, a text editor) may have
//! changed, so reading one never panics and every failure is a typed [`SidecarError`] naming the
//! file:
//!
//! - **corrupt or truncated** text → [`SidecarError::Parse`] with line and column;
//! - **not UTF-8** → [`SidecarError::NotUtf8`] with the byte offset of the first bad byte;
//! - **a newer format version** → [`SidecarError::NewerVersion`] (the file is left untouched);
//! - **larger than [`MAX_SIDECAR_BYTES`]** (512 MiB — about a million annotations, far beyond any
//!   real document) → [`SidecarError::TooLarge`], checked before anything is read;
//! - **deeply nested** RON (`[[[[…`) → a parse error: the RON parser stops at a nesting depth of
//!   128 instead of overflowing the stack.
//!
//! Problems inside a well-formed sidecar are repaired, and reported, rather than refused (see
//! [`Sidecar::repair`]): a **duplicate id** is given to the first annotation that has it, and each
//! later one gets a fresh id derived deterministically from the old id and its position, so that
//! reopening the same file repairs it the same way. Offsets beyond the text or reversed
//! (`end < start`) are left to anchoring, which re-anchors such annotations through their quote or
//! orphans them (see [`crate::annotation::anchor`]).
//!
//! ## Concurrent changes
//!
//! [`DiskFingerprint`] (length and SHA-256 of the bytes) identifies what was on disk when a
//! sidecar was read or written, so a session can tell that another program changed the file since
//! (see [`crate::session::Session::save`]). [`diff_by_id`] and [`merge_by_id`] compare and merge two
//! versions annotation by annotation.
//!
//! Over 700 lines with its tests (a third of the file); the code itself is under 480 lines.

pub mod merge3;
pub mod reports;
mod ron_fast;
// Watching files on disk is what the app does; the headless library never watches.
#[cfg(feature = "gui")]
pub(crate) mod watch;

use crate::annotation::Kind;
use crate::annotation::{Annotation, AnnotationId, Relation};
use crate::document::SourceInfo;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// The sidecar format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// The suffix appended to the source file name.
pub const SUFFIX: &str = ".gloss.ron";

/// The largest sidecar Gloss reads (512 MiB); larger files are refused with
/// [`SidecarError::TooLarge`] rather than exhausting memory.
pub const MAX_SIDECAR_BYTES: u64 = 512 * 1024 * 1024;

/// Everything Gloss stores about one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sidecar {
    /// Format version; newer versions are refused rather than misread.
    pub version: u32,
    /// The source the offsets refer to: name, byte length, SHA-256, decoding, extractor.
    pub source: SourceInfo,
    /// The annotations, in document order.
    pub annotations: Vec<Annotation>,
    /// Suggestions the user rejected, so they are not proposed again.
    #[serde(default)]
    pub rejected: Vec<Rejection>,
    /// Links between the annotations, by id (left out of the file when there are none, so a
    /// sidecar without relations reads and diffs as before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
}

/// A suggestion the user rejected.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Rejection {
    /// The suggested kind.
    pub kind: Kind,
    /// Start in code points.
    pub start: usize,
    /// End in code points (exclusive).
    pub end: usize,
    /// The suggested text.
    pub quote: String,
}

/// Why a sidecar could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    /// Reading or writing failed.
    #[error("cannot access sidecar {path}: {source}")]
    Io {
        /// The sidecar.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is not a valid sidecar.
    #[error(
        "sidecar {path} cannot be read: line {line}, column {column}: {message}. Gloss will not overwrite it; fix or move it to save again"
    )]
    Parse {
        /// The sidecar.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The sidecar was written by a newer Gloss.
    #[error(
        "sidecar {path} has format version {found}, newer than this Gloss reads ({supported}); update Gloss. The file is left untouched"
    )]
    NewerVersion {
        /// The sidecar.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The file is larger than [`MAX_SIDECAR_BYTES`].
    #[error(
        "sidecar {path} is {len} bytes, more than the {limit} bytes Gloss reads; it is probably not a sidecar. The file is left untouched"
    )]
    TooLarge {
        /// The sidecar.
        path: PathBuf,
        /// Its size in bytes.
        len: u64,
        /// [`MAX_SIDECAR_BYTES`].
        limit: u64,
    },
    /// The file is not UTF-8 text.
    #[error(
        "sidecar {path} is not UTF-8 text (invalid bytes at byte {offset}); Gloss will not overwrite it; fix or move it to save again"
    )]
    NotUtf8 {
        /// The sidecar.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
}

impl Sidecar {
    /// The sidecar path for a source file: `plan.txt` → `plan.txt.gloss.ron`.
    pub fn path_for(source: &Path) -> PathBuf {
        let mut name = source.file_name().unwrap_or_default().to_os_string();
        name.push(SUFFIX);
        source.with_file_name(name)
    }

    /// Reads the sidecar at `path`; `Ok(None)` when there is none.
    pub fn load(path: &Path) -> Result<Option<Sidecar>, SidecarError> {
        Ok(Sidecar::read(path)?.map(|(sidecar, _)| sidecar))
    }

    /// Reads the sidecar at `path` with the fingerprint of the bytes read; `Ok(None)` when there
    /// is none. Files over [`MAX_SIDECAR_BYTES`] are refused before they are read.
    pub fn read(path: &Path) -> Result<Option<(Sidecar, DiskFingerprint)>, SidecarError> {
        let Some(bytes) = read_limited(path)? else {
            return Ok(None);
        };
        let fingerprint = DiskFingerprint::of(&bytes);
        let text = std::str::from_utf8(&bytes).map_err(|e| SidecarError::NotUtf8 {
            path: path.to_owned(),
            offset: e.valid_up_to(),
        })?;
        Ok(Some((Sidecar::parse(text, path)?, fingerprint)))
    }

    /// Repairs problems a well-formed sidecar can still have, returning what was changed:
    /// every annotation id after the first with that id is replaced by a fresh one, derived from
    /// the old id and the annotation's position so that the same file is always repaired the same
    /// way. Nothing is removed.
    pub fn repair(&mut self) -> Vec<Repair> {
        let mut seen: HashSet<AnnotationId> =
            self.annotations.iter().map(|a| a.id.clone()).collect();
        if seen.len() == self.annotations.len() {
            return Vec::new();
        }
        let mut first: HashSet<AnnotationId> = HashSet::new();
        let mut repairs = Vec::new();
        for (index, a) in self.annotations.iter_mut().enumerate() {
            if first.insert(a.id.clone()) {
                continue;
            }
            let mut salt = 0u64;
            let new = loop {
                let digest = crate::document::loader::sha256_hex(
                    format!("{}\0{index}\0{salt}", a.id).as_bytes(),
                );
                let candidate = AnnotationId(digest.get(..16).unwrap_or(&digest).to_owned());
                if seen.insert(candidate.clone()) {
                    break candidate;
                }
                salt += 1;
            };
            repairs.push(Repair::DuplicateId {
                index,
                old: std::mem::replace(&mut a.id, new.clone()),
                new,
            });
        }
        repairs
    }

    /// Parses sidecar text (`path` is used in error messages).
    pub fn parse(text: &str, path: &Path) -> Result<Sidecar, SidecarError> {
        // Read the version first, so a newer format is named as such instead of as a parse error.
        if let Some(version) = leading_version(text)
            && version > FORMAT_VERSION
        {
            return Err(SidecarError::NewerVersion {
                path: path.to_owned(),
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        // The layout Gloss writes is read by a fast exact reader; anything else (hand edits,
        // errors) by ron, which also locates errors.
        if let Some(sidecar) = crate::store::ron_fast::parse_pretty(text) {
            return Ok(sidecar);
        }
        ron::from_str(text).map_err(|e| SidecarError::Parse {
            path: path.to_owned(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
    }

    /// The sidecar as pretty RON text.
    pub fn to_ron(&self) -> String {
        crate::store::ron_fast::to_pretty_ron(self)
    }

    /// Writes the sidecar to `path` atomically; returns the fingerprint of what was written.
    pub fn save(&self, path: &Path) -> Result<DiskFingerprint, SidecarError> {
        let text = self.to_ron();
        write_atomically(path, text.as_bytes()).map_err(|source| SidecarError::Io {
            path: path.to_owned(),
            source,
        })?;
        Ok(DiskFingerprint::of(text.as_bytes()))
    }
}

/// The `version` a sidecar declares, read from its first field without parsing the rest (a full
/// parse of a large sidecar just for this would double the time to open it).
fn leading_version(text: &str) -> Option<u32> {
    let rest = text.trim_start_matches('\u{feff}').trim_start();
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("version")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..digits].parse().ok()
}

/// A change [`Sidecar::repair`] made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repair {
    /// The annotation at `index` shared its id with an earlier one and was given a new id.
    DuplicateId {
        /// Position in the sidecar's annotation list.
        index: usize,
        /// The duplicated id.
        old: AnnotationId,
        /// The fresh id it now has.
        new: AnnotationId,
    },
}

impl std::fmt::Display for Repair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Repair::DuplicateId { index, old, new } => write!(
                f,
                "annotation {} repeated the id {old} of an earlier one; it now has the id {new}",
                index + 1
            ),
        }
    }
}

/// What a file held when it was read or written: its length and SHA-256. Two different
/// fingerprints mean the file was changed in between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskFingerprint {
    /// Length in bytes.
    pub len: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
}

impl DiskFingerprint {
    /// The fingerprint of these bytes.
    pub fn of(bytes: &[u8]) -> DiskFingerprint {
        DiskFingerprint {
            len: bytes.len() as u64,
            sha256: crate::document::loader::sha256_hex(bytes),
        }
    }

    /// The fingerprint of the file at `path` now; `Ok(None)` when there is no file.
    pub fn of_file(path: &Path) -> Result<Option<DiskFingerprint>, SidecarError> {
        Ok(read_limited(path)?.map(|bytes| DiskFingerprint::of(&bytes)))
    }
}

/// The bytes of `path`, refusing files over [`MAX_SIDECAR_BYTES`]; `Ok(None)` when absent.
fn read_limited(path: &Path) -> Result<Option<Vec<u8>>, SidecarError> {
    let io = |source| SidecarError::Io {
        path: path.to_owned(),
        source,
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    let too_large = |len| SidecarError::TooLarge {
        path: path.to_owned(),
        len,
        limit: MAX_SIDECAR_BYTES,
    };
    let len = file.metadata().map_err(io)?.len();
    if len > MAX_SIDECAR_BYTES {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // The file may grow while it is read: never read more than the limit.
    file.take(MAX_SIDECAR_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_SIDECAR_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Some(bytes))
}

/// Which version of an annotation to keep when two versions of a sidecar disagree about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The version in this session.
    Ours,
    /// The version on disk, written by another program.
    Theirs,
}

/// How two versions of a document's annotations differ, by annotation id (each list sorted).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SidecarDiff {
    /// Ids only in ours.
    pub only_ours: Vec<AnnotationId>,
    /// Ids only in theirs.
    pub only_theirs: Vec<AnnotationId>,
    /// Ids in both whose annotations differ.
    pub differing: Vec<AnnotationId>,
    /// How many ids are in both with identical annotations.
    pub same: usize,
}

impl SidecarDiff {
    /// Whether the two versions hold the same annotations.
    pub fn is_empty(&self) -> bool {
        self.only_ours.is_empty() && self.only_theirs.is_empty() && self.differing.is_empty()
    }
}

/// Compares two versions of a document's annotations by id.
pub fn diff_by_id(ours: &[Annotation], theirs: &[Annotation]) -> SidecarDiff {
    let ours_by: HashMap<&AnnotationId, &Annotation> = ours.iter().map(|a| (&a.id, a)).collect();
    let theirs_by: HashMap<&AnnotationId, &Annotation> =
        theirs.iter().map(|a| (&a.id, a)).collect();
    let mut diff = SidecarDiff::default();
    for (id, a) in &ours_by {
        match theirs_by.get(id) {
            None => diff.only_ours.push((*id).clone()),
            Some(b) if b != a => diff.differing.push((*id).clone()),
            Some(_) => diff.same += 1,
        }
    }
    diff.only_theirs = theirs_by
        .keys()
        .filter(|id| !ours_by.contains_key(*id))
        .map(|id| (*id).clone())
        .collect();
    diff.only_ours.sort();
    diff.only_theirs.sort();
    diff.differing.sort();
    diff
}

/// Merges two versions of a document's annotations by id: for an id in both, `choose` picks the
/// version kept; every id in only one of them is kept (a union: a merge never deletes). The
/// result is in document order (placed by position, then orphans), like a saved sidecar.
pub fn merge_by_id(
    ours: &[Annotation],
    theirs: &[Annotation],
    choose: impl Fn(&AnnotationId) -> Side,
) -> Vec<Annotation> {
    let theirs_by: HashMap<&AnnotationId, &Annotation> =
        theirs.iter().map(|a| (&a.id, a)).collect();
    let mut taken: HashSet<&AnnotationId> = HashSet::new();
    let mut merged: Vec<Annotation> = Vec::with_capacity(ours.len().max(theirs.len()));
    for a in ours {
        if !taken.insert(&a.id) {
            continue;
        }
        match theirs_by.get(&a.id) {
            Some(b) if *b != a && choose(&a.id) == Side::Theirs => merged.push((*b).clone()),
            _ => merged.push(a.clone()),
        }
    }
    for b in theirs {
        if taken.insert(&b.id) {
            merged.push(b.clone());
        }
    }
    crate::annotation::AnnotationSet::from_vec(merged).to_vec()
}

/// The per-user folders Gloss keeps files in (outside any report folder).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserFolder {
    /// Settings and the user's glossary: `$XDG_CONFIG_HOME` (`~/.config`), `~/Library/Application
    /// Support` on macOS, `%APPDATA%` on Windows.
    Config,
    /// What can be rebuilt (the search indexes): `$XDG_CACHE_HOME` (`~/.cache`),
    /// `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows.
    Cache,
}

impl UserFolder {
    /// Gloss's folder of this kind (`…/gloss`), if the platform names one.
    pub fn path(self) -> Option<PathBuf> {
        let (windows, macos, xdg, home) = match self {
            UserFolder::Config => (
                "APPDATA",
                "Library/Application Support",
                "XDG_CONFIG_HOME",
                ".config",
            ),
            UserFolder::Cache => ("LOCALAPPDATA", "Library/Caches", "XDG_CACHE_HOME", ".cache"),
        };
        let base = if cfg!(windows) {
            std::env::var_os(windows).map(PathBuf::from)
        } else if cfg!(target_os = "macos") {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(macos))
        } else {
            std::env::var_os(xdg)
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(home)))
        };
        base.map(|b| b.join("gloss"))
    }
}

/// Writes `bytes` to `path` so that `path` always holds either its old or its new contents.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".gloss-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are private (0600); a sidecar keeps the old file's permissions, or gets
    // the usual ones for a new document file, so colleagues sharing the folder can read it.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable. Directories cannot be opened for syncing everywhere.
    if let Ok(d) = std::fs::File::open(dir) {
        d.sync_all().ok();
    }
    Ok(())
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

/// What was found where a document's sidecar belongs.
#[derive(Debug)]
pub enum SidecarStatus {
    /// No sidecar yet; saving creates one.
    Absent,
    /// A sidecar was read.
    Loaded,
    /// A sidecar exists but cannot be read. Saving is refused so that it is never overwritten.
    Unreadable(SidecarError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Annotation;
    use crate::annotation::{EntityType, Label};
    use crate::document::Document;

    fn sample() -> (Document, Sidecar) {
        let doc = Document::from_text(
            "plan.txt",
            "𠀾溪镇😀\r\n新密市科工信局：力争全年完成２９６.9亿元，增长19.7%。",
        );
        let fig = Annotation::new(
            &doc,
            19,
            26,
            Label::Figure {
                value: Some(29_690_000_000.0),
                unit: "元".into(),
            },
        );
        let mut ent = Annotation::new(
            &doc,
            5,
            12,
            Label::Entity {
                entity_type: EntityType::Org,
            },
        );
        ent.note = "short form of 新密市科学技术和工业信息化局\n\"quoted\"".into();
        let sidecar = Sidecar {
            version: FORMAT_VERSION,
            source: doc.source.clone(),
            annotations: vec![ent, fig],
            rejected: vec![Rejection {
                kind: Kind::Figure,
                start: 0,
                end: 1,
                quote: "𠀾".into(),
            }],
            relations: Vec::new(),
        };
        (doc, sidecar)
    }

    #[test]
    fn round_trip_preserves_everything() {
        let (doc, sidecar) = sample();
        assert_eq!(sidecar.annotations[1].quote, "２９６.9亿元");
        assert_eq!(doc.slice(5, 12), "新密市科工信局");
        let dir = tempfile::tempdir().unwrap();
        let path = Sidecar::path_for(&dir.path().join("plan.txt"));
        assert!(path.ends_with("plan.txt.gloss.ron"));
        sidecar.save(&path).unwrap();
        let back = Sidecar::load(&path).unwrap().unwrap();
        assert_eq!(back, sidecar);
        // Stable output: saving the loaded sidecar gives the same bytes.
        assert_eq!(back.to_ron(), std::fs::read_to_string(&path).unwrap());
    }

    #[test]
    fn missing_sidecar_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            Sidecar::load(&dir.path().join("x.gloss.ron"))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        let (_, sidecar) = sample();
        let text = sidecar.to_ron();
        let broken = text.replacen("quote:", "quote", 1);
        let err = Sidecar::parse(&broken, Path::new("p.gloss.ron")).unwrap_err();
        let SidecarError::Parse { line, column, .. } = err else {
            panic!("expected a parse error, got {err}");
        };
        let expected_line = broken
            .lines()
            .position(|l| l.trim_start().starts_with("quote "))
            .unwrap()
            + 1;
        assert_eq!(line, expected_line);
        assert!(column > 1);
    }

    #[test]
    fn newer_versions_are_refused_by_name() {
        let (_, mut sidecar) = sample();
        sidecar.version = FORMAT_VERSION + 1;
        let text = sidecar.to_ron();
        let err = Sidecar::parse(&text, Path::new("p.gloss.ron")).unwrap_err();
        assert!(
            matches!(err, SidecarError::NewerVersion { found: 2, .. }),
            "{err}"
        );
        // A future layout this version cannot parse at all is still named by its version.
        let future = "\u{feff}(\n  version : 7,\n  shards: {\"a\": [1, 2]},\n)\n";
        let err = Sidecar::parse(future, Path::new("p.gloss.ron")).unwrap_err();
        assert!(
            matches!(err, SidecarError::NewerVersion { found: 7, .. }),
            "{err}"
        );
    }

    #[test]
    fn deeply_nested_ron_is_a_parse_error_not_a_stack_overflow() {
        for (open, close) in [("[", "]"), ("(", ")"), ("Some(", ")"), ("{", "}")] {
            let depth = 100_000;
            let inner = format!("{}{}", open.repeat(depth), close.repeat(depth));
            for text in [
                inner.clone(),
                format!("(version: 1, source: {inner})"),
                format!("(version: 1, extra: {inner})"),
                format!("(version: 1, source: (file_name: \"a\"), annotations: [{inner}])"),
            ] {
                let err = Sidecar::parse(&text, Path::new("deep.gloss.ron")).unwrap_err();
                assert!(matches!(err, SidecarError::Parse { .. }), "{err}");
                assert!(err.to_string().contains("deep.gloss.ron"));
            }
        }
    }

    #[test]
    fn every_truncation_of_a_sidecar_is_an_error_never_a_panic() {
        let (_, sidecar) = sample();
        let text = sidecar.to_ron();
        let mut cuts = 0;
        for (cut, _) in text.char_indices() {
            // Dropping the closing parenthesis and newline is the first incomplete prefix.
            if cut + 2 >= text.len() {
                break;
            }
            assert!(
                Sidecar::parse(&text[..cut], Path::new("t.gloss.ron")).is_err(),
                "{cut}"
            );
            cuts += 1;
        }
        assert!(cuts > 500);
    }

    #[test]
    fn non_utf8_and_oversized_sidecars_get_typed_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bin.gloss.ron");
        std::fs::write(&path, b"(version: 1, \xff\xfe)").unwrap();
        let err = Sidecar::load(&path).unwrap_err();
        assert!(
            matches!(err, SidecarError::NotUtf8 { offset: 13, .. }),
            "{err}"
        );
        // A sparse file: its size is over the limit, but nothing is written or read.
        let huge = dir.path().join("huge.gloss.ron");
        let f = std::fs::File::create(&huge).unwrap();
        f.set_len(MAX_SIDECAR_BYTES + 1).unwrap();
        let err = Sidecar::load(&huge).unwrap_err();
        assert!(
            matches!(err, SidecarError::TooLarge { len, .. } if len == MAX_SIDECAR_BYTES + 1),
            "{err}"
        );
        assert!(err.to_string().contains("huge.gloss.ron"));
    }

    #[test]
    fn duplicate_ids_are_repaired_deterministically_and_reported() {
        let (_, mut sidecar) = sample();
        let first = sidecar.annotations[0].clone();
        let mut dup = sidecar.annotations[1].clone();
        dup.id = first.id.clone();
        sidecar.annotations[1] = dup.clone();
        sidecar.annotations.push(dup);
        let mut again = sidecar.clone();
        let repairs = sidecar.repair();
        assert_eq!(repairs.len(), 2);
        assert_eq!(sidecar.annotations.len(), 3, "nothing removed");
        assert_eq!(
            sidecar.annotations[0].id, first.id,
            "the first keeps its id"
        );
        let ids: HashSet<_> = sidecar.annotations.iter().map(|a| a.id.clone()).collect();
        assert_eq!(ids.len(), 3);
        assert!(
            matches!(&repairs[0], Repair::DuplicateId { index: 1, old, .. } if *old == first.id)
        );
        assert!(repairs[0].to_string().contains(&first.id.0));
        assert_eq!(again.repair(), repairs, "same file, same repair");
        assert!(
            sidecar.repair().is_empty(),
            "a repaired sidecar needs nothing"
        );
    }

    #[test]
    fn merge_by_id_takes_the_chosen_side_and_the_union_of_the_rest() {
        let (doc, sidecar) = sample();
        let ours = sidecar.annotations.clone();
        let mut theirs = ours.clone();
        theirs[0].note = "their note".into();
        let added = Annotation::new(
            &doc,
            0,
            1,
            Label::Entity {
                entity_type: EntityType::Place,
            },
        );
        theirs.push(added.clone());
        let mut ours = ours;
        let mine = Annotation::new(
            &doc,
            1,
            3,
            Label::Entity {
                entity_type: EntityType::Place,
            },
        );
        ours.push(mine.clone());

        let diff = diff_by_id(&ours, &theirs);
        assert_eq!(diff.differing, vec![ours[0].id.clone()]);
        assert_eq!(diff.only_ours, vec![mine.id.clone()]);
        assert_eq!(diff.only_theirs, vec![added.id.clone()]);
        assert_eq!(diff.same, 1);

        let keep_ours = merge_by_id(&ours, &theirs, |_| Side::Ours);
        let take_theirs = merge_by_id(&ours, &theirs, |_| Side::Theirs);
        for merged in [&keep_ours, &take_theirs] {
            assert_eq!(merged.len(), 4, "union of both");
            assert!(merged.iter().any(|a| a.id == added.id));
            assert!(merged.iter().any(|a| a.id == mine.id));
        }
        let note = |m: &[Annotation]| m.iter().find(|a| a.id == ours[0].id).unwrap().note.clone();
        assert_eq!(note(&take_theirs), "their note");
        assert_eq!(note(&keep_ours), ours[0].note);
        assert!(diff_by_id(&take_theirs, &take_theirs).is_empty());
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.gloss.ron");
        write_atomically(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644, "a new sidecar is readable by others");
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.gloss.ron")]);
    }
}
