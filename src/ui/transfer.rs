//! The File → Export… and File → Import… dialogs.
//!
//! Each dialog collects a format and a file (typed, or picked in the native dialog) and hands
//! the request to the app as an [`Action`]; the work itself is the library's
//! ([`crate::interchange::export_session`], [`crate::interchange::import::import_into`]), the same functions the
//! `gloss export` and `gloss import` commands call.

use super::Action;
use super::theme;
use crate::annotation::{EntityType, Kind, Label};
use crate::interchange::import::ImportFormat;
use crate::interchange::{ExportOptions, Format};
use eframe::egui::{self, Ui};
use std::path::{Path, PathBuf};

/// The export dialog's choices.
pub struct ExportDialog {
    format: Format,
    kinds: [bool; 3],
    include_suggestions: bool,
    excel_bom: bool,
    destination: String,
    /// The report the export is named after.
    report: Option<PathBuf>,
}

impl ExportDialog {
    /// A dialog for exporting the report at `report` (CSV by default, written beside it).
    pub fn new(report: Option<&Path>) -> ExportDialog {
        let mut dialog = ExportDialog {
            format: Format::Csv,
            kinds: [true; 3],
            include_suggestions: false,
            excel_bom: true,
            destination: String::new(),
            report: report.map(Path::to_owned),
        };
        dialog.destination = dialog.default_destination();
        dialog
    }

    /// Where the export goes unless the user says otherwise: beside the report, named after
    /// it; brat's `.txt` + `.ann` pair goes into a folder of its own so that its `.txt` never
    /// collides with the report.
    fn default_destination(&self) -> String {
        let Some(report) = &self.report else {
            return String::new();
        };
        let stem = report
            .file_stem()
            .map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned());
        let name = match self.format {
            Format::Brat => format!("{stem}-brat"),
            Format::Markdown | Format::Html => format!("{stem}-report.{}", self.format.extension()),
            f => format!("{stem}.{}", f.extension()),
        };
        report.with_file_name(name).display().to_string()
    }

    /// Shows the dialog; returns `false` when it was closed.
    pub fn ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) -> bool {
        let mut open = true;
        let mut done = false;
        egui::Window::new(crate::tr!("export.title"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                let before = self.default_destination();
                egui::ComboBox::from_label(crate::tr!("transfer.format"))
                    .selected_text(self.format.label())
                    .show_ui(ui, |ui| {
                        for f in Format::ALL {
                            ui.selectable_value(&mut self.format, f, f.label());
                        }
                    });
                if self.destination == before {
                    self.destination = self.default_destination();
                }
                ui.horizontal(|ui| {
                    ui.label(crate::tr!("export.kinds"));
                    let dark = ui.visuals().dark_mode;
                    for (i, kind) in Kind::ALL.into_iter().enumerate() {
                        let text =
                            egui::RichText::new(theme::name(kind)).color(theme::strong(kind, dark));
                        ui.checkbox(&mut self.kinds[i], text);
                    }
                });
                ui.checkbox(
                    &mut self.include_suggestions,
                    crate::tr!("export.include_suggestions"),
                );
                if self.format == Format::Csv {
                    ui.checkbox(&mut self.excel_bom, crate::tr!("export.excel"));
                }
                destination_ui(
                    ui,
                    &crate::tr!("export.save_to"),
                    &mut self.destination,
                    |current| {
                        rfd::FileDialog::new()
                            .set_title(crate::tr!("export.title"))
                            .set_file_name(file_name_of(current))
                            .save_file()
                    },
                );
                if Path::new(self.destination.trim()).is_file() {
                    ui.colored_label(ui.visuals().warn_fg_color, crate::tr!("export.replaced"));
                }
                let ready = !self.destination.trim().is_empty() && self.kinds.contains(&true);
                if ui
                    .add_enabled(ready, egui::Button::new(crate::tr!("export.button")))
                    .clicked()
                {
                    actions.push(Action::Export {
                        format: self.format,
                        options: self.options(),
                        path: PathBuf::from(self.destination.trim()),
                    });
                    done = true;
                }
            });
        open && !done
    }

    fn options(&self) -> ExportOptions {
        ExportOptions {
            kinds: Kind::ALL
                .into_iter()
                .zip(self.kinds)
                .filter_map(|(k, on)| on.then_some(k))
                .collect(),
            include_suggestions: self.include_suggestions,
            // Filled in from the workspace when exporting (see `GlossApp::export`).
            canonical: Default::default(),
            appendix: Vec::new(),
            excel_bom: self.format == Format::Csv && self.excel_bom,
        }
    }
}

/// The import dialog's choices.
pub struct ImportDialog {
    format: ImportFormat,
    source: String,
    /// The source path the format was last set from.
    format_from: String,
    /// The label for records of types Gloss does not map (`None`: skip and count them).
    unmapped: Option<Label>,
}

impl Default for ImportDialog {
    fn default() -> ImportDialog {
        ImportDialog {
            format: ImportFormat::Jsonl,
            source: String::new(),
            format_from: String::new(),
            unmapped: None,
        }
    }
}

/// The labels offered for records of other types.
fn unmapped_choices() -> Vec<Label> {
    let mut out = vec![Label::empty(Kind::Figure)];
    out.extend(
        EntityType::ALL
            .into_iter()
            .map(|entity_type| Label::Entity { entity_type }),
    );
    out.push(Label::empty(Kind::Commitment));
    out
}

fn unmapped_label(label: &Option<Label>) -> String {
    match label {
        None => crate::tr!("import.skip").into_owned(),
        Some(Label::Entity { entity_type }) => {
            crate::tr!("import.as_entity", kind = entity_type).into_owned()
        }
        Some(other) => crate::tr!("import.as_kind", kind = theme::name(other.kind())).into_owned(),
    }
}

impl ImportDialog {
    /// Shows the dialog; returns `false` when it was closed.
    pub fn ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) -> bool {
        let mut open = true;
        let mut done = false;
        egui::Window::new(crate::tr!("import.title"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(crate::tr!("import.explanation"));
                egui::ComboBox::from_label(crate::tr!("transfer.format"))
                    .selected_text(import_label(self.format))
                    .show_ui(ui, |ui| {
                        for f in ImportFormat::ALL {
                            ui.selectable_value(&mut self.format, f, import_label(f));
                        }
                    });
                destination_ui(
                    ui,
                    &crate::tr!("import.from_file"),
                    &mut self.source,
                    |_| {
                        rfd::FileDialog::new()
                            .set_title(crate::tr!("import.title"))
                            .add_filter(
                                crate::tr!("import.annotations"),
                                &["jsonl", "ndjson", "ann", "jsonld", "json"],
                            )
                            .add_filter(crate::tr!("dialog.all_files"), &["*"])
                            .pick_file()
                    },
                );
                // The format follows the file's extension, picked or typed (and can be changed).
                if self.source != self.format_from {
                    if let Some(f) = ImportFormat::from_path(Path::new(self.source.trim())) {
                        self.format = f;
                    }
                    self.format_from = self.source.clone();
                }
                ui.label(crate::tr!("import.mapping"));
                egui::ComboBox::from_label(crate::tr!("import.other_types"))
                    .selected_text(unmapped_label(&self.unmapped))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.unmapped, None, unmapped_label(&None));
                        for label in unmapped_choices() {
                            let text = unmapped_label(&Some(label.clone()));
                            ui.selectable_value(&mut self.unmapped, Some(label), text);
                        }
                    });
                let ready = !self.source.trim().is_empty();
                if ui
                    .add_enabled(ready, egui::Button::new(crate::tr!("import.button")))
                    .clicked()
                {
                    actions.push(Action::Import {
                        format: self.format,
                        path: PathBuf::from(self.source.trim()),
                        unmapped: self.unmapped.clone(),
                    });
                    done = true;
                }
            });
        open && !done
    }
}

fn import_label(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::Jsonl => "JSON Lines (gold format)",
        ImportFormat::Brat => "brat standoff (.ann)",
        ImportFormat::W3c => "W3C Web Annotation (JSON-LD)",
    }
}

/// A path field with a Browse… button running `pick`; returns whether a file was picked.
fn destination_ui(
    ui: &mut Ui,
    label: &str,
    path: &mut String,
    pick: impl FnOnce(&str) -> Option<PathBuf>,
) -> bool {
    let mut picked = false;
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.add(egui::TextEdit::singleline(path).desired_width(320.0))
            .labelled_by(label.id);
        // None: cancelled, or no dialog service on this desktop (typing the path still works).
        if ui.button(crate::tr!("transfer.browse")).clicked()
            && let Some(p) = pick(path)
        {
            *path = p.display().to_string();
            picked = true;
        }
    });
    picked
}

fn file_name_of(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_destination_is_beside_the_report_and_follows_the_format() {
        let mut d = ExportDialog::new(Some(Path::new("/r/plan.txt")));
        assert_eq!(d.destination, "/r/plan.csv");
        d.format = Format::Brat;
        assert_eq!(d.default_destination(), "/r/plan-brat");
        d.format = Format::Markdown;
        assert_eq!(d.default_destination(), "/r/plan-report.md");
        d.format = Format::W3c;
        assert_eq!(d.default_destination(), "/r/plan.jsonld");
    }

    #[test]
    fn options_carry_the_chosen_kinds_and_excel_only_for_csv() {
        let mut d = ExportDialog::new(None);
        d.kinds = [true, false, true];
        assert_eq!(d.options().kinds, vec![Kind::Figure, Kind::Commitment]);
        assert!(d.options().excel_bom);
        d.format = Format::Jsonl;
        assert!(!d.options().excel_bom);
    }
}
