-- The version (ETag) of each tenant's working calendar, so that changes of its days are made against what was read.
create table calendars (
    tenant_id uuid primary key,
    version   bigint not null
);
alter table calendars enable row level security;
create policy tenant_isolation on calendars
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
