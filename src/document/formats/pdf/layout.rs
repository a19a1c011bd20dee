//! Reading order for a PDF's positioned text: from the text runs of each page (what the content
//! stream draws, with their boxes) to the lines a reader reads.
//!
//! 1. **Rows**: runs whose vertical extents overlap by half the smaller one are one row, read left
//!    to right. Within a row a gap of [`CELL_GAP`] em or more separates pieces (table cells,
//!    columns); a smaller gap is a space only between two Latin letters or digits — never next to
//!    a CJK character or CJK punctuation, where a PDF's gaps are typesetting (LibreOffice's
//!    spacing between Chinese and Latin, justification), not spaces in the text.
//! 2. **Columns**: a vertical strip in the middle of the page that no piece crosses, with text on
//!    both sides in most rows, is a gutter. Rows that cross it (a title) cut the page into bands;
//!    in each band the left column is read before the right one.
//! 3. **Page furniture**: the first and last lines of a page (within [`FURNITURE_BAND`] of its
//!    top or bottom) that recur on at least half of the pages with digits ignored (running
//!    headers, `第3页 共12页`), and lone page numbers there, are taken out of the text and kept
//!    apart, so nothing is lost. Tagged PDFs mark them as pagination artifacts: those go the same
//!    way.
//! 4. **Paragraphs**: a line that reaches its column's right edge continues on the next line when
//!    that line is at the usual line distance, in the same size and not indented: the wrap is
//!    joined (without a space between CJK characters or inside a number, with one between
//!    words). Indented lines, short lines, headings and vertical gaps keep their breaks; so do
//!    sentence ends in a column whose paragraphs are not marked by first-line indents. A
//!    paragraph that runs on at the foot of a column or page continues with the next column's or
//!    page's first line when that is not indented (the continuation joins the page it started
//!    on).
//! 5. **Notes**: a small raised number after text is a footnote mark and reads `[1]`; a line of
//!    smaller type that starts with a number set apart is the note, `[1] …`.
//!
//! Over 700 lines with its tests (the last ~150): the five steps share one model of runs, pieces
//! and lines, and each step is short.

/// A run of text drawn at one place, in PDF points (y grows upwards).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Run {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub y0: f32,
    pub y1: f32,
    pub size: f32,
    /// Its place in the content stream (the order it was drawn in).
    pub seq: usize,
}

/// One page's runs and its height.
#[derive(Clone, Debug, Default)]
pub(crate) struct PageRuns {
    pub runs: Vec<Run>,
    /// Runs a tagged PDF marks as pagination artifacts (running headers, page numbers).
    pub artifacts: Vec<Run>,
    pub height: f32,
}

/// One page as read.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PageText {
    /// The lines in reading order; a line with cells holds tabs between them.
    pub lines: Vec<String>,
    /// Running headers, footers and page numbers taken out of the text.
    pub furniture: Vec<String>,
}

/// A gap of this many ems between runs on one row separates cells or columns.
const CELL_GAP: f32 = 0.8;
/// Lines within this share of the page height from its top or bottom may be page furniture.
const FURNITURE_BAND: f32 = 0.12;
/// A line may be page furniture only among the first or last this many lines of a page.
const FURNITURE_LINES: usize = 2;

/// A piece of a row: runs close enough to be read as one stretch of text.
#[derive(Clone, Debug)]
struct Piece {
    text: String,
    x0: f32,
    x1: f32,
    size: f32,
    /// The content-stream order of its first and last runs.
    first_seq: usize,
    last_seq: usize,
}

/// A line of a column: its pieces (more than one: table cells), with the geometry paragraph
/// joining needs.
#[derive(Clone, Debug)]
struct Line {
    cells: Vec<Piece>,
    x0: f32,
    x1: f32,
    /// Vertical centre.
    y: f32,
    size: f32,
}

impl Line {
    fn is_row(&self) -> bool {
        self.cells.len() > 1
    }

    /// The line's text: cells separated by tabs.
    fn text(&self) -> String {
        let cells: Vec<String> = self.cells.iter().map(|p| tidy(&p.text)).collect();
        cells.join("\t")
    }
}

/// Reads every page: rows, columns and furniture per page (furniture needs all pages), then
/// paragraphs.
pub(crate) fn read(pages: &[PageRuns]) -> Vec<PageText> {
    let laid: Vec<Vec<Vec<Line>>> = pages.iter().map(|p| columns(&rows(&p.runs))).collect();
    let furniture = find_furniture(&laid, pages);
    let mut out: Vec<PageText> = Vec::with_capacity(pages.len());
    // The size of the last stretch's type when its last paragraph runs on (to the next column
    // or page).
    let mut runs_on: Option<f32> = None;
    for (page, (blocks, runs)) in laid.into_iter().zip(pages).enumerate() {
        let mut text = PageText::default();
        for (y, row) in rows(&runs.artifacts) {
            text.furniture.push(line_of(pieces(&row), y).text());
        }
        for (b, block) in blocks.into_iter().enumerate() {
            let kept: Vec<Line> = block
                .into_iter()
                .enumerate()
                .filter_map(|(i, line)| {
                    if furniture.contains(&(page, b, i)) {
                        text.furniture.push(line.text());
                        None
                    } else {
                        Some(line)
                    }
                })
                .collect();
            let Some(mut stretch) = paragraphs(kept) else {
                continue;
            };
            // A paragraph that ran on from the previous column or page takes this stretch's
            // first line.
            let continued = runs_on.is_some_and(|size| {
                stretch.open_start && (stretch.first_size - size).abs() < 0.1 * size
            });
            if continued && !stretch.lines.is_empty() {
                // The paragraph's line so far: on this page, or the last one of an earlier page.
                let last = match text.lines.last_mut() {
                    Some(line) => Some(line),
                    None => out.iter_mut().rev().find_map(|p| p.lines.last_mut()),
                };
                if let Some(last) = last {
                    let first = stretch.lines.remove(0);
                    last.push_str(wrap_joint(last, &first));
                    last.push_str(&first);
                }
            }
            runs_on = stretch.open_end.then_some(stretch.last_size);
            text.lines.extend(stretch.lines);
        }
        text.furniture.retain(|f| !f.is_empty());
        out.push(text);
    }
    out
}

/// Whether a character is set as a full-width (CJK) character: ideographs, kana, hangul, CJK and
/// full-width punctuation, and the quotes and dashes Chinese text uses.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF | 0x2018..=0x201F | 0x2014 | 0x2026)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_wide(c)
}

/// What goes between two stretches of one line `gap` points apart.
fn joint(before: &str, after: &str, gap: f32, size: f32) -> &'static str {
    let (Some(a), Some(b)) = (before.chars().next_back(), after.chars().next()) else {
        return "";
    };
    if a.is_whitespace() || b.is_whitespace() || is_wide(a) || is_wide(b) {
        ""
    } else if gap >= 0.15 * size && (is_word_char(a) || is_word_char(b)) {
        " "
    } else {
        ""
    }
}

/// Drops white space next to a wide character (`以 “ 三送一强 ” 活动`, `2026年 是`) and collapses
/// runs of it.
fn tidy(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|k| chars[k]);
            let after = chars.get(i).copied();
            let keep = before.is_some_and(|c| !is_wide(c)) && after.is_some_and(|c| !is_wide(c));
            if keep {
                out.push(' ');
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Groups runs into rows, top to bottom, each read left to right.
fn rows(runs: &[Run]) -> Vec<(f32, Vec<&Run>)> {
    let mut sorted: Vec<&Run> = runs.iter().filter(|r| !r.text.trim().is_empty()).collect();
    sorted.sort_by(|a, b| (b.y0 + b.y1).total_cmp(&(a.y0 + a.y1)));
    let mut rows: Vec<(f32, f32, Vec<&Run>)> = Vec::new();
    for run in sorted {
        let joined = rows.last_mut().filter(|(top, bottom, _)| {
            let overlap = top.min(run.y1) - bottom.max(run.y0);
            overlap >= 0.5 * (top - bottom).min(run.y1 - run.y0).max(0.1)
        });
        match joined {
            Some((top, bottom, members)) => {
                *top = top.max(run.y1);
                *bottom = bottom.min(run.y0);
                members.push(run);
            }
            None => rows.push((run.y1, run.y0, vec![run])),
        }
    }
    rows.into_iter()
        .map(|(top, bottom, mut members)| {
            members.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            (0.5 * (top + bottom), members)
        })
        .collect()
}

/// Merges a row's runs (left to right) into pieces at gaps under [`CELL_GAP`] ems; a small raised
/// number after text becomes a footnote mark `[n]`.
fn pieces(runs: &[&Run]) -> Vec<Piece> {
    let body = runs.iter().map(|r| r.size).fold(0.0f32, f32::max);
    let mut out: Vec<Piece> = Vec::new();
    for run in runs {
        let text = run.text.as_str();
        let mark = run.size < 0.75 * body
            && text.trim().chars().count() <= 3
            && text.trim().chars().all(|c| c.is_ascii_digit())
            && out.last().is_some_and(|p| run.x0 - p.x1 < 0.5 * body);
        let text = if mark {
            format!("[{}]", text.trim())
        } else {
            text.to_owned()
        };
        match out.last_mut() {
            Some(p) if run.x0 - p.x1 < CELL_GAP * p.size.max(run.size) => {
                let sep = if mark {
                    ""
                } else {
                    joint(&p.text, &text, run.x0 - p.x1, p.size.max(run.size))
                };
                p.text.push_str(sep);
                p.text.push_str(&text);
                p.x1 = p.x1.max(run.x1);
                p.size = p.size.max(if mark { 0.0 } else { run.size });
                p.first_seq = p.first_seq.min(run.seq);
                p.last_seq = p.last_seq.max(run.seq);
            }
            _ => out.push(Piece {
                text,
                x0: run.x0,
                x1: run.x1,
                size: run.size,
                first_seq: run.seq,
                last_seq: run.seq,
            }),
        }
    }
    out
}

/// A gutter: an x that no run crosses, between 30 % and 70 % of the text's width, with text on
/// both sides of it in at least half of the rows, and the left side's text filling most of its
/// width (columns of text do; table cells mostly do not).
fn gutter(rows: &[(f32, Vec<&Run>)]) -> Option<f32> {
    let runs = rows.iter().flat_map(|(_, r)| r);
    let (left, right) = runs.fold((f32::MAX, f32::MIN), |(l, r), p| (l.min(p.x0), r.max(p.x1)));
    if right <= left || rows.len() < 4 {
        return None;
    }
    let width = right - left;
    let centre = (left + right) / 2.0;
    (30..=70)
        .map(|pct| left + width * pct as f32 / 100.0)
        .filter_map(|x| {
            let crossing = rows
                .iter()
                .filter(|(_, r)| r.iter().any(|r| r.x0 < x && r.x1 > x))
                .count();
            let both = rows
                .iter()
                .filter(|(_, r)| r.iter().any(|r| r.x1 <= x) && r.iter().any(|r| r.x0 >= x))
                .count();
            let mut widths: Vec<f32> = rows
                .iter()
                .filter_map(|(_, r)| {
                    let l: Vec<&&Run> = r.iter().filter(|r| r.x1 <= x).collect();
                    let x0 = l.iter().map(|r| r.x0).fold(f32::MAX, f32::min);
                    let x1 = l.iter().map(|r| r.x1).fold(f32::MIN, f32::max);
                    (!l.is_empty()).then_some(x1 - x0)
                })
                .collect();
            widths.sort_by(f32::total_cmp);
            let filled = widths
                .get(widths.len() / 2)
                .is_some_and(|w| *w >= 0.6 * (x - left));
            (crossing * 5 <= rows.len() && both * 2 >= rows.len() && filled)
                .then_some((x, crossing))
        })
        .min_by(|a, b| {
            a.1.cmp(&b.1)
                .then((a.0 - centre).abs().total_cmp(&(b.0 - centre).abs()))
        })
        .map(|(x, _)| x)
}

fn line_of(pieces: Vec<Piece>, y: f32) -> Line {
    Line {
        x0: pieces.first().map_or(0.0, |p| p.x0),
        x1: pieces.last().map_or(0.0, |p| p.x1),
        y,
        size: pieces.iter().map(|p| p.size).fold(0.0, f32::max),
        cells: pieces,
    }
}

/// The page's lines as blocks read in order: one block per column stretch (left, then right),
/// or a single block without a gutter.
fn columns(rows: &[(f32, Vec<&Run>)]) -> Vec<Vec<Line>> {
    let Some(g) = gutter(rows) else {
        return vec![rows.iter().map(|(y, r)| line_of(pieces(r), *y)).collect()];
    };
    let mut blocks: Vec<Vec<Line>> = Vec::new();
    let (mut left, mut right): (Vec<Line>, Vec<Line>) = (Vec::new(), Vec::new());
    let flush = |blocks: &mut Vec<Vec<Line>>, left: &mut Vec<Line>, right: &mut Vec<Line>| {
        for side in [left, right] {
            if !side.is_empty() {
                blocks.push(std::mem::take(side));
            }
        }
    };
    for (y, runs) in rows {
        if runs.iter().any(|r| r.x0 < g && r.x1 > g) {
            flush(&mut blocks, &mut left, &mut right);
            blocks.push(vec![line_of(pieces(runs), *y)]);
            continue;
        }
        let (l, r): (Vec<&Run>, Vec<&Run>) = runs.iter().copied().partition(|r| r.x1 <= g);
        // Each side's own height: the other column's line may sit a little higher or lower.
        let centre = |runs: &[&Run]| {
            let top = runs.iter().map(|r| r.y1).fold(f32::MIN, f32::max);
            let bottom = runs.iter().map(|r| r.y0).fold(f32::MAX, f32::min);
            0.5 * (top + bottom)
        };
        if !l.is_empty() {
            left.push(line_of(pieces(&l), centre(&l)));
        }
        if !r.is_empty() {
            right.push(line_of(pieces(&r), centre(&r)));
        }
    }
    flush(&mut blocks, &mut left, &mut right);
    blocks
}

/// `第3页 共12页` → `第#页共#页`: digits folded, white space dropped.
fn shape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        let c = if c.is_ascii_digit() { '#' } else { c };
        if !(c == '#' && out.ends_with('#')) {
            out.push(c);
        }
    }
    out
}

fn is_page_number(text: &str) -> bool {
    let s = shape(text).to_lowercase();
    let s = s.trim_matches(|c: char| matches!(c, '-' | '—' | '–' | '·' | '•'));
    matches!(
        s,
        "#" | "第#页" | "第#页共#页" | "共#页第#页" | "#/#" | "page#" | "page#of#" | "#of#"
    )
}

/// Page furniture as (page, block, line) positions.
fn find_furniture(
    laid: &[Vec<Vec<Line>>],
    pages: &[PageRuns],
) -> std::collections::HashSet<(usize, usize, usize)> {
    use std::collections::{HashMap, HashSet};
    // The first and last lines of each page near its top or bottom edge.
    let mut candidates: Vec<(usize, usize, usize, String)> = Vec::new();
    for (page, blocks) in laid.iter().enumerate() {
        let height = pages[page].height.max(1.0);
        let mut by_height: Vec<(usize, usize, &Line)> = blocks
            .iter()
            .enumerate()
            .flat_map(|(b, lines)| lines.iter().enumerate().map(move |(i, l)| (b, i, l)))
            .collect();
        by_height.sort_by(|a, b| b.2.y.total_cmp(&a.2.y));
        let top = by_height
            .iter()
            .take(FURNITURE_LINES)
            .filter(|(_, _, l)| l.y >= height * (1.0 - FURNITURE_BAND));
        let bottom = by_height
            .iter()
            .rev()
            .take(FURNITURE_LINES)
            .filter(|(_, _, l)| l.y <= height * FURNITURE_BAND);
        for &(b, i, l) in top.chain(bottom) {
            candidates.push((page, b, i, l.text()));
        }
    }
    let mut pages_with: HashMap<String, HashSet<usize>> = HashMap::new();
    for (page, _, _, text) in &candidates {
        pages_with.entry(shape(text)).or_default().insert(*page);
    }
    let recurring = |text: &str| {
        let n = pages_with.get(&shape(text)).map_or(0, HashSet::len);
        n >= 2 && n * 2 >= laid.len()
    };
    candidates
        .into_iter()
        .filter(|(_, _, _, text)| recurring(text) || is_page_number(text))
        .map(|(p, b, i, _)| (p, b, i))
        .collect()
}

/// Lines that continue the cells of the table row above them (a cell's text wrapped within the
/// cell) are put into those cells. The content stream tells them apart from the next row: a
/// table is drawn cell by cell, so a cell's wrapped line is drawn before the row's later cells,
/// while the next row is drawn after all of them.
fn table_cells(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for line in lines {
        let continues = out.last().is_some_and(|row| {
            let drawn_last = row.cells.iter().map(|c| c.last_seq).max().unwrap_or(0);
            row.is_row()
                && line.cells.iter().all(|c| c.first_seq < drawn_last)
                && line.cells.iter().all(|c| {
                    row.cells
                        .iter()
                        .any(|r| (r.x0 - c.x0).abs() < 0.5 * r.size.max(c.size))
                })
        });
        match out.last_mut() {
            Some(row) if continues => {
                for piece in line.cells {
                    if let Some(cell) = row
                        .cells
                        .iter_mut()
                        .find(|r| (r.x0 - piece.x0).abs() < 0.5 * r.size.max(piece.size))
                    {
                        cell.text.push_str(wrap_joint(&cell.text, &piece.text));
                        cell.text.push_str(&piece.text);
                        cell.last_seq = cell.last_seq.max(piece.last_seq);
                    }
                }
            }
            _ => out.push(line),
        }
    }
    out
}

/// What joins a wrapped line to the text before it: nothing between CJK characters or inside a
/// number, a space between words.
fn wrap_joint(before: &str, after: &str) -> &'static str {
    match (before.chars().next_back(), after.chars().next()) {
        (Some(a), Some(b)) if is_word_char(a) && is_word_char(b) => {
            if a.is_ascii_digit() && b.is_ascii_digit() {
                ""
            } else {
                " "
            }
        }
        _ => "",
    }
}

/// A stretch of a column read into paragraphs, with what joining it to the next stretch needs.
struct Stretch {
    lines: Vec<String>,
    /// Its first line starts at the stretch's left edge (it may continue a paragraph).
    open_start: bool,
    /// Its last line reaches the right edge without ending a paragraph (it may run on).
    open_end: bool,
    first_size: f32,
    last_size: f32,
}

/// Joins the wrapped lines of a column stretch into paragraphs (`None` for no lines).
fn paragraphs(lines: Vec<Line>) -> Option<Stretch> {
    let lines = table_cells(lines);
    let (first, last) = (lines.first()?.clone(), lines.last()?.clone());
    let left = lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let body = lines.iter().map(|l| l.size).fold(0.0f32, f32::max);
    // The usual distance between consecutive lines of each size (a title's lines are further
    // apart than the body's): the lower median, as paragraph gaps are the larger distances.
    let pitch = |size: f32| {
        let mut d: Vec<f32> = lines
            .windows(2)
            .filter(|w| {
                (w[0].size - size).abs() < 0.1 * size && (w[1].size - size).abs() < 0.1 * size
            })
            .map(|w| w[0].y - w[1].y)
            .filter(|d| *d > 0.0)
            .collect();
        d.sort_by(f32::total_cmp);
        d.get(d.len().saturating_sub(1) / 2)
            .copied()
            .unwrap_or(f32::MAX)
    };
    // Whether this column marks paragraphs with first-line indents.
    let indents = lines
        .iter()
        .any(|l| !l.is_row() && l.x0 >= left + 1.5 * l.size && l.x0 <= left + 4.0 * l.size);
    // Where paragraphs are not marked by indents, a line that ends a sentence keeps its break:
    // it may end a paragraph (joining would merge two), and a sentence cut by a wrap is what
    // breaks figures and names.
    let runs_on = |line: &Line, text: &str| {
        let ends_sentence = text
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '。' | '！' | '？' | '；' | '：' | '!' | '?'));
        !line.is_row() && line.x1 >= right - 1.5 * line.size && (indents || !ends_sentence)
    };
    let starts_flush = |line: &Line| !line.is_row() && line.x0 <= left + 0.5 * line.size;
    let mut out: Vec<String> = Vec::new();
    let mut previous: Option<&Line> = None;
    for line in &lines {
        let text = note(line, body);
        let continues = previous.is_some_and(|p| {
            runs_on(p, out.last().map_or("", String::as_str))
                && starts_flush(line)
                && (line.size - p.size).abs() < 0.1 * p.size
                && p.y - line.y <= pitch(p.size) * 1.1
        });
        match out.last_mut() {
            Some(last) if continues => {
                last.push_str(wrap_joint(last, &text));
                last.push_str(&text);
            }
            _ => out.push(text),
        }
        previous = Some(line);
    }
    // One line cannot tell where its column's edges are.
    let several = lines.len() > 1;
    Some(Stretch {
        open_start: several && starts_flush(&first),
        open_end: several && runs_on(&last, out.last().map_or("", String::as_str)),
        first_size: first.size,
        last_size: last.size,
        lines: out,
    })
}

/// A footnote's own line (smaller type, a number set apart at its start) reads `[1] …`.
fn note(line: &Line, body: f32) -> String {
    let text = line.text();
    if line.size >= 0.9 * body {
        return text;
    }
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &text[digits.len()..];
    if digits.is_empty() || digits.len() > 3 || !rest.starts_with(['\t', ' ']) {
        return text;
    }
    format!("[{digits}] {}", rest.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, x0: f32, y: f32, size: f32) -> Run {
        // Full-width characters are one em wide, others half.
        let width: f32 = text
            .chars()
            .map(|c| if is_wide(c) { size } else { size / 2.0 })
            .sum();
        Run {
            text: text.into(),
            x0,
            x1: x0 + width,
            y0: y,
            y1: y + size,
            size,
            seq: 0,
        }
    }

    fn page(runs: Vec<Run>) -> PageRuns {
        PageRuns {
            runs,
            artifacts: Vec::new(),
            height: 600.0,
        }
    }

    #[test]
    fn an_indented_line_follows_the_heading_above_it() {
        // Content-stream order puts the indented first line before its heading.
        let p = page(vec![
            run("第一段第一行写满了整行的文字内容。", 60.0, 480.0, 10.0),
            run("一、总体要求", 40.0, 500.0, 10.0),
        ]);
        let text = read(&[p]);
        assert_eq!(
            text[0].lines,
            vec!["一、总体要求", "第一段第一行写满了整行的文字内容。"]
        );
    }

    #[test]
    fn wraps_are_joined_inside_numbers_and_between_cjk_but_paragraphs_stay() {
        let size = 10.0;
        let p = page(vec![
            run("全年共完成工业投资8.", 60.0, 500.0, size),
            run("22亿元，新增规模以上企业", 40.0, 486.0, size),
            run("36家。", 40.0, 472.0, size),
            run("新的段落", 60.0, 458.0, size),
            run("the report", 40.0, 444.0, size),
        ]);
        // The first two lines reach the right edge (x = 150).
        let text = read(&[p]);
        assert_eq!(
            text[0].lines[0],
            "全年共完成工业投资8.22亿元，新增规模以上企业36家。"
        );
        assert_eq!(text[0].lines[1], "新的段落");
        assert_eq!(text[0].lines[2], "the report");
    }

    #[test]
    fn no_space_is_invented_next_to_chinese() {
        let size = 10.0;
        let p = page(vec![
            run("新密市科工信局", 40.0, 500.0, size),
            run(":", 112.0, 500.0, size),
            run("深入", 118.0, 500.0, size),
            run("以 “ 三送一强 ” 活动为抓手", 40.0, 480.0, size),
            run("the", 40.0, 400.0, size),
            run("plan", 60.0, 400.0, size),
        ]);
        let text = read(&[p]);
        assert_eq!(text[0].lines[0], "新密市科工信局:深入");
        assert_eq!(text[0].lines[1], "以“三送一强”活动为抓手");
        assert_eq!(text[0].lines[2], "the plan");
    }

    #[test]
    fn two_columns_are_read_one_after_the_other_under_a_full_width_title() {
        let size = 10.0;
        let mut runs = vec![run(
            "一个横跨两栏的标题行文字内容很长很长很长很长很长",
            40.0,
            560.0,
            size,
        )];
        for i in 0..6 {
            let y = 540.0 - 14.0 * i as f32;
            runs.push(run(&format!("左栏第{i}行"), 40.0, y, size));
            runs.push(run(&format!("右栏第{i}行"), 200.0, y, size));
        }
        let text = read(&[page(runs)]);
        let lines = &text[0].lines;
        assert!(lines[0].starts_with("一个横跨"));
        let all = lines.join("\n");
        let at = |s: &str| all.find(s).unwrap_or_else(|| panic!("{s} not in {all}"));
        assert!(at("左栏第0行") < at("左栏第5行"), "{all}");
        assert!(at("左栏第5行") < at("右栏第0行"), "{all}");
        assert!(at("右栏第0行") < at("右栏第5行"), "{all}");
    }

    #[test]
    fn running_headers_and_page_numbers_are_taken_out_and_kept() {
        let size = 10.0;
        let pages: Vec<PageRuns> = (1..=3)
            .map(|n| {
                page(vec![
                    run("临江市人民政府办公室文件", 100.0, 580.0, 8.0),
                    run(&format!("正文第{n}页的内容。"), 40.0, 300.0, size),
                    run(&format!("第{n}页 共3页"), 150.0, 20.0, 8.0),
                ])
            })
            .collect();
        let text = read(&pages);
        for (n, page) in text.iter().enumerate() {
            assert_eq!(page.lines, vec![format!("正文第{}页的内容。", n + 1)]);
            assert_eq!(page.furniture.len(), 2, "{:?}", page.furniture);
        }
        // A lone number at the foot of a one-page document is a page number too.
        let one = read(&[page(vec![
            run("正文。", 40.0, 300.0, size),
            run("- 1 -", 150.0, 20.0, 8.0),
        ])]);
        assert_eq!(one[0].lines, vec!["正文。"]);
    }

    #[test]
    fn table_cells_are_separated_by_tabs_and_footnotes_marked() {
        let size = 10.0;
        let p = page(vec![
            run("指标", 40.0, 500.0, size),
            run("2025年", 140.0, 500.0, size),
            run("2026年", 240.0, 500.0, size),
            run("项目建成达产。", 40.0, 480.0, size),
            run("1", 110.0, 484.0, 6.0),
            run("1", 40.0, 40.0, 8.0),
            run("二期总投资8.22亿元。", 52.0, 40.0, 8.0),
        ]);
        let text = read(&[p]);
        assert_eq!(text[0].lines[0], "指标\t2025年\t2026年");
        assert_eq!(text[0].lines[1], "项目建成达产。[1]");
        assert_eq!(text[0].lines[2], "[1] 二期总投资8.22亿元。");
    }
}
