//! The headless commands, run as a user (or another tool) would: the built `gloss` binary.
#![cfg(feature = "gui")]

use crate::common::{Run, copy_sample, gloss};

/// A copy of a sample in a fresh folder, away from any sidecar or glossary beside the original.
fn sample_copy(name: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let to = copy_sample(dir.path(), name);
    (dir, to.display().to_string())
}

fn lines(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn text_prints_the_same_text_for_every_encoding_of_a_report() {
    let Run {
        stdout: utf8, ok, ..
    } = gloss(&["text", "sample_docs/linjiang-plan-2025.txt"]);
    assert!(ok);
    let Run { stdout: gb, ok, .. } = gloss(&["text", "sample_docs/linjiang-plan-2025.gb18030.txt"]);
    assert!(ok);
    assert_eq!(utf8, gb);
    assert!(!utf8.contains('\r'));
    let Run {
        stderr: err, ok, ..
    } = gloss(&["text", "sample_docs"]);
    assert!(!ok);
    assert!(err.contains("folder"), "{err}");
}

#[test]
fn suggest_prints_gold_format_spans_that_match_the_text() {
    let (_dir, file) = sample_copy("linjiang-plan-2025.txt");
    let file = file.as_str();
    let Run { stdout: text, .. } = gloss(&["text", file]);
    let chars: Vec<char> = text.chars().collect();
    let Run {
        stdout: out,
        stderr: err,
        ok,
    } = gloss(&["suggest", file]);
    assert!(ok, "{err}");
    let rows = lines(&out);
    assert!(rows.len() > 30, "{} suggestions", rows.len());
    for row in &rows {
        assert_eq!(row["doc"], "linjiang-plan-2025.txt");
        let (s, e) = (
            row["start"].as_u64().unwrap() as usize,
            row["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(row["text"], slice.as_str(), "text == doc[start:end]");
        let source = row["source"].as_str().unwrap_or_default();
        let known = ["model", "gazetteer", "rule", "learned", "consistency"];
        assert!(known.contains(&source), "source {source:?} in {row}");
        let score = row["score"].as_f64().unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&score), "score {score} in {row}");
    }
    // The base model proposes names the rules do not know.
    assert!(
        rows.iter().any(|r| r["source"] == "model"),
        "no model suggestion"
    );
    let find = |kind: &str, text: &str| {
        rows.iter()
            .find(|r| r["kind"] == kind && r["text"] == text)
            .cloned()
    };
    let figure = find("figure", "412.5亿元").expect("money figure");
    assert_eq!(figure["value"].as_f64(), Some(41_250_000_000.0));
    assert_eq!(figure["unit"], "元");
    let points = find("figure", "1.3个百分点").expect("percentage points");
    assert_eq!(points["unit"], "个百分点");
    let company = find("entity", "临江远航动力科技股份有限公司").expect("company");
    assert_eq!(company["type"], "org");
    let pledge = rows
        .iter()
        .find(|r| {
            r["kind"] == "commitment"
                && r["text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("确保全年工业投资增长10%"))
        })
        .expect("a pledge with 确保");
    assert!(pledge.get("actor").is_some() && pledge.get("deadline").is_some());
    // Its target as a link to the figure suggested inside it; a plan item's responsible units
    // as actor links to the names suggested in the line after it.
    let links = pledge["links"].as_array().expect("commitments carry links");
    let target = links
        .iter()
        .find(|l| l["type"] == "target")
        .expect("target");
    assert_eq!(target["text"], pledge["target"]);
    assert!(find("figure", target["text"].as_str().unwrap()).is_some());
    let item = rows
        .iter()
        .find(|r| r["kind"] == "commitment" && r["text"] == "1.实施链主企业培育行动。")
        .expect("a plan item");
    let actors: Vec<&str> = item["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["type"] == "actor")
        .filter_map(|l| l["text"].as_str())
        .collect();
    assert!(actors.contains(&"市工业和信息化局"), "{item}");
    for row in &rows {
        for l in row["links"].as_array().into_iter().flatten() {
            let (s, e) = (
                l["start"].as_u64().unwrap() as usize,
                l["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(l["text"], chars[s..e].iter().collect::<String>().as_str());
        }
    }
    // Not figures: a document number, a date in full-width digits, a rank.
    for not_figure in ["12号", "２０２５年", "３月", "第二"] {
        assert!(
            !rows
                .iter()
                .any(|r| r["kind"] == "figure" && r["text"].as_str().unwrap().contains(not_figure)),
            "{not_figure} must not be a figure"
        );
    }
}

#[test]
fn suggest_kinds_filter_and_unknown_kind_error() {
    let (_dir, file) = sample_copy("qinglan-news-zh-hant.big5.txt");
    let Run {
        stdout: out, ok, ..
    } = gloss(&["suggest", &file, "--kinds", "figure"]);
    assert!(ok);
    let rows = lines(&out);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["kind"] == "figure"));
    assert!(rows.iter().any(|r| r["text"] == "18.6億元"));
    let Run {
        stderr: err, ok, ..
    } = gloss(&[
        "suggest",
        "sample_docs/harbour-report-en.txt",
        "--kinds",
        "money",
    ]);
    assert!(!ok);
    assert!(err.contains("unknown kind"), "{err}");
}

#[test]
fn suggest_reads_an_english_report_with_english_rules() {
    let (_dir, file) = sample_copy("harbour-report-en.txt");
    let Run {
        stdout: out, ok, ..
    } = gloss(&["suggest", &file, "--kinds", "entity,commitment"]);
    assert!(ok);
    let rows = lines(&out);
    let entity = |text: &str, ty: &str| {
        rows.iter()
            .any(|r| r["kind"] == "entity" && r["text"] == text && r["type"] == ty)
    };
    assert!(entity("Kestrel Bay City Council", "org"), "{out}");
    assert!(entity("Helen Okafor", "person"), "{out}");
    assert!(
        entity("Harbour District Revitalisation Plan", "work"),
        "{out}"
    );
    assert!(entity("Port of Kestrel Bay", "place"), "{out}");
    // The Chinese model reads nothing into English ("The" is no person).
    assert!(!rows.iter().any(|r| r["text"] == "The"), "{out}");
    let pledge = rows
        .iter()
        .find(|r| r["kind"] == "commitment" && r["actor"] == "The Authority")
        .unwrap_or_else(|| panic!("the Authority's pledge: {out}"));
    assert_eq!(pledge["deadline"], "by the end of 2025");
    // The first phase's results are no pledges.
    assert!(
        !rows.iter().any(|r| r["kind"] == "commitment"
            && r["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("The first phase"))),
        "{out}"
    );
}

#[test]
fn help_lists_the_command_line_contract() {
    let Run {
        stdout: out, ok, ..
    } = gloss(&["--help"]);
    assert!(ok);
    for word in ["text", "suggest", "--screenshot"] {
        assert!(out.contains(word), "--help lacks {word}:\n{out}");
    }
    let Run {
        stderr: err, ok, ..
    } = gloss(&["--no-such-flag"]);
    assert!(!ok);
    assert!(err.contains("--no-such-flag"));
}

#[test]
fn import_maps_types_takes_others_as_a_kind_and_refuses_only_when_strict() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("news.txt");
    std::fs::write(&txt, "Maria Lopez visited Acme Corporation in Madrid.\n").unwrap();
    let ann = dir.path().join("news.ann");
    std::fs::write(
        &ann,
        "T1\tPER 0 11\tMaria Lopez\nT2\tCompanyName 20 36\tAcme Corporation\nT3\tCity 40 46\tMadrid\n",
    )
    .unwrap();
    let (txt, ann) = (txt.display().to_string(), ann.display().to_string());
    let import = |extra: &[&str]| {
        let mut args = vec![
            "import",
            txt.as_str(),
            "--from",
            "brat",
            ann.as_str(),
            "--dry-run",
        ];
        args.extend_from_slice(extra);
        gloss(&args)
    };
    let run = import(&[]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("added 2"), "{}", run.stdout);
    assert!(run.stdout.contains("1 CompanyName"), "{}", run.stdout);

    let run = import(&["--map", "CompanyName=entity:org"]);
    assert!(run.ok && run.stdout.contains("added 3"), "{}", run.stdout);
    let run = import(&["--kind", "entity:work"]);
    assert!(run.ok && run.stdout.contains("added 3"), "{}", run.stdout);

    let run = import(&["--strict"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("line 2") && run.stderr.contains("CompanyName"),
        "{}",
        run.stderr
    );
    let run = import(&["--map", "CompanyName"]);
    assert!(
        !run.ok && run.stderr.contains("--map CompanyName"),
        "{}",
        run.stderr
    );
    let run = import(&["--kind", "planet"]);
    assert!(!run.ok && run.stderr.contains("planet"), "{}", run.stderr);

    // The spans, then a file of links only between them: saved too.
    let run = gloss(&["import", txt.as_str(), "--from", "brat", ann.as_str()]);
    assert!(run.ok && run.stdout.contains("saved"), "{}", run.stdout);
    let sidecar =
        gloss::store::Sidecar::load(&gloss::store::Sidecar::path_for(std::path::Path::new(&txt)))
            .unwrap()
            .unwrap();
    let id = |quote: &str| {
        sidecar
            .annotations
            .iter()
            .find(|a| a.quote == quote)
            .unwrap()
            .id
            .0
            .clone()
    };
    let links = dir.path().join("links.jsonl");
    std::fs::write(
        &links,
        format!(
            "{{\"kind\": \"relation\", \"type\": \"located-in\", \"from\": \"{}\", \"to\": \"{}\"}}\n",
            id("Maria Lopez"),
            id("Madrid")
        ),
    )
    .unwrap();
    let links = links.display().to_string();
    let run = gloss(&["import", txt.as_str(), "--from", "jsonl", links.as_str()]);
    assert!(run.ok, "{}", run.stderr);
    assert!(
        run.stdout.contains("1 link(s)") && run.stdout.contains("saved"),
        "{}",
        run.stdout
    );
    let sidecar =
        gloss::store::Sidecar::load(&gloss::store::Sidecar::path_for(std::path::Path::new(&txt)))
            .unwrap()
            .unwrap();
    assert_eq!(sidecar.relations.len(), 1);
    assert_eq!(sidecar.relations[0].kind.as_str(), "located-in");
}

#[test]
fn entities_lists_each_body_under_its_full_name_with_its_aliases() {
    use gloss::annotation::{Annotation, EntityType, Label};
    use gloss::document::loader::LoadOptions;
    use gloss::session::{Command, Session};
    let dir = tempfile::tempdir().unwrap();
    let reports = [
        (
            "plan.txt",
            "临江市科学技术和工业信息化局牵头，临江市科工信局负责，市科工信局配合。\n",
            &[
                "临江市科学技术和工业信息化局",
                "临江市",
                "临江市科工信局",
                "市科工信局",
            ][..],
        ),
        (
            "review.txt",
            "臨江市科工信局完成了任务。\n",
            &["臨江市科工信局"][..],
        ),
    ];
    for (name, text, names) in reports {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let mut s = Session::open(&path, LoadOptions::default()).unwrap();
        let commands = names
            .iter()
            .map(|quote| {
                let (start, end) = crate::common::find(text, quote, 0);
                let entity_type = if *quote == "临江市" {
                    EntityType::Place
                } else {
                    EntityType::Org
                };
                Command::Create(Annotation::new(
                    &s.doc,
                    start,
                    end,
                    Label::Entity { entity_type },
                ))
            })
            .collect();
        s.apply(Command::Batch(commands));
        s.save().unwrap();
    }
    let folder = dir.path().display().to_string();
    let run = gloss(&["entities", &folder, "--json"]);
    assert!(run.ok, "{}", run.stderr);
    let bureau = lines(&run.stdout)
        .into_iter()
        .find(|v| v["name"] == "临江市科学技术和工业信息化局")
        .expect("the full name is the entity");
    assert_eq!(bureau["type"], "org");
    assert_eq!(bureau["total"], 4);
    assert_eq!(bureau["mentions"]["review.txt"], 1);
    let aliases: Vec<(String, String)> = bureau["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().into(),
                a["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    for (name, reason) in [
        ("临江市科工信局", "abbreviation"),
        ("臨江市科工信局", "spelling"),
        ("市科工信局", "place-left-out"),
    ] {
        assert!(
            aliases.contains(&(name.into(), reason.into())),
            "{aliases:?}"
        );
    }
    // The readable form says the same.
    let run = gloss(&["entities", &folder]);
    assert!(
        run.stdout
            .contains("临江市科学技术和工业信息化局 [org] (also"),
        "{}",
        run.stdout
    );
    // A folder without annotated reports is an error naming it.
    let empty = tempfile::tempdir().unwrap();
    let run = gloss(&["entities", &empty.path().display().to_string()]);
    assert!(
        !run.ok && run.stderr.contains("no report with a sidecar"),
        "{}",
        run.stderr
    );
}
