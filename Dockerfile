# OnPoint Pay: production image.
#   docker build -t onpoint-pay .
#   docker run --rm -p 8000:8000 --env-file .env onpoint-pay
#   docker run --rm --env-file .env onpoint-pay create-merchant --name X --email Y
# Works with BuildKit and with the classic builder (docker-compose v1 uses the latter).

# ---------------------------------------------------------------- build
# Java 25 builds and runs it; the bytecode stays release 17 (the pom), so Java 17 still runs the jar.
FROM eclipse-temurin:25-jdk AS build
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
 && mkdir -p routes \
 && chmod +x bin/aot-cache

# ---------------------------------------------------------------- AOT cache
# The start-up cache (bin/aot-cache): the jar extracted into /app (a thin jar and lib/), then one training run
# against a throwaway PostgreSQL (this stage only) with the runtime's JVM and flags; at exit the JVM writes
# /app/onpoint-pay.aot: the classes loaded and linked, and method profiles. It halves the start's CPU time
# (bench/README.md, "startup.sh"). Same base image as the runtime below: the cache fits only the JVM build that
# made it and the jar files as they are (paths, sizes, modification times, which COPY keeps). A cache that does
# not fit is refused at start with an "[aot]" error line, and the gateway starts without it (as slowly as before).
# The values below exist for this run only: the simulators' rails, a throwaway key, no real credential.
FROM eclipse-temurin:25-jre AS aot
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/app/target/onpoint-pay.jar /tmp/onpoint-pay.jar
COPY --from=build /src/bin/aot-cache /usr/local/bin/aot-cache
ENV JDK_JAVA_OPTIONS="-Xmx256m"
RUN SPRING_PROFILES_ACTIVE=prod LOG_LEVEL=WARN \
    SECRET_KEY=aot-training-run-only-not-a-secret-0123456789 \
    ONPOINT_MASTER_KEY=YW90LXRyYWluaW5nLW9ubHktbm90LWEta2V5LTAxMjM= \
    OPS_USER=aot OPS_PASSWORD=aot-training-run-only \
    MPESA_ENV=simulator PAYSTACK_ENV=simulator FLUTTERWAVE_ENV=simulator \
    AOT_TRAIN_PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | tail -n1)" AOT_TRAIN_PORT=8000 \
    aot-cache /tmp/onpoint-pay.jar /app \
 && rm /tmp/onpoint-pay.jar

# ---------------------------------------------------------------- runtime
FROM eclipse-temurin:25-jre

# Non-root user; the image's own files stay root-owned and read-only to it.
RUN groupadd --system --gid 10001 onpoint \
 && useradd --system --uid 10001 --gid onpoint --home-dir /app --no-create-home \
            --shell /usr/sbin/nologin onpoint

WORKDIR /app
# logs/: the default LOG_FILE (logs/onpoint_pay.log, relative to /app) must be writable; data/kyc holds KYC uploads.
RUN mkdir -p /app/logs /app/data/kyc && chown -R onpoint:onpoint /app/logs /app/data

# /app/onpoint-pay.jar (thin), /app/lib/ and /app/onpoint-pay.aot, exactly as the training run used them
COPY --from=aot /app/ /app/
COPY --from=build /src/routes/ /app/routes/

ENV SPRING_PROFILES_ACTIVE=prod
# Memory: a 256 MB heap keeps the gateway under 512 MB RSS at full load (its live data is 80-170 MB); the rest is
# classes (the AOT cache, about 110 MB), compiled code, G1's own structures and threads. Requests run on virtual
# threads, so no thread pool grows with the load. Another heap: override JDK_JAVA_OPTIONS (java reads it), e.g.
# -XX:MaxRAMPercentage=50 in a container with room to spare.
ENV JDK_JAVA_OPTIONS="-Xmx256m"
EXPOSE 8000
USER 10001:10001

# curl ships in the eclipse-temurin (Ubuntu) images. PORT is the app's own port variable.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8000}/actuator/health/liveness" || exit 1

# Exit (and let the orchestrator restart) on OOM. Extra JVM flags: JDK_JAVA_OPTIONS (above) or JAVA_TOOL_OPTIONS.
# Arguments after the image name go to the app, e.g. "create-merchant --name X --email Y".
ENTRYPOINT ["java", "-XX:AOTCache=/app/onpoint-pay.aot", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/onpoint-pay.jar"]
