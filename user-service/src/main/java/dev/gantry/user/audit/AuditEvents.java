package dev.gantry.user.audit;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.user.directory.Caller;
import dev.gantry.user.directory.RoleRules;
import dev.gantry.user.directory.Users;

/** Reading and verifying the audit log: for the tenant's owners and admins only. */
@Service
public class AuditEvents {

    private static final int VERIFY_BATCH = 1000;

    private final AuditRepository repository;
    private final Users users;

    AuditEvents(AuditRepository repository, Users users) {
        this.repository = repository;
        this.users = users;
    }

    /** The outcome of checking a tenant's whole chain. */
    public record Verification(boolean intact, long entriesChecked, AuditChain.Break firstBreak) {
    }

    @Transactional(readOnly = true)
    public CursorPage<AuditEntry> page(CurrentUser token, AuditFilter filter, PageRequest page) {
        Caller caller = users.caller(token);
        RoleRules.requireCanManageUsers(caller);
        List<AuditEntry> entries = repository.page(caller.tenantId(), filter, page.after().orElse(null),
                page.limit() + 1);
        return CursorPage.of(entries, page.limit(), entry -> PageRequest.cursorAfter(entry.id()));
    }

    /** Walks the tenant's chain from its first entry and reports the first entry that does not fit. */
    @Transactional(readOnly = true)
    public Verification verify(CurrentUser token) {
        Caller caller = users.caller(token);
        RoleRules.requireCanManageUsers(caller);
        long nextSeq = 1;
        String prevHash = AuditChain.GENESIS;
        long checked = 0;
        while (true) {
            List<AuditEntry> batch = repository.chain(caller.tenantId(), nextSeq, VERIFY_BATCH);
            Optional<AuditChain.Break> broken = AuditChain.firstBreak(batch, nextSeq, prevHash);
            if (broken.isPresent()) {
                return new Verification(false, checked + broken.get().seq() - nextSeq, broken.get());
            }
            if (batch.isEmpty()) {
                return new Verification(true, checked, null);
            }
            checked += batch.size();
            nextSeq += batch.size();
            prevHash = batch.getLast().hash();
        }
    }
}
