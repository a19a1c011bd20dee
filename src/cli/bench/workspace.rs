//! The workspace figures of `gloss bench`: a folder of generated reports with sidecars indexed
//! from nothing, one changed report indexed again, and queries answered.

use super::synthetic::{synthetic_annotations, synthetic_report};
use anyhow::Context as _;
use gloss::corpus::search::SearchIndex;
use gloss::document::Document;
use gloss::store::{FORMAT_VERSION, Sidecar};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// Bytes of each generated report.
const REPORT_BYTES: usize = 100_000;
/// Annotations in each report's sidecar.
const ANNOTATIONS: usize = 50;

/// The queries timed: words, a one-character term, a miss, and annotation conditions.
const QUERIES: [&str; 8] = [
    "郑州",
    "高新技术企业",
    "區",
    "市工业和信息化局 2025",
    "不存在的词语组合",
    "kind:figure unit:元 value>=1亿",
    "kind:entity type:org",
    "kind:commitment deadline<=2025",
];

/// Writes `reports` generated reports (digits varied per report) with their sidecars into `dir`.
pub fn generate(dir: &Path, reports: usize) -> anyhow::Result<()> {
    let base = synthetic_report(REPORT_BYTES);
    for i in 0..reports {
        let text: String = format!("编号{i}\n")
            + &base
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) if c.is_ascii_digit() => {
                        char::from_digit((d + i as u32) % 10, 10).unwrap_or(c)
                    }
                    _ => c,
                })
                .collect::<String>();
        let sub = dir.join(format!("{:02}", i / 100));
        std::fs::create_dir_all(&sub)?;
        let path = sub.join(format!("report-{i:04}.txt"));
        std::fs::write(&path, &text)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let doc = gloss::document::loader::load_bytes(text.as_bytes(), &name, Default::default())
            .unwrap_or_else(|_| Document::from_text(&name, &text));
        let sidecar = Sidecar {
            version: FORMAT_VERSION,
            source: doc.source.clone(),
            annotations: synthetic_annotations(&doc, ANNOTATIONS),
            rejected: Vec::new(),
            relations: Vec::new(),
        };
        sidecar
            .save(&Sidecar::path_for(&path))
            .with_context(|| format!("cannot write the sidecar of {}", path.display()))?;
    }
    Ok(())
}

/// Indexes `dir` from nothing into `index_dir` and returns the seconds it took and the peak RSS
/// (MB) of this process (run it in a fresh one).
pub fn index_probe(dir: &Path, index_dir: &Path) -> anyhow::Result<(f64, f64)> {
    let start = Instant::now();
    let mut index = SearchIndex::open_in(dir, index_dir)?;
    index.update(&|_, _| {})?;
    Ok((start.elapsed().as_secs_f64(), super::peak_rss_mb()))
}

/// Generates the workspace (1 000 reports, 100 with `quick`), measures, prints the figures and
/// hands each to `put`.
pub fn run(quick: bool, out: &mut dyn Write, put: &mut dyn FnMut(&str, f64)) -> anyhow::Result<()> {
    let reports = if quick { 100 } else { 1000 };
    let dir = tempfile::tempdir().context("cannot create a temporary folder")?;
    let folder = dir.path().join("reports");
    let index_dir = dir.path().join("index");
    generate(&folder, reports)?;
    let exe = std::env::current_exe().context("cannot find the gloss executable")?;
    let probe = std::process::Command::new(exe)
        .args(["bench", "--index-probe"])
        .arg(&folder)
        .arg(&index_dir)
        .output()
        .context("cannot run the index probe")?;
    let printed = String::from_utf8_lossy(&probe.stdout);
    let mut figures = printed.split_whitespace().map(str::parse::<f64>);
    let (Some(Ok(seconds)), Some(Ok(rss))) = (figures.next(), figures.next()) else {
        anyhow::bail!(
            "the index probe failed: {}",
            String::from_utf8_lossy(&probe.stderr)
        );
    };
    let mb = reports as f64 * REPORT_BYTES as f64 / 1e6;
    writeln!(
        out,
        "{reports} reports ({mb:.0} MB, {} annotations): indexed in {seconds:.1} s, peak RSS {rss:.0} MB",
        reports * ANNOTATIONS
    )?;
    put("workspace_index_s", seconds);
    put("workspace_index_rss_mb", rss);

    let mut index = SearchIndex::open_in(&folder, &index_dir)?;
    index.update(&|_, _| {})?;
    let changed = folder.join("00").join("report-0007.txt");
    let mut text = std::fs::read_to_string(&changed)?;
    text.push_str("\n新增一段文字。\n");
    std::fs::write(&changed, text)?;
    let start = Instant::now();
    let update = index.update(&|_, _| {})?;
    let again = start.elapsed().as_secs_f64();
    anyhow::ensure!(update.indexed == 1, "one report should be read again");
    writeln!(out, "one changed report indexed again in {again:.2} s")?;
    put("workspace_reindex_one_s", again);

    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..if quick { 3 } else { 10 } {
        for q in QUERIES {
            let start = Instant::now();
            std::hint::black_box(index.search(q, 50)?);
            times.push(start.elapsed());
        }
    }
    times.sort();
    let ms = |q: f64| times[((times.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    writeln!(
        out,
        "queries ({} kinds, limit 50): median {:.1} ms, p95 {:.1} ms",
        QUERIES.len(),
        ms(0.5),
        ms(0.95)
    )?;
    put("workspace_query_median_ms", ms(0.5));
    put("workspace_query_p95_ms", ms(0.95));
    Ok(())
}
