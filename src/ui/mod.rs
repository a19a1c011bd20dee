//! The egui application: a thin layer over the library.
//!
//! Input (keys, clicks, drags, dropped files) becomes [`Action`]s; [`GlossApp::apply`] is the one
//! place they are carried out, turning data changes into [`Command`]s for the [`Session`] (which
//! keeps undo/redo); after them come autosave and the reaction to other programs' changes
//! ([`disk`]). The document view, the panel, the export/import dialogs and the theme live in
//! their own modules.

mod disk;
mod document_view;
pub mod fonts;
mod heights;
mod job;
mod panel;
mod theme;
mod transfer;

pub use document_view::{DocumentView, TextSelection};

use crate::anchor::AnchorState;
use crate::annotation::{Annotation, AnnotationId};
use crate::export::{self, ExportOptions};
use crate::highlight::{Layer, Mark};
use crate::import::{self, ImportFormat};
use crate::loader::{ENCODING_CHOICES, LoadOptions};
use crate::model::{Kind, Label};
use crate::review::{self, SuggestionIndex};
use crate::session::{Command, Session};
use crate::sidecar::SidecarStatus;
use crate::suggest::{Engine, Suggestion};
use disk::DiskKeeper;
pub use disk::{AUTOSAVE_DELAY, Resolution};
use document_view::Highlights;
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, Ui, ViewportCommand};
use job::Job;
use panel::{AnnotationPanel, PanelInput, Tab};
use std::path::{Path, PathBuf};
use transfer::{ExportDialog, ImportDialog};

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
    /// Run the suggestion engine on the document.
    Suggest,
    /// Move to the next (+1) or previous (-1) pending suggestion.
    StepSuggestion(i32),
    /// Make the pending suggestion with this index the current one.
    FocusSuggestion(usize),
    /// Accept the current suggestion (with any edits made to it).
    AcceptSuggestion,
    /// Reject the current suggestion.
    RejectSuggestion,
    /// Accept every pending suggestion of a kind.
    AcceptAll(Kind),
    /// Move an orphaned (or to-be-checked) annotation onto the selected text.
    Reattach(AnnotationId),
    /// Confirm that an annotation marked "check" sits on the right text.
    ConfirmAnchor(AnnotationId),
    /// Show the export dialog.
    ShowExport,
    /// Export the annotations.
    Export {
        /// The format.
        format: export::Format,
        /// What to export.
        options: ExportOptions,
        /// Where to.
        path: PathBuf,
    },
    /// Show the import dialog.
    ShowImport,
    /// Merge annotations from another tool's file.
    Import {
        /// The file's format.
        format: ImportFormat,
        /// The file.
        path: PathBuf,
    },
    /// Settle a conflict between the session and the sidecar changed on disk.
    ResolveConflict(Resolution),
    /// Reopen the report after it changed on disk (saving the annotations first).
    ReloadSource,
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

impl Status {
    fn info(text: String) -> Status {
        Status {
            text,
            is_error: false,
        }
    }

    fn error(text: String) -> Status {
        Status {
            text,
            is_error: true,
        }
    }
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
    opening: Option<Job<Result<Session, String>>>,
    suggesting: Option<Job<(Vec<Suggestion>, Vec<String>)>>,
    /// Finding other occurrences of what the user just tagged (a scan of the whole text, so
    /// off the UI thread: tagging stays instant in a 10 MB report).
    learning: Vec<Job<Vec<Suggestion>>>,
    suggestions: Suggestions,
    disk: DiskKeeper,
    /// The `doc_version` whose files `disk` watches.
    watched_version: u64,
    export_dialog: Option<ExportDialog>,
    import_dialog: Option<ImportDialog>,
}

/// The engine's suggestions for the open document and the one being reviewed.
#[derive(Default)]
struct Suggestions {
    /// Everything the engine (and what it learned this session) proposed.
    raw: Vec<Suggestion>,
    raw_version: u64,
    /// The pending ones, recomputed when the annotations, rejections or `raw` change.
    pending: SuggestionIndex,
    pending_key: Option<(u64, u64)>,
    current: Option<usize>,
    /// The current suggestion as an editable annotation (edit, then accept).
    draft: Option<Annotation>,
}

/// The id of the annotation standing for the suggestion under review in the editor.
const SUGGESTION_DRAFT_ID: &str = "suggestion-under-review";

const SUGGEST: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::G);

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
            opening: None,
            suggesting: None,
            learning: Vec::new(),
            suggestions: Suggestions::default(),
            disk: DiskKeeper::default(),
            watched_version: 0,
            export_dialog: None,
            import_dialog: None,
        }
    }

    /// Pending suggestions, in document order.
    pub fn pending_suggestions(&self) -> &[Suggestion] {
        self.suggestions.pending.items()
    }

    /// Whether the dialog about a sidecar changed on disk during local edits is showing.
    pub fn has_conflict(&self) -> bool {
        self.disk.conflict.is_some()
    }

    /// The index of the suggestion under review.
    pub fn current_suggestion(&self) -> Option<usize> {
        self.suggestions.current
    }

    /// Whether background work (opening, suggesting) is running.
    pub fn is_busy(&self) -> bool {
        self.opening.is_some() || self.suggesting.is_some() || !self.learning.is_empty()
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

    /// Shows an already open session (for tools that build one in memory, like `gloss bench`).
    pub fn set_session(&mut self, session: Session) {
        self.adopt_session(Ok(session));
    }

    /// Scrolls the document so that code point `offset` is in view on the next frame.
    pub fn scroll_to(&mut self, offset: usize) {
        self.view.scroll_to(offset);
    }

    /// Selects a range of the document's text, as a drag would.
    pub fn set_text_selection(&mut self, range: std::ops::Range<usize>) {
        self.view.selection = Some(TextSelection {
            anchor: range.start,
            head: range.end,
        });
    }

    /// Opens a file now (no unsaved-changes check; see [`Action::Open`] for the checked way).
    pub fn open(&mut self, path: &Path) {
        self.open_with(path, LoadOptions::default());
    }

    fn open_with(&mut self, path: &Path, options: LoadOptions) {
        let result = Session::open(path, options).map_err(|e| e.to_string());
        self.adopt_session(result);
    }

    /// Opens a file on a background thread, showing progress (large files, PDFs).
    pub fn open_in_background(&mut self, ctx: &egui::Context, path: PathBuf) {
        let label = format!("Opening {}…", path.display());
        self.opening = Some(Job::spawn(ctx, label, move |_| {
            Session::open(&path, LoadOptions::default()).map_err(|e| e.to_string())
        }));
    }

    fn adopt_session(&mut self, result: Result<Session, String>) {
        match result {
            Ok(session) => {
                self.status = Some(opening_status(&session));
                self.session = Some(session);
                self.doc_version += 1;
                self.view.reset();
                self.panel = AnnotationPanel::default();
                self.selected = None;
                self.suggesting = None;
                self.learning.clear();
                self.suggestions = Suggestions::default();
                self.disk = DiskKeeper::default();
                self.export_dialog = None;
                self.import_dialog = None;
            }
            Err(e) => self.report_error(e),
        }
    }

    fn poll_jobs(&mut self) {
        if let Some(result) = self.opening.as_mut().and_then(Job::poll) {
            self.opening = None;
            self.adopt_session(result.and_then(|r| r));
        }
        if let Some(result) = self.suggesting.as_mut().and_then(Job::poll) {
            self.suggesting = None;
            match result {
                Ok((found, problems)) => {
                    let mut text = format!("{} suggestions", found.len());
                    if !problems.is_empty() {
                        text.push_str(&format!("; not read: {}", problems.join("; ")));
                    }
                    self.suggestions.raw = found;
                    self.suggestions.raw_version += 1;
                    self.suggestions.current = Some(0);
                    self.status = Some(Status {
                        text,
                        is_error: !problems.is_empty(),
                    });
                }
                Err(e) => self.report_error(format!("Suggesting failed: {e}")),
            }
        }
    }

    /// Recomputes the pending suggestions and the draft of the current one when needed.
    fn refresh_suggestions(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let sg = &mut self.suggestions;
        let key = (session.revision(), sg.raw_version);
        if sg.pending_key != Some(key) {
            sg.pending = SuggestionIndex::new(review::pending(
                &sg.raw,
                session.annotations(),
                session.rejected(),
            ));
            sg.pending_key = Some(key);
        }
        let n = sg.pending.items().len();
        sg.current = sg.current.filter(|_| n > 0).map(|i| i.min(n - 1));
        let current = sg.current.and_then(|i| sg.pending.items().get(i));
        let stale = match (current, &sg.draft) {
            (Some(s), Some(d)) => (s.start, s.end, &s.label) != (d.start, d.end, &d.label),
            (None, None) => false,
            _ => true,
        };
        if stale {
            sg.draft = current.map(|s| {
                let mut a = review::accept(&session.doc, s);
                a.id = AnnotationId(SUGGESTION_DRAFT_ID.to_owned());
                a
            });
        }
    }

    fn focus_suggestion(&mut self, index: usize) {
        let Some(s) = self.suggestions.pending.items().get(index) else {
            return;
        };
        self.suggestions.current = Some(index);
        self.view.scroll_to(s.start);
        self.view.selection = None;
        self.selected = None;
        self.panel.tab = Tab::Suggestions;
        self.panel.reveal_selected();
    }

    /// Teaches the engine an annotation the user made or accepted: other occurrences of its text
    /// become suggestions with the same label (found in the background).
    fn learn(&mut self, ctx: &egui::Context, annotation: &Annotation) {
        let Some(session) = &self.session else {
            return;
        };
        let text = session.doc.shared_text();
        let annotation = annotation.clone();
        self.learning.push(Job::spawn(ctx, "Learning…", move |_| {
            review::echoes_in(&text, &annotation)
        }));
    }

    /// Adds what finished learning jobs found to the suggestions.
    fn poll_learning(&mut self) {
        let mut found = Vec::new();
        self.learning.retain_mut(|job| match job.poll() {
            Some(result) => {
                found.extend(result.unwrap_or_default());
                false
            }
            None => true,
        });
        if found.is_empty() {
            return;
        }
        let sg = &mut self.suggestions;
        let mut known: std::collections::HashSet<(usize, usize, Kind)> =
            sg.raw.iter().map(|r| (r.start, r.end, r.kind())).collect();
        sg.raw.extend(
            found
                .into_iter()
                .filter(|e| known.insert((e.start, e.end, e.kind()))),
        );
        sg.raw_version += 1;
    }

    fn report_error(&mut self, text: String) {
        self.status = Some(Status::error(text));
    }

    fn report(&mut self, text: String) {
        self.status = Some(Status::info(text));
    }

    /// Watches the open document's files (once per opened document) and reacts to changes.
    fn poll_disk(&mut self, ctx: &egui::Context) {
        let Some(session) = &mut self.session else {
            return;
        };
        if self.watched_version != self.doc_version {
            self.watched_version = self.doc_version;
            self.disk = DiskKeeper::watching(ctx, session);
        }
        if let Some(status) = self.disk.poll_watcher(session) {
            self.status = Some(status);
            self.drop_stale_selection();
        }
    }

    /// Autosaves when due (`now_please`: before closing or opening another file); returns
    /// whether everything is saved.
    fn autosave(&mut self, ctx: &egui::Context, now_please: bool) -> bool {
        let Some(session) = &mut self.session else {
            return true;
        };
        if let Some(status) = self.disk.autosave(ctx, session, now_please) {
            self.status = Some(status);
        }
        !session.is_dirty()
    }

    /// Shows the whole app for one frame.
    pub fn ui(&mut self, ui: &mut Ui) {
        self.poll_jobs();
        self.poll_learning();
        self.poll_disk(ui.ctx());
        self.refresh_suggestions();
        let mut actions = Vec::new();
        self.collect_input(ui, &mut actions);
        // Keyboard commands take effect before drawing, so this very frame shows their result
        // (a tag key's highlight); clicks in the panels below are applied after it.
        for action in actions.drain(..) {
            self.apply(action, ui.ctx());
        }

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, &mut actions));
        egui::Panel::right("annotations")
            .default_size(380.0)
            .min_size(260.0)
            .show(ui, |ui| self.panel_ui(ui, &mut actions));
        if self.disk.source_changed {
            egui::Panel::top("source-changed").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "The report was changed on disk by another program.",
                    );
                    if ui
                        .button("Reopen it")
                        .on_hover_text("Save the annotations, reopen the report and re-anchor them")
                        .clicked()
                    {
                        actions.push(Action::ReloadSource);
                    }
                });
            });
        }
        egui::CentralPanel::default().show(ui, |ui| self.document_ui(ui, &mut actions));

        for action in actions {
            self.apply(action, ui.ctx());
        }
        self.autosave(ui.ctx(), false);
        self.dialogs_ui(ui.ctx());
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
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
            && !self.autosave(ctx, true)
        {
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
            if i.consume_shortcut(&SUGGEST) {
                actions.push(Action::Suggest);
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
            let reviewing =
                self.suggestions.current.is_some() && self.panel.tab == Tab::Suggestions;
            if i.consume_key(Modifiers::NONE, Key::N) {
                actions.push(Action::StepSuggestion(1));
            }
            if i.consume_key(Modifiers::NONE, Key::P) {
                actions.push(Action::StepSuggestion(-1));
            }
            if reviewing && i.consume_key(Modifiers::NONE, Key::Enter) {
                actions.push(Action::AcceptSuggestion);
            }
            if reviewing && i.consume_key(Modifiers::NONE, Key::Backspace) {
                actions.push(Action::RejectSuggestion);
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
                    .add_filter(
                        "Reports",
                        &[
                            "txt", "text", "md", "markdown", "htm", "html", "docx", "pdf",
                        ],
                    )
                    .add_filter("All files", &["*"]);
                // None means cancelled, or no dialog service (drag-and-drop still works).
                if let Some(path) = dialog.pick_file() {
                    self.apply(Action::Open(path), ctx);
                }
            }
            Action::Open(path) => {
                if !self.autosave(ctx, true) {
                    self.pending = Some(Pending::Open(path));
                } else {
                    self.open_in_background(ctx, path);
                }
            }
            Action::Reopen(name) => self.reopen(&name),
            Action::Save => {
                self.save();
            }
            Action::Reattach(id) => self.reattach(&id),
            Action::ConfirmAnchor(id) => {
                if let Some(session) = &mut self.session
                    && let Some(a) = session.annotations().get(&id)
                    && a.anchor == AnchorState::Check
                {
                    // The text it sits on now becomes its quote and context.
                    let confirmed = a.reattached(&session.doc, a.start, a.end);
                    session.apply(Command::Update(confirmed));
                }
            }
            Action::ShowExport => {
                let report = self.session.as_ref().and_then(|s| s.doc.path.as_deref());
                self.export_dialog = Some(ExportDialog::new(report));
            }
            Action::Export {
                format,
                options,
                path,
            } => self.export(format, &options, &path),
            Action::ShowImport => self.import_dialog = Some(ImportDialog::default()),
            Action::Import { format, path } => self.import(format, &path),
            Action::ResolveConflict(resolution) => {
                if let Some(session) = &mut self.session {
                    self.status = Some(self.disk.resolve(session, resolution));
                    self.drop_stale_selection();
                }
            }
            Action::ReloadSource => {
                if let Some(path) = self.session.as_ref().and_then(|s| s.doc.path.clone()) {
                    if self.autosave(ctx, true) {
                        self.open_in_background(ctx, path);
                    } else {
                        self.report_error(
                            "The annotations could not be saved, so the report was not reopened."
                                .into(),
                        );
                    }
                }
            }
            Action::Tag(kind) => self.tag(kind, ctx),
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
            Action::Edit(annotation) if annotation.id.0 == SUGGESTION_DRAFT_ID => {
                let sg = &mut self.suggestions;
                if let Some(s) = sg.raw.iter_mut().find(|s| {
                    (s.start, s.end, s.kind())
                        == (annotation.start, annotation.end, annotation.kind())
                }) {
                    s.label = annotation.label;
                    sg.raw_version += 1;
                }
            }
            Action::Edit(annotation) => {
                if let Some(session) = &mut self.session {
                    session.apply(Command::Update(*annotation));
                }
            }
            Action::Suggest => self.start_suggesting(ctx),
            Action::StepSuggestion(step) => {
                let n = self.suggestions.pending.items().len();
                if n > 0 {
                    let next = match self.suggestions.current {
                        None if step >= 0 => 0,
                        None => n - 1,
                        Some(i) => (i as i64 + i64::from(step)).rem_euclid(n as i64) as usize,
                    };
                    self.focus_suggestion(next);
                }
            }
            Action::FocusSuggestion(i) => self.focus_suggestion(i),
            Action::AcceptSuggestion => {
                if let (Some(session), Some(draft)) = (&mut self.session, &self.suggestions.draft) {
                    let mut accepted = draft.clone();
                    accepted.id = AnnotationId::generate();
                    session.apply(Command::Create(accepted.clone()));
                    self.learn(ctx, &accepted);
                    self.reveal_current();
                }
            }
            Action::RejectSuggestion => {
                let current = self
                    .suggestions
                    .current
                    .and_then(|i| self.suggestions.pending.items().get(i));
                if let (Some(session), Some(s)) = (&mut self.session, current) {
                    session.apply(review::reject(&session.doc, s));
                    self.reveal_current();
                }
            }
            Action::AcceptAll(kind) => {
                if let Some(session) = &mut self.session {
                    let batch: Vec<Command> = self
                        .suggestions
                        .pending
                        .items()
                        .iter()
                        .filter(|s| s.kind() == kind)
                        .map(|s| Command::Create(review::accept(&session.doc, s)))
                        .collect();
                    let n = batch.len();
                    session.apply(Command::Batch(batch));
                    self.report(format!("Accepted {n} {kind} suggestions."));
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

    fn start_suggesting(&mut self, ctx: &egui::Context) {
        let Some(session) = &self.session else {
            return;
        };
        if self.suggesting.is_some() {
            return;
        }
        let text = session.doc.text().to_owned();
        let path = session.doc.path.clone();
        let annotations = session.annotations().clone();
        self.suggesting = Some(Job::spawn(ctx, "Suggesting…", move |progress| {
            let teaching = review::teaching_for(path.as_deref(), &annotations);
            let engine = Engine::new(teaching.glossary);
            let found = engine.suggest_with_progress(&text, &Kind::ALL, progress);
            (found, teaching.problems)
        }));
        self.panel.tab = Tab::Suggestions;
    }

    /// After accepting or rejecting, the next pending suggestion takes the current one's place:
    /// scroll to it.
    fn reveal_current(&mut self) {
        self.refresh_suggestions();
        if let Some(i) = self.suggestions.current {
            self.focus_suggestion(i);
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
        match self.disk.save(session) {
            None if !session.is_dirty() => {
                if let Some(path) = session.sidecar_path() {
                    self.status = Some(Status::info(format!("Saved {}", path.display())));
                }
                true
            }
            None => false,
            Some(status) => {
                self.status = Some(status);
                false
            }
        }
    }

    /// Moves an annotation onto the selected text, keeping its id, label and note.
    fn reattach(&mut self, id: &AnnotationId) {
        let (Some(session), Some(range)) = (&mut self.session, self.view.selected_range()) else {
            self.report_error("Select the text to attach the annotation to first.".into());
            return;
        };
        let Some(a) = session.annotations().get(id) else {
            return;
        };
        let (start, end) = trim_whitespace(session.doc.slice(range.start, range.end), range);
        let moved = a.reattached(&session.doc, start, end);
        session.apply(Command::Update(moved));
        self.view.selection = None;
        self.selected = Some(id.clone());
    }

    fn export(&mut self, format: export::Format, options: &ExportOptions, path: &Path) {
        let Some(session) = &self.session else {
            return;
        };
        match export::export_session(session, format, options, path) {
            Ok(summary) => {
                let mut text = format!(
                    "Exported {} annotations to {}",
                    summary.records,
                    summary
                        .written
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                if !summary.warnings.is_empty() {
                    text.push_str(&format!(
                        "; {} could not be represented: {}",
                        summary.warnings.len(),
                        summary.warnings[0]
                    ));
                }
                self.status = Some(Status {
                    text,
                    is_error: !summary.warnings.is_empty(),
                });
            }
            Err(e) => self.report_error(format!("Not exported: {e}")),
        }
    }

    fn import(&mut self, format: ImportFormat, path: &Path) {
        let Some(session) = &mut self.session else {
            return;
        };
        match import::import_into(session, format, path) {
            Ok(report) => {
                let is_error = !report.all_fitted();
                self.status = Some(Status {
                    text: format!("Imported {}: {report}", path.display()),
                    is_error,
                });
            }
            Err(e) => self.report_error(format!("Not imported: {e}")),
        }
    }

    /// The export, import and conflict dialogs and the changed-report banner.
    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        let mut actions = Vec::new();
        if let Some(dialog) = &mut self.export_dialog
            && !dialog.ui(ctx, &mut actions)
        {
            self.export_dialog = None;
        }
        if let Some(dialog) = &mut self.import_dialog
            && !dialog.ui(ctx, &mut actions)
        {
            self.import_dialog = None;
        }
        self.disk.conflict_ui(ctx, &mut actions);
        for action in actions {
            self.apply(action, ctx);
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
    fn tag(&mut self, kind: Kind, ctx: &egui::Context) {
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
            session.apply(Command::Create(annotation.clone()));
            self.view.selection = None;
            self.panel.tab = Tab::Annotations;
            self.panel.reveal_selected();
            self.learn(ctx, &annotation);
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
                let open = self.session.is_some();
                if ui.add_enabled(open, egui::Button::new("Export…")).clicked() {
                    actions.push(Action::ShowExport);
                }
                if ui.add_enabled(open, egui::Button::new("Import…")).clicked() {
                    actions.push(Action::ShowImport);
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
                // DOCX and PDF carry their own encodings: nothing to choose there.
                let decoded = matches!(doc.source.format.as_str(), "text" | "markdown" | "html");
                if !decoded {
                    ui.label(doc.source.format.to_uppercase());
                } else {
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
                }
                ui.separator();
                ui.label(format!("{} characters · {} annotations", doc.char_len(), session.annotations().len()));
                if let Some(sel) = self.view.selected_range() {
                    ui.separator();
                    ui.label(format!("selection {}–{}", sel.start, sel.end));
                }
            }
            for job in [self.opening.as_ref().map(|j| (&j.label, j.progress)), self.suggesting.as_ref().map(|j| (&j.label, j.progress))]
                .into_iter()
                .flatten()
            {
                ui.separator();
                ui.add(egui::Spinner::new());
                ui.label(job.0);
                ui.add(egui::ProgressBar::new(job.1).desired_width(120.0).show_percentage());
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
        let Some(session) = &self.session else {
            ui.weak("Open a report to start annotating.");
            return;
        };
        if let SidecarStatus::Unreadable(e) = session.sidecar_status() {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            ui.separator();
        }
        let doc = &session.doc;
        let text_of = |a: usize, b: usize| doc.slice(a, b).to_owned();
        let sg = &self.suggestions;
        let input = PanelInput {
            annotations: session.annotations(),
            selected: self.selected.as_ref(),
            has_text_selection: self.view.selected_range().is_some(),
            suggestions: sg.pending.items(),
            current_suggestion: sg.current.zip(sg.draft.as_ref()),
            suggest_progress: self.suggesting.as_ref().map(|j| j.progress),
            text_of: &text_of,
        };
        self.panel.ui(ui, &input, actions);
    }

    fn document_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(session) = &self.session else {
            ui.centered_and_justified(|ui| {
                ui.label("Open a report with Ctrl+O, the Open button, or drop a file here.\n打开报告：Ctrl+O，或将文件拖到此处。");
            });
            return;
        };
        let annotations = session.annotations();
        let pending = &self.suggestions.pending;
        let marks = |range: std::ops::Range<usize>| -> Vec<Mark> {
            let placed = annotations.overlapping(range.clone()).map(|a| Mark {
                start: a.start,
                end: a.end,
                kind: a.kind(),
                layer: Layer::Annotation,
            });
            let suggested = pending.overlapping(range).map(|s| Mark {
                start: s.start,
                end: s.end,
                kind: s.kind(),
                layer: Layer::Suggestion,
            });
            placed.chain(suggested).collect()
        };
        let current_suggestion = self
            .suggestions
            .current
            .and_then(|i| pending.items().get(i))
            .map(|s| (s.start..s.end, s.kind()));
        let outline = self
            .selected
            .as_ref()
            .and_then(|id| annotations.get(id))
            .filter(|a| a.is_placed())
            .map(|a| (a.start..a.end, a.kind()))
            .or(current_suggestion);
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
        let busy = self.is_busy();
        let Some(job) = &mut self.screenshot else {
            return;
        };
        ctx.request_repaint();
        if busy {
            return;
        }
        job.frames += 1;
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
