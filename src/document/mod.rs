//! The document: the extracted text every offset refers to, its source, and an index of display
//! blocks that lets the UI and the exporters convert between code points and bytes cheaply.
//!
//! Offsets everywhere in Gloss are **Unicode code points** (Rust `char`s, Python `str` indices)
//! into [`Document::text`], `end` exclusive.
//!
//! Reading a report from disk (sniffing its format, decoding its encoding, extracting its text)
//! is [`loader`]'s business, with one extractor per format in [`formats`].

pub mod formats;
pub mod loader;
pub mod outline;

pub use formats::SourceFormat;

use crate::text::offsets::CharOffsets;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// The longest block, in code points. Lines longer than this (a 10 MB report with no line breaks)
/// are split for display so that laying out one block never costs more than this.
pub const MAX_BLOCK_CHARS: usize = 2048;

/// Where a document came from and how its bytes were turned into text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceInfo {
    /// The source file's name (no folder), as written into exports' `doc` field.
    pub file_name: String,
    /// The source file's length in bytes.
    pub byte_len: u64,
    /// SHA-256 of the source file's bytes, lower-case hex.
    pub sha256: String,
    /// The encoding used to decode the bytes (WHATWG name, e.g. `UTF-8`, `GB18030`, `Big5`).
    pub encoding: String,
    /// The source format, recorded by name (`text`, `markdown`, `html`, `docx`, `pdf`).
    pub format: SourceFormat,
    /// The extractor and its version; extraction is deterministic per version.
    pub extractor: String,
}

/// A heading recovered by a format's extractor (DOCX heading styles, HTML `h1`–`h6`, Markdown `#`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// The heading's code point range in [`Document::text`] (one line, without its line break).
    pub range: Range<usize>,
    /// Its level: 1 for a title or top-level heading, up to 9.
    pub level: u8,
}

/// Structure a format's extractor recovered, as code point ranges into [`Document::text`].
///
/// Plain text has none. The ranges only help display (headings, table rows, pages); offsets
/// still refer to the text alone, so annotations never depend on this.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Structure {
    /// Headings, in document order.
    pub headings: Vec<Heading>,
    /// Table rows (one line each, cells separated by tabs), in document order.
    pub table_rows: Vec<Range<usize>>,
    /// Pages of a paginated source (PDF), in order; empty for other formats.
    pub pages: Vec<Range<usize>>,
    /// Things the user should know about the extraction (e.g. PDF pages with no text layer).
    pub warnings: Vec<String>,
    /// What was taken out of the text as page furniture (running headers and footers, page
    /// numbers of a PDF), so that it is not lost: `(page, text)`, pages from 1.
    pub furniture: Vec<(usize, String)>,
}

/// A run of text shown as one unit: a line of the source, or a piece of an over-long line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// Code point offset of the block's first character.
    pub char_start: usize,
    /// Byte offset of the block's first character in [`Document::text`].
    pub byte_start: usize,
    /// Length in code points, without the line break.
    pub char_len: usize,
    /// Length in bytes, without the line break.
    pub byte_len: usize,
}

impl Block {
    /// The block's code point range (without its line break).
    pub fn chars(&self) -> Range<usize> {
        self.char_start..self.char_start + self.char_len
    }
}

/// An opened report: its text, where it came from, and a block index over the text.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where the file lives, if it came from disk.
    pub path: Option<PathBuf>,
    /// The source's identity and decoding.
    pub source: SourceInfo,
    /// Headings, table rows and pages found by the extractor (empty for plain text).
    pub structure: Structure,
    /// Shared, so background work (learning, suggesting) can read it without copying.
    text: Arc<str>,
    blocks: Vec<Block>,
    offsets: CharOffsets,
}

impl Document {
    /// Builds a document over already extracted, normalised text.
    pub fn new(text: String, source: SourceInfo, path: Option<PathBuf>) -> Document {
        Document {
            path,
            source,
            structure: Structure::default(),
            blocks: index_blocks(&text),
            offsets: CharOffsets::new(&text),
            text: Arc::from(text),
        }
    }

    /// Attaches the structure an extractor recovered.
    pub fn with_structure(mut self, structure: Structure) -> Document {
        self.structure = structure;
        self
    }

    /// Builds an in-memory document from text (for tests and pasted text).
    pub fn from_text(name: &str, text: &str) -> Document {
        let text = normalize_line_endings(text);
        let source = SourceInfo {
            file_name: name.to_owned(),
            byte_len: text.len() as u64,
            sha256: crate::document::loader::sha256_hex(text.as_bytes()),
            encoding: "UTF-8".into(),
            format: SourceFormat::Text,
            extractor: crate::document::loader::EXTRACTOR.into(),
        };
        Document::new(text, source, None)
    }

    /// The full extracted text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The full extracted text, shared (no copy) for work on another thread.
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// The number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.offsets.char_len()
    }

    /// The code point index of the text (see [`CharOffsets`]).
    pub fn offsets(&self) -> &CharOffsets {
        &self.offsets
    }

    /// The display blocks, in order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The text of one block (without its line break).
    pub fn block_text(&self, block: &Block) -> &str {
        &self.text[block.byte_start..block.byte_start + block.byte_len]
    }

    /// The index of the block containing code point `offset` (the last block for the end).
    pub fn block_at(&self, offset: usize) -> usize {
        self.blocks
            .partition_point(|b| b.char_start <= offset)
            .saturating_sub(1)
    }

    /// The byte offset of code point `offset`, clamped to the text's end.
    pub fn byte_of_char(&self, offset: usize) -> usize {
        self.offsets.byte_of_clamped(&self.text, offset)
    }

    /// The code point offset of byte `byte` (of the next code point inside one).
    pub fn char_of_byte(&self, byte: usize) -> usize {
        self.offsets.char_of_byte(&self.text, byte)
    }

    /// The next occurrence of `needle` starting at or after code point `from`, wrapping around
    /// to the start of the text; `None` when there is none (or `needle` is empty).
    pub fn find(&self, needle: &str, from: usize) -> Option<Range<usize>> {
        if needle.is_empty() {
            return None;
        }
        let from_byte = self.byte_of_char(from);
        let byte = self.text[from_byte..]
            .find(needle)
            .map(|b| from_byte + b)
            .or_else(|| self.text.find(needle))?;
        let start = self.char_of_byte(byte);
        Some(start..start + needle.chars().count())
    }

    /// The text between two code point offsets (clamped, swapped if reversed).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        self.offsets.slice_clamped(&self.text, start, end)
    }
}

/// Replaces CRLF and lone CR with LF, and nothing else.
pub fn normalize_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

fn index_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut char_start = 0;
    let mut byte_start = 0;
    for line in text.split('\n') {
        let mut rest = line;
        loop {
            let (piece, taken) = take_block(rest);
            blocks.push(Block {
                char_start,
                byte_start,
                char_len: taken,
                byte_len: piece.len(),
            });
            char_start += taken;
            byte_start += piece.len();
            rest = &rest[piece.len()..];
            if rest.is_empty() {
                break;
            }
        }
        // The line break belongs to no block.
        char_start += 1;
        byte_start += 1;
    }
    blocks
}

/// Takes at most [`MAX_BLOCK_CHARS`] code points, preferring to end after a sentence or clause.
fn take_block(line: &str) -> (&str, usize) {
    let mut count = 0;
    let mut last_break = None;
    for (byte, c) in line.char_indices() {
        if count == MAX_BLOCK_CHARS {
            let (end, n) = last_break.unwrap_or((byte, count));
            return (&line[..end], n);
        }
        count += 1;
        if matches!(
            c,
            '。' | '！' | '？' | '；' | '，' | '.' | '!' | '?' | ';' | ' '
        ) && count > MAX_BLOCK_CHARS / 2
        {
            last_break = Some((byte + c.len_utf8(), count));
        }
    }
    (line, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_are_normalised_and_nothing_else() {
        assert_eq!(normalize_line_endings("a\r\nb\rc\n d \t"), "a\nb\nc\n d \t");
    }

    #[test]
    fn blocks_cover_every_line_and_offsets_are_code_points() {
        // U+2003E is astral: one code point, four UTF-8 bytes, two UTF-16 units.
        let doc = Document::from_text("t.txt", "𠀾溪镇\r\n12家😀\n\n末");
        assert_eq!(doc.text(), "𠀾溪镇\n12家😀\n\n末");
        assert_eq!(doc.char_len(), 11);
        let starts: Vec<_> = doc.blocks().iter().map(|b| b.char_start).collect();
        assert_eq!(starts, vec![0, 4, 9, 10]);
        assert_eq!(doc.slice(4, 7), "12家");
        assert_eq!(doc.slice(7, 8), "😀");
        assert_eq!(doc.block_at(5), 1);
        assert_eq!(doc.block_at(11), 3);
        assert_eq!(doc.byte_of_char(1), 4);
    }

    #[test]
    fn find_returns_code_point_ranges_and_wraps_around() {
        let doc = Document::from_text("t.txt", "𠀾溪镇新增280家，\n全区新增280家。");
        let first = doc.find("280家", 0).unwrap();
        assert_eq!(doc.slice(first.start, first.end), "280家");
        assert_eq!(first, 5..9);
        let second = doc.find("280家", first.end).unwrap();
        assert_eq!(second, 15..19);
        assert_eq!(
            doc.find("280家", second.end),
            Some(first),
            "wraps to the start"
        );
        assert_eq!(doc.find("没有", 0), None);
        assert_eq!(doc.find("", 3), None);
    }

    #[test]
    fn over_long_lines_are_split_into_bounded_blocks() {
        let line = "这是一个很长的句子。".repeat(1000);
        let doc = Document::from_text("long.txt", &line);
        assert!(doc.blocks().len() > 1);
        let mut next = 0;
        for b in doc.blocks() {
            assert!(b.char_len <= MAX_BLOCK_CHARS);
            assert_eq!(b.char_start, next, "blocks of one line are contiguous");
            next = b.char_start + b.char_len;
            assert!(doc.block_text(b).ends_with('。'), "splits after a sentence");
        }
        assert_eq!(next, doc.char_len());
    }
}
