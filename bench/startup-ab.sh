#!/usr/bin/env bash
# Same-minute A/B of staticflux's start-up in the container layout: CPU time and wall time to the first answer.
#
#   bench/startup-ab.sh A.jar B.jar        # the same jar twice to compare arguments (A_ARGS, B_ARGS)
#
# Each jar is laid out and trained as the image does (bench/container-layout.sh: Temurin 25, app.jar + lib/,
# the AOT cache of deploy/docker/training-run.sh, the image's JVM options and configuration), then started
# ROUNDS times each, A and B alternated, on a site of one 1,024-byte file. For each start it takes, at the first
# 200 to GET /1k.bin: the wall time since the launch, the CPU time of the JVM (utime + stime of the process from
# /proc/<pid>/stat: all threads, the JIT compilers and GC included) and its RSS; then stops it (SIGTERM) and
# waits. Prints every start, then per side the median and the range, and the load average before and after.
# On a shared machine the CPU time is the steadier figure; compare sides within one run only.
#
# Environment (defaults): ROUNDS=5, PORT=18300 (the file port; the next one is management, the training runs
# use the two after), A_ARGS= B_ARGS= (Spring Boot arguments of each side's training and starts),
# CONTAINER_JAVA (bench/container-layout.sh). Traffic goes to 127.0.0.1 only; every process is stopped by PID.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,16p' "$0"; exit 2; }
JAR_A=$(realpath "$1") JAR_B=$(realpath "$2")
ROUNDS=${ROUNDS:-5} PORT=${PORT:-18300}
# shellcheck disable=SC2206 # word-split on purpose: several arguments in one variable
ARGS_A=(${A_ARGS:-}) ARGS_B=(${B_ARGS:-})
# shellcheck source=bench/container-layout.sh
source "$(dirname "$0")/container-layout.sh"
container_java_usable || { echo "startup-ab.sh: no Java 25+ at $CONTAINER_JAVA (set CONTAINER_JAVA)" >&2; exit 2; }

work=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/www"
head -c 1024 /dev/urandom >"$work/www/1k.bin"
site=(--staticflux.root="$work/www" --staticflux.access-log.file="$work/access.log" --server.address=127.0.0.1
	--server.port="$PORT" --management.server.port=$((PORT + 1)))
ticks_per_second=$(getconf CLK_TCK)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

container_layout "$JAR_A" "$work/a" $((PORT + 2)) $((PORT + 3)) --staticflux.root="$work/www" ${ARGS_A[@]+"${ARGS_A[@]}"}
CMD_A=("${CONTAINER_CMD[@]}")
container_layout "$JAR_B" "$work/b" $((PORT + 2)) $((PORT + 3)) --staticflux.root="$work/www" ${ARGS_B[@]+"${ARGS_B[@]}"}
CMD_B=("${CONTAINER_CMD[@]}")

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# start SIDE: one start; appends "wall_ms cpu_ms rss_mb" to $work/SIDE.times.
start() {
	local side=$1 t0 code stat cpu rss
	local -n cmd=CMD_${side^^} args=ARGS_${side^^}
	t0=$(now_ms)
	(cd "$work/$side" && exec "${cmd[@]}" "${site[@]}" ${args[@]+"${args[@]}"}) >"$work/$side.log" 2>&1 &
	pid=$!
	for _ in $(seq 3000); do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$PORT/1k.bin" || true)
		[ "$code" = 200 ] && break
		kill -0 "$pid" 2>/dev/null || { tail -n 30 "$work/$side.log" >&2; exit 1; }
		sleep 0.02
	done
	[ "$code" = 200 ] || { echo "startup-ab.sh: no 200 within 60 s" >&2; exit 1; }
	wall=$(($(now_ms) - t0))
	# Fields 14 and 15 after the command name (which may hold spaces): utime and stime in clock ticks.
	stat=$(sed 's/^.*) //' "/proc/$pid/stat")
	cpu=$(awk -v hz="$ticks_per_second" '{ printf "%d", ($12 + $13) * 1000 / hz }' <<<"$stat")
	rss=$(awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
	kill -TERM "$pid"
	wait "$pid" || true
	pid=
	echo "$wall $cpu $rss" >>"$work/$side.times"
	printf '%s  start %-2s wall %5d ms  cpu %5d ms  rss %4d MB  (load %s)\n' "$side" "$(wc -l <"$work/$side.times")" \
		"$wall" "$cpu" "$rss" "$(cut -d' ' -f1 /proc/loadavg)"
}

for ((round = 0; round < ROUNDS; round++)); do
	start a
	start b
done

summary() { # SIDE LABEL
	echo "$2"
	for column in 1 2 3; do
		sort -n -k"$column" "$1" | awk -v column="$column" -v name="$(cut -d' ' -f"$column" <<<'wall_ms cpu_ms rss_mb')" \
			'{ v[NR] = $column } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
				printf "  %-8s median %6.0f   range %5d-%d\n", name, m, v[1], v[NR] }'
	done
}
summary "$work/a.times" "A: $JAR_A ${A_ARGS:-}"
summary "$work/b.times" "B: $JAR_B ${B_ARGS:-}"
echo "load average: $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after; $(nproc) cores; $("$CONTAINER_JAVA" -version 2>&1 | head -1)"
