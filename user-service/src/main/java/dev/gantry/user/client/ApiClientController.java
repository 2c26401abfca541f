package dev.gantry.user.client;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
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
@RequestMapping("/api/v1/clients")
class ApiClientController {

    record NewClient(
            @NotBlank @Size(max = 100) @Pattern(regexp = UserRequests.NAME, message = UserRequests.NAME_MESSAGE)
            String name,
            @NotEmpty @Size(max = 2) List<@NotNull @Size(max = 20) String> scopes) {
    }

    /** The created client with its secret; the only time the secret is ever shown. */
    record Created(UUID id, String clientId, String name, List<String> scopes, Instant createdAt,
            String clientSecret) {
    }

    private final ApiClients clients;

    ApiClientController(ApiClients clients) {
        this.clients = clients;
    }

    @PostMapping
    ResponseEntity<Created> create(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody NewClient request) {
        ApiClients.CreatedClient created = clients.create(CurrentUser.from(jwt), request.name(), request.scopes());
        ApiClient client = created.client();
        return ResponseEntity.created(URI.create("/api/v1/clients/" + client.id()))
                .header("Cache-Control", "no-store")
                .body(new Created(client.id(), client.clientId(), client.name(), client.scopes(), client.createdAt(),
                        created.clientSecret()));
    }

    @GetMapping
    CursorPage<ApiClient> list(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return clients.list(CurrentUser.from(jwt), PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    ApiClient get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return clients.get(CurrentUser.from(jwt), id);
    }

    /** Revoking is final and idempotent, so it needs no If-Match: there is no state to overwrite. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        clients.revoke(CurrentUser.from(jwt), id);
        return ResponseEntity.noContent().build();
    }
}
