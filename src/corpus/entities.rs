//! The entities of a folder of reports, each under one canonical name with the aliases it goes by
//! and its mentions per report.
//!
//! Mentions are the entity annotations of every report's sidecar. Names that differ only in
//! script or width (臨江市科工信局, 临江市科工信局) are one name. A shorter name is proposed as an
//! alias of a longer one of the same type when the genre's ways of shortening a body's name explain
//! it, and only when exactly one longer name does (looked for in the same report first):
//!
//! - **abbreviation**: the short name keeps the long one's first and last characters and takes the
//!   rest in order from it (临江市科学技术和工业信息化局 → 临江市科工信局, 临江高新技术产业开发区 →
//!   临江高新区);
//! - **place left out**: the short name is the long one without the place that opens it, which
//!   the report makes clear (临江市科工信局 → 市科工信局 or 科工信局, 临江高新区 → 高新区): what is
//!   left out is a place the reports annotate or a division in the gazetteer.
//!
//! Aliases chain to the longest name, which is the canonical one. These are proposals: the user
//! confirms, merges or splits them, and those decisions are kept in the workspace glossary
//! ([`FOLDER_GLOSSARY`], beside the reports so they travel with them in git): a confirmed alias or
//! a merge is an entry's alias (the entry's text is the canonical name), a split is an entry's
//! `not_aliases`. Decisions win over proposals.

use crate::annotation::{Annotation, EntityType, Label};
use crate::store::reports::{ReportsError, annotated_reports};
use crate::store::write_atomically;
use crate::store::{Sidecar, SidecarError};
use crate::suggest::gazetteer::GAZETTEER;
use crate::suggest::review::FOLDER_GLOSSARY;
use crate::suggest::{Glossary, GlossaryEntry};
use crate::text::fold::fold;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Why a name is proposed as an alias of the canonical name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AliasReason {
    /// The same name in another script or width (traditional, full-width).
    Spelling,
    /// The genre's abbreviation of the full name.
    Abbreviation,
    /// The full name without the place that opens it.
    PlaceLeftOut,
    /// The user said so (the workspace glossary).
    Confirmed,
}

/// Another name an entity goes by.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alias {
    /// The name as written.
    pub name: String,
    /// Why it is proposed.
    pub reason: AliasReason,
}

/// One entity across the reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// The canonical (longest) name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// The other names it goes by.
    pub aliases: Vec<Alias>,
    /// Mentions (under any of its names) per report.
    pub mentions: BTreeMap<String, usize>,
    /// All mentions.
    pub total: usize,
}

/// One report's entity mentions: `(name as written, type)`.
pub struct ReportMentions {
    /// The report's name.
    pub doc: String,
    /// Its entity annotations.
    pub mentions: Vec<(String, EntityType)>,
}

impl ReportMentions {
    /// The entity annotations among `annotations` of the report `doc`.
    pub fn of<'a>(doc: &str, annotations: impl IntoIterator<Item = &'a Annotation>) -> Self {
        ReportMentions {
            doc: doc.to_owned(),
            mentions: annotations
                .into_iter()
                .filter_map(|a| match a.label {
                    Label::Entity { entity_type } => Some((a.quote.clone(), entity_type)),
                    _ => None,
                })
                .collect(),
        }
    }
}

/// Why the entities of a folder could not be read; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The reports could not be listed.
    #[error(transparent)]
    Reports(#[from] ReportsError),
    /// A sidecar could not be read (nothing is guessed from a damaged one).
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
    /// A workspace file (the folder's glossary, the workspace file) cannot be read or written; it
    /// is left as it is.
    #[error("{}: {reason}", path.display())]
    Workspace {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

impl CorpusError {
    /// The error for the workspace file at `path`.
    pub(crate) fn workspace(path: &Path, reason: impl ToString) -> CorpusError {
        CorpusError::Workspace {
            path: path.to_owned(),
            reason: reason.to_string(),
        }
    }
}

/// The workspace glossary of `folder` (empty when there is none; an error naming the file when it
/// cannot be read, so that a damaged one is never overwritten).
pub fn workspace_glossary(folder: &Path) -> Result<Glossary, CorpusError> {
    let path = folder.join(FOLDER_GLOSSARY);
    if !path.exists() {
        return Ok(Glossary::default());
    }
    Glossary::load(&path).map_err(|e| CorpusError::workspace(&path, e))
}

/// What the user decided about one name of an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasDecision {
    /// `name` is another name of the canonical one (confirming a proposal, or merging two
    /// entities).
    Same,
    /// `name` is not (splitting a proposal off).
    Different,
}

/// Records a decision in the workspace glossary of `folder` (written atomically; a glossary that
/// cannot be read is left alone and the error names it).
pub fn decide_alias(
    folder: &Path,
    canonical: &str,
    entity_type: EntityType,
    name: &str,
    decision: AliasDecision,
) -> Result<(), CorpusError> {
    let mut glossary = workspace_glossary(folder)?;
    let label = Label::Entity { entity_type };
    let at = match glossary
        .entries
        .iter()
        .position(|e| e.text == canonical && e.label == label)
    {
        Some(at) => at,
        None => {
            glossary.entries.push(GlossaryEntry {
                text: canonical.to_owned(),
                label,
                aliases: Vec::new(),
                not_aliases: Vec::new(),
            });
            glossary.entries.len() - 1
        }
    };
    let entry = &mut glossary.entries[at];
    entry.aliases.retain(|a| a != name);
    entry.not_aliases.retain(|a| a != name);
    match decision {
        AliasDecision::Same => entry.aliases.push(name.to_owned()),
        AliasDecision::Different => entry.not_aliases.push(name.to_owned()),
    }
    let path = folder.join(FOLDER_GLOSSARY);
    let text = glossary
        .to_ron()
        .map_err(|e| CorpusError::workspace(&path, e))?;
    write_atomically(&path, text.as_bytes()).map_err(|e| CorpusError::workspace(&path, e))
}

/// The canonical names of the entities of `reports` (sessions open on them, by name), with the
/// decisions of the workspace glossary of `folder`: what exports write as `canonical`.
pub fn canonical_names_of(
    reports: &[(&str, &crate::session::Session)],
    folder: &Path,
) -> Result<BTreeMap<String, String>, CorpusError> {
    let glossary = workspace_glossary(folder)?;
    let mentions: Vec<ReportMentions> = reports
        .iter()
        .map(|(doc, session)| ReportMentions::of(doc, session.annotations().iter()))
        .collect();
    Ok(canonical_names(&index_with(&mentions, &glossary)))
}

/// The entities of every annotated report below `folder`, with the decisions of its workspace
/// glossary.
pub fn of_folder(folder: &Path) -> Result<Vec<Entity>, CorpusError> {
    let glossary = workspace_glossary(folder)?;
    let mut reports = Vec::new();
    for found in annotated_reports(&[PathBuf::from(folder)])? {
        let Some((sidecar, _)) = Sidecar::read(&Sidecar::path_for(&found.path))? else {
            continue;
        };
        reports.push(ReportMentions::of(&found.rel_name, &sidecar.annotations));
    }
    Ok(index_with(&reports, &glossary))
}

/// Every name and alias of `entities`, folded, with the canonical name it stands for.
pub fn canonical_names(entities: &[Entity]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in entities {
        for name in std::iter::once(&e.name).chain(e.aliases.iter().map(|a| &a.name)) {
            out.insert(fold(name), e.name.clone());
        }
    }
    out
}

/// A name group: one folded name of one type.
struct Group {
    entity_type: EntityType,
    folded: Vec<char>,
    /// Surface forms and their counts.
    spellings: BTreeMap<String, usize>,
    mentions: BTreeMap<String, usize>,
}

/// Groups mentions into entities and proposes aliases (see the module documentation).
pub fn index(reports: &[ReportMentions]) -> Vec<Entity> {
    index_with(reports, &Glossary::default())
}

/// [`index`], with the user's decisions in `glossary` taking precedence over proposals.
pub fn index_with(reports: &[ReportMentions], glossary: &Glossary) -> Vec<Entity> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: HashMap<(EntityType, String), usize> = HashMap::new();
    for report in reports {
        for (name, entity_type) in &report.mentions {
            let name = &tidy(name);
            if name.is_empty() {
                continue;
            }
            let key = (*entity_type, fold(name));
            let g = *by_key.entry(key.clone()).or_insert_with(|| {
                groups.push(Group {
                    entity_type: *entity_type,
                    folded: key.1.chars().collect(),
                    spellings: BTreeMap::new(),
                    mentions: BTreeMap::new(),
                });
                groups.len() - 1
            });
            *groups[g].spellings.entry(name.to_owned()).or_default() += 1;
            *groups[g].mentions.entry(report.doc.clone()).or_default() += 1;
        }
    }
    let places: BTreeSet<String> = groups
        .iter()
        .filter(|g| g.entity_type == EntityType::Place)
        .map(|g| g.folded.iter().collect())
        .collect();
    let is_place = |p: &[char]| {
        let p: String = p.iter().collect();
        !p.is_empty()
            && (places.contains(&p)
                || GAZETTEER
                    .get(&p)
                    .is_some_and(|e| e.entity_type == EntityType::Place))
    };
    // Both ways of shortening keep the last character: only names of the same type ending in the
    // same character are compared.
    let mut by_ending: HashMap<(EntityType, char), Vec<usize>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        if let Some(&last) = group.folded.last() {
            by_ending
                .entry((group.entity_type, last))
                .or_default()
                .push(g);
        }
    }
    // Each group's parent: the one longer name that explains it.
    let mut parent: Vec<Option<(usize, AliasReason)>> = vec![None; groups.len()];
    for (s, short) in groups.iter().enumerate() {
        let explains = |l: &Group| -> Option<AliasReason> {
            if l.entity_type != short.entity_type || l.folded.len() <= short.folded.len() {
                return None;
            }
            if place_left_out(&l.folded, &short.folded, &is_place) {
                Some(AliasReason::PlaceLeftOut)
            } else if abbreviates(&l.folded, &short.folded) {
                Some(AliasReason::Abbreviation)
            } else {
                None
            }
        };
        let same_ending = short
            .folded
            .last()
            .and_then(|&last| by_ending.get(&(short.entity_type, last)))
            .map_or(&[][..], Vec::as_slice);
        let candidates: Vec<(usize, AliasReason)> = same_ending
            .iter()
            .filter_map(|&l| explains(&groups[l]).map(|r| (l, r)))
            .collect();
        // Prefer the longer names that appear in the same reports as the short one.
        let same_reports: Vec<(usize, AliasReason)> = candidates
            .iter()
            .copied()
            .filter(|(l, _)| {
                groups[*l]
                    .mentions
                    .keys()
                    .any(|d| short.mentions.contains_key(d))
            })
            .collect();
        parent[s] = match (same_reports.as_slice(), candidates.as_slice()) {
            ([one], _) => Some(*one),
            ([], [one]) => Some(*one),
            _ => None,
        };
    }
    // The user's decisions: a confirmed name hangs from its entry's name; a split one from
    // nothing, if that is where its proposal led.
    let group_of = |name: &str, t: EntityType| by_key.get(&(t, fold(&tidy(name)))).copied();
    let mut blocked: Vec<(usize, usize)> = Vec::new();
    for entry in &glossary.entries {
        let Label::Entity { entity_type } = entry.label else {
            continue;
        };
        let Some(canonical) = group_of(&entry.text, entity_type) else {
            continue;
        };
        for alias in &entry.aliases {
            if let Some(g) = group_of(alias, entity_type).filter(|&g| g != canonical) {
                parent[g] = Some((canonical, AliasReason::Confirmed));
            }
        }
        for other in &entry.not_aliases {
            if let Some(g) = group_of(other, entity_type) {
                blocked.push((g, canonical));
            }
        }
    }
    // Follow each chain to its root (the canonical name).
    let root_of = |parent: &[Option<(usize, AliasReason)>], mut g: usize| {
        let mut steps = 0;
        while let Some((p, _)) = parent[g] {
            g = p;
            steps += 1;
            if steps > groups.len() {
                break;
            }
        }
        g
    };
    for (g, canonical) in blocked {
        if root_of(&parent, g) == canonical
            && parent[g].is_some_and(|(_, r)| r != AliasReason::Confirmed)
        {
            parent[g] = None;
        }
    }
    let root = |g: usize| root_of(&parent, g);
    let mut entities: BTreeMap<usize, Entity> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        let r = root(g);
        let top = |grp: &Group| {
            grp.spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| s.clone())
                .unwrap_or_default()
        };
        let entity = entities.entry(r).or_insert_with(|| Entity {
            name: top(&groups[r]),
            entity_type: groups[r].entity_type,
            aliases: Vec::new(),
            mentions: BTreeMap::new(),
            total: 0,
        });
        for (doc, n) in &group.mentions {
            *entity.mentions.entry(doc.clone()).or_default() += n;
            entity.total += n;
        }
        let main = top(group);
        for spelling in group.spellings.keys() {
            if *spelling != entity.name && (g != r || *spelling != main) {
                let reason = if *spelling == main {
                    parent[g].map_or(AliasReason::Spelling, |(_, reason)| reason)
                } else {
                    AliasReason::Spelling
                };
                entity.aliases.push(Alias {
                    name: spelling.clone(),
                    reason,
                });
            }
        }
    }
    let mut out: Vec<Entity> = entities.into_values().collect();
    for e in &mut out {
        e.aliases.sort_by(|a, b| {
            b.name
                .chars()
                .count()
                .cmp(&a.name.chars().count())
                .then(a.name.cmp(&b.name))
        });
        e.aliases.dedup_by(|a, b| a.name == b.name);
    }
    out.sort_by(|a, b| b.total.cmp(&a.total).then(a.name.cmp(&b.name)));
    out
}

/// A name as one line: a line break or spaces inside a Chinese name (a name cut by a wrap) are
/// dropped, runs of white space between Latin words become one space.
fn tidy(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if i > 0 && latin(out.chars().next_back()) && latin(w.chars().next()) {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// `short` keeps `long`'s first and last characters and takes its others in order from it.
fn abbreviates(long: &[char], short: &[char]) -> bool {
    if short.len() < 3 || short.first() != long.first() || short.last() != long.last() {
        return false;
    }
    let mut rest = long.iter();
    short.iter().all(|c| rest.any(|l| l == c))
}

/// `short` is `long` (or its abbreviation) without the place that opens it: `long` = place +
/// `short`, or place + level character (市, 县, 区, 省, 镇) + `short` when `short` starts
/// with that character (临江市科工信局 → 市科工信局).
fn place_left_out(long: &[char], short: &[char], is_place: &dyn Fn(&[char]) -> bool) -> bool {
    if short.len() < 2 || !long.ends_with(short) {
        return false;
    }
    let head = &long[..long.len() - short.len()];
    let level = |c: char| "市县区省镇".contains(c);
    is_place(head)
        || (short.first().is_some_and(|c| level(*c))
            && ({
                let mut with_level = head.to_vec();
                with_level.push(short[0]);
                is_place(&with_level)
            }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(doc: &str, mentions: &[(&str, EntityType)]) -> ReportMentions {
        ReportMentions {
            doc: doc.into(),
            mentions: mentions.iter().map(|(n, t)| (n.to_string(), *t)).collect(),
        }
    }

    #[test]
    fn short_forms_of_a_body_chain_to_its_full_name() {
        use EntityType::{Org, Place};
        let plan = report(
            "plan.txt",
            &[
                ("临江市", Place),
                ("临江市科学技术和工业信息化局", Org),
                ("临江市科工信局", Org),
                ("市科工信局", Org),
                ("市科工信局", Org),
                ("临江高新技术产业开发区", Place),
                ("临江高新区", Place),
                ("高新区", Place),
            ],
        );
        let review = report(
            "review.txt",
            &[
                ("臨江市科工信局", Org),
                ("临江", Place),
                ("东湖区工信局", Org),
            ],
        );
        let entities = index(&[plan, review]);
        let bureau = entities
            .iter()
            .find(|e| e.name == "临江市科学技术和工业信息化局")
            .expect("the full name is canonical");
        let aliases: Vec<(&str, AliasReason)> = bureau
            .aliases
            .iter()
            .map(|a| (a.name.as_str(), a.reason))
            .collect();
        assert!(
            aliases.contains(&("临江市科工信局", AliasReason::Abbreviation)),
            "{aliases:?}"
        );
        assert!(
            aliases.contains(&("市科工信局", AliasReason::PlaceLeftOut)),
            "{aliases:?}"
        );
        assert!(
            aliases.contains(&("臨江市科工信局", AliasReason::Spelling)),
            "{aliases:?}"
        );
        assert_eq!(bureau.total, 5);
        assert_eq!(bureau.mentions["review.txt"], 1);
        let zone = entities
            .iter()
            .find(|e| e.name == "临江高新技术产业开发区")
            .unwrap();
        let names: Vec<&str> = zone.aliases.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["临江高新区", "高新区"]);
        // Another body stays apart; so does a place that is not a body's short form.
        assert!(
            entities
                .iter()
                .any(|e| e.name == "东湖区工信局" && e.aliases.is_empty())
        );
        assert!(entities.iter().any(|e| e.name == "临江市"));
    }

    #[test]
    fn names_cut_by_a_line_break_are_one_name() {
        let r = report(
            "a.txt",
            &[
                ("亩均论\n\n英雄", EntityType::Work),
                ("亩均论英雄", EntityType::Work),
                ("Acme\n Corporation", EntityType::Org),
            ],
        );
        let entities = index(&[r]);
        assert!(
            entities
                .iter()
                .any(|e| e.name == "亩均论英雄" && e.total == 2)
        );
        assert!(entities.iter().any(|e| e.name == "Acme Corporation"));
    }

    #[test]
    fn a_short_form_two_bodies_could_have_is_not_guessed() {
        use EntityType::{Org, Place};
        let a = report("a.txt", &[("东湖区", Place), ("东湖区工信局", Org)]);
        let b = report("b.txt", &[("西山区", Place), ("西山区工信局", Org)]);
        let c = report("c.txt", &[("区工信局", Org)]);
        let entities = index(&[a, b, c]);
        let short = entities.iter().find(|e| e.name == "区工信局").unwrap();
        assert_eq!(short.total, 1, "kept apart: {entities:?}");
        // In a report that names one of them, the short form is that one's.
        let d = report(
            "d.txt",
            &[("西山区", Place), ("西山区工信局", Org), ("区工信局", Org)],
        );
        let entities = index(&[
            report("a.txt", &[("东湖区", Place), ("东湖区工信局", Org)]),
            d,
        ]);
        let west = entities.iter().find(|e| e.name == "西山区工信局").unwrap();
        assert_eq!(west.total, 2);
    }

    #[test]
    fn the_users_decisions_win_over_proposals_and_are_kept_in_the_workspace_glossary() {
        use EntityType::Org;
        let reports = || {
            vec![report(
                "a.txt",
                &[
                    ("临江市工业和信息化局", Org),
                    ("临江市工信局", Org),
                    ("市经信委", Org),
                ],
            )]
        };
        let names = |entities: &[Entity]| -> Vec<(String, Vec<(String, AliasReason)>)> {
            entities
                .iter()
                .map(|e| {
                    let aliases = e
                        .aliases
                        .iter()
                        .map(|a| (a.name.clone(), a.reason))
                        .collect();
                    (e.name.clone(), aliases)
                })
                .collect()
        };
        let dir = tempfile::tempdir().unwrap();
        let decide = |name: &str, d| {
            decide_alias(dir.path(), "临江市工业和信息化局", Org, name, d).unwrap();
            index_with(&reports(), &workspace_glossary(dir.path()).unwrap())
        };
        // Proposed: the abbreviation. Merged by the user: the old name of the bureau.
        let merged = decide("市经信委", AliasDecision::Same);
        assert_eq!(
            names(&merged)[0],
            (
                "临江市工业和信息化局".to_owned(),
                vec![
                    ("临江市工信局".to_owned(), AliasReason::Abbreviation),
                    ("市经信委".to_owned(), AliasReason::Confirmed)
                ]
            )
        );
        // Split: the abbreviation is its own entity from now on.
        let split = decide("临江市工信局", AliasDecision::Different);
        assert_eq!(split.len(), 2, "{split:?}");
        assert!(
            split
                .iter()
                .any(|e| e.name == "临江市工信局" && e.aliases.is_empty())
        );
        // Changing one's mind replaces the decision rather than adding a second one.
        let again = decide("临江市工信局", AliasDecision::Same);
        assert_eq!(again.len(), 1);
        let g = workspace_glossary(dir.path()).unwrap();
        assert_eq!(g.entries.len(), 1);
        assert_eq!(g.entries[0].aliases, vec!["市经信委", "临江市工信局"]);
        assert!(g.entries[0].not_aliases.is_empty());
        // A damaged glossary is not overwritten.
        std::fs::write(dir.path().join(FOLDER_GLOSSARY), "(entries: [").unwrap();
        assert!(decide_alias(dir.path(), "x", Org, "y", AliasDecision::Same).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join(FOLDER_GLOSSARY)).unwrap(),
            "(entries: ["
        );
    }
}
