package org.crowdfund.campaign.domain;

import java.time.Instant;
import java.util.UUID;

public record CreatorUpdate(UUID id, UUID campaignId, String authorId, String title, String body, Instant postedAt) {
}
