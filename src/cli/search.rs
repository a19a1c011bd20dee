//! `gloss index` and `gloss search`: the workspace search index from the command line.

use gloss::corpus::search::{Hit, SearchIndex, UpdateReport};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `gloss index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// The folder of reports (sub-folders included, hidden entries skipped).
    pub dir: PathBuf,
}

/// Arguments of `gloss search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The folder of reports.
    pub dir: PathBuf,
    /// What to find (quote it in the shell when it has spaces).
    pub query: String,
    /// One JSON object per hit: doc, start, end, text, context, section, and kind and id when the
    /// hit is an annotation.
    #[arg(long)]
    pub json: bool,
    /// At most this many hits.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

/// Opens the folder's index and brings it up to date, with a progress bar on a terminal.
/// Reports and sidecars that cannot be read are for `gloss index` to list.
fn updated(dir: &Path) -> anyhow::Result<(SearchIndex, UpdateReport)> {
    anyhow::ensure!(dir.is_dir(), "{} is not a folder", dir.display());
    let mut index = SearchIndex::open(dir)?;
    let bar = super::export::progress_bar(2);
    let report = index.update(&|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    Ok((index, report))
}

/// Runs `gloss index`.
pub fn index(args: &IndexArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let (_, r) = updated(&args.dir)?;
    for problem in &r.problems {
        eprintln!("warning: {problem}");
    }
    writeln!(
        out,
        "{} report(s), {} annotation(s) indexed; {} read again, {} removed{}{}",
        r.documents,
        r.annotations,
        r.indexed,
        r.removed,
        if r.rebuilt { " (index built anew)" } else { "" },
        match r.problems.len() {
            0 => String::new(),
            n => format!("; {n} file(s) could not be read (see the warnings)"),
        }
    )?;
    Ok(())
}

/// Runs `gloss search`.
pub fn search(args: &SearchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let (index, _) = updated(&args.dir)?;
    let hits = index.search(&args.query, args.limit)?;
    let mut last_doc: Option<&str> = None;
    for hit in &hits {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(hit)?)?;
            continue;
        }
        if last_doc != Some(hit.doc.as_str()) {
            writeln!(out, "{}", hit.doc)?;
            last_doc = Some(&hit.doc);
        }
        writeln!(out, "  {}", readable(hit))?;
    }
    if !args.json && hits.is_empty() {
        writeln!(out, "no hits")?;
    }
    Ok(())
}

fn readable(hit: &Hit) -> String {
    let place = if hit.section.is_empty() {
        format!("{}–{}", hit.start, hit.end)
    } else {
        format!("{}–{} {}", hit.start, hit.end, hit.section)
    };
    match hit.kind {
        Some(kind) => format!("{place}  [{kind}] {}", hit.text),
        None => format!("{place}  {}", hit.context),
    }
}
