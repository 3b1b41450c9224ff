package org.crowdfund.notification.app;

import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Absolute links into the web page (PUBLIC_BASE_URL), as messages carry them. */
@Singleton
public class Links {
    private final NotificationSettings settings;

    public Links(NotificationSettings settings) {
        this.settings = settings;
    }

    public String campaign(String campaignId) {
        return settings.getPublicBaseUrl() + "/#/campaigns/" + campaignId;
    }

    public String dashboard(String campaignId) {
        return settings.getPublicBaseUrl() + "/#/campaigns/" + campaignId + "/dashboard";
    }

    /** The pledge's page, where a failed payment is fixed with a new payment method. */
    public String pledge(String pledgeId) {
        return settings.getPublicBaseUrl() + "/#/me/pledges/" + pledgeId;
    }

    public String pledges() {
        return settings.getPublicBaseUrl() + "/#/me/pledges";
    }

    public String reservations() {
        return settings.getPublicBaseUrl() + "/#/me/reservations";
    }

    public String preferences() {
        return settings.getPublicBaseUrl() + "/#/me/notifications";
    }

    /** The gateway's public unsubscribe route: GET asks to confirm, POST (RFC 8058 one-click) unsubscribes. */
    public String unsubscribe(String token) {
        return settings.getPublicBaseUrl() + "/notifications/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
