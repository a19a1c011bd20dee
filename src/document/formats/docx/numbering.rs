//! List labels: `word/numbering.xml` read into levels, and each paragraph's label computed from
//! its level's format (`decimal`, `upperRoman`, `chineseCounting`, `ideographTraditional`, …)
//! and counters (`（一）`, `1.`, `•`).

use super::FormatError;
use super::{MAX_DEPTH, attr, reader, too_deep, xml_error};
use quick_xml::events::Event;
use std::collections::HashMap;

/// One list level: its start value, number format, label template and suffix.
#[derive(Clone, Debug)]
pub(super) struct Level {
    start: u32,
    format: String,
    text: String,
    suffix: String,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            suffix: "tab".into(),
        }
    }
}

/// The list definitions of `word/numbering.xml` and the running counters.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, String>,
    counters: HashMap<String, Vec<u32>>,
}

pub(super) const MAX_LEVELS: usize = 9;

pub(super) fn parse_numbering(xml: &[u8]) -> Result<Numbering, FormatError> {
    let part = "word/numbering.xml";
    let mut r = reader(xml);
    let mut numbering = Numbering::default();
    let mut abstract_id: Option<String> = None;
    let mut levels: Vec<Level> = Vec::new();
    let mut level: Option<usize> = None;
    let mut num_id: Option<String> = None;
    let mut depth = 0usize;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(part));
                }
                let val = || attr(&e, b"val");
                match e.local_name().as_ref() {
                    b"abstractNum" if num_id.is_none() => {
                        abstract_id = attr(&e, b"abstractNumId");
                        levels = vec![Level::default(); MAX_LEVELS];
                    }
                    b"lvl" if abstract_id.is_some() => {
                        level = attr(&e, b"ilvl")
                            .and_then(|v| v.parse::<usize>().ok())
                            .filter(|&l| l < MAX_LEVELS);
                    }
                    b"start" => {
                        if let (Some(l), Some(v)) =
                            (level, val().and_then(|v| v.parse::<u32>().ok()))
                            && let Some(lvl) = levels.get_mut(l)
                        {
                            lvl.start = v.min(1_000_000);
                        }
                    }
                    b"numFmt" => {
                        if let (Some(l), Some(v)) = (level, val())
                            && let Some(lvl) = levels.get_mut(l)
                        {
                            lvl.format = v;
                        }
                    }
                    b"lvlText" => {
                        if let (Some(l), Some(v)) = (level, val())
                            && let Some(lvl) = levels.get_mut(l)
                        {
                            lvl.text = v;
                        }
                    }
                    b"suff" => {
                        if let (Some(l), Some(v)) = (level, val())
                            && let Some(lvl) = levels.get_mut(l)
                        {
                            lvl.suffix = v;
                        }
                    }
                    b"num" if abstract_id.is_none() => num_id = attr(&e, b"numId"),
                    b"abstractNumId" => {
                        if let (Some(n), Some(a)) = (&num_id, val()) {
                            numbering.nums.insert(n.clone(), a);
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    b"lvl" => level = None,
                    b"abstractNum" => {
                        if let Some(id) = abstract_id.take() {
                            numbering.abstracts.insert(id, std::mem::take(&mut levels));
                        }
                    }
                    b"num" => num_id = None,
                    _ => {}
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(xml_error(part, &r, e)),
        }
    }
    Ok(numbering)
}

impl Numbering {
    /// Advances the counter of `num_id` at `ilvl` and renders the label (with its suffix).
    pub(super) fn next_label(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let levels = self.abstracts.get(self.nums.get(num_id)?)?;
        let ilvl = ilvl.min(MAX_LEVELS - 1);
        let counters = self
            .counters
            .entry(num_id.to_owned())
            .or_insert_with(|| vec![0; MAX_LEVELS]);
        for (l, counter) in counters.iter_mut().enumerate() {
            let start = levels.get(l).map_or(1, |lvl| lvl.start);
            if l == ilvl {
                *counter = if *counter == 0 {
                    start
                } else {
                    counter.saturating_add(1)
                };
            } else if l > ilvl {
                *counter = 0;
            } else if *counter == 0 {
                *counter = start;
            }
        }
        let level = levels.get(ilvl)?;
        let label = match level.format.as_str() {
            "none" => String::new(),
            "bullet" => {
                let visible: String = level
                    .text
                    .chars()
                    .filter(|c| !is_private_use(*c) && !c.is_control())
                    .collect();
                if visible.trim().is_empty() {
                    "•".to_owned()
                } else {
                    visible
                }
            }
            _ => {
                let mut label = String::new();
                let mut chars = level.text.chars().peekable();
                while let Some(c) = chars.next() {
                    if c == '%'
                        && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                        && (1..=9).contains(&d)
                    {
                        chars.next();
                        let l = d as usize - 1;
                        let n = counters.get(l).copied().unwrap_or(0);
                        let format = levels.get(l).map_or("decimal", |lvl| lvl.format.as_str());
                        label.push_str(&format_number(n, format));
                    } else {
                        label.push(c);
                    }
                }
                label
            }
        };
        if label.is_empty() {
            return Some(String::new());
        }
        let suffix = match level.suffix.as_str() {
            "nothing" => "",
            _ => " ",
        };
        Some(label + suffix)
    }
}

pub(super) fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

/// Renders `n` in a WordprocessingML number format.
pub(super) fn format_number(n: u32, format: &str) -> String {
    match format {
        "decimalZero" => format!("{n:02}"),
        "upperRoman" => to_roman(n as usize),
        "lowerRoman" => to_roman(n as usize).to_lowercase(),
        "upperLetter" => to_letters(n).to_uppercase(),
        "lowerLetter" => to_letters(n),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "ideographDigital" => chinese_number(n),
        "chineseLegalSimplified" => chinese_legal(n),
        "ideographTraditional" => stem(n, "甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => stem(n, "子丑寅卯辰巳午未申酉戌亥"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap_or(d))
            .collect(),
        _ => n.to_string(),
    }
}

pub(super) fn to_roman(mut n: usize) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in table {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// 1 → a, 26 → z, 27 → aa, 28 → bb (Word's letter numbering).
pub(super) fn to_letters(n: u32) -> String {
    if n == 0 || n > 780 {
        return n.to_string();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

pub(super) fn stem(n: u32, cycle: &str) -> String {
    let chars: Vec<char> = cycle.chars().collect();
    match n.checked_sub(1).map(|i| i as usize % chars.len()) {
        Some(i) => chars
            .get(i)
            .map_or_else(|| n.to_string(), |c| c.to_string()),
        None => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, up to 9999.
pub(super) fn chinese_number(n: u32) -> String {
    chinese_with(
        n,
        &['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
        ['十', '百', '千'],
        true,
    )
}

/// 1 → 壹, 10 → 壹拾 (financial numerals).
pub(super) fn chinese_legal(n: u32) -> String {
    chinese_with(
        n,
        &['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
        ['拾', '佰', '仟'],
        false,
    )
}

pub(super) fn chinese_with(
    n: u32,
    digits: &[char; 10],
    units: [char; 3],
    short_ten: bool,
) -> String {
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let parts = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let unit_of = [Some(units[2]), Some(units[1]), Some(units[0]), None];
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, (&d, unit)) in parts.iter().zip(unit_of).enumerate() {
        if d == 0 {
            if !out.is_empty() {
                zero_pending = true;
            }
            continue;
        }
        if zero_pending {
            out.push(digits[0]);
            zero_pending = false;
        }
        let is_leading_ten = short_ten && i == 2 && out.is_empty() && d == 1;
        if !is_leading_ten {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    out
}
