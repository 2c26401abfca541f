package dev.gantry.notification.integration;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.Versions;
import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.notice.NoticeKind;

/** Robots (DingTalk, WeCom, Feishu) and signed generic webhooks of a project or of the tenant. */
@RestController
@RequestMapping("/api/v1/integrations")
class IntegrationController {

    private final Integrations integrations;

    IntegrationController(Integrations integrations) {
        this.integrations = integrations;
    }

    record IntegrationRequest(UUID projectId, @NotNull Channel platform, @NotBlank @Size(max = 100) String name,
            @Size(max = 1000) String url, @Size(max = 500) String secret, @Size(max = 500) String inboundSecret,
            @Size(max = 20) Set<@NotNull NoticeKind> eventKinds, Boolean escalation,
            @Pattern(regexp = "zh-CN|en") String locale, Boolean enabled) {

        Integrations.Definition definition() {
            return new Integrations.Definition(projectId, platform, name.strip(), url == null ? null : url.strip(),
                    blankToNull(secret), blankToNull(inboundSecret), eventKinds == null ? Set.of() : eventKinds,
                    Boolean.TRUE.equals(escalation), locale == null ? "zh-CN" : locale, enabled == null || enabled);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    @PostMapping
    ResponseEntity<Integration> create(@AuthenticationPrincipal Jwt token,
            @Valid @RequestBody IntegrationRequest request) {
        if (request.platform() == Channel.IN_APP || request.platform() == Channel.EMAIL) {
            throw new dev.gantry.common.web.ValidationProblem(java.util.List.of(new dev.gantry.common.web.Problems
                    .FieldError("platform", "must be DINGTALK, WECOM, FEISHU or WEBHOOK")));
        }
        Integration created = integrations.create(CurrentUser.from(token), request.definition());
        return ResponseEntity.created(URI.create("/api/v1/integrations/" + created.id()))
                .header(HttpHeaders.ETAG, Versions.etag(created.version())).body(created);
    }

    @GetMapping
    CursorPage<Integration> list(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) UUID projectId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return integrations.list(CurrentUser.from(token), projectId, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    ResponseEntity<Integration> get(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        Integration integration = integrations.get(CurrentUser.from(token), id);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(integration.version())).body(integration);
    }

    @PutMapping("/{id}")
    ResponseEntity<Integration> replace(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @Valid @RequestBody IntegrationRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expected = Versions.expected(ifMatch);
        Integration saved = integrations.replace(CurrentUser.from(token), id, request.definition(), expected);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(saved.version())).body(saved);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        integrations.delete(CurrentUser.from(token), id, Versions.expected(ifMatch));
        return ResponseEntity.noContent().build();
    }
}
