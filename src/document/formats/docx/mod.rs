//! Word documents (`.docx`, Office Open XML), read with a zip and an XML library and no Word.
//!
//! The text is `word/document.xml`'s body in order: one paragraph per line (empty paragraphs give
//! at most one empty line), headings (styles named `heading N`/`Title` or with an outline level),
//! list labels computed from `word/numbering.xml` (`（一）`, `1.`, `•`), tables one row per line
//! with cells separated by tabs, text boxes, tracked insertions (tracked deletions and field codes
//! are skipped). Footnote and endnote references become `[1]` and `[i]`, and the notes themselves
//! follow the body, one per line, in reference order.
//!
//! Defensive reading: every part is read through a size cap (a zip bomb or a lying header cannot
//! make it allocate more than [`MAX_PART_BYTES`]), XML nesting is bounded, and malformed XML,
//! unsupported compression and encrypted parts are typed errors.

use super::builder::TextBuilder;
use super::{Extracted, FormatError};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

mod numbering;
use numbering::{Numbering, is_private_use, parse_numbering, to_roman};

/// The extractor's name and version, recorded in sidecars. Bump when the output changes.
pub const EXTRACTOR: &str = "gloss-docx 1";

/// The largest uncompressed size of one part Gloss reads.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// The deepest XML nesting accepted.
const MAX_DEPTH: usize = 1024;

/// The main part that makes a zip a Word document.
pub(crate) const MAIN_PART: &str = "word/document.xml";

/// Whether `bytes` start like a zip archive.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Says what a zip without `word/document.xml` is instead.
fn describe_zip(archive: &zip::ZipArchive<Cursor<&[u8]>>) -> String {
    let what = if archive.index_for_name("xl/workbook.xml").is_some() {
        "an Excel workbook (.xlsx)"
    } else if archive.index_for_name("ppt/presentation.xml").is_some() {
        "a PowerPoint presentation (.pptx)"
    } else if archive.index_for_name("content.xml").is_some() {
        "an OpenDocument file"
    } else {
        "a zip archive"
    };
    format!("{what} without {MAIN_PART}")
}

fn open(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, FormatError> {
    zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| FormatError::Damaged(format!("not a readable zip archive ({e})")))
}

/// Extracts the text of a Word document.
pub(crate) fn extract(bytes: &[u8]) -> Result<Extracted, FormatError> {
    let mut archive = open(bytes)?;
    let Some(document) = read_part(&mut archive, MAIN_PART)? else {
        return Err(FormatError::WrongContentType {
            found: describe_zip(&archive),
        });
    };
    let styles = match read_part(&mut archive, "word/styles.xml")? {
        Some(xml) => parse_styles(&xml)?,
        None => HashMap::new(),
    };
    let numbering = match read_part(&mut archive, "word/numbering.xml")? {
        Some(xml) => parse_numbering(&xml)?,
        None => Numbering::default(),
    };
    let footnotes = match read_part(&mut archive, "word/footnotes.xml")? {
        Some(xml) => parse_notes(&xml, "footnote")?,
        None => HashMap::new(),
    };
    let endnotes = match read_part(&mut archive, "word/endnotes.xml")? {
        Some(xml) => parse_notes(&xml, "endnote")?,
        None => HashMap::new(),
    };

    let mut walker = Walker::new(&styles, numbering);
    walker.walk(&document, MAIN_PART)?;
    let Walker {
        mut out,
        footnote_refs,
        endnote_refs,
        ..
    } = walker;
    for (refs, notes, roman) in [
        (footnote_refs, footnotes, false),
        (endnote_refs, endnotes, true),
    ] {
        if refs.is_empty() {
            continue;
        }
        out.blank_line();
        for (n, id) in refs.iter().enumerate() {
            out.push(&format!("[{}] ", note_label(n + 1, roman)));
            out.push(notes.get(id).map_or("", String::as_str));
            out.end_line();
        }
    }
    let (text, structure) = out.finish();
    Ok(Extracted {
        text,
        structure,
        encoding: "UTF-8".into(),
        extractor: EXTRACTOR,
    })
}

fn note_label(n: usize, roman: bool) -> String {
    if roman {
        to_roman(n).to_lowercase()
    } else {
        n.to_string()
    }
}

/// Reads one part through the size cap; `None` if the archive has no such part.
fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, FormatError> {
    let Some(index) = archive.index_for_name(name) else {
        return Ok(None);
    };
    let damaged = |e: &dyn std::fmt::Display| FormatError::Damaged(format!("{name}: {e}"));
    let entry = archive.by_index(index).map_err(|e| damaged(&e))?;
    if entry.size() > MAX_PART_BYTES {
        return Err(FormatError::Oversized {
            part: name.to_owned(),
            limit: MAX_PART_BYTES,
        });
    }
    let mut data = Vec::with_capacity(usize::try_from(entry.size().min(1 << 24)).unwrap_or(0));
    entry
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(|e| damaged(&e))?;
    if data.len() as u64 > MAX_PART_BYTES {
        return Err(FormatError::Oversized {
            part: name.to_owned(),
            limit: MAX_PART_BYTES,
        });
    }
    Ok(Some(data))
}

fn xml_error(part: &str, reader: &Reader<&[u8]>, e: impl std::fmt::Display) -> FormatError {
    FormatError::Damaged(format!(
        "{part} is not well-formed XML at byte {}: {e}",
        reader.buffer_position()
    ))
}

fn reader(xml: &[u8]) -> Reader<&[u8]> {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.trim_text(false);
    config.expand_empty_elements = true;
    config.check_end_names = true;
    reader
}

/// The value of the attribute with local name `local` (any prefix).
fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A paragraph style: its heading level (1-based) and list numbering, if any.
#[derive(Clone, Debug, Default)]
struct Style {
    heading: Option<u8>,
    num: Option<(String, usize)>,
}

fn parse_styles(xml: &[u8]) -> Result<HashMap<String, Style>, FormatError> {
    let part = "word/styles.xml";
    let mut r = reader(xml);
    let mut styles = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    let mut num_id = None;
    let mut ilvl = 0;
    let mut depth = 0usize;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(part));
                }
                match e.local_name().as_ref() {
                    b"style" => {
                        current = attr(&e, b"styleId").map(|id| (id, Style::default()));
                        num_id = None;
                        ilvl = 0;
                    }
                    b"name" => {
                        if let (Some((_, style)), Some(name)) = (&mut current, attr(&e, b"val")) {
                            let name = name.to_ascii_lowercase();
                            if name == "title" {
                                style.heading = style.heading.or(Some(1));
                            } else if let Some(n) = name.strip_prefix("heading ")
                                && let Ok(n) = n.trim().parse::<u8>()
                            {
                                style.heading = style.heading.or(Some(n.clamp(1, 9)));
                            }
                        }
                    }
                    b"outlineLvl" => {
                        if let (Some((_, style)), Some(Ok(n))) =
                            (&mut current, attr(&e, b"val").map(|v| v.parse::<u8>()))
                            && n < 9
                        {
                            style.heading = Some(n + 1);
                        }
                    }
                    b"numId" => num_id = attr(&e, b"val"),
                    b"ilvl" => ilvl = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0),
                    _ => {}
                }
            }
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                if e.local_name().as_ref() == b"style"
                    && let Some((id, mut style)) = current.take()
                {
                    style.num = num_id.take().map(|n| (n, ilvl));
                    styles.insert(id, style);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(xml_error(part, &r, e)),
        }
    }
    Ok(styles)
}

fn too_deep(part: &str) -> FormatError {
    FormatError::Damaged(format!("{part} nests elements more than {MAX_DEPTH} deep"))
}

/// Parses footnotes.xml or endnotes.xml into note id → one-line text.
fn parse_notes(xml: &[u8], element: &str) -> Result<HashMap<String, String>, FormatError> {
    let styles = HashMap::new();
    let mut walker = Walker::new(&styles, Numbering::default());
    walker.note_element = Some(element.as_bytes().to_vec());
    let part = format!("word/{element}s.xml");
    walker.walk(xml, &part)?;
    Ok(walker.notes)
}

/// Walks the body of a WordprocessingML part and writes its text.
struct Walker<'a> {
    out: TextBuilder,
    styles: &'a HashMap<String, Style>,
    numbering: Numbering,
    /// Element names from the root to the current element (local names).
    stack: Vec<Vec<u8>>,
    /// Inside a subtree whose text is not shown (`mc:Fallback`, `w:moveFrom`, …): its depth.
    skip_until: Option<usize>,
    /// Inside `w:t` (or `m:t`): the text events are content.
    in_text: bool,
    para: Paragraph,
    /// Table nesting depth, and whether the current row still has no cell.
    tables: usize,
    first_cell: bool,
    /// Paragraphs written so far in the current table cell.
    cell_paragraphs: usize,
    footnote_refs: Vec<String>,
    endnote_refs: Vec<String>,
    /// When walking a notes part: the note element, the current note's id, and the notes so far.
    note_element: Option<Vec<u8>>,
    note_id: Option<String>,
    notes: HashMap<String, String>,
}

/// Properties of the paragraph being written.
#[derive(Debug, Default)]
struct Paragraph {
    style: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    ilvl: usize,
    /// The paragraph's label and heading are written (lazily, with its first content).
    started: bool,
    /// The paragraph properties are complete (after `w:pPr`, or at the first run).
    props_done: bool,
    label: Option<String>,
    heading: Option<u8>,
}

impl<'a> Walker<'a> {
    fn new(styles: &'a HashMap<String, Style>, numbering: Numbering) -> Walker<'a> {
        Walker {
            out: TextBuilder::new(),
            styles,
            numbering,
            stack: Vec::new(),
            skip_until: None,
            in_text: false,
            para: Paragraph::default(),
            tables: 0,
            first_cell: true,
            cell_paragraphs: 0,
            footnote_refs: Vec::new(),
            endnote_refs: Vec::new(),
            note_element: None,
            note_id: None,
            notes: HashMap::new(),
        }
    }

    fn walk(&mut self, xml: &[u8], part: &str) -> Result<(), FormatError> {
        let mut r = reader(xml);
        loop {
            match r.read_event() {
                Ok(Event::Start(e)) => {
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(too_deep(part));
                    }
                    self.start(&e);
                    self.stack.push(e.local_name().as_ref().to_vec());
                }
                Ok(Event::End(_)) => {
                    let name = self.stack.pop().unwrap_or_default();
                    self.end(&name);
                }
                Ok(Event::Text(t)) => {
                    if self.in_text && self.skip_until.is_none() {
                        let text = t.decode().map_err(|e| xml_error(part, &r, e))?;
                        self.text(&text);
                    }
                }
                Ok(Event::CData(t)) => {
                    if self.in_text && self.skip_until.is_none() {
                        let text = t.decode().map_err(|e| xml_error(part, &r, e))?;
                        self.text(&text);
                    }
                }
                Ok(Event::GeneralRef(g)) => {
                    if self.in_text && self.skip_until.is_none() {
                        let c = match g.resolve_char_ref() {
                            Ok(Some(c)) => Some(c),
                            Ok(None) => match &*g {
                                b"amp" => Some('&'),
                                b"lt" => Some('<'),
                                b"gt" => Some('>'),
                                b"quot" => Some('"'),
                                b"apos" => Some('\''),
                                _ => None,
                            },
                            Err(e) => return Err(xml_error(part, &r, e)),
                        };
                        if let Some(c) = c {
                            self.text(c.encode_utf8(&mut [0; 4]));
                        }
                    }
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Err(xml_error(part, &r, e)),
            }
        }
        Ok(())
    }

    fn parent_is(&self, name: &[u8]) -> bool {
        self.stack.last().is_some_and(|n| n == name)
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        if self.skip_until.is_some() {
            return;
        }
        let local = e.local_name();
        let name = local.as_ref();
        if self.note_element.as_deref() == Some(name) {
            self.note_id = attr(e, b"id");
            self.out = TextBuilder::new();
            return;
        }
        match name {
            b"Fallback" | b"moveFrom" | b"delText" | b"instrText" | b"rPr" | b"sectPr"
            | b"footnoteRef" | b"endnoteRef" | b"commentReference" => {
                self.skip_until = Some(self.stack.len());
            }
            b"p" => {
                self.para = Paragraph::default();
            }
            b"pStyle" if self.parent_is(b"pPr") => self.para.style = attr(e, b"val"),
            b"outlineLvl" if self.parent_is(b"pPr") => {
                self.para.outline = attr(e, b"val")
                    .and_then(|v| v.parse::<u8>().ok())
                    .filter(|&n| n < 9)
                    .map(|n| n + 1);
            }
            b"numId" if self.parent_is(b"numPr") => self.para.num_id = attr(e, b"val"),
            b"ilvl" if self.parent_is(b"numPr") => {
                self.para.ilvl = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
            }
            b"pPr" => {}
            b"t" => self.in_text = true,
            b"tab" | b"ptab" if self.parent_is(b"r") => self.text("\t"),
            b"br" | b"cr" if self.parent_is(b"r") => {
                if self.tables > 0 {
                    self.text(" ");
                } else {
                    self.content_start();
                    self.out.push_char('\n');
                }
            }
            b"noBreakHyphen" if self.parent_is(b"r") => self.text("-"),
            b"sym" if self.parent_is(b"r") => {
                let c = attr(e, b"char")
                    .and_then(|h| u32::from_str_radix(&h, 16).ok())
                    .and_then(char::from_u32)
                    .filter(|c| !is_private_use(*c));
                if let Some(c) = c {
                    self.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            b"footnoteReference" => {
                if let Some(id) = attr(e, b"id") {
                    self.footnote_refs.push(id);
                    let label = format!("[{}]", self.footnote_refs.len());
                    self.text(&label);
                }
            }
            b"endnoteReference" => {
                if let Some(id) = attr(e, b"id") {
                    self.endnote_refs.push(id);
                    let label = format!("[{}]", note_label(self.endnote_refs.len(), true));
                    self.text(&label);
                }
            }
            b"tbl" => {
                if self.tables == 0 {
                    self.out.end_line();
                }
                self.tables += 1;
            }
            b"tr" => {
                if self.tables == 1 {
                    self.out.begin_row();
                } else {
                    self.text(" ");
                }
                self.first_cell = true;
            }
            b"tc" => {
                if self.tables == 1 {
                    if !self.first_cell {
                        self.out.push_char('\t');
                    }
                    self.cell_paragraphs = 0;
                } else if !self.first_cell {
                    self.text(" ");
                }
                self.first_cell = false;
            }
            _ => {
                // Anything else inside a paragraph but outside its properties (a run, a
                // hyperlink) means the properties are complete.
                if !self.para.props_done
                    && self.stack.iter().any(|n| n == b"p")
                    && !self.stack.iter().any(|n| n == b"pPr")
                {
                    self.props_done();
                }
            }
        }
    }

    fn end(&mut self, name: &[u8]) {
        if let Some(depth) = self.skip_until {
            if self.stack.len() == depth {
                self.skip_until = None;
            }
            return;
        }
        if self.note_element.as_deref() == Some(name) {
            let text = std::mem::take(&mut self.out).into_one_line();
            if let Some(id) = self.note_id.take() {
                self.notes.insert(id, text);
            }
            return;
        }
        match name {
            b"t" => self.in_text = false,
            b"pPr" => self.props_done(),
            b"p" => self.end_paragraph(),
            b"tr" if self.tables == 1 => self.out.end_row(),
            b"tbl" => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    self.out.end_line();
                }
            }
            _ => {}
        }
    }

    /// The paragraph's properties are known: compute its heading level and list label.
    fn props_done(&mut self) {
        if self.para.props_done {
            return;
        }
        self.para.props_done = true;
        let style = self
            .para
            .style
            .as_ref()
            .and_then(|id| self.styles.get(id))
            .cloned()
            .unwrap_or_default();
        self.para.heading = self.para.outline.or(style.heading);
        let num = match (&self.para.num_id, style.num) {
            (Some(id), _) => Some((id.clone(), self.para.ilvl)),
            (None, num) => num,
        };
        if let Some((id, ilvl)) = num
            && id != "0"
        {
            self.para.label = self.numbering.next_label(&id, ilvl);
        }
    }

    /// Called before a paragraph's first content: starts its heading and writes its label.
    fn content_start(&mut self) {
        if !self.para.props_done {
            self.props_done();
        }
        if self.para.started {
            return;
        }
        self.para.started = true;
        if self.tables > 0 {
            if self.cell_paragraphs > 0 {
                self.out.push_char(' ');
            }
            self.cell_paragraphs += 1;
        } else if let Some(level) = self.para.heading {
            self.out.begin_heading(level);
        }
        if let Some(label) = self.para.label.take() {
            self.out.push(&label);
        }
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.content_start();
        if self.tables > 0 {
            // One row per line: line breaks inside cells become spaces.
            for c in text.chars() {
                self.out.push_char(if c == '\n' { ' ' } else { c });
            }
        } else {
            self.out.push(text);
        }
    }

    fn end_paragraph(&mut self) {
        if self.tables > 0 {
            self.para = Paragraph::default();
            return;
        }
        if self.para.heading.is_some() && self.para.started {
            self.out.end_heading();
        } else if self.para.started && !self.out.line_is_empty() {
            self.out.end_line();
        } else {
            self.out.blank_line();
        }
        self.para = Paragraph::default();
    }
}

#[cfg(test)]
mod tests {
    use super::numbering::{chinese_legal, chinese_number, format_number, to_letters};
    use super::*;

    #[test]
    fn chinese_and_other_list_numbers() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (105, "一百零五"),
            (110, "一百一十"),
            (2025, "二千零二十五"),
        ];
        for (n, want) in cases {
            assert_eq!(chinese_number(n), want, "{n}");
        }
        assert_eq!(chinese_legal(11), "壹拾壹");
        assert_eq!(to_roman(14), "XIV");
        assert_eq!(to_letters(28), "bb");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
    }
}
