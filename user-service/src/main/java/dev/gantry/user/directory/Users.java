package dev.gantry.user.directory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Problems.FieldError;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.common.web.Versions;
import dev.gantry.events.users.ChatAccount;
import dev.gantry.events.users.ChatPlatform;
import dev.gantry.events.users.UserCreated;
import dev.gantry.events.users.UserDeleted;
import dev.gantry.events.users.UserDisabled;
import dev.gantry.events.users.UserEvents;
import dev.gantry.events.users.UserUpdated;
import dev.gantry.user.audit.AuditEventType;
import dev.gantry.user.audit.AuditLog;
import dev.gantry.user.password.Passwords;
import dev.gantry.user.directory.UserRequests.ChatLinkImport;
import dev.gantry.user.directory.UserRequests.ChatLinkImportResult;
import dev.gantry.user.directory.UserRequests.ImportedChatLink;
import dev.gantry.user.directory.UserRequests.NewUser;
import dev.gantry.user.directory.UserRequests.ProfileChange;

/**
 * The user directory of each tenant: creating users, their roles, profiles, chat links, disabling and deleting.
 * Every change publishes a user event with the full profile, in the transaction of the change.
 */
@Service
public class Users {

    private final UserRepository repository;
    private final LoginDirectory logins;
    private final Passwords passwords;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;

    Users(UserRepository repository, LoginDirectory logins, Passwords passwords, AuditLog audit, Outbox outbox,
            Clock clock) {
        this.repository = repository;
        this.logins = logins;
        this.passwords = passwords;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * The caller as the directory knows them: an active user of the token's tenant. A token of a user who was
     * disabled or removed since it was issued gets nothing here.
     */
    @Transactional(readOnly = true)
    public Caller caller(CurrentUser token) {
        UUID tenantId = token.tenantId().orElseThrow(() -> new ProblemException(HttpStatus.FORBIDDEN,
                Problems.FORBIDDEN, "Forbidden", "The access token names no organisation."));
        User user = repository.find(tenantId, token.userId()).orElseThrow(() -> new ProblemException(
                HttpStatus.FORBIDDEN, Problems.type("unknown-user"), "Unknown user",
                "Your account is not in this organisation's user directory."));
        if (!user.isActive()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.type("account-disabled"), "Account disabled",
                    "Your account in this organisation is disabled.");
        }
        return new Caller(user.id(), tenantId, user.roleSet());
    }

    /** An active user of the current tenant, for credentials (API tokens, sign-in) that act as that user. */
    @Transactional(readOnly = true)
    public Optional<User> findActive(UUID tenantId, UUID userId) {
        return repository.find(tenantId, userId).filter(User::isActive);
    }

    /**
     * The first user of a new tenant, its owner; called by sign-up inside the transaction that creates the tenant.
     */
    @Transactional
    public User createOwner(UUID tenantId, UUID userId, String email, String displayName, String locale,
            String timeZone, String password) {
        ProfileRules.check("locale", locale, "timeZone", timeZone);
        Instant now = now();
        User owner = new User(userId, tenantId, ProfileRules.normalizeEmail(email), displayName.strip(),
                locale == null ? ProfileRules.DEFAULT_LOCALE : locale,
                timeZone == null ? ProfileRules.DEFAULT_TIME_ZONE : timeZone, List.of(TenantRole.OWNER), List.of(),
                UserStatus.ACTIVE, now, now, 1);
        repository.insert(owner);
        logins.add(owner.email(), tenantId, owner.id());
        passwords.setInitial(tenantId, owner.id(), owner.email(), password);
        audit.record(AuditEventType.USER_CREATED, owner.id(), owner.id(), Map.of("roles", "OWNER",
                "via", "sign-up"));
        outbox.record(UserEvents.CREATED, owner.id(), owner.version(), new UserCreated(owner.profile()));
        return owner;
    }

    @Transactional
    public User create(CurrentUser token, NewUser request) {
        Caller caller = caller(token);
        RoleRules.requireCanAssign(caller, Set.of(), Set.copyOf(request.roles()));
        ProfileRules.check("locale", request.locale(), "timeZone", request.timeZone());
        Instant now = now();
        User user = new User(Ids.newId(), caller.tenantId(), ProfileRules.normalizeEmail(request.email()),
                request.displayName().strip(), request.locale() == null ? ProfileRules.DEFAULT_LOCALE : request.locale(),
                request.timeZone() == null ? ProfileRules.DEFAULT_TIME_ZONE : request.timeZone(), request.roles(),
                List.of(), UserStatus.ACTIVE, now, now, 1);
        if (repository.findByEmail(caller.tenantId(), user.email()).isPresent()) {
            throw emailTaken(user.email());
        }
        if (request.password() != null) {
            passwords.requireAcceptable("password", request.password(), user.email());
        }
        try {
            repository.insert(user);
        } catch (DuplicateKeyException concurrentlyCreated) {
            throw emailTaken(user.email());
        }
        logins.add(user.email(), caller.tenantId(), user.id());
        if (request.password() != null) {
            passwords.setInitial(caller.tenantId(), user.id(), user.email(), request.password());
        }
        audit.record(AuditEventType.USER_CREATED, caller.userId(), user.id(), Map.of("roles", names(user.roles())));
        outbox.record(UserEvents.CREATED, user.id(), user.version(), new UserCreated(user.profile()));
        return user;
    }

    @Transactional(readOnly = true)
    public User get(CurrentUser token, UUID id) {
        Caller caller = caller(token);
        if (!id.equals(caller.userId())) {
            RoleRules.requireCanBrowseDirectory(caller);
        }
        return find(caller, id);
    }

    @Transactional(readOnly = true)
    public CursorPage<UserSummary> search(CurrentUser token, String query, PageRequest page) {
        Caller caller = caller(token);
        RoleRules.requireCanBrowseDirectory(caller);
        String text = query == null || query.isBlank() ? null : query.strip();
        return CursorPage.of(repository.search(caller.tenantId(), text, page), page.limit(),
                user -> PageRequest.cursorAfter(user.id()));
    }

    @Transactional
    public User changeRoles(CurrentUser token, UUID id, long expectedVersion, List<TenantRole> roles) {
        Caller caller = caller(token);
        RoleRules.requireCanManageUsers(caller);
        repository.lockTenant(caller.tenantId());
        User before = find(caller, id);
        Versions.require("user", expectedVersion, before.version());
        Set<TenantRole> after = Set.copyOf(roles);
        RoleRules.requireCanAssign(caller, before.roleSet(), after);
        RoleRules.requireAnOwnerRemains(repository.countActiveOwners(caller.tenantId()), before.isActiveOwner(),
                before.isActive() && after.contains(TenantRole.OWNER));
        if (before.roleSet().equals(after)) {
            return before;
        }
        User changed = save(before, changed(before).roles(List.copyOf(after)).build(), List.of("roles"));
        audit.record(AuditEventType.ROLES_CHANGED, caller.userId(), id, Map.of("before", names(before.roles()),
                "after", names(changed.roles())));
        return changed;
    }

    @Transactional
    public User disable(CurrentUser token, UUID id, long expectedVersion) {
        Caller caller = caller(token);
        RoleRules.requireCanManageUsers(caller);
        repository.lockTenant(caller.tenantId());
        User before = find(caller, id);
        Versions.require("user", expectedVersion, before.version());
        RoleRules.requireCanRemove(caller, before);
        RoleRules.requireAnOwnerRemains(repository.countActiveOwners(caller.tenantId()), before.isActiveOwner(),
                false);
        if (!before.isActive()) {
            return before;
        }
        User after = changed(before).status(UserStatus.DISABLED).build();
        write(before, after);
        audit.record(AuditEventType.USER_DISABLED, caller.userId(), id, Map.of());
        outbox.record(UserEvents.DISABLED, after.id(), after.version(), new UserDisabled(after.profile()));
        return after;
    }

    @Transactional
    public User enable(CurrentUser token, UUID id, long expectedVersion) {
        Caller caller = caller(token);
        User before = find(caller, id);
        Versions.require("user", expectedVersion, before.version());
        RoleRules.requireCanRemove(caller, before);
        if (before.isActive()) {
            return before;
        }
        audit.record(AuditEventType.USER_ENABLED, caller.userId(), id, Map.of());
        return save(before, changed(before).status(UserStatus.ACTIVE).build(), List.of("status"));
    }

    @Transactional
    public void delete(CurrentUser token, UUID id, long expectedVersion) {
        Caller caller = caller(token);
        RoleRules.requireCanManageUsers(caller);
        repository.lockTenant(caller.tenantId());
        User before = find(caller, id);
        Versions.require("user", expectedVersion, before.version());
        RoleRules.requireCanRemove(caller, before);
        RoleRules.requireAnOwnerRemains(repository.countActiveOwners(caller.tenantId()), before.isActiveOwner(),
                false);
        if (!repository.delete(caller.tenantId(), id, expectedVersion)) {
            throw Versions.stale("user", before.version());
        }
        logins.remove(caller.tenantId(), id);
        audit.record(AuditEventType.USER_DELETED, caller.userId(), id, Map.of("email", before.email()));
        outbox.record(UserEvents.DELETED, id, before.version() + 1, new UserDeleted(id));
    }

    @Transactional(readOnly = true)
    public User me(CurrentUser token) {
        Caller caller = caller(token);
        return find(caller, caller.userId());
    }

    @Transactional
    public User updateProfile(CurrentUser token, long expectedVersion, ProfileChange change) {
        Caller caller = caller(token);
        ProfileRules.check("locale", change.locale(), "timeZone", change.timeZone());
        User before = find(caller, caller.userId());
        Versions.require("user", expectedVersion, before.version());
        UserBuilder after = changed(before);
        List<String> fields = new ArrayList<>();
        if (change.displayName() != null && !change.displayName().strip().equals(before.displayName())) {
            after.displayName(change.displayName().strip());
            fields.add("displayName");
        }
        if (change.locale() != null && !change.locale().equals(before.locale())) {
            after.locale(change.locale());
            fields.add("locale");
        }
        if (change.timeZone() != null && !change.timeZone().equals(before.timeZone())) {
            after.timeZone(change.timeZone());
            fields.add("timeZone");
        }
        return fields.isEmpty() ? before : save(before, after.build(), fields);
    }

    /** Links (or re-links) the caller's account on a chat platform. */
    @Transactional
    public User linkChatAccount(CurrentUser token, long expectedVersion, ChatAccount account) {
        Caller caller = caller(token);
        User before = find(caller, caller.userId());
        Versions.require("user", expectedVersion, before.version());
        if (before.chatAccounts().contains(account)) {
            return before;
        }
        requireUnlinkedOrMine(caller.tenantId(), caller.userId(), account);
        List<ChatAccount> accounts = new ArrayList<>(before.chatAccounts().stream()
                .filter(a -> a.platform() != account.platform()).toList());
        accounts.add(account);
        User after = save(before, changed(before).chatAccounts(accounts).build(), List.of("chatAccounts"));
        try {
            repository.replaceChatAccount(caller.tenantId(), caller.userId(), account, after.updatedAt());
        } catch (DuplicateKeyException linkedConcurrently) {
            throw chatAccountTaken(account);
        }
        return after;
    }

    @Transactional
    public User unlinkChatAccount(CurrentUser token, long expectedVersion, ChatPlatform platform) {
        Caller caller = caller(token);
        User before = find(caller, caller.userId());
        Versions.require("user", expectedVersion, before.version());
        if (!repository.removeChatAccount(caller.tenantId(), caller.userId(), platform)) {
            return before;
        }
        return save(before, changed(before).chatAccounts(before.chatAccounts().stream()
                .filter(a -> a.platform() != platform).toList()).build(), List.of("chatAccounts"));
    }

    /**
     * Links many users' chat accounts at once. All or nothing: any unknown e-mail or an account id already linked
     * to someone else refuses the whole import, naming each bad row.
     */
    @Transactional
    public ChatLinkImportResult importChatAccounts(CurrentUser token, ChatLinkImport request) {
        Caller caller = caller(token);
        RoleRules.requireCanManageUsers(caller);
        List<FieldError> errors = new ArrayList<>();
        Map<UUID, User> users = new LinkedHashMap<>();
        Map<UUID, Map<ChatPlatform, ChatAccount>> wanted = new LinkedHashMap<>();
        Map<ChatAccount, UUID> claimedInRequest = new HashMap<>();
        for (int i = 0; i < request.links().size(); i++) {
            ImportedChatLink link = request.links().get(i);
            String field = "links[" + i + "]";
            ChatAccount account = new ChatAccount(link.platform(), link.accountId());
            var user = repository.findByEmail(caller.tenantId(), ProfileRules.normalizeEmail(link.email()));
            if (user.isEmpty()) {
                errors.add(new FieldError(field + ".email", "no user of this organisation has this e-mail"));
                continue;
            }
            UUID userId = user.get().id();
            UUID claimedBy = claimedInRequest.putIfAbsent(account, userId);
            var owner = repository.chatAccountOwner(caller.tenantId(), account);
            if (claimedBy != null && !claimedBy.equals(userId)
                    || owner.isPresent() && !owner.get().equals(userId)) {
                errors.add(new FieldError(field + ".accountId", "is linked to another user"));
                continue;
            }
            if (wanted.computeIfAbsent(userId, k -> new LinkedHashMap<>()).put(link.platform(), account) != null) {
                errors.add(new FieldError(field + ".platform", "is given twice for this user"));
                continue;
            }
            users.put(userId, user.get());
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        int linked = 0;
        int unchanged = 0;
        int usersUpdated = 0;
        for (User before : users.values()) {
            Map<ChatPlatform, ChatAccount> accounts = new LinkedHashMap<>();
            before.chatAccounts().forEach(a -> accounts.put(a.platform(), a));
            int changes = 0;
            for (ChatAccount account : wanted.get(before.id()).values()) {
                if (account.equals(accounts.put(account.platform(), account))) {
                    unchanged++;
                } else {
                    changes++;
                }
            }
            if (changes == 0) {
                continue;
            }
            User after = save(before, changed(before).chatAccounts(List.copyOf(accounts.values())).build(),
                    List.of("chatAccounts"));
            for (ChatAccount account : wanted.get(before.id()).values()) {
                try {
                    repository.replaceChatAccount(caller.tenantId(), before.id(), account, after.updatedAt());
                } catch (DuplicateKeyException linkedConcurrently) {
                    throw chatAccountTaken(account);
                }
            }
            linked += changes;
            usersUpdated++;
        }
        return new ChatLinkImportResult(linked, unchanged, usersUpdated);
    }

    private void requireUnlinkedOrMine(UUID tenantId, UUID userId, ChatAccount account) {
        repository.chatAccountOwner(tenantId, account).filter(owner -> !owner.equals(userId)).ifPresent(other -> {
            throw chatAccountTaken(account);
        });
    }

    private static ProblemException chatAccountTaken(ChatAccount account) {
        return new ProblemException(HttpStatus.CONFLICT, Problems.type("chat-account-taken"),
                "Chat account already linked", "This " + account.platform() + " account is linked to another "
                        + "user of the organisation.");
    }

    private User find(Caller caller, UUID id) {
        return repository.find(caller.tenantId(), id).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                Problems.NOT_FOUND, "User not found", "No user " + id + " in your organisation."));
    }

    /** Writes the change and publishes it as gantry.user.updated.v1 with the fields that changed. */
    private User save(User before, User after, List<String> changedFields) {
        write(before, after);
        outbox.record(UserEvents.UPDATED, after.id(), after.version(), new UserUpdated(after.profile(), changedFields));
        return after;
    }

    private void write(User before, User after) {
        if (!repository.update(after, before.version())) {
            throw Versions.stale("user", before.version() + 1);
        }
    }

    private UserBuilder changed(User user) {
        return new UserBuilder(user, now());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String names(List<TenantRole> roles) {
        return String.join(",", roles.stream().map(Enum::name).toList());
    }

    private static ProblemException emailTaken(String email) {
        return new ProblemException(HttpStatus.CONFLICT, Problems.type("email-taken"), "E-mail already in use",
                "A user with the e-mail " + email + " already belongs to this organisation.");
    }

    /** The next version of a user: one field or more changed, the version one higher. */
    private static final class UserBuilder {
        private final User user;
        private final Instant at;
        private String displayName;
        private String locale;
        private String timeZone;
        private List<TenantRole> roles;
        private List<ChatAccount> chatAccounts;
        private UserStatus status;

        UserBuilder(User user, Instant at) {
            this.user = user;
            this.at = at;
            this.displayName = user.displayName();
            this.locale = user.locale();
            this.timeZone = user.timeZone();
            this.roles = user.roles();
            this.chatAccounts = user.chatAccounts();
            this.status = user.status();
        }

        UserBuilder displayName(String value) {
            this.displayName = value;
            return this;
        }

        UserBuilder locale(String value) {
            this.locale = value;
            return this;
        }

        UserBuilder timeZone(String value) {
            this.timeZone = value;
            return this;
        }

        UserBuilder roles(List<TenantRole> value) {
            this.roles = value;
            return this;
        }

        UserBuilder chatAccounts(List<ChatAccount> value) {
            this.chatAccounts = value;
            return this;
        }

        UserBuilder status(UserStatus value) {
            this.status = Objects.requireNonNull(value);
            return this;
        }

        User build() {
            return new User(user.id(), user.tenantId(), user.email(), displayName, locale, timeZone, roles,
                    chatAccounts, status, user.createdAt(), at, user.version() + 1);
        }
    }
}
