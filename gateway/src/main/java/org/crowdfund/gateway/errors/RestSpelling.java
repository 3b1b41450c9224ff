package org.crowdfund.gateway.errors;

import org.crowdfund.gateway.api.ProtoEnums;
import org.crowdfund.proto.campaign.v1.CampaignStatus;
import org.crowdfund.proto.campaign.v1.FundingModel;
import org.crowdfund.proto.reservation.v1.AllocationStrategy;
import org.crowdfund.proto.reservation.v1.ReleaseReason;
import org.crowdfund.proto.reservation.v1.ReservationStatus;
import org.crowdfund.proto.reservation.v1.WaitlistStatus;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Services write their messages in proto terms ("must be ALL_OR_NOTHING or KEEP_IT_ALL"); a REST
 * client must send {@code all_or_nothing}. This restates the values of the enums the REST API
 * exposes in their REST spelling, so a message names what the API actually accepts.
 */
final class RestSpelling {
    private static final List<Class<? extends Enum<?>>> REST_ENUMS = List.of(FundingModel.class, CampaignStatus.class,
            ReservationStatus.class, AllocationStrategy.class, ReleaseReason.class, WaitlistStatus.class);
    private static final Map<String, String> SPELLINGS = spellings();
    private static final Pattern PROTO_NAMES = Pattern.compile("\\b(" + String.join("|", SPELLINGS.keySet().stream()
            .sorted(Comparator.comparingInt(String::length).reversed()).toList()) + ")\\b");

    private RestSpelling() {
    }

    static String restate(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = PROTO_NAMES.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(SPELLINGS.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> spellings() {
        Map<String, String> spellings = new LinkedHashMap<>();
        for (Class<? extends Enum<?>> type : REST_ENUMS) {
            List<String> wires = ProtoEnums.wireNames((Class) type);
            for (String wire : wires) {
                String constant = wire.toUpperCase(Locale.ROOT);
                spellings.put(constant, wire);
                spellings.put(prefix(type) + constant, wire);
            }
        }
        return spellings;
    }

    /** FundingModel -> FUNDING_MODEL_, as the proto style guide prefixes enum values. */
    private static String prefix(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_";
    }
}
