//! Colours for each kind of annotation, in light and dark themes.
//!
//! Figure is blue, entity green, commitment amber: distinguishable by people with the common
//! colour-vision deficiencies when combined with the kind letter shown in the panel. Fills are
//! pale in the light theme and deep in the dark one so text stays readable on top; suggestions use
//! a fainter fill with an underline in the kind's strong colour.

use crate::annotation::Kind;
use crate::ui::highlight::Layer;
use eframe::egui::Color32;

/// The strong colour of a kind (chips, underlines, outlines).
pub fn strong(kind: Kind, dark: bool) -> Color32 {
    match (kind, dark) {
        (Kind::Figure, false) => Color32::from_rgb(25, 100, 200),
        (Kind::Figure, true) => Color32::from_rgb(110, 170, 255),
        (Kind::Entity, false) => Color32::from_rgb(20, 135, 70),
        (Kind::Entity, true) => Color32::from_rgb(90, 210, 130),
        (Kind::Commitment, false) => Color32::from_rgb(200, 110, 0),
        (Kind::Commitment, true) => Color32::from_rgb(255, 175, 60),
    }
}

/// The background behind highlighted text.
pub fn fill(kind: Kind, layer: Layer, dark: bool) -> Color32 {
    let (light_fill, dark_fill) = match kind {
        Kind::Figure => (
            Color32::from_rgb(190, 220, 255),
            Color32::from_rgb(25, 65, 120),
        ),
        Kind::Entity => (
            Color32::from_rgb(190, 238, 205),
            Color32::from_rgb(20, 85, 45),
        ),
        Kind::Commitment => (
            Color32::from_rgb(255, 226, 170),
            Color32::from_rgb(105, 70, 10),
        ),
    };
    match (layer, dark) {
        (Layer::Annotation, false) => light_fill,
        (Layer::Annotation, true) => dark_fill,
        (Layer::Suggestion, false) => light_fill.lerp_to_gamma(Color32::WHITE, 0.6),
        (Layer::Suggestion, true) => dark_fill.lerp_to_gamma(Color32::from_gray(27), 0.55),
    }
}

/// The one-letter key and label used for a kind in buttons and lists.
pub fn key(kind: Kind) -> &'static str {
    match kind {
        Kind::Figure => "F",
        Kind::Entity => "E",
        Kind::Commitment => "C",
    }
}

/// The capitalised name of a kind, in the window's language.
pub fn name(kind: Kind) -> String {
    let key = match kind {
        Kind::Figure => "kind.figure",
        Kind::Entity => "kind.entity",
        Kind::Commitment => "kind.commitment",
    };
    crate::tr!(key).into_owned()
}
