//! Comparing two annotators' work on the open report: another annotator's sidecar, re-anchored on
//! this text, set against ours span by span (agreed, only ours, only theirs, conflicting), and a
//! curator taking either side per annotation. Every change goes to our sidecar as an ordinary,
//! undoable command; their file is only read.

use super::action::Action;
use super::app::GlossApp;
use super::theme;
use crate::annotation::anchor;
use crate::annotation::{Annotation, AnnotationId};
use crate::corpus::agreement::{Compared, compare};
use crate::session::Command;
use crate::store::Sidecar;
use eframe::egui::{self, RichText, Ui};
use std::path::{Path, PathBuf};

/// Another annotator's version of the open report.
pub(super) struct Comparison {
    /// Their sidecar.
    pub path: PathBuf,
    /// Their annotations, re-anchored on our text.
    pub theirs: Vec<Annotation>,
    /// The rows, and the session revision they were computed at.
    pub rows: Vec<Compared>,
    pub revision: Option<u64>,
}

impl GlossApp {
    /// Compares the open report's annotations with another annotator's sidecar of it.
    pub fn compare_with(&mut self, path: &Path) {
        let Some(session) = &self.session else {
            self.report_error(crate::tr!("compare.open_first").into_owned());
            return;
        };
        let theirs = match Sidecar::load(path) {
            Ok(Some(s)) => s,
            Ok(None) => {
                return self.report_error(
                    crate::tr!("compare.missing", path = path.display()).into_owned(),
                );
            }
            Err(e) => return self.report_error(e.to_string()),
        };
        let mut annotations = theirs.annotations;
        let text = anchor::text_since(&theirs.source, &session.doc.source);
        let report = anchor::resolve(&session.doc, &mut annotations, text);
        self.comparison = Some(Comparison {
            path: path.to_owned(),
            theirs: annotations,
            rows: Vec::new(),
            revision: None,
        });
        self.panel.tab = super::panel::Tab::Compare;
        self.report(
            crate::tr!(
                "compare.status",
                path = path.display(),
                total = report.exact + report.moved + report.check + report.orphaned,
                orphaned = report.orphaned
            )
            .into_owned(),
        );
    }

    /// The comparison's rows, recomputed when our annotations changed.
    pub(super) fn refresh_comparison(&mut self) {
        let (Some(c), Some(session)) = (&mut self.comparison, &self.session) else {
            return;
        };
        if c.revision != Some(session.revision()) {
            let ours: Vec<Annotation> = session.annotations().iter().cloned().collect();
            c.rows = compare(&ours, &c.theirs);
            c.revision = Some(session.revision());
        }
    }

    /// Takes their version of an annotation: replaces ours on the same span and kind, or adds it.
    pub(super) fn take_theirs(&mut self, theirs: Annotation) {
        let Some(session) = &mut self.session else {
            return;
        };
        let same = session
            .annotations()
            .iter()
            .find(|a| (a.kind(), a.start, a.end) == (theirs.kind(), theirs.start, theirs.end))
            .cloned();
        let command = match same {
            Some(mut ours) => {
                ours.label = theirs.label;
                ours.note = theirs.note;
                Command::Update(ours)
            }
            None => {
                let mut taken = theirs;
                taken.id = AnnotationId::generate();
                Command::Create(taken)
            }
        };
        session.apply(command);
    }
}

/// Counts of each kind of row.
fn tally(rows: &[Compared]) -> [usize; 4] {
    let mut n = [0; 4];
    for r in rows {
        n[match r {
            Compared::Agreed(_) => 0,
            Compared::OnlyOurs(_) => 1,
            Compared::OnlyTheirs(_) => 2,
            Compared::Conflicting { .. } => 3,
        }] += 1;
    }
    n
}

/// The Compare tab of the panel.
pub(super) fn compare_ui(ui: &mut Ui, c: &Comparison, actions: &mut Vec<Action>) {
    let [agreed, ours, theirs, conflicts] = tally(&c.rows);
    ui.label(crate::tr!("compare.with", path = c.path.display()));
    ui.label(crate::tr!(
        "compare.tally",
        agreed = agreed,
        ours = ours,
        theirs = theirs,
        conflicts = conflicts
    ));
    ui.horizontal(|ui| {
        let one_sided: Vec<Annotation> = c
            .rows
            .iter()
            .filter_map(|r| match r {
                Compared::OnlyTheirs(a) => Some(a.clone()),
                _ => None,
            })
            .collect();
        if ui
            .add_enabled(
                !one_sided.is_empty(),
                egui::Button::new(crate::tr!("compare.take_all")),
            )
            .on_hover_text(crate::tr!("compare.take_all_hint"))
            .clicked()
        {
            actions.extend(
                one_sided
                    .into_iter()
                    .map(|a| Action::TakeTheirs(Box::new(a))),
            );
        }
        if ui.button(crate::tr!("compare.close")).clicked() {
            actions.push(Action::CloseComparison);
        }
    });
    ui.separator();
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for row in c.rows.iter().filter(|r| !matches!(r, Compared::Agreed(_))) {
                let (what, a) = match row {
                    Compared::OnlyOurs(a) => (crate::tr!("compare.only_ours"), a),
                    Compared::OnlyTheirs(a) => (crate::tr!("compare.only_theirs"), a),
                    Compared::Conflicting { ours, .. } => {
                        (crate::tr!("compare.conflicting"), &**ours)
                    }
                    Compared::Agreed(a) => (crate::tr!("compare.agreed"), a),
                };
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(theme::strong(a.kind(), dark), theme::key(a.kind()));
                    if ui
                        .selectable_label(false, RichText::new(&a.quote))
                        .on_hover_text(format!("{}–{}", a.start, a.end))
                        .clicked()
                    {
                        actions.push(Action::SelectRange(a.start, a.end));
                    }
                    ui.weak(what);
                    match row {
                        Compared::OnlyOurs(a) => {
                            if ui.small_button(crate::tr!("compare.drop_ours")).clicked() {
                                actions.push(Action::Delete(a.id.clone()));
                            }
                        }
                        Compared::OnlyTheirs(a) => {
                            if ui.small_button(crate::tr!("compare.take_theirs")).clicked() {
                                actions.push(Action::TakeTheirs(Box::new(a.clone())));
                            }
                        }
                        Compared::Conflicting { ours, theirs } => {
                            ui.label(crate::tr!(
                                "compare.versions",
                                ours = describe(ours),
                                theirs = describe(theirs)
                            ));
                            if ui.small_button(crate::tr!("compare.take_theirs")).clicked() {
                                actions.push(Action::TakeTheirs(theirs.clone()));
                            }
                        }
                        Compared::Agreed(_) => {}
                    }
                });
            }
        });
}

/// A label's attributes in a few words.
fn describe(a: &Annotation) -> String {
    crate::interchange::attributes(&a.label)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(n, v)| format!("{n} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}
