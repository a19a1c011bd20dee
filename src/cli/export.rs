//! `gloss export`: writes the annotations of reports (or of every report with a sidecar below a
//! folder) in one of the export formats, to a file, a folder or standard output.

use anyhow::{Context as _, bail};
use gloss::annotation::{Annotation, Kind};
use gloss::corpus::{commitments, entities};
use gloss::document::loader::LoadOptions;
use gloss::interchange::{self, ExportDoc, ExportOptions, Format};
use gloss::session::Session;
use gloss::store::reports::annotated_reports;
use gloss::suggest::review;
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};

/// Arguments of `gloss export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Reports to export; a folder stands for every report with a sidecar below it.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The format: csv, jsonl, w3c, brat, conll, qdpx, md or html.
    #[arg(long, value_parser = parse_format)]
    pub format: Format,
    /// Where to write: a file for csv, jsonl, conll, qdpx, md and html (several reports go into
    /// one file); a folder for brat and w3c (one file per report). Without it, a single output
    /// file is written to standard output.
    #[arg(long, value_name = "FILE_OR_DIR")]
    pub out: Option<PathBuf>,
    /// Which kinds to export, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "figure,entity,commitment"
    )]
    pub kinds: Vec<String>,
    /// Also export the suggestions Gloss would make (not rejected, not already annotated), with
    /// status "suggestion".
    #[arg(long)]
    pub include_suggestions: bool,
    /// CSV: begin with a UTF-8 byte order mark, so that Excel shows Chinese correctly.
    #[arg(long)]
    pub excel: bool,
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::parse(name).ok_or_else(|| {
        format!("unknown format {name:?}: use csv, jsonl, w3c, brat, conll, qdpx, md or html")
    })
}

pub(crate) fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if len < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// Runs `gloss export`. Output goes to `out` when no `--out` is given; warnings (what the format
/// cannot hold) and the summary line go to standard error.
pub fn run(args: ExportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut options = ExportOptions {
        kinds: super::parse_kinds(&args.kinds)?,
        include_suggestions: args.include_suggestions,
        excel_bom: args.excel,
        canonical: Default::default(),
        appendix: Vec::new(),
    };
    let reports = annotated_reports(&args.paths)?;
    let bar = progress_bar(reports.len());
    let mut sessions = Vec::new();
    for f in &reports {
        bar.set_message(f.rel_name.clone());
        let session = Session::open(&f.path, LoadOptions::default())
            .with_context(|| format!("cannot open {}", f.path.display()))?;
        interchange::check_sidecar(&session)?;
        sessions.push(session);
        bar.inc(1);
    }
    // Entities under their names across the reports exported, with the decisions of the
    // folder's glossary.
    let folder = args
        .paths
        .first()
        .map(|p| {
            if p.is_dir() {
                p.clone()
            } else {
                p.parent().map(Path::to_owned).unwrap_or_default()
            }
        })
        .unwrap_or_default();
    let named: Vec<(&str, &Session)> = reports
        .iter()
        .map(|f| f.rel_name.as_str())
        .zip(&sessions)
        .collect();
    // A report of a folder ends with the commitments tracked across its reports.
    if matches!(args.format, Format::Markdown | Format::Html)
        && args.paths.len() == 1
        && folder == args.paths[0]
    {
        let (tracks, problems) = commitments::of_folder(&folder)?;
        for p in problems {
            eprintln!("warning: not read: {p}");
        }
        if !tracks.is_empty() {
            options.appendix.push(commitments::report_table(&tracks));
        }
    }
    options.canonical = std::sync::Arc::new(entities::canonical_names_of(&named, &folder)?);
    let docs: Vec<ExportDoc<'_>> = sessions
        .iter()
        .zip(&reports)
        .map(|(s, f)| {
            let suggestions = if options.include_suggestions {
                pending_suggestions(s, &options.wanted_kinds())
            } else {
                Vec::new()
            };
            let mut d = ExportDoc::from_session(s, &options, &suggestions);
            d.rel_name = f.rel_name.clone();
            d
        })
        .collect();
    let rendered = interchange::render(&docs, args.format, &options)?;
    bar.finish_and_clear();
    for w in &rendered.warnings {
        eprintln!("warning: {w}");
    }
    let destination = match &args.out {
        Some(path) => {
            let protected: Vec<PathBuf> = sessions.iter().flat_map(Session::own_files).collect();
            let written = interchange::write_outputs(&rendered, args.format, path, &protected)?;
            match written.as_slice() {
                [one] => one.display().to_string(),
                _ => format!("{} files in {}", written.len(), path.display()),
            }
        }
        None => {
            let [file] = rendered.files.as_slice() else {
                bail!(
                    "{} writes {} files: give a folder with --out",
                    args.format,
                    rendered.files.len()
                );
            };
            if args.format.is_binary() && std::io::stdout().is_terminal() {
                bail!(
                    "{} is a binary (zip) format: give a file with --out",
                    args.format
                );
            }
            out.write_all(&file.bytes)?;
            out.flush()?;
            "standard output".to_owned()
        }
    };
    let not_held = if rendered.warnings.is_empty() {
        String::new()
    } else {
        format!(
            " ({} could not be represented in {}: see the warnings above)",
            rendered.warnings.len(),
            args.format
        )
    };
    eprintln!(
        "exported {} annotation(s) from {} report(s) as {} to {destination}{not_held}",
        rendered.records,
        reports.len(),
        args.format
    );
    Ok(())
}

/// The suggestions `gloss suggest` would print for this report (and the app would list), as
/// export records; files that could not be read for learning are reported as warnings.
fn pending_suggestions(session: &Session, kinds: &[Kind]) -> Vec<Annotation> {
    let (suggestions, problems) = review::pending_exports(session, kinds);
    for problem in &problems {
        eprintln!("warning: not read: {problem}");
    }
    suggestions
}
