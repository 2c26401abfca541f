package dev.gantry.user.me;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.Versions;
import dev.gantry.events.users.ChatAccount;
import dev.gantry.events.users.ChatPlatform;
import dev.gantry.user.directory.User;
import dev.gantry.user.directory.UserRequests.ChatLink;
import dev.gantry.user.directory.UserRequests.ProfileChange;
import dev.gantry.user.directory.Users;

/** The caller's own profile and chat links, from the user directory. */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

    private final Users users;

    MeController(Users users) {
        this.users = users;
    }

    @GetMapping
    ResponseEntity<User> me(@AuthenticationPrincipal Jwt token) {
        return withETag(users.me(CurrentUser.from(token)));
    }

    @PatchMapping
    ResponseEntity<User> update(@AuthenticationPrincipal Jwt token,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody ProfileChange change) {
        return withETag(users.updateProfile(CurrentUser.from(token), Versions.expected(ifMatch), change));
    }

    @PutMapping("/chat-accounts/{platform}")
    ResponseEntity<User> link(@AuthenticationPrincipal Jwt token, @PathVariable ChatPlatform platform,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody ChatLink link) {
        return withETag(users.linkChatAccount(CurrentUser.from(token), Versions.expected(ifMatch),
                new ChatAccount(platform, link.accountId())));
    }

    @DeleteMapping("/chat-accounts/{platform}")
    ResponseEntity<User> unlink(@AuthenticationPrincipal Jwt token, @PathVariable ChatPlatform platform,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return withETag(users.unlinkChatAccount(CurrentUser.from(token), Versions.expected(ifMatch), platform));
    }

    private static ResponseEntity<User> withETag(User user) {
        return ResponseEntity.ok().eTag(Versions.etag(user.version())).body(user);
    }
}
