//! Data from other annotation tools: brat files as real corpora write them (their own NER labels,
//! events and relations with attributes and notes, discontinuous spans, one file per annotator
//! numbered from T1) and W3C annotations from clients that do not tag (plain highlights,
//! selectors refined inside a fragment). The fixtures are written here in those tools' shapes;
//! `real_files_from_gloss_interop_dir` runs the same checks over real brat corpora and the W3C
//! test suite's samples when `GLOSS_INTEROP_DIR` names a folder holding them (`brat/`, `w3c/`;
//! their licences keep them out of the repository).

use crate::common::find;
use gloss::annotation::anchor::AnchorState;
use gloss::annotation::{Annotation, EntityType, Label};
use gloss::document::loader::LoadOptions;
use gloss::interchange::import::{self, ImportFormat, ImportOptions, ImportReport};
use gloss::session::Session;
use std::path::Path;

const NEWS: &str = "Maria Lopez met the board of Acme Corporation in Madrid, Spain, on Monday.\n\
The Tour de Lune festival drew 12 million visitors to North and South America.\n";

fn open(dir: &Path, text: &str) -> Session {
    let path = dir.join("news.txt");
    std::fs::write(&path, text).unwrap();
    Session::open(&path, LoadOptions::default()).unwrap()
}

fn import_brat(
    s: &mut Session,
    dir: &Path,
    name: &str,
    ann: &str,
    options: &ImportOptions,
) -> ImportReport {
    let src = dir.join(name);
    std::fs::write(&src, ann).unwrap();
    import::import_into(s, ImportFormat::Brat, &src, options).unwrap()
}

/// `T<n>⇥TYPE start end⇥text` for the `nth` occurrence of `quote`.
fn t_line(n: usize, type_name: &str, quote: &str) -> String {
    let (s, e) = find(NEWS, quote, 0);
    format!("T{n}\t{type_name} {s} {e}\t{quote}\n")
}

fn entity(s: &Session, quote: &str) -> Option<EntityType> {
    s.annotations()
        .iter()
        .find(|a| a.quote == quote)
        .and_then(|a| match a.label {
            Label::Entity { entity_type } => Some(entity_type),
            _ => None,
        })
}

#[test]
fn common_ner_labels_map_to_gloss_types_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path(), NEWS);
    let ann = [
        t_line(1, "PER", "Maria Lopez"),
        t_line(2, "Organization", "Acme Corporation"),
        t_line(3, "LOC", "Madrid"),
        t_line(4, "GPE", "Spain"),
        t_line(5, "MISC", "Tour de Lune"),
        t_line(6, "Money", "12 million"),
    ]
    .concat();
    let report = import_brat(&mut s, dir.path(), "a.ann", &ann, &ImportOptions::default());
    assert_eq!(
        (report.read, report.added, report.exact),
        (6, 6, 6),
        "{report}"
    );
    assert!(report.skipped.is_empty() && report.all_fitted(), "{report}");
    assert_eq!(entity(&s, "Maria Lopez"), Some(EntityType::Person));
    assert_eq!(entity(&s, "Acme Corporation"), Some(EntityType::Org));
    assert_eq!(entity(&s, "Madrid"), Some(EntityType::Place));
    assert_eq!(entity(&s, "Spain"), Some(EntityType::Place));
    assert_eq!(entity(&s, "Tour de Lune"), Some(EntityType::Work));
    let money = s
        .annotations()
        .iter()
        .find(|a| a.quote == "12 million")
        .unwrap();
    assert!(matches!(money.label, Label::Figure { .. }));
}

#[test]
fn unmapped_types_are_skipped_and_counted_mapped_taken_as_a_kind_or_refused_when_strict() {
    let dir = tempfile::tempdir().unwrap();
    let ann = [
        t_line(1, "PER", "Maria Lopez"),
        t_line(2, "Festival", "Tour de Lune"),
        t_line(3, "Festival", "Monday"),
        t_line(4, "Entity", "board"),
    ]
    .concat();

    // Default: the known type is imported, the others are counted by type — not refused.
    let mut s = open(dir.path(), NEWS);
    let report = import_brat(&mut s, dir.path(), "a.ann", &ann, &ImportOptions::default());
    assert_eq!(report.added, 1, "{report}");
    assert_eq!(report.skipped.get("Festival"), Some(&2));
    // `Entity` names no type (BioNLP uses it for sites): not guessed to be an organisation.
    assert_eq!(report.skipped.get("Entity"), Some(&1));
    assert!(!report.all_fitted());
    let text = report.to_string();
    assert!(
        text.contains("3 record(s) of types Gloss does not map skipped"),
        "{text}"
    );
    assert!(
        text.contains("2 Festival") && text.contains("--map"),
        "{text}"
    );

    // --map: the user's mapping, case-insensitive.
    let mut s = open(dir.path(), NEWS);
    let mut options = ImportOptions::default();
    options
        .add_mappings("festival=entity:work, Entity=place")
        .unwrap();
    let report = import_brat(&mut s, dir.path(), "a.ann", &ann, &options);
    assert_eq!(report.added, 4, "{report}");
    assert!(report.skipped.is_empty());
    assert_eq!(entity(&s, "Tour de Lune"), Some(EntityType::Work));
    assert_eq!(entity(&s, "board"), Some(EntityType::Place));

    // --kind: everything else as the label given.
    let mut s = open(dir.path(), NEWS);
    let options = ImportOptions {
        unmapped: Some(import::parse_label("entity:org").unwrap()),
        ..ImportOptions::default()
    };
    let report = import_brat(&mut s, dir.path(), "a.ann", &ann, &options);
    assert_eq!(report.added, 4, "{report}");
    assert_eq!(entity(&s, "Monday"), Some(EntityType::Org));
    assert_eq!(entity(&s, "Maria Lopez"), Some(EntityType::Person));

    // --strict: the file is refused whole, naming each record and how to map it.
    let mut s = open(dir.path(), NEWS);
    let src = dir.path().join("a.ann");
    let options = ImportOptions {
        strict: true,
        ..ImportOptions::default()
    };
    let err = import::import_into(&mut s, ImportFormat::Brat, &src, &options)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 2") && err.contains("\"Festival\"") && err.contains("--map"),
        "{err}"
    );
    assert!(s.annotations().is_empty());
}

#[test]
fn labels_and_mappings_are_read_or_refused_with_a_reason() {
    assert_eq!(
        import::parse_label("place").unwrap(),
        Label::Entity {
            entity_type: EntityType::Place
        }
    );
    assert!(matches!(
        import::parse_label("Figure").unwrap(),
        Label::Figure { .. }
    ));
    assert!(
        import::parse_label("entity:planet")
            .unwrap_err()
            .contains("planet")
    );
    assert!(
        import::parse_label("figure:org")
            .unwrap_err()
            .contains("only entity")
    );
    let mut options = ImportOptions::default();
    assert!(
        options
            .add_mappings("Gene")
            .unwrap_err()
            .contains("TYPE=kind")
    );
    assert!(
        options
            .add_mappings("=org")
            .unwrap_err()
            .contains("no type")
    );
}

#[test]
fn relations_become_links_and_events_and_notes_on_relations_are_counted_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path(), NEWS);
    let (ms, me) = find(NEWS, "met", 0);
    let ann = [
        t_line(1, "Person", "Maria Lopez"),
        t_line(2, "Organization", "Acme Corporation"),
        format!("T3\tMeet {ms} {me}\tmet\n"),
        "E1\tMeet:T3 Agent:T1 Partner:T2\n".to_owned(),
        "A1\tConfidence E1 High\n".to_owned(),
        "M2\tSpeculation E1\n".to_owned(),
        "R1\tEmployee Arg1:T1 Arg2:T2\t\n".to_owned(),
        "#1\tAnnotatorNotes R1\tfrom the second paragraph\n".to_owned(),
        "*\tEquiv T1 T2\n".to_owned(),
        "N1\tReference T2 Wikidata:Q1\tAcme\n".to_owned(),
        // Attributes Gloss has no field for stay with their annotation, in its note.
        "A3\tMention T1 Name\n".to_owned(),
        "A4\tIndividual T1\n".to_owned(),
        "#2\tAnnotatorNotes T1\tthe chair\n".to_owned(),
    ]
    .concat();
    let report = import_brat(&mut s, dir.path(), "a.ann", &ann, &ImportOptions::default());
    assert_eq!(report.added, 2, "{report}");
    assert_eq!(report.skipped.get("Meet"), Some(&1));
    assert_eq!(report.attributes_in_notes, 2);
    let ignored = &report.ignored;
    assert_eq!(ignored.get("event(s)"), Some(&1), "{ignored:?}");
    assert_eq!(
        ignored.get("attribute(s) on event(s)"),
        Some(&2),
        "{ignored:?}"
    );
    // The relation and the equivalence are links between the two names.
    assert_eq!(report.links, 2, "{report}");
    let kinds: Vec<String> = s.relations().iter().map(|r| r.kind.to_string()).collect();
    assert_eq!(kinds, ["same-as", "employee"]);
    assert_eq!(ignored.get("relation(s)"), None);
    assert_eq!(ignored.get("note(s) on relation(s)"), Some(&1));
    assert_eq!(ignored.get("normalisation(s)"), Some(&1));
    let text = report.to_string();
    assert!(
        text.contains("2 attribute(s) without a Gloss field kept in the notes"),
        "{text}"
    );
    assert!(
        !text.contains("relations, events"),
        "attributes are not called relations: {text}"
    );
    let maria = s
        .annotations()
        .iter()
        .find(|a| a.quote == "Maria Lopez")
        .unwrap();
    // In the order of the file.
    assert_eq!(maria.note, "Mention: Name\nIndividual\nthe chair");

    // An attribute on an id that is nowhere in the file is still an error.
    let err = import::import_into(
        &mut open(dir.path(), NEWS),
        ImportFormat::Brat,
        &{
            let p = dir.path().join("dangling.ann");
            std::fs::write(&p, t_line(1, "PER", "Maria Lopez") + "A1\tNegation T9\n").unwrap();
            p
        },
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("T9, which is not in the file"), "{err}");
}

#[test]
fn a_discontinuous_span_with_text_between_is_marked_for_checking_never_silently_widened() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path(), NEWS);
    let (north, _) = find(NEWS, "North", 0);
    let (_, america_end) = find(NEWS, "America", 0);
    let america_start = america_end - "America".len();
    let ann = format!(
        "T1\tLocation {north} {};{america_start} {america_end}\tNorth America\n",
        north + 5
    );
    let report = import_brat(&mut s, dir.path(), "a.ann", &ann, &ImportOptions::default());
    assert_eq!((report.added, report.exact), (1, 0), "{report}");
    assert_eq!(report.to_check.len(), 1, "{report}");
    assert!(
        report.to_check[0]
            .2
            .contains(&format!("{north} {};", north + 5))
    );
    assert!(report.to_string().contains("1 marked for checking"));
    let a: &Annotation = s.annotations().iter().next().unwrap();
    assert_eq!(a.anchor, AnchorState::Check);
    assert_eq!(a.quote, "North and South America");
    assert!(a.note.contains("pieces"), "the pieces are kept: {}", a.note);

    // Pieces cut only at a line break (how brat writes a span across lines) are one span.
    let text = "Acme\nCorporation opened.";
    let mut s = open(dir.path(), text);
    let ann = "T1\tORG 0 4;5 16\tAcme Corporation\n";
    let report = import_brat(&mut s, dir.path(), "b.ann", ann, &ImportOptions::default());
    assert_eq!((report.added, report.exact), (1, 1), "{report}");
    assert!(report.to_check.is_empty());
}

#[test]
fn two_annotators_files_numbered_from_t1_merge_completely() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path(), NEWS);
    let first = [
        t_line(1, "PER", "Maria Lopez"),
        t_line(2, "ORG", "Acme Corporation"),
        t_line(3, "LOC", "Madrid"),
    ]
    .concat();
    // The second annotator numbers from T1 too; one span agrees with the first file, one is
    // the same span with another type, one is new.
    let second = [
        t_line(1, "ORG", "Acme Corporation"),
        t_line(2, "GPE", "Maria Lopez"),
        t_line(3, "LOC", "Spain"),
    ]
    .concat();
    let a = import_brat(
        &mut s,
        dir.path(),
        "first.ann",
        &first,
        &ImportOptions::default(),
    );
    let b = import_brat(
        &mut s,
        dir.path(),
        "second.ann",
        &second,
        &ImportOptions::default(),
    );
    assert_eq!(a.added, 3, "{a}");
    assert_eq!((b.added, b.duplicates), (2, 1), "{b}");
    assert_eq!(s.annotations().len(), 5);
    // Importing a file again adds nothing: duplicates are the same kind, span and label.
    let again = import_brat(
        &mut s,
        dir.path(),
        "second.ann",
        &second,
        &ImportOptions::default(),
    );
    assert_eq!((again.added, again.duplicates), (0, 3), "{again}");
}

fn import_w3c(s: &mut Session, dir: &Path, json: &str, options: &ImportOptions) -> ImportReport {
    let src = dir.join("anno.jsonld");
    std::fs::write(&src, json).unwrap();
    import::import_into(s, ImportFormat::W3c, &src, options).unwrap()
}

#[test]
fn w3c_highlights_without_a_tag_are_counted_or_taken_as_the_kind_given() {
    let dir = tempfile::tempdir().unwrap();
    // A Hypothesis-style highlight: a comment body, no tag; the quote refines a fragment.
    let json = r#"[
      {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://example.org/a1",
       "type": "Annotation", "body": "http://example.org/comment1",
       "target": {"source": "http://example.org/news",
                  "selector": {"type": "FragmentSelector", "value": "para1",
                               "refinedBy": {"type": "TextQuoteSelector", "exact": "Madrid",
                                             "prefix": "Corporation in ", "suffix": ", Spain"}}}},
      {"id": "http://example.org/a2", "type": "Annotation",
       "body": {"type": "TextualBody", "purpose": "tagging", "value": "love"},
       "target": {"source": "http://example.org/news",
                  "selector": {"type": "TextQuoteSelector", "exact": "Spain"}}}
    ]"#;
    let mut s = open(dir.path(), NEWS);
    let report = import_w3c(&mut s, dir.path(), json, &ImportOptions::default());
    assert_eq!(report.added, 0);
    assert_eq!(report.skipped.get("(no tag)"), Some(&1), "{report}");
    assert_eq!(report.skipped.get("love"), Some(&1), "{report}");

    let options = ImportOptions {
        unmapped: Some(import::parse_label("place").unwrap()),
        ..ImportOptions::default()
    };
    let report = import_w3c(&mut s, dir.path(), json, &options);
    // Quote selectors give no position: found by their quote (and context), none orphaned.
    assert_eq!(report.added, 2, "{report}");
    assert!(report.all_fitted(), "{report}");
    assert_eq!(entity(&s, "Madrid"), Some(EntityType::Place));
    // The tag Gloss does not know is kept in the note.
    let spain = s.annotations().iter().find(|a| a.quote == "Spain").unwrap();
    assert!(spain.note.contains("tag: love"), "{}", spain.note);
}

#[test]
fn w3c_position_inside_a_fragment_is_imported_for_checking() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path(), NEWS);
    // A position relative to an XPath fragment: not an offset into the text.
    let json = r#"{"id": "http://example.org/a3", "type": "Annotation",
       "body": [{"type": "TextualBody", "purpose": "tagging", "value": "org"}],
       "target": {"source": "http://example.org/news",
                  "selector": {"type": "FragmentSelector", "value": "xpointer(/doc/p[2])",
                               "refinedBy": {"type": "TextPositionSelector", "start": 4, "end": 8}}}}"#;
    let report = import_w3c(&mut s, dir.path(), json, &ImportOptions::default());
    assert_eq!((report.added, report.to_check.len()), (1, 1), "{report}");
    assert!(report.to_check[0].2.contains("refinedBy"));
    let a = s.annotations().iter().next().unwrap();
    assert_eq!(a.anchor, AnchorState::Check);

    // A target with no text selector (an image region) is counted, not taken.
    let image = r#"{"id": "http://example.org/a4", "type": "Annotation",
       "body": [{"type": "TextualBody", "purpose": "tagging", "value": "org"}],
       "target": {"source": "http://example.org/photo.jpg",
                  "selector": {"type": "FragmentSelector", "value": "xywh=1,2,3,4"}}}"#;
    let report = import_w3c(&mut s, dir.path(), image, &ImportOptions::default());
    let key = "annotation(s) without a text selector";
    assert_eq!(report.ignored.get(key), Some(&1), "{report}");
    assert_eq!(report.added, 0);
}

/// Real files when `GLOSS_INTEROP_DIR` names their folder: every brat `.ann` under `brat/`
/// imports with the default mapping (nothing refused, every T line added or counted), and with
/// `--kind` every span comes back out of a brat export unchanged; the W3C samples with text
/// selectors under `w3c/samples/` import.
#[test]
fn real_files_from_gloss_interop_dir() {
    let Some(root) = std::env::var_os("GLOSS_INTEROP_DIR") else {
        eprintln!("note: GLOSS_INTEROP_DIR is not set; real brat and W3C files not checked");
        return;
    };
    let root = Path::new(&root);
    let mut files = 0;
    for entry in walk(&root.join("brat")) {
        if entry.extension().is_none_or(|e| e != "ann") {
            continue;
        }
        files += 1;
        let ann = std::fs::read_to_string(&entry).unwrap();
        let spans: Vec<(String, String)> = ann
            .lines()
            .filter(|l| l.starts_with('T'))
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let offsets = f[1].split_once(' ').unwrap().1.to_owned();
                (offsets, f.get(2).copied().unwrap_or_default().to_owned())
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("doc.txt");
        std::fs::copy(entry.with_extension("txt"), &txt).unwrap();
        let mut s = Session::open(&txt, LoadOptions::default()).unwrap();
        let report = import::import_into(
            &mut s,
            ImportFormat::Brat,
            &entry,
            &ImportOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", entry.display()));
        let skipped: usize = report.skipped.values().sum();
        assert_eq!(
            report.read + skipped,
            spans.len(),
            "{}: {report}",
            entry.display()
        );

        let mut s = Session::open(&txt, LoadOptions::default()).unwrap();
        let options = ImportOptions {
            unmapped: Some(Label::Entity {
                entity_type: EntityType::Work,
            }),
            ..ImportOptions::default()
        };
        let report = import::import_into(&mut s, ImportFormat::Brat, &entry, &options).unwrap();
        assert!(report.orphaned.is_empty(), "{}: {report}", entry.display());
        // Relations and equivalences between imported spans are links (each is one, or a link
        // already made, or counted as not taken).
        let raw_links: usize = ann
            .lines()
            .map(|l| match l.chars().next() {
                Some('R') => 1,
                Some('*') => l.split_whitespace().count().saturating_sub(3),
                _ => 0,
            })
            .sum();
        let not_taken: usize = report
            .ignored
            .iter()
            .filter(|(k, _)| k.starts_with("relation(s)"))
            .map(|(_, n)| n)
            .sum();
        assert!(
            report.links + not_taken <= raw_links,
            "{}: {report}",
            entry.display()
        );
        assert_eq!(report.links, s.relations().len());
        if raw_links > not_taken {
            assert!(report.links > 0, "{}: {report}", entry.display());
        }
        let out = dir.path().join("out");
        let summary = gloss::interchange::export_session(
            &s,
            gloss::interchange::Format::Brat,
            &Default::default(),
            &[],
            &out,
        )
        .unwrap();
        let exported = std::fs::read_to_string(
            summary
                .written
                .iter()
                .find(|p| p.extension().is_some_and(|e| e == "ann"))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            exported.lines().filter(|l| l.starts_with('R')).count(),
            s.relations().len(),
            "{}: every link is an R line",
            entry.display()
        );
        for (offsets, text) in &spans {
            let line = exported.lines().any(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                f.len() == 3
                    && f[1].split_once(' ').is_some_and(|(_, o)| o == offsets)
                    && f[2] == text
            });
            // A discontinuous span with text between its pieces comes back whole (marked for checking).
            let widened = offsets.contains(';') && !report.to_check.is_empty();
            assert!(
                line || widened,
                "{}: {offsets} {text:?} not in the export",
                entry.display()
            );
        }
    }
    assert!(files > 0, "no .ann files under GLOSS_INTEROP_DIR/brat");
    eprintln!("checked {files} brat files");

    // The W3C samples' targets are pages Gloss does not have: a text holding their quotes (and
    // long enough for anno27's position selector) stands in for them.
    let dir = tempfile::tempdir().unwrap();
    let text =
        "this is an anotation that has some text before the Selected Text and text after it. "
            .to_owned()
            + &"Filler for the position selector. ".repeat(30);
    let options = ImportOptions {
        unmapped: Some(Label::Entity {
            entity_type: EntityType::Work,
        }),
        ..ImportOptions::default()
    };
    for name in ["anno26", "anno27", "anno32", "anno41-example44"] {
        let mut s = open(dir.path(), &text);
        let src = root.join("w3c/samples").join(format!("{name}.json"));
        let report = import::import_into(&mut s, ImportFormat::W3c, &src, &options)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report.added, 1, "{name}: {report}");
        assert!(report.orphaned.is_empty(), "{name}: {report}");
    }
    eprintln!("checked 4 W3C samples");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}
