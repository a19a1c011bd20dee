//! One-character abbreviations of countries and provinces (中, 美, 俄, 巴, 京, 沪) where the context
//! says they name a place. Alone, such a character is nearly always an ordinary word; Chinese
//! writing abbreviates a place to one character in a few fixed constructions:
//!
//! - two or three of them before what places share or do together: 中美关系, 巴以谈判, 俄美特使,
//!   印巴边界, 京沪高速 (each character one place);
//! - one before 方 standing as a word, "the … side": 中方, 美方, 巴方;
//! - one after 对 before what a policy is about: 对日出口, 对伊政策, 对美立场;
//! - one before a head of state or government: 巴总理, 美总统;
//! - 华 (China) after a verb of coming, staying or stance: 来华, 访华, 驻华, 对华, and in the
//!   words for people of Chinese descent (华人, 华侨, 华裔, 华工, 华商); 中 of 中外 (China and
//!   abroad). News NER tags these characters as the country, as here;
//! - 京, 沪, 港, 澳, 台 after a verb of going, coming or staying: 赴台, 进京, 来沪, 驻港, 本港.
//!
//! And a country named in full in the document (塔吉克斯坦, 哥伦比亚, 伊拉克) is then abbreviated
//! to its first character before what a state has or does (塔政局, 哥宪法, 伊重申 is left: only
//! nouns of the state): 塔内战, 伊当局.
//!
//! Where the base model read such a place as part of a longer name (伊科 as a person, 美中科技 as
//! an organisation), the longer reading is dropped.

use super::lexicon::PLACE_ABBREVIATIONS;
use super::names::is_pair_of_abbreviations;
use super::{Cand, push, re};
use crate::annotation::EntityType;
use crate::suggest::gazetteer::GAZETTEER;
use crate::suggest::model::Reading;
use crate::suggest::text::Doc;
use regex::Regex;
use std::sync::LazyLock;

/// Confidence of a place found this way.
const CONFIDENCE: f32 = 0.85;

/// What two places share or do together, right after their abbreviations.
const SHARED: &str = "关系|两国|两地|双方|之间|会谈|谈判|和谈|合作|贸易|经贸|利率|汇率|边界|边境|\
                      特使|峰会|首脑|战争|冲突|争端|科技|友好|建交|对话|协议|条约|高速|铁路|航线";
/// What a policy towards a country is about, after 对 and its abbreviation.
const POLICY: &str = "出口|进口|政策|立场|贸易|制裁|投资|援助|态度|关系|方针|战略|外交";
/// Heads of state and government after a country's abbreviation.
const LEADERS: &str = "总统|总理|副总理|外长|首相|国王|国防部长";
/// Verbs and prepositions before 华 meaning China (not before 华东, 华盛顿, 华尔街, 华为, 华人…).
const TO_CHINA: &str = "来|访|在|对|驻|赴|旅|离|援|侵|抵|返";

static PAIRS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "([{a}]{{2,3}})(?:{SHARED})",
        a = PLACE_ABBREVIATIONS
    ))
});
static SIDE: LazyLock<Regex> = LazyLock::new(|| re(&format!("([{a}])方", a = PLACE_ABBREVIATIONS)));
static TOWARDS: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("对([{a}])(?:{POLICY})", a = PLACE_ABBREVIATIONS)));
static HEAD: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("([{a}])(?:{LEADERS})", a = PLACE_ABBREVIATIONS)));
static CHINESE_PEOPLE: LazyLock<Regex> = LazyLock::new(|| re("(华)(?:人|侨|裔|工|商)|(中)外"));
/// Beijing, Shanghai, Hong Kong, Macau and Taiwan abbreviated after a verb of going, coming or
/// staying (赴台, 进京, 来沪, 驻港, 本港 "this territory"), each with the verbs it takes.
static VISITED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        "(?:[赴访来抵进离返在驻晋]京|[赴访来抵离返驻]台|[赴访来驻本返]港|[赴访来抵驻]澳|[赴来抵返在驻离]沪)",
    )
});
/// Characters that make a word with the abbreviation before them (台风, 港口, 京剧, 澳门, 沪深).
const WORD_AFTER: &str = "湾风阶上下前后词球灯口区剧腔城门洲深股";

static CHINA: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("(?:{TO_CHINA})(华)[^东南西北中夏盛尔为侨人裔商]")));

/// What a state has, after the abbreviation of a country the document names in full.
const OF_A_STATE: &str = "政局|内战|和平进程|局势|政府|当局|宪法|议会|军队|军方|外长|总统|总理|\
                          国内|境内|自治机构|领导人|外交|经济";

/// Characters that make a word with the abbreviation after them (北美, 南美, 东欧, 全美): the
/// abbreviation is then not one on its own.
const WORD_BEFORE: &str = "东南西北全拉亚";

/// Adds the places these constructions name, dropping longer readings across them.
pub(super) fn abbreviations_in_context(doc: &Doc<'_>, reading: &Reading, c: &mut Vec<Cand>) {
    let mut places: Vec<usize> = Vec::new();
    let starts_word = |s: usize| {
        reading.is_word_aligned(s, s) && doc.before(s).is_none_or(|p| !WORD_BEFORE.contains(p))
    };
    for caps in PAIRS.captures_iter(&doc.folded) {
        let Some(m) = caps.get(1) else { continue };
        let (s, e) = doc.span(m.start(), m.end());
        let chars = &doc.chars[s..e];
        let pairs_ok = chars
            .windows(2)
            .all(|w| is_pair_of_abbreviations(&w.iter().collect::<String>()));
        if pairs_ok && starts_word(s) {
            places.extend(s..e);
        }
    }
    for (pattern, needs_word) in [(&*SIDE, true), (&*TOWARDS, false), (&*HEAD, false)] {
        for caps in pattern.captures_iter(&doc.folded) {
            let Some(m) = caps.get(1) else { continue };
            let (s, _) = doc.span(m.start(), m.end());
            // X方 must be a word of its own (not 以 + 方便).
            let word = !needs_word || reading.is_word_aligned(s, s + 2);
            if word && starts_word(s) {
                places.push(s);
            }
        }
    }
    for caps in CHINA.captures_iter(&doc.folded) {
        if let Some(m) = caps.get(1) {
            places.push(doc.span(m.start(), m.end()).0);
        }
    }
    for m in VISITED.find_iter(&doc.folded) {
        let (_, e) = doc.span(m.start(), m.end());
        if doc.at(e).is_none_or(|n| !WORD_AFTER.contains(n)) {
            places.push(e - 1);
        }
    }
    for caps in CHINESE_PEOPLE.captures_iter(&doc.folded) {
        // Not inside a longer word (中华人民共和国, 华人民…): the compound starts a word.
        if let Some(m) = caps.get(1).or_else(|| caps.get(2)) {
            let s = doc.span(m.start(), m.end()).0;
            if reading.is_word_aligned(s, s) && doc.before(s) != Some('中') {
                places.push(s);
            }
        }
    }
    // Countries this document names in full, by their first character.
    let named: String = c
        .iter()
        .filter(|x| x.ty == EntityType::Place && x.end - x.start >= 3)
        .filter_map(|x| {
            let name = doc.slice(x.start, x.end);
            GAZETTEER
                .get(name)
                .filter(|e| e.country)
                .and_then(|_| name.chars().next())
        })
        .filter(|ch| !WORD_BEFORE.contains(*ch) && !"新大中小".contains(*ch))
        .collect();
    if !named.is_empty() {
        let state = re(&format!("([{named}])(?:{OF_A_STATE})"));
        for caps in state.captures_iter(&doc.folded) {
            let Some(m) = caps.get(1) else { continue };
            let (s, _) = doc.span(m.start(), m.end());
            if starts_word(s) {
                places.push(s);
            }
        }
    }
    places.sort_unstable();
    places.dedup();
    if places.is_empty() {
        return;
    }
    // A longer name across one of these places was a misreading.
    c.retain(|x| {
        // Whether a place lies inside the candidate (`places` is sorted).
        let first_at_or_after = places.partition_point(|&p| p < x.start);
        let crosses = places.get(first_at_or_after).is_some_and(|&p| p < x.end);
        x.end - x.start == 1 || !crosses
    });
    for p in places {
        push(c, p, p + 1, EntityType::Place, CONFIDENCE, false);
    }
}

#[cfg(test)]
mod tests {
    use crate::suggest::entity::tests::{ents, has};

    #[test]
    fn abbreviations_are_places_in_the_constructions_that_abbreviate() {
        let e = ents("他说，美中关系将继续发展。巴以谈判陷入僵局，巴方表示失望。");
        for place in ["美", "中", "巴", "以"] {
            assert!(has(&e, place, "place"), "{place}: {e:?}");
        }
        assert!(!e.iter().any(|(t, _)| t == "美中" || t == "巴方"), "{e:?}");
        let e = ents("日本对美出口增加，对伊政策不变，巴总理谢里夫出席。代表团来华访问。");
        for place in ["美", "伊", "巴", "华"] {
            assert!(has(&e, place, "place"), "{place}: {e:?}");
        }
        let e = ents("海外华人华侨都希望祖国昌盛，吸引中外游客。");
        assert_eq!(e.iter().filter(|(t, _)| t == "华").count(), 2, "{e:?}");
        for place in ["华", "中"] {
            assert!(has(&e, place, "place"), "{place}: {e:?}");
        }
    }

    #[test]
    fn a_country_named_in_full_is_then_abbreviated() {
        let e = ents("塔吉克斯坦总统拉赫莫诺夫表示，如果塔政局陷入混乱，塔内战将重演。");
        assert_eq!(
            e.iter()
                .filter(|(t, ty)| t == "塔" && *ty == "place")
                .count(),
            2,
            "{e:?}"
        );
        // Not where the country is not named.
        let e = ents("如果塔政局陷入混乱。");
        assert!(!has(&e, "塔", "place"), "{e:?}");
    }

    #[test]
    fn places_one_goes_to_or_stays_in() {
        let e = ents("代表团将于下月赴台参访，随后进京汇报。本港经济受到影响。");
        for place in ["台", "京", "港"] {
            assert!(has(&e, place, "place"), "{place}: {e:?}");
        }
        // Words the character begins: a typhoon, a port, Peking opera.
        let e = ents("来台风了。船只驶离港口。他进京剧院看戏。");
        for not in ["台", "港", "京"] {
            assert!(!has(&e, not, "place"), "{not}: {e:?}");
        }
    }

    #[test]
    fn ordinary_words_and_longer_places_are_left_alone() {
        // 以 + 方便, 北美 and 华东 (regions), 巴中 (a city), 中华人民共和国.
        let e = ents("以方便群众办事。北美合作，在华东地区，巴中关系。中华人民共和国成立。");
        for not in ["以", "美", "华"] {
            assert!(!has(&e, not, "place"), "{not}: {e:?}");
        }
    }
}
