//! The document formats Gloss reads, one module per format, and the sniffing that picks one.
//!
//! Every extractor turns a file's bytes into the text offsets refer to, plus the structure it
//! recovered (headings, table rows, pages). Extraction is deterministic — the same bytes give the
//! same text with the same extractor version — so sidecar offsets stay valid from run to run.
//!
//! | format | module | extractor |
//! |---|---|---|
//! | plain text | [`text`] | `gloss-text <version>` |
//! | Markdown | [`markdown`] | `gloss-markdown 1` |
//! | HTML | [`html`] | `gloss-html 1` |
//! | Word (.docx) | [`docx`] | `gloss-docx 1` |
//! | PDF | [`pdf`] | `gloss-pdf 1 (pdf_oxide <version>)` |
//!
//! Dispatch ([`detect`]) sniffs the content first — a zip (`PK\3\4`) is read as DOCX, `%PDF-` as
//! PDF, an HTML doctype or `<html>` as HTML, an OLE2 container as an old Office file (refused
//! with advice) — then the extension (`.docx`, `.pdf`, `.htm`/`.html`, `.md`/`.markdown`), and
//! everything else is plain text.

pub(crate) mod builder;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod text;

use crate::document::Structure;
use crate::document::loader::LoadOptions;

/// A source format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    /// Plain text in any supported encoding.
    Text,
    /// Markdown, shown as readable text.
    Markdown,
    /// An HTML page, shown as its visible text.
    Html,
    /// A Word document (Office Open XML).
    Docx,
    /// A PDF's text layer.
    Pdf,
    /// An old binary Office file (OLE2: .doc, .xls, .wps), which Gloss cannot read.
    OldOffice,
}

impl SourceFormat {
    /// The name recorded in sidecars (`text`, `markdown`, `html`, `docx`, `pdf`).
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Markdown => "markdown",
            SourceFormat::Html => "html",
            SourceFormat::Docx => "docx",
            SourceFormat::Pdf => "pdf",
            SourceFormat::OldOffice => "ole2",
        }
    }

    /// The format recorded under [`SourceFormat::name`], if it is one.
    pub fn from_name(name: &str) -> Option<SourceFormat> {
        [
            SourceFormat::Text,
            SourceFormat::Markdown,
            SourceFormat::Html,
            SourceFormat::Docx,
            SourceFormat::Pdf,
            SourceFormat::OldOffice,
        ]
        .into_iter()
        .find(|f| f.name() == name)
    }

    /// Whether the text was decoded from bytes in some encoding (text, Markdown, HTML), so that
    /// another encoding can be chosen; DOCX and PDF carry their own.
    pub fn is_decoded(self) -> bool {
        matches!(
            self,
            SourceFormat::Text | SourceFormat::Markdown | SourceFormat::Html
        )
    }

    /// How the format is named to users in messages.
    pub fn display_name(self) -> &'static str {
        match self {
            SourceFormat::Text => "text file",
            SourceFormat::Markdown => "Markdown file",
            SourceFormat::Html => "web page",
            SourceFormat::Docx => "Word document",
            SourceFormat::Pdf => "PDF",
            SourceFormat::OldOffice => "old Office document",
        }
    }
}

impl serde::Serialize for SourceFormat {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for SourceFormat {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        SourceFormat::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown source format {name:?} (Gloss knows text, markdown, html, docx and pdf)"
            ))
        })
    }
}

/// Text and structure extracted from a file.
#[derive(Debug)]
pub(crate) struct Extracted {
    pub(crate) text: String,
    pub(crate) structure: Structure,
    pub(crate) encoding: String,
    pub(crate) extractor: &'static str,
}

/// Why an extractor failed; the loader adds the file name and format.
#[derive(Debug)]
pub(crate) enum FormatError {
    /// The container or its content is damaged or malformed.
    Damaged(String),
    /// The file is some other kind of file.
    WrongContentType { found: String },
    /// A compressed part would expand beyond the limit.
    Oversized { part: String, limit: u64 },
    /// A PDF has pages but no text layer.
    NoTextLayer { pages: usize },
    /// The file is password-protected.
    Encrypted,
    /// The file holds binary data, not text.
    Binary(String),
    /// The bytes are invalid in the encoding used.
    Undecodable { encoding: String, errors: usize },
    /// The file decodes but holds no visible text.
    NoText,
    /// This build cannot read the format (built without the `pdf` feature).
    #[cfg_attr(feature = "pdf", allow(dead_code))]
    Unsupported(String),
}

/// Picks the format of `bytes` named `file_name`: content first, then extension.
pub fn detect(bytes: &[u8], file_name: &str) -> SourceFormat {
    let ext = extension(file_name);
    let head = &bytes[..bytes.len().min(1024)];
    if docx::is_zip(bytes) {
        return SourceFormat::Docx;
    }
    if head.windows(5).any(|w| w == b"%PDF-") {
        return SourceFormat::Pdf;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return SourceFormat::OldOffice;
    }
    match ext.as_str() {
        "docx" | "docm" | "dotx" => return SourceFormat::Docx,
        "pdf" => return SourceFormat::Pdf,
        "htm" | "html" | "xhtml" | "shtml" => return SourceFormat::Html,
        _ => {}
    }
    if html::looks_like_html(bytes) {
        return SourceFormat::Html;
    }
    match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" | "mkdn" => SourceFormat::Markdown,
        _ => SourceFormat::Text,
    }
}

fn extension(file_name: &str) -> String {
    std::path::Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Runs the extractor for `format`. Panics in third-party parsers become
/// [`FormatError::Damaged`] (except under `cargo fuzz`, where they must surface).
pub(crate) fn extract(
    format: SourceFormat,
    bytes: &[u8],
    options: LoadOptions,
) -> Result<Extracted, FormatError> {
    let run = || match format {
        SourceFormat::Text => text::extract(bytes, options.encoding),
        SourceFormat::Markdown => markdown::extract(bytes, options.encoding),
        SourceFormat::Html => html::extract(bytes, options.encoding),
        SourceFormat::Docx => docx::extract(bytes),
        SourceFormat::Pdf => pdf::extract(bytes),
        SourceFormat::OldOffice => Err(FormatError::WrongContentType {
            found: "an old binary Office file (Word 97–2003 .doc, .xls or WPS .wps)".into(),
        }),
    };
    let result = if cfg!(fuzzing) {
        run()
    } else {
        std::panic::catch_unwind(run).unwrap_or_else(|_| {
            Err(FormatError::Damaged(format!(
                "the {} reader failed on this file",
                format.display_name()
            )))
        })
    };
    match result {
        Ok(extracted)
            if format != SourceFormat::Text
                && !extracted.text.chars().any(|c| !c.is_whitespace()) =>
        {
            Err(FormatError::NoText)
        }
        other => other,
    }
}
