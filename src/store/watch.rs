//! Watching a document's source and sidecar for changes made by other programs (a `git pull`, a
//! colleague's Gloss on a shared drive, an editor), with no UI in it.
//!
//! [`FileWatcher`] wraps [`notify`]: it watches the **parent folder** (editors and Gloss itself
//! save by writing a temporary file and renaming it over the old one, which a watch on the file
//! itself would lose), keeps only events about the two paths, and **debounces** them: a burst of
//! events (create, write, rename) becomes one [`WatchEvent`] once the folder has been quiet for
//! the debounce interval. Events arrive on a std channel; an optional waker (e.g. a closure that
//! asks the UI to repaint) is called after each one is sent.
//!
//! Gloss's own saves are reported too: compare the file with what the session last wrote (see
//! [`crate::session::Session::sync_with_disk`]) to tell them apart.

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// The debounce interval Gloss watches with: a burst of writes settles within it.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(300);

/// Which of the watched files changed during one quiet-terminated burst of events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WatchEvent {
    /// The source report changed (written, replaced or removed).
    pub source: bool,
    /// The sidecar changed (written, replaced or removed).
    pub sidecar: bool,
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {} for changes: {source}", path.display())]
pub struct WatchError {
    /// The folder that could not be watched.
    pub path: PathBuf,
    /// The watcher's error.
    pub source: notify::Error,
}

/// Watches a source file and its sidecar; dropping it stops watching.
pub struct FileWatcher {
    _watcher: RecommendedWatcher,
    events: Receiver<WatchEvent>,
}

impl std::fmt::Debug for FileWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileWatcher").finish_non_exhaustive()
    }
}

#[derive(Clone, Copy)]
enum Which {
    Source,
    Sidecar,
}

impl FileWatcher {
    /// Watches `source` and `sidecar` (which must be in the same folder, as Gloss keeps them),
    /// sending their changes once they have been quiet for `debounce` and calling `waker` (from
    /// the watcher's thread) after each event is sent, e.g. to wake the UI.
    pub fn with_waker(
        source: &Path,
        sidecar: &Path,
        debounce: Duration,
        waker: impl Fn() + Send + 'static,
    ) -> Result<FileWatcher, WatchError> {
        let folder = match source.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let source_name = source.file_name().map(OsString::from);
        let sidecar_name = sidecar.file_name().map(OsString::from);
        let (raw_tx, raw_rx) = mpsc::channel::<Which>();
        let (tx, events) = mpsc::channel();
        let handler = move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            if !is_change(&event.kind) {
                return;
            }
            for path in &event.paths {
                let name = path.file_name();
                let which = if name.is_some() && name == source_name.as_deref() {
                    Which::Source
                } else if name.is_some() && name == sidecar_name.as_deref() {
                    Which::Sidecar
                } else {
                    continue;
                };
                // The debouncer has gone only when the watcher is being dropped.
                raw_tx.send(which).ok();
            }
        };
        let mut watcher = notify::recommended_watcher(handler).map_err(|source| WatchError {
            path: folder.clone(),
            source,
        })?;
        watcher
            .watch(&folder, RecursiveMode::NonRecursive)
            .map_err(|source| WatchError {
                path: folder.clone(),
                source,
            })?;
        std::thread::Builder::new()
            .name("gloss-watch".into())
            .spawn(move || debounce_loop(&raw_rx, &tx, debounce, &waker))
            .map_err(|e| WatchError {
                path: folder,
                source: notify::Error::io(e),
            })?;
        Ok(FileWatcher {
            _watcher: watcher,
            events,
        })
    }

    /// The next event if one is waiting (for polling once per frame).
    pub fn try_next(&self) -> Option<WatchEvent> {
        self.events.try_recv().ok()
    }
}

/// Whether an event can mean the file's contents changed (reads and opens cannot).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Collects raw events into one [`WatchEvent`] per burst, ended by `debounce` of quiet.
fn debounce_loop(
    raw: &Receiver<Which>,
    out: &Sender<WatchEvent>,
    debounce: Duration,
    waker: &dyn Fn(),
) {
    let mark = |event: &mut WatchEvent, which| match which {
        Which::Source => event.source = true,
        Which::Sidecar => event.sidecar = true,
    };
    // Wait for the first event of a burst; stop when the watcher is dropped.
    while let Ok(first) = raw.recv() {
        let mut event = WatchEvent::default();
        mark(&mut event, first);
        loop {
            match raw.recv_timeout(debounce) {
                Ok(which) => mark(&mut event, which),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if out.send(event).is_err() {
            return;
        }
        waker();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// Waits (up to a generous limit) for an event satisfying `want`; returns all events seen.
    fn wait_for(watcher: &FileWatcher, want: impl Fn(&WatchEvent) -> bool) -> Vec<WatchEvent> {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Ok(e) = watcher.events.recv_timeout(Duration::from_millis(200)) {
                seen.push(e);
                if want(&e) {
                    return seen;
                }
            }
        }
        panic!("no matching event within 20 s; saw {seen:?}");
    }

    #[test]
    fn reports_a_sidecar_written_by_another_program_and_ignores_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("plan.txt");
        std::fs::write(&source, "新增280家企业。").unwrap();
        let sidecar = crate::store::Sidecar::path_for(&source);
        std::fs::write(&sidecar, "(old)").unwrap();
        let wakes = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = wakes.clone();
        let watcher =
            FileWatcher::with_waker(&source, &sidecar, Duration::from_millis(100), move || {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            })
            .unwrap();
        // Another program: an unrelated file, then an atomic replace of the sidecar.
        let other = std::process::Command::new("sh")
            .arg("-c")
            .arg("echo x > notes.txt && printf '(new)' > .tmp-sidecar && mv .tmp-sidecar plan.txt.gloss.ron")
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(other.success());
        let seen = wait_for(&watcher, |e| e.sidecar);
        assert!(
            seen.iter().all(|e| !e.source),
            "the source was not touched: {seen:?}"
        );
        // The waker runs just after the event is sent: give it a moment.
        let woken = (0..100).any(|_| {
            std::thread::sleep(Duration::from_millis(10));
            wakes.load(std::sync::atomic::Ordering::SeqCst) >= 1
        });
        assert!(woken, "the waker was called");

        std::fs::write(&source, "新增290家企业。").unwrap();
        wait_for(&watcher, |e| e.source);
    }

    #[test]
    fn watching_a_missing_folder_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("gone").join("plan.txt");
        let sidecar = crate::store::Sidecar::path_for(&source);
        let err = FileWatcher::with_waker(&source, &sidecar, DEFAULT_DEBOUNCE, || {}).unwrap_err();
        assert!(err.to_string().contains("gone"), "{err}");
    }
}
