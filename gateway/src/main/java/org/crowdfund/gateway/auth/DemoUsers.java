package org.crowdfund.gateway.auth;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The people of a local stack: the web page's sign-in picker offers them, and demo data is
 * created in their names. Subjects are fixed so demo data and tokens agree across restarts.
 */
public final class DemoUsers {
    public static final List<DemoUser> ALL = List.of(
            new DemoUser("00000000-0000-7000-8000-00000000c001", List.of("creator"), "ada@crowdfund.local", "Ada Lovelace (creator)"),
            new DemoUser("00000000-0000-7000-8000-00000000c002", List.of("creator"), "grace@crowdfund.local", "Grace Hopper (creator)"),
            new DemoUser("00000000-0000-7000-8000-00000000b001", List.of("backer"), "alan@crowdfund.local", "Alan Turing (backer)"),
            new DemoUser("00000000-0000-7000-8000-00000000b002", List.of("backer"), "katherine@crowdfund.local", "Katherine Johnson (backer)"),
            new DemoUser("00000000-0000-7000-8000-00000000a001", List.of("admin"), "admin@crowdfund.local", "Platform admin"));

    private DemoUsers() {
    }

    @Serdeable
    public record DemoUser(String subject, List<String> roles, String email, String name) {
    }
}
