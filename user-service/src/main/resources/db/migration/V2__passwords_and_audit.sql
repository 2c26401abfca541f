-- Password credentials, apart from the user directory so that a user row never carries a hash. Failed attempts
-- and the lock drive the lockout with backoff (dev.gantry.user.password.LockoutPolicy).
create table credentials (
    user_id             uuid primary key references users (id) on delete cascade,
    tenant_id           uuid not null,
    password_hash       varchar(200) not null,
    password_changed_at timestamptz not null,
    failed_attempts     int not null default 0,
    locked_until        timestamptz
);

alter table credentials enable row level security;
create policy tenant_isolation on credentials
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());

-- The security audit log: append-only and hash-chained per tenant. Entry n of a tenant stores the hash of entry
-- n-1 and its own hash over that and its canonical content (dev.gantry.user.audit.AuditChain), so an altered,
-- removed or inserted row breaks the chain where it happened.
create table audit_events (
    id          uuid primary key,
    tenant_id   uuid not null,
    seq         bigint not null,
    occurred_at timestamptz not null,
    type        varchar(60) not null,
    actor_id    uuid,
    subject_id  uuid,
    details     text not null,
    prev_hash   char(64) not null,
    hash        char(64) not null,
    constraint audit_events_seq_unique unique (tenant_id, seq)
);
create index audit_events_by_type on audit_events (tenant_id, type, seq);

alter table audit_events enable row level security;
create policy tenant_isolation on audit_events
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());

-- The service may add entries and read them, never change or remove them: no privilege for it, and a trigger
-- that refuses changes from anyone, the schema owner included (who must drop the trigger first, visibly).
revoke update, delete, truncate on audit_events from ${appRole};

create function refuse_audit_change() returns trigger
    language plpgsql
    as $$
begin
    raise exception 'audit_events is append-only: % refused', tg_op;
end
$$;
create trigger audit_events_append_only
    before update or delete on audit_events
    for each row execute function refuse_audit_change();
create trigger audit_events_no_truncate
    before truncate on audit_events
    for each statement execute function refuse_audit_change();
