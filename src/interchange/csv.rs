//! CSV export: one row per annotation, RFC 4180 quoting (the `csv` crate), UTF-8, optionally
//! with a byte order mark so that Excel shows Chinese correctly.
//!
//! Columns: `doc, kind, type, start, end, text, value, unit, actor, deadline, target, note,
//! status, id, anchor, section, canonical`. Attributes a kind does not have are empty;
//! `canonical` is an entity's name across the reports, when known.

use super::{ExportDoc, anchor_str, attributes, quote_of};

/// The header row.
pub const COLUMNS: [&str; 17] = [
    "doc",
    "kind",
    "type",
    "start",
    "end",
    "text",
    "value",
    "unit",
    "actor",
    "deadline",
    "target",
    "note",
    "status",
    "id",
    "anchor",
    "section",
    "canonical",
];

/// The CSV bytes for these documents.
pub fn render(docs: &[ExportDoc<'_>], excel_bom: bool) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = Vec::new();
    if excel_bom {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(bytes);
    w.write_record(COLUMNS)?;
    for d in docs {
        for r in &d.records {
            let a = &r.annotation;
            let attrs = attributes(&a.label);
            let attr = |name: &str| {
                attrs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            w.write_record([
                d.name().to_owned(),
                a.kind().as_str().to_owned(),
                attr("type"),
                a.start.to_string(),
                a.end.to_string(),
                quote_of(a).to_owned(),
                attr("value"),
                attr("unit"),
                attr("actor"),
                attr("deadline"),
                attr("target"),
                a.note.clone(),
                r.status.as_str().to_owned(),
                a.id.0.clone(),
                anchor_str(a).to_owned(),
                d.section(a),
                d.canonical(a).unwrap_or_default().to_owned(),
            ])?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
