package dev.gantry.user.mfa;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;

@RestController
@RequestMapping("/api/v1/me/mfa")
class MfaController {

    /** A code from the authenticator app, or a recovery code where one is accepted. */
    record Code(@NotBlank @Size(max = 20) String code) {
    }

    private final Mfa mfa;

    MfaController(Mfa mfa) {
        this.mfa = mfa;
    }

    @GetMapping
    Mfa.Status status(@AuthenticationPrincipal Jwt token) {
        return mfa.status(CurrentUser.from(token));
    }

    @PostMapping("/totp")
    ResponseEntity<Mfa.Enrollment> begin(@AuthenticationPrincipal Jwt token) {
        return ResponseEntity.status(201).body(mfa.begin(CurrentUser.from(token)));
    }

    @PostMapping("/totp/confirm")
    Mfa.RecoveryCodeList confirm(@AuthenticationPrincipal Jwt token, @Valid @RequestBody Code code) {
        return mfa.confirm(CurrentUser.from(token), code.code());
    }

    @PostMapping("/totp/disable")
    ResponseEntity<Void> disable(@AuthenticationPrincipal Jwt token, @Valid @RequestBody Code code) {
        mfa.disable(CurrentUser.from(token), code.code());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/recovery-codes")
    Mfa.RecoveryCodeList regenerate(@AuthenticationPrincipal Jwt token, @Valid @RequestBody Code code) {
        return mfa.regenerateRecoveryCodes(CurrentUser.from(token), code.code());
    }
}
