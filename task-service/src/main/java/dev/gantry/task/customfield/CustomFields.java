package dev.gantry.task.customfield;

import java.sql.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;

/** The custom fields of projects: defined by MANAGERs, checked on every task write, and filterable in lists. */
@Service
public class CustomFields {

    static final int MAX_FIELDS = 50;

    private final JdbcClient jdbc;
    private final ProjectAccess access;

    CustomFields(JdbcClient jdbc, ProjectAccess access) {
        this.jdbc = jdbc;
        this.access = access;
    }

    /** The project's fields by key (inside the tenant transaction). */
    public Map<String, CustomField> of(UUID projectId) {
        Map<String, CustomField> fields = new LinkedHashMap<>();
        jdbc.sql("select key, name, type, options from custom_fields where project_id = :p order by key")
                .param("p", projectId)
                .query((rs, n) -> new CustomField(rs.getString("key"), rs.getString("name"),
                        CustomField.Type.valueOf(rs.getString("type")), strings(rs.getArray("options"))))
                .list().forEach(f -> fields.put(f.key(), f));
        return fields;
    }

    /**
     * The values merged over {@code current}, each checked against its field; 400 naming every bad one. A null
     * value removes the field's value.
     */
    public Map<String, Object> merge(UUID projectId, Map<String, Object> current, Map<String, Object> changes) {
        if (changes == null || changes.isEmpty()) {
            return current;
        }
        Map<String, CustomField> fields = of(projectId);
        Map<String, Object> merged = new LinkedHashMap<>(current);
        List<Problems.FieldError> errors = new ArrayList<>();
        changes.forEach((key, value) -> {
            CustomField field = fields.get(key);
            if (field == null) {
                errors.add(new Problems.FieldError("customFields." + key, "is not a custom field of this project"));
                return;
            }
            CustomField.Result result = field.normalize(value);
            if (result.problem() != null) {
                errors.add(new Problems.FieldError("customFields." + key, result.problem()));
            } else if (result.value() == null) {
                merged.remove(key);
            } else {
                merged.put(key, result.value());
            }
        });
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        return merged;
    }

    @Transactional
    public List<CustomField> list(CurrentUser caller, UUID projectId) {
        access.require(caller, projectId, ProjectAction.READ);
        return List.copyOf(of(projectId).values());
    }

    @Transactional
    public CustomField define(CurrentUser caller, UUID projectId, CustomField field) {
        access.require(caller, projectId, ProjectAction.MANAGE);
        boolean select = field.type() == CustomField.Type.SINGLE_SELECT || field.type() == CustomField.Type.MULTI_SELECT;
        if (select == field.options().isEmpty()) {
            throw new ValidationProblem(List.of(new Problems.FieldError("options",
                    select ? "a select field needs options" : "only select fields have options")));
        }
        Map<String, CustomField> existing = of(projectId);
        if (!existing.containsKey(field.key()) && existing.size() >= MAX_FIELDS) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("too-many-custom-fields"),
                    "Too many custom fields", "A project has at most " + MAX_FIELDS + " custom fields.");
        }
        CustomField before = existing.get(field.key());
        if (before != null && before.type() != field.type()) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("custom-field-type-fixed"),
                    "Custom field type cannot change", "Field " + field.key() + " is " + before.type()
                            + "; define a new field instead of changing the type of stored values.");
        }
        jdbc.sql("""
                insert into custom_fields (project_id, tenant_id, key, name, type, options)
                values (:p, :t, :key, :name, :type, :options)
                on conflict (project_id, key) do update set name = excluded.name, options = excluded.options
                """)
                .param("p", projectId).param("t", TenantContext.requireTenant()).param("key", field.key())
                .param("name", field.name()).param("type", field.type().name())
                .param("options", field.options().toArray(String[]::new)).update();
        return field;
    }

    @Transactional
    public void remove(CurrentUser caller, UUID projectId, String key) {
        access.require(caller, projectId, ProjectAction.MANAGE);
        int removed = jdbc.sql("delete from custom_fields where project_id = :p and key = :key")
                .param("p", projectId).param("key", key).update();
        if (removed == 0) {
            throw new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Custom field not found",
                    "The project has no custom field " + key + ".");
        }
        jdbc.sql("update tasks set custom_fields = custom_fields - :key where project_id = :p and jsonb_exists(custom_fields, :key)")
                .param("key", key).param("p", projectId).update();
    }

    private static List<String> strings(Array array) throws java.sql.SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
