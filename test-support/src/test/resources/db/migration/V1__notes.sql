create table notes (
    id        uuid primary key,
    tenant_id uuid not null,
    text      varchar(200)
);
alter table notes enable row level security;
create policy tenant_isolation on notes
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
