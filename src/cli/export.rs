//! `gloss export`: writes the annotations of reports (or of every report with a sidecar below a
//! folder) in one of the export formats, to a file, a folder or standard output.

use crate::export::{self, ExportDoc, ExportOptions, Format};
use crate::loader::LoadOptions;
use crate::session::Session;
use crate::sidecar::Sidecar;
use crate::suggest::Engine;
use anyhow::{Context as _, bail};
use std::collections::HashSet;
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

/// A report to export and its name relative to the folder it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The report.
    pub path: PathBuf,
    /// Its name in the output (`sub/plan.txt` below a folder, the file name otherwise).
    pub rel_name: String,
}

/// The reports that `paths` stand for: files as given, and for each folder every file below it
/// (sorted, hidden entries and symbolic links to folders skipped) that has a sidecar beside it.
pub fn collect_reports(paths: &[PathBuf]) -> anyhow::Result<Vec<Found>> {
    let mut found = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if meta.is_dir() {
            let before = found.len();
            walk(path, path, &mut found)?;
            if found.len() == before {
                bail!(
                    "no report with a sidecar (*{}) below {}",
                    crate::sidecar::SUFFIX,
                    path.display()
                );
            }
        } else {
            found.push(Found {
                path: path.clone(),
                rel_name: file_name(path),
            });
        }
    }
    // Names must be unique: they name output files and REFI-QDA sources.
    let mut used = HashSet::new();
    for f in &mut found {
        let mut name = f.rel_name.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{} ({n})", f.rel_name);
            n += 1;
        }
        f.rel_name = name;
    }
    Ok(found)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<Found>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = file_name(&path);
        if name.starts_with('.') {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(root, &path, found)?;
        } else if !name.ends_with(crate::sidecar::SUFFIX) && Sidecar::path_for(&path).is_file() {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel_name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            found.push(Found { path, rel_name });
        }
    }
    Ok(())
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
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
    let options = ExportOptions {
        kinds: super::parse_kinds(&args.kinds)?,
        include_suggestions: args.include_suggestions,
        excel_bom: args.excel,
    };
    let reports = collect_reports(&args.paths)?;
    let bar = progress_bar(reports.len());
    let mut sessions = Vec::new();
    for f in &reports {
        bar.set_message(f.rel_name.clone());
        let session = Session::open(&f.path, LoadOptions::default())
            .with_context(|| format!("cannot open {}", f.path.display()))?;
        export::check_sidecar(&session)?;
        sessions.push(session);
        bar.inc(1);
    }
    let engine = options.include_suggestions.then(Engine::default);
    let docs: Vec<ExportDoc<'_>> = sessions
        .iter()
        .zip(&reports)
        .map(|(s, f)| {
            let mut d = ExportDoc::from_session(s, &options, engine.as_ref());
            d.rel_name = f.rel_name.clone();
            d
        })
        .collect();
    let rendered = export::render(&docs, args.format, &options)?;
    bar.finish_and_clear();
    for w in &rendered.warnings {
        eprintln!("warning: {w}");
    }
    let destination = match &args.out {
        Some(path) => {
            let mut protected = Vec::new();
            for s in &sessions {
                protected.extend(s.doc.path.clone());
                protected.extend(s.sidecar_path().map(Path::to_owned));
            }
            let written = export::write_outputs(&rendered, args.format, path, &protected)?;
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
