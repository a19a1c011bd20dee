//! `gloss index` / `gloss search`: the workspace search index, driven through the command line.

use crate::common::{Run, gloss_with};
use serde_json::Value;
use std::path::Path;

/// A workspace of reports written for these tests, and a cache folder of its own.
struct Workspace {
    reports: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Workspace {
    fn new(files: &[(&str, &str)]) -> Workspace {
        let reports = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = reports.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Workspace {
            reports,
            cache: tempfile::tempdir().unwrap(),
        }
    }

    fn dir(&self) -> String {
        self.reports.path().display().to_string()
    }

    fn run(&self, args: &[&str]) -> Run {
        let run = gloss_with(args, &[("XDG_CACHE_HOME", self.cache.path())]);
        assert!(run.ok, "gloss {args:?}: {}", run.stderr);
        run
    }

    fn index(&self) -> String {
        self.run(&["index", &self.dir()]).stdout
    }

    /// The hits for `query` as JSON objects.
    fn search(&self, query: &str) -> Vec<Value> {
        self.run(&["search", &self.dir(), query, "--json"])
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    fn import(&self, report: &str, jsonl: &str) {
        let gold = self.cache.path().join("import.jsonl");
        std::fs::write(&gold, jsonl).unwrap();
        let path = self.reports.path().join(report).display().to_string();
        self.run(&[
            "import",
            &path,
            "--from",
            "jsonl",
            &gold.display().to_string(),
        ]);
    }
}

/// `(doc, text)` of each hit.
fn found(hits: &[Value]) -> Vec<(String, String)> {
    hits.iter()
        .map(|h| {
            (
                h["doc"].as_str().unwrap().into(),
                h["text"].as_str().unwrap().into(),
            )
        })
        .collect()
}

const PLAN: &str = "临江市2025年工作要点\n一、总体目标\n全市ＧＤＰ增长6%，郑州高新区营业收入达到296.9亿元。\n（一）创新\n市科工信局要确保到2025年底新增高新技术企业280家。\n";
const NEWS: &str = "鄭州高新區今年GDP增長迅速，投資3000萬元。\n";

#[test]
fn search_folds_script_width_and_case_and_finds_any_chinese_substring() {
    let ws = Workspace::new(&[("plan.txt", PLAN), ("sub/news.txt", NEWS)]);
    // Simplified finds traditional and the other way round; offsets are code points into the text.
    let mut hits = ws.search("郑州");
    hits.sort_by_key(|h| h["doc"].as_str().unwrap().to_owned());
    assert_eq!(
        found(&hits),
        vec![
            ("plan.txt".into(), "郑州".into()),
            ("sub/news.txt".into(), "鄭州".into())
        ]
    );
    let plan: Vec<char> = PLAN.chars().collect();
    let (s, e) = (
        hits[0]["start"].as_u64().unwrap() as usize,
        hits[0]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(plan[s..e].iter().collect::<String>(), "郑州");
    assert_eq!(hits[0]["section"], "一、");
    assert!(
        hits[0]["context"]
            .as_str()
            .unwrap()
            .contains("郑州高新区营业收入")
    );
    assert_eq!(found(&ws.search("高新區")).len(), 2);
    // Full-width and case: ＧＤＰ finds GDP and gdp finds ＧＤＰ.
    assert_eq!(found(&ws.search("ＧＤＰ")).len(), 2);
    assert_eq!(found(&ws.search("gdp增长")).len(), 2);
    // Any substring, one character or across what a segmenter calls words.
    assert_eq!(found(&ws.search("區")).len(), 2);
    assert_eq!(found(&ws.search("州高")).len(), 2);
    // All words of a query, and nothing for absent ones.
    assert_eq!(
        found(&ws.search("高新 3000万元")),
        vec![
            ("sub/news.txt".into(), "高新".into()),
            ("sub/news.txt".into(), "3000萬元".into())
        ]
    );
    assert!(ws.search("深圳").is_empty());
    // Readable output groups hits under their report.
    let plain = ws.run(&["search", &ws.dir(), "高新"]).stdout;
    assert!(plain.contains("plan.txt\n  "), "{plain}");
    assert!(plain.contains("sub/news.txt\n  "), "{plain}");
    assert_eq!(
        plain.lines().filter(|l| !l.starts_with("  ")).count(),
        2,
        "{plain}"
    );
}

#[test]
fn queries_reach_annotations_with_magnitudes_written_as_in_text() {
    let ws = Workspace::new(&[("plan.txt", PLAN), ("news.txt", NEWS)]);
    let at = |text: &str, quote: &str| {
        let byte = text.find(quote).unwrap();
        let s = text[..byte].chars().count();
        (s, s + quote.chars().count())
    };
    let line = |doc: &str, text: &str, quote: &str, rest: &str| {
        let (s, e) = at(text, quote);
        format!(r#"{{"doc": "{doc}", "start": {s}, "end": {e}, "text": "{quote}", {rest}}}"#)
    };
    ws.import(
        "plan.txt",
        &[
            line("plan.txt", PLAN, "296.9亿元", r#""kind": "figure", "value": 29690000000.0, "unit": "元""#),
            line("plan.txt", PLAN, "280家", r#""kind": "figure", "value": 280.0, "unit": "家""#),
            line("plan.txt", PLAN, "市科工信局", r#""kind": "entity", "type": "org""#),
            line("plan.txt", PLAN, "郑州高新区", r#""kind": "entity", "type": "place""#),
            line(
                "plan.txt",
                PLAN,
                "市科工信局要确保到2025年底新增高新技术企业280家。",
                r#""kind": "commitment", "actor": "市科工信局", "deadline": "2025年底", "target": "280家""#,
            ),
        ]
        .join("\n"),
    );
    ws.import(
        "news.txt",
        &line(
            "news.txt",
            NEWS,
            "3000萬元",
            r#""kind": "figure", "value": 30000000.0, "unit": "元""#,
        ),
    );
    let texts = |q: &str| -> Vec<String> {
        ws.search(q)
            .iter()
            .map(|h| h["text"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(texts("kind:figure unit:元 value>=1亿"), vec!["296.9亿元"]);
    assert_eq!(
        texts("kind:figure unit:元 value>=3000万"),
        vec!["3000萬元", "296.9亿元"]
    );
    assert_eq!(
        texts("kind:figure value<2.969e10"),
        vec!["3000萬元", "280家"]
    );
    assert_eq!(texts("kind:figure value=280"), vec!["280家"]);
    assert_eq!(texts("kind:entity type:org 科工信局"), vec!["市科工信局"]);
    assert_eq!(texts("kind:entity 郑州"), vec!["郑州高新区"]);
    assert_eq!(texts("kind:entity type:person"), Vec::<String>::new());
    assert_eq!(
        texts("kind:commitment actor:市科工信局 deadline<=2025").len(),
        1
    );
    assert!(texts("kind:commitment deadline<2025").is_empty());
    let hit = &ws.search("kind:commitment actor:科工信局")[0];
    assert_eq!(hit["kind"], "commitment");
    assert_eq!(hit["section"], "一、 › （一）");
    assert!(hit["id"].as_str().is_some_and(|id| !id.is_empty()));
    // A query's mistake is an error that says what to write.
    let bad = gloss_with(
        &["search", &ws.dir(), "value>=lots"],
        &[("XDG_CACHE_HOME", ws.cache.path())],
    );
    assert!(!bad.ok && bad.stderr.contains("1亿"), "{}", bad.stderr);
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walk(dir);
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flat_map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p)
            } else {
                vec![p.display().to_string()]
            }
        })
        .collect()
}

#[test]
fn the_index_is_a_cache_updated_incrementally_and_rebuilt_when_damaged() {
    let ws = Workspace::new(&[
        ("plan.txt", PLAN),
        ("news.txt", NEWS),
        (".hidden/x.txt", "郑州"),
    ]);
    let before = listing(ws.reports.path());
    assert!(
        ws.index()
            .contains("2 report(s), 0 annotation(s) indexed; 2 read again")
    );
    // Nothing is written beside the reports: the index is in the cache folder.
    assert_eq!(listing(ws.reports.path()), before);
    assert!(
        listing(ws.cache.path())
            .iter()
            .any(|p| p.contains("/gloss/index/"))
    );
    assert!(ws.index().contains("0 read again, 0 removed"));
    // One report changed: only it is read again, and search sees the change.
    std::fs::write(ws.reports.path().join("news.txt"), "深圳今年GDP增长。\n").unwrap();
    assert!(ws.index().contains("1 read again, 0 removed"));
    assert_eq!(
        found(&ws.search("深圳")),
        vec![("news.txt".into(), "深圳".into())]
    );
    assert!(ws.search("鄭州").iter().all(|h| h["doc"] == "plan.txt"));
    // One deleted: its entries go.
    std::fs::remove_file(ws.reports.path().join("news.txt")).unwrap();
    assert!(ws.index().contains("0 read again, 1 removed"));
    assert!(ws.search("深圳").is_empty());
    // A damaged index is rebuilt, never trusted.
    let index_files: Vec<String> = listing(ws.cache.path());
    for f in index_files
        .iter()
        .filter(|f| f.ends_with("meta.json") || f.ends_with("manifest.json"))
    {
        std::fs::write(f, "{ not json").unwrap();
    }
    assert!(ws.index().contains("(index built anew)"));
    assert_eq!(
        found(&ws.search("郑州")),
        vec![("plan.txt".into(), "郑州".into())]
    );
}

#[test]
fn unreadable_reports_and_sidecars_are_named_and_the_rest_is_searched() {
    let ws = Workspace::new(&[("plan.txt", PLAN), ("empty.txt", ""), ("news.txt", NEWS)]);
    std::fs::write(
        ws.reports.path().join("news.txt.gloss.ron"),
        "(version: 1, broken",
    )
    .unwrap();
    let run = ws.run(&["index", &ws.dir()]);
    assert!(run.stderr.contains("empty.txt"), "{}", run.stderr);
    assert!(run.stderr.contains("news.txt.gloss.ron"), "{}", run.stderr);
    // The damaged sidecar is left as it was, and the report's text is still found.
    assert_eq!(
        std::fs::read_to_string(ws.reports.path().join("news.txt.gloss.ron")).unwrap(),
        "(version: 1, broken"
    );
    assert_eq!(found(&ws.search("鄭州")).len(), 2);
}
