//! The egui application: a thin layer over the library.
//!
//! Input (keys, clicks, drags, dropped files) becomes [`Action`]s; [`GlossApp::apply`] is the one
//! place they are carried out, turning data changes into [`Command`]s for the [`Session`] (which
//! keeps undo/redo). The document view, the panel and the theme live in their own modules.

mod document_view;
pub mod fonts;
mod heights;
mod panel;
mod theme;

pub use document_view::{DocumentView, TextSelection};

use crate::annotation::{Annotation, AnnotationId};
use crate::highlight::{Layer, Mark};
use crate::loader::{ENCODING_CHOICES, LoadOptions};
use crate::model::{Kind, Label};
use crate::session::{Command, Session};
use crate::sidecar::SidecarStatus;
use document_view::Highlights;
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, Ui, ViewportCommand};
use panel::AnnotationPanel;
use std::path::{Path, PathBuf};

/// Something the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Show the open-file dialog.
    OpenDialog,
    /// Open this file.
    Open(PathBuf),
    /// Reopen the current file decoded with this encoding (WHATWG name).
    Reopen(String),
    /// Save the sidecar.
    Save,
    /// Tag the selected text (or retag the selected annotation) as this kind.
    Tag(Kind),
    /// Delete an annotation.
    Delete(AnnotationId),
    /// Replace an annotation with an edited version.
    Edit(Box<Annotation>),
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Select an annotation (or none); `true` scrolls the document to it.
    Select(Option<AnnotationId>, bool),
    /// Show the find bar.
    Find,
    /// Close the window.
    Quit,
}

/// Something waiting for the user's answer about unsaved changes.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    Close,
    Open(PathBuf),
}

/// A message for the status bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// Whether it reports a problem.
    pub is_error: bool,
}

/// Taking a screenshot of the window after a few frames, then closing (for `--screenshot`).
struct ScreenshotJob {
    path: PathBuf,
    frames: u32,
    receiver: Option<std::sync::mpsc::Receiver<std::sync::Arc<egui::ColorImage>>>,
}

/// The whole application state.
pub struct GlossApp {
    session: Option<Session>,
    doc_version: u64,
    view: DocumentView,
    panel: AnnotationPanel,
    selected: Option<AnnotationId>,
    status: Option<Status>,
    pending: Option<Pending>,
    allow_close: bool,
    find: Option<String>,
    focus_find: bool,
    screenshot: Option<ScreenshotJob>,
    title: String,
}

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);

impl Default for GlossApp {
    fn default() -> Self {
        GlossApp::new()
    }
}

impl GlossApp {
    /// An app with no document open.
    pub fn new() -> GlossApp {
        GlossApp {
            session: None,
            doc_version: 0,
            view: DocumentView::default(),
            panel: AnnotationPanel::default(),
            selected: None,
            status: None,
            pending: None,
            allow_close: false,
            find: None,
            focus_find: false,
            screenshot: None,
            title: String::new(),
        }
    }

    /// After a few frames, save a screenshot of the window to `path` and close.
    pub fn screenshot_then_close(&mut self, path: PathBuf) {
        self.screenshot = Some(ScreenshotJob {
            path,
            frames: 0,
            receiver: None,
        });
    }

    /// The open session, if any.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The selected annotation.
    pub fn selected(&self) -> Option<&AnnotationId> {
        self.selected.as_ref()
    }

    /// The text selection in the document view.
    pub fn text_selection(&self) -> Option<TextSelection> {
        self.view.selection
    }

    /// The status bar message.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// The window title the app wants.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Where code point `offset` of the document was painted in the last frame, if visible.
    pub fn char_rect(&self, offset: usize) -> Option<egui::Rect> {
        self.view.char_rect(&self.session.as_ref()?.doc, offset)
    }

    /// How many document blocks were laid out in the last frame (the rest came from the cache).
    pub fn blocks_laid_out(&self) -> usize {
        self.view.blocks_laid_out
    }

    /// Opens a file now (no unsaved-changes check; see [`Action::Open`] for the checked way).
    pub fn open(&mut self, path: &Path) {
        self.open_with(path, LoadOptions::default());
    }

    fn open_with(&mut self, path: &Path, options: LoadOptions) {
        match Session::open(path, options) {
            Ok(session) => {
                self.status = Some(opening_status(&session));
                self.session = Some(session);
                self.doc_version += 1;
                self.view.reset();
                self.panel = AnnotationPanel::default();
                self.selected = None;
            }
            Err(e) => self.report_error(e.to_string()),
        }
    }

    fn report_error(&mut self, text: String) {
        self.status = Some(Status {
            text,
            is_error: true,
        });
    }

    fn report(&mut self, text: String) {
        self.status = Some(Status {
            text,
            is_error: false,
        });
    }

    /// Shows the whole app for one frame.
    pub fn ui(&mut self, ui: &mut Ui) {
        let mut actions = Vec::new();
        self.collect_input(ui, &mut actions);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, &mut actions));
        egui::Panel::right("annotations")
            .default_size(380.0)
            .min_size(260.0)
            .show(ui, |ui| self.panel_ui(ui, &mut actions));
        egui::CentralPanel::default().show(ui, |ui| self.document_ui(ui, &mut actions));

        for action in actions {
            self.apply(action, ui.ctx());
        }
        self.confirm_ui(ui.ctx());
        self.update_title(ui.ctx());
        self.screenshot_step(ui.ctx());
    }

    fn collect_input(&mut self, ui: &Ui, actions: &mut Vec<Action>) {
        let ctx = ui.ctx();
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            actions.push(Action::Open(path));
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.is_dirty() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.pending = Some(Pending::Close);
        }
        ctx.input_mut(|i| {
            // Most specific first: Ctrl+Shift+Z before Ctrl+Z.
            if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
                actions.push(Action::Redo);
            }
            if i.consume_shortcut(&UNDO) {
                actions.push(Action::Undo);
            }
            if i.consume_shortcut(&OPEN) {
                actions.push(Action::OpenDialog);
            }
            if i.consume_shortcut(&SAVE) {
                actions.push(Action::Save);
            }
            if i.consume_shortcut(&FIND) {
                actions.push(Action::Find);
            }
        });
        if ctx.egui_wants_keyboard_input() || self.pending.is_some() {
            return;
        }
        ctx.input_mut(|i| {
            for kind in Kind::ALL {
                let key = match kind {
                    Kind::Figure => Key::F,
                    Kind::Entity => Key::E,
                    Kind::Commitment => Key::C,
                };
                if i.consume_key(Modifiers::NONE, key) {
                    actions.push(Action::Tag(kind));
                }
            }
            if (i.consume_key(Modifiers::NONE, Key::Delete)
                || i.consume_key(Modifiers::NONE, Key::Backspace))
                && let Some(id) = self.selected.clone()
            {
                actions.push(Action::Delete(id));
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                actions.push(Action::Select(None, false));
            }
        });
        // Copy the selected text.
        let copy = ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
        if copy && let (Some(session), Some(range)) = (&self.session, self.view.selected_range()) {
            ctx.copy_text(session.doc.slice(range.start, range.end).to_owned());
        }
    }

    fn is_dirty(&self) -> bool {
        self.session.as_ref().is_some_and(Session::is_dirty)
    }

    /// Carries out one action.
    pub fn apply(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::OpenDialog => {
                let dialog = rfd::FileDialog::new()
                    .set_title("Open a report")
                    .add_filter("Reports", &["txt", "md", "markdown", "text"])
                    .add_filter("All files", &["*"]);
                // None means cancelled, or no dialog service (drag-and-drop still works).
                if let Some(path) = dialog.pick_file() {
                    self.apply(Action::Open(path), ctx);
                }
            }
            Action::Open(path) => {
                if self.is_dirty() {
                    self.pending = Some(Pending::Open(path));
                } else {
                    self.open(&path);
                }
            }
            Action::Reopen(name) => self.reopen(&name),
            Action::Save => {
                self.save();
            }
            Action::Tag(kind) => self.tag(kind),
            Action::Delete(id) => {
                if let Some(session) = &mut self.session
                    && session.annotations().get(&id).is_some()
                {
                    session.apply(Command::Delete(id.clone()));
                    if self.selected.as_ref() == Some(&id) {
                        self.selected = None;
                    }
                }
            }
            Action::Edit(annotation) => {
                if let Some(session) = &mut self.session {
                    session.apply(Command::Update(*annotation));
                }
            }
            Action::Undo => {
                if let Some(s) = &mut self.session
                    && !s.undo()
                {
                    self.report("Nothing to undo.".into());
                }
                self.drop_stale_selection();
            }
            Action::Redo => {
                if let Some(s) = &mut self.session
                    && !s.redo()
                {
                    self.report("Nothing to redo.".into());
                }
                self.drop_stale_selection();
            }
            Action::Select(id, scroll) => {
                if scroll
                    && let (Some(session), Some(id)) = (&self.session, &id)
                    && let Some(a) = session.annotations().get(id)
                    && a.is_placed()
                {
                    self.view.scroll_to(a.start);
                }
                if !scroll {
                    self.panel.reveal_selected();
                }
                self.selected = id;
            }
            Action::Find => {
                self.find.get_or_insert_with(String::new);
                self.focus_find = true;
            }
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
        }
    }

    fn drop_stale_selection(&mut self) {
        if let (Some(session), Some(id)) = (&self.session, &self.selected)
            && session.annotations().get(id).is_none()
        {
            self.selected = None;
        }
    }

    fn save(&mut self) -> bool {
        let Some(session) = &mut self.session else {
            return false;
        };
        match session.save() {
            Ok(path) => {
                self.report(format!("Saved {}", path.display()));
                true
            }
            Err(e) => {
                self.report_error(format!("Not saved: {e}"));
                false
            }
        }
    }

    fn reopen(&mut self, encoding_name: &str) {
        let Some(path) = self.session.as_ref().and_then(|s| s.doc.path.clone()) else {
            return;
        };
        let Some(encoding) = encoding_rs::Encoding::for_label(encoding_name.as_bytes()) else {
            return;
        };
        if self.is_dirty() {
            self.report_error(
                "Save or undo your changes before reopening with another encoding.".into(),
            );
            return;
        }
        self.open_with(
            &path,
            LoadOptions {
                encoding: Some(encoding),
            },
        );
    }

    /// Tags the selected text as `kind`, or changes the selected annotation's kind.
    fn tag(&mut self, kind: Kind) {
        let Some(session) = &mut self.session else {
            return;
        };
        if let Some(range) = self.view.selected_range() {
            let (start, end) = trim_whitespace(session.doc.slice(range.start, range.end), range);
            if start == end {
                return;
            }
            let label = prefilled_label(kind, session.doc.slice(start, end));
            let annotation = Annotation::new(&session.doc, start, end, label);
            self.selected = Some(annotation.id.clone());
            session.apply(Command::Create(annotation));
            self.view.selection = None;
            self.panel.reveal_selected();
        } else if let Some(a) = self
            .selected
            .as_ref()
            .and_then(|id| session.annotations().get(id))
            && a.kind() != kind
        {
            let mut retagged = a.clone();
            retagged.label = prefilled_label(kind, &a.quote);
            session.apply(Command::Update(retagged));
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(egui::Button::new("Open…").shortcut_text(ui.ctx().format_shortcut(&OPEN)))
                    .clicked()
                {
                    actions.push(Action::OpenDialog);
                }
                let can_save = self.session.is_some();
                if ui
                    .add_enabled(
                        can_save,
                        egui::Button::new("Save").shortcut_text(ui.ctx().format_shortcut(&SAVE)),
                    )
                    .clicked()
                {
                    actions.push(Action::Save);
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    actions.push(Action::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                let (can_undo, can_redo) = self
                    .session
                    .as_ref()
                    .map_or((false, false), |s| (s.can_undo(), s.can_redo()));
                if ui
                    .add_enabled(
                        can_undo,
                        egui::Button::new("Undo").shortcut_text(ui.ctx().format_shortcut(&UNDO)),
                    )
                    .clicked()
                {
                    actions.push(Action::Undo);
                }
                if ui
                    .add_enabled(
                        can_redo,
                        egui::Button::new("Redo").shortcut_text(ui.ctx().format_shortcut(&REDO)),
                    )
                    .clicked()
                {
                    actions.push(Action::Redo);
                }
                if ui
                    .add(egui::Button::new("Find…").shortcut_text(ui.ctx().format_shortcut(&FIND)))
                    .clicked()
                {
                    actions.push(Action::Find);
                }
            });
            ui.menu_button("View", |ui| {
                let mut preference = ui.ctx().options(|o| o.theme_preference);
                for (value, name) in [
                    (egui::ThemePreference::System, "Follow the system theme"),
                    (egui::ThemePreference::Light, "Light theme"),
                    (egui::ThemePreference::Dark, "Dark theme"),
                ] {
                    if ui.radio_value(&mut preference, value, name).clicked() {
                        ui.ctx().set_theme(preference);
                    }
                }
            });
            ui.separator();
            if ui.button("Open…").clicked() {
                actions.push(Action::OpenDialog);
            }
            if ui
                .add_enabled(self.session.is_some(), egui::Button::new("Save"))
                .clicked()
            {
                actions.push(Action::Save);
            }
            if let Some(find) = &mut self.find {
                ui.separator();
                ui.label("Find:");
                let response = ui.add(egui::TextEdit::singleline(find).desired_width(200.0));
                if std::mem::take(&mut self.focus_find) {
                    response.request_focus();
                }
                let next = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if next || ui.button("Next").clicked() {
                    let needle = find.clone();
                    self.find_next(&needle);
                    if next {
                        response.request_focus();
                    }
                }
                if ui.button("✖").on_hover_text("Close the find bar").clicked() {
                    self.find = None;
                }
            }
        });
    }

    fn find_next(&mut self, needle: &str) {
        let Some(session) = &self.session else {
            return;
        };
        if needle.is_empty() {
            return;
        }
        let doc = &session.doc;
        let from = self.view.selection.map_or(0, |s| s.range().end);
        let from_byte = doc.byte_of_char(from);
        let hit = doc.text()[from_byte..]
            .find(needle)
            .map(|b| from_byte + b)
            .or_else(|| doc.text().find(needle));
        match hit {
            Some(byte) => {
                let start = doc.text()[..byte].chars().count();
                let end = start + needle.chars().count();
                self.view.selection = Some(TextSelection {
                    anchor: start,
                    head: end,
                });
                self.view.scroll_to(start);
            }
            None => self.report(format!("“{needle}” was not found.")),
        }
    }

    fn status_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            if let Some(session) = &self.session {
                let doc = &session.doc;
                ui.label(&doc.source.file_name);
                ui.separator();
                let current = doc.source.encoding.clone();
                egui::ComboBox::from_id_salt("encoding")
                    .selected_text(&current)
                    .show_ui(ui, |ui| {
                        for name in ENCODING_CHOICES {
                            if ui.selectable_label(current.eq_ignore_ascii_case(name), name).clicked()
                                && !current.eq_ignore_ascii_case(name)
                            {
                                actions.push(Action::Reopen(name.to_owned()));
                            }
                        }
                    })
                    .response
                    .on_hover_text("The encoding used to decode the file. Pick another if the text looks wrong.");
                ui.separator();
                ui.label(format!("{} characters · {} annotations", doc.char_len(), session.annotations().len()));
                if let Some(sel) = self.view.selected_range() {
                    ui.separator();
                    ui.label(format!("selection {}–{}", sel.start, sel.end));
                }
            }
            if let Some(status) = &self.status {
                ui.separator();
                if status.is_error {
                    ui.colored_label(ui.visuals().error_fg_color, &status.text);
                } else {
                    ui.label(&status.text);
                }
            }
        });
    }

    fn panel_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.heading("Annotations");
        let Some(session) = &self.session else {
            ui.weak("Open a report to start annotating.");
            return;
        };
        if let SidecarStatus::Unreadable(e) = session.sidecar_status() {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            ui.separator();
        }
        let has_selection = self.view.selected_range().is_some();
        self.panel.ui(
            ui,
            session.annotations(),
            self.selected.as_ref(),
            has_selection,
            actions,
        );
    }

    fn document_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(session) = &self.session else {
            ui.centered_and_justified(|ui| {
                ui.label("Open a report with Ctrl+O, the Open button, or drop a file here.\n打开报告：Ctrl+O，或将文件拖到此处。");
            });
            return;
        };
        let annotations = session.annotations();
        let marks = |range: std::ops::Range<usize>| -> Vec<Mark> {
            annotations
                .overlapping(range)
                .map(|a| Mark {
                    start: a.start,
                    end: a.end,
                    kind: a.kind(),
                    layer: Layer::Annotation,
                })
                .collect()
        };
        let outline = self
            .selected
            .as_ref()
            .and_then(|id| annotations.get(id))
            .filter(|a| a.is_placed())
            .map(|a| (a.start..a.end, a.kind()));
        let highlights = Highlights {
            marks: &marks,
            outline,
        };
        let response = self
            .view
            .ui(ui, &session.doc, self.doc_version, &highlights);
        if let Some(at) = response.clicked_at {
            let hit = annotations.innermost_at(at).map(|a| a.id.clone());
            actions.push(Action::Select(hit, false));
        }
    }

    fn confirm_ui(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.pending.clone() else {
            return;
        };
        let name = self
            .session
            .as_ref()
            .map_or_else(String::new, |s| s.doc.source.file_name.clone());
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!("Save the annotations of {name} before continuing?"));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some(true);
                }
                if ui.button("Discard changes").clicked() {
                    choice = Some(false);
                }
                if ui.button("Cancel").clicked() {
                    self.pending = None;
                }
            });
        });
        let Some(save_first) = choice else {
            return;
        };
        if save_first && !self.save() {
            self.pending = None;
            return;
        }
        self.pending = None;
        match pending {
            Pending::Close => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            Pending::Open(path) => self.open(&path),
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.session {
            Some(s) => format!(
                "{}{} — Gloss",
                if s.is_dirty() { "● " } else { "" },
                s.doc.source.file_name
            ),
            None => "Gloss".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn screenshot_step(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.screenshot else {
            return;
        };
        job.frames += 1;
        ctx.request_repaint();
        if job.receiver.is_none() && job.frames >= 10 {
            let (sender, receiver) = std::sync::mpsc::channel();
            ctx.request_screenshot(move |image| {
                sender.send(image).ok();
            });
            job.receiver = Some(receiver);
        }
        let image = job.receiver.as_ref().and_then(|r| r.try_recv().ok());
        if let Some(image) = image {
            let path = job.path.clone();
            let result = image::save_buffer(
                &path,
                image.as_raw(),
                image.width() as u32,
                image.height() as u32,
                image::ExtendedColorType::Rgba8,
            );
            if let Err(e) = result {
                eprintln!("error: cannot write screenshot {}: {e}", path.display());
                std::process::exit(1);
            }
            self.allow_close = true;
            self.screenshot = None;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }
}

impl eframe::App for GlossApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        GlossApp::ui(self, ui);
    }
}

/// The status line shown after opening: encoding, and how the stored annotations anchored.
fn opening_status(session: &Session) -> Status {
    let doc = &session.doc;
    let report = session.anchor_report();
    let total = session.annotations().len();
    let mut text = format!("Opened {} ({})", doc.source.file_name, doc.source.encoding);
    if total > 0 {
        text.push_str(&format!(
            "; {total} annotations: {} kept, {} moved, {} to check, {} orphaned",
            report.exact, report.moved, report.check, report.orphaned
        ));
    }
    Status {
        is_error: report.orphaned > 0,
        text,
    }
}

/// Shrinks `range` so it does not start or end with whitespace; `text` is its content.
fn trim_whitespace(text: &str, range: std::ops::Range<usize>) -> (usize, usize) {
    let leading = text.chars().take_while(|c| c.is_whitespace()).count();
    let trailing = text.chars().rev().take_while(|c| c.is_whitespace()).count();
    let start = range.start + leading;
    let end = range.end.saturating_sub(trailing).max(start);
    (start, end)
}

/// A label for `kind` with attributes read from the selected text where possible.
fn prefilled_label(kind: Kind, text: &str) -> Label {
    match kind {
        Kind::Figure => match crate::figure::parse_quantity(text) {
            Some(q) => Label::Figure {
                value: Some(q.value),
                unit: q.unit,
            },
            None => Label::empty(Kind::Figure),
        },
        _ => Label::empty(kind),
    }
}
