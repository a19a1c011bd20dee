//! Writing and reading a [`Sidecar`] in its pretty RON layout, fast.
//!
//! The layout is exactly what `ron::ser::to_string_pretty` produces for the sidecar (two-space
//! indentation, one field per line, trailing commas), so the file reads and diffs the same; the
//! tests hold the two outputs equal. Writing exists because ron escapes every character through
//! `char::escape_debug`, whose Unicode-table lookups made saving 100 000 annotations of Chinese
//! text take seconds; here characters that need no escape are copied as they are.
//!
//! Reading: [`parse_pretty`] accepts exactly that layout and nothing else, several times faster
//! than ron's general parser. Anything else — a hand-edited file, another field order, a syntax
//! error — makes it give up, and the caller parses with `ron::from_str`, which also reports
//! errors with line and column. The tests check that whenever the fast reader accepts a text,
//! ron reads the same sidecar from it.

use crate::annotation::anchor::AnchorState;
use crate::annotation::{Annotation, AnnotationId, Relation, RelationKind};
use crate::annotation::{EntityType, Kind, Label};
use crate::document::{SourceFormat, SourceInfo};
use crate::store::{Rejection, Sidecar};
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
    w.string_field(2, "format", s.format.name());
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
    // Left out when empty, as serde's `skip_serializing_if` does.
    if !sidecar.relations.is_empty() {
        w.line(1, "relations: [");
        for r in &sidecar.relations {
            w.relation(r);
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

    fn relation(&mut self, r: &Relation) {
        self.line(2, "(");
        self.string_field(3, "kind", r.kind.as_str());
        self.string_field(3, "from", &r.from.0);
        self.string_field(3, "to", &r.to.0);
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
    // Copy runs of plain characters at once; escape the others one by one.
    let mut plain_from = 0;
    for (i, c) in value.char_indices() {
        if !is_plain(c) {
            out.push_str(&value[plain_from..i]);
            out.extend(c.escape_debug());
            plain_from = i + c.len_utf8();
        }
    }
    out.push_str(&value[plain_from..]);
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

/// Reads a sidecar written in exactly the layout of [`to_pretty_ron`]; `None` for anything else
/// (parse that with ron).
pub fn parse_pretty(text: &str) -> Option<Sidecar> {
    let mut r = Reader { rest: text };
    r.lit("(\n")?;
    let version = canonical(r.field(1, "version")?)?;
    r.line(1, "source: (")?;
    let source = SourceInfo {
        file_name: r.string_field(2, "file_name")?,
        byte_len: canonical(r.field(2, "byte_len")?)?,
        sha256: r.string_field(2, "sha256")?,
        encoding: r.string_field(2, "encoding")?,
        format: SourceFormat::from_name(&r.string_field(2, "format")?)?,
        extractor: r.string_field(2, "extractor")?,
    };
    r.line(1, "),")?;
    let mut annotations = Vec::new();
    if r.line(1, "annotations: [],").is_none() {
        r.line(1, "annotations: [")?;
        while r.line(1, "],").is_none() {
            annotations.push(r.annotation()?);
        }
    }
    let mut rejected = Vec::new();
    if r.line(1, "rejected: [],").is_none() {
        r.line(1, "rejected: [")?;
        while r.line(1, "],").is_none() {
            rejected.push(r.rejection()?);
        }
    }
    let mut relations = Vec::new();
    if r.line(1, "relations: [").is_some() {
        while r.line(1, "],").is_none() {
            relations.push(r.relation()?);
        }
    }
    r.lit(")\n")?;
    r.rest.is_empty().then_some(Sidecar {
        version,
        source,
        annotations,
        rejected,
        relations,
    })
}

/// A number written exactly as the writer writes it (no sign, no leading zeros, no `_`).
fn canonical<T: std::str::FromStr + ToString>(text: &str) -> Option<T> {
    let n: T = text.parse().ok()?;
    (n.to_string() == text).then_some(n)
}

struct Reader<'a> {
    rest: &'a str,
}

impl<'a> Reader<'a> {
    fn lit(&mut self, text: &str) -> Option<()> {
        self.rest = self.rest.strip_prefix(text)?;
        Some(())
    }

    fn indent(&mut self, depth: usize) -> Option<()> {
        for _ in 0..depth {
            self.lit("  ")?;
        }
        Some(())
    }

    /// A whole line holding `text` at `depth`; consumes nothing when it does not match.
    fn line(&mut self, depth: usize, text: &str) -> Option<()> {
        let before = self.rest;
        let matched = self
            .indent(depth)
            .and_then(|_| self.lit(text))
            .and_then(|_| self.lit("\n"));
        if matched.is_none() {
            self.rest = before;
        }
        matched
    }

    /// `name: VALUE,` on its own line; returns VALUE (no strings: see `string_field`).
    fn field(&mut self, depth: usize, name: &str) -> Option<&'a str> {
        self.indent(depth)?;
        self.lit(name)?;
        self.lit(": ")?;
        let end = self.rest.find(",\n")?;
        let value = &self.rest[..end];
        if value.contains(['"', '\n']) {
            return None;
        }
        self.rest = &self.rest[end + 2..];
        Some(value)
    }

    fn string_field(&mut self, depth: usize, name: &str) -> Option<String> {
        self.indent(depth)?;
        self.lit(name)?;
        self.lit(": ")?;
        let value = self.string()?;
        self.lit(",\n")?;
        Some(value)
    }

    /// A quoted string with the escapes `char::escape_debug` writes.
    fn string(&mut self) -> Option<String> {
        self.lit("\"")?;
        let mut out = String::new();
        loop {
            let stop = memchr::memchr2(b'"', b'\\', self.rest.as_bytes())?;
            out.push_str(&self.rest[..stop]);
            let special = self.rest.as_bytes()[stop];
            self.rest = &self.rest[stop + 1..];
            if special == b'"' {
                return Some(out);
            }
            let mut chars = self.rest.chars();
            let c = match chars.next()? {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '0' => '\0',
                c @ ('\\' | '\'' | '"') => c,
                'u' => {
                    let body = chars.as_str().strip_prefix('{')?;
                    let close = body.find('}')?;
                    let c = char::from_u32(u32::from_str_radix(&body[..close], 16).ok()?)?;
                    chars = body[close + 1..].chars();
                    c
                }
                _ => return None,
            };
            out.push(c);
            self.rest = chars.as_str();
        }
    }

    fn annotation(&mut self) -> Option<Annotation> {
        self.line(2, "(")?;
        let id = AnnotationId(self.string_field(3, "id")?);
        let label = if self.line(3, "label: Figure(").is_some() {
            let value = match self.field(4, "value")? {
                "None" => None,
                v => {
                    let v = v.strip_prefix("Some(")?.strip_suffix(')')?;
                    let parsed: f64 = v.parse().ok()?;
                    (float(parsed) == v).then_some(Some(parsed))?
                }
            };
            let unit = self.string_field(4, "unit")?;
            Label::Figure { value, unit }
        } else if self.line(3, "label: Entity(").is_some() {
            let entity_type = match self.field(4, "entity_type")? {
                "Org" => EntityType::Org,
                "Place" => EntityType::Place,
                "Person" => EntityType::Person,
                "Work" => EntityType::Work,
                _ => return None,
            };
            Label::Entity { entity_type }
        } else {
            self.line(3, "label: Commitment(")?;
            Label::Commitment {
                actor: self.string_field(4, "actor")?,
                deadline: self.string_field(4, "deadline")?,
                target: self.string_field(4, "target")?,
            }
        };
        self.line(3, "),")?;
        let start = canonical(self.field(3, "start")?)?;
        let end = canonical(self.field(3, "end")?)?;
        let quote = self.string_field(3, "quote")?;
        let prefix = self.string_field(3, "prefix")?;
        let suffix = self.string_field(3, "suffix")?;
        let anchor = match self.field(3, "anchor")? {
            "Exact" => AnchorState::Exact,
            "Moved" => AnchorState::Moved,
            "Check" => AnchorState::Check,
            "Orphaned" => AnchorState::Orphaned,
            _ => return None,
        };
        let note = self.string_field(3, "note")?;
        let created = self.string_field(3, "created")?.parse().ok()?;
        let modified = self.string_field(3, "modified")?.parse().ok()?;
        self.line(2, "),")?;
        Some(Annotation {
            id,
            label,
            start,
            end,
            quote,
            prefix,
            suffix,
            anchor,
            note,
            created,
            modified,
        })
    }

    fn rejection(&mut self) -> Option<Rejection> {
        self.line(2, "(")?;
        let kind = match self.field(3, "kind")? {
            "Figure" => Kind::Figure,
            "Entity" => Kind::Entity,
            "Commitment" => Kind::Commitment,
            _ => return None,
        };
        let start = canonical(self.field(3, "start")?)?;
        let end = canonical(self.field(3, "end")?)?;
        let quote = self.string_field(3, "quote")?;
        self.line(2, "),")?;
        Some(Rejection {
            kind,
            start,
            end,
            quote,
        })
    }

    fn relation(&mut self) -> Option<Relation> {
        self.line(2, "(")?;
        let kind = RelationKind::parse(&self.string_field(3, "kind")?).ok()?;
        let from = AnnotationId(self.string_field(3, "from")?);
        let to = AnnotationId(self.string_field(3, "to")?);
        self.line(2, "),")?;
        Some(Relation { kind, from, to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::anchor::AnchorState;
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
                    value: Some([41_250_000_000.0, 1e21][i / 4 % 2]),
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
            version: crate::store::FORMAT_VERSION,
            source: doc.source.clone(),
            rejected: vec![Rejection {
                kind: Kind::Entity,
                start: 0,
                end: 1,
                quote: texts.first().copied().unwrap_or_default().to_owned(),
            }],
            relations: annotations
                .windows(2)
                .map(|w| {
                    let kind = RelationKind::parse(w[0].quote.get(..1).unwrap_or("x"))
                        .unwrap_or(RelationKind::Target);
                    Relation::new(kind, w[0].id.clone(), w[1].id.clone())
                })
                .collect(),
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
        assert_eq!(
            parse_pretty(&to_pretty_ron(&sidecar)),
            Some(sidecar.clone())
        );
        let empty = Sidecar {
            annotations: Vec::new(),
            rejected: Vec::new(),
            relations: Vec::new(),
            ..sidecar
        };
        assert_eq!(to_pretty_ron(&empty), ron_pretty(&empty));
        assert_eq!(parse_pretty(&to_pretty_ron(&empty)), Some(empty));
    }

    #[test]
    fn the_fast_reader_gives_up_on_anything_but_the_exact_layout() {
        let sidecar = sidecar_with(&["总投资296.9亿元，", "“三送一强”"]);
        let text = to_pretty_ron(&sidecar);
        // Other spacing, another field order, comments, a missing field, trailing junk: valid
        // or not, these are left to ron (which reads the valid ones and locates the errors).
        for edited in [
            text.replacen("  version: 1,", "  version:1,", 1),
            text.replacen("(\n  version: 1,\n", "( // a comment\n  version: 1,\n", 1),
            text.replacen("      note: \"", "      note : \"", 1),
            text.replacen("      anchor: Exact,\n", "", 1),
            text.clone() + "x",
            text.replacen("\"总", "\"\\q总", 1),
        ] {
            assert_ne!(edited, text);
            assert_eq!(parse_pretty(&edited), None, "{edited}");
        }
    }

    proptest! {
        #[test]
        fn any_strings_are_written_as_ron_writes_them(texts in proptest::collection::vec(".{0,12}", 1..6)) {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let sidecar = sidecar_with(&texts);
            let ours = to_pretty_ron(&sidecar);
            prop_assert_eq!(&ours, &ron_pretty(&sidecar));
            let back: Sidecar = ron::from_str(&ours).unwrap();
            prop_assert_eq!(&back, &sidecar);
            prop_assert_eq!(parse_pretty(&ours), Some(sidecar));
        }

        /// Whatever the fast reader accepts, ron reads the same way (edits at random places).
        #[test]
        fn the_fast_reader_never_disagrees_with_ron(
            texts in proptest::collection::vec(".{0,8}", 1..4),
            cut in 0usize..4000,
            insert in "[ \\n\\\\\"#(),:a-zA-Z0-9]{0,3}",
        ) {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let text = to_pretty_ron(&sidecar_with(&texts));
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let edited = format!("{}{}{}", &text[..at], insert, &text[at..]);
            if let Some(fast) = parse_pretty(&edited) {
                let slow: Result<Sidecar, _> = ron::from_str(&edited);
                prop_assert_eq!(slow.ok(), Some(fast), "{}", edited);
            }
        }
    }
}
