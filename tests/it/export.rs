//! Export and import: round trips (JSONL, brat, W3C), the CSV read back with the csv crate,
//! brat output checked against the standoff rules line by line, the W3C output's required
//! members, the `.qdpx` against the REFI-QDA schema (Project.xsd, 2019) and its documented
//! structure, CoNLL overlap reporting, a folder export over the sample documents, and a
//! snapshot of the Markdown report.
//!
//! Every text here is written for these tests.

use crate::common::find;
use gloss::annotation::{Annotation, AnnotationId, Relation, RelationKind};
use gloss::annotation::{EntityType, Kind, Label};
use gloss::document::loader::LoadOptions;
use gloss::interchange::import::{self, ImportFormat};
use gloss::interchange::{self, ExportDoc, ExportOptions, Format, Status};
use gloss::session::{Command, Session};
use gloss::store::Rejection;
use gloss::store::reports::annotated_reports;
use gloss::suggest::review;
use std::collections::{BTreeMap, HashSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// A made-up plan: astral characters before the annotations (so that code points and UTF-16
/// units differ), a commitment crossing a line break, a figure nested in a commitment.
const PLAN: &str = "𠀾溪镇工作要点\n\
    东湖区工信局：2025年全区新增规上企业45家，完成投资128.6亿元。\n\
    力争年底前建成东湖数字港，\n带动就业3000人。\n\
    责任单位：东湖区发改委、𠀾溪镇政府。\n";

fn annotate(s: &Session, quote: &str, nth: usize, label: Label, note: &str) -> Annotation {
    let (start, end) = find(s.doc.text(), quote, nth);
    let mut a = Annotation::new(&s.doc, start, end, label);
    a.note = note.to_owned();
    a
}

fn entity(t: EntityType) -> Label {
    Label::Entity { entity_type: t }
}

fn figure(value: f64, unit: &str) -> Label {
    Label::Figure {
        value: Some(value),
        unit: unit.into(),
    }
}

/// Writes PLAN to `dir/name` with a sidecar holding a varied set of annotations.
fn annotated_plan(dir: &Path, name: &str) -> Session {
    let path = dir.join(name);
    std::fs::write(&path, PLAN).unwrap();
    let mut s = Session::open(&path, LoadOptions::default()).unwrap();
    let anns = vec![
        annotate(&s, "东湖区工信局", 0, entity(EntityType::Org), ""),
        annotate(&s, "45家", 0, figure(45.0, "家"), "规上 = 规模以上"),
        annotate(
            &s,
            "128.6亿元",
            0,
            figure(12_860_000_000.0, "元"),
            "check, \"revised\"\nlater",
        ),
        annotate(
            &s,
            "力争年底前建成东湖数字港，\n带动就业3000人。",
            0,
            Label::Commitment {
                actor: "东湖区发改委、𠀾溪镇政府".into(),
                deadline: "年底前".into(),
                target: "3000人".into(),
            },
            "",
        ),
        annotate(&s, "东湖数字港", 0, entity(EntityType::Work), ""),
        annotate(&s, "3000人", 0, figure(3000.0, "人"), ""),
        annotate(&s, "东湖区发改委", 0, entity(EntityType::Org), ""),
        annotate(&s, "𠀾溪镇", 1, entity(EntityType::Place), "tab\there"),
        annotate(
            &s,
            "2025年全区",
            0,
            Label::Commitment {
                actor: "City Council | 市政府".into(),
                deadline: String::new(),
                target: String::new(),
            },
            "",
        ),
    ];
    // Links: the pledge's actor and target, and one the user named.
    let id = |i: usize| anns[i].id.clone();
    let links = vec![
        Relation::new(RelationKind::Actor, id(3), id(6)),
        Relation::new(RelationKind::Target, id(3), id(5)),
        Relation::new(RelationKind::parse("located-in").unwrap(), id(4), id(7)),
    ];
    let mut commands: Vec<Command> = anns.into_iter().map(Command::Create).collect();
    commands.extend(links.into_iter().map(Command::Link));
    s.apply(Command::Batch(commands));
    s.save().unwrap();
    s
}

/// The parts of an annotation an export must carry.
fn essentials(s: &Session) -> Vec<(String, Label, usize, usize, String, String)> {
    let mut v: Vec<_> = s
        .annotations()
        .iter()
        .map(|a| {
            (
                a.id.0.clone(),
                a.label.clone(),
                a.start,
                a.end,
                a.quote.clone(),
                a.note.clone(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn export_to(s: &Session, format: Format, out: &Path) -> interchange::ExportSummary {
    interchange::export_session(s, format, &ExportOptions::default(), &[], out).unwrap()
}

/// A fresh copy of the report (no sidecar) to import into.
fn fresh_copy(dir: &Path, name: &str) -> Session {
    let sub = dir.join("fresh");
    std::fs::create_dir_all(&sub).unwrap();
    let path = sub.join(name);
    std::fs::write(&path, PLAN).unwrap();
    Session::open(&path, LoadOptions::default()).unwrap()
}

fn round_trip(format: Format, from: ImportFormat, out_name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let s = annotated_plan(dir.path(), "plan.txt");
    let out = dir.path().join("out").join(out_name);
    let summary = export_to(&s, format, &out);
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    let src = summary
        .written
        .iter()
        .find(|p| {
            p.extension()
                .is_some_and(|e| e == out_name.rsplit('.').next().unwrap_or_default())
        })
        .unwrap()
        .clone();
    let mut fresh = fresh_copy(dir.path(), "plan.txt");
    let report = import::import_into(&mut fresh, from, &src, &Default::default()).unwrap();
    assert_eq!(report.added, s.annotations().len(), "{report}");
    assert_eq!(report.exact, s.annotations().len(), "{report}");
    assert!(report.all_fitted());
    assert_eq!(essentials(&fresh), essentials(&s));
    assert_eq!(fresh.relations().len(), 3);
    assert_eq!(fresh.relations(), s.relations(), "links come back by id");
    assert_eq!(report.links, 3, "{report}");
    // Prefix and suffix come from the text, so re-anchoring later works as for any annotation.
    for a in fresh.annotations().iter() {
        let orig = s.annotations().get(&a.id).unwrap();
        assert_eq!((&a.prefix, &a.suffix), (&orig.prefix, &orig.suffix));
    }
    // Importing the same file again adds nothing.
    let again = import::import_into(&mut fresh, from, &src, &Default::default()).unwrap();
    assert_eq!((again.added, again.duplicates), (0, s.annotations().len()));
    assert_eq!(again.links, 0);
    // One undo takes the whole import back (the second import changed nothing).
    assert!(fresh.undo());
    assert!(fresh.annotations().is_empty());
    assert!(fresh.relations().is_empty());
    assert!(!fresh.undo());
}

#[test]
fn jsonl_round_trips_without_loss() {
    round_trip(Format::Jsonl, ImportFormat::Jsonl, "plan.jsonl");
}

#[test]
fn brat_round_trips_without_loss() {
    round_trip(Format::Brat, ImportFormat::Brat, "plan.ann");
}

#[test]
fn w3c_round_trips_without_loss() {
    round_trip(Format::W3c, ImportFormat::W3c, "plan.jsonld");
}

fn render_one(s: &Session, format: Format, options: &ExportOptions) -> interchange::Rendered {
    let d = ExportDoc::from_session(s, options, &[]);
    interchange::render(std::slice::from_ref(&d), format, options).unwrap()
}

#[test]
fn jsonl_lines_are_in_the_gold_format_plus_id_note_status_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let s = annotated_plan(dir.path(), "plan.txt");
    let r = render_one(&s, Format::Jsonl, &ExportOptions::default());
    let text = String::from_utf8(r.files[0].bytes.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), s.annotations().len() + s.relations().len());
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let kind = v["kind"].as_str().unwrap();
        if kind == "relation" {
            // A link: its ends by id, with their texts.
            let from = s
                .annotations()
                .get(&AnnotationId(v["from"].as_str().unwrap().into()));
            let to = s
                .annotations()
                .get(&AnnotationId(v["to"].as_str().unwrap().into()));
            assert_eq!(v["from_text"].as_str(), from.map(|a| a.quote.as_str()));
            assert_eq!(v["to_text"].as_str(), to.map(|a| a.quote.as_str()));
            assert!(["actor", "target", "located-in"].contains(&v["type"].as_str().unwrap()));
            continue;
        }
        let attrs: &[&str] = match kind {
            "figure" => &["value", "unit"],
            "entity" => &["type"],
            _ => &["actor", "deadline", "target"],
        };
        let mut expected = vec!["doc", "kind", "start", "end", "text"];
        expected.extend(attrs);
        expected.extend(["id", "note", "status", "anchor", "section"]);
        // Key order as in the gold file, with its separators.
        let positions: Vec<usize> = expected
            .iter()
            .map(|k| line.find(&format!("\"{k}\": ")).unwrap_or(usize::MAX))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{line}");
        assert_eq!(v.as_object().unwrap().len(), expected.len(), "{line}");
        assert!(
            line.starts_with("{\"doc\": \"plan.txt\", \"kind\": "),
            "{line}"
        );
        let (start, end) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(v["text"], s.doc.slice(start, end));
        assert_eq!(v["status"], "annotation");
        assert_eq!(v["anchor"], "exact");
        if kind == "figure" {
            assert!(
                v["value"].is_f64(),
                "values are floats as in the gold: {line}"
            );
        }
    }
    assert!(
        text.contains("\"deadline\": null"),
        "empty attributes are null"
    );
}

#[test]
fn csv_reads_back_with_the_csv_crate() {
    let dir = tempfile::tempdir().unwrap();
    let s = annotated_plan(dir.path(), "plan.txt");
    let options = ExportOptions {
        excel_bom: true,
        ..ExportOptions::default()
    };
    let bytes = render_one(&s, Format::Csv, &options).files[0].bytes.clone();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "--excel starts with a BOM"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        headers,
        [
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
            "canonical"
        ]
    );
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), s.annotations().len());
    for a in s.annotations().iter() {
        let row = rows.iter().find(|r| r["id"] == a.id.0).unwrap();
        assert_eq!(row["text"], a.quote);
        assert_eq!(
            row["note"], a.note,
            "quotes, commas and line breaks survive"
        );
        assert_eq!(row["kind"], a.kind().as_str());
        assert_eq!(row["start"].parse::<usize>().unwrap(), a.start);
        assert_eq!(row["status"], "annotation");
        assert_eq!(row["anchor"], "exact");
        match &a.label {
            Label::Figure { value, unit } => {
                assert_eq!(row["value"].parse::<f64>().ok(), *value);
                assert_eq!(&row["unit"], unit);
            }
            Label::Entity { entity_type } => assert_eq!(row["type"], entity_type.as_str()),
            Label::Commitment { actor, .. } => assert_eq!(&row["actor"], actor),
        }
    }
    let plain = render_one(&s, Format::Csv, &ExportOptions::default()).files[0]
        .bytes
        .clone();
    assert!(plain.starts_with(b"doc,kind,"));
}

/// Checks a `.ann` file against the brat standoff rules and the text it belongs to; returns
/// the T lines as (type, start, end, text).
fn check_brat(ann: &str, txt: &str) -> Vec<(String, usize, usize, String)> {
    let chars: Vec<char> = txt.chars().collect();
    let mut ts = BTreeMap::new();
    let mut ids = HashSet::new();
    let mut refs = Vec::new();
    for line in ann.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert!(ids.insert(fields[0].to_owned()), "duplicate id: {line}");
        match fields[0].chars().next().unwrap() {
            'T' => {
                assert_eq!(
                    fields.len(),
                    3,
                    "T lines have three tab-separated fields: {line}"
                );
                assert!(fields[0][1..].parse::<u32>().is_ok(), "{line}");
                let (ty, offsets) = fields[1].split_once(' ').unwrap();
                assert!(
                    ["Figure", "Org", "Place", "Person", "Work", "Commitment"].contains(&ty),
                    "{line}"
                );
                let mut texts = Vec::new();
                let mut spans = Vec::new();
                for frag in offsets.split(';') {
                    let (a, b) = frag.split_once(' ').unwrap();
                    let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
                    assert!(a < b && b <= chars.len(), "{line}");
                    let t: String = chars[a..b].iter().collect();
                    assert!(!t.contains('\n'), "no line break inside a fragment: {line}");
                    texts.push(t);
                    spans.push((a, b));
                }
                assert_eq!(
                    texts.join(" "),
                    fields[2],
                    "text field = fragments joined: {line}"
                );
                let (start, end) = (spans[0].0, spans[spans.len() - 1].1);
                ts.insert(
                    fields[0].to_owned(),
                    (ty.to_owned(), start, end, fields[2].to_owned()),
                );
            }
            'A' => {
                assert_eq!(fields.len(), 2, "{line}");
                let parts: Vec<&str> = fields[1].split(' ').collect();
                assert_eq!(
                    parts.len(),
                    3,
                    "A lines: name, target, one-token value: {line}"
                );
                refs.push(parts[1].to_owned());
            }
            '#' => {
                assert_eq!(fields.len(), 3, "{line}");
                let (_, target) = fields[1].split_once(' ').unwrap();
                refs.push(target.to_owned());
            }
            'R' => {
                assert_eq!(
                    fields.len(),
                    2,
                    "R lines: id, then type and arguments: {line}"
                );
                let parts: Vec<&str> = fields[1].split(' ').collect();
                assert_eq!(parts.len(), 3, "{line}");
                assert!(
                    ["Actor", "Target", "SameAs", "located-in"].contains(&parts[0]),
                    "{line}"
                );
                for (arg, part) in ["Arg1:", "Arg2:"].iter().zip(&parts[1..]) {
                    refs.push(part.strip_prefix(arg).unwrap().to_owned());
                }
            }
            _ => panic!("unexpected line {line}"),
        }
    }
    for r in refs {
        assert!(ts.contains_key(&r), "reference to missing {r}");
    }
    ts.into_values().collect()
}

#[test]
fn brat_output_follows_the_standoff_rules() {
    let dir = tempfile::tempdir().unwrap();
    let s = annotated_plan(dir.path(), "plan.txt");
    let out = dir.path().join("brat");
    let summary = export_to(&s, Format::Brat, &out);
    let names: Vec<_> = summary
        .written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["plan.txt", "plan.ann", "annotation.conf"]);
    let txt = std::fs::read_to_string(out.join("plan.txt")).unwrap();
    assert_eq!(txt, s.doc.text());
    let ann = std::fs::read_to_string(out.join("plan.ann")).unwrap();
    let ts = check_brat(&ann, &txt);
    assert_eq!(ts.len(), s.annotations().len());
    // The commitment crosses a line break: two fragments.
    assert!(
        ann.lines()
            .any(|l| l.starts_with('T') && l.contains("Commitment") && l.contains(';'))
    );
    // Offsets are code points: the place after the astral 𠀾 starts where Gloss says.
    let place = s
        .annotations()
        .iter()
        .find(|a| a.label == entity(EntityType::Place))
        .unwrap();
    assert!(ts.contains(&("Place".into(), place.start, place.end, "𠀾溪镇".into())));
    assert!(ann.contains("\tUnit T"), "one-token attributes are A lines");
    assert!(ann.contains("#") && ann.contains("\tActor T"), "{ann}");
    assert!(ann.contains("AnnotatorNotes"));
    let conf = std::fs::read_to_string(out.join("annotation.conf")).unwrap();
    for section in ["[entities]", "[relations]", "[events]", "[attributes]"] {
        assert!(conf.contains(section), "{conf}");
    }
    assert!(conf.contains("Unit\tArg:Figure, Value:"), "{conf}");
    // Every relation type used is declared.
    for ty in ["Actor", "Target", "located-in"] {
        assert!(
            conf.contains(&format!("\n{ty}\tArg1:<ENTITY>, Arg2:<ENTITY>\n")),
            "{conf}"
        );
    }
}

#[test]
fn w3c_output_has_the_required_members() {
    let dir = tempfile::tempdir().unwrap();
    let s = annotated_plan(dir.path(), "plan.txt");
    let r = render_one(&s, Format::W3c, &ExportOptions::default());
    assert_eq!(r.files[0].name, "plan.txt.jsonld");
    let v: serde_json::Value = serde_json::from_slice(&r.files[0].bytes).unwrap();
    assert_eq!(v["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["first"]["type"], "AnnotationPage");
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), s.annotations().len() + s.relations().len());
    assert_eq!(v["total"], items.len());
    let mut ids = HashSet::new();
    let (links, items): (Vec<_>, Vec<_>) = items
        .iter()
        .partition(|item| item["motivation"] == "linking");
    assert_eq!(links.len(), s.relations().len());
    let annotation_ids: HashSet<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
    for link in links {
        // A linking annotation: its target is the annotation it starts from, a body the one
        // it points to, and a tagging body names the link.
        assert_eq!(link["type"], "Annotation");
        assert!(annotation_ids.contains(link["target"].as_str().unwrap()));
        let bodies = link["body"].as_array().unwrap();
        assert!(annotation_ids.contains(bodies[1]["id"].as_str().unwrap()));
        assert_eq!(bodies[0]["purpose"], "tagging");
        assert!(ids.insert(link["id"].as_str().unwrap().to_owned()));
    }
    for item in items {
        // Required by the model: id (an IRI), type, target; bodies here are TextualBodies.
        let id = item["id"].as_str().unwrap();
        assert!(id.contains(':') && !id.contains(' '), "{id}");
        assert!(ids.insert(id.to_owned()));
        assert_eq!(item["type"], "Annotation");
        let bodies = item["body"].as_array().unwrap();
        assert!(
            bodies
                .iter()
                .all(|b| b["type"] == "TextualBody" && b["value"].is_string())
        );
        assert!(bodies.iter().any(|b| b["purpose"] == "tagging"));
        for b in bodies {
            assert!(
                ["tagging", "describing", "commenting"].contains(&b["purpose"].as_str().unwrap())
            );
        }
        let source = item["target"]["source"].as_str().unwrap();
        assert!(
            source.starts_with("file:///") && source.ends_with("/plan.txt"),
            "{source}"
        );
        let selectors = item["target"]["selector"].as_array().unwrap();
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap();
        let pos = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap();
        let (start, end) = (
            pos["start"].as_u64().unwrap() as usize,
            pos["end"].as_u64().unwrap() as usize,
        );
        // Code points, as the model requires.
        assert_eq!(quote["exact"], s.doc.slice(start, end));
        assert!(
            s.doc
                .slice(0, start)
                .ends_with(quote["prefix"].as_str().unwrap())
        );
        assert!(
            s.doc
                .slice(end, usize::MAX)
                .starts_with(quote["suffix"].as_str().unwrap())
        );
        assert!(humantime::parse_rfc3339(item["created"].as_str().unwrap()).is_ok());
    }
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    tag[at..].split('"').next()
}

fn xml_unescape(s: &str) -> String {
    s.replace("&#10;", "\n")
        .replace("&#9;", "\t")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[test]
fn qdpx_follows_the_refi_qda_schema_and_structure() {
    let dir = tempfile::tempdir().unwrap();
    let s = annotated_plan(dir.path(), "plan.txt");
    let out = dir.path().join("plan.qdpx");
    export_to(&s, Format::Qdpx, &out);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut project = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut project)
        .unwrap();
    assert!(project.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name="));

    // Every GUID is in the schema's GUIDType pattern; every reference points at something.
    let guid = regex::Regex::new(
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    )
    .unwrap();
    let tags: Vec<&str> = project
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap())
        .collect();
    let mut defined = HashSet::new();
    for t in &tags {
        if let Some(g) = attr(t, "guid") {
            assert!(guid.is_match(g), "{t}");
            assert!(defined.insert(g.to_owned()), "GUIDs are unique: {t}");
        }
    }
    let codes: HashSet<&str> = tags
        .iter()
        .filter(|t| t.starts_with("Code "))
        .filter_map(|t| attr(t, "guid"))
        .collect();
    let notes: HashSet<&str> = tags
        .iter()
        .filter(|t| t.starts_with("Note "))
        .filter_map(|t| attr(t, "guid"))
        .collect();
    for name in [
        "Figure",
        "Entity",
        "Org",
        "Place",
        "Person",
        "Work",
        "Commitment",
    ] {
        assert!(
            tags.iter().any(|t| t.starts_with("Code ")
                && attr(t, "name") == Some(name)
                && attr(t, "isCodable").is_some()),
            "code {name}"
        );
    }
    for t in &tags {
        if let Some(target) = attr(t, "targetGUID") {
            assert!(guid.is_match(target));
            if t.starts_with("CodeRef") {
                assert!(codes.contains(target), "{t}");
            } else if t.starts_with("NoteRef") {
                assert!(notes.contains(target), "{t}");
            }
        }
    }
    assert_eq!(
        notes.len(),
        s.annotations()
            .iter()
            .filter(|a| !a.note.is_empty())
            .count()
    );

    // The source is in the zip, UTF-8 with \n only, and selections are code point ranges of it.
    let source_tag = tags.iter().find(|t| t.starts_with("TextSource ")).unwrap();
    let path = attr(source_tag, "plainTextPath").unwrap();
    let inner = path.strip_prefix("internal://").unwrap();
    let mut source = String::new();
    zip.by_name(&format!("Sources/{inner}"))
        .unwrap()
        .read_to_string(&mut source)
        .unwrap();
    assert_eq!(source, s.doc.text());
    assert!(!source.contains('\r'));
    let chars: Vec<char> = source.chars().collect();
    let selections: Vec<&&str> = tags
        .iter()
        .filter(|t| t.starts_with("PlainTextSelection "))
        .collect();
    assert_eq!(selections.len(), s.annotations().len());
    for t in &selections {
        let start: usize = attr(t, "startPosition").unwrap().parse().unwrap();
        let end: usize = attr(t, "endPosition").unwrap().parse().unwrap();
        let text: String = chars[start..end].iter().collect();
        assert_eq!(text, xml_unescape(attr(t, "name").unwrap()));
    }
    // Links join two selections.
    let selection_guids: HashSet<&str> =
        selections.iter().filter_map(|t| attr(t, "guid")).collect();
    let links: Vec<&&str> = tags.iter().filter(|t| t.starts_with("Link ")).collect();
    assert_eq!(links.len(), s.relations().len());
    for t in links {
        assert!(
            selection_guids.contains(attr(t, "originGUID").unwrap()),
            "{t}"
        );
        assert!(
            selection_guids.contains(attr(t, "targetGUID").unwrap()),
            "{t}"
        );
        assert_eq!(attr(t, "direction"), Some("OneWay"));
    }

    // Against the schema itself, where xmllint is installed (libxml2-utils).
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/refi-qda/Project-mrt2019.xsd");
    let qde = dir.path().join("project.qde");
    std::fs::write(&qde, &project).unwrap();
    match std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(&qde)
        .output()
    {
        Ok(o) => assert!(
            o.status.success(),
            "project.qde does not validate against Project.xsd:\n{}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(_) if std::env::var_os("GLOSS_REQUIRE_XMLLINT").is_none() => {
            eprintln!("xmllint not found: schema validation skipped (structure checked above)")
        }
        Err(e) => panic!("xmllint is required (GLOSS_REQUIRE_XMLLINT is set): {e}"),
    }
}

#[test]
fn conll_is_per_character_and_reports_overlaps_it_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = annotated_plan(dir.path(), "plan.txt");
    // An organisation overlapping another entity: one entity column cannot hold both.
    let overlapping = annotate(&s, "湖区工信", 0, entity(EntityType::Org), "");
    let overlapping_id = overlapping.id.0.clone();
    s.apply(Command::Create(overlapping));
    let r = render_one(&s, Format::Conll, &ExportOptions::default());
    let text = String::from_utf8(r.files[0].bytes.clone()).unwrap();
    // The links are named as left out (CoNLL cannot hold them), then the overlap.
    let (links, others): (Vec<_>, Vec<_>) = r
        .warnings
        .iter()
        .partition(|w| w.message.contains("cannot hold links"));
    assert_eq!(links.len(), s.relations().len(), "{:?}", r.warnings);
    assert_eq!(others.len(), 1, "{:?}", r.warnings);
    assert_eq!(others[0].id, overlapping_id);
    assert!(others[0].message.contains("overlaps"));
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("-DOCSTART-"))
        .map(|l| l.split(' ').collect())
        .collect();
    assert!(
        rows.iter()
            .all(|r| r.len() == 4 && r[0].chars().count() == 1),
        "one character a line, four columns"
    );
    let non_space = s.doc.text().chars().filter(|c| !c.is_whitespace()).count();
    assert_eq!(rows.len(), non_space);
    let tagged: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r[0], r[1], r[2])).collect();
    // 45家: figure B/I; the nested figure 3000人 inside the commitment keeps both columns.
    let i = tagged
        .iter()
        .position(|t| t.0 == "4" && t.1 == "B-FIGURE")
        .unwrap();
    assert_eq!(tagged[i + 2], ("家", "I-FIGURE", "O"));
    let j = rows
        .iter()
        .position(|r| r[0] == "3" && r[1] == "B-FIGURE")
        .unwrap();
    assert_eq!(rows[j][3], "I-COMMITMENT");
    assert!(rows.iter().any(|r| r[0] == "东" && r[2] == "B-ORG"));
}

#[test]
fn conll_english_is_one_token_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("port.txt");
    std::fs::write(&path, "The Harbour Board will invest $2bn by 2027.\n").unwrap();
    let mut s = Session::open(&path, LoadOptions::default()).unwrap();
    let a = annotate(&s, "Harbour Board", 0, entity(EntityType::Org), "");
    s.apply(Command::Create(a));
    let r = render_one(&s, Format::Conll, &ExportOptions::default());
    let text = String::from_utf8(r.files[0].bytes.clone()).unwrap();
    let tokens: Vec<&str> = text.lines().skip(2).filter(|l| !l.is_empty()).collect();
    assert_eq!(tokens[0], "The O O O");
    assert_eq!(tokens[1], "Harbour O B-ORG O");
    assert_eq!(tokens[2], "Board O I-ORG O");
    // The, Harbour, Board, will, invest, $, 2bn, by, 2027, .
    assert_eq!(tokens.len(), 10, "{text}");
    assert_eq!(tokens[5], "$ O O O");
}

#[test]
fn suggestions_leave_out_rejected_and_already_annotated_spans() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.txt");
    std::fs::write(
        &path,
        "全区新增企业45家，完成投资128.6亿元，新建厂房3万平方米。\n",
    )
    .unwrap();
    let mut s = Session::open(&path, LoadOptions::default()).unwrap();
    let options = ExportOptions {
        kinds: vec![Kind::Figure],
        include_suggestions: true,
        excel_bom: false,
        ..ExportOptions::default()
    };
    let before = ExportDoc::from_session(
        &s,
        &options,
        &review::pending_exports(&s, &[Kind::Figure]).0,
    );
    let suggested: Vec<(usize, usize)> = before
        .records
        .iter()
        .filter(|r| r.status == Status::Suggestion)
        .map(|r| (r.annotation.start, r.annotation.end))
        .collect();
    assert!(suggested.len() >= 3, "{suggested:?}");
    let (a0, a1) = find(s.doc.text(), "45家", 0);
    let (r0, r1) = find(s.doc.text(), "128.6亿元", 0);
    assert!(suggested.contains(&(a0, a1)) && suggested.contains(&(r0, r1)));
    s.apply(Command::Create(Annotation::new(
        &s.doc,
        a0,
        a1,
        figure(45.0, "家"),
    )));
    s.apply(Command::Reject(Rejection {
        kind: Kind::Figure,
        start: r0,
        end: r1,
        quote: "128.6亿元".into(),
    }));
    let after = ExportDoc::from_session(
        &s,
        &options,
        &review::pending_exports(&s, &[Kind::Figure]).0,
    );
    let spans: Vec<(usize, usize, Status)> = after
        .records
        .iter()
        .map(|r| (r.annotation.start, r.annotation.end, r.status))
        .collect();
    assert!(spans.contains(&(a0, a1, Status::Annotation)));
    assert!(
        !spans.contains(&(a0, a1, Status::Suggestion)),
        "duplicate of an annotation"
    );
    assert!(!spans.iter().any(|s| (s.0, s.1) == (r0, r1)), "rejected");
    assert_eq!(spans.len(), suggested.len() - 1);
    let jsonl = String::from_utf8(
        interchange::render(&[after], Format::Jsonl, &options)
            .unwrap()
            .files[0]
            .bytes
            .clone(),
    )
    .unwrap();
    assert!(jsonl.contains("\"status\": \"suggestion\""));
    // Suggestions are not imported as annotations.
    let parsed = import::parse(
        ImportFormat::Jsonl,
        &jsonl,
        "plan.txt",
        Path::new("x.jsonl"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(parsed.items.len(), 1);
    assert_eq!(parsed.suggestions, spans.len() - 1);
}

#[test]
fn import_reanchors_reports_orphans_and_filters_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = fresh_copy(dir.path(), "plan.txt");
    let (start, end) = find(s.doc.text(), "45家", 0);
    let src = dir.path().join("gold.jsonl");
    std::fs::write(
        &src,
        format!(
            concat!(
                "{{\"doc\": \"plan.txt\", \"kind\": \"figure\", \"start\": {s}, \"end\": {e}, \"text\": \"45家\", \"value\": 45.0, \"unit\": \"家\"}}\n",
                // Offsets off by three: moved to where its text is.
                "{{\"doc\": \"plan.txt\", \"kind\": \"entity\", \"start\": 3, \"end\": 9, \"text\": \"东湖区工信局\", \"type\": \"org\"}}\n",
                // Text not in the document: kept as an orphan.
                "{{\"doc\": \"plan.txt\", \"kind\": \"entity\", \"start\": 0, \"end\": 3, \"text\": \"西山县\", \"type\": \"place\"}}\n",
                "{{\"doc\": \"other.txt\", \"kind\": \"entity\", \"start\": 0, \"end\": 3, \"text\": \"东湖区\", \"type\": \"place\"}}\n",
            ),
            s = start,
            e = end
        ),
    )
    .unwrap();
    let report =
        import::import_into(&mut s, ImportFormat::Jsonl, &src, &Default::default()).unwrap();
    assert_eq!(
        (
            report.read,
            report.added,
            report.exact,
            report.moved,
            report.other_docs
        ),
        (3, 3, 1, 1, 1),
        "{report}"
    );
    assert_eq!(
        report.orphaned,
        vec![(report.orphaned[0].0.clone(), "西山县".to_owned())]
    );
    let org = s
        .annotations()
        .iter()
        .find(|a| a.label == entity(EntityType::Org))
        .unwrap();
    assert_eq!(s.doc.slice(org.start, org.end), "东湖区工信局");
    assert_eq!(s.annotations().iter().filter(|a| !a.is_placed()).count(), 1);
    // Importing the gold file again adds nothing, orphans included.
    let again =
        import::import_into(&mut s, ImportFormat::Jsonl, &src, &Default::default()).unwrap();
    assert_eq!((again.added, again.duplicates), (0, 3), "{again}");

    // A malformed record refuses the whole file, naming it and the line.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"doc\": \"plan.txt\", \"kind\": \"figure\", \"start\": 0, \"end\": 2, \"text\": \"𠀾溪\"}\n{\"doc\": \"plan.txt\", \"kind\": \"thing\", \"start\": 0, \"end\": 2}\n",
    )
    .unwrap();
    let before = s.annotations().len();
    let err = import::import_into(&mut s, ImportFormat::Jsonl, &bad, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.jsonl") && err.contains("line 2") && err.contains("thing"),
        "{err}"
    );
    assert_eq!(s.annotations().len(), before);
}

#[test]
fn w3c_from_other_tools_anchors_by_quote_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = fresh_copy(dir.path(), "plan.txt");
    let src = dir.path().join("hypothesis.json");
    std::fs::write(
        &src,
        r#"[{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://example.org/a/1", "type": "Annotation",
             "body": [{"type": "TextualBody", "purpose": "tagging", "value": "place"}],
             "target": {"source": "https://example.org/plan.txt",
                        "selector": {"type": "TextQuoteSelector", "exact": "𠀾溪镇", "prefix": "发改委、", "suffix": "政府"}}}]"#,
    )
    .unwrap();
    let report = import::import_into(&mut s, ImportFormat::W3c, &src, &Default::default()).unwrap();
    assert_eq!(report.added, 1, "{report}");
    let a = s.annotations().iter().next().unwrap();
    assert_eq!(a.label, entity(EntityType::Place));
    assert_eq!(a.id.0, "https://example.org/a/1");
    // The second 𠀾溪镇 is the one the context points at.
    assert_eq!((a.start, a.end), find(s.doc.text(), "𠀾溪镇", 1));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Annotates the first occurrence of each quote found in the report and saves the sidecar.
fn annotate_sample(path: &Path, quotes: &[(&str, Label)]) -> usize {
    let mut s = Session::open(path, LoadOptions::default()).unwrap();
    let mut n = 0;
    for (quote, label) in quotes {
        if s.doc.text().contains(quote) {
            let a = annotate(&s, quote, 0, label.clone(), "");
            s.apply(Command::Create(a));
            n += 1;
        }
    }
    s.save().unwrap();
    n
}

#[test]
#[cfg(feature = "gui")]
fn folder_export_over_sample_docs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sample_docs");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_docs"),
        &root,
    );
    // Start without the ready-made sample sidecars: this test decides which reports have one.
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.to_string_lossy().ends_with(".gloss.ron") {
                std::fs::remove_file(path).unwrap();
            }
        }
    }
    let wanted = [
        ("临江市", entity(EntityType::Place)),
        ("臨江", entity(EntityType::Place)),
        ("青岚", entity(EntityType::Place)),
        ("Linhai", entity(EntityType::Place)),
    ];
    let chosen: Vec<PathBuf> = vec![
        root.join("linjiang-plan-2025.txt"),
        root.join("linjiang-plan-2025.gb18030.txt"),
        root.join("harbour-report-en.txt"),
        root.join("sources/qinglan-briefing.txt"),
    ];
    let mut expected = 0;
    for p in &chosen {
        expected += annotate_sample(p, &wanted);
    }
    let found = annotated_reports(std::slice::from_ref(&root)).unwrap();
    let names: Vec<&str> = found.iter().map(|f| f.rel_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "harbour-report-en.txt",
            "linjiang-plan-2025.gb18030.txt",
            "linjiang-plan-2025.txt",
            "sources/qinglan-briefing.txt"
        ],
        "sorted, only reports with a sidecar, subfolders included"
    );

    // Combined: one CSV for all.
    let out = dir.path().join("all.csv");
    let args = [
        "export".to_owned(),
        root.display().to_string(),
        "--format".to_owned(),
        "csv".to_owned(),
        "--out".to_owned(),
        out.display().to_string(),
        "--kinds".to_owned(),
        "figure,entity,commitment".to_owned(),
    ];
    let run = gloss_with(&args);
    assert!(run.ok, "{}", run.stderr);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let docs: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert_eq!(docs.len(), expected);
    assert!(
        docs.contains(&"sources/qinglan-briefing.txt".to_owned())
            || docs.contains(&"qinglan-briefing.txt".to_owned())
    );

    // Per report: one W3C file each, folder structure kept.
    let w3c_dir = dir.path().join("w3c");
    let args = [
        "export".to_owned(),
        root.display().to_string(),
        "--format".to_owned(),
        "w3c".to_owned(),
        "--out".to_owned(),
        w3c_dir.display().to_string(),
        "--kinds".to_owned(),
        "entity".to_owned(),
    ];
    let run = gloss_with(&args);
    assert!(run.ok, "{}", run.stderr);
    for f in &found {
        assert!(
            w3c_dir.join(format!("{}.jsonld", f.rel_name)).is_file(),
            "{}",
            f.rel_name
        );
    }

    // brat into the reports' own folder would overwrite a report: refused.
    let args = [
        "export".to_owned(),
        root.join("linjiang-plan-2025.gb18030.txt")
            .display()
            .to_string(),
        "--format".to_owned(),
        "brat".to_owned(),
        "--out".to_owned(),
        root.display().to_string(),
        "--kinds".to_owned(),
        "entity".to_owned(),
    ];
    let run = gloss_with(&args);
    assert!(!run.ok);
    let err = run.stderr;
    assert!(err.contains("refusing to overwrite"), "{err}");
    assert_eq!(
        std::fs::read(root.join("linjiang-plan-2025.gb18030.txt")).unwrap(),
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("sample_docs/linjiang-plan-2025.gb18030.txt")
        )
        .unwrap(),
        "the report is untouched"
    );

    // A folder with no sidecars is an error that names it.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let err = annotated_reports(&[empty]).unwrap_err().to_string();
    assert!(err.contains("empty"), "{err}");
}

#[test]
fn markdown_report_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let s = annotated_plan(dir.path(), "plan.txt");
    let r = render_one(&s, Format::Markdown, &ExportOptions::default());
    let md = String::from_utf8(r.files[0].bytes.clone()).unwrap();
    insta::assert_snapshot!(md);
}

#[test]
fn html_report_is_self_contained_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let s = annotated_plan(dir.path(), "plan.txt");
    let html = String::from_utf8(
        render_one(&s, Format::Html, &ExportOptions::default()).files[0]
            .bytes
            .clone(),
    )
    .unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<meta charset=\"utf-8\">"));
    assert!(
        !html.contains("src=") && !html.contains("href="),
        "no external resources"
    );
    assert!(html.contains("12,860,000,000"), "normalised value, grouped");
    assert!(html.contains("City Council | 市政府"));
    assert!(
        html.contains("check, &quot;revised&quot;"),
        "notes are escaped"
    );
    assert!(html.contains("Organisations (2 names, 2 mentions)"));
}

#[cfg(feature = "gui")]
fn gloss_with(args: &[String]) -> crate::common::Run {
    crate::common::gloss(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn every_export_says_where_an_annotation_sits_in_the_outline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outline.txt");
    std::fs::write(
        &path,
        "前言。\n一、主要目标\n（一）规模目标\n1.新增规上企业45家。\n（二）投资目标\n完成投资128.6亿元。\n",
    )
    .unwrap();
    let mut s = Session::open(&path, LoadOptions::default()).unwrap();
    let figure = |v: f64| Label::Figure {
        value: Some(v),
        unit: "元".into(),
    };
    let a = annotate(&s, "45家", 0, figure(45.0), "");
    let b = annotate(&s, "128.6亿元", 0, figure(1.286e10), "");
    s.apply(Command::Batch(vec![Command::Create(a), Command::Create(b)]));
    let rendered = |format: Format| {
        let out = dir.path().join(format!("out-{format:?}"));
        let summary = export_to(&s, format, &out);
        std::fs::read_to_string(&summary.written[0]).unwrap()
    };
    let jsonl = rendered(Format::Jsonl);
    let sections: Vec<String> = jsonl
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["section"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(sections, ["一、 › （一） › 1.", "一、 › （二）"]);
    let csv = rendered(Format::Csv);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .ends_with(",一、 › （一） › 1.,"),
        "{csv}"
    );
    let w3c = rendered(Format::W3c);
    assert!(w3c.contains("\"section: 一、 › （二）\""), "{w3c}");
    let report = rendered(Format::Markdown);
    assert!(
        report.contains("| Section |") && report.contains("一、 › （一） › 1."),
        "{report}"
    );
}

#[test]
fn a_file_of_links_only_links_the_annotations_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let s = annotated_plan(dir.path(), "plan.txt");
    let mut fresh = fresh_copy(dir.path(), "plan.txt");
    // The annotations first (without their links), then a file holding only links.
    let jsonl = export_to(&s, Format::Jsonl, &dir.path().join("all.jsonl"));
    let all = std::fs::read_to_string(&jsonl.written[0]).unwrap();
    let (links, records): (Vec<&str>, Vec<&str>) = all
        .lines()
        .partition(|l| l.contains("\"kind\": \"relation\""));
    let records_only = dir.path().join("records.jsonl");
    std::fs::write(&records_only, records.join("\n")).unwrap();
    import::import_into(
        &mut fresh,
        ImportFormat::Jsonl,
        &records_only,
        &Default::default(),
    )
    .unwrap();
    assert!(fresh.relations().is_empty());
    let links_only = dir.path().join("links.jsonl");
    let dangling = r#"{"doc": "plan.txt", "kind": "relation", "type": "actor", "from": "nowhere", "to": "nothing"}"#;
    std::fs::write(
        &links_only,
        [links.join("\n").as_str(), dangling].join("\n"),
    )
    .unwrap();
    let report = import::import_into(
        &mut fresh,
        ImportFormat::Jsonl,
        &links_only,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(report.links, 3, "{report}");
    assert_eq!(fresh.relations(), s.relations());
    assert_eq!(
        report.ignored.get("relation(s) to records not imported"),
        Some(&1),
        "{report}"
    );
}
