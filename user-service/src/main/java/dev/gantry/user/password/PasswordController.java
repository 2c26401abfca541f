package dev.gantry.user.password;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.user.directory.Caller;
import dev.gantry.user.directory.User;
import dev.gantry.user.directory.Users;

@RestController
class PasswordController {

    /** The current password proves it is the user, not someone at their unlocked screen. */
    record PasswordChange(@NotNull @Size(max = 200) String currentPassword,
            @NotNull @Size(max = 200) String newPassword) {
    }

    private final Passwords passwords;
    private final Users users;

    PasswordController(Passwords passwords, Users users) {
        this.passwords = passwords;
        this.users = users;
    }

    /**
     * Not a PUT with If-Match: a password is never read back, and knowing the current one is the precondition.
     */
    @PostMapping("/api/v1/me/password")
    ResponseEntity<Void> change(@AuthenticationPrincipal Jwt token, @Valid @RequestBody PasswordChange change) {
        CurrentUser current = CurrentUser.from(token);
        Caller caller = users.caller(current);
        User me = users.me(current);
        passwords.change(caller, me.email(), change.currentPassword(), change.newPassword());
        return ResponseEntity.noContent().build();
    }
}
