//! Turning a file on disk into a [`Document`]: size and type checks, encoding detection and
//! decoding, and the normalisation that defines the text offsets refer to.
//!
//! For plain text and Markdown the document text is the decoded file with a leading BOM removed
//! and line endings normalised (CRLF and CR → LF); nothing else is trimmed or changed, so offsets
//! agree with what brat, doccano or Python compute on the same (LF, BOM-less) file.
//!
//! Encodings: a BOM (UTF-8, UTF-16 LE/BE) wins; else valid UTF-8 is UTF-8; else
//! [chardetng](https://docs.rs/chardetng) guesses among legacy encodings (GB18030/GBK, Big5, …)
//! and [encoding_rs](https://docs.rs/encoding_rs) decodes. A caller may force an encoding.

use crate::document::{Document, SourceInfo, normalize_line_endings};
use encoding_rs::Encoding;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The largest file Gloss opens: 256 MiB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The name and version of the plain-text extractor, recorded in sidecars.
pub const EXTRACTOR: &str = concat!("gloss-text ", env!("CARGO_PKG_VERSION"));

/// Why a file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A directory was given where a file was expected.
    #[error("{path} is a folder, not a report: choose a file inside it")]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// The file is empty.
    #[error("{path} is empty (0 bytes): there is nothing to annotate")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("{path} is {size} bytes; Gloss opens files up to {limit} bytes")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file holds binary data, not text.
    #[error("{path} looks like a binary file, not text ({reason})")]
    Binary {
        /// The file.
        path: PathBuf,
        /// What gave it away.
        reason: String,
    },
    /// The bytes are not valid in the encoding that was detected or requested.
    #[error(
        "{path} is not valid {encoding} text ({errors} undecodable sequences): reopen it with another encoding"
    )]
    Undecodable {
        /// The file.
        path: PathBuf,
        /// The encoding tried.
        encoding: String,
        /// How many malformed sequences were found.
        errors: usize,
    },
}

/// Options for [`load`].
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Decode with this encoding instead of detecting one.
    pub encoding: Option<&'static Encoding>,
}

/// Reads, checks, decodes and normalises `path` into a document.
pub fn load(path: &Path, options: LoadOptions) -> Result<Document, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory {
            path: path.to_owned(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut doc = load_bytes(&bytes, &file_name, options).map_err(|e| e.at(path))?;
    doc.path = Some(path.to_owned());
    Ok(doc)
}

/// Decodes file contents that were already read (`file_name` is recorded as the source name).
pub fn load_bytes(
    bytes: &[u8],
    file_name: &str,
    options: LoadOptions,
) -> Result<Document, LoadError> {
    let path = PathBuf::from(file_name);
    if bytes.is_empty() {
        return Err(LoadError::Empty { path });
    }
    let (text, encoding) = decode(bytes, options.encoding).map_err(|e| e.at(&path))?;
    let format = if is_markdown(file_name) {
        "markdown"
    } else {
        "text"
    };
    let source = SourceInfo {
        file_name: file_name.to_owned(),
        byte_len: bytes.len() as u64,
        sha256: sha256_hex(bytes),
        encoding: encoding.name().to_owned(),
        format: format.to_owned(),
        extractor: EXTRACTOR.to_owned(),
    };
    Ok(Document::new(normalize_line_endings(&text), source, None))
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The encodings a user can pick when detection is wrong, by WHATWG name.
pub const ENCODING_CHOICES: [&str; 6] = [
    "UTF-8",
    "GB18030",
    "Big5",
    "UTF-16LE",
    "UTF-16BE",
    "windows-1252",
];

fn is_markdown(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

impl LoadError {
    /// Replaces the placeholder path of an error raised before the path was known.
    fn at(self, real: &Path) -> LoadError {
        let real = real.to_owned();
        match self {
            LoadError::Empty { .. } => LoadError::Empty { path: real },
            LoadError::Binary { reason, .. } => LoadError::Binary { path: real, reason },
            LoadError::Undecodable {
                encoding, errors, ..
            } => LoadError::Undecodable {
                path: real,
                encoding,
                errors,
            },
            other => other,
        }
    }
}

/// Decodes `bytes`, returning the text (BOM removed) and the encoding used.
fn decode(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<(String, &'static Encoding), LoadError> {
    let placeholder = PathBuf::new();
    let (encoding, body) = match (forced, Encoding::for_bom(bytes)) {
        (Some(enc), Some((bom_enc, bom_len))) if enc == bom_enc => (enc, &bytes[bom_len..]),
        (Some(enc), _) => (enc, bytes),
        (None, Some((enc, bom_len))) => (enc, &bytes[bom_len..]),
        (None, None) => {
            if let Some(reason) = binary_evidence(bytes) {
                return Err(LoadError::Binary {
                    path: placeholder,
                    reason,
                });
            }
            (detect(bytes), bytes)
        }
    };
    let (text, errors) = decode_counting_errors(encoding, body);
    if errors > 0 {
        return Err(LoadError::Undecodable {
            path: placeholder,
            encoding: encoding.name().to_owned(),
            errors,
        });
    }
    if forced.is_none()
        && let Some(reason) = control_character_evidence(&text)
    {
        return Err(LoadError::Binary {
            path: placeholder,
            reason,
        });
    }
    Ok((text, encoding))
}

/// Guesses the encoding of BOM-less bytes.
fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    // encoding_rs's GBK decoder is the GB18030 decoder; name it by the superset users know.
    if guess == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guess
    }
}

fn decode_counting_errors(encoding: &'static Encoding, body: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len() * 3 + 16);
    let mut out = String::with_capacity(capacity);
    let mut errors = 0;
    let mut input = body;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut out, true);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::Malformed(_, _) => {
                errors += 1;
                out.push('\u{FFFD}');
            }
            encoding_rs::DecoderResult::OutputFull => out.reserve(input.len() * 3 + 16),
        }
    }
    (out, errors)
}

/// NUL bytes in a BOM-less file mean binary data (UTF-16 files carry a BOM).
fn binary_evidence(bytes: &[u8]) -> Option<String> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    sample
        .iter()
        .position(|&b| b == 0)
        .map(|at| format!("a NUL byte at offset {at}"))
}

/// Text with many C0 control characters is binary data that happened to decode.
fn control_character_evidence(text: &str) -> Option<String> {
    let sample: Vec<char> = text.chars().take(64 * 1024).collect();
    let controls = sample
        .iter()
        .filter(|&&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
        .count();
    (controls * 100 > sample.len().max(1)).then(|| format!("{controls} control characters"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(bytes: &[u8]) -> Result<Document, LoadError> {
        load_bytes(bytes, "t.txt", LoadOptions::default())
    }

    const ZH: &str = "新密市科工信局表示，力争全年完成296.9亿元。\n郑州高新区新增280家企业。";
    const ZH_HANT: &str = "臺灣省經濟部表示，將投入新臺幣18.6億元，確保產業升級。";

    #[test]
    fn utf8_with_and_without_bom_give_the_same_text() {
        let plain = load_str(ZH.as_bytes()).unwrap();
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(ZH.as_bytes());
        let bom = load_str(&with_bom).unwrap();
        assert_eq!(plain.text(), ZH);
        assert_eq!(bom.text(), ZH);
        assert_eq!(bom.source.encoding, "UTF-8");
    }

    #[test]
    fn utf16_with_bom_is_decoded_both_ways() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in ZH.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(load_str(&le).unwrap().text(), ZH);
        assert_eq!(load_str(&be).unwrap().source.encoding, "UTF-16BE");
        assert_eq!(load_str(&be).unwrap().text(), ZH);
    }

    #[test]
    fn gb18030_and_big5_are_detected() {
        let (gb, _, _) = encoding_rs::GB18030.encode(ZH);
        let doc = load_str(&gb).unwrap();
        assert_eq!(doc.source.encoding, "gb18030");
        assert_eq!(doc.text(), ZH);

        // 𠀾 (U+2003E) is a four-byte GB18030 sequence.
        let astral = format!("𠀾溪镇{ZH}");
        let (gb4, _, _) = encoding_rs::GB18030.encode(&astral);
        assert_eq!(load_str(&gb4).unwrap().text(), astral);

        let (big5, _, unmappable) = encoding_rs::BIG5.encode(ZH_HANT);
        assert!(!unmappable);
        let doc = load_str(&big5).unwrap();
        assert_eq!(doc.source.encoding, "Big5");
        assert_eq!(doc.text(), ZH_HANT);
    }

    #[test]
    fn crlf_is_normalised_and_fullwidth_digits_kept() {
        let doc = load_str("第１２３项\r\n完成\r末".as_bytes()).unwrap();
        assert_eq!(doc.text(), "第１２３项\n完成\n末");
    }

    #[test]
    fn binary_and_empty_files_are_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert!(matches!(load_str(png), Err(LoadError::Binary { .. })));
        assert!(matches!(load_str(b""), Err(LoadError::Empty { .. })));
        let controls: Vec<u8> = (1u8..9).cycle().take(400).collect();
        assert!(matches!(load_str(&controls), Err(LoadError::Binary { .. })));
    }

    #[test]
    fn invalid_utf16_is_an_error_not_garbage() {
        // A BOM, then a lone high surrogate.
        let bad = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00];
        let err = load_str(&bad).unwrap_err();
        assert!(
            matches!(err, LoadError::Undecodable { errors: 1, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_forced_encoding_is_used() {
        let (gb, _, _) = encoding_rs::GB18030.encode(ZH);
        let forced = LoadOptions {
            encoding: Some(encoding_rs::BIG5),
        };
        // GB18030 bytes are not valid Big5 throughout: the user is told, not shown mojibake.
        assert!(matches!(
            load_bytes(&gb, "t.txt", forced),
            Err(LoadError::Undecodable { .. })
        ));
    }

    #[test]
    fn directories_are_refused_with_their_own_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = load(dir.path(), LoadOptions::default()).unwrap_err();
        assert!(matches!(err, LoadError::IsDirectory { .. }));
        assert!(err.to_string().contains("folder"));
    }

    #[test]
    fn sample_encodings_agree_with_their_utf8_master() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_docs");
        let master = load(&root.join("linjiang-plan-2025.txt"), LoadOptions::default()).unwrap();
        let gb = load(
            &root.join("linjiang-plan-2025.gb18030.txt"),
            LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(gb.source.encoding, "gb18030");
        assert_eq!(gb.text(), master.text());
        let big5 = load(
            &root.join("qinglan-news-zh-hant.big5.txt"),
            LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(big5.source.encoding, "Big5");
        let big5_master =
            std::fs::read_to_string(root.join("sources/qinglan-news-zh-hant.txt")).unwrap();
        assert_eq!(big5.text(), big5_master);
        let utf16 = load(
            &root.join("qinglan-briefing.utf16le.txt"),
            LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(utf16.source.encoding, "UTF-16LE");
    }
}
