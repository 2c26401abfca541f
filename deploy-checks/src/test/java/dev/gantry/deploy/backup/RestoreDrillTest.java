package dev.gantry.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The restore drill, against real PostgreSQL 17 servers (zonky's binaries: initdb, pg_ctl and postgres only).
 *
 * <p>A primary archives its WAL through {@code deploy/backup/archive-wal.sh} (as its archive_command). A base backup
 * is taken with the low-level API (pg_basebackup is not available here) while the primary keeps writing, packed as a
 * backup set and sealed by {@code full-backup.sh --seal-only}. After more writes, the time T is noted; then more
 * writes, which must not survive. {@code restore.sh} unpacks the set into a fresh data directory and configures
 * recovery to T from the archive; a second server starts on it, replays, promotes, and must hold exactly the data of
 * T: counts and md5 checksums of every table, a table created after the backup present, one created after T absent.
 */
class RestoreDrillTest {

    /** Tables compared between the primary at T and the restored server, with the order of their checksum. */
    private static final List<String> TABLES = List.of("projects.projects", "tasks.tasks", "tasks.comments");

    /** Left out of a low-level base backup, per "Making a Base Backup Using the Low Level API" (PostgreSQL 17). */
    private static final Set<String> FILES_LEFT_OUT = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "tablespace_map", "postgresql.auto.conf.tmp", "pg_internal.init", "epg-lock" /* zonky's lock file */);
    private static final Set<String> DIRECTORIES_COPIED_EMPTY = Set.of("pg_wal", "pg_replslot", "pg_dynshmem",
            "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

    private static final Pattern START_WAL = Pattern.compile("START WAL LOCATION: \\S+ \\(file ([0-9A-F]{24})\\)");

    @Test
    void pointInTimeRecoveryRestoresExactlyTheDataOfTheTargetTime() throws Exception {
        long started = System.nanoTime();
        Path drill = Scripts.scratchDirectory("gantry-restore-drill-");
        Path scripts = Scripts.copyScripts(drill.resolve("scripts"));
        Path backupDir = Files.createDirectories(drill.resolve("backup"));
        Path walArchive = Files.createDirectories(backupDir.resolve("wal"));
        Path restored = drill.resolve("restored");
        Path primaryLog = drill.resolve("primary.log");
        Path restoredLog = drill.resolve("restored.log");
        Map<String, String> environment = Map.of("GANTRY_BACKUP_DIR", backupDir.toString());
        boolean passed = false;
        try {
            // --- the primary, archiving with the real script
            String setId;
            String target;
            Map<String, String> atTarget;
            Map<String, String> afterBackup;
            String startWal;
            try (EmbeddedPostgres primary = EmbeddedPostgres.builder()
                    .setDataDirectory(drill.resolve("primary"))
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("shared_buffers", "32MB")
                    .setServerConfig("max_connections", "20")
                    .setServerConfig("wal_level", "replica")
                    .setServerConfig("archive_mode", "on")
                    // pg_ctl hands these options to a shell: the single quotes keep the command one word.
                    .setServerConfig("archive_command", "'GANTRY_WAL_ARCHIVE=" + walArchive + " bash "
                            + scripts.resolve("archive-wal.sh") + " %p %f'")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(primaryLog.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(primaryLog.toFile()))
                    .start()) {
                try (Connection admin = primary.getPostgresDatabase().getConnection();
                     Statement statement = admin.createStatement()) {
                    statement.execute("create database gantry");
                    assertThat(text(statement, "show archive_command")).contains("archive-wal.sh");
                }
                try (Connection db = primary.getDatabase("postgres", "gantry").getConnection();
                     Connection backup = primary.getDatabase("postgres", "gantry").getConnection();
                     Statement sql = db.createStatement();
                     Statement backupSql = backup.createStatement()) {
                    sql.execute("""
                            create schema projects;
                            create schema tasks;
                            create table projects.projects (id bigint primary key, tenant_id uuid not null,
                                name text not null, created_at timestamptz not null default clock_timestamp());
                            create table tasks.tasks (id bigint primary key,
                                project_id bigint not null references projects.projects,
                                title text not null, status text not null, version int not null default 1);
                            """);
                    insertProjects(sql, 1, 200);
                    insertTasks(sql, 1, 4000);

                    // --- base backup with the low-level API; the primary keeps writing before and after the copy
                    backupSql.execute("select pg_backup_start('drill', true)");
                    insertProjects(sql, 201, 250);
                    insertTasks(sql, 4001, 5000);
                    sql.execute("update tasks.tasks set status = 'doing', version = version + 1 where id % 8 = 0");
                    Path copy = drill.resolve("base-copy");
                    copyDataDirectory(drill.resolve("primary"), copy);
                    insertTasks(sql, 5001, 5500);
                    String label;
                    String tablespaceMap;
                    try (ResultSet stop = backupSql.executeQuery(
                            "select labelfile, spcmapfile from pg_backup_stop(wait_for_archive => true)")) {
                        assertThat(stop.next()).isTrue();
                        label = stop.getString(1);
                        tablespaceMap = stop.getString(2);
                    }
                    Files.writeString(copy.resolve("backup_label"), label);
                    if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                        Files.writeString(copy.resolve("tablespace_map"), tablespaceMap);
                    }
                    Matcher startWalMatch = START_WAL.matcher(label);
                    assertThat(startWalMatch.find()).as("backup_label names its start WAL file:\n" + label).isTrue();
                    startWal = startWalMatch.group(1);

                    // Packed like a pg_basebackup set, then sealed by the real script.
                    setId = "20000101T000000Z";
                    Path partial = Files.createDirectories(backupDir.resolve("full").resolve(setId + ".partial"));
                    // Entries named like pg_basebackup's (backup_label, base/..., no "./" prefix).
                    List<String> tar = new ArrayList<>(List.of("tar", "-czf", partial.resolve("base.tar.gz").toString(),
                            "-C", copy.toString()));
                    try (var entries = Files.list(copy)) {
                        entries.map(p -> p.getFileName().toString()).sorted().forEach(tar::add);
                    }
                    run(drill, tar.toArray(String[]::new));
                    Scripts.run(drill, environment, scripts.resolve("full-backup.sh"), "--seal-only",
                            partial.toString()).requireSuccess("full-backup.sh --seal-only");
                    Path set = backupDir.resolve("full").resolve(setId);
                    assertThat(set.resolve("backup.info")).content().contains("start_wal=" + startWal);
                    assertThat(partial).doesNotExist();
                    afterBackup = checksums(sql, List.of("projects.projects", "tasks.tasks"));

                    // --- after the backup, before T: inserts, updates, deletes and new DDL, only in the WAL archive
                    insertProjects(sql, 251, 350);
                    insertTasks(sql, 5501, 7000);
                    sql.execute("update tasks.tasks set status = 'done', version = version + 1 where id % 5 = 0");
                    sql.execute("delete from tasks.tasks where id % 13 = 0");
                    sql.execute("""
                            create table tasks.comments (id bigint primary key, task_id bigint not null, body text not null);
                            insert into tasks.comments select g, g * 3, 'comment ' || md5(g::text)
                              from generate_series(1, 500) g;
                            """);
                    atTarget = checksums(sql, TABLES);
                    target = text(sql, "select to_char(clock_timestamp() at time zone 'UTC',"
                            + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
                    text(sql, "select pg_walfile_name(pg_switch_wal())");
                    Thread.sleep(20); // every later commit has a later timestamp than T

                    // --- after T: none of this may survive the recovery
                    insertProjects(sql, 351, 400);
                    insertTasks(sql, 7001, 7600);
                    sql.execute("update tasks.tasks set title = title || ' (renamed)' where id % 3 = 0");
                    sql.execute("delete from tasks.tasks where id % 11 = 0");
                    sql.execute("insert into tasks.comments select g, g, 'late' from generate_series(501, 560) g");
                    sql.execute("create table tasks.after_target (id int)");
                    Map<String, String> finalState = checksums(sql, TABLES);
                    for (String table : TABLES) {
                        assertThat(finalState.get(table)).as("writes after T changed " + table)
                                .isNotEqualTo(atTarget.get(table));
                    }
                    for (String table : afterBackup.keySet()) {
                        assertThat(atTarget.get(table)).as("writes between backup and T changed " + table)
                                .isNotEqualTo(afterBackup.get(table));
                    }

                    // The segment holding the writes after T must be archived, or recovery cannot see past T.
                    String lastSegment = text(sql, "select pg_walfile_name(pg_switch_wal())");
                    awaitFile(walArchive.resolve(lastSegment), Duration.ofSeconds(30));
                    try (ResultSet archiver = sql.executeQuery(
                            "select archived_count, failed_count from pg_stat_archiver")) {
                        assertThat(archiver.next()).isTrue();
                        assertThat(archiver.getLong("archived_count")).as("WAL files archived").isGreaterThan(1);
                        assertThat(archiver.getLong("failed_count")).as("archive-wal.sh failures").isZero();
                    }
                }
            }
            assertThat(walArchive.resolve(startWal)).as("the backup's first WAL file is archived").exists();
            try (var archived = Files.list(walArchive)) {
                assertThat(archived.map(p -> p.getFileName().toString()))
                        .as("no temporary files left in the archive").noneMatch(name -> name.startsWith("."))
                        .anyMatch(name -> name.endsWith(".backup"));
            }

            // --- restore into a fresh data directory with the real script, then start a second server on it
            Scripts.Result restore = Scripts.run(drill, environment, scripts.resolve("restore.sh"),
                    restored.toString(), target).requireSuccess("restore.sh");
            assertThat(restore.output()).contains("restoring backup set " + setId);
            assertThat(Files.getOwner(restored).getName()).as("owner of the restored data directory")
                    .isEqualTo(System.getProperty("user.name"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored))).isEqualTo("rwx------");
            assertThat(restored.resolve("recovery.signal")).exists();
            assertThat(restored.resolve("backup_label")).exists();
            assertThat(restored.resolve("postgresql.auto.conf")).content()
                    .contains("restore_command = 'cp \"" + walArchive + "/%f\" \"%p\"'")
                    // The Z of the operator's ISO time becomes +00: PostgreSQL 17 refuses "Z" in this setting.
                    .contains("recovery_target_time = '" + target.replace('T', ' ').replace("Z", "+00") + "'")
                    .contains("recovery_target_action = 'promote'");

            try (EmbeddedPostgres recovered = EmbeddedPostgres.builder()
                    .setDataDirectory(restored)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(restoredLog.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(restoredLog.toFile()))
                    .start();
                 Connection db = recovered.getDatabase("postgres", "gantry").getConnection();
                 Statement sql = db.createStatement()) {
                awaitPromotion(sql, Duration.ofSeconds(30));

                assertThat(checksums(sql, TABLES)).as("row counts and md5 checksums at T").isEqualTo(atTarget);
                assertThat(text(sql, "select count(*) from projects.projects where id > 350"))
                        .as("projects created after T").isEqualTo("0");
                assertThat(text(sql, "select count(*) from tasks.tasks where title like '%(renamed)'"))
                        .as("tasks renamed after T").isEqualTo("0");
                assertThat(text(sql, "select coalesce(to_regclass('tasks.after_target')::text, 'absent')"))
                        .as("table created after T").isEqualTo("absent");

                sql.execute("insert into projects.projects (id, tenant_id, name)"
                        + " values (100000, gen_random_uuid(), 'written after the restore')");
                assertThat(restored.resolve("pg_wal/00000002.history")).as("promoted onto a new timeline").exists();
            }
            assertThat(Files.readString(restoredLog, StandardCharsets.UTF_8))
                    .contains("recovery stopping before commit of transaction")
                    .contains("restored log file \"" + startWal + "\" from archive");
            passed = true;
        } finally {
            System.out.printf("restore drill: %s in %.1f s (directory %s)%n", passed ? "passed" : "FAILED",
                    (System.nanoTime() - started) / 1e9, passed ? "deleted" : drill + ", kept for inspection");
            if (passed) {
                Scripts.deleteRecursively(drill);
            }
        }
    }

    private static void insertProjects(Statement sql, int from, int to) throws SQLException {
        sql.execute("insert into projects.projects (id, tenant_id, name) select g, md5('tenant' || (g % 7))::uuid,"
                + " 'project ' || g from generate_series(" + from + ", " + to + ") g");
    }

    /** Tasks spread over the projects that exist (ids 1..200 always do). */
    private static void insertTasks(Statement sql, int from, int to) throws SQLException {
        sql.execute("insert into tasks.tasks (id, project_id, title, status) select g, 1 + g % 200,"
                + " 'task ' || md5(g::text), 'todo' from generate_series(" + from + ", " + to + ") g");
    }

    /** Per table: row count and md5 of all rows in id order. */
    private static Map<String, String> checksums(Statement sql, List<String> tables) throws SQLException {
        Map<String, String> result = new LinkedHashMap<>();
        for (String table : tables) {
            result.put(table, text(sql, "select count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, '|'"
                    + " order by t.id)), '-') from " + table + " t"));
        }
        return result;
    }

    private static String text(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            assertThat(rows.next()).as(query).isTrue();
            return rows.getString(1);
        }
    }

    /**
     * Copies a running server's data directory as the low-level API allows: everything but the files and directory
     * contents PostgreSQL recreates or that belong to the running server (see {@link #FILES_LEFT_OUT},
     * {@link #DIRECTORIES_COPIED_EMPTY}, pgsql_tmp*). Files that vanish while copying are skipped, as pg_basebackup does.
     */
    private static void copyDataDirectory(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path relative = source.relativize(dir);
                if (dir.getFileName().toString().startsWith("pgsql_tmp")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(relative.toString()));
                boolean copiedEmpty = relative.getNameCount() == 1
                        && DIRECTORIES_COPIED_EMPTY.contains(relative.toString());
                // pg_wal keeps its subdirectories (archive_status, summaries) but none of its files.
                return copiedEmpty && !relative.toString().equals("pg_wal")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path relative = source.relativize(file);
                String name = file.getFileName().toString();
                boolean leftOut = FILES_LEFT_OUT.contains(name) && (relative.getNameCount() == 1
                        || name.equals("pg_internal.init"))
                        || name.startsWith("pgsql_tmp")
                        || relative.startsWith("pg_wal");
                if (!leftOut) {
                    try {
                        Files.copy(file, target.resolve(relative.toString()));
                    } catch (NoSuchFileException vanished) {
                        // removed by the server meanwhile: WAL replay recreates what matters
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
    }

    private static void run(Path workDir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
    }

    private static void awaitFile(Path file, Duration timeout) {
        org.awaitility.Awaitility.await(file + " archived").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(file));
    }

    private static void awaitPromotion(Statement sql, Duration timeout) {
        org.awaitility.Awaitility.await("recovery finished and the server promoted").atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "promoted".equals(text(sql,
                        "select case when pg_is_in_recovery() then 'recovering' else 'promoted' end")));
    }
}
