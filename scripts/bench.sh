#!/usr/bin/env bash
# Runs the kernel's benchmark beside the PyTorch peers in one job and prints the ratios (peer time / ours).
#   usage: scripts/bench.sh [PEER_DIR]   (PEER_DIR from ../shared/bench/setup-peers.sh; default /tmp/lstm-peers)
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${1:-/tmp/lstm-peers}
bench=../shared/bench
[ -x "$peers/bin/python" ] || bash "$bench/setup-peers.sh" "$peers"
swift build -c release -Xswiftc -target-cpu -Xswiftc native --product lstm-bench >/dev/null
out=$(mktemp)
{
  .build/release/lstm-bench step
  "$peers/bin/python" "$bench/torch_step.py"
  .build/release/lstm-bench timeseq
  "$peers/bin/python" "$bench/torch_timeseq.py" --closures 3 | tail -n 1
} | tee "$out"
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
ours = {(r["hidden"], r["inputs"]): r["us_per_step"] for r in rows if r["peer"] == "lstm" and "us_per_step" in r}
for r in rows:
    if r["peer"] == "torch" and "us_per_step" in r:
        k = (r["hidden"], r["inputs"])
        print(f"step H={k[0]} X={k[1]}: torch/lstm = {r['us_per_step'] / ours[k]:.1f}x")
ts = next(r for r in rows if r.get("bench") == "timeseq_pass")
peer = next(r for r in rows if r["peer"] == "torch" and "seconds_per_closure" in r)
print(f"time-sequence training pass: torch/lstm = {peer['seconds_per_closure'] / ts['seconds_per_pass']:.2f}x")
PY
