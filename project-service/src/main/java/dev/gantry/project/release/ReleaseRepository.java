package dev.gantry.project.release;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.web.PageRequest;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.project.templates.Evidence;
import dev.gantry.project.templates.TemplateDefinition;

/** Releases with their stages, checklist items, approvals, incidents and timeline; every query names the tenant. */
@Repository
class ReleaseRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ReleaseRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // --- releases

    void insert(Release r) {
        jdbc.sql("""
                insert into releases (id, tenant_id, project_id, name, version_label, template_id, template_version,
                                      status, planned_date, current_stage_id, started_by, started_at, version)
                values (:id, :tenantId, :projectId, :name, :label, :templateId, :templateVersion, :status,
                        :plannedDate, :currentStageId, :startedBy, :startedAt, :revision)
                """)
                .param("id", r.id()).param("tenantId", r.tenantId()).param("projectId", r.projectId())
                .param("name", r.name()).param("label", r.version()).param("templateId", r.templateId())
                .param("templateVersion", r.templateVersion()).param("status", r.status().name())
                .param("plannedDate", r.plannedDate()).param("currentStageId", r.currentStageId())
                .param("startedBy", r.startedBy()).param("startedAt", ts(r.startedAt()))
                .param("revision", r.revision()).update();
    }

    /** Writes the release if it is still at {@code expectedRevision}. */
    boolean update(Release r, long expectedRevision) {
        return jdbc.sql("""
                update releases set name = :name, status = :status, planned_date = :plannedDate,
                       current_stage_id = :currentStageId, ended_at = :endedAt, end_reason = :endReason,
                       version = :revision
                where tenant_id = :tenantId and id = :id and version = :expected
                """)
                .param("name", r.name()).param("status", r.status().name()).param("plannedDate", r.plannedDate())
                .param("currentStageId", r.currentStageId()).param("endedAt", ts(r.endedAt()))
                .param("endReason", r.endReason()).param("revision", r.revision())
                .param("tenantId", r.tenantId()).param("id", r.id()).param("expected", expectedRevision)
                .update() == 1;
    }

    Optional<Release> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from releases where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId).param("id", id).query(ReleaseRepository::mapRelease).optional();
    }

    /** The release row locked: every change of a release, its stages, items and approvals goes through this. */
    Optional<Release> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select * from releases where tenant_id = :tenantId and id = :id for update")
                .param("tenantId", tenantId).param("id", id).query(ReleaseRepository::mapRelease).optional();
    }

    /** Releases of one project, or (projectId null) of the projects {@code visibleTo} belongs to (null: all). */
    List<Release> page(UUID tenantId, UUID projectId, UUID visibleTo, ReleaseStatus status, PageRequest page) {
        return jdbc.sql("""
                select r.* from releases r
                join projects p on p.id = r.project_id and p.deleted_at is null
                where r.tenant_id = :tenantId
                  and (cast(:projectId as uuid) is null or r.project_id = cast(:projectId as uuid))
                  and (cast(:visibleTo as uuid) is null or exists (select 1 from project_members m
                       where m.project_id = r.project_id and m.user_id = cast(:visibleTo as uuid)))
                  and (cast(:status as varchar) is null or r.status = cast(:status as varchar))
                  and (cast(:after as uuid) is null or r.id > cast(:after as uuid))
                order by r.id limit :limit
                """)
                .param("tenantId", tenantId).param("projectId", projectId).param("visibleTo", visibleTo)
                .param("status", status == null ? null : status.name())
                .param("after", page.after().orElse(null)).param("limit", page.limit() + 1)
                .query(ReleaseRepository::mapRelease).list();
    }

    String projectKey(UUID tenantId, UUID projectId) {
        return jdbc.sql("select key from projects where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId).param("id", projectId).query(String.class).single();
    }

    // --- stages

    void insertStage(UUID tenantId, UUID releaseId, Stage s) {
        jdbc.sql("""
                insert into release_stages (id, release_id, tenant_id, stage_key, name, position, owner_role, definition,
                                            status, planned_start, planned_end, entered_at)
                values (:id, :releaseId, :tenantId, :key, :name, :position, :ownerRole, cast(:definition as jsonb),
                        :status, :plannedStart, :plannedEnd, :enteredAt)
                """)
                .param("id", s.id()).param("releaseId", releaseId).param("tenantId", tenantId).param("key", s.key())
                .param("name", s.name()).param("position", s.position()).param("ownerRole", s.ownerRole().name())
                .param("definition", json.writeValueAsString(s.definition())).param("status", s.status().name())
                .param("plannedStart", s.plannedStart()).param("plannedEnd", s.plannedEnd())
                .param("enteredAt", ts(s.enteredAt())).update();
    }

    void updateStage(UUID tenantId, Stage s) {
        jdbc.sql("""
                update release_stages set status = :status, entered_at = :enteredAt,
                       approval_requested_at = :requestedAt, approval_requested_by = :requestedBy,
                       approved_at = :approvedAt, approval_round = :round
                where tenant_id = :tenantId and id = :id
                """)
                .param("status", s.status().name()).param("enteredAt", ts(s.enteredAt()))
                .param("requestedAt", ts(s.approvalRequestedAt())).param("requestedBy", s.approvalRequestedBy())
                .param("approvedAt", ts(s.approvedAt())).param("round", s.approvalRound())
                .param("tenantId", tenantId).param("id", s.id()).update();
    }

    List<Stage> stages(UUID tenantId, UUID releaseId) {
        return jdbc.sql("select * from release_stages where tenant_id = :tenantId and release_id = :releaseId order by position")
                .param("tenantId", tenantId).param("releaseId", releaseId).query(this::mapStage).list();
    }

    // --- checklist items

    void insertItems(UUID tenantId, UUID releaseId, List<ChecklistItem> items) {
        for (ChecklistItem i : items) {
            jdbc.sql("""
                    insert into checklist_items (id, release_id, stage_id, tenant_id, position, title, mandatory,
                                                 evidence, sign_off, version)
                    values (:id, :releaseId, :stageId, :tenantId, :position, :title, :mandatory, :evidence,
                            cast(:signOff as jsonb), 1)
                    """)
                    .param("id", i.id()).param("releaseId", releaseId).param("stageId", i.stageId())
                    .param("tenantId", tenantId).param("position", i.position()).param("title", i.title())
                    .param("mandatory", i.mandatory()).param("evidence", i.evidence().name())
                    .param("signOff", i.signOffBy() == null ? null : json.writeValueAsString(i.signOffBy()))
                    .update();
        }
    }

    void updateItem(UUID tenantId, ChecklistItem i) {
        jdbc.sql("""
                update checklist_items set done = :done, note = :note, attachment_ref = :attachmentRef,
                       completed_by = :completedBy, completed_at = :completedAt, version = :version
                where tenant_id = :tenantId and id = :id
                """)
                .param("done", i.done()).param("note", i.note()).param("attachmentRef", i.attachmentRef())
                .param("completedBy", i.completedBy()).param("completedAt", ts(i.completedAt()))
                .param("version", i.version()).param("tenantId", tenantId).param("id", i.id()).update();
    }

    List<ChecklistItem> items(UUID tenantId, UUID releaseId) {
        return jdbc.sql("""
                select i.* from checklist_items i join release_stages s on s.id = i.stage_id
                where i.tenant_id = :tenantId and i.release_id = :releaseId order by s.position, i.position
                """)
                .param("tenantId", tenantId).param("releaseId", releaseId).query(this::mapItem).list();
    }

    // --- approvals

    void insertRequest(UUID tenantId, UUID releaseId, ApprovalRequest r) {
        jdbc.sql("""
                insert into approval_requests (id, release_id, stage_id, tenant_id, round, requested_by, requested_at,
                                               approver_ids)
                values (:id, :releaseId, :stageId, :tenantId, :round, :requestedBy, :requestedAt, :approverIds)
                """)
                .param("id", r.id()).param("releaseId", releaseId).param("stageId", r.stageId())
                .param("tenantId", tenantId).param("round", r.round()).param("requestedBy", r.requestedBy())
                .param("requestedAt", ts(r.requestedAt())).param("approverIds", r.approverIds().toArray(UUID[]::new))
                .update();
    }

    void closeRequest(UUID tenantId, UUID requestId, String outcome, Instant at) {
        jdbc.sql("update approval_requests set outcome = :outcome, decided_at = :at where tenant_id = :tenantId and id = :id")
                .param("outcome", outcome).param("at", ts(at)).param("tenantId", tenantId).param("id", requestId)
                .update();
    }

    /** Closes every open request of the release, e.g. when it is aborted. */
    void cancelOpenRequests(UUID tenantId, UUID releaseId, Instant at) {
        jdbc.sql("""
                update approval_requests set outcome = 'CANCELLED', decided_at = :at
                where tenant_id = :tenantId and release_id = :releaseId and outcome is null
                """).param("at", ts(at)).param("tenantId", tenantId).param("releaseId", releaseId).update();
    }

    List<ApprovalRequest> requests(UUID tenantId, UUID releaseId) {
        return jdbc.sql("select * from approval_requests where tenant_id = :tenantId and release_id = :releaseId order by requested_at, round")
                .param("tenantId", tenantId).param("releaseId", releaseId).query(ReleaseRepository::mapRequest).list();
    }

    void insertApproval(UUID tenantId, UUID releaseId, Approval a) {
        jdbc.sql("""
                insert into approvals (id, request_id, release_id, stage_id, tenant_id, approver_id, decision, comment,
                                       decided_at)
                values (:id, :requestId, :releaseId, :stageId, :tenantId, :approverId, :decision, :comment, :decidedAt)
                """)
                .param("id", a.id()).param("requestId", a.requestId()).param("releaseId", releaseId)
                .param("stageId", a.stageId()).param("tenantId", tenantId).param("approverId", a.approverId())
                .param("decision", a.decision().name()).param("comment", a.comment())
                .param("decidedAt", ts(a.decidedAt())).update();
    }

    List<Approval> approvals(UUID tenantId, UUID releaseId) {
        return jdbc.sql("select * from approvals where tenant_id = :tenantId and release_id = :releaseId order by decided_at, id")
                .param("tenantId", tenantId).param("releaseId", releaseId).query(ReleaseRepository::mapApproval).list();
    }

    // --- incidents and timeline

    void insertIncident(UUID tenantId, UUID releaseId, Incident i) {
        jdbc.sql("""
                insert into release_incidents (id, release_id, tenant_id, title, severity, description, noted_by, noted_at)
                values (:id, :releaseId, :tenantId, :title, :severity, :description, :notedBy, :notedAt)
                """)
                .param("id", i.id()).param("releaseId", releaseId).param("tenantId", tenantId)
                .param("title", i.title()).param("severity", i.severity()).param("description", i.description())
                .param("notedBy", i.notedBy()).param("notedAt", ts(i.notedAt())).update();
    }

    List<Incident> incidents(UUID tenantId, UUID releaseId) {
        return jdbc.sql("select * from release_incidents where tenant_id = :tenantId and release_id = :releaseId order by noted_at, id")
                .param("tenantId", tenantId).param("releaseId", releaseId)
                .query((rs, n) -> new Incident(rs.getObject("id", UUID.class), rs.getString("title"),
                        rs.getString("severity"), rs.getString("description"), rs.getObject("noted_by", UUID.class),
                        instant(rs.getTimestamp("noted_at"))))
                .list();
    }

    void insertTimeline(UUID tenantId, UUID releaseId, TimelineEntry e) {
        jdbc.sql("""
                insert into release_timeline (id, release_id, tenant_id, at, actor_id, action, stage_id, detail)
                values (:id, :releaseId, :tenantId, :at, :actorId, :action, :stageId, :detail)
                """)
                .param("id", e.id()).param("releaseId", releaseId).param("tenantId", tenantId).param("at", ts(e.at()))
                .param("actorId", e.actorId()).param("action", e.action()).param("stageId", e.stageId())
                .param("detail", e.detail()).update();
    }

    /** Up to {@code limit + 1} entries after the cursor, in the order they happened (ids are time-ordered). */
    List<TimelineEntry> timeline(UUID tenantId, UUID releaseId, PageRequest page) {
        return jdbc.sql("""
                select * from release_timeline
                where tenant_id = :tenantId and release_id = :releaseId
                  and (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id limit :limit
                """)
                .param("tenantId", tenantId).param("releaseId", releaseId)
                .param("after", page.after().orElse(null)).param("limit", page.limit() + 1)
                .query(ReleaseRepository::mapTimeline).list();
    }

    List<TimelineEntry> timeline(UUID tenantId, UUID releaseId) {
        return jdbc.sql("select * from release_timeline where tenant_id = :tenantId and release_id = :releaseId order by id")
                .param("tenantId", tenantId).param("releaseId", releaseId).query(ReleaseRepository::mapTimeline).list();
    }

    // --- mapping

    private static Release mapRelease(ResultSet rs, int n) throws SQLException {
        return new Release(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getString("name"), rs.getString("version_label"),
                rs.getObject("template_id", UUID.class), rs.getInt("template_version"),
                ReleaseStatus.valueOf(rs.getString("status")), rs.getObject("planned_date", LocalDate.class),
                rs.getObject("current_stage_id", UUID.class), rs.getObject("started_by", UUID.class),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at")),
                rs.getString("end_reason"), rs.getLong("version"));
    }

    private Stage mapStage(ResultSet rs, int n) throws SQLException {
        return new Stage(rs.getObject("id", UUID.class), rs.getString("stage_key"), rs.getString("name"),
                rs.getInt("position"), ProjectRole.valueOf(rs.getString("owner_role")),
                json.readValue(rs.getString("definition"), TemplateDefinition.Stage.class),
                StageStatus.valueOf(rs.getString("status")), rs.getObject("planned_start", LocalDate.class),
                rs.getObject("planned_end", LocalDate.class), instant(rs.getTimestamp("entered_at")),
                instant(rs.getTimestamp("approval_requested_at")), rs.getObject("approval_requested_by", UUID.class),
                instant(rs.getTimestamp("approved_at")), rs.getInt("approval_round"));
    }

    private ChecklistItem mapItem(ResultSet rs, int n) throws SQLException {
        String signOff = rs.getString("sign_off");
        return new ChecklistItem(rs.getObject("id", UUID.class), rs.getObject("stage_id", UUID.class),
                rs.getInt("position"), rs.getString("title"), rs.getBoolean("mandatory"),
                Evidence.valueOf(rs.getString("evidence")),
                signOff == null ? null : json.readValue(signOff, TemplateDefinition.Approver.class),
                rs.getBoolean("done"), rs.getString("note"), rs.getString("attachment_ref"),
                rs.getObject("completed_by", UUID.class), instant(rs.getTimestamp("completed_at")),
                rs.getLong("version"));
    }

    private static ApprovalRequest mapRequest(ResultSet rs, int n) throws SQLException {
        Array ids = rs.getArray("approver_ids");
        return new ApprovalRequest(rs.getObject("id", UUID.class), rs.getObject("stage_id", UUID.class),
                rs.getInt("round"), rs.getObject("requested_by", UUID.class), instant(rs.getTimestamp("requested_at")),
                ids == null ? List.of() : Arrays.asList((UUID[]) ids.getArray()), rs.getString("outcome"),
                instant(rs.getTimestamp("decided_at")));
    }

    private static Approval mapApproval(ResultSet rs, int n) throws SQLException {
        return new Approval(rs.getObject("id", UUID.class), rs.getObject("request_id", UUID.class),
                rs.getObject("stage_id", UUID.class), rs.getObject("approver_id", UUID.class),
                Decision.valueOf(rs.getString("decision")), rs.getString("comment"),
                instant(rs.getTimestamp("decided_at")));
    }

    private static TimelineEntry mapTimeline(ResultSet rs, int n) throws SQLException {
        return new TimelineEntry(rs.getObject("id", UUID.class), instant(rs.getTimestamp("at")),
                rs.getObject("actor_id", UUID.class), rs.getString("action"), rs.getObject("stage_id", UUID.class),
                rs.getString("detail"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
