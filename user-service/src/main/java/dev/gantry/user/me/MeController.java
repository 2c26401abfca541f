package dev.gantry.user.me;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;

/** The caller as the access token describes them; the profile from the user directory joins it with identity. */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

    /** The caller: user id, tenant and tenant roles. */
    record Me(String userId, UUID tenantId, Set<String> roles, Set<String> scopes) {
    }

    @GetMapping
    Me me(@AuthenticationPrincipal Jwt token) {
        CurrentUser caller = CurrentUser.from(token);
        return new Me(caller.subject(), caller.tenantId().orElse(null), new TreeSet<>(caller.roles()),
                new TreeSet<>(caller.scopes()));
    }
}
