//! Organisations known by what they are or by what they have.
//!
//! A state's institutions named by what they are: 议会, 内阁, 国会 alone stand for the one body of
//! the state the text is about (as 高新区 stands for the zone), and a place followed by such an
//! institution, a ministry, a mission, its forces or its team (约旦议会, 美国财政部, 美国使馆,
//! 泰国陆军, 中国队) is that body: one organisation, not a place and a noun. A name with a general
//! manager or a board (“紫禁城”总经理) is an organisation wherever the document uses it, and what
//! comes before the people in charge of it (科技创新委员会负责同志) is a body.

use super::lexicon::GENERIC_HEADS;
use super::{Cand, push, re};
use crate::annotation::EntityType;
use crate::suggest::model::Reading;
use crate::suggest::text::Doc;
use regex::Regex;
use std::sync::LazyLock;

/// Bodies a state has one of, named by their generic noun.
const BODIES: &str = "议会|国会|内阁|参议院|众议院";
/// What follows a place to name one of its bodies.
const OF_A_PLACE: &str = "议会|国会|内阁|参议院|众议院|外交部|国防部|财政部|商务部|内政部|司法部|\
                          大使馆|使馆|领事馆|总领事馆|中央银行|最高法院|宪法法院|陆军|海军|空军";

/// What follows a place to name its team (中国队, 四川男排): the team is an organisation.
const TEAM_OF_A_PLACE: &str = "代表队|国家队|男排|女排|男篮|女篮|男足|女足|队";
/// Characters after 队 that make it another word (队伍, 队员, 队长).
const NOT_A_TEAM: &str = "伍员长列形友旗";

static BODY: LazyLock<Regex> = LazyLock::new(|| re(&format!("(?:{BODIES})")));
/// A state's mission in another: 驻加大使馆, 驻香港联络办公室 after the state.
const MISSION: &str =
    r"驻\p{Han}{1,6}?(?:大使馆|总领事馆|领事馆|使馆|代表处|联络处|联络办公室|代表团)";

static AFTER_PLACE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("^(?:{OF_A_PLACE}|{TEAM_OF_A_PLACE}|{MISSION})")));

/// Confidence of a body found this way.
const CONFIDENCE: f32 = 0.8;

/// Adds the bodies these constructions name.
pub(super) fn state_institutions(doc: &Doc<'_>, reading: &Reading, c: &mut Vec<Cand>) {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for m in BODY.find_iter(&doc.folded) {
        let (s, e) = doc.span(m.start(), m.end());
        // Not every or several states' (各国议会, 两国议会), not inside a word (议会制 is a system).
        let several = doc
            .slice(s.saturating_sub(2), s)
            .contains(['各', '两', '多', '诸']);
        if !several && reading.is_word_aligned(s, e) {
            found.push((s, e));
        }
    }
    for x in c.iter().filter(|x| x.ty == EntityType::Place) {
        if let Some(m) = AFTER_PLACE.find(doc.slice(x.end, x.end + 14)) {
            let end = x.end + m.as_str().chars().count();
            if m.as_str() == "队" && doc.at(end).is_some_and(|n| NOT_A_TEAM.contains(n)) {
                continue;
            }
            found.push((x.start, end));
        }
    }
    for (start, end) in found {
        push(c, start, end, EntityType::Org, CONFIDENCE, false);
    }
}

/// What ends an organisation's full name when its short form follows in brackets.
const ORG_ENDINGS: &str = "联盟|阵线|委员会|组织|协会|运动|党|集团|公司|银行|大学";

/// A short form introduced in brackets after an organisation's full name: 阿拉伯国家联盟（阿盟）,
/// 解放巴勒斯坦人民阵线（人阵）, 市科学技术和工业信息化局（以下简称市科工信局）.
static SHORT_FORM: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "(?:{ORG_ENDINGS}|局|委|办|厅|署)[（(](?:以下简称|下称|简称)?[“\"]?(\\p{{Han}}{{1,6}})[”\"]?[）)]"
    ))
});

/// Short forms an organisation's full name introduces in brackets are organisations, at every
/// mention: writers introduce an abbreviation that way before using it alone (阿盟, 人阵).
pub(super) fn bracketed_short_forms(doc: &Doc<'_>, c: &mut Vec<Cand>) {
    for caps in SHORT_FORM.captures_iter(&doc.folded) {
        let Some(m) = caps.get(1) else { continue };
        let (s, e) = doc.span(m.start(), m.end());
        push(c, s, e, EntityType::Org, CONFIDENCE, true);
    }
}

/// The people in charge of a body, named by their charge: what comes before is that body.
static IN_CHARGE: LazyLock<Regex> = LazyLock::new(|| re(r"(?:主要|有关|相关)?负责(?:同志|人)"));

/// How a body's or a department's name ends.
const DEPARTMENT_ENDINGS: &[&str] = &["委员会", "部", "局", "办公室", "办", "处", "中心", "委"];

/// The model's word classes a department's name is made of (科技/n 创新/vn 委员会/n).
const NAME_PARTS: &[&str] = &["n", "nz", "vn", "an", "ORG", "LOC"];

/// Bodies named before the people in charge of them (科技创新委员会、经济发展部负责同志; 市科工信局
/// 主要负责人): a report names a body that way whether or not it reads as a name.
pub(super) fn bodies_by_their_officials(doc: &Doc<'_>, reading: &Reading, c: &mut Vec<Cand>) {
    for m in IN_CHARGE.find_iter(&doc.folded) {
        let (mut end, _) = doc.span(m.start(), m.end());
        // One body, or each of a list of them (甲、乙负责同志).
        loop {
            let mut start = end;
            while let Some((ws, we, class)) =
                start.checked_sub(1).and_then(|i| reading.word_over(i))
            {
                if we > end || end - ws > 12 || !NAME_PARTS.contains(&class) {
                    break;
                }
                start = ws;
            }
            let name = doc.slice(start, end);
            let body = name.chars().count() >= 3
                && DEPARTMENT_ENDINGS.iter().any(|e| name.ends_with(e))
                && !GENERIC_HEADS.iter().any(|g| name.starts_with(g));
            if !body {
                break;
            }
            push(c, start, end, EntityType::Org, 0.7, true);
            if start == 0 || doc.before(start) != Some('、') {
                break;
            }
            end = start - 1;
        }
    }
}

/// A part of a body named after it: a university's department (艺术系), a bureau's division
/// (渔政处), an office's numbered section (二部), a unit's squad (第二学员大队).
static SUBUNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[一二三四五六七八九十]{1,2}部|(?:第[一二三四五六七八九十]+)?\p{Han}{1,4}?(?:系|处|科|室|中队|大队|支队))",
    )
});

/// Word classes that never begin or fill a body's part (prepositions, conjunctions, particles,
/// adverbs, pronouns).
const NOT_IN_A_PART: &[&str] = &["p", "c", "u", "d", "r", "v", "vd", "m", "q", "f", "TIME"];

/// A body followed by one of its parts is that part, one organisation (德里大学艺术系,
/// 哈尔滨市水产局渔政处, 中央文献研究室二部): the part's name needs the body's.
pub(super) fn parts_of_bodies(doc: &Doc<'_>, reading: &Reading, c: &mut Vec<Cand>) {
    let mut found = Vec::new();
    for x in c.iter().filter(|x| x.ty == EntityType::Org) {
        let Some(m) = SUBUNIT.find(doc.slice(x.end, x.end + 8)) else {
            continue;
        };
        // Each kind of body has its kind of parts: a university its 系 (not 东盟 + 关系), an
        // office or a works its 处, 科, 室.
        let body = doc.slice(x.start, x.end);
        let part = m.as_str();
        let fits = if part.ends_with('系') {
            body.ends_with("大学") || body.ends_with("学院")
        } else if part.ends_with(['处', '科', '室']) {
            ["局", "厅", "委", "办", "厂", "院", "所", "中心", "公司"]
                .iter()
                .any(|k| body.ends_with(k))
        } else {
            true
        };
        if !fits {
            continue;
        }
        let end = x.end + m.as_str().chars().count();
        // The part ends where the model ends a word, and holds no function word: 水产局处理 is
        // no division, nor 大学的系.
        let mut i = x.end;
        let mut clean = reading.is_word_aligned(x.end, end);
        while clean && i < end {
            match reading.word_over(i) {
                Some((_, we, class)) => {
                    clean = !NOT_IN_A_PART.contains(&class) || we - i == 1 && we == end;
                    i = we;
                }
                None => i += 1,
            }
        }
        if clean {
            found.push((x.start, end));
        }
    }
    for (start, end) in found {
        push(c, start, end, EntityType::Org, CONFIDENCE, false);
    }
}

/// Officers and organs only a company or similar body has.
const COMPANY_ORGANS: &[&str] = &[
    "总经理",
    "副总经理",
    "董事长",
    "副董事长",
    "总裁",
    "董事会",
    "股东大会",
];

/// One sense per discourse for types: a name one of whose mentions is followed (after a closing
/// quote, if any) by a company's officer or organ (“紫禁城”总经理, 越秀董事会) names an
/// organisation, at every mention in the document — the model reads a film studio named after a
/// palace as the palace.
pub(super) fn organisations_by_their_officers(doc: &Doc<'_>, c: &mut [Cand]) {
    let mut names: Vec<String> = Vec::new();
    for x in c.iter().filter(|x| x.ty != EntityType::Org) {
        let after = doc.slice(x.end, x.end + 5);
        let after = after.trim_start_matches(['”', '’', '」', '』', '"', '\'']);
        if COMPANY_ORGANS.iter().any(|o| after.starts_with(o)) {
            names.push(doc.slice(x.start, x.end).to_owned());
        }
    }
    if names.is_empty() {
        return;
    }
    for x in c.iter_mut() {
        if x.ty != EntityType::Work && names.iter().any(|n| doc.slice(x.start, x.end) == n) {
            x.ty = EntityType::Org;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::suggest::entity::tests::{ents, has};

    #[test]
    fn a_name_whose_officers_are_named_is_an_organisation_everywhere() {
        let e = ents("一年后，“紫禁城”总经理被邀请发言。“紫禁城”又一次成为会上的话题。");
        assert_eq!(
            e.iter()
                .filter(|(t, ty)| t == "紫禁城" && *ty == "org")
                .count(),
            2,
            "{e:?}"
        );
        assert!(!has(&e, "紫禁城", "place"), "{e:?}");
    }

    #[test]
    fn short_forms_introduced_in_brackets_are_organisations() {
        let e = ents("巴勒斯坦常驻阿拉伯国家联盟（阿盟）代表发言。阿盟秘书长表示支持。");
        assert_eq!(
            e.iter()
                .filter(|(t, ty)| t == "阿盟" && *ty == "org")
                .count(),
            2,
            "{e:?}"
        );
        let e = ents("市科学技术和工业信息化局（以下简称市科工信局）牵头。");
        assert!(has(&e, "市科工信局", "org"), "{e:?}");
    }

    #[test]
    fn a_states_bodies_are_organisations() {
        let e = ents("约旦议会发表声明。美国财政部长今天表示，内阁将讨论此事。");
        assert!(has(&e, "约旦议会", "org"), "{e:?}");
        assert!(has(&e, "美国财政部", "org"), "{e:?}");
        assert!(has(&e, "内阁", "org"), "{e:?}");
        assert!(!has(&e, "约旦", "place"), "{e:?}");
        // Its forces and its highest court too; and a headquarters a state sets up.
        let e = ents("迟浩田会见了泰国陆军总司令。国家防汛抗旱总指挥部发出通知。");
        assert!(has(&e, "泰国陆军", "org"), "{e:?}");
        assert!(has(&e, "国家防汛抗旱总指挥部", "org"), "{e:?}");
        // Its teams: 中国队, 四川男排; not its ranks (郑州市队伍).
        let e = ents("中国队战胜了韩国队，四川男排获得第三。郑州市队伍建设加强。");
        for org in ["中国队", "韩国队", "四川男排"] {
            assert!(has(&e, org, "org"), "{org}: {e:?}");
        }
        assert!(!e.iter().any(|(t, _)| t.contains("队伍")), "{e:?}");
        // Its parts.
        let e = ents(
            "亚米尼1995年就从德里大学艺术系毕业了。日前，哈尔滨市水产局渔政处向松花江放流鱼苗。市水产局处理了此事。",
        );
        assert!(has(&e, "德里大学艺术系", "org"), "{e:?}");
        assert!(has(&e, "哈尔滨市水产局渔政处", "org"), "{e:?}");
        assert!(!e.iter().any(|(t, _)| t.starts_with("市水产局处")), "{e:?}");
        let e = ents("中国与东盟关系不断发展。");
        assert!(!e.iter().any(|(t, _)| t.contains("关系")), "{e:?}");
        // Its missions abroad.
        let e = ents("27日上午在中国驻加大使馆举行座谈会。");
        assert!(has(&e, "中国驻加大使馆", "org"), "{e:?}");
        let e = ents("各国议会代表出席。");
        assert!(!e.iter().any(|(t, _)| t.contains("议会")), "{e:?}");
    }
}
