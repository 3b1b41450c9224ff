package org.crowdfund.payment.app;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.micronaut.context.annotation.Value;
import org.crowdfund.platform.sql.Transactions;
import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.FailureReason;
import org.crowdfund.payment.domain.IdempotencyKeys;
import org.crowdfund.payment.domain.Money;
import org.crowdfund.payment.domain.Operation;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentKind;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.domain.ProviderSnapshot;
import org.crowdfund.payment.provider.ProviderException;
import org.crowdfund.payment.provider.StripePaymentGateway;
import org.crowdfund.payment.provider.StripePaymentGateway.PaymentIntentSpec;
import org.crowdfund.payment.store.CustomerStore;
import org.crowdfund.payment.store.OperationStore;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.crowdfund.payment.store.PaymentStore;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.grpc.Violations;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.proto.payment.v1.AuthorizeRequest;
import org.crowdfund.proto.payment.v1.CaptureRequest;
import org.crowdfund.proto.payment.v1.ChargeRequest;
import org.crowdfund.proto.payment.v1.ReauthorizeRequest;
import org.crowdfund.proto.payment.v1.RefundRequest;
import org.crowdfund.proto.payment.v1.SavePaymentMethodRequest;
import org.crowdfund.proto.payment.v1.VoidRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The mutating payment operations, each run by the same crash-safe protocol:
 * <ol>
 *   <li>record the operation (caller key, request, payment row) and commit, before the provider
 *   hears of it; a key seen before resumes or replays its operation instead;</li>
 *   <li>count the attempt, then call the provider with a Stripe Idempotency-Key derived from the
 *   caller's key; from the second attempt on, first look the object up at the provider (metadata
 *   search, retrieve) so an effect that happened before a crash is adopted, not repeated;</li>
 *   <li>store the provider's answer, the status change and a PaymentUpdated event, and complete
 *   the operation, in one transaction.</li>
 * </ol>
 * A crash between 2 and 3 leaves the operation pending: the caller's retry with the same key or
 * {@link PendingOperationRecoveryJob} repeats step 2-3, which Stripe answers from its idempotency
 * store (same key, same request) or the lookup finds, so money moves once per operation.
 */
@Singleton
public class PaymentOperations {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentOperations.class);
    private static final int MAX_KEY_LENGTH = 255;
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(10);
    /** Stripe keeps idempotency keys for 24 hours; past that a re-sent request could execute again. */
    private static final Duration PROVIDER_KEY_LIFETIME = Duration.ofHours(23);
    private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private final Transactions tx;
    private final OperationStore operations;
    private final PaymentStore payments;
    private final CustomerStore customers;
    private final PaymentChanges changes;
    private final StripePaymentGateway stripe;
    private final CrashSwitch crash;
    private final Clock clock;
    private final Duration staleAfter;

    public PaymentOperations(Transactions tx, OperationStore operations, PaymentStore payments,
                             CustomerStore customers, PaymentChanges changes, StripePaymentGateway stripe,
                             CrashSwitch crash, Clock clock,
                             @Value("${crowdfund.payments.recovery.stale-after:30s}") Duration staleAfter) {
        this.tx = tx;
        this.operations = operations;
        this.payments = payments;
        this.customers = customers;
        this.changes = changes;
        this.stripe = stripe;
        this.crash = crash;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    /** What an operation ended with: the payment it made or acted on (and for re-authorizations the old hold). */
    public record Outcome(Payment payment, Payment previous, String refundId, long refundedMinor) {
    }

    // ----- the RPCs -----

    public Outcome savePaymentMethod(Principal principal, SavePaymentMethodRequest r) {
        Access.requireService(principal);
        Violations v = keyChecked(r.getIdempotencyKey());
        v.check(!r.getBackerId().isBlank(), "backer_id", "is required: the backer whose card this is");
        v.check(!r.getPaymentMethod().isBlank(), "payment_method", "is required: a PaymentMethod id from Stripe.js (pm_...)");
        v.throwIfAny();
        return run(Operation.SAVE_PAYMENT_METHOD, r.getIdempotencyKey(), r, () -> Start.of(insert(Payment.pending(
                Ids.newId(), PaymentKind.CARD_SETUP, r.getReference(), 0, "", "", "", true, null,
                r.getIdempotencyKey(), clock.instant()))));
    }

    public Outcome authorize(Principal principal, AuthorizeRequest r) {
        Access.requireService(principal);
        String currency = validPayment(r.getIdempotencyKey(), r.getCustomerId(), r.getPaymentMethodId(),
                r.getAmountMinor(), r.getCurrency(), r.getOffSession());
        return run(Operation.AUTHORIZE, r.getIdempotencyKey(), r, () -> Start.of(insert(Payment.pending(Ids.newId(),
                PaymentKind.HOLD, r.getReference(), r.getAmountMinor(), currency, r.getCustomerId(),
                r.getPaymentMethodId(), r.getOffSession(), null, r.getIdempotencyKey(), clock.instant()))));
    }

    public Outcome charge(Principal principal, ChargeRequest r) {
        Access.requireService(principal);
        String currency = validPayment(r.getIdempotencyKey(), r.getCustomerId(), r.getPaymentMethodId(),
                r.getAmountMinor(), r.getCurrency(), r.getOffSession());
        return run(Operation.CHARGE, r.getIdempotencyKey(), r, () -> Start.of(insert(Payment.pending(Ids.newId(),
                PaymentKind.CHARGE, r.getReference(), r.getAmountMinor(), currency, r.getCustomerId(),
                r.getPaymentMethodId(), r.getOffSession(), null, r.getIdempotencyKey(), clock.instant()))));
    }

    public Outcome capture(Principal principal, CaptureRequest r) {
        Access.requireService(principal);
        UUID paymentId = paymentId(r.getPaymentId());
        Violations v = keyChecked(r.getIdempotencyKey());
        checkOptionalAmount(v, r.getAmountMinor(), "everything capturable");
        v.throwIfAny();
        return run(Operation.CAPTURE, r.getIdempotencyKey(), r, () -> {
            Payment p = lockHold(paymentId, "captured");
            if (p.status() == PaymentStatus.EXPIRED) {
                throw PaymentErrors.of(FailureReason.HOLD_EXPIRED, "the authorization of payment " + p.id()
                        + " expired at " + p.captureBefore() + " before it was captured; place a new one (Reauthorize)", p.id());
            }
            requireStatus(p, "captured", PaymentStatus.AUTHORIZED);
            if (r.getAmountMinor() > p.amountCapturableMinor()) {
                throw PaymentErrors.amountExceeds("AMOUNT_EXCEEDS_CAPTURABLE", "cannot capture " + r.getAmountMinor()
                        + " " + p.currency() + " minor units: only " + p.amountCapturableMinor() + " are authorized", p.id());
            }
            return Start.of(p.id());
        });
    }

    public Outcome voidHold(Principal principal, VoidRequest r) {
        Access.requireService(principal);
        UUID paymentId = paymentId(r.getPaymentId());
        keyChecked(r.getIdempotencyKey()).throwIfAny();
        return run(Operation.VOID, r.getIdempotencyKey(), r, () -> {
            Payment p = lockHold(paymentId, "voided");
            if (p.status() == PaymentStatus.CANCELED || p.status() == PaymentStatus.EXPIRED
                    || p.status() == PaymentStatus.FAILED) {
                return Start.alreadyDone(p);
            }
            requireStatus(p, "voided", PaymentStatus.AUTHORIZED, PaymentStatus.REQUIRES_ACTION);
            return Start.of(p.id());
        });
    }

    public Outcome refund(Principal principal, RefundRequest r) {
        Access.requireService(principal);
        UUID paymentId = paymentId(r.getPaymentId());
        Violations v = keyChecked(r.getIdempotencyKey());
        checkOptionalAmount(v, r.getAmountMinor(), "everything not yet refunded");
        v.check(r.getReason().isEmpty() || REFUND_REASONS.contains(r.getReason()), "reason",
                "must be empty or one of " + REFUND_REASONS);
        v.throwIfAny();
        return run(Operation.REFUND, r.getIdempotencyKey(), r, () -> {
            Payment p = payments.lock(paymentId).orElseThrow(() -> PaymentErrors.notFound(paymentId));
            requireStatus(p, "refunded", PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED);
            long amount = r.getAmountMinor() == 0 ? p.refundableMinor() : r.getAmountMinor();
            if (amount > p.refundableMinor()) {
                throw PaymentErrors.amountExceeds("AMOUNT_EXCEEDS_REFUNDABLE", "cannot refund " + amount + " "
                        + p.currency() + " minor units: " + p.amountCapturedMinor() + " were captured and "
                        + p.amountRefundedMinor() + " already refunded", p.id());
            }
            return new Start(p.id(), amount, null);
        });
    }

    public Outcome reauthorize(Principal principal, ReauthorizeRequest r) {
        Access.requireService(principal);
        UUID oldId = paymentId(r.getPaymentId());
        Violations v = keyChecked(r.getIdempotencyKey());
        checkOptionalAmount(v, r.getAmountMinor(), "the old hold's amount");
        v.throwIfAny();
        return run(Operation.REAUTHORIZE, r.getIdempotencyKey(), r, () -> {
            Payment old = lockHold(oldId, "re-authorized");
            requireStatus(old, "re-authorized", PaymentStatus.AUTHORIZED, PaymentStatus.EXPIRED);
            if (old.replacedByPaymentId() != null) {
                throw PaymentErrors.of(FailureReason.PAYMENT_STATE_CONFLICT, "payment " + old.id()
                        + " was already re-authorized as " + old.replacedByPaymentId(), old.id());
            }
            if (old.customerId().isEmpty()) {
                throw PaymentErrors.of(FailureReason.PAYMENT_STATE_CONFLICT, "payment " + old.id() + " was not made "
                        + "with a saved card (no customer); a new hold needs the backer on session", old.id());
            }
            Instant now = clock.instant();
            Payment fresh = Payment.pending(Ids.newId(), PaymentKind.HOLD, old.reference(),
                    r.getAmountMinor() == 0 ? old.amountMinor() : r.getAmountMinor(), old.currency(), old.customerId(),
                    old.paymentMethodId(), true, old.id(), r.getIdempotencyKey(), now);
            insert(fresh);
            payments.update(old.replacedBy(fresh.id(), now));
            return Start.of(fresh.id());
        });
    }

    /** Finishes an operation left pending (crash, lost answer, outage): for the recovery job. */
    public Outcome resume(OperationRecord record) {
        return execute(record, PaymentChanges.SOURCE_RECOVERY);
    }

    // ----- the protocol -----

    /** What recording an operation found: the payment to act on (and amount), or nothing left to do. */
    private record Start(UUID paymentId, long amountMinor, Payment alreadyDone) {
        static Start of(UUID paymentId) {
            return new Start(paymentId, 0, null);
        }

        static Start alreadyDone(Payment payment) {
            return new Start(null, 0, payment);
        }
    }

    private record Recorded(OperationRecord operation, Payment alreadyDone) {
    }

    /** One attempt's provider answers: for the operation's payment, the replaced hold, a refund. */
    private record Step(ProviderSnapshot main, ProviderSnapshot previous, String refundId) {
    }

    private Outcome run(Operation operation, String key, Message request, Supplier<Start> begin) {
        Recorded recorded = record(operation, key, request, begin);
        if (recorded.alreadyDone() != null) {
            return new Outcome(recorded.alreadyDone(), null, "", 0);
        }
        return finish(recorded.operation(), PaymentChanges.SOURCE_API);
    }

    private Recorded record(Operation operation, String key, Message request, Supplier<Start> begin) {
        byte[] bytes = request.toByteArray();
        String sha = IdempotencyKeys.sha256(bytes);
        try {
            return tx.write(() -> recordInTransaction(operation, key, bytes, sha, begin));
        } catch (Sql.DataAccessFailure e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
            // the same key arrived concurrently and was recorded first: resume that operation
            return tx.write(() -> recordInTransaction(operation, key, bytes, sha, begin));
        }
    }

    private Recorded recordInTransaction(Operation operation, String key, byte[] bytes, String sha, Supplier<Start> begin) {
        Optional<OperationRecord> existing = operations.find(key);
        if (existing.isPresent()) {
            OperationRecord found = existing.get();
            if (found.operation() != operation || !found.requestSha256().equals(sha)) {
                throw PaymentErrors.of(FailureReason.IDEMPOTENCY_KEY_REUSED, "idempotency key '" + key + "' was used "
                        + "for a different request (" + found.operation().dbValue() + " of payment " + found.paymentId()
                        + "); use a new key for a new operation", found.paymentId());
            }
            return new Recorded(found, null);
        }
        Start start = begin.get();
        if (start.alreadyDone() != null) {
            return new Recorded(null, start.alreadyDone());
        }
        UUID id = Ids.newId();
        Instant now = clock.instant();
        operations.insert(id, key, operation, bytes, sha, start.paymentId(), start.amountMinor(), now, now.plus(staleAfter));
        return new Recorded(operations.find(id).orElseThrow(), null);
    }

    private Outcome finish(OperationRecord record, String source) {
        return switch (record.state()) {
            case SUCCEEDED -> outcome(record);
            case FAILED -> throw PaymentErrors.replay(record.errorStatus());
            case PENDING -> execute(record, source);
        };
    }

    private Outcome execute(OperationRecord record, String source) {
        Instant now = clock.instant();
        Optional<Integer> attempt = tx.write(() -> operations.beginAttempt(record.id(), now, now.plus(staleAfter)));
        if (attempt.isEmpty()) {
            return finish(tx.read(() -> operations.find(record.id()).orElseThrow()), source);
        }
        Payment payment = read(record.paymentId());
        Step step;
        try {
            step = perform(record, payment, attempt.get());
        } catch (ProviderException e) {
            if (e.reason().isTransient()) {
                postpone(record, attempt.get(), e);
                throw PaymentErrors.of(e, record.paymentId());
            }
            crash.afterProviderAnswered(record, attempt.get());
            throw refuse(record, e, source);
        }
        crash.afterProviderAnswered(record, attempt.get());
        return complete(record, step, source);
    }

    private Step perform(OperationRecord record, Payment payment, int attempt) {
        return switch (record.operation()) {
            case SAVE_PAYMENT_METHOD -> new Step(saveCard(record, payment), null, "");
            case AUTHORIZE -> new Step(placeIntent(record, payment, attempt,
                    parse(record, AuthorizeRequest.parser()).getDescription()), null, "");
            case CHARGE -> new Step(placeIntent(record, payment, attempt,
                    parse(record, ChargeRequest.parser()).getDescription()), null, "");
            case CAPTURE -> new Step(capture(record, payment, attempt), null, "");
            case VOID -> new Step(cancel(payment, attempt, IdempotencyKeys.providerKey(Operation.VOID,
                    record.idempotencyKey(), "cancel")), null, "");
            case REFUND -> refund(record, payment, attempt);
            case REAUTHORIZE -> reauthorize(record, payment, attempt);
        };
    }

    private ProviderSnapshot saveCard(OperationRecord record, Payment payment) {
        SavePaymentMethodRequest r = parse(record, SavePaymentMethodRequest.parser());
        String customer = tx.read(() -> customers.find(r.getBackerId())).orElseGet(() -> {
            String created = stripe.createCustomer(r.getBackerId(), r.getEmail(), r.getName(),
                    IdempotencyKeys.customerKey(r.getBackerId()));
            tx.write(() -> {
                customers.remember(r.getBackerId(), created, clock.instant());
                return null;
            });
            return created;
        });
        ProviderSnapshot setup = stripe.setUpCard(customer, r.getPaymentMethod(), metadata(record, payment),
                IdempotencyKeys.providerKey(record.operation(), record.idempotencyKey(), "setup_intent"));
        return failIfDeclined(setup);
    }

    /** Creates the hold or charge, or on a later attempt adopts the one an earlier attempt created. */
    private ProviderSnapshot placeIntent(OperationRecord record, Payment payment, int attempt, String description) {
        if (attempt > 1) {
            Optional<ProviderSnapshot> earlier = stripe.findPaymentIntentOfOperation(record.id().toString());
            if (earlier.isPresent()) {
                LOG.info("operation {} found its PaymentIntent {} at the provider; adopting it", record.id(),
                        earlier.get().providerId());
                return failIfDeclined(earlier.get());
            }
        }
        PaymentIntentSpec spec = new PaymentIntentSpec(payment.amountMinor(), payment.currency(), payment.customerId(),
                payment.paymentMethodId(), payment.kind() == PaymentKind.HOLD, payment.offSession(), description);
        return failIfDeclined(stripe.createPaymentIntent(spec, metadata(record, payment),
                IdempotencyKeys.providerKey(record.operation(), record.idempotencyKey(), "payment_intent")));
    }

    private ProviderSnapshot capture(OperationRecord record, Payment payment, int attempt) {
        CaptureRequest r = parse(record, CaptureRequest.parser());
        if (attempt > 1) {
            ProviderSnapshot current = stripe.retrievePaymentIntent(payment.providerId());
            if (current.status() == PaymentStatus.SUCCEEDED) {
                return current;
            }
        }
        return stripe.capture(payment.providerId(), r.getAmountMinor() == 0 ? null : r.getAmountMinor(),
                IdempotencyKeys.providerKey(Operation.CAPTURE, record.idempotencyKey(), "capture"));
    }

    private ProviderSnapshot cancel(Payment payment, int attempt, String providerKey) {
        if (attempt > 1) {
            ProviderSnapshot current = stripe.retrievePaymentIntent(payment.providerId());
            if (current.status() == PaymentStatus.CANCELED || current.status() == PaymentStatus.EXPIRED) {
                return current;
            }
        }
        try {
            return stripe.cancel(payment.providerId(), providerKey);
        } catch (ProviderException e) {
            ProviderSnapshot shown = e.object();
            if (!e.reason().isTransient() && shown != null
                    && (shown.status() == PaymentStatus.CANCELED || shown.status() == PaymentStatus.EXPIRED)) {
                // released already (lapsed, or voided by an earlier attempt): what a void wants
                return shown;
            }
            throw e;
        }
    }

    private Step refund(OperationRecord record, Payment payment, int attempt) {
        RefundRequest r = parse(record, RefundRequest.parser());
        if (attempt > 1 && record.createdAt().plus(PROVIDER_KEY_LIFETIME).isBefore(clock.instant())) {
            // Stripe has no lookup of a refund by our metadata and the key may have expired: re-sending could refund twice
            LOG.error("refund operation {} of payment {} is still pending after {}; it needs manual reconciliation "
                    + "with Stripe's dashboard", record.id(), payment.id(), PROVIDER_KEY_LIFETIME);
            throw ProviderException.of(FailureReason.PROVIDER_UNAVAILABLE, "this refund's outcome is unknown and "
                    + "needs manual reconciliation");
        }
        var result = stripe.refund(payment.providerId(), record.amountMinor(), r.getReason(),
                Map.of(StripePaymentGateway.META_PAYMENT_ID, payment.id().toString(),
                        StripePaymentGateway.META_OPERATION_ID, record.id().toString()),
                IdempotencyKeys.providerKey(Operation.REFUND, record.idempotencyKey(), "refund"));
        ProviderSnapshot charge = result.charge();
        if (charge == null) {
            // partially captured: Stripe's charge amounts mix refunds with the released rest; count this refund
            long refunded = payment.amountRefundedMinor() + result.amountMinor();
            charge = new ProviderSnapshot(payment.providerId(),
                    ProviderSnapshot.collectedStatus(payment.amountCapturedMinor(), refunded), null,
                    payment.amountCapturedMinor(), refunded, null, null, null, null, null, null, null);
        }
        return new Step(charge, null, result.refundId());
    }

    /** New off-session hold first (a decline leaves the old one in place), then the old one voided. */
    private Step reauthorize(OperationRecord record, Payment fresh, int attempt) {
        ProviderSnapshot placed = placeIntent(record, fresh, attempt, "");
        Payment old = read(fresh.replacesPaymentId());
        ProviderSnapshot released = null;
        if (old.status() == PaymentStatus.AUTHORIZED) {
            try {
                released = cancel(old, attempt, IdempotencyKeys.providerKey(Operation.REAUTHORIZE,
                        record.idempotencyKey(), "cancel_previous"));
            } catch (ProviderException e) {
                if (e.reason().isTransient()) {
                    throw e;
                }
                // the old hold lapsed or was released meanwhile: nothing left to void
                released = e.object();
            }
        }
        return new Step(placed, released, "");
    }

    private Outcome complete(OperationRecord record, Step step, String source) {
        return tx.write(() -> {
            if (!operations.succeed(record.id(), step.refundId(), clock.instant())) {
                return outcome(operations.find(record.id()).orElseThrow());
            }
            Payment main = changes.apply(record.paymentId(), step.main(), source, null).payment();
            if (record.operation() == Operation.REAUTHORIZE && step.previous() != null) {
                changes.apply(main.replacesPaymentId(), step.previous(), source, null);
            }
            if (record.operation() == Operation.SAVE_PAYMENT_METHOD && !main.customerId().isEmpty()) {
                customers.remember(parse(record, SavePaymentMethodRequest.parser()).getBackerId(), main.customerId(),
                        clock.instant());
            }
            return outcome(operations.find(record.id()).orElseThrow());
        });
    }

    /** A final refusal: stored for retries with the key, and what the provider showed is applied. */
    private ServiceException refuse(OperationRecord record, ProviderException e, String source) {
        ServiceException error = PaymentErrors.of(e, record.paymentId());
        tx.write(() -> {
            if (!operations.fail(record.id(), error.toRpcStatus().toByteArray(), String.valueOf(e.getMessage()),
                    clock.instant())) {
                return null;
            }
            boolean creates = record.operation() == Operation.SAVE_PAYMENT_METHOD
                    || record.operation() == Operation.AUTHORIZE || record.operation() == Operation.CHARGE
                    || record.operation() == Operation.REAUTHORIZE;
            ProviderSnapshot object = e.object();
            if (object != null) {
                changes.apply(record.paymentId(), object, source, null);
            }
            if (creates) {
                changes.apply(record.paymentId(), new ProviderSnapshot(object == null ? null : object.providerId(),
                        PaymentStatus.FAILED, null, null, null, null, null, null, e.reason().name(),
                        e.declineCode(), null, null), source, null);
            }
            if (record.operation() == Operation.REAUTHORIZE) {
                Payment fresh = payments.find(record.paymentId()).orElseThrow();
                payments.lock(fresh.replacesPaymentId()).ifPresent(old ->
                        payments.update(old.replacedBy(null, clock.instant())));
            }
            return null;
        });
        return error;
    }

    private void postpone(OperationRecord record, int attempt, ProviderException e) {
        Duration delay = staleAfter.multipliedBy(1L << Math.min(attempt - 1, 10));
        if (delay.compareTo(MAX_RETRY_DELAY) > 0) {
            delay = MAX_RETRY_DELAY;
        }
        Instant now = clock.instant();
        Instant retryAt = now.plus(delay);
        tx.write(() -> {
            operations.postpone(record.id(), e.reason() + ": " + e.getMessage(), now, retryAt);
            return null;
        });
        LOG.info("{} {} (attempt {}) left pending after {}; recovery retries it at {}", record.operation().dbValue(),
                record.id(), attempt, e.reason(), retryAt);
    }

    private Outcome outcome(OperationRecord record) {
        return tx.read(() -> {
            Payment payment = payments.find(record.paymentId()).orElseThrow();
            Payment previous = record.operation() == Operation.REAUTHORIZE && payment.replacesPaymentId() != null
                    ? payments.find(payment.replacesPaymentId()).orElseThrow() : null;
            return new Outcome(payment, previous, record.refundId(),
                    record.operation() == Operation.REFUND ? record.amountMinor() : 0);
        });
    }

    // ----- helpers -----

    /** A decline found in an intent's state (e.g. adopted after a crash) is a refusal like the 402 it was. */
    private static ProviderSnapshot failIfDeclined(ProviderSnapshot snapshot) {
        if (snapshot.status() == PaymentStatus.FAILED) {
            FailureReason reason = snapshot.failureReason() == null ? FailureReason.CARD_DECLINED
                    : FailureReason.valueOf(snapshot.failureReason());
            throw new ProviderException(reason, "the provider declined the payment", snapshot.declineCode(), null,
                    null, snapshot, null);
        }
        return snapshot;
    }

    private Map<String, String> metadata(OperationRecord record, Payment payment) {
        return Map.of(StripePaymentGateway.META_PAYMENT_ID, payment.id().toString(),
                StripePaymentGateway.META_OPERATION_ID, record.id().toString(),
                StripePaymentGateway.META_REFERENCE, payment.reference());
    }

    private UUID insert(Payment payment) {
        payments.insert(payment);
        return payment.id();
    }

    private Payment read(UUID id) {
        return tx.read(() -> payments.find(id).orElseThrow(() -> PaymentErrors.notFound(id)));
    }

    private Payment lockHold(UUID id, String participle) {
        Payment p = payments.lock(id).orElseThrow(() -> PaymentErrors.notFound(id));
        if (p.kind() != PaymentKind.HOLD) {
            throw PaymentErrors.of(FailureReason.PAYMENT_STATE_CONFLICT, "payment " + id + " is a "
                    + p.kind().dbValue().replace('_', ' ') + ", not an authorization hold; only holds can be " + participle,
                    id);
        }
        return p;
    }

    private static void requireStatus(Payment p, String participle, PaymentStatus... allowed) {
        for (PaymentStatus status : allowed) {
            if (p.status() == status) {
                return;
            }
        }
        throw PaymentErrors.of(FailureReason.PAYMENT_STATE_CONFLICT, "payment " + p.id() + " is "
                + p.status().dbValue() + "; only a payment that is " + join(allowed) + " can be " + participle, p.id());
    }

    private static String join(PaymentStatus... statuses) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < statuses.length; i++) {
            out.append(i == 0 ? "" : i == statuses.length - 1 ? " or " : ", ").append(statuses[i].dbValue());
        }
        return out.toString();
    }

    private static Violations keyChecked(String key) {
        return new Violations()
                .check(!key.isBlank(), "idempotency_key", "is required: a key unique to this operation, e.g. "
                        + "'<pledge id>:authorize'; retries use the same key")
                .check(key.length() <= MAX_KEY_LENGTH, "idempotency_key", "must be at most " + MAX_KEY_LENGTH + " characters");
    }

    private static String validPayment(String key, String customerId, String paymentMethodId, long amountMinor,
                                       String currency, boolean offSession) {
        Violations v = keyChecked(key);
        v.check(!paymentMethodId.isBlank(), "payment_method_id", "is required (from SavePaymentMethod)");
        v.check(!offSession || !customerId.isBlank(), "customer_id",
                "is required off session: the customer the card was saved to (from SavePaymentMethod)");
        Money.amountProblem(amountMinor).ifPresent(problem -> v.add("amount_minor", problem));
        Optional<String> code = Money.currency(currency);
        if (code.isEmpty()) {
            v.add("currency", "must be an ISO 4217 currency code such as USD or EUR, got '" + currency + "'");
        }
        v.throwIfAny();
        return code.orElseThrow();
    }

    private static void checkOptionalAmount(Violations v, long amountMinor, String zeroMeans) {
        if (amountMinor != 0) {
            Money.amountProblem(amountMinor).ifPresent(problem -> v.add("amount_minor", problem + " (0 means "
                    + zeroMeans + ")"));
        }
    }

    private static UUID paymentId(String value) {
        if (value == null || value.isEmpty()) {
            throw ServiceException.invalid("payment_id", "is required");
        }
        return Ids.parse(value).orElseThrow(() -> ServiceException.invalid("payment_id", "must be a UUID, got '" + value + "'"));
    }

    private static <T extends Message> T parse(OperationRecord record, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(record.request());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored request of operation " + record.id() + " is unreadable", e);
        }
    }
}
