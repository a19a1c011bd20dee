//! Fuzzes the sidecar reader: any input must give a sidecar or a typed error, never a panic,
//! a stack overflow or a hang; a sidecar that parses must survive repair, a save/load round trip
//! and anchoring against a document.
#![no_main]

use gloss::annotation::anchor;
use gloss::document::Document;
use gloss::store::Sidecar;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.gloss.ron");
    let Ok(mut sidecar) = Sidecar::parse(text, path) else {
        return;
    };
    let n = sidecar.annotations.len();
    sidecar.repair();
    assert_eq!(
        sidecar.annotations.len(),
        n,
        "repair never removes annotations"
    );
    let ids: HashSet<_> = sidecar.annotations.iter().map(|a| &a.id).collect();
    assert_eq!(ids.len(), n, "repair leaves unique ids");

    // What Gloss writes, Gloss reads back identically.
    let written = sidecar.to_ron();
    let back = Sidecar::parse(&written, path).expect("a written sidecar parses");
    assert_eq!(back.to_ron(), written, "stable round trip");

    // Anchoring the stored annotations (hostile offsets and all) against some text.
    let quotes: String = sidecar
        .annotations
        .iter()
        .map(|a| a.quote.as_str())
        .collect();
    let doc = Document::from_text("fuzz.txt", &quotes);
    let report = anchor::resolve(&doc, &mut sidecar.annotations, anchor::Text::Changed);
    assert_eq!(report.total(), n);
});
