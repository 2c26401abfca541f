package dev.gantry.user.token;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.user.directory.UserRequests;

@RestController
@RequestMapping("/api/v1/tokens")
class ApiTokenController {

    /** A new token: a name to recognise it, its scopes, and how many days it lives (default 90, at most a year). */
    record NewToken(
            @NotBlank @Size(max = 100) @Pattern(regexp = UserRequests.NAME, message = UserRequests.NAME_MESSAGE)
            String name,
            @NotEmpty @Size(max = 2) List<@NotNull @Size(max = 20) String> scopes,
            @Min(1) @Max(366) Integer expiresInDays) {
    }

    /** The created token with its secret; the only time the secret is ever shown. */
    record Created(UUID id, String name, String hint, List<String> scopes, Instant createdAt,
            Instant expiresAt, String token) {
    }

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    ResponseEntity<Created> create(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody NewToken request) {
        ApiTokens.CreatedToken created = tokens.create(CurrentUser.from(jwt), request.name(), request.scopes(),
                request.expiresInDays() == null ? 90 : request.expiresInDays());
        ApiToken token = created.token();
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + token.id()))
                .header("Cache-Control", "no-store")
                .body(new Created(token.id(), token.name(), token.hint(), token.scopes(), token.createdAt(),
                        token.expiresAt(), created.secret()));
    }

    @GetMapping
    CursorPage<ApiToken> list(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return tokens.list(CurrentUser.from(jwt), PageRequest.of(limit, cursor));
    }

    /** Revoking is final and idempotent, so it needs no If-Match: there is no state to overwrite. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        tokens.revoke(CurrentUser.from(jwt), id);
        return ResponseEntity.noContent().build();
    }
}
