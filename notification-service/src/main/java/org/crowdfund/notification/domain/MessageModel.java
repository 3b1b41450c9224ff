package org.crowdfund.notification.domain;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The values a message's templates render, as strings. Amounts travel as integer minor units
 * under keys ending in {@code Minor} with the campaign's {@code currency}; {@link #localized}
 * adds each one formatted for the recipient under the key without the suffix
 * ({@code amountMinor=150000, currency=JPY} gives {@code amount=¥150,000}).
 */
public final class MessageModel {
    public static final String CURRENCY = "currency";
    private static final String MINOR = "Minor";

    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private MessageModel() {
    }

    /** An instant as messages show it, e.g. 2026-12-01 12:00 UTC. */
    public static String time(java.time.Instant instant) {
        return TIME.format(instant);
    }

    public static Map<String, String> localized(Map<String, String> raw, Locale locale) {
        Map<String, String> model = new LinkedHashMap<>(raw);
        String currency = raw.get(CURRENCY);
        if (currency != null && !currency.isEmpty()) {
            for (Map.Entry<String, String> e : raw.entrySet()) {
                if (e.getKey().endsWith(MINOR) && e.getKey().length() > MINOR.length() && !e.getValue().isEmpty()) {
                    String name = e.getKey().substring(0, e.getKey().length() - MINOR.length());
                    model.put(name, Money.format(Long.parseLong(e.getValue()), currency, locale));
                }
            }
        }
        return model;
    }
}
