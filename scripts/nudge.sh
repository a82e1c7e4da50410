#!/usr/bin/env bash
# How much does the time-sequence run's final test loss depend on rounding? Starts examples/time_sequence.lstm
# from PyTorch's initial weights (line search, PyTorch's parameter space) with one weight of lstm2 moved by one
# ulp (W_f[0][k], k = 1…N) and prints each run's test loss after 15 steps. Each run takes about two minutes.
#   usage: scripts/nudge.sh [N] [PEER_DIR]   (PEER_DIR from ../shared/bench/setup-peers.sh; default /tmp/lstm-peers)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
peers=${2:-/tmp/lstm-peers}
[ -x "$peers/bin/python" ] || bash ../shared/bench/setup-peers.sh "$peers"
swift build -c release -Xswiftc -target-cpu -Xswiftc native --product lstm >/dev/null
work=$(mktemp -d)
"$peers/bin/python" ../shared/bench/torch_timeseq.py --dump "$work/dump.json" --steps 0 >/dev/null
for k in $(seq 0 "$runs"); do
  python3 - "$work" "$k" <<'PY'
import json, math, sys
work, k = sys.argv[1], int(sys.argv[2])
weights = json.load(open(f"{work}/dump.json"))
if k:
    row = weights["lstm2"]["W_f"][0]
    row[k] = math.nextafter(row[k], math.inf)
json.dump(weights, open(f"{work}/start.json", "w"))
script = open("examples/time_sequence.lstm").read().split("let future")[0]
script = script.replace("# load seq from \"dump.json\"", f"load seq from \"{work}/start.json\"")
script = script.replace("test_target: test_target\n", "test_target: test_target, biases: pytorch\n")
open(f"{work}/run.lstm", "w").write(script + "precision 10\nprint seq.test_losses[14]\n")
PY
  printf 'nudge %s: ' "$k"
  .build/release/lstm run "$work/run.lstm" | tail -n 1
done
rm -rf "$work"
