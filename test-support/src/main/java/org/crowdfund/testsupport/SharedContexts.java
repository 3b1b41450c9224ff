package org.crowdfund.testsupport;

import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One running application per service per test JVM, shared by the module's test classes (a
 * context per class would start the service dozens of times). Tests must not assume an empty
 * database: each creates its own campaigns, backers and tiers. At exit the applications stop
 * before their databases are dropped.
 */
public final class SharedContexts {
    private static final Map<String, ApplicationContext> RUNNING = new HashMap<>();

    private SharedContexts() {
    }

    public static synchronized ApplicationContext get(String name, Supplier<ApplicationContext> starter) {
        ApplicationContext context = RUNNING.get(name);
        if (context == null || !context.isRunning()) {
            context = starter.get();
            RUNNING.put(name, context);
            TestInfra.atExit(context::close);
        }
        return context;
    }
}
