//! The text builder every structured extractor (DOCX, HTML, Markdown, PDF) writes into: it
//! counts code points as it goes, so headings, table rows and pages are recorded as code point
//! ranges of the final text, and it enforces the layout rules shared by all formats — one block
//! per line, at most one empty line in a row, no control characters, one final line break.

use crate::document::{Heading, Structure};
use std::ops::Range;

/// Accumulates extracted text and its structure.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    text: String,
    /// Code points in `text`.
    chars: usize,
    /// Code points on the current (last) line.
    line_chars: usize,
    /// An empty line is due before the next content.
    blank_pending: bool,
    /// A collapsed space is due before the next non-space content on this line.
    space_pending: bool,
    /// The pending white space contained a line break (dropped between two CJK characters).
    break_pending: bool,
    /// The last character written.
    last: Option<char>,
    heading: Option<(u8, Option<usize>)>,
    row_start: Option<usize>,
    page_start: Option<usize>,
    structure: Structure,
}

impl TextBuilder {
    pub(crate) fn new() -> TextBuilder {
        TextBuilder::default()
    }

    /// Appends text as is (line breaks in it start new lines). Control characters other than tab,
    /// line feed and form feed are dropped.
    pub(crate) fn push(&mut self, s: &str) {
        for c in s.chars() {
            self.push_char(c);
        }
    }

    /// Appends one character (same rules as [`TextBuilder::push`]).
    pub(crate) fn push_char(&mut self, c: char) {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\x0c') {
            return;
        }
        if c == '\n' {
            self.raw_newline();
            return;
        }
        self.before_content();
        self.last = Some(c);
        self.text.push(c);
        self.chars += 1;
        self.line_chars += 1;
    }

    /// Appends text with HTML white space rules: runs of white space become one space, spaces at
    /// the start and end of a line vanish, and a source line break between two Chinese (wide)
    /// characters vanishes (CSS Text 3 segment break transformation), so a paragraph wrapped in
    /// the source does not gain spaces inside Chinese sentences.
    pub(crate) fn push_collapsing(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\u{a0}') {
                if self.line_chars > 0 {
                    self.space_pending = true;
                    self.break_pending |= matches!(c, '\n' | '\r');
                }
            } else {
                let broke = std::mem::take(&mut self.break_pending);
                if std::mem::take(&mut self.space_pending)
                    && !(broke && self.last.is_some_and(is_wide) && is_wide(c))
                {
                    self.push_char(' ');
                }
                self.push_char(c);
            }
        }
    }

    /// Separates two table cells with a tab (dropping a collapsed space before it).
    pub(crate) fn cell_separator(&mut self) {
        self.space_pending = false;
        self.break_pending = false;
        self.push_char('\t');
    }

    /// Ends the current line if it has content.
    pub(crate) fn end_line(&mut self) {
        self.space_pending = false;
        self.break_pending = false;
        if self.line_chars > 0 {
            self.raw_newline();
        }
    }

    /// Ends the current line and asks for one empty line before the next content.
    pub(crate) fn blank_line(&mut self) {
        self.end_line();
        if self.chars > 0 {
            self.blank_pending = true;
        }
    }

    /// Whether the current line is still empty.
    pub(crate) fn line_is_empty(&self) -> bool {
        self.line_chars == 0
    }

    /// Starts a heading of `level` (1–9); it begins with the next content.
    pub(crate) fn begin_heading(&mut self, level: u8) {
        self.end_line();
        self.heading = Some((level.clamp(1, 9), None));
    }

    /// Ends the current heading (if any) and its line.
    pub(crate) fn end_heading(&mut self) {
        if let Some((level, Some(start))) = self.heading.take() {
            let end = self.chars;
            if end > start {
                self.structure.headings.push(Heading {
                    range: start..end,
                    level,
                });
            }
        }
        self.heading = None;
        self.end_line();
    }

    /// Starts a table row on a new line.
    pub(crate) fn begin_row(&mut self) {
        self.end_line();
        self.flush_blank();
        self.row_start = Some(self.chars);
    }

    /// Ends the current table row and its line.
    pub(crate) fn end_row(&mut self) {
        self.space_pending = false;
        if let Some(start) = self.row_start.take()
            && self.chars > start
        {
            self.structure.table_rows.push(start..self.chars);
        }
        self.end_line();
    }

    /// Starts a page: after the first, pages are separated by a line holding a form feed.
    pub(crate) fn begin_page(&mut self) {
        self.end_line();
        self.blank_pending = false;
        if self.page_start.is_some() || !self.structure.pages.is_empty() {
            self.push_char('\x0c');
            self.raw_newline();
        }
        self.page_start = Some(self.chars);
    }

    /// Ends the current page.
    pub(crate) fn end_page(&mut self) {
        self.end_line();
        self.blank_pending = false;
        if let Some(start) = self.page_start.take() {
            // Without the line break that ends the page's last line.
            let end = if self.chars > start && self.text.ends_with('\n') {
                self.chars - 1
            } else {
                self.chars
            };
            self.structure.pages.push(start..end.max(start));
        }
    }

    /// Records text taken out as page furniture on `page` (from 1).
    pub(crate) fn furniture(&mut self, page: usize, text: String) {
        self.structure.furniture.push((page, text));
    }

    /// Records a warning for the user.
    pub(crate) fn warn(&mut self, warning: String) {
        self.structure.warnings.push(warning);
    }

    /// The text as one line: lines trimmed and joined with spaces (for footnotes).
    pub(crate) fn into_one_line(self) -> String {
        let (text, _) = self.finish();
        text.split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The final text (ending with one line break unless empty) and its structure.
    pub(crate) fn finish(mut self) -> (String, Structure) {
        self.end_heading();
        self.end_row();
        while self.text.ends_with('\n') {
            self.text.pop();
            self.chars -= 1;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let limit = self.chars;
        let clamp = |r: &mut Range<usize>| {
            r.end = r.end.min(limit);
            r.start = r.start.min(r.end);
        };
        for h in &mut self.structure.headings {
            clamp(&mut h.range);
        }
        self.structure.table_rows.iter_mut().for_each(clamp);
        self.structure.pages.iter_mut().for_each(clamp);
        (self.text, self.structure)
    }

    fn raw_newline(&mut self) {
        self.text.push('\n');
        self.chars += 1;
        self.line_chars = 0;
        self.space_pending = false;
        self.break_pending = false;
        self.last = Some('\n');
    }

    fn flush_blank(&mut self) {
        if std::mem::take(&mut self.blank_pending) && self.chars > 0 && !self.text.ends_with("\n\n")
        {
            if !self.text.ends_with('\n') {
                self.raw_newline();
            }
            self.raw_newline();
        }
    }

    fn before_content(&mut self) {
        if self.line_chars == 0 {
            self.flush_blank();
        }
        if let Some((_, start @ None)) = &mut self.heading {
            *start = Some(self.chars);
        }
    }
}

/// East Asian wide characters: CJK ideographs and punctuation, kana, Hangul, full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_collapse_and_ranges_are_code_points() {
        let mut b = TextBuilder::new();
        b.begin_heading(1);
        b.push("𠀾标题");
        b.end_heading();
        b.blank_line();
        b.blank_line();
        b.push("正文");
        b.begin_row();
        b.push("甲\t乙");
        b.end_row();
        let (text, s) = b.finish();
        assert_eq!(text, "𠀾标题\n\n正文\n甲\t乙\n");
        assert_eq!(s.headings[0].range, 0..3);
        assert_eq!(s.table_rows, vec![8..11]);
    }

    #[test]
    fn collapsing_drops_edge_spaces_and_controls() {
        let mut b = TextBuilder::new();
        b.push_collapsing("  a \n\t b\u{1}c  ");
        b.end_line();
        b.push_collapsing("   ");
        b.push_collapsing("活动。\n  现将 通知\n如下 x\n甲");
        let (text, _) = b.finish();
        assert_eq!(text, "a bc\n活动。现将 通知如下 x 甲\n");
    }

    #[test]
    fn pages_are_separated_by_a_form_feed_line() {
        let mut b = TextBuilder::new();
        for p in ["一", "二"] {
            b.begin_page();
            b.push(p);
            b.end_page();
        }
        let (text, s) = b.finish();
        assert_eq!(text, "一\n\x0c\n二\n");
        assert_eq!(s.pages, vec![0..1, 4..5]);
    }
}
