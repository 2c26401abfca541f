-- Events this service publishes, written in the transaction of the change they describe and relayed to Kafka in
-- id order by the single active relay (common-lib OutboxRelay). Not tenant-scoped by row-level security: the relay
-- reads every tenant's events; each row and event names its tenant.
create table outbox (
    id                bigint generated always as identity primary key,
    event_id          uuid not null unique,
    topic             varchar(200) not null,
    event_type        varchar(200) not null,
    aggregate_id      uuid not null,
    aggregate_version bigint not null,
    tenant_id         uuid not null,
    payload           text not null,
    traceparent       varchar(55),
    created_at        timestamptz not null default clock_timestamp(),
    published_at      timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
create index outbox_published on outbox (published_at) where published_at is not null;

-- Events this service's handlers have applied, recorded in the same transaction as the effect, so that a
-- redelivered event changes nothing.
create table processed_events (
    consumer     varchar(100) not null,
    event_id     uuid not null,
    processed_at timestamptz not null default clock_timestamp(),
    primary key (consumer, event_id)
);
create index processed_events_age on processed_events (processed_at);
