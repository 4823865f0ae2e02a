#!/usr/bin/env bash
# A local cluster for trying streamrun on Kafka: a Tansu broker, two instances of
# topologies/sellable.yaml in one consumer group, and the query-side service
# (topologies/sellable-service.yaml, its table in SQLite) — the equivalent of the original's docker-compose.
#
#   scripts/local-cluster.sh up      build (release), start a broker on :9092, instances on :9094 and :9095,
#                                    and the service on :9096
#   scripts/local-cluster.sh status  show what runs
#   scripts/local-cluster.sh down    stop everything and remove the cluster's data
#
# Environment: BROKER_PORT (9092), PORTS ("9094 9095"), SERVICE_PORT (9096), TOPOLOGY (topologies/sellable.yaml).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DIR=.cluster
BROKER_PORT="${BROKER_PORT:-9092}"
PORTS="${PORTS:-9094 9095}"
SERVICE_PORT="${SERVICE_PORT:-9096}"
TOPOLOGY="${TOPOLOGY:-topologies/sellable.yaml}"
TANSU="${STREAMRUN_TOOLS:-/opt/streamrun-tools}/bin/tansu"
BIN=.build/release/streamrun

wait_http() {
    for _ in $(seq 1 150); do
        curl -fs "http://127.0.0.1:$1/ready" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "instance on :$1 did not become ready; see $DIR/instance-$1.log" >&2
    return 1
}

up() {
    [ -x "$TANSU" ] || { echo "no Tansu broker at $TANSU: run bash scripts/setup.sh" >&2; exit 1; }
    swift build -c release --product streamrun >/dev/null   # incremental: quick when up to date
    mkdir -p "$DIR"
    "$TANSU" broker --listener-url "tcp://127.0.0.1:$BROKER_PORT" \
        --advertised-listener-url "tcp://127.0.0.1:$BROKER_PORT" >"$DIR/broker.log" 2>&1 &
    echo $! >"$DIR/broker.pid"
    for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$BROKER_PORT") 2>/dev/null && break; sleep 0.1; done
    echo "broker: 127.0.0.1:$BROKER_PORT"
    for port in $PORTS; do
        "$BIN" run "$TOPOLOGY" --port "$port" --host 127.0.0.1 --data-dir "$DIR/data-$port" \
            --bootstrap-servers "127.0.0.1:$BROKER_PORT" --instance-id "instance-$port" \
            --advertised-url "http://127.0.0.1:$port" >"$DIR/instance-$port.log" 2>&1 &
        echo $! >"$DIR/instance-$port.pid"
    done
    SELLABLE_DB="$DIR/service.db" "$BIN" run topologies/sellable-service.yaml --port "$SERVICE_PORT" --host 127.0.0.1 \
        --data-dir "$DIR/data-$SERVICE_PORT" --bootstrap-servers "127.0.0.1:$BROKER_PORT" --instance-id "service-$SERVICE_PORT" \
        >"$DIR/instance-$SERVICE_PORT.log" 2>&1 &
    echo $! >"$DIR/instance-$SERVICE_PORT.pid"
    for port in $PORTS; do wait_http "$port" && echo "instance: http://127.0.0.1:$port (log: $DIR/instance-$port.log)"; done
    wait_http "$SERVICE_PORT" && echo "service:  http://127.0.0.1:$SERVICE_PORT (log: $DIR/instance-$SERVICE_PORT.log)"
}

down() {
    for pidfile in "$DIR"/instance-*.pid "$DIR"/broker.pid; do
        [ -f "$pidfile" ] || continue
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    done
    sleep 1
    rm -rf "$DIR"
    echo "cluster stopped"
}

status() {
    for pidfile in "$DIR"/*.pid; do
        [ -f "$pidfile" ] || { echo "nothing runs"; return; }
        name=$(basename "$pidfile" .pid)
        if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$name: running"; else echo "$name: stopped"; fi
    done
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
esac
