#!/usr/bin/env bash
# What tracing costs: the trade A/B of src/bench/ab.sh with tracing off (no OTEL_* variable: the
# Vert.x has no tracer) against tracing on, exporting every span with the SDK's defaults (batch
# span processor, OTLP over HTTP/protobuf, OkHttp) to a collector on this machine that counts
# and drops them (src/bench/OtlpSink.java). Each traced trade is four spans: the server span of
# POST /trades and its three statements. The sink's CPU is not the service's: ab.sh's CPU per
# trade is the service process alone; the throughput shares the machine with the sink.
# At the end the sink's counts show that the spans were exported, not dropped (spans per trade).
#
#   bash src/bench/tracing-cost.sh        # PAIRS=3 SECONDS_PER_RUN=10, as ab.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

SINK_PORT=${SINK_PORT:-14318}
SINK_LOG=$(mktemp)
java src/bench/OtlpSink.java "$SINK_PORT" >"$SINK_LOG" 2>&1 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true; wait $SINK 2>/dev/null || true; rm -f "$SINK_LOG"' EXIT
for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:$SINK_PORT/stats" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "http://127.0.0.1:$SINK_PORT/stats" >/dev/null || { echo "the OTLP sink did not start:"; cat "$SINK_LOG"; exit 1; }

A_NAME=off A_ENV= \
B_NAME=traced B_ENV="OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$SINK_PORT" \
  bash src/bench/ab.sh

echo "== the sink received: $(curl -s "http://127.0.0.1:$SINK_PORT/stats")"
echo "   (4 spans per traced trade: the warm-ups and the strace runs were traced too)"
