//! The workspace: a folder of reports beside the open one. Its state, the document list on the
//! left (counts filled in the background), quick open (Ctrl+P), and the tabs for search,
//! entities and commitments, each drawn by its own module ([`super::workspace_search`],
//! [`super::entities_view`], [`super::commitments_view`]).

use super::action::Action;
use super::app::GlossApp;
use super::commitments_view::CommitmentsPane;
use super::entities_view::EntitiesPane;
use super::job::Job;
use super::workspace_search::SearchPane;
use crate::annotation::{AnchorState, EntityType, Kind};
use crate::corpus::commitments::Status;
use crate::corpus::entities::{self, AliasDecision};
use crate::corpus::workspace::WorkspaceFile;
use crate::document::loader::LoadOptions;
use crate::session::Session;
use crate::store::Sidecar;
use crate::store::reports::{Found, workspace_reports};
use crate::suggest::review;
use crate::text::fold::fold;
use eframe::egui::{self, Key, Ui};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The tabs of the workspace panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkspaceTab {
    /// The reports of the folder.
    Documents,
    /// Search across them (Ctrl+Shift+F).
    Search,
    /// Entities with their aliases.
    Entities,
    /// Commitments tracked from plan to result.
    Commitments,
}

/// What a report's sidecar holds, and what the engine would still suggest.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct DocCounts {
    pub per_kind: [usize; 3],
    pub checks: usize,
    pub orphans: usize,
    /// Pending suggestions, once counted (a slower second pass).
    pub pending: Option<usize>,
    /// The second pass is done for this report (`pending` stays `None` when it cannot be read).
    pub pending_counted: bool,
    /// The sidecar cannot be read.
    pub unreadable: bool,
}

/// The column the document list is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sort {
    Name,
    Format,
    Kind(Kind),
    Pending,
    Checks,
    Reviewed,
}

/// The quick-open box (Ctrl+P).
#[derive(Default)]
pub(super) struct QuickOpen {
    pub query: String,
    pub chosen: usize,
}

/// A folder of reports open beside the document.
pub(super) struct Workspace {
    pub folder: PathBuf,
    pub docs: Vec<Found>,
    /// Filled by the counting job, row by row.
    pub counts: Arc<Mutex<Vec<Option<DocCounts>>>>,
    pub counting: Option<Job<()>>,
    /// Tells the counting job to stop (the workspace was closed or replaced).
    pub cancel: Arc<AtomicBool>,
    pub file: WorkspaceFile,
    pub tab: WorkspaceTab,
    pub filter: String,
    pub sort: Sort,
    pub quick_open: Option<QuickOpen>,
    pub search: SearchPane,
    pub entities: EntitiesPane,
    pub commitments: CommitmentsPane,
    /// Where the search index is kept (the user's cache folder unless set).
    pub index_dir: Option<PathBuf>,
    /// Where each report was scrolled to when the user left it (first visible code point), so
    /// going back shows the same place.
    pub places: std::collections::HashMap<PathBuf, usize>,
}

impl Drop for Workspace {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl Workspace {
    /// Lists the reports of `folder` (sub-folders included, hidden entries skipped).
    pub fn open(folder: &Path) -> Result<Workspace, String> {
        let docs = workspace_reports(folder).map_err(|e| e.to_string())?;
        let file = WorkspaceFile::load(folder).map_err(|e| e.to_string())?;
        Ok(Workspace {
            folder: folder.to_owned(),
            counts: Arc::new(Mutex::new(vec![None; docs.len()])),
            docs,
            counting: None,
            cancel: Arc::new(AtomicBool::new(false)),
            file,
            tab: WorkspaceTab::Documents,
            filter: String::new(),
            sort: Sort::Name,
            quick_open: None,
            search: SearchPane::default(),
            entities: EntitiesPane::default(),
            commitments: CommitmentsPane::default(),
            index_dir: None,
            places: std::collections::HashMap::new(),
        })
    }

    /// Starts counting the rows not counted yet in the background: their sidecars first
    /// (quick), then their pending suggestions.
    fn start_counting(&mut self, ctx: &egui::Context) {
        let todo: Vec<(usize, PathBuf)> = match self.counts.lock() {
            Ok(c) => (0..self.docs.len())
                .filter(|&i| c.get(i).is_some_and(Option::is_none))
                .map(|i| (i, self.docs[i].path.clone()))
                .collect(),
            Err(_) => return,
        };
        let counts = Arc::clone(&self.counts);
        let cancel = Arc::clone(&self.cancel);
        let label = crate::tr!("job.counting", n = todo.len()).into_owned();
        self.counting = Some(Job::spawn(ctx, label, move |progress| {
            let n = todo.len().max(1) as f32;
            for (done, (i, path)) in todo.iter().enumerate() {
                if cancel.load(Ordering::Relaxed) {
                    return;
                }
                let c = sidecar_counts(path);
                if let Ok(mut all) = counts.lock() {
                    all[*i] = Some(c);
                }
                progress((done + 1) as f32 / n / 2.0);
            }
            for (done, (i, path)) in todo.iter().enumerate() {
                if cancel.load(Ordering::Relaxed) {
                    return;
                }
                let pending = Session::open(path, LoadOptions::default())
                    .ok()
                    .map(|s| review::pending_for(&s, &Kind::ALL).found.len());
                if let Ok(mut all) = counts.lock()
                    && let Some(Some(c)) = all.get_mut(*i)
                {
                    c.pending = pending;
                    c.pending_counted = true;
                }
                progress(0.5 + (done + 1) as f32 / n / 2.0);
            }
        }));
    }

    /// Counts the report at `path` again (its sidecar changed).
    pub fn recount(&mut self, path: &Path) {
        if let Some(i) = self.docs.iter().position(|d| d.path == path)
            && let Ok(mut c) = self.counts.lock()
        {
            c[i] = None;
        }
    }

    /// The rows to show, filtered and sorted.
    fn visible_rows(&self, counts: &[Option<DocCounts>]) -> Vec<usize> {
        let filter = fold(&self.filter).to_lowercase();
        let mut rows: Vec<usize> = (0..self.docs.len())
            .filter(|&i| {
                filter.is_empty()
                    || fold(&self.docs[i].rel_name)
                        .to_lowercase()
                        .contains(&filter)
            })
            .collect();
        let count = |i: usize| counts.get(i).copied().flatten();
        match self.sort {
            Sort::Name => {}
            Sort::Format => rows.sort_by_key(|&i| extension(&self.docs[i].path)),
            Sort::Kind(k) => rows
                .sort_by_key(|&i| std::cmp::Reverse(count(i).map_or(0, |c| c.per_kind[k.index()]))),
            Sort::Pending => rows
                .sort_by_key(|&i| std::cmp::Reverse(count(i).and_then(|c| c.pending).unwrap_or(0))),
            Sort::Checks => rows
                .sort_by_key(|&i| std::cmp::Reverse(count(i).map_or(0, |c| c.checks + c.orphans))),
            Sort::Reviewed => {
                rows.sort_by_key(|&i| self.file.reviewed.contains(&self.docs[i].rel_name))
            }
        }
        rows
    }

    /// The documents whose names hold every character of `query` in order (quick open), best
    /// (shortest) first.
    pub fn matching(&self, query: &str) -> Vec<usize> {
        let q: Vec<char> = fold(query)
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let mut hits: Vec<usize> = (0..self.docs.len())
            .filter(|&i| {
                let name = fold(&self.docs[i].rel_name).to_lowercase();
                let mut rest = name.chars();
                q.iter().all(|c| rest.any(|n| n == *c))
            })
            .collect();
        hits.sort_by_key(|&i| (self.docs[i].rel_name.chars().count(), i));
        hits
    }
}

/// The counts a report's sidecar gives (nothing when it has none).
fn sidecar_counts(path: &Path) -> DocCounts {
    let mut c = DocCounts::default();
    match Sidecar::load(&Sidecar::path_for(path)) {
        Ok(Some(sidecar)) => {
            for a in &sidecar.annotations {
                c.per_kind[a.kind().index()] += 1;
                match a.anchor {
                    AnchorState::Check => c.checks += 1,
                    AnchorState::Orphaned => c.orphans += 1,
                    AnchorState::Exact | AnchorState::Moved => {}
                }
            }
        }
        Ok(None) => {}
        Err(_) => c.unreadable = true,
    }
    c
}

/// A label in a column of fixed width, left-aligned, so that the rows of a list line up.
pub(super) fn column(ui: &mut Ui, width: f32, text: egui::RichText) {
    let height = ui.text_style_height(&egui::TextStyle::Body);
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(width);
            ui.label(text);
        },
    );
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

impl GlossApp {
    /// Opens a folder of reports as the workspace (see [`Action::OpenFolder`] for the checked
    /// way); the first frame starts counting its annotations in the background.
    pub fn open_folder(&mut self, folder: &Path) {
        match Workspace::open(folder) {
            Ok(ws) => {
                self.report(
                    crate::tr!(
                        "status.opened_folder",
                        folder = folder.display(),
                        n = ws.docs.len()
                    )
                    .into_owned(),
                );
                self.workspace = Some(ws);
            }
            Err(e) => self.report_error(e),
        }
    }

    pub(super) fn show_quick_open(&mut self) {
        match &mut self.workspace {
            Some(ws) => ws.quick_open = Some(QuickOpen::default()),
            None => self.report_error(crate::tr!("status.open_folder_first").into_owned()),
        }
    }

    /// Shows the Search tab, opening the open report's folder as the workspace if none is.
    pub(super) fn focus_workspace_search(&mut self) {
        if self.workspace.is_none() {
            let folder = self
                .session
                .as_ref()
                .and_then(|s| s.doc.path.as_deref()?.parent().map(Path::to_owned));
            match folder {
                Some(folder) => self.open_folder(&folder),
                None => {
                    self.report_error(crate::tr!("status.open_folder_first").into_owned());
                    return;
                }
            }
        }
        if let Some(ws) = &mut self.workspace {
            ws.tab = WorkspaceTab::Search;
            ws.search.focus = true;
        }
    }

    pub(super) fn search_workspace(&mut self, ctx: &egui::Context, query: String) {
        if let Some(ws) = &mut self.workspace {
            ws.tab = WorkspaceTab::Search;
            ws.search.query.clone_from(&query);
            let index_dir = ws.index_dir.clone();
            ws.search.run(ctx, &ws.folder, index_dir.as_deref(), query);
        }
    }

    pub(super) fn show_workspace_tab(&mut self, tab: WorkspaceTab) {
        if let Some(ws) = &mut self.workspace {
            ws.tab = tab;
            // The reports' annotations may have changed since: gather again.
            match tab {
                WorkspaceTab::Entities => ws.entities.entities.stale = true,
                WorkspaceTab::Commitments => ws.commitments.tracks.stale = true,
                WorkspaceTab::Documents | WorkspaceTab::Search => {}
            }
            if tab == WorkspaceTab::Search {
                ws.search.focus = true;
            }
        }
    }

    pub(super) fn set_reviewed(&mut self, name: String, reviewed: bool) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        let result = WorkspaceFile::update(&ws.folder, |f| {
            if reviewed {
                f.reviewed.insert(name);
            } else {
                f.reviewed.remove(&name);
            }
        });
        match result {
            Ok(file) => ws.file = file,
            Err(e) => self.report_error(e.to_string()),
        }
    }

    pub(super) fn decide_alias(
        &mut self,
        canonical: &str,
        entity_type: EntityType,
        name: &str,
        decision: AliasDecision,
    ) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        match entities::decide_alias(&ws.folder, canonical, entity_type, name, decision) {
            Ok(()) => {
                ws.entities.entities.stale = true;
                let key = match decision {
                    AliasDecision::Same => "status.alias_same",
                    AliasDecision::Different => "status.alias_different",
                };
                self.report(crate::tr!(key, name = name, canonical = canonical).into_owned());
            }
            Err(e) => self.report_error(e.to_string()),
        }
    }

    pub(super) fn confirm_track(&mut self, id: String, status: Option<Status>) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        let result = WorkspaceFile::update(&ws.folder, |f| match status {
            Some(s) => {
                f.tracks.insert(id, s);
            }
            None => {
                f.tracks.remove(&id);
            }
        });
        match result {
            Ok(file) => {
                ws.file = file;
                ws.commitments.tracks.stale = true;
            }
            Err(e) => self.report_error(e.to_string()),
        }
    }

    /// Keeps the search index of the workspace in `dir` instead of the user's cache folder.
    pub fn set_index_dir(&mut self, dir: PathBuf) {
        if let Some(ws) = &mut self.workspace {
            ws.index_dir = Some(dir);
        }
    }

    /// The open workspace's folder.
    pub fn workspace_folder(&self) -> Option<&Path> {
        self.workspace.as_ref().map(|w| w.folder.as_path())
    }

    /// Whether the workspace's background work (counting, search, entities, tracks) is running or
    /// about to start.
    pub fn workspace_busy(&self) -> bool {
        self.workspace.as_ref().is_some_and(|w| {
            w.counting.is_some()
                || w.search.job.is_some()
                || w.entities.entities.job.is_some()
                || w.entities.entities.stale
                || w.commitments.tracks.job.is_some()
                || w.commitments.tracks.stale
        })
    }

    pub(super) fn poll_workspace(&mut self, ctx: &egui::Context) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        if ws.counting.is_none()
            && ws
                .counts
                .lock()
                .is_ok_and(|c| c.iter().any(Option::is_none))
        {
            ws.start_counting(ctx);
        }
        if ws.counting.as_mut().and_then(Job::poll).is_some() {
            ws.counting = None;
        }
        ws.search.poll();
        ws.entities.poll(ctx, &ws.folder);
        ws.commitments.poll(ctx, &ws.folder);
    }

    /// The workspace panel: tabs, and the current tab's view.
    pub(super) fn workspace_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let open_path = self.session.as_ref().and_then(|s| s.doc.path.clone());
        let Some(ws) = &mut self.workspace else {
            return;
        };
        ui.horizontal(|ui| {
            for (tab, name) in [
                (WorkspaceTab::Documents, crate::tr!("workspace.documents")),
                (WorkspaceTab::Search, crate::tr!("workspace.search")),
                (WorkspaceTab::Entities, crate::tr!("workspace.entities")),
                (
                    WorkspaceTab::Commitments,
                    crate::tr!("workspace.commitments"),
                ),
            ] {
                if ui.selectable_label(ws.tab == tab, name).clicked() {
                    actions.push(Action::ShowWorkspaceTab(tab));
                }
            }
        });
        ui.label(
            egui::RichText::new(ws.folder.display().to_string())
                .small()
                .weak(),
        );
        ui.separator();
        match ws.tab {
            WorkspaceTab::Documents => documents_ui(ws, ui, open_path.as_deref(), actions),
            WorkspaceTab::Search => ws.search.ui(ui, &ws.folder, actions),
            WorkspaceTab::Entities => ws.entities.ui(ui, actions),
            WorkspaceTab::Commitments => ws.commitments.ui(ui, &ws.folder, actions),
        }
    }

    /// The quick-open box, when shown.
    pub(super) fn quick_open_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        let Some(mut quick) = ws.quick_open.take() else {
            return;
        };
        let hits = ws.matching(&quick.query);
        let mut keep = true;
        egui::Modal::new(egui::Id::unique("quick-open")).show(ctx, |ui| {
            ui.set_width(420.0);
            let label = ui.label(crate::tr!("quick_open.label"));
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut quick.query)
                        .hint_text(crate::tr!("quick_open.hint"))
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            field.request_focus();
            let (down, up, enter, escape) = ui.input_mut(|i| {
                (
                    i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
                    i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
                    i.key_pressed(Key::Enter),
                    i.consume_key(egui::Modifiers::NONE, Key::Escape),
                )
            });
            if down {
                quick.chosen = (quick.chosen + 1).min(hits.len().saturating_sub(1));
            }
            if up {
                quick.chosen = quick.chosen.saturating_sub(1);
            }
            quick.chosen = quick.chosen.min(hits.len().saturating_sub(1));
            for (n, &i) in hits.iter().take(12).enumerate() {
                let chosen = n == quick.chosen;
                if ui.selectable_label(chosen, &ws.docs[i].rel_name).clicked() {
                    actions.push(Action::Open(ws.docs[i].path.clone()));
                    keep = false;
                }
            }
            if hits.is_empty() {
                ui.weak(crate::tr!("quick_open.none"));
            }
            if enter && let Some(&i) = hits.get(quick.chosen) {
                actions.push(Action::Open(ws.docs[i].path.clone()));
                keep = false;
            }
            if escape {
                keep = false;
            }
        });
        if keep {
            ws.quick_open = Some(quick);
        }
    }
}

/// The document list: filter, sortable header, one row per report (only the visible rows drawn).
fn documents_ui(ws: &mut Workspace, ui: &mut Ui, open: Option<&Path>, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let label = ui.label(crate::tr!("common.filter"));
        ui.add(egui::TextEdit::singleline(&mut ws.filter).desired_width(160.0))
            .labelled_by(label.id);
        ui.weak(crate::tr!("documents.ctrl_p"));
    });
    let counts: Vec<Option<DocCounts>> = ws.counts.lock().map(|c| c.clone()).unwrap_or_default();
    let rows = ws.visible_rows(&counts);
    ui.horizontal(|ui| {
        for (sort, name, hint) in [
            (
                Sort::Reviewed,
                "documents.reviewed_short",
                "documents.sort_reviewed",
            ),
            (Sort::Name, "documents.report", "documents.sort_name"),
            (Sort::Format, "transfer.format", "documents.sort_format"),
            (
                Sort::Kind(Kind::Figure),
                "documents.figures_short",
                "documents.sort_figures",
            ),
            (
                Sort::Kind(Kind::Entity),
                "documents.entities_short",
                "documents.sort_entities",
            ),
            (
                Sort::Kind(Kind::Commitment),
                "documents.commitments_short",
                "documents.sort_commitments",
            ),
            (
                Sort::Pending,
                "documents.pending_short",
                "documents.sort_pending",
            ),
            (
                Sort::Checks,
                "documents.checks_short",
                "documents.sort_checks",
            ),
        ] {
            if ui
                .selectable_label(ws.sort == sort, crate::tr!(name))
                .on_hover_text(crate::tr!(hint))
                .clicked()
            {
                ws.sort = sort;
            }
        }
    });
    ui.separator();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for &i in &rows[range] {
                let doc = &ws.docs[i];
                let c = counts.get(i).copied().flatten();
                ui.horizontal(|ui| {
                    let mut reviewed = ws.file.reviewed.contains(&doc.rel_name);
                    if ui
                        .checkbox(&mut reviewed, "")
                        .on_hover_text(crate::tr!("documents.reviewed"))
                        .changed()
                    {
                        actions.push(Action::SetReviewed(doc.rel_name.clone(), reviewed));
                    }
                    let is_open = open == Some(doc.path.as_path());
                    if ui
                        .selectable_label(is_open, &doc.rel_name)
                        .on_hover_text(doc.path.display().to_string())
                        .clicked()
                        && !is_open
                    {
                        actions.push(Action::Open(doc.path.clone()));
                    }
                    ui.weak(extension(&doc.path));
                    match c {
                        None => {
                            ui.add(egui::Spinner::new().size(row_height - 6.0));
                        }
                        Some(c) if c.unreadable => {
                            ui.colored_label(
                                ui.visuals().error_fg_color,
                                crate::tr!("documents.unreadable"),
                            );
                        }
                        Some(c) => {
                            ui.label(format!(
                                "{} · {} · {}",
                                c.per_kind[0], c.per_kind[1], c.per_kind[2]
                            ))
                            .on_hover_text(crate::tr!("documents.counts_hint"));
                            match c.pending {
                                Some(p) => ui
                                    .label(format!("+{p}"))
                                    .on_hover_text(crate::tr!("documents.pending")),
                                None if c.pending_counted => ui
                                    .weak("—")
                                    .on_hover_text(crate::tr!("documents.not_openable")),
                                None => ui
                                    .weak("+…")
                                    .on_hover_text(crate::tr!("documents.counting")),
                            };
                            if c.checks + c.orphans > 0 {
                                ui.colored_label(
                                    ui.visuals().warn_fg_color,
                                    format!("⚠ {}", c.checks + c.orphans),
                                )
                                .on_hover_text(crate::tr!(
                                    "documents.checks",
                                    check = c.checks,
                                    orphaned = c.orphans
                                ));
                            }
                        }
                    }
                });
            }
        });
}
