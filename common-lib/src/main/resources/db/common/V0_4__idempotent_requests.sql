-- POST requests that carried an Idempotency-Key, with the response they got, so that a retry with the same key gets
-- the first response again (common-lib IdempotencyFilter). Rows expire after a day. Scoped per tenant by row-level
-- security and per caller by the key.
create table idempotent_requests (
    tenant_id        uuid not null,
    caller           varchar(200) not null,
    idempotency_key  varchar(200) not null,
    request_hash     char(64) not null,
    state            varchar(12) not null check (state in ('IN_PROGRESS', 'COMPLETED')),
    response_status  int,
    response_type    varchar(200),
    response_location varchar(2000),
    response_etag    varchar(200),
    response_body    bytea,
    created_at       timestamptz not null default clock_timestamp(),
    primary key (tenant_id, caller, idempotency_key)
);
create index idempotent_requests_age on idempotent_requests (created_at);

alter table idempotent_requests enable row level security;
create policy tenant_isolation on idempotent_requests
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
