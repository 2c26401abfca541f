package dev.gantry.project.duties;

import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;

/** The tenant's duties, beside the process templates whose approval rules use them. */
@RestController
@RequestMapping("/api/v1/process-templates/duties")
class DutyController {

    record NewDuty(@NotNull @Pattern(regexp = "[A-Z][A-Z0-9_]{1,29}",
            message = "must be 2 to 30 capital letters, digits or underscores, starting with a letter") String name) {
    }

    private final Duties duties;

    DutyController(Duties duties) {
        this.duties = duties;
    }

    @GetMapping
    Map<String, Set<String>> list(@AuthenticationPrincipal Jwt token) {
        CurrentUser caller = CurrentUser.from(token);
        return Map.of("items", duties.known(caller.tenantId()
                .orElseThrow(() -> new AccessDeniedException("The token names no tenant"))));
    }

    @PostMapping
    Map<String, Set<String>> add(@AuthenticationPrincipal Jwt token, @Valid @RequestBody NewDuty duty) {
        return Map.of("items", duties.add(CurrentUser.from(token), duty.name()));
    }
}
