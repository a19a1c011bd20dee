//! Throughput of the whole suggestion engine (figures, entities, commitments) on one core, over
//! a ≥ 5 MB Chinese report built from the samples. The jieba dictionary is loaded once, before
//! measuring, as in the app. Target: ≥ 5 MB/s in a release build (`cargo bench --bench suggest`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gloss::annotation::Kind;
use gloss::suggest::{Engine, Glossary};
// The generator `gloss bench` uses; this benchmark needs only its report text.
#[allow(dead_code, unused_imports)]
#[path = "../src/cli/bench/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Duration;
use synthetic::synthetic_report;

const REPORT_BYTES: usize = 5 * 1000 * 1000;

fn whole_engine(c: &mut Criterion) {
    let text = synthetic_report(REPORT_BYTES);
    let engine = Engine::new(Glossary::default());
    // Loads the segmentation dictionary once per process.
    engine.suggest(&synthetic_report(10_000), &Kind::ALL);

    let mut group = c.benchmark_group("suggest");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("all kinds, 5 MB Chinese report", |b| {
        b.iter(|| engine.suggest(black_box(&text), &Kind::ALL))
    });
    for kind in Kind::ALL {
        group.bench_function(format!("{kind} only"), |b| {
            b.iter(|| engine.suggest(black_box(&text), &[kind]))
        });
    }
    group.finish();
}

criterion_group!(benches, whole_engine);
criterion_main!(benches);
