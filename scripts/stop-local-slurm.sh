#!/usr/bin/env bash
# Stops the one-node Slurm that scripts/start-local-slurm.sh started (slurmd, slurmctld, munged); safe to run twice.
set -uo pipefail

STATE=/var/spool/rnnlab-slurm

stop_pidfile() {
  local pidfile="$1" name="$2"
  [ -s "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then echo "stop-local-slurm: $name (pid $pid) did not stop" >&2; return 1; fi
  fi
  rm -f "$pidfile"
}

# Jobs still running would be orphaned by slurmd going away.
if command -v scancel >/dev/null && [ -s "$STATE/slurmctld.pid" ]; then scancel --state=RUNNING --full 2>/dev/null || true; fi
stop_pidfile "$STATE/slurmd.pid" slurmd
stop_pidfile "$STATE/slurmctld.pid" slurmctld
stop_pidfile /run/munge/munged.pid munged
echo "local Slurm stopped"
