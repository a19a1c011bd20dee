//! Titles: a line that is a document's title (`X关于印发…的通知`), `《…》` titles (works, or media
//! when they name a periodical) and quoted campaigns (`“…”活动`) with their recurrences.

use super::lexicon::CAMPAIGN_AFTER;
use super::{Cand, PLACE, line_spans, push, starts_with_ns};
use crate::annotation::EntityType;
use crate::suggest::text::{Bracket, Doc, Region};

/// A line that is nothing but a document title (`X关于印发…的通知`, `X市…实施方案`) is a work.
pub(super) fn title_lines(doc: &Doc<'_>, c: &mut Vec<Cand>) {
    for (ls, line) in line_spans(doc) {
        let lead = line
            .chars()
            .take_while(|ch| ch.is_whitespace() || "•·●■◆-*".contains(*ch))
            .count();
        let t = line.trim_start_matches(|ch: char| ch.is_whitespace() || "•·●■◆-*".contains(ch));
        let t = t.trim_end();
        let n = t.chars().count();
        if !(8..=80).contains(&n) || t.contains(['。', ',', ';', ':', '!', '?', '，']) {
            continue;
        }
        let notice = t.contains("关于")
            && [
                "的通知",
                "的意见",
                "的决定",
                "的批复",
                "的报告",
                "的函",
                "若干措施",
            ]
            .iter()
            .any(|x| t.ends_with(x));
        let plan = [
            "方案", "计划", "规划", "要点", "办法", "细则", "条例", "纲要",
        ]
        .iter()
        .any(|x| t.ends_with(x))
            && (PLACE.find(t).is_some_and(|m| m.start() == 0) || starts_with_ns(t));
        if notice || plan {
            push(c, ls + lead, ls + lead + n, EntityType::Work, 0.7, true);
        }
    }
}

pub(super) fn titles_and_quotes(doc: &Doc<'_>, regions: &[Region], c: &mut Vec<Cand>) {
    for r in regions {
        let (a, b) = r.inner();
        let inner = doc.slice(a, b);
        if inner.trim().is_empty() {
            continue;
        }
        match r.bracket {
            // A newspaper or a magazine is written as a title, but it is a medium: an
            // organisation (《人民日报》, 《文学季刊》; not 《…情况通报》, a document).
            Bracket::Title if is_periodical(inner) => push(c, a, b, EntityType::Org, 0.8, false),
            Bracket::Title => push(c, a, b, EntityType::Work, 0.9, false),
            Bracket::Quote => {
                let after: String = doc.chars.iter().skip(r.close + 1).take(5).collect();
                let short = b - a <= 16 && !inner.contains([',', '。', '、', ' ']);
                if short && CAMPAIGN_AFTER.iter().any(|s| after.starts_with(s)) {
                    push(c, a, b, EntityType::Work, 0.75, true);
                }
            }
        }
    }
}

/// Whether a title names a periodical: it ends as newspapers' and magazines' names do.
pub(super) fn is_periodical(title: &str) -> bool {
    let name = title.trim();
    let n = name.chars().count();
    let periodical = ["杂志", "周刊", "月刊", "季刊", "画报", "学报"]
        .iter()
        .any(|s| name.ends_with(s));
    // 报 ends a newspaper's name (今日报, 电讯报) but also documents' (通报, 公报, 年报, 汇报).
    let newspaper = name.ends_with('报')
        && ![
            "通报", "简报", "情报", "公报", "预报", "年报", "月报", "汇报", "举报", "捷报", "电报",
            "喜报", "海报", "快报",
        ]
        .iter()
        .any(|s| name.ends_with(s));
    (3..=12).contains(&n) && (periodical || newspaper)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ents, has};
    use super::is_periodical;

    #[test]
    fn titles_are_works_without_brackets_and_outermost() {
        let e = ents("印发《河湾市2024年优化营商环境工作要点》的通知");
        assert!(has(&e, "河湾市2024年优化营商环境工作要点", "work"));
        assert!(!e.iter().any(|(t, _)| t == "河湾市"));
    }

    #[test]
    fn periodicals_are_media_not_works() {
        let e = ents("集团现拥有《今日报》、《文学季刊》两家报刊，并印发了《全市工作情况通报》。");
        assert!(has(&e, "今日报", "org"), "{e:?}");
        assert!(has(&e, "文学季刊", "org"), "{e:?}");
        assert!(has(&e, "全市工作情况通报", "work"), "{e:?}");
        assert!(
            !is_periodical("年报")
                && !is_periodical("政府工作报告")
                && is_periodical("星期日电讯报")
        );
    }

    #[test]
    fn quoted_campaigns_and_their_recurrences() {
        let e = ents("深入开展“双百攻坚”行动。各地把“双百攻坚”作为重点，口号“加油干”不算。");
        assert_eq!(
            e.iter()
                .filter(|(t, ty)| t == "双百攻坚" && *ty == "work")
                .count(),
            2
        );
        assert!(!e.iter().any(|(t, _)| t == "加油干"));
    }
}
