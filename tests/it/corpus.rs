//! A folder of reports taken together: `gloss entities` and `gloss commitments` on the series
//! written for this (`sample_docs/linjiang-2025/`: a city's plan, its mid-year and its year-end
//! report, annotated).

use crate::common::gloss;
use serde_json::Value;
use std::path::Path;

const SERIES: &str = "sample_docs/linjiang-2025";

fn tracks(dir: &str) -> Vec<Value> {
    let run = gloss(&["commitments", dir, "--json"]);
    assert!(run.ok, "{}", run.stderr);
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The track whose first pledge is `text`, as `(status, [(role, text)])`.
fn track(tracks: &[Value], indicator: &str, pledged: &str) -> (String, Vec<(String, String)>) {
    let t = tracks
        .iter()
        .find(|t| t["indicator"] == indicator && t["members"][0]["text"] == pledged)
        .unwrap_or_else(|| panic!("no track {indicator} {pledged} in {tracks:#?}"));
    let members = t["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["role"].as_str().unwrap().to_owned(),
                format!(
                    "{} {}",
                    m["doc"].as_str().unwrap(),
                    m["text"].as_str().unwrap()
                ),
            )
        })
        .collect();
    let status = t["confirmed"]
        .as_str()
        .unwrap_or(t["proposed"].as_str().unwrap());
    (status.to_owned(), members)
}

fn pair(role: &str, what: &str) -> (String, String) {
    (role.to_owned(), what.to_owned())
}

#[test]
fn pledges_are_followed_from_plan_to_mid_year_to_year_end() {
    let all = tracks(SERIES);
    // Reached by the year-end report, though not at mid-year.
    assert_eq!(
        track(&all, "新增规模以上工业企业", "100家"),
        (
            "met".into(),
            vec![
                pair("pledge", "1-plan.txt 100家"),
                pair("result", "2-midyear.txt 46家"),
                pair("result", "3-yearend.txt 104家"),
            ]
        )
    );
    // Short of the pledge in a report dated after the deadline: missed.
    assert_eq!(track(&all, "工业投资增长", "10%").0, "missed");
    assert_eq!(track(&all, "新建省级智能工厂", "8家").0, "missed");
    // The indicator, not the verb: 突破150亿元 is followed by 完成68.5亿元 and 152.6亿元.
    assert_eq!(
        track(&all, "技术改造投资", "150亿元"),
        (
            "met".into(),
            vec![
                pair("pledge", "1-plan.txt 150亿元"),
                pair("result", "2-midyear.txt 68.5亿元"),
                pair("result", "3-yearend.txt 152.6亿元"),
            ]
        )
    );
    // The mid-year report restates the pledge under the body's short name (市工信局 is an
    // alias of 临江市工业和信息化局); the qualifier 500万元以上 is not a target.
    let (status, members) = track(&all, "实施技术改造项目", "300个");
    assert_eq!(status, "met");
    assert!(
        members.contains(&pair("pledge", "2-midyear.txt 300个")),
        "{members:?}"
    );
    assert!(
        members.contains(&pair("result", "3-yearend.txt 311个")),
        "{members:?}"
    );
    assert!(all.iter().all(|t| t["members"][0]["text"] != "500万元"));
    // Another body's pledge is its own track; next year's pledge has no later report yet.
    assert_eq!(
        track(&all, "各区县要新增规模以上工业企业", "60家").1.len(),
        1
    );
    assert_eq!(
        track(&all, "规模以上工业增加值增长", "7.5%").0,
        "no-later-report"
    );
    let t = all
        .iter()
        .find(|t| t["members"][0]["text"] == "300个")
        .unwrap();
    assert_eq!(t["actor"], "临江市工业和信息化局");
}

#[test]
fn the_users_decisions_on_tracks_live_in_the_workspace_and_export_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(SERIES)).unwrap() {
        let from = entry.unwrap().path();
        std::fs::copy(&from, dir.path().join(from.file_name().unwrap())).unwrap();
    }
    let folder = dir.path().display().to_string();
    let all = tracks(&folder);
    let subsidy = all
        .iter()
        .find(|t| t["indicator"] == "按设备投资额的")
        .expect("the subsidy rate is proposed as a track");
    let id = subsidy["id"].as_str().unwrap();
    let invest = all
        .iter()
        .find(|t| t["indicator"] == "工业投资增长")
        .unwrap();
    std::fs::write(
        dir.path().join("gloss-workspace.ron"),
        format!(
            "(tracks: {{\"{id}\": dismissed, \"{}\": partly}})",
            invest["id"].as_str().unwrap()
        ),
    )
    .unwrap();
    let all = tracks(&folder);
    let by_id = |id: &Value| all.iter().find(|t| t["id"] == *id).unwrap().clone();
    assert_eq!(by_id(&subsidy["id"])["confirmed"], "dismissed");
    assert_eq!(by_id(&invest["id"])["confirmed"], "partly");
    assert_eq!(by_id(&invest["id"])["proposed"], "missed");
    let csv = gloss(&["commitments", &folder, "--csv"]);
    assert!(csv.ok, "{}", csv.stderr);
    let mut lines = csv.stdout.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("track,actor,indicator,unit,deadline,status")
    );
    assert!(
        csv.stdout
            .contains("工业投资增长,%,全年 2025,partly,yes,3-yearend.txt,2026-01-15,result,9.2%"),
        "{}",
        csv.stdout
    );
    // A damaged decisions file is an error naming it, and is left alone.
    std::fs::write(dir.path().join("gloss-workspace.ron"), "(tracks: {").unwrap();
    let bad = gloss(&["commitments", &folder]);
    assert!(
        !bad.ok && bad.stderr.contains("gloss-workspace.ron"),
        "{}",
        bad.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("gloss-workspace.ron")).unwrap(),
        "(tracks: {"
    );
}

#[test]
fn the_series_bodies_are_one_entity_under_their_full_name() {
    let run = gloss(&["entities", SERIES, "--json"]);
    assert!(run.ok, "{}", run.stderr);
    let bureau: Value = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|e| e["name"] == "临江市工业和信息化局")
        .unwrap();
    let aliases: Vec<&str> = bureau["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(aliases, vec!["市工业和信息化局", "市工信局"]);
    assert_eq!(bureau["mentions"].as_object().unwrap().len(), 3);
}

#[test]
fn exports_write_each_entitys_name_across_the_reports() {
    let run = gloss(&["export", SERIES, "--format", "jsonl"]);
    assert!(run.ok, "{}", run.stderr);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let short = lines
        .iter()
        .find(|l| l["text"] == "市工信局" && l["kind"] == "entity")
        .unwrap();
    assert_eq!(short["canonical"], "临江市工业和信息化局");
    assert!(
        lines
            .iter()
            .filter(|l| l["kind"] != "entity")
            .all(|l| l.get("canonical").is_none())
    );
    let csv = gloss(&["export", SERIES, "--format", "csv"]);
    assert!(
        csv.stdout
            .lines()
            .next()
            .unwrap()
            .ends_with(",section,canonical")
    );
    assert!(csv.stdout.contains(",市工信局,") && csv.stdout.contains(",临江市工业和信息化局\r\n"));
    let midyear = format!("{SERIES}/2-midyear.txt");
    let w3c = gloss(&["export", &midyear, "--format", "w3c"]);
    assert!(
        w3c.stdout
            .contains("\"value\":\"canonical: 临江市工业和信息化局\"")
            || w3c
                .stdout
                .contains("\"value\": \"canonical: 临江市工业和信息化局\""),
        "{}",
        &w3c.stdout[..400.min(w3c.stdout.len())]
    );
}

#[test]
fn the_html_report_of_a_folder_ends_with_its_tracks() {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().display().to_string();
    let run = gloss(&["export", SERIES, "--format", "html", "--out", &dest]);
    assert!(run.ok, "{}", run.stderr);
    let html = std::fs::read_to_string(out.path().join("annotations.html")).unwrap();
    let tracks = &html[html
        .find("<h2>Commitments tracked across reports</h2>")
        .expect("the tracks' table")..];
    assert!(tracks.contains("<td>工业投资增长</td><td>全年 2025</td><td>10% (2025-03-18)</td><td>8.1% (2025-07-20); 9.2% (2026-01-15)</td><td>missed (proposed)</td>"), "{tracks}");
}

#[test]
fn agree_compares_two_annotators_sidecars_by_kind_and_type() {
    let dir = tempfile::tempdir().unwrap();
    let text = "临江市工信局要确保新增企业280家。市财政局配合。\n";
    let at = |quote: &str| {
        let s = text[..text.find(quote).unwrap()].chars().count();
        (s, s + quote.chars().count())
    };
    let line = |quote: &str, rest: &str| {
        let (s, e) = at(quote);
        format!(r#"{{"doc": "r.txt", "start": {s}, "end": {e}, "text": "{quote}", {rest}}}"#)
    };
    let org = r#""kind": "entity", "type": "org""#;
    let place = r#""kind": "entity", "type": "place""#;
    let figure = r#""kind": "figure", "value": 280.0, "unit": "家""#;
    for (who, lines) in [
        (
            "a",
            vec![
                line("临江市工信局", org),
                line("280家", figure),
                line("市财政局", org),
            ],
        ),
        (
            "b",
            vec![line("临江市工信局", place), line("280家", figure)],
        ),
    ] {
        let folder = dir.path().join(who);
        std::fs::create_dir_all(&folder).unwrap();
        let report = folder.join("r.txt");
        std::fs::write(&report, text).unwrap();
        let gold = dir.path().join(format!("{who}.jsonl"));
        std::fs::write(&gold, lines.join("\n")).unwrap();
        let run = gloss(&[
            "import",
            &report.display().to_string(),
            "--from",
            "jsonl",
            &gold.display().to_string(),
        ]);
        assert!(run.ok, "{}", run.stderr);
    }
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (x, y) in [
        (a.display().to_string(), b.display().to_string()),
        (
            a.join("r.txt.gloss.ron").display().to_string(),
            b.join("r.txt.gloss.ron").display().to_string(),
        ),
    ] {
        let run = gloss(&["agree", &x, &y, "--json"]);
        assert!(run.ok, "{}", run.stderr);
        let v: Value = serde_json::from_str(&run.stdout).unwrap();
        // Entities: B has one of A's two spans, typed differently.
        assert_eq!(v["entity"]["exact"]["p"], 1.0);
        assert_eq!(v["entity"]["exact"]["r"], 0.5);
        assert_eq!(v["entity"]["attributes"]["type"]["agree"], 0);
        assert_eq!(v["entity:org"]["exact"]["f1"], 0.0);
        assert_eq!(v["figure"]["exact"]["f1"], 1.0);
        assert_eq!(v["figure"]["alpha_u"], 1.0);
        assert_eq!(v["figure"]["kappa"], 1.0);
        assert!(
            v["commitment"]["alpha_u"].is_null(),
            "nothing marked: undefined"
        );
        let k = v["entity"]["kappa"].as_f64().unwrap();
        assert!(k > 0.0 && k < 1.0, "{k}");
    }
    let plain = gloss(&["agree", &a.display().to_string(), &b.display().to_string()]);
    assert!(plain.stdout.contains("entity:org"), "{}", plain.stdout);
}

/// Learning from two annotated sibling reports raises entity F1 on the third and lowers no kind:
/// each report of the series suggested alone, then beside the other two with their sidecars
/// (a user's glossary, if any, teaches both runs alike), scored against its own hand-checked
/// sidecar — spans and labels of entities and figures exactly, commitments by span.
#[test]
fn learning_from_two_annotated_siblings_helps_the_third_and_lowers_no_kind() {
    use gloss::annotation::{Annotation, Kind};
    use gloss::document::loader::LoadOptions;
    use gloss::session::Session;
    use gloss::store::Sidecar;
    use gloss::suggest::review;

    let f1 = |gold: &[Annotation], found: &[(usize, usize, String)], kind: Kind| -> f64 {
        let key = |start: usize, end: usize, label: &str| (start, end, label.to_owned());
        let g: std::collections::HashSet<(usize, usize, String)> = gold
            .iter()
            .filter(|a| a.kind() == kind)
            .map(|a| {
                let label = match kind {
                    Kind::Commitment => String::new(),
                    _ => format!("{:?}", a.label),
                };
                key(a.start, a.end, &label)
            })
            .collect();
        let p: std::collections::HashSet<(usize, usize, String)> = found.iter().cloned().collect();
        let tp = g.intersection(&p).count() as f64;
        if g.is_empty() && p.is_empty() {
            return 1.0;
        }
        2.0 * tp / (g.len() + p.len()) as f64
    };
    let series = Path::new(env!("CARGO_MANIFEST_DIR")).join(SERIES);
    let reports = ["1-plan.txt", "2-midyear.txt", "3-yearend.txt"];
    let mut gains = Vec::new();
    for held in reports {
        let gold = Sidecar::load(&Sidecar::path_for(&series.join(held)))
            .unwrap()
            .unwrap()
            .annotations;
        let mut scores = Vec::new();
        for learning in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::copy(series.join(held), dir.path().join(held)).unwrap();
            if learning {
                for other in reports.iter().filter(|r| **r != held) {
                    std::fs::copy(series.join(other), dir.path().join(other)).unwrap();
                    std::fs::copy(
                        Sidecar::path_for(&series.join(other)),
                        Sidecar::path_for(&dir.path().join(other)),
                    )
                    .unwrap();
                }
            }
            let session = Session::open(&dir.path().join(held), LoadOptions::default()).unwrap();
            let review = review::pending_for(&session, &Kind::ALL);
            let per_kind: Vec<f64> = Kind::ALL
                .into_iter()
                .map(|kind| {
                    let found: Vec<(usize, usize, String)> = review
                        .found
                        .iter()
                        .filter(|s| s.kind() == kind)
                        .map(|s| {
                            let label = match kind {
                                Kind::Commitment => String::new(),
                                _ => format!("{:?}", s.label),
                            };
                            (s.start, s.end, label)
                        })
                        .collect();
                    f1(&gold, &found, kind)
                })
                .collect();
            scores.push(per_kind);
        }
        let (off, on) = (&scores[0], &scores[1]);
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert!(
                on[i] >= off[i],
                "{held}: learning lowered {kind:?} from {:.3} to {:.3}",
                off[i],
                on[i]
            );
        }
        gains.push(on[Kind::Entity.index()] - off[Kind::Entity.index()]);
    }
    // The year-end and mid-year reports name what the plan named: learning finds it.
    assert!(
        gains[2] >= 0.05,
        "entity F1 gain on the year-end report: {gains:?}"
    );
    assert!(
        gains[1] >= 0.05,
        "entity F1 gain on the mid-year report: {gains:?}"
    );
}
