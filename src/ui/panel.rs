//! The annotation panel: tag buttons, the selected annotation's attribute editor, and the list of
//! annotations in document order with a filter by kind.
//!
//! The panel never changes the session itself; it returns [`Action`]s for the app to apply.

use super::Action;
use super::compare_view::{Comparison, compare_ui};
use super::links::{self, Linking};
use super::theme;
use crate::annotation::AnnotationSet;
use crate::annotation::anchor::AnchorState;
use crate::annotation::{Annotation, AnnotationId, Relation};
use crate::annotation::{EntityType, Kind, Label};
use crate::suggest::{Suggestion, review};
use eframe::egui::{self, RichText, Ui};
use std::collections::BTreeSet;

const ROW_HEIGHT: f32 = 22.0;

/// Which list the panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    /// The user's annotations.
    #[default]
    Annotations,
    /// Pending suggestions.
    Suggestions,
    /// Another annotator's version, compared with ours.
    Compare,
}

/// What the panel shows this frame.
pub struct PanelInput<'a> {
    /// The document's annotations.
    pub annotations: &'a AnnotationSet,
    /// The selected annotation.
    pub selected: Option<&'a AnnotationId>,
    /// Whether text is selected in the document (enables the tag buttons).
    pub has_text_selection: bool,
    /// Pending suggestions in document order.
    pub suggestions: &'a [Suggestion],
    /// The suggestion being reviewed: its index and an editable annotation made from it.
    pub current_suggestion: Option<(usize, &'a Annotation)>,
    /// Progress of a running suggestion job.
    pub suggest_progress: Option<f32>,
    /// Another annotator's version being compared, if any.
    pub comparison: Option<&'a Comparison>,
    /// The links between the annotations.
    pub relations: &'a BTreeSet<Relation>,
    /// The link being made, if any.
    pub linking: Option<&'a Linking>,
    /// The document text, for quoting suggestions.
    pub text_of: &'a dyn Fn(usize, usize) -> String,
    /// Where an offset sits in the document's outline (`一、 › （二） › 3.`).
    pub section_of: &'a dyn Fn(usize) -> String,
}

/// The panel's own state: tab, filter, cached list rows and the attribute draft.
#[derive(Default)]
pub struct AnnotationPanel {
    /// The tab shown.
    pub tab: Tab,
    hidden: [bool; 3],
    draft: Option<Draft>,
    scroll_to_selected: bool,
    /// List the suggestions by score (highest first) instead of by position.
    by_score: bool,
    /// *Accept all* takes the suggestions scoring at least this.
    min_score: f32,
    /// A link name the user is typing in the link picker.
    link_name: String,
}

/// The editable attributes of the selected annotation, committed when a field loses focus.
struct Draft {
    original: Annotation,
    value: String,
    unit: String,
    entity_type: EntityType,
    actor: String,
    deadline: String,
    target: String,
    note: String,
}

impl Draft {
    fn new(a: &Annotation) -> Draft {
        let mut d = Draft {
            original: a.clone(),
            value: String::new(),
            unit: String::new(),
            entity_type: EntityType::default(),
            actor: String::new(),
            deadline: String::new(),
            target: String::new(),
            note: a.note.clone(),
        };
        match &a.label {
            Label::Figure { value, unit } => {
                d.value = value.map(format_value).unwrap_or_default();
                d.unit = unit.clone();
            }
            Label::Entity { entity_type } => d.entity_type = *entity_type,
            Label::Commitment {
                actor,
                deadline,
                target,
            } => {
                d.actor = actor.clone();
                d.deadline = deadline.clone();
                d.target = target.clone();
            }
        }
        d
    }

    /// The annotation as edited, if it differs from the original.
    fn edited(&self) -> Option<Annotation> {
        let mut a = self.original.clone();
        a.label = match a.kind() {
            Kind::Figure => Label::Figure {
                value: parse_value(&self.value),
                unit: self.unit.trim().to_owned(),
            },
            Kind::Entity => Label::Entity {
                entity_type: self.entity_type,
            },
            Kind::Commitment => Label::Commitment {
                actor: self.actor.trim().to_owned(),
                deadline: self.deadline.trim().to_owned(),
                target: self.target.trim().to_owned(),
            },
        };
        a.note = self.note.clone();
        (a != self.original).then_some(a)
    }
}

/// Formats a figure value without exponent or trailing zeros: 29690000000, 19.7.
pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v}");
        if s.contains('e') {
            format!("{v:.6}")
        } else {
            s
        }
    }
}

fn parse_value(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|c| *c != ',' && *c != ' ').collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl AnnotationPanel {
    /// Asks the list to scroll to the selected annotation on the next frame.
    pub fn reveal_selected(&mut self) {
        self.scroll_to_selected = true;
    }

    /// Shows the panel.
    pub fn ui(&mut self, ui: &mut Ui, input: &PanelInput<'_>, actions: &mut Vec<Action>) {
        let dark = ui.visuals().dark_mode;
        ui.horizontal_wrapped(|ui| {
            ui.label(crate::tr!("panel.tag_selection"));
            for kind in Kind::ALL {
                let text = RichText::new(format!("{} ({})", theme::name(kind), theme::key(kind)))
                    .color(theme::strong(kind, dark));
                if ui
                    .add_enabled(input.has_text_selection, egui::Button::new(text))
                    .on_hover_text(crate::tr!("panel.tag_as", kind = theme::name(kind)))
                    .on_disabled_hover_text(crate::tr!("panel.select_first"))
                    .clicked()
                {
                    actions.push(Action::Tag(kind));
                }
            }
        });
        ui.horizontal(|ui| {
            let annotations = crate::tr!("panel.annotations_tab", n = input.annotations.len());
            ui.selectable_value(&mut self.tab, Tab::Annotations, annotations);
            let suggestions = crate::tr!("panel.suggestions_tab", n = input.suggestions.len());
            ui.selectable_value(&mut self.tab, Tab::Suggestions, suggestions);
            if input.comparison.is_some() {
                ui.selectable_value(&mut self.tab, Tab::Compare, crate::tr!("panel.compare_tab"));
            }
        });
        ui.separator();
        match self.tab {
            Tab::Annotations => {
                if let Some(linking) = input.linking {
                    links::picker_ui(ui, linking, input.annotations, &mut self.link_name, actions);
                }
                let selected = input.selected.and_then(|id| input.annotations.get(id));
                self.editor_ui(ui, input, selected, false, actions);
                ui.separator();
                self.filter_ui(ui, input.annotations);
                self.list_ui(ui, input.annotations, input.selected, actions);
            }
            Tab::Suggestions => self.suggestions_ui(ui, input, actions),
            Tab::Compare => match input.comparison {
                Some(c) => compare_ui(ui, c, actions),
                None => self.tab = Tab::Annotations,
            },
        }
    }

    fn suggestions_ui(&mut self, ui: &mut Ui, input: &PanelInput<'_>, actions: &mut Vec<Action>) {
        let dark = ui.visuals().dark_mode;
        ui.horizontal(|ui| {
            let running = input.suggest_progress.is_some();
            if ui
                .add_enabled(!running, egui::Button::new(crate::tr!("panel.suggest")))
                .on_hover_text(crate::tr!("panel.suggest_hint"))
                .clicked()
            {
                actions.push(Action::Suggest);
            }
            if let Some(p) = input.suggest_progress {
                ui.add(egui::ProgressBar::new(p).show_percentage().animate(true));
            }
        });
        if input.suggestions.is_empty() {
            ui.weak(crate::tr!("panel.no_suggestions"));
            return;
        }
        ui.horizontal(|ui| {
            ui.label(crate::tr!("panel.score_at_least"));
            ui.add(egui::Slider::new(&mut self.min_score, 0.0..=1.0).fixed_decimals(2))
                .on_hover_text(crate::tr!("panel.score_hint"));
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(crate::tr!("panel.accept_all"));
            for kind in Kind::ALL {
                let n = input
                    .suggestions
                    .iter()
                    .filter(|s| review::taken_by_accept_all(s, kind, self.min_score))
                    .count();
                let text = RichText::new(format!("{} ({n})", theme::name(kind)))
                    .color(theme::strong(kind, dark));
                if ui
                    .add_enabled(n > 0, egui::Button::new(text))
                    .on_hover_text(crate::tr!(
                        "panel.accept_all_hint",
                        kind = theme::name(kind),
                        score = format!("{:.2}", self.min_score)
                    ))
                    .clicked()
                {
                    actions.push(Action::AcceptAll(kind, self.min_score));
                }
            }
        });
        ui.horizontal(|ui| {
            if ui.button(crate::tr!("panel.previous")).clicked() {
                actions.push(Action::StepSuggestion(-1));
            }
            if ui.button(crate::tr!("panel.next")).clicked() {
                actions.push(Action::StepSuggestion(1));
            }
            ui.separator();
            ui.label(crate::tr!("panel.list_by"));
            ui.selectable_value(&mut self.by_score, false, crate::tr!("panel.by_position"));
            ui.selectable_value(&mut self.by_score, true, crate::tr!("panel.by_score"));
        });
        ui.separator();
        let current = input.current_suggestion.map(|(_, a)| a);
        self.editor_ui(ui, input, current, true, actions);
        ui.separator();

        let current_index = input.current_suggestion.map(|(i, _)| i);
        // Rows show suggestions in position or score order; actions carry the position index.
        let mut order: Vec<usize> = (0..input.suggestions.len()).collect();
        if self.by_score {
            let score = |i: usize| input.suggestions[i].confidence;
            order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
        }
        let mut area = egui::ScrollArea::vertical()
            .id_salt("suggestion-list")
            .auto_shrink([false, false]);
        if std::mem::take(&mut self.scroll_to_selected)
            && let Some(row) = order.iter().position(|&i| Some(i) == current_index)
        {
            let spacing = ui.spacing().item_spacing.y;
            let offset = row as f32 * (ROW_HEIGHT + spacing) - ui.available_height() / 3.0;
            area = area.vertical_scroll_offset(offset.max(0.0));
        }
        area.show_rows(ui, ROW_HEIGHT, order.len(), |ui, range| {
            for &i in &order[range] {
                let s = &input.suggestions[i];
                let quote = (input.text_of)(s.start, s.end);
                let text = row_text(ui, s.kind(), &summary_of(&quote, &s.label));
                let provenance = format!("{} {:.2}", s.source.as_str(), s.confidence);
                let row = ui.add(
                    egui::Button::selectable(current_index == Some(i), text)
                        .truncate()
                        .right_text(RichText::new(provenance).weak().small())
                        .min_size(egui::vec2(ui.available_width(), ROW_HEIGHT)),
                );
                if row.clicked() {
                    actions.push(Action::FocusSuggestion(i));
                }
            }
        });
    }

    fn editor_ui(
        &mut self,
        ui: &mut Ui,
        input: &PanelInput<'_>,
        selected: Option<&Annotation>,
        is_suggestion: bool,
        actions: &mut Vec<Action>,
    ) {
        // The tag buttons work on a document selection only while annotating.
        let has_text_selection = input.has_text_selection && !is_suggestion;
        let Some(a) = selected else {
            self.draft = None;
            ui.weak(if is_suggestion {
                crate::tr!("panel.no_suggestion_selected")
            } else {
                crate::tr!("panel.no_annotation_selected")
            });
            return;
        };
        if self.draft.as_ref().is_none_or(|d| d.original != *a) {
            self.draft = Some(Draft::new(a));
        }
        let Some(draft) = self.draft.as_mut() else {
            return;
        };
        let dark = ui.visuals().dark_mode;
        ui.horizontal(|ui| {
            let title = if is_suggestion {
                crate::tr!("panel.suggested", kind = theme::name(a.kind())).into_owned()
            } else {
                theme::name(a.kind())
            };
            ui.label(
                RichText::new(title)
                    .strong()
                    .color(theme::strong(a.kind(), dark)),
            );
            ui.label(format!("{}–{}", a.start, a.end));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if is_suggestion {
                    if ui
                        .button(crate::tr!("panel.reject"))
                        .on_hover_text(crate::tr!("panel.reject_hint"))
                        .clicked()
                    {
                        actions.push(Action::RejectSuggestion);
                    }
                    if ui
                        .button(crate::tr!("panel.accept"))
                        .on_hover_text(crate::tr!("panel.accept_hint"))
                        .clicked()
                    {
                        actions.push(Action::AcceptSuggestion);
                    }
                } else if ui
                    .button(crate::tr!("panel.delete"))
                    .on_hover_text(crate::tr!("panel.delete_hint"))
                    .clicked()
                {
                    actions.push(Action::Delete(a.id.clone()));
                }
            });
        });
        ui.label(RichText::new(&a.quote).size(15.0));
        if a.is_placed() {
            let section = (input.section_of)(a.start);
            if !section.is_empty() {
                ui.label(RichText::new(format!("§ {section}")).weak())
                    .on_hover_text(crate::tr!("panel.section_hint"));
            }
        }
        if !is_suggestion {
            anchor_ui(ui, a, has_text_selection, actions);
        }
        let mut commit = false;
        egui::Grid::new("attributes").num_columns(2).show(ui, |ui| {
            match a.kind() {
                Kind::Figure => {
                    commit |= field(ui, &crate::tr!("field.value"), &mut draft.value);
                    commit |= field(ui, &crate::tr!("field.unit"), &mut draft.unit);
                }
                Kind::Entity => {
                    ui.label(crate::tr!("field.type"));
                    ui.horizontal(|ui| {
                        for t in EntityType::ALL {
                            if ui
                                .selectable_value(&mut draft.entity_type, t, t.as_str())
                                .clicked()
                            {
                                commit = true;
                            }
                        }
                    });
                    ui.end_row();
                }
                Kind::Commitment => {
                    commit |= field(ui, &crate::tr!("field.actor"), &mut draft.actor);
                    commit |= field(ui, &crate::tr!("field.deadline"), &mut draft.deadline);
                    commit |= field(ui, &crate::tr!("field.target"), &mut draft.target);
                }
            }
            commit |= field(ui, &crate::tr!("field.note"), &mut draft.note);
        });
        if commit && let Some(edited) = draft.edited() {
            actions.push(if is_suggestion {
                Action::EditSuggestion(edited.label)
            } else {
                Action::Edit(Box::new(edited))
            });
        }
        if !is_suggestion {
            links::list_ui(ui, a, input.annotations, input.relations, actions);
        }
    }

    fn filter_ui(&mut self, ui: &mut Ui, annotations: &AnnotationSet) {
        let dark = ui.visuals().dark_mode;
        ui.horizontal_wrapped(|ui| {
            ui.label(crate::tr!("panel.show"));
            for kind in Kind::ALL {
                let i = kind.index();
                let mut shown = !self.hidden[i];
                let label = format!("{} {}", theme::name(kind), annotations.count(kind));
                if ui
                    .checkbox(
                        &mut shown,
                        RichText::new(label).color(theme::strong(kind, dark)),
                    )
                    .changed()
                {
                    self.hidden[i] = !shown;
                }
            }
        });
    }

    fn list_ui(
        &mut self,
        ui: &mut Ui,
        annotations: &AnnotationSet,
        selected: Option<&AnnotationId>,
        actions: &mut Vec<Action>,
    ) {
        // No list is materialised: the rows shown are found by walking the position order
        // (no lookups, no allocation), so a change to 100 000 annotations costs nothing here.
        let hidden = self.hidden;
        let rows = || {
            annotations
                .ids_in_order()
                .filter(move |(_, kind)| !hidden[kind.index()])
                .map(|(id, _)| id)
        };
        let total: usize = Kind::ALL
            .into_iter()
            .filter(|k| !hidden[k.index()])
            .map(|k| annotations.count(k))
            .sum();
        if total == 0 {
            ui.weak(if annotations.is_empty() {
                crate::tr!("panel.no_annotations")
            } else {
                crate::tr!("panel.none_shown")
            });
            return;
        }
        let mut area = egui::ScrollArea::vertical()
            .id_salt("annotation-list")
            .auto_shrink([false, false]);
        if std::mem::take(&mut self.scroll_to_selected)
            && let Some(row) = selected.and_then(|id| rows().position(|r| r == id))
        {
            let spacing = ui.spacing().item_spacing.y;
            let offset = row as f32 * (ROW_HEIGHT + spacing) - ui.available_height() / 3.0;
            area = area.vertical_scroll_offset(offset.max(0.0));
        }
        area.show_rows(ui, ROW_HEIGHT, total, |ui, range| {
            for id in rows().skip(range.start).take(range.len()) {
                let Some(a) = annotations.get(id) else {
                    continue;
                };
                let is_selected = selected == Some(id);
                let text = row_text(ui, a.kind(), &summary(a));
                let row = ui.add(
                    egui::Button::selectable(is_selected, text)
                        .truncate()
                        .right_text("")
                        .min_size(egui::vec2(ui.available_width(), ROW_HEIGHT)),
                );
                if row.clicked() {
                    actions.push(Action::Select(Some(id.clone()), true));
                }
            }
        });
    }
}

/// The anchoring state of an annotation the report's edits displaced, with the ways to fix it.
fn anchor_ui(ui: &mut Ui, a: &Annotation, has_text_selection: bool, actions: &mut Vec<Action>) {
    let warn = ui.visuals().warn_fg_color;
    match a.anchor {
        AnchorState::Exact => {}
        AnchorState::Moved => {
            ui.weak(crate::tr!("anchor.moved"));
        }
        AnchorState::Check | AnchorState::Orphaned => {
            ui.colored_label(
                warn,
                if a.anchor == AnchorState::Check {
                    crate::tr!("anchor.check")
                } else {
                    crate::tr!("anchor.orphaned")
                },
            );
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        has_text_selection,
                        egui::Button::new(crate::tr!("anchor.reattach")),
                    )
                    .on_disabled_hover_text(crate::tr!("anchor.reattach_hint"))
                    .clicked()
                {
                    actions.push(Action::Reattach(a.id.clone()));
                }
                if a.anchor == AnchorState::Check
                    && ui
                        .button(crate::tr!("anchor.confirm"))
                        .on_hover_text(crate::tr!("anchor.confirm_hint"))
                        .clicked()
                {
                    actions.push(Action::ConfirmAnchor(a.id.clone()));
                }
            });
        }
    }
}

/// One labelled single-line text field in a two-column grid; true when an edit was committed
/// (focus left the field, or Enter).
fn field(ui: &mut Ui, label: &str, value: &mut String) -> bool {
    let label = ui.label(label);
    let response = ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY));
    let response = response.labelled_by(label.id);
    ui.end_row();
    response.lost_focus()
}

/// The list row: the kind's letter in its colour, then the summary.
fn row_text(ui: &Ui, kind: Kind, summary: &str) -> egui::text::LayoutJob {
    let mut text = egui::text::LayoutJob::default();
    text.append(
        theme::key(kind),
        0.0,
        egui::TextFormat {
            color: theme::strong(kind, ui.visuals().dark_mode),
            font_id: egui::FontId::monospace(13.0),
            ..Default::default()
        },
    );
    text.append(
        &format!("  {summary}"),
        0.0,
        egui::TextFormat {
            color: ui.visuals().text_color(),
            font_id: egui::FontId::proportional(14.0),
            ..Default::default()
        },
    );
    text
}

/// A one-line description of an annotation for the list.
pub fn summary(a: &Annotation) -> String {
    let mut s = summary_of(&a.quote, &a.label);
    match a.anchor {
        AnchorState::Orphaned => s.push_str("  (orphaned)"),
        AnchorState::Check => s.push_str("  (check)"),
        AnchorState::Exact | AnchorState::Moved => {}
    }
    s
}

/// A one-line description of a quote with its label.
fn summary_of(quote: &str, label: &Label) -> String {
    let short: String = quote.chars().take(40).collect();
    let short = short.replace('\n', " ");
    let mut s = if quote.chars().count() > 40 {
        format!("{short}…")
    } else {
        short
    };
    match label {
        Label::Figure { value, unit } => {
            if let Some(v) = value {
                s.push_str(&format!("  = {} {}", format_value(*v), unit));
            }
        }
        Label::Entity { entity_type } => s.push_str(&format!("  [{entity_type}]")),
        Label::Commitment {
            actor,
            deadline,
            target,
        } => {
            let parts: Vec<&str> = [actor, deadline, target]
                .into_iter()
                .map(String::as_str)
                .filter(|p| !p.is_empty())
                .collect();
            if !parts.is_empty() {
                s.push_str(&format!("  [{}]", parts.join(" · ")));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_formatted_plainly() {
        assert_eq!(format_value(29_690_000_000.0), "29690000000");
        assert_eq!(format_value(19.7), "19.7");
        assert_eq!(parse_value("29,690,000,000"), Some(29_690_000_000.0));
        assert_eq!(parse_value("abc"), None);
    }
}
