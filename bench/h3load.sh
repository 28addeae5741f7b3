#!/usr/bin/env bash
# HTTP/3 load against a running staticflux with staticflux.http3.enabled=true, compared with h2 and HTTP/1.1 over
# TLS by the same client (bench/h3load/H3Load.java, Reactor Netty). Debian's h2load (nghttp2-client 1.52) is built
# without HTTP/3: `h2load --npn-list=h3` falls back to TCP. See docs/PERFORMANCE.md, "HTTP/3".
#
#   bench/h3load.sh https://localhost:8443/1k.txt
#
# Settings (environment variables): PROTOCOLS="h3 h2 h1" CONNECTIONS=2 STREAMS=16 DURATION=5 REQUESTS=1000000
# THREADS=1 (client event loops), ROUNDS=1. Bounded in time and count; run it against 127.0.0.1 only, and
# briefly on a shared machine: the client competes with the server for the same cores.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH_DIR")
URL=${1:?usage: bench/h3load.sh https://localhost:<port>/<file>}
PROTOCOLS=${PROTOCOLS:-"h3 h2 h1"}
CONNECTIONS=${CONNECTIONS:-2}
STREAMS=${STREAMS:-16}
DURATION=${DURATION:-5}
REQUESTS=${REQUESTS:-1000000}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-1}

CLASSPATH_FILE=$REPO/target/h3load.classpath
if [ ! -s "$CLASSPATH_FILE" ]; then
	(cd "$REPO" && ./mvnw -B -ntp -q ${MVN_ARGS:-} dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE")
fi
for round in $(seq "$ROUNDS"); do
	for protocol in $PROTOCOLS; do
		java -cp "$(cat "$CLASSPATH_FILE")" "$BENCH_DIR/h3load/H3Load.java" "$URL" "$protocol" "$CONNECTIONS" \
			"$STREAMS" "$DURATION" "$REQUESTS" "$THREADS" 2>/dev/null | tail -1
	done
done
