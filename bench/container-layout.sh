# Sourced by bench/run.sh and bench/startup-ab.sh: staticflux laid out, trained and started as the container
# image does, outside an image, so that its start-up can be measured on the host (docs/PERFORMANCE.md,
# "Start-up (issue 16)"). What is the image's is read from the image's own files, not copied:
#   the layout        `java -Djarmode=tools ... extract --layers`, as the Dockerfile's build stage, flattened
#                     into one directory (app.jar + lib/) as its COPY lines do
#   the configuration the repository's application.yml and deploy/docker/container.yml, at the places the
#                     Dockerfile's SPRING_CONFIG_ADDITIONAL_LOCATION names (/etc/staticflux/ and /config/ are
#                     mapped into the layout's directory)
#   the environment   the Dockerfile's ENV lines (JDK_JAVA_OPTIONS: the image's JVM options; LANG)
#   the AOT cache     deploy/docker/training-run.sh, run with CONTAINER_JAVA
#   the command       deploy/docker/entrypoint.sh's: java -XX:AOTCache=<dir>/staticflux.aot -jar <dir>/app.jar
# Not the image's: no memory limit (as `docker run` without --memory: the heap is 25 % of the host's memory),
# and the caller's root, ports and access log are Spring Boot arguments after the image's configuration.
#
# CONTAINER_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java   the image's runtime (Temurin 25)

CONTAINER_JAVA=${CONTAINER_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
CONTAINER_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# container_java_usable: whether CONTAINER_JAVA exists and makes an AOT cache (Java 25+).
container_java_usable() {
	[ -x "$CONTAINER_JAVA" ] && "$CONTAINER_JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '
}

# image_env NAME: the value of the Dockerfile's `ENV NAME=value` line, without its quotes.
image_env() {
	sed -n "s/^ENV $1=//p" "$CONTAINER_REPO/Dockerfile" | sed 's/^"\(.*\)"$/\1/'
}

# container_env DIR: fills CONTAINER_ENV (NAME=value words for env(1)) with the image's environment for a layout
# in DIR.
container_env() {
	local dir=$1 locations
	locations=$(image_env SPRING_CONFIG_ADDITIONAL_LOCATION)
	locations=${locations//file:\/etc\/staticflux\//file:$dir\/etc\/staticflux\/}
	locations=${locations//file:\/config\//file:$dir\/config\/}
	CONTAINER_ENV=("JDK_JAVA_OPTIONS=$(image_env JDK_JAVA_OPTIONS)" "LANG=$(image_env LANG)"
		"SPRING_CONFIG_ADDITIONAL_LOCATION=$locations")
}

# container_layout JAR DIR PORT MANAGEMENT_PORT [ARGS...]: extracts JAR into DIR, copies the image's configuration
# and makes DIR/staticflux.aot with the image's training run on those two ports; ARGS are Spring Boot arguments for
# the training server (the site). Fills CONTAINER_CMD with the entrypoint's command for DIR.
container_layout() {
	local jar=$1 dir=$2 port=$3 mgmt_port=$4 layers layer
	shift 4
	layers=$(mktemp -d)
	java -Djarmode=tools -jar "$jar" extract --layers --application-filename app.jar --destination "$layers" >/dev/null ||
		{ rm -rf "$layers"; return 1; }
	mkdir -p "$dir/etc/staticflux"
	for layer in dependencies spring-boot-loader snapshot-dependencies application; do
		[ -d "$layers/$layer" ] && cp -a "$layers/$layer/." "$dir/"
	done
	rm -rf "$layers"
	cp "$CONTAINER_REPO/application.yml" "$CONTAINER_REPO/deploy/docker/container.yml" "$dir/etc/staticflux/"
	container_env "$dir"
	(cd "$dir" && exec env "${CONTAINER_ENV[@]}" PATH="$(dirname "$CONTAINER_JAVA"):$PATH" STATICFLUX_APP_DIR="$dir" \
		TRAINING_PORT="$port" TRAINING_MANAGEMENT_PORT="$mgmt_port" "$CONTAINER_REPO/deploy/docker/training-run.sh" "$@") || return 1
	CONTAINER_CMD=(env "${CONTAINER_ENV[@]}" "$CONTAINER_JAVA" -XX:AOTCache="$dir/staticflux.aot" -jar "$dir/app.jar")
}
