package dev.gantry.task.importing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import dev.gantry.events.tasks.TaskType;
import dev.gantry.task.customfield.CustomField;
import dev.gantry.task.task.Priority;
import dev.gantry.task.task.Task;
import dev.gantry.task.task.TaskChanges;

/**
 * What makes an import row a task, as plain rules: every row is checked and every problem reported with its row
 * (the spreadsheet's row number, the header being row 1) and column, so a file is fixed in one go.
 */
final class ImportRules {

    /** The columns a template has besides {@code cf.<key>} per custom field. */
    static final List<String> COLUMNS = List.of("title", "description", "type", "priority", "status", "assigneeId",
            "labels", "startDate", "dueDate", "estimateMinutes");
    static final String CUSTOM_PREFIX = "cf.";

    /** One problem of one cell. */
    record Problem(int row, String column, String problem) {
    }

    /** The tasks of a valid file, or the problems of an invalid one. */
    record Checked(List<TaskChanges> tasks, List<Problem> problems) {
    }

    /** The project's side of the rules: its statuses, custom fields and who may be assigned. */
    record Project(Set<String> statuses, Map<String, CustomField> customFields, Predicate<UUID> isMember) {
    }

    private ImportRules() {
    }

    static Checked check(ImportFile file, Project project) {
        List<Problem> problems = new ArrayList<>();
        for (String column : file.header()) {
            boolean custom = column.startsWith(CUSTOM_PREFIX)
                    && project.customFields().containsKey(column.substring(CUSTOM_PREFIX.length()));
            if (!COLUMNS.contains(column) && !custom) {
                problems.add(new Problem(1, column, "unknown column; the template lists the columns"));
            }
        }
        if (!file.header().contains("title")) {
            problems.add(new Problem(1, "title", "the title column is required"));
        }
        if (file.rows().isEmpty()) {
            problems.add(new Problem(2, "title", "the file has no rows"));
        }
        List<TaskChanges> tasks = new ArrayList<>();
        for (int i = 0; i < file.rows().size(); i++) {
            int row = i + 2;
            Map<String, String> values = file.rows().get(i);
            Cells cells = new Cells(row, values, problems);
            String title = cells.text("title", 500);
            if (title == null) {
                problems.add(new Problem(row, "title", "is required"));
            }
            TaskType type = cells.choice("type", TaskType.class);
            Priority priority = cells.choice("priority", Priority.class);
            String status = cells.text("status", 40);
            if (status != null && !project.statuses().contains(status)) {
                problems.add(new Problem(row, "status", "is not a status of the project: " + project.statuses()));
            }
            UUID assignee = cells.uuid("assigneeId");
            if (assignee != null && !project.isMember().test(assignee)) {
                problems.add(new Problem(row, "assigneeId", "is not a member of the project"));
            }
            List<String> labels = cells.list("labels");
            if (labels.size() > 20 || labels.stream().anyMatch(l -> l.length() > 50)) {
                problems.add(new Problem(row, "labels", "at most 20 labels of at most 50 characters"));
            }
            LocalDate start = cells.date("startDate");
            LocalDate due = cells.date("dueDate");
            if (start != null && due != null && due.isBefore(start)) {
                problems.add(new Problem(row, "dueDate", "must not be before startDate"));
            }
            if (!Task.plannable(start)) {
                problems.add(new Problem(row, "startDate", "must be between " + Task.EARLIEST_DATE + " and "
                        + Task.LATEST_DATE));
            }
            if (!Task.plannable(due)) {
                problems.add(new Problem(row, "dueDate", "must be between " + Task.EARLIEST_DATE + " and "
                        + Task.LATEST_DATE));
            }
            Long estimate = cells.minutes("estimateMinutes");
            Map<String, Object> custom = new LinkedHashMap<>();
            for (CustomField field : project.customFields().values()) {
                String raw = values.get(CUSTOM_PREFIX + field.key());
                if (raw == null || raw.isBlank()) {
                    continue;
                }
                Object value = switch (field.type()) {
                    case MULTI_SELECT -> Arrays.stream(raw.split(";")).map(String::trim).filter(s -> !s.isEmpty())
                            .toList();
                    case NUMBER -> number(raw);
                    default -> raw;
                };
                CustomField.Result result = field.normalize(value);
                if (result.problem() != null) {
                    problems.add(new Problem(row, CUSTOM_PREFIX + field.key(), result.problem()));
                } else {
                    custom.put(field.key(), result.value());
                }
            }
            tasks.add(new TaskChanges(title, cells.text("description", 50_000), type, status, priority, assignee,
                    labels, start, due, estimate, null, null, null, null, null, custom));
        }
        return new Checked(problems.isEmpty() ? tasks : List.of(), problems);
    }

    private static Object number(String raw) {
        try {
            return new BigDecimal(raw.trim());
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    /** Reads the cells of one row, noting each problem. */
    private record Cells(int row, Map<String, String> values, List<Problem> problems) {

        String text(String column, int max) {
            String value = values.get(column);
            if (value == null || value.isBlank()) {
                return null;
            }
            if (value.length() > max) {
                problems.add(new Problem(row, column, "at most " + max + " characters"));
            }
            return value;
        }

        <E extends Enum<E>> E choice(String column, Class<E> type) {
            String value = text(column, 40);
            if (value == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(row, column, "must be one of " + Arrays.toString(type.getEnumConstants())));
                return null;
            }
        }

        UUID uuid(String column) {
            String value = text(column, 40);
            if (value == null) {
                return null;
            }
            try {
                return UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(row, column, "must be a user id"));
                return null;
            }
        }

        LocalDate date(String column) {
            String value = text(column, 20);
            if (value == null) {
                return null;
            }
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                problems.add(new Problem(row, column, "must be a date yyyy-MM-dd"));
                return null;
            }
        }

        Long minutes(String column) {
            String value = text(column, 20);
            if (value == null) {
                return null;
            }
            try {
                long minutes = new BigDecimal(value).longValueExact();
                if (minutes < 0 || minutes > 10_000_000) {
                    throw new ArithmeticException();
                }
                return minutes;
            } catch (NumberFormatException | ArithmeticException e) {
                problems.add(new Problem(row, column, "must be whole minutes from 0 to 10000000"));
                return null;
            }
        }

        List<String> list(String column) {
            String value = text(column, 2_000);
            return value == null ? List.of()
                    : Arrays.stream(value.split(";")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        }
    }
}
