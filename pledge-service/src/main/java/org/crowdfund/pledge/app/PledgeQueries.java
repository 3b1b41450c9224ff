package org.crowdfund.pledge.app;

import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.ids.Ids;
import org.crowdfund.pledge.clients.Campaigns;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.pledge.domain.PledgeStatus;
import org.crowdfund.pledge.domain.SettlementOutcome;
import org.crowdfund.pledge.store.PledgeStore;
import org.crowdfund.pledge.store.SettlementRecord;
import org.crowdfund.pledge.store.SettlementRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads: a backer's own pledges, a campaign's pledges and settlement for its creator. */
@Singleton
public class PledgeQueries {
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

    private final PledgeStore pledges;
    private final SettlementRepository settlements;
    private final Campaigns campaigns;
    private final Clock clock;

    public PledgeQueries(PledgeStore pledges, SettlementRepository settlements, Campaigns campaigns, Clock clock) {
        this.pledges = pledges;
        this.settlements = settlements;
        this.campaigns = campaigns;
        this.clock = clock;
    }

    /** The backer's own pledge (admins and services see any); someone else's is NOT_FOUND. */
    public Pledge get(Principal principal, UUID pledgeId) {
        Access.requireBacker(principal);
        return pledges.find(pledgeId)
                .filter(p -> p.isOwnedBy(principal.subject()) || principal.isAdmin() || principal.isService())
                .orElseThrow(() -> Access.pledgeNotFound(pledgeId));
    }

    public PledgeStore.Page mine(Principal principal, UUID campaignId, int pageSize, String pageToken) {
        Access.requireBacker(principal);
        return pledges.byBacker(principal.subject(), campaignId, token(pageToken), size(pageSize));
    }

    public PledgeStore.Page ofCampaign(Principal principal, UUID campaignId, Collection<PledgeStatus> statuses, int pageSize,
                                       String pageToken) {
        Access.requireCampaignOwner(principal, campaigns.get(campaignId.toString()));
        return pledges.byCampaign(campaignId, statuses, token(pageToken), size(pageSize));
    }

    public record SettlementView(SettlementRecord record, Map<PledgeStatus, PledgeStore.StatusTotal> totals, long remaining,
                                 double ratePerSecond, Long secondsLeft) {
    }

    public SettlementView settlement(Principal principal, UUID campaignId) {
        Access.requireCampaignOwner(principal, campaigns.get(campaignId.toString()));
        SettlementRecord record = settlements.findById(campaignId).orElseThrow(() -> ServiceException.notFound(
                "SETTLEMENT_NOT_FOUND", "campaign " + campaignId + " has not ended yet; settlement starts at its deadline"));
        Map<PledgeStatus, PledgeStore.StatusTotal> totals = pledges.totalsByStatus(campaignId);
        PledgeStore.StatusTotal pending = totals.get(PledgeStatus.PENDING);
        // a cancelled campaign still has to refund its keep-it-all charges
        PledgeStore.StatusTotal toRefund = SettlementOutcome.CANCELLED.dbValue().equals(record.outcome())
                ? totals.get(PledgeStatus.CAPTURED) : null;
        long remaining = SettlementRecord.SETTLED.equals(record.phase()) ? 0
                : (pending == null ? 0 : pending.count()) + (toRefund == null ? 0 : toRefund.count());
        Instant since = record.executingSince();
        Instant until = record.settledAt() != null ? record.settledAt() : clock.instant();
        double seconds = since == null ? 0 : Math.max(Duration.between(since, until).toMillis() / 1000.0, 0.001);
        double rate = since == null ? 0 : record.operations() / seconds;
        // boxed on every branch: a primitive on one would unbox the null (unknown) into a NullPointerException
        Long left = rate > 0 ? Long.valueOf((long) Math.ceil(remaining / rate)) : remaining == 0 ? Long.valueOf(0) : null;
        return new SettlementView(record, totals, remaining, rate, left);
    }

    private static int size(int requested) {
        if (requested < 0 || requested > MAX_PAGE) {
            throw ServiceException.invalid("page_size", "must be between 1 and " + MAX_PAGE + " (0 = " + DEFAULT_PAGE + ")");
        }
        return requested == 0 ? DEFAULT_PAGE : requested;
    }

    private static UUID token(String pageToken) {
        if (pageToken == null || pageToken.isEmpty()) {
            return null;
        }
        return Ids.parse(pageToken).orElseThrow(() -> ServiceException.invalid("page_token", "is not a token this service gave out"));
    }

    static Optional<UUID> optionalId(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Ids.parse(value);
    }
}
