package org.crowdfund.pledge.app.steps;

import jakarta.inject.Singleton;
import org.crowdfund.pledge.app.saga.SagaParams;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.clients.Campaigns;
import org.crowdfund.pledge.clients.Reservations;
import org.crowdfund.pledge.domain.Pledge;
import org.crowdfund.proto.campaign.v1.RecordPledgeRequest;
import org.crowdfund.proto.reservation.v1.ReleaseReason;

import java.util.Map;

/**
 * The changed pledge's new revision: its new reservation converted (a new limited tier) and its
 * new amount recorded in the campaign total, both under a new ledger entry id. Compensation:
 * the new total released and the new slot given back.
 */
@Singleton
public class ChangeSlotAndTotalStep implements SagaStep {
    private final Reservations reservations;
    private final Campaigns campaigns;

    public ChangeSlotAndTotalStep(Reservations reservations, Campaigns campaigns) {
        this.reservations = reservations;
        this.campaigns = campaigns;
    }

    @Override
    public String name() {
        return "change_slot_and_total";
    }

    @Override
    public Result run(SagaRun run) {
        Pledge p = run.pledge();
        Map<String, String> params = SagaParams.parse(run.saga().params());
        String ledger = params.get("ledger");
        String tier = params.getOrDefault("tier", "");
        String reservation = params.getOrDefault("reservation", "");
        if (!reservation.isEmpty()) {
            reservations.convert(reservation, ledger, p.backerId(), tier);
        }
        campaigns.record(RecordPledgeRequest.newBuilder().setCampaignId(p.campaignId().toString()).setPledgeId(ledger)
                .setTierId(tier).setAmountMinor(Long.parseLong(params.get("amount"))).setCurrency(p.currency())
                .setBackerId(p.backerId()).setBackerCountry(p.country()).build());
        return Result.DONE;
    }

    @Override
    public void compensate(SagaRun run) {
        Map<String, String> params = SagaParams.parse(run.saga().params());
        campaigns.release(run.pledge().campaignId().toString(), params.get("ledger"));
        String reservation = params.getOrDefault("reservation", "");
        if (!reservation.isEmpty()) {
            reservations.release(reservation, ReleaseReason.RELEASE_REASON_PLEDGE_FAILED);
        }
    }
}
