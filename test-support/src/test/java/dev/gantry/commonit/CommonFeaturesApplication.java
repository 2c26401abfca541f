package dev.gantry.commonit;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.Ids;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;

/**
 * A minimal service on common-lib, for integration tests of its cross-cutting features (idempotency, ...) without
 * depending on any real service's features.
 */
@SpringBootApplication
public class CommonFeaturesApplication {

    /** Creates a note: one row in a tenant table, answered 201 with its location. */
    @RestController
    static class NoteController {

        private final JdbcClient jdbc;

        NoteController(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @PostMapping("/api/v1/notes")
        @Transactional
        public ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, String> body) {
            CurrentUser caller = CurrentUser.current().orElseThrow();
            UUID id = Ids.newId();
            jdbc.sql("insert into notes (id, tenant_id, text) values (:id, :tenant, :text)")
                    .param("id", id).param("tenant", TenantContext.requireTenant()).param("text", body.get("text"))
                    .update();
            return ResponseEntity.created(URI.create("/api/v1/notes/" + id))
                    .eTag("\"1\"")
                    .body(Map.of("id", id, "text", String.valueOf(body.get("text")), "by", caller.subject()));
        }
    }
}
