package dev.gantry.task.worklog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.common.web.Versions;

@RestController
class WorklogController {

    static final MediaType XLSX = MediaType.parseMediaType(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final Worklogs worklogs;

    WorklogController(Worklogs worklogs) {
        this.worklogs = worklogs;
    }

    record NewWorklog(@NotNull LocalDate workDate, @Min(1) @Max(Worklogs.MAX_MINUTES_PER_DAY) int minutes,
            @Size(max = 2000) String note, @PositiveOrZero @Max(10_000_000) Long remainingMinutes) {
    }

    record WorklogChange(@NotNull LocalDate workDate, @Min(1) @Max(Worklogs.MAX_MINUTES_PER_DAY) int minutes,
            @Size(max = 2000) String note) {
    }

    @PostMapping("/api/v1/tasks/{taskId}/worklogs")
    ResponseEntity<Worklog> add(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @Valid @RequestBody NewWorklog request) {
        Worklog worklog = worklogs.add(CurrentUser.from(token), taskId, request.workDate(), request.minutes(),
                request.note(), request.remainingMinutes());
        return ResponseEntity.created(URI.create("/api/v1/worklogs/" + worklog.id()))
                .header(HttpHeaders.ETAG, Versions.etag(worklog.version())).body(worklog);
    }

    @GetMapping("/api/v1/tasks/{taskId}/worklogs")
    List<Worklog> ofTask(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId) {
        return worklogs.ofTask(CurrentUser.from(token), taskId);
    }

    @GetMapping("/api/v1/worklogs/{worklogId}")
    ResponseEntity<Worklog> get(@AuthenticationPrincipal Jwt token, @PathVariable UUID worklogId) {
        Worklog worklog = worklogs.get(CurrentUser.from(token), worklogId);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(worklog.version())).body(worklog);
    }

    @PatchMapping("/api/v1/worklogs/{worklogId}")
    ResponseEntity<Worklog> edit(@AuthenticationPrincipal Jwt token, @PathVariable UUID worklogId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody WorklogChange change) {
        long expected = Versions.expected(ifMatch);
        Worklog worklog = worklogs.edit(CurrentUser.from(token), worklogId, expected, change.workDate(),
                change.minutes(), change.note());
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(worklog.version())).body(worklog);
    }

    @DeleteMapping("/api/v1/worklogs/{worklogId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID worklogId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        worklogs.delete(CurrentUser.from(token), worklogId, Versions.expected(ifMatch));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/projects/{projectId}/worklogs/report")
    ResponseEntity<?> projectReport(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "user") String groupBy, @RequestParam(defaultValue = "week") String period,
            @RequestParam(defaultValue = "json") String format) {
        return render(worklogs.report(CurrentUser.from(token), projectId, from, to, groupBy, period), format);
    }

    /** Logged time across every project the caller may read. */
    @GetMapping("/api/v1/worklogs/report")
    ResponseEntity<?> report(@AuthenticationPrincipal Jwt token,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "project") String groupBy,
            @RequestParam(defaultValue = "month") String period, @RequestParam(defaultValue = "json") String format) {
        return render(worklogs.report(CurrentUser.from(token), null, from, to, groupBy, period), format);
    }

    private static ResponseEntity<?> render(WorklogReport report, String format) {
        return switch (format) {
            case "json" -> ResponseEntity.ok(report);
            case "csv" -> file(csv(report), new MediaType("text", "csv", StandardCharsets.UTF_8), "worklogs.csv");
            case "xlsx" -> file(xlsx(report), XLSX, "worklogs.xlsx");
            default -> throw new ValidationProblem(List.of(new Problems.FieldError("format",
                    "must be json, csv or xlsx")));
        };
    }

    static byte[] csv(WorklogReport report) {
        StringBuilder csv = new StringBuilder("\uFEFF" + report.groupBy() + ",label," + report.period()
                + ",minutes,hours\r\n");
        for (WorklogReport.Row row : report.rows()) {
            csv.append(cell(row.group())).append(',').append(cell(row.label())).append(',').append(row.period())
                    .append(',').append(row.minutes()).append(',').append(hours(row.minutes())).append("\r\n");
        }
        for (WorklogReport.Total total : report.totals()) {
            csv.append(cell(total.group())).append(',').append(cell(total.label())).append(",total,")
                    .append(total.minutes()).append(',').append(hours(total.minutes())).append("\r\n");
        }
        csv.append("total,,total,").append(report.totalMinutes()).append(',').append(hours(report.totalMinutes()))
                .append("\r\n");
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] xlsx(WorklogReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "Gantry", "1.0");
            Worksheet sheet = workbook.newWorksheet("工时 Worklogs");
            String[] headers = {report.groupBy(), "label", report.period(), "minutes", "hours"};
            for (int c = 0; c < headers.length; c++) {
                sheet.value(0, c, headers[c]);
                sheet.style(0, c).bold().set();
            }
            int r = 1;
            for (WorklogReport.Row row : report.rows()) {
                sheet.value(r, 0, row.group());
                sheet.value(r, 1, row.label());
                sheet.value(r, 2, row.period());
                sheet.value(r, 3, row.minutes());
                sheet.value(r, 4, row.minutes() / 60.0);
                r++;
            }
            for (WorklogReport.Total total : report.totals()) {
                sheet.value(r, 0, total.group());
                sheet.value(r, 1, total.label());
                sheet.value(r, 2, "total");
                sheet.value(r, 3, total.minutes());
                sheet.value(r, 4, total.minutes() / 60.0);
                r++;
            }
            sheet.value(r, 0, "total");
            sheet.value(r, 2, "total");
            sheet.value(r, 3, report.totalMinutes());
            sheet.value(r, 4, report.totalMinutes() / 60.0);
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static String hours(long minutes) {
        return java.math.BigDecimal.valueOf(minutes).divide(java.math.BigDecimal.valueOf(60), 2,
                java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String filename) {
        return ResponseEntity.ok().contentType(type).header(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(filename).build().toString()).body(body);
    }
}
