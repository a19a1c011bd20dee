//! `gloss import`: merges annotations from a JSONL, brat or W3C file into a report's sidecar.

use anyhow::{Context as _, bail};
use gloss::annotation::Label;
use gloss::document::loader::LoadOptions;
use gloss::interchange::import::{self, ImportFormat, ImportOptions};
use gloss::session::Session;
use gloss::store::SidecarStatus;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `gloss import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The report whose sidecar receives the annotations.
    pub file: PathBuf,
    /// The format of SRC: jsonl, brat or w3c.
    #[arg(long, value_parser = parse_format)]
    pub from: ImportFormat,
    /// The file to import (for brat, the .ann file or the .txt beside it).
    pub src: PathBuf,
    /// Report what would be imported without changing the sidecar.
    #[arg(long)]
    pub dry_run: bool,
    /// Map the file's types to Gloss labels: `TYPE=kind[:type],…` (`Protein=entity:work,
    /// Money=figure`). Common NER labels (PER, LOC, GPE, ORG, MISC…) are mapped already.
    #[arg(long, value_name = "TYPE=KIND[:TYPE],…")]
    pub map: Vec<String>,
    /// Import records of types nothing maps (and W3C annotations without a tag) as this label
    /// (`entity:place`, `figure`…) instead of skipping them.
    #[arg(long, value_name = "KIND[:TYPE]", value_parser = import::parse_label)]
    pub kind: Option<Label>,
    /// Refuse the whole file if any record's type maps to no Gloss label.
    #[arg(long, conflicts_with = "kind")]
    pub strict: bool,
}

fn parse_format(name: &str) -> Result<ImportFormat, String> {
    ImportFormat::parse(name)
        .ok_or_else(|| format!("unknown format {name:?}: use jsonl, brat or w3c"))
}

/// Runs `gloss import`: the summary goes to `out`, annotations kept as orphans are listed on
/// standard error. Fails (and changes nothing) when the source cannot be read or any record in
/// it is malformed; succeeds when every record was imported, moved to its text, kept as an
/// orphan or left out as a duplicate.
pub fn run(args: ImportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut session = Session::open(&args.file, LoadOptions::default())
        .with_context(|| format!("cannot open {}", args.file.display()))?;
    if let SidecarStatus::Unreadable(e) = session.sidecar_status() {
        bail!("{e}");
    }
    let mut options = ImportOptions {
        unmapped: args.kind.clone(),
        strict: args.strict,
        ..ImportOptions::default()
    };
    for spec in &args.map {
        options
            .add_mappings(spec)
            .map_err(|e| anyhow::anyhow!("--map {spec}: {e}"))?;
    }
    let report = import::import_into(&mut session, args.from, &args.src, &options)?;
    if let Some(name) = &report.renamed_from {
        eprintln!(
            "note: {} names the document {name:?}; its annotations were taken for {}",
            args.src.display(),
            session.doc.source.file_name
        );
    }
    for (id, text) in &report.orphaned {
        eprintln!(
            "warning: annotation {id} ({text:?}) does not fit the text of {}; kept as an orphan",
            args.file.display()
        );
    }
    for (id, text, why) in &report.to_check {
        eprintln!("warning: annotation {id} ({text:?}) is marked for checking: {why}");
    }
    let saved = if args.dry_run || !session.is_dirty() {
        "sidecar unchanged".to_owned()
    } else {
        let path = session.save()?;
        format!("saved {}", path.display())
    };
    writeln!(out, "{}: {report}; {saved}", args.src.display())?;
    Ok(())
}
