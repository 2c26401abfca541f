#!/usr/bin/env bash
# Creates the Gantry database and, per service schema, two login roles:
#   <schema>_owner  runs the Flyway migrations and owns the schema (CONNECT + CREATE on the database)
#   <schema>_app    the runtime role (CONNECT only); the owner's migrations grant it rights on the tables
# so that row-level security always applies to the role a service runs as.
#
# Runs in two places with the same text:
#   - docker-compose: from the postgres image's /docker-entrypoint-initdb.d on the first start of an empty volume
#     (psql reaches the temporary server over its local socket as POSTGRES_USER);
#   - Kubernetes: the gantry-db-roles Job (deploy/k8s/base) runs it against any PostgreSQL with PGHOST/PGPASSWORD.
# Idempotent: it creates what is missing and (re)sets every role's password from the environment, so a re-run
# after a password rotation brings the database in line.
#
# Environment, per schema S in USERS PROJECTS TASKS NOTIFICATIONS SEARCH:
#   S_DB_OWNER_PASSWORD, S_DB_APP_PASSWORD   required
#   S_DB_OWNER_USER, S_DB_APP_USER           optional, default <schema>_owner / <schema>_app
# and GANTRY_DB_NAME (default gantry), POSTGRES_USER (default postgres), POSTGRES_ADMIN_DB (default postgres).
# Passwords reach psql through its environment (\getenv), never its command line.
set -euo pipefail

database="${GANTRY_DB_NAME:-gantry}"
schemas=(users projects tasks notifications search)

psql_admin() {
    psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet \
        --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_ADMIN_DB:-postgres}" "$@"
}

# Fail before changing anything when a password is missing.
missing=()
for schema in "${schemas[@]}"; do
    prefix="${schema^^}_DB"
    for kind in OWNER APP; do
        var="${prefix}_${kind}_PASSWORD"
        [[ -n "${!var:-}" ]] || missing+=("$var")
    done
done
if ((${#missing[@]} > 0)); then
    echo "01-roles.sh: set ${missing[*]}" >&2
    exit 1
fi

GANTRY_DB_NAME="$database" psql_admin <<'SQL'
\getenv db GANTRY_DB_NAME
select format('create database %I encoding ''UTF8'' template template0', :'db')
 where not exists (select 1 from pg_database where datname = :'db') \gexec
-- Only the roles granted below may connect; PUBLIC's default CONNECT and TEMP go.
select format('revoke all on database %I from public', :'db') \gexec
SQL

ensure_role() {
    ROLE_NAME="$1" ROLE_PASSWORD="$2" psql_admin <<'SQL'
\getenv role_name ROLE_NAME
\getenv role_password ROLE_PASSWORD
select format('create role %I login', :'role_name')
 where not exists (select 1 from pg_roles where rolname = :'role_name') \gexec
select format('alter role %I with login password %L', :'role_name', :'role_password') \gexec
SQL
}

for schema in "${schemas[@]}"; do
    prefix="${schema^^}_DB"
    owner_var="${prefix}_OWNER_USER" owner_password_var="${prefix}_OWNER_PASSWORD"
    app_var="${prefix}_APP_USER" app_password_var="${prefix}_APP_PASSWORD"
    owner="${!owner_var:-${schema}_owner}"
    app="${!app_var:-${schema}_app}"

    ensure_role "$owner" "${!owner_password_var}"
    ensure_role "$app" "${!app_password_var}"

    GANTRY_DB_NAME="$database" OWNER_ROLE="$owner" APP_ROLE="$app" psql_admin <<'SQL'
\getenv db GANTRY_DB_NAME
\getenv owner_role OWNER_ROLE
\getenv app_role APP_ROLE
select format('grant connect, create on database %I to %I', :'db', :'owner_role') \gexec
select format('grant connect on database %I to %I', :'db', :'app_role') \gexec
SQL
    echo "01-roles.sh: database ${database}: roles ${owner} and ${app} ready"
done
