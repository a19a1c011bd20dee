//! Deterministic synthetic inputs for benchmarks (`gloss bench`, `cargo bench`): large Chinese
//! reports made from the bundled samples, and dense, overlapping annotations over them.

use gloss::annotation::{Annotation, AnnotationId};
use gloss::annotation::{EntityType, Label};
use gloss::document::Document;

/// A Chinese report of at least `bytes` bytes, made of the sample reports with digits varied.
pub fn synthetic_report(bytes: usize) -> String {
    const SOURCES: [&str; 3] = [
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample_docs/linjiang-plan-2025.txt"
        )),
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample_docs/sources/qinglan-briefing.txt"
        )),
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample_docs/sources/qinglan-news-zh-hant.txt"
        )),
    ];
    let mut out = String::with_capacity(bytes + 4096);
    let mut copy = 0usize;
    while out.len() < bytes {
        let source = SOURCES[copy % SOURCES.len()];
        out.push_str(&format!("第{}部分\n", copy + 1));
        out.extend(source.chars().map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => {
                char::from_digit((d + copy as u32) % 10, 10).unwrap_or(c)
            }
            _ => c,
        }));
        out.push('\n');
        copy += 1;
    }
    // Cut at a character boundary at or after `bytes`, ending the last line.
    let cut = (bytes..=out.len())
        .find(|&i| out.is_char_boundary(i))
        .unwrap_or(out.len());
    out.truncate(cut);
    out
}

/// `count` annotations spread evenly over `doc`: short figures and entities, and every fifth a
/// longer commitment that contains the next ones.
pub fn synthetic_annotations(doc: &Document, count: usize) -> Vec<Annotation> {
    if count == 0 || doc.char_len() < 16 {
        return Vec::new();
    }
    let step = (doc.char_len() / count).max(1);
    (0..count)
        .map(|i| {
            let start = (i * step).min(doc.char_len() - 2);
            let (len, label) = match i % 5 {
                0 => (
                    (step * 3).clamp(4, 120),
                    Label::Commitment {
                        actor: String::new(),
                        deadline: String::new(),
                        target: String::new(),
                    },
                ),
                1 | 3 => (
                    4,
                    Label::Figure {
                        value: Some(i as f64),
                        unit: "家".into(),
                    },
                ),
                _ => (
                    6,
                    Label::Entity {
                        entity_type: EntityType::Org,
                    },
                ),
            };
            let end = (start + len).min(doc.char_len());
            let mut a = Annotation::new(doc, start, end, label);
            a.id = AnnotationId(format!("{i:016x}"));
            a
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KB: usize = 1000;

    #[test]
    fn synthetic_reports_have_the_requested_size_and_vary() {
        let text = synthetic_report(50 * KB);
        assert!(text.len() >= 50 * KB && text.len() < 50 * KB + 4);
        let first = text.find("第1部分").unwrap();
        let second = text.find("第2部分").unwrap();
        assert!(second > first);
        // Digits differ between copies, so the text is not one block repeated.
        assert_ne!(&text[..200], &text[second..second + 200]);
    }

    #[test]
    fn synthetic_annotations_cover_the_document_with_nesting() {
        let doc = Document::from_text("t.txt", &synthetic_report(100 * KB));
        let anns = synthetic_annotations(&doc, 1000);
        assert_eq!(anns.len(), 1000);
        assert!(
            anns.iter()
                .all(|a| a.end <= doc.char_len() && a.start < a.end)
        );
        let nested = anns
            .windows(2)
            .filter(|w| w[0].start <= w[1].start && w[1].end <= w[0].end)
            .count();
        assert!(nested > 100, "{nested} nested pairs");
    }
}
