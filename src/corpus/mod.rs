//! A folder of reports as one body of work: what their sidecars say taken together.
//!
//! - [`agreement`]: how far two annotators agree on the same reports;
//! - [`commitments`]: pledges followed from plan to result across the reports;
//! - [`entities`]: one row per entity across the reports, with the aliases it goes by;
//! - [`search`]: the reports' text and annotations in a search index kept in the user's cache;
//! - [`workspace`]: the user's decisions about the folder as a whole (reviewed reports, tracks).

pub mod agreement;
pub mod commitments;
pub mod entities;
pub mod search;
pub mod workspace;
