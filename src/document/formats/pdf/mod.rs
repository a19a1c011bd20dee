//! PDF: the text layer, page by page, in reading order, Chinese included.
//!
//! Read with [pdf_oxide](https://docs.rs/pdf_oxide) (pure Rust; its OCR/GPU/ML features are off),
//! chosen after comparing it with pdf-extract and lopdf on generated Chinese PDFs: it is the only
//! one of the three that reads Chinese set in a non-embedded Adobe-GB1 font with no ToUnicode map
//! (`STSong-Light` with `UniGB-UCS2-H`, SimSun with `GBK-EUC-H`: the common government-PDF case),
//! and it assembles lines from separately positioned runs. pdf-extract panics on those fonts;
//! lopdf reads `UniGB-UCS2-H` but not `GBK-EUC-H` and keeps content-stream order.
//!
//! Layout of the text: pdf_oxide gives each page's text runs with their boxes; [`layout`] puts
//! them in reading order (rows, columns, paragraphs with their wraps joined, footnote marks as
//! `[1]`, table cells separated by tabs) and takes running headers, footers and page numbers out
//! of the text into [`crate::document::Structure::furniture`]. Pages are separated by a line
//! holding a form feed (U+000C), and recorded in [`crate::document::Structure::pages`]. A PDF with
//! pages but no text at all (a scan) is [`FormatError::NoTextLayer`]; pages without text in an
//! otherwise textual PDF, and pages whose text is mostly unmapped glyphs (private-use
//! characters, U+FFFD), are reported as warnings. Encrypted PDFs open when the user password is
//! empty (the usual "no copying" protection); otherwise they are refused.
//!
//! Known limitation (pdf_oxide 0.3.78): with the predefined `GBK-EUC-H` encoding, a string that
//! mixes one-byte (ASCII) and two-byte codes loses its alignment after the first one-byte code,
//! which shows as private-use characters and triggers the garbled-text warning.

//!
//! Without the `pdf` cargo feature (library-only builds), PDFs are refused with
//! [`FormatError::Unsupported`].

#[cfg(feature = "pdf")]
mod layout;

use super::{Extracted, FormatError};

/// The extractor's name and version, recorded in sidecars. Bump when the output changes
/// (including when pdf_oxide is upgraded).
pub const EXTRACTOR: &str = "gloss-pdf 2 (pdf_oxide 0.3.78)";

/// A page whose text has more than this share of unmapped characters is reported as garbled.
#[cfg(feature = "pdf")]
const GARBLED_SHARE: f64 = 0.2;

/// Extracts the text layer of a PDF.
#[cfg(not(feature = "pdf"))]
pub(crate) fn extract(_bytes: &[u8]) -> Result<Extracted, FormatError> {
    Err(FormatError::Unsupported(
        "this build of Gloss has no PDF support (cargo feature `pdf`)".into(),
    ))
}

/// Extracts the text layer of a PDF.
#[cfg(feature = "pdf")]
pub(crate) fn extract(bytes: &[u8]) -> Result<Extracted, FormatError> {
    use super::builder::TextBuilder;
    use pdf_oxide::PdfDocument;

    if !bytes
        .get(..bytes.len().min(1024))
        .is_some_and(|head| head.windows(5).any(|w| w == b"%PDF-"))
    {
        return Err(FormatError::Damaged(
            "it does not start with a %PDF- header".into(),
        ));
    }
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(classify)?;
    if doc.is_encrypted() && !doc.is_authenticated() {
        // Most "protected" PDFs only restrict copying and printing: the user password is empty.
        if !doc.authenticate(b"").unwrap_or(false) {
            return Err(FormatError::Encrypted);
        }
    }
    let pages = doc.page_count().map_err(classify)?;
    if pages == 0 {
        return Err(FormatError::Damaged("it has no pages".into()));
    }
    let mut runs = Vec::with_capacity(pages);
    let mut failed = Vec::new();
    let mut first_error = None;
    for page in 0..pages {
        match page_runs(&doc, page) {
            Ok(r) => runs.push(r),
            Err(pdf_oxide::Error::EncryptedPdf) => return Err(FormatError::Encrypted),
            Err(e) => {
                failed.push(page + 1);
                first_error.get_or_insert_with(|| e.to_string());
                runs.push(layout::PageRuns::default());
            }
        }
    }
    let mut out = TextBuilder::new();
    let mut empty = Vec::new();
    let mut garbled = Vec::new();
    for (page, text) in layout::read(&runs).into_iter().enumerate() {
        out.begin_page();
        let mut visible = 0usize;
        let mut unmapped = 0usize;
        for line in &text.lines {
            for c in line.chars().filter(|c| !c.is_whitespace()) {
                visible += 1;
                if is_unmapped(c) {
                    unmapped += 1;
                }
            }
            if line.contains('\t') {
                out.begin_row();
                for (i, cell) in line.split('\t').enumerate() {
                    if i > 0 {
                        out.cell_separator();
                    }
                    out.push(cell);
                }
                out.end_row();
            } else {
                out.push(line);
                out.end_line();
            }
        }
        for furniture in text.furniture {
            out.furniture(page + 1, furniture);
        }
        if visible == 0 && !failed.contains(&(page + 1)) {
            empty.push(page + 1);
        } else if unmapped as f64 > visible as f64 * GARBLED_SHARE {
            garbled.push(page + 1);
        }
        out.end_page();
    }
    if failed.len() == pages {
        return Err(FormatError::Damaged(first_error.unwrap_or_default()));
    }
    if empty.len() + failed.len() == pages {
        return Err(FormatError::NoTextLayer { pages });
    }
    if !empty.is_empty() {
        out.warn(format!(
            "page(s) {} have no text layer (images only?): their text is missing; OCR the PDF to get it",
            list(&empty)
        ));
    }
    if !garbled.is_empty() {
        out.warn(format!(
            "page(s) {} use fonts without a Unicode mapping: their text may be garbled",
            list(&garbled)
        ));
    }
    if !failed.is_empty() {
        out.warn(format!(
            "page(s) {} could not be read ({}): their text is missing",
            list(&failed),
            first_error.unwrap_or_default()
        ));
    }
    let (text, structure) = out.finish();
    Ok(Extracted {
        text,
        structure,
        encoding: "PDF".into(),
        extractor: EXTRACTOR,
    })
}

/// A page's text runs, pagination artifacts apart, and its height.
#[cfg(feature = "pdf")]
fn page_runs(
    doc: &pdf_oxide::PdfDocument,
    page: usize,
) -> Result<layout::PageRuns, pdf_oxide::Error> {
    let spans = doc.extract_spans(page)?;
    let (_, bottom, _, top) = doc.get_page_media_box(page)?;
    let mut runs = layout::PageRuns {
        height: (top - bottom).abs(),
        ..layout::PageRuns::default()
    };
    for span in spans {
        let run = layout::Run {
            text: crate::document::normalize_line_endings(&span.text).replace('\n', " "),
            x0: span.bbox.x,
            x1: span.bbox.x + span.bbox.width,
            y0: span.bbox.y - bottom,
            y1: span.bbox.y - bottom + span.bbox.height,
            size: span
                .font_size
                .max(span.bbox.height.min(span.font_size * 2.0))
                .max(1.0),
            seq: span.sequence,
        };
        if span.artifact_type.is_some() {
            runs.artifacts.push(run);
        } else {
            runs.runs.push(run);
        }
    }
    Ok(runs)
}

#[cfg(feature = "pdf")]
fn classify(e: pdf_oxide::Error) -> FormatError {
    match e {
        pdf_oxide::Error::EncryptedPdf => FormatError::Encrypted,
        other => FormatError::Damaged(other.to_string()),
    }
}

#[cfg(feature = "pdf")]
/// Characters a text layer yields for glyphs it could not map to Unicode.
fn is_unmapped(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xFFFD | 0xF0000..=0x10FFFF)
}

#[cfg(feature = "pdf")]
fn list(pages: &[usize]) -> String {
    let shown: Vec<String> = pages.iter().take(20).map(usize::to_string).collect();
    let more = pages.len().saturating_sub(20);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
