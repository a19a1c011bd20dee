//! `gloss bench`: measures opening, UI frame cost, tag-to-highlight latency, sidecar save and
//! load, suggestion throughput and peak memory on generated Chinese reports, prints a table and
//! writes the same figures as JSON.
//!
//! Inputs are generated deterministically from the bundled sample reports (repeated, with their
//! digits varied per copy), at 10 KB, 1 MB, 10 MB and 50 MB, with 0, 1 000 and 100 000
//! annotations (a fifth of them long spans that contain shorter ones, so overlaps are included).
//! Frame cost is the CPU time of one egui frame (layout and tessellation, no GPU) with the view
//! scrolled to the middle of the document, idle and while scrolling.

mod synthetic;
mod workspace;

use anyhow::Context as _;
use eframe::egui;
use gloss::annotation::Kind;
use gloss::document::Document;
use gloss::document::loader::{self, LoadOptions};
use gloss::session::{Command, Session};
use gloss::store::{FORMAT_VERSION, Sidecar};
use gloss::suggest::{Engine, Glossary};
use gloss::ui::{GlossApp, fonts};
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use synthetic::{synthetic_annotations, synthetic_report};

/// Arguments of `gloss bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Fewer repetitions (same sizes): a quick look rather than stable figures.
    #[arg(long)]
    pub quick: bool,
    /// Only the workspace search figures (indexing 1 000 reports, queries).
    #[arg(long)]
    pub workspace_only: bool,
    /// Also write the figures as JSON to this file.
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Internal: measure peak memory of one scenario in a fresh process and print it.
    #[arg(long, hide = true)]
    pub memory_probe: bool,
    /// Internal: index the folder (first path) into the index folder (second) in a fresh process
    /// and print the seconds taken and the peak memory.
    #[arg(long, hide = true, num_args = 2, value_names = ["DIR", "INDEX"])]
    pub index_probe: Option<Vec<PathBuf>>,
}

const KB: usize = 1000;
const MB: usize = 1000 * 1000;
const SIZES: [(&str, usize); 4] = [
    ("10kb", 10 * KB),
    ("1mb", MB),
    ("10mb", 10 * MB),
    ("50mb", 50 * MB),
];
const COUNTS: [usize; 3] = [0, 1_000, 100_000];
const VIEW: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// Runs the benchmarks.
pub fn run(args: BenchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if args.memory_probe {
        writeln!(out, "{:.1}", memory_probe()?)?;
        return Ok(());
    }
    if let Some([dir, index]) = args.index_probe.as_deref() {
        let (seconds, rss) = workspace::index_probe(dir, index)?;
        writeln!(out, "{seconds:.3} {rss:.1}")?;
        return Ok(());
    }
    let reps = if args.quick { 3 } else { 15 };
    let mut figures = serde_json::Map::new();
    let put = |figures: &mut serde_json::Map<String, serde_json::Value>, key: &str, value: f64| {
        figures.insert(
            key.to_owned(),
            serde_json::json!((value * 1000.0).round() / 1000.0),
        );
    };
    let dir = tempfile::tempdir().context("cannot create a temporary folder")?;

    writeln!(
        out,
        "Gloss benchmarks ({} mode)",
        if args.quick { "quick" } else { "full" }
    )?;
    if args.workspace_only {
        writeln!(out, "\nWorkspace search")?;
        return workspace::run(args.quick, out, &mut |key, value| {
            put(&mut figures, key, value)
        });
    }
    writeln!(out, "\n1. Open (read + detect + decode + index)")?;
    writeln!(out, "{:>8} {:>12} {:>10}", "size", "median ms", "MB/s")?;
    for (name, size) in SIZES {
        let path = dir.path().join(format!("report-{name}.txt"));
        std::fs::write(&path, synthetic_report(size))?;
        let runs = if size >= 10 * MB { reps.min(5) } else { reps };
        let ms = median_ms(runs, || {
            let doc = loader::load(&path, LoadOptions::default());
            assert!(doc.is_ok(), "generated report opens");
        });
        writeln!(
            out,
            "{name:>8} {ms:>12.2} {:>10.1}",
            size as f64 / MB as f64 / (ms / 1000.0)
        )?;
        put(&mut figures, &format!("open_{name}_ms"), ms);
    }

    writeln!(
        out,
        "\n2. Frame cost, scrolled to the middle (median CPU ms per frame)"
    )?;
    writeln!(
        out,
        "{:>8} {:>12} {:>10} {:>10}",
        "size", "annotations", "idle", "scrolling"
    )?;
    for (name, size) in SIZES {
        let doc = Document::from_text(&format!("{name}.txt"), &synthetic_report(size));
        for count in COUNTS {
            if count > doc.char_len() / 20 {
                continue; // denser than any real report
            }
            let mut bench = FrameBench::new(&doc, count);
            let idle = bench.median_frame_ms(reps * 2, false);
            let scrolling = bench.median_frame_ms(reps * 2, true);
            writeln!(out, "{name:>8} {count:>12} {idle:>10.3} {scrolling:>10.3}")?;
            put(
                &mut figures,
                &format!("frame_{name}_{}_ms", count_key(count)),
                idle,
            );
            put(
                &mut figures,
                &format!("frame_{name}_{}_scroll_ms", count_key(count)),
                scrolling,
            );
        }
    }
    // Equal density for the ratio: 100 000 annotations in 10 MB is one per 100 bytes; so 100
    // annotations in 10 KB.
    let small = FrameBench::new(
        &Document::from_text("10kb.txt", &synthetic_report(10 * KB)),
        100,
    )
    .median_frame_ms(reps * 2, false);
    let big_doc = Document::from_text("10mb.txt", &synthetic_report(10 * MB));
    let mut big = FrameBench::new(&big_doc, 100_000);
    let big_idle = big.median_frame_ms(reps * 2, false);
    let empty_10mb = figures
        .get("frame_10mb_0_ms")
        .and_then(serde_json::Value::as_f64)
        .unwrap_or(f64::NAN);
    put(&mut figures, "frame_10kb_ms", small);
    put(&mut figures, "frame_10mb_ms", empty_10mb);
    put(&mut figures, "frame_10mb_100k_ms", big_idle);
    put(&mut figures, "frame_ratio_10mb_10kb", big_idle / small);
    writeln!(
        out,
        "equal density (1 annotation / 100 bytes): 10 KB {small:.3} ms, 10 MB {big_idle:.3} ms, ratio {:.2}",
        big_idle / small
    )?;

    writeln!(
        out,
        "\n3. Tag key → frame showing the new highlight (10 MB, 100 000 annotations)"
    )?;
    let (tag_ms, shown) = big.tag_to_highlight_ms();
    writeln!(
        out,
        "{tag_ms:.3} ms, highlight {} in that same frame",
        if shown { "shown" } else { "NOT shown" }
    )?;
    put(&mut figures, "tag_to_highlight_ms", tag_ms);
    put(
        &mut figures,
        "tag_to_highlight_frames",
        if shown { 1.0 } else { 2.0 },
    );
    drop(big);

    writeln!(out, "\n4. Sidecar with 100 000 annotations")?;
    let sidecar = Sidecar {
        version: FORMAT_VERSION,
        source: big_doc.source.clone(),
        annotations: synthetic_annotations(&big_doc, 100_000),
        rejected: Vec::new(),
        relations: Vec::new(),
    };
    let path = dir.path().join("big.txt.gloss.ron");
    let save = median_ms(reps.min(5), || {
        sidecar.save(&path).ok();
    });
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    let load = median_ms(reps.min(5), || {
        let loaded = Sidecar::load(&path);
        assert!(matches!(loaded, Ok(Some(_))), "sidecar loads");
    });
    // The same without the disk: how much of saving is writing and fsync.
    let text = sidecar.to_ron();
    let serialize = median_ms(reps.min(5), || {
        std::hint::black_box(sidecar.to_ron());
    });
    let parse = median_ms(reps.min(5), || {
        std::hint::black_box(Sidecar::parse(&text, &path).ok());
    });
    writeln!(
        out,
        "save {save:.1} ms, load {load:.1} ms ({:.1} MB); in memory: write the text {serialize:.1} ms, parse it {parse:.1} ms",
        bytes as f64 / MB as f64
    )?;
    put(&mut figures, "sidecar_save_100k_ms", save);
    put(&mut figures, "sidecar_load_100k_ms", load);
    put(&mut figures, "sidecar_serialize_100k_ms", serialize);
    put(&mut figures, "sidecar_parse_100k_ms", parse);

    writeln!(
        out,
        "\n5. Suggestion engine (the model on every core; `taskset -c 0` for one)"
    )?;
    let text = synthetic_report(if args.quick { MB } else { 5 * MB });
    let engine = Engine::new(Glossary::default());
    engine.suggest(&synthetic_report(10 * KB), &Kind::ALL); // loads jieba once
    let ms = median_ms(if args.quick { 1 } else { 3 }, || {
        engine.suggest(&text, &Kind::ALL);
    });
    let mbps = text.len() as f64 / MB as f64 / (ms / 1000.0);
    writeln!(
        out,
        "{:.1} MB in {ms:.0} ms: {mbps:.2} MB/s",
        text.len() as f64 / MB as f64
    )?;
    put(&mut figures, "suggest_mb_per_s", mbps);

    writeln!(
        out,
        "\n6. Peak memory, 10 MB report + 100 000 annotations open"
    )?;
    let exe = std::env::current_exe().context("cannot find the gloss executable")?;
    let probe = std::process::Command::new(exe)
        .args(["bench", "--memory-probe"])
        .output()
        .context("cannot run the memory probe")?;
    let rss: f64 = String::from_utf8_lossy(&probe.stdout)
        .trim()
        .parse()
        .context("the memory probe printed no figure")?;
    writeln!(out, "peak RSS {rss:.1} MB")?;
    put(&mut figures, "peak_rss_mb", rss);

    writeln!(
        out,
        "\n7. Workspace search (generated reports with sidecars, index on every core)"
    )?;
    workspace::run(args.quick, out, &mut |key, value| {
        put(&mut figures, key, value)
    })?;

    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&serde_json::Value::Object(figures))?;
        std::fs::write(path, json + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "\nwrote {}", path.display())?;
    }
    Ok(())
}

fn count_key(count: usize) -> String {
    match count {
        0 => "0".into(),
        c if c % 1000 == 0 => format!("{}k", c / 1000),
        c => c.to_string(),
    }
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

/// An app with a document open in a headless egui context.
struct FrameBench {
    ctx: egui::Context,
    app: GlossApp,
    time: f64,
    middle: usize,
}

impl FrameBench {
    fn new(doc: &Document, count: usize) -> FrameBench {
        let ctx = egui::Context::default();
        fonts::install(&ctx);
        let mut session = Session::new(doc.clone());
        let creates = synthetic_annotations(doc, count)
            .into_iter()
            .map(Command::Create)
            .collect();
        session.apply(Command::Batch(creates));
        let mut app = GlossApp::new();
        app.set_session(session);
        let middle = doc.char_len() / 2;
        let mut bench = FrameBench {
            ctx,
            app,
            time: 0.0,
            middle,
        };
        for _ in 0..3 {
            bench.frame(Vec::new());
        }
        bench.app.scroll_to(middle);
        for _ in 0..10 {
            bench.frame(Vec::new());
        }
        bench
    }

    /// Runs one frame (layout + tessellation) and returns its duration.
    fn frame(&mut self, events: Vec<egui::Event>) -> Duration {
        self.time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, VIEW)),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        let app = &mut self.app;
        let start = Instant::now();
        let mut output = self.ctx.run_ui(input, |ui| app.ui(ui));
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        let elapsed = start.elapsed();
        // No renderer here: font atlas uploads are dropped on purpose.
        output.textures_delta.clear();
        std::hint::black_box(primitives);
        elapsed
    }

    fn median_frame_ms(&mut self, frames: usize, scrolling: bool) -> f64 {
        let pointer = egui::pos2(VIEW.x * 0.3, VIEW.y * 0.5);
        let mut times: Vec<Duration> = (0..frames.max(1))
            .map(|i| {
                let events = if scrolling {
                    vec![
                        egui::Event::PointerMoved(pointer),
                        egui::Event::MouseWheel {
                            unit: egui::MouseWheelUnit::Point,
                            delta: egui::vec2(0.0, if i % 40 < 20 { -60.0 } else { 60.0 }),
                            modifiers: egui::Modifiers::NONE,
                            phase: egui::TouchPhase::Move,
                            source: egui::MouseWheelSource::Unknown,
                        },
                    ]
                } else {
                    Vec::new()
                };
                self.frame(events)
            })
            .collect();
        times.sort();
        times[times.len() / 2].as_secs_f64() * 1000.0
    }

    /// Selects a visible word, presses F, and times that frame; also says whether the frame
    /// rebuilt the block that now shows the new highlight.
    fn tag_to_highlight_ms(&mut self) -> (f64, bool) {
        self.app.scroll_to(self.middle);
        for _ in 0..5 {
            self.frame(Vec::new());
        }
        let before = self.app.session().map_or(0, |s| s.annotations().len());
        // Two characters near the middle that no annotation covers yet, so the new highlight
        // changes what the block looks like.
        let start = self
            .app
            .session()
            .and_then(|s| {
                (self.middle..self.middle + 5000).find(|&i| {
                    s.annotations().overlapping(i..i + 2).next().is_none()
                        && s.doc.slice(i, i + 2).chars().all(char::is_alphanumeric)
                })
            })
            .unwrap_or(self.middle);
        self.app.set_text_selection(start..start + 2);
        self.frame(Vec::new());
        let press = |pressed| egui::Event::Key {
            key: egui::Key::F,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        };
        let took = self.frame(vec![press(true), press(false)]);
        let after = self.app.session().map_or(0, |s| s.annotations().len());
        let shown = after == before + 1 && self.app.blocks_laid_out() >= 1;
        (took.as_secs_f64() * 1000.0, shown)
    }
}

/// Peak resident memory (MB) after opening a 10 MB report with 100 000 annotations and
/// rendering it. Linux only (VmHWM); elsewhere reports NaN.
fn memory_probe() -> anyhow::Result<f64> {
    let doc = Document::from_text("10mb.txt", &synthetic_report(10 * MB));
    let mut bench = FrameBench::new(&doc, 100_000);
    drop(doc);
    bench.median_frame_ms(20, true);
    Ok(peak_rss_mb())
}

/// This process's peak resident memory in MB (Linux: VmHWM; NaN elsewhere).
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
    kb.map_or(f64::NAN, |kb| kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_frame_shows_the_new_highlight() {
        let doc = Document::from_text("t.txt", &synthetic_report(100 * KB));
        let mut bench = FrameBench::new(&doc, 1000);
        let before = bench.app.session().unwrap().annotations().len();
        let (_, shown) = bench.tag_to_highlight_ms();
        let after = bench.app.session().unwrap().annotations().len();
        assert_eq!(after, before + 1, "the key tagged the selection");
        assert!(shown, "laid out {} blocks", bench.app.blocks_laid_out());
    }
}
