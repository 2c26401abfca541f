package dev.gantry.search.rebuild;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;

@RestController
@RequestMapping("/api/v1/search/rebuilds")
class RebuildController {

    private final Rebuilds rebuilds;

    RebuildController(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @PostMapping
    ResponseEntity<IndexRebuild> start(@AuthenticationPrincipal Jwt token) {
        IndexRebuild rebuild = rebuilds.start(CurrentUser.from(token));
        return ResponseEntity.accepted().location(URI.create("/api/v1/search/rebuilds/" + rebuild.id()))
                .body(rebuild);
    }

    @GetMapping("/{id}")
    IndexRebuild get(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        return rebuilds.get(CurrentUser.from(token), id);
    }
}
