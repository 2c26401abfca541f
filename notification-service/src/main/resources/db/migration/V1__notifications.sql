-- notification-service: who can be reached (a projection of user-service's events), the in-app inbox, the delivery
-- outbox of every other channel, integrations (robots and webhooks), preferences, and the projections of tasks and
-- releases that reminders and escalations read. Every tenant table has row-level security on tenant_id.

create table recipients (
    user_id      uuid primary key,
    tenant_id    uuid not null,
    email        varchar(320),
    display_name varchar(200),
    locale       varchar(10) not null,
    time_zone    varchar(64) not null,
    roles        text[] not null default '{}',
    active       boolean not null,
    version      bigint not null,
    updated_at   timestamptz not null
);
create index recipients_by_tenant on recipients (tenant_id);

-- A user's accounts on chat platforms, to recognise who sent a bot command.
create table recipient_chat_accounts (
    tenant_id  uuid not null,
    user_id    uuid not null references recipients (user_id) on delete cascade,
    platform   varchar(20) not null,
    account_id varchar(200) not null,
    primary key (tenant_id, platform, account_id)
);
create index recipient_chat_accounts_by_user on recipient_chat_accounts (user_id);

create table notifications (
    id          uuid primary key,
    tenant_id   uuid not null,
    user_id     uuid not null,
    event_id    uuid not null,
    kind        varchar(60) not null,
    title       varchar(300) not null,
    body        varchar(2000) not null,
    link        varchar(500),
    subject_id  uuid,
    project_id  uuid,
    created_at  timestamptz not null,
    read_at     timestamptz,
    constraint notifications_once_per_event unique (tenant_id, user_id, event_id, kind)
);
-- unread first, newest first: the inbox's order
create index notifications_inbox on notifications (tenant_id, user_id, (read_at is not null), id desc);

create table integrations (
    id             uuid primary key,
    tenant_id      uuid not null,
    project_id     uuid,
    platform       varchar(20) not null,
    name           varchar(100) not null,
    url_encrypted  text not null,
    url_display    varchar(300) not null,
    secret_encrypted text,
    inbound_secret_encrypted text,
    event_kinds    text[] not null default '{}',
    escalation     boolean not null default false,
    locale         varchar(10) not null,
    enabled        boolean not null default true,
    version        bigint not null,
    created_by     uuid not null,
    created_at     timestamptz not null
);
create index integrations_by_scope on integrations (tenant_id, project_id);

-- Every message to a channel other than the inbox: written in the transaction of the event that caused it (so a
-- redelivered event finds its rows and adds none), then sent by the delivery worker with retries.
create table deliveries (
    id              uuid primary key,
    tenant_id       uuid not null,
    event_id        uuid not null,
    kind            varchar(60) not null,
    channel         varchar(20) not null,
    recipient       varchar(100) not null,
    user_id         uuid,
    integration_id  uuid references integrations (id) on delete cascade,
    notice          text not null,
    status          varchar(20) not null,
    attempts        int not null default 0,
    next_attempt_at timestamptz not null,
    last_error      varchar(1000),
    message_id      uuid,
    claimed_at      timestamptz,
    digest_size     int,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    constraint deliveries_once_per_event unique (tenant_id, event_id, recipient, channel)
);
create index deliveries_due on deliveries (next_attempt_at) where status = 'PENDING';
create index deliveries_by_status on deliveries (tenant_id, status, id desc);
create index deliveries_recent_by_integration on deliveries (integration_id, sent_at) where sent_at is not null;

create table notification_preferences (
    tenant_id   uuid not null,
    user_id     uuid not null,
    disabled    text[] not null default '{}',
    quiet_start time,
    quiet_end   time,
    version     bigint not null,
    primary key (tenant_id, user_id)
);

-- Tasks and releases as reminders, escalations and risk warnings need them, from task- and project-service events.
create table tasks (
    task_id         uuid primary key,
    tenant_id       uuid not null,
    project_id      uuid not null,
    key             varchar(30) not null,
    title           varchar(500) not null,
    assignee_id     uuid,
    watcher_ids     uuid[] not null default '{}',
    due_date        date,
    status_category varchar(20) not null,
    release_id      uuid,
    stage_id        uuid,
    version         bigint not null
);
create index tasks_by_due_date on tasks (tenant_id, due_date) where status_category <> 'DONE';
create index tasks_by_key on tasks (tenant_id, key);
create index tasks_by_release on tasks (tenant_id, release_id);

create table releases (
    release_id       uuid primary key,
    tenant_id        uuid not null,
    project_id       uuid not null,
    project_key      varchar(30),
    name             varchar(200) not null,
    version_label    varchar(100),
    status           varchar(20) not null,
    current_stage_id uuid,
    stages           text not null,
    awaiting_stage_id uuid,
    awaiting_since   timestamptz,
    approver_ids     uuid[] not null default '{}',
    version          bigint not null
);
create index releases_by_tenant on releases (tenant_id, status);

create table release_rejections (
    tenant_id   uuid not null,
    release_id  uuid not null,
    stage_id    uuid not null,
    rejections  int not null,
    primary key (release_id, stage_id)
);

-- What a reminder job already sent, so the next run (on any instance) does not send it again.
create table reminders_sent (
    tenant_id    uuid not null,
    reminder_key varchar(200) not null,
    sent_at      timestamptz not null,
    primary key (tenant_id, reminder_key)
);

do $$
declare t text;
begin
    foreach t in array array['recipients', 'recipient_chat_accounts', 'notifications', 'integrations', 'deliveries',
            'notification_preferences', 'tasks', 'releases', 'release_rejections', 'reminders_sent'] loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) '
                       'with check (tenant_id = current_tenant_id())', t);
    end loop;
end $$;

-- Tenants this service has heard of: the scheduled jobs visit them one by one, each in its own tenant transaction.
-- Holds ids only, so it needs no row-level security.
create table known_tenants (
    tenant_id  uuid primary key,
    first_seen timestamptz not null default clock_timestamp()
);

-- ShedLock's lock table: one row per scheduled job, not tenant data.
create table shedlock (
    name       varchar(64) primary key,
    lock_until timestamptz not null,
    locked_at  timestamptz not null,
    locked_by  varchar(255) not null
);

-- The two questions asked before a tenant is known, answered by the schema owner past row-level security and
-- revealing only tenant ids: which tenants have deliveries due, and which tenant a bot callback's integration is of.
create function due_delivery_tenants(due_by timestamptz) returns setof uuid
    language sql stable security definer set search_path = ${flyway:defaultSchema}
    as $$ select distinct tenant_id from deliveries where status = 'PENDING' and next_attempt_at <= due_by $$;

create function integration_tenant(integration uuid) returns uuid
    language sql stable security definer set search_path = ${flyway:defaultSchema}
    as $$ select tenant_id from integrations where id = integration $$;
