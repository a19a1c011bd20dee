//! Lists that name organisations and places: a plan item's responsible units (`责任单位：市科工信局、
//! 市发展改革委`), companies counted after their names (`甲、乙等8家企业`, `新增甲、乙两家`), and
//! one-character places closed by `等国` (`美、日、德等国`), and members named in brackets after
//! their count (`3家孵化器(甲、乙、丙)`).

use super::lexicon::{GENERIC_HEADS, PLACE_ABBREVIATIONS};
use super::{Cand, push, re};
use crate::annotation::EntityType;
use crate::suggest::text::Doc;
use crate::text::quantity::cn_digit;
use regex::Regex;
use std::sync::LazyLock;

static RESPONSIBLE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?m)(?:责任单位|牵头单位|责任部门|牵头部门|配合单位)\s*[:：]\s*([^\n]+)")
});

static COUNTED_LIST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:新增|包括|其中|如|有)((?:[\p{Han}A-Za-z]{2,10}、)*[\p{Han}A-Za-z]{2,10}?)(?:等(?:\d+|[一二两三四五六七八九十]+)家|(?:两|三|四|五|\d+)家[\p{Han}])",
    )
});

/// A clause that opens with a list of names closed by 等N家: 甲、乙、丙等8家企业.
static CLOSED_LIST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?m)(?:^[ \t　]*|[,:;，：；。])((?:[\p{Han}A-Za-z]{2,10}、)+[\p{Han}A-Za-z]{2,10}?)等(?:\d+|[一二两三四五六七八九十]+)家",
    )
});

/// A count of bodies with their names in brackets after it: 3家国家级孵化器(大科技园东区、腾讯、金源).
static MEMBERS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(\d+|[一二两三四五六七八九十])家[\p{Han}]{0,12}?[(（]((?:[\p{Han}A-Za-z0-9]{2,15}、)+[\p{Han}A-Za-z0-9]{2,15})[)）]",
    )
});

static ABBREVIATED_PLACE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    let a = PLACE_ABBREVIATIONS;
    re(&format!("(?:[{a}]、)+[{a}]等(?:国|国家|省|省份|地)"))
});

pub(super) fn responsible_lists(doc: &Doc<'_>, c: &mut Vec<Cand>) {
    for caps in RESPONSIBLE.captures_iter(&doc.folded) {
        let Some(list) = caps.get(1) else { continue };
        let (ls, _) = doc.span(list.start(), list.end());
        let mut pos = ls;
        let mut item_start = ls;
        let chars: Vec<char> = list.as_str().chars().collect();
        let mut depth_start: Option<usize> = None;
        let mut generic_group = false;
        for (i, &ch) in chars.iter().enumerate() {
            if i == 0 || matches!(chars[i - 1], ',' | '，' | ';') {
                generic_group = ch == '各';
            }
            if generic_group {
                item_start = ls + i + 1;
                pos = ls + i + 1;
                continue;
            }
            let at = ls + i;
            match ch {
                '(' | '（' => {
                    list_item(doc, item_start, at, c);
                    depth_start = Some(at + 1);
                }
                ')' | '）' => {
                    if let Some(d) = depth_start.take() {
                        list_item(doc, d, at, c);
                    }
                    item_start = at + 1;
                }
                '、' | ',' | ';' | '。' | ' ' => {
                    if depth_start.is_none() {
                        list_item(doc, item_start, at, c);
                    }
                    item_start = at + 1;
                }
                _ => {}
            }
            pos = at + 1;
        }
        if depth_start.is_none() {
            list_item(doc, item_start, pos, c);
        }
    }
}

fn list_item(doc: &Doc<'_>, s: usize, e: usize, c: &mut Vec<Cand>) {
    if e <= s + 1 {
        return;
    }
    let t = doc.slice(s, e);
    if t.starts_with('各') || t.contains("相关") || t.contains("有关") {
        return;
    }
    let ty = if t.ends_with(['县', '镇', '乡']) {
        EntityType::Place
    } else {
        EntityType::Org
    };
    push(c, s, e, ty, 0.85, true);
}

/// A list of one-character abbreviations closed by `等国`/`等省` (美、日、德、意等国) names places.
pub(super) fn abbreviated_place_lists(doc: &Doc<'_>, c: &mut Vec<Cand>) {
    for m in ABBREVIATED_PLACE_LIST.find_iter(&doc.folded) {
        let (s, _) = doc.span(m.start(), m.end());
        let list = m.as_str();
        let items = list.chars().take_while(|ch| *ch != '等');
        for (i, ch) in items.enumerate() {
            if ch != '、' {
                push(c, s + i, s + i + 1, EntityType::Place, 0.85, false);
            }
        }
    }
}

pub(super) fn counted_lists(doc: &Doc<'_>, c: &mut Vec<Cand>) {
    let lists = COUNTED_LIST
        .captures_iter(&doc.folded)
        .chain(CLOSED_LIST.captures_iter(&doc.folded));
    for caps in lists {
        let Some(list) = caps.get(1) else { continue };
        for (pos, item) in list_items(doc, list) {
            let n = item.chars().count();
            // A category (高新技术企业, 规上企业) is not a company.
            let category = ["企业", "单位", "部门", "机构", "项目"]
                .iter()
                .any(|g| item.ends_with(g));
            if (2..=10).contains(&n)
                && !category
                && !GENERIC_HEADS.iter().any(|g| item.starts_with(g))
            {
                push(c, pos, pos + n, EntityType::Org, 0.5, false);
            }
        }
    }
}

/// The bodies a count introduces, named in brackets after it, when there are as many names as
/// the count says (3家国家级孵化器(大科技园东区、腾讯、金源)): a report lists the members of a
/// group that way.
pub(super) fn counted_members(doc: &Doc<'_>, c: &mut Vec<Cand>) {
    for caps in MEMBERS.captures_iter(&doc.folded) {
        let (Some(count), Some(list)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let count = count.as_str();
        let count = count
            .parse::<usize>()
            .ok()
            .or_else(|| match count.chars().next()? {
                '十' => Some(10),
                d => cn_digit(d).map(|d| d as usize),
            });
        if count != Some(list.as_str().split('、').count()) {
            continue;
        }
        for (pos, item) in list_items(doc, list) {
            push(
                c,
                pos,
                pos + item.chars().count(),
                EntityType::Org,
                0.6,
                false,
            );
        }
    }
}

/// The items of a list separated by `、` (a match in `doc.folded`), each with the char it starts at.
fn list_items<'t>(
    doc: &Doc<'_>,
    list: regex::Match<'t>,
) -> impl Iterator<Item = (usize, &'t str)> + use<'t> {
    let (mut pos, _) = doc.span(list.start(), list.end());
    list.as_str().split('、').map(move |item| {
        let at = pos;
        pos += item.chars().count() + 1;
        (at, item)
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ents, has};
    use crate::suggest::text::Doc;

    #[test]
    fn members_named_in_brackets_after_their_count() {
        let e = ents("辖区3家国家级孵化器(大科技园东区、腾讯、金源)均获优秀等次。");
        for org in ["大科技园东区", "腾讯", "金源"] {
            assert!(has(&e, org, "org"), "{org}: {e:?}");
        }
        // Three names for a count of two: not a list of the counted.
        let doc = Doc::new("两家企业（甲科技、乙材料、丙能源）获奖。");
        let mut c = Vec::new();
        super::counted_members(&doc, &mut c);
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn lists_of_abbreviated_countries_are_places() {
        let e = ents("设备从美、日、德、意等国相继引进。");
        for place in ["美", "日", "德", "意"] {
            assert!(has(&e, place, "place"), "{place}: {e:?}");
        }
        // Not a list closed by 等国: nothing.
        let e = ents("日、月、年等单位");
        assert!(!e.iter().any(|(t, _)| t == "日"), "{e:?}");
    }

    #[test]
    fn companies_listed_before_a_count() {
        let e = ents(
            "真金耐材、豫兴热风炉、华宇耐火等8家企业被评为专精特新企业。全市新增甲乙科技、丙丁材料两家企业。",
        );
        for org in ["真金耐材", "豫兴热风炉", "华宇耐火", "甲乙科技", "丙丁材料"]
        {
            assert!(has(&e, org, "org"), "{org}: {e:?}");
        }
        // Categories and clauses that end in a count are not lists of companies.
        let e =
            ents("力争两化融合对标、贯标企业达到30家以上，高新技术企业、科技型中小企业等50家。");
        assert!(!e.iter().any(|(_, ty)| *ty == "org"), "{e:?}");
    }

    #[test]
    fn responsible_unit_lists() {
        let e = ents(
            "1.完善机制。\n责任单位：市数据局、市委宣传部（市网信办），各乡镇政府\n由市数据局负责。",
        );
        assert!(has(&e, "市数据局", "org"));
        assert!(has(&e, "市委宣传部", "org"));
        assert!(has(&e, "市网信办", "org"));
        assert!(!e.iter().any(|(t, _)| t.contains("乡镇")));
        assert_eq!(e.iter().filter(|(t, _)| t == "市数据局").count(), 2);
    }
}
