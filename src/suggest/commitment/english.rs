//! Commitments in English text: the same unit (a sentence, or a line without a terminator) and
//! the same three attributes as in Chinese, found with English markers.
//!
//! - A sentence ends with `. ! ? ;` before a space or a line end (not after `No.`, `Ltd.`, `Mr.`,
//!   an initial, or inside `3.5`), or with a line break.
//! - **Pledges**: a modal of intent or obligation (`will`, `shall`, `must`, `is to`), a verb of
//!   aiming or planning (`aims to`, `plans to`, `intends to`, `pledged to`, `committed to`,
//!   `is set to`), or a stated target (`target`, `goal`). Not a forecast (`expected to`,
//!   `forecast`, `likely to`, `could`), and not *would*, which reports or supposes.
//! - A numbered or bulleted item under a heading that announces targets or measures (`The
//!   council's targets for the new phase are:`) is a pledge too, as a plan's items are in Chinese.
//! - **Actor**: the subject before the pledge (`The Authority aims to…` → `The Authority`,
//!   `Marlow Tidal Systems Ltd, which opened…, said it plans to…` → `Marlow Tidal Systems Ltd`),
//!   else the speaker (`Okafor said the council "will not…"` → `the council`).
//! - **Deadline**: `by the end of 2025`, `by 2027`, `by mid-2026`, `until 2030`, `over the next 18
//!   months`, `each quarter`, as written. **Target**: the first figure after the pledge's verb,
//!   else one its subject carries (`A $120 million fund will…`).

use super::super::text::{Doc, ENGLISH_ABBREVIATIONS};
use super::super::{Source, Suggestion};
use super::{CharCursor, chars_of, trimmed};
use crate::annotation::Label;
use regex::Regex;
use std::sync::LazyLock;

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("english commitment regex {p}: {e}"))
}

static PLEDGE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\b(?:will|shall|must|(?:is|are) to|aims? to|aiming to|plans? to|planning to|",
        r"intends? to|pledged? to|pledges to|promised? to|promises to|vowed? to|vows to|",
        r"committed to|commits to|(?:is|are) set to|targets?|goals?|seeks? to|strives? to|",
        r"is required to|are required to|has to|have to)\b"
    ))
});

static FORECAST: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:expected to|expects|forecasts?|projected to|likely to|predicted|could|might)\b")
});

/// A heading or lead-in that announces a list of targets or measures.
static LIST_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:targets?|goals?|objectives?|measures|tasks|priorities|commitments|will)\b.*:\s*$")
});

static ITEM: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:\d{1,2}[.)]|[(]?[a-z][)]|[-•*])\s+"));

static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\b(?:by|before|until|no later than|in) (?:the end of |the middle of |mid-|early |late |the first half of |the second half of )?(?:\d{4}|next year|this year|the year|year-end)\b|",
        r"\b(?:over|within|in) the next (?:\d+|[a-z]+(?:-[a-z]+)?) (?:days|weeks|months|years)\b|",
        r"\b(?:each|every) (?:quarter|year|month)\b|\bby year-end\b"
    ))
});

/// Words that end an actor: the verb of the pledge or of speaking.
static ACTOR_END: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?i)[,\s]["“]?(?:will|shall|must|is|are|aims?|plans?|intends?|pledged|pledges|promised|"#,
        r"vowed|committed|commits|seeks?|strives?|has|have|said|says|announced|stated|told)\b"
    ))
});

/// Words that open a phrase before a sentence's subject.
const LEADING_PREPOSITIONS: &[&str] = &[
    "Under",
    "In",
    "By",
    "On",
    "At",
    "From",
    "After",
    "With",
    "Through",
    "Since",
    "For",
    "Over",
    "Following",
    "According",
    "As",
];

/// Proposes the English commitments of `doc`; `figures` are its figures sorted by start.
pub(super) fn suggest(doc: &Doc<'_>, figures: &[Suggestion], out: &mut Vec<Suggestion>) {
    let mut original = CharCursor::new(doc.text);
    let mut under_lead = false;
    for (start, end) in sentences(&doc.chars) {
        let text = doc.slice(start, end);
        let is_item = ITEM.is_match(text);
        if !is_item {
            // A list's lead-in holds for the items right after it.
            under_lead = LIST_LEAD.is_match(text);
        }
        let marker = PLEDGE.find(text);
        let pledge = marker.is_some() && !FORECAST.is_match(text);
        if !(pledge || (is_item && under_lead)) {
            continue;
        }
        // Attributes are quoted from the original text (the rules read the folded one).
        let mut quote = |part: &str| {
            let (a, b) = chars_of(doc, part);
            original.slice(a, b).to_owned()
        };
        let deadline = DEADLINE
            .find(text)
            .map(|m| quote(m.as_str()))
            .unwrap_or_default();
        let item = ITEM.find(text).map_or(text, |m| &text[m.end()..]);
        let actor = actor(item).map(&mut quote).unwrap_or_default();
        // The figure the pledge is about follows its verb, or belongs to its subject ("A $120
        // million fund will offer…"), not to a clause before it ("which opened a $450 million
        // plant, said it plans to…").
        let marker = marker.map_or(start, |m| start + text[..m.start()].chars().count());
        let first = figures.partition_point(|f| f.start < start);
        let in_sentence: Vec<&Suggestion> = figures[first..]
            .iter()
            .take_while(|f| f.start < end)
            .filter(|f| f.end <= end)
            .collect();
        let target = in_sentence
            .iter()
            .find(|f| f.start >= marker)
            .or_else(|| {
                in_sentence
                    .iter()
                    .rev()
                    .find(|f| f.end <= marker && !doc.chars[f.end..marker].contains(&','))
            })
            .map(|f| original.slice(f.start, f.end).to_owned())
            .unwrap_or_default();
        out.push(Suggestion {
            start,
            end,
            label: Label::Commitment {
                actor,
                deadline,
                target,
            },
            confidence: if pledge { 0.8 } else { 0.6 },
            source: Source::Rule,
        });
    }
}

/// The subject of a pledge: the words before its verb when they name someone (a capitalised
/// word, or `the council`), without a relative clause; else the one a speaker reports.
fn actor(text: &str) -> Option<&str> {
    fn subject_of(s: &str) -> Option<&str> {
        let m = ACTOR_END.find(s)?;
        let head = s[..m.start()].trim();
        // A leading phrase ("Under Resolution No. 7, the Authority will…") is not the subject,
        // nor a relative clause after it ("Marlow Ltd, which opened …, said").
        let mut clauses = head.split(',').map(str::trim);
        let first = clauses.next().unwrap_or(head);
        let opens_with_phrase = first
            .split_whitespace()
            .next()
            .is_some_and(|w| LEADING_PREPOSITIONS.contains(&w));
        let head = if opens_with_phrase {
            clauses.next().unwrap_or("")
        } else {
            first
        };
        let head = head.trim_start_matches(['"', '\'', '“', '‘']);
        // "The council's targets": the council.
        let head = head.split("'s ").next().unwrap_or(head);
        let words: Vec<&str> = head.split_whitespace().collect();
        let capitals = words
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        // Someone named: "the council", "The Authority", or a name of several capitalised words.
        let named =
            matches!(words.first(), Some(&"the" | &"The")) && words.len() >= 2 || capitals >= 2;
        (named && words.len() <= 8).then_some(head)
    }
    // "Okafor said the council will …": the council pledges, Okafor reports it; "Marlow Ltd said
    // it plans to …": Marlow does.
    for verb in [" said ", " says ", " announced ", " stated "] {
        if let Some(i) = text.find(verb) {
            let rest = &text[i + verb.len()..];
            let rest = rest.strip_prefix("that ").unwrap_or(rest);
            let rest = rest.trim_start_matches(['"', '“']);
            if let Some(reported) = subject_of(rest) {
                return Some(reported);
            }
            break;
        }
    }
    subject_of(text)
}

/// Sentences as (start, end) char ranges, whitespace trimmed.
fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |s: usize, e: usize| out.extend(trimmed(chars, s, e));
    for i in 0..chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let at_break = next.is_none_or(|n| n.is_whitespace() || n == '"' || n == '”');
        let ends = match c {
            '\n' => true,
            '!' | '?' | ';' => at_break,
            '.' => at_break && !after_abbreviation(chars, i),
            _ => false,
        };
        if ends {
            // Keep a closing quote with its sentence.
            let mut end = if c == '\n' { i } else { i + 1 };
            if matches!(chars.get(end), Some('"' | '”')) {
                end += 1;
            }
            push(start, end);
            start = end;
        }
    }
    push(start, chars.len());
    out
}

/// Whether the full stop at `i` closes an abbreviation or an initial rather than a sentence.
fn after_abbreviation(chars: &[char], i: usize) -> bool {
    // Abbreviations and list numbers are short: look back no further than a few characters.
    let from = i.saturating_sub(12);
    let word_start = chars[from..i]
        .iter()
        .rposition(|c| !(c.is_alphanumeric() || *c == '.'))
        .map_or(from, |p| from + p + 1);
    let word: String = chars[word_start..i].iter().collect();
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    // A list item's number at the start of a line: "1. The Authority aims to…".
    let indent = chars[..word_start]
        .iter()
        .rev()
        .take_while(|c| **c != '\n' && c.is_whitespace())
        .count();
    let line_start = word_start == indent || chars[word_start - indent - 1] == '\n';
    let enumerator = line_start && !word.is_empty() && word.chars().all(|c| c.is_ascii_digit());
    initial || enumerator || ENGLISH_ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::super::tests::commitments;

    #[test]
    fn pledges_not_results_forecasts_or_demands() {
        let found = commitments(
            "The first phase, launched in 2021, attracted 46 manufacturers and created 4,800 jobs. \
             Throughput reached 1.2 million TEU in 2024. The port is expected to grow 5 percent. \
             Marlow Tidal Systems Ltd, which opened a $450 million plant, said it plans to hire 600 \
             more workers by mid-2026. Okafor said the council \"will not accept delays\". \
             Whitlock urged the council to publish spending figures.\n",
        );
        let texts: Vec<&str> = found.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[0].starts_with("Marlow"), "{texts:?}");
        assert_eq!(found[0].1, "Marlow Tidal Systems Ltd");
        assert_eq!(found[0].2, "by mid-2026");
        assert_eq!(found[0].3, "", "the plant it opened is no target");
        assert_eq!(found[1].1, "the council");
    }

    #[test]
    fn a_list_of_targets_pledges_each_item() {
        let found = commitments(
            "The council's targets for the new phase are:\n\n\
             1. The Authority aims to build two new berths by the end of 2025.\n\
             2. Output must grow by at least 8 percent a year.\n\
             3. A $120 million Green Industry Fund offers grants to small firms.\n\
             Industry reaction\n",
        );
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].1, "The council");
        assert_eq!(found[1].1, "The Authority");
        assert_eq!(found[1].2, "by the end of 2025");
        assert_eq!(found[2].3, "8 percent");
        assert_eq!(found[3].3, "$120 million");
    }

    #[test]
    fn attributes_are_quoted_as_written() {
        let found = commitments("Ｔhe Ａuthority will build two berths by ２０２７.\n");
        assert_eq!(found[0].1, "Ｔhe Ａuthority", "{found:?}");
        assert_eq!(found[0].2, "by ２０２７");
    }

    #[test]
    fn abbreviations_and_decimals_end_no_sentence() {
        let found =
            commitments("Under Resolution No. 2025/117, Orrin Co. will invest 3.5 percent more.\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].0.starts_with("Under Resolution No. 2025/117"),
            "{found:?}"
        );
    }
}
