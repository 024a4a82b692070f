package ke.onpoint.pay.ops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * With no {@code DB_HOST}, starts the embedded PostgreSQL (zonky) before the DataSource is built and points
 * {@code spring.datasource.*} at it. The data directory survives restarts. One server per JVM: every Spring
 * context of a test run shares it, and it stops after the last context has closed.
 *
 * <p>The server starts in the background (initdb on a fresh data directory takes seconds): the port is chosen
 * first, so the URL is known at once, and the application context is built meanwhile; the first DataSource bean waits
 * for the server before it is handed out.
 *
 * <p>When another gateway process already runs a server on the same data directory (the README's
 * {@code create-merchant} beside a running {@code spring-boot:run}), that server is reused instead.
 * The production image is built without the zonky jars, so this does nothing there.
 */
public class EmbeddedPostgresLauncher implements EnvironmentPostProcessor, Ordered {

    private static final String ZONKY = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    private static volatile Map<String, Object> datasource;
    /** The server being started by this JVM; done at once when a running one was found. */
    private static volatile CompletableFuture<Integer> server = CompletableFuture.completedFuture(0);
    /** Logging is not set up yet when this runs; a deferred log replays once it is. */
    private final Log log;

    public EmbeddedPostgresLauncher(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedPostgresLauncher.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        boolean enabled = env.getProperty("onpoint.embedded-db.enabled", Boolean.class, true);
        if (!enabled
                || StringUtils.hasText(env.getProperty("DB_HOST"))
                || !ClassUtils.isPresent(ZONKY, getClass().getClassLoader())) {
            return;
        }
        Map<String, Object> properties = datasource(env);
        String database = env.getProperty("onpoint.embedded-db.database", "postgres");
        if (!database.equals("postgres")) {
            awaitServer();
            properties = new java.util.HashMap<>(properties);
            properties.put(
                    "spring.datasource.url",
                    ensureDatabase((String) properties.get("spring.datasource.url"), database));
        }
        env.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", properties));
        application.addInitializers(context -> context.getBeanFactory().addBeanPostProcessor(new AwaitServer()));
    }

    /** Holds a DataSource back until the server it points at accepts connections. */
    private static final class AwaitServer implements BeanPostProcessor {
        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            if (bean instanceof DataSource) {
                awaitServer();
            }
            return bean;
        }
    }

    /** Waits for the background start; its failure (initdb, port taken) fails the caller. */
    static void awaitServer() {
        try {
            server.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * A database of its own on the shared server (tests that must not touch the others' data, such as a master key
     * rotation): created on first use; the URL of it.
     */
    private static String ensureDatabase(String serverUrl, String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalStateException(
                    "onpoint.embedded-db.database must be a plain lower-case name: " + database);
        }
        try (var connection = java.sql.DriverManager.getConnection(serverUrl, "postgres", "");
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + database);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not create the embedded database " + database, e);
        }
        return serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + database;
    }

    private synchronized Map<String, Object> datasource(ConfigurableEnvironment env) {
        if (datasource == null) {
            Path dataDir = Path.of(env.getProperty("onpoint.embedded-db.data-dir", "./data/postgres"))
                    .toAbsolutePath()
                    .normalize();
            boolean clean = env.getProperty("onpoint.embedded-db.clean", Boolean.class, false);
            int port = runningServerPort(dataDir);
            if (port > 0 && clean) {
                stopLeftover(dataDir); // a fresh database was asked for (tests): a server left by a crashed run goes
                port = 0;
            }
            if (port > 0) {
                log.info("Using the embedded PostgreSQL already running on port " + port + " for " + dataDir);
            } else {
                port = env.getProperty("onpoint.embedded-db.port", Integer.class, 0);
                port = port > 0 ? port : freePort();
                server = startInBackground(
                        dataDir, port, clean, env.getProperty("onpoint.embedded-db.preload-libraries", ""));
            }
            datasource = Map.of(
                    "spring.datasource.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                    "spring.datasource.username", "postgres",
                    "spring.datasource.password", "");
        }
        return datasource;
    }

    /**
     * Starts the server on a thread of its own. The shutdown handler is registered now, not once the server is up, so
     * a context that fails meanwhile still stops it (after waiting for the start to end).
     */
    private CompletableFuture<Integer> startInBackground(
            Path dataDir, int port, boolean clean, String preloadLibraries) {
        CompletableFuture<io.zonky.test.db.postgres.embedded.EmbeddedPostgres> starting = new CompletableFuture<>();
        Thread starter = new Thread(
                () -> {
                    try {
                        starting.complete(start(dataDir, port, clean, preloadLibraries));
                    } catch (Throwable e) {
                        starting.completeExceptionally(e);
                    }
                },
                "embedded-postgres-start");
        starter.setDaemon(true);
        starter.start();
        // Runs after every application context has closed, so pools and schedulers stop first.
        SpringApplication.getShutdownHandlers().add(() -> {
            try {
                starting.get(60, java.util.concurrent.TimeUnit.SECONDS).close();
            } catch (java.util.concurrent.ExecutionException e) {
                // it never started: its failure was the context's
            } catch (IOException | java.util.concurrent.TimeoutException e) {
                System.err.println("Embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return starting.thenApply(io.zonky.test.db.postgres.embedded.EmbeddedPostgres::getPort);
    }

    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres start(
            Path dataDir, int port, boolean clean, String preloadLibraries) {
        try {
            if (clean) {
                org.springframework.util.FileSystemUtils.deleteRecursively(dataDir); // initdb wants an empty directory
            }
            Files.createDirectories(dataDir);
            long started = System.nanoTime();
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(clean)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("synchronous_commit", "on");
            if (StringUtils.hasText(preloadLibraries)) {
                // opt-in (bench/initiate.sh: pg_stat_statements, which the zonky binaries ship); only read at start
                builder.setServerConfig("shared_preload_libraries", preloadLibraries.trim());
            }
            var postgres = builder.start();
            log.info("Embedded PostgreSQL started on port " + postgres.getPort() + " in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms, data in " + dataDir);
            return postgres;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Could not start the embedded PostgreSQL in " + dataDir
                            + " (set DB_HOST to use a PostgreSQL server instead)",
                    e);
        }
    }

    /** A port nobody listens on now, as zonky itself picks one; the server binds it a moment later. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port for the embedded PostgreSQL", e);
        }
    }

    /** Stops the postmaster named in postmaster.pid (SIGTERM: PostgreSQL's smart shutdown) and waits for it. */
    private void stopLeftover(Path dataDir) {
        try {
            long pid = Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle.of(pid).ifPresent(postmaster -> {
                log.warn("Stopping the embedded PostgreSQL (pid " + pid + ") left running on " + dataDir);
                postmaster.destroy();
                postmaster
                        .onExit()
                        .orTimeout(20, java.util.concurrent.TimeUnit.SECONDS)
                        .join();
            });
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "A PostgreSQL server still runs on " + dataDir + " and could not be stopped", e);
        }
    }

    /** The port of a live postmaster on this data directory, or 0. Line 4 of postmaster.pid is its port. */
    static int runningServerPort(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isReadable(pidFile)) {
                return 0;
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            int port = lines.size() > 3 ? Integer.parseInt(lines.get(3).trim()) : 0;
            if (port <= 0) {
                return 0;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 500);
                return port;
            }
        } catch (IOException | NumberFormatException e) {
            return 0; // stale pid file: the server is not running
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
