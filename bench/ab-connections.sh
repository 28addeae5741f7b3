#!/usr/bin/env bash
# Same-minute A/B of two staticflux jars and nginx without keep-alive: a fresh connection per request.
#
#   bench/ab-connections.sh OLD.jar NEW.jar [staticflux arguments...]
#
# bench/ab-jars.sh's method with ab instead of wrk, and nginx (configured as bench/run.sh configures it) beside the
# two jars for a ratio: all three up at once on a site of one 1,024-byte file, each jar warmed with ab, then rounds
# of `ab -r -s 30 -n REQUESTS -c C` for every concurrency, the order of the servers alternating between rounds
# (old new nginx, then nginx new old). For each run it prints req/s, ab's p99, failed requests, and the CPU (user +
# system, from /proc/<pid>/task/*/stat) per response of staticflux's event loops (staticflux-http-epoll-*), its
# acceptor thread (staticflux-http-select-*), the JIT compilers and the rest, and nginx's (master and workers);
# then, per concurrency and server, the medians over the rounds with their range, and the median of each round's
# ratio to nginx. On a shared machine the CPU per response and the same-minute ratios are the figures.
#
# Environment (defaults): ROUNDS=4, REQUESTS=20000, CONCURRENCY="10 100 250 450 1000", WARMUP=100000 (ab requests
# per jar at -c 10, and as many at -c 100), PORTS="18201 18202 18203" (old, new, nginx), NGINX=nginx.
# Traffic goes to 127.0.0.1 only; every process started here is stopped by PID at the end.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,16p' "$0"; exit 2; }
OLD=$(realpath "$1") NEW=$(realpath "$2")
shift 2
ROUNDS=${ROUNDS:-4} REQUESTS=${REQUESTS:-20000} CONCURRENCY=${CONCURRENCY:-10 100 250 450 1000}
WARMUP=${WARMUP:-100000} NGINX=${NGINX:-nginx}
read -r PORT_OLD PORT_NEW PORT_NGINX <<<"${PORTS:-18201 18202 18203}"
for tool in ab jcmd python3 "$NGINX"; do
	command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

. "$(dirname "$0")/jar-servers.sh"
. "$(dirname "$0")/nginx-conf.sh"
chmod 755 "$work" # nginx's workers run as another user when this runs as root
mkdir -p "$work/nginx"
head -c 1024 /dev/urandom >"$work/www/1k.bin"
chmod -R a+rX "$work/www"

start "$OLD" "$PORT_OLD" "$@"
start "$NEW" "$PORT_NEW" "$@"
pid_old=${pids[0]} pid_new=${pids[1]}

# nginx as bench/run.sh configures it
nginx_conf "$NGINX" "$work/nginx" "$PORT_NGINX" "$work/www"
"$NGINX" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=("$!")
pid_nginx=${pids[2]}

for port in "$PORT_OLD" "$PORT_NEW" "$PORT_NGINX"; do
	await_answer "$port" /1k.bin
done
for port in "$PORT_OLD" "$PORT_NEW"; do
	ab -q -r -s 30 -n "$WARMUP" -c 10 "http://127.0.0.1:$port/1k.bin" >/dev/null
	ab -q -r -s 30 -n "$WARMUP" -c 100 "http://127.0.0.1:$port/1k.bin" >/dev/null
done
ab -q -r -s 30 -n 10000 -c 10 "http://127.0.0.1:$PORT_NGINX/1k.bin" >/dev/null

# Thread ids of the acceptor and the event loops, from the JVM's names (/proc's are cut at 15 characters)
tids() { # pid name-prefix
	local nid
	for nid in $(jcmd "$1" Thread.print | awk -v p="\"$2" 'index($0, p) == 1 { match($0, /nid=0x[0-9a-f]+/);
		print substr($0, RSTART + 6, RLENGTH - 6) }'); do
		echo $((16#$nid))
	done
}
declare -A loops acceptor
for pid in "$pid_old" "$pid_new"; do
	loops[$pid]=" $(tids "$pid" staticflux-http-epoll- | tr '\n' ' ')"
	acceptor[$pid]=" $(tids "$pid" staticflux-http-select- | tr '\n' ' ')"
done

ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$1" 2>/dev/null || echo 0; }

# CPU ticks of a staticflux process by thread group: "loops acceptor jit other"
cpu_java() {
	local pid=$1 l=0 a=0 j=0 o=0 task tid t
	for task in /proc/"$pid"/task/*; do
		tid=${task##*/}
		t=$(ticks "$task/stat")
		if [[ ${loops[$pid]} == *" $tid "* ]]; then l=$((l + t))
		elif [[ ${acceptor[$pid]} == *" $tid "* ]]; then a=$((a + t))
		else
			case $(cat "$task/comm" 2>/dev/null) in
				C1\ * | C2\ *) j=$((j + t)) ;;
				*) o=$((o + t)) ;;
			esac
		fi
	done
	echo "$l $a $j $o"
}
cpu_nginx() { # master and workers, all in "other"
	local t=0 p
	for p in "$pid_nginx" $(pgrep -P "$pid_nginx"); do t=$((t + $(ticks "/proc/$p/stat"))); done
	echo "0 0 0 $t"
}
hz=$(getconf CLK_TCK)

results=$work/results.txt
printf '%-5s %-5s %-6s %9s %7s %6s %9s %9s %9s %9s %9s\n' round c server req/s p99 failed \
	'loops µs' 'accept µs' 'jit µs' 'other µs' 'all µs'
for round in $(seq "$ROUNDS"); do
	order="old new nginx"
	[ $((round % 2)) -eq 0 ] && order="nginx new old"
	for c in $CONCURRENCY; do
		for side in $order; do
			case $side in
				old) pid=$pid_old port=$PORT_OLD ;;
				new) pid=$pid_new port=$PORT_NEW ;;
				nginx) pid=$pid_nginx port=$PORT_NGINX ;;
			esac
			if [ "$side" = nginx ]; then read -r l0 a0 j0 o0 < <(cpu_nginx); else read -r l0 a0 j0 o0 < <(cpu_java "$pid"); fi
			out=$(ab -r -s 30 -n "$REQUESTS" -c "$c" "http://127.0.0.1:$port/1k.bin" 2>&1)
			if [ "$side" = nginx ]; then read -r l1 a1 j1 o1 < <(cpu_nginx); else read -r l1 a1 j1 o1 < <(cpu_java "$pid"); fi
			n=$(awk '/^Complete requests/ {print $3}' <<<"$out")
			rps=$(awk '/^Requests per second/ {print $4}' <<<"$out")
			p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
			failed=$(awk '/^Failed requests/ {print $3}' <<<"$out")
			awk -v r="$round" -v c="$c" -v s="$side" -v rps="$rps" -v p99="$p99" -v f="$failed" -v n="$n" \
				-v hz="$hz" -v l=$((l1 - l0)) -v a=$((a1 - a0)) -v j=$((j1 - j0)) -v o=$((o1 - o0)) 'BEGIN {
				k = 1e6 / hz / n
				printf "%-5s %-5s %-6s %9.0f %7s %6s %9.1f %9.1f %9.1f %9.1f %9.1f\n", r, c, s, rps, p99, f,
					l * k, a * k, j * k, o * k, (l + a + j + o) * k }' | tee -a "$results"
		done
	done
done

echo
echo "Medians over $ROUNDS rounds (range); ratio = median of each round's req/s over nginx's in the same round"
python3 - "$results" <<'EOF'
import collections, statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
by = collections.defaultdict(list)
for r in rows:
    by[(int(r[1]), r[2])].append(r)
rate = {(int(r[0]), int(r[1]), r[2]): float(r[3]) for r in rows}
def spread(values):
    return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f})"
print(f"{'c':>5} {'server':<6} {'req/s':>8} {'x nginx':>17} {'failed':>6} {'loops µs':>17} {'accept µs':>17} {'all µs':>19}")
for c in sorted({k[0] for k in by}):
    for side in ("old", "new", "nginx"):
        runs = by.get((c, side))
        if not runs:
            continue
        ratios = [rate[(int(r[0]), c, side)] / rate[(int(r[0]), c, "nginx")] for r in runs]
        print(f"{c:>5} {side:<6} {statistics.median(float(r[3]) for r in runs):>8.0f} "
              f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) {sum(int(r[5]) for r in runs):>6} "
              f"{spread([float(r[6]) for r in runs]):>17} {spread([float(r[7]) for r in runs]):>17} "
              f"{spread([float(r[10]) for r in runs]):>19}")
EOF
