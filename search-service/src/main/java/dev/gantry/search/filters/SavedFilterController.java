package dev.gantry.search.filters;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
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

@RestController
@RequestMapping("/api/v1/filters")
class SavedFilterController {

    private final SavedFilters filters;

    SavedFilterController(SavedFilters filters) {
        this.filters = filters;
    }

    @PostMapping
    ResponseEntity<SavedFilter> create(@AuthenticationPrincipal Jwt token, @Valid @RequestBody FilterForm form) {
        SavedFilter filter = filters.create(CurrentUser.from(token), form);
        return ResponseEntity.created(URI.create("/api/v1/filters/" + filter.id()))
                .eTag(Versions.etag(filter.version())).body(filter);
    }

    @GetMapping
    CursorPage<SavedFilter> list(@AuthenticationPrincipal Jwt token,
            @RequestParam(required = false) UUID projectId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return filters.list(CurrentUser.from(token), projectId, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    ResponseEntity<SavedFilter> get(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        SavedFilter filter = filters.get(CurrentUser.from(token), id);
        return ResponseEntity.ok().eTag(Versions.etag(filter.version())).body(filter);
    }

    @PutMapping("/{id}")
    ResponseEntity<SavedFilter> replace(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch, @Valid @RequestBody FilterForm form) {
        long expected = Versions.expected(ifMatch);
        SavedFilter filter = filters.replace(CurrentUser.from(token), id, form, expected);
        return ResponseEntity.ok().eTag(Versions.etag(filter.version())).body(filter);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        long expected = Versions.expected(ifMatch);
        filters.delete(CurrentUser.from(token), id, expected);
        return ResponseEntity.noContent().build();
    }
}
