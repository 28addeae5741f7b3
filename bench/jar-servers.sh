# Sourced by bench/ab-jars.sh and bench/ab-connections.sh: a temp dir ($work, with the site in $work/www) removed
# on exit, after every process in pids is stopped; staticflux jars started as the benchmark starts them.

work=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/www"

start() { # jar port [staticflux arguments...]: the extra arguments come last, so they win
	local jar=$1 port=$2
	shift 2
	java -Xmx128m -XX:+UseSerialGC -XX:MaxDirectMemorySize=256m -jar "$jar" --server.port="$port" \
		--management.server.port=-1 --staticflux.root="$work/www" \
		--staticflux.access-log.file="$work/access-$port.log" --logging.level.root=WARN "$@" \
		>"$work/log-$port.txt" 2>&1 &
	pids+=("$!")
}

await_answer() { # port path: up to 60 s for a 2xx answer, else the server's log and exit 1
	local port=$1 path=$2
	for _ in $(seq 120); do
		curl -sf -o /dev/null "http://127.0.0.1:$port$path" && return 0
		sleep 0.5
	done
	tail -20 "$work/log-$port.txt" 2>/dev/null
	exit 1
}
