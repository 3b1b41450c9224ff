package org.crowdfund.notification.app;

import org.crowdfund.platform.grpc.ServiceException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Keyset page tokens: the (time, id) of the last row of the previous page, opaque to callers. */
final class PageTokens {
    private PageTokens() {
    }

    record Position(Instant at, UUID id) {
    }

    static String encode(Instant at, UUID id) {
        String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Null for an empty token; INVALID_ARGUMENT for one this service did not make. */
    static Position decode(String token, String field) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 3);
            return new Position(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw ServiceException.invalid(field, "is not a page token of this list; pass nextPageToken from the previous page unchanged");
        }
    }
}
