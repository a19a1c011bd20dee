//! JSON Lines export: exactly the gold format of the evaluation set (`doc, kind, start, end,
//! text` and the kind's attributes, empty ones as `null`, in the gold files' key order and
//! spacing) plus `id`, `note`, `status` and `anchor`.
//!
//! The object is built by [`crate::cli::gold_json`], the one definition of the gold format.

use super::ExportDoc;
use crate::cli::gold_json;

/// The gold files' key order; keys not listed follow in alphabetical order.
const KEY_ORDER: [&str; 14] = [
    "doc", "kind", "start", "end", "text", "type", "value", "unit", "actor", "deadline", "target",
    "id", "note", "status",
];

/// The JSON Lines text for these documents, one annotation a line.
pub fn render(docs: &[ExportDoc<'_>]) -> String {
    let mut out = String::new();
    for d in docs {
        for r in &d.records {
            let a = &r.annotation;
            let mut v = gold_json(d.name(), a.start, a.end, &a.quote, &a.label);
            v["id"] = serde_json::json!(a.id.0);
            v["note"] = serde_json::json!(a.note);
            v["status"] = serde_json::json!(r.status.as_str());
            v["anchor"] = serde_json::json!(a.anchor.as_str());
            out.push_str(&ordered_line(&v));
            out.push('\n');
        }
    }
    out
}

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
