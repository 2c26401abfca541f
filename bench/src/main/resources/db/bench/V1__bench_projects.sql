-- The benchmark's tables, after common-lib's db/common migrations (outbox, processed_events, current_tenant_id()).
-- Producer side: a projects table like project-service's, tenant-isolated by row-level security.
create table projects (
    id          uuid primary key,
    tenant_id   uuid not null,
    key         varchar(10) not null,
    name        varchar(200) not null,
    description text,
    status      varchar(20) not null default 'ACTIVE',
    created_by  varchar(100) not null,
    created_at  timestamptz not null,
    version     bigint not null default 1,
    constraint projects_key_unique_in_tenant unique (tenant_id, key)
);
alter table projects enable row level security;
create policy tenant_isolation on projects
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());

-- Consumer side: the effect of ProjectCreated, a projection like task-service's, written by an EventHandler through
-- EventDispatcher (in the transaction that records the event id in processed_events).
create table project_views (
    id         uuid primary key,
    tenant_id  uuid not null,
    key        varchar(10) not null,
    name       varchar(200) not null,
    status     varchar(20) not null,
    version    bigint not null,
    updated_at timestamptz not null
);
alter table project_views enable row level security;
create policy tenant_isolation on project_views
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());
