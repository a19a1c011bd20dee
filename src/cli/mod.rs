//! The headless command line: `gloss text` and `gloss suggest`, sharing the library with the GUI.
//!
//! Output goes to the writer given, so tests can capture it; errors are `anyhow` errors that name
//! the file involved.

pub mod agree;
#[cfg(feature = "gui")]
pub mod bench;
pub mod check;
pub mod export;
pub mod git;
pub mod import;
pub mod search;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use gloss::annotation::Kind;
use gloss::document::loader::{self, LoadOptions};
use gloss::interchange::jsonl;
use gloss::session::Session;
use gloss::store::SidecarStatus;
use gloss::suggest::links as suggest_links;
use gloss::suggest::review;
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
    /// List the entities annotated across a folder of reports, each under its full name with the
    /// aliases it goes by (abbreviations, the place left out, other scripts) and its mentions per
    /// report.
    Entities {
        /// The folder (reports with sidecars below it are read).
        dir: PathBuf,
        /// One JSON object per entity and line: name, type, aliases, mentions, total.
        #[arg(long)]
        json: bool,
    },
    /// Follow the pledges of a folder of reports from plan to result: each target figure of a
    /// commitment with the figures later reports give for the same indicator, and a status
    /// (met, partly, missed, no-later-report; the user's decision when made).
    Commitments {
        /// The folder (reports with sidecars below it are read).
        dir: PathBuf,
        /// One JSON object per track and line.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// CSV (RFC 4180), one row per figure on a track.
        #[arg(long)]
        csv: bool,
    },
    /// How far two annotators agree: two sidecars of one report, or two folders of sidecars.
    /// Per kind and entity type: exact and overlap precision/recall/F1, Cohen's κ over
    /// characters, Krippendorff's αu, and agreement on attributes of the spans both marked.
    Agree(agree::AgreeArgs),
    /// Git's merge driver for sidecars (`gloss git-setup` registers it): merges BASE, OURS and
    /// THEIRS by annotation id into OURS; exits non-zero when annotations conflict (both versions
    /// are then kept, marked for review).
    MergeDriver(git::MergeDriverArgs),
    /// Register `gloss merge-driver` for `*.gloss.ron` in this git repository (its config and
    /// `.gitattributes`).
    GitSetup(git::GitSetupArgs),
    /// Build or update the search index of a folder of reports (kept in the user's cache folder)
    /// and print how many reports and annotations it holds.
    Index(search::IndexArgs),
    /// Search a folder of reports: words (any Chinese substring; traditional and full-width forms
    /// match) and conditions on annotations such as `kind:figure unit:元 value>=1亿`,
    /// `kind:entity type:org`, `kind:commitment actor:市工信局 deadline<=2025`. Updates the index
    /// first.
    Search(search::SearchArgs),
}

/// Runs a headless command, writing its output to `out`.
pub fn run(command: CliCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        CliCommand::Check(args) => check::run(&args, out),
        CliCommand::Text { file, encoding } => text(&file, encoding.as_deref(), out),
        #[cfg(feature = "gui")]
        CliCommand::Bench(args) => bench::run(args, out),
        CliCommand::Suggest { file, kinds } => suggest(&file, &parse_kinds(&kinds)?, out),
        CliCommand::Export(args) => export::run(args, out),
        CliCommand::Import(args) => import::run(args, out),
        CliCommand::Entities { dir, json } => entities(&dir, json, out),
        CliCommand::Commitments { dir, json, csv } => commitments(&dir, json, csv, out),
        CliCommand::Index(args) => search::index(&args, out),
        CliCommand::MergeDriver(args) => git::merge_driver(&args),
        CliCommand::Agree(args) => agree::run(&args, out),
        CliCommand::GitSetup(args) => git::git_setup(&args, out),
        CliCommand::Search(args) => search::search(&args, out),
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

fn entities(dir: &Path, json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    for e in gloss::corpus::entities::of_folder(dir)? {
        if json {
            let aliases: Vec<serde_json::Value> = e
                .aliases
                .iter()
                .map(|a| serde_json::json!({"name": a.name, "reason": a.reason}))
                .collect();
            let line = serde_json::json!({
                "name": e.name,
                "type": e.entity_type.as_str(),
                "aliases": aliases,
                "mentions": e.mentions,
                "total": e.total,
            });
            writeln!(out, "{line}")?;
        } else {
            let aliases: Vec<&str> = e.aliases.iter().map(|a| a.name.as_str()).collect();
            let also = if aliases.is_empty() {
                String::new()
            } else {
                format!(" (also {})", aliases.join(", "))
            };
            let docs = e.mentions.len();
            writeln!(
                out,
                "{} [{}]{also}: {} mention(s) in {docs} report(s)",
                e.name,
                e.entity_type.as_str(),
                e.total
            )?;
        }
    }
    Ok(())
}

fn commitments(dir: &Path, json: bool, csv: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let (tracks, problems) = gloss::corpus::commitments::of_folder(dir)?;
    for problem in &problems {
        eprintln!("warning: not read: {problem}");
    }
    if csv {
        out.write_all(&gloss::corpus::commitments::to_csv(&tracks)?)?;
        return Ok(());
    }
    for t in &tracks {
        if json {
            writeln!(out, "{}", serde_json::to_string(t)?)?;
            continue;
        }
        let actor = if t.actor.is_empty() { "?" } else { &t.actor };
        let confirmed = if t.confirmed.is_some() {
            ""
        } else {
            " (proposed)"
        };
        writeln!(
            out,
            "{} {} [{}], by {}: {}{confirmed}",
            actor,
            t.indicator,
            t.unit,
            if t.deadline.is_empty() {
                "?"
            } else {
                &t.deadline
            },
            t.status().as_str()
        )?;
        for m in &t.members {
            let role = match m.role {
                gloss::corpus::commitments::Role::Pledge => "pledged",
                gloss::corpus::commitments::Role::Result => "reported",
            };
            writeln!(
                out,
                "  {} {role} {} ({})",
                m.date.as_deref().unwrap_or("undated"),
                m.text,
                m.doc
            )?;
        }
    }
    Ok(())
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
    // The same suggestions the app lists: not rejected, not duplicating an annotation.
    let review = review::pending_for(&session, kinds);
    for problem in &review.problems {
        eprintln!("warning: not read: {problem}");
    }
    let doc = &session.doc;
    // What a suggested commitment can link to: the other suggestions and the annotations, by
    // start (a commitment looks only at those within reach).
    let mut spans: Vec<(usize, usize, Kind)> = review
        .found
        .iter()
        .map(|s| (s.start, s.end, s.kind()))
        .chain(
            session
                .annotations()
                .iter()
                .filter(|a| a.is_placed())
                .map(|a| (a.start, a.end, a.kind())),
        )
        .collect();
    spans.sort_unstable_by_key(|&(s, e, k)| (s, e, k.index()));
    for s in &review.found {
        let text = doc.slice(s.start, s.end);
        // The gold fields, then what proposed the suggestion and how sure it is.
        let mut v = jsonl::gold_json(&doc.source.file_name, s.start, s.end, text, &s.label);
        v["source"] = s.source.as_str().into();
        v["score"] = serde_json::json!((f64::from(s.confidence) * 1000.0).round() / 1000.0);
        if s.kind() == Kind::Commitment {
            // Its actor and target, as links to the spans they name.
            let from =
                spans.partition_point(|&(start, _, _)| start + suggest_links::REACH < s.start);
            let to = spans.partition_point(|&(start, _, _)| start <= s.end + suggest_links::REACH);
            let candidates =
                spans[from..to]
                    .iter()
                    .map(|&(start, end, kind)| suggest_links::Candidate {
                        span: (start, end),
                        kind,
                        quote: doc.slice(start, end),
                    });
            let links: Vec<serde_json::Value> =
                suggest_links::for_commitment(&s.label, s.start..s.end, candidates)
                    .into_iter()
                    .map(|l| {
                        serde_json::json!({
                            "type": l.kind.as_str(),
                            "start": l.span.0,
                            "end": l.span.1,
                            "text": doc.slice(l.span.0, l.span.1),
                        })
                    })
                    .collect();
            v["links"] = links.into();
        }
        writeln!(out, "{}", jsonl::ordered_line(&v))?;
    }
    Ok(())
}
