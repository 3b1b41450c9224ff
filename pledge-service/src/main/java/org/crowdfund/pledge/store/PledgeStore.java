package org.crowdfund.pledge.store;

import jakarta.inject.Singleton;
import org.crowdfund.platform.sql.InTransaction;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.pledge.domain.FundingModel;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The pledge table, in plain SQL: every status change is a guarded update (it names the status it
 * expects, so two executors cannot both move a pledge), batches are claimed with SKIP LOCKED.
 */
@Singleton
@InTransaction
public class PledgeStore {
    static final String COLUMNS = """
            id, campaign_id, backer_id, backer_email, backer_name, backer_locale, country, campaign_title, funding_model,
            campaign_end_at, cutoff_at, tier_id, tier_title, estimated_delivery, reservation_id, amount_minor, currency,
            status, idempotency_key, request_hash, ledger_entry_id, payment_method_token, return_url, customer_id,
            payment_method_id, hold_payment_id, hold_capture_before, hold_seq, hold_failed, charge_payment_id, charge_seq,
            action_payment_id, action_url, action_client_secret, failure_reason, decline_code, failure_message, retryable,
            next_retry_at, fix_before, version, created_at, updated_at""";

    private final Sql sql;

    public PledgeStore(Sql sql) {
        this.sql = sql;
    }

    public void insert(Pledge p) {
        sql.update("INSERT INTO pledge (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.id(), p.campaignId(), p.backerId(), p.backerEmail(), p.backerName(), p.backerLocale(), p.country(),
                p.campaignTitle(), p.fundingModel().dbValue(), p.campaignEndAt(), p.cutoffAt(), p.tierId(), p.tierTitle(),
                p.estimatedDelivery(), p.reservationId(), p.amountMinor(), p.currency(), p.status().dbValue(),
                p.idempotencyKey(), p.requestHash(), p.ledgerEntryId(), p.paymentMethodToken(), p.returnUrl(),
                p.customerId(), p.paymentMethodId(), p.holdPaymentId(), p.holdCaptureBefore(), p.holdSeq(), p.holdFailed(),
                p.chargePaymentId(), p.chargeSeq(), p.actionPaymentId(), p.actionUrl(), p.actionClientSecret(),
                p.failureReason(), p.declineCode(), p.failureMessage(), p.retryable(), p.nextRetryAt(), p.fixBefore(),
                p.version(), p.createdAt(), p.updatedAt());
    }

    public Optional<Pledge> find(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM pledge WHERE id = ?", PledgeStore::pledge, id);
    }

    public Optional<Pledge> lock(UUID id) {
        return sql.one("SELECT " + COLUMNS + " FROM pledge WHERE id = ? FOR UPDATE", PledgeStore::pledge, id);
    }

    public Optional<Pledge> findByKey(String backerId, String idempotencyKey) {
        return sql.one("SELECT " + COLUMNS + " FROM pledge WHERE backer_id = ? AND idempotency_key = ?",
                PledgeStore::pledge, backerId, idempotencyKey);
    }

    /** Moves the pledge from {@code from} to {@code to}; false when it was no longer in {@code from}. */
    public boolean transition(UUID id, PledgeStatus from, PledgeStatus to, Instant now) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("pledge " + id + ": " + from + " -> " + to + " is not a transition");
        }
        return sql.update("UPDATE pledge SET status = ?, version = version + 1, updated_at = ? WHERE id = ? AND status = ?",
                to.dbValue(), now, id, from.dbValue()) == 1;
    }

    /**
     * Sets columns of one pledge ({@code assignments} like {@code "hold_payment_id = ?, hold_capture_before = ?"})
     * and bumps its version; for fields that record what a step learned, not for status changes.
     */
    public void set(UUID id, Instant now, String assignments, Object... values) {
        Object[] params = new Object[values.length + 2];
        System.arraycopy(values, 0, params, 0, values.length);
        params[values.length] = now;
        params[values.length + 1] = id;
        sql.update("UPDATE pledge SET " + assignments + ", version = version + 1, updated_at = ? WHERE id = ?", params);
    }

    public record Page(List<Pledge> pledges, String nextToken) {
    }

    /** Newest first, keyset by id (time-ordered UUIDs). */
    public Page byBacker(String backerId, UUID campaignId, UUID after, int size) {
        List<Object> params = new ArrayList<>(List.of(backerId));
        StringBuilder where = new StringBuilder("backer_id = ?");
        if (campaignId != null) {
            where.append(" AND campaign_id = ?");
            params.add(campaignId);
        }
        return page(where, params, after, size);
    }

    public Page byCampaign(UUID campaignId, Collection<PledgeStatus> statuses, UUID after, int size) {
        List<Object> params = new ArrayList<>(List.of(campaignId));
        StringBuilder where = new StringBuilder("campaign_id = ?");
        if (!statuses.isEmpty()) {
            where.append(" AND status = ANY (?)");
            params.add(statuses.stream().map(PledgeStatus::dbValue).toArray(String[]::new));
        }
        return page(where, params, after, size);
    }

    private Page page(StringBuilder where, List<Object> params, UUID after, int size) {
        if (after != null) {
            where.append(" AND id < ?");
            params.add(after);
        }
        params.add(size + 1);
        List<Pledge> rows = sql.query("SELECT " + COLUMNS + " FROM pledge WHERE " + where + " ORDER BY id DESC LIMIT ?",
                PledgeStore::pledge, params.toArray());
        if (rows.size() <= size) {
            return new Page(rows, "");
        }
        List<Pledge> pageRows = rows.subList(0, size);
        return new Page(List.copyOf(pageRows), pageRows.get(size - 1).id().toString());
    }

    public record StatusTotal(long count, long amountMinor) {
    }

    public Map<PledgeStatus, StatusTotal> totalsByStatus(UUID campaignId) {
        Map<PledgeStatus, StatusTotal> totals = new EnumMap<>(PledgeStatus.class);
        sql.query("SELECT status, count(*) AS n, coalesce(sum(amount_minor), 0) AS amount FROM pledge WHERE campaign_id = ? GROUP BY status",
                rs -> totals.put(PledgeStatus.fromDb(rs.getString("status")), new StatusTotal(rs.getLong("n"), rs.getLong("amount"))),
                campaignId);
        return totals;
    }

    /**
     * Claims up to {@code limit} pending pledges of a campaign for settlement: a lease, taken with
     * SKIP LOCKED so replicas (and a restarted process) never settle the same pledge at once.
     */
    public List<Pledge> claimForSettlement(UUID campaignId, Collection<PledgeStatus> statuses, Instant now, Instant leaseUntil,
                                           int limit) {
        return sql.query("""
                UPDATE pledge SET settle_lease_until = ? WHERE id IN (
                    SELECT id FROM pledge WHERE campaign_id = ? AND status = ANY (?)
                       AND (settle_lease_until IS NULL OR settle_lease_until < ?)
                     ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
                """ + " RETURNING " + COLUMNS, PledgeStore::pledge, leaseUntil, campaignId,
                statuses.stream().map(PledgeStatus::dbValue).toArray(String[]::new), now, limit);
    }

    /** The funding model and currency of a campaign's pledges (every pledge copies them), if it has any. */
    public Optional<String[]> campaignTerms(UUID campaignId) {
        return sql.one("SELECT funding_model, currency FROM pledge WHERE campaign_id = ? LIMIT 1",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, campaignId);
    }

    public long countInStatus(UUID campaignId, PledgeStatus status) {
        return sql.one("SELECT count(*) FROM pledge WHERE campaign_id = ? AND status = ?", rs -> rs.getLong(1),
                campaignId, status.dbValue()).orElse(0L);
    }

    /**
     * All-or-nothing pledges whose deadline is near enough for a hold to be placed, or whose hold
     * lapses soon (the provider's capture_before), whatever the deadline (one job runs at a time:
     * db-scheduler; every change is a guarded update).
     */
    public List<Pledge> holdCandidates(Instant endBefore, Instant holdLapsesBefore, Instant now, int limit) {
        return sql.query("SELECT " + COLUMNS + " " + """
                 FROM pledge WHERE status = 'pending' AND funding_model = 'all_or_nothing'
                   AND (campaign_end_at <= ? OR hold_capture_before <= ?) AND campaign_end_at > ? AND NOT hold_failed
                 ORDER BY campaign_end_at, id LIMIT ?""", PledgeStore::pledge, endBefore, holdLapsesBefore, now, limit);
    }

    /** payment_failed pledges whose retry is due. */
    public List<Pledge> retriesDue(Instant now, int limit) {
        return sql.query("SELECT " + COLUMNS + " " + """
                 FROM pledge WHERE status = 'payment_failed' AND retryable AND next_retry_at <= ? AND fix_before > ?
                 ORDER BY next_retry_at LIMIT ?""", PledgeStore::pledge, now, now, limit);
    }

    /** payment_failed pledges whose fix window is over, claimed with SKIP LOCKED. */
    public List<Pledge> lockFixWindowOver(Instant now, int limit) {
        return sql.query("SELECT " + COLUMNS + " " + """
                 FROM pledge WHERE status = 'payment_failed' AND fix_before <= ?
                 ORDER BY fix_before LIMIT ? FOR UPDATE SKIP LOCKED""", PledgeStore::pledge, now, limit);
    }

    static Pledge pledge(ResultSet rs) throws SQLException {
        return new Pledge(Sql.uuid(rs, "id"), Sql.uuid(rs, "campaign_id"), rs.getString("backer_id"),
                rs.getString("backer_email"), rs.getString("backer_name"), rs.getString("backer_locale"),
                rs.getString("country"), rs.getString("campaign_title"), FundingModel.fromDb(rs.getString("funding_model")),
                Sql.instant(rs, "campaign_end_at"), Sql.instant(rs, "cutoff_at"), Sql.uuid(rs, "tier_id"),
                rs.getString("tier_title"), rs.getString("estimated_delivery"), Sql.uuid(rs, "reservation_id"),
                rs.getLong("amount_minor"), rs.getString("currency"), PledgeStatus.fromDb(rs.getString("status")),
                rs.getString("idempotency_key"), rs.getString("request_hash"), Sql.uuid(rs, "ledger_entry_id"),
                rs.getString("payment_method_token"), rs.getString("return_url"), rs.getString("customer_id"),
                rs.getString("payment_method_id"), rs.getString("hold_payment_id"), Sql.instant(rs, "hold_capture_before"),
                rs.getInt("hold_seq"), rs.getBoolean("hold_failed"), rs.getString("charge_payment_id"), rs.getInt("charge_seq"),
                rs.getString("action_payment_id"), rs.getString("action_url"), rs.getString("action_client_secret"),
                rs.getString("failure_reason"), rs.getString("decline_code"), rs.getString("failure_message"),
                rs.getBoolean("retryable"), Sql.instant(rs, "next_retry_at"), Sql.instant(rs, "fix_before"),
                rs.getLong("version"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }
}
