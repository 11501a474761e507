#!/usr/bin/env bash
# Throughput of `dyad worker` on a PostgreSQL store: the Guardian sample (249 articles) queued in
# UNITS units, coded by 1 worker and then by 2 workers (one coding thread each), against a
# throwaway cluster on this machine; prints articles/s, then table and index sizes per article.
# Usage: scripts/bench/workers.sh [JSONL] [UNITS]   (needs PostgreSQL's server binaries)
set -euo pipefail
cd "$(dirname "$0")/../.."
input=${1:-../shared/corpora/guardian-sample-ngec/guardian-2019.articles.jsonl}
units=${2:-10}
cargo build --release -p dyad-cli >/dev/null 2>&1
dyad=${CARGO_TARGET_DIR:-target}/release/dyad
tmp=$(mktemp -d /tmp/dyad-bench-workers.XXXXXX)
chmod 755 "$tmp"   # the cluster runs as an unprivileged user when we are root
trap 'scripts/pg/throwaway.sh stop "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
admin=$(scripts/pg/throwaway.sh start "$tmp/pg")
lines=$(grep -c . "$input")
split -n "l/$units" -d --additional-suffix=.articles.jsonl "$input" "$tmp/unit-"
echo "input: $input ($lines articles in $units units); $(nproc) cores"
for workers in 1 2; do
    db="bench_$workers"
    psql -q "$admin" -c "CREATE DATABASE $db"
    url="${admin%/postgres}/$db"
    "$dyad" queue --store "$url" add "$tmp"/unit-*.articles.jsonl >/dev/null
    start=$(date +%s.%N)
    for i in $(seq "$workers"); do
        "$dyad" worker --store "$url" --threads 1 --exit-when-empty --poll 0.2 \
            --name "w$i" 2>"$tmp/w$i.log" &
    done
    wait
    end=$(date +%s.%N)
    stored=$(psql -qtA "$url" -c "SELECT count(*) FROM articles")
    python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'== {sys.argv[3]} worker(s): {int(sys.argv[4])} articles in {s:.1f} s = {int(sys.argv[4])/s:.1f} articles/s')" \
        "$start" "$end" "$workers" "$stored"
done
psql -q "${admin%/postgres}/bench_1" -c "ANALYZE"
echo "== sizes after one run ($stored articles), per table: rows, rows per article, bytes per article (table + indexes)"
psql -qtA -F ' ' "${admin%/postgres}/bench_1" -c "
    SELECT c.relname, c.reltuples::bigint,
           round((c.reltuples / $stored)::numeric, 1),
           pg_total_relation_size(c.oid) / $stored
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r'
    ORDER BY pg_total_relation_size(c.oid) DESC" | column -t
