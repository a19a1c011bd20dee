//! The names the base model reads and the gazetteer knows, cut to the guidelines' spans: a
//! person without the title or form of address read with them, a place without the generic area
//! noun, two abbreviated places as two; gazetteer names only where the model's words allow them.

use super::lexicon::{
    AREA_NOUNS, CONTINENT_ABBREVIATIONS, FORMS_OF_ADDRESS, ORG_SUFFIXES, PLACE_ABBREVIATIONS,
    TITLES, TITLES_BEFORE,
};
use super::titles::is_periodical;
use super::{
    Cand, GAZETTEER_CONFIDENCE, MODEL_MIN_CONFIDENCE, MODEL_PROPAGATE_CONFIDENCE,
    joint_of_two_bodies,
};
use crate::annotation::EntityType;
use crate::suggest::Source;
use crate::suggest::gazetteer::GAZETTEER;
use crate::suggest::model::{ModelName, Reading};
use crate::suggest::text::Doc;

/// The base model's person, place and organisation names (and titles of works it is sure of).
pub(super) fn model_names(doc: &Doc<'_>, reading: &Reading, c: &mut Vec<Cand>) {
    for name in &joined_name_parts(doc, &reading.names) {
        // A number is never a name (863).
        let text = doc.slice(name.start, name.end);
        if !text.chars().any(char::is_alphabetic) {
            continue;
        }
        let sure_enough = match name.entity_type {
            // Parts the model reads as a person's on both sides of a middle dot are one foreign
            // name, however unsure it is of each transliterated part.
            EntityType::Person if name.joined => name.confidence >= TITLED_PERSON_CONFIDENCE,
            EntityType::Work => name.confidence >= MODEL_PROPAGATE_CONFIDENCE,
            // A title right before a name the model reads as a person's is evidence of its own:
            // news and reports name people after their office (秘书长安南, 市长王建国).
            EntityType::Person if after_title(doc, name.start) => {
                name.confidence >= TITLED_PERSON_CONFIDENCE
            }
            _ => name.confidence >= MODEL_MIN_CONFIDENCE,
        };
        if !sure_enough {
            continue;
        }
        let parts = match name.entity_type {
            EntityType::Person => vec![without_address(doc, name.start, name.end)],
            EntityType::Place if is_pair_of_abbreviations(doc.slice(name.start, name.end)) => {
                vec![(name.start, name.start + 1), (name.start + 1, name.end)]
            }
            EntityType::Place => vec![with_feature_noun(
                doc,
                reading,
                without_area_noun(doc, name.start, name.end),
            )],
            EntityType::Org => two_bodies(doc, without_prepositions(doc, name.start, name.end)),
            _ => vec![(name.start, name.end)],
        };
        for (start, end) in parts {
            // 中国田坛, 中国体坛: a country's circles of a sport or an art, not a body; the name
            // in it is the country.
            let circles = name.entity_type == EntityType::Org
                && end - start >= 3
                && doc.at(end - 1) == Some('坛')
                && GAZETTEER
                    .get(doc.slice(start, end - 2))
                    .is_some_and(|e| e.entity_type == EntityType::Place);
            let (end, ty) = if circles {
                (end - 2, EntityType::Place)
            } else if name.entity_type == EntityType::Work && is_periodical(doc.slice(start, end)) {
                (end, EntityType::Org)
            } else {
                (end, name.entity_type)
            };
            c.push(Cand {
                start,
                end,
                ty,
                conf: name.confidence,
                propagate: name.confidence >= MODEL_PROPAGATE_CONFIDENCE,
                source: Source::Model,
            });
        }
    }
}

/// Two bodies the model read as one (县委和县政府 → 县委, 县政府; see [`joint_of_two_bodies`]).
fn two_bodies(doc: &Doc<'_>, (start, end): (usize, usize)) -> Vec<(usize, usize)> {
    match joint_of_two_bodies(&doc.chars[start..end]) {
        Some(j) if j >= 2 && end - (start + j + 1) >= 2 => {
            vec![(start, start + j), (start + j + 1, end)]
        }
        _ => vec![(start, end)],
    }
}

/// An organisation without a preposition the model read into it, before it or after its
/// suffix: 同花旗集团 → 花旗集团, 金田集团向 → 金田集团 (a body's name ends with its kind).
fn without_prepositions(doc: &Doc<'_>, start: usize, end: usize) -> (usize, usize) {
    const PREPOSITIONS: &str = "同与和向对跟在由被把从给";
    let name = doc.slice(start, end);
    let ends_with_kind = |n: &str| ORG_SUFFIXES.iter().any(|(sfx, _)| n.ends_with(sfx));
    let mut chars = name.chars();
    let (first, last) = (chars.next(), chars.next_back());
    if let Some(last) = last
        && PREPOSITIONS.contains(last)
        && ends_with_kind(&name[..name.len() - last.len_utf8()])
    {
        return (start, end - 1);
    }
    if let Some(first) = first
        && PREPOSITIONS.contains(first)
        && end - start >= 4
        && ends_with_kind(name)
    {
        return (start + 1, end);
    }
    (start, end)
}

/// A name of the model's reading, with whether it was joined from parts.
struct Read {
    start: usize,
    end: usize,
    entity_type: EntityType,
    confidence: f32,
    joined: bool,
}

/// The model's names, with a foreign person's name read in parts joined into one: Chinese
/// writes foreign names as their parts with a middle dot between (佛朗切斯科·蒙塔尔多, 柯林·钱德勒),
/// and the model reads the parts as people, sometimes cut again (佛 + 朗切斯科) or with the dot.
/// Person parts that touch or have a dot between are one name when the whole has a dot in it
/// (丁伟胜 + 吴肇毅, "丁伟 beat 吴肇毅", stay two). It takes the surer part's confidence.
fn joined_name_parts(doc: &Doc<'_>, names: &[ModelName]) -> Vec<Read> {
    let is_dot = |i: usize| {
        doc.at(i)
            .is_some_and(|ch| matches!(ch, '·' | '•' | '・' | '‧'))
    };
    let read = |n: &ModelName| Read {
        start: n.start,
        end: n.end,
        entity_type: n.entity_type,
        confidence: n.confidence,
        joined: false,
    };
    let mut out: Vec<Read> = Vec::with_capacity(names.len());
    let mut i = 0;
    while i < names.len() {
        // The run of person parts from here that touch or meet at a dot.
        let mut j = i + 1;
        while j < names.len()
            && names[i].entity_type == EntityType::Person
            && names[j].entity_type == EntityType::Person
            && (names[j].start == names[j - 1].end
                || (is_dot(names[j - 1].end) && names[j].start == names[j - 1].end + 1))
        {
            j += 1;
        }
        let run = &names[i..j];
        let (start, end) = (run[0].start, run[run.len() - 1].end);
        if run.len() > 1 && (start..end).any(is_dot) {
            out.push(Read {
                start,
                end,
                entity_type: EntityType::Person,
                confidence: run.iter().map(|n| n.confidence).fold(0.0, f32::max),
                joined: true,
            });
        } else {
            out.extend(run.iter().map(read));
        }
        i = j;
    }
    out
}

/// Foreign people are introduced by their full name (安德烈斯·帕斯特拉纳) and then called by its
/// last part: a name that is the last part of a person's full name in the document is that
/// person wherever the model read it as something else (帕斯特拉纳 read as a place).
pub(super) fn people_by_their_last_name(doc: &Doc<'_>, c: &mut [Cand]) {
    let last_names: Vec<String> = c
        .iter()
        .filter(|x| x.ty == EntityType::Person)
        .filter_map(|x| {
            let (_, last) = doc
                .slice(x.start, x.end)
                .rsplit_once(['·', '•', '・', '‧'])?;
            (last.chars().count() >= 2).then(|| last.to_owned())
        })
        .collect();
    if last_names.is_empty() {
        return;
    }
    for x in c.iter_mut() {
        if matches!(x.ty, EntityType::Place | EntityType::Org)
            && last_names.iter().any(|n| doc.slice(x.start, x.end) == n)
        {
            x.ty = EntityType::Person;
        }
    }
}

/// A person the document names in full (黄登仁) is later called by the surname alone (黄说,
/// 在黄的办公室, 给黄送去): the surname standing alone after a preposition and before 的, or
/// after a preposition or a pause and before a verb of saying or giving, is that person.
pub(super) fn people_by_their_surname(doc: &Doc<'_>, reading: &Reading, c: &mut Vec<Cand>) {
    let surnames: std::collections::HashSet<char> = c
        .iter()
        .filter(|x| x.ty == EntityType::Person && (3..=4).contains(&(x.end - x.start)))
        .filter_map(|x| doc.at(x.start))
        .collect();
    if surnames.is_empty() {
        return;
    }
    let mut found = Vec::new();
    for (i, ch) in doc.chars.iter().enumerate() {
        if !surnames.contains(ch) || !reading.is_word_aligned(i, i) {
            continue;
        }
        let before = doc.before(i);
        let after = doc.slice(i + 1, i + 3);
        let after_preposition = before.is_some_and(|b| "在被给对向与和把".contains(b));
        let after_punctuation = before.is_none_or(|b| "，。：、“\n".contains(b));
        // 黄的 is 黄's only after a preposition (在黄的办公室); 黄说 after a pause too.
        let possessive = after_preposition && after.starts_with('的');
        let acts = (after_preposition || after_punctuation)
            && ["说", "送", "退", "表示", "认为"]
                .iter()
                .any(|w| after.starts_with(w));
        // Checked last: the constructions above are rare, the candidates many.
        if (possessive || acts) && !c.iter().any(|x| x.start <= i && i < x.end) {
            found.push(i);
        }
    }
    for i in found {
        c.push(Cand {
            start: i,
            end: i + 1,
            ty: EntityType::Person,
            conf: SURNAME_CONFIDENCE,
            propagate: false,
            source: Source::Consistency,
        });
    }
}

/// A surname standing for a person named in full is proposed with this confidence (enough for a
/// one-character name).
const SURNAME_CONFIDENCE: f32 = 0.8;

/// The nouns of a natural or built feature, or of a special region, that end its name (玉峰山,
/// 阜成门, 河西走廊, 香港特区).
const FEATURE_NOUNS: &[&str] = &[
    "山",
    "岭",
    "峰",
    "河",
    "江",
    "湖",
    "海",
    "湾",
    "岛",
    "港",
    "峡",
    "关",
    "门",
    "走廊",
    "平原",
    "高原",
    "盆地",
    "半岛",
    "海峡",
    "群岛",
    "草原",
    "沙漠",
    "特别行政区",
    "特区",
];

/// A mountain's name read without 山 before a word of position (玉峰 + 山麓, 狼牙 + 山下).
const MOUNTAIN_PLACES: &[&str] = &["山麓", "山下", "山脚", "山顶", "山上", "山腰"];

/// A place with the feature noun the model left out of it as a word of its own: 狼牙 + 山 →
/// 狼牙山, 河西 + 走廊 → 河西走廊, 玉峰 + 山麓 → 玉峰山 (a feature's generic noun is part of its name).
fn with_feature_noun(
    doc: &Doc<'_>,
    reading: &Reading,
    (start, end): (usize, usize),
) -> (usize, usize) {
    let Some((word_end, _)) = reading.word_from(end) else {
        return (start, end);
    };
    let word = doc.slice(end, word_end);
    if FEATURE_NOUNS.contains(&word) {
        (start, word_end)
    } else if MOUNTAIN_PLACES.contains(&word) {
        (start, end + 1)
    } else {
        (start, end)
    }
}

/// A place without the generic noun for an area around it that the model read with it:
/// 亚洲地区 → 亚洲, 长江沿岸 → 长江 (地区 is "the region of", not part of the name).
fn without_area_noun(doc: &Doc<'_>, start: usize, end: usize) -> (usize, usize) {
    let name = doc.slice(start, end);
    AREA_NOUNS
        .iter()
        .find(|n| name.ends_with(*n) && name.chars().count() >= n.chars().count() + 2)
        .map_or((start, end), |n| (start, end - n.chars().count()))
}

/// Two abbreviated places read as one (中美, 港台, 京沪), unless the pair is itself a place
/// (巴中, 英德) or a region (中亚, 欧亚).
pub(super) fn is_pair_of_abbreviations(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    let [a, b] = chars[..] else { return false };
    let continent = |c: char| CONTINENT_ABBREVIATIONS.contains(c);
    PLACE_ABBREVIATIONS.contains(a)
        && PLACE_ABBREVIATIONS.contains(b)
        && !(continent(b) && (a == '中' || continent(a)))
        && GAZETTEER.get(name).is_none()
}

/// A person the model reads right after a title is proposed from this confidence.
const TITLED_PERSON_CONFIDENCE: f32 = 0.3;

fn after_title(doc: &Doc<'_>, start: usize) -> bool {
    let before = doc.slice(start.saturating_sub(3), start);
    TITLES_BEFORE.iter().any(|t| before.ends_with(t))
}

/// A person's name without the title or form of address the model read with it: 田先生 → 田,
/// 王大娘 → 王, 小胡 → 胡, 张书记 → 张 (a title names a role, not the person; the guidelines'
/// span is the name itself).
fn without_address(doc: &Doc<'_>, start: usize, end: usize) -> (usize, usize) {
    let name = doc.slice(start, end);
    let n = end - start;
    let suffix = TITLES
        .iter()
        .chain(FORMS_OF_ADDRESS)
        .filter(|t| name.ends_with(*t) && t.chars().count() < n)
        .map(|t| t.chars().count())
        .max();
    if let Some(len) = suffix {
        return (start, end - len);
    }
    // A verb of saying or a modal read into the name (内塔尼亚胡应当, 黄说): not part of it.
    let verb = SPEECH_AND_MODALS
        .iter()
        .filter(|v| name.ends_with(*v) && v.chars().count() < n)
        .map(|v| v.chars().count())
        .max();
    if let Some(len) = verb {
        return (start, end - len);
    }
    if n == 2 && name.starts_with(['小', '老']) {
        return (start + 1, end);
    }
    (start, end)
}

/// Verbs of saying and modals that follow a person's name and that the model sometimes reads
/// into it; no name ends with them.
const SPEECH_AND_MODALS: &[&str] = &[
    "应当", "应该", "表示", "认为", "指出", "强调", "介绍", "告诉", "说", "称",
];

/// Gazetteer names that stand as words of their own in the model's reading (河南 in 河南省 is not
/// one, 郑州 in 郑州高新区 is not one); a name that is also a common word only where the model
/// reads a name there.
pub(super) fn gazetteer_names(doc: &Doc<'_>, reading: &Reading, c: &mut Vec<Cand>) {
    for hit in GAZETTEER.find(&doc.folded, |b| doc.char_at(b)) {
        // The model's names are words too, so a name there is also word-aligned.
        let accepted = if hit.entry.risky {
            reading.name_at(hit.start, hit.end).is_some()
        } else {
            reading.is_word_aligned(hit.start, hit.end)
        };
        if accepted {
            c.push(Cand {
                start: hit.start,
                end: hit.end,
                ty: hit.entry.entity_type,
                conf: GAZETTEER_CONFIDENCE,
                propagate: true,
                source: Source::Gazetteer,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::entity::tests::{ents, has};

    #[test]
    fn pairs_of_abbreviated_places_are_two_places() {
        assert!(is_pair_of_abbreviations("中美"));
        assert!(is_pair_of_abbreviations("京沪"));
        // A place of its own, a region, an ordinary place name.
        for one in ["巴中", "中亚", "欧亚", "郑州", "中美洲"] {
            assert!(!is_pair_of_abbreviations(one), "{one}");
        }
        let e = ents("中美两国的经贸合作不断深化，港台企业积极参与。");
        for place in ["中", "美", "港", "台"] {
            assert!(has(&e, place, "place"), "{place}: {e:?}");
        }
        assert!(!e.iter().any(|(t, _)| t == "中美" || t == "港台"), "{e:?}");
    }

    #[test]
    fn parts_of_a_foreign_name_are_one_person() {
        let e = ents("人们叫他佛朗切斯科·蒙塔尔多。维克斯集团总裁柯林·钱德勒在会后表示。");
        assert!(has(&e, "佛朗切斯科·蒙塔尔多", "person"), "{e:?}");
        assert!(has(&e, "柯林·钱德勒", "person"), "{e:?}");
        assert!(!has(&e, "蒙塔尔多", "person"), "{e:?}");
    }

    #[test]
    fn two_peoples_names_read_touching_stay_two() {
        let e = ents("罗洗河负于马晓春，丁伟胜吴肇毅。");
        assert!(!e.iter().any(|(t, _)| t.contains("丁伟胜吴")), "{e:?}");
    }

    #[test]
    fn a_person_named_in_full_is_then_called_by_the_surname() {
        let e = ents(
            "法院判处原副市长黄登仁有期徒刑。黄说：“你放心。”他在黄的办公室放下钱。黄的颜色很亮。",
        );
        assert_eq!(
            e.iter()
                .filter(|(t, ty)| t == "黄" && *ty == "person")
                .count(),
            2,
            "{e:?}"
        );
        // Not where no 黄 was named in full.
        let e = ents("他说：“你放心。”在黄的办公室。");
        assert!(!has(&e, "黄", "person"), "{e:?}");
    }

    #[test]
    fn organisations_without_prepositions_and_circles_without_the_body() {
        let doc = Doc::new("同花旗集团，金田集团向，同仁堂");
        assert_eq!(without_prepositions(&doc, 0, 5), (1, 5));
        assert_eq!(without_prepositions(&doc, 6, 11), (6, 10));
        assert_eq!(
            without_prepositions(&doc, 12, 15),
            (12, 15),
            "no kind at its end"
        );
    }

    #[test]
    fn a_foreign_person_called_by_the_last_name_is_that_person() {
        let e = ents(
            "保守党候选人安德烈斯·帕斯特拉纳当选下届总统。4年后的今天，帕斯特拉纳终于实现了愿望。",
        );
        assert!(has(&e, "安德烈斯·帕斯特拉纳", "person"), "{e:?}");
        assert!(has(&e, "帕斯特拉纳", "person"), "{e:?}");
        assert!(!has(&e, "帕斯特拉纳", "place"), "{e:?}");
    }

    #[test]
    fn a_place_with_the_feature_noun_read_apart() {
        let e = ents("生长在重庆市郊的玉峰山麓。到了宋代，河西走廊为西夏所有。");
        assert!(has(&e, "玉峰山", "place"), "{e:?}");
        assert!(has(&e, "河西走廊", "place"), "{e:?}");
        assert!(!has(&e, "河西", "place"), "{e:?}");
    }

    #[test]
    fn a_place_without_the_area_noun_read_with_it() {
        let e = ents("亚洲地区的经济可望开始回升。");
        assert!(has(&e, "亚洲", "place"), "{e:?}");
        assert!(!e.iter().any(|(t, _)| t == "亚洲地区"), "{e:?}");
        let doc = Doc::new("中东地区");
        assert_eq!(without_area_noun(&doc, 0, 4), (0, 2));
        // A part of a region or the shore of a lake is not its name either.
        for (text, name) in [
            ("江南东部", 2),
            ("东北南部", 2),
            ("西子湖畔", 3),
            ("华北西南部", 2),
        ] {
            let doc = Doc::new(text);
            let n = text.chars().count();
            assert_eq!(without_area_noun(&doc, 0, n), (0, name), "{text}");
        }
        // Too short to leave a name: kept.
        let doc = Doc::new("沿岸");
        assert_eq!(without_area_noun(&doc, 0, 2), (0, 2));
    }

    #[test]
    fn a_special_region_is_named_with_its_noun() {
        let e = ents("董建华表示，香港特区成立后，经历了许多重大发展。");
        assert!(has(&e, "香港特区", "place"), "{e:?}");
        assert!(!has(&e, "香港", "place"), "{e:?}");
    }

    #[test]
    fn a_title_before_a_name_is_evidence_it_is_a_person() {
        // The model is unsure of 安南 alone (0.47) but reads it as a person after 秘书长.
        let e = ents("联合国秘书长安南20日发表讲话。");
        assert!(has(&e, "安南", "person"), "{e:?}");
    }

    #[test]
    fn people_without_their_titles_and_forms_of_address() {
        let doc = Doc::new("田先生和王大娘、小胡、张书记、王建国");
        let name = |s: usize, e: usize| {
            let (s, e) = without_address(&doc, s, e);
            doc.slice(s, e).to_string()
        };
        assert_eq!(name(0, 3), "田");
        assert_eq!(name(4, 7), "王");
        assert_eq!(name(8, 10), "胡");
        assert_eq!(name(11, 14), "张");
        assert_eq!(name(15, 18), "王建国");
        let doc = Doc::new("内塔尼亚胡应当，黄说");
        assert_eq!(without_address(&doc, 0, 7), (0, 5));
        assert_eq!(without_address(&doc, 8, 10), (8, 9));
        let e = ents("村里的王大娘照顾了五个孩子，王大娘从不叫苦。");
        assert!(has(&e, "王", "person"), "{e:?}");
        assert!(!e.iter().any(|(t, _)| t.contains("大娘")), "{e:?}");
    }
}
