//! Crash safety of sidecar saving: a child process saves large sidecars (thousands of
//! annotations) in a loop with `Sidecar::save` and is killed (SIGKILL on Unix) at random moments,
//! hundreds of times. After every kill the sidecar on disk must parse and be exactly either the
//! state the child was saving when it died or the one before it — never a torn file.
//!
//! The child is this test binary itself, re-run with an environment variable that makes the
//! ignored `saver_child` test do the saving. It announces `begin N` before saving state `N` and
//! `end N` after, on its standard output, so the parent knows which two states are allowed.

use gloss::annotation::{Annotation, AnnotationId, Timestamp};
use gloss::annotation::{Kind, Label};
use gloss::document::Document;
use gloss::store::{FORMAT_VERSION, Sidecar};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DIR_VAR: &str = "GLOSS_CRASH_SAVER_DIR";
const START_VAR: &str = "GLOSS_CRASH_SAVER_START";
const KILLS: usize = 200;
const ANNOTATIONS: usize = 2000;

fn document() -> Document {
    Document::from_text(
        "plan.txt",
        &"新密市科工信局力争全年完成工业投资296.9亿元，同比增长19.7%。The plan adds 280 firms.\n"
            .repeat(200),
    )
}

/// State `n`: the same large set of annotations, each note naming `n`, and `n % 7` more
/// annotations, so consecutive states differ in content and length.
fn state(doc: &Document, n: u64) -> Sidecar {
    let time: Timestamp = ron::from_str("\"2026-11-21T09:50:04Z\"").expect("a valid time");
    let template = Annotation::new(doc, 17, 24, Label::empty(Kind::Figure));
    let count = ANNOTATIONS + (n % 7) as usize;
    let annotations = (0..count)
        .map(|i| {
            let mut a = template.clone();
            a.id = AnnotationId(format!("{i:016x}"));
            a.note = format!("state {n}, annotation {i}: 检查数字");
            a.created = time;
            a.modified = time;
            a
        })
        .collect();
    Sidecar {
        version: FORMAT_VERSION,
        source: doc.source.clone(),
        annotations,
        rejected: Vec::new(),
        relations: Vec::new(),
    }
}

/// The state number stored in a sidecar written by [`state`].
fn state_number(sidecar: &Sidecar) -> Option<u64> {
    let note = &sidecar.annotations.first()?.note;
    note.strip_prefix("state ")?.split(',').next()?.parse().ok()
}

/// The child: saves states `start, start + 1, …` until killed (or a minute has passed, should
/// the parent have died).
#[test]
#[ignore = "helper run as a child process by kills_during_saving_never_leave_a_torn_sidecar"]
fn saver_child() {
    let (Some(dir), Some(start)) = (std::env::var_os(DIR_VAR), std::env::var_os(START_VAR)) else {
        return;
    };
    let start: u64 = start
        .to_str()
        .and_then(|s| s.parse().ok())
        .expect("a start number");
    let path = Path::new(&dir).join("plan.txt.gloss.ron");
    let doc = document();
    let give_up = Instant::now() + Duration::from_secs(60);
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready")
        .and_then(|()| out.flush())
        .expect("stdout");
    for n in start.. {
        if Instant::now() > give_up {
            break;
        }
        let sidecar = state(&doc, n);
        writeln!(out, "begin {n}")
            .and_then(|()| out.flush())
            .expect("stdout");
        let began = Instant::now();
        sidecar.save(&path).expect("save");
        let took = began.elapsed().as_micros();
        writeln!(out, "end {n} {took}")
            .and_then(|()| out.flush())
            .expect("stdout");
    }
}

#[test]
fn kills_during_saving_never_leave_a_torn_sidecar() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.txt.gloss.ron");
    let doc = document();
    state(&doc, 0).save(&path).unwrap();
    let exe = std::env::current_exe().unwrap();
    let began = Instant::now();
    let mut current = 0u64; // the state on disk after the last kill
    let (mut mid_save, mut between) = (0, 0);
    let mut window_us: u64 = 200_000;
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args([
                "crash_safety::saver_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(DIR_VAR, dir.path())
            .env(START_VAR, (current + 1).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the child is running, then let it save for a random while.
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut said = String::new();
        loop {
            // The test harness prints its own lines first ("running 1 test", "test saver_child …").
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap() == 0 || line.trim_end().ends_with("ready") {
                break;
            }
        }
        // Kill within about two save durations (learnt from the child's reports), so that kills
        // land before, during and between saves.
        std::thread::sleep(Duration::from_micros(fastrand::u64(0..window_us)));
        child.kill().unwrap();
        child.wait().unwrap();
        stdout.read_to_string(&mut said).unwrap();
        // The last state the child began, and whether it finished it.
        let mut last_begun = None;
        let mut finished = true;
        for line in said.lines() {
            if let Some(n) = line.strip_prefix("begin ") {
                last_begun = Some(n.parse::<u64>().unwrap());
                finished = false;
            } else if let Some(rest) = line.strip_prefix("end ") {
                finished = true;
                if let Some(took) = rest.split(' ').nth(1).and_then(|t| t.parse::<u64>().ok()) {
                    window_us = (window_us + 2 * took) / 2;
                }
            }
        }
        if last_begun.is_some() && !said.contains("end ") {
            // Not one save finished: give the next child longer.
            window_us = (window_us * 3 / 2).min(5_000_000);
        }
        let allowed: Vec<u64> = match last_begun {
            None => vec![current],
            Some(n) if finished => vec![n],
            Some(n) => vec![n - 1, n],
        };
        if last_begun.is_some() && !finished {
            mid_save += 1;
        } else {
            between += 1;
        }

        let text = std::fs::read_to_string(&path).unwrap();
        let on_disk = Sidecar::parse(&text, &path)
            .unwrap_or_else(|e| panic!("round {round}: torn sidecar: {e}"));
        let n = state_number(&on_disk).expect("a state number");
        assert!(
            allowed.contains(&n),
            "round {round}: state {n} on disk, expected one of {allowed:?}"
        );
        assert_eq!(
            on_disk,
            state(&doc, n),
            "round {round}: state {n} is not intact"
        );
        current = n;
        // A killed save leaves its temporary file behind; clear them so the folder stays small.
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name().to_string_lossy().ends_with(".tmp") {
                std::fs::remove_file(entry.path()).unwrap();
            }
        }
    }
    eprintln!(
        "{KILLS} kills in {:?}: {mid_save} during a save, {between} between saves; last state {current}; kill window {window_us} µs",
        began.elapsed()
    );
    assert!(mid_save > 0, "no kill landed during a save");
    assert!(current > 0, "the child never completed a save");
}
