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
use crate::loader::LoadOptions;

/// A source format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
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

impl Format {
    /// The name recorded in sidecars (`text`, `markdown`, `html`, `docx`, `pdf`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::OldOffice => "ole2",
        }
    }

    /// How the format is named to users in messages.
    pub fn display_name(self) -> &'static str {
        match self {
            Format::Text => "text file",
            Format::Markdown => "Markdown file",
            Format::Html => "web page",
            Format::Docx => "Word document",
            Format::Pdf => "PDF",
            Format::OldOffice => "old Office document",
        }
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
pub fn detect(bytes: &[u8], file_name: &str) -> Format {
    let ext = extension(file_name);
    let head = &bytes[..bytes.len().min(1024)];
    if docx::is_zip(bytes) {
        return Format::Docx;
    }
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Format::Pdf;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::OldOffice;
    }
    match ext.as_str() {
        "docx" | "docm" | "dotx" => return Format::Docx,
        "pdf" => return Format::Pdf,
        "htm" | "html" | "xhtml" | "shtml" => return Format::Html,
        _ => {}
    }
    if html::looks_like_html(bytes) {
        return Format::Html;
    }
    match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" | "mkdn" => Format::Markdown,
        _ => Format::Text,
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
    format: Format,
    bytes: &[u8],
    options: LoadOptions,
) -> Result<Extracted, FormatError> {
    let run = || match format {
        Format::Text => text::extract(bytes, options.encoding),
        Format::Markdown => markdown::extract(bytes, options.encoding),
        Format::Html => html::extract(bytes, options.encoding),
        Format::Docx => docx::extract(bytes),
        Format::Pdf => pdf::extract(bytes),
        Format::OldOffice => Err(FormatError::WrongContentType {
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
            if format != Format::Text && !extracted.text.chars().any(|c| !c.is_whitespace()) =>
        {
            Err(FormatError::NoText)
        }
        other => other,
    }
}
