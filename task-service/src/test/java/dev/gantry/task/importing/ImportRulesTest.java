package dev.gantry.task.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gantry.task.customfield.CustomField;

class ImportRulesTest {

    private final UUID member = UUID.randomUUID();
    private final ImportRules.Project project = new ImportRules.Project(Set.of("TODO", "DONE"),
            Map.of("env", new CustomField("env", "Env", CustomField.Type.MULTI_SELECT, List.of("prod", "test")),
                    "points", new CustomField("points", "Points", CustomField.Type.NUMBER, List.of())),
            member::equals);

    @Test
    void aValidRowBecomesATask() {
        ImportRules.Checked checked = ImportRules.check(file(row("title", "Ship it", "type", "story",
                "labels", "a; b;a", "assigneeId", member.toString(), "cf.env", "prod;test", "cf.points", "3",
                "estimateMinutes", "90", "status", "DONE")), project);

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.tasks()).singleElement().satisfies(task -> {
            assertThat(task.title()).isEqualTo("Ship it");
            assertThat(task.labels()).containsExactly("a", "b");
            assertThat(task.estimateMinutes()).isEqualTo(90);
            assertThat(task.customFields()).containsEntry("env", List.of("prod", "test"));
        });
    }

    @Test
    void everyProblemIsReportedWithItsRowAndColumnAndNoTaskIsKept() {
        ImportRules.Checked checked = ImportRules.check(file(
                row("title", "Good"),
                row("title", "", "priority", "urgent"),
                row("title", "Dates", "startDate", "2026-12-05", "dueDate", "2026-12-01"),
                row("title", "People", "assigneeId", UUID.randomUUID().toString(), "status", "DOING",
                        "cf.env", "dev", "estimateMinutes", "1.5", "dueDate", "2300-01-01")), project);

        assertThat(checked.tasks()).isEmpty();
        assertThat(checked.problems()).extracting(p -> p.row() + ":" + p.column()).containsExactly(
                "3:title", "3:priority", "4:dueDate", "5:status", "5:assigneeId", "5:dueDate", "5:estimateMinutes",
                "5:cf.env");
    }

    @Test
    void unknownColumnsAreProblemsOfTheHeader() {
        Map<String, String> row = row("title", "x", "colour", "red");
        ImportRules.Checked checked = ImportRules.check(file(row), project);
        assertThat(checked.problems()).extracting(ImportRules.Problem::row, ImportRules.Problem::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "colour"));
    }

    private static ImportFile file(Map<String, String>... rows) {
        List<String> header = rows[0].keySet().stream().toList();
        java.util.Set<String> all = new java.util.LinkedHashSet<>(header);
        for (Map<String, String> row : rows) {
            all.addAll(row.keySet());
        }
        List<String> columns = List.copyOf(all);
        List<Map<String, String>> filled = java.util.Arrays.stream(rows).map(r -> {
            Map<String, String> full = new LinkedHashMap<>();
            columns.forEach(c -> full.put(c, r.getOrDefault(c, "")));
            return full;
        }).toList();
        return new ImportFile(columns, filled);
    }

    private static Map<String, String> row(String... keyValues) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put(keyValues[i], keyValues[i + 1]);
        }
        return row;
    }
}
