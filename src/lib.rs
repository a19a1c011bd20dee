//! Gloss: annotate figures, entities and commitments in policy reports.
//!
//! The library holds the whole domain — documents and their loading, the annotation model,
//! anchoring, the sidecar store, figure parsing and suggestions — with no UI in it, plus the
//! egui application in [`ui`] as a thin layer on top. The command-line interface ([`cli`]) and
//! the GUI call the same functions.
//!
//! **Offsets are Unicode code points** into [`document::Document::text`], `end` exclusive.

pub mod anchor;
pub mod annotation;
pub mod annotation_set;
pub mod cli;
pub mod document;
pub mod export;
pub mod figure;
pub mod formats;
pub mod highlight;
pub mod import;
pub mod loader;
pub mod model;
pub mod review;
pub mod session;
pub mod sidecar;
mod sidecar_ron;
pub mod suggest;
pub mod synthetic;
#[cfg(feature = "gui")]
pub mod ui;
pub mod watch;
pub mod words;
