package org.crowdfund.payment.app;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only: makes the gap between the provider's answer and the local commit deterministic. When
 * PAYMENT_HALT_AFTER_PROVIDER_CALL names an operation's idempotency key, the process halts with
 * exit code 137 (as after SIGKILL) right after the provider answered that operation's first
 * attempt, before anything is committed. Retries and recovery (attempt 2+) run normally.
 * Unset in every real deployment.
 */
@Singleton
public class CrashSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(CrashSwitch.class);

    private final String haltKey;

    public CrashSwitch(@Value("${crowdfund.payments.halt-after-provider-call:}") String haltKey) {
        this.haltKey = haltKey == null ? "" : haltKey.trim();
        if (!this.haltKey.isEmpty()) {
            LOG.warn("crash switch armed: halting after the provider answers operation '{}' (tests only)", this.haltKey);
        }
    }

    void afterProviderAnswered(OperationRecord operation, int attempt) {
        if (attempt == 1 && !haltKey.isEmpty() && haltKey.equals(operation.idempotencyKey())) {
            LOG.error("crash switch: halting after the provider answered {} {} and before committing",
                    operation.operation(), operation.id());
            Runtime.getRuntime().halt(137);
        }
    }
}
