package dev.gantry.task.schedule;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Versions;

@RestController
class ScheduleController {

    private final Schedules schedules;

    ScheduleController(Schedules schedules) {
        this.schedules = schedules;
    }

    @GetMapping("/api/v1/projects/{projectId}/schedule")
    Schedule schedule(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId) {
        return schedules.of(CurrentUser.from(token), projectId);
    }

    /** The schedule as {@code format=csv} (UTF-8 with a byte-order mark, for spreadsheets) or {@code format=pdf}. */
    @GetMapping("/api/v1/projects/{projectId}/schedule/export")
    ResponseEntity<byte[]> export(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @RequestParam(defaultValue = "csv") String format) {
        Schedule schedule = schedules.of(CurrentUser.from(token), projectId);
        String name = "schedule-" + projectId;
        return switch (format) {
            case "csv" -> file(csv(schedule), new MediaType("text", "csv", StandardCharsets.UTF_8), name + ".csv");
            case "pdf" -> {
                if (schedule.tasks().size() > GanttChart.MAX_TASKS) {
                    throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.type("schedule-too-large"),
                            "Schedule too large for a PDF", "A Gantt PDF shows at most " + GanttChart.MAX_TASKS
                                    + " tasks; this project has " + schedule.tasks().size() + ". Export CSV instead.");
                }
                String key = schedule.tasks().isEmpty() ? "" : schedule.tasks().getFirst().key().replaceAll("-\\d+$", "");
                yield file(GanttChart.render(key, schedule), MediaType.APPLICATION_PDF, name + ".pdf");
            }
            default -> throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Unknown format",
                    "format must be csv or pdf.");
        };
    }

    record Move(LocalDate startDate, LocalDate dueDate, Boolean shiftSuccessors) {
    }

    /** New dates for a task; with {@code shiftSuccessors} its successors move along and the answer lists them. */
    @PostMapping("/api/v1/tasks/{taskId}/move")
    ResponseEntity<Schedules.MoveResult> move(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody Move move) {
        long expected = Versions.expected(ifMatch);
        Schedules.MoveResult result = schedules.move(CurrentUser.from(token), taskId, expected, move.startDate(),
                move.dueDate(), Boolean.TRUE.equals(move.shiftSuccessors()));
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(result.task().version())).body(result);
    }

    static byte[] csv(Schedule schedule) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        csv.append("key,title,status,startDate,dueDate,durationDays,earlyStart,earlyFinish,lateStart,lateFinish,"
                + "totalFloat,critical\r\n");
        for (Schedule.ScheduledTask t : schedule.tasks()) {
            row(csv, List.of(t.key(), t.title(), t.status(), string(t.startDate()), string(t.dueDate()),
                    Integer.toString(t.durationDays()), t.earlyStart().toString(), t.earlyFinish().toString(),
                    t.lateStart().toString(), t.lateFinish().toString(), Integer.toString(t.totalFloat()),
                    Boolean.toString(t.critical())));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One CSV row (RFC 4180 quoting); a leading =, +, - or @ is defused so spreadsheets do not run it as a formula. */
    static void row(StringBuilder csv, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String value = values.get(i) == null ? "" : values.get(i);
            if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+")) {
                value = "'" + value;
            }
            if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
                value = "\"" + value.replace("\"", "\"\"") + "\"";
            }
            csv.append(value);
        }
        csv.append("\r\n");
    }

    private static String string(Object value) {
        return value == null ? "" : value.toString();
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String filename) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build()
                        .toString())
                .body(body);
    }
}
