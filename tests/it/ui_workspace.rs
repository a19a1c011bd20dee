//! The workspace in the window, driven as a person would: a folder of reports opened beside the
//! document, quick open, search, the Entities and Commitments views.
#![cfg(feature = "gui")]

use crate::ui::{harness_of, settle, wait_for};
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::ui::GlossApp;
use std::path::Path;

/// A copy of the plan / mid-year / year-end series, and a cache folder for its index.
struct Series {
    dir: tempfile::TempDir,
    cache: tempfile::TempDir,
}

fn series() -> Series {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_docs/linjiang-2025");
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    Series {
        dir,
        cache: tempfile::tempdir().unwrap(),
    }
}

fn harness(s: &Series) -> Harness<'static, GlossApp> {
    let mut app = GlossApp::new();
    app.open_folder(s.dir.path());
    app.set_index_dir(s.cache.path().join("index"));
    let mut h = harness_of(app, egui::Theme::Light);
    settle(&mut h);
    h
}

fn open_name(h: &Harness<'_, GlossApp>) -> Option<String> {
    h.state().session().map(|s| s.doc.source.file_name.clone())
}

#[test]
fn the_folder_lists_its_reports_with_counts_and_ctrl_p_opens_one() {
    let s = series();
    let mut h = harness(&s);
    assert_eq!(h.state().workspace_folder(), Some(s.dir.path()));
    for name in ["1-plan.txt", "2-midyear.txt", "3-yearend.txt"] {
        h.get_by_label(name);
    }
    // Counts per kind from the sidecars (figures · entities · commitments).
    h.get_by_label("12 · 11 · 9");
    // Ctrl+P, part of a name, Enter.
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    h.get_by_label("Open a report of the folder:");
    h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "Open a report of the folder:",
    )
    .type_text("yeare");
    h.run();
    h.key_press(Key::Enter);
    settle(&mut h);
    assert_eq!(open_name(&h).as_deref(), Some("3-yearend.txt"));
    // A click on another row opens it; a report marked reviewed is kept in the workspace file.
    h.get_by_label("1-plan.txt").click();
    settle(&mut h);
    assert_eq!(open_name(&h).as_deref(), Some("1-plan.txt"));
    h.get_all_by_label("Reviewed").next().unwrap().click();
    h.run();
    let file = std::fs::read_to_string(s.dir.path().join("gloss-workspace.ron")).unwrap();
    assert!(file.contains("1-plan.txt"), "{file}");
}

#[test]
fn search_finds_folded_text_and_annotations_and_a_click_opens_the_hit() {
    let s = series();
    let mut h = harness(&s);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    // Traditional characters find the simplified text.
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("臨江");
    h.key_press(Key::Enter);
    settle(&mut h);
    h.get_by_label_contains("hits in 3 reports");
    // An annotation query with a magnitude written as in the text.
    let field = h.get_by_role(egui::accesskit::Role::TextInput);
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("kind:figure unit:元 value>=100亿");
    h.key_press(Key::Enter);
    settle(&mut h);
    h.get_by_label_contains("2 hits in 2 reports");
    h.get_by_label_contains("[Figure] 152.6亿元").click();
    settle(&mut h);
    assert_eq!(open_name(&h).as_deref(), Some("3-yearend.txt"));
    let selection = h.state().text_selection().unwrap().range();
    let doc = &h.state().session().unwrap().doc;
    assert_eq!(doc.slice(selection.start, selection.end), "152.6亿元");
}

#[test]
fn the_entities_view_confirms_and_splits_aliases_into_the_folder_glossary() {
    let s = series();
    let mut h = harness(&s);
    h.get_by_label("Entities").click();
    settle(&mut h);
    h.get_by_label_contains("临江市工业和信息化局  (市工业和信息化局、市工信局)")
        .click();
    h.run();
    h.get_by_label("abbreviation");
    h.get_all_by_label("Same").nth(1).unwrap().click();
    settle(&mut h);
    h.get_by_label("confirmed");
    h.get_all_by_label("Different").next().unwrap().click();
    settle(&mut h);
    let glossary = std::fs::read_to_string(s.dir.path().join("gloss-glossary.ron")).unwrap();
    assert!(
        glossary.contains("aliases: [\n                \"市工信局\""),
        "{glossary}"
    );
    assert!(
        glossary.contains("not_aliases: [\n                \"市工业和信息化局\""),
        "{glossary}"
    );
    // Split off: its own row now.
    h.get_by_label_contains("市工业和信息化局 — 1 in 1 reports");
}

#[test]
fn the_commitments_view_shows_a_track_and_keeps_the_confirmed_status() {
    let s = series();
    let mut h = harness(&s);
    h.get_by_label("Commitments").click();
    settle(&mut h);
    h.get_by_label_contains("工业投资增长 10% → 9.2%").click();
    h.run();
    // Pledged and reported side by side.
    h.get_by_label("2026-01-15");
    h.get_by_label("9.2%");
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "status")
        .click();
    h.run();
    h.get_by_label("partly").click();
    settle(&mut h);
    let file = std::fs::read_to_string(s.dir.path().join("gloss-workspace.ron")).unwrap();
    assert!(file.contains("partly"), "{file}");
    wait_for(&mut h, "the tracks to be gathered again", 30.0, |app| {
        !app.workspace_busy()
    });
    h.get_by_label("partly");
    // A click on a report of the track opens it at the figure.
    h.get_by_label("2-midyear.txt").click();
    settle(&mut h);
    let selection = h.state().text_selection().unwrap().range();
    let doc = &h.state().session().unwrap().doc;
    assert_eq!(doc.slice(selection.start, selection.end), "8.1%");
}

#[test]
fn going_back_to_a_report_shows_where_it_was_left() {
    let dir = tempfile::tempdir().unwrap();
    let long: String = (1..=300)
        .map(|i| format!("第{i}段：全市新增规模以上工业企业{i}家。\n\n"))
        .collect();
    std::fs::write(dir.path().join("long.txt"), &long).unwrap();
    std::fs::write(dir.path().join("short.txt"), "短报告。\n").unwrap();
    let mut app = GlossApp::new();
    app.open_folder(dir.path());
    let mut h = harness_of(app, egui::Theme::Light);
    settle(&mut h);
    h.get_by_label("long.txt").click();
    settle(&mut h);
    let target = long[..long.find("第200段").unwrap()].chars().count();
    h.state_mut().scroll_to(target);
    h.run();
    let left_at = h.state().first_visible();
    assert!(left_at > target / 2, "scrolled: {left_at}");
    h.get_by_label("short.txt").click();
    settle(&mut h);
    assert_eq!(h.state().first_visible(), 0);
    h.get_by_label("long.txt").click();
    settle(&mut h);
    // The same paragraph (give or take the one whose last pixels show above it).
    let back_at = h.state().first_visible();
    let paragraph = "第200段：全市新增规模以上工业企业200家。\n\n"
        .chars()
        .count();
    assert!(
        back_at.abs_diff(left_at) <= paragraph,
        "left at {left_at}, back at {back_at}"
    );
}

#[test]
fn a_report_that_cannot_be_opened_is_counted_without_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_docs");
    std::fs::copy(
        samples.join("scanned-notice.pdf"),
        dir.path().join("scanned-notice.pdf"),
    )
    .unwrap();
    std::fs::write(dir.path().join("plan.txt"), "全市新增企业280家。\n").unwrap();
    let mut app = GlossApp::new();
    app.open_folder(dir.path());
    let mut h = harness_of(app, egui::Theme::Light);
    settle(&mut h);
    // The scan has no text: its row says so instead of counting forever; the text report is
    // counted (its figure is a pending suggestion).
    h.get_by_label("—");
    h.get_by_label("+1");
    assert!(h.query_by_label("+…").is_none());
}
