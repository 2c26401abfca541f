-- Refresh tokens that were rotated away, by SHA-256, with the authorization (token family) they belonged to: a
-- rotated token presented again is a replay, and the whole family is revoked (RFC 9700 §4.14.2).
create table refresh_token_history (
    token_hash       char(64) primary key,
    authorization_id varchar(100) not null,
    rotated_at       timestamptz not null
);
create index refresh_token_history_by_authorization on refresh_token_history (authorization_id);
