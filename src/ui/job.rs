//! Work done off the UI thread (opening large files, running the suggestion engine) with progress
//! reported back to the frame loop.

use eframe::egui;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

enum Event<T> {
    Progress(f32),
    Done(Result<T, String>),
}

/// A background task producing a `T`, with its progress (0..=1).
pub struct Job<T> {
    receiver: Receiver<Event<T>>,
    /// The share of the work done.
    pub progress: f32,
    /// What is being done, for the status line.
    pub label: String,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread; `work` reports progress through the callback it is given.
    /// A panic in `work` is caught and reported as an error instead of losing the job.
    pub fn spawn(
        ctx: &egui::Context,
        label: impl Into<String>,
        work: impl FnOnce(&mut dyn FnMut(f32)) -> T + Send + 'static,
    ) -> Job<T> {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let progress_sender = sender.clone();
            let progress_ctx = ctx.clone();
            let mut last = -1.0f32;
            let mut report = move |p: f32| {
                if p - last >= 0.01 || p >= 1.0 {
                    last = p;
                    progress_sender.send(Event::Progress(p)).ok();
                    progress_ctx.request_repaint();
                }
            };
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&mut report)))
                    .map_err(|panic| {
                        panic
                            .downcast_ref::<&str>()
                            .map(|s| (*s).to_owned())
                            .or_else(|| panic.downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "internal error".to_owned())
                    });
            sender.send(Event::Done(result)).ok();
            ctx.request_repaint();
        });
        Job {
            receiver,
            progress: 0.0,
            label: label.into(),
        }
    }

    /// Takes the result if the work is done.
    pub fn poll(&mut self) -> Option<Result<T, String>> {
        loop {
            match self.receiver.try_recv() {
                Ok(Event::Progress(p)) => self.progress = p,
                Ok(Event::Done(result)) => return Some(result),
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    return Some(Err("the background task stopped unexpectedly".to_owned()));
                }
            }
        }
    }
}
