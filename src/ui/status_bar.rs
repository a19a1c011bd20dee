//! The status bar: the document's name and encoding (with the picker to decode it otherwise),
//! counts, the selection, progress of background work and the latest message.

use super::action::Action;
use super::app::GlossApp;
use crate::document::loader::ENCODING_CHOICES;
use eframe::egui::{self, Ui};

impl GlossApp {
    pub(super) fn status_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            if let Some(session) = &self.session {
                let doc = &session.doc;
                ui.label(&doc.source.file_name);
                ui.separator();
                let current = doc.source.encoding.clone();
                // DOCX and PDF carry their own encodings: nothing to choose there.
                if !doc.source.format.is_decoded() {
                    ui.label(doc.source.format.name().to_uppercase());
                } else {
                    egui::ComboBox::from_id_salt("encoding")
                        .selected_text(&current)
                        .show_ui(ui, |ui| {
                            for name in ENCODING_CHOICES {
                                if ui
                                    .selectable_label(current.eq_ignore_ascii_case(name), name)
                                    .clicked()
                                    && !current.eq_ignore_ascii_case(name)
                                {
                                    actions.push(Action::Reopen(name.to_owned()));
                                }
                            }
                        })
                        .response
                        .on_hover_text(crate::tr!("status.encoding_hint"));
                }
                ui.separator();
                ui.label(crate::tr!(
                    "status.counts",
                    chars = doc.char_len(),
                    annotations = session.annotations().len()
                ));
                if let Some(sel) = self.view.selected_range() {
                    ui.separator();
                    ui.label(crate::tr!(
                        "status.selection",
                        start = sel.start,
                        end = sel.end
                    ));
                }
            }
            let workspace = self.workspace.as_ref();
            for job in [
                self.opening.as_ref().map(|j| (&j.label, j.progress)),
                self.suggesting.as_ref().map(|j| (&j.label, j.progress)),
                workspace
                    .and_then(|w| w.counting.as_ref())
                    .map(|j| (&j.label, j.progress)),
                workspace
                    .and_then(|w| w.search.job.as_ref())
                    .map(|j| (&j.label, j.progress)),
            ]
            .into_iter()
            .flatten()
            {
                ui.separator();
                ui.add(egui::Spinner::new());
                ui.label(job.0);
                ui.add(
                    egui::ProgressBar::new(job.1)
                        .desired_width(120.0)
                        .show_percentage(),
                );
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
}
