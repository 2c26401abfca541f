-- Test only: lets tests look past row-level security (as the schema owner) to prove a refusal created nothing in
-- any tenant.
create function users_by_email_for_test(pattern text) returns setof uuid
    language sql stable security definer
    set search_path = ${flyway:defaultSchema}
    as $$ select id from users where email like pattern $$;
