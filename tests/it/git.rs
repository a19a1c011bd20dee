//! Sidecars that merge in git: real `git merge` runs between branches that add, edit and delete
//! annotations, with `gloss git-setup` registering `gloss merge-driver`.

use crate::common::gloss;
use gloss::annotation::{AnchorState, Annotation, AnnotationId, EntityType, Label};
use gloss::document::loader::{LoadOptions, load};
use gloss::store::Sidecar;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn git(repo: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .expect("git runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn ok(repo: &Path, args: &[&str]) {
    let (success, text) = git(repo, args);
    assert!(success, "git {args:?}: {text}");
}

struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    report: PathBuf,
}

impl Repo {
    fn sidecar(&self) -> Sidecar {
        Sidecar::load(&Sidecar::path_for(&self.report))
            .unwrap()
            .unwrap()
    }

    fn save(&self, s: &Sidecar) {
        s.save(&Sidecar::path_for(&self.report)).unwrap();
    }

    /// Changes the sidecar with `change` and commits it on the current branch.
    fn commit(&self, message: &str, change: impl FnOnce(&mut Vec<Annotation>)) {
        let mut s = self.sidecar();
        change(&mut s.annotations);
        self.save(&s);
        ok(&self.root, &["commit", "-qam", message]);
    }

    /// A new entity annotation over the first occurrence of `quote`.
    fn new_annotation(&self, quote: &str, id: &str) -> Annotation {
        let doc = load(&self.report, LoadOptions::default()).unwrap();
        let byte = doc.text().find(quote).unwrap();
        let start = doc.text()[..byte].chars().count();
        let mut a = Annotation::new(
            &doc,
            start,
            start + quote.chars().count(),
            Label::Entity {
                entity_type: EntityType::Place,
            },
        );
        a.id = AnnotationId(id.into());
        a
    }
}

fn repo() -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_owned();
    ok(&root, &["init", "-q", "-b", "main"]);
    ok(&root, &["config", "user.name", "Test"]);
    ok(&root, &["config", "user.email", "test@example.org"]);
    ok(&root, &["config", "commit.gpgsign", "false"]);
    let series = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_docs/linjiang-2025");
    let report = root.join("1-plan.txt");
    std::fs::copy(series.join("1-plan.txt"), &report).unwrap();
    std::fs::copy(
        series.join("1-plan.txt.gloss.ron"),
        Sidecar::path_for(&report),
    )
    .unwrap();
    let setup = gloss(&["git-setup", "--repo", &root.display().to_string()]);
    assert!(setup.ok, "{}", setup.stderr);
    assert!(
        std::fs::read_to_string(root.join(".gitattributes"))
            .unwrap()
            .contains("*.gloss.ron merge=gloss")
    );
    // Running it again changes nothing.
    let again = gloss(&["git-setup", "--repo", &root.display().to_string()]);
    assert!(again.stdout.contains("already has"), "{}", again.stdout);
    ok(&root, &["add", "-A"]);
    ok(&root, &["commit", "-qm", "plan with its annotations"]);
    Repo {
        _dir: dir,
        root,
        report,
    }
}

fn ids(s: &Sidecar) -> BTreeSet<String> {
    s.annotations.iter().map(|a| a.id.0.clone()).collect()
}

#[test]
fn concurrent_additions_edits_and_deletions_merge_without_a_text_conflict() {
    let r = repo();
    let base = r.sidecar();
    let (first, second, third) = (
        base.annotations[0].id.clone(),
        base.annotations[1].id.clone(),
        base.annotations[2].id.clone(),
    );
    ok(&r.root, &["checkout", "-qb", "alice"]);
    let added_a = r.new_annotation("全市", "alice-1");
    r.commit("alice", |anns| {
        anns.iter_mut().find(|a| a.id == first).unwrap().note = "checked by Alice".into();
        anns.retain(|a| a.id != second);
        anns.push(added_a);
    });
    ok(&r.root, &["checkout", "-q", "main"]);
    ok(&r.root, &["checkout", "-qb", "bob"]);
    let added_b = r.new_annotation("投资", "bob-1");
    r.commit("bob", |anns| {
        anns.iter_mut().find(|a| a.id == third).unwrap().note = "Bob's source".into();
        anns.push(added_b);
    });
    ok(&r.root, &["checkout", "-q", "alice"]);
    let (merged, text) = git(&r.root, &["merge", "-q", "--no-edit", "bob"]);
    assert!(merged, "the merge is clean: {text}");
    let raw = std::fs::read_to_string(Sidecar::path_for(&r.report)).unwrap();
    assert!(!raw.contains("<<<<<<<"), "no conflict markers");
    let s = r.sidecar();
    let mut want = ids(&base);
    want.remove(&second.0);
    want.insert("alice-1".into());
    want.insert("bob-1".into());
    assert_eq!(
        ids(&s),
        want,
        "both additions, the deletion, nothing else lost"
    );
    let note = |id: &AnnotationId| {
        s.annotations
            .iter()
            .find(|a| a.id == *id)
            .unwrap()
            .note
            .clone()
    };
    assert_eq!(note(&first), "checked by Alice");
    assert_eq!(note(&third), "Bob's source");
    // The merged sidecar opens cleanly against its report.
    let check = gloss(&["check", &r.report.display().to_string()]);
    assert!(check.ok, "{}{}", check.stdout, check.stderr);
}

#[test]
fn the_same_annotation_changed_on_both_branches_keeps_both_versions_for_review() {
    let r = repo();
    let base = r.sidecar();
    let first = base.annotations[0].id.clone();
    ok(&r.root, &["checkout", "-qb", "alice"]);
    r.commit("alice", |anns| {
        anns.iter_mut().find(|a| a.id == first).unwrap().note = "Alice".into();
    });
    ok(&r.root, &["checkout", "-q", "main"]);
    ok(&r.root, &["checkout", "-qb", "bob"]);
    r.commit("bob", |anns| {
        anns.iter_mut().find(|a| a.id == first).unwrap().note = "Bob".into();
    });
    ok(&r.root, &["checkout", "-q", "alice"]);
    let (merged, text) = git(&r.root, &["merge", "-q", "--no-edit", "bob"]);
    assert!(!merged, "git reports the conflict");
    assert!(
        text.contains("changed differently on both branches"),
        "{text}"
    );
    // The file is a valid sidecar holding every annotation, the two versions marked for review.
    let s = r.sidecar();
    assert_eq!(s.annotations.len(), base.annotations.len() + 1);
    let reviewed: Vec<(&str, AnchorState)> = s
        .annotations
        .iter()
        .filter(|a| a.note.contains("merge conflict"))
        .map(|a| (a.note.as_str(), a.anchor))
        .collect();
    assert_eq!(reviewed.len(), 2, "{reviewed:?}");
    assert!(
        reviewed
            .iter()
            .all(|(_, anchor)| *anchor == AnchorState::Check)
    );
    assert!(reviewed.iter().any(|(n, _)| n.ends_with("Alice")));
    assert!(reviewed.iter().any(|(n, _)| n.ends_with("Bob")));
    // The user reviews, adds and commits: an ordinary commit.
    ok(&r.root, &["add", "-A"]);
    ok(&r.root, &["commit", "-qm", "merged"]);
}
