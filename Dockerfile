# syntax=docker/dockerfile:1
#
# staticflux container image: build with the Maven wrapper on a JDK image (Temurin 17, the pom's
# Java), run the extracted Spring Boot layers on a JRE image (Temurin 25, for its AOT cache) as a
# non-root user. See BUILD_IMAGE and RUNTIME_IMAGE below.
#
#   docker build -t staticflux .
#   docker run --rm -p 8080:8080 --stop-timeout 30 staticflux
#   docker run --rm -p 8080:8080 --stop-timeout 30 -v "$PWD/site:/srv/www:ro" \
#       -v "$PWD/my.yml:/config/application.yml:ro" staticflux
#
# Paths in the image:
#   /app                       the application: app.jar, lib/ (Spring Boot layers), the AOT cache
#                              staticflux.aot (staticflux.jsa, a CDS archive, on a runtime older
#                              than Java 25), training-run.sh and entrypoint.sh; the working directory
#   /etc/staticflux/           the image's configuration: application.yml (the repository's, every
#                              key at its default) and container.yml (deploy/docker/: image paths)
#   /config/application.yml    optional operator file: overrides those key by key
#   /srv/www                   the site: a copy of www/, meant to be mounted over
#   /var/log/staticflux        the access log (owned by the runtime user; mount a volume to keep it)
# Ports: 8080 the file server (EXPOSEd, and 8080/udp for HTTP/3 once enabled); 8081 Actuator,
# bound to 127.0.0.1 inside the container so only the HEALTHCHECK (which runs inside) reaches it. To let Prometheus or Kubernetes probes reach
# it, set MANAGEMENT_SERVER_ADDRESS=0.0.0.0 and publish it only where it should be seen
# (e.g. -p 127.0.0.1:8081:8081); deploy/kubernetes.yaml does this.
#
# What was verified, and how: deploy/docker/smoke.sh, run by .ci/run after the tests, builds this
# file with podman 4.3 (runc) on Debian bases made locally with debootstrap (Debian 12's openjdk-17
# headless JDK, Debian 13's openjdk-25 headless JRE; the public Temurin bases cannot be pulled there),
# then checks the image as an operator would: HEALTHCHECK kept and passing; the AOT cache usable
# (-XX:AOTMode=on, also under a 512 MiB limit); the baked-in site served
# byte for byte with the Cache-Control rule of /etc/staticflux/application.yml; uid:gid 10001:10001;
# the commit in /actuator/info; exit status 0 on stop; the access log in /var/log/staticflux; with a
# read-only root, tmpfs /tmp and /var/log/staticflux, no capabilities, no-new-privileges, a mounted
# site and /config/application.yml (both honoured) and an environment variable (the management
# address); a download in flight at SIGTERM completes and the exit status is 0; then
# deploy/kubernetes.yaml's pod under `podman kube play`, every probe answering: 31 checks, all
# passing (32 with the AOT cache's second check). Figures of 2026-12-01 (HELP.md, "What is verified,
# and how"): image 519 MB on the Debian 13 JRE 25 base of 393 MB (449 MB on Java 17); first answer
# 6.4-10.5 s after `podman run` at a load average of 9-11, half the JVM's CPU of the same image without
# its AOT cache (Java 17 with CDS: 3.4 s at a load average of 2.2); the whole smoke test 13.1 min from
# scratch at a load average of 12-17, under a minute with bases and layers kept.
#
# The base images, replaceable without editing this file: any JDK 17+ image with a POSIX shell for the
# build, and for the runtime a JRE 17+ with groupadd, useradd and curl (the HEALTHCHECK's client and
# the training run's); Java 25+ for the AOT cache, a CDS archive otherwise. deploy/docker/smoke.sh
# builds on Debian bases made locally with debootstrap:
#   docker build --build-arg BUILD_IMAGE=localhost/staticflux-base:17-jdk \
#       --build-arg RUNTIME_IMAGE=localhost/staticflux-base:25-jre -t staticflux .
ARG BUILD_IMAGE=eclipse-temurin:17-jdk-noble
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre-noble

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
# Memory: the file cache's bodies are direct buffers, off the heap, and the heap itself needs little
# (docs/SCALING.md, "Memory": a pod takes heap + direct + about 110 MB, direct at least twice
# staticflux.cache.max-size). So the heap is a quarter of the container's limit (128 MB of 512 MiB)
# and direct memory is capped at 256 MB, room for a 128MB cache and Netty's own buffers. Exit on
# OutOfMemoryError so the runtime restarts the container instead of leaving it half alive. Replace
# the whole variable to change it (a larger cache needs a larger MaxDirectMemorySize and limit).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=25 -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError"
# A UTF-8 locale, so that the JVM encodes file names as UTF-8 and files with non-ASCII names are served
# (the application also asks for it at start; this is the supported way).
ENV LANG=C.UTF-8

# A training run (deploy/docker/training-run.sh: start as the entrypoint does, serve the first kinds
# of request, stop) leaves an AOT cache on Java 25+ (staticflux.aot: classes loaded and linked, method
# profiles), a Class Data Sharing archive (staticflux.jsa) on an older runtime base, so each start maps
# them instead of loading, verifying and profiling again (docs/PERFORMANCE.md, "Start-up (issue 16)").
# Needs the plain extracted layout (app.jar + lib/): classes loaded by Spring Boot's launcher are not
# archived.
COPY deploy/docker/training-run.sh deploy/docker/entrypoint.sh /app/
RUN /app/training-run.sh

USER 10001:10001
EXPOSE 8080
# HTTP/3 (QUIC) listens on the same port number over UDP once enabled; nothing listens there by default.
EXPOSE 8080/udp
# Shell form so ${MANAGEMENT_SERVER_PORT} set at `docker run` is honoured.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-8081}/actuator/health/liveness" || exit 1
# deploy/docker/entrypoint.sh starts java with the AOT cache, passes SIGTERM on (the graceful
# shutdown takes up to 20 s by default), then waits up to 10 s for the kernel to send what the server
# wrote (a container's network goes with its last process): give `docker stop -t 30` /
# --stop-timeout 30. Arguments after the image name are Spring Boot arguments, e.g.
# --staticflux.cache.max-size=128MB.
ENTRYPOINT ["/app/entrypoint.sh"]
