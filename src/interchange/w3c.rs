//! W3C Web Annotation (JSON-LD), written and read. Writing: one `AnnotationCollection` per document whose first
//! `AnnotationPage` holds every annotation.
//!
//! Each annotation targets the source (a `file:` IRI when the report came from disk, else a
//! `urn:sha256:` IRI of its text) with a `TextQuoteSelector` (exact, prefix, suffix) and a
//! `TextPositionSelector` (code points, as the model requires; left out for orphans, whose
//! position is unknown). Its bodies are `TextualBody`s: the kind as a `tagging` body, each
//! non-empty attribute as a `describing` body `"name: value"` (`type: org`, `unit: 元`,
//! `actor: …`, and `section: 一、 › （二）`, its place in the outline), the note as a `commenting`
//! body, and `status: suggestion` for suggestions.

use super::import::{
    ImportOptions, Incoming, Parsed, RawLink, json_offset, json_str, label_of_type, link_by_ids,
    select_doc,
};
use super::{ExportDoc, ExportWarning, Format, Status, attributes, is_positioned, label_from};
use crate::annotation::{Annotation, AnnotationId};
use crate::annotation::{EntityType, Label};
use crate::document::Document;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The JSON-LD context of the Web Annotation model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The prefix of Gloss annotation ids written as IRIs.
pub const ID_PREFIX: &str = "urn:gloss:annotation:";

/// The prefix of link ids written as IRIs.
pub const RELATION_PREFIX: &str = "urn:gloss:relation:";

/// The collection for one document, pretty-printed.
pub fn render(d: &ExportDoc<'_>, warnings: &mut Vec<ExportWarning>) -> String {
    let source = source_iri(d.doc);
    let mut items: Vec<Value> = d
        .records
        .iter()
        .map(|r| annotation(d, &source, &r.annotation, r.status))
        .collect();
    for r in d.links(Format::W3c, |_| true, warnings) {
        items.push(json!({
            "id": format!(
                "{RELATION_PREFIX}{}.{}.{}",
                percent_encode(&r.from.0),
                percent_encode(r.kind.as_str()),
                percent_encode(&r.to.0)
            ),
            "type": "Annotation",
            "motivation": "linking",
            "body": [
                {"type": "TextualBody", "purpose": "tagging", "value": r.kind.as_str()},
                {"id": annotation_iri(&r.to)},
            ],
            "target": annotation_iri(&r.from),
        }));
    }
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

fn annotation(d: &ExportDoc<'_>, source: &str, a: &Annotation, status: Status) -> Value {
    let doc = d.doc;
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
    if let Some(canonical) = d.canonical(a) {
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": "identifying",
            "value": format!("canonical: {canonical}"),
        }));
    }
    let section = d.section(a);
    if !section.is_empty() {
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": "describing",
            "value": format!("section: {section}"),
        }));
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
        "id": annotation_iri(&a.id),
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

/// The IRI of a Gloss annotation.
fn annotation_iri(id: &AnnotationId) -> String {
    format!("{ID_PREFIX}{}", percent_encode(&id.0))
}

/// The annotation id an IRI names: a Gloss IRI gives back its id, any other IRI is the id.
fn id_of_iri(iri: &str) -> String {
    match iri.strip_prefix(ID_PREFIX) {
        Some(rest) => percent_decode(rest),
        None => iri.to_owned(),
    }
}

/// A link read from a `linking` annotation whose target and a body are annotations (IRIs,
/// as strings or `{"id": …}` objects): `None` when it is not such an annotation.
fn link_of(v: &Value) -> Option<RawLink> {
    if json_str(v, "motivation").as_deref() != Some("linking") {
        return None;
    }
    let iri = |x: &Value| match x {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) if !o.contains_key("value") => json_str(x, "id"),
        _ => None,
    };
    let from = as_list(v.get("target")).into_iter().find_map(iri)?;
    let bodies = as_list(v.get("body"));
    let to = bodies.iter().copied().find_map(iri)?;
    let kind = bodies
        .iter()
        .filter(|b| json_str(b, "purpose").as_deref() == Some("tagging"))
        .find_map(|b| json_str(b, "value"))
        .unwrap_or_else(|| "linked".to_owned());
    Some(RawLink {
        kind,
        from: id_of_iri(&from),
        to: id_of_iri(&to),
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

/// Reads W3C annotations. The kind comes from a tagging (or classifying, identifying) body, its
/// value mapped by `options` like a brat type; an annotation with no such body (a highlight or a
/// comment from Hypothesis) takes `--kind`'s label, else it is skipped and counted under the
/// name `(no tag)` or its tag. Text selectors are read at the target and under `refinedBy`; an
/// annotation with none (an image region, a whole page) is counted, not taken (with `--strict`
/// it refuses the file).
pub(super) fn parse(
    root: &Value,
    doc_name: &str,
    options: &ImportOptions,
    problems: &mut Vec<String>,
) -> Parsed {
    let mut parsed = Parsed::default();
    let mut records = Vec::new();
    let mut links = Vec::new();
    for (i, item) in w3c_items(root).into_iter().enumerate() {
        let location = format!("annotation {}", i + 1);
        if let Some(link) = link_of(item) {
            links.push(link);
            continue;
        }
        match incoming_from_w3c(item, location.clone(), options, &mut parsed, problems) {
            Ok(Read::Suggestion) => parsed.suggestions += 1,
            Ok(Read::Skipped) => {}
            Ok(Read::Record(source, incoming)) => {
                records.push((source.map(|s| file_name_of_iri(&s)), *incoming))
            }
            Err(e) => problems.push(format!("{location}: {e}")),
        }
    }
    parsed.items = select_doc(records, doc_name, &mut parsed);
    link_by_ids(&mut parsed, links);
    parsed
}

/// What one W3C annotation gives.
enum Read {
    /// A record, with the target's source IRI.
    Record(Option<String>, Box<Incoming>),
    /// A Gloss suggestion: not an annotation yet.
    Suggestion,
    /// Skipped (counted in [`Parsed::skipped`]) or refused (in `problems`): no tag Gloss maps.
    Skipped,
}

/// Text selectors of a target: those listed and those they are refined by. Returns them with
/// whether they refine another selector that is not a text one (a position inside an XPath or
/// CSS fragment: relative to that fragment, not to the text).
fn text_selectors(target: &Value) -> Vec<(&Value, bool)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Value, bool)> = as_list(target.get("selector"))
        .into_iter()
        .map(|s| (s, false))
        .collect();
    while let Some((sel, inside_fragment)) = stack.pop() {
        let ty = json_str(sel, "type").unwrap_or_default();
        let is_text = matches!(ty.as_str(), "TextPositionSelector" | "TextQuoteSelector");
        if is_text {
            out.push((sel, inside_fragment));
        }
        for refined in as_list(sel.get("refinedBy")) {
            stack.push((refined, inside_fragment || !is_text));
        }
    }
    out
}

fn incoming_from_w3c(
    v: &Value,
    location: String,
    options: &ImportOptions,
    parsed: &mut Parsed,
    problems: &mut Vec<String>,
) -> Result<Read, String> {
    let mut label: Option<Label> = None;
    let mut tags: Vec<String> = Vec::new();
    let mut attrs: BTreeMap<String, String> = BTreeMap::new();
    let mut notes = Vec::new();
    for body in as_list(v.get("body")) {
        let value = match body {
            Value::String(s) => s.clone(),
            _ => json_str(body, "value").unwrap_or_default(),
        };
        let purpose = json_str(body, "purpose").unwrap_or_default();
        match purpose.as_str() {
            "tagging" | "classifying" | "identifying"
                if value.trim().eq_ignore_ascii_case("entity") =>
            {
                // The kind without its type (Gloss writes the type as a second tag).
                label.get_or_insert(Label::Entity {
                    entity_type: EntityType::default(),
                });
            }
            "tagging" | "classifying" | "identifying" => match options.label_for(&value) {
                // An entity type names the kind too; a kind does not unset a type seen before.
                Some(Label::Entity { entity_type }) => {
                    label = Some(Label::Entity { entity_type });
                }
                Some(l) if label.as_ref().is_none_or(|x| x.kind() != l.kind()) => label = Some(l),
                Some(_) => {}
                None => tags.push(value),
            },
            "describing" => match split_attribute(&value) {
                Some(("status", s)) => {
                    if Status::parse(s) == Some(Status::Suggestion) {
                        return Ok(Read::Suggestion);
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
    let label = match label {
        Some(l) => l,
        None => {
            let name = tags
                .first()
                .cloned()
                .unwrap_or_else(|| "(no tag)".to_owned());
            match label_of_type(options, &name, &location, parsed, problems) {
                Some(l) => l,
                None => return Ok(Read::Skipped),
            }
        }
    };
    // Tags that name no Gloss label are kept in the note.
    notes.extend(tags.iter().map(|t| format!("tag: {t}")));
    let label = match label {
        Label::Entity { entity_type } => Label::Entity {
            entity_type: match attrs.get("type") {
                Some(t) => EntityType::parse(&t.to_ascii_lowercase()).ok_or_else(|| {
                    format!("unknown entity type {t:?}: use org, place, person or work")
                })?,
                None => entity_type,
            },
        },
        other => label_from(other.kind(), &|name| attrs.get(name).cloned())?,
    };
    let target = as_list(v.get("target"))
        .into_iter()
        .next()
        .ok_or("no target")?;
    let source = match target {
        Value::String(s) => Some(s.clone()),
        _ => json_str(target, "source"),
    };
    let (mut start, mut end, mut exact, mut prefix, mut suffix) = (None, None, None, None, None);
    let mut relative = false;
    for (sel, inside_fragment) in text_selectors(target) {
        match json_str(sel, "type").as_deref() {
            Some("TextPositionSelector") => {
                start = Some(json_offset(sel, "start")?);
                end = Some(json_offset(sel, "end")?);
                relative = inside_fragment;
            }
            _ => {
                exact = json_str(sel, "exact");
                prefix = json_str(sel, "prefix");
                suffix = json_str(sel, "suffix");
            }
        }
    }
    if exact.is_none() && start.is_none() {
        // A whole page, an image region, a time span: nothing Gloss can place in a text.
        if options.strict {
            return Err("no TextPositionSelector or TextQuoteSelector".into());
        }
        *parsed
            .ignored
            .entry("annotation(s) without a text selector".to_owned())
            .or_default() += 1;
        return Ok(Read::Skipped);
    }
    let (start, end) = (start.unwrap_or(0), end.unwrap_or(0));
    if end < start {
        return Err(format!("end {end} is before start {start}"));
    }
    // A position inside a fragment Gloss cannot resolve is only a guess, unless a quote says
    // what the text is.
    let check = (relative && exact.is_none()).then(|| {
        "its position is relative to a part of the page Gloss cannot resolve (refinedBy a fragment selector)"
            .to_owned()
    });
    let id = json_str(v, "id").map(|id| id_of_iri(&id));
    Ok(Read::Record(
        source,
        Box::new(Incoming {
            id,
            label,
            start,
            end,
            text: exact,
            prefix,
            suffix,
            note: notes.join("\n"),
            location,
            fragments: Vec::new(),
            check,
        }),
    ))
}
