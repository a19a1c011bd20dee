//! Finding figures in running text.
//!
//! A figure is a number (Arabic, full-width or Chinese numerals, with decimals, ranges and
//! embedded approximators such as `余`) followed by a unit or measure word from a closed list
//! (money, %, 个百分点, counts, area, weight, energy, multiples). Leading `约/近/超` and
//! trailing `以上/左右` stay outside the span. The value and unit come from
//! [`crate::text::quantity::parse_quantity`].
//!
//! What is *not* a figure, and the rule that keeps it out:
//! - dates, years and durations: `年/月/日/天/周/小时` are not units, and `个` followed by
//!   `月/小时/工作日` is rejected;
//! - document numbers (`〔2020〕7号`): `号` is not a unit and numbers inside `〔〕` are skipped;
//! - list enumerators (`(一)`, `1.`, `一是`): no unit follows them;
//! - ordinals and ranks: a number after `第` or `前` is rejected, as is `十一次全会` after `届`;
//! - numbers inside names and slogans: anything inside `《》`, or inside a short quotation
//!   (`“三送一强”`), and numbers glued to Latin letters (`CCTV2`, `IPv6`);
//! - vague or idiomatic numerals: a lone `一` before a measure word (`一批`, `一把手`), bare
//!   `百/千/万` (`千家万户`, `万人助万企`), and `数十`/`几百`.

use super::text::{Bracket, Doc, enclosing, regions};
use super::{Source, Suggester, Suggestion};
use crate::annotation::{Kind, Label};
use crate::text::quantity::parse_quantity;
use regex::Regex;
use std::sync::LazyLock;

/// Measure words that count things (a lone `一` before them is an article, not a figure).
const CLASSIFIERS: &[&str] = &[
    "个", "家次", "家", "项", "人次", "人", "名", "位", "户", "件", "份", "只", "头", "匹", "台",
    "套", "辆", "艘", "架次", "架", "条", "座", "所", "栋", "幢", "间", "处", "场次", "场", "次",
    "批", "支", "根", "张", "本", "册", "部", "篇", "首", "种", "类", "款", "宗", "笔", "起", "例",
    "株", "棵", "枚", "颗", "盏", "趟", "班", "轮", "床", "车次", "门店",
];

/// Units of measure, money and ratios.
const MEASURES: &[&str] = &[
    "个百分点",
    "百分点",
    "%",
    "‰",
    "倍",
    "美元",
    "欧元",
    "英镑",
    "日元",
    "港元",
    "港币",
    "澳元",
    "元",
    "亩",
    "公顷",
    "平方公里",
    "平方千米",
    "平方米",
    "平米",
    "立方米",
    "千米",
    "公里",
    "厘米",
    "毫米",
    "米",
    "吨标准煤",
    "吨公里",
    "吨",
    "千克",
    "公斤",
    "克",
    "斤",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "吉瓦",
    "千伏",
    "度电",
    "升",
    "毫升",
    "标准箱",
    "标箱",
    "TEU",
    "℃",
];

/// English units (after an optional space).
const ENGLISH: &[&str] = &[
    "percentage points",
    "percentage point",
    "per cent",
    "percent",
    "yuan",
    "dollars",
    "euros",
    "pounds",
    "tonnes",
    "tons",
    "people",
    "persons",
    "jobs",
    "companies",
    "firms",
    "enterprises",
    "households",
    "projects",
    "hectares",
    "square metres",
    "square meters",
    "square kilometres",
    "square kilometers",
    "kilometres",
    "kilometers",
    "km",
    "times",
    "units",
    "vehicles",
    "residents",
    "workers",
    "visitors",
];

static FIGURE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let mut units: Vec<&str> = CLASSIFIERS.iter().chain(MEASURES).copied().collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.chars().count()));
    let units: Vec<String> = units.iter().map(|u| regex::escape(u)).collect();
    let mut eng: Vec<&str> = ENGLISH.to_vec();
    eng.sort_by_key(|u| std::cmp::Reverse(u.len()));
    let cn = "[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+";
    let ar = r"\d+(?:,\d{3})*(?:\.\d+)?";
    let pattern = format!(
        r"(?P<pct>百分之(?:{cn}|{ar})(?:点[零〇一二三四五六七八九]+)?)|(?P<cur>US\$|HK\$|\$|€|£|¥)?\s?(?P<num>{ar}|{cn})(?:\s*[—–\-~～至到]\s*(?:{ar}|{cn}))?[余多来]?(?P<mag>[千百十]?[万亿]+|\s?(?i:trillion|billion|million|thousand|bn|mn|tn)(?-u:\b))?[余多]?(?:(?P<unit>{})|\s?(?P<eng>(?i:{})(?-u:\b)))?",
        units.join("|"),
        eng.join("|")
    );
    Regex::new(&pattern).unwrap_or_else(|e| panic!("figure regex: {e}"))
});

/// Proposes figures with their normalised value and unit.
#[derive(Clone, Copy, Debug, Default)]
pub struct FigureSuggester;

impl Suggester for FigureSuggester {
    fn kind(&self) -> Kind {
        Kind::Figure
    }

    fn suggest(&self, text: &str, out: &mut Vec<Suggestion>) {
        self.suggest_doc(&Doc::new(text), out);
    }
}

impl FigureSuggester {
    pub(crate) fn suggest_doc(&self, doc: &Doc<'_>, out: &mut Vec<Suggestion>) {
        let regions = regions(&doc.chars);
        for found in FIGURE_RE.find_iter(&doc.folded) {
            // Captures only for the (rare) matches: the DFA finds them, the slower capture
            // engine then splits them up.
            let Some(caps) = FIGURE_RE.captures_at(&doc.folded[..found.end()], found.start())
            else {
                continue;
            };
            let Some(whole) = caps.get(0) else { continue };
            let (start, end) = doc.span(whole.start(), whole.end());
            let pct = caps.name("pct").is_some();
            let num = caps.name("num").map_or("", |m| m.as_str());
            let unit = caps
                .name("unit")
                .or_else(|| caps.name("eng"))
                .map_or("", |m| m.as_str());
            let cur = caps.name("cur").is_some();
            let mag = caps.name("mag").map_or("", |m| m.as_str());
            let english_mag = mag.chars().any(|c| c.is_ascii_alphabetic());
            if !pct && unit.is_empty() && !cur && !english_mag {
                continue;
            }
            // A currency sign is part of the span; leading spaces are not.
            let mut start = start;
            while doc.at(start).is_some_and(char::is_whitespace) {
                start += 1;
            }
            let num_start = if pct || cur {
                start
            } else {
                caps.name("num").map_or(start, |m| doc.char_at(m.start()))
            };
            if !pct && !self.number_ok(doc, num, unit, num_start, end) {
                continue;
            }
            if let Some(r) = enclosing(&regions, start, end) {
                let (a, b) = r.inner();
                let short_quote = r.bracket == Bracket::Quote
                    && b - a <= 25
                    && !doc.chars[a..b]
                        .iter()
                        .any(|c| matches!(c, '，' | ',' | '。'));
                if r.bracket == Bracket::Title || short_quote {
                    continue;
                }
            }
            let text = doc.slice(start, end);
            let Some(q) = parse_quantity(text) else {
                continue;
            };
            let chinese = num.chars().next().is_some_and(|c| !c.is_ascii_digit());
            out.push(Suggestion {
                start,
                end,
                label: Label::Figure {
                    value: Some(q.value),
                    unit: q.unit,
                },
                confidence: if chinese { 0.7 } else { 0.9 },
                source: Source::Rule,
            });
        }
    }

    /// Context checks on the number at `[num_start, end)` with unit `unit`.
    fn number_ok(
        &self,
        doc: &Doc<'_>,
        num: &str,
        unit: &str,
        num_start: usize,
        end: usize,
    ) -> bool {
        let first = num.chars().next().unwrap_or(' ');
        let chinese = !first.is_ascii_digit();
        if chinese {
            // Bare 万/亿 and 百/千 without 万/亿 are not numbers here (万人助万企, 千家万户).
            if matches!(first, '万' | '亿') {
                return false;
            }
            if matches!(first, '百' | '千' | '佰' | '仟')
                && !num.chars().any(|c| matches!(c, '万' | '亿'))
            {
                return false;
            }
            // A lone 一 before a classifier is an article (一批, 一把手, 一次办成).
            if num == "一" && CLASSIFIERS.contains(&unit) {
                return false;
            }
        }
        let prev = doc.before(num_start);
        if let Some(p) = prev {
            // Glued to Latin letters or digits: part of a code or name (CCTV2, IPv6, A3).
            if p.is_ascii_alphanumeric() || p == '.' || p == '_' {
                return false;
            }
            // Ordinals, ranks, vague numbers, sessions.
            if matches!(p, '第' | '前' | '数' | '几' | '届' | '〕' | ']' | '#' | '№') {
                return false;
            }
        }
        // Durations: 3个月, 两个小时, 5个工作日.
        let next: String = doc.chars.iter().skip(end).take(3).collect();
        if unit == "个"
            && [
                "月",
                "小时",
                "工作日",
                "季度",
                "星期",
                "钟头",
                "年头",
                "学期",
            ]
            .iter()
            .any(|d| next.starts_with(d))
        {
            return false;
        }
        // Session numbers: 十一次全会, 第二次会议.
        if unit == "次"
            && ["全会", "会议", "代表大会", "党代会"]
                .iter()
                .any(|d| next.starts_with(d))
        {
            return false;
        }
        // A number followed by a Latin letter is a code (5G, 3D): only when no unit intervened.
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(text: &str) -> Vec<(String, f64, String)> {
        let mut out = Vec::new();
        FigureSuggester.suggest(text, &mut out);
        let chars: Vec<char> = text.chars().collect();
        out.into_iter()
            .map(|s| {
                let t: String = chars[s.start..s.end].iter().collect();
                match s.label {
                    Label::Figure { value, unit } => (t, value.unwrap_or(f64::NAN), unit),
                    _ => unreachable!(),
                }
            })
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        figs(text).into_iter().map(|f| f.0).collect()
    }

    #[test]
    fn money_percent_counts() {
        let f = figs("全区完成投资86.5亿元，同比增长12.3%，高于全省2.1个百分点，新增企业350余家。");
        assert_eq!(
            f,
            vec![
                ("86.5亿元".into(), 8650000000.0, "元".into()),
                ("12.3%".into(), 12.3, "%".into()),
                ("2.1个百分点".into(), 2.1, "个百分点".into()),
                ("350余家".into(), 350.0, "家".into()),
            ]
        );
    }

    #[test]
    fn approximators_outside_span() {
        assert_eq!(
            texts("力争引进约20个以上项目，培训近300人左右"),
            vec!["20个", "300人"]
        );
    }

    #[test]
    fn chinese_numerals_and_ranges() {
        let f = figs("建设两个产业园，带动三千余人就业，打造2—3条示范线，总投资百亿元。");
        assert_eq!(f[0], ("两个".into(), 2.0, "个".into()));
        assert_eq!(f[1], ("三千余人".into(), 3000.0, "人".into()));
        assert_eq!(f[2], ("2—3条".into(), 2.0, "条".into()));
        assert_eq!(f[3], ("百亿元".into(), 1e10, "元".into()));
    }

    #[test]
    fn excludes_dates_years_durations() {
        assert!(texts("2023年5月18日召开会议，用3年时间，前三季度").is_empty());
        assert!(texts("力争用三年时间完成，每两个月调度一次").is_empty());
        assert!(texts("利用6个月时间开展整治").is_empty());
    }

    #[test]
    fn excludes_document_numbers() {
        assert!(texts("（市政办〔2022〕15号）").is_empty());
        assert!(texts("依据〔2021〕12号文件").is_empty());
    }

    #[test]
    fn excludes_enumerators() {
        assert!(texts("(一)加强领导。1.完善机制。二是强化保障。（三）抓好落实").is_empty());
    }

    #[test]
    fn excludes_ordinals_and_ranks() {
        assert!(texts("位居全省第一，入选第三批名单，进入前10名，第2次会议").is_empty());
        assert!(texts("区委十二届九次全会召开").is_empty());
    }

    #[test]
    fn excludes_names_and_slogans() {
        assert!(texts("开展“五个一百”活动，实施《加快建设10个示范区的意见》").is_empty());
        assert!(texts("与CCTV2合作，部署IPv6和5G").is_empty());
        assert!(texts("开展万人助万企，服务千家万户").is_empty());
    }

    #[test]
    fn excludes_vague_numerals() {
        assert!(texts("谋划一批项目，落实一把手责任，一次办成，数十家企业").is_empty());
    }

    #[test]
    fn traditional_and_full_width() {
        let f = figs("全年投資３２．５億元，新增兩個園區，增長１５％");
        assert_eq!(f[0], ("３２．５億元".into(), 3250000000.0, "元".into()));
        assert_eq!(f[1], ("兩個".into(), 2.0, "个".into()));
        assert_eq!(f[2], ("１５％".into(), 15.0, "%".into()));
    }

    #[test]
    fn english_figures() {
        let f = figs("The city invested $3bn and 1.2 million people, up 15 percent in 2023.");
        assert_eq!(f[0], ("$3bn".into(), 3e9, "USD".into()));
        assert_eq!(f[1], ("1.2 million people".into(), 1.2e6, "people".into()));
        assert_eq!(f[2], ("15 percent".into(), 15.0, "%".into()));
        assert_eq!(f.len(), 3);
    }

    #[test]
    fn long_quotations_keep_their_figures() {
        let t = texts("他说：“今年要新增就业岗位5000个，确保完成全年目标任务，推动经济平稳发展。”");
        assert_eq!(t, vec!["5000个"]);
    }
}
