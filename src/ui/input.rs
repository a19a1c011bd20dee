//! Turning keyboard input, dropped files and the window's close button into [`Action`]s.

use super::action::{Action, LINK_KEY, MenuCommand, tag_key};
use super::app::{GlossApp, UnsavedPrompt};
use super::links;
use super::panel::Tab;
use crate::annotation::Kind;
use eframe::egui::{self, Key, Modifiers, Ui, ViewportCommand};
use std::path::PathBuf;

impl GlossApp {
    pub(super) fn collect_input(&mut self, ui: &Ui, actions: &mut Vec<Action>) {
        let ctx = ui.ctx();
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            actions.push(if path.is_dir() {
                Action::OpenFolder(path)
            } else {
                Action::Open(path)
            });
        }
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
            && !self.autosave(ctx, true)
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.unsaved_prompt = Some(UnsavedPrompt::Close);
        }
        ctx.input_mut(|i| {
            for command in MenuCommand::ALL {
                if command.shortcuts().iter().any(|s| i.consume_shortcut(s)) {
                    actions.push(command.action());
                }
            }
        });
        if ctx.egui_wants_keyboard_input() || self.unsaved_prompt.is_some() {
            return;
        }
        if self.linking.is_some() {
            self.linking_input(ui, actions);
            return;
        }
        ctx.input_mut(|i| {
            if i.consume_key(Modifiers::NONE, LINK_KEY) {
                actions.push(Action::StartLink);
            }
            for kind in Kind::ALL {
                if i.consume_key(Modifiers::NONE, tag_key(kind)) {
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
        self.copy_input(ui);
    }

    /// While a link is being made: 1–9 pick a target among the panel's candidates, Esc stops.
    /// Other keys do nothing then (a tag key would retag the annotation being linked from).
    fn linking_input(&mut self, ui: &Ui, actions: &mut Vec<Action>) {
        let (Some(session), Some(linking)) = (&self.session, &self.linking) else {
            return;
        };
        let Some(from) = session.annotations().get(&linking.from) else {
            actions.push(Action::CancelLink);
            return;
        };
        let candidates = links::candidates(session.annotations(), from);
        ui.ctx().input_mut(|i| {
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                actions.push(Action::CancelLink);
            }
            for (n, key) in NUMBER_KEYS.iter().enumerate() {
                if i.consume_key(Modifiers::NONE, *key)
                    && let Some(a) = candidates.get(n)
                {
                    actions.push(Action::LinkTo(a.id.clone()));
                }
            }
        });
        self.copy_input(ui);
    }

    fn copy_input(&self, ui: &Ui) {
        let ctx = ui.ctx();
        // Copy the selected text.
        let copy = ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
        if copy && let (Some(session), Some(range)) = (&self.session, self.view.selected_range()) {
            ctx.copy_text(session.doc.slice(range.start, range.end).to_owned());
        }
    }
}

/// The keys that pick the link targets numbered 1–9.
const NUMBER_KEYS: [Key; links::CANDIDATES] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];
