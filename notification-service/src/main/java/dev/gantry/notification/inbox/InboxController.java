package dev.gantry.notification.inbox;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;

/** The caller's in-app inbox and its live stream. */
@RestController
@RequestMapping("/api/v1/notifications")
class InboxController {

    private final Inbox inbox;
    private final InboxStream stream;

    InboxController(Inbox inbox, InboxStream stream) {
        this.inbox = inbox;
        this.stream = stream;
    }

    @GetMapping
    CursorPage<InboxItem> list(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false, defaultValue = "false") boolean unreadOnly) {
        PageRequest page = PageRequest.of(limit, null);
        return inbox.list(CurrentUser.from(token).userId(), page.limit(), cursor, unreadOnly);
    }

    @GetMapping("/unread-count")
    Map<String, Long> unreadCount(@AuthenticationPrincipal Jwt token) {
        return Map.of("unread", inbox.unreadCount(CurrentUser.from(token).userId()));
    }

    @PostMapping("/{id}/read")
    InboxItem markRead(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return inbox.markRead(CurrentUser.from(token).userId(), id);
    }

    @PostMapping("/read-all")
    Map<String, Integer> markAllRead(@AuthenticationPrincipal Jwt token) {
        return Map.of("marked", inbox.markAllRead(CurrentUser.from(token).userId()));
    }

    /** Server-Sent Events: {@code unread-count} first, then one {@code notification} event per new notification. */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> stream(@AuthenticationPrincipal Jwt token) {
        CurrentUser caller = CurrentUser.from(token);
        UUID tenant = caller.tenantId().orElseThrow(() -> new ProblemException(HttpStatus.FORBIDDEN,
                Problems.FORBIDDEN, "Not allowed", "The inbox belongs to a user of an organisation; this token has none."));
        SseEmitter emitter = stream.open(tenant, caller.userId(), inbox.unreadCount(caller.userId()));
        // proxies that buffer by default (nginx) pass the stream through as it is written
        return ResponseEntity.ok().header("X-Accel-Buffering", "no").header("Cache-Control", "no-cache")
                .body(emitter);
    }
}
