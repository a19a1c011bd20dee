//! Commitments: sentences that pledge, set a target or direct someone to act.
//!
//! A sentence is a maximal run ending with `。！？；!?;` or a line break (terminator included,
//! surrounding whitespace excluded). Each sentence is classified with three kinds of evidence:
//!
//! - **explicit markers** anywhere in it: `力争`, `确保`, `争取`, `力求`, `必须`, `务必`,
//!   modal `要` (not `主要/重要/需要/要求…`), future `将`, verbal `计划`, `拟`, `请`,
//!   `下一步`; a forecast (`预计`, `有望`) without such a marker is not a pledge;
//! - **directive form**: after any enumerator (`(一)`, `1.`) and leading time phrase
//!   (`2025年,`), the sentence starts with a verb, adverb or preposition (jieba tags), as task
//!   items do (`加快建设…`, `以…为抓手`);
//! - **context**: a *plan* document, known by its form (`责任单位` lists, plan section headings
//!   such as `三、重点任务`, or a title that issues a plan — not a plan a report merely cites),
//!   makes every directive or target-bearing sentence a commitment; in a *report*, only
//!   sentences with explicit markers count, plus the whole forward-looking section that starts
//!   at `下一步/今后/接下来` or a heading of next year's work (`工作打算`) and runs to the next
//!   article. Look-back sections (`工作回顾`, `开展情况`, `存在的问题`) and signatures are kept out.
//!
//! Reports of past results (`截至`, `累计`, `同比`, `获评`, `了`) are kept out unless an explicit
//! marker overrides them. Attributes, quoted from the original text: `actor` is the `责任单位` list
//! that follows a plan item, else the bodies named first in the sentence, else the department or
//! place that issues the document; `deadline` is the first time limit (`2025年`, `年底前`,
//! `8月底前`, `全年`); `target` is the first figure of the sentence.
//!
//! Text written in English (more Latin letters than Han characters) goes to [`english`], which
//! finds the same three attributes with English markers.
//!
//! Over 700 lines with its tests (the last ~150); the rules share one sentence model.

mod english;
mod verbs;

use super::figure::FigureSuggester;
use super::text::{Doc, Region, enclosing, regions};
use super::{Source, Suggester, Suggestion};
use crate::annotation::{Kind, Label};
use regex::Regex;
use std::sync::LazyLock;
use verbs::DIRECTIVE_VERBS;

static EXPLICIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"力争|确保|争取|力求|必须|务必|下一步|下步|下阶段|接下来|今后|努力实现|目标是|目标为|",
        r"(?:^|[^主重需只纲摘首提必概扼简])要(?:[^求素点闻件害领务紧是的道塞])|",
        r"(?:^|[^即])将(?:[^来近军领士])|即将|计划(?:[于在到年投建新完实开引争力全今明用将])|",
        r"(?:^|[,，])拟|(?:^|[,，现])请|(?:全年|年内|年底前).{0,12}完成"
    ))
    .unwrap_or_else(|e| panic!("commitment regex: {e}"))
});

static FORWARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"下一步|下步|下一阶段|下阶段|接下来|今后一个时期|今后|未来[一二三五两几\d]")
        .unwrap_or_else(|e| panic!("{e}"))
});

static PAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"截至|截止|累计|日前|近日|获评|获批|荣获|荣升|同比|比上年|较上年|去年|上年度|",
        r"共计|本报讯|据了解|(?:[^为除罢不末])了(?:[^解])|已经|已[^出]|位居|排名"
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});

/// A report's heading that opens what it will do next: `四、2025年工作打算`, `下步工作思路`.
static FORWARD_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:打算|思路|工作计划|工作安排|工作重点|重点工作)[:：]?$")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A heading that opens a look back (a plan's review of last year, a report's achievements):
/// its sentences report results unless an explicit marker makes them pledges.
static RETROSPECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    // Matched on the folded text, so traditional headings (回顧, 總結) are covered too.
    Regex::new(r"回顾|总结|完成情况|进展情况|执行情况|开展情况|运行情况|工作情况|成效|主要成绩|取得的成绩|发展基础|基本情况|现状|存在的问题|主要问题")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Pledge words that can precede the actor at the start of a sentence (`力争全市…`).
static LEADING_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:力争|确保|争取|力求|努力|要|将)+").unwrap_or_else(|e| panic!("{e}"))
});

static FORECAST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"预计|预测|有望|预期将").unwrap_or_else(|e| panic!("{e}")));

/// The headings of a plan's sections (`三、重点任务`), as a whole heading line.
static PLAN_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:重点任务|主要任务|工作任务|目标任务|保障措施|工作措施|主要措施|主要目标|发展目标|工作目标|总体要求|工作要求)[。:：]?$")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A title that issues a plan: `…实施方案`, `关于印发…行动计划的通知`.
static PLAN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:方案|计划|规划|要点|意见|措施|办法|纲要)(?:》?的通知)?\s*$")
        .unwrap_or_else(|e| panic!("{e}"))
});

static ENUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[(（]?[一二三四五六七八九十]+[)）、.]|[(（]\d+[)）]|\d+[.、)]|[一二三四五六七八九十]+是|[•·●■□◆\-*]\s*)\s*")
        .unwrap_or_else(|e| panic!("{e}"))
});

static LEADING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:到|至|在)?(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:底|末|前|内)?[,，]|^(?:全年|今年|明年|年内|近期)[,，]?")
        .unwrap_or_else(|e| panic!("{e}"))
});

static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:底前|年底|底|末|前|内|上半年|下半年)?|",
        r"\d{1,2}月(?:底前|底|末|前|中旬|上旬|下旬)|年底前|年内|全年|今年|明年|年底|上半年|下半年"
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});

static RESPONSIBLE: LazyLock<Regex> = LazyLock::new(|| {
    // Its own line, or in brackets closing a plan item: …15个以上。（牵头单位：区经济发展局）
    Regex::new(r"^[(（]?(?:责任单位|牵头单位|责任部门|牵头部门|配合单位)\s*[:：]\s*(.+?)[)）]?$")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A title issued by a department: 临江市工业和信息化局2025年…, 新密市科工信局关于….
static TITLE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([\p{Han}]{2,8}?(?:省|市|县|区)[\p{Han}]{1,10}?(?:局|委员会|委|厅|办))(?:[\d〇零一二三四五六七八九]{4}年|关于)")
        .unwrap_or_else(|e| panic!("{e}"))
});

static TITLE_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    // 临江市人民政府关于…, 临江市2025年…, and a news headline naming its subject: 临江高新区：…
    Regex::new(r"^\s*([\p{Han}]{2,8}?(?:省|市|县|区|州|旗|镇|乡))(?:人民政府|委员会|政府|委|办公室|关于|[\d〇零一二三四五六七八九]{4}年|\s*[:：])")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Connectives that can open a sentence before its actor (`下一步，高新区将…`).
static LEADING_CONNECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:下一步|下阶段|接下来|今后|同时|此外|另外|与此同时)[,，]?")
        .unwrap_or_else(|e| panic!("{e}"))
});

static BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}]{1,10}?(?:委员会|管委会|局|委|办公室|办|厅|政府|公司|高新区|开发区|园区|新区|[省市县区镇乡])")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Proposes commitment sentences with actor, deadline and target.
pub struct CommitmentSuggester {
    figures: FigureSuggester,
}

impl Default for CommitmentSuggester {
    fn default() -> Self {
        Self::new()
    }
}

impl Suggester for CommitmentSuggester {
    fn kind(&self) -> Kind {
        Kind::Commitment
    }

    fn suggest(&self, text: &str, out: &mut Vec<Suggestion>) {
        self.suggest_doc(&Doc::new(text), out);
    }
}

/// A sentence with the line it sits on.
#[derive(Clone, Debug)]
struct Sentence {
    start: usize,
    end: usize,
    line: usize,
    /// Whether the sentence fills its whole line and has no terminator (a heading).
    bare_line: bool,
}

impl CommitmentSuggester {
    /// A suggester (jieba is loaded lazily, once per process).
    pub fn new() -> CommitmentSuggester {
        CommitmentSuggester {
            figures: FigureSuggester,
        }
    }

    pub(crate) fn suggest_doc(&self, doc: &Doc<'_>, out: &mut Vec<Suggestion>) {
        let mut figures = Vec::new();
        self.figures.suggest_doc(doc, &mut figures);
        self.suggest_doc_with(doc, &figures, out);
    }

    /// Like `suggest_doc`, reusing figures already found in `doc` (sorted by start).
    pub(crate) fn suggest_doc_with(
        &self,
        doc: &Doc<'_>,
        figures: &[Suggestion],
        out: &mut Vec<Suggestion>,
    ) {
        if !doc.is_chinese() {
            english::suggest(doc, figures, out);
            return;
        }
        let sentences = split(&doc.chars);
        if sentences.is_empty() {
            return;
        }
        let regions = regions(&doc.chars);
        let title = doc
            .folded
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        // Responsible-unit lines, by line number.
        let line_of = line_numbers(&doc.chars);
        // (start char of the line, its line, the list's char range)
        let mut responsible: Vec<(usize, usize, (usize, usize))> = Vec::new();
        for s in &sentences {
            let t = doc.slice(s.start, s.end);
            if let Some(c) = RESPONSIBLE.captures(t.trim())
                && let Some(m) = c.get(1)
            {
                let list = m.as_str().trim_end_matches(['。', ';', '；']).trim();
                responsible.push((s.start, s.line, chars_of(doc, list)));
            }
        }
        let plan_doc = is_plan(doc, title, !responsible.is_empty(), &sentences);
        // Attributes are quoted from the original text (the rules match on the folded one).
        let mut original = CharCursor::new(doc.text);
        let default_actor = TITLE_BODY
            .captures(title)
            .or_else(|| TITLE_PLACE.captures(title))
            .and_then(|c| c.get(1))
            .map(|m| {
                let (a, b) = chars_of(doc, m.as_str());
                original.slice(a, b).to_owned()
            })
            .unwrap_or_default();
        let mut forward = false;
        let mut retrospective = false;
        let mut blank_run = 0usize;
        let mut prev_line = usize::MAX;
        for (i, s) in sentences.iter().enumerate() {
            let text = doc.slice(s.start, s.end);
            // Track gaps between lines: a long gap ends a report's forward section.
            if s.line != prev_line {
                let gap = if prev_line == usize::MAX {
                    0
                } else {
                    s.line.saturating_sub(prev_line + 1)
                };
                blank_run = gap;
                prev_line = s.line;
            }
            if blank_run >= 3 || text.contains("本报讯") {
                forward = false;
            }
            if RESPONSIBLE.is_match(text.trim()) || is_meta(text) {
                continue;
            }
            // Headings open and close look-back sections.
            if s.bare_line && s.end - s.start <= 24 && !text.ends_with(['。', '；', ';']) {
                retrospective = RETROSPECTIVE.is_match(text);
                if retrospective {
                    continue;
                }
                if !plan_doc && FORWARD_HEADING.is_match(body(text)) {
                    forward = true;
                    continue;
                }
            }
            let explicit = EXPLICIT.is_match(text) && !in_title(&regions, doc, s, text);
            let past = PAST.is_match(text);
            let forecast = FORECAST.is_match(text);
            let starts_forward = FORWARD.is_match(text);
            let directive = || directive_start(text);
            let first_fig = figures.partition_point(|f| f.start < s.start);
            let sentence_figure = figures[first_fig..]
                .iter()
                .take_while(|f| f.start < s.end)
                .find(|f| f.end <= s.end);
            let has_figure = sentence_figure.is_some();
            if starts_forward && !plan_doc {
                forward = true;
            }
            let mut yes = if retrospective {
                // `全年…完成` reports last year's completion here; a pledge needs a real marker.
                explicit
                    && !forecast
                    && !past
                    && EXPLICIT
                        .find_iter(text)
                        .any(|m| !m.as_str().contains("完成"))
            } else if plan_doc {
                (explicit && !forecast)
                    || (!s.bare_line
                        && !heading_noun(text)
                        && (directive() || (has_figure && has_verbish(text))))
            } else if forward {
                !is_byline(text) && (!past || explicit)
            } else {
                explicit && !forecast && !past
            };
            if !plan_doc && !forward && !yes {
                // A heading that introduces a forward-looking paragraph.
                if s.bare_line
                    && s.end - s.start <= 20
                    && directive()
                    && let Some(next) = sentences.get(i + 1)
                    && FORWARD.is_match(doc.slice(next.start, next.end))
                {
                    yes = true;
                }
            }
            if !yes {
                continue;
            }
            let actor = actor_for(s, &responsible, &line_of, doc, text).map_or_else(
                || default_actor.clone(),
                |(a, b)| original.slice(a, b).to_owned(),
            );
            let deadline = DEADLINE
                .find_iter(text)
                .map(|m| chars_of(doc, m.as_str()))
                .find(|&(a, b)| {
                    enclosing(&regions, a, b).is_none()
                        && !doc.at(b).is_some_and(|c| c == '〕' || c == ']')
                })
                .map(|(a, b)| original.slice(a, b).to_owned())
                .unwrap_or_default();
            let target = sentence_figure
                .map(|f| original.slice(f.start, f.end).to_owned())
                .unwrap_or_default();
            out.push(Suggestion {
                start: s.start,
                end: s.end,
                label: Label::Commitment {
                    actor,
                    deadline,
                    target,
                },
                confidence: if explicit { 0.85 } else { 0.65 },
                source: Source::Rule,
            });
        }
    }
}

/// Char-offset slicing of a text visited from left to right: O(text) in total, not per slice.
struct CharCursor<'a> {
    text: &'a str,
    char_pos: usize,
    byte_pos: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> CharCursor<'a> {
        CharCursor {
            text,
            char_pos: 0,
            byte_pos: 0,
        }
    }

    /// Moves to char offset `to`, forwards or backwards from where it is.
    fn seek(&mut self, to: usize) -> usize {
        if to < self.char_pos {
            let back = self.char_pos - to;
            self.byte_pos = self.text[..self.byte_pos]
                .char_indices()
                .rev()
                .nth(back - 1)
                .map_or(0, |(b, _)| b);
            self.char_pos = to;
            return self.byte_pos;
        }
        let rest = &self.text[self.byte_pos..];
        let skip = to - self.char_pos;
        self.byte_pos += rest.char_indices().nth(skip).map_or(rest.len(), |(b, _)| b);
        self.char_pos = to;
        self.byte_pos
    }

    fn slice(&mut self, start: usize, end: usize) -> &'a str {
        let a = self.seek(start);
        let rest = &self.text[a..];
        let len = rest
            .char_indices()
            .nth(end.saturating_sub(start))
            .map_or(rest.len(), |(b, _)| b);
        &rest[..len]
    }
}

/// Splits into sentences as the guidelines define them.
fn split(chars: &[char]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut line = 0;
    let mut line_start = 0;
    for (i, &c) in chars.iter().enumerate() {
        let term = matches!(c, '。' | '!' | '?' | ';' | '！' | '？' | '；' | '\n');
        if term {
            let end = if c == '\n' { i } else { i + 1 };
            push(chars, start, end, line, line_start, c == '\n', &mut out);
            start = i + 1;
            if c == '\n' {
                line += 1;
                line_start = i + 1;
            }
        }
    }
    push(chars, start, chars.len(), line, line_start, true, &mut out);
    out
}

fn push(
    chars: &[char],
    s: usize,
    e: usize,
    line: usize,
    line_start: usize,
    at_line_end: bool,
    out: &mut Vec<Sentence>,
) {
    if let Some((s, e)) = trimmed(chars, s, e) {
        let starts_line = chars[line_start..s].iter().all(|c| c.is_whitespace());
        out.push(Sentence {
            start: s,
            end: e,
            line,
            bare_line: starts_line && at_line_end,
        });
    }
}

/// A sentence's span without the whitespace around it, if anything is written in it.
fn trimmed(chars: &[char], mut s: usize, mut e: usize) -> Option<(usize, usize)> {
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    chars[s..e]
        .iter()
        .any(|c| c.is_alphanumeric())
        .then_some((s, e))
}

/// Whether the document is a plan, by its form rather than by words it may only mention (a
/// report of results cites 《…实施方案》 too): a plan item's `责任单位` list, a heading line that
/// opens a plan's section (`三、重点任务`, not `重点任务完成情况`), or a title that issues one.
fn is_plan(
    doc: &Doc<'_>,
    title: &str,
    has_responsible_units: bool,
    sentences: &[Sentence],
) -> bool {
    has_responsible_units
        || PLAN_TITLE.is_match(title)
        || sentences
            .iter()
            .any(|s| s.bare_line && PLAN_HEADING.is_match(body(doc.slice(s.start, s.end))))
}

/// Line number of every char.
fn line_numbers(chars: &[char]) -> Vec<usize> {
    let mut line = 0;
    chars
        .iter()
        .map(|&c| {
            let l = line;
            if c == '\n' {
                line += 1;
            }
            l
        })
        .collect()
}

/// A document's signature: the issuing body or the date on a line of its own, or both with the
/// writer in brackets (（区发展改革局　许文澜　8月5日）).
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\d〇零一二三四五六七八九十]{4}年[\d〇一二三四五六七八九十]{1,2}月[\d〇一二三四五六七八九十]{1,3}日|[\p{Han}()（）]{2,24}(?:局|委员会|委|办公室|政府|管委会|公司|中心)|[(（][\p{Han}\s]{2,30}(?:\d{4}年)?\d{1,2}月\d{1,2}日[)）])$")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Metadata lines (`索引号:…`, `发布日期:…`), addressee lines ending in a colon, bylines, and
/// the signature (`临江市工业和信息化局`, `2026年1月15日`).
fn is_meta(text: &str) -> bool {
    let t = text.trim();
    if SIGNATURE.is_match(t) {
        return true;
    }
    let t = ENUM.find(t).map_or(t, |m| &t[m.end()..]);
    if t.ends_with(':') || t.ends_with('：') {
        return true;
    }
    if let Some((k, _)) = t.split_once([':', '：'])
        && k.chars().count() <= 6
    {
        return true;
    }
    is_byline(t)
}

fn is_byline(text: &str) -> bool {
    let t = text.trim();
    ["记者", "通讯员", "编辑", "责编", "作者", "来源", "摄影"]
        .iter()
        .any(|p| t.starts_with(p) && t.chars().count() <= 40)
}

/// True when the explicit marker only occurs inside a 《title》 of the sentence.
fn in_title(regions: &[Region], doc: &Doc<'_>, s: &Sentence, text: &str) -> bool {
    EXPLICIT.find_iter(text).all(|m| {
        let a = s.start + text[..m.start()].chars().count();
        let b = s.start + text[..m.end()].chars().count();
        enclosing(regions, a, b).is_some_and(|r| doc.at(r.open) != Some('“'))
    })
}

/// Whether a sentence's opening words ending in a body's suffix name that body (市发展改革委,
/// 郑州高新区, 全区), rather than being a clause that happens to end in one (为贯彻落实省…, 用好省…).
fn names_a_body(words: &str) -> bool {
    words.starts_with(['省', '市', '县', '区', '全', '我'])
        || crate::text::words::jieba()
            .tag(words, false)
            .first()
            .is_some_and(|t| t.tag.starts_with('n'))
}

/// Short headings that name a topic (`(四)创新发展目标。`) rather than direct an action.
fn heading_noun(text: &str) -> bool {
    let b = body(text).trim_end_matches(['。', ';', '；', '!', '?']);
    b.chars().count() <= 12
        && !DIRECTIVE_VERBS.iter().any(|v| b.starts_with(v))
        && [
            "目标", "任务", "思路", "原则", "措施", "要求", "意义", "背景", "机制", "保障",
        ]
        .iter()
        .any(|n| b.ends_with(n))
        && !b.contains(',')
}

/// The sentence body after enumerators and a leading time phrase.
fn body(text: &str) -> &str {
    let t = text.trim();
    let t = ENUM.find(t).map_or(t, |m| &t[m.end()..]);
    let t = LEADING_TIME.find(t).map_or(t, |m| &t[m.end()..]);
    t.trim_start()
}

/// Whether the sentence (after enumerator and time phrase) starts like a directive.
fn directive_start(text: &str) -> bool {
    let b = body(text);
    let head: String = b.chars().take(8).collect();
    if head.is_empty() {
        return false;
    }
    if DIRECTIVE_VERBS.iter().any(|v| b.starts_with(v)) {
        return true;
    }
    let tags = crate::text::words::jieba().tag(&head, false);
    let Some(first) = tags.first() else {
        return false;
    };
    let tag = first.tag;
    if first.word == "各" || first.word == "全市" {
        return false;
    }
    matches!(tag, "v" | "vd" | "vi" | "i" | "ad" | "d" | "p" | "l")
        && !matches!(
            first.word,
            "是" | "有" | "在" | "为了" | "据" | "从" | "自" | "由于"
        )
}

/// Has something verb-like to carry a target (增长, 达到, 占, 突破…).
fn has_verbish(text: &str) -> bool {
    let b = body(text);
    crate::text::words::jieba()
        .tag(b, false)
        .iter()
        .any(|t| t.tag.starts_with('v'))
}

/// The char range of `part`, a slice of `doc.folded`.
fn chars_of(doc: &Doc<'_>, part: &str) -> (usize, usize) {
    let start = (part.as_ptr() as usize).saturating_sub(doc.folded.as_ptr() as usize);
    debug_assert!(
        start + part.len() <= doc.folded.len(),
        "a slice of the folded text"
    );
    doc.span(start, start + part.len())
}

/// Where the actor of sentence `s` is named (a char range), or `None` for the document's issuer.
fn actor_for(
    s: &Sentence,
    responsible: &[(usize, usize, (usize, usize))],
    line_of: &[usize],
    doc: &Doc<'_>,
    text: &str,
) -> Option<(usize, usize)> {
    // The first responsible-unit line after the sentence, if no new plan item starts before it.
    let next = responsible.partition_point(|(start, _, _)| *start < s.end);
    if let Some((start, _, list)) = responsible.get(next) {
        let between = doc.slice(s.end, *start);
        let new_item = between.lines().skip(1).any(|l| {
            let l = l.trim();
            ENUM.is_match(l) && !l.is_empty()
        });
        let lines_between = line_of
            .get(*start)
            .copied()
            .unwrap_or(0)
            .saturating_sub(s.line);
        if !new_item && lines_between <= 12 {
            return Some(*list);
        }
    }
    let b = body(text);
    let b = LEADING_CONNECTIVE.find(b).map_or(b, |m| &b[m.end()..]);
    let b = LEADING_MARKER.find(b).map_or(b, |m| &b[m.end()..]);
    if let Some(m) = BODY.find(b) {
        let head: String = b.chars().take(3).collect();
        if m.start() == 0
            && !head.starts_with('各')
            && m.as_str().chars().count() >= 2
            && names_a_body(m.as_str())
        {
            // A list of bodies acts together: 市发展改革委、市工信局、市财政局要…
            let mut end = m.end();
            while let Some(rest) = b[end..].strip_prefix('、')
                && let Some(next) = BODY.find(rest)
                && next.start() == 0
                && names_a_body(next.as_str())
            {
                end += '、'.len_utf8() + next.end();
            }
            return Some(chars_of(doc, &b[..end]));
        }
    }
    None
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The commitments suggested for `text`: (sentence, actor, deadline, target).
    pub(in crate::suggest::commitment) fn commitments(
        text: &str,
    ) -> Vec<(String, String, String, String)> {
        let mut out = Vec::new();
        CommitmentSuggester::new().suggest(text, &mut out);
        let chars: Vec<char> = text.chars().collect();
        out.into_iter()
            .map(|s| {
                let t: String = chars[s.start..s.end].iter().collect();
                match s.label {
                    Label::Commitment {
                        actor,
                        deadline,
                        target,
                    } => (t, actor, deadline, target),
                    _ => unreachable!(),
                }
            })
            .collect()
    }

    #[test]
    fn a_report_of_results_pledges_only_where_it_says_so_and_names_its_actor() {
        let found = commitments(
            "临江高新区：以科技创新引领高质量发展\n\
             今年以来，园区新引进亿元以上项目23个，总投资186.4亿元。\n\
             1—9月，全区规模以上工业增加值同比增长9.2%。\n\
             下一步，高新区将聚焦主导产业，力争全年新增规上企业30家以上。\n\
             要加快人才公寓建设，年底前交付使用800套。\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        // The actor after a connective; else the subject the headline names.
        assert_eq!(found[0].1, "高新区");
        assert_eq!(found[1].1, "临江高新区");
        assert_eq!(found[1].2, "年底前");
    }

    #[test]
    fn char_cursor_slices_like_char_offsets_in_any_order() {
        let text = "臺灣省經濟部表示，將投入新臺幣18.6億元。";
        let mut c = CharCursor::new(text);
        assert_eq!(c.slice(0, 2), "臺灣");
        assert_eq!(c.slice(15, 21), "18.6億元");
        assert_eq!(c.slice(3, 6), "經濟部", "going back restarts");
        assert_eq!(c.slice(20, 99), "元。", "clamped at the end");
    }

    #[test]
    fn explicit_pledges_in_a_report() {
        let c = commitments(
            "去年全县新增企业120家，同比增长8%。今年县里力争年底前新增企业200家。预计明年将达到300家。",
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0, "今年县里力争年底前新增企业200家。");
        assert_eq!(c[0].2, "今年");
        assert_eq!(c[0].3, "200家");
    }

    #[test]
    fn a_report_citing_a_plan_is_not_a_plan() {
        // A report of results names the plans it follows; that does not make it a plan, so its
        // results stay results.
        let report = "临江市2025年上半年工业运行情况\n\
             按照《临江市新型工业化三年行动计划》和《实施方案》要求，全市工业稳中有进。\n\
             上半年，全市完成工业投资102.8亿元，同比增长12.3%。\n\
             新增规上企业35家，实现营业收入18.6亿元。\n\
             二、重点任务完成情况\n\
             推进技术改造项目42个。\n";
        assert!(commitments(report).is_empty(), "{:?}", commitments(report));
        // A plan shows itself by its form: a section heading, a responsible-unit list or its title.
        for plan in [
            "二、重点任务\n推进技术改造项目42个。\n",
            "推进技术改造项目42个。\n责任单位：市工信局\n",
            "临江市新型工业化三年行动计划\n推进技术改造项目42个。\n",
        ] {
            assert_eq!(commitments(plan).len(), 1, "{plan}");
        }
    }

    #[test]
    fn a_plan_items_bracketed_lead_unit_is_its_actor_and_clauses_are_no_actors() {
        let found = commitments(
            "临江区2025年制造业工作要点\n\
             （一）壮大主导产业。聚焦智能传感器产业，年内引进项目15个以上。（牵头单位：区经济发展局）\n\
             （二）强化要素保障。用好省科技厅政策，全年新增科技贷款5亿元。\n",
        );
        let actors: Vec<&str> = found.iter().map(|c| c.1.as_str()).collect();
        assert_eq!(
            actors,
            ["区经济发展局", "区经济发展局", "临江区", "临江区"],
            "{found:?}"
        );
    }

    #[test]
    fn a_summary_and_plan_pledges_in_its_plan_only_with_its_issuer_as_actor() {
        let found = commitments(
            "临江市工信局2024年工作总结和2025年工作计划\n\
             一、2024年工作开展情况\n\
             （一）工业经济稳中有进。全年规模以上工业增加值增长7.8%。\n\
             （二）项目建设成效明显。实施重点项目89个，完成投资156.3亿元。\n\
             二、存在的问题\n\
             一是工业投资增长乏力。二是研发投入占比偏低。\n\
             三、2025年工作计划\n\
             （一）加快企业培育。力争新增专精特新企业20家。\n",
        );
        let texts: Vec<&str> = found.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            texts,
            ["（一）加快企业培育。", "力争新增专精特新企业20家。"]
        );
        assert!(found.iter().all(|c| c.1 == "临江市工信局"), "{found:?}");
        let found = commitments("市发展改革委、市工业和信息化局、市财政局要加强协作。");
        assert_eq!(found[0].1, "市发展改革委、市工业和信息化局、市财政局");
    }

    #[test]
    fn a_reports_section_of_plans_pledges() {
        let found = commitments(
            "临江市工信局2024年工作情况报告\n\
             一、主要成绩\n\
             全年新增规上企业35家。\n\
             二、2025年工作打算\n\
             深入推进技术改造，新增规上企业40家。\n\
             加快数字化转型。\n\n\
             临江市工业和信息化局\n\
             2025年1月15日\n\
             （区发展改革局　许文澜　8月5日）\n",
        );
        let texts: Vec<&str> = found.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            texts,
            ["深入推进技术改造，新增规上企业40家。", "加快数字化转型。"]
        );
    }

    #[test]
    fn attributes_are_quoted_in_the_documents_own_script() {
        let found = commitments(
            "青嵐縣政府：產業升級\n縣議會經濟委員會要在年底前完成審查。\n縣府將在２０２５年投入新臺幣18.6億元。\n",
        );
        assert_eq!(found[0].1, "縣議會經濟委員會", "{found:?}");
        assert_eq!(found[0].2, "年底前");
        assert_eq!(found[1].1, "青嵐縣", "{found:?}");
        assert_eq!(found[1].2, "２０２５年");
        assert_eq!(found[1].3, "18.6億元");
    }

    #[test]
    fn a_plans_look_back_section_reports_results_not_pledges() {
        let text = "河湾市2025年工业工作方案\n一、2024年工作回顾\n全市工业增加值增长6.1%，新增规上企业45家。全年完成技改投资80亿元。\n二、主要目标\n全年新增规上企业60家以上。\n";
        let c = commitments(text);
        let texts: Vec<&str> = c.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(texts, vec!["全年新增规上企业60家以上。"]);
        // The same sentences outside a look-back section are plan targets.
        let without = text.replace("一、2024年工作回顾\n", "");
        assert_eq!(commitments(&without).len(), 3);
    }

    #[test]
    fn a_leading_pledge_word_is_not_part_of_the_actor() {
        let c =
            commitments("河湾市2025年工业工作方案\n二、主要目标\n力争全区工业增加值增长8%以上。\n");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].1, "全区");
    }

    #[test]
    fn past_results_are_not_commitments() {
        assert!(commitments("截至6月底，全市累计建成基站500个。园区已引进项目30个。").is_empty());
    }

    #[test]
    fn plan_items_take_the_responsible_units_as_actor() {
        let text = "河湾市2024年数字经济实施方案\n二、重点任务\n3.加快建设算力中心。到2024年底建成机架2000个。\n责任单位：市数据局、市发展改革委\n4.完善人才政策。\n责任单位：市人社局\n";
        let c = commitments(text);
        let texts: Vec<&str> = c.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "3.加快建设算力中心。",
                "到2024年底建成机架2000个。",
                "4.完善人才政策。"
            ]
        );
        assert_eq!(c[0].1, "市数据局、市发展改革委");
        assert_eq!(c[1].2, "2024年底");
        assert_eq!(c[1].3, "2000个");
        assert_eq!(c[2].1, "市人社局");
    }

    #[test]
    fn forward_section_of_a_report() {
        let text = "园区去年新增企业50家。\n\n继续扩大开放\n\n下一步，园区将聚焦主导产业。\n优化营商环境，提升服务水平。\n\n\n\n另一则新闻标题\n\n本报讯 近日，某企业获评示范企业。";
        let c = commitments(text);
        let texts: Vec<&str> = c.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "继续扩大开放",
                "下一步，园区将聚焦主导产业。",
                "优化营商环境，提升服务水平。"
            ]
        );
    }

    #[test]
    fn traditional_chinese_pledges() {
        let c = commitments("政府將於明年完成改造工程。去年已完成三項工程。");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0, "政府將於明年完成改造工程。");
        assert_eq!(c[0].2, "明年");
    }

    #[test]
    fn words_containing_markers_do_not_count() {
        assert!(commitments("会议听取了主要工作汇报，研究了重要事项。").is_empty());
        assert!(commitments("该公司是一家老牌企业，将来前景可期").is_empty());
    }
}
