//! UI tests: drive Gloss as a person would — drag across text, press keys, click — through
//! egui_kittest, and check what the window shows. Missing glyphs (tofu) fail these tests.
#![cfg(feature = "gui")]

use crate::common::copy_sample;
use eframe::egui::{self, Key, Modifiers, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT as _, Queryable as _};
use gloss::annotation::{EntityType, Kind, Label};
use gloss::ui::{GlossApp, fonts};
use std::path::Path;

fn harness_with(path: &Path, theme: egui::Theme) -> Harness<'static, GlossApp> {
    let mut app = GlossApp::new();
    app.open(path);
    let mut harness = harness_of(app, theme);
    harness.run();
    harness
}

/// The window of `app`, 1280 × 800, with the bundled fonts.
pub(crate) fn harness_of(app: GlossApp, theme: egui::Theme) -> Harness<'static, GlossApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_theme(theme)
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .with_context_setup(fonts::install)
        .build_ui_state(|ui, app: &mut GlossApp| app.ui(ui), app)
}

pub(crate) fn harness(path: &Path) -> Harness<'static, GlossApp> {
    harness_with(path, egui::Theme::Light)
}

/// The code point range of the first occurrence of `needle` in the open document.
pub(crate) fn find(harness: &Harness<'_, GlossApp>, needle: &str) -> (usize, usize) {
    let text = harness
        .state()
        .session()
        .expect("a document is open")
        .doc
        .text();
    crate::common::find(text, needle, 0)
}

pub(crate) fn char_pos(harness: &Harness<'_, GlossApp>, offset: usize, right: bool) -> Pos2 {
    let rect = harness
        .state()
        .char_rect(offset)
        .expect("character is wholly visible");
    let x = if right {
        rect.right() - 1.0
    } else {
        rect.left() + 1.0
    };
    pos2(x, rect.center().y)
}

/// Presses on the first character of `start..end`, drags to its last, releases.
pub(crate) fn drag_select(harness: &mut Harness<'_, GlossApp>, start: usize, end: usize) {
    let from = char_pos(harness, start, false);
    let to = char_pos(harness, end - 1, true);
    harness.hover_at(from);
    harness.drag_at(from);
    harness.run();
    harness.hover_at(pos2((from.x + to.x) / 2.0, (from.y + to.y) / 2.0));
    harness.run();
    harness.hover_at(to);
    harness.run();
    harness.drop_at(to);
    harness.run();
}

pub(crate) fn click(harness: &mut Harness<'_, GlossApp>, at: Pos2) {
    harness.hover_at(at);
    harness.drag_at(at);
    harness.run();
    harness.drop_at(at);
    harness.run();
}

fn annotation_count(harness: &Harness<'_, GlossApp>) -> usize {
    harness.state().session().unwrap().annotations().len()
}

#[test]
fn drag_tag_undo_redo_save_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);

    let (start, end) = find(&h, "412.5亿元");
    drag_select(&mut h, start, end);
    assert_eq!(
        h.state().text_selection().map(|s| s.range()),
        Some(start..end)
    );

    h.key_press(Key::F);
    h.run();
    let session = h.state().session().unwrap();
    assert_eq!(session.annotations().len(), 1);
    let a = session.annotations().iter().next().unwrap().clone();
    assert_eq!(a.quote, "412.5亿元");
    assert_eq!((a.start, a.end), (start, end));
    assert_eq!(
        a.label,
        Label::Figure {
            value: Some(41_250_000_000.0),
            unit: "元".into()
        }
    );
    // The panel lists it with its parsed value, and the title shows unsaved changes.
    assert_eq!(h.query_all_by_label_contains("= 41250000000 元").count(), 1);
    assert!(h.state().title().starts_with('●'), "{}", h.state().title());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(annotation_count(&h), 0);
    assert_eq!(h.query_all_by_label_contains("= 41250000000").count(), 0);

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(annotation_count(&h), 1);

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let sidecar = dir.path().join("linjiang-plan-2025.txt.gloss.ron");
    assert!(sidecar.exists());
    assert!(!h.state().title().starts_with('●'));
    drop(h);

    // Reopen: the annotation is back, listed, and highlighted where it was.
    let mut h = harness(&path);
    let restored: Vec<_> = h.state().session().unwrap().annotations().to_vec();
    assert_eq!(restored, vec![a.clone()]);
    assert_eq!(h.query_all_by_label_contains("= 41250000000 元").count(), 1);
    let inside = char_pos(&h, start + 2, false);
    click(&mut h, inside);
    assert_eq!(
        h.state().selected(),
        Some(&a.id),
        "clicking the highlight selects it"
    );
}

#[test]
fn overlapping_annotations_keyboard_retag_edit_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);

    // A commitment sentence, then a figure nested inside it.
    let sentence = "确保全年工业投资增长10%，技术改造投资突破150亿元。";
    let (s, e) = find(&h, sentence);
    drag_select(&mut h, s, e);
    h.key_press(Key::C);
    h.run();
    let (fs, fe) = find(&h, "150亿元");
    drag_select(&mut h, fs, fe);
    h.key_press(Key::E);
    h.run();
    assert_eq!(annotation_count(&h), 2);

    // The new annotation is selected: pressing F re-tags it as a figure, with its value.
    h.key_press(Key::F);
    h.run();
    let figure = h
        .state()
        .session()
        .unwrap()
        .annotations()
        .iter()
        .find(|a| a.quote == "150亿元")
        .unwrap()
        .clone();
    assert_eq!(
        figure.label,
        Label::Figure {
            value: Some(15_000_000_000.0),
            unit: "元".into()
        }
    );

    // Clicking inside the figure selects the innermost annotation; outside it, the commitment.
    let inside_figure = char_pos(&h, fs + 1, false);
    click(&mut h, inside_figure);
    assert_eq!(h.state().selected(), Some(&figure.id));
    let inside_commitment = char_pos(&h, s + 1, false);
    click(&mut h, inside_commitment);
    let commitment = h.state().selected().cloned().expect("commitment selected");
    assert_ne!(commitment, figure.id);

    // Edit the commitment's deadline in the panel.
    h.get_by_label("Deadline").click();
    h.run();
    h.get_by_label("Deadline").type_text("2025年");
    h.key_press(Key::Enter);
    h.run();
    let edited = h
        .state()
        .session()
        .unwrap()
        .annotations()
        .get(&commitment)
        .unwrap()
        .label
        .clone();
    assert!(
        matches!(&edited, Label::Commitment { deadline, .. } if deadline == "2025年"),
        "{edited:?}"
    );

    // Delete the selected commitment with the Delete key; undo brings it back.
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(annotation_count(&h), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(annotation_count(&h), 2);
}

#[test]
fn filter_hides_kinds_from_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);
    let (s, e) = find(&h, "临江远航动力科技股份有限公司");
    drag_select(&mut h, s, e);
    h.key_press(Key::E);
    h.run();
    let (s, e) = find(&h, "97家");
    drag_select(&mut h, s, e);
    h.key_press(Key::F);
    h.run();
    assert_eq!(h.query_all_by_label_contains("[org]").count(), 1);
    assert_eq!(h.query_all_by_label_contains("= 97 家").count(), 1);

    h.get_by_label("Figure 1").click();
    h.run();
    assert_eq!(h.query_all_by_label_contains("= 97 家").count(), 0);
    assert_eq!(h.query_all_by_label_contains("[org]").count(), 1);

    // Entity type from the panel.
    let entity = h
        .state()
        .session()
        .unwrap()
        .annotations()
        .iter()
        .find(|a| a.kind() == Kind::Entity)
        .unwrap()
        .id
        .clone();
    h.get_by_label_contains("[org]").click();
    h.run();
    assert_eq!(h.state().selected(), Some(&entity));
    h.get_by_label("place").click();
    h.run();
    let label = &h
        .state()
        .session()
        .unwrap()
        .annotations()
        .get(&entity)
        .unwrap()
        .label;
    assert_eq!(
        label,
        &Label::Entity {
            entity_type: EntityType::Place
        }
    );
}

#[test]
fn double_click_selects_a_word_and_shift_click_extends() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "harbour-report-en.txt");
    let mut h = harness(&path);
    let (s, e) = find(&h, "Authority");
    let at = char_pos(&h, s + 2, false);
    click(&mut h, at);
    click(&mut h, at);
    assert_eq!(h.state().text_selection().map(|s| s.range()), Some(s..e));

    // Shift+click further on extends the selection from its anchor.
    let (_, e2) = find(&h, "Authority aims");
    let to = char_pos(&h, e2 - 1, true);
    h.hover_at(to);
    for pressed in [true, false] {
        h.event_modifiers(
            egui::Event::PointerButton {
                pos: to,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::SHIFT,
            },
            Modifiers::SHIFT,
        );
        h.step();
    }
    h.run();
    let sel = h.state().text_selection().unwrap();
    assert_eq!(sel.range().start, s);
    assert!(sel.range().end >= e2);
}

#[test]
fn unreadable_sidecar_is_shown_and_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "qinglan-briefing.utf16le.txt");
    let sidecar = dir.path().join("qinglan-briefing.utf16le.txt.gloss.ron");
    std::fs::write(&sidecar, "(version: 1, source: (\n  file_name: 3,").unwrap();
    let mut h = harness(&path);
    // The document is readable, the error names the line, and saving is refused.
    assert!(h.query_all_by_label_contains("line 2").count() >= 1);
    let (s, e) = find(&h, "486.2亿元");
    drag_select(&mut h, s, e);
    h.key_press(Key::F);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.state().status().unwrap().is_error);
    assert_eq!(
        std::fs::read_to_string(&sidecar).unwrap(),
        "(version: 1, source: (\n  file_name: 3,"
    );
    assert_eq!(
        annotation_count(&h),
        1,
        "the new annotation is kept in memory"
    );
}

#[test]
fn snapshots_of_overlapping_highlights_in_both_themes() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "qinglan-news-zh-hant.big5.txt");
    let mut results = egui_kittest::SnapshotResults::new();
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        let mut h = harness_with(&path, theme);
        for (needle, key) in [
            ("縣府也將協助園區每年引進2至3家國際大廠研發中心。", Key::C),
            ("2至3家", Key::F),
            ("青嵐產業園區", Key::E),
        ] {
            let (s, e) = find(&h, needle);
            drag_select(&mut h, s, e);
            h.key_press(key);
            h.run();
        }
        assert_eq!(annotation_count(&h), 3);
        // Other occurrences of the tagged texts arrive from a background job: wait for them,
        // so the picture is always the same.
        settle(&mut h);
        // The pledge linked to its target (R, 1) and to the park (R, click): selected, it is
        // joined to both by connectors.
        let (s, _) = find(&h, "縣府也將協助");
        let on_pledge = char_pos(&h, s + 1, false);
        click(&mut h, on_pledge);
        h.key_press(Key::R);
        h.run();
        h.key_press(Key::Num1);
        h.run();
        h.key_press(Key::R);
        h.run();
        let (p, _) = find(&h, "青嵐產業園區");
        let on_park = char_pos(&h, p + 1, false);
        click(&mut h, on_park);
        assert_eq!(h.state().session().unwrap().relations().len(), 2);
        settle(&mut h);
        h.remove_cursor();
        h.run();
        let name = match theme {
            egui::Theme::Light => "overlapping_light",
            egui::Theme::Dark => "overlapping_dark",
        };
        if snapshots_available() {
            h.snapshot(name);
        }
        results.extend_harness(&mut h);
    }
}

/// Whether image snapshots can be rendered here: they need a wgpu adapter (Mesa lavapipe on a
/// machine without a GPU). Without one the comparisons are skipped with a notice — the UI
/// behaviour around them still runs — unless `GLOSS_REQUIRE_SNAPSHOTS` is set, as CI does.
fn snapshots_available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let available = std::panic::catch_unwind(egui_kittest::wgpu::WgpuTestRenderer::new).is_ok();
        if !available {
            assert!(
                std::env::var_os("GLOSS_REQUIRE_SNAPSHOTS").is_none(),
                "GLOSS_REQUIRE_SNAPSHOTS is set but no wgpu adapter is available to render \
                 snapshots (install mesa-vulkan-drivers)"
            );
            eprintln!(
                "notice: image snapshot comparisons skipped: no wgpu adapter to render them \
                 (install mesa-vulkan-drivers, or set GLOSS_REQUIRE_SNAPSHOTS=1 to fail instead)"
            );
        }
        available
    })
}

/// Runs frames until background work (opening, suggesting, learning) is done.
pub(crate) fn settle(h: &mut Harness<'_, GlossApp>) {
    wait_for(h, "background work to finish", 30.0, |app| !app.is_busy());
}

/// Runs frames (in real time: background threads and the file watcher work meanwhile) until
/// `done` holds, for at most `seconds`.
pub(crate) fn wait_for(
    h: &mut Harness<'_, GlossApp>,
    what: &str,
    seconds: f32,
    done: impl Fn(&GlossApp) -> bool,
) {
    let pause = std::time::Duration::from_millis(20);
    for _ in 0..(seconds / pause.as_secs_f32()) as usize {
        // Step rather than run: a progress bar animates while the work goes on.
        h.step();
        if done(h.state()) {
            h.run();
            return;
        }
        std::thread::sleep(pause);
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn suggestions_are_walked_accepted_and_rejected_and_rejections_persist() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "qinglan-briefing.utf16le.txt");
    let mut h = harness(&path);

    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    settle(&mut h);
    let pending = h.state().pending_suggestions().to_vec();
    assert!(pending.len() >= 5, "{} suggestions", pending.len());
    assert!(pending.iter().any(|s| s.kind() == Kind::Figure));
    assert_eq!(h.state().current_suggestion(), Some(0));
    assert_eq!(annotation_count(&h), 0, "suggestions are not annotations");

    // Walk: N moves on, P comes back.
    h.key_press(Key::N);
    h.run();
    assert_eq!(h.state().current_suggestion(), Some(1));
    h.key_press(Key::P);
    h.run();
    assert_eq!(h.state().current_suggestion(), Some(0));

    // Enter accepts the current one: it becomes an annotation with the suggested label.
    let first = pending[0].clone();
    h.key_press(Key::Enter);
    h.run();
    let accepted = h.state().session().unwrap().annotations().to_vec();
    assert_eq!(accepted.len(), 1);
    assert_eq!(
        (accepted[0].start, accepted[0].end),
        (first.start, first.end)
    );
    assert_eq!(accepted[0].label, first.label);
    assert!(
        !h.state()
            .pending_suggestions()
            .iter()
            .any(|s| (s.start, s.end, s.kind()) == (first.start, first.end, first.kind())),
        "an accepted suggestion is no longer pending"
    );

    // Backspace rejects the next one.
    let rejected = h.state().pending_suggestions()[0].clone();
    h.key_press(Key::Backspace);
    h.run();
    assert_eq!(annotation_count(&h), 1, "rejecting adds no annotation");
    assert!(
        !h.state()
            .pending_suggestions()
            .iter()
            .any(|s| (s.start, s.end, s.kind()) == (rejected.start, rejected.end, rejected.kind()))
    );

    // Edit, then accept: change the current figure's unit in the panel before pressing Enter.
    let figure_index = h
        .state()
        .pending_suggestions()
        .iter()
        .position(|s| s.kind() == Kind::Figure)
        .expect("a figure is pending");
    let figure = h.state().pending_suggestions()[figure_index].clone();
    for _ in 0..figure_index {
        h.key_press(Key::N);
        h.run();
    }
    assert_eq!(h.state().current_suggestion(), Some(figure_index));
    h.get_by_label("Unit").click();
    h.run();
    h.get_by_label("Unit").type_text("（修正）");
    h.key_press(Key::Enter); // commits the field
    h.run();
    h.key_press(Key::Enter); // accepts the suggestion
    h.run();
    let edited = h
        .state()
        .session()
        .unwrap()
        .annotations()
        .iter()
        .find(|a| a.start == figure.start && a.kind() == Kind::Figure)
        .expect("the edited figure was accepted")
        .label
        .clone();
    assert!(
        matches!(&edited, Label::Figure { unit, .. } if unit.ends_with("（修正）")),
        "{edited:?}"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    drop(h);

    // Reopen and ask again: the rejected suggestion does not come back, accepted ones are
    // annotations rather than suggestions.
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    settle(&mut h);
    let again = h.state().pending_suggestions();
    assert!(
        !again
            .iter()
            .any(|s| (s.start, s.end, s.kind()) == (rejected.start, rejected.end, rejected.kind())),
        "a rejected suggestion must not come back after reopening"
    );
    assert!(
        !again
            .iter()
            .any(|s| (s.start, s.end, s.kind()) == (first.start, first.end, first.kind()))
    );
    assert_eq!(annotation_count(&h), 2);
}

#[test]
fn accept_all_of_a_kind_is_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    settle(&mut h);
    let figures = h
        .state()
        .pending_suggestions()
        .iter()
        .filter(|s| s.kind() == Kind::Figure)
        .count();
    assert!(figures >= 10, "{figures} figures suggested");
    h.get_by_label_contains(&format!("Figure ({figures})"))
        .click();
    h.run();
    assert_eq!(annotation_count(&h), figures);
    assert!(
        h.state()
            .pending_suggestions()
            .iter()
            .all(|s| s.kind() != Kind::Figure)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(annotation_count(&h), 0);
}

#[test]
fn tagging_a_name_suggests_its_other_occurrences() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);
    let needle = "临江市";
    let occurrences = h
        .state()
        .session()
        .unwrap()
        .doc
        .text()
        .matches(needle)
        .count();
    assert!(occurrences >= 2);
    let (s, e) = find(&h, needle);
    drag_select(&mut h, s, e);
    h.key_press(Key::E);
    settle(&mut h); // the other occurrences are found in the background
    let echoes: Vec<_> = h
        .state()
        .pending_suggestions()
        .iter()
        .filter(|x| x.kind() == Kind::Entity && x.start != s)
        .collect();
    assert_eq!(echoes.len(), occurrences - 1);
}

/// Clicks the widget labelled exactly `label`.
fn click_label(h: &mut Harness<'_, GlossApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Opens File → Import… and types `path` as the file to import from.
fn import_dialog_with(h: &mut Harness<'_, GlossApp>, path: &Path) {
    file_menu(h, "Import…");
    h.get_by_role(egui::accesskit::Role::TextInput).click();
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&path.display().to_string());
    h.run();
}

/// Opens the File menu and picks `item`.
fn file_menu(h: &mut Harness<'_, GlossApp>, item: &str) {
    click_label(h, "File");
    click_label(h, item);
}

/// Runs frames for `seconds` of egui time (each step is 1/60 s).
fn wait(h: &mut Harness<'_, GlossApp>, seconds: f32) {
    for _ in 0..(seconds * 60.0).ceil() as usize {
        h.step();
    }
    h.run();
}

fn sidecar_on_disk(path: &Path) -> Option<gloss::store::Sidecar> {
    gloss::store::Sidecar::load(&gloss::store::Sidecar::path_for(path)).unwrap()
}

#[test]
fn edits_are_autosaved_after_a_pause_and_on_focus_loss() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);
    let (s, e) = find(&h, "412.5亿元");
    drag_select(&mut h, s, e);
    h.key_press(Key::F);
    h.run();
    assert!(sidecar_on_disk(&path).is_none(), "not saved at once");
    assert!(h.state().title().starts_with('●'));

    wait(&mut h, gloss::ui::AUTOSAVE_DELAY as f32 + 0.5);
    let saved = sidecar_on_disk(&path).expect("autosaved after the pause");
    assert_eq!(saved.annotations.len(), 1);
    assert!(!h.state().title().starts_with('●'));

    // A second edit, then the window loses focus: saved in that frame, without waiting.
    let (s, e) = find(&h, "临江市");
    drag_select(&mut h, s, e);
    h.key_press(Key::E);
    h.run();
    assert_eq!(sidecar_on_disk(&path).unwrap().annotations.len(), 1);
    h.event(egui::Event::WindowFocused(false));
    h.step();
    assert_eq!(sidecar_on_disk(&path).unwrap().annotations.len(), 2);
}

#[test]
fn export_and_import_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);
    for (needle, key) in [("412.5亿元", Key::F), ("临江市", Key::E)] {
        let (s, e) = find(&h, needle);
        drag_select(&mut h, s, e);
        h.key_press(key);
        h.run();
    }

    // CSV is the default, written beside the report.
    file_menu(&mut h, "Export…");
    click_label(&mut h, "Export");
    let csv_path = dir.path().join("linjiang-plan-2025.csv");
    let mut reader = csv::Reader::from_path(&csv_path).expect("CSV written");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|r| r.iter().any(|f| f == "412.5亿元")));

    // Pick JSON Lines in the format list; the destination follows the format.
    file_menu(&mut h, "Export…");
    h.get(
        By::new()
            .role(egui::accesskit::Role::ComboBox)
            .label("Format"),
    )
    .click();
    h.run();
    click_label(&mut h, "JSON Lines (gold format)");
    click_label(&mut h, "Export");
    let jsonl = dir.path().join("linjiang-plan-2025.jsonl");
    let exported = std::fs::read_to_string(&jsonl).expect("JSONL written");
    assert_eq!(exported.lines().count(), 2);

    // Undo both annotations, then import the JSON Lines file by typing its path.
    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    }
    assert_eq!(annotation_count(&h), 0);
    import_dialog_with(&mut h, &jsonl);
    click_label(&mut h, "Import");
    let quotes: Vec<String> = h
        .state()
        .session()
        .unwrap()
        .annotations()
        .iter()
        .map(|a| a.quote.clone())
        .collect();
    assert_eq!(quotes.len(), 2, "{:?}", h.state().status());
    assert!(quotes.contains(&"412.5亿元".to_owned()) && quotes.contains(&"临江市".to_owned()));
    assert!(!h.state().status().unwrap().is_error);
}

#[test]
fn export_with_suggestions_writes_exactly_what_the_suggestions_tab_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    settle(&mut h);
    // Accept the first suggestion and reject the next: neither is pending any more.
    h.key_press(Key::Enter);
    h.run();
    h.key_press(Key::Backspace);
    h.run();
    let listed: Vec<(usize, usize, String)> = h
        .state()
        .pending_suggestions()
        .iter()
        .map(|s| (s.start, s.end, s.kind().to_string()))
        .collect();
    assert!(listed.len() > 10, "{} suggestions listed", listed.len());

    file_menu(&mut h, "Export…");
    h.get(
        By::new()
            .role(egui::accesskit::Role::ComboBox)
            .label("Format"),
    )
    .click();
    h.run();
    click_label(&mut h, "JSON Lines (gold format)");
    click_label(&mut h, "Include suggestions (marked as such)");
    click_label(&mut h, "Export");
    let exported = std::fs::read_to_string(dir.path().join("linjiang-plan-2025.jsonl"))
        .expect("JSONL written");
    let rows: Vec<serde_json::Value> = exported
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut suggested: Vec<(usize, usize, String)> = rows
        .iter()
        .filter(|r| r["status"] == "suggestion")
        .map(|r| {
            (
                r["start"].as_u64().unwrap() as usize,
                r["end"].as_u64().unwrap() as usize,
                r["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    suggested.sort();
    let mut listed = listed;
    listed.sort();
    assert_eq!(
        suggested, listed,
        "the export holds the tab's suggestions, no more, no less"
    );
    assert_eq!(
        rows.iter().filter(|r| r["status"] == "annotation").count(),
        1,
        "the accepted suggestion is exported as an annotation"
    );
}

#[test]
fn orphaned_annotation_is_reattached_to_new_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    // An annotation made on a version of the report that said 德胜镇, which this one does not.
    let old = gloss::document::Document::from_text("old.txt", "重点支持德胜镇建设产业园。");
    let mut a = gloss::annotation::Annotation::new(
        &old,
        4,
        7,
        Label::Entity {
            entity_type: EntityType::Place,
        },
    );
    a.note = "from the 2024 draft".into();
    let mut session = gloss::session::Session::open(&path, Default::default()).unwrap();
    session.apply(gloss::session::Command::Create(a.clone()));
    session.save().unwrap();
    drop(session);

    let mut h = harness(&path);
    let status = h.state().status().unwrap().text.clone();
    assert!(status.contains("1 orphaned"), "{status}");
    h.get_by_label_contains("(orphaned)").click();
    h.run();
    assert_eq!(h.state().selected(), Some(&a.id));
    assert!(h.query_all_by_label_contains("Orphaned:").count() == 1);

    let (s, e) = find(&h, "临江市");
    drag_select(&mut h, s, e);
    click_label(&mut h, "Re-attach to selection");
    let moved = h
        .state()
        .session()
        .unwrap()
        .annotations()
        .get(&a.id)
        .unwrap()
        .clone();
    assert_eq!(
        (moved.start, moved.end, moved.quote.as_str()),
        (s, e, "临江市")
    );
    assert_eq!(moved.anchor, gloss::annotation::anchor::AnchorState::Exact);
    assert_eq!(moved.note, "from the 2024 draft");
    assert!(h.query_all_by_label_contains("Orphaned:").count() == 0);
}

#[test]
fn another_programs_sidecar_change_is_reloaded_or_merged_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let sidecar_path = gloss::store::Sidecar::path_for(&path);
    let mut h = harness(&path);
    let (s, e) = find(&h, "412.5亿元");
    drag_select(&mut h, s, e);
    h.key_press(Key::F);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let ours = sidecar_on_disk(&path).unwrap();

    // No local edits: a colleague's version is simply reloaded.
    let doc = gloss::document::loader::load(&path, Default::default()).unwrap();
    let mut theirs = ours.clone();
    let (ts, te) = find(&h, "临江市");
    theirs.annotations.push(gloss::annotation::Annotation::new(
        &doc,
        ts,
        te,
        Label::Entity {
            entity_type: EntityType::Place,
        },
    ));
    theirs.save(&sidecar_path).unwrap();
    wait_for(&mut h, "the reload", 5.0, |app| {
        app.session().unwrap().annotations().len() == 2
    });
    assert!(h.state().status().unwrap().text.contains("reloaded"));

    // Local edit + another change on disk: the conflict dialog, and nothing overwritten.
    let (cs, ce) = find(&h, "确保全年工业投资增长10%");
    drag_select(&mut h, cs, ce);
    h.key_press(Key::C);
    h.run();
    let mut theirs2 = theirs.clone();
    theirs2.annotations.retain(|a| a.quote != "临江市");
    let third = find(&h, "技术改造");
    theirs2.annotations.push(gloss::annotation::Annotation::new(
        &doc,
        third.0,
        third.1,
        Label::empty(Kind::Entity),
    ));
    theirs2.save(&sidecar_path).unwrap();
    wait_for(&mut h, "the conflict dialog", 5.0, |app| app.has_conflict());
    wait(&mut h, gloss::ui::AUTOSAVE_DELAY as f32 + 0.5);
    assert_eq!(
        sidecar_on_disk(&path).unwrap(),
        theirs2,
        "autosave must not overwrite theirs"
    );
    assert!(h.query_all_by_label_contains("Only in yours").count() == 1);

    click_label(&mut h, "Merge, keep mine where both changed");
    assert!(!h.state().has_conflict());
    let merged: Vec<String> = sidecar_on_disk(&path)
        .unwrap()
        .annotations
        .iter()
        .map(|a| a.quote.clone())
        .collect();
    for quote in ["412.5亿元", "临江市", "确保全年工业投资增长10%", "技术改造"] {
        assert!(
            merged.contains(&quote.to_owned()),
            "{quote} missing from {merged:?}"
        );
    }
}

#[test]
fn a_tag_key_shows_its_result_in_the_same_frame() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);
    let (s, e) = find(&h, "412.5亿元");
    drag_select(&mut h, s, e);
    h.key_press(Key::F);
    h.step(); // exactly one frame
    assert_eq!(annotation_count(&h), 1);
    assert_eq!(h.query_all_by_label_contains("= 41250000000 元").count(), 1);
}

#[test]
fn import_dialog_takes_records_of_other_types_as_the_kind_picked() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let (s, e) = crate::common::find(&text, "湫溪镇", 0);
    // A brat file from another tool, with a type Gloss does not know.
    let ann = dir.path().join("other.ann");
    std::fs::write(&ann, format!("T1\tTownship {s} {e}\t湫溪镇\n")).unwrap();
    let mut h = harness(&path);
    // By default the record is skipped, and the status says so.
    import_dialog_with(&mut h, &ann);
    click_label(&mut h, "Import");
    assert_eq!(annotation_count(&h), 0);
    let status = h.state().status().unwrap();
    assert!(status.text.contains("1 Township"), "{}", status.text);

    // Picking a label for other types imports it as that.
    import_dialog_with(&mut h, &ann);
    h.get(
        By::new()
            .role(egui::accesskit::Role::ComboBox)
            .label("Other types"),
    )
    .click();
    h.run();
    click_label(&mut h, "Import as entity: place");
    click_label(&mut h, "Import");
    let session = h.state().session().unwrap();
    let a = session.annotations().iter().next().expect("imported");
    assert_eq!(a.quote, "湫溪镇");
    assert_eq!(
        a.label,
        gloss::annotation::Label::Entity {
            entity_type: gloss::annotation::EntityType::Place
        }
    );
}

#[test]
fn accept_all_takes_only_what_scores_at_least_the_slider_and_the_list_sorts_by_score() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    settle(&mut h);
    let pending = h.state().pending_suggestions().to_vec();
    let entities: Vec<f32> = pending
        .iter()
        .filter(|s| s.kind() == Kind::Entity)
        .map(|s| s.confidence)
        .collect();
    let threshold = 0.9;
    let want = entities.iter().filter(|c| **c >= threshold).count();
    assert!(
        want > 0 && want < entities.len(),
        "the threshold must split the entities: {entities:?}"
    );

    // The list's rows end with the suggestion's source and score ("… model 0.97").
    let row_scores = |h: &Harness<'static, GlossApp>| -> Vec<f32> {
        h.query_all(By::new().role(egui::accesskit::Role::Button))
            .filter_map(|n| n.accesskit_node().label())
            .filter(|l| l.starts_with(['F', 'E', 'C']) && l.contains("  "))
            .filter_map(|l| l.rsplit(' ').next().and_then(|x| x.parse().ok()))
            .collect()
    };
    // Listed by position, the rows follow the text; by score, they descend from the best.
    let by_position = row_scores(&h);
    assert!(by_position.len() > 10);
    assert!(
        by_position.windows(2).any(|w| w[0] < w[1]),
        "{by_position:?}"
    );
    click_label(&mut h, "score");
    let by_score = row_scores(&h);
    assert!(by_score.windows(2).all(|w| w[0] >= w[1]), "{by_score:?}");
    let best = pending.iter().map(|s| s.confidence).fold(0.0, f32::max);
    assert!(
        (by_score[0] - best).abs() < 0.006,
        "{by_score:?} best {best}"
    );

    // Score at least 0.9: Accept all takes exactly the entities scoring that much.
    h.get_by_role(egui::accesskit::Role::Slider)
        .set_value_accesskit(threshold as f64);
    h.run();
    click_label(&mut h, &format!("Entity ({want})"));
    let session = h.state().session().unwrap();
    assert_eq!(session.annotations().len(), want);
    assert!(
        h.state()
            .pending_suggestions()
            .iter()
            .filter(|s| s.kind() == Kind::Entity)
            .all(|s| s.confidence < threshold)
    );
}

#[test]
fn the_panel_shows_where_the_selected_annotation_sits_in_the_outline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outline.txt");
    std::fs::write(
        &path,
        "前言。\n一、主要目标\n（一）规模目标\n1.新增规上企业45家。\n",
    )
    .unwrap();
    let mut h = harness(&path);
    let (s, e) = find(&h, "45家");
    drag_select(&mut h, s, e);
    h.key_press(Key::F);
    h.run();
    assert_eq!(annotation_count(&h), 1);
    h.get_by_label("§ 一、 › （一） › 1.");
}

#[test]
fn the_window_speaks_chinese_and_english_in_both_themes() {
    use gloss::ui::i18n::Language;
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample(dir.path(), "linjiang-plan-2025.txt");
    let settings = dir.path().join("settings.ron");
    let mut results = egui_kittest::SnapshotResults::new();
    for (theme, suffix) in [(egui::Theme::Light, "light"), (egui::Theme::Dark, "dark")] {
        let mut h = harness_with(&path, theme);
        h.state_mut().set_settings_path(settings.clone());
        assert_eq!(h.state().language(), Language::English);
        // View → 简体中文, as a person would.
        h.get_by_label("View").click();
        h.run();
        h.get_by_label("简体中文").click();
        h.run();
        h.key_press(Key::Escape);
        h.run();
        assert_eq!(h.state().language(), Language::Chinese);
        for label in ["文件", "编辑", "视图"] {
            h.get_by_label(label);
        }
        h.get_by_label("标注（0）");
        h.get_by_label("建议（0）");
        h.get_by_label_contains("标注选区");
        assert!(
            std::fs::read_to_string(&settings)
                .unwrap()
                .contains("Chinese"),
            "the choice is remembered"
        );
        h.remove_cursor();
        h.run();
        if snapshots_available() {
            h.snapshot(format!("window_zh_{suffix}"));
        }
        // And back.
        h.get_by_label("视图").click();
        h.run();
        h.get_by_label("English").click();
        h.run();
        h.key_press(Key::Escape);
        h.run();
        assert_eq!(h.state().language(), Language::English);
        h.get_by_label("Annotations (0)");
        h.get_by_label_contains("Tag selection");
        h.remove_cursor();
        h.run();
        if snapshots_available() {
            h.snapshot(format!("window_en_{suffix}"));
        }
        results.extend_harness(&mut h);
    }
}
