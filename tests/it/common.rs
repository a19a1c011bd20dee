//! Helpers shared by the test modules.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The code point range of the `nth` occurrence (from 0) of `quote` in `text`.
pub fn find(text: &str, quote: &str, nth: usize) -> (usize, usize) {
    let byte = text
        .match_indices(quote)
        .nth(nth)
        .unwrap_or_else(|| panic!("{quote:?} not in text"))
        .0;
    let start = text[..byte].chars().count();
    (start, start + quote.chars().count())
}

/// Copies `sample_docs/NAME` into `dir` (away from any sidecar or glossary beside the original).
pub fn copy_sample(dir: &Path, name: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_docs")
        .join(name);
    let to = dir.join(name);
    std::fs::copy(from, &to).expect("copy sample");
    to
}

/// What running the `gloss` binary printed.
pub struct Run {
    /// Standard output (UTF-8).
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Whether it exited with success.
    pub ok: bool,
}

/// Runs the built `gloss` binary with `args`, as a user would, from the project folder.
#[cfg(feature = "gui")]
pub fn gloss(args: &[&str]) -> Run {
    gloss_with(args, &[])
}

/// [`gloss`] with environment variables set (a cache folder of the test's own, say).
#[cfg(feature = "gui")]
pub fn gloss_with(args: &[&str], env: &[(&str, &Path)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run gloss");
    Run {
        stdout: String::from_utf8(out.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        ok: out.status.success(),
    }
}
