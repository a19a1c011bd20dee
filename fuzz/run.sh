#!/bin/sh
# Runs Gloss's fuzz targets one after the other, each for DURATION seconds, on one core.
#   fuzz/run.sh DURATION [TARGET...]      (default: every target in fuzz/Cargo.toml)
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Crashes are written
# to fuzz/artifacts/TARGET/; the corpus grows in fuzz/corpus/TARGET/ (both git-ignored).
set -eu
cd "$(dirname "$0")"
duration=${1:?usage: fuzz/run.sh DURATION_SECONDS [TARGET...]}
shift
if [ $# -eq 0 ]; then
    set -- $(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^gloss-fuzz$')
fi
for target in "$@"; do
    echo "== $target: $duration s"
    # The loader targets start from the sample documents of their format (sample_docs/).
    case $target in
        load_text) seeds="../sample_docs/*.txt" ;;
        load_markdown) seeds="../sample_docs/*.md" ;;
        load_html) seeds="../sample_docs/*.html" ;;
        load_docx) seeds="../sample_docs/*.docx" ;;
        load_pdf) seeds="../sample_docs/*.pdf" ;;
        docx_xml) seeds="seeds/docx_xml/*" ;;
        *) seeds="" ;;
    esac
    if [ -n "$seeds" ]; then
        mkdir -p "corpus/$target"
        for seed in $seeds; do cp "$seed" "corpus/$target/"; done
    fi
    cargo +nightly fuzz run "$target" -- -max_total_time="$duration" -print_final_stats=1
done
