package dev.gantry.user.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AuditChainTest {

    static final UUID TENANT = UUID.fromString("0190a000-0000-7000-8000-000000000001");

    static List<AuditEntry> chain(int length) {
        List<AuditEntry> entries = new ArrayList<>();
        String prev = AuditChain.GENESIS;
        for (int seq = 1; seq <= length; seq++) {
            Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq);
            Map<String, String> details = Map.of("n", Integer.toString(seq));
            String hash = AuditChain.hash(prev, AuditChain.canonical(TENANT, seq, at, "user.roles-changed", null,
                    null, details));
            entries.add(new AuditEntry(UUID.randomUUID(), TENANT, seq, at, "user.roles-changed", null, null, details,
                    prev, hash));
            prev = hash;
        }
        return entries;
    }

    @Test
    void anUntouchedChainVerifies() {
        assertThat(AuditChain.firstBreak(chain(5), 1, AuditChain.GENESIS)).isEmpty();
        assertThat(AuditChain.firstBreak(List.of(), 1, AuditChain.GENESIS)).isEmpty();
    }

    @Test
    void detectsAlteredContentAtTheAlteredEntry() {
        List<AuditEntry> entries = chain(5);
        AuditEntry third = entries.get(2);
        entries.set(2, new AuditEntry(third.id(), TENANT, 3, third.occurredAt(), third.type(), third.actorId(),
                third.subjectId(), Map.of("n", "changed"), third.prevHash(), third.hash()));
        assertThat(AuditChain.firstBreak(entries, 1, AuditChain.GENESIS))
                .hasValueSatisfying(b -> {
                    assertThat(b.seq()).isEqualTo(3);
                    assertThat(b.reason()).contains("hash");
                });
    }

    @Test
    void detectsARemovedEntryAndARecomputedHash() {
        List<AuditEntry> removed = chain(5);
        removed.remove(1);
        assertThat(AuditChain.firstBreak(removed, 1, AuditChain.GENESIS)).hasValueSatisfying(b ->
                assertThat(b.seq()).isEqualTo(2));

        // re-hashing an altered entry does not help: the next entry names the old hash
        List<AuditEntry> rehashed = chain(3);
        AuditEntry second = rehashed.get(1);
        Map<String, String> forged = Map.of("n", "forged");
        String newHash = AuditChain.hash(second.prevHash(), AuditChain.canonical(TENANT, 2, second.occurredAt(),
                second.type(), null, null, forged));
        rehashed.set(1, new AuditEntry(second.id(), TENANT, 2, second.occurredAt(), second.type(), null, null, forged,
                second.prevHash(), newHash));
        assertThat(AuditChain.firstBreak(rehashed, 1, AuditChain.GENESIS)).hasValueSatisfying(b ->
                assertThat(b.seq()).isEqualTo(3));
    }

    @Test
    void aValueCannotImitateAnotherField() {
        Instant at = Instant.EPOCH;
        String oneDetail = AuditChain.canonical(TENANT, 1, at, "t", null, null, Map.of("a", "1\ndetail.b=2"));
        String twoDetails = AuditChain.canonical(TENANT, 1, at, "t", null, null, Map.of("a", "1", "b", "2"));
        assertThat(oneDetail).isNotEqualTo(twoDetails);
    }

    @Test
    void theHashIsSha256OfThePreviousHashAndTheContent() {
        // computed independently: printf '%s\nx' "$(printf '0%.0s' {1..64})" | sha256sum
        assertThat(AuditChain.hash(AuditChain.GENESIS, "x"))
                .isEqualTo("0152f4f98e11e409b35bfa9b5e18c329427b7f29deedbc071733db222ce38158");
    }
}
