#!/usr/bin/env bash
# Fuzzes the language with libFuzzer for SECONDS (default 60): builds lstm-fuzz with -sanitize=fuzzer,address
# (release, in .build/fuzz), seeds it with the examples, the golden scripts, the notebooks and past crashes, and
# gives it the language's words as a dictionary; generated inputs stay under 16 KiB (seeds may be longer).
# Exits non-zero on a crash, a leak, a hang (20 s) or 4 GB of memory; the input that did it is kept in
# .build/fuzz/run/crashes/ (replay it with a plain build: lstm-fuzz FILE).
# Usage: scripts/fuzz.sh [SECONDS] [more libFuzzer options, like -jobs=2]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
swift build -c release --scratch-path .build/fuzz --product lstm-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld -Xlinker --export-dynamic 2>&1 | grep -v "Cannot export local symbol" || true
fuzzer=.build/fuzz/release/lstm-fuzz
[ -x "$fuzzer" ] || { echo "fuzz.sh: the build did not make $fuzzer" >&2; exit 1; }
run=.build/fuzz/run
rm -rf "$run/seeds"
mkdir -p "$run/corpus" "$run/seeds" "$run/crashes"
cp examples/*.lstm notebooks/*.md Tests/Fuzz/regressions/* "$run/seeds/"
# Each golden block (blank-line separated) as a seed of its own, without its recorded outputs.
for golden in Tests/LangTests/golden/*.lstm; do
  awk -v out="$run/seeds/$(basename "$golden" .lstm)" 'BEGIN { n = 0; RS = "" } !/^#[>!]/ {
    gsub(/\n#[>!][^\n]*/, ""); print > (out "-" n++ ".lstm") }' "$golden"
done
"$fuzzer" --dictionary > "$run/lstm.dict"
echo "fuzz.sh: $(ls "$run/seeds" | wc -l) seeds, $(ls "$run/corpus" | wc -l) inputs kept from earlier runs, ${seconds} s"
"$fuzzer" "$run/corpus" "$run/seeds" -dict="$run/lstm.dict" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=16384 \
  -artifact_prefix="$run/crashes/" -print_final_stats=1 "$@"
