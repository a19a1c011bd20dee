//! `gloss agree A B`: agreement between two annotators' sidecars of the same reports.

use anyhow::{Context as _, bail};
use gloss::annotation::Annotation;
use gloss::corpus::agreement::{Agreement, Pair, agree};
use gloss::document::loader::{LoadOptions, load};
use gloss::store::{SUFFIX, Sidecar};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `gloss agree`.
#[derive(Debug, clap::Args)]
pub struct AgreeArgs {
    /// A's sidecar (`report.txt.gloss.ron`), or a folder of A's sidecars.
    pub a: PathBuf,
    /// B's sidecar of the same report, or a folder of B's sidecars (matched to A's by path).
    pub b: PathBuf,
    /// One JSON object keyed by category (`figure`, `entity`, `commitment`, `entity:org`, …).
    #[arg(long)]
    pub json: bool,
}

/// The sidecars below `folder`, by path relative to it.
fn sidecars_below(folder: &Path, root: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .with_context(|| format!("cannot read {}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            sidecars_below(&path, root, out)?;
        } else if name.ends_with(SUFFIX) {
            out.push(path.strip_prefix(root).unwrap_or(&path).to_owned());
        }
    }
    Ok(())
}

/// The report's length in characters, from the report beside either sidecar (0 when neither is
/// there: the continuum then ends at the last annotation).
fn report_len(sidecars: [&Path; 2]) -> usize {
    sidecars
        .iter()
        .filter_map(|s| {
            let name = s.file_name()?.to_string_lossy().into_owned();
            let report = s.with_file_name(name.strip_suffix(SUFFIX)?);
            load(&report, LoadOptions::default()).ok()
        })
        .map(|d| d.char_len())
        .next()
        .unwrap_or(0)
}

fn read(path: &Path) -> anyhow::Result<Vec<Annotation>> {
    match Sidecar::load(path)? {
        Some(s) => Ok(s.annotations),
        None => bail!("{} does not exist", path.display()),
    }
}

/// Runs `gloss agree`.
pub fn run(args: &AgreeArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    match (args.a.is_dir(), args.b.is_dir()) {
        (true, true) => {
            let mut names = Vec::new();
            sidecars_below(&args.a, &args.a, &mut names)?;
            for name in names {
                let b = args.b.join(&name);
                if b.is_file() {
                    files.push((args.a.join(&name), b));
                } else {
                    eprintln!(
                        "warning: {} has no counterpart in {}",
                        name.display(),
                        args.b.display()
                    );
                }
            }
            if files.is_empty() {
                bail!(
                    "no sidecar of {} has a counterpart in {}",
                    args.a.display(),
                    args.b.display()
                );
            }
        }
        (false, false) => files.push((args.a.clone(), args.b.clone())),
        _ => bail!("give two sidecars, or two folders of sidecars"),
    }
    let mut loaded = Vec::new();
    for (a, b) in &files {
        loaded.push((report_len([a, b]), read(a)?, read(b)?));
    }
    let pairs: Vec<Pair<'_>> = loaded
        .iter()
        .map(|(len, a, b)| Pair { len: *len, a, b })
        .collect();
    let result = agree(&pairs);
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&json(&result))?)?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<18} {:>5} {:>5}  {:>17}  {:>17}  {:>6} {:>6}  attributes",
        "category", "A", "B", "exact P/R/F1", "overlap P/R/F1", "κ", "αu"
    )?;
    for (name, g) in &result {
        if g.a + g.b == 0 {
            continue;
        }
        let prf = |x: &gloss::corpus::agreement::Prf| format!("{:.2}/{:.2}/{:.2}", x.p, x.r, x.f1);
        let attrs: Vec<String> = g
            .attributes
            .iter()
            .map(|(n, (agree, of))| format!("{n} {agree}/{of}"))
            .collect();
        writeln!(
            out,
            "{name:<18} {:>5} {:>5}  {:>17}  {:>17}  {:>6.3} {:>6.3}  {}",
            g.a,
            g.b,
            prf(&g.exact),
            prf(&g.overlap),
            g.kappa,
            g.alpha_u,
            attrs.join(", ")
        )?;
    }
    Ok(())
}

/// The JSON form: per category `a`, `b`, `exact` and `overlap` (`p`, `r`, `f1`), `kappa`,
/// `alpha_u`, and `attributes` (`{name: {agree, of, share}}`).
fn json(result: &std::collections::BTreeMap<String, Agreement>) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (name, g) in result {
        let attributes: serde_json::Map<String, serde_json::Value> = g
            .attributes
            .iter()
            .map(|(n, (agree, of))| {
                let share = if *of == 0 {
                    1.0
                } else {
                    *agree as f64 / *of as f64
                };
                (
                    n.clone(),
                    serde_json::json!({"agree": agree, "of": of, "share": share}),
                )
            })
            .collect();
        map.insert(
            name.clone(),
            serde_json::json!({
                "a": g.a,
                "b": g.b,
                "exact": g.exact,
                "overlap": g.overlap,
                "kappa": g.kappa,
                "alpha_u": g.alpha_u,
                "attributes": attributes,
            }),
        );
    }
    serde_json::Value::Object(map)
}
