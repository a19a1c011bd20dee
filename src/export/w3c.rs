//! W3C Web Annotation export (JSON-LD): one `AnnotationCollection` per document whose first
//! `AnnotationPage` holds every annotation.
//!
//! Each annotation targets the source (a `file:` IRI when the report came from disk, else a
//! `urn:sha256:` IRI of its text) with a `TextQuoteSelector` (exact, prefix, suffix) and a
//! `TextPositionSelector` (code points, as the model requires; left out for orphans, whose
//! position is unknown). Its bodies are `TextualBody`s: the kind as a `tagging` body, each
//! non-empty attribute as a `describing` body `"name: value"` (`type: org`, `unit: 元`,
//! `actor: …`), the note as a `commenting` body, and `status: suggestion` for suggestions.

use super::{ExportDoc, Status, attributes, is_positioned};
use crate::annotation::Annotation;
use crate::document::Document;
use serde_json::{Value, json};

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
