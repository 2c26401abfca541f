-- Test only: lets tests look past row-level security (as the schema owner) to prove a refusal created nothing in
-- any tenant.
create function users_by_email_for_test(pattern text) returns setof uuid
    language sql stable security definer
    set search_path = ${flyway:defaultSchema}
    as $$ select id from users where email like pattern $$;

-- Test only: tampers with an audit entry the way someone with the schema owner's rights could (dropping the
-- append-only guard for a moment), so tests can prove that verification notices.
create function tamper_audit_event_for_test(entry uuid, new_details text) returns void
    language plpgsql security definer
    set search_path = ${flyway:defaultSchema}
    as $$
begin
    alter table audit_events disable trigger audit_events_append_only;
    update audit_events set details = new_details where id = entry;
    alter table audit_events enable trigger audit_events_append_only;
end
$$;

create function delete_audit_event_for_test(entry uuid) returns void
    language plpgsql security definer
    set search_path = ${flyway:defaultSchema}
    as $$
begin
    alter table audit_events disable trigger audit_events_append_only;
    delete from audit_events where id = entry;
    alter table audit_events enable trigger audit_events_append_only;
end
$$;
