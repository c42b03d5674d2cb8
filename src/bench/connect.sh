#!/usr/bin/env bash
# How long a new database connection takes on each transport, with Vert.x's default socket
# options and through the service's own pool (src/bench/ConnectTimes.java, one JVM per
# transport): the JVM's first connection, then the medians of new connections one after another.
# On native epoll Vert.x writes TCP_QUICKACK 0 to each socket unless told otherwise, and Linux then
# holds the last ACK of the TCP handshake for 200 ms; MySQL's server, which speaks first, waits
# for it. The service's pool turns TCP_QUICKACK on (db/Database).
#
#   bash src/bench/connect.sh        # on the embedded MariaDB, or the database TIDB_* names
set -euo pipefail
cd "$(dirname "$0")/../.."

BENCH_DB_ARGS=${BENCH_DB_ARGS:-}
. src/bench/common.sh
bench_init
bench_database

for transport in jdk native; do
  java -cp "$JAR" src/bench/ConnectTimes.java "$transport" 2>"$WORK/connect.log" || { cat "$WORK/connect.log"; exit 1; }
done
