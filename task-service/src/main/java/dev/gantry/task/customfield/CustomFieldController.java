package dev.gantry.task.customfield;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;

@RestController
@RequestMapping("/api/v1/projects/{projectId}/custom-fields")
class CustomFieldController {

    private final CustomFields fields;

    CustomFieldController(CustomFields fields) {
        this.fields = fields;
    }

    record FieldDefinition(@NotBlank @Size(max = 100) String name, @NotNull CustomField.Type type,
            @Size(max = 100) List<@NotBlank @Size(max = 100) String> options) {
    }

    @GetMapping
    List<CustomField> list(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId) {
        return fields.list(CurrentUser.from(token), projectId);
    }

    /** Defines or renames a field; PUT on its key is idempotent. */
    @PutMapping("/{key}")
    CustomField define(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @PathVariable @Pattern(regexp = "[a-z][a-z0-9_]{0,39}") String key,
            @Valid @RequestBody FieldDefinition definition) {
        return fields.define(CurrentUser.from(token), projectId,
                new CustomField(key, definition.name(), definition.type(), definition.options()));
    }

    @DeleteMapping("/{key}")
    ResponseEntity<Void> remove(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @PathVariable String key) {
        fields.remove(CurrentUser.from(token), projectId, key);
        return ResponseEntity.noContent().build();
    }
}
