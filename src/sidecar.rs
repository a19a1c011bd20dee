//! The sidecar: a document's annotations stored as pretty RON next to the source, as
//! `<source file name>.gloss.ron`.
//!
//! Saving is atomic (temporary file in the same folder, fsync, rename, fsync of the folder), so a
//! crash leaves either the old or the new sidecar, never a torn one. A sidecar that fails to parse
//! is reported with the parser's line and column and is never overwritten: see
//! [`SidecarStatus`]. The format is documented in the README.

use crate::annotation::Annotation;
use crate::document::SourceInfo;
use crate::model::Kind;
use serde::{Deserialize, Serialize};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The sidecar format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// The suffix appended to the source file name.
pub const SUFFIX: &str = ".gloss.ron";

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
    /// Serialising failed (not expected for valid data).
    #[error("cannot write sidecar: {0}")]
    Serialize(#[from] ron::Error),
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
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(SidecarError::Io {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        Sidecar::parse(&text, path).map(Some)
    }

    /// Parses sidecar text (`path` is used in error messages).
    pub fn parse(text: &str, path: &Path) -> Result<Sidecar, SidecarError> {
        #[derive(Deserialize)]
        struct VersionOnly {
            version: u32,
        }
        // Read the version first, so a newer format is named as such instead of as a parse error.
        if let Ok(VersionOnly { version }) = ron::from_str::<VersionOnly>(text)
            && version > FORMAT_VERSION
        {
            return Err(SidecarError::NewerVersion {
                path: path.to_owned(),
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        ron::from_str(text).map_err(|e| SidecarError::Parse {
            path: path.to_owned(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
    }

    /// The sidecar as pretty RON text.
    pub fn to_ron(&self) -> Result<String, SidecarError> {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(false)
            .separate_tuple_members(false)
            .indentor("  ".to_owned());
        let mut text = ron::ser::to_string_pretty(self, config)?;
        text.push('\n');
        Ok(text)
    }

    /// Writes the sidecar to `path` atomically.
    pub fn save(&self, path: &Path) -> Result<(), SidecarError> {
        write_atomically(path, self.to_ron()?.as_bytes()).map_err(|source| SidecarError::Io {
            path: path.to_owned(),
            source,
        })
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
    use crate::document::Document;
    use crate::model::{EntityType, Label};

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
        assert_eq!(
            back.to_ron().unwrap(),
            std::fs::read_to_string(&path).unwrap()
        );
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
        let text = sidecar.to_ron().unwrap();
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
        let text = sidecar.to_ron().unwrap();
        let err = Sidecar::parse(&text, Path::new("p.gloss.ron")).unwrap_err();
        assert!(
            matches!(err, SidecarError::NewerVersion { found: 2, .. }),
            "{err}"
        );
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
