//! Markdown, shown as readable text: the markup is gone and the structure stays.
//!
//! Parsed with [pulldown-cmark](https://docs.rs/pulldown-cmark) (CommonMark plus tables,
//! strikethrough, task lists, footnotes and front matter). Headings keep their text on a line of
//! their own (`#` removed, recorded as headings); emphasis, code and link markers are removed
//! (a link keeps its text, an image its alt text); list items start with `• ` or their number
//! (`1. `), nested items are indented by two spaces per level; block quotes lose their `>`;
//! code blocks are kept verbatim; table rows are one line with cells separated by tabs; source
//! line breaks inside a paragraph are kept (joining Chinese lines with a space would insert a
//! character that is not there). Blocks are separated by one empty line. Raw HTML is reduced to
//! its text; front matter is dropped.

use super::builder::TextBuilder;
use super::{Extracted, FormatError};
use crate::document::normalize_line_endings;
use encoding_rs::Encoding;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The extractor's name and version, recorded in sidecars. Bump when the output changes.
pub const EXTRACTOR: &str = "gloss-markdown 1";

/// Decodes a Markdown file and renders it as readable text.
pub(crate) fn extract(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<Extracted, FormatError> {
    let (source, encoding) = super::text::decode(bytes, forced)?;
    let source = normalize_line_endings(&source);
    let (text, structure) = render(&source).finish();
    Ok(Extracted {
        text,
        structure,
        encoding: encoding.name().to_owned(),
        extractor: EXTRACTOR,
    })
}

/// A list being written: the next number for an ordered list.
struct List {
    next: Option<u64>,
}

fn render(source: &str) -> TextBuilder {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = TextBuilder::new();
    let mut lists: Vec<List> = Vec::new();
    // Blocks written in the current list item (a second paragraph starts a new line).
    let mut item_blocks: Vec<usize> = Vec::new();
    let mut in_metadata = false;
    let mut in_code_block = false;
    let mut first_cell = true;
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    if let Some(blocks) = item_blocks.last_mut() {
                        if *blocks > 0 {
                            out.end_line();
                            indent(&mut out, lists.len());
                        }
                        *blocks += 1;
                    } else {
                        out.blank_line();
                    }
                }
                Tag::Heading { level, .. } => {
                    out.blank_line();
                    out.begin_heading(heading_level(level));
                }
                Tag::BlockQuote(_) | Tag::HtmlBlock | Tag::FootnoteDefinition(_)
                    if item_blocks.is_empty() =>
                {
                    out.blank_line();
                    if let Tag::FootnoteDefinition(label) = tag {
                        out.push(&format!("[{label}] "));
                    }
                }
                Tag::CodeBlock(_) => {
                    in_code_block = true;
                    if item_blocks.is_empty() {
                        out.blank_line();
                    } else {
                        out.end_line();
                    }
                }
                Tag::List(start) => {
                    if lists.is_empty() {
                        out.blank_line();
                    } else {
                        out.end_line();
                    }
                    lists.push(List { next: start });
                }
                Tag::Item => {
                    out.end_line();
                    indent(&mut out, lists.len().saturating_sub(1));
                    let marker = match lists.last_mut() {
                        Some(List { next: Some(n) }) => {
                            let marker = format!("{n}. ");
                            *n = n.saturating_add(1);
                            marker
                        }
                        _ => "• ".to_owned(),
                    };
                    out.push(&marker);
                    item_blocks.push(0);
                }
                Tag::Table(_) => out.blank_line(),
                Tag::TableHead | Tag::TableRow => {
                    out.begin_row();
                    first_cell = true;
                }
                Tag::TableCell => {
                    if !first_cell {
                        out.push_char('\t');
                    }
                    first_cell = false;
                }
                Tag::MetadataBlock(_) => in_metadata = true,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.end_line(),
                TagEnd::Heading(_) => out.end_heading(),
                TagEnd::BlockQuote(_) | TagEnd::HtmlBlock | TagEnd::FootnoteDefinition => {
                    if item_blocks.is_empty() {
                        out.blank_line();
                    } else {
                        out.end_line();
                    }
                }
                TagEnd::CodeBlock => {
                    in_code_block = false;
                    if item_blocks.is_empty() {
                        out.blank_line();
                    } else {
                        out.end_line();
                    }
                }
                TagEnd::List(_) => {
                    lists.pop();
                    if lists.is_empty() {
                        out.blank_line();
                    } else {
                        out.end_line();
                    }
                }
                TagEnd::Item => {
                    item_blocks.pop();
                    out.end_line();
                }
                TagEnd::Table => out.blank_line(),
                TagEnd::TableHead | TagEnd::TableRow => out.end_row(),
                TagEnd::MetadataBlock(_) => in_metadata = false,
                _ => {}
            },
            Event::Text(text) => {
                if in_metadata {
                    continue;
                }
                if in_code_block {
                    // Keep the code's lines; its final line break is the block's.
                    out.push(text.strip_suffix('\n').unwrap_or(&text));
                    if text.ends_with('\n') {
                        out.push_char('\n');
                    }
                } else {
                    out.push(&text);
                }
            }
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                out.push(&text);
            }
            Event::Html(html) => {
                let text = super::html::fragment_text(&html);
                out.push(&text);
            }
            Event::InlineHtml(_) => {}
            Event::FootnoteReference(label) => out.push(&format!("[{label}]")),
            Event::SoftBreak | Event::HardBreak => {
                out.push_char('\n');
                indent(&mut out, lists.len());
            }
            Event::Rule => out.blank_line(),
            Event::TaskListMarker(done) => out.push(if done { "[x] " } else { "[ ] " }),
        }
    }
    out
}

fn indent(out: &mut TextBuilder, levels: usize) {
    for _ in 0..levels.min(16) {
        out.push("  ");
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(md: &str) -> String {
        render(md).finish().0
    }

    #[test]
    fn markup_is_removed_and_structure_kept() {
        let md = "# 标题\n\n正文**加粗**与`代码`，[链接](http://x.example)。\n第二行\n\n- 甲\n- 乙\n  - 丙\n\n1. 一\n2. 二\n\n> 引用\n";
        assert_eq!(
            text(md),
            "标题\n\n正文加粗与代码，链接。\n第二行\n\n• 甲\n• 乙\n  • 丙\n\n1. 一\n2. 二\n\n引用\n"
        );
        let (_, s) = render(md).finish();
        assert_eq!(s.headings.len(), 1);
        assert_eq!(s.headings[0].range, 0..2);
    }

    #[test]
    fn tables_are_rows_of_tab_separated_cells() {
        let md = "| 区 | 家 |\n|---|---|\n| 青岚 | 19 |\n";
        let (t, s) = render(md).finish();
        assert_eq!(t, "区\t家\n青岚\t19\n");
        assert_eq!(s.table_rows, vec![0..3, 4..9]);
    }

    #[test]
    fn front_matter_is_dropped_and_code_kept() {
        let md = "---\ntitle: x\n---\n\n正文\n\n```\nlet a = 1;\n  b\n```\n";
        assert_eq!(text(md), "正文\n\nlet a = 1;\n  b\n");
    }
}
