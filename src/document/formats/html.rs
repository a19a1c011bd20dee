//! HTML pages, shown as their visible text.
//!
//! Tokenised with [html5gum](https://docs.rs/html5gum) (a WHATWG tokenizer: entities and
//! character references decoded, `script`/`style`/`title`/`textarea` read as raw text). Block
//! elements (`p`, `div`, `li`, `tr`, `h1`–`h6`, `br`, and the other HTML block elements) become
//! line breaks; white space collapses as a browser collapses it (except in `pre`); list items
//! start with `• ` or their number; a table row is one line with cells separated by tabs;
//! headings are recorded. Dropped: comments, `script`, `style`, `noscript`, `template`,
//! `title`, `select`, `textarea`, `iframe`, `object`, `svg`, and elements marked `hidden` or
//! styled `display:none` / `visibility:hidden` inline. A saved page keeps its navigation and
//! footer text (they are visible), each link on its own line when the page lays them out as a
//! list.
//!
//! Charset: a BOM decides; else a `<meta charset>` / `<meta http-equiv="Content-Type">` or an
//! XML declaration in the first 4096 bytes (a declaration the bytes contradict gives way to
//! detection); else the plain-text detection (UTF-8, then chardetng). A caller may force one.

use super::builder::TextBuilder;
use super::{Extracted, FormatError};
use encoding_rs::Encoding;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// The extractor's name and version, recorded in sidecars. Bump when the output changes.
pub const EXTRACTOR: &str = "gloss-html 1";

/// How far into the file a charset declaration is looked for.
const PRESCAN_BYTES: usize = 4096;

/// Decodes an HTML file and extracts its visible text.
pub(crate) fn extract(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<Extracted, FormatError> {
    let declared = declared_charset(bytes);
    let (source, encoding) = super::text::decode_with(bytes, forced, declared)?;
    let mut walker = Walker::default();
    walker.walk(&source);
    let (text, mut structure) = walker.out.finish();
    if let Some(declared) = declared
        && forced.is_none()
        && Encoding::for_bom(bytes).is_none()
        && declared != encoding
    {
        structure.warnings.push(format!(
            "the page declares {} but is not valid {}; it was decoded as {}",
            declared.name(),
            declared.name(),
            encoding.name()
        ));
    }
    Ok(Extracted {
        text,
        structure,
        encoding: encoding.name().to_owned(),
        extractor: EXTRACTOR,
    })
}

/// The visible text of an HTML fragment (used for raw HTML blocks inside Markdown).
pub(crate) fn fragment_text(html: &str) -> String {
    let mut walker = Walker::default();
    walker.walk(html);
    let (mut text, _) = walker.out.finish();
    if text.ends_with('\n') {
        text.pop();
    }
    text
}

/// Whether the file starts like an HTML document (a doctype or `<html>`, after an optional
/// BOM, white space, XML declaration and comments).
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let decoded: String = match Encoding::for_bom(head) {
        Some((enc, bom)) => enc
            .decode_without_bom_handling(head.get(bom..).unwrap_or_default())
            .0
            .into_owned(),
        None => String::from_utf8_lossy(head).into_owned(),
    };
    let mut rest = decoded.trim_start_matches('\u{feff}').to_ascii_lowercase();
    loop {
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix("<?xml") {
            match after.find("?>") {
                Some(end) => rest = after[end + 2..].to_owned(),
                None => return false,
            }
        } else if let Some(after) = trimmed.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].to_owned(),
                None => return false,
            }
        } else {
            return trimmed.starts_with("<!doctype html")
                || trimmed.starts_with("<html")
                || trimmed.starts_with("<head");
        }
    }
}

/// The encoding a page declares in its first [`PRESCAN_BYTES`] bytes, if any.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(PRESCAN_BYTES)].to_ascii_lowercase();
    let mut candidates = Vec::new();
    if head.starts_with(b"<?xml") {
        let end = find(&head, b"?>", 0).unwrap_or(head.len());
        if let Some(at) = find(&head[..end], b"encoding", 0) {
            candidates.push(&head[at + b"encoding".len()..end]);
        }
    }
    let mut from = 0;
    while let Some(at) = find(&head, b"<meta", from) {
        let end = find(&head, b">", at).unwrap_or(head.len());
        let tag = &head[at..end];
        if let Some(c) = find(tag, b"charset", 0) {
            candidates.push(&tag[c + b"charset".len()..]);
        }
        from = end;
    }
    candidates.into_iter().find_map(|rest| {
        let label = charset_value(rest)?;
        let encoding = Encoding::for_label(label)?;
        // As browsers do (WHATWG "get an encoding" for meta): UTF-16 means UTF-8 here.
        let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else if encoding == encoding_rs::X_USER_DEFINED {
            encoding_rs::WINDOWS_1252
        } else {
            encoding
        };
        Some(super::text::gbk_as_gb18030(encoding))
    })
}

/// Reads `= "label"` (quotes and spaces optional) after the word `charset`/`encoding`.
fn charset_value(rest: &[u8]) -> Option<&[u8]> {
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| {
            matches!(
                b,
                b'"' | b'\'' | b';' | b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'
            )
        })
        .unwrap_or(rest.len());
    let label = &rest[..end];
    (!label.is_empty()).then_some(label)
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Elements whose content is never shown.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "title", "select", "textarea", "iframe", "object",
    "svg",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "main",
    "menu",
    "nav",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "ul",
    "ol",
];

/// Void elements: they have no end tag and no content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Tokens between an unclosed skipped element and the end of the body are dropped; these end
/// tags end any skip, so a missing end tag cannot swallow more than the rest of the body.
const SKIP_BARRIERS: &[&str] = &["body", "html"];

#[derive(Default)]
struct Walker {
    out: TextBuilder,
    /// Inside a skipped element: its name and how many of that name are open.
    skip: Option<(String, usize)>,
    /// Open `pre` elements.
    pre: usize,
    /// Open tables, whether a row is open in the outermost one, and cells written in it.
    tables: usize,
    row_open: bool,
    cells: usize,
    /// Open lists: the next number of an `ol`, `None` for a `ul`.
    lists: Vec<Option<u64>>,
}

impl Walker {
    fn walk(&mut self, html: &str) {
        let mut emitter = DefaultEmitter::default();
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let hidden = tag.attributes.iter().any(|(k, v)| {
                        let key: &[u8] = k;
                        let value: &[u8] = v;
                        key.eq_ignore_ascii_case(b"hidden") || (key == b"style" && hides(value))
                    });
                    self.start(&name, hidden, tag.self_closing);
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    self.end(&name);
                }
                Token::String(s) => {
                    if self.skip.is_none() {
                        let text = String::from_utf8_lossy(&s);
                        self.text(&text);
                    }
                }
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
    }

    fn start(&mut self, name: &str, hidden: bool, self_closing: bool) {
        let void = VOID.contains(&name);
        if let Some((skipped, open)) = &mut self.skip {
            if skipped == name && !void && !self_closing {
                *open += 1;
            }
            return;
        }
        if (SKIPPED.contains(&name) || hidden) && !void {
            if !self_closing {
                self.skip = Some((name.to_owned(), 1));
            }
            return;
        }
        if let Some(level) = heading(name) {
            if self.in_cell() {
                self.out.push_collapsing(" ");
            } else {
                self.out.begin_heading(level);
            }
            return;
        }
        match name {
            "br" => {
                if self.in_cell() {
                    self.out.push_collapsing(" ");
                } else if self.out.line_is_empty() {
                    self.out.blank_line();
                } else {
                    self.out.end_line();
                }
            }
            "table" => {
                self.block();
                self.tables += 1;
            }
            "tr" if self.tables <= 1 => {
                self.close_row();
                self.out.begin_row();
                self.row_open = true;
                self.cells = 0;
            }
            "td" | "th" if self.tables <= 1 && self.row_open => {
                if self.cells > 0 {
                    self.out.cell_separator();
                }
                self.cells += 1;
            }
            "tr" | "td" | "th" => self.out.push_collapsing(" "),
            "li" => {
                self.block();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}. ");
                        *n = n.saturating_add(1);
                        marker
                    }
                    _ => "• ".to_owned(),
                };
                if !self.in_cell() {
                    self.out.push(&marker);
                }
            }
            "ul" | "menu" | "dir" => {
                self.block();
                self.lists.push(None);
            }
            "ol" => {
                self.block();
                self.lists.push(Some(1));
            }
            "pre" => {
                self.block();
                self.pre += 1;
            }
            _ if BLOCKS.contains(&name) => self.block(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if let Some((skipped, open)) = &mut self.skip {
            if skipped == name {
                *open -= 1;
                if *open == 0 {
                    self.skip = None;
                }
            } else if SKIP_BARRIERS.contains(&name) {
                self.skip = None;
            }
            return;
        }
        if heading(name).is_some() {
            if !self.in_cell() {
                self.out.end_heading();
            }
            return;
        }
        match name {
            "table" => {
                if self.tables == 1 {
                    self.close_row();
                }
                self.tables = self.tables.saturating_sub(1);
                self.block();
            }
            "tr" if self.tables <= 1 => self.close_row(),
            "td" | "th" | "tr" => {}
            "ul" | "ol" | "menu" | "dir" => {
                self.lists.pop();
                self.block();
            }
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                self.block();
            }
            "li" => self.block(),
            _ if BLOCKS.contains(&name) => self.block(),
            _ => {}
        }
    }

    fn in_cell(&self) -> bool {
        self.tables > 0 && self.row_open
    }

    fn close_row(&mut self) {
        if self.row_open {
            self.out.end_row();
            self.row_open = false;
        }
    }

    /// A block boundary: a new line, or a space inside a table cell.
    fn block(&mut self) {
        if self.in_cell() {
            self.out.push_collapsing(" ");
        } else {
            self.out.end_line();
        }
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 && !self.in_cell() {
            self.out.push(text);
        } else {
            self.out.push_collapsing(text);
        }
    }
}

fn heading(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Whether an inline style hides the element.
fn hides(style: &[u8]) -> bool {
    let compact: Vec<u8> = style
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .map(u8::to_ascii_lowercase)
        .collect();
    find(&compact, b"display:none", 0).is_some()
        || find(&compact, b"visibility:hidden", 0).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        let mut w = Walker::default();
        w.walk(html);
        w.out.finish().0
    }

    #[test]
    fn blocks_become_lines_and_hidden_things_vanish() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body>\
            <div>甲 <b>乙</b>\n  丙</div><!-- c --><script>var a='<p>x</p>';</script>\
            <p>1&lt;2&amp;3&nbsp;&#x4E01;</p><ul><li>一</li><li>二</ul><ol><li>a<li>b</ol>\
            <div hidden>h</div><span style='display: none'>s</span>末<br>行</body></html>";
        // The source line break between 乙 and 丙 vanishes (both are Chinese); the space stays.
        assert_eq!(
            text(html),
            "甲 乙丙\n1<2&3 丁\n• 一\n• 二\n1. a\n2. b\n末\n行\n"
        );
    }

    #[test]
    fn tables_without_end_tags_give_one_line_per_row() {
        let html = "<table><tr><th>区<th>家<tr><td><p>青岚</p><td>19</table>后";
        let mut w = Walker::default();
        w.walk(html);
        let (t, s) = w.out.finish();
        assert_eq!(t, "区\t家\n青岚\t19\n后\n");
        assert_eq!(s.table_rows, vec![0..3, 4..9]);
    }

    #[test]
    fn charset_declarations_are_found() {
        let meta =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">";
        assert_eq!(declared_charset(meta), Some(encoding_rs::GB18030));
        assert_eq!(
            declared_charset(b"<meta charset='big5'>"),
            Some(encoding_rs::BIG5)
        );
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding=\"utf-8\"?><html>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(declared_charset(b"<meta name=x>"), None);
    }

    #[test]
    fn an_unclosed_hidden_element_cannot_swallow_the_page_after_the_body() {
        assert_eq!(text("<body><div hidden>x</body>后"), "后\n");
        assert!(looks_like_html(
            b"\xEF\xBB\xBF  <!-- x --><!DOCTYPE html><p>"
        ));
        assert!(!looks_like_html(b"plain <html> later"));
    }
}
