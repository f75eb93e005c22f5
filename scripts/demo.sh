#!/usr/bin/env bash
# The main job: local broker, worker, bundled sample replayed, decisions shown as they arrive.
# `scripts/demo.sh stop` stops the worker and the broker.
set -euo pipefail
cd "$(dirname "$0")/.."
MODSTREAM=.venv/bin/modstream
WEB_PORT=${MODSTREAM_WEB_PORT:-6066}  # the worker reads the same variables
METRICS_PORT=${MODSTREAM_METRICS_PORT:-9108}
PIDFILE=var/demo-worker.pid
LOG=var/demo-worker.log
mkdir -p var

stop_worker() {
  if [[ -f $PIDFILE ]] && kill -0 "$(cat $PIDFILE)" 2>/dev/null; then
    kill "$(cat $PIDFILE)"; sleep 2; kill -9 "$(cat $PIDFILE)" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

if [[ ${1:-} == stop ]]; then
  stop_worker; $MODSTREAM kafka down; exit 0
fi

echo "==> 1/4 local Apache Kafka (KRaft) on 127.0.0.1:${MODSTREAM_KAFKA_PORT:-19092}"
$MODSTREAM kafka up
$MODSTREAM kafka topics

echo "==> 2/4 worker (log: $LOG)"
stop_worker
nohup $MODSTREAM worker >"$LOG" 2>&1 &
echo $! >"$PIDFILE"
for _ in $(seq 1 120); do
  curl -fsS http://127.0.0.1:$WEB_PORT/readyz >/dev/null 2>&1 && break
  kill -0 "$(cat $PIDFILE)" 2>/dev/null || { echo "worker died:"; tail -30 "$LOG"; exit 1; }
  sleep 0.5
done
curl -fsS http://127.0.0.1:$WEB_PORT/readyz >/dev/null || { echo "worker not ready:"; tail -30 "$LOG"; exit 1; }

n=$(grep -c . samples/comments.jsonl)
started=$(date +%s)
echo "==> 3/4 replaying $n sample comments (+ a few malformed ones for the dead-letter topic)"
$MODSTREAM replay samples/comments.jsonl --rate 100 --no-progress &
replay_pid=$!
$MODSTREAM replay samples/malformed.jsonl --no-progress >/dev/null

echo "==> 4/4 each comment's final decision (this run's records only, once the stream is quiet)"
$MODSTREAM tail --from-beginning --since "$started" --final --idle-timeout 10
wait "$replay_pid"

cat <<MSG

Done. The worker and the broker keep running:
  metrics      http://127.0.0.1:$METRICS_PORT/metrics   (Prometheus format)
  health       http://127.0.0.1:$WEB_PORT/healthz   readiness: http://127.0.0.1:$WEB_PORT/readyz
  more         .venv/bin/modstream tail           (follow decisions)
               .venv/bin/modstream replay FILE    (send your own JSONL)
  stop         make stop
MSG
