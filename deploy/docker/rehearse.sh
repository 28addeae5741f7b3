#!/usr/bin/env bash
# Rehearses the Dockerfile's runtime stage where no Docker engine runs (Linux, root, overlayfs).
#
# It reads the runtime stage of ./Dockerfile and carries out its instructions on a copy-on-write
# overlay of this machine's root, in private mount and network namespaces: RUN in a chroot,
# COPY from the layers extracted out of target/staticflux-*.jar exactly as the build stage does,
# ENV, WORKDIR and USER as written, then runs the ENTRYPOINT and checks that it serves www/,
# that the HEALTHCHECK command passes, that /config/application.yml and environment variables
# override keys, and that SIGTERM ends it gracefully. Nothing outside a temporary directory is
# changed. What it cannot check: the base images themselves (this machine's JDK and tools stand
# in for the Temurin JRE image) and the build stage.
#
# Usage: ./mvnw -B -q -DskipTests package && sudo deploy/docker/rehearse.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${1-}" != --inside ]; then
	[ "$(id -u)" = 0 ] || { echo "rehearse.sh: needs root (namespaces, overlay, chroot)" >&2; exit 2; }
	jar=$(ls target/staticflux-*.jar)
	work=$(mktemp -d)
	trap 'rm -rf --one-file-system "$work"' EXIT
	# The build stage's extraction, verbatim.
	java -Djarmode=tools -jar "$jar" extract --layers --application-filename app.jar --destination "$work/extracted"
	unshare --mount --net --propagation private "$0" --inside "$work"
	exit
fi

work=$2
root=$work/root
mkdir -p "$work/upper" "$work/overlay-work" "$root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/overlay-work" "$root"
for d in proc sys dev; do mount --rbind "/$d" "$root/$d"; done
mount -t tmpfs tmpfs "$root/tmp"
ip link set lo up

failures=0
check() { # description, command...
	local what=$1; shift
	if "$@"; then echo "PASS  $what"; else echo "FAIL  $what"; failures=$((failures + 1)); fi
}

# The runtime stage: from the second FROM to the end, continuation lines joined, comments dropped.
workdir=/ user=0:0 healthcheck='' entrypoint=()
envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
while IFS= read -r line; do
	instruction=${line%% *} args=${line#* }
	case $instruction in
		FROM | EXPOSE) ;;
		WORKDIR) workdir=$args; mkdir -p "$root$workdir" ;;
		RUN) chroot "$root" sh -c "cd $workdir && $args" ;;
		USER) user=$args ;;
		ENV) key=${args%%=*} value=${args#*=} value=${value#\"} value=${value%\"}; envs+=("$key=$value") ;;
		HEALTHCHECK) healthcheck=${args#*CMD } ;;
		ENTRYPOINT) mapfile -t entrypoint < <(python3 -c 'import json,sys; print(*json.loads(sys.argv[1]), sep="\n")' "$args") ;;
		COPY)
			read -r -a parts <<<"$args"
			from=''
			if [[ ${parts[0]} = --from=build ]]; then from=$work; parts=("${parts[@]:1}"); fi
			dst=${parts[-1]}
			[[ $dst = /* ]] || dst=$workdir/$dst
			for src in "${parts[@]:0:${#parts[@]}-1}"; do
				src=$from$src
				if [[ $src = */ ]]; then mkdir -p "$root$dst"; cp -a "$src." "$root$dst/"
				elif [[ $dst = */ ]]; then mkdir -p "$root$dst"; cp -a "$src" "$root$dst"
				else mkdir -p "$(dirname "$root$dst")"; cp -a "$src" "$root$dst"; fi
			done
			;;
		*) echo "rehearse.sh: no rehearsal for '$instruction'" >&2; exit 2 ;;
	esac
done < <(awk '/^FROM /{stage++} stage==2' Dockerfile | sed -e :a -e '/\\$/N; s/\\\n//; ta' | grep -v -e '^#' -e '^[[:space:]]*$')

start() { # extra environment...
	chroot --userspec="$user" "$root" env -i "${envs[@]}" "$@" \
		sh -c 'cd "$0" && exec "$@"' "$workdir" "${entrypoint[@]}" >"$work/app.log" 2>&1 &
	pid=$!
}
healthy() { # environment for the HEALTHCHECK command...
	for _ in $(seq 60); do
		chroot --userspec="$user" "$root" env -i "${envs[@]}" "$@" sh -c "$healthcheck" >/dev/null 2>&1 && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 1
	done
	return 1
}
stop() {
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
}

start
check "HEALTHCHECK command passes: $healthcheck" healthy
check "GET /index.html on 8080 serves www/index.html" \
	sh -c "curl -fsS http://127.0.0.1:8080/index.html | cmp -s - www/index.html"
check "the repository's application.yml is read (Cache-Control: no-cache on HTML)" \
	sh -c "curl -fsS -o /dev/null -D - http://127.0.0.1:8080/index.html | grep -qi '^cache-control: no-cache'"
check "the packaged defaults are read (spring.application.name in the log)" grep -q -- '--- \[staticflux\]' "$work/app.log"
check "the process runs as $user" sh -c "[ \"\$(stat -c %u:%g /proc/$pid)\" = '$user' ]"
stop
# The access log is written asynchronously: look once the process has ended.
check "the access log is written to /var/log/staticflux" test -s "$root/var/log/staticflux/access.log"
check "SIGTERM ends it (exit status 0) after a graceful shutdown" \
	sh -c "[ $status = 0 ] && grep -q 'Graceful shutdown complete' '$work/app.log'"

printf 'server:\n  port: 9090\n' >"$root/config/application.yml"
start
check "with /config/application.yml setting server.port, the HEALTHCHECK (packaged management port) passes" healthy
check "/config/application.yml overrides server.port" \
	sh -c "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9090/ | grep -q '^[24]' && ! curl -s -o /dev/null http://127.0.0.1:8080/"
stop

start SERVER_PORT=9091
healthy SERVER_PORT=9091 || true
check "an environment variable overrides /config/application.yml" \
	sh -c "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9091/ | grep -q '^[24]'"
stop

# As deploy/kubernetes.yaml runs it: read-only root, writable /tmp and /var/log/staticflux only.
rm "$root/config/application.yml"
mount -t tmpfs -o uid=10001,gid=10001 tmpfs "$root/var/log/staticflux"
mount -o remount,ro "$root"
start
check "on a read-only root filesystem, the HEALTHCHECK passes" healthy
check "on a read-only root filesystem, GET /index.html serves www/index.html" \
	sh -c "curl -fsS http://127.0.0.1:8080/index.html | cmp -s - www/index.html"
stop
check "on a read-only root filesystem, the access log is written" test -s "$root/var/log/staticflux/access.log"

if [ "$failures" -gt 0 ]; then
	echo "$failures check(s) failed; the application's log:"; tail -n 40 "$work/app.log"
	exit 1
fi
