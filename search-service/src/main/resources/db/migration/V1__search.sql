-- search-service's own tables (the membership projection's come from common-lib's db/membership).

-- Rebuilds of the search index: one at a time (the partial unique index), the index being built, and a heartbeat so
-- that a rebuild whose instance died stops receiving live writes and no longer blocks the next one. Platform-wide,
-- not a tenant's: no tenant_id and no row-level security.
create table index_rebuilds (
    id             uuid primary key,
    status         varchar(20) not null check (status in ('RUNNING', 'COMPLETED', 'FAILED')),
    target_index   varchar(200) not null,
    previous_index varchar(200),
    requested_by   varchar(200) not null,
    documents      bigint not null default 0,
    error          varchar(2000),
    started_at     timestamptz not null,
    heartbeat_at   timestamptz not null,
    finished_at    timestamptz
);
create unique index index_rebuilds_one_running on index_rebuilds (status) where status = 'RUNNING';

-- Saved filters (query language text) of a user; shared ones are visible to every reader of their project.
create table saved_filters (
    id         uuid primary key,
    tenant_id  uuid not null,
    owner_id   uuid not null,
    project_id uuid,
    name       varchar(100) not null,
    query      varchar(2000) not null,
    shared     boolean not null default false,
    version    bigint not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (not shared or project_id is not null)
);
create index saved_filters_by_owner on saved_filters (tenant_id, owner_id, id);
create index saved_filters_shared_by_project on saved_filters (tenant_id, project_id, id) where shared;

alter table saved_filters enable row level security;
create policy tenant_isolation on saved_filters
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
