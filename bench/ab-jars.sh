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
# to settle on 2 busy cores), CONNECTIONS=100, FILE=/1k.txt (or /200k.bin), PORTS="19001 19002".
# Traffic goes to 127.0.0.1 only; both servers are stopped by PID at the end.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,14p' "$0"; exit 2; }
OLD=$(realpath "$1") NEW=$(realpath "$2")
shift 2
ROUNDS=${ROUNDS:-6} DURATION=${DURATION:-5} WARMUP=${WARMUP:-25} CONNECTIONS=${CONNECTIONS:-100}
FILE=${FILE:-/1k.txt}
read -r PORT_OLD PORT_NEW <<<"${PORTS:-19001 19002}"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

. "$(dirname "$0")/jar-servers.sh"
head -c 1024 /dev/urandom >"$work/www/1k.txt"
head -c 204800 /dev/urandom >"$work/www/200k.bin"

start "$OLD" "$PORT_OLD" "$@"
start "$NEW" "$PORT_NEW" "$@"
pid_old=${pids[0]} pid_new=${pids[1]}
for port in "$PORT_OLD" "$PORT_NEW"; do
	await_answer "$port" "$FILE"
	wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$port$FILE" >/dev/null
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
		out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$port$FILE")
		read -r h1 f1 j1 o1 < <(cpu "$pid")
		n=$(awk '/requests in/ {print $1}' <<<"$out")
		rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
		p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
		printf '%-5s %-4s %10s %8s %10s %10s %10s %10s %10s\n' "$round" "$side" "$rps" "$p99" \
			"$(per $((h1 - h0)) "$n")" "$(per $((f1 - f0)) "$n")" "$(per $((j1 - j0)) "$n")" \
			"$(per $((o1 - o0)) "$n")" "$(per $((h1 - h0 + f1 - f0 + j1 - j0 + o1 - o0)) "$n")"
	done
done
