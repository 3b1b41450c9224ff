package org.crowdfund.campaign.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A campaign as stored; changes go through {@code with...} copies checked by the application layer. */
public record Campaign(
        UUID id,
        String creatorId,
        String title,
        String description,
        FundingModel fundingModel,
        String currency,
        long goalMinor,
        long pledgedMinor,
        int backerCount,
        CampaignStatus status,
        Instant endAt,
        int pledgeCutoffHours,
        boolean noRewards,
        int reservationTtlMinutes,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant launchedAt,
        Instant endedAt,
        Instant settledAt,
        Instant cancelledAt,
        String cancelReason) {

    /** Pledges can no longer be cancelled after this instant (null while no deadline is set). */
    public Instant pledgeCutoffAt() {
        return endAt == null ? null : endAt.minus(Duration.ofHours(pledgeCutoffHours));
    }

    public boolean isOwnedBy(String subject) {
        return creatorId.equals(subject);
    }

    public Campaign withStatus(CampaignStatus next, Instant at) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("campaign " + id + " cannot move from " + status + " to " + next);
        }
        return new Campaign(id, creatorId, title, description, fundingModel, currency, goalMinor, pledgedMinor,
                backerCount, next, endAt, pledgeCutoffHours, noRewards, reservationTtlMinutes, version, createdAt, at,
                next == CampaignStatus.ACTIVE ? at : launchedAt,
                next == CampaignStatus.SETTLING ? at : endedAt,
                next == CampaignStatus.FUNDED || next == CampaignStatus.FAILED || next == CampaignStatus.PARTIALLY_FUNDED
                        ? at : settledAt,
                next == CampaignStatus.CANCELLED ? at : cancelledAt, cancelReason);
    }

    public Campaign withCancelReason(String reason) {
        return new Campaign(id, creatorId, title, description, fundingModel, currency, goalMinor, pledgedMinor,
                backerCount, status, endAt, pledgeCutoffHours, noRewards, reservationTtlMinutes, version, createdAt,
                updatedAt, launchedAt, endedAt, settledAt, cancelledAt, reason);
    }

    public Campaign withDetails(String title, String description, FundingModel fundingModel, String currency,
                                long goalMinor, Instant endAt, int pledgeCutoffHours, boolean noRewards,
                                int reservationTtlMinutes, Instant at) {
        return new Campaign(id, creatorId, title, description, fundingModel, currency, goalMinor, pledgedMinor,
                backerCount, status, endAt, pledgeCutoffHours, noRewards, reservationTtlMinutes, version, createdAt, at,
                launchedAt, endedAt, settledAt, cancelledAt, cancelReason);
    }
}
