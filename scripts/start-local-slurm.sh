#!/usr/bin/env bash
# Starts a real one-node Slurm cluster on this machine (as root, no systemd) for rnnlab's cluster tests; idempotent.
#
# What it sets up: the Debian packages (installed when missing), a munge key and munged, /etc/slurm/slurm.conf for
# one node named after `hostname -s` (all its cores, 90% of its memory) in one partition "debug", then slurmctld and
# slurmd. It waits until `sinfo` shows the node idle. State lives under /var/spool/rnnlab-slurm, logs under
# /tmp/rnnlab-slurm. Run it twice and the second run only checks that everything is still up.
# Stop with scripts/stop-local-slurm.sh.
#
# Environment: RNNLAB_SLURM_CPUS (default: nproc), RNNLAB_SLURM_WAIT_S (default 60).
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "start-local-slurm: must run as root (it writes /etc/slurm and /etc/munge and starts daemons)" >&2
  exit 2
fi

MARKER='# written by rnnlab scripts/start-local-slurm.sh'
CONF=/etc/slurm/slurm.conf
STATE=/var/spool/rnnlab-slurm
LOGS=/tmp/rnnlab-slurm
NODE="$(hostname -s)"
CPUS="${RNNLAB_SLURM_CPUS:-$(nproc)}"
WAIT_S="${RNNLAB_SLURM_WAIT_S:-60}"

# 1. Packages (already there on the project's machines; a fresh Debian/Ubuntu gets them from apt).
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null ||
  ! command -v munged >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge
fi

# 2. munge: a key readable only by the munge user, then the daemon (run as munge, as its service unit would).
mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
chmod 0700 /etc/munge
chmod 0400 /etc/munge/munge.key
chmod 0755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  rm -f /run/munge/munged.pid /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 1 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || { echo "start-local-slurm: munged did not start" >&2; exit 1; }
fi

# 3. slurm.conf. A config this script did not write is never overwritten: this may be a real cluster's.
if [ -e "$CONF" ] && ! head -n 1 "$CONF" | grep -qF "$MARKER"; then
  echo "start-local-slurm: $CONF exists and was not written by this script; not touching it" >&2
  exit 1
fi
MEM_MB=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
mkdir -p "$STATE/ctld" "$STATE/d" "$LOGS" /etc/slurm
NEW_CONF="$(cat <<EOF
$MARKER
ClusterName=rnnlab-local
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# Short so that tests see finished jobs quickly and a requeued job starts again soon.
KillWait=10
MinJobAge=600
NodeName=$NODE CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
)"
if [ ! -e "$CONF" ] || [ "$(cat "$CONF")" != "$NEW_CONF" ]; then
  printf '%s\n' "$NEW_CONF" >"$CONF"
  CONF_CHANGED=1
else
  CONF_CHANGED=0
fi

# 4. The daemons. A changed config restarts whatever runs; -i keeps the job state of an earlier start.
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if [ "$CONF_CHANGED" = 1 ]; then
  for pidfile in "$STATE/slurmd.pid" "$STATE/slurmctld.pid"; do
    if alive "$pidfile"; then kill "$(cat "$pidfile")"; fi
  done
  sleep 1
fi
alive "$STATE/slurmctld.pid" || /usr/sbin/slurmctld -i
alive "$STATE/slurmd.pid" || /usr/sbin/slurmd

# 5. Ready when the node is idle (or already running jobs: mixed/allocated).
deadline=$(( $(date +%s) + WAIT_S ))
while true; do
  state="$(sinfo -h -n "$NODE" -o '%T' 2>/dev/null | head -n 1 || true)"
  case "$state" in
    idle | mixed | allocated | completing) break ;;
    down* | drain* | fail*)
      # A node left down by an earlier stop comes back once its slurmd is up.
      scontrol update nodename="$NODE" state=resume 2>/dev/null || true ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "start-local-slurm: node $NODE not idle after ${WAIT_S}s (state: ${state:-unknown}); logs in $LOGS" >&2
    exit 1
  fi
  sleep 0.5
done
sinfo
