//! `gloss merge-driver` and `gloss git-setup`: sidecars that merge in git annotation by
//! annotation instead of line by line.

use anyhow::{Context as _, bail};
use gloss::store::Sidecar;
use gloss::store::merge3::merge3;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Arguments of `gloss merge-driver` (as git passes them: `%O %A %B %P`).
#[derive(Debug, clap::Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version.
    pub base: PathBuf,
    /// Our version; the merged sidecar is written here.
    pub ours: PathBuf,
    /// Their version.
    pub theirs: PathBuf,
    /// The sidecar's path in the repository, for messages.
    pub path: Option<String>,
}

/// Arguments of `gloss git-setup`.
#[derive(Debug, clap::Args)]
pub struct GitSetupArgs {
    /// A folder inside the repository (the current one by default).
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
}

/// How `gloss merge-driver` ends when the branches conflict: the process exits non-zero, so git
/// reports the file as conflicted; the merged sidecar holds every annotation of both sides.
#[derive(Debug, thiserror::Error)]
pub enum MergeConflict {
    /// Annotations changed differently on both branches.
    #[error(
        "{name}: {count} annotation(s) changed differently on both branches (or deleted on one and \
         changed on the other); both versions are kept, marked \"check\" — review them in Gloss, \
         then `git add` the file"
    )]
    Annotations {
        /// The sidecar.
        name: String,
        /// How many.
        count: usize,
    },
    /// The sides cannot be merged by annotation (ours is left in place).
    #[error("{name}: {reason}")]
    Whole {
        /// The sidecar.
        name: String,
        /// Why.
        reason: String,
    },
}

fn read(path: &Path, what: &str) -> anyhow::Result<Sidecar> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {what} version {}", path.display()))?;
    Ok(Sidecar::parse(&text, path)?)
}

/// Runs the merge driver: writes the merged sidecar over ours, or fails with [`MergeConflict`].
pub fn merge_driver(args: &MergeDriverArgs) -> anyhow::Result<()> {
    let name = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    let ours = read(&args.ours, "our")?;
    let theirs = read(&args.theirs, "their")?;
    // An empty ancestor: the sidecar did not exist there (added on both branches).
    let base = if std::fs::metadata(&args.base).is_ok_and(|m| m.len() > 0) {
        read(&args.base, "the common")?
    } else {
        Sidecar {
            annotations: Vec::new(),
            rejected: Vec::new(),
            relations: Vec::new(),
            ..ours.clone()
        }
    };
    let merged = merge3(&base, &ours, &theirs).map_err(|e| MergeConflict::Whole {
        name: name.clone(),
        reason: e.to_string(),
    })?;
    merged
        .sidecar
        .save(&args.ours)
        .with_context(|| format!("cannot write the merged {name}"))?;
    if merged.conflicts.is_empty() {
        Ok(())
    } else {
        Err(MergeConflict::Annotations {
            name,
            count: merged.conflicts.len(),
        }
        .into())
    }
}

fn git(repo: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .context("cannot run git: is it installed?")?;
    if !output.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The line `gloss git-setup` adds to `.gitattributes`.
pub const ATTRIBUTES_LINE: &str = "*.gloss.ron merge=gloss";

/// Runs `gloss git-setup`: registers the driver in the repository's config and the attribute in
/// its `.gitattributes` (each only once).
pub fn git_setup(args: &GitSetupArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let root = PathBuf::from(git(&args.repo, &["rev-parse", "--show-toplevel"])?);
    let exe = std::env::current_exe().context("cannot find the gloss executable")?;
    let driver = format!("'{}' merge-driver %O %A %B %P", exe.display());
    git(
        &root,
        &[
            "config",
            "merge.gloss.name",
            "Gloss sidecars, merged by annotation id",
        ],
    )?;
    git(&root, &["config", "merge.gloss.driver", &driver])?;
    let attributes = root.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", attributes.display())),
    };
    if existing.lines().any(|l| l.trim() == ATTRIBUTES_LINE) {
        writeln!(
            out,
            "{} already has {ATTRIBUTES_LINE}",
            attributes.display()
        )?;
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(ATTRIBUTES_LINE);
        text.push('\n');
        gloss::store::write_atomically(&attributes, text.as_bytes())
            .with_context(|| format!("cannot write {}", attributes.display()))?;
        writeln!(out, "added {ATTRIBUTES_LINE} to {}", attributes.display())?;
    }
    writeln!(
        out,
        "registered the merge driver in {}'s config: {driver}\n(commit .gitattributes; each clone runs `gloss git-setup` once, and again if gloss moves)",
        root.display()
    )?;
    Ok(())
}
