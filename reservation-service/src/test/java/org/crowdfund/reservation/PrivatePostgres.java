package org.crowdfund.reservation;

import org.crowdfund.testsupport.TestInfra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL server of the benchmark's own (the distribution's binaries, default settings
 * except max_connections), so pgbench can open 128 connections and other builds on the machine
 * do not share it. PostgreSQL refuses to run as root, so as root it runs as the postgres user.
 */
final class PrivatePostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;

    private PrivatePostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    static PrivatePostgres start(int maxConnections) throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("reservation-bench-pg");
        PrivatePostgres pg = new PrivatePostgres(bin, dir, TestInfra.freePort());
        if (root()) {
            run(List.of("chown", "-R", "postgres", dir.toString()), false);
        }
        pg.run(bin.resolve("initdb"), "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8");
        pg.run(bin.resolve("pg_ctl"), "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-o", "-p " + pg.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections="
                        + maxConnections, "start");
        return pg;
    }

    /** Base JDBC URL ending in '/'. */
    String baseUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/";
    }

    String createDatabase(String name) {
        TestInfra.execute(new TestInfra.PgServer(baseUrl(), "postgres", ""), "postgres", "CREATE DATABASE " + name);
        return baseUrl() + name;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(bin.resolve("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    private void run(Path program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(program.toString());
        command.addAll(List.of(args));
        run(command, true);
    }

    private static void run(List<String> command, boolean check) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 && check) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path binaries() {
        for (String candidate : List.of("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin",
                "/usr/lib/postgresql/17/bin")) {
            if (Files.isExecutable(Path.of(candidate, "initdb"))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin");
    }
}
