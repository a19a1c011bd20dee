//! [`Gathered`]: something computed from the workspace's files in the background (its entities,
//! its commitment tracks), shown once ready and gathered again when marked stale.

use super::job::Job;
use eframe::egui::{self, Ui};

/// A value gathered in the background, with the last error and whether to gather again.
pub(super) struct Gathered<T> {
    pub value: Option<T>,
    pub job: Option<Job<Result<T, String>>>,
    pub error: Option<String>,
    /// Gather again on the next frame (the files changed, or the view opened).
    pub stale: bool,
}

impl<T> Default for Gathered<T> {
    fn default() -> Self {
        Gathered {
            value: None,
            job: None,
            error: None,
            stale: false,
        }
    }
}

impl<T: Send + 'static> Gathered<T> {
    /// Starts `work` when stale, and takes its result when done (the previous value stays shown
    /// meanwhile).
    pub fn poll(
        &mut self,
        ctx: &egui::Context,
        label: &str,
        work: impl FnOnce() -> Result<T, String> + Send + 'static,
    ) {
        if self.stale && self.job.is_none() {
            self.stale = false;
            self.job = Some(Job::spawn(ctx, label, move |_| work()));
        }
        if let Some(result) = self.job.as_mut().and_then(Job::poll) {
            self.job = None;
            match result.and_then(|r| r) {
                Ok(value) => {
                    self.value = Some(value);
                    self.error = None;
                }
                Err(e) => self.error = Some(e),
            }
        }
    }

    /// The value to show: asks for it the first time, shows the last error, and a spinner with
    /// `waiting` until there is one.
    pub fn shown(&mut self, ui: &mut Ui, waiting: &str) -> Option<&T> {
        if self.value.is_none() && self.job.is_none() && self.error.is_none() {
            self.stale = true;
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if self.value.is_none() {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label(waiting);
            });
        }
        self.value.as_ref()
    }
}
