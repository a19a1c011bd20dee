//! W3C Web Annotation (JSON-LD), written and read. Writing: one `AnnotationCollection` per document whose first
//! `AnnotationPage` holds every annotation.
//!
//! Each annotation targets the source (a `file:` IRI when the report came from disk, else a
//! `urn:sha256:` IRI of its text) with a `TextQuoteSelector` (exact, prefix, suffix) and a
//! `TextPositionSelector` (code points, as the model requires; left out for orphans, whose
//! position is unknown). Its bodies are `TextualBody`s: the kind as a `tagging` body, each
//! non-empty attribute as a `describing` body `"name: value"` (`type: org`, `unit: 元`,
//! `actor: …`), the note as a `commenting` body, and `status: suggestion` for suggestions.

use super::import::{Incoming, Parsed, json_offset, json_str, select_doc};
use super::{ExportDoc, Status, attributes, is_positioned, label_from};
use crate::annotation::Annotation;
use crate::annotation::{EntityType, Kind};
use crate::document::Document;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The JSON-LD context of the Web Annotation model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The prefix of Gloss annotation ids written as IRIs.
pub const ID_PREFIX: &str = "urn:gloss:annotation:";

/// The collection for one document, pretty-printed.
pub fn render(d: &ExportDoc<'_>) -> String {
    let source = source_iri(d.doc);
    let items: Vec<Value> = d
        .records
        .iter()
        .map(|r| annotation(d.doc, &source, &r.annotation, r.status))
        .collect();
    let collection = json!({
        "@context": CONTEXT,
        "id": format!("{source}#annotations"),
        "type": "AnnotationCollection",
        "label": format!("Gloss annotations of {}", d.name()),
        "total": items.len(),
        "generator": {
            "type": "Software",
            "name": format!("Gloss {}", env!("CARGO_PKG_VERSION")),
        },
        "first": {
            "id": format!("{source}#page1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let mut s = serde_json::to_string_pretty(&collection).unwrap_or_default();
    s.push('\n');
    s
}

fn annotation(doc: &Document, source: &str, a: &Annotation, status: Status) -> Value {
    let mut bodies = vec![json!({
        "type": "TextualBody",
        "purpose": "tagging",
        "value": a.kind().as_str(),
    })];
    for (name, value) in attributes(&a.label) {
        if !value.is_empty() {
            bodies.push(json!({
                "type": "TextualBody",
                "purpose": "describing",
                "value": format!("{name}: {value}"),
            }));
        }
    }
    if !a.note.is_empty() {
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "format": "text/plain",
            "value": a.note,
        }));
    }
    if status == Status::Suggestion {
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": "describing",
            "value": "status: suggestion",
        }));
    }
    let mut selectors = vec![json!({
        "type": "TextQuoteSelector",
        "exact": a.quote,
        "prefix": a.prefix,
        "suffix": a.suffix,
    })];
    if is_positioned(doc, a) {
        selectors.push(json!({
            "type": "TextPositionSelector",
            "start": a.start,
            "end": a.end,
        }));
    }
    json!({
        "id": format!("{ID_PREFIX}{}", percent_encode(&a.id.0)),
        "type": "Annotation",
        "motivation": "tagging",
        "created": a.created.to_string(),
        "modified": a.modified.to_string(),
        "body": bodies,
        "target": {
            "source": source,
            "selector": selectors,
        },
    })
}

/// The IRI of a document: `file:` plus its absolute path when it came from disk, else
/// `urn:sha256:` plus the SHA-256 of its source.
pub fn source_iri(doc: &Document) -> String {
    match doc
        .path
        .as_deref()
        .and_then(|p| std::path::absolute(p).ok())
    {
        Some(p) => {
            let path = p.to_string_lossy().replace('\\', "/");
            let path = if path.starts_with('/') {
                path
            } else {
                format!("/{path}")
            };
            format!("file://{}", percent_encode_path(&path))
        }
        None => format!("urn:sha256:{}", doc.source.sha256),
    }
}

/// The file name at the end of a source IRI, percent-decoded.
pub fn file_name_of_iri(iri: &str) -> String {
    let last = iri.rsplit(['/', ':']).next().unwrap_or(iri);
    percent_decode(last)
}

fn percent_encode_path(s: &str) -> String {
    encode(s, |c| c == '/')
}

/// Percent-encodes everything but unreserved ASCII and non-ASCII characters (an IRI may
/// hold those).
pub fn percent_encode(s: &str) -> String {
    encode(s, |_| false)
}

fn encode(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric()
            || matches!(c, '-' | '.' | '_' | '~')
            || !c.is_ascii()
            || keep(c)
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Decodes `%XX` escapes (invalid escapes are kept as they are).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads a `describing` body value `name: value` back; `None` for other text.
pub fn split_attribute(value: &str) -> Option<(&str, &str)> {
    let (name, rest) = value.split_once(": ")?;
    matches!(
        name,
        "type" | "value" | "unit" | "actor" | "deadline" | "target" | "status"
    )
    .then_some((name, rest))
}

// Reading (import).

/// The annotations in a W3C document: collection (`first` page with `items`), page, array or
/// a single annotation.
fn w3c_items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().flat_map(w3c_items).collect(),
        Value::Object(o) => {
            if let Some(first) = o.get("first") {
                return w3c_items(first);
            }
            if let Some(items) = o.get("items") {
                return w3c_items(items);
            }
            vec![v]
        }
        _ => Vec::new(),
    }
}

fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

pub(super) fn parse(root: &Value, doc_name: &str, problems: &mut Vec<String>) -> Parsed {
    let mut parsed = Parsed::default();
    let mut records = Vec::new();
    for (i, item) in w3c_items(root).into_iter().enumerate() {
        let location = format!("annotation {}", i + 1);
        match incoming_from_w3c(item, location.clone()) {
            Ok(None) => parsed.suggestions += 1,
            Ok(Some((source, incoming))) => {
                records.push((source.map(|s| file_name_of_iri(&s)), incoming))
            }
            Err(e) => problems.push(format!("{location}: {e}")),
        }
    }
    parsed.items = select_doc(records, doc_name, &mut parsed);
    parsed
}

/// One W3C annotation: `Ok(None)` for a suggestion.
fn incoming_from_w3c(
    v: &Value,
    location: String,
) -> Result<Option<(Option<String>, Incoming)>, String> {
    let mut kind: Option<Kind> = None;
    let mut entity_type: Option<String> = None;
    let mut attrs: BTreeMap<String, String> = BTreeMap::new();
    let mut notes = Vec::new();
    for body in as_list(v.get("body")) {
        let value = match body {
            Value::String(s) => s.clone(),
            _ => json_str(body, "value").unwrap_or_default(),
        };
        let purpose = json_str(body, "purpose").unwrap_or_default();
        match purpose.as_str() {
            "tagging" | "classifying" | "identifying" => {
                let lower = value.trim().to_ascii_lowercase();
                if let Some(k) = Kind::parse(&lower) {
                    kind = Some(k);
                } else if EntityType::parse(&lower).is_some() {
                    kind.get_or_insert(Kind::Entity);
                    entity_type = Some(lower);
                }
            }
            "describing" => match split_attribute(&value) {
                Some(("status", s)) => {
                    if Status::parse(s) == Some(Status::Suggestion) {
                        return Ok(None);
                    }
                }
                Some((name, val)) => {
                    attrs.insert(name.to_owned(), val.to_owned());
                }
                None => notes.push(value),
            },
            _ => notes.push(value),
        }
    }
    if let Some(t) = entity_type {
        attrs.entry("type".into()).or_insert(t);
    }
    let kind = kind.ok_or("no tagging body naming figure, entity or commitment")?;
    let label = label_from(kind, &|name| attrs.get(name).cloned())?;
    let target = as_list(v.get("target"))
        .into_iter()
        .next()
        .ok_or("no target")?;
    let source = match target {
        Value::String(s) => Some(s.clone()),
        _ => json_str(target, "source"),
    };
    let (mut start, mut end, mut exact, mut prefix, mut suffix) = (None, None, None, None, None);
    for sel in as_list(target.get("selector")) {
        match json_str(sel, "type").as_deref() {
            Some("TextPositionSelector") => {
                start = Some(json_offset(sel, "start")?);
                end = Some(json_offset(sel, "end")?);
            }
            Some("TextQuoteSelector") => {
                exact = json_str(sel, "exact");
                prefix = json_str(sel, "prefix");
                suffix = json_str(sel, "suffix");
            }
            _ => {}
        }
    }
    if exact.is_none() && start.is_none() {
        return Err("no TextPositionSelector or TextQuoteSelector".into());
    }
    let (start, end) = (start.unwrap_or(0), end.unwrap_or(0));
    if end < start {
        return Err(format!("end {end} is before start {start}"));
    }
    let id = json_str(v, "id").map(|id| match id.strip_prefix(ID_PREFIX) {
        Some(rest) => percent_decode(rest),
        None => id,
    });
    Ok(Some((
        source,
        Incoming {
            id,
            label,
            start,
            end,
            text: exact,
            prefix,
            suffix,
            note: notes.join("\n"),
            location,
        },
    )))
}
