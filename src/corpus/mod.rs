//! A folder of reports as one body of work: what their sidecars say taken together.
//!
//! - [`entities`]: one row per entity across the reports, with the aliases it goes by.

pub mod entities;
