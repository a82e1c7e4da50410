#!/usr/bin/env bash
# The kernel's benchmark beside the PyTorch peers, in one job: the machine's measured FMA peak, then each figure
# with its ratio to PyTorch (peer time / ours) and, for the training pass, the fraction of the peak it reaches.
# A few minutes.
#   usage: scripts/bench.sh [PEER_DIR]   (PEER_DIR from ../shared/bench/setup-peers.sh; default /tmp/lstm-peers)
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${1:-/tmp/lstm-peers}
bench=../shared/bench
[ -x "$peers/bin/python" ] || bash "$bench/setup-peers.sh" "$peers"
swift build -c release -Xswiftc -target-cpu -Xswiftc native --product lstm-bench >/dev/null
ours=.build/release/lstm-bench
out=$(mktemp)
busy=()
stop_busy() { [ ${#busy[@]} -eq 0 ] || kill "${busy[@]}" 2>/dev/null || true; busy=(); }
trap 'stop_busy; rm -f "$out"' EXIT
{
  "$ours" peak
  "$ours" step
  "$peers/bin/python" "$bench/torch_step.py"
  "$ours" timeseq
  LSTM_THREADS=1 "$ours" timeseq | sed 's/"bench": "timeseq_pass"/"bench": "timeseq_pass_one_thread"/'
  "$peers/bin/python" "$bench/torch_timeseq.py" --closures 3 | tail -n 1
  # The machine made busy by two other processes that never sleep: a step on two threads against one.
  for _ in 1 2; do sh -c 'while :; do :; done' & busy+=($!); done
  sleep 0.2
  for threads in 1 2 1 2 1 2; do LSTM_THREADS=$threads "$ours" step 256x128,64x32 | sed 's/"peer": "lstm"/"peer": "lstm busy"/'; done
  stop_busy
} | tee "$out"
echo
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
peak = next(r for r in rows if r.get("bench") == "peak")
print(f"FMA peak: {peak['gflops']:.1f} GFLOP/s on {peak['threads']} threads ({peak['gflops_one_thread']:.1f} on one)")
ours = {(r["hidden"], r["inputs"]): r for r in rows if r["peer"] == "lstm" and "us_per_step" in r}
for r in rows:
    if r["peer"] == "torch" and "us_per_step" in r:
        o = ours[(r["hidden"], r["inputs"])]
        print(f"step H={r['hidden']} X={r['inputs']}: torch {r['us_per_step']:.2f} µs, lstm {o['us_per_step']:.2f} µs, "
              f"torch/lstm = {r['us_per_step'] / o['us_per_step']:.1f}x; lstm / weight-read bound = "
              f"{o['us_per_step'] / o['read_bound_us']:.2f} on one core ({o['read_bound_us']:.2f} µs), "
              f"{o['us_per_step'] / o['read_bound_all_cores_us']:.2f} on all ({o['read_bound_all_cores_us']:.2f} µs)")
ts = next(r for r in rows if r.get("bench") == "timeseq_pass")
one = next(r for r in rows if r.get("bench") == "timeseq_pass_one_thread")
peer = next(r for r in rows if r["peer"] == "torch" and "seconds_per_closure" in r)
print(f"time-sequence training pass ({ts['gflop']:.1f} GFLOP): torch {peer['seconds_per_closure']:.3f} s, "
      f"lstm {ts['seconds_per_pass']:.3f} s, torch/lstm = {peer['seconds_per_closure'] / ts['seconds_per_pass']:.2f}x; "
      f"{ts['gflops']:.1f} GFLOP/s = {100 * ts['gflops'] / peak['gflops']:.0f}% of the peak")
print(f"  on one thread: {one['seconds_per_pass']:.3f} s = {100 * one['gflops'] / peak['gflops_one_thread']:.0f}% of one thread's peak;"
      f" same loss bits: {one['loss'] == ts['loss']}")
for size in [(256, 128), (64, 32)]:
    times = {t: statistics.median(r["us_per_step"] for r in rows if r["peer"] == "lstm busy" and r["threads"] == t
                                  and (r["hidden"], r["inputs"]) == size) for t in (1, 2)}
    print(f"step H={size[0]} on a busy machine: 2 threads {times[2]:.1f} µs, 1 thread {times[1]:.1f} µs "
          f"(2 threads / 1 = {times[2] / times[1]:.2f})")
PY
