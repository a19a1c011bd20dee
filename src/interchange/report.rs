//! The report, in Markdown and as a self-contained HTML page: what an analyst sends a colleague.
//!
//! For each document: a summary line; figures as a table with their normalised values and
//! units; commitments as a table with actor, deadline and target; entities grouped by type with
//! how often each name is mentioned. Suggestions (when included) are marked *suggested*;
//! annotations whose place must be checked or that are orphaned are marked too. The report
//! holds no time stamp, so the same annotations always give the same report.

use super::{ExportDoc, Record, ReportTable, Status, format_number};
use crate::annotation::anchor::AnchorState;
use crate::annotation::{EntityType, Kind, Label};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A figure's value for people: thousands separated (`41,250,000,000`), fractions as they are.
pub fn human_number(v: f64) -> String {
    let s = format_number(v);
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    if digits.contains(['e', 'E']) {
        return s;
    }
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The plural heading of an entity type.
fn type_heading(t: EntityType) -> &'static str {
    match t {
        EntityType::Org => "Organisations",
        EntityType::Place => "Places",
        EntityType::Person => "People",
        EntityType::Work => "Plans, programmes and works",
    }
}

/// A short marker for records that are not plain confirmed annotations.
fn marker(r: &Record) -> &'static str {
    match (r.status, r.annotation.anchor) {
        (Status::Suggestion, _) => "suggested",
        (_, AnchorState::Orphaned) => "orphaned: not found in the current text",
        (_, AnchorState::Check) => "position to check",
        _ => "",
    }
}

fn summary(d: &ExportDoc<'_>) -> String {
    let count = |k: Kind| {
        d.records
            .iter()
            .filter(|r| r.annotation.kind() == k)
            .count()
    };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = format!(
        "{}: {}, {}, {}.",
        plural(d.records.len(), "annotation", "annotations"),
        plural(count(Kind::Figure), "figure", "figures"),
        plural(count(Kind::Entity), "entity", "entities"),
        plural(count(Kind::Commitment), "commitment", "commitments"),
    );
    let suggested = d
        .records
        .iter()
        .filter(|r| r.status == Status::Suggestion)
        .count();
    if suggested > 0 {
        s.push_str(&format!(
            " {suggested} of them are suggestions, not yet reviewed."
        ));
    }
    let orphaned = d
        .records
        .iter()
        .filter(|r| r.annotation.anchor == AnchorState::Orphaned)
        .count();
    if orphaned > 0 {
        s.push_str(&format!(
            " {orphaned} could not be found in the current text."
        ));
    }
    s
}

/// A table: headers and rows of cells, with right-aligned columns marked.
struct Table {
    headers: Vec<String>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

fn names(headers: &[&str]) -> Vec<String> {
    headers.iter().map(|h| (*h).to_owned()).collect()
}

/// The report's content, independent of the markup.
struct Section {
    title: String,
    summary: String,
    figures: Table,
    commitments: Table,
    /// (heading, names with mention counts)
    entities: Vec<(String, Vec<(String, usize)>)>,
}

fn sections(docs: &[ExportDoc<'_>]) -> Vec<Section> {
    docs.iter()
        .map(|d| {
            // A Section column only where the document has an outline.
            let sectioned = d
                .records
                .iter()
                .any(|r| !d.section(&r.annotation).is_empty());
            let mut figures = Table {
                headers: names(&["#", "Figure", "Value", "Unit", "Section", "Note"]),
                right: vec![true, false, true, false, false, false],
                rows: Vec::new(),
            };
            let mut commitments = Table {
                headers: names(&[
                    "#",
                    "Commitment",
                    "Actor",
                    "Deadline",
                    "Target",
                    "Section",
                    "Note",
                ]),
                right: vec![true, false, false, false, false, false, false],
                rows: Vec::new(),
            };
            let mut entities: BTreeMap<EntityType, BTreeMap<String, usize>> = BTreeMap::new();
            for r in &d.records {
                let a = &r.annotation;
                let mark = marker(r);
                let text = if mark.is_empty() {
                    a.quote.clone()
                } else {
                    format!("{} ({mark})", a.quote)
                };
                match &a.label {
                    Label::Figure { value, unit } => {
                        let n = figures.rows.len() + 1;
                        figures.rows.push(vec![
                            n.to_string(),
                            text,
                            value.map(human_number).unwrap_or_default(),
                            unit.clone(),
                            d.section(a),
                            a.note.clone(),
                        ]);
                    }
                    Label::Commitment {
                        actor,
                        deadline,
                        target,
                    } => {
                        let n = commitments.rows.len() + 1;
                        commitments.rows.push(vec![
                            n.to_string(),
                            text,
                            actor.clone(),
                            deadline.clone(),
                            target.clone(),
                            d.section(a),
                            a.note.clone(),
                        ]);
                    }
                    Label::Entity { entity_type } => {
                        *entities
                            .entry(*entity_type)
                            .or_default()
                            .entry(a.quote.clone())
                            .or_default() += 1;
                    }
                }
            }
            if !sectioned {
                for table in [&mut figures, &mut commitments] {
                    let column = table.headers.len() - 2;
                    table.headers.remove(column);
                    table.right.remove(column);
                    for row in &mut table.rows {
                        row.remove(column);
                    }
                }
            }
            let entities = entities
                .into_iter()
                .map(|(t, names)| {
                    let mut names: Vec<(String, usize)> = names.into_iter().collect();
                    names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                    let mentions: usize = names.iter().map(|(_, n)| n).sum();
                    let heading = format!(
                        "{} ({} {}, {} {})",
                        type_heading(t),
                        names.len(),
                        if names.len() == 1 { "name" } else { "names" },
                        mentions,
                        if mentions == 1 { "mention" } else { "mentions" }
                    );
                    (heading, names)
                })
                .collect();
            Section {
                title: d.name().to_owned(),
                summary: summary(d),
                figures,
                commitments,
                entities,
            }
        })
        .collect()
}

fn title(docs: &[ExportDoc<'_>]) -> String {
    match docs {
        [one] => format!("Annotations of {}", one.name()),
        _ => format!("Annotations of {} reports", docs.len()),
    }
}

/// Escapes text for a Markdown table cell or paragraph.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn md_table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "| {} |", t.headers.join(" | "));
    let aligns: Vec<&str> = t
        .right
        .iter()
        .map(|r| if *r { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", aligns.join("|"));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| md_escape(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn appendix_table(t: &ReportTable) -> Table {
    Table {
        headers: t.headers.clone(),
        right: vec![false; t.headers.len()],
        rows: t.rows.clone(),
    }
}

/// The Markdown report, with `appendix` after the documents.
pub fn markdown(docs: &[ExportDoc<'_>], appendix: &[ReportTable]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_escape(&title(docs)));
    let many = docs.len() > 1;
    let h = if many { "###" } else { "##" };
    for s in sections(docs) {
        if many {
            let _ = writeln!(out, "## {}\n", md_escape(&s.title));
        }
        let _ = writeln!(out, "{}\n", md_escape(&s.summary));
        let _ = writeln!(out, "{h} Figures\n");
        if s.figures.rows.is_empty() {
            out.push_str("None.\n\n");
        } else {
            md_table(&mut out, &s.figures);
        }
        let _ = writeln!(out, "{h} Commitments\n");
        if s.commitments.rows.is_empty() {
            out.push_str("None.\n\n");
        } else {
            md_table(&mut out, &s.commitments);
        }
        let _ = writeln!(out, "{h} Entities\n");
        if s.entities.is_empty() {
            out.push_str("None.\n\n");
        }
        for (heading, names) in &s.entities {
            let _ = writeln!(out, "{h}# {}\n", md_escape(heading));
            for (name, n) in names {
                let _ = writeln!(out, "- {} ×{n}", md_escape(name));
            }
            out.push('\n');
        }
    }
    for t in appendix {
        let _ = writeln!(out, "## {}\n", md_escape(&t.title));
        md_table(&mut out, &appendix_table(t));
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn html_table(out: &mut String, t: &Table) {
    out.push_str("<table>\n<thead><tr>");
    for (h, r) in t.headers.iter().zip(&t.right) {
        let class = if *r { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", html_escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (c, r) in row.iter().zip(&t.right) {
            let class = if *r { " class=\"num\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", html_escape(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}\
table{border-collapse:collapse;margin:0.5rem 0 1.5rem;width:100%}\
th,td{border:1px solid #ccc;padding:0.3rem 0.5rem;text-align:left;vertical-align:top}\
th{background:#f3f3f3}.num{text-align:right;font-variant-numeric:tabular-nums}\
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:1px solid #ddd}h3{font-size:1.1rem}\
ul{columns:2}";

/// The HTML report: one page with its style inside, no external resources; `appendix` after the
/// documents.
pub fn html(docs: &[ExportDoc<'_>], appendix: &[ReportTable]) -> String {
    let mut out = String::new();
    let title = html_escape(&title(docs));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    let many = docs.len() > 1;
    let (h, hh) = if many { ("h3", "h4") } else { ("h2", "h3") };
    for s in sections(docs) {
        out.push_str("<section>\n");
        if many {
            let _ = writeln!(out, "<h2>{}</h2>", html_escape(&s.title));
        }
        let _ = writeln!(out, "<p>{}</p>", html_escape(&s.summary));
        let _ = writeln!(out, "<{h}>Figures</{h}>");
        if s.figures.rows.is_empty() {
            out.push_str("<p>None.</p>\n");
        } else {
            html_table(&mut out, &s.figures);
        }
        let _ = writeln!(out, "<{h}>Commitments</{h}>");
        if s.commitments.rows.is_empty() {
            out.push_str("<p>None.</p>\n");
        } else {
            html_table(&mut out, &s.commitments);
        }
        let _ = writeln!(out, "<{h}>Entities</{h}>");
        if s.entities.is_empty() {
            out.push_str("<p>None.</p>\n");
        }
        for (heading, names) in &s.entities {
            let _ = writeln!(out, "<{hh}>{}</{hh}>\n<ul>", html_escape(heading));
            for (name, n) in names {
                let _ = writeln!(out, "<li>{} ×{n}</li>", html_escape(name));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
    for t in appendix {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", html_escape(&t.title));
        html_table(&mut out, &appendix_table(t));
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_for_people() {
        assert_eq!(human_number(41_250_000_000.0), "41,250,000,000");
        assert_eq!(human_number(0.9), "0.9");
        assert_eq!(human_number(-1234.5), "-1,234.5");
        assert_eq!(human_number(280.0), "280");
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(md_escape("a|b\nc*"), "a\\|b c\\*");
    }
}
