package dev.gantry.task.importing;

import java.net.URI;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;

@RestController
@RequestMapping("/api/v1/projects/{projectId}/import")
class ImportController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Imports imports;

    ImportController(Imports imports) {
        this.imports = imports;
    }

    @GetMapping("/template")
    ResponseEntity<byte[]> template(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @RequestParam(defaultValue = "csv") String format) {
        String kind = format(format);
        return ResponseEntity.ok()
                .contentType("xlsx".equals(kind) ? MediaType.parseMediaType(XLSX) : new MediaType("text", "csv",
                        java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("tasks-template." + kind).build().toString())
                .body(imports.template(CurrentUser.from(token), projectId, kind));
    }

    /**
     * The file is the request body ({@code Content-Type: text/csv} or the .xlsx type). 201 when this request created
     * the job (finished already for a small file, else still RUNNING: poll its Location), 200 for a file posted before.
     */
    @PostMapping(consumes = {"text/csv", XLSX})
    ResponseEntity<ImportJob> start(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType, @RequestBody byte[] content) {
        String format = contentType.startsWith(XLSX) ? "xlsx" : "csv";
        Imports.Started started = imports.start(CurrentUser.from(token), projectId, content, format);
        ImportJob job = started.job();
        URI location = URI.create("/api/v1/projects/" + projectId + "/import/" + job.id());
        return ResponseEntity.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK).location(location)
                .body(job);
    }

    @GetMapping("/{jobId}")
    ImportJob job(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId, @PathVariable UUID jobId) {
        return imports.get(CurrentUser.from(token), projectId, jobId);
    }

    private static String format(String format) {
        if (!format.equals("csv") && !format.equals("xlsx")) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Unknown format",
                    "format must be csv or xlsx.");
        }
        return format;
    }
}
