create table projects (
    id          uuid primary key,
    tenant_id   uuid not null,
    key         varchar(10) not null,
    name        varchar(200) not null,
    description text,
    created_by  varchar(100) not null,
    created_at  timestamptz not null,
    version     bigint not null default 1,
    constraint projects_key_unique_in_tenant unique (tenant_id, key)
);

alter table projects enable row level security;
create policy tenant_isolation on projects
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());
