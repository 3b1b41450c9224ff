package org.crowdfund.pledge.domain;

import java.time.Instant;
import java.util.UUID;

/** One pledge as stored; changed only through the store's guarded updates. */
public record Pledge(
        UUID id, UUID campaignId, String backerId, String backerEmail, String backerName, String backerLocale,
        String country, String campaignTitle, FundingModel fundingModel, Instant campaignEndAt, Instant cutoffAt,
        UUID tierId, String tierTitle, String estimatedDelivery, UUID reservationId, long amountMinor, String currency,
        PledgeStatus status, String idempotencyKey, String requestHash, UUID ledgerEntryId, String paymentMethodToken,
        String returnUrl, String customerId, String paymentMethodId, String holdPaymentId, Instant holdCaptureBefore,
        int holdSeq, boolean holdFailed, String chargePaymentId, int chargeSeq, String actionPaymentId, String actionUrl,
        String actionClientSecret, String failureReason, String declineCode, String failureMessage, boolean retryable,
        Instant nextRetryAt, Instant fixBefore, long version, Instant createdAt, Instant updatedAt) {

    public boolean hasHold() {
        return holdPaymentId != null;
    }

    public boolean isOwnedBy(String subject) {
        return backerId.equals(subject);
    }

    /** Cancel and change are refused from the campaign's cutoff on. */
    public boolean lockedAt(Instant now) {
        return !now.isBefore(cutoffAt);
    }
}
