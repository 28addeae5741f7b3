#!/bin/sh
# Run once at image build time (Dockerfile): starts the server as the image runs it, sends it the
# requests a server first gets (files, a 404, a conditional and a range request, the probes), stops
# it with SIGTERM, and leaves what the JVM recorded for deploy/docker/entrypoint.sh to start from:
#   Java 25 and later  /app/staticflux.aot, an AOT cache (JEP 483/514/515): the classes loaded and
#                      linked, and the method profiles of the run, so the JIT compiles sooner
#   older runtimes     /app/staticflux.jsa, a Class Data Sharing archive of the loaded classes
# Both are tied to this JVM and to the class path exactly as the entrypoint gives it (/app/app.jar,
# which names lib/*.jar in its manifest). Serving requests, rather than exiting after the context's
# refresh, also records the classes of the request path, so the first real request loads no more.
#
# bench/run.sh and bench/startup-ab.sh train the same way outside an image (bench/container-layout.sh):
#   STATICFLUX_APP_DIR=/app   where app.jar is and the archive goes
#   TRAINING_PORT=18080       the file port of the training run
#   TRAINING_MANAGEMENT_PORT  its management port; the next one by default
#   arguments                 more Spring Boot arguments for the training server (the bench's site)
set -eu
app=${STATICFLUX_APP_DIR:-/app}
port=${TRAINING_PORT:-18080}
mgmt_port=${TRAINING_MANAGEMENT_PORT:-$((port + 1))}
if java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then
	record=-XX:AOTCacheOutput=$app/staticflux.aot
else
	record=-XX:ArchiveClassesAtExit=$app/staticflux.jsa
fi
work=$(mktemp -d)
log=$work/training-run.log
java "$record" -jar "$app/app.jar" --server.address=127.0.0.1 --server.port=$port \
	--management.server.port=$mgmt_port --staticflux.access-log.file="$work/access.log" "$@" >"$log" 2>&1 &
pid=$!
fail() {
	echo "training-run.sh: $*" >&2
	tail -n 40 "$log" >&2
	kill -KILL "$pid" 2>/dev/null || true
	rm -rf "$work"
	exit 1
}
get() { # path, curl options...
	url=$1
	shift
	curl -s -o /dev/null --max-time 10 "$@" "$url"
}
ready=no
for _ in $(seq 600); do
	kill -0 "$pid" 2>/dev/null || fail "the server exited during start-up"
	if get "http://127.0.0.1:$mgmt_port/actuator/health/readiness" -f; then
		ready=yes
		break
	fi
	sleep 0.2
done
[ "$ready" = yes ] || fail "the server was not ready within 120 s"
site=http://127.0.0.1:$port
for _ in 1 2 3; do
	for path in / /index.html /does-not-exist; do
		get "$site$path"
		get "$site$path" -I
		get "$site$path" -H 'Accept-Encoding: gzip, br, zstd'
	done
	get "$site/index.html" -H 'If-None-Match: "x"' -H 'If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT'
	get "$site/index.html" -H 'Range: bytes=0-9'
	get "http://127.0.0.1:$mgmt_port/actuator/health/liveness"
	get "http://127.0.0.1:$mgmt_port/actuator/health/readiness"
done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" = 0 ] || fail "the server exited with status $status"
rm -rf "$work"
# The JVM's performance-data file and, when it was the only one, its directory: nothing of the run stays in
# the image, and other JVMs' files stay where the bench trains (the directory is shared per user).
perf_data=/tmp/hsperfdata_$(id -un)
rm -f "$perf_data/$pid"
rmdir "$perf_data" 2>/dev/null || true
ls "$app/staticflux.aot" "$app/staticflux.jsa" 2>/dev/null | grep -q . || fail "no archive was written"
