-- Personal API tokens. Only the SHA-256 of the secret is kept (the secret is 256 random bits, so a fast hash is
-- safe); the hint (prefix plus the first characters) lets a user recognise a token in lists and in leak reports.
create table api_tokens (
    id           uuid primary key,
    tenant_id    uuid not null,
    user_id      uuid not null references users (id) on delete cascade,
    name         varchar(100) not null,
    hint         varchar(20) not null,
    secret_hash  char(64) not null unique,
    scopes       text[] not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_tokens_by_user on api_tokens (tenant_id, user_id, id);

alter table api_tokens enable row level security;
create policy tenant_isolation on api_tokens
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());

-- Which tenant a presented secret belongs to. Deliberately outside row-level security: a bearer secret arrives
-- before anyone knows its tenant. It holds nothing but hashes and tenant ids.
create table credential_lookup (
    secret_hash char(64) primary key,
    tenant_id   uuid not null,
    kind        varchar(20) not null
);

-- Integration clients (client_credentials). The secret is hashed with the password encoder, as Spring
-- Authorization Server verifies client secrets through it.
create table api_clients (
    id          uuid primary key,
    tenant_id   uuid not null,
    client_id   varchar(64) not null unique,
    name        varchar(100) not null,
    secret_hash varchar(200) not null,
    scopes      text[] not null,
    created_by  uuid not null,
    created_at  timestamptz not null,
    revoked_at  timestamptz
);
create index api_clients_by_tenant on api_clients (tenant_id, id);

alter table api_clients enable row level security;
create policy tenant_isolation on api_clients
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());
