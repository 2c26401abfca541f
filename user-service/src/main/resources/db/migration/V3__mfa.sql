-- TOTP two-factor authentication. The secret is AES-GCM encrypted by the service (dev.gantry.user.mfa.SecretCipher);
-- last_used_step refuses a code that was already used (RFC 6238 §5.2). Unconfirmed rows are enrollments in progress.
create table totp_credentials (
    user_id        uuid primary key references users (id) on delete cascade,
    tenant_id      uuid not null,
    secret         text not null,
    created_at     timestamptz not null,
    confirmed_at   timestamptz,
    last_used_step bigint not null default 0
);

alter table totp_credentials enable row level security;
create policy tenant_isolation on totp_credentials
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());

-- One-time recovery codes, stored as SHA-256 hashes of random codes; a used code keeps its row with used_at.
create table recovery_codes (
    user_id   uuid not null references users (id) on delete cascade,
    tenant_id uuid not null,
    code_hash char(64) not null,
    used_at   timestamptz,
    primary key (user_id, code_hash)
);

alter table recovery_codes enable row level security;
create policy tenant_isolation on recovery_codes
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());
