//! REFI-QDA project export (`.qdpx`): a zip holding `project.qde` (XML in the namespace
//! `urn:QDA-XML:project:1.0`, as laid down by the REFI-QDA schema `Project.xsd` of March 2019)
//! and one plain-text source per document under `Sources/`.
//!
//! Kinds and entity types are the codes (`Figure`; `Entity` with `Org`, `Place`, `Person`,
//! `Work` below it; `Commitment`); each annotation is a `PlainTextSelection` of its source
//! with a `Coding` of its code and its attributes as the selection's `Description`; notes are
//! `Note` memos referenced by `NoteRef`. Sources are written as UTF-8 with `\n` line breaks
//! only, so the characters the QDA tools count coincide with Gloss's code points. GUIDs are
//! derived from the ids ([`super::guid`]), so exporting twice gives the same project. Links
//! between annotations are `Link`s between their selections (`OneWay`, or `Associative` for
//! `same-as`), named by their kind.

use super::{ExportDoc, ExportWarning, Format, Status, attributes, guid, is_positioned};
use crate::annotation::{AnnotationId, EntityType, Kind, Label};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;

/// The namespace of REFI-QDA project files.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// The GUID of a code: `Figure`, `Entity`, `Org`, …, `Commitment`.
pub fn code_guid(name: &str) -> String {
    guid(&format!("code:{name}"))
}

/// The code a label is coded with.
pub fn code_name(label: &Label) -> &'static str {
    super::brat::type_name(label)
}

/// Escapes text for XML content or attribute values; characters XML 1.0 cannot hold become
/// U+FFFD, and line breaks and tabs in attributes are written as character references.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The `project.qde` XML for these documents, and the plain-text sources `(zip path, text)`.
pub fn project_xml(
    docs: &[ExportDoc<'_>],
    warnings: &mut Vec<ExportWarning>,
) -> (String, Vec<(String, String)>) {
    let user = guid("user:gloss");
    let mut x = String::new();
    let _ = writeln!(x, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        x,
        r#"<Project xmlns="{NAMESPACE}" name="Gloss export" origin="Gloss {}" creatingUserGUID="{user}">"#,
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(x, r#"  <Users>"#);
    let _ = writeln!(x, r#"    <User guid="{user}" name="Gloss"/>"#);
    let _ = writeln!(x, r#"  </Users>"#);
    let _ = writeln!(x, r#"  <CodeBook>"#);
    let _ = writeln!(x, r#"    <Codes>"#);
    for kind in Kind::ALL {
        let name = super::brat::attribute_name(kind.as_str());
        let color = match kind {
            Kind::Figure => "#1f77b4",
            Kind::Entity => "#2ca02c",
            Kind::Commitment => "#d62728",
        };
        if kind == Kind::Entity {
            let _ = writeln!(
                x,
                r#"      <Code guid="{}" name="{name}" isCodable="true" color="{color}">"#,
                code_guid(&name)
            );
            for t in EntityType::ALL {
                let sub = code_name(&Label::Entity { entity_type: t });
                let _ = writeln!(
                    x,
                    r#"        <Code guid="{}" name="{sub}" isCodable="true" color="{color}"/>"#,
                    code_guid(sub)
                );
            }
            let _ = writeln!(x, r#"      </Code>"#);
        } else {
            let _ = writeln!(
                x,
                r#"      <Code guid="{}" name="{name}" isCodable="true" color="{color}"/>"#,
                code_guid(&name)
            );
        }
    }
    let _ = writeln!(x, r#"    </Codes>"#);
    let _ = writeln!(x, r#"  </CodeBook>"#);
    let mut sources = Vec::new();
    let mut notes: Vec<(String, String, String)> = Vec::new(); // (guid, name, text)
    let mut links: Vec<String> = Vec::new();
    let _ = writeln!(x, r#"  <Sources>"#);
    for d in docs {
        let source_guid = guid(&format!("source:{}", d.rel_name));
        let path = format!("Sources/{source_guid}.txt");
        let _ = writeln!(
            x,
            r#"    <TextSource guid="{source_guid}" name="{}" plainTextPath="internal://{source_guid}.txt" creatingUser="{user}">"#,
            xml_escape(&d.rel_name)
        );
        for r in &d.records {
            let a = &r.annotation;
            if !is_positioned(d.doc, a) {
                warnings.push(ExportWarning {
                    doc: d.name().to_owned(),
                    id: a.id.0.clone(),
                    message:
                        "orphaned: it has no place in the text, so it cannot be a coded selection"
                            .into(),
                });
                continue;
            }
            let key = format!("{}:{}", d.rel_name, a.id.0);
            let sel = guid(&format!("selection:{key}"));
            let _ = writeln!(
                x,
                r#"      <PlainTextSelection guid="{sel}" name="{}" startPosition="{}" endPosition="{}" creatingUser="{user}" creationDateTime="{}" modifiedDateTime="{}">"#,
                xml_escape(&a.quote),
                a.start,
                a.end,
                a.created,
                a.modified
            );
            let mut description: Vec<String> = attributes(&a.label)
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(n, v)| format!("{n}: {v}"))
                .collect();
            if r.status == Status::Suggestion {
                description.push("status: suggestion".into());
            }
            description.push(format!("gloss id: {}", a.id.0));
            let _ = writeln!(
                x,
                r#"        <Description>{}</Description>"#,
                xml_escape(&description.join("\n"))
            );
            let _ = writeln!(
                x,
                r#"        <Coding guid="{}" creatingUser="{user}" creationDateTime="{}">"#,
                guid(&format!("coding:{key}")),
                a.created
            );
            let _ = writeln!(
                x,
                r#"          <CodeRef targetGUID="{}"/>"#,
                code_guid(code_name(&a.label))
            );
            let _ = writeln!(x, r#"        </Coding>"#);
            if !a.note.is_empty() {
                let note = guid(&format!("note:{key}"));
                let _ = writeln!(x, r#"        <NoteRef targetGUID="{note}"/>"#);
                notes.push((note, format!("Note on {}", a.quote), a.note.clone()));
            }
            let _ = writeln!(x, r#"      </PlainTextSelection>"#);
        }
        let _ = writeln!(x, r#"    </TextSource>"#);
        let placed: HashSet<&AnnotationId> = d
            .records
            .iter()
            .filter(|r| is_positioned(d.doc, &r.annotation))
            .map(|r| &r.annotation.id)
            .collect();
        let selection = |id: &AnnotationId| guid(&format!("selection:{}:{}", d.rel_name, id.0));
        for r in d.links(Format::Qdpx, |id| placed.contains(id), warnings) {
            let direction = if r.kind.is_symmetric() {
                "Associative"
            } else {
                "OneWay"
            };
            links.push(format!(
                r#"    <Link guid="{}" name="{}" direction="{direction}" originGUID="{}" targetGUID="{}"/>"#,
                guid(&format!("link:{}:{}:{}:{}", d.rel_name, r.from.0, r.kind, r.to.0)),
                xml_escape(r.kind.as_str()),
                selection(&r.from),
                selection(&r.to)
            ));
        }
        sources.push((path, d.doc.text().to_owned()));
    }
    let _ = writeln!(x, r#"  </Sources>"#);
    if !notes.is_empty() {
        let _ = writeln!(x, r#"  <Notes>"#);
        for (g, name, text) in notes {
            let _ = writeln!(
                x,
                r#"    <Note guid="{g}" name="{}" creatingUser="{user}">"#,
                xml_escape(&name)
            );
            let _ = writeln!(
                x,
                r#"      <PlainTextContent>{}</PlainTextContent>"#,
                xml_escape(&text)
            );
            let _ = writeln!(x, r#"    </Note>"#);
        }
        let _ = writeln!(x, r#"  </Notes>"#);
    }
    if !links.is_empty() {
        let _ = writeln!(x, r#"  <Links>"#);
        for link in links {
            let _ = writeln!(x, "{link}");
        }
        let _ = writeln!(x, r#"  </Links>"#);
    }
    let _ = writeln!(x, r#"</Project>"#);
    (x, sources)
}

/// The `.qdpx` bytes (a zip) for these documents.
pub fn render(
    docs: &[ExportDoc<'_>],
    warnings: &mut Vec<ExportWarning>,
) -> Result<Vec<u8>, zip::result::ZipError> {
    let (project, sources) = project_xml(docs, warnings);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    zip.start_file("project.qde", options)?;
    zip.write_all(project.as_bytes())?;
    for (path, text) in sources {
        zip.start_file(path, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_covers_markup_and_control_characters() {
        assert_eq!(xml_escape(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(xml_escape("a\nb\u{1}"), "a&#10;b\u{fffd}");
        assert_eq!(xml_escape("新密市"), "新密市");
    }
}
