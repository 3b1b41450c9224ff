package org.crowdfund.payment.app;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Test-only: makes the gap between the provider's answer and the local commit deterministic. When
 * PAYMENT_HALT_AFTER_PROVIDER_CALL names an operation's idempotency key (a comma-separated list
 * names several), the process halts with
 * exit code 137 (as after SIGKILL) right after the provider answered that operation's first
 * attempt, before anything is committed. Retries and recovery (attempt 2+) run normally.
 * Unset in every real deployment.
 */
@Singleton
public class CrashSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(CrashSwitch.class);

    private final Set<String> haltKeys;

    public CrashSwitch(@Value("${crowdfund.payments.halt-after-provider-call:}") String haltKeys) {
        this.haltKeys = haltKeys == null ? Set.of() : Arrays.stream(haltKeys.split(",")).map(String::trim)
                .filter(key -> !key.isEmpty()).collect(Collectors.toUnmodifiableSet());
        if (!this.haltKeys.isEmpty()) {
            LOG.warn("crash switch armed: halting after the provider answers operations {} (tests only)", this.haltKeys);
        }
    }

    void afterProviderAnswered(OperationRecord operation, int attempt) {
        if (attempt == 1 && haltKeys.contains(operation.idempotencyKey())) {
            LOG.error("crash switch: halting after the provider answered {} {} and before committing",
                    operation.operation(), operation.id());
            Runtime.getRuntime().halt(137);
        }
    }
}
