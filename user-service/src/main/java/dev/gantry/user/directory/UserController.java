package dev.gantry.user.directory;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
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
import dev.gantry.user.directory.UserRequests.ChatLinkImport;
import dev.gantry.user.directory.UserRequests.ChatLinkImportResult;
import dev.gantry.user.directory.UserRequests.NewUser;
import dev.gantry.user.directory.UserRequests.RoleChange;

@RestController
@Validated
@RequestMapping("/api/v1/users")
class UserController {

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    @PostMapping
    ResponseEntity<User> create(@AuthenticationPrincipal Jwt token, @Valid @RequestBody NewUser request) {
        User user = users.create(CurrentUser.from(token), request);
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).eTag(Versions.etag(user.version()))
                .body(user);
    }

    @GetMapping
    CursorPage<UserSummary> search(@AuthenticationPrincipal Jwt token,
            @RequestParam(required = false) @Size(max = 100) String query,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return users.search(CurrentUser.from(token), query, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    ResponseEntity<User> get(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return withETag(users.get(CurrentUser.from(token), id));
    }

    @PutMapping("/{id}/roles")
    ResponseEntity<User> changeRoles(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody RoleChange request) {
        return withETag(users.changeRoles(CurrentUser.from(token), id, Versions.expected(ifMatch), request.roles()));
    }

    @PostMapping("/{id}/disable")
    ResponseEntity<User> disable(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return withETag(users.disable(CurrentUser.from(token), id, Versions.expected(ifMatch)));
    }

    @PostMapping("/{id}/enable")
    ResponseEntity<User> enable(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return withETag(users.enable(CurrentUser.from(token), id, Versions.expected(ifMatch)));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        users.delete(CurrentUser.from(token), id, Versions.expected(ifMatch));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/chat-accounts/import")
    ChatLinkImportResult importChatAccounts(@AuthenticationPrincipal Jwt token,
            @Valid @RequestBody ChatLinkImport request) {
        return users.importChatAccounts(CurrentUser.from(token), request);
    }

    private static ResponseEntity<User> withETag(User user) {
        return ResponseEntity.ok().eTag(Versions.etag(user.version())).body(user);
    }
}
