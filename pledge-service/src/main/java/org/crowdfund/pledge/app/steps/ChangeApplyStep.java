package org.crowdfund.pledge.app.steps;

import io.grpc.Status;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.saga.SagaParams;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.domain.FundingModel;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.events.PledgeEvents;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.pledge.store.SagaStore;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Switches the pledge to its new revision in one transaction (amount, tier, reservation, ledger
 * entry, new payment) and emits PledgeChanged; the old revision's ids go into the run's
 * parameters for the release that follows. Refused (and the change compensated) if the pledge was
 * cancelled or locked meanwhile.
 */
@Singleton
public class ChangeApplyStep implements SagaStep {
    private final PledgeStore pledges;
    private final SagaStore sagas;
    private final PledgeEvents events;
    private final Transactions tx;

    public ChangeApplyStep(PledgeStore pledges, SagaStore sagas, PledgeEvents events, Transactions tx) {
        this.pledges = pledges;
        this.sagas = sagas;
        this.events = events;
        this.tx = tx;
    }

    @Override
    public String name() {
        return "change_apply";
    }

    @Override
    public Result run(SagaRun run) {
        Map<String, String> params = SagaParams.parse(run.saga().params());
        if (params.containsKey("applied")) {
            return Result.DONE;
        }
        tx.write(() -> {
            Pledge p = pledges.lock(run.pledge().id()).orElseThrow();
            boolean changeable = p.status() == PledgeStatus.PENDING
                    || (p.status() == PledgeStatus.CAPTURED && p.fundingModel() == FundingModel.KEEP_IT_ALL);
            if (!changeable || p.lockedAt(run.now())) {
                throw new ServiceException(Status.Code.FAILED_PRECONDITION, p.lockedAt(run.now()) ? "PLEDGE_LOCKED" : "PLEDGE_STATE_CONFLICT",
                        "pledge " + p.id() + " can no longer be changed (" + p.status().dbValue() + ", locked from " + p.cutoffAt() + ")");
            }
            params.put("applied", "true");
            params.put("old_ledger", p.ledgerEntryId().toString());
            params.put("old_amount", String.valueOf(p.amountMinor()));
            params.put("old_tier", p.tierId() == null ? "" : p.tierId().toString());
            params.put("old_reservation", p.reservationId() == null ? "" : p.reservationId().toString());
            params.put("old_payment", p.fundingModel() == FundingModel.KEEP_IT_ALL ? nullToEmpty(p.chargePaymentId())
                    : nullToEmpty(p.holdPaymentId()));
            String tier = params.getOrDefault("tier", "");
            String reservation = params.getOrDefault("reservation", "");
            String newPayment = params.get("new_payment");
            Instant now = run.now();
            pledges.set(p.id(), now, "amount_minor = ?, tier_id = ?, tier_title = ?, estimated_delivery = ?, reservation_id = ?, "
                            + "ledger_entry_id = ?", Long.parseLong(params.get("amount")), tier.isEmpty() ? null : UUID.fromString(tier),
                    params.getOrDefault("tier_title", ""), params.getOrDefault("estimated_delivery", ""),
                    reservation.isEmpty() ? (tier.equals(params.get("old_tier")) ? p.reservationId() : null) : UUID.fromString(reservation),
                    UUID.fromString(params.get("ledger")));
            if (newPayment != null) {
                if (p.fundingModel() == FundingModel.KEEP_IT_ALL) {
                    pledges.set(p.id(), now, "charge_payment_id = ?", newPayment);
                } else {
                    String cb = params.get("new_capture_before");
                    pledges.set(p.id(), now, "hold_payment_id = ?, hold_capture_before = ?", newPayment,
                            cb == null ? null : Instant.parse(cb));
                }
            }
            sagas.setParams(run.saga().id(), SagaParams.format(params));
            events.changed(pledges.find(p.id()).orElseThrow(), p.amountMinor(), p.tierId() == null ? "" : p.tierId().toString(), now);
            return null;
        });
        return Result.DONE;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public void compensate(SagaRun run) {
        // the last step that can refuse; nothing of it stays behind when it does
    }
}
