//! Links between annotations in the window: making one from the keyboard (select the source,
//! press R, then click the target in the text or press its number in the panel), the links of the
//! selected annotation in the panel (click to go to the other end, × to remove), and the spans the
//! document view joins to the selected annotation with connectors.

use super::action::Action;
use super::theme;
use crate::annotation::{Annotation, AnnotationId, AnnotationSet, Kind, Relation, RelationKind};
use crate::suggest::review;
use eframe::egui::{self, RichText, Ui};
use std::collections::BTreeSet;
use std::ops::Range;

/// How many targets the picker offers (numbered 1–9).
pub const CANDIDATES: usize = 9;

/// A link being made: from which annotation, and of which kind (`None`: the kind proposed for
/// the target's kind, see [`RelationKind::proposed`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Linking {
    /// The annotation the link starts from.
    pub from: AnnotationId,
    /// The kind chosen, if the user chose one.
    pub kind: Option<RelationKind>,
}

impl Linking {
    /// The link to `to` (an annotation of kind `to_kind`) from an annotation of `from_kind`.
    pub fn to(&self, from_kind: Kind, to: &Annotation) -> Relation {
        let kind = self
            .kind
            .clone()
            .unwrap_or_else(|| RelationKind::proposed(from_kind, to.kind()));
        Relation::new(kind, self.from.clone(), to.id.clone())
    }
}

/// The annotations the picker offers as targets for a link from `from`: the nearest placed ones
/// (those inside it first, then by distance), not `from` itself. A commitment's
/// actor and target are in or next to its sentence, so the nearest are the likely ones.
pub fn candidates<'a>(annotations: &'a AnnotationSet, from: &Annotation) -> Vec<&'a Annotation> {
    const REACH: usize = 400;
    let window = from.start.saturating_sub(REACH)..from.end + REACH;
    let mut near: Vec<&Annotation> = annotations
        .overlapping(window)
        .filter(|a| a.id != from.id)
        .collect();
    let distance = |a: &Annotation| {
        if a.end <= from.start {
            from.start - a.end
        } else {
            a.start.saturating_sub(from.end)
        }
    };
    let inside = |a: &Annotation| a.start >= from.start && a.end <= from.end;
    near.sort_by_key(|a| (!inside(a), distance(a), a.start));
    near.truncate(CANDIDATES);
    near
}

/// The picker shown at the top of the panel while a link is being made.
pub fn picker_ui(
    ui: &mut Ui,
    linking: &Linking,
    annotations: &AnnotationSet,
    custom_name: &mut String,
    actions: &mut Vec<Action>,
) {
    let Some(from) = annotations.get(&linking.from) else {
        actions.push(Action::CancelLink);
        return;
    };
    let dark = ui.visuals().dark_mode;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(crate::tr!("links.linking_from")).strong());
            ui.label(RichText::new(short(&from.quote)).color(theme::strong(from.kind(), dark)));
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(crate::tr!("links.kind"));
            let mut chosen = linking.kind.clone();
            ui.selectable_value(&mut chosen, None, crate::tr!("links.kind_proposed"));
            for kind in RelationKind::BUILT_IN {
                let label = kind_label(&kind);
                ui.selectable_value(&mut chosen, Some(kind), label);
            }
            if let Some(RelationKind::Named(name)) = &linking.kind {
                ui.selectable_value(&mut chosen, linking.kind.clone(), name.as_str());
            }
            if chosen != linking.kind {
                actions.push(Action::SetLinkKind(chosen));
            }
        });
        ui.horizontal(|ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(custom_name)
                    .hint_text(crate::tr!("links.custom_hint"))
                    .desired_width(140.0),
            );
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let parsed = RelationKind::parse(custom_name);
            let use_it = ui
                .add_enabled(
                    parsed.is_ok(),
                    egui::Button::new(crate::tr!("links.use_name")),
                )
                .clicked();
            if let (true, Ok(kind)) = (use_it || entered, &parsed) {
                actions.push(Action::SetLinkKind(Some(kind.clone())));
            }
            if let (Err(e), false) = (&parsed, custom_name.trim().is_empty()) {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        });
        ui.weak(crate::tr!("links.pick_hint"));
        for (i, a) in candidates(annotations, from).into_iter().enumerate() {
            let kind = linking
                .kind
                .clone()
                .unwrap_or_else(|| RelationKind::proposed(from.kind(), a.kind()));
            let text = RichText::new(format!(
                "{}  {} → {}",
                i + 1,
                kind_label(&kind),
                short(&a.quote)
            ))
            .color(theme::strong(a.kind(), dark));
            if ui
                .button(text)
                .on_hover_text(crate::tr!("links.pick_one"))
                .clicked()
            {
                actions.push(Action::LinkTo(a.id.clone()));
            }
        }
        if ui.button(crate::tr!("links.cancel")).clicked() {
            actions.push(Action::CancelLink);
        }
    });
}

/// The links of the selected annotation `a`, under its attributes: each says its kind and the
/// other end (→ to it, ← from it); a click selects the other end, × removes the link.
pub fn list_ui(
    ui: &mut Ui,
    a: &Annotation,
    annotations: &AnnotationSet,
    relations: &BTreeSet<Relation>,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        ui.label(RichText::new(crate::tr!("links.title")).strong());
        if ui
            .small_button(crate::tr!("links.add"))
            .on_hover_text(crate::tr!("links.add_hint"))
            .clicked()
        {
            actions.push(Action::StartLink);
        }
    });
    let mut any = false;
    for r in relations.iter().filter(|r| r.involves(&a.id)) {
        let Some(other) = r.other_end(&a.id).and_then(|id| annotations.get(id)) else {
            continue;
        };
        any = true;
        let arrow = if r.kind.is_symmetric() {
            "↔"
        } else if r.from == a.id {
            "→"
        } else {
            "←"
        };
        ui.horizontal(|ui| {
            if ui
                .small_button("×")
                .on_hover_text(crate::tr!("links.remove"))
                .clicked()
            {
                actions.push(Action::Unlink(r.clone()));
            }
            let text = RichText::new(format!(
                "{} {arrow} {}",
                kind_label(&r.kind),
                short(&other.quote)
            ))
            .color(theme::strong(other.kind(), dark));
            if ui
                .link(text)
                .on_hover_text(crate::tr!("links.go"))
                .clicked()
            {
                actions.push(Action::Select(Some(other.id.clone()), true));
            }
        });
    }
    // What the commitment's actor and target attributes name nearby, not linked yet.
    for r in review::proposed_links(a, annotations, relations) {
        let Some(other) = annotations.get(&r.to) else {
            continue;
        };
        any = true;
        ui.horizontal(|ui| {
            if ui
                .small_button(crate::tr!("links.accept"))
                .on_hover_text(crate::tr!("links.accept_hint"))
                .clicked()
            {
                actions.push(Action::Link(r.clone()));
            }
            ui.label(
                RichText::new(format!("{} → {}", kind_label(&r.kind), short(&other.quote)))
                    .italics()
                    .color(theme::strong(other.kind(), dark).gamma_multiply(0.7)),
            )
            .on_hover_text(crate::tr!("links.proposed_hint"));
        });
    }
    if !any {
        ui.weak(crate::tr!("links.none"));
    }
}

/// The spans linked to the annotation `id` (placed ones), with their kinds and the link's name:
/// what the document view joins to the selected annotation.
pub fn linked_spans(
    id: &AnnotationId,
    annotations: &AnnotationSet,
    relations: &BTreeSet<Relation>,
) -> Vec<(Range<usize>, Kind, String)> {
    relations
        .iter()
        .filter_map(|r| {
            let other = annotations.get(r.other_end(id)?)?;
            other
                .is_placed()
                .then(|| (other.start..other.end, other.kind(), kind_label(&r.kind)))
        })
        .collect()
}

/// A relation kind in the window's language (a user's name as it is).
pub fn kind_label(kind: &RelationKind) -> String {
    match kind {
        RelationKind::Actor => crate::tr!("links.actor").into_owned(),
        RelationKind::Target => crate::tr!("links.target").into_owned(),
        RelationKind::SameAs => crate::tr!("links.same_as").into_owned(),
        RelationKind::Named(name) => name.clone(),
    }
}

/// A quote cut to 24 characters.
fn short(quote: &str) -> String {
    let mut chars = quote.chars();
    let head: String = chars.by_ref().take(24).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}
