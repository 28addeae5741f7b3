# syntax=docker/dockerfile:1
#
# staticflux container image: build with the Maven wrapper on a Temurin JDK, run the extracted
# Spring Boot layers on a Temurin JRE as a non-root user.
#
#   docker build -t staticflux .
#   docker run --rm -p 8080:8080 --stop-timeout 30 staticflux
#   docker run --rm -p 8080:8080 --stop-timeout 30 -v "$PWD/site:/srv/www:ro" \
#       -v "$PWD/my.yml:/config/application.yml:ro" staticflux
#
# Paths in the image:
#   /app                       the application: app.jar, lib/ (Spring Boot layers) and the CDS
#                              archive staticflux.jsa; the working directory
#   /etc/staticflux/           the image's configuration: application.yml (the repository's, every
#                              key at its default) and container.yml (deploy/docker/: image paths)
#   /config/application.yml    optional operator file: overrides those key by key
#   /srv/www                   the site: a copy of www/, meant to be mounted over
#   /var/log/staticflux        the access log (owned by the runtime user; mount a volume to keep it)
# Ports: 8080 the file server (EXPOSEd); 8081 Actuator, bound to 127.0.0.1 inside the container so
# only the HEALTHCHECK (which runs inside) reaches it. To let Prometheus or Kubernetes probes reach
# it, set MANAGEMENT_SERVER_ADDRESS=0.0.0.0 and publish it only where it should be seen
# (e.g. -p 127.0.0.1:8081:8081); deploy/kubernetes.yaml does this.
#
# What was verified, and how (no Docker engine runs on the machine this was written on, so the
# image itself was never built; each step below was reproduced by hand on Linux x86_64, JDK 17.0.15):
#   - Layer names and order: `java -Djarmode=tools -jar target/staticflux-0.1.0-SNAPSHOT.jar list-layers`
#     prints dependencies, spring-boot-loader, snapshot-dependencies, application; `extract --layers
#     --application-filename app.jar --destination extracted` makes one directory per layer
#     (dependencies/lib/*.jar, application/app.jar whose manifest names lib/; spring-boot-loader and
#     snapshot-dependencies empty today but always created) that merge into one directory; the COPY
#     lines below follow that order, least to most often changed.
#   - The runtime stage, by deploy/docker/rehearse.sh (run it again after changing this file): it
#     carries out this stage's RUN, COPY, ENV, WORKDIR and USER lines as written on an overlay of the
#     host's root in private mount and network namespaces (so /app, /srv/www, /etc/staticflux,
#     /config and /var/log/staticflux are the real paths), then runs the ENTRYPOINT as uid 10001.
#     Verified: the HEALTHCHECK command exits 0 ({"status":"UP"} on 127.0.0.1:8081); GET /index.html
#     on 8080 answers www/index.html byte for byte from /srv/www, with the Cache-Control rule of
#     /etc/staticflux/application.yml; the packaged BOOT-INF/classes/application.yml is read (an
#     earlier draft put the image's defaults in /app, on the launcher's class path, and hid it: no
#     management port, no probes); the process runs as 10001:10001; SIGTERM ends it after "Graceful
#     shutdown complete" with exit status 0; /config/application.yml overrides one key and keeps
#     the rest; an environment variable overrides /config; with the root filesystem read-only and
#     only /tmp and /var/log/staticflux writable (as deploy/kubernetes.yaml runs it) it still starts
#     and serves; the access log is written to /var/log/staticflux/access.log in both cases.
#   - curl in the runtime image: not run (no engine); the Temurin noble JRE Dockerfile
#     (github.com/adoptium/containers, 17/jre/ubuntu/noble/Dockerfile) installs curl and wget.
#   - The build stage: its two commands, run in a directory holding only what .dockerignore admits
#     (.mvn/, mvnw, pom.xml, src/main/, www/, application.yml, deploy/docker/container.yml; no .git, no tests),
#     build the jar and extract the four layer directories (Maven offline from a filled ~/.m2; in the
#     image the wrapper downloads Maven, and the dependencies, over the network).

# The base images, replaceable without editing this file: any JDK 17+ image with a POSIX shell for the
# build, and for the runtime a JRE of the same Java version with groupadd, useradd and curl (the
# HEALTHCHECK's client). deploy/docker/smoke.sh builds on Debian bases made locally with debootstrap:
#   docker build --build-arg BUILD_IMAGE=localhost/staticflux-base:17-jdk \
#       --build-arg RUNTIME_IMAGE=localhost/staticflux-base:17-jre -t staticflux .
ARG BUILD_IMAGE=eclipse-temurin:17-jdk-noble
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-noble

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/main/ src/main/
# .git stays out of the build context, so git-commit-id finds no repository here: the commit comes in
# as build arguments and becomes the git.properties that Actuator's /actuator/info shows, e.g.
#   --build-arg GIT_COMMIT_ID=$(git rev-parse HEAD) --build-arg GIT_COMMIT_TIME=$(git log -1 --format=%ct)
#   --build-arg GIT_BRANCH=$(git rev-parse --abbrev-ref HEAD)
# Without them the image has no git section. Declared after the COPY lines: a new commit id alone
# does not invalidate those layers.
ARG GIT_COMMIT_ID=
ARG GIT_COMMIT_TIME=
ARG GIT_BRANCH=
# The cache mount keeps ~/.m2 between builds; the wrapper downloads Maven itself on first use.
RUN --mount=type=cache,target=/root/.m2 \
    if [ -n "$GIT_COMMIT_ID" ]; then \
      printf 'git.commit.id=%s\ngit.commit.id.abbrev=%.7s\ngit.commit.time=%s\ngit.branch=%s\n' \
        "$GIT_COMMIT_ID" "$GIT_COMMIT_ID" "$GIT_COMMIT_TIME" "$GIT_BRANCH" >src/main/resources/git.properties; \
    fi \
 && ./mvnw -B -ntp -DskipTests package \
 && java -Djarmode=tools -jar target/staticflux-*.jar extract --layers --application-filename app.jar --destination /extracted

FROM ${RUNTIME_IMAGE}
# A fixed numeric uid, so Kubernetes' runAsNonRoot can check it without a passwd lookup.
RUN groupadd --system --gid 10001 staticflux \
 && useradd --system --uid 10001 --gid staticflux --home-dir /app --no-create-home --shell /usr/sbin/nologin staticflux \
 && mkdir -p /config /var/log/staticflux \
 && chown staticflux:staticflux /var/log/staticflux
WORKDIR /app
# Least to most often changed, so a code change rebuilds only the last, smallest layer.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# Not in /app: the image's configuration stays apart from the application's files (an earlier layout
# put /app on the class path, where an application.yml hid the packaged one).
COPY application.yml deploy/docker/container.yml /etc/staticflux/
# Root-owned and read-only for the server: a static site need not be writable by it.
COPY www/ /srv/www/

# After the packaged defaults, later locations winning: the operator's file as `spring-boot:run` reads
# it, the image's paths, then the operator's /config/ (a mounted file or ConfigMap; optional: none,
# no error). Environment variables win over all.
ENV SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/etc/staticflux/application.yml,optional:file:/etc/staticflux/container.yml,optional:file:/config/
# Heap (and with it the file cache) at 60% of the container's memory limit; the rest is for Netty's
# direct buffers, metaspace and thread stacks. Direct memory's own cap defaults to the heap's size:
# if the container is killed for memory rather than failing with OutOfMemoryError, add
# -XX:MaxDirectMemorySize. Exit on OutOfMemoryError so the runtime restarts the container instead
# of leaving it half alive. Replace the whole variable to change it.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"

# Class Data Sharing: a training run (start, refresh the context, exit: spring.context.exit=onRefresh)
# archives the classes the server loads, so each start maps them instead of loading and verifying
# them again. Measured on 2 cores: 4.3 s to 2.8 s to the first answer (docs/PERFORMANCE.md). Needs
# the plain extracted layout (app.jar + lib/): classes loaded by Spring Boot's launcher are not archived.
RUN java -XX:ArchiveClassesAtExit=/app/staticflux.jsa -Dspring.context.exit=onRefresh -jar /app/app.jar \
      --server.port=0 --management.server.port=0 --staticflux.access-log.enabled=false \
 && rm -rf /tmp/hsperfdata_root

COPY deploy/docker/entrypoint.sh /app/

USER 10001:10001
EXPOSE 8080
# HTTP/3 (QUIC) listens on the same port number over UDP once enabled; nothing listens there by default.
EXPOSE 8080/udp
# Shell form so ${MANAGEMENT_SERVER_PORT} set at `docker run` is honoured.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-8081}/actuator/health/liveness" || exit 1
# deploy/docker/entrypoint.sh starts java with the CDS archive, passes SIGTERM on (the graceful
# shutdown takes up to 20 s by default), then waits up to 10 s for the kernel to send what the server
# wrote (a container's network goes with its last process): give `docker stop -t 30` /
# --stop-timeout 30. Arguments after the image name are Spring Boot arguments, e.g.
# --staticflux.cache.max-size=128MB.
ENTRYPOINT ["/app/entrypoint.sh"]
