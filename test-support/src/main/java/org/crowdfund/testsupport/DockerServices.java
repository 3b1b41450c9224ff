package org.crowdfund.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * PostgreSQL and NATS in containers, used only when a Docker engine answers (never on machines
 * without one, where the local or started services are used instead). Set
 * {@code CROWDFUND_TEST_DOCKER=false} to skip the check.
 */
final class DockerServices {
    private static Boolean available;

    private DockerServices() {
    }

    static synchronized boolean available() {
        if (available == null) {
            if ("false".equalsIgnoreCase(System.getenv("CROWDFUND_TEST_DOCKER"))
                    || !(new java.io.File("/var/run/docker.sock").exists() || System.getenv("DOCKER_HOST") != null)) {
                available = false;
            } else {
                try {
                    available = DockerClientFactory.instance().isDockerAvailable();
                } catch (RuntimeException | LinkageError e) {
                    available = false;
                }
            }
        }
        return available;
    }

    @SuppressWarnings("resource")
    static TestInfra.PgServer postgres() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
        container.start();
        String url = container.getJdbcUrl();
        return new TestInfra.PgServer(url.substring(0, url.lastIndexOf('/') + 1), container.getUsername(),
                container.getPassword());
    }

    @SuppressWarnings("resource")
    static String nats() {
        GenericContainer<?> container = new GenericContainer<>("nats:2.10-alpine")
                .withCommand("-js").withExposedPorts(4222).waitingFor(Wait.forListeningPort());
        container.start();
        return "nats://" + container.getHost() + ":" + container.getMappedPort(4222);
    }
}
