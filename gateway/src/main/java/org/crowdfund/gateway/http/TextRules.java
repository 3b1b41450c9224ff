package org.crowdfund.gateway.http;

import java.util.Optional;

/**
 * Which characters text from a client may hold. Control characters (NUL, escape, DEL, C1 ...)
 * have no place in titles, names or ids: they break logs, e-mail headers, terminals and
 * databases (PostgreSQL refuses NUL outright). Multi-line text (a description, an update's body)
 * may hold line breaks and tabs. Unpaired surrogates are not text either.
 */
public final class TextRules {
    private TextRules() {
    }

    /** The first character {@code value} may not hold, described as {@code U+0000}, if any. */
    public static Optional<String> controlCharacter(String value, boolean multiline) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            boolean lineBreakOrTab = c == '\n' || c == '\r' || c == '\t';
            if ((Character.isISOControl(c) && !(multiline && lineBreakOrTab)) || Character.isSurrogate(c)) {
                return Optional.of(String.format("U+%04X", (int) c));
            }
        }
        return Optional.empty();
    }
}
