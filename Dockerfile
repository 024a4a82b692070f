# OnPoint Pay: production image.
#   docker build -t onpoint-pay .
#   docker run --rm -p 8000:8000 --env-file .env onpoint-pay
#   docker run --rm --env-file .env onpoint-pay create-merchant --name X --email Y
# Works with BuildKit and with the classic builder (docker-compose v1 uses the latter).

# ---------------------------------------------------------------- build
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src

# Dependencies first, in their own layer: it is rebuilt only when the pom or the wrapper change.
# -Dproduction switches off the "embedded-db" profile, so the embedded PostgreSQL binaries
# (dev/test weight) are neither fetched nor packaged. "|| true": a few optional artifacts
# (hawtio's) do not resolve; whatever is missing is fetched by the package step below.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY simulators/pom.xml simulators/
COPY gateway/pom.xml gateway/
COPY app/pom.xml app/
RUN chmod +x mvnw \
 && (./mvnw -B -q -Dproduction dependency:resolve dependency:resolve-plugins || true)

# The rest of the context (.dockerignore keeps target/, data/, logs/, bench/, .git out).
# routes/ holds the YAML routes loaded from file:routes/*.yaml; it is created empty when the
# repo has none, so the runtime COPY below never fails.
COPY . .
# app/ packages the production jar: the gateway without any simulator class (the simulators module is built
# only because the sandbox jar and the tests use it). maven.test.skip (rather than skipTests): test sources
# are not even compiled, so they may use test-only dependencies that the production classpath lacks.
RUN ./mvnw -B -Dproduction -Dmaven.test.skip=true package \
 && mkdir -p routes

# ---------------------------------------------------------------- runtime
FROM eclipse-temurin:17-jre

# Non-root user; the image's own files stay root-owned and read-only to it.
RUN groupadd --system --gid 10001 onpoint \
 && useradd --system --uid 10001 --gid onpoint --home-dir /app --no-create-home \
            --shell /usr/sbin/nologin onpoint

WORKDIR /app
# logs/: the default LOG_FILE (logs/onpoint_pay.log, relative to /app) must be writable; data/kyc holds KYC uploads.
RUN mkdir -p /app/logs /app/data/kyc && chown -R onpoint:onpoint /app/logs /app/data

COPY --from=build /src/app/target/onpoint-pay.jar /app/onpoint-pay.jar
COPY --from=build /src/routes/ /app/routes/

ENV SPRING_PROFILES_ACTIVE=prod
EXPOSE 8000
USER 10001:10001

# curl ships in the eclipse-temurin (Ubuntu) images. PORT is the app's own port variable.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8000}/actuator/health/liveness" || exit 1

# Heap sized from the container's memory limit; exit (and let the orchestrator restart) on OOM.
# Extra JVM flags: JAVA_TOOL_OPTIONS. Arguments after the image name go to the app, e.g.
# "create-merchant --name X --email Y".
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/onpoint-pay.jar"]
