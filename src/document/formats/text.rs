//! Plain text: encoding detection and decoding (shared with HTML and Markdown, which are text
//! too), and the normalisation that defines the text offsets refer to.
//!
//! The document text is the decoded file with a leading BOM removed and line endings normalised
//! (CRLF and CR → LF); nothing else is trimmed or changed, so offsets agree with what brat,
//! doccano or Python compute on the same (LF, BOM-less) file.
//!
//! Encodings: a BOM (UTF-8, UTF-16 LE/BE) wins; else valid UTF-8 is UTF-8; else
//! [chardetng](https://docs.rs/chardetng) guesses among legacy encodings (GB18030/GBK, Big5, …)
//! and [encoding_rs](https://docs.rs/encoding_rs) decodes. A caller may force an encoding.

use super::{Extracted, FormatError};
use crate::document::{Structure, normalize_line_endings};
use encoding_rs::Encoding;

/// The name and version of the plain-text extractor, recorded in sidecars.
pub const EXTRACTOR: &str = concat!("gloss-text ", env!("CARGO_PKG_VERSION"));

/// Decodes and normalises a plain-text file.
pub(crate) fn extract(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<Extracted, FormatError> {
    let (text, encoding) = decode(bytes, forced)?;
    Ok(Extracted {
        text: normalize_line_endings(&text),
        structure: Structure::default(),
        encoding: encoding.name().to_owned(),
        extractor: EXTRACTOR,
    })
}

/// Decodes `bytes`, returning the text (BOM removed) and the encoding used.
pub(crate) fn decode(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<(String, &'static Encoding), FormatError> {
    decode_with(bytes, forced, None)
}

/// Like [`decode`], with an encoding declared by the file itself (an HTML `<meta charset>`) that
/// is used when no BOM and no forced encoding decide. A declaration the bytes contradict (the
/// bytes are invalid in it) gives way to detection when detection decodes them cleanly.
pub(crate) fn decode_with(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    declared: Option<&'static Encoding>,
) -> Result<(String, &'static Encoding), FormatError> {
    let (encoding, body) = match (forced, Encoding::for_bom(bytes)) {
        (Some(enc), Some((bom_enc, bom_len))) if enc == bom_enc => {
            (enc, bytes.get(bom_len..).unwrap_or_default())
        }
        (Some(enc), _) => (enc, bytes),
        (None, Some((enc, bom_len))) => (enc, bytes.get(bom_len..).unwrap_or_default()),
        (None, None) => {
            if let Some(reason) = binary_evidence(bytes) {
                return Err(FormatError::Binary(reason));
            }
            match declared {
                Some(enc) => {
                    let (text, errors) = decode_counting_errors(enc, bytes);
                    if errors == 0 {
                        return Ok((text, enc));
                    }
                    let guess = detect(bytes);
                    let (text, guess_errors) = decode_counting_errors(guess, bytes);
                    if guess_errors == 0 {
                        return Ok((text, guess));
                    }
                    return Err(FormatError::Undecodable {
                        encoding: enc.name().to_owned(),
                        errors,
                    });
                }
                None => (detect(bytes), bytes),
            }
        }
    };
    let (text, errors) = decode_counting_errors(encoding, body);
    if errors > 0 {
        return Err(FormatError::Undecodable {
            encoding: encoding.name().to_owned(),
            errors,
        });
    }
    if forced.is_none()
        && let Some(reason) = control_character_evidence(&text)
    {
        return Err(FormatError::Binary(reason));
    }
    Ok((text, encoding))
}

/// Guesses the encoding of BOM-less bytes.
pub(crate) fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    gbk_as_gb18030(guess)
}

/// encoding_rs's GBK decoder is the GB18030 decoder; name it by the superset users know.
pub(crate) fn gbk_as_gb18030(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        encoding
    }
}

fn decode_counting_errors(encoding: &'static Encoding, body: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len().saturating_mul(3).saturating_add(16));
    let mut out = String::with_capacity(capacity);
    let mut errors = 0;
    let mut input = body;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut out, true);
        input = input.get(read..).unwrap_or_default();
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::Malformed(_, _) => {
                errors += 1;
                out.push('\u{FFFD}');
            }
            encoding_rs::DecoderResult::OutputFull => {
                out.reserve(input.len().saturating_mul(3).saturating_add(16));
            }
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
