//! Fuzzes the PDF loader with any bytes named `fuzz.pdf` (see `loader_check`).
#![no_main]

#[path = "loader_check.rs"]
mod loader_check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| loader_check::check(data, "fuzz.pdf"));
