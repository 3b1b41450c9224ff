package org.crowdfund.platform.sql;

import io.micronaut.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Migrates the platform's own tables (outbox, inbox, aggregate versions, ...) from
 * {@code classpath:db/platform} with a history table of their own, {@value #HISTORY_TABLE}, so a
 * platform migration can never take a version number a service uses. They run right after the
 * service's migrations, hooked into micronaut-flyway's migration of the default datasource (so
 * a service's first migration still finds an empty schema).
 * <p>
 * Databases migrated before the split have the platform's first migration (0.1, outbox and
 * inbox) in the service's history: that entry is removed from there, and the platform history
 * starts with a baseline at 0.1 when the tables already exist, so only later migrations run.
 */
@Singleton
@Named("default")
public class PlatformMigrations implements FlywayConfigurationCustomizer {
    public static final String HISTORY_TABLE = "flyway_platform_history";
    public static final String LOCATION = "classpath:db/platform";
    static final String LEGACY_VERSION = "0.1";
    static final String LEGACY_SCRIPT = "V0_1__platform_outbox_inbox.sql";
    private static final Logger LOG = LoggerFactory.getLogger(PlatformMigrations.class);

    @Override
    public String getName() {
        return "default";
    }

    @Override
    public void customizeFluentConfiguration(FluentConfiguration service) {
        DataSource dataSource = service.getDataSource();
        forgetLegacyEntry(dataSource, service.getTable());
        Callback[] callbacks = Arrays.copyOf(service.getCallbacks(), service.getCallbacks().length + 1);
        callbacks[callbacks.length - 1] = new AfterServiceMigrations(dataSource);
        service.callbacks(callbacks);
    }

    /** Migrates the platform tables of {@code dataSource}; safe to call any number of times. */
    public static void migrate(DataSource dataSource) {
        // The schema already holds the service's tables, so the platform history starts with a
        // baseline: below every platform migration on a fresh database, at 0.1 on one whose
        // outbox and inbox were created under the service's history.
        boolean adopt = exists(dataSource, "outbox") && !exists(dataSource, HISTORY_TABLE);
        if (adopt) {
            LOG.info("platform tables exist without {}; baselining at {}", HISTORY_TABLE, LEGACY_VERSION);
        }
        var result = Flyway.configure(PlatformMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion(adopt ? LEGACY_VERSION : "0")
                .baselineDescription(adopt ? "platform tables adopted from the service history" : "platform history")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("platform tables migrated to {}", result.targetSchemaVersion);
        }
    }

    private static void forgetLegacyEntry(DataSource dataSource, String serviceTable) {
        if (!exists(dataSource, serviceTable)) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM \"" + serviceTable.replace("\"", "")
                     + "\" WHERE version = ? AND script = ?")) {
            ps.setString(1, LEGACY_VERSION);
            ps.setString(2, LEGACY_SCRIPT);
            if (ps.executeUpdate() > 0) {
                LOG.info("platform migration {} moved from {} to {}", LEGACY_VERSION, serviceTable, HISTORY_TABLE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot move the platform's migration out of " + serviceTable, e);
        }
    }

    private static boolean exists(DataSource dataSource, String table) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot inspect the database schema", e);
        }
    }

    /** Runs the platform's migrations once the service's own have succeeded. */
    private static final class AfterServiceMigrations implements Callback {
        private final DataSource dataSource;

        AfterServiceMigrations(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            migrate(dataSource);
        }

        @Override
        public String getCallbackName() {
            return "platform-migrations";
        }
    }
}
