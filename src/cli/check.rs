//! `gloss check FILE [--fix]`: re-anchors a report's sidecar against the report headlessly, as
//! opening it in the window would, and prints how many annotations were kept, moved, need
//! checking or are orphaned, then lists those that are not simply kept. With `--fix` the
//! re-anchored sidecar (new positions, anchor states, the report's new fingerprint, repaired
//! duplicate ids) is written back atomically. Orphans are never removed; when any remain,
//! [`run`]'s caller gets an [`OrphansRemain`] error so the process can exit non-zero.

use crate::anchor::{self, AnchorReport, AnchorState};
use crate::annotation_set::AnnotationSet;
use crate::loader::{self, LoadOptions};
use crate::sidecar::{DiskFingerprint, Repair, Sidecar};
use anyhow::{Context as _, bail};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `gloss check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The report whose sidecar (`FILE.gloss.ron`) is checked.
    pub file: PathBuf,
    /// Write the re-anchored sidecar back (atomically). Orphans are kept in it.
    #[arg(long)]
    pub fix: bool,
}

/// What `gloss check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOutcome {
    /// The sidecar checked.
    pub sidecar: PathBuf,
    /// Whether there was a sidecar at all.
    pub found: bool,
    /// How the annotations were anchored.
    pub report: AnchorReport,
    /// What was repaired while reading (duplicate ids).
    pub repairs: Vec<Repair>,
    /// Whether `--fix` wrote the sidecar (it is not rewritten when nothing changed).
    pub written: bool,
}

/// Returned by [`check`](crate::cli::run) when annotations remain orphaned, so that the binary
/// can exit with a non-zero status (downcast the `anyhow::Error` to this type).
#[derive(Debug, thiserror::Error)]
#[error(
    "{orphaned} annotation(s) in {} are orphaned: their text is no longer in the report. They are kept; re-attach them in Gloss",
    sidecar.display()
)]
pub struct OrphansRemain {
    /// The sidecar.
    pub sidecar: PathBuf,
    /// How many annotations are orphaned.
    pub orphaned: usize,
}

/// Checks (and with `--fix` rewrites) the sidecar of `args.file`, printing counts and the
/// annotations that moved, need checking or are orphaned to `out`.
pub fn run(args: &CheckArgs, out: &mut dyn Write) -> anyhow::Result<CheckOutcome> {
    let doc = loader::load(&args.file, LoadOptions::default())?;
    let path = Sidecar::path_for(&args.file);
    let Some((original, fingerprint)) = Sidecar::read(&path)? else {
        writeln!(out, "{}: no sidecar, nothing to check", path.display())?;
        return Ok(CheckOutcome {
            sidecar: path,
            found: false,
            report: AnchorReport::default(),
            repairs: Vec::new(),
            written: false,
        });
    };
    let mut sidecar = original.clone();
    let repairs = sidecar.repair();
    let report = anchor::resolve(&doc, &mut sidecar.annotations);
    let stale = sidecar.source != doc.source;
    writeln!(
        out,
        "{}: {} annotations{}",
        path.display(),
        report.total(),
        if stale {
            " (the report changed since the sidecar was saved)"
        } else {
            ""
        }
    )?;
    writeln!(out, "kept      {}", report.exact)?;
    writeln!(out, "moved     {}", report.moved)?;
    writeln!(out, "check     {}", report.check)?;
    writeln!(out, "orphaned  {}", report.orphaned)?;
    for repair in &repairs {
        writeln!(out, "repaired  {repair}")?;
    }
    for a in &sidecar.annotations {
        if a.anchor == AnchorState::Exact {
            continue;
        }
        let place = if a.is_placed() {
            format!("{}..{}", a.start, a.end)
        } else {
            "-".to_owned()
        };
        writeln!(
            out,
            "{:<9} {} {place} {:?}",
            a.anchor.as_str(),
            a.id,
            a.quote
        )?;
    }

    let mut written = false;
    if args.fix {
        sidecar.source = doc.source.clone();
        sidecar.annotations = AnnotationSet::from_vec(sidecar.annotations).to_vec();
        if sidecar != original {
            // Never overwrite a version another program wrote while we were checking.
            if DiskFingerprint::of_file(&path)? != Some(fingerprint) {
                bail!(
                    "{} changed while it was being checked; run gloss check again",
                    path.display()
                );
            }
            sidecar
                .save(&path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            written = true;
            writeln!(out, "wrote {}", path.display())?;
        } else {
            writeln!(out, "{} is up to date, not rewritten", path.display())?;
        }
    }
    Ok(CheckOutcome {
        sidecar: path,
        found: true,
        report,
        repairs,
        written,
    })
}
