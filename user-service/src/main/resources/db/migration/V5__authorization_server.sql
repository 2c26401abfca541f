-- Spring Authorization Server's authorizations (its oauth2-authorization-schema.sql, with PostgreSQL types: text
-- for blob, timestamptz for timestamp). Issued tokens belong to clients and users of every tenant and are looked up
-- by token value before any tenant is known, so this table is not under row-level security.
create table oauth2_authorization (
    id                            varchar(100) not null primary key,
    registered_client_id          varchar(100) not null,
    principal_name                varchar(200) not null,
    authorization_grant_type      varchar(100) not null,
    authorized_scopes             varchar(1000),
    attributes                    text,
    state                         varchar(500),
    authorization_code_value      text,
    authorization_code_issued_at  timestamptz,
    authorization_code_expires_at timestamptz,
    authorization_code_metadata   text,
    access_token_value            text,
    access_token_issued_at        timestamptz,
    access_token_expires_at       timestamptz,
    access_token_metadata         text,
    access_token_type             varchar(100),
    access_token_scopes           varchar(1000),
    oidc_id_token_value           text,
    oidc_id_token_issued_at       timestamptz,
    oidc_id_token_expires_at      timestamptz,
    oidc_id_token_metadata        text,
    refresh_token_value           text,
    refresh_token_issued_at       timestamptz,
    refresh_token_expires_at      timestamptz,
    refresh_token_metadata        text,
    user_code_value               text,
    user_code_issued_at           timestamptz,
    user_code_expires_at          timestamptz,
    user_code_metadata            text,
    device_code_value             text,
    device_code_issued_at         timestamptz,
    device_code_expires_at        timestamptz,
    device_code_metadata          text
);
create index oauth2_authorization_expiry on oauth2_authorization (access_token_expires_at);

-- The RSA keys that sign access tokens. The private key is AES-GCM encrypted by the service; the public key is
-- published in the JWKS until every token it signed has expired.
create table signing_keys (
    kid         varchar(64) primary key,
    private_key text not null,
    public_key  text not null,
    created_at  timestamptz not null
);
