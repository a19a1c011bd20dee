//! Text as code points, with no I/O: the offset index between code points and bytes, folding
//! (traditional → simplified, full-width → half-width) for matching, word boundaries, and reading
//! quantities (296.9亿元 → 29 690 000 000 元).

pub mod fold;
pub mod offsets;
pub mod quantity;
pub mod words;

/// Whether `c` is a CJK ideograph (the unified blocks, their extensions and compatibility forms):
/// the one definition every layer uses.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// The first year (1900–2199) written in `text` with Arabic digits, full-width ones included:
/// `到2025年底` → 2025; `20251` is not a year.
pub fn year_in(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().map(fold::fold_char).collect();
    (0..chars.len().saturating_sub(3)).find_map(|i| {
        let w = &chars[i..i + 4];
        let bounded = (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if !bounded || !w.iter().all(char::is_ascii_digit) {
            return None;
        }
        w.iter()
            .collect::<String>()
            .parse()
            .ok()
            .filter(|y| (1900..2200).contains(y))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_four_digits_on_their_own() {
        assert_eq!(year_in("到2025年底"), Some(2025));
        assert_eq!(year_in("２０２６年"), Some(2026));
        assert_eq!(year_in("年底前"), None);
        assert_eq!(year_in("20251"), None);
        assert_eq!(year_in("1800年"), None);
    }
}
