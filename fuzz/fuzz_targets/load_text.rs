//! Fuzzes the plain-text loader: any bytes named `fuzz.txt` must give a document or a typed error, never a
//! panic, and every structure range must lie inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) =
        gloss::loader::load_bytes(data, "fuzz.txt", gloss::loader::LoadOptions::default())
    {
        let n = doc.char_len();
        let s = &doc.structure;
        for r in s
            .headings
            .iter()
            .map(|h| &h.range)
            .chain(&s.table_rows)
            .chain(&s.pages)
        {
            assert!(r.start <= r.end && r.end <= n, "{r:?} outside 0..{n}");
        }
    }
});
