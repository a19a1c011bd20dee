//! The egui application (feature `gui`), a thin layer over the library.
//!
//! Input (keys, clicks, drags, dropped files) becomes [`Action`]s ([`action`]); [`GlossApp::apply`]
//! ([`apply`]) is the one place they are carried out, turning changes to the annotations into
//! [`Command`](crate::session::Command)s for the [`Session`](crate::session::Session), which keeps
//! undo/redo. [`app`] holds the state and runs a frame; each part of the window is drawn by its
//! own module: the document view, the annotation panel, the menu bar, the status bar, the
//! dialogs, and the export/import dialogs; [`links`] makes and shows links between annotations;
//! [`disk`] saves and watches the files. A folder opened
//! as a workspace adds a panel on the left ([`workspace`]): its reports, search, entities and
//! commitments.

mod action;
mod app;
mod apply;
mod commitments_view;
mod compare_view;
mod dialogs;
mod disk;
mod document_view;
mod entities_view;
pub mod fonts;
mod gathered;
mod heights;
pub mod highlight;
pub mod i18n;
mod input;
mod job;
mod links;
mod menu_bar;
mod panel;
mod status_bar;
mod theme;
mod transfer;
mod workspace;
mod workspace_search;

pub use action::{Action, MenuCommand};
pub use app::{GlossApp, StatusMessage};
pub use disk::{AUTOSAVE_DELAY, Resolution};
pub use document_view::{DocumentView, TextSelection};
pub use workspace::WorkspaceTab;
