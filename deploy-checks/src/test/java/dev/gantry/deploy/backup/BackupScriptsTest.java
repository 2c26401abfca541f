package dev.gantry.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The parts of deploy/backup that need no PostgreSQL tools, run with bash on files: archive-wal.sh's refusal to
 * overwrite, restore.sh's choice of backup set and its recovery settings, full-backup.sh's sealing and retention.
 * (The restore drill runs them against real servers; pg_basebackup and pg_dump run only in the cluster.)
 */
class BackupScriptsTest {

    private static final String SEGMENT = "000000010000000000000003";

    private Path dir;
    private Path backupDir;
    private Path walArchive;

    @BeforeEach
    void createDirectories() throws IOException {
        dir = Scripts.scratchDirectory("gantry-backup-scripts-");
        backupDir = Files.createDirectories(dir.resolve("backup"));
        walArchive = Files.createDirectories(backupDir.resolve("wal"));
    }

    @AfterEach
    void deleteDirectories() throws IOException {
        Scripts.deleteRecursively(dir);
    }

    // --- archive-wal.sh

    @Test
    void archiveWalCopiesASegmentAndAcceptsTheSameSegmentAgain() throws IOException {
        Path segment = wal(SEGMENT, "segment content");

        archive(segment, SEGMENT).requireSuccess("first archiving");
        assertThat(walArchive.resolve(SEGMENT)).hasContent("segment content");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(walArchive.resolve(SEGMENT))))
                .as("archived WAL readable by its owner only").isEqualTo("rw-------");

        // After a crash the server may archive the same file again: identical content is success.
        Scripts.Result again = archive(segment, SEGMENT).requireSuccess("re-archiving identical content");
        assertThat(again.output()).contains("already archived with identical content");
        assertThat(archiveEntries()).containsExactly(SEGMENT);
    }

    @Test
    void archiveWalRefusesToOverwriteDifferentContent() throws IOException {
        archive(wal(SEGMENT, "the first server's segment"), SEGMENT).requireSuccess("first archiving");

        Scripts.Result second = archive(wal(SEGMENT, "another server's segment"), SEGMENT);

        assertThat(second.exitCode()).as(second.output()).isEqualTo(1);
        assertThat(second.output()).contains("refusing to overwrite");
        assertThat(walArchive.resolve(SEGMENT)).hasContent("the first server's segment");
        assertThat(archiveEntries()).as("no temporary file left behind").containsExactly(SEGMENT);
    }

    @Test
    void archiveWalArchivesHistoryBackupAndPartialFiles() throws IOException {
        for (String name : List.of("00000002.history", SEGMENT + ".00000028.backup", SEGMENT + ".partial")) {
            archive(wal(name, name), name).requireSuccess("archiving " + name);
        }
        assertThat(archiveEntries()).containsExactlyInAnyOrder("00000002.history", SEGMENT + ".00000028.backup",
                SEGMENT + ".partial");
    }

    @Test
    void archiveWalFailsWithoutItsArchive() throws IOException {
        Path segment = wal(SEGMENT, "x");

        Scripts.Result unset = Scripts.run(dir, Map.of(), Scripts.source("archive-wal.sh"), segment.toString(), SEGMENT);
        assertThat(unset.exitCode()).isEqualTo(1);
        assertThat(unset.output()).contains("GANTRY_WAL_ARCHIVE is not set");

        // An unmounted volume: never create the directory (that would fill the database's own disk).
        Path missing = dir.resolve("not-mounted/wal");
        Scripts.Result notMounted = Scripts.run(dir, Map.of("GANTRY_WAL_ARCHIVE", missing.toString()),
                Scripts.source("archive-wal.sh"), segment.toString(), SEGMENT);
        assertThat(notMounted.exitCode()).isEqualTo(1);
        assertThat(notMounted.output()).contains("does not exist");
        assertThat(missing).doesNotExist();

        Scripts.Result strangeName = archive(segment, "../" + SEGMENT);
        assertThat(strangeName.exitCode()).isEqualTo(1);
        assertThat(strangeName.output()).contains("refusing unexpected file name");
        assertThat(archiveEntries()).isEmpty();
    }

    // --- restore.sh

    @Test
    void restoreChoosesTheNewestCompleteSetThatFinishedBeforeTheTarget() throws IOException {
        makeSet("20250105T020000Z", "000000010000000000000002", "2025-01-05T02:10:00.000000Z");
        makeSet("20250112T020000Z", "000000010000000000000008", "2025-01-12T02:10:00.000000Z");
        makeSet("20250119T020000Z", "00000001000000000000000E", "2025-01-19T02:10:00.000000Z");
        Files.createDirectories(backupDir.resolve("full/20250115T020000Z.partial")); // a failed run: never chosen
        Files.createDirectories(backupDir.resolve("full/20250116T020000Z"));         // no backup.info: incomplete

        // 04:00 at +01 is 03:00 UTC on the 16th: after the second set finished, before the third.
        Path data = dir.resolve("restored");
        Scripts.Result result = restore(data.toString(), "2025-01-16 04:00:00+01").requireSuccess("restore.sh");

        assertThat(result.output()).contains("restoring backup set 20250112T020000Z");
        assertThat(data.resolve("set-id")).hasContent("20250112T020000Z");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(data.resolve("recovery.signal")).exists();
        assertThat(data.resolve("postgresql.auto.conf")).content()
                .contains("restore_command = 'cp \"" + walArchive + "/%f\" \"%p\"'")
                .contains("recovery_target_time = '2025-01-16 03:00:00.000000+00'")
                .contains("recovery_target_action = 'promote'")
                .contains("recovery_target_timeline = 'latest'");

        // Just before the first set finished: nothing can reach that point.
        Scripts.Result tooEarly = restore(dir.resolve("too-early").toString(), "2025-01-05T02:09:59Z");
        assertThat(tooEarly.exitCode()).isEqualTo(1);
        assertThat(tooEarly.output()).contains("no complete backup set");
        assertThat(dir.resolve("too-early")).doesNotExist();

        // A given set: used when it finished before the target, refused otherwise.
        Map<String, String> older = new HashMap<>(environment());
        older.put("GANTRY_RESTORE_SET", "20250105T020000Z");
        assertThat(Scripts.run(dir, older, Scripts.source("restore.sh"), dir.resolve("older").toString(),
                "2025-01-16T03:00:00Z").requireSuccess("restore a given set").output())
                .contains("restoring backup set 20250105T020000Z");
        Map<String, String> newer = new HashMap<>(environment());
        newer.put("GANTRY_RESTORE_SET", "20250119T020000Z");
        Scripts.Result tooNew = Scripts.run(dir, newer, Scripts.source("restore.sh"), dir.resolve("newer").toString(),
                "2025-01-16T03:00:00Z");
        assertThat(tooNew.exitCode()).isEqualTo(1);
        assertThat(tooNew.output()).contains("no complete backup set 20250119T020000Z");

        Scripts.Result latest = restore(dir.resolve("latest").toString(), "latest").requireSuccess("restore latest");
        assertThat(latest.output()).contains("restoring backup set 20250119T020000Z");
        assertThat(dir.resolve("latest/postgresql.auto.conf")).content().doesNotContain("recovery_target_time =");
    }

    @Test
    void restoreRefusesANonEmptyDataDirectoryATimeWithoutZoneAndADamagedSet() throws IOException {
        makeSet("20250105T020000Z", "000000010000000000000002", "2025-01-05T02:10:00.000000Z");

        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("PG_VERSION"), "17\n");
        Scripts.Result notEmpty = restore(busy.toString(), "2025-01-06T00:00:00Z");
        assertThat(notEmpty.exitCode()).isEqualTo(1);
        assertThat(notEmpty.output()).contains("not an empty directory");
        try (Stream<Path> files = Files.list(busy)) {
            assertThat(files).hasSize(1);
        }

        Scripts.Result noZone = restore(dir.resolve("a").toString(), "2025-01-06 00:00:00");
        assertThat(noZone.exitCode()).isEqualTo(1);
        assertThat(noZone.output()).contains("zone required");

        Path baseTar = backupDir.resolve("full/20250105T020000Z/base.tar.gz");
        byte[] bytes = Files.readAllBytes(baseTar);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(baseTar, bytes);
        Scripts.Result damaged = restore(dir.resolve("b").toString(), "2025-01-06T00:00:00Z");
        assertThat(damaged.exitCode()).isEqualTo(1);
        assertThat(damaged.output()).contains("is damaged");
    }

    @Test
    void restoreConfigureOnlyReplacesEarlierRecoverySettingsAndKeepsTheRest() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("PG_VERSION"), "17\n");
        Files.writeString(data.resolve("backup_label"), "START WAL LOCATION: 0/2000028 (file " + SEGMENT + ")\n");
        Files.writeString(data.resolve("standby.signal"), "");
        Files.writeString(data.resolve("postgresql.auto.conf"),
                "# Do not edit this file manually!\nwork_mem = '8MB'\nrestore_command = 'false'\n");

        restore("--configure-only", data.toString(), "2025-02-01T10:00:00Z").requireSuccess("first configure");
        restore("--configure-only", data.toString(), "2025-02-01T11:30:00.25+01:00").requireSuccess("second");

        String settings = Files.readString(data.resolve("postgresql.auto.conf"));
        assertThat(settings).contains("work_mem = '8MB'")
                .contains("recovery_target_time = '2025-02-01 10:30:00.250000+00'")
                .doesNotContain("restore_command = 'false'")
                .doesNotContain("2025-02-01 10:00:00");
        assertThat(settings.lines().filter(line -> line.startsWith("restore_command"))).hasSize(1);
        assertThat(data.resolve("recovery.signal")).exists();
        assertThat(data.resolve("standby.signal")).doesNotExist();
    }

    // --- full-backup.sh: seal and retention

    @Test
    void sealRecordsTheStartWalAndChecksumsAndRefusesADamagedArchive() throws IOException {
        Path set = makeSet("20250105T020000Z", "00000001000000000000002A", null);
        assertThat(set.resolve("backup.info")).content().contains("id=20250105T020000Z")
                .contains("start_wal=00000001000000000000002A").containsPattern("finished_at=\\d{4}-.*Z");
        assertThat(set.resolve("SHA256SUMS")).content().contains("base.tar.gz");

        Path partial = Files.createDirectories(backupDir.resolve("full/20250112T020000Z.partial"));
        Files.writeString(partial.resolve("base.tar.gz"), "not gzip");
        Scripts.Result damaged = Scripts.run(dir, environment(), Scripts.source("full-backup.sh"), "--seal-only",
                partial.toString());
        assertThat(damaged.exitCode()).isEqualTo(1);
        assertThat(damaged.output()).contains("is damaged");
        assertThat(partial).exists();
        assertThat(backupDir.resolve("full/20250112T020000Z")).doesNotExist();
    }

    @Test
    void pruneKeepsTheNewestSetsAndTheWalTheyNeed() throws IOException {
        String[][] sets = {
                {"20250105T020000Z", "000000010000000000000002"},
                {"20250112T020000Z", "000000010000000000000004"},
                {"20250119T020000Z", "000000010000000000000006"},
                {"20250126T020000Z", "000000020000000000000008"},
                {"20250202T020000Z", "00000002000000000000000A"}};
        for (String[] set : sets) {
            makeSet(set[0], set[1], null);
        }
        Files.createDirectories(backupDir.resolve("full/20250110T020000Z.partial")); // failed earlier: goes
        Files.createDirectories(backupDir.resolve("full/20250209T020000Z.partial")); // may be running: stays
        List<String> wal = new ArrayList<>();
        for (int segment = 1; segment <= 0x0B; segment++) {
            wal.add(String.format("%08X%016X", segment < 7 ? 1 : 2, segment));
        }
        wal.addAll(List.of("000000020000000000000005", "00000002.history", "000000010000000000000004.00000028.backup",
                "000000010000000000000006.00000028.backup", "000000010000000000000005.partial", "README"));
        for (String name : wal) {
            Files.writeString(walArchive.resolve(name), name);
        }

        Map<String, String> environment = new HashMap<>(environment());
        environment.put("GANTRY_BACKUP_KEEP_FULL", "3");
        Scripts.run(dir, environment, Scripts.source("full-backup.sh"), "--prune-only").requireSuccess("prune");

        try (Stream<Path> left = Files.list(backupDir.resolve("full"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "20250119T020000Z", "20250126T020000Z", "20250202T020000Z", "20250209T020000Z.partial");
        }
        // The oldest kept set starts at segment 6: everything before it goes, whatever the timeline.
        assertThat(archiveEntries()).containsExactlyInAnyOrder(
                "000000010000000000000006", "000000020000000000000007", "000000020000000000000008",
                "000000020000000000000009", "00000002000000000000000A", "00000002000000000000000B",
                "00000002.history", "000000010000000000000006.00000028.backup", "README");
    }

    @Test
    void pruneRemovesNothingWithoutACompleteSet() throws IOException {
        Files.createDirectories(backupDir.resolve("full/20250110T020000Z.partial"));
        Files.writeString(walArchive.resolve(SEGMENT), "x");

        Scripts.Result result = Scripts.run(dir, environment(), Scripts.source("full-backup.sh"), "--prune-only")
                .requireSuccess("prune");

        assertThat(result.output()).contains("no complete backup set");
        assertThat(backupDir.resolve("full/20250110T020000Z.partial")).exists();
        assertThat(archiveEntries()).containsExactly(SEGMENT);
    }

    // --- full-backup.sh end to end, with stand-ins for pg_basebackup, pg_dump and pg_restore (not installed here)

    @Test
    void fullBackupTakesASetThenPrunes() throws IOException {
        makeSet("20250105T020000Z", "000000010000000000000002", null);
        Files.writeString(walArchive.resolve("000000010000000000000002"), "old");
        Files.writeString(walArchive.resolve("000000010000000000000009"), "needed");

        Scripts.Result result = Scripts.run(dir, fullBackupEnvironment(null), Scripts.source("full-backup.sh"))
                .requireSuccess("full-backup.sh");

        String calls = Files.readString(dir.resolve("calls.log"));
        assertThat(calls).contains("pg_basebackup --pgdata=" + backupDir.resolve("full"))
                .contains("--format=tar --gzip --wal-method=stream --checkpoint=fast")
                .contains("PGHOST=db.internal PGPORT=6432 PGDATABASE=gantry PGUSER=backup-admin");
        for (String schema : List.of("users", "projects", "tasks", "notifications", "search")) {
            assertThat(calls).contains("pg_dump --format=custom --schema=" + schema + " ");
        }
        try (Stream<Path> sets = Files.list(backupDir.resolve("full"))) {
            List<Path> left = sets.toList();
            assertThat(left).as(result.output()).hasSize(1);
            Path set = left.get(0);
            assertThat(set.getFileName().toString()).matches("\\d{8}T\\d{6}Z");
            assertThat(set.resolve("backup.info")).content().contains("start_wal=000000010000000000000009");
            assertThat(set.resolve("SHA256SUMS")).content().contains("base.tar.gz").contains("pg_wal.tar.gz")
                    .contains("backup_manifest").contains("dump/search.dump");
        }
        assertThat(archiveEntries()).as("WAL before the only kept set").containsExactly("000000010000000000000009");
    }

    @Test
    void aFailedFullBackupLeavesAnIncompleteSetAndPrunesNothing() throws IOException {
        makeSet("20250105T020000Z", "000000010000000000000002", null);
        Files.writeString(walArchive.resolve("000000010000000000000002"), "old");

        Scripts.Result result = Scripts.run(dir, fullBackupEnvironment("tasks"), Scripts.source("full-backup.sh"));

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        try (Stream<Path> sets = Files.list(backupDir.resolve("full"))) {
            assertThat(sets.map(p -> p.getFileName().toString())).hasSize(2).contains("20250105T020000Z")
                    .anyMatch(name -> name.endsWith(".partial"));
        }
        assertThat(archiveEntries()).containsExactly("000000010000000000000002");
    }

    /** PATH with stand-ins that log their arguments and connection variables; pg_dump fails for {@code failingSchema}. */
    private Map<String, String> fullBackupEnvironment(String failingSchema) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("calls.log");
        String logCall = "echo \"$(basename \"$0\") $* PGHOST=$PGHOST PGPORT=$PGPORT PGDATABASE=$PGDATABASE"
                + " PGUSER=$PGUSER\" >>" + log + "\n";
        stub(bin.resolve("pg_basebackup"), logCall + """
                target="${1#--pgdata=}"
                content="$(mktemp -d)"
                printf 'START WAL LOCATION: 0/9000028 (file 000000010000000000000009)\\n' >"$content/backup_label"
                echo 17 >"$content/PG_VERSION"
                tar -czf "$target/base.tar.gz" -C "$content" backup_label PG_VERSION
                tar -czf "$target/pg_wal.tar.gz" -T /dev/null
                echo '{}' >"$target/backup_manifest"
                """);
        stub(bin.resolve("pg_dump"), logCall + """
                for argument in "$@"; do
                    case "$argument" in --file=*) file="${argument#--file=}" ;; --schema=*) schema="${argument#--schema=}" ;; esac
                done
                [[ "$schema" != "%s" ]] || { echo "pg_dump: simulated failure" >&2; exit 1; }
                echo "dump of $schema" >"$file"
                """.formatted(failingSchema == null ? "" : failingSchema));
        stub(bin.resolve("pg_restore"), "[[ \"$1\" == --list && -s \"$2\" ]]\n");
        Map<String, String> environment = new HashMap<>(environment());
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        environment.put("GANTRY_DB_URL", "jdbc:postgresql://db.internal:6432/gantry?sslmode=require");
        environment.put("PGUSER", "backup-admin");
        environment.put("GANTRY_BACKUP_KEEP_FULL", "1");
        return environment;
    }

    private static void stub(Path file, String body) throws IOException {
        Files.writeString(file, "#!/usr/bin/env bash\nset -euo pipefail\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    // --- helpers

    private Map<String, String> environment() {
        return Map.of("GANTRY_BACKUP_DIR", backupDir.toString());
    }

    private Path wal(String name, String content) throws IOException {
        Path file = Files.createDirectories(dir.resolve("pg_wal")).resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private Scripts.Result archive(Path file, String name) {
        return Scripts.run(dir, Map.of("GANTRY_WAL_ARCHIVE", walArchive.toString()), Scripts.source("archive-wal.sh"),
                file.toString(), name);
    }

    private Scripts.Result restore(String... arguments) {
        return Scripts.run(dir, environment(), Scripts.source("restore.sh"), arguments);
    }

    private List<String> archiveEntries() throws IOException {
        try (Stream<Path> files = Files.list(walArchive)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A backup set as full-backup.sh leaves it: a base.tar.gz (here a stand-in data directory naming its set) sealed by
     * the real {@code --seal-only}; {@code finishedAt}, when given, replaces the sealing time.
     */
    private Path makeSet(String id, String startWal, String finishedAt) throws IOException {
        Path content = Files.createDirectories(dir.resolve("content-" + id));
        Files.writeString(content.resolve("PG_VERSION"), "17\n");
        Files.writeString(content.resolve("backup_label"),
                "START WAL LOCATION: 0/2000028 (file " + startWal + ")\nLABEL: gantry-" + id + "\n");
        Files.writeString(content.resolve("set-id"), id);
        Files.writeString(content.resolve("postgresql.auto.conf"), "# Do not edit this file manually!\n");
        Path partial = Files.createDirectories(backupDir.resolve("full").resolve(id + ".partial"));
        Process tar = new ProcessBuilder("tar", "-czf", partial.resolve("base.tar.gz").toString(), "-C",
                content.toString(), "PG_VERSION", "backup_label", "set-id", "postgresql.auto.conf")
                .redirectErrorStream(true).start();
        try {
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(tar.waitFor()).as("tar: " + output).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Scripts.run(dir, environment(), Scripts.source("full-backup.sh"), "--seal-only", partial.toString())
                .requireSuccess("full-backup.sh --seal-only");
        Path set = backupDir.resolve("full").resolve(id);
        if (finishedAt != null) {
            Path info = set.resolve("backup.info");
            Files.writeString(info, Files.readString(info).replaceAll("finished_at=.*", "finished_at=" + finishedAt));
        }
        return set;
    }
}
