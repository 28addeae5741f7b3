#!/usr/bin/env bash
# staticflux reliability stress run: the long cases the JUnit suite leaves out (docs/RELIABILITY.md).
#
#   bench/stress.sh              full run (about 16 minutes, soak 5 minutes)
#   QUICK=1 bench/stress.sh      every case, smaller counts and durations (about 4 minutes)
#   SOAK_SECONDS=900 bench/stress.sh
#
# Builds the jar, generates a fixture under bench/results/tmp/, starts staticflux on 127.0.0.1 and drives it
# with ab, wrk and the small python3 clients in bench/stress/. Every figure goes to
# bench/results/stress-<timestamp>.md and .csv. Traffic goes only to 127.0.0.1; every process this script
# starts is stopped by its PID on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
	AB_REQUESTS=${AB_REQUESTS:-20000}; KEEPALIVE_CONNECTIONS=${KEEPALIVE_CONNECTIONS:-5000}
	LOAD_SECONDS=${LOAD_SECONDS:-10}; SLOW_CONNECTIONS=${SLOW_CONNECTIONS:-2000}
	SOAK_SECONDS=${SOAK_SECONDS:-60}; ABORTS=${ABORTS:-5000}
else
	AB_REQUESTS=${AB_REQUESTS:-100000}; KEEPALIVE_CONNECTIONS=${KEEPALIVE_CONNECTIONS:-5000}
	LOAD_SECONDS=${LOAD_SECONDS:-30}; SLOW_CONNECTIONS=${SLOW_CONNECTIONS:-2000}
	SOAK_SECONDS=${SOAK_SECONDS:-300}; ABORTS=${ABORTS:-100000}
fi
AB_CONCURRENCY=${AB_CONCURRENCY:-1000}
PORT=${PORT:-18480}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18481}
HEADER_TIMEOUT_SECONDS=${HEADER_TIMEOUT_SECONDS:-5}
GRACE_SECONDS=${GRACE_SECONDS:-20}
# The slow-reader and zero-window cases run against a second server with HTTP/2 on, a shorter send timeout and
# the container's memory settings (a heap of about 300 MB, exit on OutOfMemoryError), so unbounded buffering
# kills it.
EXHAUST_PORT=${EXHAUST_PORT:-$((PORT + 2))}
EXHAUST_MANAGEMENT_PORT=${EXHAUST_MANAGEMENT_PORT:-$((PORT + 3))}
SEND_TIMEOUT_SECONDS=${SEND_TIMEOUT_SECONDS:-10}
SLOW_READERS=${SLOW_READERS:-100}
ZERO_WINDOW_STREAMS=${ZERO_WINDOW_STREAMS:-100}
BASE=http://127.0.0.1:$PORT

RESULTS=bench/results
TMP=$RESULTS/tmp
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
REPORT=$RESULTS/stress-$STAMP.md
CSV=$RESULTS/stress-$STAMP.csv
mkdir -p "$TMP"
SERVER_PID=""
EXHAUST_PID=""
HELPER_PIDS=()

stop_all() {
	for pid in "${HELPER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	if [[ -n $EXHAUST_PID ]]; then kill "$EXHAUST_PID" 2>/dev/null || true; wait "$EXHAUST_PID" 2>/dev/null || true; fi
	if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap stop_all EXIT

log() { echo "[stress] $*" >&2; }
record() { # case, metric, value, verdict
	echo "$1,$2,$3,$4" >>"$CSV"
	echo "| $1 | $2 | $3 | $4 |" >>"$REPORT"
}
verdict() { if eval "$1"; then echo pass; else echo FAIL; fi; }

# --- tools and limits -------------------------------------------------------------------------------------
need=()
command -v ab >/dev/null || need+=(apache2-utils)
command -v wrk >/dev/null || need+=(wrk)
command -v python3 >/dev/null || need+=(python3)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
	log "installing ${need[*]}"
	apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if (($(ulimit -n) < KEEPALIVE_CONNECTIONS + SLOW_CONNECTIONS + 1000)); then
	log "open-file limit $(ulimit -n) is too low for $KEEPALIVE_CONNECTIONS connections"; exit 1
fi

# --- build and fixture ------------------------------------------------------------------------------------
log "building the jar"
./mvnw -B -q -o package -DskipTests
JAR=$(ls target/staticflux-*.jar | grep -v original | head -1)
ROOT=$TMP/www
rm -rf "$ROOT" && mkdir -p "$ROOT"
head -c 2048 /dev/urandom | base64 >"$ROOT/small.html"
head -c $((200 * 1024)) /dev/urandom >"$ROOT/medium.bin"
head -c $((64 * 1024 * 1024)) /dev/urandom >"$ROOT/large.bin"
echo "<h1>stress</h1>" >"$ROOT/index.html"
LARGE_SIZE=$(stat -c %s "$ROOT/large.bin")

start_server() {
	java -Xmx512m -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
		--management.server.port="$MANAGEMENT_PORT" --staticflux.root="$ROOT" \
		--staticflux.access-log.file="$TMP/access.log" \
		--staticflux.timeouts.request-header="${HEADER_TIMEOUT_SECONDS}s" \
		--spring.lifecycle.timeout-per-shutdown-phase="${GRACE_SECONDS}s" >"$TMP/server.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 1 240); do
		if curl -fs -o /dev/null "$BASE/small.html"; then return 0; fi
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "server died"; tail -30 "$TMP/server.log"; exit 1; fi
		sleep 0.5
	done
	log "server did not start"; exit 1
}
fds() { ls /proc/"$SERVER_PID"/fd | wc -l; }
rss_kb() { awk '/VmRSS/ {print $2}' /proc/"$SERVER_PID"/status; }
direct_bytes() {
	curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/actuator/metrics/jvm.buffer.memory.used?tag=id:direct" |
		python3 -c 'import json,sys; print(int(json.load(sys.stdin)["measurements"][0]["value"]))' 2>/dev/null || echo n/a
}
wrk_field() { # file, python expression over the parsed summary
	python3 - "$1" "$2" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(s):
    v, unit = re.match(r"([\d.]+)(us|ms|s)", s).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
m = re.search(r"(\d+) requests in", text); requests = int(m.group(1)) if m else 0
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
errors = sum(map(int, m.groups())) if m else 0
m = re.search(r"Non-2xx or 3xx responses: (\d+)", text); non2xx = int(m.group(1)) if m else 0
m = re.search(r"\s99%\s+(\S+)", text); p99 = ms(m.group(1)) if m else -1
m = re.search(r"Requests/sec:\s+([\d.]+)", text); rps = float(m.group(1)) if m else 0
print(eval(sys.argv[2]))
EOF
}

cat >"$REPORT" <<EOF
# staticflux stress run $STAMP

Machine: $(nproc) cores, $(awk '/MemTotal/ {print int($2/1024)" MB"}' /proc/meminfo), load average at start $(cut -d' ' -f1-3 /proc/loadavg).
Settings: QUICK=$QUICK, ab $AB_REQUESTS requests at concurrency $AB_CONCURRENCY, wrk $KEEPALIVE_CONNECTIONS connections for ${LOAD_SECONDS}s,
$SLOW_CONNECTIONS slowloris connections, request-header timeout ${HEADER_TIMEOUT_SECONDS}s, soak ${SOAK_SECONDS}s, $ABORTS aborted requests.

| case | metric | value | verdict |
|---|---|---|---|
EOF
echo "case,metric,value,verdict" >"$CSV"

log "starting staticflux"
start_server
for _ in 1 2 3; do ab -q -n 2000 -c 50 "$BASE/small.html" >/dev/null 2>&1 || true; done
FD_BASELINE=$(fds)
DIRECT_BASELINE=$(direct_bytes)

# --- 1. no keep-alive: ab ---------------------------------------------------------------------------------
log "ab: $AB_REQUESTS requests, concurrency $AB_CONCURRENCY, no keep-alive"
ab -q -r -s 30 -n "$AB_REQUESTS" -c "$AB_CONCURRENCY" "$BASE/small.html" >"$TMP/ab.txt" 2>&1 || true
failed=$(awk '/^Failed requests:/ {print $3}' "$TMP/ab.txt"); failed=${failed:-all}
complete=$(awk '/^Complete requests:/ {print $3}' "$TMP/ab.txt"); complete=${complete:-0}
non2xx=$(awk '/^Non-2xx responses:/ {print $3}' "$TMP/ab.txt"); non2xx=${non2xx:-0}
record "no keep-alive (ab -c $AB_CONCURRENCY)" "complete requests" "$complete" "$(verdict "[[ $complete == $AB_REQUESTS ]]")"
record "no keep-alive (ab -c $AB_CONCURRENCY)" "failed requests" "$failed" "$(verdict "[[ $failed == 0 ]]")"
record "no keep-alive (ab -c $AB_CONCURRENCY)" "non-2xx (incl. limiter 503)" "$non2xx" "$(verdict "[[ $non2xx == 0 ]]")"
record "no keep-alive (ab -c $AB_CONCURRENCY)" "requests/s" "$(awk '/^Requests per second:/ {print $4}' "$TMP/ab.txt")" info
record "no keep-alive (ab -c $AB_CONCURRENCY)" "p99 ms" "$(awk '/^  99%/ {print $2}' "$TMP/ab.txt")" info

# --- 2. keep-alive: wrk -c5000 ----------------------------------------------------------------------------
log "wrk: $KEEPALIVE_CONNECTIONS keep-alive connections for ${LOAD_SECONDS}s"
wrk -t2 -c"$KEEPALIVE_CONNECTIONS" -d"${LOAD_SECONDS}s" --timeout 30s --latency "$BASE/small.html" >"$TMP/wrk-keepalive.txt" 2>&1 || true
errors=$(wrk_field "$TMP/wrk-keepalive.txt" errors); non2xx=$(wrk_field "$TMP/wrk-keepalive.txt" non2xx)
record "keep-alive (wrk -c$KEEPALIVE_CONNECTIONS)" requests "$(wrk_field "$TMP/wrk-keepalive.txt" requests)" info
record "keep-alive (wrk -c$KEEPALIVE_CONNECTIONS)" "socket errors" "$errors" "$(verdict "[[ $errors == 0 ]]")"
record "keep-alive (wrk -c$KEEPALIVE_CONNECTIONS)" "non-2xx (incl. limiter 503)" "$non2xx" "$(verdict "[[ $non2xx == 0 ]]")"
record "keep-alive (wrk -c$KEEPALIVE_CONNECTIONS)" "requests/s" "$(wrk_field "$TMP/wrk-keepalive.txt" rps)" info
record "keep-alive (wrk -c$KEEPALIVE_CONNECTIONS)" "p99 ms" "$(wrk_field "$TMP/wrk-keepalive.txt" p99)" info

# --- 3. slowloris while normal clients run ----------------------------------------------------------------
slow_seconds=$((HEADER_TIMEOUT_SECONDS * 4 + 10))
log "slowloris: $SLOW_CONNECTIONS trickling connections for at most ${slow_seconds}s, wrk -c50 alongside"
python3 bench/stress/slowloris.py "$PORT" "$SLOW_CONNECTIONS" "$slow_seconds" 0.5 >"$TMP/slowloris.csv" &
HELPER_PIDS+=($!); slow_pid=$!
sleep 2
wrk -t1 -c50 -d"$((HEADER_TIMEOUT_SECONDS * 2))s" --timeout 10s --latency "$BASE/small.html" >"$TMP/wrk-slowloris.txt" 2>&1 || true
wait "$slow_pid" || true
IFS=, read -r opened closed answered median_close max_close <"$TMP/slowloris.csv"
p99=$(wrk_field "$TMP/wrk-slowloris.txt" p99); errors=$(wrk_field "$TMP/wrk-slowloris.txt" errors+non2xx)
record slowloris "slow connections closed by the server" "$closed of $opened" "$(verdict "[[ $closed == $opened ]]")"
record slowloris "slow connections answered" "$answered" "$(verdict "[[ $answered == 0 ]]")"
record slowloris "seconds to close (median / max; timeout ${HEADER_TIMEOUT_SECONDS}s)" "$median_close / $max_close" info
record slowloris "normal clients p99 ms" "$p99" "$(verdict "python3 -c 'import sys; sys.exit(0 if 0 <= $p99 < 100 else 1)'")"
record slowloris "normal clients errors + non-2xx" "$errors" "$(verdict "[[ $errors == 0 ]]")"

# --- 4. leaks: random aborts ------------------------------------------------------------------------------
log "aborts: $ABORTS requests closed mid-response"
python3 bench/stress/aborts.py "$PORT" "$ABORTS" /small.html /medium.bin /large.bin >"$TMP/aborts.csv"
settled=""
for _ in $(seq 1 60); do
	now=$(fds)
	if ((now <= FD_BASELINE + 5)); then settled=yes; break; fi
	sleep 1
done
record "leaks after $ABORTS aborts" "open fds (baseline / after)" "$FD_BASELINE / $(fds)" "$(verdict "[[ -n '$settled' ]]")"
record "leaks after $ABORTS aborts" "direct buffer bytes (baseline / after)" "$DIRECT_BASELINE / $(direct_bytes)" info
record "leaks after $ABORTS aborts" "server answers afterwards" "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/small.html")" info

# --- 5. soak ----------------------------------------------------------------------------------------------
log "soak: ${SOAK_SECONDS}s of wrk -c100, VmRSS every 10s"
echo "seconds,vmrss_kb" >"$RESULTS/soak-$STAMP.csv"
wrk -t2 -c100 -d"${SOAK_SECONDS}s" --timeout 10s "$BASE/medium.bin" >"$TMP/wrk-soak.txt" 2>&1 &
HELPER_PIDS+=($!); soak_pid=$!
first=""; t=0
while kill -0 "$soak_pid" 2>/dev/null; do
	rss=$(rss_kb); echo "$t,$rss" >>"$RESULTS/soak-$STAMP.csv"
	# The first minute is warm-up (JIT, pools filling); growth is measured from the sample at 60 s or the first.
	if [[ -z $first && ($t -ge 60 || $t -ge $((SOAK_SECONDS / 2))) ]]; then first=$rss; fi
	sleep 10; t=$((t + 10))
done
last=$(rss_kb)
growth=$(python3 -c "print(round(($last - ${first:-$last}) * 100 / ${first:-$last}, 1))")
record "soak ${SOAK_SECONDS}s" "VmRSS after warm-up / at end (kB)" "${first:-$last} / $last" info
record "soak ${SOAK_SECONDS}s" "VmRSS growth %" "$growth" "$(verdict "python3 -c 'import sys; sys.exit(0 if $growth <= 10 else 1)'")"
record "soak ${SOAK_SECONDS}s" "errors + non-2xx" "$(wrk_field "$TMP/wrk-soak.txt" errors+non2xx)" info
record "soak ${SOAK_SECONDS}s" "requests" "$(wrk_field "$TMP/wrk-soak.txt" requests)" info

# --- 6. clients that never read, HTTP/2 zero window (issue 13) --------------------------------------------
log "slow readers and zero window: second server on $EXHAUST_PORT, HTTP/2 on, send timeout ${SEND_TIMEOUT_SECONDS}s"
java -Xmx300m -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError -jar "$JAR" \
	--server.address=127.0.0.1 --server.port="$EXHAUST_PORT" \
	--management.server.port="$EXHAUST_MANAGEMENT_PORT" --staticflux.root="$ROOT" --server.http2.enabled=true \
	--staticflux.access-log.enabled=false --staticflux.timeouts.send="${SEND_TIMEOUT_SECONDS}s" >"$TMP/exhaust.log" 2>&1 &
EXHAUST_PID=$!
for _ in $(seq 1 240); do
	if curl -fs -o /dev/null "http://127.0.0.1:$EXHAUST_PORT/small.html"; then break; fi
	sleep 0.5
done
aborted() {
	curl -fs "http://127.0.0.1:$EXHAUST_MANAGEMENT_PORT/actuator/staticflux" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["abortedSlowClients"])' 2>/dev/null || echo n/a
}
aborted_before=$(aborted)
slow_wait=$((SEND_TIMEOUT_SECONDS * 2 + 5))
python3 bench/stress/slowreaders.py "$EXHAUST_PORT" "$EXHAUST_PID" "$SLOW_READERS" /large.bin "$slow_wait" "$LARGE_SIZE" \
	>"$TMP/slowreaders.csv"
IFS=, read -r readers readers_closed rss_before rss_during <"$TMP/slowreaders.csv"
growth_mb=$(((rss_during - rss_before) / 1024))
aborted_after=$(aborted)
record "slow readers ($SLOW_READERS, half 8 x 1 MB ranges)" "VmRSS after GC, before / while they hang (kB)" "$rss_before / $rss_during" info
record "slow readers ($SLOW_READERS, half 8 x 1 MB ranges)" "VmRSS growth MB (bound 256)" "$growth_mb" \
	"$(verdict "((growth_mb < 256))")"
record "slow readers ($SLOW_READERS, half 8 x 1 MB ranges)" "closed by the server within $slow_wait s" "$readers_closed of $readers" \
	"$(verdict "[[ $readers_closed == $readers ]]")"
record "slow readers ($SLOW_READERS, half 8 x 1 MB ranges)" "abortedSlowClients (before / after)" "$aborted_before / $aborted_after" info
answer=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$EXHAUST_PORT/small.html" || true)
record "slow readers ($SLOW_READERS, half 8 x 1 MB ranges)" "server alive and answering afterwards" "$answer" \
	"$(verdict "[[ '$answer' == 200 ]]")"
python3 bench/stress/zerowindow.py "$EXHAUST_PORT" "$EXHAUST_PID" "$ZERO_WINDOW_STREAMS" /large.bin "$slow_wait" \
	>"$TMP/zerowindow.csv"
IFS=, read -r streams resets reset_seconds rss_before rss_during <"$TMP/zerowindow.csv"
growth_mb=$(((rss_during - rss_before) / 1024))
record "HTTP/2 zero window ($ZERO_WINDOW_STREAMS streams)" "VmRSS after GC, before / 3 s after (kB)" "$rss_before / $rss_during" info
record "HTTP/2 zero window ($ZERO_WINDOW_STREAMS streams)" "VmRSS growth MB (bound 256)" "$growth_mb" "$(verdict "((growth_mb < 256))")"
record "HTTP/2 zero window ($ZERO_WINDOW_STREAMS streams)" "streams reset by the send timeout" "$resets of $streams" \
	"$(verdict "[[ $resets == $streams ]]")"
record "HTTP/2 zero window ($ZERO_WINDOW_STREAMS streams)" "seconds to the last reset (timeout ${SEND_TIMEOUT_SECONDS}s)" "$reset_seconds" info
answer=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$EXHAUST_PORT/small.html" || true)
record "HTTP/2 zero window ($ZERO_WINDOW_STREAMS streams)" "server alive and answering afterwards" "$answer" \
	"$(verdict "[[ '$answer' == 200 ]]")"
kill "$EXHAUST_PID" 2>/dev/null || true; wait "$EXHAUST_PID" 2>/dev/null || true; EXHAUST_PID=""

# --- 7. SIGTERM under load --------------------------------------------------------------------------------
log "SIGTERM: a long download and wrk in flight"
curl -s --limit-rate 8M -o "$TMP/download.bin" -w '%{http_code} %{size_download}\n' "$BASE/large.bin" >"$TMP/download.txt" &
HELPER_PIDS+=($!); download_pid=$!
wrk -t1 -c50 -d15s --timeout 10s "$BASE/small.html" >"$TMP/wrk-sigterm.txt" 2>&1 &
HELPER_PIDS+=($!); wrk_pid=$!
sleep 2
term_at=$(date +%s.%N)
kill -TERM "$SERVER_PID"
sleep 1
refused=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/small.html" || true)
set +e; wait "$SERVER_PID"; exit_code=$?; set -e
exited_after=$(python3 -c "import time; print(round(time.time() - $term_at, 1))")
SERVER_PID=""
wait "$download_pid" || true; wait "$wrk_pid" || true
read -r download_status download_size <"$TMP/download.txt" || true
record "SIGTERM under load" "long download (status, bytes of $LARGE_SIZE)" "$download_status $download_size" \
	"$(verdict "[[ '$download_status' == 200 && '$download_size' == $LARGE_SIZE ]]")"
record "SIGTERM under load" "new connection after SIGTERM (curl code, 000 = refused)" "$refused" "$(verdict "[[ '$refused' == 000 ]]")"
record "SIGTERM under load" "exit code" "$exit_code" "$(verdict "[[ $exit_code == 0 ]]")"
record "SIGTERM under load" "seconds to exit (grace ${GRACE_SECONDS}s)" "$exited_after" "$(verdict "python3 -c 'import sys; sys.exit(0 if $exited_after <= $GRACE_SECONDS + 5 else 1)'")"
record "SIGTERM under load" "wrk socket errors (mostly reconnects refused after the listener closed)" "$(wrk_field "$TMP/wrk-sigterm.txt" errors)" info

log "report: $REPORT"
cat "$REPORT"
