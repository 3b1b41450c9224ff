package org.crowdfund.platform.sql;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Plain parameterized SQL on the connection of the current transaction. Stores use it where the
 * exact statement matters (guarded increments, SKIP LOCKED batches, keyset pages).
 */
@Singleton
@Requires(property = "datasources.default.url")
public class Sql {
    private final JdbcOperations jdbc;

    public Sql(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public int update(String sql, Object... params) {
        try (PreparedStatement ps = prepare(sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessFailure(sql, e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new DataAccessFailure(sql, e);
        }
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got " + rows.size() + " for " + sql);
        }
        return rows.stream().findFirst();
    }

    /** A bigint[] parameter for {@code = ANY(?)}. */
    public java.sql.Array longArray(java.util.Collection<Long> values) {
        try {
            return connection().createArrayOf("bigint", values.toArray());
        } catch (SQLException e) {
            throw new DataAccessFailure("createArrayOf bigint", e);
        }
    }

    public Connection connection() {
        return jdbc.getConnection();
    }

    private PreparedStatement prepare(String sql, Object[] params) throws SQLException {
        PreparedStatement ps = jdbc.getConnection().prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object value = params[i];
            if (value instanceof Instant instant) {
                ps.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
            } else {
                ps.setObject(i + 1, value);
            }
        }
        return ps;
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** A statement failed for a reason the caller cannot fix (constraint names are in the cause). */
    public static final class DataAccessFailure extends RuntimeException {
        private final String sqlState;

        DataAccessFailure(String sql, SQLException cause) {
            super(cause.getMessage() + " [" + sql.strip().split("\\s+", 4)[0] + "]", cause);
            this.sqlState = cause.getSQLState();
        }

        public boolean isUniqueViolation() {
            return "23505".equals(sqlState);
        }

        public String sqlState() {
            return sqlState;
        }
    }
}
