package org.crowdfund.gateway.http;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a query parameter's value must look like. By name for the API-wide paging parameters
 * (every list takes {@code pageSize} 1..100 and an opaque {@code pageToken}); by declared type
 * otherwise: whole numbers, {@code true}/{@code false}, and text without control characters.
 * Enum filters (such as a campaign {@code status}) are checked by their controller, which knows
 * the values it accepts and names them.
 */
public final class QueryRules {
    public static final String PAGE_SIZE = "pageSize";
    public static final String PAGE_TOKEN = "pageToken";
    public static final int MAX_PAGE_SIZE = 100;
    static final int MAX_VALUE_LENGTH = 200;
    private static final int MAX_PAGE_TOKEN_LENGTH = 512;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern PAGE_TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_=-]+");

    private QueryRules() {
    }

    /** The problem with {@code value} for parameter {@code name} of {@code type}, if any. */
    static Optional<String> check(String name, Class<?> type, String value) {
        if (name.equals(PAGE_TOKEN)) {
            return value.length() <= MAX_PAGE_TOKEN_LENGTH && PAGE_TOKEN_SHAPE.matcher(value).matches() ? Optional.empty()
                    : Optional.of("is not a page token; pass back the nextPageToken of the previous page unchanged");
        }
        if (name.equals(PAGE_SIZE)) {
            return whole(value).filter(n -> n >= 1 && n <= MAX_PAGE_SIZE).isPresent() ? Optional.empty()
                    : Optional.of("must be a whole number from 1 to " + MAX_PAGE_SIZE + " (leave it out for 20), got '"
                    + shown(value) + "'");
        }
        if (value.isEmpty()) {
            return Optional.of("must not be empty; leave the parameter out instead");
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            long max = type == Integer.class || type == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
            return whole(value).filter(n -> Math.abs(n) <= max).isPresent() ? Optional.empty()
                    : Optional.of("must be a whole number, got '" + shown(value) + "'");
        }
        if (type == Boolean.class || type == boolean.class) {
            return value.equals("true") || value.equals("false") ? Optional.empty()
                    : Optional.of("must be true or false, got '" + shown(value) + "'");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            return Optional.of("must be at most " + MAX_VALUE_LENGTH + " characters");
        }
        return TextRules.controlCharacter(value, false).map(found -> "must not contain control characters (found " + found + ")");
    }

    private static Optional<Long> whole(String value) {
        return WHOLE_NUMBER.matcher(value).matches() ? Optional.of(Long.parseLong(value)) : Optional.empty();
    }

    /** A value quoted back to the caller, shortened and without control characters. */
    private static String shown(String value) {
        String printable = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
