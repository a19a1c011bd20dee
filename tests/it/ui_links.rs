//! Links between annotations made as a person makes them: select the pledge, press R, press a
//! target's number or click the target in the text; the panel lists the links, × removes one,
//! and undo, deleting an annotation and saving all keep them right.
#![cfg(feature = "gui")]

use crate::common::copy_sample;
use crate::ui::{char_pos, click, drag_select, find, harness};
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::annotation::{Annotation, RelationKind};
use gloss::ui::GlossApp;

fn annotation(h: &Harness<'_, GlossApp>, quote: &str) -> Annotation {
    let session = h.state().session().unwrap();
    session
        .annotations()
        .iter()
        .find(|a| a.quote == quote)
        .unwrap_or_else(|| panic!("no annotation {quote:?}"))
        .clone()
}

/// The links as (kind, from quote, to quote), in the session's order.
fn links(h: &Harness<'_, GlossApp>) -> Vec<(RelationKind, String, String)> {
    let session = h.state().session().unwrap();
    let quote = |id| session.annotations().get(id).unwrap().quote.clone();
    session
        .relations()
        .iter()
        .map(|r| (r.kind.clone(), quote(&r.from), quote(&r.to)))
        .collect()
}

#[test]
fn a_pledge_is_linked_to_its_target_and_actor_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);
    let pledge = "确保全年工业投资增长10%，技术改造投资突破150亿元。";
    for (quote, key) in [
        (pledge, Key::C),
        ("150亿元", Key::F),
        ("临江市人民政府办公室", Key::E),
    ] {
        let (s, e) = find(&h, quote);
        drag_select(&mut h, s, e);
        h.key_press(key);
        h.run();
    }
    let (s, _) = find(&h, pledge);
    let inside_pledge = char_pos(&h, s + 1, false);
    click(&mut h, inside_pledge);
    assert_eq!(h.state().selected(), Some(&annotation(&h, pledge).id));

    // R, then Esc: nothing is linked.
    h.key_press(Key::R);
    h.run();
    h.get_by_label("Link from");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Link from").is_none());
    assert!(links(&h).is_empty());

    // R, then 1: the nearest annotation, the figure inside the pledge, is its target.
    h.key_press(Key::R);
    h.run();
    h.get_by_label_contains("1  target → 150亿元");
    h.key_press(Key::Num1);
    h.run();
    let target = (
        RelationKind::Target,
        pledge.to_owned(),
        "150亿元".to_owned(),
    );
    assert_eq!(links(&h), vec![target.clone()]);
    assert!(h.query_by_label("Link from").is_none(), "one link per R");

    // R, then a click on the organisation in the text: its actor.
    h.key_press(Key::R);
    h.run();
    let (os, _) = find(&h, "临江市人民政府办公室");
    let on_org = char_pos(&h, os + 2, false);
    click(&mut h, on_org);
    let actor = (
        RelationKind::Actor,
        pledge.to_owned(),
        "临江市人民政府办公室".to_owned(),
    );
    assert_eq!(links(&h), vec![actor.clone(), target.clone()]);
    assert_eq!(
        h.state().selected(),
        Some(&annotation(&h, pledge).id),
        "the click picked a target; it did not select"
    );

    // The panel lists both; × removes one, and undo brings it back.
    h.get_by_label("actor → 临江市人民政府办公室");
    h.get_by_label("target → 150亿元");
    h.query_all_by_label("×").next().unwrap().click();
    h.run();
    assert_eq!(links(&h), vec![target.clone()]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(links(&h), vec![actor.clone(), target.clone()]);

    // Deleting the figure takes its link; undo restores both.
    let figure = annotation(&h, "150亿元");
    let (fs, _) = find(&h, "150亿元");
    let on_figure = char_pos(&h, fs + 1, false);
    click(&mut h, on_figure);
    assert_eq!(h.state().selected(), Some(&figure.id));
    h.get_by_label_contains("target ← 确保全年工业投资增长10%");
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(links(&h), vec![actor.clone()]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(links(&h), vec![actor.clone(), target.clone()]);

    // Saved and opened again, the links are there.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    drop(h);
    let h = harness(&path);
    assert_eq!(links(&h), vec![actor, target]);
}
