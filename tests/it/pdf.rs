//! PDFs as LibreOffice and Chromium make them (`tests/data/pdf/`, built by its `make.py` from texts
//! written for Gloss): each extracts in reading order, without page furniture, with wrapped lines
//! joined, as its `.expected.txt` says — at least 99 % of the expected text in order (in-order
//! recall over the non-white-space characters) and at most 1 % extra. Each failure class has its
//! own test below.
#![cfg(feature = "pdf")]

use gloss::document::Document;
use gloss::document::loader::{self, LoadOptions};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pdf")
}

fn open(name: &str) -> Document {
    loader::load(
        &fixtures().join(format!("{name}.pdf")),
        LoadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(format!("{name}.expected.txt"))).unwrap()
}

fn visible(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\x0c')
        .collect()
}

/// Length of the longest common subsequence (two rows of the usual table).
fn lcs(a: &[char], b: &[char]) -> usize {
    let mut previous = vec![0usize; b.len() + 1];
    let mut current = vec![0usize; b.len() + 1];
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            current[j + 1] = if x == y {
                previous[j] + 1
            } else {
                previous[j + 1].max(current[j])
            };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// (in-order recall, extra): the share of the expected text found in order, and the extracted
/// text's length over the expected one.
fn score(name: &str) -> (f64, f64) {
    let want = visible(&expected(name));
    let got = visible(open(name).text());
    (
        lcs(&want, &got) as f64 / want.len() as f64,
        got.len() as f64 / want.len() as f64,
    )
}

const FIXTURES: [&str; 6] = [
    "lo-one-column",
    "lo-header-footer",
    "lo-two-columns",
    "lo-table",
    "lo-footnote",
    "chromium",
];

#[test]
fn every_fixture_reads_in_order_without_extra_text() {
    for name in FIXTURES {
        let (recall, extra) = score(name);
        assert!(recall >= 0.99, "{name}: in-order recall {recall:.3}");
        assert!(extra <= 1.01, "{name}: extra {extra:.3}");
    }
}

/// Each of `lines` starts and ends on one line of the text: its wraps were joined. (Compared by
/// their first and last ten characters: LibreOffice sets some line-final commas in the margin
/// without a text mapping, so they are not in any PDF reader's text.)
fn assert_lines_whole(name: &str, lines: &[&str]) {
    let doc = open(name);
    let got: Vec<&str> = doc.text().lines().collect();
    for line in lines {
        let chars: Vec<char> = line.chars().collect();
        let head: String = chars[..10].iter().collect();
        let tail: String = chars[chars.len() - 10..].iter().collect();
        assert!(
            got.iter()
                .any(|l| l.starts_with(&head) && l.ends_with(&tail)),
            "{name}: {line:?} is not one line in\n{}",
            doc.text()
        );
    }
}

#[test]
fn an_indented_first_line_comes_after_its_heading() {
    let doc = open("lo-one-column");
    let text = doc.text();
    let heading = text.find("一、总体要求").unwrap();
    let first = text.find("2026年是全面实施").unwrap();
    assert!(heading < first, "{text}");
}

#[test]
fn wrapped_lines_are_joined_inside_numbers_and_between_chinese() {
    // Every paragraph of the source is one line, its wraps (one inside 8.22亿元) joined.
    let want = expected("lo-one-column");
    let paragraphs: Vec<&str> = want.lines().filter(|l| l.chars().count() > 40).collect();
    assert!(paragraphs.iter().any(|p| p.contains("8.22亿元")));
    assert_lines_whole("lo-one-column", &paragraphs);
}

#[test]
fn no_space_is_invented_between_chinese_and_latin_or_digits() {
    for name in FIXTURES {
        let doc = open(name);
        let text = doc.text().replace("[1] ", "");
        assert!(!text.contains(' '), "{name}: a space in\n{text}");
    }
}

#[test]
fn running_headers_footers_and_page_numbers_are_kept_out_of_the_text_but_kept() {
    let doc = open("lo-header-footer");
    assert_eq!(doc.structure.pages.len(), 2);
    assert!(!doc.text().contains("办公室文件"), "{}", doc.text());
    assert!(!doc.text().contains("第1页"), "{}", doc.text());
    let furniture = &doc.structure.furniture;
    for page in 1..=2 {
        assert!(furniture.contains(&(page, "临江市人民政府办公室文件".to_owned())));
        assert!(
            furniture.contains(&(page, format!("第{page}页共2页"))),
            "{furniture:?}"
        );
    }
    // Chromium tags its header and footer (date, title, file URL, page numbers) as artifacts.
    let doc = open("chromium");
    assert!(!doc.text().contains("file://"), "{}", doc.text());
    let furniture = &doc.structure.furniture;
    assert!(
        furniture.iter().any(|(_, t)| t.contains("file://")),
        "{furniture:?}"
    );
    assert!(
        furniture.iter().any(|(p, t)| *p == 2 && t.contains("2/2")),
        "{furniture:?}"
    );
}

#[test]
fn two_columns_are_read_column_by_column() {
    let want = expected("lo-two-columns");
    let paragraphs: Vec<&str> = want.lines().filter(|l| l.chars().count() > 40).collect();
    assert_lines_whole("lo-two-columns", &paragraphs);
}

#[test]
fn table_rows_keep_their_cells_apart_and_wrapped_cells_whole() {
    let doc = open("lo-table");
    let rows: Vec<&str> = doc
        .structure
        .table_rows
        .iter()
        .map(|r| doc.slice(r.start, r.end))
        .collect();
    assert_eq!(
        rows,
        [
            "指标\t2025年\t2026年目标",
            "数字经济核心产业增加值（亿元）\t289.4\t318.6",
            "规上数字经济企业（家）\t212\t257",
            "5G基站（个）\t4380\t5640",
            "数据产品挂牌（个）\t46\t120",
        ]
    );
}

#[test]
fn footnote_marks_and_notes_are_set_apart() {
    let doc = open("lo-footnote");
    let text = doc.text();
    assert!(text.contains("建成达产。[1]\n"), "{text}");
    assert!(text.contains("\n[1] 二期项目总投资8.22亿元"), "{text}");
}

#[test]
fn annotations_made_on_the_previous_extractors_text_are_re_anchored_not_lost() {
    use gloss::annotation::{Annotation, Label};
    use gloss::session::{Command, Session};
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    std::fs::copy(fixtures().join("lo-one-column.pdf"), &pdf).unwrap();
    let mut s = Session::open(&pdf, LoadOptions::default()).unwrap();
    let (start, end) = crate::common::find(s.doc.text(), "8.22亿元", 0);
    let label = Label::Figure {
        value: Some(8.22e8),
        unit: "元".into(),
    };
    s.apply(Command::Create(Annotation::new(&s.doc, start, end, label)));
    let sidecar = s.save().unwrap();
    // As `gloss-pdf 1` would have saved it: its text put a page header and wraps before the
    // figure, so the offsets were further on.
    let ron = std::fs::read_to_string(&sidecar).unwrap();
    let old = ron
        .replace(
            gloss::document::formats::pdf::EXTRACTOR,
            "gloss-pdf 1 (pdf_oxide 0.3.78)",
        )
        .replace(
            &format!("start: {start},"),
            &format!("start: {},", start + 40),
        )
        .replace(&format!("end: {end},"), &format!("end: {},", end + 40));
    assert_ne!(old, ron);
    std::fs::write(&sidecar, old).unwrap();

    let reopened = Session::open(&pdf, LoadOptions::default()).unwrap();
    let report = reopened.anchor_report();
    assert_eq!((report.moved, report.orphaned), (1, 0), "{report}");
    let a = reopened.annotations().iter().next().unwrap();
    assert_eq!((a.start, a.end), (start, end));
    assert_eq!(a.quote, "8.22亿元");
}
