//! Names in English text, where the Chinese model reads nothing: capitalised phrases typed by the
//! word that heads them, as English names organisations, places and works.
//!
//! - A **name** is a run of capitalised words, joined by `of`, `and`, `for`, `the`, `&` when a
//!   capitalised word follows (`Kestrel Bay Chamber of Commerce`), without the sentence's opening
//!   word when that is a function word (`The`, `Under`) or an ordinary word starting the sentence.
//! - Its **type** comes from its head: `Council`, `Authority`, `Ltd`, `Co.`, `Gazette`… make an
//!   organisation; `Plan`, `Fund`, `Expo`, `Resolution No. 7`… a work; `City`, `District`, `Port of`,
//!   `Pier 4`… a place. The place a body or a port is named after is a place too (`Kestrel Bay` of
//!   `Kestrel Bay City Council`), at its other mentions.
//! - **People**: two or three capitalised words after a title or an office (`Deputy Mayor Helen
//!   Okafor`, `chief executive Priya Natarajan`, `By Daniel Reyes`) or before a verb of saying
//!   (`Sam Whitlock said`); later the surname alone (`Okafor said`).
//! - **Places** from the English gazetteer (CLDR's countries, regions and cities, China's
//!   provinces: `China`, `Latin America`, `Henan`) where they stand as whole words.
//! - A quoted name before `campaign`, `initiative`, `programme` is a work (`the "Make It in the
//!   Bay" campaign`).

use super::{Cand, push};
use crate::annotation::EntityType;
use crate::suggest::Source;
use crate::suggest::text::{Doc, ENGLISH_ABBREVIATIONS};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::LazyLock;

/// Places in English from maintained data (`assets/gazetteer/gazetteer-en.tsv`: CLDR's
/// countries, regions and cities, China's provinces), built by `generate.py`.
const GAZETTEER_EN_TSV: &str = include_str!("../../../assets/gazetteer/gazetteer-en.tsv");

static PLACES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let names = GAZETTEER_EN_TSV
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|n| !n.is_empty());
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(names)
        .unwrap_or_else(|e| panic!("the English gazetteer: {e}"))
});

/// Confidence of a place the English gazetteer names.
const GAZETTEER_CONFIDENCE: f32 = 0.8;

/// Words heading an organisation's name.
const ORG_HEADS: &[&str] = &[
    "Council",
    "Authority",
    "Agency",
    "Commission",
    "Committee",
    "Ministry",
    "Department",
    "Bureau",
    "Office",
    "Bank",
    "Ltd",
    "Ltd.",
    "Co.",
    "Inc",
    "Inc.",
    "Corp.",
    "Corporation",
    "Company",
    "Group",
    "Holdings",
    "University",
    "Institute",
    "Association",
    "Federation",
    "Chamber",
    "Gazette",
    "Times",
    "Post",
    "Journal",
    "News",
    "Party",
    "Union",
    "Board",
    "Court",
    "Parliament",
    "Assembly",
    "Foundation",
    "Trust",
    "Society",
    "Organisation",
    "Organization",
    "Administration",
    "Police",
    "Army",
    "Navy",
    "Congress",
    "Senate",
    "Cabinet",
    "Government",
    "Industries",
    "PLC",
    "plc",
    "LLC",
    "GmbH",
    "Reuters",
    "Xinhua",
];

/// Words heading a work's name (plans, programmes, funds, events, laws).
const WORK_HEADS: &[&str] = &[
    "Plan",
    "Programme",
    "Program",
    "Strategy",
    "Initiative",
    "Fund",
    "Expo",
    "Forum",
    "Summit",
    "Conference",
    "Act",
    "Law",
    "Resolution",
    "Campaign",
    "Scheme",
    "Project",
    "Agenda",
    "Framework",
    "Policy",
    "Festival",
    "Fair",
    "Award",
    "Awards",
    "Games",
    "Convention",
    "Treaty",
    "Agreement",
    "Accord",
    "Declaration",
];

/// Words heading a place's name.
const PLACE_HEADS: &[&str] = &[
    "City",
    "County",
    "District",
    "Province",
    "State",
    "Port",
    "Harbour",
    "Harbor",
    "River",
    "Island",
    "Islands",
    "Valley",
    "Region",
    "Zone",
    "Street",
    "Road",
    "Avenue",
    "Route",
    "Pier",
    "Airport",
    "Station",
    "Bay",
    "Lake",
    "Mountains",
    "Coast",
    "Peninsula",
    "Square",
];

/// Place heads that take a number (`Pier 4`, `Route 9`).
const NUMBERED_PLACES: &[&str] = &["Pier", "Route", "Highway", "Berth", "Terminal", "Gate"];

/// Titles and offices before a person's name.
const TITLES: &[&str] = &[
    "Mayor",
    "Minister",
    "President",
    "Governor",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Director",
    "Secretary",
    "Premier",
    "Senator",
    "Councillor",
    "Councilor",
    "Commissioner",
    "Ambassador",
    "Dr",
    "Dr.",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Professor",
    "Prof.",
    "executive",
    "chairman",
    "director",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "CEO",
    "founder",
    "By",
    "minister",
    "mayor",
    "economist",
    "analyst",
];

/// Words before a title that rank it (Deputy Mayor, Vice President).
const RANKS: &[&str] = &[
    "Deputy",
    "Vice",
    "Acting",
    "Chief",
    "Prime",
    "Foreign",
    "Executive",
];

/// Verbs of saying after a person's name.
const SAYING: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "noted",
    "announced",
    "warned",
];

/// Words that start sentences but never names.
const NOT_NAME_STARTS: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "Under",
    "In",
    "On",
    "At",
    "By",
    "For",
    "Not",
    "But",
    "And",
    "Or",
    "Its",
    "It",
    "Their",
    "Our",
    "Every",
    "Each",
    "Some",
    "Many",
    "Most",
    "What",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "If",
    "Over",
    "From",
    "With",
    "Since",
    "During",
    "Results",
    "According",
    "Under",
    "Also",
    "Both",
    "All",
    "No",
];

/// Lowercase words that may join the capitalised words of one name.
const JOINERS: &[&str] = &["of", "and", "for", "the", "&", "de", "on"];

/// A word of the text: its char range and text.
struct Word {
    start: usize,
    end: usize,
    text: String,
    /// Whether a sentence or clause boundary (`.`, `,`, `:`, a line break…) lies right before it.
    after_break: bool,
    /// Whether it is the first word of a sentence.
    sentence_start: bool,
}

/// Adds the names of an English text.
pub(super) fn english_names(doc: &Doc<'_>, c: &mut Vec<Cand>) {
    quoted_campaigns(doc, c);
    gazetteer_places(doc, c);
    let words = words(&doc.chars);
    let mut places: Vec<String> = Vec::new();
    let mut people: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some((a, b)) = name_at(&words, i) else {
            i += 1;
            continue;
        };
        // Offices written before a name are not part of it (Deputy Mayor Helen Okafor).
        let titled = words[a..b]
            .iter()
            .take_while(|w| TITLES.contains(&w.text.as_str()) || RANKS.contains(&w.text.as_str()))
            .count();
        let a = if titled > 0 && b - a - titled >= 2 {
            a + titled
        } else {
            a
        };
        let (start, end) = (words[a].start, words[b - 1].end);
        let parts: Vec<&str> = words[a..b].iter().map(|w| w.text.as_str()).collect();
        let before = a.checked_sub(1).map(|k| words[k].text.as_str());
        let after = words.get(b).map(|w| w.text.as_str());
        if let Some(ty) = typed_by_head(&parts) {
            let mut end = end;
            // Resolution No. 2025/117, Pier 4: the number is part of the name.
            if let Some(n) = number_after(&words, b, &parts) {
                end = words[n].end;
            }
            push(c, start, end, ty, 0.7, true);
            if let Some(place) = named_after_place(&parts) {
                places.push(place);
            }
        } else if (2..=3).contains(&parts.len())
            && (before.is_some_and(|w| TITLES.contains(&w))
                || after.is_some_and(|w| SAYING.contains(&w))
                || member_of_a_body(&words, b))
        {
            push(c, start, end, EntityType::Person, 0.7, true);
            if let Some(last) = parts.last() {
                people.push((*last).to_string());
            }
        }
        i = b;
    }
    // The places bodies are named after, and people called by their surname, at other mentions.
    for w in &words {
        let starts = |name: &str| {
            doc.chars[w.start..]
                .iter()
                .copied()
                .take(name.chars().count())
                .eq(name.chars())
        };
        for place in &places {
            if starts(place) && at_word_end(doc, w.start + place.chars().count()) {
                push(
                    c,
                    w.start,
                    w.start + place.chars().count(),
                    EntityType::Place,
                    0.6,
                    false,
                );
            }
        }
        if people.contains(&w.text) {
            push(c, w.start, w.end, EntityType::Person, 0.6, false);
        }
    }
}

/// The gazetteer's places where they stand as whole words (China, Latin America, New York).
fn gazetteer_places(doc: &Doc<'_>, c: &mut Vec<Cand>) {
    for m in PLACES.find_iter(&doc.folded) {
        let (start, end) = doc.span(m.start(), m.end());
        let whole = !doc.before(start).is_some_and(char::is_alphanumeric)
            && !doc.at(end).is_some_and(char::is_alphanumeric);
        if whole {
            c.push(Cand {
                start,
                end,
                ty: EntityType::Place,
                conf: GAZETTEER_CONFIDENCE,
                propagate: false,
                source: Source::Gazetteer,
            });
        }
    }
}

/// Whether `of (the) <organisation>` follows word `b`: a person is presented by their body
/// (Sam Whitlock of the Kestrel Bay Chamber of Commerce).
fn member_of_a_body(words: &[Word], b: usize) -> bool {
    if words.get(b).is_none_or(|w| w.text != "of" || w.after_break) {
        return false;
    }
    let at = if words.get(b + 1).is_some_and(|w| w.text == "the") {
        b + 2
    } else {
        b + 1
    };
    name_at(words, at).is_some_and(|(a, e)| {
        let parts: Vec<&str> = words[a..e].iter().map(|w| w.text.as_str()).collect();
        typed_by_head(&parts) == Some(EntityType::Org)
    })
}

/// The capitalised name starting at word `i`, as a word range.
fn name_at(words: &[Word], i: usize) -> Option<(usize, usize)> {
    let capitalised = |w: &Word| w.text.chars().next().is_some_and(char::is_uppercase);
    let first = words.get(i)?;
    if !capitalised(first) || NOT_NAME_STARTS.contains(&first.text.as_str()) {
        return None;
    }
    let mut end = i + 1;
    while let Some(w) = words.get(end) {
        if w.after_break {
            break;
        }
        if capitalised(w) {
            end += 1;
        } else if JOINERS.contains(&w.text.as_str())
            && words
                .get(end + 1)
                .is_some_and(|n| capitalised(n) && !n.after_break)
        {
            end += 2;
        } else {
            break;
        }
    }
    // A sentence's first word alone is an ordinary word written with a capital.
    (!(first.sentence_start && end == i + 1)).then_some((i, end))
}

/// The type a name's head word gives it: its last word, or the word before `of` (`Chamber of
/// Commerce`, `Port of Kestrel Bay`).
fn typed_by_head(parts: &[&str]) -> Option<EntityType> {
    // Resolution No. 7: typed by what is numbered.
    let parts = parts.strip_suffix(&["No."]).unwrap_or(parts);
    let last = parts.last()?;
    if ORG_HEADS.contains(last) {
        return Some(EntityType::Org);
    }
    if WORK_HEADS.contains(last) {
        return Some(EntityType::Work);
    }
    if PLACE_HEADS.contains(last) && parts.len() >= 2 || NUMBERED_PLACES.contains(last) {
        return Some(EntityType::Place);
    }
    // X of Y: Chamber of Commerce, Ministry of Finance, Port of Kestrel Bay.
    let of = parts.iter().position(|w| *w == "of")?;
    let head = parts.get(of.checked_sub(1)?)?;
    if ORG_HEADS.contains(head) {
        Some(EntityType::Org)
    } else if PLACE_HEADS.contains(head) {
        Some(EntityType::Place)
    } else if WORK_HEADS.contains(head) {
        Some(EntityType::Work)
    } else {
        None
    }
}

/// A number or code right after a name that takes one (`Pier 4`, `Resolution No. 2025/117`).
fn number_after(words: &[Word], b: usize, parts: &[&str]) -> Option<usize> {
    let last = parts.last()?;
    let numbered = NUMBERED_PLACES.contains(last) || *last == "No.";
    let w = words.get(b)?;
    (numbered && !w.after_break && w.text.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .then_some(b)
}

/// The place a name is named after: after `Port of`, before `City` (`Kestrel Bay` of `Kestrel
/// Bay City Council`), through `District`, `County`… (`Harbour District` of `Harbour District
/// Plan`).
fn named_after_place(parts: &[&str]) -> Option<String> {
    if let Some(of) = parts.iter().position(|w| *w == "of")
        && parts.first().is_some_and(|w| PLACE_HEADS.contains(w))
    {
        return Some(parts[of + 1..].join(" "));
    }
    let level = parts
        .iter()
        .position(|w| ["City", "County", "District", "Province", "State"].contains(w))?;
    let end = if parts[level] == "City" {
        level
    } else {
        level + 1
    };
    (end >= 1 && end < parts.len()).then(|| parts[..end].join(" "))
}

/// Names in quotes before what makes them a campaign or a programme: the "Make It in the Bay"
/// campaign.
fn quoted_campaigns(doc: &Doc<'_>, c: &mut Vec<Cand>) {
    let chars = &doc.chars;
    let mut open: Option<usize> = None;
    for (i, &ch) in chars.iter().enumerate() {
        match (ch, open) {
            ('“', _) | ('"', None) => open = Some(i + 1),
            ('”' | '"', Some(o)) => {
                open = None;
                let after: String = chars[i + 1..].iter().take(14).collect();
                let campaign = [
                    "campaign",
                    "initiative",
                    "programme",
                    "program",
                    "drive",
                    "scheme",
                ]
                .iter()
                .any(|w| after.trim_start().starts_with(w));
                if campaign && (2..=60).contains(&(i - o)) {
                    push(c, o, i, EntityType::Work, 0.7, false);
                }
            }
            _ => {}
        }
    }
}

fn at_word_end(doc: &Doc<'_>, i: usize) -> bool {
    doc.at(i).is_none_or(|c| !c.is_alphanumeric())
}

/// The words of the text with the breaks before them.
fn words(chars: &[char]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut after_break = true;
    let mut sentence_start = true;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || (matches!(chars[i], '\'' | '-' | '&' | '/')
                        && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())))
            {
                i += 1;
            }
            // An abbreviation keeps its full stop (Co., Ltd., No.).
            let text: String = chars[start..i].iter().collect();
            let with_stop =
                chars.get(i) == Some(&'.') && ENGLISH_ABBREVIATIONS.contains(&text.as_str());
            if with_stop {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            out.push(Word {
                start,
                end: i,
                text,
                after_break,
                sentence_start,
            });
            after_break = false;
            sentence_start = false;
            continue;
        }
        if matches!(c, '.' | '!' | '?' | '\n' | ':') {
            sentence_start = true;
        }
        if !c.is_whitespace() || c == '\n' {
            after_break = true;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::suggest::entity::tests::{ents, has};

    #[test]
    fn bodies_places_works_and_people_of_an_english_report() {
        let e = ents(
            "By Daniel Reyes, Kestrel Bay Gazette\n\n\
             Kestrel Bay City Council has approved a second phase of the Harbour District Plan, \
             Deputy Mayor Helen Okafor announced. Under Council Resolution No. 2025/117, the \
             Kestrel Bay Development Authority will oversee it. Throughput at the Port of Kestrel \
             Bay rose. A $120 million Green Industry Fund will offer grants. Marlow Tidal Systems \
             Ltd opened a plant at Pier 4. Sam Whitlock of the Kestrel Bay Chamber of Commerce \
             disagreed. Okafor said the council will act. The \"Make It in the Bay\" campaign \
             starts in Kestrel Bay. Exports to Latin America and to Henan grew; Chinatown did not.\n",
        );
        for (name, ty) in [
            ("Daniel Reyes", "person"),
            ("Kestrel Bay Gazette", "org"),
            ("Kestrel Bay City Council", "org"),
            ("Harbour District Plan", "work"),
            ("Helen Okafor", "person"),
            ("Council Resolution No. 2025/117", "work"),
            ("Kestrel Bay Development Authority", "org"),
            ("Port of Kestrel Bay", "place"),
            ("Green Industry Fund", "work"),
            ("Marlow Tidal Systems Ltd", "org"),
            ("Pier 4", "place"),
            ("Kestrel Bay Chamber of Commerce", "org"),
            ("Sam Whitlock", "person"),
            ("Latin America", "place"),
            ("Henan", "place"),
            ("Okafor", "person"),
            ("Make It in the Bay", "work"),
            ("Kestrel Bay", "place"),
        ] {
            assert!(has(&e, name, ty), "{name} {ty}: {e:?}");
        }
        // Sentence openings and function words are no names.
        for not in ["Under", "Throughput", "The", "A", "China"] {
            assert!(!e.iter().any(|(t, _)| t == not), "{not}: {e:?}");
        }
    }
}
