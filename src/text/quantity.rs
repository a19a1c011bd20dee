//! Reading the value and unit of a figure the user selected.
//!
//! This module owns number parsing: Arabic digits (with `,` thousands separators and
//! decimals), full-width digits (`１２３`), Chinese numerals in everyday and financial forms
//! (`两千`, `壹佰`, `百分之十五`), mixed forms (`5363.47万元`), approximators inside the figure
//! (`700余家`), ranges (`1—2条`, lower bound kept) and English magnitudes (`1.2 million`,
//! `$3bn`, `15 percent`).
//!
//! Values are computed exactly: a decimal is read as an integer mantissa and a power-of-ten
//! scale, magnitudes multiply the mantissa in integers, and only the final quotient is turned
//! into an `f64`, so `5363.47万` is exactly `53634700.0` and `19.7%` is the same `f64` as the
//! literal `19.7`.
//!
//! Units: the magnitude is removed (`万元` → `元`); `百分之…`, `percent` and `per cent` become
//! `%`; a currency sign becomes an ISO-style code (`$`/`US$` → `USD`, `HK$` → `HKD`,
//! `€` → `EUR`, `£` → `GBP`) while `¥`/`￥`/`RMB` become `元` so that Chinese and sign-written
//! amounts share a unit.

use crate::text::fold::fold;

/// A parsed figure: its value in base units and its unit without magnitude.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The number in base units (`296.9亿元` → `29690000000.0`); the lower bound of a range.
    pub value: f64,
    /// The unit or measure word with magnitude removed (`元`, `%`, `个百分点`, `家`, `USD`).
    pub unit: String,
}

/// An exact non-negative decimal: `mantissa / 10^scale`, or a float once it overflowed.
#[derive(Clone, Copy, Debug)]
enum Num {
    Exact { mantissa: u128, scale: u32 },
    Float(f64),
}

impl Num {
    fn int(v: u128) -> Num {
        Num::Exact {
            mantissa: v,
            scale: 0,
        }
    }

    fn times_pow10(self, k: u32) -> Num {
        match self {
            Num::Exact { mantissa, scale } => match 10u128.checked_pow(k) {
                Some(p) => match mantissa.checked_mul(p) {
                    Some(m) => Num::Exact { mantissa: m, scale },
                    None => Num::Float(self.to_f64() * 10f64.powi(k as i32)),
                },
                None => Num::Float(self.to_f64() * 10f64.powi(k as i32)),
            },
            Num::Float(f) => Num::Float(f * 10f64.powi(k as i32)),
        }
    }

    fn to_f64(self) -> f64 {
        match self {
            Num::Exact {
                mut mantissa,
                mut scale,
            } => {
                while scale > 0 && mantissa % 10 == 0 {
                    mantissa /= 10;
                    scale -= 1;
                }
                let denom = 10f64.powi(scale as i32);
                mantissa as f64 / denom
            }
            Num::Float(f) => f,
        }
    }
}

/// Parses a selected figure text such as `5363.47万元`, `两千余家`, `1—2条` or `$3bn`.
///
/// Returns `None` when the text holds no number. Leading approximators (`约`, `近`, `超过`,
/// `about`, …) and trailing ones after the unit (`以上`, `左右`) are ignored.
pub fn parse_quantity(text: &str) -> Option<Quantity> {
    let folded = fold(text);
    let mut s: &str = folded.trim();
    for p in [
        "大约",
        "约",
        "近",
        "超过",
        "超",
        "逾",
        "达到",
        "达",
        "共",
        "about ",
        "around ",
        "over ",
        "nearly ",
        "almost ",
        "some ",
        "more than ",
    ] {
        if let Some(rest) = strip_prefix_ci(s, p) {
            s = rest.trim_start();
            break;
        }
    }
    // Currency sign in front.
    let mut currency: Option<&str> = None;
    for (sign, code) in [
        ("US$", "USD"),
        ("HK$", "HKD"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "元"),
        ("￥", "元"),
        ("RMB", "元"),
    ] {
        if let Some(rest) = strip_prefix_ci(s, sign) {
            currency = Some(code);
            s = rest.trim_start();
            break;
        }
    }
    // 百分之十五 / 千分之三.
    for (p, unit) in [("百分之", "%"), ("千分之", "‰")] {
        if let Some(rest) = s.strip_prefix(p) {
            let (num, rest) = read_number(rest)?;
            let rest = skip_range(rest);
            let unit = if rest.trim().is_empty() {
                unit.to_string()
            } else {
                clean_unit(rest)
            };
            return Some(Quantity {
                value: num.to_f64(),
                unit,
            });
        }
    }
    let (mut num, rest) = read_number(s)?;
    let rest = skip_range(rest);
    let rest = skip_approx(rest);
    let (k, rest) = read_magnitudes(rest);
    num = num.times_pow10(k);
    let rest = skip_approx(rest);
    let mut unit = clean_unit(rest);
    if let Some(code) = currency
        && (unit.is_empty()
            || unit.eq_ignore_ascii_case("dollars")
            || unit.eq_ignore_ascii_case("dollar"))
    {
        unit = code.to_string();
    }
    Some(Quantity {
        value: num.to_f64(),
        unit,
    })
}

fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let head = s.get(..p.len())?;
    if head.eq_ignore_ascii_case(p) {
        s.get(p.len()..)
    } else {
        None
    }
}

/// Value of a Chinese digit (everyday and financial forms).
pub(crate) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' | 'Ｏ' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Power of ten of a small Chinese unit (十百千).
pub(crate) fn cn_small_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        _ => return None,
    })
}

/// Power of ten of a large Chinese unit (万亿).
pub(crate) fn cn_big_unit(c: char) -> Option<u32> {
    Some(match c {
        '万' | '萬' => 4,
        '亿' | '億' => 8,
        _ => return None,
    })
}

/// Reads an Arabic decimal or a Chinese numeral at the start of `s`.
fn read_number(s: &str) -> Option<(Num, &str)> {
    let first = s.chars().next()?;
    let leading_dot = first == '.' && s[1..].starts_with(|c: char| c.is_ascii_digit());
    if first.is_ascii_digit() || leading_dot {
        read_arabic(s)
    } else {
        read_chinese(s)
    }
}

fn read_arabic(s: &str) -> Option<(Num, &str)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut mantissa: Option<u128> = Some(0);
    let mut scale: u32 = 0;
    let mut seen_dot = false;
    let mut digits = 0usize;
    let mut text = String::new();
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            mantissa = mantissa
                .and_then(|m| m.checked_mul(10))
                .and_then(|m| m.checked_add(u128::from(b - b'0')));
            if seen_dot {
                scale += 1;
            }
            digits += 1;
            text.push(b as char);
            i += 1;
        } else if b == b','
            && !seen_dot
            && digits > 0
            && bytes.len() >= i + 4
            && bytes[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && bytes.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
        {
            i += 1;
        } else if b == b'.' && !seen_dot && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            seen_dot = true;
            text.push('.');
            i += 1;
        } else {
            break;
        }
    }
    if digits == 0 {
        return None;
    }
    let num = match mantissa {
        Some(m) if scale <= 38 => Num::Exact { mantissa: m, scale },
        _ => Num::Float(text.parse::<f64>().ok()?),
    };
    Some((num, &s[i..]))
}

/// Reads a Chinese numeral (`两千`, `三千五百万`, `十`, `一二三`) and returns it with the rest.
/// Large units (万/亿) that end the numeral are left for [`read_magnitudes`] only when the
/// numeral has no digits before them (so `百亿` reads as 100 then 亿).
fn read_chinese(s: &str) -> Option<(Num, &str)> {
    let mut total: u128 = 0; // completed 亿/万 sections
    let mut section: u128 = 0; // within the current 万 section
    let mut digit: Option<u128> = None;
    let mut any = false;
    let mut end = 0;
    let mut plain_digits: Vec<u32> = Vec::new();
    let mut only_digits = true;
    for (b, c) in s.char_indices() {
        if let Some(d) = cn_digit(c) {
            digit = Some(u128::from(d));
            plain_digits.push(d);
        } else if let Some(p) = cn_small_unit(c) {
            only_digits = false;
            section = section.saturating_add(digit.unwrap_or(1).saturating_mul(10u128.pow(p)));
            digit = None;
        } else if let Some(p) = cn_big_unit(c) {
            only_digits = false;
            if !any {
                return None;
            }
            let val = section.saturating_add(digit.unwrap_or(0));
            let val = if val == 0 && total == 0 { 1 } else { val };
            if p == 8 {
                total = total.saturating_add(val).saturating_mul(10u128.pow(8));
            } else {
                total = total.saturating_add(val.saturating_mul(10u128.pow(4)));
            }
            section = 0;
            digit = None;
        } else if c == '余' || c == '多' || c == '来' {
            // approximator inside the numeral: 两千余 → 2000
            if !any {
                return None;
            }
            // only continue if a unit char follows; otherwise stop here
            let next = s[b + c.len_utf8()..].chars().next();
            if next.is_some_and(|n| cn_small_unit(n).is_some() || cn_big_unit(n).is_some()) {
                end = b + c.len_utf8();
                continue;
            }
            break;
        } else {
            break;
        }
        any = true;
        end = b + c.len_utf8();
    }
    if !any {
        return None;
    }
    let value = if only_digits && plain_digits.len() > 1 {
        // 二〇二〇 style: digit by digit
        plain_digits.iter().fold(0u128, |acc, d| {
            acc.saturating_mul(10).saturating_add(u128::from(*d))
        })
    } else {
        total
            .saturating_add(section)
            .saturating_add(digit.unwrap_or(0))
    };
    Some((Num::int(value), &s[end..]))
}

/// Skips the upper bound of a range: `—2`, `-3万`, `至5`, `~10`.
fn skip_range(s: &str) -> &str {
    let t = s.trim_start();
    for sep in ["—", "–", "-", "~", "～", "至", "到"] {
        if let Some(rest) = t.strip_prefix(sep) {
            let rest = rest.trim_start();
            if let Some((_, after)) = read_number(rest) {
                // Keep a magnitude that follows the upper bound: 1-2万 → the magnitude applies.
                return after;
            }
        }
    }
    s
}

fn skip_approx(s: &str) -> &str {
    let mut t = s;
    for a in ["余", "多", "来", "几"] {
        if let Some(rest) = t.strip_prefix(a) {
            t = rest;
        }
    }
    t
}

/// Reads magnitude words (`万`, `亿`, `千万`, `million`, `bn`) and returns the power of ten.
fn read_magnitudes(s: &str) -> (u32, &str) {
    let mut k = 0u32;
    let mut rest = s;
    loop {
        let t = rest.trim_start();
        let mut matched = false;
        // Chinese
        if let Some(c) = t.chars().next() {
            let is_pct = t.starts_with("百分点");
            if let Some(p) = cn_big_unit(c) {
                k += p;
                rest = &t[c.len_utf8()..];
                matched = true;
            } else if let Some(p) = cn_small_unit(c).filter(|_| !is_pct) {
                // 千万/百万/十万: only when a large unit follows, or a unit word follows.
                let after = &t[c.len_utf8()..];
                if after.starts_with(|n: char| cn_big_unit(n).is_some() || n == '元') {
                    k += p;
                    rest = after;
                    matched = true;
                }
            }
        }
        if !matched {
            for (w, p) in [
                ("trillion", 12),
                ("billion", 9),
                ("million", 6),
                ("thousand", 3),
                ("tn", 12),
                ("bn", 9),
                ("mn", 6),
                ("m", 6),
                ("k", 3),
            ] {
                if let Some(after) = strip_prefix_ci(t, w) {
                    let boundary = after
                        .chars()
                        .next()
                        .is_none_or(|n| !n.is_ascii_alphabetic());
                    if boundary {
                        k += p;
                        rest = after;
                        matched = true;
                        break;
                    }
                }
            }
        }
        if !matched {
            break;
        }
    }
    (k, rest)
}

/// Trims the unit text, drops trailing approximators and normalises English percent words.
fn clean_unit(rest: &str) -> String {
    let mut u = rest.trim();
    for tail in ["以上", "以下", "左右", "上下", "多", "余"] {
        if let Some(t) = u.strip_suffix(tail) {
            u = t.trim_end();
        }
    }
    let lower = u.to_ascii_lowercase();
    match lower.as_str() {
        "percent" | "per cent" | "pct" | "％" => "%".to_string(),
        "percentage point" | "percentage points" => "percentage points".to_string(),
        "百分点" => "个百分点".to_string(),
        _ => u.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(t: &str) -> (f64, String) {
        let q = parse_quantity(t).unwrap_or_else(|| panic!("no quantity in {t}"));
        (q.value, q.unit)
    }

    #[test]
    fn mixed_forms_are_exact() {
        assert_eq!(q("5363.47万元"), (53634700.0, "元".into()));
        assert_eq!(q("296.9亿元"), (29690000000.0, "元".into()));
        assert_eq!(q("1.1亿元"), (110000000.0, "元".into()));
        assert_eq!(q("184万只"), (1840000.0, "只".into()));
        assert_eq!(q("3万份"), (30000.0, "份".into()));
        assert_eq!(q("541万平方米"), (5410000.0, "平方米".into()));
        assert_eq!(q("0.35亿"), (35000000.0, "".into()));
    }

    #[test]
    fn percentages_and_points() {
        assert_eq!(q("19.7%"), (19.7, "%".into()));
        assert_eq!(q("0.9个百分点"), (0.9, "个百分点".into()));
        assert_eq!(q("百分之十五"), (15.0, "%".into()));
        assert_eq!(q("１９．７％"), (19.7, "%".into()));
        assert_eq!(q("15 percent"), (15.0, "%".into()));
        assert_eq!(q("2.5 per cent"), (2.5, "%".into()));
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(q("两个"), (2.0, "个".into()));
        assert_eq!(q("兩家"), (2.0, "家".into()));
        assert_eq!(q("两千余家"), (2000.0, "家".into()));
        assert_eq!(q("三千五百万元"), (35000000.0, "元".into()));
        assert_eq!(q("十二项"), (12.0, "项".into()));
        assert_eq!(q("百亿元"), (10000000000.0, "元".into()));
        assert_eq!(q("壹佰贰拾元"), (120.0, "元".into()));
        assert_eq!(q("一万零五百人"), (10500.0, "人".into()));
        assert_eq!(q("三億元"), (300000000.0, "元".into()));
    }

    #[test]
    fn approximators_ranges_multiples() {
        assert_eq!(q("700余家"), (700.0, "家".into()));
        assert_eq!(q("1—2条"), (1.0, "条".into()));
        assert_eq!(q("2-3万元"), (20000.0, "元".into()));
        assert_eq!(q("1.2倍"), (1.2, "倍".into()));
        assert_eq!(q("约300人以上"), (300.0, "人".into()));
    }

    #[test]
    fn separators_and_full_width() {
        assert_eq!(q("1,234家"), (1234.0, "家".into()));
        assert_eq!(q("１２３个"), (123.0, "个".into()));
        assert_eq!(q("12,345,678.5元"), (12345678.5, "元".into()));
    }

    #[test]
    fn english() {
        assert_eq!(q("1.2 million"), (1200000.0, "".into()));
        assert_eq!(q("$3bn"), (3000000000.0, "USD".into()));
        assert_eq!(q("US$4.5 billion"), (4500000000.0, "USD".into()));
        assert_eq!(q("2.7 million tonnes"), (2700000.0, "tonnes".into()));
    }

    #[test]
    fn no_number_and_weird_input() {
        assert!(parse_quantity("").is_none());
        assert!(parse_quantity("元").is_none());
        assert!(parse_quantity("亿元").is_none());
        assert!(parse_quantity("\u{301}\u{301}").is_none());
        assert!(parse_quantity("𠀾😀").is_none());
        let huge = parse_quantity("99999999999999999999999亿").map(|q| q.value);
        assert!(huge.is_some_and(|v| v > 9.0e30));
        let longer = "9".repeat(60) + "万亿";
        assert!(parse_quantity(&longer).is_some_and(|q| q.value.is_finite()));
        assert!(parse_quantity(&"九".repeat(80)).is_some());
        assert!(parse_quantity(&"万".repeat(50)).is_none());
        assert!(parse_quantity(&("一".to_string() + &"亿".repeat(40))).is_some());
    }
}
