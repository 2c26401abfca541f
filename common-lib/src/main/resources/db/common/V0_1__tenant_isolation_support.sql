-- Shared first migration of every service schema (run by the schema's migration role, which owns it).
-- The runtime role may read and write rows but owns nothing, so row-level security always applies to it.
grant usage on schema ${flyway:defaultSchema} to ${appRole};
alter default privileges in schema ${flyway:defaultSchema} grant select, insert, update, delete on tables to ${appRole};
alter default privileges in schema ${flyway:defaultSchema} grant usage, select on sequences to ${appRole};
alter default privileges in schema ${flyway:defaultSchema} grant execute on functions to ${appRole};

-- The tenant of the current transaction, as common-lib's TenantAwareTransactionManager sets it; null when unset,
-- which matches no row. Tenant tables use it in their policies:
--   alter table t enable row level security;
--   create policy tenant_isolation on t using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
create function ${flyway:defaultSchema}.current_tenant_id() returns uuid
    language sql stable parallel safe
    as $$ select nullif(current_setting('gantry.tenant_id', true), '')::uuid $$;
