package dev.gantry.task.task;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.common.web.Versions;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskType;

@RestController
class TaskController {

    private static final Set<String> FILTER_PARAMS = Set.of("status", "statusCategory", "assigneeId", "reporterId",
            "type", "priority", "label", "milestoneId", "releaseId", "stageId", "parentId", "dueBefore", "dueAfter",
            "overdue", "q", "sort", "cursor", "limit");

    private final Tasks tasks;
    private final JsonMapper json;
    private final Validator validator;

    TaskController(Tasks tasks, JsonMapper json, Validator validator) {
        this.tasks = tasks;
        this.json = json;
        this.validator = validator;
    }

    @PostMapping("/api/v1/projects/{projectId}/tasks")
    ResponseEntity<TaskView> create(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @Valid @RequestBody TaskChanges request) {
        TaskView task = tasks.create(CurrentUser.from(token), projectId, request);
        return ResponseEntity.created(URI.create("/api/v1/tasks/" + task.id()))
                .header(HttpHeaders.ETAG, Versions.etag(task.version())).body(task);
    }

    @GetMapping("/api/v1/projects/{projectId}/tasks")
    CursorPage<TaskView> list(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @RequestParam MultiValueMap<String, String> query) {
        return tasks.list(CurrentUser.from(token), projectId, filter(query, true), query.getFirst("sort"),
                query.getFirst("cursor"), integer(query.getFirst("limit")));
    }

    @GetMapping("/api/v1/my-tasks")
    CursorPage<TaskView> myTasks(@AuthenticationPrincipal Jwt token,
            @RequestParam MultiValueMap<String, String> query) {
        return tasks.myTasks(CurrentUser.from(token), filter(query, false), query.getFirst("sort"),
                query.getFirst("cursor"), integer(query.getFirst("limit")));
    }

    @GetMapping("/api/v1/tasks/{taskId}")
    ResponseEntity<TaskView> get(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId) {
        TaskView task = tasks.get(CurrentUser.from(token), taskId);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(task.version())).body(task);
    }

    /** JSON merge patch: the fields present change, an explicit null clears one. */
    @PatchMapping("/api/v1/tasks/{taskId}")
    ResponseEntity<TaskView> update(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody ObjectNode body) {
        long expected = Versions.expected(ifMatch);
        Set<String> present = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            if (!TaskChanges.FIELDS.contains(property.getKey())) {
                throw Tasks.invalid(property.getKey(), "is not a field a client may change; one of "
                        + TaskChanges.FIELDS);
            }
            present.add(property.getKey());
        }
        TaskChanges changes;
        try {
            changes = json.treeToValue(body, TaskChanges.class);
        } catch (RuntimeException e) {
            throw Tasks.invalid("body", "has a field of the wrong type");
        }
        List<Problems.FieldError> errors = validator.validate(changes).stream()
                .filter(v -> present.contains(root(v)))
                .map(v -> new Problems.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .toList();
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        TaskView task = tasks.update(CurrentUser.from(token), taskId, expected, changes, present);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(task.version())).body(task);
    }

    @DeleteMapping("/api/v1/tasks/{taskId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        tasks.delete(CurrentUser.from(token), taskId, Versions.expected(ifMatch));
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/api/v1/tasks/{taskId}/watchers/me")
    ResponseEntity<TaskView> watch(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId) {
        TaskView task = tasks.watch(CurrentUser.from(token), taskId, true);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(task.version())).body(task);
    }

    @DeleteMapping("/api/v1/tasks/{taskId}/watchers/me")
    ResponseEntity<TaskView> unwatch(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId) {
        TaskView task = tasks.watch(CurrentUser.from(token), taskId, false);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(task.version())).body(task);
    }

    @GetMapping("/api/v1/tasks/{taskId}/activity")
    CursorPage<TaskActivity> activity(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return tasks.activity(CurrentUser.from(token), taskId, PageRequest.of(limit, cursor));
    }

    private static String root(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int end = path.indexOf('.') < 0 ? path.length() : path.indexOf('.');
        int bracket = path.indexOf('[');
        return path.substring(0, bracket >= 0 && bracket < end ? bracket : end);
    }

    /** The list filter from query parameters: repeated or comma-separated values, custom fields as {@code cf.<key>}. */
    static TaskFilter filter(MultiValueMap<String, String> query, boolean customFieldsAllowed) {
        Map<String, String> custom = new LinkedHashMap<>();
        for (String name : query.keySet()) {
            if (name.startsWith("cf.") && name.length() > 3) {
                if (custom.size() >= 10) {
                    throw Tasks.invalid(name, "at most 10 custom field filters");
                }
                custom.put(name.substring(3), query.getFirst(name));
            } else if (!FILTER_PARAMS.contains(name)) {
                throw Tasks.invalid(name, "is not a filter of task lists; filters: " + FILTER_PARAMS
                        + (customFieldsAllowed ? " and cf.<custom field key>" : ""));
            }
        }
        String assignee = query.getFirst("assigneeId");
        boolean unassigned = "none".equals(assignee);
        return new TaskFilter(values(query, "status", s -> s),
                values(query, "statusCategory", s -> StatusCategory.valueOf(s)),
                unassigned ? null : parse("assigneeId", assignee, UUID::fromString), unassigned,
                parse("reporterId", query.getFirst("reporterId"), UUID::fromString),
                values(query, "type", s -> TaskType.valueOf(s)), values(query, "priority", s -> Priority.valueOf(s)),
                query.getFirst("label"), parse("milestoneId", query.getFirst("milestoneId"), UUID::fromString),
                parse("releaseId", query.getFirst("releaseId"), UUID::fromString),
                parse("stageId", query.getFirst("stageId"), UUID::fromString),
                parse("parentId", query.getFirst("parentId"), UUID::fromString),
                parse("dueBefore", query.getFirst("dueBefore"), LocalDate::parse),
                parse("dueAfter", query.getFirst("dueAfter"), LocalDate::parse),
                parse("overdue", query.getFirst("overdue"), Boolean::valueOf),
                parse("q", query.getFirst("q"), q -> q.length() > 200 ? null : q), custom);
    }

    private static <T> List<T> values(MultiValueMap<String, String> query, String name, Function<String, T> parser) {
        List<String> raw = query.getOrDefault(name, List.of()).stream()
                .flatMap(v -> Arrays.stream(v.split(","))).map(String::strip).filter(v -> !v.isEmpty()).toList();
        if (raw.size() > 20) {
            throw Tasks.invalid(name, "at most 20 values");
        }
        return raw.stream().map(v -> parse(name, v, parser)).toList();
    }

    private static <T> T parse(String name, String value, Function<String, T> parser) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            T parsed = parser.apply(value.strip());
            if (parsed == null) {
                throw new IllegalArgumentException(name);
            }
            return parsed;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw Tasks.invalid(name, "has an invalid value: " + (value.length() > 40 ? value.substring(0, 40) : value));
        }
    }

    private static Integer integer(String value) {
        return parse("limit", value, Integer::valueOf);
    }
}
