package org.crowdfund.platform.grpc;

import com.google.rpc.BadRequest;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem with a request so the caller learns all of them at once. */
public final class Violations {
    private final List<BadRequest.FieldViolation> found = new ArrayList<>();

    public Violations check(boolean valid, String field, String message) {
        if (!valid) {
            add(field, message);
        }
        return this;
    }

    public Violations add(String field, String message) {
        found.add(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(message).build());
        return this;
    }

    public boolean has(String field) {
        return found.stream().anyMatch(v -> v.getField().equals(field));
    }

    /** Throws INVALID_ARGUMENT listing every violation, if there is any. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw ServiceException.invalid(found);
        }
    }
}
