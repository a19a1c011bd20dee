//! Gloss: annotate figures, entities and commitments in policy reports.
//!
//! The library is a stack of layers; each is a folder whose `//!` says what it owns, and none
//! uses a layer above it:
//!
//! ```text
//! text ← document ← annotation ← store ← session ← {suggest, interchange} ← corpus ← ui
//! ```
//!
//! - [`text`]: code points, folding, words and quantities — pure functions, no I/O.
//! - [`document`]: a report's extracted text and structure, and reading it from any format.
//! - [`annotation`]: what an annotation is, the set of them, and anchoring them to text.
//! - [`store`]: the sidecar on disk — reading, atomic saving, merging, watching.
//! - [`session`]: an open document and the one place its annotations change.
//! - [`suggest`]: the suggestion engine and the review of its suggestions.
//! - [`interchange`]: exchange formats, each with its reader and writer.
//! - [`corpus`]: a folder of reports taken together (entities and aliases, commitment tracks,
//!   search, agreement between annotators).
//! - [`ui`] (feature `gui`): the egui application.
//!
//! The command line lives in the binary (`src/cli/`) and calls the same library functions as the
//! UI.
//!
//! **Offsets are Unicode code points** into [`document::Document::text`], `end` exclusive.

#![warn(missing_docs)]

pub mod annotation;
pub mod corpus;
pub mod document;
pub mod interchange;
pub mod session;
pub mod store;
pub mod suggest;
pub(crate) mod text;
#[cfg(feature = "gui")]
pub mod ui;

// The window's text, one catalogue per language (see `ui::i18n`).
#[cfg(feature = "gui")]
rust_i18n::i18n!("assets/locales", fallback = "en");
