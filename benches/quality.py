#!/usr/bin/env python3
"""Suggestion quality, measured the way the project reports it (issue: suggestions that hold on
reports Gloss has never seen). Run from the project root after building `gloss`:

    python3 benches/quality.py [--gloss target/release/gloss] [--shared ../shared] [--json OUT]

Three measurements, in this order, none of them tuned against (and a fourth, on our own series;
with `--extra-ner DIR`, news NER text held out from development is scored too, after the first):
1. public news NER (`../shared/ner/`): `gloss suggest --kinds entity` on each People's Daily file in a
   clean folder with an empty config home, scored typed-strict on org/place/person;
2. leave-one-document-out over the corpus reports: for each report, suggest on it alone (learning
   off) and with the gold of the *other* report imported into that report's sidecar beside it
   (learning on), scored on the held-out report's gold;
3. the dev gold (`../shared/gold/dev.jsonl`) over both reports — development data, reported last.

Nothing from `../shared` is copied into the project: everything happens in temporary folders.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile


def run(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stderr}")
    return r.stdout


def suggest(gloss, files, kinds, cfg):
    env = dict(os.environ, XDG_CONFIG_HOME=cfg)
    out = []
    for f in files:
        out.append(run([gloss, "suggest", "--kinds", kinds, f], env))
    return "".join(out)


def score(script, gold, pred_text, docs_dir, extra=()):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as p:
        p.write(pred_text)
    try:
        out = run([sys.executable, script, gold, p.name, "--json", "--docs-dir", docs_dir, *extra])
    finally:
        os.unlink(p.name)
    return json.loads(out)


def gold_lines(gold, doc):
    with open(gold, encoding="utf-8") as f:
        return [line for line in f if json.loads(line)["doc"] == doc]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gloss", default="target/release/gloss")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--extra-ner", metavar="DIR",
                    help="also score news NER text held out from development: DIR holds *.txt "
                         "documents and a gold.jsonl in ../shared/ner's format (never committed)")
    args = ap.parse_args()
    gloss = os.path.abspath(args.gloss)
    shared = os.path.abspath(args.shared)
    results = {}

    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "cfg")
        os.makedirs(cfg)

        # 1. News NER.
        ner = os.path.join(tmp, "ner")
        os.makedirs(ner)
        files = []
        for name in sorted(os.listdir(os.path.join(shared, "ner"))):
            if name.endswith(".txt"):
                files.append(shutil.copy(os.path.join(shared, "ner", name), ner))
        pred = suggest(gloss, files, "entity", cfg)
        s = score(os.path.join(shared, "ner", "score_ner.py"), os.path.join(shared, "ner", "gold.jsonl"),
                  pred, ner, ["--types", "org,place,person"])
        results["ner"] = s
        overall = s.get("overall", s)
        typed = overall.get("typed", overall)
        print(f"news NER (People's Daily), org/place/person typed strict: "
              f"P {typed['p']:.3f} R {typed['r']:.3f} F1 {typed['f1']:.3f}")

        # 1b. Held-out news NER text, if given: text nobody looked at while writing the rules.
        if args.extra_ner:
            extra = os.path.join(tmp, "extra-ner")
            os.makedirs(extra)
            files = [shutil.copy(os.path.join(args.extra_ner, n), extra)
                     for n in sorted(os.listdir(args.extra_ner)) if n.endswith(".txt")]
            pred = suggest(gloss, files, "entity", cfg)
            s = score(os.path.join(shared, "ner", "score_ner.py"),
                      os.path.join(args.extra_ner, "gold.jsonl"), pred, extra,
                      ["--types", "org,place,person"])
            results["extra_ner"] = s
            typed = s.get("overall", s).get("typed", {})
            print(f"held-out news NER ({args.extra_ner}), typed strict: "
                  f"P {typed['p']:.3f} R {typed['r']:.3f} F1 {typed['f1']:.3f}")
            for name, row in sorted(s.get("corpus", {}).items()):
                print(f"  {name}: F1 {row['typed']['f1']:.3f}")

        # 2. Leave one document out over the corpus reports.
        corpus = os.path.join(shared, "corpus")
        gold = os.path.join(shared, "gold", "dev.jsonl")
        score_py = os.path.join(shared, "gold", "score.py")
        reports = sorted(n for n in os.listdir(corpus) if n.endswith(".txt"))
        loo = {}
        for held in reports:
            row = {}
            for learning in ("off", "on"):
                folder = os.path.join(tmp, f"loo-{held}-{learning}")
                os.makedirs(folder)
                target = shutil.copy(os.path.join(corpus, held), folder)
                if learning == "on":
                    for other in reports:
                        if other == held:
                            continue
                        sibling = shutil.copy(os.path.join(corpus, other), folder)
                        g = os.path.join(tmp, f"gold-{other}.jsonl")
                        with open(g, "w", encoding="utf-8") as f:
                            f.writelines(gold_lines(gold, other))
                        run([gloss, "import", sibling, "--from", "jsonl", g])
                held_gold = os.path.join(tmp, f"gold-{held}.jsonl")
                with open(held_gold, "w", encoding="utf-8") as f:
                    f.writelines(gold_lines(gold, held))
                pred = suggest(gloss, [target], "figure,entity,commitment", cfg)
                row[learning] = score(score_py, held_gold, pred, folder)
            loo[held] = row
        results["leave_one_out"] = loo
        print("leave-one-document-out (F1: figure strict / entity typed strict / commitment lenient)")
        for held, row in loo.items():
            for learning in ("off", "on"):
                k = row[learning]
                print(f"  {held} learning {learning:>3}: "
                      f"{k['figure']['strict']['f1']:.3f} / {k['entity']['typed']['f1']:.3f} / "
                      f"{k['commitment']['lenient']['f1']:.3f}")

        # 4. Learning across a series of one city's reports: our own sample_docs/linjiang-2025
        #    (written for Gloss, a few dozen names: evidence that learning helps where reports
        #    share names, not a measure of generality). Each report alone, then beside the other
        #    two with their hand-checked sidecars; scored on its own sidecar.
        series_src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sample_docs",
                                  "linjiang-2025")
        series = sorted(n for n in os.listdir(series_src) if n.endswith(".txt"))
        learn = {}
        for held in series:
            held_gold = os.path.join(tmp, f"series-gold-{held}.jsonl")
            with open(held_gold, "w", encoding="utf-8") as f:
                f.write(run([gloss, "export", os.path.join(series_src, held), "--format", "jsonl"]))
            row = {}
            for learning in ("off", "on"):
                folder = os.path.join(tmp, f"series-{held}-{learning}")
                os.makedirs(folder)
                target = shutil.copy(os.path.join(series_src, held), folder)
                if learning == "on":
                    for other in series:
                        if other != held:
                            shutil.copy(os.path.join(series_src, other), folder)
                            shutil.copy(os.path.join(series_src, other + ".gloss.ron"), folder)
                pred = suggest(gloss, [target], "figure,entity,commitment", cfg)
                row[learning] = score(score_py, held_gold, pred, folder)
            learn[held] = row
        results["series_learning"] = learn
        print("learning across our own series (sample_docs/linjiang-2025), the other two reports "
              "annotated beside each (same F1s)")
        for held, row in learn.items():
            off, on = row["off"], row["on"]
            print(f"  {held}: off {off['figure']['strict']['f1']:.3f} / {off['entity']['typed']['f1']:.3f} / "
                  f"{off['commitment']['lenient']['f1']:.3f}, on {on['figure']['strict']['f1']:.3f} / "
                  f"{on['entity']['typed']['f1']:.3f} / {on['commitment']['lenient']['f1']:.3f}")

        # 3. Dev gold, last.
        dev = os.path.join(tmp, "dev")
        os.makedirs(dev)
        files = [shutil.copy(os.path.join(corpus, n), dev) for n in reports]
        pred = suggest(gloss, files, "figure,entity,commitment", cfg)
        k = score(score_py, gold, pred, dev)
        results["dev"] = k
        print(f"dev gold (development data): figure strict {k['figure']['strict']['f1']:.3f}, "
              f"entity typed strict {k['entity']['typed']['f1']:.3f}, "
              f"commitment lenient {k['commitment']['lenient']['f1']:.3f}")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
