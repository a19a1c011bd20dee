//! The windows over the document: export, import, a sidecar conflict, and the question about
//! unsaved changes.

use super::action::Action;
use super::app::{GlossApp, UnsavedPrompt};
use eframe::egui::{self, ViewportCommand};

impl GlossApp {
    /// The export, import and conflict dialogs and the changed-report banner.
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if let Some(dialog) = &mut self.export_dialog
            && !dialog.ui(ctx, actions)
        {
            self.export_dialog = None;
        }
        if let Some(dialog) = &mut self.import_dialog
            && !dialog.ui(ctx, actions)
        {
            self.import_dialog = None;
        }
        self.disk.conflict_ui(ctx, actions);
    }

    pub(super) fn confirm_ui(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.unsaved_prompt.clone() else {
            return;
        };
        let name = self
            .session
            .as_ref()
            .map_or_else(String::new, |s| s.doc.source.file_name.clone());
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
            ui.heading(crate::tr!("unsaved.title"));
            ui.label(crate::tr!("unsaved.question", name = name));
            ui.horizontal(|ui| {
                if ui.button(crate::tr!("menu.save")).clicked() {
                    choice = Some(true);
                }
                if ui.button(crate::tr!("unsaved.discard")).clicked() {
                    choice = Some(false);
                }
                if ui.button(crate::tr!("common.cancel")).clicked() {
                    self.unsaved_prompt = None;
                }
            });
        });
        let Some(save_first) = choice else {
            return;
        };
        if save_first && !self.save() {
            self.unsaved_prompt = None;
            return;
        }
        self.unsaved_prompt = None;
        match pending {
            UnsavedPrompt::Close => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            UnsavedPrompt::Open(path) => self.open(&path),
        }
    }
}
