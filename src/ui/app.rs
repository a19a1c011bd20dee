//! [`GlossApp`]: the application's state and one frame of it — background jobs polled, input
//! turned into actions and applied, the panels drawn, autosave, the window title.

use super::action::Action;
use super::compare_view::Comparison;
use super::disk::DiskKeeper;
use super::document_view::{DocumentView, Highlights, TextSelection};
use super::highlight::{Layer, Mark};
use super::i18n::Language;
use super::job::Job;
use super::links::{self, Linking};
use super::panel::{AnnotationPanel, PanelInput, Tab};
use super::transfer::{ExportDialog, ImportDialog};
use super::workspace::Workspace;
use crate::annotation::{Annotation, AnnotationId};
use crate::document::loader::LoadOptions;
use crate::document::outline::Outline;
use crate::session::Session;
use crate::store::SidecarStatus;
use crate::suggest::Suggestion;
use crate::suggest::review::{self, SuggestionIndex};
use eframe::egui::{self, Ui, ViewportCommand};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What waits for the user's answer about unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum UnsavedPrompt {
    /// Closing the window.
    Close,
    /// Opening another report.
    Open(PathBuf),
}

/// A message for the status bar.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusMessage {
    /// The text.
    pub text: String,
    /// Whether it reports a problem.
    pub is_error: bool,
}

impl StatusMessage {
    pub(super) fn info(text: String) -> StatusMessage {
        StatusMessage {
            text,
            is_error: false,
        }
    }

    pub(super) fn error(text: String) -> StatusMessage {
        StatusMessage {
            text,
            is_error: true,
        }
    }
}

/// Taking a screenshot of the window after a few frames, then closing (for `--screenshot`).
pub(super) struct ScreenshotJob {
    path: PathBuf,
    frames: u32,
    receiver: Option<std::sync::mpsc::Receiver<std::sync::Arc<egui::ColorImage>>>,
}

/// The whole application state.
pub struct GlossApp {
    pub(super) session: Option<Session>,
    pub(super) doc_version: u64,
    pub(super) view: DocumentView,
    pub(super) panel: AnnotationPanel,
    /// The open document's outline, for the selected annotation's section (computed once per
    /// text: keyed by its fingerprint and extractor).
    outline: Option<((String, String), Outline)>,
    pub(super) selected: Option<AnnotationId>,
    pub(super) status: Option<StatusMessage>,
    pub(super) unsaved_prompt: Option<UnsavedPrompt>,
    pub(super) allow_close: bool,
    pub(super) find: Option<String>,
    pub(super) focus_find: bool,
    pub(super) screenshot: Option<ScreenshotJob>,
    pub(super) title: String,
    pub(super) opening: Option<Job<Result<Session, String>>>,
    pub(super) suggesting: Option<Job<(Vec<Suggestion>, Vec<String>)>>,
    /// Suggestions of the parts a running suggestion job has finished (the visible part first),
    /// shown until the whole result arrives.
    pub(super) early_suggestions: Option<Arc<Mutex<Vec<Suggestion>>>>,
    /// How many of the early suggestions are shown.
    pub(super) early_shown: usize,
    /// Finding other occurrences of what the user just tagged (a scan of the whole text, so
    /// off the UI thread: tagging stays instant in a 10 MB report).
    pub(super) learning: Vec<Job<Vec<Suggestion>>>,
    pub(super) suggestions: Suggestions,
    pub(super) disk: DiskKeeper,
    /// The `doc_version` whose files `disk` watches.
    pub(super) watched_version: u64,
    pub(super) export_dialog: Option<ExportDialog>,
    pub(super) import_dialog: Option<ImportDialog>,
    /// The folder of reports open beside the document, if any.
    pub(super) workspace: Option<Workspace>,
    /// Where to go once the report being opened is shown: its path and a range to select.
    pub(super) goto: Option<(PathBuf, usize, usize)>,
    /// Another annotator's version of the open report, being compared with ours.
    pub(super) comparison: Option<Comparison>,
    /// The link being made from the selected annotation (after R), if any.
    pub(super) linking: Option<Linking>,
    /// The window's language.
    pub(super) language: Language,
    /// Where the language chosen is remembered (the user's settings file by default).
    pub(super) settings_path: Option<PathBuf>,
}

/// The engine's suggestions for the open document and the one being reviewed.
#[derive(Default)]
pub(super) struct Suggestions {
    /// Everything the engine (and what it learned this session) proposed.
    pub(super) raw: Vec<Suggestion>,
    pub(super) raw_version: u64,
    /// The pending ones, recomputed when the annotations, rejections or `raw` change.
    pub(super) pending: SuggestionIndex,
    pub(super) pending_key: Option<(u64, u64)>,
    pub(super) current: Option<usize>,
    /// The current suggestion as an editable annotation (edit, then accept).
    pub(super) draft: Option<Annotation>,
}

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
            outline: None,
            selected: None,
            status: None,
            unsaved_prompt: None,
            allow_close: false,
            find: None,
            focus_find: false,
            screenshot: None,
            title: String::new(),
            opening: None,
            suggesting: None,
            early_suggestions: None,
            early_shown: 0,
            learning: Vec::new(),
            suggestions: Suggestions::default(),
            disk: DiskKeeper::default(),
            watched_version: 0,
            export_dialog: None,
            import_dialog: None,
            workspace: None,
            goto: None,
            comparison: None,
            linking: None,
            language: Language::English,
            settings_path: super::i18n::Settings::path(),
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
        self.opening.is_some()
            || self.suggesting.is_some()
            || !self.learning.is_empty()
            || self.workspace_busy()
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
    pub fn status(&self) -> Option<&StatusMessage> {
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

    /// The first code point of the document shown in the last frame (0 with no document).
    pub fn first_visible(&self) -> usize {
        self.session
            .as_ref()
            .map_or(0, |s| self.view.first_visible(&s.doc))
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

    pub(super) fn open_with(&mut self, path: &Path, options: LoadOptions) {
        let result = Session::open(path, options).map_err(|e| e.to_string());
        self.adopt_session(result);
    }

    /// Opens a file on a background thread, showing progress (large files, PDFs).
    pub fn open_in_background(&mut self, ctx: &egui::Context, path: PathBuf) {
        let label = crate::tr!("job.opening", path = path.display()).into_owned();
        self.opening = Some(Job::spawn(ctx, label, move |_| {
            Session::open(&path, LoadOptions::default()).map_err(|e| e.to_string())
        }));
    }

    pub(super) fn adopt_session(&mut self, result: Result<Session, String>) {
        match result {
            Ok(session) => {
                self.status = Some(opening_status(&session));
                self.session = Some(session);
                self.doc_version += 1;
                self.view.reset();
                self.panel = AnnotationPanel::default();
                self.selected = None;
                self.linking = None;
                self.suggesting = None;
                self.learning.clear();
                self.suggestions = Suggestions::default();
                self.disk = DiskKeeper::default();
                self.export_dialog = None;
                self.import_dialog = None;
                self.comparison = None;
                let here = self.session.as_ref().and_then(|s| s.doc.path.clone());
                if let Some((path, start, end)) = self.goto.take()
                    && here.as_ref() == Some(&path)
                {
                    self.select_range(start, end);
                } else if let Some(place) = self
                    .workspace
                    .as_ref()
                    .zip(here.as_ref())
                    .and_then(|(ws, here)| ws.places.get(here))
                {
                    // Back to a report of the workspace: where the user left it.
                    self.view.scroll_to_top_of(*place);
                }
            }
            Err(e) => {
                self.goto = None;
                self.report_error(e);
            }
        }
    }

    pub(super) fn poll_jobs(&mut self) {
        if let Some(result) = self.opening.as_mut().and_then(Job::poll) {
            self.opening = None;
            self.adopt_session(result.and_then(|r| r));
        }
        // The parts done so far (the visible one first), sorted as the whole result will be.
        let shown = self.early_shown;
        let early = self.early_suggestions.as_ref().and_then(|early| {
            // Copied only when a part was added (a few times per job, not every frame).
            let found = early.lock().ok()?;
            (found.len() > shown).then(|| found.clone())
        });
        if let Some(mut found) = early {
            self.early_shown = found.len();
            crate::suggest::sort_dedup(&mut found);
            self.suggestions.raw = found;
            self.suggestions.raw_version += 1;
            self.suggestions.current.get_or_insert(0);
        }
        if let Some(result) = self.suggesting.as_mut().and_then(Job::poll) {
            self.suggesting = None;
            self.early_suggestions = None;
            match result {
                Ok((found, problems)) => {
                    let mut text = crate::tr!("status.suggestions", n = found.len()).into_owned();
                    if !problems.is_empty() {
                        let not_read = crate::tr!("status.not_read", files = problems.join("; "));
                        text.push_str(&not_read);
                    }
                    self.suggestions.raw = found;
                    self.suggestions.raw_version += 1;
                    self.suggestions.current = Some(0);
                    self.status = Some(StatusMessage {
                        text,
                        is_error: !problems.is_empty(),
                    });
                }
                Err(e) => {
                    self.report_error(crate::tr!("status.suggest_failed", error = e).into_owned())
                }
            }
        }
    }

    /// Recomputes the pending suggestions and the draft of the current one when needed.
    pub(super) fn refresh_suggestions(&mut self) {
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
            sg.draft = current.map(|s| review::accept(&session.doc, s));
        }
    }

    pub(super) fn focus_suggestion(&mut self, index: usize) {
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

    /// Adds what finished learning jobs found to the suggestions.
    pub(super) fn poll_learning(&mut self) {
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
        review::add_new(&mut sg.raw, found);
        sg.raw_version += 1;
    }

    pub(super) fn report_error(&mut self, text: String) {
        self.status = Some(StatusMessage::error(text));
    }

    pub(super) fn report(&mut self, text: String) {
        self.status = Some(StatusMessage::info(text));
    }

    /// Watches the open document's files (once per opened document) and reacts to changes.
    pub(super) fn poll_disk(&mut self, ctx: &egui::Context) {
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
    pub(super) fn autosave(&mut self, ctx: &egui::Context, now_please: bool) -> bool {
        let Some(session) = &mut self.session else {
            return true;
        };
        if let Some(status) = self.disk.autosave(ctx, session, now_please) {
            self.status = Some(status);
        }
        !session.is_dirty()
    }

    /// Shows the window in `language` (English for a new app; the binary starts in
    /// [`Language::preferred`]).
    pub fn set_language(&mut self, language: Language) {
        self.language = language;
    }

    /// The window's language.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Remembers the language chosen in View in `path` instead of the user's settings file.
    pub fn set_settings_path(&mut self, path: PathBuf) {
        self.settings_path = Some(path);
    }

    /// Shows the whole app for one frame.
    pub fn ui(&mut self, ui: &mut Ui) {
        super::i18n::set_current(self.language);
        self.poll_jobs();
        self.poll_learning();
        self.poll_disk(ui.ctx());
        self.poll_workspace(ui.ctx());
        self.refresh_suggestions();
        self.refresh_comparison();
        let mut actions = Vec::new();
        self.collect_input(ui, &mut actions);
        // Keyboard commands take effect before drawing, so this very frame shows their result
        // (a tag key's highlight); what the panels and dialogs ask for is applied after them.
        self.apply_all(&mut actions, ui.ctx());

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, &mut actions));
        if self.workspace.is_some() {
            egui::Panel::left("workspace")
                .default_size(360.0)
                .min_size(240.0)
                .show(ui, |ui| self.workspace_ui(ui, &mut actions));
        }
        egui::Panel::right("annotations")
            .default_size(380.0)
            .min_size(260.0)
            .show(ui, |ui| self.panel_ui(ui, &mut actions));
        if self.disk.source_changed {
            egui::Panel::top("source-changed").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        crate::tr!("source_changed.message"),
                    );
                    if ui
                        .button(crate::tr!("source_changed.reopen"))
                        .on_hover_text(crate::tr!("source_changed.reopen_hint"))
                        .clicked()
                    {
                        actions.push(Action::ReloadSource);
                    }
                });
            });
        }
        egui::CentralPanel::default().show(ui, |ui| self.document_ui(ui, &mut actions));

        self.dialogs_ui(ui.ctx(), &mut actions);
        self.quick_open_ui(ui.ctx(), &mut actions);
        self.apply_all(&mut actions, ui.ctx());
        self.autosave(ui.ctx(), false);
        self.confirm_ui(ui.ctx());
        self.update_title(ui.ctx());
        self.screenshot_step(ui.ctx());
    }

    fn apply_all(&mut self, actions: &mut Vec<Action>, ctx: &egui::Context) {
        for action in actions.drain(..) {
            self.apply(action, ctx);
        }
    }

    pub(super) fn is_dirty(&self) -> bool {
        self.session.as_ref().is_some_and(Session::is_dirty)
    }

    pub(super) fn panel_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(session) = &self.session else {
            ui.weak(crate::tr!("panel.empty"));
            return;
        };
        if let SidecarStatus::Unreadable(e) = session.sidecar_status() {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            ui.separator();
        }
        let doc = &session.doc;
        let stale = self.outline.as_ref().is_none_or(|((sha, extractor), _)| {
            *sha != doc.source.sha256 || *extractor != doc.source.extractor
        });
        if stale {
            let key = (doc.source.sha256.clone(), doc.source.extractor.clone());
            self.outline = Some((key, Outline::of(doc)));
        }
        let outline = self.outline.as_ref().map(|(_, o)| o);
        let section_of = |at: usize| outline.map(|o| o.section_at(at)).unwrap_or_default();
        let text_of = |a: usize, b: usize| doc.slice(a, b).to_owned();
        let sg = &self.suggestions;
        let input = PanelInput {
            section_of: &section_of,
            annotations: session.annotations(),
            selected: self.selected.as_ref(),
            has_text_selection: self.view.selected_range().is_some(),
            suggestions: sg.pending.items(),
            current_suggestion: sg.current.zip(sg.draft.as_ref()),
            suggest_progress: self.suggesting.as_ref().map(|j| j.progress),
            comparison: self.comparison.as_ref(),
            relations: session.relations(),
            linking: self.linking.as_ref(),
            text_of: &text_of,
        };
        self.panel.ui(ui, &input, actions);
    }

    pub(super) fn document_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(session) = &self.session else {
            ui.centered_and_justified(|ui| {
                ui.label(crate::tr!("document.empty"));
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
        let linked = match &self.selected {
            Some(id) if outline.is_some() => {
                links::linked_spans(id, annotations, session.relations())
            }
            _ => Vec::new(),
        };
        let highlights = Highlights {
            marks: &marks,
            outline,
            linked,
        };
        let response = self
            .view
            .ui(ui, &session.doc, self.doc_version, &highlights);
        if let Some(at) = response.clicked_at {
            let hit = annotations.innermost_at(at).map(|a| a.id.clone());
            // While a link is being made, a click on an annotation picks its target.
            match (&self.linking, hit) {
                (Some(linking), Some(hit)) if hit != linking.from => {
                    actions.push(Action::LinkTo(hit));
                }
                (Some(_), _) => {}
                (None, hit) => actions.push(Action::Select(hit, false)),
            }
        }
    }

    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
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

    pub(super) fn screenshot_step(&mut self, ctx: &egui::Context) {
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
fn opening_status(session: &Session) -> StatusMessage {
    let doc = &session.doc;
    let report = session.anchor_report();
    let total = session.annotations().len();
    let mut text = crate::tr!(
        "status.opened",
        name = doc.source.file_name,
        encoding = doc.source.encoding
    )
    .into_owned();
    if total > 0 {
        text.push_str(&crate::tr!(
            "status.anchored",
            total = total,
            kept = report.exact,
            moved = report.moved,
            check = report.check,
            orphaned = report.orphaned
        ));
    }
    StatusMessage {
        is_error: report.orphaned > 0,
        text,
    }
}
