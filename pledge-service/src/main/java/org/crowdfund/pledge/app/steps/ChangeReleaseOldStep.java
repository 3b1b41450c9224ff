package org.crowdfund.pledge.app.steps;

import jakarta.inject.Singleton;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.pledge.app.saga.SagaParams;
import org.crowdfund.pledge.app.saga.SagaRun;
import org.crowdfund.pledge.app.saga.SagaStep;
import org.crowdfund.pledge.clients.Campaigns;
import org.crowdfund.pledge.clients.Payments;
import org.crowdfund.pledge.clients.Reservations;
import org.crowdfund.proto.reservation.v1.ReleaseReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * After the change is applied: the old authorization is voided (or the old keep-it-all charge
 * refunded), the old revision leaves the campaign total and a slot the new tier no longer needs
 * goes back. Runs after the point of no return, so a refusal here is logged, never compensated.
 */
@Singleton
public class ChangeReleaseOldStep implements SagaStep {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeReleaseOldStep.class);

    private final Payments payments;
    private final Campaigns campaigns;
    private final Reservations reservations;

    public ChangeReleaseOldStep(Payments payments, Campaigns campaigns, Reservations reservations) {
        this.payments = payments;
        this.campaigns = campaigns;
        this.reservations = reservations;
    }

    @Override
    public String name() {
        return "change_release_old";
    }

    @Override
    public Result run(SagaRun run) {
        Map<String, String> params = SagaParams.parse(run.saga().params());
        String oldPayment = params.getOrDefault("old_payment", "");
        try {
            if (!oldPayment.isEmpty() && params.containsKey("new_payment")) {
                PledgePaymentStep.undo(payments, oldPayment, run.key("change-" + run.saga().id() + ":release-old"));
            }
            campaigns.release(run.pledge().campaignId().toString(), params.get("old_ledger"));
            String oldReservation = params.getOrDefault("old_reservation", "");
            if (!oldReservation.isEmpty() && !params.getOrDefault("tier", "").equals(params.get("old_tier"))) {
                reservations.release(oldReservation, ReleaseReason.RELEASE_REASON_PLEDGE_CANCELLED);
            }
        } catch (ServiceException refusal) {
            LOG.error("change {} of pledge {}: releasing the old revision was refused ({}: {})", run.saga().id(),
                    run.pledge().id(), refusal.reason(), refusal.getMessage());
        }
        return Result.DONE;
    }

    @Override
    public void compensate(SagaRun run) {
        // after the point of no return
    }
}
