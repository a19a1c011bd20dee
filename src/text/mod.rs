//! Text as code points, with no I/O: the offset index between code points and bytes, folding
//! (traditional → simplified, full-width → half-width) for matching, word boundaries, and reading
//! quantities (296.9亿元 → 29 690 000 000 元).

pub mod fold;
pub mod offsets;
pub mod quantity;
pub mod words;
