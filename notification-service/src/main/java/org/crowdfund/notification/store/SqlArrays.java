package org.crowdfund.notification.store;

import org.crowdfund.platform.sql.Sql;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Collection;

/** JDBC arrays for set-based statements (unnest), so a batch of a thousand rows is one round trip. */
final class SqlArrays {
    private SqlArrays() {
    }

    static Array of(Sql sql, String type, Collection<?> values) {
        try {
            return sql.connection().createArrayOf(type, values.toArray());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build a " + type + " array", e);
        }
    }
}
