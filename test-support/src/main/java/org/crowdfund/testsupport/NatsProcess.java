package org.crowdfund.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A private nats-server (JetStream on) that a test can stop and start again on the same port
 * and store, to show what happens while the broker is away. Needs nats-server on PATH or in
 * /usr/sbin (Debian's nats-server package; ./crowdfund test installs it).
 */
public final class NatsProcess implements AutoCloseable {
    private final String binary;
    private final int port;
    private final Path store;
    private Process process;

    private NatsProcess(String binary, int port, Path store) {
        this.binary = binary;
        this.port = port;
        this.store = store;
    }

    public static NatsProcess start() {
        String binary = locate();
        try {
            NatsProcess nats = new NatsProcess(binary, TestInfra.freePort(), Files.createTempDirectory("crowdfund-nats"));
            nats.resume();
            return nats;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a NATS store directory", e);
        }
    }

    public static String locate() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nats-server"))) {
                return Path.of(dir, "nats-server").toString();
            }
        }
        throw new IllegalStateException("nats-server is not installed; install it (sudo apt-get install nats-server) "
                + "or run the tests with ./crowdfund test, which does");
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public synchronized void resume() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder(binary, "-js", "-a", "127.0.0.1", "-p", String.valueOf(port),
                    "-sd", store.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(store.resolve("nats.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start nats-server", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!TestInfra.reachable("127.0.0.1", port)) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new IllegalStateException("nats-server did not start; see " + store.resolve("nats.log"));
            }
            Thread.onSpinWait();
        }
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
    }
}
