package org.crowdfund.reservation.store;

import org.crowdfund.platform.sql.Sql;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/** PostgreSQL arrays for set-based statements (one statement for a whole batch). */
final class SqlArrays {
    private SqlArrays() {
    }

    static Array uuids(Sql sql, Collection<UUID> values) {
        return array(sql, "uuid", values.toArray(new UUID[0]));
    }

    static Array texts(Sql sql, Collection<String> values) {
        return array(sql, "text", values.toArray(new String[0]));
    }

    static Array ints(Sql sql, Collection<Integer> values) {
        return array(sql, "integer", values.toArray(new Integer[0]));
    }

    private static Array array(Sql sql, String type, Object[] values) {
        try {
            return sql.connection().createArrayOf(type, values);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build a " + type + " array", e);
        }
    }
}
