package org.crowdfund.payment.app;

import jakarta.inject.Singleton;
import org.crowdfund.payment.app.OperationJournal.Start;
import org.crowdfund.payment.domain.FailureReason;
import org.crowdfund.payment.domain.Money;
import org.crowdfund.payment.domain.Operation;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentKind;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.payment.store.CustomerStore;
import org.crowdfund.payment.store.OperationStore.OperationRecord;
import org.crowdfund.payment.store.PaymentStore;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.grpc.Violations;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.proto.payment.v1.AuthorizeRequest;
import org.crowdfund.proto.payment.v1.CaptureRequest;
import org.crowdfund.proto.payment.v1.ChargeRequest;
import org.crowdfund.proto.payment.v1.ReauthorizeRequest;
import org.crowdfund.proto.payment.v1.RefundRequest;
import org.crowdfund.proto.payment.v1.SavePaymentMethodRequest;
import org.crowdfund.proto.payment.v1.VoidRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The mutating payment RPCs: who may call, what a valid request is, and which payment an
 * operation acts on (checked under the payment's row lock when it is recorded). Running them
 * crash-safely is {@link OperationJournal}'s job; talking to Stripe is the provider steps'.
 */
@Singleton
public class PaymentOperations {
    private static final int MAX_KEY_LENGTH = 255;
    private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private final Transactions tx;
    private final OperationJournal journal;
    private final PaymentStore payments;
    private final CustomerStore customers;
    private final Clock clock;

    PaymentOperations(Transactions tx, OperationJournal journal, PaymentStore payments,
                      CustomerStore customers, Clock clock) {
        this.tx = tx;
        this.journal = journal;
        this.payments = payments;
        this.customers = customers;
        this.clock = clock;
    }

    public OperationOutcome savePaymentMethod(Principal principal, SavePaymentMethodRequest r) {
        Access.requireService(principal);
        Violations v = keyChecked(r.getIdempotencyKey());
        v.check(!r.getBackerId().isBlank(), "backer_id", "is required: the backer whose card this is");
        v.check(!r.getPaymentMethod().isBlank(), "payment_method", "is required: a PaymentMethod id from Stripe.js (pm_...)");
        v.throwIfAny();
        return journal.run(Operation.SAVE_PAYMENT_METHOD, r.getIdempotencyKey(), r, () -> Start.of(insert(
                Payment.pending(Ids.newId(), PaymentKind.CARD_SETUP, r.getReference(), 0, "", "", "", true, null,
                        r.getIdempotencyKey(), r.getBackerId(), clock.instant()))));
    }

    public OperationOutcome authorize(Principal principal, AuthorizeRequest r) {
        Access.requireService(principal);
        String currency = validPayment(r.getIdempotencyKey(), r.getCustomerId(), r.getPaymentMethodId(),
                r.getAmountMinor(), r.getCurrency(), r.getOffSession(), r.getBackerId());
        String owner = owner(r.getBackerId(), r.getCustomerId());
        return journal.run(Operation.AUTHORIZE, r.getIdempotencyKey(), r, () -> Start.of(insert(Payment.pending(
                Ids.newId(), PaymentKind.HOLD, r.getReference(), r.getAmountMinor(), currency, r.getCustomerId(),
                r.getPaymentMethodId(), r.getOffSession(), null, r.getIdempotencyKey(), owner, clock.instant()))));
    }

    public OperationOutcome charge(Principal principal, ChargeRequest r) {
        Access.requireService(principal);
        String currency = validPayment(r.getIdempotencyKey(), r.getCustomerId(), r.getPaymentMethodId(),
                r.getAmountMinor(), r.getCurrency(), r.getOffSession(), r.getBackerId());
        String owner = owner(r.getBackerId(), r.getCustomerId());
        return journal.run(Operation.CHARGE, r.getIdempotencyKey(), r, () -> Start.of(insert(Payment.pending(
                Ids.newId(), PaymentKind.CHARGE, r.getReference(), r.getAmountMinor(), currency, r.getCustomerId(),
                r.getPaymentMethodId(), r.getOffSession(), null, r.getIdempotencyKey(), owner, clock.instant()))));
    }

    public OperationOutcome capture(Principal principal, CaptureRequest r) {
        Access.requireService(principal);
        UUID paymentId = paymentId(r.getPaymentId());
        Violations v = keyChecked(r.getIdempotencyKey());
        checkOptionalAmount(v, r.getAmountMinor(), "everything capturable");
        v.throwIfAny();
        return journal.run(Operation.CAPTURE, r.getIdempotencyKey(), r, () -> {
            Payment p = lockHold(paymentId, "captured");
            if (p.status() == PaymentStatus.EXPIRED) {
                throw PaymentErrors.of(FailureReason.HOLD_EXPIRED, "the authorization of payment " + p.id()
                        + " expired at " + p.captureBefore() + " (the provider's capture_before) before it was "
                        + "captured; place a new one (Reauthorize)", p.id());
            }
            requireStatus(p, "captured", PaymentStatus.AUTHORIZED);
            if (r.getAmountMinor() > p.amountCapturableMinor()) {
                throw PaymentErrors.amountExceeds("AMOUNT_EXCEEDS_CAPTURABLE", "cannot capture " + r.getAmountMinor()
                        + " " + p.currency() + " minor units: only " + p.amountCapturableMinor() + " are authorized",
                        p.id());
            }
            return Start.of(p.id());
        });
    }

    public OperationOutcome voidHold(Principal principal, VoidRequest r) {
        Access.requireService(principal);
        UUID paymentId = paymentId(r.getPaymentId());
        keyChecked(r.getIdempotencyKey()).throwIfAny();
        return journal.run(Operation.VOID, r.getIdempotencyKey(), r, () -> {
            Payment p = lockHold(paymentId, "voided");
            if (p.status() == PaymentStatus.CANCELED || p.status() == PaymentStatus.EXPIRED
                    || p.status() == PaymentStatus.FAILED) {
                return Start.alreadyDone(p);
            }
            requireStatus(p, "voided", PaymentStatus.AUTHORIZED, PaymentStatus.REQUIRES_ACTION);
            return Start.of(p.id());
        });
    }

    public OperationOutcome refund(Principal principal, RefundRequest r) {
        Access.requireService(principal);
        UUID paymentId = paymentId(r.getPaymentId());
        Violations v = keyChecked(r.getIdempotencyKey());
        checkOptionalAmount(v, r.getAmountMinor(), "everything not yet refunded");
        v.check(r.getReason().isEmpty() || REFUND_REASONS.contains(r.getReason()), "reason",
                "must be empty or one of " + REFUND_REASONS);
        v.throwIfAny();
        return journal.run(Operation.REFUND, r.getIdempotencyKey(), r, () -> {
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

    public OperationOutcome reauthorize(Principal principal, ReauthorizeRequest r) {
        Access.requireService(principal);
        UUID oldId = paymentId(r.getPaymentId());
        Violations v = keyChecked(r.getIdempotencyKey());
        checkOptionalAmount(v, r.getAmountMinor(), "the old hold's amount");
        v.throwIfAny();
        return journal.run(Operation.REAUTHORIZE, r.getIdempotencyKey(), r, () -> {
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
                    old.paymentMethodId(), true, old.id(), r.getIdempotencyKey(), old.backerId(), now);
            insert(fresh);
            payments.update(old.replacedBy(fresh.id(), now));
            return Start.of(fresh.id());
        });
    }

    /** Finishes an operation left pending (crash, lost answer, outage): for the recovery job. */
    public OperationOutcome resume(OperationRecord record) {
        return journal.resume(record);
    }

    /** The backer the request names, else the one whose customer the card was saved to. */
    private String owner(String backerId, String customerId) {
        if (!backerId.isEmpty() || customerId.isEmpty()) {
            return backerId;
        }
        return tx.read(() -> customers.findBacker(customerId)).orElse("");
    }

    private UUID insert(Payment payment) {
        payments.insert(payment);
        return payment.id();
    }

    private Payment lockHold(UUID id, String participle) {
        Payment p = payments.lock(id).orElseThrow(() -> PaymentErrors.notFound(id));
        if (p.kind() != PaymentKind.HOLD) {
            throw PaymentErrors.of(FailureReason.PAYMENT_STATE_CONFLICT, "payment " + id + " is a "
                    + p.kind().dbValue().replace('_', ' ') + ", not an authorization hold; only holds can be "
                    + participle, id);
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
                .check(key.length() <= MAX_KEY_LENGTH, "idempotency_key", "must be at most " + MAX_KEY_LENGTH
                        + " characters");
    }

    private static String validPayment(String key, String customerId, String paymentMethodId, long amountMinor,
                                       String currency, boolean offSession, String backerId) {
        Violations v = keyChecked(key);
        v.check(!paymentMethodId.isBlank(), "payment_method_id", "is required (from SavePaymentMethod)");
        v.check(!offSession || !customerId.isBlank(), "customer_id",
                "is required off session: the customer the card was saved to (from SavePaymentMethod)");
        v.check(!customerId.isBlank() || !backerId.isBlank(), "backer_id",
                "is required without customer_id: the backer who owns the payment (only they see how to authenticate it)");
        Money.amountProblem(amountMinor, currency).ifPresent(problem -> v.add(problem.field(), problem.message()));
        v.throwIfAny();
        return Money.currency(currency).orElseThrow();
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
        return Ids.parse(value).orElseThrow(() -> ServiceException.invalid("payment_id", "must be a UUID, got '"
                + value + "'"));
    }
}
