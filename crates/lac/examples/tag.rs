//! Prints the model's reading of each line on standard input: `word/TAG(confidence)`.
//!
//!     echo 联合国秘书长安南20日发表讲话。 | cargo run -p gloss-lac --example tag

use std::io::BufRead;

fn main() {
    let lac = gloss_lac::Lac::from_bytes(include_bytes!("../../../assets/lac/lac.bin"))
        .expect("the bundled model");
    for line in std::io::stdin().lock().lines() {
        let chars: Vec<char> = line.expect("standard input").chars().collect();
        let tags = lac.tag_text(&chars, 1);
        let words: Vec<String> = gloss_lac::spans(&tags)
            .iter()
            .map(|s| {
                let word: String = chars[s.start..s.end].iter().collect();
                format!("{word}/{}({:.2})", lac.class_name(s.class), s.confidence)
            })
            .collect();
        println!("{}", words.join(" "));
    }
}
