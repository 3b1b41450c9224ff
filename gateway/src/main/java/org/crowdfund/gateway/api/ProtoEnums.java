package org.crowdfund.gateway.api;

import com.google.protobuf.ProtocolMessageEnum;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Proto enums on the REST side: {@code CAMPAIGN_STATUS_PARTIALLY_FUNDED} is written
 * {@code partially_funded} (the type prefix dropped, lower case, as DESIGN.md names the states);
 * the UNSPECIFIED value is absent ({@code null}).
 */
public final class ProtoEnums {
    private ProtoEnums() {
    }

    public static <E extends Enum<E> & ProtocolMessageEnum> String wireName(E value) {
        if (value == null || isUnset(value)) {
            return null;
        }
        return value.name().substring(prefix(value.getDeclaringClass()).length()).toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String wireName) {
        String name = prefix(type) + wireName.toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> !isUnset(e) && e.name().equals(name) && wireName.equals(wireName.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    public static <E extends Enum<E>> List<String> wireNames(Class<E> type) {
        String prefix = prefix(type);
        return Arrays.stream(type.getEnumConstants()).filter(e -> !isUnset(e))
                .map(e -> e.name().substring(prefix.length()).toLowerCase(Locale.ROOT)).toList();
    }

    private static boolean isUnset(Enum<?> value) {
        return value.name().equals("UNRECOGNIZED") || value.name().endsWith("_UNSPECIFIED");
    }

    /** FundingModel -> FUNDING_MODEL_, following the proto style guide's value prefixes. */
    static String prefix(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_";
    }
}
