//! The menu bar (File, Edit, View, built from [`MenuCommand`]s), the Open/Save buttons and the
//! find bar.

use super::action::{Action, MenuCommand};
use super::app::GlossApp;
use super::i18n::Language;
use eframe::egui::{self, Key, Ui};

impl GlossApp {
    pub(super) fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let open = self.session.is_some();
        let (can_undo, can_redo) = self
            .session
            .as_ref()
            .map_or((false, false), |s| (s.can_undo(), s.can_redo()));
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(crate::tr!("menu.file"), |ui| {
                command_button(ui, MenuCommand::Open, true, actions);
                command_button(ui, MenuCommand::OpenFolder, true, actions);
                command_button(
                    ui,
                    MenuCommand::QuickOpen,
                    self.workspace.is_some(),
                    actions,
                );
                command_button(ui, MenuCommand::Save, open, actions);
                ui.separator();
                command_button(ui, MenuCommand::Export, open, actions);
                command_button(ui, MenuCommand::Import, open, actions);
                command_button(ui, MenuCommand::Compare, open, actions);
                ui.separator();
                command_button(ui, MenuCommand::Quit, true, actions);
            });
            ui.menu_button(crate::tr!("menu.edit"), |ui| {
                command_button(ui, MenuCommand::Undo, can_undo, actions);
                command_button(ui, MenuCommand::Redo, can_redo, actions);
                command_button(ui, MenuCommand::Find, true, actions);
                command_button(ui, MenuCommand::SearchFolder, true, actions);
                ui.separator();
                command_button(ui, MenuCommand::Suggest, open, actions);
            });
            ui.menu_button(crate::tr!("menu.view"), |ui| {
                let mut preference = ui.ctx().options(|o| o.theme_preference);
                for (value, name) in [
                    (
                        egui::ThemePreference::System,
                        crate::tr!("menu.theme_system"),
                    ),
                    (egui::ThemePreference::Light, crate::tr!("menu.theme_light")),
                    (egui::ThemePreference::Dark, crate::tr!("menu.theme_dark")),
                ] {
                    if ui.radio_value(&mut preference, value, name).clicked() {
                        ui.ctx().set_theme(preference);
                    }
                }
                ui.separator();
                for language in Language::ALL {
                    if ui
                        .radio(self.language == language, language.name())
                        .clicked()
                    {
                        actions.push(Action::SetLanguage(language));
                    }
                }
            });
            ui.separator();
            if ui.button(crate::tr!("menu.open")).clicked() {
                actions.push(Action::OpenDialog);
            }
            if ui
                .add_enabled(
                    self.session.is_some(),
                    egui::Button::new(crate::tr!("menu.save")),
                )
                .clicked()
            {
                actions.push(Action::Save);
            }
            if let Some(find) = &mut self.find {
                ui.separator();
                ui.label(crate::tr!("find.label"));
                let response = ui.add(egui::TextEdit::singleline(find).desired_width(200.0));
                if std::mem::take(&mut self.focus_find) {
                    response.request_focus();
                }
                let next = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if next || ui.button(crate::tr!("find.next")).clicked() {
                    actions.push(Action::FindNext(find.clone()));
                    if next {
                        response.request_focus();
                    }
                }
                if ui
                    .button("✖")
                    .on_hover_text(crate::tr!("find.close"))
                    .clicked()
                {
                    self.find = None;
                }
            }
        });
    }
}

/// A menu entry for `command`, showing its first shortcut.
fn command_button(ui: &mut Ui, command: MenuCommand, enabled: bool, actions: &mut Vec<Action>) {
    let mut button = egui::Button::new(command.label());
    if let Some(shortcut) = command.shortcuts().first() {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    if ui.add_enabled(enabled, button).clicked() {
        actions.push(command.action());
    }
}
