//! The workspace's Commitments tab: pledges tracked from plan to result, each with its status
//! (proposed from the figures, or the user's), and for the chosen one its pledged and reported
//! figures side by side and as a chart over the reports' dates. A click on a figure opens its
//! report there; the status chosen is kept in the workspace file.

use super::action::Action;
use super::gathered::Gathered;
use super::workspace::column;
use crate::corpus::commitments::{self, Role, Status, Track};
use eframe::egui::{self, Color32, Ui};
use egui_plot::{HLine, Line, Plot, PlotPoints, Points};
use std::path::Path;

/// The Commitments tab's state.
#[derive(Default)]
pub(super) struct CommitmentsPane {
    pub tracks: Gathered<Vec<Track>>,
    /// The track shown in full, by id.
    pub chosen: Option<String>,
    /// Show dismissed tracks too.
    pub show_dismissed: bool,
}

/// A status's name in the window's language.
fn status_name(status: Status) -> String {
    let key = match status {
        Status::Met => "track.met",
        Status::Partly => "track.partly",
        Status::Missed => "track.missed",
        Status::NoLaterReport => "track.no_later_report",
        Status::Dismissed => "track.dismissed",
    };
    crate::tr!(key).into_owned()
}

/// The colour a status is shown in.
fn status_colour(status: Status, ui: &Ui) -> Color32 {
    let v = ui.visuals();
    match status {
        Status::Met => {
            if v.dark_mode {
                Color32::from_rgb(120, 200, 120)
            } else {
                Color32::from_rgb(20, 120, 40)
            }
        }
        Status::Partly => v.warn_fg_color,
        Status::Missed => v.error_fg_color,
        Status::NoLaterReport | Status::Dismissed => v.weak_text_color(),
    }
}

/// Days since 1970-01-01 of `YYYY-MM-DD` (or `YYYY-MM`, the 1st), for the chart's axis.
fn day_number(date: &str) -> Option<f64> {
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m) = (parts.next()??, parts.next()??);
    let d = parts.next().flatten().unwrap_or(1);
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) as f64)
}

impl CommitmentsPane {
    pub fn poll(&mut self, ctx: &egui::Context, folder: &Path) {
        let folder = folder.to_owned();
        self.tracks.poll(ctx, &crate::tr!("job.tracks"), move || {
            commitments::of_folder(&folder)
                .map(|(tracks, _)| tracks)
                .map_err(|e| e.to_string())
        });
    }

    pub fn ui(&mut self, ui: &mut Ui, folder: &Path, actions: &mut Vec<Action>) {
        let Some(tracks) = self.tracks.shown(ui, &crate::tr!("tracks.waiting")) else {
            return;
        };
        ui.horizontal(|ui| {
            let mut counts = [0usize; 5];
            for t in tracks {
                counts[Status::ALL
                    .iter()
                    .position(|s| *s == t.status())
                    .unwrap_or(0)] += 1;
            }
            for (status, n) in Status::ALL.iter().zip(counts) {
                ui.colored_label(
                    status_colour(*status, ui),
                    format!("{n} {}", status_name(*status)),
                );
            }
            ui.checkbox(
                &mut self.show_dismissed,
                crate::tr!("tracks.show_dismissed"),
            );
        });
        if let Some(track) = self
            .chosen
            .as_ref()
            .and_then(|id| tracks.iter().find(|t| &t.id == id))
        {
            ui.group(|ui| track_ui(ui, track, folder, actions));
        }
        ui.separator();
        let shown: Vec<&Track> = tracks
            .iter()
            .filter(|t| self.show_dismissed || t.status() != Status::Dismissed)
            .collect();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, shown.len(), |ui, range| {
                for t in &shown[range] {
                    let chosen = self.chosen.as_deref() == Some(t.id.as_str());
                    ui.horizontal(|ui| {
                        let status = t.status();
                        let mark = if t.confirmed.is_some() { "" } else { "?" };
                        let label = egui::RichText::new(format!("{}{mark}", status_name(status)))
                            .color(status_colour(status, ui));
                        column(ui, 110.0, label);
                        let pledged = t.members.first().map_or("", |m| m.text.as_str());
                        let last = t
                            .members
                            .iter()
                            .rev()
                            .find(|m| m.role == Role::Result)
                            .map_or("—", |m| m.text.as_str());
                        let actor = if t.actor.is_empty() { "?" } else { &t.actor };
                        let text = format!("{actor}: {} {pledged} → {last}", t.indicator);
                        if ui.selectable_label(chosen, text).clicked() {
                            self.chosen = (!chosen).then(|| t.id.clone());
                        }
                    });
                }
            });
    }
}

/// One track: pledged and reported figures side by side, the chart, and the status choice.
fn track_ui(ui: &mut Ui, t: &Track, folder: &Path, actions: &mut Vec<Action>) {
    let actor = if t.actor.is_empty() { "?" } else { &t.actor };
    ui.strong(crate::tr!(
        "tracks.heading",
        actor = actor,
        indicator = t.indicator,
        unit = t.unit,
        deadline = t.deadline
    ));
    ui.horizontal(|ui| {
        let current = t.status();
        egui::ComboBox::from_label(crate::tr!("tracks.status"))
            .selected_text(format!(
                "{}{}",
                status_name(current),
                if t.confirmed.is_some() {
                    String::new()
                } else {
                    crate::tr!("tracks.proposed").into_owned()
                }
            ))
            .show_ui(ui, |ui| {
                for status in Status::ALL {
                    if ui
                        .selectable_label(t.confirmed == Some(status), status_name(status))
                        .clicked()
                    {
                        actions.push(Action::ConfirmTrack(t.id.clone(), Some(status)));
                    }
                }
                if t.confirmed.is_some()
                    && ui
                        .selectable_label(false, crate::tr!("tracks.back_to_proposal"))
                        .clicked()
                {
                    actions.push(Action::ConfirmTrack(t.id.clone(), None));
                }
            });
    });
    egui::Grid::new("track-members")
        .striped(true)
        .show(ui, |ui| {
            ui.strong(crate::tr!("tracks.date"));
            ui.strong(crate::tr!("tracks.report"));
            ui.strong(crate::tr!("tracks.pledged"));
            ui.strong(crate::tr!("tracks.reported"));
            ui.end_row();
            for m in &t.members {
                match m.date.as_deref() {
                    Some(date) => ui.label(date),
                    None => ui.label(crate::tr!("tracks.undated")),
                };
                if ui.link(&m.doc).clicked() {
                    actions.push(Action::OpenAt(folder.join(&m.doc), m.start, m.end));
                }
                let (pledged, reported) = match m.role {
                    Role::Pledge => (m.text.as_str(), ""),
                    Role::Result => ("", m.text.as_str()),
                };
                ui.label(pledged);
                ui.label(reported);
                ui.end_row();
            }
        });
    // The chart: reported values over the reports' dates, and the pledge as a line.
    let Some(pledge) = t.members.first() else {
        return;
    };
    let results: Vec<[f64; 2]> = t
        .members
        .iter()
        .filter(|m| m.role == Role::Result)
        .filter_map(|m| Some([day_number(m.date.as_deref()?)?, m.value]))
        .collect();
    if results.is_empty() {
        return;
    }
    let series = results.clone();
    let colour = status_colour(t.status(), ui);
    let weak = ui.visuals().weak_text_color();
    Plot::new(("track-chart", &t.id))
        .height(120.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .show_axes([false, true])
        .include_y(pledge.value * 1.1)
        .include_y(0.0)
        .show(ui, |plot| {
            plot.hline(HLine::new(crate::tr!("tracks.pledged"), pledge.value).color(weak));
            plot.line(
                Line::new(crate::tr!("tracks.reported"), PlotPoints::from(series)).color(colour),
            );
            plot.points(
                Points::new(crate::tr!("tracks.report"), PlotPoints::from(results))
                    .radius(4.0)
                    .color(colour),
            );
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_from_the_unix_epoch() {
        assert_eq!(day_number("1970-01-01"), Some(0.0));
        assert_eq!(day_number("2000-03-01"), Some(11_017.0));
        assert_eq!(day_number("2025-07"), day_number("2025-07-01"));
        assert_eq!(day_number("undated"), None);
    }
}
