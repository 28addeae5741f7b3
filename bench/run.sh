#!/usr/bin/env bash
# staticflux side by side with nginx, Spring Boot's built-in static handler and Caddy: issue 7's benchmark, with
# issue 16's Caddy column and HTTP/2-over-TLS rows.
#
#   bench/run.sh              full run (about 15 minutes on 2 cores)
#   QUICK=1 bench/run.sh      development run: 3 s wrk and h2load runs, 20,000 ab requests
#   QUICK=1 CASES=h2 bench/run.sh   the HTTP/2-over-TLS rows alone
#
# Builds the jar, generates a fixture site in a temp dir, starts every server on 127.0.0.1, checks that
# each answers 2xx with the right length for every fixture file, warms them up, then runs the same loads
# against each server in alternating order and prints one table with ratios to nginx. Results go to
# bench/results/<timestamp>.{csv,md} and latest.{csv,md}; the chart to bench/results/concurrency.svg.
# Every process started here is stopped on exit, by PID. See docs/PERFORMANCE.md.
# HTTP/3 is not measured here (no HTTP/3 load tool in the package registries, nginx without QUIC): see
# bench/h3load.sh and docs/PERFORMANCE.md, "HTTP/3".
#
# Settings (environment variables):
#   QUICK=1              shorter defaults for development (DURATION=3 AB_REQUESTS=20000 WARMUP=2)
#   DURATION=10          seconds per wrk run
#   AB_REQUESTS=100000   requests per ab run
#   AB_CONCURRENCY="10 100 250 450 1000"
#   WARMUP=10            seconds of wrk warm-up per server and file (JVM servers; nginx gets 1 s)
#   ROUNDS=1             each measurement repeated this often; the report keeps the median
#   COOLDOWN=2           seconds of pause between two measurements
#   WRK_THREADS=2 WRK_CONNECTIONS=100
#   SPRING_BUILTIN=1     0 leaves out the Spring Boot built-in static handler column
#   CADDY=1              0 leaves out the Caddy column (Debian's caddy: file_server, its JSON access log to a file)
#   CADDY_ENCODE="zstd gzip"  the encoders of Caddy's `encode` for the compressed case (the line Caddy's documentation
#                        gives; "gzip" for gzip alone, as nginx)
#   H2_CONNECTIONS=100 H2_STREAMS=10  h2load's -c and -m in the HTTP/2 rows (its -t is WRK_THREADS, -D is DURATION)
#   H2_P99=1             h2load writes a per-request log (--log-file) for the p99 of the HTTP/2 rows; 0 leaves it
#                        out (one write(2) per request less in the client, no p99 for those rows)
#   JAVA_OPTS="-Xmx128m -XX:+UseSerialGC -XX:MaxDirectMemorySize=256m"
#                        JVM flags of both Java servers: by default those `./mvnw spring-boot:run` uses
#                        (see HELP.md, "Tuning"); JAVA_OPTS= (empty) for the JVM's own defaults
#   CDS=1                run staticflux as the container does: the extracted jar with a Class Data Sharing
#                        archive from a training run; the plain `java -jar` start-up is measured once too
#                        (row staticflux-plain-jar). CDS=0: plain `java -jar` only. With a Java 25+
#                        STATICFLUX_JAVA the archive is an AOT cache (-XX:AOTCacheOutput), as in the image
#   STATICFLUX_JAVA=java the java that runs staticflux, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java to
#                        start it as the container image does (Java 25 with an AOT cache; docs/PERFORMANCE.md)
#   CONTAINER=1          also measure, once, the start-up of the container layout exactly as the image runs it
#                        (row staticflux-container: Temurin 25 at CONTAINER_JAVA, app.jar + lib/, the AOT cache of
#                        deploy/docker/training-run.sh's training, the image's JVM options and configuration;
#                        bench/container-layout.sh); skipped, with a line in the report, without that Java.
#                        The throughput rows stay on the launch CDS and STATICFLUX_JAVA choose. 0 leaves it out
#   CONTAINER_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java  the image's runtime for that row
#   SETTLE=5             seconds of pause after the build and the training run, before the servers start
#   STATICFLUX_ARGS=     extra arguments for staticflux (both instances), e.g. "--staticflux.threads.event-loops=2"
#   SKIP_BUILD=1         reuse the jars in target/ (MVN_ARGS=-o builds offline)
#   JFR=1                record staticflux (cache on) with Java Flight Recorder, profile settings, for the
#                        whole run; saved as bench/results/<timestamp>-staticflux.jfr (open with `jfr` or JMC)
#   KEEP_TMP=1           keep the temp dir (fixture, server logs, raw tool output); kept anyway on failure
#   BENCH_ALLOW_NON_2XX=1  only for testing this script: carry on when a server answers non-2xx
#   PORT_BASE=           twelve consecutive ports from this one instead of free ports chosen by the kernel
#   CASES="files ab compressed h2"  which loads run: the keep-alive file sizes, the no-keep-alive runs, the
#                        compressed case (a 100 KB JavaScript file with Accept-Encoding: gzip, br, zstd against
#                        nginx with gzip on), and HTTP/2 over TLS (h2load on the 1 KB and 50 KB files; every server
#                        with the same self-signed certificate); e.g. CASES=compressed for that case alone
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH_DIR")
cd "$REPO"

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then defaults=(3 20000 2); else defaults=(10 100000 10); fi
DURATION=${DURATION:-${defaults[0]}}
AB_REQUESTS=${AB_REQUESTS:-${defaults[1]}}
WARMUP=${WARMUP:-${defaults[2]}}
AB_CONCURRENCY=${AB_CONCURRENCY:-10 100 250 450 1000}
ROUNDS=${ROUNDS:-1}
COOLDOWN=${COOLDOWN:-2}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-100}
SPRING_BUILTIN=${SPRING_BUILTIN:-1}
CADDY=${CADDY:-1}
CADDY_ENCODE=${CADDY_ENCODE:-zstd gzip}
H2_CONNECTIONS=${H2_CONNECTIONS:-100}
H2_STREAMS=${H2_STREAMS:-10}
H2_P99=${H2_P99:-1}
JAVA_OPTS=${JAVA_OPTS-"-Xmx128m -XX:+UseSerialGC -XX:MaxDirectMemorySize=256m"}
CDS=${CDS:-1}
CONTAINER=${CONTAINER:-1}
SETTLE=${SETTLE:-5}
STATICFLUX_ARGS=${STATICFLUX_ARGS:-}
STATICFLUX_JAVA=${STATICFLUX_JAVA:-java}
SKIP_BUILD=${SKIP_BUILD:-0}
MVN_ARGS=${MVN_ARGS:-}
KEEP_TMP=${KEEP_TMP:-0}
JFR=${JFR:-0}
BENCH_ALLOW_NON_2XX=${BENCH_ALLOW_NON_2XX:-0}
CASES=${CASES:-files ab compressed h2}
has_case() { [[ " $CASES " == *" $1 "* ]]; }
# member WORD LIST...: whether WORD is one of LIST.
member() {
	local word=$1
	shift
	[[ " $* " == *" $word "* ]]
}
# What browsers send (Chromium, Firefox): the compressed case's request header.
ACCEPT_ENCODING="gzip, br, zstd"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[bench] FAILED: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
# Each entry: a command, then the Debian packages that provide it, the first one the release has wins
# (nginx-light and openjdk-17 are gone from releases after bookworm; nginx and the default JDK stand in).
TOOLS=(
	"wrk wrk"
	"ab apache2-utils"
	"nginx nginx-light nginx"
	"curl curl"
	"python3 python3"
	"java openjdk-17-jdk-headless default-jdk-headless"
)
[ "$CADDY" = 1 ] && TOOLS+=("caddy caddy")
has_case h2 && TOOLS+=("h2load nghttp2-client" "openssl openssl")
install_missing_tools() {
	local entry tool package sudo= updated=0
	[ "$(id -u)" = 0 ] || sudo=sudo
	for entry in "${TOOLS[@]}"; do
		read -r tool package <<<"$entry"
		command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] && continue
		if [ $updated = 0 ]; then
			export DEBIAN_FRONTEND=noninteractive
			$sudo apt-get update -qq
			updated=1
		fi
		for package in ${entry#* }; do
			log "installing $package (for $tool)"
			$sudo apt-get install -y -qq --no-install-recommends "$package" && break
		done
		command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || die "could not install $tool"
	done
}
install_missing_tools
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
[ "${java_major:-0}" -ge 17 ] || die "staticflux needs Java 17 or newer (found: $(java -version 2>&1 | head -1))"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# ab at concurrency 1000 needs that many sockets, plus the servers' own.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -ge 65536 ]; then ulimit -n 65536; else ulimit -n "$hard"; fi
max_c=$(tr ' ' '\n' <<<"$AB_CONCURRENCY $WRK_CONNECTIONS" | sort -n | tail -1)
[ "$(ulimit -n)" -ge $((max_c + 256)) ] || die "open-file limit $(ulimit -n) is too low for concurrency $max_c"

# Other work on the machine skews the ratios (the JVMs suffer more than nginx): say so in the report.
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v load="${LOADAVG_START%% *}" -v cores="$(nproc)" 'BEGIN { exit !(load > cores / 2) }'; then
	log "WARNING: load average $LOADAVG_START on $(nproc) cores: the machine is busy, results will be noisy"
fi

# ---------------------------------------------------------------- processes and clean-up
TMP=$(mktemp -d "${TMPDIR:-/tmp}/staticflux-bench.XXXXXX")
chmod 755 "$TMP"   # nginx workers run as another user when this script runs as root
RAW=$TMP/raw
mkdir -p "$RAW"
PIDS=()

alive() { [ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Whether PID is still a child of this script: bash reaps exited children by itself, after which
# the PID may belong to someone else and must not be signalled.
ours() { [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f2)" = "$$" ]; }

stop_pid() {
	local pid=$1 i
	if ours "$pid" && alive "$pid"; then
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < 200; i++)); do alive "$pid" || break; sleep 0.1; done
		if ours "$pid" && alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
	fi
	wait "$pid" 2>/dev/null || true
	for i in "${!PIDS[@]}"; do
		if [ "${PIDS[i]}" = "$pid" ]; then unset 'PIDS[i]'; fi
	done
}

cleanup() {
	local rc=$? pid
	set +e
	trap - EXIT INT TERM
	# All at once, then wait for each: the Java servers shut down gracefully in parallel.
	for pid in ${PIDS[@]+"${PIDS[@]}"}; do ours "$pid" && kill -TERM "$pid" 2>/dev/null || true; done
	for pid in ${PIDS[@]+"${PIDS[@]}"}; do stop_pid "$pid"; done
	if [ "$KEEP_TMP" = 1 ] || [ "$rc" != 0 ]; then
		log "temp dir kept: $TMP"
	else
		rm -rf "$TMP"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Free loopback ports, chosen by the kernel (held together so they differ); PORT_BASE=N takes N to N+11 instead.
if [ -n "${PORT_BASE:-}" ]; then
	read -r -a PORT_LIST <<<"$(seq -s ' ' "$PORT_BASE" $((PORT_BASE + 11)))"
else
read -r -a PORT_LIST < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(12)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()')
fi

# ---------------------------------------------------------------- build
if [ "$SKIP_BUILD" != 1 ]; then
	log "building staticflux"
	# shellcheck disable=SC2086
	./mvnw -B -q $MVN_ARGS -DskipTests package
	if [ "$SPRING_BUILTIN" = 1 ]; then
		log "building bench/spring-builtin"
		# shellcheck disable=SC2086
		./mvnw -B -q $MVN_ARGS -f bench/spring-builtin/pom.xml -DskipTests package
	fi
fi
JAR=$(ls target/staticflux-*.jar 2>/dev/null | head -1)
[ -n "$JAR" ] || die "no target/staticflux-*.jar"
JAR=$REPO/$JAR
if [ "$SPRING_BUILTIN" = 1 ]; then
	BUILTIN_JAR=$(ls "$BENCH_DIR"/spring-builtin/target/spring-builtin-*.jar 2>/dev/null | head -1)
	[ -n "$BUILTIN_JAR" ] || die "no bench/spring-builtin/target/spring-builtin-*.jar"
fi

# ---------------------------------------------------------------- fixture
FIX=$TMP/site
mkdir -p "$FIX"
declare -A SIZE=([1k.bin]=1024 [50k.bin]=51200 [200k.bin]=204800 [10m.bin]=10485760)
FILES=(1k.bin 50k.bin 200k.bin 10m.bin)
for f in "${FILES[@]}"; do head -c "${SIZE[$f]}" /dev/urandom >"$FIX/$f"; done
{
	printf '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>staticflux bench</title></head>\n<body>\n'
	printf '<h1>Fixture</h1>\n<ul>\n'
	for f in "${FILES[@]}"; do printf '<li><a href="%s">%s</a> (%s bytes)</li>\n' "$f" "$f" "${SIZE[$f]}"; done
	printf '</ul>\n</body>\n</html>\n'
} >"$FIX/index.html"
SIZE[index.html]=$(stat -c %s "$FIX/index.html")
# The compressed case: 100 KB of JavaScript, generated the same way every run (identifiers, numbers and strings
# that vary, as in a real bundle, so it compresses to about a quarter as real code does).
python3 - "$FIX/app.js" <<'PY'
import random, sys
rng = random.Random(17)
words = ("render state props value index item count total user event handler config options result error "
         "request response cache module export import default return function const let await async").split()
out, size = [], 0
while size < 102400:
    name = rng.choice(words) + rng.choice(words).capitalize() + str(rng.randrange(100))
    line = (f"export function {name}({rng.choice(words)}, {rng.choice(words)}) {{ const {rng.choice(words)} = "
            f"{rng.randrange(100000)}; if ({rng.choice(words)}.{rng.choice(words)} > {rng.randrange(1000)}) "
            f"return '{rng.choice(words)}-{rng.randrange(10 ** 6):x}'; return {rng.choice(words)}; }}\n")
    out.append(line)
    size += len(line)
open(sys.argv[1], "w").write("".join(out)[:102400])
PY
SIZE[app.js]=102400
chmod -R a+rX "$FIX"
log "fixture in $FIX"

# The HTTP/2 rows: one self-signed certificate and key (ECDSA P-256, PEM) that every server presents.
H2_FILES=(1k.bin 50k.bin)
if has_case h2; then
	mkdir -p "$TMP/tls"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
		-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$TMP/tls/key.pem" -out "$TMP/tls/cert.pem" \
		>"$TMP/tls/openssl.log" 2>&1 || die "openssl could not make the certificate: $TMP/tls/openssl.log"
	chmod a+r "$TMP/tls/key.pem"
fi

# ---------------------------------------------------------------- servers
# SERVERS are the table's columns. PORT is each process's port (HTTP/1.1 in cleartext, except for the *-tls
# processes); TLS_PORT is where a column's server speaks h2 over TLS: a second listener of the same nginx and
# Caddy, and a second JVM (staticflux-tls, spring-builtin-tls) for the Java servers, whose one port is either
# cleartext or TLS. H2_PROCESS names the process behind each TLS_PORT.
declare -A PORT TLS_PORT H2_PROCESS SCHEME PID_OF STARTUP_MS
SERVERS=(nginx staticflux)
[ "$SPRING_BUILTIN" = 1 ] && SERVERS+=(spring-builtin)
[ "$CADDY" = 1 ] && SERVERS+=(caddy)
PORT[nginx]=${PORT_LIST[0]}
PORT[staticflux]=${PORT_LIST[1]}
PORT[staticflux-nocache]=${PORT_LIST[3]}
PORT[spring-builtin]=${PORT_LIST[5]}
PORT[caddy]=${PORT_LIST[6]}
PORT[staticflux-tls]=${PORT_LIST[9]}
PORT[spring-builtin-tls]=${PORT_LIST[11]}
TLS_PORT[nginx]=${PORT_LIST[7]}
TLS_PORT[caddy]=${PORT_LIST[8]}
TLS_PORT[staticflux]=${PORT[staticflux-tls]}
TLS_PORT[spring-builtin]=${PORT[spring-builtin-tls]}
for s in "${SERVERS[@]}"; do H2_PROCESS[$s]=$s; done
H2_PROCESS[staticflux]=staticflux-tls
H2_PROCESS[spring-builtin]=spring-builtin-tls
SCHEME[staticflux-tls]=https
SCHEME[spring-builtin-tls]=https
# The server processes still running (nginx, then each as it starts), for the memory samplers and the stop.
PROCESSES=()

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# server_log PROCESS: where the process writes its errors.
server_log() {
	case $1 in
		nginx) echo "$TMP/nginx/error.log" ;;
		*) echo "$TMP/$1/stdout.log" ;;
	esac
}

# url SERVER FILE [PROTO]: the URL a load fetches; PROTO h1 (the default) or h2 (SERVER's TLS listener).
url() {
	if [ "${3:-h1}" = h2 ]; then
		echo "https://127.0.0.1:${TLS_PORT[$1]}/$2"
	else
		echo "${SCHEME[$1]:-http}://127.0.0.1:${PORT[$1]}/$2"
	fi
}

# Waits for the first HTTP response of any status; records the time since $2 (the launch).
wait_first_response() {
	local name=$1 t0=$2 code i
	for ((i = 0; i < 1200; i++)); do
		alive "${PID_OF[$name]}" || { tail -n 40 "$(server_log "$name")" >&2; die "$name exited during start-up"; }
		code=$(curl -s -k -o /dev/null -w '%{http_code}' --max-time 1 "$(url "$name" 1k.bin)" || true)
		if [ "$code" != 000 ]; then
			STARTUP_MS[$name]=$(($(now_ms) - t0))
			log "$name answered after ${STARTUP_MS[$name]} ms (HTTP $code), pid ${PID_OF[$name]}, port ${PORT[$name]}"
			echo "${STARTUP_MS[$name]}" >"$RAW/$name.startup_ms"
			return
		fi
		sleep 0.05
	done
	die "$name did not answer within 60 s"
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

# shellcheck source=bench/nginx-conf.sh
source "$BENCH_DIR/nginx-conf.sh"

start_nginx() {
	local dir=$TMP/nginx
	mkdir -p "$dir"
	# The HTTP/2 rows: a second server on the TLS port, the same root. TLS 1.3 is not in the default protocols
	# before nginx 1.23.4, and before 1.25.1 HTTP/2 is a listen parameter rather than `http2 on`. nginx ends a
	# connection after keepalive_requests (1000) requests; h2load counts the streams in flight then as failed
	# and does not retry them, and the other servers have no such limit, so it is lifted here.
	local tls_server=
	if has_case h2; then
		"$NGINX" -V 2>&1 | grep -q -- --with-http_v2_module || die "$NGINX has no HTTP/2 (--with-http_v2_module)"
		local version listen_h2="ssl http2" http2_on=
		version=$("$NGINX" -v 2>&1 | sed 's|.*nginx/||')
		if [ "$(printf '%s\n' 1.25.1 "$version" | sort -V | head -1)" = 1.25.1 ]; then
			listen_h2=ssl
			http2_on="http2 on;"
		fi
		tls_server="server {
				listen 127.0.0.1:${TLS_PORT[nginx]} $listen_h2 backlog=$(cat /proc/sys/net/core/somaxconn);
				$http2_on
				ssl_certificate $TMP/tls/cert.pem;
				ssl_certificate_key $TMP/tls/key.pem;
				ssl_protocols TLSv1.2 TLSv1.3;
				keepalive_requests 1000000;
				root $FIX;
				index index.html;
			}"
	fi
	# The compressed case: gzip on, at nginx's default level, for JavaScript (gzip_types' default is text/html
	# only); the other fixture files are sent as they are, as before.
	local gzip_js='location ~ [.]js$ {
					gzip on;
					gzip_vary on;
					gzip_types application/javascript text/javascript;
				}'
	nginx_conf "$NGINX" "$dir" "${PORT[nginx]}" "$FIX" "$gzip_js" "$tls_server"
	"$NGINX" -t -q -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" || die "nginx rejected $dir/nginx.conf"
	local t0
	t0=$(now_ms)
	"$NGINX" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;' &
	PID_OF[nginx]=$!
	PIDS+=("$!")
	PROCESSES+=(nginx)
	wait_first_response nginx "$t0"
}

# Caddy (Debian's package) as its users run it: file_server over the same root, HTTP/1.1 on the cleartext port,
# h1 and h2 with the same certificate on the TLS port (HTTP/3 off: no other server offers it here), `encode` for
# JavaScript only, as nginx's gzip, and its JSON access log to a file, unrotated as the others'. Its state
# (autosave.json) goes to the temp dir.
start_caddy() {
	local dir=$TMP/caddy t0 tls_servers= tls_site=
	mkdir -p "$dir"
	if has_case h2; then
		tls_servers="servers 127.0.0.1:${TLS_PORT[caddy]} {
				protocols h1 h2
			}"
		tls_site="https://127.0.0.1:${TLS_PORT[caddy]} {
			bind 127.0.0.1
			tls $TMP/tls/cert.pem $TMP/tls/key.pem
			root * $FIX
			file_server
			log {
				output file $dir/access-tls.log {
					roll_disabled
				}
			}
		}"
	fi
	cat >"$dir/Caddyfile" <<-EOF
		{
			admin off
			auto_https off
			log {
				level WARN
			}
			servers 127.0.0.1:${PORT[caddy]} {
				protocols h1
			}
			$tls_servers
		}
		http://127.0.0.1:${PORT[caddy]} {
			bind 127.0.0.1
			root * $FIX
			file_server
			@js path *.js
			encode @js $CADDY_ENCODE
			log {
				output file $dir/access.log {
					roll_disabled
				}
			}
		}
		$tls_site
	EOF
	local caddy_env=(XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data")
	env "${caddy_env[@]}" caddy validate --config "$dir/Caddyfile" --adapter caddyfile >"$dir/validate.log" 2>&1 \
		|| { cat "$dir/validate.log" >&2; die "caddy rejected $dir/Caddyfile"; }
	t0=$(now_ms)
	env "${caddy_env[@]}" caddy run --config "$dir/Caddyfile" --adapter caddyfile >"$dir/stdout.log" 2>&1 &
	PID_OF[caddy]=$!
	PIDS+=("$!")
	PROCESSES+=(caddy)
	wait_first_response caddy "$t0"
	echo "$(rss_kb "${PID_OF[caddy]}")" >"$RAW/caddy.rss_after_start_kb"
}

# start_java NAME JAR ARGS...: runs in its own dir so nothing is written into the repo. JVM flags: JAVA_OPTS,
# then those in the array START_JVM_FLAGS; the JVM: START_JAVA.
START_JVM_FLAGS=()
START_JAVA=java
start_java() {
	local name=$1 jar=$2 jvm_flags=(${START_JVM_FLAGS[@]+"${START_JVM_FLAGS[@]}"})
	shift 2
	if [ "$JFR" = 1 ] && [ "$name" = staticflux ]; then
		jvm_flags+=("-XX:StartFlightRecording=filename=$TMP/$name/recording.jfr,settings=profile,dumponexit=true")
	fi
	# shellcheck disable=SC2086
	start_process "$name" "$START_JAVA" $JAVA_OPTS ${jvm_flags[@]+"${jvm_flags[@]}"} -jar "$jar" "$@"
}

# start_process NAME COMMAND...: starts COMMAND in NAME's own dir and waits for its first answer.
start_process() {
	local name=$1 t0
	shift
	mkdir -p "$TMP/$name"
	t0=$(now_ms)
	(cd "$TMP/$name" && exec "$@") >"$TMP/$name/stdout.log" 2>&1 &
	PID_OF[$name]=$!
	PIDS+=("$!")
	PROCESSES+=("$name")
	wait_first_response "$name" "$t0"
	echo "$(rss_kb "${PID_OF[$name]}")" >"$RAW/$name.rss_after_start_kb"
}

# Access log, stats and limiter are on by default; set here so the run says what it measures.
# staticflux_args NAME CACHE_SIZE MANAGEMENT_PORT: fills SF_ARGS.
staticflux_args() {
	local name=$1 cache=$2 mgmt=$3
	SF_ARGS=(--server.address=127.0.0.1 --server.port="${PORT[$name]}"
		--management.server.port="$mgmt"
		--staticflux.root="$FIX"
		--staticflux.access-log.enabled=true --staticflux.access-log.file="$TMP/$name/access.log"
		--staticflux.stats.log-interval=30s
		--staticflux.limit.max-concurrent=1024 --staticflux.limit.max-queued=1024
		--staticflux.cache.max-size="$cache")
	# shellcheck disable=SC2206
	SF_ARGS+=($STATICFLUX_ARGS)
}

# staticflux as deployed: the container image runs the extracted jar with a Class Data Sharing archive made by a
# training run at build time (Dockerfile). With CDS=1 the benchmark does the same; the archive is made with the
# same JVM flags as the runs.
SF_JAR=$JAR
SF_JVM_FLAGS=()
if [ "$CDS" = 1 ]; then
	APP=$TMP/app
	java -Djarmode=tools -jar "$JAR" extract --application-filename staticflux.jar --destination "$APP" >/dev/null \
		|| die "could not extract $JAR"
	SF_JAR=$APP/staticflux.jar
	if "$STATICFLUX_JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then
		SF_ARCHIVE="an AOT cache"
		record=-XX:AOTCacheOutput="$APP/staticflux.aot"
		SF_JVM_FLAGS=(-XX:AOTCache="$APP/staticflux.aot")
	else
		SF_ARCHIVE="a Class Data Sharing archive"
		record=-XX:ArchiveClassesAtExit="$APP/staticflux.jsa"
		SF_JVM_FLAGS=(-XX:SharedArchiveFile="$APP/staticflux.jsa")
	fi
	log "training run for $SF_ARCHIVE"
	# shellcheck disable=SC2086
	(cd "$APP" && exec "$STATICFLUX_JAVA" $JAVA_OPTS "$record" -Dspring.context.exit=onRefresh \
		-jar "$SF_JAR" --server.port=0 --management.server.port=0 --staticflux.access-log.enabled=false \
		--staticflux.root="$FIX") >"$TMP/cds-training.log" 2>&1 || die "training run failed: $TMP/cds-training.log"
fi

# The container layout (bench/container-layout.sh), for its start-up row: laid out and trained as the image is.
CONTAINER_NOTE=
if [ "$CONTAINER" = 1 ]; then
	# shellcheck source=bench/container-layout.sh
	source "$BENCH_DIR/container-layout.sh"
	if container_java_usable; then
		log "container layout: the image's training run with $CONTAINER_JAVA"
		PORT[staticflux-container]=${PORT[staticflux]}
		container_layout "$JAR" "$TMP/container" "${PORT[staticflux]}" "${PORT_LIST[2]}" --staticflux.root="$FIX" \
			>"$TMP/container-training.log" 2>&1 || die "container layout's training run failed: $TMP/container-training.log"
		CONTAINER_NOTE="$("$CONTAINER_JAVA" -version 2>&1 | head -1), app.jar + lib/, AOT cache of deploy/docker/training-run.sh, the image's JDK_JAVA_OPTIONS ($(image_env JDK_JAVA_OPTIONS)) and configuration, no memory limit"
	else
		CONTAINER_NOTE="skipped: no Java 25+ at $CONTAINER_JAVA (CONTAINER_JAVA)"
		log "container layout $CONTAINER_NOTE"
	fi
fi

# The build and the training run leave the machine busy for a moment (their JVMs' exit, the page cache being
# written back); start-up times are measured on a settled machine.
sleep "$SETTLE"
log "starting servers (one at a time, for clean start-up times)"
start_nginx
[ "$CADDY" = 1 ] && start_caddy
if [ "$CDS" = 1 ]; then
	# Start-up of the plain jar, for the record; this instance serves nothing else.
	PORT[staticflux-plain-jar]=${PORT[staticflux]}
	staticflux_args staticflux-plain-jar 64MB "${PORT_LIST[2]}"
	START_JAVA=$STATICFLUX_JAVA
	start_java staticflux-plain-jar "$JAR" "${SF_ARGS[@]}"
	stop_pid "${PID_OF[staticflux-plain-jar]}"
	unset 'PROCESSES[-1]'
fi
if [ -n "${PORT[staticflux-container]-}" ]; then
	# Start-up of the container layout, for the record; this instance serves nothing else.
	staticflux_args staticflux-container 64MB "${PORT_LIST[2]}"
	start_process staticflux-container "${CONTAINER_CMD[@]}" "${SF_ARGS[@]}"
	stop_pid "${PID_OF[staticflux-container]}"
	unset 'PROCESSES[-1]'
fi
# TLS for the HTTP/2 rows, from the same PEM files as nginx and Caddy: a Spring Boot SSL bundle.
TLS_ARGS=(--server.ssl.bundle=bench --server.http2.enabled=true
	--spring.ssl.bundle.pem.bench.keystore.certificate="file:$TMP/tls/cert.pem"
	--spring.ssl.bundle.pem.bench.keystore.private-key="file:$TMP/tls/key.pem")
START_JVM_FLAGS=(${SF_JVM_FLAGS[@]+"${SF_JVM_FLAGS[@]}"})
START_JAVA=$STATICFLUX_JAVA
staticflux_args staticflux 64MB "${PORT_LIST[2]}"
start_java staticflux "$SF_JAR" "${SF_ARGS[@]}"
staticflux_args staticflux-nocache 0 "${PORT_LIST[4]}"
start_java staticflux-nocache "$SF_JAR" "${SF_ARGS[@]}"
if has_case h2; then
	staticflux_args staticflux-tls 64MB "${PORT_LIST[10]}"
	start_java staticflux-tls "$SF_JAR" "${SF_ARGS[@]}" "${TLS_ARGS[@]}"
fi
START_JVM_FLAGS=()
START_JAVA=java
if [ "$SPRING_BUILTIN" = 1 ]; then
	builtin_args=(--server.address=127.0.0.1 --spring.web.resources.static-locations="file:$FIX/")
	start_java spring-builtin "$BUILTIN_JAR" "${builtin_args[@]}" --server.port="${PORT[spring-builtin]}"
	if has_case h2; then
		start_java spring-builtin-tls "$BUILTIN_JAR" "${builtin_args[@]}" --server.port="${PORT[spring-builtin-tls]}" \
			"${TLS_ARGS[@]}"
	fi
fi

# ---------------------------------------------------------------- checks
# check SERVER FILE [PROTO]: fails the run unless the server answers 2xx with the file's exact length, and over
# HTTP/2 for PROTO h2 (curl offers h2 and HTTP/1.1 through ALPN, as browsers do).
check() {
	local name=$1 file=$2 proto=${3:-h1} path=/$2 out code size version flags=(-s)
	[ "$file" = index.html ] && path=/
	[ "$proto" = h2 ] && flags+=(-k --http2)
	out=$(curl "${flags[@]}" -o /dev/null -w '%{http_code} %{size_download} %{http_version}' --max-time 60 \
		"$(url "$name" "${path#/}" "$proto")" || echo "000 0 -")
	read -r code size version <<<"$out"
	if [[ $code != 2?? || $size != "${SIZE[$file]}" || ($proto = h2 && $version != 2) ]]; then
		local msg="$name answered GET $path with HTTP $code and $size bytes over HTTP/$version (expected 2xx and ${SIZE[$file]} bytes$([ "$proto" = h2 ] && echo ', over HTTP/2'))"
		if [ "$BENCH_ALLOW_NON_2XX" = 1 ]; then
			log "WARNING: $msg (carrying on: BENCH_ALLOW_NON_2XX=1)"
		else
			local process=$name
			[ "$proto" = h2 ] && process=${H2_PROCESS[$name]}
			tail -n 20 "$(server_log "$process")" >&2 || true
			die "$msg"
		fi
	fi
}

ALL_SERVERS=("${SERVERS[@]}" staticflux-nocache)
for s in "${ALL_SERVERS[@]}"; do
	for f in index.html "${FILES[@]}" app.js; do check "$s" "$f"; done
done
H2_SERVERS=()
has_case h2 && H2_SERVERS=("${SERVERS[@]}")
for s in ${H2_SERVERS[@]+"${H2_SERVERS[@]}"}; do
	for f in index.html "${FILES[@]}" app.js; do check "$s" "$f" h2; done
done
log "all servers answer every fixture file$(has_case h2 && echo ', over HTTP/1.1 and over h2 with TLS')"

# The compressed case's servers, and what each sends for Accept-Encoding: gzip, br, zstd (coding and body bytes;
# the report adds the bytes on the wire per response from wrk's transfer rate). A server that sends it as it is
# is no comparison: nginx must compress, and staticflux and Caddy too.
COMPRESSED_SERVERS=(nginx staticflux)
[ "$CADDY" = 1 ] && COMPRESSED_SERVERS+=(caddy)
has_case compressed && for s in "${COMPRESSED_SERVERS[@]}"; do
	out=$(curl -s -o "$TMP/$s.app.js.coded" -D - -H "Accept-Encoding: $ACCEPT_ENCODING" --max-time 60 "http://127.0.0.1:${PORT[$s]}/app.js" \
		| tr -d '\r' | awk -F': ' 'tolower($1) == "content-encoding" { print $2 }')
	[ -n "$out" ] || die "$s sent app.js uncompressed for Accept-Encoding: $ACCEPT_ENCODING"
	echo "$out $(stat -c %s "$TMP/$s.app.js.coded")" >"$RAW/$s.compressed"
	log "$s sends app.js as $out, $(stat -c %s "$TMP/$s.app.js.coded") bytes"
done

# ---------------------------------------------------------------- loads
# h2load_run SECONDS URL [FLAGS...]: the HTTP/2 load, h2load's output on stdout. h2load 1.52 in timing mode
# (-D) at times never exits against the Reactor Netty servers: every client stopped, some connections silent
# (see docs/PERFORMANCE.md, "Method"); it is stopped 30 s after its time and the row fails instead of the run.
h2load_run() {
	local secs=$1 target=$2 rc=0
	shift 2
	timeout -k 5 $((secs + 30)) h2load -t"$WRK_THREADS" -c"$H2_CONNECTIONS" -m"$H2_STREAMS" -D"$secs" "$@" "$target" \
		|| rc=$?
	[ "$rc" = 124 ] && echo "h2load did not finish within $((secs + 30)) s of a $secs s run: stopped"
	return "$rc"
}

warm_up() {
	local name=$1 secs=$WARMUP f
	[ "$name" = nginx ] && secs=1
	log "warming up $name"
	if has_case files || has_case ab; then
		for f in "${FILES[@]}"; do
			wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${secs}s" --timeout 10s "$(url "$name" "$f")" >/dev/null
		done
		ab -q -r -n $((AB_REQUESTS / 10)) -c 100 "$(url "$name" 1k.bin)" >/dev/null 2>&1 || true
	fi
	if has_case compressed && member "$name" "${COMPRESSED_SERVERS[@]}"; then
		wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${secs}s" --timeout 10s -H "Accept-Encoding: $ACCEPT_ENCODING" \
			"$(url "$name" app.js)" >/dev/null
	fi
	if member "$name" ${H2_SERVERS[@]+"${H2_SERVERS[@]}"}; then
		for f in "${H2_FILES[@]}"; do
			h2load_run "$secs" "$(url "$name" "$f" h2)" >"$RAW/warm-up-h2-$name-$f.txt" 2>&1 \
				|| log "WARNING: h2load warm-up of $name on $f: $(tail -n 1 "$RAW/warm-up-h2-$name-$f.txt")"
		done
	fi
}
for s in "${ALL_SERVERS[@]}"; do warm_up "$s"; done

echo -e "load\tfile\tconcurrency\tserver\tround\toutput" >"$RAW/index.tsv"
run_count=0

# p99_us REQUEST_LOG: the 99th percentile (nearest rank) of the request times in h2load's --log-file (tab-separated:
# start, status, microseconds to the end of the response; status -1 for a failed request, left out here).
p99_us() {
	awk -F'\t' '$2 != -1 { print $3 }' "$1" | sort -n \
		| awk '{ v[NR] = $1 } END { if (NR) { i = int(NR * 0.99); if (i < NR * 0.99) i++; print v[i] } }'
}

# measure LOAD FILE CONCURRENCY SERVER ROUND
measure() {
	local load=$1 file=$2 c=$3 name=$4 round=$5 out proto=h1
	out=$RAW/$load-$file-c$c-$name-r$round.txt
	[ "$load" = h2 ] && proto=h2
	check "$name" "$file" "$proto"
	sleep "$COOLDOWN"
	log "$load $file c=$c $name (round $round)"
	case $load in
		wrk) wrk -t"$WRK_THREADS" -c"$c" -d"${DURATION}s" --timeout 10s --latency "$(url "$name" "$file")" >"$out" 2>&1 \
			|| log "WARNING: wrk exited with $? (see the report)" ;;
		wrkz) wrk -t"$WRK_THREADS" -c"$c" -d"${DURATION}s" --timeout 10s --latency -H "Accept-Encoding: $ACCEPT_ENCODING" \
			"$(url "$name" "$file")" >"$out" 2>&1 || log "WARNING: wrk exited with $? (see the report)" ;;
		ab) ab -r -s 30 -n "$AB_REQUESTS" -c "$c" "$(url "$name" "$file")" >"$out" 2>&1 \
			|| log "WARNING: ab exited with $? (see the report)" ;;
		h2)
			local log_flags=()
			[ "$H2_P99" = 1 ] && log_flags=(--log-file="$out.requests")
			h2load_run "$DURATION" "$(url "$name" "$file" h2)" ${log_flags[@]+"${log_flags[@]}"} >"$out" 2>&1 \
				|| log "WARNING: h2load exited with $? (see the report)"
			# The log has a line per request (a few MB per run): only its percentile is kept.
			if [ -f "$out.requests" ]; then
				p99_us "$out.requests" >"$out.p99_us"
				rm -f "$out.requests"
			fi
			grep -q ' 0 failed, 0 errored, 0 timeout' "$out" \
				|| log "WARNING: h2load counted failures, the row fails: $(grep '^requests:' "$out" || tail -n 1 "$out")" ;;
	esac
	echo -e "$load\t$file\t$c\t$name\t$round\t$out" >>"$RAW/index.tsv"
}

# Runs one case against each server, reversing the order every time so drift evens out.
measure_each() {
	local load=$1 file=$2 c=$3 round i
	shift 3
	local servers=("$@")
	for ((round = 1; round <= ROUNDS; round++)); do
		if ((run_count++ % 2)); then
			for ((i = ${#servers[@]} - 1; i >= 0; i--)); do measure "$load" "$file" "$c" "${servers[i]}" "$round"; done
		else
			for ((i = 0; i < ${#servers[@]}; i++)); do measure "$load" "$file" "$c" "${servers[i]}" "$round"; done
		fi
	done
}

# Resident memory of every server process but nginx (several processes), every 0.5 s through all loads: one line
# "PHASE KB" per sample, PHASE keep-alive (wrk and h2load) or no-keep-alive (ab), from the file $RAW/phase.
set_phase() {
	echo "$1" >"$RAW/phase.new"
	mv "$RAW/phase.new" "$RAW/phase"
}
set_phase keep-alive
SAMPLERS=()
for s in "${PROCESSES[@]}"; do
	[ "$s" = nginx ] && continue
	(
		pid=${PID_OF[$s]}
		while alive "$pid"; do
			echo "$(<"$RAW/phase") $(rss_kb "$pid")"
			sleep 0.5
		done
	) >"$RAW/$s.rss_kb" &
	SAMPLERS+=("$!")
	PIDS+=("$!")
done

if has_case files; then
	for f in "${FILES[@]}"; do
		if [ "$f" = 1k.bin ]; then
			measure_each wrk "$f" "$WRK_CONNECTIONS" "${SERVERS[@]}" staticflux-nocache
		else
			measure_each wrk "$f" "$WRK_CONNECTIONS" "${SERVERS[@]}"
		fi
	done
fi
if has_case compressed; then
	measure_each wrkz app.js "$WRK_CONNECTIONS" "${COMPRESSED_SERVERS[@]}"
fi
if has_case h2; then
	for f in "${H2_FILES[@]}"; do
		measure_each h2 "$f" "$H2_CONNECTIONS" "${H2_SERVERS[@]}"
	done
fi

set_phase no-keep-alive
if has_case ab; then
	for c in $AB_CONCURRENCY; do
		measure_each ab 1k.bin "$c" "${SERVERS[@]}"
	done
fi
for pid in "${SAMPLERS[@]}"; do stop_pid "$pid"; done

# The servers are no longer needed: stop them now (the JFR recording is written on exit).
for s in "${PROCESSES[@]}"; do ours "${PID_OF[$s]}" && kill -TERM "${PID_OF[$s]}" 2>/dev/null || true; done
for s in "${PROCESSES[@]}"; do stop_pid "${PID_OF[$s]}"; done

# ---------------------------------------------------------------- report
{
	echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src pom.xml 2>/dev/null || echo '+local changes')"
	echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
	echo "memory=$(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
	echo "kernel=$(uname -sr)"
	echo "load average=$LOADAVG_START before the run, $(cut -d' ' -f1-3 /proc/loadavg) after"
	echo "java=$(java -version 2>&1 | head -1)"
	echo "nginx=$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')"
	echo "wrk=$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
	echo "ab=$(ab -V | head -1 | sed 's/^This is //')"
	[ "$CADDY" = 1 ] && echo "caddy=$(caddy version | head -1) (encode $CADDY_ENCODE for the compressed case)"
	if has_case h2; then
		echo "h2load=$(h2load --version | head -1)"
		echo "tls=one self-signed ECDSA P-256 certificate (openssl) for every server; h2 through ALPN"
	fi
	echo "settings=DURATION=$DURATION AB_REQUESTS=$AB_REQUESTS WARMUP=$WARMUP ROUNDS=$ROUNDS WRK=-t$WRK_THREADS/-c$WRK_CONNECTIONS$(has_case h2 && echo " H2=-t$WRK_THREADS/-c$H2_CONNECTIONS/-m$H2_STREAMS") QUICK=$QUICK CASES=$CASES"
	echo "java_opts=$JAVA_OPTS$([ "$JFR" = 1 ] && echo ' (JFR recording on staticflux)')"
	echo "staticflux_args=$STATICFLUX_ARGS"
	if [ "$CDS" = 1 ]; then
		echo "staticflux launch=extracted jar with $SF_ARCHIVE, as in the container image (CDS=1)"
	else
		echo "staticflux launch=java -jar (CDS=0)"
	fi
	echo "staticflux java=$("$STATICFLUX_JAVA" -version 2>&1 | head -1)"
	if [ -n "$CONTAINER_NOTE" ]; then echo "staticflux-container (start-up only)=$CONTAINER_NOTE"; fi
} >"$RAW/meta.txt"

STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p "$BENCH_DIR/results"
if [ "$JFR" = 1 ]; then
	cp "$TMP/staticflux/recording.jfr" "$BENCH_DIR/results/$STAMP-staticflux.jfr" &&
		log "flight recording: bench/results/$STAMP-staticflux.jfr"
fi
report_rc=0
python3 "$BENCH_DIR/report.py" "$RAW" "$BENCH_DIR/results" "$STAMP" || report_rc=$?
# The chart is of the no-keep-alive runs: only when they ran.
if has_case ab; then
	python3 "$BENCH_DIR/chart.py" "$BENCH_DIR/results/latest.csv" "$BENCH_DIR/results/concurrency.svg"
fi
log "results: bench/results/$STAMP.csv, bench/results/latest.{csv,md}$(has_case ab && echo ', bench/results/concurrency.svg')"
exit "$report_rc"
