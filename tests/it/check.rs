//! Checking a sidecar against its edited report: the library's `check_sidecar` for what is
//! re-anchored and written, and `gloss check FILE [--fix]` (the binary) for what a user sees.

use crate::common::{Run, find, gloss};
use gloss::annotation::{AnchorState, Annotation, Kind, Label};
use gloss::document::Document;
use gloss::session::check::check_sidecar;
use gloss::store::{FORMAT_VERSION, Sidecar};
use std::path::Path;

const OLD: &str = "前言。甲区新增企业280家。据统计，全市新增规模以上工业企业280家，同比增长百分之十二。全年完成工业投资296.9亿元。";
const NEW: &str = "修订后的前言更长一些。甲区新增企业280家。据统计，全市新增规模以上工业企业286家，同比增长百分之十二。";

fn annotate(doc: &Document, quote: &str, nth: usize) -> Annotation {
    let (start, end) = find(doc.text(), quote, nth);
    Annotation::new(doc, start, end, Label::empty(Kind::Figure))
}

/// Writes the report (already edited to `NEW`) and a sidecar made against `OLD`.
fn setup(dir: &Path) -> (std::path::PathBuf, Sidecar) {
    let old = Document::from_text("plan.txt", OLD);
    let sidecar = Sidecar {
        version: FORMAT_VERSION,
        source: old.source.clone(),
        annotations: vec![
            annotate(&old, "280家", 0),
            annotate(&old, "规模以上工业企业280家", 0),
            annotate(&old, "296.9亿元", 0),
            annotate(&old, "前言", 0),
        ],
        rejected: Vec::new(),
        relations: Vec::new(),
    };
    let report = dir.join("plan.txt");
    std::fs::write(&report, NEW).unwrap();
    sidecar.save(&Sidecar::path_for(&report)).unwrap();
    (report, sidecar)
}

#[test]
#[cfg(feature = "gui")]
fn check_prints_counts_and_fails_while_orphans_remain() {
    let dir = tempfile::tempdir().unwrap();
    let (report, before) = setup(dir.path());
    let sidecar_path = Sidecar::path_for(&report);
    let on_disk = std::fs::read(&sidecar_path).unwrap();
    let Run {
        stdout: out,
        stderr,
        ok,
    } = gloss(&["check", report.to_str().unwrap()]);
    assert!(!ok, "orphans remain: a failure exit status");
    assert!(
        stderr.contains("1 annotation(s)") && stderr.contains("orphaned"),
        "{stderr}"
    );
    assert!(out.contains("kept      0"), "{out}");
    assert!(out.contains("moved     2"), "{out}");
    assert!(out.contains("check     1"), "{out}");
    assert!(out.contains("orphaned  1"), "{out}");
    assert!(out.contains("\"296.9亿元\""), "the orphan is listed: {out}");
    assert_eq!(
        std::fs::read(&sidecar_path).unwrap(),
        on_disk,
        "without --fix nothing is written"
    );
    assert_eq!(before.annotations.len(), 4);
}

#[test]
fn check_fix_writes_the_re_anchored_sidecar_and_keeps_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let (report, before) = setup(dir.path());
    let outcome = check_sidecar(&report, true).unwrap();
    assert!(outcome.written);
    assert_eq!(outcome.report.orphaned, 1);
    let fixed = Sidecar::load(&Sidecar::path_for(&report)).unwrap().unwrap();
    let doc = gloss::document::loader::load(&report, Default::default()).unwrap();
    assert_eq!(fixed.source, doc.source, "the new fingerprint is recorded");
    assert_eq!(
        fixed.annotations.len(),
        before.annotations.len(),
        "nothing deleted"
    );
    for a in &fixed.annotations {
        match a.anchor {
            AnchorState::Exact | AnchorState::Moved => {
                assert_eq!(doc.slice(a.start, a.end), a.quote)
            }
            AnchorState::Check => assert_eq!(doc.slice(a.start, a.end), "规模以上工业企业286家"),
            AnchorState::Orphaned => assert_eq!(a.quote, "296.9亿元"),
        }
    }
    // A second check finds the moved annotations in place (their state becomes "exact", which
    // is written); a third has nothing left to change.
    let second = check_sidecar(&report, true).unwrap();
    assert_eq!(
        (
            second.report.exact,
            second.report.check,
            second.report.orphaned
        ),
        (2, 1, 1)
    );
    let third = check_sidecar(&report, true).unwrap();
    assert!(!third.written, "{third:?}");
    assert_eq!(third.report, second.report);
}

#[test]
#[cfg(feature = "gui")]
fn check_without_a_sidecar_succeeds_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("plan.txt");
    std::fs::write(&report, NEW).unwrap();
    let Run { stdout, stderr, ok } = gloss(&["check", "--fix", report.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("no sidecar"), "{stdout}");
    assert!(!check_sidecar(&report, true).unwrap().found);
}
