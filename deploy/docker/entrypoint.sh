#!/bin/sh
# The image's ENTRYPOINT: runs the server, passes it the signals a container runtime sends, and exits
# with its status once the kernel has sent what it wrote.
#
# Why not java as PID 1: when a response is complete for the server, its last bytes may still sit
# in the socket's send buffer (megabytes for a fast sender and a slow reader). After the JVM exits
# the kernel goes on sending them, but only while the container's network namespace exists, and it
# goes when the container's last process ends: a download in flight at SIGTERM would lose its tail.
# So after the JVM has gone, this waits (at most STATICFLUX_DRAIN_SECONDS, default 10) until no
# socket of the container has unsent or unacknowledged data (tx_queue in /proc/net/tcp, tcp6).
# Arguments are Spring Boot arguments, e.g. --staticflux.cache.max-size=128MB.
#
# The archive made at build time by deploy/docker/training-run.sh: an AOT cache (Java 25 and later,
# JEP 483/514/515: classes loaded and linked, method profiles) or, on an older runtime base, a Class
# Data Sharing archive. Both are only used when they match this JVM and class path; otherwise the JVM
# warns and starts without them.
if [ -f /app/staticflux.aot ]; then
	archive=-XX:AOTCache=/app/staticflux.aot
else
	archive=-XX:SharedArchiveFile=/app/staticflux.jsa
fi
java "$archive" -jar /app/app.jar "$@" &
pid=$!
for signal in TERM INT QUIT HUP; do
	trap "kill -$signal $pid 2>/dev/null" "$signal"
done
# wait returns early (status > 128) when a trapped signal arrives; wait again until the JVM is gone.
while :; do
	wait "$pid"
	status=$?
	kill -0 "$pid" 2>/dev/null || break
done
tables=''
for table in /proc/net/tcp /proc/net/tcp6; do
	[ -r "$table" ] && tables="$tables $table"
done
deadline=$(($(date +%s) + ${STATICFLUX_DRAIN_SECONDS:-10}))
# shellcheck disable=SC2086 # $tables: one or two paths without spaces
while [ -n "$tables" ] && [ "$(date +%s)" -lt "$deadline" ] &&
	awk 'FNR > 1 { split($5, queues, ":"); if (queues[1] != "00000000") busy = 1 } END { exit !busy }' $tables; do
	sleep 0.1
done
exit "$status"
