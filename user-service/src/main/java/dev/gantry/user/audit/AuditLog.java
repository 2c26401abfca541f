package dev.gantry.user.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.tenant.TenantContext;

/**
 * Appends security events to the current tenant's audit log, in the transaction of what they record, so an entry
 * exists if and only if its change committed.
 */
@Service
public class AuditLog {

    private final AuditRepository repository;
    private final Clock clock;

    AuditLog(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Records a security event of the current tenant.
     *
     * @param actorId who did it (null when nobody is signed in, e.g. a failed sign-in of an unknown user)
     * @param subjectId whom or what it concerns (a user, token or client), if anything
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public AuditEntry record(String type, UUID actorId, UUID subjectId, Map<String, String> details) {
        UUID tenantId = TenantContext.requireTenant();
        repository.lockChain(tenantId);
        var last = repository.last(tenantId);
        long seq = last.map(Map.Entry::getKey).orElse(0L) + 1;
        String prevHash = last.map(Map.Entry::getValue).orElse(AuditChain.GENESIS);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, String> copy = Map.copyOf(details);
        String hash = AuditChain.hash(prevHash, AuditChain.canonical(tenantId, seq, at, type, actorId, subjectId, copy));
        AuditEntry entry = new AuditEntry(Ids.newId(), tenantId, seq, at, type, actorId, subjectId, copy, prevHash,
                hash);
        repository.insert(entry);
        return entry;
    }
}
