package dev.gantry.user.tenant;

import java.net.URI;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.Versions;

@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {

    private final Tenants tenants;

    TenantController(Tenants tenants) {
        this.tenants = tenants;
    }

    /** Public: self-service sign-up (the gateway rate-limits it per client address). */
    @PostMapping
    ResponseEntity<Tenants.SignedUp> signUp(@Valid @RequestBody SignUp request) {
        Tenants.SignedUp signedUp = tenants.signUp(request);
        return ResponseEntity.created(URI.create("/api/v1/tenants/current")).body(signedUp);
    }

    @GetMapping("/current")
    ResponseEntity<Tenant> current(@AuthenticationPrincipal Jwt token) {
        Tenant tenant = tenants.current(CurrentUser.from(token));
        return ResponseEntity.ok().eTag(Versions.etag(tenant.version())).body(tenant);
    }

    @PatchMapping("/current")
    ResponseEntity<Tenant> update(@AuthenticationPrincipal Jwt token,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody TenantChange change) {
        Tenant tenant = tenants.update(CurrentUser.from(token), Versions.expected(ifMatch), change);
        return ResponseEntity.ok().eTag(Versions.etag(tenant.version())).body(tenant);
    }
}
