-- Test only: how many times the test handlers applied an effect per aggregate, to prove "exactly once in effect".
create table test_event_effects (
    handler    varchar(100) not null,
    project_id uuid not null,
    applied    int not null,
    primary key (handler, project_id)
);
