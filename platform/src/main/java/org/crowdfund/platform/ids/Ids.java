package org.crowdfund.platform.ids;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import java.util.Optional;
import java.util.UUID;

/** Time-ordered UUIDs (version 7): unique across replicas and friendly to B-tree indexes. */
public final class Ids {
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    public static UUID newId() {
        return GENERATOR.generate();
    }

    /** Parses a UUID from the wire; empty for blank or malformed input. */
    public static Optional<UUID> parse(String value) {
        if (value == null || value.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
