-- Tenants (organisations) and their users. Both are tenant tables under row-level security: a tenant row is
-- visible only inside its own tenant's transactions, so sign-up creates a tenant from within that tenant's scope.
create table tenants (
    id           uuid primary key,
    name         varchar(100) not null,
    mfa_required boolean not null default false,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    version      bigint not null default 1
);

alter table tenants enable row level security;
create policy tenant_isolation on tenants
    using (id = current_tenant_id())
    with check (id = current_tenant_id());

-- E-mail addresses are stored lower-cased, so the unique constraint treats Ann@x.cn and ann@x.cn as one person.
-- A person may belong to several tenants, each with its own user row.
create table users (
    id           uuid primary key,
    tenant_id    uuid not null references tenants (id),
    email        varchar(254) not null,
    display_name varchar(100) not null,
    locale       varchar(10) not null,
    time_zone    varchar(64) not null,
    roles        text[] not null,
    status       varchar(20) not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    version      bigint not null default 1,
    constraint users_email_unique_in_tenant unique (tenant_id, email),
    constraint users_roles_known check (cardinality(roles) > 0
        and roles <@ array['OWNER', 'ADMIN', 'MEMBER', 'GUEST']::text[]),
    constraint users_status_known check (status in ('ACTIVE', 'DISABLED')),
    constraint users_locale_known check (locale in ('zh-CN', 'en'))
);
create index users_by_tenant on users (tenant_id, id);

alter table users enable row level security;
create policy tenant_isolation on users
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());

-- A user's linked chat accounts (DingTalk, WeCom, Feishu): at most one per platform per user, and an account id
-- belongs to at most one user of a tenant, so an inbound bot message resolves to exactly one person.
create table chat_accounts (
    user_id    uuid not null references users (id) on delete cascade,
    tenant_id  uuid not null,
    platform   varchar(20) not null,
    account_id varchar(128) not null,
    linked_at  timestamptz not null,
    primary key (user_id, platform),
    constraint chat_accounts_unique_in_tenant unique (tenant_id, platform, account_id),
    constraint chat_accounts_platform_known check (platform in ('DINGTALK', 'WECOM', 'FEISHU'))
);

alter table chat_accounts enable row level security;
create policy tenant_isolation on chat_accounts
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());
