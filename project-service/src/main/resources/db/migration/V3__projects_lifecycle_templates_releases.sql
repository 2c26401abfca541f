-- Projects grow an owner and a soft delete; members record when they changed.
alter table projects
    add column owner_id   uuid,
    add column updated_at timestamptz,
    add column deleted_at timestamptz;
update projects set owner_id = created_by::uuid
    where created_by ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
create index projects_live on projects (tenant_id, id) where deleted_at is null;
create index projects_deleted on projects (deleted_at) where deleted_at is not null;

-- Duties (QA, OPS, PRODUCT, SECURITY, ...) a tenant uses for members and approval rules.
create table duties (
    tenant_id  uuid not null,
    name       varchar(30) not null,
    created_at timestamptz not null,
    primary key (tenant_id, name)
);
alter table duties enable row level security;
create policy tenant_isolation on duties
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

-- Process templates: a template is a name and its versions; a version's definition (stages, checklists, approval
-- rules) never changes once written, so a running release can always name the version it started from.
create table process_templates (
    id             uuid primary key,
    tenant_id      uuid not null,
    name           varchar(200) not null,
    description    text,
    built_in       varchar(40),
    latest_version int not null,
    created_by     varchar(100) not null,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    constraint process_templates_name_unique unique (tenant_id, name),
    constraint process_templates_built_in_unique unique (tenant_id, built_in)
);
alter table process_templates enable row level security;
create policy tenant_isolation on process_templates
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

create table process_template_versions (
    template_id uuid not null references process_templates (id) on delete cascade,
    version     int not null,
    tenant_id   uuid not null,
    definition  jsonb not null,
    created_by  varchar(100) not null,
    created_at  timestamptz not null,
    primary key (template_id, version)
);
alter table process_template_versions enable row level security;
create policy tenant_isolation on process_template_versions
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

-- Releases (go-live runs). The release row is the aggregate: every change of it, its stages, checklist items and
-- approvals takes the row lock and increments its version, which is the ETag and the events' aggregate version.
create table releases (
    id               uuid primary key,
    tenant_id        uuid not null,
    project_id       uuid not null references projects (id) on delete cascade,
    name             varchar(200) not null,
    version_label    varchar(50) not null,
    template_id      uuid not null,
    template_version int not null,
    status           varchar(20) not null,
    planned_date     date,
    current_stage_id uuid,
    started_by       uuid not null,
    started_at       timestamptz not null,
    ended_at         timestamptz,
    end_reason       text,
    version          bigint not null
);
create index releases_by_project on releases (tenant_id, project_id, id);
create index releases_by_status on releases (status);
alter table releases enable row level security;
create policy tenant_isolation on releases
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

create table release_stages (
    id                 uuid primary key,
    release_id         uuid not null references releases (id) on delete cascade,
    tenant_id          uuid not null,
    stage_key          varchar(40) not null,
    name               varchar(200) not null,
    position           int not null,
    owner_role         varchar(20) not null,
    definition         jsonb not null,
    status             varchar(20) not null,
    planned_start      date,
    planned_end        date,
    entered_at         timestamptz,
    approval_requested_at timestamptz,
    approval_requested_by uuid,
    approved_at        timestamptz,
    approval_round     int not null default 0,
    constraint release_stages_position unique (release_id, position)
);
alter table release_stages enable row level security;
create policy tenant_isolation on release_stages
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

create table checklist_items (
    id              uuid primary key,
    release_id      uuid not null references releases (id) on delete cascade,
    stage_id        uuid not null references release_stages (id) on delete cascade,
    tenant_id       uuid not null,
    position        int not null,
    title           varchar(300) not null,
    mandatory       boolean not null,
    evidence        varchar(20) not null,
    sign_off        jsonb,
    done            boolean not null default false,
    note            text,
    attachment_ref  varchar(1000),
    completed_by    uuid,
    completed_at    timestamptz,
    version         bigint not null default 1
);
create index checklist_items_by_stage on checklist_items (stage_id, position);
alter table checklist_items enable row level security;
create policy tenant_isolation on checklist_items
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

-- One row per request for sign-off of a stage (a round) and one per decision in it.
create table approval_requests (
    id           uuid primary key,
    release_id   uuid not null references releases (id) on delete cascade,
    stage_id     uuid not null references release_stages (id) on delete cascade,
    tenant_id    uuid not null,
    round        int not null,
    requested_by uuid not null,
    requested_at timestamptz not null,
    approver_ids uuid[] not null,
    outcome      varchar(20),
    decided_at   timestamptz,
    constraint approval_requests_round unique (stage_id, round)
);
create index approval_requests_waiting on approval_requests (requested_at) where outcome is null;
alter table approval_requests enable row level security;
create policy tenant_isolation on approval_requests
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

create table approvals (
    id          uuid primary key,
    request_id  uuid not null references approval_requests (id) on delete cascade,
    release_id  uuid not null references releases (id) on delete cascade,
    stage_id    uuid not null,
    tenant_id   uuid not null,
    approver_id uuid not null,
    decision    varchar(10) not null,
    comment     text,
    decided_at  timestamptz not null,
    constraint approvals_one_per_approver unique (request_id, approver_id)
);
create index approvals_by_release on approvals (release_id, decided_at);
alter table approvals enable row level security;
create policy tenant_isolation on approvals
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

create table release_incidents (
    id          uuid primary key,
    release_id  uuid not null references releases (id) on delete cascade,
    tenant_id   uuid not null,
    title       varchar(300) not null,
    severity    varchar(10) not null,
    description text,
    noted_by    uuid not null,
    noted_at    timestamptz not null
);
alter table release_incidents enable row level security;
create policy tenant_isolation on release_incidents
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

-- The release timeline: every action, who, when, what. Append-only.
create table release_timeline (
    id         uuid primary key,
    release_id uuid not null references releases (id) on delete cascade,
    tenant_id  uuid not null,
    at         timestamptz not null,
    actor_id   uuid,
    action     varchar(40) not null,
    stage_id   uuid,
    detail     text
);
create index release_timeline_by_release on release_timeline (release_id, id);
alter table release_timeline enable row level security;
create policy tenant_isolation on release_timeline
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

create table milestones (
    id          uuid primary key,
    tenant_id   uuid not null,
    project_id  uuid not null references projects (id) on delete cascade,
    name        varchar(200) not null,
    description text,
    due_date    date not null,
    release_id  uuid references releases (id) on delete set null,
    status      varchar(20) not null,
    created_by  uuid not null,
    created_at  timestamptz not null,
    version     bigint not null
);
create index milestones_by_project on milestones (tenant_id, project_id, id);
alter table milestones enable row level security;
create policy tenant_isolation on milestones
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

-- task-service's tasks as far as stage gates need them, from its task events. A deleted task stays as a tombstone
-- with its version, so a stale created/updated event arriving late cannot bring it back.
create table linked_tasks (
    task_id         uuid primary key,
    tenant_id       uuid not null,
    project_id      uuid not null,
    task_key        varchar(30),
    title           varchar(500),
    release_id      uuid,
    stage_id        uuid,
    status_category varchar(20),
    deleted         boolean not null default false,
    version         bigint not null
);
create index linked_tasks_by_stage on linked_tasks (tenant_id, stage_id) where stage_id is not null and not deleted;
alter table linked_tasks enable row level security;
create policy tenant_isolation on linked_tasks
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

-- Cross-tenant reads for platform work, owned by this schema's owner (which row-level security does not apply to),
-- each with its search path pinned so a caller cannot redirect the names it uses.

-- Tenants that have live projects, for the search index rebuild's export.
create function export_tenants() returns setof uuid
    language sql stable security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ select distinct tenant_id from ${flyway:defaultSchema}.projects where deleted_at is null order by tenant_id $$;
revoke execute on function export_tenants() from public;
grant execute on function export_tenants() to ${appRole};

-- Business metrics over all tenants: releases by status, approvals waiting and the age of the oldest.
create function release_metrics(out status varchar, out releases bigint) returns setof record
    language sql stable security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ select status, count(*) from ${flyway:defaultSchema}.releases group by status $$;
revoke execute on function release_metrics() from public;
grant execute on function release_metrics() to ${appRole};

create function approval_metrics(out waiting bigint, out oldest_requested_at timestamptz) returns record
    language sql stable security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ select count(*), min(requested_at) from ${flyway:defaultSchema}.approval_requests where outcome is null $$;
revoke execute on function approval_metrics() from public;
grant execute on function approval_metrics() to ${appRole};

-- The retention purge: projects deleted before the cutoff, with everything that belongs to them (cascades).
create function purge_deleted_projects(cutoff timestamptz) returns setof uuid
    language sql volatile security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ delete from ${flyway:defaultSchema}.projects where deleted_at is not null and deleted_at < cutoff returning id $$;
revoke execute on function purge_deleted_projects(timestamptz) from public;
grant execute on function purge_deleted_projects(timestamptz) to ${appRole};
