-- Wrong second-factor codes lock TOTP like wrong passwords lock passwords (dev.gantry.user.password.LockoutPolicy):
-- a 6-digit code must not be guessable by trying.
alter table totp_credentials
    add column failed_attempts int not null default 0,
    add column locked_until    timestamptz;
