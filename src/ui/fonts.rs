//! The bundled CJK font, so Chinese (simplified and traditional) renders on a machine with no
//! fonts installed.
//!
//! Noto Sans SC Regular (SIL Open Font License 1.1, `assets/fonts/OFL.txt`) is added as a
//! fallback after egui's own fonts for both families: Latin text keeps egui's font, every Han
//! character, kana and CJK punctuation comes from Noto.

use eframe::egui;
use std::sync::Arc;

const NOTO_SANS_SC: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular.ttf");

/// Installs egui's default fonts plus the bundled CJK font. Call once per context.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans-sc".to_owned(),
        Arc::new(egui::FontData::from_static(NOTO_SANS_SC)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto-sans-sc".to_owned());
    }
    ctx.set_fonts(fonts);
}
