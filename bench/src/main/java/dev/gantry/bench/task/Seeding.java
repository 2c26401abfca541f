package dev.gantry.bench.task;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;

import dev.gantry.test.GantryInfrastructure;

/**
 * Data for the task benchmarks, written with JDBC as task-service's runtime role in the tenant's transaction (so
 * row-level security checks every row), in the shapes task-service writes: a project as its membership projection
 * holds it (what project-service's events would have created), tasks with their counter, dependencies, calendar days.
 */
final class Seeding {

    private Seeding() {
    }

    static Connection connect(String user, String password) throws SQLException {
        GantryInfrastructure.Postgres pg = GantryInfrastructure.get().postgres();
        Connection connection = DriverManager.getConnection("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/"
                + pg.database(), user, password);
        connection.setAutoCommit(false);
        return connection;
    }

    static Connection asTaskService(UUID tenant) throws SQLException {
        Connection connection = connect("tasks_app", GantryInfrastructure.ROLE_PASSWORD);
        try (var statement = connection.createStatement()) {
            statement.execute("set search_path = tasks");
        }
        try (PreparedStatement set = connection.prepareStatement("select set_config('gantry.tenant_id', ?, false)")) {
            set.setString(1, tenant.toString());
            set.execute();
        }
        return connection;
    }

    /** A project in the membership projection with the user as its MANAGER. */
    static void project(Connection c, UUID tenant, UUID project, String key, UUID manager) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                insert into projects (id, tenant_id, key, name, status, version, updated_at)
                values (?, ?, ?, ?, 'ACTIVE', 1, now())
                """)) {
            insert.setObject(1, project);
            insert.setObject(2, tenant);
            insert.setString(3, key);
            insert.setString(4, "Bench " + key);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("""
                insert into project_members (project_id, tenant_id, user_id, role) values (?, ?, ?, 'MANAGER')
                """)) {
            insert.setObject(1, project);
            insert.setObject(2, tenant);
            insert.setObject(3, manager);
            insert.executeUpdate();
        }
        c.commit();
    }

    static void calendarDay(Connection c, UUID tenant, LocalDate day, boolean working, String name)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "insert into calendar_days (tenant_id, day, working, name) values (?, ?, ?, ?)")) {
            insert.setObject(1, tenant);
            insert.setObject(2, day);
            insert.setBoolean(3, working);
            insert.setString(4, name);
            insert.executeUpdate();
        }
    }
}
