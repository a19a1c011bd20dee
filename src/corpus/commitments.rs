//! Pledges followed from plan to result: the commitments of a folder of reports, each target
//! figure tracked through the figures later reports give for the same indicator.
//!
//! A **track** starts at a figure inside a commitment (力争…增长8%以上, 全年新增…100家以上): the
//! pledged value. Its **indicator** is what the figure measures — the words before it in its clause,
//! with the genre's hedges and time words (力争, 确保, 全年, 到2025年底, 上半年…) and verbs of
//! attainment (达到, 突破, 完成, 保持在…) left out, so 技术改造投资突破150亿元 and 技术改造投资完成68.5亿元
//! share the indicator 技术改造投资. A figure of a *later* report (by the report's date) joins the
//! track when it has the same unit and its indicator is close enough (character bigrams, Dice ≥
//! 0.6): as a **result** when it is outside any commitment, as a restated **pledge** when it is in
//! one whose actor is the same body (after alias resolution, see [`super::entities`]). Each later
//! report contributes its closest figure.
//!
//! The proposed **status** comes from the last result: *met* when it reaches the pledge (or stays
//! under it, for a ceiling: 控制在…以内), *missed* when it does not and the report is dated after the
//! deadline, *partly* before the deadline, *no later report* when no result was found. The user
//! confirms or dismisses a track; those decisions live in the workspace file
//! ([`super::workspace::WorkspaceFile`]).
//!
//! A figure followed by 以上/以下 and a noun is a qualifier, not a target (500万元以上技术改造项目
//! 300个: the target is 300个).

use super::entities::{self, CorpusError, Entity, ReportMentions};
use super::workspace::WorkspaceFile;
use crate::annotation::{Annotation, Kind, Label};
use crate::document::loader::LoadOptions;
use crate::interchange::ReportTable;
use crate::session::Session;
use crate::store::SidecarStatus;
use crate::store::reports::annotated_reports;
use crate::text::fold::{fold, fold_char};
use crate::text::year_in;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How close two indicators must be (Dice coefficient over character bigrams).
const SAME_INDICATOR: f64 = 0.6;

/// At most this many characters of a clause before a figure make its indicator.
const INDICATOR_CHARS: usize = 14;

/// What became of a pledge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The last result reaches the pledge.
    Met,
    /// Not yet reached, and the deadline has not passed.
    Partly,
    /// Not reached by a report dated after the deadline.
    Missed,
    /// No later report gives a result.
    NoLaterReport,
    /// The user says this is not a pledge worth following.
    Dismissed,
}

impl Status {
    /// Every status, in display order.
    pub const ALL: [Status; 5] = [
        Status::Met,
        Status::Partly,
        Status::Missed,
        Status::NoLaterReport,
        Status::Dismissed,
    ];

    /// The name used in JSON, CSV and the files (`met`, `partly`, `missed`, `no-later-report`,
    /// `dismissed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partly => "partly",
            Status::Missed => "missed",
            Status::NoLaterReport => "no-later-report",
            Status::Dismissed => "dismissed",
        }
    }
}

/// Whether a member of a track pledges or reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A figure inside a commitment.
    Pledge,
    /// A figure a report gives as done.
    Result,
}

/// A figure of one report on a track.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Member {
    /// The report.
    pub doc: String,
    /// The report's date (`2025-07-20`), when it gives one.
    pub date: Option<String>,
    /// Pledge or result.
    pub role: Role,
    /// The figure as written.
    pub text: String,
    /// Its value in base units.
    pub value: f64,
    /// Its place in the report (code points).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
}

/// One pledge followed through the reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Track {
    /// Stable key: the pledging commitment's annotation id and the figure's start.
    pub id: String,
    /// Who pledged (canonical name), when known.
    pub actor: String,
    /// What is measured.
    pub indicator: String,
    /// The unit.
    pub unit: String,
    /// The deadline as written, or the year it falls in.
    pub deadline: String,
    /// Whether the pledge is a ceiling (控制在…以内) rather than a floor.
    pub ceiling: bool,
    /// The pledge that opened the track, then every later member in report order.
    pub members: Vec<Member>,
    /// The status the figures suggest.
    pub proposed: Status,
    /// The user's decision, when made.
    pub confirmed: Option<Status>,
}

impl Track {
    /// The status to show: the user's, else the proposed one.
    pub fn status(&self) -> Status {
        self.confirmed.unwrap_or(self.proposed)
    }
}

/// One report as the tracker reads it.
pub struct ReportFigures {
    /// The report's name.
    pub doc: String,
    /// Its date, `YYYY-MM-DD`, when it gives one.
    pub date: Option<String>,
    /// Its text.
    pub text: String,
    /// Its annotations.
    pub annotations: Vec<Annotation>,
}

/// The tracks of every annotated report below `folder`, with the user's decisions, and the
/// files that could not be read (named; nothing is guessed from them).
pub fn of_folder(folder: &Path) -> Result<(Vec<Track>, Vec<String>), CorpusError> {
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    for found in annotated_reports(&[PathBuf::from(folder)])? {
        let session = match Session::open(&found.path, LoadOptions::default()) {
            Ok(s) => s,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        if let SidecarStatus::Unreadable(e) = session.sidecar_status() {
            problems.push(e.to_string());
            continue;
        }
        let annotations: Vec<Annotation> = session
            .annotations()
            .iter()
            .filter(|a| a.is_placed())
            .cloned()
            .collect();
        reports.push(ReportFigures {
            doc: found.rel_name,
            date: report_date(session.doc.text()),
            text: session.doc.text().to_owned(),
            annotations,
        });
    }
    let mentions: Vec<ReportMentions> = reports
        .iter()
        .map(|r| ReportMentions::of(&r.doc, &r.annotations))
        .collect();
    let mut tracks = track(&reports, &entities::index(&mentions));
    let decisions = WorkspaceFile::load(folder)?;
    for t in &mut tracks {
        t.confirmed = decisions.tracks.get(&t.id).copied();
    }
    Ok((tracks, problems))
}

/// The date a report gives: its last full date (`2025年7月20日`, the signature's), else its last
/// year and month.
pub fn report_date(text: &str) -> Option<String> {
    static FULL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?")
            .unwrap_or_else(|e| panic!("date pattern: {e}"))
    });
    let folded: String = text.chars().map(fold_char).collect();
    let dates: Vec<(u32, u32, Option<u32>)> = FULL
        .captures_iter(&folded)
        .filter_map(|c| {
            let y = c[1].parse().ok()?;
            let m = c[2].parse().ok().filter(|m| (1..=12).contains(m))?;
            let d = c.get(3).and_then(|d| d.as_str().parse().ok());
            Some((y, m, d))
        })
        .collect();
    let pick = dates
        .iter()
        .rev()
        .find(|d| d.2.is_some())
        .or(dates.last())?;
    Some(match pick.2 {
        Some(d) => format!("{:04}-{:02}-{:02}", pick.0, pick.1, d),
        None => format!("{:04}-{:02}", pick.0, pick.1),
    })
}

/// A figure with what the tracker needs to know of it.
struct Figure<'a> {
    report: usize,
    annotation: &'a Annotation,
    value: f64,
    unit: String,
    indicator: String,
    /// The commitment it sits in, if any.
    commitment: Option<&'a Annotation>,
}

/// Builds the tracks of `reports` (see the module documentation); `entities` resolve actors'
/// aliases.
pub fn track(reports: &[ReportFigures], entities: &[Entity]) -> Vec<Track> {
    let canonical = entities::canonical_names(entities);
    let actor_of = |c: &Annotation| -> String {
        let Label::Commitment { actor, .. } = &c.label else {
            return String::new();
        };
        let first = actor
            .split(['、', '，', ',', ';', '；'])
            .next()
            .unwrap_or_default()
            .trim();
        canonical
            .get(&fold(first))
            .cloned()
            .unwrap_or_else(|| first.to_owned())
    };
    // Reports in date order (undated ones last, by name).
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            (
                reports[i].date.is_none(),
                reports[i].date.clone(),
                reports[i].doc.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    let rank: HashMap<usize, usize> = order.iter().enumerate().map(|(r, &i)| (i, r)).collect();
    let mut figures: Vec<Figure> = Vec::new();
    for (r, report) in reports.iter().enumerate() {
        let chars: Vec<char> = report.text.chars().collect();
        let commitments: Vec<&Annotation> = report
            .annotations
            .iter()
            .filter(|a| a.kind() == Kind::Commitment)
            .collect();
        for a in &report.annotations {
            let Label::Figure {
                value: Some(value),
                unit,
            } = &a.label
            else {
                continue;
            };
            if a.end > chars.len() || is_qualifier(&chars, a.end) {
                continue;
            }
            let commitment = commitments
                .iter()
                .copied()
                .find(|c| c.start <= a.start && a.end <= c.end);
            figures.push(Figure {
                report: r,
                annotation: a,
                value: *value,
                unit: fold(unit),
                indicator: indicator(&chars, a.start, &report.annotations),
                commitment,
            });
        }
    }
    let mut tracks = Vec::new();
    let mut used: HashSet<(usize, usize)> = HashSet::new();
    let mut pledges: Vec<&Figure> = figures.iter().filter(|f| f.commitment.is_some()).collect();
    pledges.sort_by_key(|f| (rank[&f.report], f.annotation.start));
    for pledge in pledges {
        if used.contains(&(pledge.report, pledge.annotation.start)) || pledge.indicator.is_empty() {
            continue;
        }
        let Some(c) = pledge.commitment else { continue };
        let actor = actor_of(c);
        let deadline = match &c.label {
            Label::Commitment { deadline, .. } if !deadline.trim().is_empty() => deadline.clone(),
            _ => String::new(),
        };
        let deadline_year =
            year_in(&deadline).or_else(|| reports[pledge.report].date.as_deref().and_then(year_in));
        let chars: Vec<char> = reports[pledge.report].text.chars().collect();
        let ceiling = is_ceiling(&chars, c, pledge.annotation);
        // A restated pledge: the same body (when both name one) and deadline year.
        let same_pledge = |fc: &Annotation| {
            let other = actor_of(fc);
            let year = match &fc.label {
                Label::Commitment { deadline, .. } => year_in(deadline),
                _ => None,
            };
            (actor.is_empty() || other.is_empty() || other == actor)
                && (year.is_none() || year == deadline_year)
        };
        let mut members = vec![member(&reports[pledge.report], pledge, Role::Pledge)];
        used.insert((pledge.report, pledge.annotation.start));
        // Each later report: its closest result, and its closest restated pledge, for the same
        // indicator and unit.
        for &r in order.iter().filter(|&&r| rank[&r] > rank[&pledge.report]) {
            for role in [Role::Pledge, Role::Result] {
                let best = figures
                    .iter()
                    .filter(|f| f.report == r && f.unit == pledge.unit)
                    .filter(|f| f.commitment.is_some() == (role == Role::Pledge))
                    .filter(|f| !used.contains(&(f.report, f.annotation.start)))
                    .filter(|f| f.commitment.is_none_or(&same_pledge))
                    .map(|f| (dice(&pledge.indicator, &f.indicator), f))
                    .filter(|(s, _)| *s >= SAME_INDICATOR)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((_, f)) = best {
                    members.push(member(&reports[r], f, role));
                    used.insert((f.report, f.annotation.start));
                }
            }
        }
        let proposed = propose(pledge.value, ceiling, deadline_year, &members);
        tracks.push(Track {
            id: format!("{}@{}", c.id.0, pledge.annotation.start),
            actor,
            indicator: pledge.indicator.clone(),
            unit: pledge.unit.clone(),
            deadline: match deadline_year {
                Some(y) if deadline.is_empty() => y.to_string(),
                Some(y) if year_in(&deadline).is_none() => format!("{deadline} {y}"),
                _ => deadline,
            },
            ceiling,
            members,
            proposed,
            confirmed: None,
        });
    }
    tracks
}

fn member(report: &ReportFigures, f: &Figure, role: Role) -> Member {
    Member {
        doc: report.doc.clone(),
        date: report.date.clone(),
        role,
        text: f.annotation.quote.clone(),
        value: f.value,
        start: f.annotation.start,
        end: f.annotation.end,
    }
}

/// The tracks as a table for the Markdown and HTML reports: one row per track, pledged and
/// reported figures side by side (dismissed tracks left out).
pub fn report_table(tracks: &[Track]) -> ReportTable {
    let figures = |t: &Track, role: Role| {
        t.members
            .iter()
            .filter(|m| m.role == role)
            .map(|m| format!("{} ({})", m.text, m.date.as_deref().unwrap_or(&m.doc)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    ReportTable {
        title: "Commitments tracked across reports".to_owned(),
        headers: [
            "Actor",
            "Indicator",
            "Deadline",
            "Pledged",
            "Reported",
            "Status",
        ]
        .map(String::from)
        .to_vec(),
        rows: tracks
            .iter()
            .filter(|t| t.status() != Status::Dismissed)
            .map(|t| {
                let status = match t.confirmed {
                    Some(s) => s.as_str().to_owned(),
                    None => format!("{} (proposed)", t.proposed.as_str()),
                };
                vec![
                    t.actor.clone(),
                    t.indicator.clone(),
                    t.deadline.clone(),
                    figures(t, Role::Pledge),
                    figures(t, Role::Result),
                    status,
                ]
            })
            .collect(),
    }
}

/// The tracks as CSV (RFC 4180): one row per figure on a track, the track's fields repeated.
pub fn to_csv(tracks: &[Track]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "track",
        "actor",
        "indicator",
        "unit",
        "deadline",
        "status",
        "confirmed",
        "doc",
        "date",
        "role",
        "text",
        "value",
        "start",
        "end",
    ])?;
    for t in tracks {
        for m in &t.members {
            w.write_record([
                t.id.as_str(),
                &t.actor,
                &t.indicator,
                &t.unit,
                &t.deadline,
                t.status().as_str(),
                if t.confirmed.is_some() { "yes" } else { "no" },
                &m.doc,
                m.date.as_deref().unwrap_or_default(),
                match m.role {
                    Role::Pledge => "pledge",
                    Role::Result => "result",
                },
                &m.text,
                &m.value.to_string(),
                &m.start.to_string(),
                &m.end.to_string(),
            ])?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The status the last result suggests (see the module documentation).
fn propose(pledged: f64, ceiling: bool, deadline_year: Option<i32>, members: &[Member]) -> Status {
    let Some(last) = members.iter().rev().find(|m| m.role == Role::Result) else {
        return Status::NoLaterReport;
    };
    let reached = if ceiling {
        last.value <= pledged
    } else {
        last.value >= pledged
    };
    if reached {
        return Status::Met;
    }
    let after_deadline = match (deadline_year, last.date.as_deref().and_then(year_in)) {
        (Some(deadline), Some(year)) => year > deadline,
        _ => false,
    };
    if after_deadline {
        Status::Missed
    } else {
        Status::Partly
    }
}

/// Whether the figure ending at `end` qualifies a noun (500万元以上技术改造项目) rather than
/// being a target.
fn is_qualifier(chars: &[char], end: usize) -> bool {
    let rest = &chars[end..];
    (rest.starts_with(&['以', '上']) || rest.starts_with(&['以', '下']))
        && rest.get(2).is_some_and(|c| crate::text::is_han(*c))
}

/// Whether the pledge is a ceiling: 控制在/不超过 before it, 以内/以下 after it.
fn is_ceiling(chars: &[char], commitment: &Annotation, figure: &Annotation) -> bool {
    let before: String = chars[commitment.start.min(figure.start)..figure.start]
        .iter()
        .collect();
    let after: String = chars[figure.end..(figure.end + 2).min(chars.len())]
        .iter()
        .collect();
    before.ends_with("控制在")
        || before.ends_with("不超过")
        || before.ends_with("低于")
        || after == "以内"
        || after == "以下"
}

/// Hedges, time words and verbs of attainment that do not say what is measured.
const NOT_INDICATOR: [&str; 33] = [
    "力争",
    "确保",
    "争取",
    "努力",
    "要",
    "将",
    "全年",
    "当年",
    "今年",
    "上半年",
    "下半年",
    "前三季度",
    "一季度",
    "年底前",
    "年底",
    "年末",
    "全市",
    "全区",
    "全县",
    "全省",
    "累计",
    "共",
    "达到",
    "突破",
    "超过",
    "完成",
    "实现",
    "保持在",
    "控制在",
    "不低于",
    "不超过",
    "达",
    "为",
];

/// What the figure at `start` measures: the Han characters of its clause before it (other
/// figures, annotated names and the words of [`NOT_INDICATOR`] left out), at most
/// [`INDICATOR_CHARS`] of them.
fn indicator(chars: &[char], start: usize, annotations: &[Annotation]) -> String {
    let clause_start = chars[..start]
        .iter()
        .rposition(|c| {
            matches!(
                c,
                '，' | '。' | '；' | '：' | '、' | '\n' | ',' | ';' | ':' | '！' | '？'
            )
        })
        .map_or(0, |i| i + 1);
    let mut kept: Vec<char> = Vec::new();
    let mut i = clause_start;
    while i < start {
        // Other figures and the names of bodies say who and how much, not what.
        if let Some(a) = annotations
            .iter()
            .find(|a| a.kind() != Kind::Commitment && a.start == i && a.end <= start)
        {
            i = a.end;
            // …and the bound after a figure (500万元以上技术改造项目).
            if a.kind() == Kind::Figure
                && matches!(chars.get(i..i + 2), Some(['以', '上' | '下' | '内']))
            {
                i += 2;
            }
            continue;
        }
        kept.push(fold_char(chars[i]));
        i += 1;
    }
    let mut text: String = kept
        .into_iter()
        .filter(|c| crate::text::is_han(*c))
        .collect();
    // Dates (2025年, 1—6月) leave 年/月 behind once digits go.
    for word in NOT_INDICATOR.iter().chain(&["年", "月"]) {
        if word.chars().count() > 1 || matches!(*word, "年" | "月") {
            text = text.replace(word, "");
        }
    }
    // One-character words only at the edges (要 and 将 inside 主要 or 将来 stay).
    let trimmed = text
        .trim_start_matches(['要', '将', '达', '为', '共', '在'])
        .trim_end_matches(['要', '将', '达', '为', '共']);
    let n = trimmed.chars().count();
    trimmed
        .chars()
        .skip(n.saturating_sub(INDICATOR_CHARS))
        .collect()
}

/// The Dice coefficient of the two texts' character bigrams.
fn dice(a: &str, b: &str) -> f64 {
    let bigrams = |s: &str| -> HashMap<(char, char), usize> {
        let c: Vec<char> = s.chars().collect();
        let mut m = HashMap::new();
        for w in c.windows(2) {
            *m.entry((w[0], w[1])).or_insert(0) += 1;
        }
        m
    };
    let (x, y) = (bigrams(a), bigrams(b));
    let total: usize = x.values().sum::<usize>() + y.values().sum::<usize>();
    if total == 0 {
        return if a == b && !a.is_empty() { 1.0 } else { 0.0 };
    }
    let shared: usize = x
        .iter()
        .map(|(k, n)| (*n).min(y.get(k).copied().unwrap_or(0)))
        .sum();
    2.0 * shared as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Figure annotations over each of `quotes` (first occurrence) in `text`.
    fn figures_in(text: &str, quotes: &[&str]) -> Vec<Annotation> {
        let doc = crate::document::Document::from_text("t.txt", text);
        quotes
            .iter()
            .map(|q| {
                let s = text[..text.find(q).unwrap()].chars().count();
                let quantity = crate::text::quantity::parse_quantity(q).unwrap();
                let label = Label::Figure {
                    value: Some(quantity.value),
                    unit: quantity.unit,
                };
                Annotation::new(&doc, s, s + q.chars().count(), label)
            })
            .collect()
    }

    #[test]
    fn indicators_leave_out_hedges_time_words_and_verbs() {
        let text = "确保全年工业投资增长10%，技术改造投资突破150亿元。";
        let chars: Vec<char> = text.chars().collect();
        let anns = figures_in(text, &["10%", "150亿元"]);
        let at = |q: &str| text[..text.find(q).unwrap()].chars().count();
        assert_eq!(indicator(&chars, at("10%"), &anns), "工业投资增长");
        assert_eq!(indicator(&chars, at("150亿元"), &anns), "技术改造投资");
        let mid = "1—6月，全市工业投资增长8.1%，技术改造投资完成68.5亿元。";
        let chars: Vec<char> = mid.chars().collect();
        let at = |q: &str| mid[..mid.find(q).unwrap()].chars().count();
        assert_eq!(indicator(&chars, at("8.1%"), &[]), "工业投资增长");
        assert_eq!(indicator(&chars, at("68.5亿元"), &[]), "技术改造投资");
    }

    #[test]
    fn dates_and_years() {
        assert_eq!(
            report_date("2025年3月18日印发……\n临江市人民政府\n2025年7月20日\n").as_deref(),
            Some("2025-07-20")
        );
        assert_eq!(report_date("２０２５年７月").as_deref(), Some("2025-07"));
        assert_eq!(report_date("无日期"), None);
    }

    #[test]
    fn qualifiers_are_not_targets() {
        let chars: Vec<char> = "实施500万元以上技术改造项目300个，增长8%以上。"
            .chars()
            .collect();
        assert!(is_qualifier(&chars, 7));
        assert!(!is_qualifier(&chars, 27));
    }

    #[test]
    fn status_from_the_last_result_and_the_deadline() {
        let m = |date: &str, role, value| Member {
            doc: String::new(),
            date: Some(date.into()),
            role,
            text: String::new(),
            value,
            start: 0,
            end: 0,
        };
        let plan = m("2025-03-18", Role::Pledge, 100.0);
        let mid = m("2025-07-20", Role::Result, 46.0);
        let end = |v| m("2026-01-15", Role::Result, v);
        assert_eq!(
            propose(100.0, false, Some(2025), std::slice::from_ref(&plan)),
            Status::NoLaterReport
        );
        assert_eq!(
            propose(100.0, false, Some(2025), &[plan.clone(), mid.clone()]),
            Status::Partly
        );
        assert_eq!(
            propose(
                100.0,
                false,
                Some(2025),
                &[plan.clone(), mid.clone(), end(104.0)]
            ),
            Status::Met
        );
        assert_eq!(
            propose(100.0, false, Some(2025), &[plan.clone(), mid, end(97.0)]),
            Status::Missed
        );
        assert_eq!(
            propose(100.0, true, Some(2025), &[plan, end(97.0)]),
            Status::Met
        );
    }
}
