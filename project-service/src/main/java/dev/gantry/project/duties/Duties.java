package dev.gantry.project.duties;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;

/**
 * The duties (QA, OPS, PRODUCT, SECURITY, ...) a tenant uses for project members and approval rules: the built-in
 * ones plus those the tenant's admins add. A duty nobody defined is refused, so a typo in a template or a member
 * never creates an approval rule no one can satisfy.
 */
@Service
public class Duties {

    public static final Set<String> BUILT_IN = Set.of("QA", "OPS", "PRODUCT", "SECURITY", "DEV", "DBA");
    static final int MAX_PER_TENANT = 100;

    private final JdbcClient jdbc;
    private final Clock clock;

    Duties(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every duty known in the tenant of the current transaction, sorted. */
    @Transactional(readOnly = true)
    public Set<String> known(UUID tenantId) {
        Set<String> known = new TreeSet<>(BUILT_IN);
        known.addAll(jdbc.sql("select name from duties where tenant_id = :tenantId")
                .param("tenantId", tenantId).query(String.class).list());
        return known;
    }

    /** The duties of {@code requested} that the tenant does not know, in the order given. */
    public List<String> unknown(UUID tenantId, Collection<String> requested) {
        Set<String> known = known(tenantId);
        return requested.stream().filter(d -> !known.contains(d)).distinct().toList();
    }

    /** Fails with a 400 naming every unknown duty. */
    public void requireKnown(UUID tenantId, Collection<String> requested, String field) {
        List<String> unknown = unknown(tenantId, requested);
        if (!unknown.isEmpty()) {
            throw new dev.gantry.common.web.ValidationProblem(List.of(new Problems.FieldError(field,
                    "unknown duties " + unknown + "; this organisation's duties are " + known(tenantId))));
        }
    }

    @Transactional
    public Set<String> add(CurrentUser caller, String name) {
        UUID tenantId = caller.tenantId().orElseThrow(() -> new AccessDeniedException("The token names no tenant"));
        if (!(caller.hasRole("OWNER") || caller.hasRole("ADMIN"))) {
            throw new AccessDeniedException("Only owners and admins define duties");
        }
        Set<String> known = known(tenantId);
        if (known.contains(name)) {
            return known;
        }
        if (known.size() - BUILT_IN.size() >= MAX_PER_TENANT) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("too-many-duties"), "Too many duties",
                    "An organisation defines at most " + MAX_PER_TENANT + " duties of its own.");
        }
        jdbc.sql("insert into duties (tenant_id, name, created_at) values (:tenantId, :name, :at) on conflict do nothing")
                .param("tenantId", tenantId).param("name", name)
                .param("at", clock.instant().atOffset(ZoneOffset.UTC)).update();
        return known(tenantId);
    }
}
