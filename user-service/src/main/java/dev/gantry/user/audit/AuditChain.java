package dev.gantry.user.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The hash chain of an audit log: how an entry's hash is computed and how a chain is checked. Plain Java, so the
 * rule is the same for writing and verifying and can be tested without a database.
 */
public final class AuditChain {

    /** The "previous hash" of a tenant's first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /**
     * The canonical content of an entry: each field on its own line in a fixed order, details sorted by key, every
     * value escaped so that no value can imitate a field boundary.
     */
    static String canonical(UUID tenantId, long seq, Instant occurredAt, String type, UUID actorId, UUID subjectId,
            Map<String, String> details) {
        StringBuilder text = new StringBuilder()
                .append("tenant=").append(tenantId).append('\n')
                .append("seq=").append(seq).append('\n')
                .append("at=").append(occurredAt).append('\n')
                .append("type=").append(escape(type)).append('\n')
                .append("actor=").append(actorId == null ? "" : actorId).append('\n')
                .append("subject=").append(subjectId == null ? "" : subjectId).append('\n');
        new TreeMap<>(details).forEach((key, value) ->
                text.append("detail.").append(escape(key)).append('=').append(escape(value)).append('\n'));
        return text.toString();
    }

    /** SHA-256 of the previous hash and the canonical content, lower-case hex. */
    static String hash(String prevHash, String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash an entry must have after {@code prevHash}. */
    static String hashOf(AuditEntry entry, String prevHash) {
        return hash(prevHash, canonical(entry.tenantId(), entry.seq(), entry.occurredAt(), entry.type(),
                entry.actorId(), entry.subjectId(), entry.details()));
    }

    /** Where a chain stops being trustworthy. */
    public record Break(long seq, UUID entryId, String reason) {
    }

    /**
     * Checks entries given in sequence order, continuing a chain whose last good entry had {@code expectedSeq - 1}
     * and {@code prevHash}.
     *
     * @return the first broken entry, if any
     */
    static Optional<Break> firstBreak(List<AuditEntry> entries, long expectedSeq, String prevHash) {
        long seq = expectedSeq;
        String previous = prevHash;
        for (AuditEntry entry : entries) {
            if (entry.seq() != seq) {
                return Optional.of(new Break(seq, entry.id(), "entry " + seq + " is missing (next entry is "
                        + entry.seq() + ")"));
            }
            if (!entry.prevHash().equals(previous)) {
                return Optional.of(new Break(seq, entry.id(), "does not follow the previous entry's hash"));
            }
            if (!hashOf(entry, previous).equals(entry.hash())) {
                return Optional.of(new Break(seq, entry.id(), "content does not match its hash"));
            }
            previous = entry.hash();
            seq++;
        }
        return Optional.empty();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=");
    }
}
