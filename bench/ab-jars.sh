#!/usr/bin/env bash
# Same-minute A/B of two staticflux jars: CPU per response, split by thread group, and req/s.
#
#   bench/ab-jars.sh OLD.jar NEW.jar [staticflux arguments...]
#
# Both jars run side by side with the benchmark's JVM flags on a site of one 1,024-byte file (and a 200 KB
# one), are warmed with wrk, then measured in rounds alternating old and new. For each round it prints
# req/s, p99, and the CPU (user + system, from /proc/<pid>/task/*/stat) per response of the event loops
# (staticflux-http-*), the file-I/O threads (staticflux-file-io-*), the JIT compilers and the rest. On a
# shared or noisy machine CPU per response is the steadier figure; take medians over the rounds.
#
# Environment (defaults): ROUNDS=6, DURATION=5 (s per round), WARMUP=25 (s per jar; the JIT takes that long
# to settle on 2 busy cores), CONNECTIONS=100, FILE=/1k.txt (or /200k.bin, /50k.bin), PORTS="19001 19002".
# LOAD=h2: HTTP/2 over TLS as bench/run.sh's h2 case (one self-signed ECDSA P-256 certificate made by openssl,
# a PEM SSL bundle, server.http2.enabled; h2load -t2 -c CONNECTIONS -m STREAMS=10 -n REQUESTS=100000 per round
# and per warm-up, p99 from its request log).
# The last line gives each jar's peak RSS (VmRSS sampled every 0.5 s from the start).
# Traffic goes to 127.0.0.1 only; every process started is stopped by PID at the end.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,18p' "$0"; exit 2; }
OLD=$(realpath "$1") NEW=$(realpath "$2")
shift 2
ROUNDS=${ROUNDS:-6} DURATION=${DURATION:-5} WARMUP=${WARMUP:-25} CONNECTIONS=${CONNECTIONS:-100}
FILE=${FILE:-/1k.txt} LOAD=${LOAD:-h1} STREAMS=${STREAMS:-10} REQUESTS=${REQUESTS:-100000}
read -r PORT_OLD PORT_NEW <<<"${PORTS:-19001 19002}"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
[ "$LOAD" = h1 ] || command -v h2load >/dev/null || { echo "h2load is needed (apt-get install nghttp2-client)" >&2; exit 1; }

. "$(dirname "$0")/jar-servers.sh"
head -c 1024 /dev/urandom >"$work/www/1k.txt"
head -c 204800 /dev/urandom >"$work/www/200k.bin"
head -c 51200 /dev/urandom >"$work/www/50k.bin"
scheme=http tls_args=()
if [ "$LOAD" = h2 ]; then
	scheme=https
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
		-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
	tls_args=(--server.ssl.bundle=bench --server.http2.enabled=true
		--spring.ssl.bundle.pem.bench.keystore.certificate="file:$work/cert.pem"
		--spring.ssl.bundle.pem.bench.keystore.private-key="file:$work/key.pem")
fi

start "$OLD" "$PORT_OLD" ${tls_args[@]+"${tls_args[@]}"} "$@"
start "$NEW" "$PORT_NEW" ${tls_args[@]+"${tls_args[@]}"} "$@"
pid_old=${pids[0]} pid_new=${pids[1]}
# load PORT SECONDS: one run of the load against PORT; prints "responses req/s p99". h2load runs in count mode
# (REQUESTS each), as its timing mode at times never ends against Reactor Netty (docs/PERFORMANCE.md, "Method").
load() {
	local url="$scheme://127.0.0.1:$1$FILE" out p99
	if [ "$LOAD" = h2 ]; then
		rm -f "$work/requests"
		out=$(timeout -k 5 120 h2load -t2 -c"$CONNECTIONS" -m"$STREAMS" -n"$REQUESTS" --log-file="$work/requests" "$url") \
			|| true
		grep -q ' 0 failed, 0 errored, 0 timeout' <<<"$out" || echo "h2load counted failures: $(grep '^requests:' <<<"$out")" >&2
		# nearest-rank p99 of the request log (microseconds; status -1 is a failed request)
		p99=$(awk -F'\t' '$2 != -1 { print $3 }' "$work/requests" | sort -n \
			| awk '{ v[NR] = $1 } END { if (NR) { i = int(NR * 0.99); if (i < NR * 0.99) i++; printf "%.2fms", v[i] / 1000 } }')
		echo "$(awk '/^requests:/ {print $8}' <<<"$out") $(awk '/^finished in/ {print $4}' <<<"$out") $p99"
	else
		out=$(wrk -t2 -c"$CONNECTIONS" -d"${2}s" --latency "$url")
		echo "$(awk '/requests in/ {print $1}' <<<"$out") $(awk '/Requests\/sec/ {print $2}' <<<"$out") \
$(awk '$1 == "99%" {print $2}' <<<"$out")"
	fi
}
# peak VmRSS of both jars, sampled in the background until the end
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
(
	trap - EXIT
	peak_old=0 peak_new=0
	while kill -0 "$pid_old" 2>/dev/null && kill -0 "$pid_new" 2>/dev/null; do
		r=$(rss_kb "$pid_old") && [ "${r:-0}" -gt "$peak_old" ] && peak_old=$r
		r=$(rss_kb "$pid_new") && [ "${r:-0}" -gt "$peak_new" ] && peak_new=$r
		echo "$peak_old $peak_new" >"$work/rss"
		sleep 0.5
	done
) &
for port in "$PORT_OLD" "$PORT_NEW"; do
	for _ in $(seq 120); do
		curl -skf -o /dev/null "$scheme://127.0.0.1:$port$FILE" && break
		sleep 0.5
	done
	curl -skf -o /dev/null "$scheme://127.0.0.1:$port$FILE" || { tail -20 "$work/log-$port.txt"; exit 1; }
	load "$port" "$WARMUP" >/dev/null
done

# CPU ticks of a process's threads by group: "http file-io jit other"
cpu() {
	local http=0 file=0 jit=0 other=0 task name ticks
	for task in /proc/"$1"/task/*; do
		name=$(cat "$task/comm" 2>/dev/null) || continue
		ticks=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$task/stat" 2>/dev/null) || continue
		case $name in
			staticflux-http*) http=$((http + ticks)) ;;
			staticflux-file*) file=$((file + ticks)) ;;
			C1\ * | C2\ *) jit=$((jit + ticks)) ;;
			*) other=$((other + ticks)) ;;
		esac
	done
	echo "$http $file $jit $other"
}
hz=$(getconf CLK_TCK)
per() { # ticks, responses: µs per response
	awk -v t="$1" -v n="$2" -v hz="$hz" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }'
}
printf '%-5s %-4s %10s %8s %10s %10s %10s %10s %10s\n' round jar req/s p99 'http µs' 'file µs' 'jit µs' 'other µs' 'all µs'
for round in $(seq "$ROUNDS"); do
	for side in old new; do
		if [ "$side" = old ]; then pid=$pid_old port=$PORT_OLD; else pid=$pid_new port=$PORT_NEW; fi
		read -r h0 f0 j0 o0 < <(cpu "$pid")
		read -r n rps p99 < <(load "$port" "$DURATION")
		read -r h1 f1 j1 o1 < <(cpu "$pid")
		printf '%-5s %-4s %10s %8s %10s %10s %10s %10s %10s\n' "$round" "$side" "$rps" "$p99" \
			"$(per $((h1 - h0)) "$n")" "$(per $((f1 - f0)) "$n")" "$(per $((j1 - j0)) "$n")" \
			"$(per $((o1 - o0)) "$n")" "$(per $((h1 - h0 + f1 - f0 + j1 - j0 + o1 - o0)) "$n")"
	done
done
read -r peak_old peak_new <"$work/rss"
echo "peak RSS: old $((peak_old / 1024)) MB, new $((peak_new / 1024)) MB"
