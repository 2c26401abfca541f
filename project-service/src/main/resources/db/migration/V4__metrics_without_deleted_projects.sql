-- The business metrics leave out the releases of deleted projects (until the purge removes them): a release left
-- waiting in a deleted project would otherwise count as a waiting approval forever.
create or replace function release_metrics(out status varchar, out releases bigint) returns setof record
    language sql stable security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ select r.status, count(*) from ${flyway:defaultSchema}.releases r
          join ${flyway:defaultSchema}.projects p on p.id = r.project_id and p.deleted_at is null
          group by r.status $$;

create or replace function approval_metrics(out waiting bigint, out oldest_requested_at timestamptz) returns record
    language sql stable security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
    as $$ select count(*), min(a.requested_at) from ${flyway:defaultSchema}.approval_requests a
          join ${flyway:defaultSchema}.releases r on r.id = a.release_id
          join ${flyway:defaultSchema}.projects p on p.id = r.project_id and p.deleted_at is null
          where a.outcome is null $$;
