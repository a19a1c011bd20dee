//! `gloss check FILE [--fix]`: re-anchors a report's sidecar against the report headlessly
//! ([`gloss::session::check::check_sidecar`]) and prints how many annotations were kept, moved,
//! need checking or are orphaned, then lists those that are not simply kept. With `--fix` the
//! re-anchored sidecar is written back atomically. When orphans remain, [`run`] fails with
//! [`OrphansRemain`] so the process exits non-zero.

use gloss::session::check::{CheckOutcome, check_sidecar};
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

/// The error `gloss check` ends with when annotations remain orphaned.
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

/// Checks (and with `--fix` rewrites) the sidecar of `args.file`, printing what was found.
pub fn run(args: &CheckArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let outcome = check_sidecar(&args.file, args.fix)?;
    print(&outcome, args.fix, out)?;
    if outcome.report.orphaned > 0 {
        return Err(OrphansRemain {
            sidecar: outcome.sidecar,
            orphaned: outcome.report.orphaned,
        }
        .into());
    }
    Ok(())
}

fn print(outcome: &CheckOutcome, fix: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let path = outcome.sidecar.display();
    if !outcome.found {
        return writeln!(out, "{path}: no sidecar, nothing to check");
    }
    let report = &outcome.report;
    let stale = if outcome.stale {
        " (the report changed since the sidecar was saved)"
    } else {
        ""
    };
    writeln!(out, "{path}: {} annotations{stale}", report.total())?;
    writeln!(out, "kept      {}", report.exact)?;
    writeln!(out, "moved     {}", report.moved)?;
    writeln!(out, "check     {}", report.check)?;
    writeln!(out, "orphaned  {}", report.orphaned)?;
    for repair in &outcome.repairs {
        writeln!(out, "repaired  {repair}")?;
    }
    for a in &outcome.unsettled {
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
    match (fix, outcome.written) {
        (true, true) => writeln!(out, "wrote {path}"),
        (true, false) => writeln!(out, "{path} is up to date, not rewritten"),
        (false, _) => Ok(()),
    }
}
