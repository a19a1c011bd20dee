//! [`GlossApp::apply`]: the one place an [`Action`] is carried out. Changes to the annotations
//! become [`Command`]s for the [`Session`](crate::session::Session), which keeps undo and redo;
//! everything else here is the app's own state (selection, dialogs, background jobs).

use super::TextSelection;
use super::action::Action;
use super::app::{GlossApp, StatusMessage, UnsavedPrompt};
use super::job::Job;
use super::links::{self, Linking};
use super::panel::Tab;
use super::theme;
use super::transfer::{ExportDialog, ImportDialog};
use crate::annotation::{Annotation, AnnotationId, Kind, Label, Relation, with_linked_attribute};
use crate::corpus::entities;
use crate::document::loader::LoadOptions;
use crate::interchange::import::{self, ImportFormat};
use crate::interchange::{self, ExportOptions};
use crate::session::Command;
use crate::suggest::review;
use eframe::egui::{self, ViewportCommand};
use std::path::Path;
use std::sync::{Arc, Mutex};

impl GlossApp {
    /// Carries out one action.
    pub fn apply(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::OpenDialog => {
                let dialog = rfd::FileDialog::new()
                    .set_title(crate::tr!("dialog.open_report"))
                    .add_filter(
                        crate::tr!("dialog.reports"),
                        &[
                            "txt", "text", "md", "markdown", "htm", "html", "docx", "pdf",
                        ],
                    )
                    .add_filter(crate::tr!("dialog.all_files"), &["*"]);
                // None means cancelled, or no dialog service (drag-and-drop still works).
                if let Some(path) = dialog.pick_file() {
                    self.apply(Action::Open(path), ctx);
                }
            }
            Action::Open(path) => {
                // The report being left may have changed: count it again in the list.
                let leaving = self
                    .session
                    .as_ref()
                    .and_then(|s| Some((s.doc.path.clone()?, self.view.first_visible(&s.doc))));
                if let (Some(ws), Some((leaving, place))) = (&mut self.workspace, leaving) {
                    ws.recount(&leaving);
                    ws.places.insert(leaving, place);
                }
                if !self.autosave(ctx, true) {
                    self.unsaved_prompt = Some(UnsavedPrompt::Open(path));
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
                    && let Some(confirmed) = session
                        .annotations()
                        .get(&id)
                        .and_then(|a| a.confirmed(&session.doc))
                {
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
            Action::Import {
                format,
                path,
                unmapped,
            } => self.import(format, &path, unmapped),
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
                        self.report_error(crate::tr!("status.not_reopened").into_owned());
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
            Action::EditSuggestion(label) => self.edit_suggestion(label),
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
                    session.apply(review::create_with_links(
                        vec![accepted.clone()],
                        session.annotations(),
                        session.relations(),
                    ));
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
            Action::AcceptAll(kind, min_score) => {
                if let Some(session) = &mut self.session {
                    let pending = self.suggestions.pending.items();
                    let (batch, n) = review::accept_all(session, pending, kind, min_score);
                    session.apply(batch);
                    self.report(
                        crate::tr!("status.accepted", n = n, kind = theme::name(kind)).into_owned(),
                    );
                }
            }
            Action::Undo => {
                if let Some(s) = &mut self.session
                    && !s.undo()
                {
                    self.report(crate::tr!("status.nothing_to_undo").into_owned());
                }
                self.drop_stale_selection();
            }
            Action::Redo => {
                if let Some(s) = &mut self.session
                    && !s.redo()
                {
                    self.report(crate::tr!("status.nothing_to_redo").into_owned());
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
            Action::FindNext(needle) => self.find_next(&needle),
            Action::OpenFolderDialog => {
                if let Some(folder) = rfd::FileDialog::new()
                    .set_title(crate::tr!("dialog.open_folder"))
                    .pick_folder()
                {
                    self.open_folder(&folder);
                }
            }
            Action::OpenFolder(folder) => self.open_folder(&folder),
            Action::QuickOpen => self.show_quick_open(),
            Action::FocusWorkspaceSearch => self.focus_workspace_search(),
            Action::SearchWorkspace(query) => self.search_workspace(ctx, query),
            Action::ShowWorkspaceTab(tab) => self.show_workspace_tab(tab),
            Action::OpenAt(path, start, end) => {
                if self.session.as_ref().and_then(|s| s.doc.path.as_ref()) == Some(&path) {
                    self.apply(Action::SelectRange(start, end), ctx);
                } else {
                    self.goto = Some((path.clone(), start, end));
                    self.apply(Action::Open(path), ctx);
                }
            }
            Action::SetReviewed(name, reviewed) => self.set_reviewed(name, reviewed),
            Action::DecideAlias {
                canonical,
                entity_type,
                name,
                decision,
            } => self.decide_alias(&canonical, entity_type, &name, decision),
            Action::ConfirmTrack(id, status) => self.confirm_track(id, status),
            Action::CompareDialog => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title(crate::tr!("dialog.compare"))
                    .add_filter(crate::tr!("dialog.sidecars"), &["ron"])
                    .pick_file()
                {
                    self.compare_with(&path);
                }
            }
            Action::Compare(path) => self.compare_with(&path),
            Action::TakeTheirs(theirs) => self.take_theirs(*theirs),
            Action::CloseComparison => {
                self.comparison = None;
                self.panel.tab = Tab::Annotations;
            }
            Action::SelectRange(start, end) => self.select_range(start, end),
            Action::StartLink => match (&self.session, &self.selected) {
                (Some(session), Some(id)) if session.annotations().get(id).is_some() => {
                    self.linking = Some(Linking {
                        from: id.clone(),
                        kind: None,
                    });
                    self.panel.tab = Tab::Annotations;
                }
                _ => self.report_error(crate::tr!("links.select_first").into_owned()),
            },
            Action::SetLinkKind(kind) => {
                if let Some(linking) = &mut self.linking {
                    linking.kind = kind;
                }
            }
            Action::LinkTo(target) => self.link_to(&target),
            Action::CancelLink => self.linking = None,
            Action::Link(relation) => {
                if let Some(session) = &mut self.session {
                    let command = link_command(session, relation);
                    session.apply(command);
                }
            }
            Action::Unlink(relation) => {
                if let Some(session) = &mut self.session {
                    session.apply(Command::Unlink(relation));
                }
            }
            Action::SetLanguage(language) => {
                self.language = language;
                super::i18n::set_current(language);
                let settings = super::i18n::Settings {
                    language: Some(language),
                };
                let saved = match &self.settings_path {
                    Some(path) => settings.save(path),
                    None => Err(crate::tr!("status.no_config_folder").into_owned()),
                };
                if let Err(e) = saved {
                    self.report_error(
                        crate::tr!("status.settings_not_saved", error = e).into_owned(),
                    );
                }
            }
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
        }
    }

    pub(super) fn start_suggesting(&mut self, ctx: &egui::Context) {
        let Some(session) = &self.session else {
            return;
        };
        if self.suggesting.is_some() {
            return;
        }
        let text = session.doc.text().to_owned();
        let path = session.doc.path.clone();
        let annotations = session.annotations().clone();
        // The part on screen first: its suggestions are shown while the rest is being read.
        let first = self.view.first_visible(&session.doc);
        let early = Arc::new(Mutex::new(Vec::new()));
        self.early_suggestions = Some(Arc::clone(&early));
        self.early_shown = 0;
        self.suggesting = Some(Job::spawn(
            ctx,
            crate::tr!("job.suggesting"),
            move |progress| {
                let mut found = |part: &[crate::suggest::Suggestion]| {
                    if let Ok(mut early) = early.lock() {
                        early.extend_from_slice(part);
                    }
                };
                let review = review::suggest_for_from(
                    path.as_deref(),
                    &text,
                    &annotations,
                    &Kind::ALL,
                    first,
                    progress,
                    &mut found,
                );
                (review.found, review.problems)
            },
        ));
        self.panel.tab = Tab::Suggestions;
    }

    /// Teaches the engine an annotation the user made or accepted: other occurrences of its text
    /// become suggestions with the same label (found in the background).
    pub(super) fn learn(&mut self, ctx: &egui::Context, annotation: &Annotation) {
        let Some(session) = &self.session else {
            return;
        };
        let text = session.doc.shared_text();
        let annotation = annotation.clone();
        self.learning
            .push(Job::spawn(ctx, crate::tr!("job.learning"), move |_| {
                review::echoes(&text, &annotation)
            }));
    }

    /// After accepting or rejecting, the next pending suggestion takes the current one's place:
    /// scroll to it.
    pub(super) fn reveal_current(&mut self) {
        self.refresh_suggestions();
        if let Some(i) = self.suggestions.current {
            self.focus_suggestion(i);
        }
    }

    pub(super) fn drop_stale_selection(&mut self) {
        if let (Some(session), Some(id)) = (&self.session, &self.selected)
            && session.annotations().get(id).is_none()
        {
            self.selected = None;
        }
    }

    pub(super) fn save(&mut self) -> bool {
        let Some(session) = &mut self.session else {
            return false;
        };
        match self.disk.save(session) {
            None if !session.is_dirty() => {
                if let Some(path) = session.sidecar_path() {
                    self.status = Some(StatusMessage::info(
                        crate::tr!("status.saved", path = path.display()).into_owned(),
                    ));
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
    pub(super) fn reattach(&mut self, id: &AnnotationId) {
        let (Some(session), Some(range)) = (&mut self.session, self.view.selected_range()) else {
            self.report_error(crate::tr!("status.select_to_reattach").into_owned());
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

    pub(super) fn export(
        &mut self,
        format: interchange::Format,
        options: &ExportOptions,
        path: &Path,
    ) {
        self.refresh_suggestions();
        let Some(session) = &self.session else {
            return;
        };
        // Entities under their names across the reports: the workspace's index when gathered,
        // else this report's own names with its folder's glossary decisions.
        let mut options = options.clone();
        let gathered = self
            .workspace
            .as_ref()
            .and_then(|ws| ws.entities.entities.value.as_deref());
        options.canonical = Arc::new(match gathered {
            Some(all) => entities::canonical_names(all),
            None => {
                let folder = session.doc.path.as_deref().and_then(Path::parent);
                let name = session.doc.source.file_name.as_str();
                folder
                    .and_then(|f| entities::canonical_names_of(&[(name, session)], f).ok())
                    .unwrap_or_default()
            }
        });
        let options = &options;
        // Exactly what the Suggestions tab lists.
        let suggestions: Vec<Annotation> = self
            .suggestions
            .pending
            .items()
            .iter()
            .map(|s| review::as_exported(&session.doc, s))
            .collect();
        match interchange::export_session(session, format, options, &suggestions, path) {
            Ok(summary) => {
                let written: Vec<String> = summary
                    .written
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect();
                let mut text = crate::tr!(
                    "status.exported",
                    n = summary.records,
                    files = written.join(", ")
                )
                .into_owned();
                if !summary.warnings.is_empty() {
                    text.push_str(&crate::tr!(
                        "status.not_represented",
                        n = summary.warnings.len(),
                        first = summary.warnings[0]
                    ));
                }
                self.status = Some(StatusMessage {
                    text,
                    is_error: !summary.warnings.is_empty(),
                });
            }
            Err(e) => self.report_error(crate::tr!("status.not_exported", error = e).into_owned()),
        }
    }

    pub(super) fn import(&mut self, format: ImportFormat, path: &Path, unmapped: Option<Label>) {
        let Some(session) = &mut self.session else {
            return;
        };
        let options = import::ImportOptions {
            unmapped,
            ..import::ImportOptions::default()
        };
        match import::import_into(session, format, path, &options) {
            Ok(report) => {
                let is_error = !report.all_fitted();
                self.status = Some(StatusMessage {
                    text: crate::tr!("status.imported", path = path.display(), report = report)
                        .into_owned(),
                    is_error,
                });
            }
            Err(e) => self.report_error(crate::tr!("status.not_imported", error = e).into_owned()),
        }
    }

    pub(super) fn reopen(&mut self, encoding_name: &str) {
        let Some(path) = self.session.as_ref().and_then(|s| s.doc.path.clone()) else {
            return;
        };
        let Some(encoding) = encoding_rs::Encoding::for_label(encoding_name.as_bytes()) else {
            return;
        };
        if self.is_dirty() {
            self.report_error(crate::tr!("status.save_before_reencoding").into_owned());
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
    pub(super) fn tag(&mut self, kind: Kind, ctx: &egui::Context) {
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

    /// Selects `start..end` of the open document and scrolls to it.
    pub(super) fn select_range(&mut self, start: usize, end: usize) {
        self.view.selection = Some(TextSelection {
            anchor: start,
            head: end,
        });
        self.view.scroll_to(start);
    }

    fn find_next(&mut self, needle: &str) {
        let Some(session) = &self.session else {
            return;
        };
        let from = self.view.selection.map_or(0, |s| s.range().end);
        match session.doc.find(needle, from) {
            Some(found) => self.select_range(found.start, found.end),
            None if needle.is_empty() => {}
            None => self.report(crate::tr!("status.not_found", needle = needle).into_owned()),
        }
    }

    /// Changes the attributes of the suggestion under review (edit, then accept).
    fn edit_suggestion(&mut self, label: Label) {
        let sg = &mut self.suggestions;
        let current = sg.current.and_then(|i| sg.pending.items().get(i));
        if let Some(c) = current.cloned()
            && let Some(s) = sg
                .raw
                .iter_mut()
                .find(|s| (s.start, s.end, s.kind()) == (c.start, c.end, c.kind()))
        {
            s.label = label;
            sg.raw_version += 1;
        }
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
        Kind::Figure => match crate::text::quantity::parse_quantity(text) {
            Some(q) => Label::Figure {
                value: Some(q.value),
                unit: q.unit,
            },
            None => Label::empty(Kind::Figure),
        },
        _ => Label::empty(kind),
    }
}

impl GlossApp {
    /// Makes the link being made, to the annotation `target` (nothing if it is the annotation
    /// linked from, or the link exists already), and stops linking.
    fn link_to(&mut self, target: &AnnotationId) {
        let (Some(session), Some(linking)) = (&mut self.session, self.linking.take()) else {
            return;
        };
        let annotations = session.annotations();
        let (Some(from), Some(to)) = (annotations.get(&linking.from), annotations.get(target))
        else {
            return;
        };
        let relation = linking.to(from.kind(), to);
        if from.id == to.id || session.relations().contains(&relation) {
            return;
        }
        let text = crate::tr!(
            "links.made",
            kind = links::kind_label(&relation.kind),
            from = from.quote,
            to = to.quote
        )
        .into_owned();
        let command = link_command(session, relation);
        session.apply(command);
        self.report(text);
    }
}

/// The command that makes `relation`, filling the commitment's empty actor or target attribute
/// with the linked text (one step to undo).
fn link_command(session: &crate::session::Session, relation: Relation) -> Command {
    let annotations = session.annotations();
    let filled = annotations
        .get(&relation.from)
        .zip(annotations.get(&relation.to))
        .and_then(|(from, to)| with_linked_attribute(from, &relation.kind, to));
    match filled {
        Some(a) => Command::Batch(vec![Command::Link(relation), Command::Update(a)]),
        None => Command::Link(relation),
    }
}
