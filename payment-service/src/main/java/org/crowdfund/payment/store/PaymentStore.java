package org.crowdfund.payment.store;

import jakarta.inject.Singleton;
import org.crowdfund.payment.domain.NextActionType;
import org.crowdfund.payment.domain.Payment;
import org.crowdfund.payment.domain.PaymentKind;
import org.crowdfund.payment.domain.PaymentStatus;
import org.crowdfund.platform.sql.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Payment rows and their status history. Callers hold the transaction. */
@Singleton
public class PaymentStore {
    private static final String COLUMNS = """
            id, kind, reference, provider_id, status, amount_minor, currency, amount_capturable_minor,
            amount_captured_minor, amount_refunded_minor, customer_id, payment_method_id, off_session, capture_before,
            failure_reason, decline_code, next_action_url, client_secret, replaces_payment_id, replaced_by_payment_id,
            idempotency_key, version, created_at, updated_at, backer_id, next_action_type""";

    private final Sql sql;

    public PaymentStore(Sql sql) {
        this.sql = sql;
    }

    /** A status change as recorded. */
    public record StatusChange(PaymentStatus from, PaymentStatus to, String source, String providerEventId, Instant at) {
    }

    public void insert(Payment p) {
        sql.update("INSERT INTO payment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.id(), p.kind().dbValue(), p.reference(), p.providerId(), p.status().dbValue(), p.amountMinor(),
                p.currency(), p.amountCapturableMinor(), p.amountCapturedMinor(), p.amountRefundedMinor(), p.customerId(),
                p.paymentMethodId(), p.offSession(), p.captureBefore(), p.failureReason(), p.declineCode(),
                p.nextActionUrl(), p.clientSecret(), p.replacesPaymentId(), p.replacedByPaymentId(), p.idempotencyKey(),
                p.version(), p.createdAt(), p.updatedAt(), p.backerId(), p.nextActionType().dbValue());
    }

    public Optional<Payment> find(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM payment WHERE id = ?", PaymentStore::map, id);
    }

    /** The row, locked until the transaction ends: changes to one payment are applied one at a time. */
    public Optional<Payment> lock(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM payment WHERE id = ? FOR UPDATE", PaymentStore::map, id);
    }

    public Optional<Payment> lockByProviderId(String providerId) {
        return sql.one("SELECT " + COLUMNS + " FROM payment WHERE provider_id = ? FOR UPDATE", PaymentStore::map, providerId);
    }

    /** Saves a changed payment (the caller holds its lock) and bumps its version. */
    public Payment update(Payment p) {
        sql.update("""
                UPDATE payment SET provider_id = ?, status = ?, amount_capturable_minor = ?, amount_captured_minor = ?,
                    amount_refunded_minor = ?, customer_id = ?, payment_method_id = ?, capture_before = ?,
                    failure_reason = ?, decline_code = ?, next_action_url = ?, client_secret = ?, next_action_type = ?,
                    replaced_by_payment_id = ?, version = version + 1, updated_at = ?
                WHERE id = ?""",
                p.providerId(), p.status().dbValue(), p.amountCapturableMinor(), p.amountCapturedMinor(),
                p.amountRefundedMinor(), p.customerId(), p.paymentMethodId(), p.captureBefore(), p.failureReason(),
                p.declineCode(), p.nextActionUrl(), p.clientSecret(), p.nextActionType().dbValue(),
                p.replacedByPaymentId(), p.updatedAt(), p.id());
        return find(p.id()).orElseThrow();
    }

    public void recordChange(UUID paymentId, PaymentStatus from, PaymentStatus to, String source, String providerEventId,
                             Instant at) {
        sql.update("""
                INSERT INTO payment_status_history (payment_id, from_status, to_status, source, provider_event_id, at)
                VALUES (?, ?, ?, ?, ?, ?)""", paymentId, from.dbValue(), to.dbValue(), source,
                providerEventId == null ? "" : providerEventId, at);
    }

    public List<StatusChange> history(UUID paymentId) {
        return sql.query("""
                SELECT from_status, to_status, source, provider_event_id, at FROM payment_status_history
                WHERE payment_id = ? ORDER BY id""",
                rs -> new StatusChange(PaymentStatus.fromDb(rs.getString("from_status")),
                        PaymentStatus.fromDb(rs.getString("to_status")), rs.getString("source"),
                        rs.getString("provider_event_id"), Sql.instant(rs, "at")), paymentId);
    }

    private static Payment map(ResultSet rs) throws SQLException {
        return new Payment(
                Sql.uuid(rs, "id"),
                PaymentKind.fromDb(rs.getString("kind")),
                rs.getString("reference"),
                rs.getString("provider_id"),
                PaymentStatus.fromDb(rs.getString("status")),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getLong("amount_capturable_minor"),
                rs.getLong("amount_captured_minor"),
                rs.getLong("amount_refunded_minor"),
                rs.getString("customer_id"),
                rs.getString("payment_method_id"),
                rs.getBoolean("off_session"),
                Sql.instant(rs, "capture_before"),
                rs.getString("failure_reason"),
                rs.getString("decline_code"),
                rs.getString("next_action_url"),
                rs.getString("client_secret"),
                Sql.uuid(rs, "replaces_payment_id"),
                Sql.uuid(rs, "replaced_by_payment_id"),
                rs.getString("idempotency_key"),
                rs.getLong("version"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"),
                rs.getString("backer_id"),
                NextActionType.fromDb(rs.getString("next_action_type")));
    }
}
