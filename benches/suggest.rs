//! Throughput of the whole suggestion engine (figures, entities with the base model, commitments)
//! over a 2 MB Chinese report built from the samples. The jieba dictionary and the model are
//! loaded once, before measuring, as in the app. Target: ≥ 40 000 chars/s in a release build
//! (`cargo bench --bench suggest`).

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

const REPORT_BYTES: usize = 2 * 1000 * 1000;

fn whole_engine(c: &mut Criterion) {
    let text = synthetic_report(REPORT_BYTES);
    let engine = Engine::new(Glossary::default());
    // Loads the segmentation dictionary once per process.
    engine.suggest(&synthetic_report(10_000), &Kind::ALL);

    let mut group = c.benchmark_group("suggest");
    // Elements are characters: criterion prints chars/s.
    group.throughput(Throughput::Elements(text.chars().count() as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("all kinds, 2 MB Chinese report", |b| {
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
