//! Entities: organisations, places, people and works.
//!
//! Rules, from most to least certain (all run on the folded view, see [`crate::text::fold`]):
//!
//! 1. **Titles** `《…》` are works (periodicals, 《今日报》, are media: organisations); the span
//!    is the outermost title without the brackets.
//! 2. **Quoted campaigns**: `“…”` followed by `活动/行动/工程/战略/计划/综合评价/工作组…` is a
//!    work; every other quoted occurrence of the same name in the document is too.
//! 3. **Responsible-unit lists** after `责任单位：` (and `牵头单位`…): each item not starting
//!    with `各` is an organisation (`市委组织部(市人才办)` gives both).
//! 4. **Government short forms**: `[省市县区]` + `委/政府/人民政府` (+ `办公室`…), optionally
//!    after a place name (`郑州市政府`), and `[省市县区]` + up to six chars + `局/委/办/厅`
//!    after a list or clause boundary (`市科工信局`, `省污染防治攻坚办`).
//! 5. **Suffix names**: a company/institute/lab/university/centre suffix (`有限公司`,
//!    `研究所`, `实验室`, `大学`, `中心`…) or a work suffix (`计划`, `方案`, `会议`, `论坛`,
//!    `试点示范`…) extended leftwards over jieba tokens until a function word or a clause verb.
//!    Generic suffixes (`中心`, `基地`, works) need a named head: a place, `国家/省/市`, an
//!    ordinal `第…届`/`首届`, a year or a period (`2025…活动`, `三年行动计划`), a preceding
//!    `实施/召开/参照…`, or enough length. A suffix inside a verb (`出席会议`) or beginning a
//!    longer word (`工程师`) is none.
//! 6. **Places**: `X省/X市/X县/X区` and development zones (`高新区`, `开发区`, `…园区` after a
//!    zone), province names, and jieba `ns` words that also occur with `市/省` in the same
//!    document (so `郑州` counts once `郑州市` was seen).
//! 7. **People**: names in bylines (`记者 王小明`) and before titles (`…书记`, `…市长`).
//! 8. **Company lists before a count**: `新增甲公司等5家`, `甲、乙等8家企业` are organisations.
//!
//! Every name found by rules 2–7 is then matched everywhere else in the document
//! (one sense per discourse), and where names overlap only the outermost is kept.
//!
//! Beside the rules, the base model's names and the gazetteer's (`names.rs`, cut to the
//! guidelines' spans) join the same candidate list, with the constructions that name
//! organisations and abbreviated places (`institutions.rs`, `abbreviations.rs`). Text written in
//! English has rules of its own (`english.rs`).
//!
//! Every rule feeds one candidate list that one resolution step settles (this file); titles
//! (`titles.rs`), lists (`lists.rs`) and suffix names (`suffixes.rs`) live apart, the word lists
//! in `lexicon.rs`, and the tests are the last ~120 lines.

use super::model::Reading;
use super::text::{Bracket, Doc, Region, enclosing, is_han, regions};
use super::{Source, Suggester, Suggestion};
use crate::annotation::{EntityType, Kind, Label};
use aho_corasick::{AhoCorasickBuilder, MatchKind};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

mod abbreviations;
mod english;
mod institutions;
mod lexicon;
mod lists;
mod names;
mod suffixes;
mod titles;
use abbreviations::abbreviations_in_context;
use institutions::{
    bodies_by_their_officials, bracketed_short_forms, organisations_by_their_officers,
    parts_of_bodies, state_institutions,
};
use lexicon::{
    GENERIC_GOVERNMENTS, GENERIC_HEADS, GENERIC_NAMES, PEOPLES_AND_FAITHS, PERIODS, PROVINCES,
    TITLES,
};
use lists::{abbreviated_place_lists, counted_lists, counted_members, responsible_lists};
use names::{gazetteer_names, model_names, people_by_their_last_name, people_by_their_surname};
use suffixes::{starts_with_ns, suffix_names};
use titles::{title_lines, titles_and_quotes};

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("entity regex {p}: {e}"))
}

static GOV: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"[省市县区](?:委|人民政府|政府|人大常委会|政协)(?:办公室|办公厅|组织部|宣传部|统战部|政法委)?",
    )
});

static GOV_DEPT: LazyLock<Regex> =
    LazyLock::new(|| re(r"[省市县区][\p{Han}]{1,6}?(?:局|委员会|委|办|厅)"));

static PLACE: LazyLock<Regex> =
    LazyLock::new(|| re(r"[\p{Han}]{2,4}?(?:省|市|县|自治州|自治区|区|镇|乡)"));

static ZONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:[\p{Han}]{2,3}?(?:市|省))?(?:国家)?(?:高新区|经开区|开发区|自贸区|自创区|保税区|综保区|高新技术产业开发区|经济技术开发区)(?:[\p{Han}]{2}园区)?",
    )
});

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:记者|通讯员|编辑|责编|作者|摄影|摄|文|图)[ \t]+((?:[\p{Han}]{2,4}(?:[ \t、]+|$|/|\n))+)",
    )
});

/// A news dateline: the agency, the place, the date, 电.
static DATELINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:本报|新华社|中新社|本刊)(\p{Han}{2,6}?)\d{1,2}月\d{1,2}日电"));

/// A news byline run into the sentence: 记者成元生报道, 记者李华、王明报道.
static REPORTED_BY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:记者|通讯员)((?:[\p{Han}]{2,3}、)*[\p{Han}]{2,3})(?:报道|报导)"));

static MEDIA: LazyLock<Regex> =
    LazyLock::new(|| re(r"CCTV-?\d*|[\p{Han}]{2,6}(?:日报|晚报|电视台|广播电台|新闻网)"));

/// Proposes organisations, places, people and works.
#[derive(Default)]
pub struct EntitySuggester;

impl Suggester for EntitySuggester {
    fn kind(&self) -> Kind {
        Kind::Entity
    }

    fn suggest(&self, text: &str, out: &mut Vec<Suggestion>) {
        self.suggest_doc(&Doc::new(text), out);
    }
}

/// A candidate before overlap resolution.
#[derive(Clone, Debug)]
struct Cand {
    start: usize,
    end: usize,
    ty: EntityType,
    conf: f32,
    /// Whether other occurrences of the same text should be suggested too.
    propagate: bool,
    source: Source,
}

/// The model's names are proposed from this confidence (the CRF marginal, lowest over the name).
const MODEL_MIN_CONFIDENCE: f32 = 0.5;
/// Names the model is this sure of are proposed at their other mentions too.
const MODEL_PROPAGATE_CONFIDENCE: f32 = 0.9;
/// One-character names (中, 美, 豫: abbreviations of countries and provinces; 王 of 王大娘) need
/// this much.
const SINGLE_CHAR_CONFIDENCE: f32 = 0.8;
/// Confidence of a gazetteer name the model segments as a word.
const GAZETTEER_CONFIDENCE: f32 = 0.85;

impl EntitySuggester {
    /// A suggester (jieba is loaded lazily, once per process).
    pub fn new() -> EntitySuggester {
        EntitySuggester
    }

    pub(crate) fn suggest_doc(&self, doc: &Doc<'_>, out: &mut Vec<Suggestion>) {
        let regions = regions(&doc.chars);
        // The model reads Chinese only; English text has rules of its own.
        let chinese = doc.is_chinese();
        let reading = if chinese {
            Reading::of(&doc.chars)
        } else {
            Reading::none(doc.chars.len())
        };
        let mut c: Vec<Cand> = Vec::new();
        titles_and_quotes(doc, &regions, &mut c);
        title_lines(doc, &mut c);
        responsible_lists(doc, &mut c);
        gov_bodies(doc, &mut c);
        suffix_names(doc, &regions, &reading, &mut c);
        let tagged = tag_lines(doc);
        places(doc, &tagged, &mut c);
        people(doc, &tagged, &mut c);
        counted_lists(doc, &mut c);
        counted_members(doc, &mut c);
        abbreviated_place_lists(doc, &mut c);
        for m in MEDIA.find_iter(&doc.folded) {
            let (s, e) = doc.span(m.start(), m.end());
            push(&mut c, s, e, EntityType::Org, 0.6, false);
        }
        model_names(doc, &reading, &mut c);
        gazetteer_names(doc, &reading, &mut c);
        abbreviations_in_context(doc, &reading, &mut c);
        state_institutions(doc, &reading, &mut c);
        parts_of_bodies(doc, &reading, &mut c);
        bracketed_short_forms(doc, &mut c);
        bodies_by_their_officials(doc, &reading, &mut c);
        // The genre rules take in what precedes a suffix (日报, 中心, 政府): a name begins after
        // the function words the model reads before it.
        for x in c.iter_mut().filter(|x| {
            // A surname can be a verb (成, 任, 于): people keep their first character.
            x.source == Source::Rule && matches!(x.ty, EntityType::Org | EntityType::Place)
        }) {
            x.start = reading.name_start(x.start, x.end);
        }
        if !chinese {
            english::english_names(doc, &mut c);
        }
        // Drop anything that lies inside a 《title》 or is a generic mention.
        c.retain(|x| {
            let t = doc.slice(x.start, x.end);
            let inside_title = enclosing(&regions, x.start, x.end)
                .is_some_and(|r| r.bracket == Bracket::Title && r.inner() != (x.start, x.end));
            // One character: an abbreviated place (the model's, or in a list of them) or a
            // surname the model reads as a person.
            let long_enough = t.chars().count() >= 2
                || (x.conf >= SINGLE_CHAR_CONFIDENCE
                    && (x.ty == EntityType::Place
                        || (x.ty == EntityType::Person && x.source == Source::Model)));
            let generic = GENERIC_NAMES.contains(&t)
                || PERIODS.contains(&t)
                || PEOPLES_AND_FAITHS.contains(&t)
                || t.strip_suffix("政府")
                    .is_some_and(|head| GENERIC_GOVERNMENTS.contains(&head))
                || lexicon::is_cyclic_year(t);
            !inside_title && !t.starts_with('各') && long_enough && !generic
        });
        // No name begins or ends with a space (the model reads 　县议会… with the indent).
        for x in c.iter_mut() {
            while x.start < x.end && doc.at(x.start).is_some_and(char::is_whitespace) {
                x.start += 1;
            }
            while x.end > x.start && doc.before(x.end).is_some_and(char::is_whitespace) {
                x.end -= 1;
            }
        }
        c.retain(|x| x.end > x.start);
        propagate(doc, &regions, &reading, &mut c);
        organisations_by_their_officers(doc, &mut c);
        people_by_their_last_name(doc, &mut c);
        people_by_their_surname(doc, &reading, &mut c);
        resolve(&mut c);
        for x in c {
            out.push(Suggestion {
                start: x.start,
                end: x.end,
                label: Label::Entity { entity_type: x.ty },
                confidence: x.conf,
                source: x.source,
            });
        }
    }
}

fn push(c: &mut Vec<Cand>, start: usize, end: usize, ty: EntityType, conf: f32, propagate: bool) {
    if end > start {
        c.push(Cand {
            start,
            end,
            ty,
            conf,
            propagate,
            source: Source::Rule,
        });
    }
}

fn boundary_before(doc: &Doc<'_>, i: usize) -> bool {
    match doc.before(i) {
        None => true,
        Some(p) => !is_han(p) || "、和与及由对经向在将把请是的并或等会同联合牵头配合从".contains(p),
    }
}

fn gov_bodies(doc: &Doc<'_>, c: &mut Vec<Cand>) {
    for m in GOV.find_iter(&doc.folded) {
        let (mut s, e) = doc.span(m.start(), m.end());
        // A place name right before: 郑州市政府 (郑州 + 市政府).
        if let Some(p) = place_head_before(doc, s) {
            s = p;
        } else if doc
            .before(s)
            .is_some_and(|p| "城都上超门股集夜街闹开入全本该我各跨郊辖社景园片小山外".contains(p))
        {
            continue;
        }
        push(c, s, e, EntityType::Org, 0.8, true);
    }
    for m in GOV_DEPT.find_iter(&doc.folded) {
        let (s, e) = doc.span(m.start(), m.end());
        let t = m.as_str();
        if !boundary_before(doc, s)
            || joint_of_two_bodies(&doc.chars[s..e]).is_some()
            || t.contains(['的', '与', '及', '等', '各', '在'])
        {
            continue;
        }
        push(c, s, e, EntityType::Org, 0.7, true);
    }
}

/// Where a conjunction joins two bodies in what reads as one name: before a second level word
/// (县委和县政府, 市委与市政府). 和 inside one name (市工业和信息化局, 区住房和城乡建设局) is none.
fn joint_of_two_bodies(name: &[char]) -> Option<usize> {
    name.windows(2).position(|w| {
        matches!(w[0], '和' | '与' | '及') && matches!(w[1], '省' | '市' | '县' | '区')
    })
}

/// If a place name (2–3 chars tagged `ns`, or a province) ends right at `s`, its start.
fn place_head_before(doc: &Doc<'_>, s: usize) -> Option<usize> {
    let from = s.saturating_sub(4);
    let window = doc.slice(from, s);
    let tags = crate::text::words::jieba().tag(window, false);
    let last = tags.last()?;
    let word_chars = last.word.chars().count();
    if (last.tag == "ns" || PROVINCES.contains(&last.word)) && word_chars >= 2 {
        return Some(s - word_chars);
    }
    // Two Han chars after a boundary, before a level suffix: 新密市人民政府 (新密 + 市…).
    let level = doc.at(s).is_some_and(|c| "省市县区".contains(c));
    let two_han = s >= 2 && doc.chars[s - 2..s].iter().all(|c| is_han(*c));
    if level && two_han && boundary_before(doc, s - 2) {
        Some(s - 2)
    } else {
        None
    }
}

/// jieba words of every line: (start char, word, tag).
type Tagged = Vec<(usize, String, &'static str)>;

fn tag_lines(doc: &Doc<'_>) -> Tagged {
    let mut out = Vec::new();
    for (ls, line) in line_spans(doc) {
        let mut pos = ls;
        for t in crate::text::words::jieba().tag(line, false) {
            let n = t.word.chars().count();
            // Only words that can matter to places and people are kept.
            if t.tag.starts_with("ns") || t.tag.starts_with("nr") || TITLES.contains(&t.word) {
                out.push((pos, t.word.to_string(), tag_static(t.tag)));
            }
            pos += n;
        }
    }
    out
}

fn tag_static(tag: &str) -> &'static str {
    match tag {
        t if t.starts_with("ns") => "ns",
        t if t.starts_with("nr") => "nr",
        _ => "title",
    }
}

fn places(doc: &Doc<'_>, tagged: &Tagged, c: &mut Vec<Cand>) {
    // A news dateline names where the report was filed: 本报渥太华6月28日电.
    for caps in DATELINE.captures_iter(&doc.folded) {
        if let Some(m) = caps.get(1) {
            let (s, e) = doc.span(m.start(), m.end());
            push(c, s, e, EntityType::Place, 0.8, true);
        }
    }
    for m in ZONE.find_iter(&doc.folded) {
        let (mut s, mut e) = doc.span(m.start(), m.end());
        let t = m.as_str();
        let mut with_park = t.ends_with("园区") && t.chars().count() > 4;
        if with_park && GENERIC_HEADS.iter().any(|g| doc.slice(e - 4, e - 2) == *g) {
            e -= 4;
            with_park = false;
        }
        // Counted, every or a level of zones (省级开发区) is no zone in particular.
        if doc
            .before(s)
            .is_some_and(|p| "个家类各全等些级".contains(p))
        {
            continue;
        }
        if let Some(p) = place_head_before(doc, s) {
            s = p;
        }
        push(c, s, e, EntityType::Place, 0.7, true);
        // The last component of a zone name (…园区) is a place of its own.
        if with_park {
            let sub = e - 4;
            push(c, sub, e, EntityType::Place, 0.6, true);
        }
    }
    // jieba place words, plus 市/省/县/区 right after them.
    let mut cities: Vec<String> = Vec::new();
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for (pos, word, tag) in tagged {
        let (pos, n) = (*pos, word.chars().count());
        if *tag == "ns" && n >= 2 && word.chars().all(is_han) {
            let mut end = pos + n;
            if doc.at(end).is_some_and(|ch| "省市县".contains(ch))
                && !word.ends_with(['省', '市', '县'])
                && !doc
                    .at(end + 1)
                    .is_some_and(|ch| "级内外长委场民区".contains(ch))
            {
                end += 1;
            }
            let w = doc.slice(pos, end).to_string();
            if w.ends_with(['省', '市', '县']) && w.chars().count() >= 3 {
                cities.push(w.trim_end_matches(['省', '市', '县']).to_string());
            }
            found.push((pos, end, w));
        }
    }
    for (s, e, w) in found {
        let suffixed = w.ends_with(['省', '市', '县', '州']) && w.chars().count() >= 3;
        let known = PROVINCES.contains(&w.as_str()) || cities.contains(&w);
        if suffixed || known {
            push(c, s, e, EntityType::Place, 0.65, suffixed);
        }
    }
}

/// Each line of the folded text with its starting char index.
fn line_spans<'a>(doc: &'a Doc<'_>) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut ch = 0;
    for line in doc.folded.split('\n') {
        out.push((ch, line));
        ch += line.chars().count() + 1;
    }
    out
}

fn people(doc: &Doc<'_>, tagged: &Tagged, c: &mut Vec<Cand>) {
    for caps in REPORTED_BY.captures_iter(&doc.folded) {
        let Some(names) = caps.get(1) else { continue };
        let (mut pos, _) = doc.span(names.start(), names.end());
        for name in names.as_str().split('、') {
            let n = name.chars().count();
            push(c, pos, pos + n, EntityType::Person, 0.8, true);
            pos += n + 1;
        }
    }
    for caps in BYLINE.captures_iter(&doc.folded) {
        let Some(names) = caps.get(1) else { continue };
        let (s0, _) = doc.span(names.start(), names.end());
        let mut pos = s0;
        for part in names.as_str().split_inclusive([' ', '\t', '、', '/', '\n']) {
            let n = part.chars().count();
            let name_len = part.chars().take_while(|ch| is_han(*ch)).count();
            let word: String = part.chars().take(name_len).collect();
            let role = [
                "记者",
                "通讯员",
                "编辑",
                "责编",
                "作者",
                "摄影",
                "实习生",
                "报道",
                "报导",
                "供图",
            ]
            .contains(&word.as_str())
                // Where the reporter filed from: 青岚报导.
                || word.ends_with("报道")
                || word.ends_with("报导");
            if (2..=4).contains(&name_len) && !role {
                push(c, pos, pos + name_len, EntityType::Person, 0.7, true);
            }
            pos += n;
        }
    }
    for (i, (pos, word, tag)) in tagged.iter().enumerate() {
        let n = word.chars().count();
        let next = tagged.get(i + 1);
        if *tag == "nr"
            && (2..=4).contains(&n)
            && next.is_some_and(|(p, w, t)| {
                *t == "title" && *p == pos + n && TITLES.contains(&w.as_str())
            })
        {
            push(c, *pos, pos + n, EntityType::Person, 0.7, true);
        }
    }
}

/// Suggests every other occurrence of a propagating name, with the same type.
fn propagate(doc: &Doc<'_>, regions: &[Region], reading: &Reading, c: &mut Vec<Cand>) {
    // Per name: type, confidence, quoted, and whether its mentions must be whole words (names
    // from the model and the gazetteer; the genre rules' names carry their own boundaries).
    let mut names: HashMap<String, (EntityType, f32, bool, bool)> = HashMap::new();
    for x in c.iter().filter(|x| x.propagate) {
        let t = doc.slice(x.start, x.end).to_string();
        if t.chars().count() >= 2 {
            let quoted = enclosing(regions, x.start, x.end)
                .is_some_and(|r| r.bracket == Bracket::Quote && r.inner() == (x.start, x.end));
            // Two characters recur inside other words (民阵 in 人民阵线): whole words only too.
            let words_only =
                matches!(x.source, Source::Model | Source::Gazetteer) || x.end - x.start <= 2;
            names
                .entry(t)
                .or_insert((x.ty, x.conf * 0.9, quoted, words_only));
        }
    }
    if names.is_empty() {
        return;
    }
    let mut keys: Vec<&String> = names.keys().collect();
    keys.sort();
    let Ok(ac) = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&keys)
    else {
        return;
    };
    let mut extra = Vec::new();
    for m in ac.find_iter(&doc.folded) {
        let (s, e) = doc.span(m.start(), m.end());
        let Some(key) = keys.get(m.pattern().as_usize()) else {
            continue;
        };
        let Some(&(ty, conf, quoted, words_only)) = names.get(*key) else {
            continue;
        };
        if words_only && !reading.is_word_aligned(s, e) {
            continue;
        }
        // Quoted names recur only in quotes.
        if quoted
            && !enclosing(regions, s, e)
                .is_some_and(|r| r.bracket == Bracket::Quote && r.inner() == (s, e))
        {
            continue;
        }
        if enclosing(regions, s, e).is_some_and(|r| r.bracket == Bracket::Title) {
            continue;
        }
        extra.push(Cand {
            start: s,
            end: e,
            ty,
            conf,
            propagate: false,
            source: Source::Consistency,
        });
    }
    c.extend(extra);
}

/// Keeps the outermost of overlapping names (ties: higher confidence, then earlier rule).
fn resolve(c: &mut Vec<Cand>) {
    c.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.conf.total_cmp(&a.conf))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Cand> = Vec::new();
    for x in c.drain(..) {
        if kept.iter().all(|k| x.end <= k.start || k.end <= x.start) {
            kept.push(x);
        }
    }
    kept.sort_by_key(|x| (x.start, x.end));
    *c = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn ents(text: &str) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        EntitySuggester::new().suggest(text, &mut out);
        let chars: Vec<char> = text.chars().collect();
        out.into_iter()
            .map(|s| {
                let t: String = chars[s.start..s.end].iter().collect();
                match s.label {
                    Label::Entity { entity_type } => (t, entity_type.as_str()),
                    _ => unreachable!(),
                }
            })
            .collect()
    }

    pub(super) fn has(v: &[(String, &str)], t: &str, ty: &str) -> bool {
        v.iter().any(|(a, b)| a == t && *b == ty)
    }

    #[test]
    fn periods_cyclic_years_peoples_and_faiths_are_not_names() {
        assert!(lexicon::is_cyclic_year("丁丑") && lexicon::is_cyclic_year("甲子"));
        assert!(!lexicon::is_cyclic_year("甲丑") && !lexicon::is_cyclic_year("丁伟"));
        let e = ents(
            "南宋淳熙年间刻本。丁丑盛夏之日，民国出版物几百种。在满族联欢会上讲佛教史迹。依靠小城镇政府的财政。",
        );
        for not in ["南宋", "丁丑", "民国", "满族", "佛教", "小城镇政府"] {
            assert!(!e.iter().any(|(t, _)| t == not), "{not}: {e:?}");
        }
    }

    #[test]
    fn national_bodies_armies_and_media_from_the_gazetteer() {
        let e = ents("武警官兵和解放军指战员奋战在一线。新四军的历史陈列在馆内。");
        for org in ["武警", "解放军", "新四军"] {
            assert!(has(&e, org, "org"), "{org}: {e:?}");
        }
    }

    #[test]
    fn bodies_named_before_the_people_in_charge_of_them() {
        let e =
            ents("会上，科技创新委员会、经济发展部负责同志通报了工作情况。各部门负责同志参加。");
        assert!(has(&e, "科技创新委员会", "org"), "{e:?}");
        assert!(has(&e, "经济发展部", "org"), "{e:?}");
        assert!(!e.iter().any(|(t, _)| t.contains("部门")), "{e:?}");
    }

    #[test]
    fn government_short_forms_and_companies() {
        let e = ents("认真贯彻市委、市政府部署，河湾科技股份有限公司获评示范企业。");
        assert!(has(&e, "市委", "org"));
        assert!(has(&e, "市政府", "org"));
        assert!(has(&e, "河湾科技股份有限公司", "org"));
        // 和 inside a department's name, and between two bodies.
        let e = ents("市发展改革委、市工业和信息化局要加强协作。县委和县政府高度重视。");
        assert!(has(&e, "市工业和信息化局", "org"), "{e:?}");
        assert!(!e.iter().any(|(t, _)| t.contains("委和县")), "{e:?}");
    }

    #[test]
    fn places_and_zones() {
        let e = ents("广州市天河区和广州高新区签约，广东省领导出席。广州的企业");
        assert!(has(&e, "广州高新区", "place"));
        assert!(has(&e, "广东省", "place"));
        assert!(has(&e, "广州", "place"));
    }

    #[test]
    fn bylines_are_people() {
        let e = ents("本报曼谷6月11日电记者成元生、李华报道：泰国总理出席。");
        assert!(
            has(&e, "成元生", "person") && has(&e, "李华", "person"),
            "{e:?}"
        );
        assert!(has(&e, "曼谷", "place"), "the dateline's place: {e:?}");
        let e = ents("正文。\n记者 王小明 通讯员 李华/图");
        assert!(has(&e, "王小明", "person"));
        assert!(has(&e, "李华", "person"));
    }

    #[test]
    fn names_without_the_spaces_around_them_and_bylines_without_the_dateline() {
        let e = ents(
            "記者林育萱／青嵐報導\n　縣議會經濟委員會召集人蔡明哲提醒。\n• 临江远航动力科技股份有限公司三期项目投产。",
        );
        assert!(has(&e, "林育萱", "person"), "{e:?}");
        assert!(!e.iter().any(|(t, _)| t.contains("報導")), "{e:?}");
        assert!(e.iter().all(|(t, _)| t.trim() == t), "{e:?}");
    }

    #[test]
    fn generic_mentions_are_not_entities() {
        let e = ents("各乡镇政府要支持企业和龙头企业发展，市场主体");
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn traditional_characters() {
        let e = ents("責任單位：市發展改革委、市財政局\n印發《廣州市數字經濟發展規劃》");
        assert!(has(&e, "市發展改革委", "org"));
        assert!(has(&e, "市財政局", "org"));
        assert!(has(&e, "廣州市數字經濟發展規劃", "work"));
    }
}
