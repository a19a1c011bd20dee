//! The workspace's Entities tab: one row per entity across the reports (name, type, mentions,
//! reports), and for the chosen one its aliases — proposed ones to confirm or split off — and
//! a merge with another entity of its type. Decisions go to the workspace glossary.

use super::action::Action;
use super::gathered::Gathered;
use super::theme;
use super::workspace::column;
use crate::annotation::{EntityType, Kind};
use crate::corpus::entities::{self, AliasDecision, AliasReason, Entity};
use eframe::egui::{self, Ui};
use std::path::Path;

/// The Entities tab's state.
#[derive(Default)]
pub(super) struct EntitiesPane {
    pub entities: Gathered<Vec<Entity>>,
    /// The entity shown in full, by canonical name and type.
    pub chosen: Option<(String, EntityType)>,
    pub filter: String,
}

impl EntitiesPane {
    pub fn poll(&mut self, ctx: &egui::Context, folder: &Path) {
        let folder = folder.to_owned();
        self.entities
            .poll(ctx, &crate::tr!("job.entities"), move || {
                entities::of_folder(&folder).map_err(|e| e.to_string())
            });
    }

    pub fn ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let busy = self.entities.job.is_some();
        let Some(all) = self.entities.shown(ui, &crate::tr!("entities.waiting")) else {
            return;
        };
        ui.horizontal(|ui| {
            let label = ui.label(crate::tr!("common.filter"));
            ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(160.0))
                .labelled_by(label.id);
            if busy {
                ui.add(egui::Spinner::new());
            }
        });
        let filter = self.filter.trim();
        let rows: Vec<&Entity> = all
            .iter()
            .filter(|e| {
                filter.is_empty()
                    || e.name.contains(filter)
                    || e.aliases.iter().any(|a| a.name.contains(filter))
            })
            .collect();
        ui.weak(crate::tr!("entities.count", n = rows.len()));
        // The chosen entity in full, above the list.
        if let Some(entity) = self
            .chosen
            .as_ref()
            .and_then(|(n, t)| all.iter().find(|e| &e.name == n && e.entity_type == *t))
        {
            ui.group(|ui| details_ui(ui, entity, all, actions));
        }
        ui.separator();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let colour = theme::strong(Kind::Entity, ui.visuals().dark_mode);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, rows.len(), |ui, range| {
                for e in &rows[range] {
                    let chosen = self
                        .chosen
                        .as_ref()
                        .is_some_and(|(n, t)| *n == e.name && *t == e.entity_type);
                    let aliases = if e.aliases.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "  ({})",
                            e.aliases
                                .iter()
                                .map(|a| a.name.as_str())
                                .collect::<Vec<_>>()
                                .join("、")
                        )
                    };
                    ui.horizontal(|ui| {
                        column(
                            ui,
                            44.0,
                            egui::RichText::new(e.entity_type.as_str()).color(colour),
                        );
                        let text = crate::tr!(
                            "entities.row",
                            name = format!("{}{aliases}", e.name),
                            total = e.total,
                            reports = e.mentions.len()
                        );
                        if ui.selectable_label(chosen, text).clicked() {
                            self.chosen = (!chosen).then(|| (e.name.clone(), e.entity_type));
                        }
                    });
                }
            });
    }
}

/// One entity: its mentions per report, its aliases with their decisions, and merging.
fn details_ui(ui: &mut Ui, entity: &Entity, all: &[Entity], actions: &mut Vec<Action>) {
    ui.strong(format!("{} [{}]", entity.name, entity.entity_type));
    let first = entity.mentions.keys().next().map_or("", String::as_str);
    let last = entity
        .mentions
        .keys()
        .next_back()
        .map_or("", String::as_str);
    ui.label(crate::tr!(
        "entities.mentions",
        total = entity.total,
        reports = entity.mentions.len(),
        first = first,
        last = last
    ));
    ui.horizontal_wrapped(|ui| {
        for (doc, n) in &entity.mentions {
            ui.weak(format!("{doc} ×{n}"));
        }
    });
    let decide = |name: &str, decision| Action::DecideAlias {
        canonical: entity.name.clone(),
        entity_type: entity.entity_type,
        name: name.to_owned(),
        decision,
    };
    for alias in &entity.aliases {
        ui.horizontal(|ui| {
            let why = match alias.reason {
                AliasReason::Spelling => crate::tr!("alias.spelling"),
                AliasReason::Abbreviation => crate::tr!("alias.abbreviation"),
                AliasReason::PlaceLeftOut => crate::tr!("alias.place_left_out"),
                AliasReason::Confirmed => crate::tr!("alias.confirmed"),
            };
            ui.label(format!("= {}", alias.name));
            ui.weak(why);
            if alias.reason != AliasReason::Confirmed
                && alias.reason != AliasReason::Spelling
                && ui
                    .small_button(crate::tr!("alias.same"))
                    .on_hover_text(crate::tr!("alias.same_hint"))
                    .clicked()
            {
                actions.push(decide(&alias.name, AliasDecision::Same));
            }
            if alias.reason != AliasReason::Spelling
                && ui
                    .small_button(crate::tr!("alias.different"))
                    .on_hover_text(crate::tr!("alias.different_hint"))
                    .clicked()
            {
                actions.push(decide(&alias.name, AliasDecision::Different));
            }
        });
    }
    ui.horizontal(|ui| {
        egui::ComboBox::from_label(crate::tr!("entities.merge_in"))
            .selected_text(crate::tr!("entities.merge_choice"))
            .show_ui(ui, |ui| {
                for other in all
                    .iter()
                    .filter(|o| o.entity_type == entity.entity_type && o.name != entity.name)
                {
                    if ui.selectable_label(false, &other.name).clicked() {
                        actions.push(decide(&other.name, AliasDecision::Same));
                    }
                }
            });
    });
}
