package org.crowdfund.pledge.app;

import io.grpc.Status;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.saga.SagaParams;
import org.crowdfund.pledge.app.saga.SagaRunner;
import org.crowdfund.pledge.clients.Campaigns;
import org.crowdfund.pledge.clients.Reservations;
import org.crowdfund.pledge.domain.FundingModel;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeLimits;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.domain.SagaKind;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.pledge.store.SagaStore;
import org.crowdfund.proto.campaign.v1.Campaign;
import org.crowdfund.proto.campaign.v1.Tier;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** ChangePledge until the cutoff: checks, then the change saga (new authorization first, old released after). */
@Singleton
public class ChangePledges {
    private final PledgeStore pledges;
    private final SagaStore sagas;
    private final SagaRunner runner;
    private final Campaigns campaigns;
    private final Reservations reservations;
    private final Transactions tx;
    private final Clock clock;

    public ChangePledges(PledgeStore pledges, SagaStore sagas, SagaRunner runner, Campaigns campaigns, Reservations reservations,
                         Transactions tx, Clock clock) {
        this.pledges = pledges;
        this.sagas = sagas;
        this.runner = runner;
        this.campaigns = campaigns;
        this.reservations = reservations;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * @param amountMinor null = unchanged
     * @param tierId      null = unchanged, "" = no reward
     */
    public Pledge change(Principal principal, UUID pledgeId, Long amountMinor, String tierId, String reservationId, String key) {
        Access.requireBacker(principal);
        if (key == null || key.isBlank() || key.length() > PledgeValidation.KEY_MAX) {
            throw ServiceException.invalid("idempotency_key", "is required, at most " + PledgeValidation.KEY_MAX + " characters");
        }
        Pledge p = pledges.find(pledgeId).filter(x -> x.isOwnedBy(principal.subject()) || principal.isAdmin())
                .orElseThrow(() -> Access.pledgeNotFound(pledgeId));
        var previous = sagas.latest(pledgeId, SagaKind.CHANGE)
                .filter(s -> key.equals(SagaParams.parse(s.params()).get("key")));
        if (previous.isPresent()) {
            SagaStore.Saga saga = previous.get().state().isOpen() ? runner.drive(previous.get().id()) : previous.get();
            PledgeCommands.throwIfRefused(saga);
            return pledges.find(pledgeId).orElseThrow();
        }
        Instant now = clock.instant();
        if (p.lockedAt(now)) {
            throw PledgeCommands.locked(p);
        }
        boolean changeable = p.status() == PledgeStatus.PENDING
                || (p.status() == PledgeStatus.CAPTURED && p.fundingModel() == FundingModel.KEEP_IT_ALL);
        if (!changeable) {
            throw ServiceException.failedPrecondition("PLEDGE_STATE_CONFLICT", "pledge " + pledgeId + " is " + p.status().dbValue()
                    + "; only a pending pledge (or a charged keep-it-all one) can be changed");
        }
        long amount = amountMinor == null ? p.amountMinor() : amountMinor;
        String tier = tierId == null ? (p.tierId() == null ? "" : p.tierId().toString()) : tierId;
        if (tier.equals(p.tierId() == null ? "" : p.tierId().toString()) && amount == p.amountMinor()) {
            return p;
        }
        if (!tier.isEmpty() && Ids.parse(tier).isEmpty()) {
            throw ServiceException.invalid("tier_id", "must be a UUID or empty (no reward)");
        }
        Campaign campaign = campaigns.get(p.campaignId().toString());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("key", key);
        params.put("amount", String.valueOf(amount));
        params.put("tier", tier);
        params.put("ledger", Ids.newId().toString());
        checkAmount(amount, p.currency());
        if (!tier.isEmpty()) {
            Tier t = campaign.getTiersList().stream().filter(x -> x.getId().equals(tier)).findFirst()
                    .orElseThrow(() -> ServiceException.notFound("TIER_NOT_FOUND", "campaign " + campaign.getId() + " has no tier " + tier));
            if (amount < t.getMinPledgeMinor()) {
                throw new ServiceException(Status.Code.INVALID_ARGUMENT, "AMOUNT_BELOW_MINIMUM", "tier '" + t.getTitle()
                        + "' needs at least " + t.getMinPledgeMinor() + " minor units of " + p.currency() + ", got " + amount);
            }
            params.put("tier_title", t.getTitle());
            params.put("estimated_delivery", t.getEstimatedDelivery());
            boolean newTier = p.tierId() == null || !tier.equals(p.tierId().toString());
            if (newTier && t.hasQuantityLimit()) {
                if (reservationId == null || reservationId.isEmpty()) {
                    PledgeValidation.reservationRequired(t);
                }
                PledgeValidation.reservation(t, reservations.get(reservationId), p.backerId());
                params.put("reservation", reservationId);
            }
        }
        UUID sagaId = Ids.newId();
        tx.write(() -> {
            sagas.insert(sagaId, pledgeId, SagaKind.CHANGE, SagaParams.format(params), now);
            return null;
        });
        PledgeCommands.throwIfRefused(runner.drive(sagaId));
        return pledges.find(pledgeId).orElseThrow();
    }

    private static void checkAmount(long amount, String currency) {
        if (amount > PledgeLimits.MAX_PLEDGE_MINOR) {
            throw new ServiceException(Status.Code.INVALID_ARGUMENT, "AMOUNT_ABOVE_MAXIMUM", "a pledge is at most "
                    + PledgeLimits.MAX_PLEDGE_MINOR + " minor units, got " + amount);
        }
        PledgeValidation.chargeable(amount, currency);
    }
}
