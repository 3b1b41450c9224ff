# syntax=docker/dockerfile:1
#
# One image per module, from the same file:
#
#   docker build --build-arg MODULE=campaign-service -t crowdfund/campaign-service:dev .
#
# MODULE is one of campaign-service, pledge-service, payment-service, reservation-service,
# notification-service, gateway, or stripe-emulator (development only, never deployed to
# production). The image runs the module's shaded jar as an unprivileged user; configuration
# comes from the environment (README, "Configuration"). See docs/deployment.md.

# ---- build: the module and the modules it depends on (-am), without tests -------------------
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MODULE
RUN test -n "$MODULE" || { echo "set the module: docker build --build-arg MODULE=<module> ." >&2; exit 1; }
WORKDIR /src
# The whole reactor: the parent pom lists every module, so Maven needs all of them present.
COPY . .
# The cache mount keeps downloaded dependencies between builds (BuildKit).
RUN --mount=type=cache,target=/root/.m2/repository \
    mvn -B -ntp -pl "$MODULE" -am package -DskipTests \
 && cp "$MODULE/target/$MODULE-0.1.0-SNAPSHOT.jar" /app.jar

# ---- runtime: a JRE, the jar, nothing else ------------------------------------------------------
FROM eclipse-temurin:17-jre
ARG MODULE
LABEL org.opencontainers.image.title="crowdfund-${MODULE}" \
      org.opencontainers.image.description="Crowdfund ${MODULE}"
# A numeric, non-root user, so Kubernetes can verify runAsNonRoot.
RUN groupadd --system --gid 10001 crowdfund \
 && useradd --system --uid 10001 --gid crowdfund --home-dir /nonexistent --no-create-home \
            --shell /usr/sbin/nologin crowdfund
WORKDIR /app
# Owned by root and not writable by the process.
COPY --from=build /app.jar /app/app.jar
# Heap from the container's memory limit, not the node's; exit (and be restarted) on OOM rather
# than limp on. The Kubernetes manifests set the same variable explicitly.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=30 -XX:+ExitOnOutOfMemoryError" \
    LOG_FORMAT=json
USER 10001:10001
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
