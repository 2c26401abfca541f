-- task-service's own tables. Every tenant table carries tenant_id and the tenant_isolation policy of
-- current_tenant_id(), so the runtime role (tasks_app, owner of nothing) never sees another tenant's rows.

-- The next task number of each project; incremented by the transaction that creates a task, so numbers are
-- sequential without gaps (a rolled-back create rolls the counter back too) and concurrent creates queue on the row.
create table task_counters (
    project_id  uuid primary key,
    tenant_id   uuid not null,
    last_number bigint not null
);

-- A project's workflow (工作流): statuses in categories, and the transitions allowed between them. The workflows row
-- holds its version (ETag); a project gets the default workflow when it is first used.
create table workflows (
    project_id uuid primary key,
    tenant_id  uuid not null,
    version    bigint not null
);
create table workflow_statuses (
    project_id uuid not null,
    tenant_id  uuid not null,
    status     varchar(40) not null,
    name       varchar(100) not null,
    category   varchar(20) not null check (category in ('TODO', 'IN_PROGRESS', 'DONE')),
    position   int not null,
    wip_limit  int check (wip_limit is null or wip_limit > 0),
    wip_policy varchar(10) not null default 'WARN' check (wip_policy in ('WARN', 'ENFORCE')),
    primary key (project_id, status)
);

create table workflow_transitions (
    project_id  uuid not null,
    tenant_id   uuid not null,
    from_status varchar(40) not null,
    to_status   varchar(40) not null,
    primary key (project_id, from_status, to_status),
    foreign key (project_id, from_status) references workflow_statuses (project_id, status) on delete cascade,
    foreign key (project_id, to_status) references workflow_statuses (project_id, status) on delete cascade
);

-- Typed custom fields of a project; task values live in tasks.custom_fields under the field's key.
create table custom_fields (
    project_id uuid not null,
    tenant_id  uuid not null,
    key        varchar(40) not null,
    name       varchar(100) not null,
    type       varchar(20) not null check (type in ('TEXT', 'NUMBER', 'DATE', 'SINGLE_SELECT', 'MULTI_SELECT', 'USER')),
    options    text[] not null default '{}',
    primary key (project_id, key)
);

create table tasks (
    id                uuid primary key,
    tenant_id         uuid not null,
    project_id        uuid not null,
    number            bigint not null,
    key               varchar(24) not null,
    title             varchar(500) not null,
    description       text,
    type              varchar(10) not null,
    status            varchar(40) not null,
    status_category   varchar(20) not null,
    priority          varchar(10) not null,
    -- HIGHEST 0 .. LOWEST 4, so that sorting by priority is an index-friendly integer comparison
    priority_order    smallint not null,
    assignee_id       uuid,
    reporter_id       uuid not null,
    labels            text[] not null default '{}',
    start_date        date,
    due_date          date,
    estimate_minutes  bigint,
    remaining_minutes bigint,
    parent_id         uuid references tasks (id) on delete set null,
    milestone_id      uuid,
    release_id        uuid,
    stage_id          uuid,
    custom_fields     jsonb not null default '{}',
    -- position on the board: lexicographic rank, so a move writes one row (see board.Rank)
    rank              varchar(64) collate "C" not null,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    completed_at      timestamptz,
    version           bigint not null,
    unique (project_id, number)
);
create index tasks_by_project on tasks (tenant_id, project_id, id);
create index tasks_by_assignee on tasks (tenant_id, assignee_id, id) where assignee_id is not null;
create index tasks_by_status_rank on tasks (project_id, status, rank);
create index tasks_by_rank on tasks (project_id, rank);
create index tasks_due on tasks (due_date) where status_category <> 'DONE' and due_date is not null;
create index tasks_custom_fields on tasks using gin (custom_fields jsonb_path_ops);

create table task_watchers (
    task_id   uuid not null references tasks (id) on delete cascade,
    tenant_id uuid not null,
    user_id   uuid not null,
    primary key (task_id, user_id)
);

-- Every field change of a task (the activity history), written in the transaction of the change.
create table task_activity (
    id        uuid primary key,
    tenant_id uuid not null,
    task_id   uuid not null references tasks (id) on delete cascade,
    version   bigint not null,
    actor_id  varchar(100) not null,
    at        timestamptz not null,
    field     varchar(40) not null,
    old_value text,
    new_value text
);
create index task_activity_by_task on task_activity (task_id, id);

create table comments (
    id         uuid primary key,
    tenant_id  uuid not null,
    task_id    uuid not null references tasks (id) on delete cascade,
    project_id uuid not null,
    author_id  uuid not null,
    body       text not null,
    mentioned  uuid[] not null default '{}',
    created_at timestamptz not null,
    edited_at  timestamptz,
    version    bigint not null
);
create index comments_by_task on comments (task_id, id);

create table dependencies (
    id                     uuid primary key,
    tenant_id              uuid not null,
    predecessor_id         uuid not null references tasks (id) on delete cascade,
    successor_id           uuid not null references tasks (id) on delete cascade,
    predecessor_project_id uuid not null,
    successor_project_id   uuid not null,
    type                   varchar(2) not null check (type in ('FS', 'SS', 'FF', 'SF')),
    lag_days               int not null,
    created_at             timestamptz not null,
    unique (predecessor_id, successor_id),
    check (predecessor_id <> successor_id)
);
create index dependencies_by_successor_project on dependencies (successor_project_id);
create index dependencies_by_predecessor_project on dependencies (predecessor_project_id);
create index dependencies_by_successor on dependencies (successor_id);

-- The tenant's working calendar: Saturday and Sunday are days off unless a day here says otherwise, e.g. a public
-- holiday (working = false) or a make-up working weekend day (调休, working = true).
create table calendar_days (
    tenant_id uuid not null,
    day       date not null,
    working   boolean not null,
    name      varchar(100),
    primary key (tenant_id, day)
);

create table worklogs (
    id         uuid primary key,
    tenant_id  uuid not null,
    task_id    uuid not null references tasks (id) on delete cascade,
    project_id uuid not null,
    user_id    uuid not null,
    work_date  date not null,
    minutes    int not null check (minutes > 0),
    note       varchar(2000),
    created_at timestamptz not null,
    version    bigint not null
);
create index worklogs_by_project on worklogs (tenant_id, project_id, work_date);
create index worklogs_by_task on worklogs (task_id, id);

-- What task-service knows of releases (and their stages) and milestones, from project-service's events, to validate a
-- task's links; version is the aggregate version of the last event applied.
create table release_stages (
    release_id uuid not null,
    stage_id   uuid not null,
    tenant_id  uuid not null,
    project_id uuid not null,
    name       varchar(200) not null,
    primary key (release_id, stage_id)
);
create table releases (
    id         uuid primary key,
    tenant_id  uuid not null,
    project_id uuid not null,
    version    bigint not null
);
create table milestones (
    id         uuid primary key,
    tenant_id  uuid not null,
    project_id uuid not null,
    name       varchar(200) not null,
    deleted    boolean not null default false,
    version    bigint not null
);

-- Imports: a validated file runs as a job; the content hash makes a retry of the same file return the same job.
create table import_jobs (
    id            uuid primary key,
    tenant_id     uuid not null,
    project_id    uuid not null,
    content_hash  varchar(64) not null,
    status        varchar(20) not null,
    total_rows    int not null,
    imported_rows int not null default 0,
    error         varchar(2000),
    created_by    uuid not null,
    created_at    timestamptz not null,
    finished_at   timestamptz,
    unique (tenant_id, project_id, content_hash)
);

do $$
declare
    t text;
begin
    foreach t in array array['task_counters', 'workflows', 'workflow_statuses', 'workflow_transitions', 'custom_fields', 'tasks',
        'task_watchers', 'task_activity', 'comments', 'dependencies', 'calendar_days', 'worklogs', 'release_stages',
        'releases', 'milestones', 'import_jobs']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) '
            || 'with check (tenant_id = current_tenant_id())', t);
    end loop;
end
$$;

-- The tenants that have tasks, for the platform's internal export (search index rebuild). Row-level security hides
-- every row from the runtime role outside a tenant, so this one cross-tenant question is answered by a function that
-- runs as the schema owner, returns tenant ids only, and pins its search path.
create function export_tenants() returns setof uuid
    language sql stable security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ select distinct tenant_id from tasks order by tenant_id $$;

-- Open tasks past their due date across tenants, for the overdue gauge of the ops dashboards.
create function overdue_task_count(today date) returns bigint
    language sql stable security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ select count(*) from tasks where status_category <> 'DONE' and due_date < today $$;
