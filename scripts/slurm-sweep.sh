#!/usr/bin/env bash
# Runs a sweep on a real one-node Slurm cluster started here from Debian's packages (munge, slurmctld, slurmd), and
# compares what the cluster collected with a local run of the same sweep: every field but "seconds" must be equal.
#   usage: scripts/slurm-sweep.sh [SCRIPT]   (default examples/arena.lstm; needs root and: apt-get install slurm-wlm munge)
# The daemons run from a scratch folder with their own configuration and are stopped at the end, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
script=${1:-examples/arena.lstm}
for tool in munged slurmctld slurmd sbatch sinfo; do
  command -v "$tool" > /dev/null || { echo "slurm-sweep: $tool is missing: apt-get install slurm-wlm munge" >&2; exit 2; }
done
swift build -c release -Xswiftc -target-cpu -Xswiftc native --product lstm > /dev/null
lstm=$PWD/.build/release/lstm
work=$(mktemp -d /tmp/lstm-slurm.XXXXXX)
node=$(hostname -s)
export SLURM_CONF=$work/slurm.conf
mkdir -p "$work"/{state,spool,log} /run/munge
chown munge:munge /run/munge
cat > "$SLURM_CONF" <<CONF
ClusterName=lstm
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
NodeName=$node CPUs=$(nproc) State=UNKNOWN
PartitionName=main Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
# The daemons stop on every exit (Ctrl-C and SIGTERM too); the scratch folder goes only when the results agreed.
stop() {
  for pid in "$work"/slurmd.pid "$work"/slurmctld.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2> /dev/null || true; done
  [ -n "${munge_started:-}" ] && pkill -x munged 2> /dev/null || true
  [ -n "${agreed:-}" ] && rm -rf "$work"
  return 0
}
trap stop EXIT
trap 'exit 130' INT TERM
if ! munge -n 2> /dev/null | unmunge > /dev/null 2>&1; then
  runuser -u munge -- munged
  munge_started=1
fi
slurmctld
slurmd
for _ in $(seq 60); do sinfo -h -o %t 2> /dev/null | grep -qx idle && break; sleep 1; done
echo "slurm-sweep: cluster up: $(sinfo -h -o '%P %D node(s) %c cpus %t')"

echo "slurm-sweep: the local run"
time "$lstm" sweep "$script" --output "$work/local" > "$work/local.txt"
echo "slurm-sweep: the job array"
"$lstm" sweep "$script" --emit slurm --output "$work/cluster" > "$work/array.sbatch"
grep '^#SBATCH --array' "$work/array.sbatch"
time sbatch --wait --quiet "$work/array.sbatch"
"$lstm" sweep collect "$work/cluster" > "$work/cluster.txt"
tail -n 1 "$work/cluster.txt"
strip() { sed -E 's/, "seconds": [0-9.e-]+\}/}/' "$1"; }
if cmp <(strip "$work/local/results.jsonl") <(strip "$work/cluster/results.jsonl") \
    && cmp <(head -n -1 "$work/local.txt") <(head -n -1 "$work/cluster.txt"); then
  echo "slurm-sweep: the cluster's $(wc -l < "$work/cluster/results.jsonl") results equal the local run's (every field but seconds)," \
    "and so do the summaries"
  agreed=1
else
  echo "slurm-sweep: the cluster's results differ from the local run's (see $work)" >&2
  exit 1
fi
