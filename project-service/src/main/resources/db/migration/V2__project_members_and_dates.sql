alter table projects
    add column status      varchar(20) not null default 'ACTIVE',
    add column start_date  date,
    add column target_date date;

create table project_members (
    project_id uuid not null references projects (id) on delete cascade,
    tenant_id  uuid not null,
    user_id    uuid not null,
    role       varchar(20) not null,
    duties     text[] not null default '{}',
    added_at   timestamptz not null,
    primary key (project_id, user_id)
);
create index project_members_by_user on project_members (tenant_id, user_id);

alter table project_members enable row level security;
create policy tenant_isolation on project_members
    using (tenant_id = current_tenant_id())
    with check (tenant_id = current_tenant_id());
