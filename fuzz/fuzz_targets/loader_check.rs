//! The check every loader fuzz target makes: any bytes, under a file name of the loader's
//! format, give a document or a typed error, never a panic, and every structure range the
//! extractor reports lies inside the text.

pub fn check(data: &[u8], file_name: &str) {
    if let Ok(doc) =
        gloss::document::loader::load_bytes(data, file_name, gloss::document::loader::LoadOptions::default())
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
}
