package dev.gantry.infra.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates what a Gantry database needs before any service starts: the database, and per service schema a migration
 * role that will own the schema and a runtime role that does not (so row-level security applies to it).
 * Idempotent; in a cluster the same is done by deploy/ (an init job), never by the services themselves.
 */
public final class DatabaseProvisioner {

    /** The PostgreSQL schemas of the services, one each. */
    public static final List<String> SERVICE_SCHEMAS = List.of("users", "projects", "tasks", "notifications", "search");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final String host;
    private final int port;
    private final String superuser;
    private final String superuserPassword;

    public DatabaseProvisioner(String host, int port, String superuser, String superuserPassword) {
        this.host = host;
        this.port = port;
        this.superuser = superuser;
        this.superuserPassword = superuserPassword;
    }

    public static String ownerRole(String schema) {
        return schema + "_owner";
    }

    public static String appRole(String schema) {
        return schema + "_app";
    }

    /** Ensures the database and the roles of every service schema; role passwords are set to {@code rolePassword}. */
    public void provision(String database, String rolePassword) throws SQLException {
        requireIdentifier(database);
        try (Connection admin = connect("postgres")) {
            if (!exists(admin, "select 1 from pg_database where datname = ?", database)) {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("create database " + database + " encoding 'UTF8' template template0");
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) { // created concurrently by another run
                        throw e;
                    }
                }
            }
            for (String schema : SERVICE_SCHEMAS) {
                ensureRole(admin, ownerRole(schema), rolePassword);
                ensureRole(admin, appRole(schema), rolePassword);
                try (Statement statement = admin.createStatement()) {
                    statement.execute("grant connect, create on database " + database + " to " + ownerRole(schema));
                    statement.execute("grant connect on database " + database + " to " + appRole(schema));
                }
            }
        }
    }

    /** Drops a database, e.g. the one a test run created. */
    public void drop(String database) throws SQLException {
        requireIdentifier(database);
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
        }
    }

    private void ensureRole(Connection admin, String role, String password) throws SQLException {
        requireIdentifier(role);
        if (exists(admin, "select 1 from pg_roles where rolname = ?", role)) {
            return;
        }
        try (PreparedStatement quote = admin.prepareStatement("select quote_literal(?)")) {
            quote.setString(1, password);
            try (ResultSet rs = quote.executeQuery(); Statement statement = admin.createStatement()) {
                rs.next();
                statement.execute("create role " + role + " login password " + rs.getString(1));
            }
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState())) { // created concurrently by another run
                throw e;
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, superuser,
                superuserPassword);
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain PostgreSQL identifier: " + name);
        }
    }
}
