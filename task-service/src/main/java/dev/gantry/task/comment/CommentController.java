package dev.gantry.task.comment;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.Versions;

@RestController
@RequestMapping("/api/v1/tasks/{taskId}/comments")
class CommentController {

    private final Comments comments;

    CommentController(Comments comments) {
        this.comments = comments;
    }

    record CommentBody(@NotBlank @Size(max = 20_000) String body) {
    }

    @PostMapping
    ResponseEntity<Comment> add(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @Valid @RequestBody CommentBody request) {
        Comment comment = comments.add(CurrentUser.from(token), taskId, request.body());
        return ResponseEntity.created(URI.create("/api/v1/tasks/" + taskId + "/comments/" + comment.id()))
                .header(HttpHeaders.ETAG, Versions.etag(comment.version())).body(comment);
    }

    @GetMapping
    CursorPage<Comment> list(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return comments.list(CurrentUser.from(token), taskId, PageRequest.of(limit, cursor));
    }

    @PatchMapping("/{commentId}")
    ResponseEntity<Comment> edit(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @PathVariable UUID commentId, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody CommentBody request) {
        long expected = Versions.expected(ifMatch);
        Comment comment = comments.edit(CurrentUser.from(token), taskId, commentId, expected, request.body());
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(comment.version())).body(comment);
    }

    @DeleteMapping("/{commentId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID taskId,
            @PathVariable UUID commentId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        comments.delete(CurrentUser.from(token), taskId, commentId, Versions.expected(ifMatch));
        return ResponseEntity.noContent().build();
    }
}
