package dev.gantry.project.templates;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.web.PageRequest;

/** Templates and their immutable versions; every query names the tenant. */
@Repository
class TemplateRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TemplateRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts a template with its version 1 unless its name or built-in id is taken; false when taken. */
    boolean insert(UUID tenantId, UUID id, String name, String description, String builtIn,
            TemplateDefinition definition, String createdBy, Instant at) {
        int inserted = jdbc.sql("""
                insert into process_templates (id, tenant_id, name, description, built_in, latest_version,
                                               created_by, created_at, updated_at)
                values (:id, :tenantId, :name, :description, :builtIn, 1, :createdBy, :at, :at)
                on conflict do nothing
                """)
                .param("id", id).param("tenantId", tenantId).param("name", name).param("description", description)
                .param("builtIn", builtIn).param("createdBy", createdBy).param("at", at.atOffset(ZoneOffset.UTC))
                .update();
        if (inserted == 1) {
            insertVersion(tenantId, id, 1, definition, createdBy, at);
        }
        return inserted == 1;
    }

    /** Writes the next version if the template is still at {@code expected}; false otherwise. */
    boolean addVersion(UUID tenantId, UUID id, int expected, String name, String description,
            TemplateDefinition definition, String createdBy, Instant at) {
        int updated = jdbc.sql("""
                update process_templates set latest_version = latest_version + 1, name = :name,
                       description = :description, updated_at = :at
                where tenant_id = :tenantId and id = :id and latest_version = :expected
                """)
                .param("name", name).param("description", description).param("at", at.atOffset(ZoneOffset.UTC))
                .param("tenantId", tenantId).param("id", id).param("expected", expected).update();
        if (updated == 1) {
            insertVersion(tenantId, id, expected + 1, definition, createdBy, at);
        }
        return updated == 1;
    }

    private void insertVersion(UUID tenantId, UUID id, int version, TemplateDefinition definition, String createdBy,
            Instant at) {
        jdbc.sql("""
                insert into process_template_versions (template_id, version, tenant_id, definition, created_by, created_at)
                values (:id, :version, :tenantId, cast(:definition as jsonb), :createdBy, :at)
                """)
                .param("id", id).param("version", version).param("tenantId", tenantId)
                .param("definition", json.writeValueAsString(definition)).param("createdBy", createdBy)
                .param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    boolean nameTaken(UUID tenantId, String name, UUID except) {
        return jdbc.sql("""
                select count(*) from process_templates
                where tenant_id = :tenantId and name = :name and (cast(:except as uuid) is null or id <> cast(:except as uuid))
                """)
                .param("tenantId", tenantId).param("name", name).param("except", except)
                .query(Integer.class).single() > 0;
    }

    /** The template at {@code version}, or at its latest when null. */
    Optional<ProcessTemplate> find(UUID tenantId, UUID id, Integer version) {
        return jdbc.sql("""
                select t.*, v.version, v.definition from process_templates t
                join process_template_versions v on v.template_id = t.id
                     and v.version = coalesce(cast(:version as int), t.latest_version)
                where t.tenant_id = :tenantId and t.id = :id
                """)
                .param("tenantId", tenantId).param("id", id).param("version", version)
                .query(this::map).optional();
    }

    List<ProcessTemplate> page(UUID tenantId, PageRequest page) {
        return jdbc.sql("""
                select t.*, v.version, v.definition from process_templates t
                join process_template_versions v on v.template_id = t.id and v.version = t.latest_version
                where t.tenant_id = :tenantId and (cast(:after as uuid) is null or t.id > cast(:after as uuid))
                order by t.id limit :limit
                """)
                .param("tenantId", tenantId).param("after", page.after().orElse(null))
                .param("limit", page.limit() + 1).query(this::map).list();
    }

    int builtInCount(UUID tenantId) {
        return jdbc.sql("select count(*) from process_templates where tenant_id = :tenantId and built_in is not null")
                .param("tenantId", tenantId).query(Integer.class).single();
    }

    private ProcessTemplate map(ResultSet rs, int row) throws SQLException {
        return new ProcessTemplate(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                rs.getString("built_in"), rs.getInt("version"), rs.getInt("latest_version"),
                json.readValue(rs.getString("definition"), TemplateDefinition.class), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
