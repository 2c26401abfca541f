package dev.gantry.task.importing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.Ids;
import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.membership.ProjectMembership;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.task.customfield.CustomField;
import dev.gantry.task.customfield.CustomFields;
import dev.gantry.task.task.TaskChanges;
import dev.gantry.task.task.Tasks;
import dev.gantry.task.workflow.Workflow;
import dev.gantry.task.workflow.Workflows;

/**
 * Imports of tasks from CSV or Excel. Every row is checked first; a file with any problem imports nothing and answers
 * the list of problems. A valid file becomes a job that creates its tasks in batches, each batch committed with the
 * job's progress, so a retry of the same file (same content hash) never imports a row twice: it returns the job, or
 * resumes a failed one where it stopped. Small files finish before the answer; large ones run in the background.
 */
@Service
public class Imports {

    static final int BATCH = 200;
    static final int MAX_BYTES = 5 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(Imports.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ProjectAccess access;
    private final ProjectMembership membership;
    private final Workflows workflows;
    private final CustomFields customFields;
    private final Tasks tasks;
    private final Clock clock;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    Imports(JdbcClient jdbc, TransactionTemplate transactions, ProjectAccess access, ProjectMembership membership,
            Workflows workflows, CustomFields customFields, Tasks tasks, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.access = access;
        this.membership = membership;
        this.workflows = workflows;
        this.customFields = customFields;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** The outcome of posting a file: the job, and whether this request created it. */
    public record Started(ImportJob job, boolean created) {
    }

    public Started start(CurrentUser caller, UUID projectId, byte[] content, String format) {
        if (content.length == 0 || content.length > MAX_BYTES) {
            throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "File too large",
                    "An import file has 1 byte to " + MAX_BYTES / (1024 * 1024) + " MB.");
        }
        String hash = sha256(content);
        Started started = transactions.execute(status -> {
            access.require(caller, projectId, ProjectAction.EDIT);
            Optional<ImportJob> existing = jobByHash(projectId, hash);
            if (existing.isPresent()) {
                ImportJob job = existing.get();
                if (ImportJob.FAILED.equals(job.status())) {
                    jdbc.sql("update import_jobs set status = 'RUNNING', error = null where id = :id")
                            .param("id", job.id()).update();
                    return new Started(job(job.id()).orElseThrow(), false);
                }
                return new Started(job, false);
            }
            ImportFile file;
            try {
                file = ImportFile.read(content, format);
            } catch (ImportFile.Unreadable e) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.type("import-unreadable"),
                        "Unreadable file", e.getMessage());
            }
            ImportRules.Checked checked = ImportRules.check(file, project(projectId));
            if (!checked.problems().isEmpty()) {
                ProblemException invalid = new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT,
                        Problems.type("import-invalid"), "Import has problems", checked.problems().size()
                                + " problem(s) in the file; nothing was imported. Fix them and post it again.");
                invalid.getBody().setProperty("errors", checked.problems().stream().limit(1_000).toList());
                throw invalid;
            }
            UUID id = Ids.newId();
            jdbc.sql("""
                    insert into import_jobs (id, tenant_id, project_id, content_hash, status, total_rows, created_by,
                                             created_at, content, format)
                    values (:id, :t, :p, :hash, 'RUNNING', :total, :by, :at, :content, :format)
                    """)
                    .param("id", id).param("t", TenantContext.requireTenant()).param("p", projectId)
                    .param("hash", hash).param("total", checked.tasks().size()).param("by", caller.userId())
                    .param("at", clock.instant().atOffset(ZoneOffset.UTC)).param("content", content)
                    .param("format", format).update();
            return new Started(job(id).orElseThrow(), true);
        });
        ImportJob job = started.job();
        if (ImportJob.RUNNING.equals(job.status())) {
            UUID tenant = TenantContext.requireTenant();
            if (job.totalRows() - job.importedRows() <= BATCH) {
                run(tenant, job.id());
                return new Started(TenantContext.callAs(tenant, () -> transactions.execute(s -> job(job.id())))
                        .orElseThrow(), started.created());
            }
            background.submit(() -> run(tenant, job.id()));
        }
        return started;
    }

    public ImportJob get(CurrentUser caller, UUID projectId, UUID jobId) {
        return transactions.execute(status -> {
            access.require(caller, projectId, ProjectAction.READ);
            return job(jobId).filter(j -> j.projectId().equals(projectId)).orElseThrow(() -> new ProblemException(
                    HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Import not found", "No import " + jobId
                            + " in this project."));
        });
    }

    /** The template: the columns an import reads, custom fields included, with one example row. */
    public byte[] template(CurrentUser caller, UUID projectId, String format) {
        List<String> columns = transactions.execute(status -> {
            access.require(caller, projectId, ProjectAction.READ);
            List<String> all = new ArrayList<>(ImportRules.COLUMNS);
            customFields.of(projectId).keySet().forEach(key -> all.add(ImportRules.CUSTOM_PREFIX + key));
            return all;
        });
        List<String> example = new ArrayList<>(List.of("接口联调 Integrate the API", "Markdown **welcome**", "TASK",
                "MEDIUM", "", "", "backend;api", "2026-12-01", "2026-12-04", "960"));
        while (example.size() < columns.size()) {
            example.add("");
        }
        if ("xlsx".equals(format)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                Workbook workbook = new Workbook(out, "Gantry", "1.0");
                Worksheet sheet = workbook.newWorksheet("Tasks");
                for (int c = 0; c < columns.size(); c++) {
                    sheet.value(0, c, columns.get(c));
                    sheet.value(1, c, example.get(c));
                }
                workbook.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
        return ("\uFEFF" + String.join(",", columns) + "\r\n" + example.stream()
                .map(v -> v.contains(",") ? "\"" + v + "\"" : v).collect(Collectors.joining(",")) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Imports the job's remaining rows batch by batch; each batch commits its tasks with the job's progress. */
    void run(UUID tenant, UUID jobId) {
        try {
            boolean more = true;
            while (more) {
                more = Boolean.TRUE.equals(TenantContext.callAs(tenant, () -> transactions.execute(s -> batch(jobId))));
            }
        } catch (RuntimeException e) {
            log.warn("Import {} failed", jobId, e);
            String reason = e instanceof ProblemException problem && problem.getBody().getDetail() != null
                    ? problem.getBody().getDetail() : "The import stopped on an error; post the file again to resume.";
            TenantContext.callAs(tenant, () -> transactions.execute(s -> jdbc.sql("""
                    update import_jobs set status = 'FAILED', error = :error where id = :id
                    """).param("error", reason.length() > 2000 ? reason.substring(0, 2000) : reason)
                    .param("id", jobId).update()));
        }
    }

    private boolean batch(UUID jobId) {
        var row = jdbc.sql("""
                select project_id, created_by, imported_rows, total_rows, content, format from import_jobs
                where id = :id and status = 'RUNNING' for update
                """).param("id", jobId).query((rs, n) -> new Object[] {rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getInt(3), rs.getInt(4), rs.getBytes(5), rs.getString(6)})
                .optional();
        if (row.isEmpty()) {
            return false;
        }
        Object[] job = row.get();
        UUID projectId = (UUID) job[0];
        UUID creator = (UUID) job[1];
        int done = (int) job[2];
        int total = (int) job[3];
        List<TaskChanges> all;
        try {
            all = ImportRules.check(ImportFile.read((byte[]) job[4], (String) job[5]), project(projectId)).tasks();
        } catch (ImportFile.Unreadable e) {
            throw new IllegalStateException(e);
        }
        if (all.size() != total) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("import-invalid"), "Import has problems",
                    "The project changed since the file was checked (a status, custom field or member is gone).");
        }
        CurrentUser actor = new CurrentUser(creator.toString(), Optional.of(TenantContext.requireTenant()), Set.of(),
                Set.of());
        int end = Math.min(total, done + BATCH);
        TenantContext.callAs(TenantContext.requireTenant(), creator.toString(), () -> {
            for (TaskChanges task : all.subList(done, end)) {
                tasks.createTask(actor, projectId, task);
            }
            return null;
        });
        boolean finished = end >= total;
        jdbc.sql("""
                update import_jobs set imported_rows = :done, status = :status,
                    finished_at = case when :finished then :at end, content = case when :finished then null else content end
                where id = :id
                """)
                .param("done", end).param("status", finished ? ImportJob.COMPLETED : ImportJob.RUNNING)
                .param("finished", finished).param("at", clock.instant().atOffset(ZoneOffset.UTC)).param("id", jobId)
                .update();
        return !finished;
    }

    private ImportRules.Project project(UUID projectId) {
        Workflow workflow = workflows.of(projectId);
        Set<String> statuses = workflow.statuses().stream().map(Workflow.Status::status).collect(Collectors.toSet());
        java.util.Map<String, CustomField> fields = customFields.of(projectId);
        Set<UUID> members = Set.copyOf(membership.membersOf(projectId));
        return new ImportRules.Project(statuses, fields, members::contains);
    }

    private Optional<ImportJob> jobByHash(UUID projectId, String hash) {
        return jdbc.sql("select * from import_jobs where project_id = :p and content_hash = :h")
                .param("p", projectId).param("h", hash).query(Imports::map).optional();
    }

    private Optional<ImportJob> job(UUID id) {
        return jdbc.sql("select * from import_jobs where id = :id").param("id", id).query(Imports::map).optional();
    }

    private static ImportJob map(ResultSet rs, int n) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new ImportJob(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
                rs.getString("status"), rs.getInt("total_rows"), rs.getInt("imported_rows"), rs.getString("error"),
                rs.getTimestamp("created_at").toInstant(), finished == null ? null : finished.toInstant());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
