#!/usr/bin/env bash
# Builds the image from ./Dockerfile with podman and checks it as an operator would, then runs
# deploy/kubernetes.yaml's pod with `podman kube play` and asks its probes.
#
# Base images: Debian ones made here with debootstrap from the mirror apt is configured with, made
# once and kept in podman's storage; the Dockerfile takes them as build arguments. The build stage's
# localhost/staticflux-base:17-jdk is this machine's Debian release with openjdk-17-jdk-headless (the
# pom's Java) and also trusts this machine's local CA certificates (/usr/local/share/ca-certificates),
# so the build reaches Maven Central through the same TLS proxy the host uses. The runtime's
# localhost/staticflux-base:25-jre is Debian 13 (trixie, SMOKE_RUNTIME_SUITE), the first release with
# openjdk-25-jre-headless, whose AOT cache halves the start-up (docs/PERFORMANCE.md, "Start-up").
#
# Checks (a PASS or FAIL line each, the figures after them):
#   the image: HEALTHCHECK kept (docker format), AOT cache usable (-XX:AOTMode=on), also under a
#     512 MiB memory limit (another collector than at build time), size
#   as HELP.md runs it: first answer time, the baked-in site, the image's configuration, uid 10001,
#     HEALTHCHECK, git section in /actuator/info, exit 0 on stop, access log in /var/log/staticflux
#   as deploy/kubernetes.yaml runs it (podman run): read-only root with tmpfs /tmp and
#     /var/log/staticflux, no capabilities, a mounted site and /config/application.yml honoured,
#     probes on the management port, SIGTERM during a download lets it finish and exits 0
#   the manifest's Deployment with `podman kube play` (one replica, the built image, host ports on
#     127.0.0.1): every probe of the manifest answers 2xx, the pod's security context, volumes and
#     ConfigMap are in force. Not checked this way: the Service, NetworkPolicy, autoscaler and
#     disruption budget (podman has no such objects; KubernetesManifestTests checks their structure).
#
# Usage (root, on Linux with podman, runc and debootstrap):
#   deploy/docker/smoke.sh                    # SMOKE_PORT=18180: uses 127.0.0.1:18180-18183
#   SMOKE_REBUILD_BASES=1 deploy/docker/smoke.sh   # make the base images again (e.g. security updates)
# Podman quirks of this machine (podman 4.3, hybrid cgroups) are set in a containers.conf of its own
# (runc; ulimits within the hard limits); set CONTAINERS_CONF to use another.
set -euo pipefail
cd "$(dirname "$0")/../.."

image=localhost/staticflux:smoke
jdk_base=localhost/staticflux-base:17-jdk
jre_base=localhost/staticflux-base:25-jre
runtime_suite=${SMOKE_RUNTIME_SUITE:-trixie}
port=${SMOKE_PORT:-18180}
mgmt_port=$((port + 1)) pod_port=$((port + 2)) pod_mgmt_port=$((port + 3))

for tool in podman runc catatonit debootstrap curl /usr/bin/python3; do
	command -v "$tool" >/dev/null || { echo "smoke.sh: $tool is missing (apt-get install podman runc catatonit debootstrap curl python3-yaml)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "smoke.sh: needs root (debootstrap, rootful podman)" >&2; exit 2; }

work=$(mktemp -d /var/tmp/staticflux-smoke.XXXXXX)
containers=()
cleanup() {
	# One name at a time: `podman rm -f a b` removes nothing when one of them is missing.
	for name in "${containers[@]}"; do podman rm -f -t 0 "$name" >/dev/null 2>&1 || true; done
	if [ -f "$work/pod.yaml" ]; then podman kube down "$work/pod.yaml" >/dev/null 2>&1 || true; fi
	rm -rf --one-file-system "$work"
}
trap cleanup EXIT
if [ -z "${CONTAINERS_CONF-}" ]; then
	cat >"$work/containers.conf" <<-'EOF'
		[containers]
		# podman's defaults exceed this host's hard limits, and runc refuses to start the container.
		default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
		[engine]
		# crun fails on hybrid (v1 + v2) cgroup hierarchies.
		runtime = "runc"
	EOF
	export CONTAINERS_CONF=$work/containers.conf
fi

passed=0 failed=0
check() { # description, command...
	local what=$1; shift
	if "$@"; then echo "PASS  $what"; passed=$((passed + 1)); else echo "FAIL  $what"; failed=$((failed + 1)); fi
}
now() { date +%s.%N; }
seconds() { awk -v from="$1" -v to="$2" 'BEGIN { printf "%.1f", to - from }'; }
status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# Waits (up to 60 s) for a 200 from the URL while the container runs.
await() { # container, url
	for _ in $(seq 1200); do
		[ "$(status_of "$2")" = 200 ] && return 0
		[ "$(podman inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 1
		sleep 0.05
	done
	return 1
}
start() { # name, podman run options...
	local name=$1; shift
	containers+=("$name")
	podman rm -f -t 0 "$name" >/dev/null 2>&1 || true # left by an interrupted run
	# podman's complaints that it has no systemd for periodic healthchecks (they are run here by hand).
	podman run -d --name "$name" "$@" >/dev/null 2>>"$work/podman.log"
}
exit_code() { podman wait "$1" >/dev/null; podman inspect -f '{{.State.ExitCode}}' "$1"; }
runs_as() { # container, uid:gid -- the server process itself, seen from the host (no user namespace)
	[ "$(stat -c %u:%g "/proc/$(podman inspect -f '{{.State.Pid}}' "$1")")" = "$2" ]
}
serves() { # url, file
	curl -fsS "$1" | cmp -s - "$2"
}
answers_2xx() { # url
	local code
	code=$(status_of "$1")
	[ "${code#2}" != "$code" ]
}
# As the kubelet runs a startupProbe: up to failureThreshold tries, periodSeconds apart, the first 2xx wins.
# The management port's context starts after the application port's, so the first try may be refused.
answers_2xx_within() { # tries, seconds between tries, url
	for _ in $(seq "$1"); do
		answers_2xx "$3" && return 0
		sleep "$2"
	done
	return 1
}
header_is() { # url, header name, value
	curl -fsS -o /dev/null -D - "$1" | tr -d '\r' | grep -qix "$2: $3"
}

# --- Base images -------------------------------------------------------------------------------
in_rootfs() { # command...: in the base's root, with /proc, /dev and the host's DNS, in a private mount namespace
	unshare --mount --propagation private sh -c 'root=$1; shift
		mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" && mount --bind /etc/resolv.conf "$root/etc/resolv.conf" &&
		exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"' sh "$rootfs" "$@"
}
import_rootfs() { # image name, Java version
	in_rootfs sh -c 'apt-get clean && rm -rf /var/lib/apt/lists/* /var/log/apt/* /var/log/dpkg.log /var/cache/debconf/*-old && : >/etc/hostname'
	tar -C "$rootfs" --numeric-owner -c . | podman import \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'ENV LANG=C.UTF-8' \
		--change "ENV JAVA_HOME=/usr/lib/jvm/java-$2-openjdk-$(dpkg --print-architecture)" \
		--change 'CMD ["/bin/bash"]' - "$1" >/dev/null 2>>"$work/debootstrap.log"
}
debootstrap_rootfs() { # Debian suite: a minimal root in $rootfs with the host's mirrors for that suite
	local mirror
	mirror=$(awk '$1 == "URIs:" { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
	mirror=${mirror:-$(awk '$1 == "deb" && $2 !~ /^\[/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)}
	mirror=${mirror:-http://deb.debian.org/debian}
	rootfs=$work/rootfs
	debootstrap --variant=minbase "$1" "$rootfs" "$mirror" >>"$work/debootstrap.log" 2>&1 \
		|| { tail -n 20 "$work/debootstrap.log"; exit 1; }
	# The host's apt sources (the release, its updates and security suites), not only the release,
	# renamed to the suite wanted.
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		rm -f "$rootfs/etc/apt/sources.list"
		sed "s/\\b$VERSION_CODENAME\\b/$1/g" /etc/apt/sources.list.d/debian.sources \
			>"$rootfs/etc/apt/sources.list.d/debian.sources"
	fi
}
make_jdk_base() {
	debootstrap_rootfs "$VERSION_CODENAME"
	mkdir -p "$rootfs/usr/local/share/ca-certificates"
	cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/" 2>/dev/null || true
	in_rootfs sh -c 'apt-get update -qq && apt-get upgrade -y -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless && update-ca-certificates' >>"$work/debootstrap.log" 2>&1
	import_rootfs "$jdk_base" 17
	rm -rf --one-file-system "$rootfs"
}
make_jre_base() {
	debootstrap_rootfs "$runtime_suite"
	in_rootfs sh -c 'apt-get update -qq && apt-get upgrade -y -qq && apt-get install -y -qq --no-install-recommends openjdk-25-jre-headless curl ca-certificates' >>"$work/debootstrap.log" 2>&1
	import_rootfs "$jre_base" 25
	rm -rf --one-file-system "$rootfs"
}

t0=$(now)
. /etc/os-release
for base in jdk jre; do
	image_name=${base}_base
	if [ -n "${SMOKE_REBUILD_BASES-}" ] || ! podman image exists "${!image_name}"; then
		"make_${base}_base"
		echo "base image ${!image_name} made ($(seconds "$t0" "$(now)") s since the start)"
	else
		echo "base image kept from an earlier run (${!image_name})"
	fi
done

# --- The image ---------------------------------------------------------------------------------
t1=$(now)
commit=$(git rev-parse HEAD)
podman build --format docker \
	--build-arg BUILD_IMAGE="$jdk_base" --build-arg RUNTIME_IMAGE="$jre_base" \
	--build-arg GIT_COMMIT_ID="$commit" --build-arg GIT_COMMIT_TIME="$(git log -1 --format=%ct)" \
	--build-arg GIT_BRANCH="$(git rev-parse --abbrev-ref HEAD)" \
	-t "$image" . >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; exit 1; }
build_seconds=$(seconds "$t1" "$(now)")
size=$(podman image inspect -f '{{.Size}}' "$image")

check "the image keeps its HEALTHCHECK (docker format)" \
	sh -c "podman image inspect -f '{{.Config.Healthcheck}}' '$image' | grep -q actuator/health/liveness"
# -XX:AOTMode=on fails instead of silently starting without the cache.
aot_cache_used() { # podman run options...
	podman run --rm "$@" -e JDK_JAVA_OPTIONS='-XX:AOTMode=on -Dspring.context.exit=onRefresh' "$image" \
		--staticflux.access-log.enabled=false >>"$work/podman.log" 2>&1
}
check "the AOT cache matches the ENTRYPOINT's JVM and class path (-XX:AOTMode=on starts)" aot_cache_used
# Trained with the build machine's collector (G1); under 1792 MB the JVM picks the serial one.
check "the AOT cache is used under a 512 MiB limit too (-XX:AOTMode=on starts)" aot_cache_used --memory 512m

# --- As HELP.md runs it --------------------------------------------------------------------------
name=staticflux-smoke-plain
t2=$(now)
start "$name" -p "127.0.0.1:$port:8080" --stop-timeout 30 "$image"
check "answers GET /index.html" await "$name" "http://127.0.0.1:$port/index.html"
first_answer=$(seconds "$t2" "$(now)")
load=$(cut -d ' ' -f 1-3 /proc/loadavg)
check "serves the baked-in site (www/index.html byte for byte)" serves "http://127.0.0.1:$port/index.html" www/index.html
check "reads the image's application.yml (Cache-Control: no-cache on HTML)" \
	header_is "http://127.0.0.1:$port/index.html" cache-control no-cache
check "runs as uid:gid 10001:10001" runs_as "$name" 10001:10001
check "the HEALTHCHECK command passes" podman healthcheck run "$name"
check "/actuator/info has the git commit" \
	sh -c "podman exec '$name' curl -fsS http://127.0.0.1:8081/actuator/info | grep -q '\"$commit\"'"
podman stop -t 30 "$name" >/dev/null 2>>"$work/podman.log"
check "stops with exit status 0" test "$(exit_code "$name")" = 0
started=$(podman logs "$name" 2>&1 | grep -o 'Started StaticFluxApplication in [0-9.]* seconds' || true)
check "writes the access log to /var/log/staticflux/access.log" \
	sh -c "podman cp '$name:/var/log/staticflux/access.log' - | tar -xO | grep -q '\"GET /index.html HTTP/1.1\" 200'"

# --- As deploy/kubernetes.yaml runs it, with podman run ---------------------------------------
mkdir -p "$work/site"
echo '<!doctype html><title>mounted</title>' >"$work/site/index.html"
head -c 24M /dev/urandom >"$work/site/large.bin"
chmod -R a+rX "$work"
printf 'staticflux:\n  cache-control:\n    - pattern: "**"\n      value: "max-age=42"\n' >"$work/application.yml"
name=staticflux-smoke-manifest
# /tmp with exec: Netty unpacks its native libraries (epoll, BoringSSL, QUIC) there and maps them executable;
# podman's --tmpfs is noexec unless told (Kubernetes' emptyDir is not), and without them Netty falls back to NIO
# and the JDK's TLS engine without a word at the default log level.
start "$name" -p "127.0.0.1:$port:8080" -p "127.0.0.1:$mgmt_port:8081" --stop-timeout 30 \
	--read-only --tmpfs /tmp:U,exec --tmpfs /var/log/staticflux:U --cap-drop ALL --security-opt no-new-privileges \
	-v "$work/site:/srv/www:ro" -v "$work/application.yml:/config/application.yml:ro" \
	-e MANAGEMENT_SERVER_ADDRESS=0.0.0.0 "$image"
check "read-only root: answers GET /" await "$name" "http://127.0.0.1:$port/"
check "serves the site mounted at /srv/www" serves "http://127.0.0.1:$port/" "$work/site/index.html"
check "honours /config/application.yml (Cache-Control: max-age=42)" header_is "http://127.0.0.1:$port/" cache-control max-age=42
check "the HEALTHCHECK command passes" podman healthcheck run "$name"
check "readiness is UP on the management port from outside" \
	test "$(status_of "http://127.0.0.1:$mgmt_port/actuator/health/readiness")" = 200
check "writes the access log to the /var/log/staticflux mount" \
	sh -c "sleep 1; podman exec '$name' grep -q '\"GET / HTTP/1.1\" 200' /var/log/staticflux/access.log"
check "cannot write to its root filesystem" sh -c "! podman exec '$name' touch /app/probe 2>/dev/null"
# 24 MiB at 3 MB/s: about 8 s, well within the 20 s graceful-shutdown phase.
curl -sS --max-time 40 --limit-rate 3M -o "$work/large.out" "http://127.0.0.1:$port/large.bin" &
download=$!
sleep 2
podman kill --signal TERM "$name" >/dev/null
download_status=0
wait "$download" || download_status=$?
check "SIGTERM during a download: the download completes" \
	sh -c "[ $download_status = 0 ] && cmp -s '$work/large.out' '$work/site/large.bin'"
check "SIGTERM during a download: exit status 0" test "$(exit_code "$name")" = 0
check "SIGTERM during a download: graceful shutdown logged" \
	sh -c "podman logs '$name' 2>&1 | grep -q 'Graceful shutdown complete'"

# --- The manifest's pod, with podman kube play -------------------------------------------------
# One replica (replicas would share the host ports), the image just built, host ports on loopback.
pod_yaml='
import sys, yaml
image, ports = sys.argv[1], {"http": int(sys.argv[2]), "management": int(sys.argv[3])}
documents = [d for d in yaml.safe_load_all(sys.stdin) if d]
for d in documents:
    if d["kind"] == "Deployment":
        d["spec"]["replicas"] = 1
        container = d["spec"]["template"]["spec"]["containers"][0]
        container["image"] = image
        for p in container["ports"]:
            if p["name"] in ports:
                p.update(hostIP="127.0.0.1", hostPort=ports[p["name"]])
yaml.safe_dump_all(documents, sys.stdout)'
/usr/bin/python3 -c "$pod_yaml" "$image" "$pod_port" "$pod_mgmt_port" <deploy/kubernetes.yaml >"$work/pod.yaml"
podman kube play --replace "$work/pod.yaml" >>"$work/podman.log" 2>&1 || { tail -n 20 "$work/podman.log"; exit 1; }
# The pod's labels are on its container; the containers started above have none.
name=$(podman ps --filter label=app.kubernetes.io/name=staticflux --format '{{.Names}}')
containers+=("$name")
check "kube play: the pod answers GET /index.html" await "$name" "http://127.0.0.1:$pod_port/index.html"
# Asked from outside, as the kubelet does: podman 4.3 turns the livenessProbe into a healthcheck but
# makes port 0 of a named port (curl http://localhost:0/...), so its own verdict is "unhealthy".
# The startupProbe and the readinessProbe are tried as the kubelet tries them (failureThreshold times,
# periodSeconds apart: the pod is started, or ready, at the first 2xx); once the startupProbe has passed, the
# livenessProbe must answer at its first try, since its failures restart the container.
while IFS=' ' read -r probe path tries period; do
	check "kube play: $probe $path answers 2xx" answers_2xx_within "$tries" "$period" "http://127.0.0.1:$pod_mgmt_port$path"
done < <(/usr/bin/python3 -c '
import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    if d and d["kind"] == "Deployment":
        c = d["spec"]["template"]["spec"]["containers"][0]
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            assert c[probe]["httpGet"]["port"] == "management", probe
            p = c[probe]
            tries = (p.get("failureThreshold", 3), p.get("periodSeconds", 10)) if probe != "livenessProbe" else (1, 0)
            print(probe, p["httpGet"]["path"], *tries)' deploy/kubernetes.yaml)
check "kube play: runs as uid:gid 10001:10001" runs_as "$name" 10001:10001
check "kube play: read-only root filesystem" test "$(podman inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$name")" = true
check "kube play: no capabilities" test "$(podman inspect -f '{{.EffectiveCaps}}' "$name")" = '[]'
check "kube play: no privilege escalation (no_new_privs) and a seccomp filter" \
	sh -c "grep -q '^NoNewPrivs:[[:space:]]*1' /proc/$(podman inspect -f '{{.State.Pid}}' "$name")/status &&
		grep -q '^Seccomp:[[:space:]]*2' /proc/$(podman inspect -f '{{.State.Pid}}' "$name")/status"
check "kube play: the ConfigMap is mounted at /config/application.yml" \
	sh -c "podman exec '$name' grep -q 'max-permitted: read-only' /config/application.yml"
check "kube play: the ConfigMap's read-only access refuses a cache eviction" \
	test "$(status_of -X DELETE "http://127.0.0.1:$pod_mgmt_port/actuator/filecache")" = 405
check "kube play: writes the access log to its emptyDir" \
	sh -c "sleep 1; podman exec '$name' grep -q 'GET /index.html' /var/log/staticflux/access.log"

# Earlier builds' images, untagged by this one; the base images and this image stay.
podman image prune -f >/dev/null
total=$(seconds "$t0" "$(now)")
echo
echo "image $image: $(numfmt --to=si --suffix=B "$size") ($size bytes), built in $build_seconds s"
echo "first answer $first_answer s after podman run (GET /index.html, as HELP.md runs it; load average $load);" \
	"the log says: $started"
echo "smoke test: $total s in all"
if [ "$failed" -gt 0 ]; then
	for name in "${containers[@]}"; do
		echo "--- $name, last lines of its log:"
		podman logs --tail 30 "$name" 2>&1 || true
	done
	echo "--- podman:"
	tail -n 30 "$work/podman.log"
fi
echo "smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
