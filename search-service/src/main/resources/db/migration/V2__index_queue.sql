-- Index writes waiting to be sent to Elasticsearch, written in the transaction of the event that caused them (so an
-- applied event's write cannot be lost) and sent in bulk by IndexQueueWriter, which deletes them once Elasticsearch
-- took them. A row Elasticsearch refuses for good keeps its reason in failed_reason and is not sent again.
create table index_queue (
    id            bigserial primary key,
    tenant_id     uuid not null,
    version       bigint not null,
    or_newer      boolean not null,
    document      jsonb not null,
    event_time    timestamptz,
    enqueued_at   timestamptz not null default now(),
    failed_reason varchar(1000)
);
create index index_queue_pending on index_queue (id) where failed_reason is null;

alter table index_queue enable row level security;
create policy tenant_isolation on index_queue
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

-- The writer drains the queue of all tenants: these functions, owned by the schema owner, are its only way past
-- row-level security. Claimed rows stay locked until the writer's transaction ends (SKIP LOCKED: several instances
-- drain side by side).
create function index_queue_claim(max_rows int) returns setof index_queue
    language sql volatile security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ select * from ${flyway:defaultSchema}.index_queue where failed_reason is null order by id
          limit max_rows for update skip locked $$;
revoke execute on function index_queue_claim(int) from public;
grant execute on function index_queue_claim(int) to ${appRole};

create function index_queue_remove(ids bigint[]) returns void
    language sql volatile security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ delete from ${flyway:defaultSchema}.index_queue where id = any(ids) $$;
revoke execute on function index_queue_remove(bigint[]) from public;
grant execute on function index_queue_remove(bigint[]) to ${appRole};

create function index_queue_fail(failed_id bigint, reason varchar) returns void
    language sql volatile security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ update ${flyway:defaultSchema}.index_queue set failed_reason = left(reason, 1000) where id = failed_id $$;
revoke execute on function index_queue_fail(bigint, varchar) from public;
grant execute on function index_queue_fail(bigint, varchar) to ${appRole};

create function index_queue_size(out pending bigint, out failed bigint) returns record
    language sql stable security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ select count(*) filter (where failed_reason is null), count(*) filter (where failed_reason is not null)
          from ${flyway:defaultSchema}.index_queue $$;
revoke execute on function index_queue_size() from public;
grant execute on function index_queue_size() to ${appRole};
