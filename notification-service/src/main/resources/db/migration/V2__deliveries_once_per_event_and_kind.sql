-- One event may raise two different notices for the same channel (a stage rejection and the risk warning it
-- triggers): deduplicate by event, kind, recipient and channel.
alter table deliveries drop constraint deliveries_once_per_event;
alter table deliveries add constraint deliveries_once_per_event unique (tenant_id, event_id, kind, recipient, channel);
