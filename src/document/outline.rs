//! Where a passage sits in its document's outline, as a reader cites it: `第三部分 › （二） › 6.`,
//! and the page of a paginated source (`p. 4`).
//!
//! The outline comes from two places: the headings the extractor found (Word heading styles, HTML
//! `h1`–`h6`, Markdown `#`) and, since most reports of the genre are plain text or PDF, the outline
//! markers that open lines, in the genre's order of rank — `第一章`/`第一部分`/`第一篇`, `第一节`,
//! `一、`, `（一）`, `1.`/`1、`, `（1）`. A marker outranks the ones after it in that list; a
//! heading ranks by its level, above every marker. The path to an offset is the last entry of each
//! rank before it, with deeper entries dropped whenever a higher one starts.

use super::Document;
use regex::Regex;
use std::sync::LazyLock;

/// Line-opening outline markers, highest rank first (rank = index + [`MARKER_RANK`]).
static MARKERS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^第[一二三四五六七八九十百零〇\d]+(?:章|部分|篇)",
        r"^第[一二三四五六七八九十百零〇\d]+节",
        r"^[一二三四五六七八九十]+、",
        r"^[（(][一二三四五六七八九十]+[）)]",
        r"^\d{1,2}(?:[.．、](?:[^\d]|$))",
        r"^[（(]\d{1,2}[）)]",
    ]
    .iter()
    .map(|p| Regex::new(p).unwrap_or_else(|e| panic!("outline marker {p}: {e}")))
    .collect()
});

/// Headings rank 1–9 by level; markers come after.
const MARKER_RANK: u8 = 10;

/// How long a heading's own text may be in a path (longer ones are cut with `…`).
const HEADING_CHARS: usize = 24;

/// The outline entries of a document and its pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outline {
    /// `(start of the entry's line, rank, label)`, in text order.
    entries: Vec<(usize, u8, String)>,
    /// Page starts (code points), for paginated sources.
    pages: Vec<usize>,
}

impl Outline {
    /// The outline of `doc`: one pass over its lines.
    pub fn of(doc: &Document) -> Outline {
        let headings: Vec<(usize, u8)> = doc
            .structure
            .headings
            .iter()
            .map(|h| (h.range.start, h.level.clamp(1, MARKER_RANK - 1)))
            .collect();
        let mut entries = Vec::new();
        let mut line_start = 0usize;
        for line in doc.text().split('\n') {
            let len = line.chars().count();
            let trimmed = line.trim_start_matches(|c: char| c.is_whitespace());
            let lead = len - trimmed.chars().count();
            let at = line_start + lead;
            if let Some(&(_, level)) = headings.iter().find(|(s, _)| (line_start..=at).contains(s))
            {
                let label = marker(trimmed).map_or_else(|| cut(trimmed.trim_end()), |(_, m)| m);
                entries.push((line_start, level, label));
            } else if let Some((rank, label)) = marker(trimmed) {
                entries.push((line_start, rank, label));
            }
            line_start += len + 1;
        }
        Outline {
            entries,
            pages: doc.structure.pages.iter().map(|p| p.start).collect(),
        }
    }

    /// The outline path of the passage starting at `offset` (`""` before the first entry of a
    /// source without pages).
    pub fn section_at(&self, offset: usize) -> String {
        let mut path: Vec<(u8, &str)> = Vec::new();
        let upto = self
            .entries
            .partition_point(|(start, _, _)| *start <= offset);
        for (_, rank, label) in &self.entries[..upto] {
            while path.last().is_some_and(|(r, _)| r >= rank) {
                path.pop();
            }
            path.push((*rank, label));
        }
        let mut out: Vec<String> = path.into_iter().map(|(_, l)| l.to_owned()).collect();
        if !self.pages.is_empty() {
            let page = self.pages.partition_point(|start| *start <= offset).max(1);
            out.push(format!("p. {page}"));
        }
        out.join(" › ")
    }
}

/// The marker opening `line` and its rank.
fn marker(line: &str) -> Option<(u8, String)> {
    MARKERS.iter().enumerate().find_map(|(i, re)| {
        let m = re.find(line)?;
        let text = m.as_str();
        // `1.` takes the character after it to tell it from `1.5`; that character is not part
        // of the marker.
        let text = match text.chars().next_back() {
            Some(last) if i == 4 && !matches!(last, '.' | '．' | '、') => {
                &text[..text.len() - last.len_utf8()]
            }
            _ => text,
        };
        Some((MARKER_RANK + i as u8, text.to_owned()))
    })
}

fn cut(text: &str) -> String {
    if text.chars().count() <= HEADING_CHARS {
        text.to_owned()
    } else {
        let head: String = text.chars().take(HEADING_CHARS - 1).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Heading, Structure};

    fn section(doc: &Document, quote: &str) -> String {
        let byte = doc.text().find(quote).unwrap();
        let at = doc.text()[..byte].chars().count();
        Outline::of(doc).section_at(at)
    }

    #[test]
    fn markers_of_the_genre_nest_by_rank() {
        let doc = Document::from_text(
            "plan.txt",
            "前言：总体说明。\n第三部分 重点任务\n一、产业发展\n（一）先进制造业\n\
             1.实施链主企业培育行动。新增企业12家。\n2.推进技术改造，投资1.5亿元。\n\
             （二）数字经济\n（1）建设数据中心，机架2400个。\n二、保障措施\n加强组织领导。\n",
        );
        assert_eq!(section(&doc, "总体说明"), "");
        assert_eq!(section(&doc, "12家"), "第三部分 › 一、 › （一） › 1.");
        assert_eq!(section(&doc, "1.5亿元"), "第三部分 › 一、 › （一） › 2.");
        // A new （二） closes （一） and its items.
        assert_eq!(section(&doc, "2400个"), "第三部分 › 一、 › （二） › （1）");
        assert_eq!(section(&doc, "加强组织"), "第三部分 › 二、");
    }

    #[test]
    fn numbers_at_a_line_start_are_not_markers() {
        let doc = Document::from_text("t.txt", "一、目标\n1.5倍的增速。\n2024年完成。\n");
        assert_eq!(section(&doc, "倍的"), "一、");
        assert_eq!(section(&doc, "完成"), "一、");
    }

    #[test]
    fn headings_rank_above_markers_and_pages_are_added() {
        let text = "总体要求\n一、目标\n新增企业12家。\n\u{c}\n保障措施\n经费2.6亿元。\n";
        let heading = |s: usize, e: usize| Heading {
            range: s..e,
            level: 1,
        };
        let structure = Structure {
            headings: vec![heading(0, 4), heading(21, 25)],
            pages: vec![0..18, 21..33],
            ..Structure::default()
        };
        let doc = Document::from_text("t.pdf", text).with_structure(structure);
        assert_eq!(section(&doc, "12家"), "总体要求 › 一、 › p. 1");
        assert_eq!(section(&doc, "2.6亿元"), "保障措施 › p. 2");
    }
}
