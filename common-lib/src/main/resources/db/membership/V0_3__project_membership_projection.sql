-- What a consuming service knows of projects and their members, kept from project-service's events; it authorizes
-- from it. Added by common-lib when gantry.membership.projection=true.
create table projects (
    id         uuid primary key,
    tenant_id  uuid not null,
    key        varchar(10) not null,
    name       varchar(200) not null,
    status     varchar(20) not null,
    version    bigint not null,
    updated_at timestamptz not null
);

create table project_members (
    project_id uuid not null references projects (id) on delete cascade,
    tenant_id  uuid not null,
    user_id    uuid not null,
    role       varchar(20) not null,
    duties     text[] not null default '{}',
    primary key (project_id, user_id)
);
create index project_members_by_user on project_members (tenant_id, user_id);

alter table projects enable row level security;
create policy tenant_isolation on projects
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
alter table project_members enable row level security;
create policy tenant_isolation on project_members
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
