//! Document formats: each sample in `sample_docs/` extracts to its expected text, every Chinese
//! encoding round trips, and each class of malformed input gets its own typed error.

use gloss::document::Document;
use gloss::document::formats::{self, SourceFormat};
use gloss::document::loader::{self, LoadError, LoadOptions, MAX_FILE_BYTES};
use std::io::Write;
use std::path::{Path, PathBuf};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_docs")
}

fn open(name: &str) -> Result<Document, LoadError> {
    loader::load(&samples().join(name), LoadOptions::default())
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(samples().join("expected").join(format!("{name}.txt"))).unwrap()
}

fn headings(doc: &Document) -> Vec<(String, u8)> {
    doc.structure
        .headings
        .iter()
        .map(|h| (doc.slice(h.range.start, h.range.end).to_owned(), h.level))
        .collect()
}

fn rows(doc: &Document) -> Vec<String> {
    doc.structure
        .table_rows
        .iter()
        .map(|r| doc.slice(r.start, r.end).to_owned())
        .collect()
}

// ------------------------------------------------------------------------------ known samples

#[test]
fn docx_sample_extracts_to_its_expected_text() {
    let doc = open("linjiang-annex1.docx").unwrap();
    assert_eq!(doc.text(), expected("linjiang-annex1.docx"));
    assert_eq!(doc.source.format, SourceFormat::Docx);
    assert_eq!(doc.source.extractor, formats::docx::EXTRACTOR);
    assert_eq!(
        headings(&doc),
        vec![
            ("临江市“百项技改”行动2025年度任务清单".to_owned(), 1),
            ("一、工作目标".to_owned(), 1),
            ("二、重点任务".to_owned(), 1),
            ("三、分区任务".to_owned(), 2),
        ]
    );
    assert_eq!(
        rows(&doc),
        vec![
            "区县\t技改项目（个）\t投资（亿元）",
            "青岚区\t35\t48.2",
            "湫溪镇\t6\t3.9"
        ]
    );
    // The tracked deletion is not in the text; the insertion is.
    assert!(!doc.text().contains("尽快"));
    assert!(doc.text().contains("分批推进"));
}

#[test]
fn html_sample_extracts_to_its_expected_text_with_its_declared_charset() {
    let doc = open("qinglan-notice.html").unwrap();
    assert_eq!(doc.text(), expected("qinglan-notice.html"));
    assert_eq!(doc.source.format, SourceFormat::Html);
    assert_eq!(doc.source.encoding, "gb18030");
    assert_eq!(doc.source.extractor, formats::html::EXTRACTOR);
    assert_eq!(
        headings(&doc),
        vec![
            ("关于开展2025年中小企业服务月活动的通知".to_owned(), 1),
            ("一、活动目标".to_owned(), 2),
            ("二、责任分工".to_owned(), 2),
        ]
    );
    assert_eq!(rows(&doc).len(), 3);
    for hidden in [
        "计数器",
        "隐藏",
        "请启用脚本",
        "正文开始",
        "font-family",
        "门户网站",
    ] {
        assert!(!doc.text().contains(hidden), "{hidden} leaked");
    }
}

#[test]
fn markdown_sample_is_readable_text() {
    let doc = open("linjiang-notes.md").unwrap();
    assert_eq!(doc.text(), expected("linjiang-notes.md"));
    assert_eq!(doc.source.format, SourceFormat::Markdown);
    assert_eq!(doc.source.encoding, "UTF-8");
    assert_eq!(headings(&doc).len(), 4);
    assert_eq!(
        headings(&doc)[0],
        ("临江市制造业政策跟踪笔记".to_owned(), 1)
    );
    // Offsets are into the readable text: the astral 𠀾 is one code point.
    let at = doc.text().chars().position(|c| c == '𠀾').unwrap();
    assert_eq!(doc.slice(at, at + 3), "𠀾溪镇");
}

#[cfg(feature = "pdf")]
#[test]
fn pdf_samples_extract_chinese_with_and_without_embedded_fonts() {
    let want = expected("linjiang-brief.pdf");
    for name in ["linjiang-brief-cid.pdf", "linjiang-brief-embedded.pdf"] {
        let doc = open(name).unwrap();
        assert_eq!(doc.text(), want, "{name}");
        assert_eq!(doc.source.format, SourceFormat::Pdf);
        assert_eq!(doc.source.extractor, formats::pdf::EXTRACTOR);
        assert_eq!(doc.structure.pages.len(), 2, "{name}");
        let page2 = &doc.structure.pages[1];
        assert!(
            doc.slice(page2.start, page2.end)
                .starts_with("二、下一步安排")
        );
    }
}

#[cfg(feature = "pdf")]
#[test]
fn scanned_pdf_without_text_layer_gets_a_clear_error() {
    let err = open("scanned-notice.pdf").unwrap_err();
    assert!(
        matches!(err, LoadError::NoTextLayer { pages: 1, .. }),
        "{err}"
    );
    let message = err.to_string();
    assert!(message.contains("scanned-notice.pdf") && message.contains("OCR"));
}

#[test]
fn extraction_is_deterministic() {
    let mut names = vec![
        "linjiang-annex1.docx",
        "qinglan-notice.html",
        "linjiang-notes.md",
    ];
    if cfg!(feature = "pdf") {
        names.push("linjiang-brief-cid.pdf");
    }
    for name in names {
        let a = open(name).unwrap();
        let b = open(name).unwrap();
        assert_eq!(a.text(), b.text(), "{name}");
        assert_eq!(a.structure, b.structure, "{name}");
        assert_eq!(a.source, b.source, "{name}");
    }
}

#[test]
fn formats_are_sniffed_by_content_before_extension() {
    let docx = std::fs::read(samples().join("linjiang-annex1.docx")).unwrap();
    let pdf = std::fs::read(samples().join("linjiang-brief-cid.pdf")).unwrap();
    assert_eq!(formats::detect(&docx, "附件1.bin"), SourceFormat::Docx);
    assert_eq!(formats::detect(&pdf, "report.txt"), SourceFormat::Pdf);
    assert_eq!(
        formats::detect(b"<!DOCTYPE html><p>x", "page.txt"),
        SourceFormat::Html
    );
    assert_eq!(formats::detect(b"<p>x</p>", "page.HTM"), SourceFormat::Html);
    assert_eq!(
        formats::detect(b"# x", "notes.markdown"),
        SourceFormat::Markdown
    );
    assert_eq!(formats::detect(b"# x", "notes.txt"), SourceFormat::Text);
    // A renamed docx opens as a docx.
    let doc = loader::load_bytes(&docx, "attachment", LoadOptions::default()).unwrap();
    assert_eq!(doc.text(), expected("linjiang-annex1.docx"));
}

#[cfg(not(feature = "pdf"))]
#[test]
fn without_the_pdf_feature_pdfs_are_refused_by_name() {
    let err = open("linjiang-brief-cid.pdf").unwrap_err();
    assert!(matches!(err, LoadError::Unsupported { .. }), "{err}");
    assert!(err.to_string().contains("linjiang-brief-cid.pdf"));
}

// ------------------------------------------------------------------------------- encodings

const ZH: &str = "临江市工业和信息化局表示，力争全年完成318.6亿元；𠀾溪镇新增12家。\n第二行";
const ZH_HANT: &str = "臺灣省經濟部表示，將投入新臺幣18.6億元，確保產業升級。\n第二行";

fn with_bom(bom: &[u8], body: &[u8]) -> Vec<u8> {
    let mut v = bom.to_vec();
    v.extend_from_slice(body);
    v
}

#[test]
fn every_chinese_encoding_round_trips_for_text_markdown_and_html() {
    let utf16 = |le: bool, s: &str| -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    };
    let gb = encoding_rs::GB18030.encode(ZH).0.into_owned();
    // GBK/GB2312 text is a subset: no four-byte sequences.
    let gbk_text = "市财政局安排专项资金3.2亿元，较上年增加6000万元。";
    let gbk = encoding_rs::GBK.encode(gbk_text).0.into_owned();
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(ZH_HANT);
    assert!(!unmappable);
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("UTF-8", ZH.as_bytes().to_vec(), "UTF-8", ZH),
        (
            "UTF-8 BOM",
            with_bom(b"\xEF\xBB\xBF", ZH.as_bytes()),
            "UTF-8",
            ZH,
        ),
        (
            "UTF-16LE",
            with_bom(&[0xFF, 0xFE], &utf16(true, ZH)),
            "UTF-16LE",
            ZH,
        ),
        (
            "UTF-16BE",
            with_bom(&[0xFE, 0xFF], &utf16(false, ZH)),
            "UTF-16BE",
            ZH,
        ),
        ("GB18030", gb, "gb18030", ZH),
        ("GBK", gbk, "gb18030", gbk_text),
        ("Big5", big5.into_owned(), "Big5", ZH_HANT),
    ];
    for (what, bytes, encoding, text) in &cases {
        let doc = loader::load_bytes(bytes, "t.txt", LoadOptions::default()).unwrap();
        assert_eq!(doc.source.encoding, *encoding, "{what}");
        assert_eq!(doc.text(), *text, "{what}");
        let md = loader::load_bytes(bytes, "t.md", LoadOptions::default()).unwrap();
        assert_eq!(md.source.encoding, *encoding, "{what} markdown");
        assert_eq!(md.text(), format!("{text}\n"), "{what} markdown");
    }
    // HTML: the declared charset is honoured, also when detection alone could be unsure.
    for (label, encoding, text) in [
        ("gb2312", encoding_rs::GBK, gbk_text),
        ("GBK", encoding_rs::GBK, gbk_text),
        ("gb18030", encoding_rs::GB18030, ZH.lines().next().unwrap()),
        ("big5", encoding_rs::BIG5, ZH_HANT.lines().next().unwrap()),
    ] {
        let page = format!(
            "<html><head><meta charset=\"{label}\"></head><body><p>{text}</p></body></html>"
        );
        let (bytes, _, _) = encoding.encode(&page);
        let doc = loader::load_bytes(&bytes, "p.html", LoadOptions::default()).unwrap();
        assert_eq!(doc.text(), format!("{text}\n"), "{label}");
    }
}

#[test]
fn a_forced_encoding_reopens_html_declared_wrongly() {
    // Big5 bytes declared as UTF-8 and not valid UTF-8: detection takes over with a warning.
    let page = format!(
        "<meta charset=utf-8><p>{}</p>",
        ZH_HANT.lines().next().unwrap()
    );
    let (bytes, _, _) = encoding_rs::BIG5.encode(&page);
    let doc = loader::load_bytes(&bytes, "p.html", LoadOptions::default()).unwrap();
    assert_eq!(doc.source.encoding, "Big5");
    assert_eq!(doc.structure.warnings.len(), 1);
    let forced = LoadOptions {
        encoding: Some(encoding_rs::BIG5),
    };
    let doc = loader::load_bytes(&bytes, "p.html", forced).unwrap();
    assert!(doc.text().starts_with("臺灣省"));
    assert!(doc.structure.warnings.is_empty());
}

// --------------------------------------------------------------------------- malformed input

/// A minimal zip writer (stored entries) for building malformed archives.
fn zip(entries: &[(&str, &[u8])], claimed_size: Option<u32>) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let usize_ = claimed_size.unwrap_or(size);
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&0u32.to_le_bytes()); // time, date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&usize_.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&[0; 6]); // comment length, disk, internal attrs
                h.extend_from_slice(&0u32.to_le_bytes()); // external attrs
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn load_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    loader::load(&path, LoadOptions::default())
}

#[test]
fn a_hand_built_docx_opens_so_the_zip_helper_is_sound() {
    let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>甲&amp;乙</w:t></w:r></w:p></w:body></w:document>"#;
    let bytes = zip(&[("word/document.xml", xml.as_bytes())], None);
    let doc = loader::load_bytes(&bytes, "a.docx", LoadOptions::default()).unwrap();
    assert_eq!(doc.text(), "甲&乙\n");
}

#[test]
fn truncated_zip_is_a_damaged_word_document() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read(samples().join("linjiang-annex1.docx")).unwrap();
    let err = load_file(dir.path(), "附件1.docx", &full[..full.len() / 2]).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::Damaged {
                format: "Word document",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("附件1.docx"), "{err}");
}

#[test]
fn a_zip_without_word_document_is_the_wrong_content_type() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = zip(&[("xl/workbook.xml", b"<workbook/>")], None);
    let err = load_file(dir.path(), "附件2.docx", &bytes).unwrap_err();
    assert!(matches!(err, LoadError::WrongContentType { .. }), "{err}");
    assert!(err.to_string().contains("附件2.docx") && err.to_string().contains("Excel"));
    // A .docx that is not a zip at all.
    let err = load_file(dir.path(), "附件3.docx", "这不是压缩包".as_bytes()).unwrap_err();
    assert!(matches!(err, LoadError::Damaged { .. }), "{err}");
    // An old binary .doc.
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    let err = load_file(dir.path(), "附件4.doc", &ole).unwrap_err();
    assert!(matches!(err, LoadError::WrongContentType { .. }), "{err}");
}

#[test]
fn malformed_xml_and_lying_sizes_are_typed_errors() {
    let bad = zip(
        &[("word/document.xml", b"<w:document><w:body><w:p></w:body>")],
        None,
    );
    let err = loader::load_bytes(&bad, "x.docx", LoadOptions::default()).unwrap_err();
    assert!(matches!(err, LoadError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("word/document.xml"), "{err}");

    // A header claiming a 4 GB part (as a zip bomb's would) is refused before reading.
    let bomb = zip(
        &[("word/document.xml", b"<w:document/>")],
        Some(0xFFFF_FFF0),
    );
    let err = loader::load_bytes(&bomb, "x.docx", LoadOptions::default()).unwrap_err();
    assert!(matches!(err, LoadError::PartTooLarge { .. }), "{err}");
}

#[test]
fn invalid_utf16_is_undecodable() {
    let dir = tempfile::tempdir().unwrap();
    // A BOM, then a lone high surrogate.
    let err = load_file(dir.path(), "bad.txt", &[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]).unwrap_err();
    assert!(
        matches!(err, LoadError::Undecodable { errors: 1, .. }),
        "{err}"
    );
    let err = load_file(
        dir.path(),
        "bad.html",
        &[0xFE, 0xFF, 0xDC, 0x00, 0x00, 0x41],
    )
    .unwrap_err();
    assert!(matches!(err, LoadError::Undecodable { .. }), "{err}");
}

#[test]
fn empty_files_and_directories_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["empty.txt", "empty.docx", "empty.pdf", "empty.html"] {
        let err = load_file(dir.path(), name, b"").unwrap_err();
        assert!(matches!(err, LoadError::Empty { .. }), "{name}: {err}");
        assert!(err.to_string().contains(name));
    }
    let sub = dir.path().join("reports.pdf");
    std::fs::create_dir(&sub).unwrap();
    let err = loader::load(&sub, LoadOptions::default()).unwrap_err();
    assert!(matches!(err, LoadError::IsDirectory { .. }), "{err}");
}

#[cfg(feature = "pdf")]
#[test]
fn a_damaged_pdf_and_an_html_page_without_text_are_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_file(dir.path(), "broken.pdf", b"%PDF-1.4\n1 0 obj <<").unwrap_err();
    assert!(
        matches!(err, LoadError::Damaged { format: "PDF", .. }),
        "{err}"
    );
    let err = load_file(dir.path(), "fake.pdf", b"plain words, no header").unwrap_err();
    assert!(
        matches!(err, LoadError::Damaged { format: "PDF", .. }),
        "{err}"
    );
    let err = load_file(
        dir.path(),
        "blank.html",
        b"<html><script>x()</script></html>",
    )
    .unwrap_err();
    assert!(matches!(err, LoadError::NoText { .. }), "{err}");
}

#[test]
fn files_over_the_limit_are_refused_and_50_mb_of_text_opens() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: the metadata says MAX_FILE_BYTES + 1 without writing it.
    let huge = dir.path().join("huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let err = loader::load(&huge, LoadOptions::default()).unwrap_err();
    assert!(
        matches!(err, LoadError::TooLarge { size, .. } if size == MAX_FILE_BYTES + 1),
        "{err}"
    );

    let big = dir.path().join("big.txt");
    let line = "临江市2025年工业投资增长10%，新增企业97家。Industrial output rose.\n";
    let lines = 50 * 1024 * 1024 / line.len() + 1;
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        for _ in 0..lines {
            f.write_all(line.as_bytes()).unwrap();
        }
    }
    assert!(std::fs::metadata(&big).unwrap().len() >= 50 * 1024 * 1024);
    let doc = loader::load(&big, LoadOptions::default()).unwrap();
    assert_eq!(doc.char_len(), lines * line.chars().count());
    assert_eq!(doc.source.format, SourceFormat::Text);
}
