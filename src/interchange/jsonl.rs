//! JSON Lines, written and read. Writing: exactly the gold format of the evaluation set (`doc, kind, start, end,
//! text` and the kind's attributes, empty ones as `null`, in the gold files' key order and
//! spacing) plus `id`, `note`, `status`, `anchor` and `section` (the annotation's place in the
//! document's outline, see [`crate::document::outline`]).
//!
//! [`gold_json`] is the one definition of the gold format: `gloss suggest` prints its lines with
//! [`gold_line`], exports add their fields to it.
//!
//! Links between annotations follow a document's annotations as `relation` records:
//! `{"doc": …, "kind": "relation", "type": "actor", "from": id, "to": id, "from_text": …,
//! "to_text": …}` (ids as in the annotations' `id`). Readers of the gold format skip them (they
//! have no `start`).

use super::import::{Incoming, Parsed, RawLink, json_offset, json_str, link_by_ids, select_doc};
use super::{ExportDoc, ExportWarning, Format, Status, label_from};
use crate::annotation::{AnnotationId, Kind, Label};
use serde_json::Value;
use std::collections::HashMap;

/// The gold files' key order; keys not listed follow in alphabetical order.
const KEY_ORDER: [&str; 14] = [
    "doc", "kind", "start", "end", "text", "type", "value", "unit", "actor", "deadline", "target",
    "id", "note", "status",
];

/// The JSON Lines text for these documents, one annotation a line, then their links.
pub fn render(docs: &[ExportDoc<'_>], warnings: &mut Vec<ExportWarning>) -> String {
    let mut out = String::new();
    for d in docs {
        let quotes: HashMap<&AnnotationId, &str> = d
            .records
            .iter()
            .map(|r| (&r.annotation.id, r.annotation.quote.as_str()))
            .collect();
        for r in &d.records {
            let a = &r.annotation;
            let mut v = gold_json(d.name(), a.start, a.end, &a.quote, &a.label);
            v["id"] = serde_json::json!(a.id.0);
            v["note"] = serde_json::json!(a.note);
            v["status"] = serde_json::json!(r.status.as_str());
            v["anchor"] = serde_json::json!(a.anchor.as_str());
            v["section"] = serde_json::json!(d.section(a));
            if let Some(c) = d.canonical(a) {
                v["canonical"] = serde_json::json!(c);
            }
            out.push_str(&ordered_line(&v));
            out.push('\n');
        }
        for r in d.links(Format::Jsonl, |_| true, warnings) {
            let v = serde_json::json!({
                "doc": d.name(),
                "kind": RELATION,
                "type": r.kind.as_str(),
                "from": r.from.0,
                "to": r.to.0,
                "from_text": quotes[&r.from],
                "to_text": quotes[&r.to],
            });
            out.push_str(&ordered_line(&v));
            out.push('\n');
        }
    }
    out
}

/// The `kind` of a link record.
const RELATION: &str = "relation";

/// One JSON object on one line, keys in the gold order, separated as Python's `json.dumps`
/// does (`", "` and `": "`), non-ASCII written as is.
pub fn ordered_line(v: &serde_json::Value) -> String {
    let Some(map) = v.as_object() else {
        return v.to_string();
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|k| {
        (
            KEY_ORDER
                .iter()
                .position(|o| o == k)
                .unwrap_or(KEY_ORDER.len()),
            k.as_str(),
        )
    });
    let fields: Vec<String> = keys
        .into_iter()
        .filter_map(|k| {
            map.get(k)
                .map(|value| format!("{}: {}", serde_json::Value::from(k.as_str()), value))
        })
        .collect();
    format!("{{{}}}", fields.join(", "))
}

/// One annotation in the gold JSONL format: doc, kind, start, end, text and the kind's attributes
/// (`type`; `value`, `unit`; `actor`, `deadline`, `target`), empty attributes as null.
pub fn gold_json(
    doc: &str,
    start: usize,
    end: usize,
    text: &str,
    label: &Label,
) -> serde_json::Value {
    let mut v = serde_json::json!({
        "doc": doc,
        "kind": label.kind().as_str(),
        "start": start,
        "end": end,
        "text": text,
    });
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    match label {
        Label::Figure { value, unit } => {
            v["value"] = serde_json::json!(value);
            v["unit"] = serde_json::json!(non_empty(unit));
        }
        Label::Entity { entity_type } => v["type"] = serde_json::json!(entity_type.as_str()),
        Label::Commitment {
            actor,
            deadline,
            target,
        } => {
            v["actor"] = serde_json::json!(non_empty(actor));
            v["deadline"] = serde_json::json!(non_empty(deadline));
            v["target"] = serde_json::json!(non_empty(target));
        }
    }
    v
}

/// One annotation as a line of the gold files (no newline): [`gold_json`] in the gold layout.
pub fn gold_line(doc: &str, start: usize, end: usize, text: &str, label: &Label) -> String {
    ordered_line(&gold_json(doc, start, end, text, label))
}

// Reading (import).

pub(super) fn parse(text: &str, doc_name: &str, problems: &mut Vec<String>) -> Parsed {
    let mut parsed = Parsed::default();
    let mut records = Vec::new();
    let mut links: Vec<(Option<String>, RawLink)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let location = format!("line {}", i + 1);
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = match serde_json::from_str(line) {
            Ok(v @ Value::Object(_)) => v,
            Ok(_) => {
                problems.push(format!("{location}: not a JSON object"));
                continue;
            }
            Err(e) => {
                problems.push(format!("{location}: {e}"));
                continue;
            }
        };
        if json_str(&v, "status").is_some_and(|s| Status::parse(&s) == Some(Status::Suggestion)) {
            parsed.suggestions += 1;
            continue;
        }
        if json_str(&v, "kind").as_deref() == Some(RELATION) {
            match (json_str(&v, "from"), json_str(&v, "to")) {
                (Some(from), Some(to)) => links.push((
                    json_str(&v, "doc"),
                    RawLink {
                        kind: json_str(&v, "type").unwrap_or_default(),
                        from,
                        to,
                    },
                )),
                _ => problems.push(format!("{location}: a relation needs \"from\" and \"to\"")),
            }
            continue;
        }
        match incoming_from_json(&v, location.clone()) {
            Ok(item) => records.push((json_str(&v, "doc"), item)),
            Err(e) => problems.push(format!("{location}: {e}")),
        }
    }
    parsed.items = select_doc(records, doc_name, &mut parsed);
    let ours = |doc: &Option<String>| {
        doc.as_deref()
            .is_none_or(|d| d == doc_name || parsed.renamed_from.as_deref() == Some(d))
    };
    let links: Vec<RawLink> = links
        .into_iter()
        .filter(|(doc, _)| ours(doc))
        .map(|(_, link)| link)
        .collect();
    link_by_ids(&mut parsed, links);
    parsed
}

fn incoming_from_json(v: &Value, location: String) -> Result<Incoming, String> {
    let kind_name = json_str(v, "kind").ok_or("no \"kind\"")?;
    let kind = Kind::parse(&kind_name.to_ascii_lowercase())
        .ok_or_else(|| format!("unknown kind {kind_name:?}: use figure, entity or commitment"))?;
    let start = json_offset(v, "start")?;
    let end = json_offset(v, "end")?;
    if end < start {
        return Err(format!("end {end} is before start {start}"));
    }
    let label = label_from(kind, &|name| json_str(v, name))?;
    Ok(Incoming {
        id: json_str(v, "id").filter(|s| !s.is_empty()),
        label,
        start,
        end,
        text: json_str(v, "text"),
        prefix: None,
        suffix: None,
        note: json_str(v, "note").unwrap_or_default(),
        location,
        fragments: Vec::new(),
        check: None,
    })
}
