#!/usr/bin/env bash
# Stops the broker started by start.sh (TERM, then KILL after 30 s).
set -euo pipefail

if [[ -n "${KAFKA_BROKERS:-}" ]]; then
  echo "KAFKA_BROKERS is set; no local broker to stop"
  exit 0
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE_DIR="${VELO_KAFKA_DIR:-$ROOT/.velo/kafka}"
PID_FILE="$STATE_DIR/kafka.pid"

if [[ ! -f "$PID_FILE" ]]; then
  echo "kafka is not running"
  exit 0
fi
pid="$(cat "$PID_FILE")"
if ! kill -0 "$pid" 2>/dev/null; then
  echo "kafka is not running (stale pid file)"
  rm -f "$PID_FILE"
  exit 0
fi

kill -TERM "$pid"
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if kill -0 "$pid" 2>/dev/null; then
  echo "kafka did not stop within 30 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$PID_FILE"
echo "kafka stopped"
