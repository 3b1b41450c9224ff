package org.crowdfund.notification.events;

import com.google.protobuf.InvalidProtocolBufferException;
import jakarta.inject.Singleton;
import org.crowdfund.notification.app.Links;
import org.crowdfund.notification.app.Notifier;
import org.crowdfund.notification.domain.MessageModel;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.notification.domain.PledgeState;
import org.crowdfund.notification.store.BackingStore;
import org.crowdfund.notification.store.BackingStore.Backing;
import org.crowdfund.notification.store.RecipientStore;
import org.crowdfund.platform.events.EventHandler;
import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.proto.events.v1.EventEnvelope;
import org.crowdfund.proto.events.v1.PledgeCancelled;
import org.crowdfund.proto.events.v1.PledgeCaptured;
import org.crowdfund.proto.events.v1.PledgeChanged;
import org.crowdfund.proto.events.v1.PledgeCreated;
import org.crowdfund.proto.events.v1.PledgeDropped;
import org.crowdfund.proto.events.v1.PledgePaymentFailed;
import org.crowdfund.proto.events.v1.PledgeRefunded;
import org.crowdfund.proto.events.v1.PledgeSnapshot;
import org.crowdfund.proto.events.v1.PledgeVoided;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Pledge events: keep the backer projection and the contact directory, and tell the backer what
 * happened to their money.
 * <p>
 * Ordering, per event: the projection applies an event only when it is newer than the one the
 * pledge's row holds, by the envelope's aggregate version (the pledge's own sequence; time and
 * state rank only for events without one), so a stale event changes nothing and a PledgeCancelled
 * that overtook its PledgeCreated stays cancelled. A cancelled pledge followed
 * by a new pledge of the same backer is a second row: the backer backs again. Receipts, refunds
 * and cancellation or drop confirmations are order-free facts (each event's own notification,
 * once per event id). A payment failure is dropped when stale: once the projection holds a newer
 * event of the pledge (the capture that fixed it), asking the backer to fix it would be wrong.
 */
@Singleton
public class PledgeEventsHandler implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PledgeEventsHandler.class);

    private final BackingStore backings;
    private final RecipientStore recipients;
    private final Notifier notifier;
    private final Links links;

    public PledgeEventsHandler(BackingStore backings, RecipientStore recipients, Notifier notifier, Links links) {
        this.backings = backings;
        this.recipients = recipients;
        this.notifier = notifier;
        this.links = links;
    }

    @Override
    public String durableName() {
        return "notification-pledges";
    }

    @Override
    public String subjectFilter() {
        return "pledge.>";
    }

    @Override
    public void handle(EventEnvelope event) throws InvalidProtocolBufferException {
        Instant at = ProtoTime.instant(event.getOccurredAt());
        long version = event.getAggregateVersion();
        String key = event.getEventId();
        var data = event.getData();
        if (data.is(PledgeCreated.class)) {
            PledgeCreated e = data.unpack(PledgeCreated.class);
            boolean charged = "captured".equals(e.getStatus());
            project(e.getPledge(), charged ? PledgeState.CAPTURED : PledgeState.PENDING, at, version);
            if (charged) {
                receipt(key, e.getPledge(), "charge", e.getPledge().getAmountMinor(), at);
            }
        } else if (data.is(PledgeChanged.class)) {
            project(data.unpack(PledgeChanged.class).getPledge(), PledgeState.PENDING, at, version);
        } else if (data.is(PledgeCancelled.class)) {
            PledgeCancelled e = data.unpack(PledgeCancelled.class);
            project(e.getPledge(), PledgeState.CANCELLED, at, version);
            Map<String, String> model = model(e.getPledge());
            model.put("kind", "cancelled");
            model.put("refunded", String.valueOf(e.getRefunded()));
            model.put("reason", "");
            model.put("link", links.campaign(e.getPledge().getCampaignId()));
            notifyBacker(key, e.getPledge(), NotificationType.PLEDGE_CANCELLED, model);
        } else if (data.is(PledgeCaptured.class)) {
            PledgeCaptured e = data.unpack(PledgeCaptured.class);
            project(e.getPledge(), PledgeState.CAPTURED, at, version);
            receipt(key, e.getPledge(), "capture", e.getCapturedMinor(), at);
        } else if (data.is(PledgeVoided.class)) {
            // the backers of a failed campaign hear it once, from its CampaignSettled fan-out
            project(data.unpack(PledgeVoided.class).getPledge(), PledgeState.VOIDED, at, version);
        } else if (data.is(PledgePaymentFailed.class)) {
            PledgePaymentFailed e = data.unpack(PledgePaymentFailed.class);
            PledgeState state = e.getAtSettlement() ? PledgeState.PAYMENT_FAILED : PledgeState.PENDING;
            if (!project(e.getPledge(), state, at, version)) {
                LOG.info("payment failure of pledge {} (version {}) is older than what is known of it; not notified",
                        e.getPledge().getPledgeId(), version);
                return;
            }
            Map<String, String> model = model(e.getPledge());
            model.put("reason", e.getMessage().isBlank() ? describe(e) : e.getMessage());
            model.put("atSettlement", String.valueOf(e.getAtSettlement()));
            model.put("fixBefore", e.hasFixBefore() ? MessageModel.time(ProtoTime.instant(e.getFixBefore())) : "the campaign ends");
            model.put("link", links.pledge(e.getPledge().getPledgeId()));
            notifyBacker(key, e.getPledge(), NotificationType.PAYMENT_FAILED, model);
        } else if (data.is(PledgeDropped.class)) {
            PledgeDropped e = data.unpack(PledgeDropped.class);
            project(e.getPledge(), PledgeState.DROPPED, at, version);
            Map<String, String> model = model(e.getPledge());
            model.put("kind", "dropped");
            model.put("refunded", "false");
            model.put("reason", e.getReason().isBlank() ? "the payment was not fixed in time" : e.getReason());
            model.put("link", links.campaign(e.getPledge().getCampaignId()));
            notifyBacker(key, e.getPledge(), NotificationType.PLEDGE_CANCELLED, model);
        } else if (data.is(PledgeRefunded.class)) {
            PledgeRefunded e = data.unpack(PledgeRefunded.class);
            project(e.getPledge(), PledgeState.REFUNDED, at, version);
            receipt(key, e.getPledge(), "refund", e.getRefundedMinor(), at);
        }
    }

    /** Applies the event to the projection and the directory; false when it was stale. */
    private boolean project(PledgeSnapshot p, PledgeState state, Instant at, long version) {
        var backer = p.getBacker();
        recipients.learn(backer.getBackerId(), backer.getEmail(), backer.getDisplayName(), backer.getLocale(), at);
        return backings.apply(new Backing(UUID.fromString(p.getPledgeId()), UUID.fromString(p.getCampaignId()),
                backer.getBackerId(), p.getTierId(), p.getTierTitle(), p.getEstimatedDelivery(), p.getAmountMinor(),
                p.getCurrency(), p.getCampaignTitle(), state, at, version));
    }

    private void receipt(String key, PledgeSnapshot p, String kind, long amountMinor, Instant at) {
        Map<String, String> model = model(p);
        model.put("kind", kind);
        model.put("amountMinor", String.valueOf(amountMinor));
        model.put("at", MessageModel.time(at));
        model.put("link", links.pledges());
        notifyBacker(key, p, NotificationType.RECEIPT, model);
    }

    private void notifyBacker(String key, PledgeSnapshot p, NotificationType type, Map<String, String> model) {
        notifier.notify(key, p.getBacker().getBackerId(), type, UUID.fromString(p.getCampaignId()), model);
    }

    private static Map<String, String> model(PledgeSnapshot p) {
        Map<String, String> model = new LinkedHashMap<>();
        model.put("campaignTitle", p.getCampaignTitle());
        model.put("pledgeId", p.getPledgeId());
        model.put("tiers", p.getTierTitle());
        model.put("estimatedDelivery", p.getEstimatedDelivery());
        model.put("amountMinor", String.valueOf(p.getAmountMinor()));
        model.put(MessageModel.CURRENCY, p.getCurrency());
        return model;
    }

    private static String describe(PledgePaymentFailed e) {
        String code = e.getDeclineCode().isBlank() ? e.getFailureCode() : e.getDeclineCode();
        return code.isBlank() ? "your bank declined the payment" : "your bank declined the payment (" + code + ")";
    }
}
