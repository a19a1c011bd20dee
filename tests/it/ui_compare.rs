//! Comparing two annotators' sidecars of one report in the window, as a curator would: the
//! Compare tab lists what differs, and taking either side is an ordinary, undoable change.
#![cfg(feature = "gui")]

use crate::ui::{harness_of, settle};
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::annotation::{Annotation, EntityType, Label};
use gloss::document::loader::{LoadOptions, load};
use gloss::store::Sidecar;
use gloss::ui::GlossApp;
use std::path::Path;

fn entity_type(a: &Annotation) -> Option<EntityType> {
    match a.label {
        Label::Entity { entity_type } => Some(entity_type),
        _ => None,
    }
}

#[test]
fn the_compare_tab_lists_differences_and_takes_either_side_undoably() {
    let dir = tempfile::tempdir().unwrap();
    let series = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_docs/linjiang-2025");
    let report = dir.path().join("3-yearend.txt");
    std::fs::copy(series.join("3-yearend.txt"), &report).unwrap();
    std::fs::copy(
        series.join("3-yearend.txt.gloss.ron"),
        Sidecar::path_for(&report),
    )
    .unwrap();
    // Theirs: without our first figure, another type for our first entity, and one name more.
    let mut theirs = Sidecar::load(&Sidecar::path_for(&report)).unwrap().unwrap();
    let figure = theirs
        .annotations
        .iter()
        .position(|a| matches!(a.label, Label::Figure { .. }))
        .unwrap();
    let dropped = theirs.annotations.remove(figure);
    let entity = theirs
        .annotations
        .iter_mut()
        .find(|a| entity_type(a) == Some(EntityType::Work))
        .unwrap();
    entity.label = Label::Entity {
        entity_type: EntityType::Org,
    };
    let retyped = entity.quote.clone();
    let doc = load(&report, LoadOptions::default()).unwrap();
    let byte = doc.text().find("专精特新中小企业").unwrap();
    let start = doc.text()[..byte].chars().count();
    let added = Annotation::new(
        &doc,
        start,
        start + 8,
        Label::Entity {
            entity_type: EntityType::Org,
        },
    );
    theirs.annotations.push(added);
    let their_path = dir.path().join("colleague.gloss.ron");
    theirs.save(&their_path).unwrap();
    let ours_before = Sidecar::load(&Sidecar::path_for(&report))
        .unwrap()
        .unwrap()
        .annotations
        .len();

    let mut app = GlossApp::new();
    app.open(&report);
    app.compare_with(&their_path);
    let mut h = harness_of(app, egui::Theme::Light);
    settle(&mut h);
    let agreed = ours_before - 2;
    h.get_by_label(&format!(
        "{agreed} agreed · 1 only ours · 1 only theirs · 1 conflicting"
    ));
    h.get_by_label(&dropped.quote);
    let count = |h: &Harness<'_, GlossApp>| h.state().session().unwrap().annotations().len();
    let type_of = |h: &Harness<'_, GlossApp>| {
        h.state()
            .session()
            .unwrap()
            .annotations()
            .iter()
            .find(|a| a.quote == retyped)
            .and_then(entity_type)
    };
    assert_eq!(type_of(&h), Some(EntityType::Work));
    // The conflicting row first in text order is the retyped name: take their type.
    let takes: Vec<_> = h.get_all_by_label("Take theirs").collect();
    assert_eq!(takes.len(), 2);
    h.get_all_by_label("Take theirs").next().unwrap().click();
    h.run();
    assert_eq!(type_of(&h), Some(EntityType::Org));
    assert_eq!(count(&h), ours_before);
    // Undo like any change.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(type_of(&h), Some(EntityType::Work));
    // Their extra name is added; our one-sided figure dropped.
    h.get_by_label("Take all of theirs").click();
    h.run();
    assert_eq!(count(&h), ours_before + 1);
    h.get_by_label("Drop ours").click();
    h.run();
    assert_eq!(count(&h), ours_before);
    h.get_by_label(&format!(
        "{} agreed · 0 only ours · 0 only theirs · 1 conflicting",
        agreed + 1
    ));
    // Their file is only read.
    assert_eq!(
        Sidecar::load(&their_path)
            .unwrap()
            .unwrap()
            .annotations
            .len(),
        theirs.annotations.len()
    );
}
