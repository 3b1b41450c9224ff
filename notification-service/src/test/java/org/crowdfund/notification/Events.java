package org.crowdfund.notification;

import org.crowdfund.platform.grpc.ProtoTime;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.events.v1.BackerContact;
import org.crowdfund.proto.events.v1.CampaignLaunched;
import org.crowdfund.proto.events.v1.CampaignMilestoneReached;
import org.crowdfund.proto.events.v1.PledgeCreated;
import org.crowdfund.proto.events.v1.PledgeSnapshot;

import java.time.Instant;
import java.util.UUID;

/** Event messages as campaign-service and pledge-service fill them. */
final class Events {
    private Events() {
    }

    record Campaign(String id, String creatorId, String title, String currency) {
    }

    record Backer(String id, String email, String name, String locale) {
        BackerContact contact() {
            return BackerContact.newBuilder().setBackerId(id).setEmail(email).setDisplayName(name).setLocale(locale).build();
        }
    }

    /**
     * {@code count} backers with addresses whose String hash codes differ: GreenMail names each
     * mailbox by that hash, and two addresses sharing one make the sink refuse the second with 451
     * (about one pair in 10,000 random addresses does).
     */
    static java.util.List<Backer> manyBackers(String prefix, int count) {
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        java.util.List<Backer> backers = new java.util.ArrayList<>(count);
        for (int i = 0; backers.size() < count; i++) {
            String id = prefix + "-" + i;
            String email = id + "@example.com";
            if (hashes.add(email.hashCode())) {
                backers.add(new Backer(id, email, "Backer " + i, "en-US"));
            }
        }
        return backers;
    }

    static Campaign campaign(String title, String currency) {
        return new Campaign(UUID.randomUUID().toString(), "creator-" + UUID.randomUUID(), title, currency);
    }

    static Backer backer(String name, String locale) {
        String id = "backer-" + UUID.randomUUID();
        return new Backer(id, id + "@example.com", name, locale);
    }

    static CampaignLaunched launched(Campaign c, Instant at) {
        return CampaignLaunched.newBuilder().setCampaignId(c.id()).setCreatorId(c.creatorId()).setTitle(c.title())
                .setFundingModel(FundingModel.FUNDING_MODEL_ALL_OR_NOTHING).setCurrency(c.currency()).setGoalMinor(1_000_000)
                .setEndAt(ProtoTime.timestamp(at.plusSeconds(86_400 * 30))).setLaunchedAt(ProtoTime.timestamp(at)).build();
    }

    static PledgeSnapshot pledge(Campaign c, Backer b, long amountMinor, String tierTitle, String delivery) {
        return PledgeSnapshot.newBuilder().setPledgeId(UUID.randomUUID().toString()).setCampaignId(c.id())
                .setTierId(tierTitle.isEmpty() ? "" : UUID.nameUUIDFromBytes(tierTitle.getBytes()).toString())
                .setTierTitle(tierTitle).setAmountMinor(amountMinor).setCurrency(c.currency()).setBacker(b.contact())
                .setCampaignTitle(c.title()).setEstimatedDelivery(delivery).build();
    }

    static PledgeCreated created(PledgeSnapshot p, String status, Instant at) {
        return PledgeCreated.newBuilder().setPledge(p).setStatus(status).setCreatedAt(ProtoTime.timestamp(at)).build();
    }

    static CampaignMilestoneReached milestone(Campaign c, int percent, long pledgedMinor, long goalMinor, Instant at) {
        return CampaignMilestoneReached.newBuilder().setCampaignId(c.id()).setPercent(percent).setPledgedMinor(pledgedMinor)
                .setGoalMinor(goalMinor).setCurrency(c.currency()).setTitle(c.title()).setReachedAt(ProtoTime.timestamp(at)).build();
    }
}
