//! The search language: words to find, and conditions on annotations.
//!
//! ```text
//! 郑州 高新区                         both, in one paragraph of a report
//! "高新 技术"                         a phrase with its space
//! kind:figure unit:元 value>=1亿      figures in 元 of at least 10⁸
//! kind:entity type:org 科工信局        organisations whose name holds 科工信局
//! kind:commitment actor:市工信局 deadline<=2025
//! doc:plan                            reports whose name holds `plan`
//! ```
//!
//! Magnitudes are written as in the text or as numbers: `1亿`, `3000万`, `1.2e8`, `19.7%`. A
//! condition on an annotation field makes the query one for annotations (the words must then be in
//! the annotated text); otherwise it searches the reports' text.

use crate::annotation::{EntityType, Kind};
use crate::text::quantity::parse_quantity;

/// A comparison in a numeric condition.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

/// One condition of a query.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Condition {
    Kind(Kind),
    Type(EntityType),
    Unit(String),
    Value(Cmp, f64),
    Actor(String),
    Deadline(Cmp, i64),
    Doc(String),
}

impl Condition {
    /// Whether the condition is on an annotation's fields.
    pub(crate) fn is_on_annotations(&self) -> bool {
        !matches!(self, Condition::Doc(_))
    }
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Query {
    /// Words and phrases that must all occur.
    pub words: Vec<String>,
    pub conditions: Vec<Condition>,
}

impl Query {
    /// Whether the query asks for annotations rather than text.
    pub(crate) fn wants_annotations(&self) -> bool {
        self.conditions.iter().any(Condition::is_on_annotations)
    }
}

/// Why a query cannot be run; the message says what to write instead.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum QueryError {
    /// Nothing to search for.
    #[error("the query is empty: give words to find or conditions such as kind:figure")]
    Empty,
    /// A field the language does not have.
    #[error("unknown field `{0}`: use kind, type, unit, value, actor, deadline or doc")]
    UnknownField(String),
    /// A value the field cannot take.
    #[error("`{field}` cannot be `{value}`: {hint}")]
    BadValue {
        /// The field.
        field: String,
        /// The value written.
        value: String,
        /// What the field takes.
        hint: &'static str,
    },
    /// A quote opened and not closed.
    #[error("a quotation mark is not closed")]
    Unclosed,
}

/// Parses `text` (see the module documentation).
pub(crate) fn parse(text: &str) -> Result<Query, QueryError> {
    let mut query = Query::default();
    for part in split(text)? {
        let (quoted, part) = part;
        if quoted {
            query.words.push(part);
            continue;
        }
        match field_of(&part) {
            Some((field, op, value)) => query.conditions.push(condition(field, op, value)?),
            None => query.words.push(part),
        }
    }
    if query.words.is_empty() && query.conditions.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(query)
}

/// The query's parts: space-separated, quotes keeping spaces (`(true, phrase)`).
fn split(text: &str) -> Result<Vec<(bool, String)>, QueryError> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' | '“' | '”' => {
                if in_quotes {
                    parts.push((true, std::mem::take(&mut current)));
                } else if !current.trim().is_empty() {
                    parts.push((false, std::mem::take(&mut current)));
                }
                current.clear();
                in_quotes = !in_quotes;
            }
            c if c.is_whitespace() && !in_quotes => {
                if !current.is_empty() {
                    parts.push((false, std::mem::take(&mut current)));
                }
            }
            c => current.push(c),
        }
    }
    if in_quotes {
        return Err(QueryError::Unclosed);
    }
    if !current.is_empty() {
        parts.push((false, current));
    }
    parts.retain(|(_, p)| !p.trim().is_empty());
    Ok(parts)
}

/// `field`, operator and value of a `field:value` / `field>=value` part.
fn field_of(part: &str) -> Option<(&str, Cmp, &str)> {
    let at = part.find([':', '：', '<', '>', '='])?;
    let field = &part[..at];
    if field.is_empty() || !field.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = &part[at..];
    let (op, len) = [
        ("<=", Cmp::Le),
        (">=", Cmp::Ge),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
        (":", Cmp::Eq),
        ("：", Cmp::Eq),
    ]
    .iter()
    .find(|(s, _)| rest.starts_with(s))
    .map(|(s, op)| (*op, s.len()))?;
    Some((field, op, &rest[len..]))
}

fn condition(field: &str, op: Cmp, value: &str) -> Result<Condition, QueryError> {
    let bad = |hint| QueryError::BadValue {
        field: field.to_owned(),
        value: value.to_owned(),
        hint,
    };
    let text_only = |c: Condition| {
        if op == Cmp::Eq && !value.is_empty() {
            Ok(c)
        } else {
            Err(bad("write field:text"))
        }
    };
    match field.to_ascii_lowercase().as_str() {
        "kind" => text_only(Condition::Kind(
            Kind::parse(value).ok_or_else(|| bad("figure, entity or commitment"))?,
        )),
        "type" => text_only(Condition::Type(
            EntityType::parse(value).ok_or_else(|| bad("org, place, person or work"))?,
        )),
        "unit" => text_only(Condition::Unit(value.to_owned())),
        "actor" => text_only(Condition::Actor(value.to_owned())),
        "doc" => text_only(Condition::Doc(value.to_owned())),
        "value" => Ok(Condition::Value(
            op,
            magnitude(value).ok_or_else(|| bad("a number such as 1亿, 3000万, 1.2e8 or 19.7%"))?,
        )),
        "deadline" => Ok(Condition::Deadline(
            op,
            value
                .trim_end_matches('年')
                .parse()
                .map_err(|_| bad("a year such as 2025"))?,
        )),
        _ => Err(QueryError::UnknownField(field.to_owned())),
    }
}

/// A number as a query writes it: `1.2e8`, or as the text does (`1亿`, `3000万`, `19.7%`).
fn magnitude(value: &str) -> Option<f64> {
    value
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .or_else(|| parse_quantity(value).map(|q| q.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_conditions() {
        let q = parse(r#"kind:figure unit:元 value>=1亿 "高新 技术" 郑州"#).unwrap();
        assert_eq!(q.words, vec!["高新 技术".to_owned(), "郑州".to_owned()]);
        assert_eq!(
            q.conditions,
            vec![
                Condition::Kind(Kind::Figure),
                Condition::Unit("元".into()),
                Condition::Value(Cmp::Ge, 1e8),
            ]
        );
        assert!(q.wants_annotations());
        assert!(!parse("doc:plan 郑州").unwrap().wants_annotations());
    }

    #[test]
    fn magnitudes_as_in_text_or_as_numbers() {
        for (v, want) in [
            ("1亿", 1e8),
            ("3000万", 3e7),
            ("1.2e8", 1.2e8),
            ("19.7%", 19.7),
        ] {
            assert_eq!(magnitude(v), Some(want), "{v}");
        }
        assert_eq!(
            parse("deadline<=2025年").unwrap().conditions,
            vec![Condition::Deadline(Cmp::Le, 2025)]
        );
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(parse("  "), Err(QueryError::Empty));
        assert_eq!(
            parse("colour:red"),
            Err(QueryError::UnknownField("colour".into()))
        );
        assert!(matches!(
            parse("kind:fig"),
            Err(QueryError::BadValue { .. })
        ));
        assert!(matches!(
            parse("value>=lots"),
            Err(QueryError::BadValue { .. })
        ));
        assert_eq!(parse("\"open"), Err(QueryError::Unclosed));
        // A colon in a word that is not a field name is part of the word.
        assert_eq!(parse("12:30").unwrap().words, vec!["12:30".to_owned()]);
    }
}
