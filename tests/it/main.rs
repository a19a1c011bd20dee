//! Gloss's integration tests, one binary (linked once) with a module per area; `common` holds
//! the helpers they share.

mod anchoring;
mod check;
mod cli;
mod common;
mod corpus;
mod crash_safety;
mod export;
mod formats;
mod git;
mod interop;
mod pdf;
mod search;
mod ui;
mod ui_compare;
mod ui_links;
mod ui_workspace;
