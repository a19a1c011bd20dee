//! The headless command line: `gloss text` and `gloss suggest`, sharing the library with the GUI.
//!
//! Output goes to the writer given, so tests can capture it; errors are `anyhow` errors that name
//! the file involved.

#[cfg(feature = "gui")]
pub mod bench;
pub mod check;
pub mod export;
pub mod import;

use crate::loader::{self, LoadOptions};
use crate::model::{Kind, Label};
use crate::review;
use crate::session::Session;
use crate::sidecar::SidecarStatus;
use crate::suggest::Engine;
use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Gloss: annotate figures, entities and commitments in policy reports.
#[derive(Debug, Parser)]
#[command(name = "gloss", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// The report to open in the window.
    pub file: Option<PathBuf>,
    /// Open the window, render a few frames, save a screenshot of it to this PNG file and exit.
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,
    /// A headless command.
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Re-anchor FILE's sidecar against FILE and print how many annotations were kept, moved,
    /// need checking or are orphaned; with --fix, write the re-anchored sidecar. Exits non-zero
    /// when annotations remain orphaned.
    Check(check::CheckArgs),
    /// Print the document text that annotation offsets refer to (UTF-8).
    Text {
        /// The report.
        file: PathBuf,
        /// Decode with this encoding instead of detecting it (e.g. GB18030, Big5, UTF-16LE).
        #[arg(long)]
        encoding: Option<String>,
    },
    /// Measure open, frame, tag-to-highlight, sidecar, suggestion and memory performance.
    #[cfg(feature = "gui")]
    Bench(bench::BenchArgs),
    /// Print suggested annotations as JSON Lines (the gold format of the evaluation set).
    Suggest {
        /// The report.
        file: PathBuf,
        /// Which kinds to suggest, comma-separated.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "figure,entity,commitment"
        )]
        kinds: Vec<String>,
    },
    /// Export annotations to CSV, JSON Lines, W3C Web Annotation, brat, CoNLL, REFI-QDA or a
    /// Markdown/HTML report.
    Export(export::ExportArgs),
    /// Merge annotations from another tool (JSON Lines, brat, W3C) into a report's sidecar.
    Import(import::ImportArgs),
}

/// Runs a headless command, writing its output to `out`.
pub fn run(command: CliCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        CliCommand::Check(args) => {
            let outcome = check::run(&args, out)?;
            if outcome.report.orphaned > 0 {
                return Err(check::OrphansRemain {
                    sidecar: outcome.sidecar,
                    orphaned: outcome.report.orphaned,
                }
                .into());
            }
            Ok(())
        }
        CliCommand::Text { file, encoding } => text(&file, encoding.as_deref(), out),
        #[cfg(feature = "gui")]
        CliCommand::Bench(args) => bench::run(args, out),
        CliCommand::Suggest { file, kinds } => suggest(&file, &parse_kinds(&kinds)?, out),
        CliCommand::Export(args) => export::run(args, out),
        CliCommand::Import(args) => import::run(args, out),
    }
}

fn load_options(encoding: Option<&str>) -> anyhow::Result<LoadOptions> {
    let encoding = match encoding {
        None => None,
        Some(name) => Some(
            encoding_rs::Encoding::for_label(name.as_bytes())
                .with_context(|| format!("unknown encoding {name:?}"))?,
        ),
    };
    Ok(LoadOptions { encoding })
}

fn text(file: &Path, encoding: Option<&str>, out: &mut dyn Write) -> anyhow::Result<()> {
    let doc = loader::load(file, load_options(encoding)?)?;
    out.write_all(doc.text().as_bytes())?;
    Ok(())
}

/// Parses `figure,entity` into kinds.
pub fn parse_kinds(names: &[String]) -> anyhow::Result<Vec<Kind>> {
    let mut kinds = Vec::new();
    for name in names {
        match Kind::parse(name) {
            Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
            Some(_) => {}
            None => bail!("unknown kind {name:?}: use figure, entity or commitment"),
        }
    }
    Ok(kinds)
}

fn suggest(file: &Path, kinds: &[Kind], out: &mut dyn Write) -> anyhow::Result<()> {
    let session = Session::open(file, LoadOptions::default())?;
    if let SidecarStatus::Unreadable(e) = session.sidecar_status() {
        eprintln!("warning: {e}");
    }
    let teaching = review::teaching_for(Some(file), session.annotations());
    for problem in &teaching.problems {
        eprintln!("warning: not read: {problem}");
    }
    let engine = Engine::new(teaching.glossary);
    let found = engine.suggest(session.doc.text(), kinds);
    // The same suggestions the app would show: not rejected, not duplicating an annotation.
    let doc = &session.doc;
    for s in review::pending(&found, session.annotations(), session.rejected()) {
        let line = gold_json(
            &doc.source.file_name,
            s.start,
            s.end,
            doc.slice(s.start, s.end),
            &s.label,
        );
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// One annotation in the gold JSONL format: doc, kind, start, end, text and the kind's attributes
/// (`type`; `value`, `unit`; `actor`, `deadline`, `target`), empty attributes as null.
pub fn gold_json(
    doc: &str,
    start: usize,
    end: usize,
    text: &str,
    label: &Label,
) -> serde_json::Value {
    let mut v = serde_json::json!({
        "doc": doc,
        "kind": label.kind().as_str(),
        "start": start,
        "end": end,
        "text": text,
    });
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    match label {
        Label::Figure { value, unit } => {
            v["value"] = serde_json::json!(value);
            v["unit"] = serde_json::json!(non_empty(unit));
        }
        Label::Entity { entity_type } => v["type"] = serde_json::json!(entity_type.as_str()),
        Label::Commitment {
            actor,
            deadline,
            target,
        } => {
            v["actor"] = serde_json::json!(non_empty(actor));
            v["deadline"] = serde_json::json!(non_empty(deadline));
            v["target"] = serde_json::json!(non_empty(target));
        }
    }
    v
}
