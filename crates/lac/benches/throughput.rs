//! Tagging throughput of the model alone on a ~2 MB Chinese text built from Gloss's own samples:
//! `cargo bench -p gloss-lac` prints characters per second on one thread and on every core.

use gloss_lac::Lac;
use std::time::Instant;

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let lac =
        Lac::from_bytes(&std::fs::read(format!("{root}/assets/lac/lac.bin")).unwrap()).unwrap();
    let mut sample = String::new();
    for entry in std::fs::read_dir(format!("{root}/sample_docs")).unwrap() {
        let path = entry.unwrap().path();
        // The UTF-8 samples (the others are encoding tests).
        if let Ok(text) = std::fs::read_to_string(&path) {
            sample.push_str(&text);
        }
    }
    let mut text = String::new();
    let size: usize = std::env::var("LAC_BENCH_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000_000);
    while text.len() < size {
        text.push_str(&sample);
    }
    let chars: Vec<char> = text.chars().collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for threads in [1, cores] {
        let mut best = f64::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            std::hint::black_box(lac.tag_text(&chars, threads));
            best = best.min(start.elapsed().as_secs_f64());
        }
        println!(
            "lac tag_text, {:.1} MB ({} chars), {threads} thread(s): {:.0} chars/s (best of 3, {:.2} s)",
            text.len() as f64 / 1e6,
            chars.len(),
            chars.len() as f64 / best,
            best
        );
    }
}
