//! Writing a [`Sidecar`] as pretty RON, fast.
//!
//! The layout is exactly what `ron::ser::to_string_pretty` produces for the sidecar (two-space
//! indentation, one field per line, trailing commas), so the file reads and diffs the same; the
//! tests hold the two outputs equal. It exists because ron escapes every character through
//! `char::escape_debug`, whose Unicode-table lookups made saving 100 000 annotations of Chinese
//! text take seconds; here characters that need no escape are copied as they are.
//!
//! Reading stays with `ron::from_str`: whatever is written here must parse back to the same
//! sidecar, which the tests check for hostile strings too.

use crate::annotation::Annotation;
use crate::model::{EntityType, Kind, Label};
use crate::sidecar::{Rejection, Sidecar};
use std::fmt::Write as _;

/// The sidecar as pretty RON text, ending with a line break.
pub fn to_pretty_ron(sidecar: &Sidecar) -> String {
    // Roughly what the text will take: avoids most reallocations of a large buffer.
    let estimate = 512
        + sidecar
            .annotations
            .iter()
            .map(|a| 320 + a.quote.len() + a.prefix.len() + a.suffix.len() + a.note.len())
            .sum::<usize>()
        + sidecar.rejected.len() * 96;
    let mut w = Writer {
        out: String::with_capacity(estimate),
    };
    let s = &sidecar.source;
    w.open("(");
    w.field(1, "version", &sidecar.version.to_string());
    w.line(1, "source: (");
    w.string_field(2, "file_name", &s.file_name);
    w.field(2, "byte_len", &s.byte_len.to_string());
    w.string_field(2, "sha256", &s.sha256);
    w.string_field(2, "encoding", &s.encoding);
    w.string_field(2, "format", &s.format);
    w.string_field(2, "extractor", &s.extractor);
    w.line(1, "),");
    if sidecar.annotations.is_empty() {
        w.line(1, "annotations: [],");
    } else {
        w.line(1, "annotations: [");
        for a in &sidecar.annotations {
            w.annotation(a);
        }
        w.line(1, "],");
    }
    if sidecar.rejected.is_empty() {
        w.line(1, "rejected: [],");
    } else {
        w.line(1, "rejected: [");
        for r in &sidecar.rejected {
            w.rejection(r);
        }
        w.line(1, "],");
    }
    w.out.push_str(")\n");
    w.out
}

struct Writer {
    out: String,
}

impl Writer {
    fn open(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn line(&mut self, depth: usize, text: &str) {
        self.indent(depth);
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn field(&mut self, depth: usize, name: &str, value: &str) {
        self.indent(depth);
        self.out.push_str(name);
        self.out.push_str(": ");
        self.out.push_str(value);
        self.out.push_str(",\n");
    }

    fn string_field(&mut self, depth: usize, name: &str, value: &str) {
        self.indent(depth);
        self.out.push_str(name);
        self.out.push_str(": ");
        push_escaped(&mut self.out, value);
        self.out.push_str(",\n");
    }

    fn annotation(&mut self, a: &Annotation) {
        self.line(2, "(");
        self.string_field(3, "id", &a.id.0);
        match &a.label {
            Label::Figure { value, unit } => {
                self.line(3, "label: Figure(");
                let value = match value {
                    Some(v) => format!("Some({})", float(*v)),
                    None => "None".to_owned(),
                };
                self.field(4, "value", &value);
                self.string_field(4, "unit", unit);
            }
            Label::Entity { entity_type } => {
                self.line(3, "label: Entity(");
                self.field(4, "entity_type", entity_type_name(*entity_type));
            }
            Label::Commitment {
                actor,
                deadline,
                target,
            } => {
                self.line(3, "label: Commitment(");
                self.string_field(4, "actor", actor);
                self.string_field(4, "deadline", deadline);
                self.string_field(4, "target", target);
            }
        }
        self.line(3, "),");
        self.field(3, "start", &a.start.to_string());
        self.field(3, "end", &a.end.to_string());
        self.string_field(3, "quote", &a.quote);
        self.string_field(3, "prefix", &a.prefix);
        self.string_field(3, "suffix", &a.suffix);
        self.field(3, "anchor", &format!("{:?}", a.anchor));
        self.string_field(3, "note", &a.note);
        self.string_field(3, "created", &a.created.to_string());
        self.string_field(3, "modified", &a.modified.to_string());
        self.line(2, "),");
    }

    fn rejection(&mut self, r: &Rejection) {
        self.line(2, "(");
        self.field(3, "kind", kind_name(r.kind));
        self.field(3, "start", &r.start.to_string());
        self.field(3, "end", &r.end.to_string());
        self.string_field(3, "quote", &r.quote);
        self.line(2, "),");
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Figure => "Figure",
        Kind::Entity => "Entity",
        Kind::Commitment => "Commitment",
    }
}

fn entity_type_name(t: EntityType) -> &'static str {
    match t {
        EntityType::Org => "Org",
        EntityType::Place => "Place",
        EntityType::Person => "Person",
        EntityType::Work => "Work",
    }
}

/// A float as ron writes it: `1.0`, `0.5`, `1e21`, `NaN`, `inf`.
fn float(v: f64) -> String {
    let mut s = String::new();
    write!(s, "{v:?}").ok();
    s
}

/// Appends `value` as a quoted RON string, escaped exactly as ron does (`char::escape_debug` on
/// every character), with a fast path for characters that are printed as they are.
fn push_escaped(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        if is_plain(c) {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
}

/// Characters `escape_debug` leaves alone, recognised without its Unicode tables: printable
/// ASCII except quotes and the backslash, and the CJK, kana, Hangul and full-width blocks.
fn is_plain(c: char) -> bool {
    matches!(c,
        ' '..='!' | '#'..='&' | '('..='[' | ']'..='~'
        | '\u{3001}'..='\u{303F}' // CJK punctuation (not the ideographic space U+3000)
        | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' // kana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' // CJK ideographs and extension A
        | '\u{AC00}'..='\u{D7A3}' // Hangul syllables
        | '\u{FF01}'..='\u{FF60}' // full-width forms
        | '\u{2018}'..='\u{201F}' | '\u{2014}' | '\u{2026}' | '\u{00B7}' // quotes, dashes, dots
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::AnchorState;
    use crate::annotation::{Annotation, AnnotationId};
    use crate::document::Document;
    use proptest::prelude::*;

    fn ron_pretty(sidecar: &Sidecar) -> String {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(false)
            .separate_tuple_members(false)
            .indentor("  ".to_owned());
        ron::ser::to_string_pretty(sidecar, config).unwrap() + "\n"
    }

    fn sidecar_with(texts: &[&str]) -> Sidecar {
        let text = texts.join("");
        let doc = Document::from_text("报告 \"1\".txt", &text);
        let mut annotations = Vec::new();
        let mut at = 0;
        for (i, t) in texts.iter().enumerate() {
            let len = t.chars().count();
            let label = match i % 4 {
                0 => Label::Figure {
                    value: Some(41_250_000_000.0),
                    unit: "元".into(),
                },
                1 => Label::Figure {
                    value: None,
                    unit: String::new(),
                },
                2 => Label::Entity {
                    entity_type: EntityType::Work,
                },
                _ => Label::Commitment {
                    actor: "市\\局\"".into(),
                    deadline: "年底前".into(),
                    target: "0.5".into(),
                },
            };
            let mut a = Annotation::new(&doc, at, at + len, label);
            a.id = AnnotationId(format!("{i:016x}"));
            a.note = (*t).to_owned();
            a.anchor = [
                AnchorState::Exact,
                AnchorState::Check,
                AnchorState::Orphaned,
            ][i % 3];
            annotations.push(a);
            at += len;
        }
        Sidecar {
            version: crate::sidecar::FORMAT_VERSION,
            source: doc.source.clone(),
            rejected: vec![Rejection {
                kind: Kind::Entity,
                start: 0,
                end: 1,
                quote: texts.first().copied().unwrap_or_default().to_owned(),
            }],
            annotations,
        }
    }

    #[test]
    fn same_text_as_ron_for_chinese_english_and_odd_characters() {
        let sidecar = sidecar_with(&[
            "总投资296.9亿元，",
            "同比增长19.7%。\n",
            "“三送一强”《规划》",
            "\u{301}combining first, tab\there, quote \" and \\ backslash",
            "zero\u{200B}width \u{FEFF} bom \u{0} nul 𠀾 astral 😀 emoji　ideographic space",
            "１２３％ full-width · … — ‘’",
        ]);
        assert_eq!(to_pretty_ron(&sidecar), ron_pretty(&sidecar));
        let empty = Sidecar {
            annotations: Vec::new(),
            rejected: Vec::new(),
            ..sidecar
        };
        assert_eq!(to_pretty_ron(&empty), ron_pretty(&empty));
    }

    proptest! {
        #[test]
        fn any_strings_are_written_as_ron_writes_them(texts in proptest::collection::vec(".{0,12}", 1..6)) {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let sidecar = sidecar_with(&texts);
            let ours = to_pretty_ron(&sidecar);
            prop_assert_eq!(&ours, &ron_pretty(&sidecar));
            let back: Sidecar = ron::from_str(&ours).unwrap();
            prop_assert_eq!(back, sidecar);
        }
    }
}
