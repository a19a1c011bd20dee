//! The workspace's Search tab (Ctrl+Shift+F): a query, run in the background against the
//! folder's index (brought up to date first), and its hits grouped by report; a click opens the
//! report at the hit.

use super::action::Action;
use super::job::Job;
use super::theme;
use crate::corpus::search::{Hit, SearchIndex};
use eframe::egui::{self, Key, Ui};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// At most this many hits are listed.
const LIMIT: usize = 500;

/// The Search tab's state.
#[derive(Default)]
pub(super) struct SearchPane {
    pub query: String,
    /// Put the keyboard focus in the query field on the next frame.
    pub focus: bool,
    pub job: Option<Job<Result<Vec<Hit>, String>>>,
    pub hits: Vec<Hit>,
    /// The query the hits are for.
    pub searched: String,
    pub error: Option<String>,
    /// The open index, kept between searches.
    index: Arc<Mutex<Option<SearchIndex>>>,
}

impl SearchPane {
    /// Runs `query` in the background on the index of `folder` (kept in `index_dir`, or the
    /// user's cache folder).
    pub fn run(
        &mut self,
        ctx: &egui::Context,
        folder: &Path,
        index_dir: Option<&Path>,
        query: String,
    ) {
        let index = Arc::clone(&self.index);
        let folder = folder.to_owned();
        let index_dir: Option<PathBuf> = index_dir.map(Path::to_owned);
        self.searched = query.clone();
        self.job = Some(Job::spawn(
            ctx,
            crate::tr!("job.searching", query = query),
            move |progress| {
                let mut slot = index
                    .lock()
                    .map_err(|_| "the search index is unavailable".to_owned())?;
                if slot.as_ref().is_none_or(|i| i.folder() != folder) {
                    let opened = match &index_dir {
                        Some(dir) => SearchIndex::open_in(&folder, dir),
                        None => SearchIndex::open(&folder),
                    };
                    *slot = Some(opened.map_err(|e| e.to_string())?);
                }
                let Some(index) = slot.as_mut() else {
                    return Err("the search index is unavailable".to_owned());
                };
                // The update reads reports on every core; this thread reports its progress.
                let (done, total) = (AtomicUsize::new(0), AtomicUsize::new(0));
                let updated = std::thread::scope(|scope| {
                    let worker = scope.spawn(|| {
                        index.update(&|d, t| {
                            done.store(d, Ordering::Relaxed);
                            total.store(t, Ordering::Relaxed);
                        })
                    });
                    while !worker.is_finished() {
                        let t = total.load(Ordering::Relaxed).max(1);
                        progress(done.load(Ordering::Relaxed) as f32 / t as f32);
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    worker.join()
                });
                updated
                    .map_err(|_| "indexing stopped unexpectedly".to_owned())?
                    .map_err(|e| e.to_string())?;
                index.search(&query, LIMIT).map_err(|e| e.to_string())
            },
        ));
    }

    pub fn poll(&mut self) {
        if let Some(result) = self.job.as_mut().and_then(Job::poll) {
            self.job = None;
            match result.and_then(|r| r) {
                Ok(hits) => {
                    self.hits = hits;
                    self.error = None;
                }
                Err(e) => {
                    self.hits.clear();
                    self.error = Some(e);
                }
            }
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, folder: &Path, actions: &mut Vec<Action>) {
        let label = ui.label(crate::tr!("search.label"));
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text(crate::tr!("search.hint"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus) {
            field.request_focus();
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        ui.horizontal(|ui| {
            if (enter || ui.button(crate::tr!("search.button")).clicked())
                && !self.query.trim().is_empty()
            {
                actions.push(Action::SearchWorkspace(self.query.trim().to_owned()));
            }
            if let Some(job) = &self.job {
                ui.add(egui::Spinner::new());
                ui.label(format!("{:.0} %", job.progress * 100.0));
            }
        })
        .response
        .on_hover_text(crate::tr!("search.help"));
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
        if !self.searched.is_empty() && self.job.is_none() {
            let docs = {
                let mut d: Vec<&str> = self.hits.iter().map(|h| h.doc.as_str()).collect();
                d.dedup();
                d.len()
            };
            ui.weak(crate::tr!("search.hits", n = self.hits.len(), docs = docs));
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let mut last: Option<&str> = None;
                for hit in &self.hits {
                    if last != Some(hit.doc.as_str()) {
                        ui.add_space(4.0);
                        ui.strong(&hit.doc);
                        last = Some(&hit.doc);
                    }
                    let what = match hit.kind {
                        Some(kind) => format!("[{}] {}", theme::name(kind), hit.text),
                        None => hit.context.clone(),
                    };
                    let place = if hit.section.is_empty() {
                        String::new()
                    } else {
                        format!("§ {}  ", hit.section)
                    };
                    let response = ui
                        .selectable_label(false, format!("{place}{what}"))
                        .on_hover_text(format!("{}–{}: {}", hit.start, hit.end, hit.context));
                    if response.clicked() {
                        actions.push(Action::OpenAt(folder.join(&hit.doc), hit.start, hit.end));
                    }
                }
            });
    }
}
