package org.crowdfund.pledge.app;

import io.grpc.Status;
import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.platform.sql.Sql;
import org.crowdfund.platform.sql.Transactions;
import org.crowdfund.pledge.app.saga.SagaParams;
import org.crowdfund.pledge.app.saga.SagaRunner;
import org.crowdfund.pledge.clients.Campaigns;
import org.crowdfund.pledge.clients.Reservations;
import org.crowdfund.pledge.domain.FundingModel;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.domain.SagaKind;
import org.crowdfund.pledge.domain.SagaState;
import org.crowdfund.pledge.events.PledgeEvents;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.pledge.store.SagaStore;
import org.crowdfund.proto.campaign.v1.Campaign;
import org.crowdfund.proto.campaign.v1.Tier;
import org.crowdfund.proto.pledge.v1.CreatePledgeRequest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.crowdfund.platform.grpc.ProtoTime.instant;

/** Creating, confirming and cancelling pledges: the transaction boundaries and who may do what. */
@Singleton
public class PledgeCommands {
    private final PledgeStore pledges;
    private final SagaStore sagas;
    private final SagaRunner runner;
    private final Campaigns campaigns;
    private final Reservations reservations;
    private final PledgeEvents events;
    private final Transactions tx;
    private final Clock clock;

    public PledgeCommands(PledgeStore pledges, SagaStore sagas, SagaRunner runner, Campaigns campaigns,
                          Reservations reservations, PledgeEvents events, Transactions tx, Clock clock) {
        this.pledges = pledges;
        this.sagas = sagas;
        this.runner = runner;
        this.campaigns = campaigns;
        this.reservations = reservations;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    public record Created(Pledge pledge, boolean existing) {
    }

    public Created create(Principal principal, CreatePledgeRequest r) {
        Access.requireBacker(principal);
        PledgeValidation.shape(r);
        String hash = hash(r);
        Optional<Pledge> existing = pledges.findByKey(principal.subject(), r.getIdempotencyKey());
        if (existing.isPresent()) {
            return replay(existing.get(), hash);
        }
        Instant now = clock.instant();
        Campaign campaign = campaigns.get(r.getCampaignId());
        Optional<Tier> tier = PledgeValidation.against(campaign, r, now);
        if (tier.isPresent() && tier.get().hasQuantityLimit()) {
            if (r.getReservationId().isEmpty()) {
                PledgeValidation.reservationRequired(tier.get());
            }
            PledgeValidation.reservation(tier.get(), reservations.get(r.getReservationId()), principal.subject());
        }
        UUID id = Ids.newId();
        UUID sagaId = Ids.newId();
        Pledge pledge = new Pledge(id, UUID.fromString(campaign.getId()), principal.subject(), principal.email(),
                principal.name(), r.getLocale(), r.getCountry(), campaign.getTitle(),
                campaign.getFundingModel() == org.crowdfund.proto.campaign.v1.FundingModel.FUNDING_MODEL_KEEP_IT_ALL
                        ? FundingModel.KEEP_IT_ALL : FundingModel.ALL_OR_NOTHING,
                instant(campaign.getEndAt()), instant(campaign.getPledgeCutoffAt()),
                tier.map(t -> UUID.fromString(t.getId())).orElse(null), tier.map(Tier::getTitle).orElse(""),
                tier.map(Tier::getEstimatedDelivery).orElse(""),
                tier.filter(Tier::hasQuantityLimit).map(t -> UUID.fromString(r.getReservationId())).orElse(null),
                r.getAmountMinor(), r.getCurrency(), PledgeStatus.AUTHORIZING, r.getIdempotencyKey(), hash, id,
                r.getPaymentMethodId(), r.getReturnUrl(), null, null, null, null, 0, false, null, 0, null, null, null,
                "", "", "", false, null, null, 1, now, now);
        try {
            tx.write(() -> {
                pledges.insert(pledge);
                sagas.insert(sagaId, id, SagaKind.CREATE, "", now);
                return null;
            });
        } catch (Sql.DataAccessFailure e) {
            if (e.isUniqueViolation()) {
                // the same key arrived twice at once and the other request stored it first
                return replay(pledges.findByKey(principal.subject(), r.getIdempotencyKey()).orElseThrow(), hash);
            }
            throw e;
        }
        SagaStore.Saga saga = runner.drive(sagaId);
        throwIfRefused(saga);
        return new Created(pledges.find(id).orElseThrow(), false);
    }

    private Created replay(Pledge pledge, String hash) {
        if (!pledge.requestHash().equals(hash)) {
            throw ServiceException.alreadyExists("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key '" + pledge.idempotencyKey()
                    + "' was used for another pledge request; use a new key for a new pledge");
        }
        Optional<SagaStore.Saga> saga = sagas.latest(pledge.id(), SagaKind.CREATE);
        if (saga.isPresent() && (saga.get().state() == SagaState.RUNNING || saga.get().state() == SagaState.COMPENSATING)) {
            throwIfRefused(runner.drive(saga.get().id()));
        } else {
            saga.ifPresent(PledgeCommands::throwIfRefused);
        }
        return new Created(pledges.find(pledge.id()).orElseThrow(), true);
    }

    /** The backer came back from 3-D Secure: the waiting saga continues (or compensates). */
    public Pledge confirmAuthentication(Principal principal, UUID pledgeId) {
        Pledge pledge = visibleToOwner(principal, pledgeId);
        Optional<SagaStore.Saga> saga = sagas.latest(pledge.id(), SagaKind.CREATE);
        if (saga.isPresent() && saga.get().state().isOpen()) {
            throwIfRefused(runner.drive(saga.get().id()));
        }
        return pledges.find(pledgeId).orElseThrow();
    }

    public record Cancelled(Pledge pledge, boolean refunded) {
    }

    /**
     * Until the campaign's cutoff: the pledge is cancelled at once (with PledgeCancelled), then the
     * release saga voids the hold (or refunds a keep-it-all charge), releases the campaign total
     * and the slot, retried by the recovery job until done. Cancelling again changes nothing.
     */
    public Cancelled cancel(Principal principal, UUID pledgeId) {
        visibleToOwner(principal, pledgeId);
        UUID sagaId = Ids.newId();
        Instant now = clock.instant();
        Boolean refunded = tx.write(() -> {
            Pledge p = pledges.lock(pledgeId).orElseThrow();
            if (p.status() == PledgeStatus.CANCELLED) {
                return null;
            }
            if (p.lockedAt(now)) {
                throw locked(p);
            }
            boolean refund = p.status() == PledgeStatus.CAPTURED && p.fundingModel() == FundingModel.KEEP_IT_ALL;
            if (p.status() != PledgeStatus.PENDING && !refund) {
                throw ServiceException.failedPrecondition("PLEDGE_STATE_CONFLICT", "pledge " + pledgeId + " is "
                        + p.status().dbValue() + "; only a pending pledge (or a keep-it-all one that was charged) can be cancelled");
            }
            pledges.transition(p.id(), p.status(), PledgeStatus.CANCELLED, now);
            sagas.insert(sagaId, p.id(), SagaKind.RELEASE, refund ? "cancelled,refund" : "cancelled", now);
            events.cancelled(p, refund, now);
            return refund;
        });
        if (refunded != null) {
            runner.drive(sagaId);
        }
        Pledge after = pledges.find(pledgeId).orElseThrow();
        return new Cancelled(after, refunded != null ? refunded : after.chargePaymentId() != null);
    }

    static ServiceException locked(Pledge p) {
        long hours = Duration.between(p.cutoffAt(), p.campaignEndAt()).toHours();
        return ServiceException.failedPrecondition("PLEDGE_LOCKED", "pledges lock " + hours + " h before the deadline so the "
                + "creator has a reliable total for settlement; this campaign's pledges locked at " + p.cutoffAt()
                + " (it ends at " + p.campaignEndAt() + "), so this pledge can no longer be cancelled or changed");
    }

    private Pledge visibleToOwner(Principal principal, UUID pledgeId) {
        Access.requireBacker(principal);
        return pledges.find(pledgeId).filter(p -> p.isOwnedBy(principal.subject()) || principal.isAdmin())
                .orElseThrow(() -> Access.pledgeNotFound(pledgeId));
    }

    /** A compensated saga answers with the refusal that turned it around, as the first request did. */
    static void throwIfRefused(SagaStore.Saga saga) {
        if (saga.state() == SagaState.COMPENSATED || saga.state() == SagaState.COMPENSATING) {
            Status.Code code = saga.errorCode().isEmpty() ? Status.Code.FAILED_PRECONDITION : Status.Code.valueOf(saga.errorCode());
            throw new ServiceException(code, saga.errorReason(), saga.errorMessage(),
                    SagaParams.parse(saga.errorMetadata()), List.of());
        }
    }

    static String hash(CreatePledgeRequest r) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(r.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
