//! Names known by their suffix: a company's, an institute's or a body's (`有限公司`, `研究院`,
//! `领导小组`) and a work's (`计划`, `方案`, `大会`, `产业园`), extended leftwards to where the name
//! begins and kept only with a head that makes it one name rather than a description.

use super::lexicon::{
    GENERIC_HEADS, ORG_SUFFIXES, PROVINCES, STOP_WORDS, WEAK_WORK_SUFFIXES, WORK_SUFFIXES,
};
use super::{Cand, PLACE, push, re};
use crate::annotation::EntityType;
use crate::suggest::model::Reading;
use crate::suggest::text::{Bracket, Doc, Region, enclosing, is_han};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use std::sync::LazyLock;

/// A duration or a plan period inside a programme's name makes it one programme (研发投入三年倍增
/// 工程, 新型工业化三年行动计划, “十四五”规划), as a year before an event's name makes it one event
/// (2025中国(郑州)产业转移发展对接活动, 第三届…大会).
static PROGRAMME_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\d{4}[^\d]|^(?:第[一二三四五六七八九十\d]+[届次期]|首届)|[一二三四五六七八九十两\d]年|十[一二三四五]五",
    )
});

/// The organisations' suffixes, then the works': a pattern's index says which list it is in.
static SUFFIXES: LazyLock<(Vec<&'static str>, AhoCorasick)> = LazyLock::new(|| {
    let mut pats: Vec<&str> = ORG_SUFFIXES.iter().map(|(s, _)| *s).collect();
    pats.extend(WORK_SUFFIXES);
    let matcher = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&pats)
        .unwrap_or_else(|e| panic!("name suffixes: {e}"));
    (pats, matcher)
});

pub(super) fn suffix_names(
    doc: &Doc<'_>,
    regions: &[Region],
    reading: &Reading,
    c: &mut Vec<Cand>,
) {
    let (pats, ac) = &*SUFFIXES;
    for m in ac.find_iter(&doc.folded) {
        let (ss, e) = doc.span(m.start(), m.end());
        if enclosing(regions, ss, e).is_some_and(|r| r.bracket == Bracket::Title) {
            continue;
        }
        // A suffix that begins a longer word is no suffix (工程师, 会议室, 计划生育).
        if reading
            .word_over(e - 1)
            .is_some_and(|(ws, we, _)| we > e && ws >= ss && we - ws <= 4)
        {
            continue;
        }
        // A suffix inside a verb the model reads names nothing (出席会议, 召开会议); a long
        // "verb" is the model lost in an unknown stretch, not a verb.
        if reading.word_over(ss).is_some_and(|(ws, we, class)| {
            ws < ss && we - ws <= 4 && matches!(class, "v" | "vd" | "ad" | "d")
        }) {
            continue;
        }
        let idx = m.pattern().as_usize();
        let (is_org, needs_head) = match ORG_SUFFIXES.get(idx) {
            Some((_, h)) => (true, *h),
            None => (false, true),
        };
        let weak = !is_org && WEAK_WORK_SUFFIXES.contains(&pats[idx]);
        let s = extend_left(doc, ss);
        let s = if TASK_SUFFIXES.contains(&pats[idx]) {
            anchored_start(doc, s).unwrap_or(s)
        } else {
            after_stop_words(doc, reading, s, ss)
        };
        if s == ss {
            continue;
        }
        let name = doc.slice(s, e);
        let head = doc.slice(s, ss);
        if is_org && GENERIC_HEADS.iter().any(|g| head.starts_with(g)) {
            continue;
        }
        // A count inside is a description, not a name (日本10家大银行).
        if is_org && head.chars().any(|ch| ch.is_ascii_digit()) {
            continue;
        }
        let named_head = PROVINCES.iter().any(|p| head.starts_with(p))
            || head.starts_with(['国', '省', '市', '县', '区', '第', '首'])
            || head.starts_with("中国")
            || PLACE.find(head).is_some_and(|p| p.start() == 0)
            || starts_with_ns(head)
            || head.contains(['部', '局', '厅', '院']);
        let after_verb = doc.before(s).is_some_and(|_| {
            let prev: String = doc.chars[s.saturating_sub(2)..s].iter().collect();
            [
                "实施", "参照", "召开", "筹备", "筹办", "举办", "获批", "出台", "制定", "开展",
            ]
            .contains(&prev.as_str())
        });
        let len = name.chars().count();
        let programme = PROGRAMME_HEAD.is_match(head);
        let ok = if is_org {
            !needs_head || named_head
        } else if weak {
            programme && len >= 6
        } else {
            // A strategy is named in four characters (实施 | 乡村振兴战略, 制造强国战略).
            let after_verb_len = if pats[idx] == "战略" { 6 } else { 7 };
            (named_head && len >= 6)
                || (after_verb && len >= after_verb_len)
                || (programme && len >= 7)
        };
        if !ok {
            continue;
        }
        let ty = if is_org {
            EntityType::Org
        } else {
            EntityType::Work
        };
        push(c, s, e, ty, 0.6, is_org);
    }
}

/// Where a name really begins when the model reads a stop word in what jieba took for its head
/// (3家公司获批 | 国家服务型制造试点示范: jieba reads 获批 apart, the model as a verb): after the last
/// such word.
fn after_stop_words(doc: &Doc<'_>, reading: &Reading, s: usize, suffix_start: usize) -> usize {
    let mut start = s;
    let mut i = s;
    while i < suffix_start {
        match reading.word_from(i) {
            Some((end, _)) if end <= suffix_start => {
                if end - i >= 2 && STOP_WORDS.contains(&doc.slice(i, end)) {
                    start = end;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    start
}

/// Suffixes of bodies set up for a task and of meetings, whose names may hold verbs and
/// conjunctions (新密市推动制造业高质量发展工作领导小组, 郑州市高质量发展制造业和高水平扩大对外开放工作推进会).
const TASK_SUFFIXES: &[&str] = &[
    "领导小组",
    "指挥部",
    "会议",
    "工作会议",
    "推进会",
    "推进大会",
    "全会",
    "大会",
];

/// Verbs whose object is a body or a meeting: such a name runs from right after them.
const ANCHORS: &[&str] = &[
    "成立",
    "组建",
    "设立",
    "召开",
    "按照",
    "根据",
    "贯彻落实",
    "贯彻",
    "出席",
    "参加",
    "举办",
    "筹备",
    "筹办",
];

/// Where a body's or a meeting's name begins when a verb taking it as its object comes before it
/// in the same clause (成立 | 新密市推动…领导小组): the words in between are all the name's, unless
/// they start as a generic mention does (召开 | 全市…会议).
fn anchored_start(doc: &Doc<'_>, s: usize) -> Option<usize> {
    let mut from = s;
    while from > 0 && s - from < 40 {
        let c = doc.chars[from - 1];
        if !(is_han(c) || c == '(' || c == ')') || c == '的' {
            break;
        }
        from -= 1;
    }
    let stretch = doc.slice(from, s);
    let at = ANCHORS
        .iter()
        .filter_map(|a| stretch.rfind(a).map(|b| b + a.len()))
        .max()?;
    let start = from + stretch[..at].chars().count();
    let crossed = doc.slice(start, s);
    let generic = GENERIC_HEADS.iter().any(|g| crossed.starts_with(g)) || crossed.starts_with('全');
    // Two names joined (省委经济工作会议和市委…全会) are two, not one.
    let holds_a_name = TASK_SUFFIXES.iter().any(|x| crossed.contains(x));
    (start < s && !generic && !holds_a_name).then_some(start)
}

pub(super) fn starts_with_ns(head: &str) -> bool {
    crate::text::words::jieba()
        .tag(head, false)
        .first()
        .is_some_and(|t| t.tag == "ns" && t.word.chars().count() >= 2)
}

/// Extends a name leftwards from `suffix_start` over jieba tokens until a stop word,
/// punctuation or 24 chars; returns the name's start.
fn extend_left(doc: &Doc<'_>, suffix_start: usize) -> usize {
    let mut from = suffix_start;
    while from > 0 && suffix_start - from < 24 {
        let ch = doc.chars[from - 1];
        if !(is_han(ch) || ch.is_ascii_alphanumeric() || ch == '(' || ch == ')') {
            break;
        }
        from -= 1;
    }
    let window = doc.slice(from, suffix_start);
    let tags = crate::text::words::jieba().tag(window, false);
    let mut start = suffix_start;
    // A bracketed place inside a name is part of it, whatever its words: 中国(新密)美妆节.
    let mut in_brackets = false;
    for t in tags.iter().rev() {
        let paren = t.word == "(" || t.word == ")";
        if t.word == ")" {
            in_brackets = true;
        } else if t.word == "(" {
            if !in_brackets {
                // The bracket the whole name stands in: (郑州市工业机器人创新中心).
                break;
            }
            in_brackets = false;
        }
        let stop = STOP_WORDS.contains(&t.word)
            || (!paren && matches!(t.tag, "p" | "c" | "u" | "uj" | "ul" | "r" | "x" | "d"));
        if stop && !in_brackets {
            break;
        }
        start -= t.word.chars().count();
    }
    // Names do not start with a bracket or a bare number, but an event's or a plan's may with
    // its year, when a name follows it (2024世界传感器大会, 2024年第二季度重点项目观摩推进会).
    let year_first = start + 9 <= suffix_start
        && doc.chars[start..start + 4].iter().all(char::is_ascii_digit)
        && doc.at(start + 4).is_some_and(is_han)
        && !doc.before(start).is_some_and(|c| c.is_ascii_digit());
    while !year_first
        && start < suffix_start
        && doc.at(start).is_some_and(|c| {
            c == '(' || c == ')' || c.is_ascii_digit() || "一二三四五六七八九十两".contains(c)
        })
    {
        start += 1;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ents, has};

    #[test]
    fn programmes_and_events_named_by_their_period_or_year() {
        let e = ents(
            "深入实施“万人助万企”活动和研发投入三年倍增工程。要全力推进新型工业化三年行动计划。\
             将积极筹办2025中国（郑州）产业转移发展对接活动。各单位开展主题教育活动。\
             新密市召开2024年第二季度重点项目观摩推进会。园区入选省级开发区高质量发展示范区。\
             我市召开民营经济高质量发展推进大会。深入实施乡村振兴战略，大力实施创新驱动发展战略。实施品牌战略。",
        );
        assert!(
            !e.iter().any(|(t, _)| t == "开发区"),
            "a level of zones: {e:?}"
        );
        for work in [
            "乡村振兴战略",
            "创新驱动发展战略",
            "2024年第二季度重点项目观摩推进会",
            "民营经济高质量发展推进大会",
            "万人助万企",
            "研发投入三年倍增工程",
            "新型工业化三年行动计划",
            "2025中国（郑州）产业转移发展对接活动",
        ] {
            assert!(has(&e, work, "work"), "{work}: {e:?}");
        }
        assert!(!e.iter().any(|(t, _)| t.contains("主题教育")), "{e:?}");
    }

    #[test]
    fn names_holding_a_bracketed_place_or_verbs_after_the_verb_that_takes_them() {
        let e = ents(
            "积极筹备第三届中国(新密)国际绿色发展高端论坛和首届中国（新密）美妆节。\
             成立临江市推动制造业高质量发展工作领导小组，加强组织领导。\
             按照河湾市高质量发展制造业和高水平扩大对外开放工作推进会各项工作部署。\
             贯彻落实省委经济工作会议和市委十一届十一次全会精神。召开全市安全生产和森林防火工作会议。",
        );
        let e2 = ents(
            "新增1家市级制造业创新中心（河湾市工业机器人创新中心），占全市的75%。\
             3家公司获批国家服务型制造试点示范，全市占比75%。",
        );
        assert!(has(&e2, "河湾市工业机器人创新中心", "org"), "{e2:?}");
        assert!(has(&e2, "国家服务型制造试点示范", "work"), "{e2:?}");
        for (name, ty) in [
            ("第三届中国(新密)国际绿色发展高端论坛", "work"),
            ("首届中国（新密）美妆节", "work"),
            ("临江市推动制造业高质量发展工作领导小组", "org"),
            (
                "河湾市高质量发展制造业和高水平扩大对外开放工作推进会",
                "work",
            ),
            ("省委经济工作会议", "work"),
            ("市委十一届十一次全会", "work"),
        ] {
            assert!(has(&e, name, ty), "{name}: {e:?}");
        }
        assert!(
            !e.iter().any(|(t, _)| t.contains("全市")),
            "a generic meeting: {e:?}"
        );
    }

    #[test]
    fn a_meeting_attended_or_an_engineer_is_no_work_and_hides_no_name() {
        // 出席会议 is a verb the model reads and 工程师 a word of its own: no work swallows the
        // academy, the academician or the garden.
        let e = ents("中国工程院院士王德敏出席会议并讲话。杭州植物园高级工程师郭达初介绍。");
        assert!(has(&e, "中国工程院", "org"), "{e:?}");
        assert!(has(&e, "王德敏", "person"), "{e:?}");
        assert!(!e.iter().any(|(_, ty)| *ty == "work"), "{e:?}");
    }
}
