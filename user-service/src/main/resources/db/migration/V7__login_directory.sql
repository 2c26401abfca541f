-- Which organisations an e-mail address signs in to. Sign-in starts from an e-mail address alone, before any tenant
-- is known, so this table is outside row-level security; it holds SHA-256 hashes of addresses, not addresses.
create table login_directory (
    email_hash char(64) not null,
    tenant_id  uuid not null,
    user_id    uuid not null,
    primary key (email_hash, tenant_id)
);
create index login_directory_by_user on login_directory (user_id);

-- the users that exist already (the migration role owns users, so row-level security does not hide them here)
insert into login_directory (email_hash, tenant_id, user_id)
select encode(sha256(convert_to(email, 'UTF8')), 'hex'), tenant_id, id from users;
