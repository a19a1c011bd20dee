//! brat standoff, written and read. Writing: the document text as `<stem>.txt` (UTF-8, `\n` line breaks) and its
//! annotations as `<stem>.ann`, plus an `annotation.conf` declaring the types and attribute
//! values used, so that a brat data folder holding the output loads as is.
//!
//! `.ann` lines (fields separated by tabs, offsets in code points as brat counts them):
//!
//! - `T1⇥Figure 8 15⇥412.5亿元` — a text-bound annotation; the type is `Figure`, `Org`,
//!   `Place`, `Person`, `Work` or `Commitment`. A span that crosses line breaks is written as
//!   fragments `0 5;6 10` (brat does not allow line breaks inside a fragment), its text the
//!   fragments joined by a space.
//! - `A1⇥Unit T1 元` — an attribute (`Value`, `Unit`, `Actor`, `Deadline`, `Target`) whose value
//!   is one token; values with spaces or brat's configuration syntax characters are written as
//!   `#` lines instead: `#2⇥Actor T1⇥City Council`.
//! - `#1⇥AnnotatorNotes T1⇥…` — the note; `#3⇥GlossId T1⇥aad11bb08e016e16` — the Gloss id, so
//!   that importing the file again does not duplicate annotations. In `#` texts a line break is
//!   written `\n`, a tab `\t` and a backslash `\\`.
//!
//! - `R1⇥Actor Arg1:T3 Arg2:T1` — a link from T3 to T1 (`Actor`, `Target`, `SameAs` or the
//!   user's name), declared in `annotation.conf`.
//!
//! Orphaned and empty annotations have no span brat can hold: they are left out and reported,
//! with their links.

use super::import::{ImportOptions, Incoming, Parsed, RawLink, label_of_type, resolve_links};
use super::{ExportDoc, ExportWarning, Format, attributes, is_positioned, label_from};
use crate::annotation::{AnnotationId, EntityType, Label, RelationKind};
use crate::document::Document;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// The brat type of a label: `Figure`, `Org`, `Place`, `Person`, `Work` or `Commitment`.
pub fn type_name(label: &Label) -> &'static str {
    match label {
        Label::Figure { .. } => "Figure",
        Label::Entity { entity_type } => match entity_type {
            EntityType::Org => "Org",
            EntityType::Place => "Place",
            EntityType::Person => "Person",
            EntityType::Work => "Work",
        },
        Label::Commitment { .. } => "Commitment",
    }
}

/// The brat attribute name of a Gloss attribute (`unit` → `Unit`).
pub fn attribute_name(name: &str) -> String {
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The file stem for a document's `.txt`/`.ann` pair: the name without its last extension.
pub fn stem(rel_name: &str) -> String {
    let (dir, file) = match rel_name.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f),
        None => (String::new(), rel_name),
    };
    let base = match file.rsplit_once('.') {
        Some((b, _)) if !b.is_empty() => b,
        _ => file,
    };
    format!("{dir}{base}")
}

/// Whether a value can be a brat attribute value (one token, no configuration syntax).
pub fn is_token(value: &str) -> bool {
    !value.is_empty()
        && !value.chars().any(|c| {
            c.is_whitespace() || matches!(c, '|' | ',' | ':' | '=' | '<' | '>' | '#' | '!')
        })
}

/// Escapes a `#` line's text: `\` → `\\`, line break → `\n`, tab → `\t`.
pub fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
}

/// Reverses [`escape`].
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The span `start..end` of `text` (code points) cut at line breaks: `(start, end, text)`
/// fragments, none empty.
pub fn fragments(text: &str, start: usize, end: usize) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut frag_start = start;
    let mut current = String::new();
    for (i, c) in text.chars().enumerate() {
        let pos = start + i;
        if c == '\n' {
            if !current.is_empty() {
                out.push((frag_start, pos, std::mem::take(&mut current)));
            }
            frag_start = pos + 1;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push((frag_start, end, current));
    }
    out
}

/// The `.ann` text for one document.
pub fn render(d: &ExportDoc<'_>, warnings: &mut Vec<ExportWarning>) -> String {
    let mut out = String::new();
    let (mut t, mut a_n, mut note_n) = (0, 0, 0);
    let mut numbers: HashMap<&AnnotationId, usize> = HashMap::new();
    for r in &d.records {
        let a = &r.annotation;
        let warn = |warnings: &mut Vec<ExportWarning>, message: &str| {
            warnings.push(ExportWarning {
                doc: d.name().to_owned(),
                id: a.id.0.clone(),
                message: message.to_owned(),
            })
        };
        if !is_positioned(d.doc, a) {
            warn(
                warnings,
                "orphaned: it has no place in the text, so brat cannot hold it",
            );
            continue;
        }
        let frags = fragments(d.doc.slice(a.start, a.end), a.start, a.end);
        if frags.is_empty() {
            warn(warnings, "empty or only line breaks: brat cannot hold it");
            continue;
        }
        t += 1;
        numbers.insert(&a.id, t);
        let spans: Vec<String> = frags.iter().map(|(s, e, _)| format!("{s} {e}")).collect();
        let texts: Vec<&str> = frags.iter().map(|(_, _, x)| x.as_str()).collect();
        let _ = writeln!(
            out,
            "T{t}\t{} {}\t{}",
            type_name(&a.label),
            spans.join(";"),
            texts.join(" ")
        );
        for (name, value) in attributes(&a.label) {
            if name == "type" || value.is_empty() {
                continue;
            }
            if is_token(&value) {
                a_n += 1;
                let _ = writeln!(out, "A{a_n}\t{} T{t} {value}", attribute_name(name));
            } else {
                note_n += 1;
                let _ = writeln!(
                    out,
                    "#{note_n}\t{} T{t}\t{}",
                    attribute_name(name),
                    escape(&value)
                );
            }
        }
        if !a.note.is_empty() {
            note_n += 1;
            let _ = writeln!(out, "#{note_n}\tAnnotatorNotes T{t}\t{}", escape(&a.note));
        }
        if r.status == super::Status::Suggestion {
            note_n += 1;
            let _ = writeln!(out, "#{note_n}\tGlossStatus T{t}\tsuggestion");
        }
        note_n += 1;
        let _ = writeln!(out, "#{note_n}\tGlossId T{t}\t{}", escape(&a.id.0));
    }
    for (n, r) in d
        .links(Format::Brat, |id| numbers.contains_key(id), warnings)
        .into_iter()
        .enumerate()
    {
        let _ = writeln!(
            out,
            "R{}\t{} Arg1:T{} Arg2:T{}",
            n + 1,
            relation_type(&r.kind),
            numbers[&r.from],
            numbers[&r.to]
        );
    }
    out
}

/// The brat type of a link: `Actor`, `Target`, `SameAs`, or the user's name as it is.
pub fn relation_type(kind: &RelationKind) -> &str {
    match kind {
        RelationKind::Actor => "Actor",
        RelationKind::Target => "Target",
        RelationKind::SameAs => "SameAs",
        RelationKind::Named(name) => name,
    }
}

/// An `annotation.conf` declaring the entity types and every attribute value used in `docs`.
pub fn annotation_conf(docs: &[ExportDoc<'_>]) -> String {
    let mut values: BTreeMap<String, (BTreeSet<&'static str>, BTreeSet<String>)> = BTreeMap::new();
    for d in docs {
        for r in &d.records {
            for (name, value) in attributes(&r.annotation.label) {
                if name != "type" && is_token(&value) {
                    let entry = values.entry(attribute_name(name)).or_default();
                    entry.0.insert(type_name(&r.annotation.label));
                    entry.1.insert(value);
                }
            }
        }
    }
    let links: BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| &d.relations)
        .map(|r| relation_type(&r.kind))
        .collect();
    let mut out = String::from(
        "# brat configuration written by Gloss: the annotation types and the attribute values used.\n\
         [entities]\nFigure\nOrg\nPlace\nPerson\nWork\nCommitment\n\n\
         [relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n",
    );
    for name in links {
        let _ = writeln!(out, "{name}\tArg1:<ENTITY>, Arg2:<ENTITY>");
    }
    out.push_str("\n[events]\n\n[attributes]\n");
    for (name, (types, vals)) in values {
        let types: Vec<&str> = types.into_iter().collect();
        let vals: Vec<String> = vals.into_iter().collect();
        let _ = writeln!(
            out,
            "{name}\tArg:{}, Value:{}",
            types.join("|"),
            vals.join("|")
        );
    }
    out
}

// Reading (import).

/// The attributes Gloss has fields for (`Value`, `Unit`, `Actor`, `Deadline`, `Target`).
const GLOSS_ATTRIBUTES: [&str; 5] = ["value", "unit", "actor", "deadline", "target"];

/// What a brat line that is not text-bound is, by its id's first letter.
fn line_kind(id: &str) -> &'static str {
    match id.chars().next() {
        Some('R') => "relation",
        Some('*') => "equivalence",
        Some('E') => "event",
        Some('N') => "normalisation",
        _ => "line of an unknown kind",
    }
}

/// Reads a `.ann` file. Text-bound annotations (`T`) become records, their type mapped by
/// `options`; their attributes (`A`, `M`) and notes (`#`) go with them — attributes Gloss has no
/// field for are kept in the note. Relations (`R`, their first two arguments) become links of
/// their type; an equivalence (`*⇥Equiv T1 T2 T3`) links its first member `same-as` each other.
/// Events and normalisations, and attributes and notes on anything but a `T`, are counted, not
/// imported. brat's `T` ids are not kept: they
/// are numbered per file, so two annotators' files would collide (a Gloss id in a `GlossId`
/// note is kept).
pub(super) fn parse(text: &str, options: &ImportOptions, problems: &mut Vec<String>) -> Parsed {
    struct T {
        type_name: String,
        fragments: Vec<(usize, usize)>,
        text: String,
        location: String,
        attrs: BTreeMap<String, String>,
        note: Vec<String>,
        id: Option<String>,
        suggestion: bool,
        attributes_in_note: usize,
    }
    let mut parsed = Parsed::default();
    let mut spans: BTreeMap<String, T> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    // Ids of the lines that are not text-bound, to tell their attributes from dangling ones.
    let mut others: BTreeMap<String, &'static str> = BTreeMap::new();
    // Attribute and note lines may come before their T line in hand-written files: collect first.
    let mut extras: Vec<(usize, String, String, Option<String>)> = Vec::new(); // (line, name, target, value)
    let mut links: Vec<RawLink> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let location = format!("line {}", i + 1);
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or_default().trim();
        let middle = fields.next().unwrap_or_default();
        let rest = fields.next();
        match id.chars().next() {
            Some('T') => {
                let Some((type_name, offsets)) = middle.split_once(' ') else {
                    problems.push(format!("{location}: text-bound annotation without offsets"));
                    continue;
                };
                let mut frags = Vec::new();
                let mut bad = false;
                for frag in offsets.split(';') {
                    let nums: Vec<Option<usize>> =
                        frag.split_whitespace().map(|n| n.parse().ok()).collect();
                    match nums.as_slice() {
                        [Some(s), Some(e)] if s <= e => frags.push((*s, *e)),
                        _ => bad = true,
                    }
                }
                if bad || frags.is_empty() {
                    problems.push(format!("{location}: cannot read the offsets {offsets:?}"));
                    continue;
                }
                order.push(id.to_owned());
                spans.insert(
                    id.to_owned(),
                    T {
                        type_name: type_name.to_owned(),
                        fragments: frags,
                        text: rest.unwrap_or_default().to_owned(),
                        location,
                        attrs: BTreeMap::new(),
                        note: Vec::new(),
                        id: None,
                        suggestion: false,
                        attributes_in_note: 0,
                    },
                );
            }
            Some('A') | Some('M') => {
                let parts: Vec<&str> = middle.split_whitespace().collect();
                match parts.as_slice() {
                    [name, target, value] => extras.push((
                        i + 1,
                        name.to_string(),
                        target.to_string(),
                        Some(value.to_string()),
                    )),
                    [name, target] => {
                        extras.push((i + 1, name.to_string(), target.to_string(), None))
                    }
                    _ => problems.push(format!("{location}: cannot read the attribute line")),
                }
            }
            Some('#') => {
                let Some((name, target)) = middle.split_once(' ') else {
                    problems.push(format!("{location}: cannot read the note line"));
                    continue;
                };
                extras.push((
                    i + 1,
                    format!("#{name}"),
                    target.trim().to_owned(),
                    Some(unescape(rest.unwrap_or_default())),
                ));
            }
            Some('R') | Some('*') => {
                others.insert(id.to_owned(), line_kind(id));
                let mut words = middle.split_whitespace();
                let type_name = words.next().unwrap_or_default();
                // `Arg1:T1 Arg2:T2` (any role names) for R, `T1 T2 …` for *.
                let members: Vec<&str> = words
                    .map(|w| w.rsplit_once(':').map_or(w, |(_, t)| t))
                    .collect();
                if members.len() < 2 {
                    problems.push(format!("{location}: a relation needs two arguments"));
                    continue;
                }
                for other in &members[1..] {
                    links.push(RawLink {
                        kind: type_name.to_owned(),
                        from: members[0].to_owned(),
                        to: (*other).to_owned(),
                    });
                    if id.starts_with('R') {
                        break;
                    }
                }
            }
            _ => {
                let kind = line_kind(id);
                others.insert(id.to_owned(), kind);
                *parsed.ignored.entry(format!("{kind}(s)")).or_default() += 1;
            }
        }
    }
    for (line, name, target, value) in extras {
        let note = name.starts_with('#');
        let Some(t) = spans.get_mut(&target) else {
            match others.get(&target) {
                Some(kind) => {
                    let what = if note { "note" } else { "attribute" };
                    *parsed
                        .ignored
                        .entry(format!("{what}(s) on {kind}(s)"))
                        .or_default() += 1;
                }
                None => problems.push(format!(
                    "line {line}: refers to {target}, which is not in the file"
                )),
            }
            continue;
        };
        let key = name.trim_start_matches('#');
        match (name.as_str(), value) {
            ("#AnnotatorNotes", Some(value)) => t.note.push(value),
            ("#GlossId", Some(value)) => t.id = Some(value),
            ("#GlossStatus", Some(value)) => t.suggestion = value.trim() == "suggestion",
            (_, Some(value)) if GLOSS_ATTRIBUTES.contains(&key.to_ascii_lowercase().as_str()) => {
                t.attrs.insert(key.to_ascii_lowercase(), value);
            }
            (_, value) => {
                // An attribute Gloss has no field for: kept in the note.
                let line = match value {
                    Some(value) => format!("{key}: {value}"),
                    None => key.to_owned(),
                };
                t.note.push(line);
                t.attributes_in_note += 1;
            }
        }
    }
    let mut keys: HashMap<String, usize> = HashMap::new();
    for id in order {
        let Some(t) = spans.remove(&id) else { continue };
        if t.suggestion {
            parsed.suggestions += 1;
            continue;
        }
        let Some(base) = label_of_type(options, &t.type_name, &t.location, &mut parsed, problems)
        else {
            continue;
        };
        let label = match base {
            Label::Entity { entity_type } => Ok(Label::Entity { entity_type }),
            other => label_from(other.kind(), &|name| t.attrs.get(name).cloned()),
        };
        let start = t.fragments.iter().map(|f| f.0).min().unwrap_or(0);
        let end = t.fragments.iter().map(|f| f.1).max().unwrap_or(0);
        parsed.attributes_in_notes += t.attributes_in_note;
        match label {
            Ok(label) => {
                keys.insert(id, parsed.items.len());
                parsed.items.push(Incoming {
                    id: t.id,
                    label,
                    start,
                    end,
                    // A discontinuous span's text is its pieces joined by spaces: checked in `plan`.
                    text: Some(t.text),
                    prefix: None,
                    suffix: None,
                    note: t.note.join("\n"),
                    location: t.location,
                    fragments: if t.fragments.len() > 1 {
                        t.fragments
                    } else {
                        Vec::new()
                    },
                    check: None,
                })
            }
            Err(e) => problems.push(format!("{}: {e}", t.location)),
        }
    }
    resolve_links(&mut parsed, &keys, links);
    parsed
}

/// Whether `text` is what the document holds at `start..end`, either exactly or as brat writes
/// a span that crosses line breaks (fragments joined by a space).
pub(super) fn join_matches(doc: &Document, start: usize, end: usize, text: &str) -> bool {
    let here = doc.slice(start, end);
    if here == text {
        return true;
    }
    let joined: Vec<String> = fragments(here, start, end)
        .into_iter()
        .map(|(_, _, t)| t)
        .collect();
    here.contains('\n') && joined.join(" ") == text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_skip_line_breaks() {
        let f = fragments("ab\ncd\n\ne", 10, 18);
        assert_eq!(
            f,
            vec![
                (10, 12, "ab".into()),
                (13, 15, "cd".into()),
                (17, 18, "e".into())
            ]
        );
    }

    #[test]
    fn escaping_round_trips() {
        let s = "a\\b\nc\td";
        assert!(!escape(s).contains(['\n', '\t']));
        assert_eq!(unescape(&escape(s)), s);
    }

    #[test]
    fn stems_drop_the_last_extension() {
        assert_eq!(stem("plan.txt"), "plan");
        assert_eq!(stem("sub/plan.gb18030.txt"), "sub/plan.gb18030");
        assert_eq!(stem("README"), "README");
    }
}
