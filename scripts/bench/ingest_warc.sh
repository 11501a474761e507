#!/bin/sh
# Whole-pipeline throughput of `dyad ingest` on a WARC archive, with and without coding.
# Usage: scripts/bench/ingest_warc.sh [WARC] [THREADS]
# Default input: the public WARC of 990 news pages in ../shared (see docs/ingestion.md).
set -eu
warc=${1:-../shared/corpora/news-warc-public/news-public.warc.gz}
threads=${2:-$(nproc)}
cargo build --release -p dyad-cli >/dev/null 2>&1
dyad=${CARGO_TARGET_DIR:-target}/release/dyad
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for mode in --no-code --no-parse parse; do
    flag=$mode
    [ "$mode" = parse ] && flag=
    echo "== dyad ingest --threads $threads $flag"
    "$dyad" ingest --threads "$threads" $flag --store "$tmp/$mode.db" "$warc" 2>/dev/null \
        | grep -E '^(articles read|not English|time)'
done
