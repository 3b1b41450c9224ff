package org.crowdfund.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One service running as its own JVM from the jar its module built, as in production: for
 * cross-service tests and for tests that kill a process half-way. The jar must exist (the
 * reactor builds every service before the modules whose tests use this).
 */
public final class ServiceProcess implements AutoCloseable {
    private static final String VERSION = "0.1.0-SNAPSHOT";

    private final String module;
    private final Path jar;
    private final Map<String, String> env;
    private final int grpcPort;
    private final int httpPort;
    private final Path log;
    private Process process;

    private ServiceProcess(String module, Path jar, Map<String, String> env, int grpcPort, int httpPort, Path log) {
        this.module = module;
        this.jar = jar;
        this.env = env;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * Starts a service with a fresh database, the test NATS stream given in {@code events}
     * (see {@link TestInfra#eventProperties}), free ports, an adjustable clock and its own identity
     * key ({@link TestIdentities#environment}), plus
     * {@code extraEnv}; waits until its /health answers UP.
     */
    public static ServiceProcess start(String module, Map<String, Object> events, Map<String, String> extraEnv) {
        Path jar = repositoryRoot().resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it first: mvn -pl " + module + " -am package -DskipTests");
        }
        int grpcPort = TestInfra.freePort();
        int httpPort = TestInfra.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("GRPC_PORT", String.valueOf(grpcPort));
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("DB_URL", TestInfra.freshDatabase(module.replace("-service", "").replace('-', '_')));
        env.put("DB_USER", TestInfra.postgres().user());
        env.put("DB_PASSWORD", TestInfra.postgres().password());
        env.put("NATS_URL", String.valueOf(events.get("crowdfund.events.nats-url")));
        env.put("EVENTS_STREAM", String.valueOf(events.get("crowdfund.events.stream")));
        env.put("EVENTS_SUBJECT_PREFIX", String.valueOf(events.get("crowdfund.events.subject-prefix")));
        env.put("CLOCK_ADJUSTABLE", "true");
        env.put("LOG_FORMAT", "text");
        env.putAll(TestIdentities.environment(module));
        env.putAll(extraEnv);
        Path log = jar.getParent().resolve(module + "-" + grpcPort + ".log");
        ServiceProcess service = new ServiceProcess(module, jar, env, grpcPort, httpPort, log);
        service.resume();
        return service;
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public String env(String name) {
        return env.get(name);
    }

    public Path log() {
        return log;
    }

    /** Starts the process again (same ports, database and stream) after {@link #kill} or {@link #stop}. */
    public synchronized void resume() {
        if (process != null && process.isAlive()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + module, e);
        }
        // generous: on a loaded 2-core machine a service can take a minute to start
        awaitHealthy(Duration.ofSeconds(180));
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(module + " did not become healthy in " + timeout + "; see " + log);
    }

    /** SIGKILL: the process dies at once, whatever it was doing, as in a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** SIGTERM: graceful shutdown. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The checkout root: the nearest directory upwards holding both pom.xml and the proto module. */
    public static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("proto"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("not inside the crowdfund checkout: " + System.getProperty("user.dir"));
    }
}
