package dev.gantry.user.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of a tenant's security audit log.
 *
 * @param seq      its position in the tenant's chain, from 1
 * @param details  what else is worth knowing (e.g. the roles before and after), as flat text values
 * @param prevHash the previous entry's hash (64 zeros for the first)
 * @param hash     SHA-256 over the previous hash and this entry's canonical content
 */
public record AuditEntry(UUID id, UUID tenantId, long seq, Instant occurredAt, String type, UUID actorId,
        UUID subjectId, Map<String, String> details, String prevHash, String hash) {
}
