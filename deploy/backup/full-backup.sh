#!/usr/bin/env bash
# Weekly full backup of Gantry's PostgreSQL, run by the CronJob gantry-db-backup (deploy/k8s/base/backup-cronjob.yaml)
# in the postgres:17 image, so the tools match the server's major version.
#
#   full-backup.sh                     take a backup set, seal it, then prune old sets and WAL
#   full-backup.sh --seal-only DIR     seal a base backup already written to DIR (a "<id>.partial" set directory)
#   full-backup.sh --prune-only        only apply the retention
#
# A backup set is $GANTRY_BACKUP_DIR/full/<UTC start time, e.g. 20250105T020000Z>/ with
#   base.tar.gz, pg_wal.tar.gz, backup_manifest   pg_basebackup --format=tar --gzip --wal-method=stream: the physical
#                                                 copy of the whole cluster, with the WAL that makes it consistent,
#                                                 so a set restores even without the WAL archive. The base of PITR.
#   dump/<schema>.dump                            pg_dump --format=custom of each service schema: the logical safety
#                                                 net (restores one schema without rewinding the others, reads
#                                                 every row so it notices corrupt pages, loads into a newer major).
#   SHA256SUMS, backup.info                       written last; a set without backup.info is incomplete and is
#                                                 never used by restore.sh.
# The daily-and-finer increments are the WAL files the server archives continuously into $GANTRY_WAL_ARCHIVE with
# archive-wal.sh; together with a set they allow point-in-time recovery (restore.sh) to any moment after the set.
#
# Environment:
#   GANTRY_BACKUP_DIR         root of the backup volume (default /backup)
#   GANTRY_WAL_ARCHIVE        WAL archive directory (default $GANTRY_BACKUP_DIR/wal)
#   GANTRY_BACKUP_KEEP_FULL   number of complete sets to keep (default 5: five weeks of PITR window)
#   GANTRY_BACKUP_SCHEMAS     schemas to dump (default "users projects tasks notifications search")
#   GANTRY_BACKUP_MAX_RATE    optional pg_basebackup --max-rate (e.g. 50M) to spare the server's disks
#   connection: the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE; or GANTRY_DB_URL
#   (jdbc:postgresql://host[:port]/database) for host, port and database when PGHOST is unset. The role needs
#   REPLICATION (pg_basebackup) and must read every row of every schema (pg_dump): the superuser in gantry-db-admin.
set -euo pipefail
umask 077 # backups hold every tenant's data: readable by their owner only

log() { echo "full-backup.sh: $(date -u +%FT%TZ) $*" >&2; }
fail() {
    log "ERROR: $*"
    exit 1
}

backup_dir="${GANTRY_BACKUP_DIR:-/backup}"
wal_archive="${GANTRY_WAL_ARCHIVE:-$backup_dir/wal}"
keep_full="${GANTRY_BACKUP_KEEP_FULL:-5}"
read -r -a schemas <<<"${GANTRY_BACKUP_SCHEMAS:-users projects tasks notifications search}"
sets_dir="$backup_dir/full"

[[ "$keep_full" =~ ^[1-9][0-9]*$ ]] || fail "GANTRY_BACKUP_KEEP_FULL must be a positive number, not '$keep_full'"

# PGHOST/PGPORT/PGDATABASE from the JDBC URL the services use, unless given directly.
connection_from_jdbc_url() {
    if [[ -z "${PGHOST:-}" && -n "${GANTRY_DB_URL:-}" ]]; then
        local rest="${GANTRY_DB_URL#jdbc:postgresql://}" hostport database
        hostport="${rest%%/*}"
        database="${rest#*/}"
        export PGHOST="${hostport%:*}"
        export PGPORT="${PGPORT:-5432}"
        if [[ "$hostport" == *:* ]]; then PGPORT="${hostport##*:}"; fi
        export PGDATABASE="${PGDATABASE:-${database%%\?*}}"
    fi
    [[ -n "${PGHOST:-}" ]] || fail "set PGHOST or GANTRY_DB_URL"
    export PGDATABASE="${PGDATABASE:-gantry}"
}

# The first WAL file a set needs, from the backup_label inside its base.tar.gz.
start_wal_of() {
    local label
    # pg_basebackup names it backup_label; a tar made with `tar -C DIR .` names it ./backup_label.
    label="$(tar -xzOf "$1/base.tar.gz" backup_label 2>/dev/null || tar -xzOf "$1/base.tar.gz" ./backup_label)" \
        || fail "$1/base.tar.gz has no backup_label"
    [[ "$label" =~ START\ WAL\ LOCATION:\ [0-9A-F/]+\ \(file\ ([0-9A-F]{24})\) ]] \
        || fail "cannot read the start WAL file from the backup_label of $1"
    echo "${BASH_REMATCH[1]}"
}

# Checks a freshly written set, records its checksums and what restore.sh needs, and gives it its final name.
seal() {
    local partial="$1"
    [[ "$partial" == *.partial && -d "$partial" ]] || fail "seal: $partial is not a <id>.partial directory"
    local final="${partial%.partial}"
    [[ ! -e "$final" ]] || fail "seal: $final already exists"
    local archive
    for archive in "$partial"/*.tar.gz; do
        gzip -t "$archive" || fail "seal: $archive is damaged"
    done
    local start_wal
    start_wal="$(start_wal_of "$partial")"
    local files
    files="$(cd "$partial" && find . -type f ! -name SHA256SUMS ! -name backup.info -printf '%P\n' | LC_ALL=C sort)"
    (cd "$partial" && xargs -d '\n' sha256sum <<<"$files" >SHA256SUMS)
    # backup.info last: its presence is what makes a set complete. finished_at is taken after pg_basebackup ended,
    # so it is no earlier than the point where the copy became consistent: the earliest time a PITR can target.
    cat >"$partial/backup.info.tmp" <<INFO
id=$(basename "$final")
start_wal=$start_wal
finished_at=$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)
INFO
    mv "$partial/backup.info.tmp" "$partial/backup.info"
    mv "$partial" "$final"
    sync "$final" "$sets_dir" 2>/dev/null || true
    log "sealed $final (needs WAL from $start_wal)"
}

# Keeps the newest $keep_full complete sets; removes older sets, failed attempts (*.partial older than the newest
# complete set) and archived WAL older than the first WAL file of the oldest kept set. History files stay (they are
# tiny and recovery follows timelines through them). Does nothing while no complete set exists.
prune() {
    [[ -d "$sets_dir" ]] || { log "prune: no $sets_dir yet"; return 0; }
    local complete=() dir
    for dir in "$sets_dir"/*/; do
        dir="${dir%/}"
        if [[ "$dir" != *.partial && -f "$dir/backup.info" ]]; then
            complete+=("$(basename "$dir")")
        fi
    done
    if ((${#complete[@]} == 0)); then
        log "prune: no complete backup set, nothing removed"
        return 0
    fi
    mapfile -t complete < <(printf '%s\n' "${complete[@]}" | LC_ALL=C sort)
    local count=${#complete[@]} newest="${complete[-1]}"
    local oldest_kept_index=$((count > keep_full ? count - keep_full : 0))
    local oldest_kept="${complete[$oldest_kept_index]}"

    local i
    for ((i = 0; i < oldest_kept_index; i++)); do
        log "prune: removing backup set ${complete[$i]}"
        rm -rf -- "${sets_dir:?}/${complete[$i]}"
    done
    for dir in "$sets_dir"/*.partial; do
        [[ -d "$dir" ]] || continue
        local id
        id="$(basename "$dir" .partial)"
        if [[ "$id" < "$newest" ]]; then
            log "prune: removing incomplete set $id.partial"
            rm -rf -- "$dir"
        fi
    done

    local first_needed
    first_needed="$(sed -n 's/^start_wal=//p' "$sets_dir/$oldest_kept/backup.info")"
    [[ "$first_needed" =~ ^[0-9A-F]{24}$ ]] || fail "prune: $oldest_kept/backup.info has no valid start_wal"
    [[ -d "$wal_archive" ]] || { log "prune: no WAL archive at $wal_archive"; return 0; }
    # Like pg_archivecleanup: compare log and segment number (characters 9-24), whatever the timeline.
    local removed=0 file name
    for file in "$wal_archive"/*; do
        name="$(basename "$file")"
        [[ "$name" =~ ^[0-9A-F]{24}(\.partial|\.[0-9A-F]{8}\.backup)?$ ]] || continue
        if [[ "${name:8:16}" < "${first_needed:8:16}" ]]; then
            rm -f -- "$file"
            removed=$((removed + 1))
        fi
    done
    log "prune: kept $((count - oldest_kept_index)) set(s), the oldest $oldest_kept; removed $removed WAL file(s) before $first_needed"
}

backup() {
    connection_from_jdbc_url
    [[ -d "$backup_dir" ]] || fail "$backup_dir does not exist (is the backup volume mounted?)"
    mkdir -p "$sets_dir"
    local id partial
    id="$(date -u +%Y%m%dT%H%M%SZ)"
    partial="$sets_dir/$id.partial"
    mkdir "$partial"
    log "base backup of $PGHOST:${PGPORT:-5432} into $partial"

    local rate=()
    if [[ -n "${GANTRY_BACKUP_MAX_RATE:-}" ]]; then rate=(--max-rate="$GANTRY_BACKUP_MAX_RATE"); fi
    pg_basebackup --pgdata="$partial" --format=tar --gzip --wal-method=stream --checkpoint=fast \
        --label="gantry-$id" --manifest-checksums=SHA256 --no-password "${rate[@]}"

    mkdir "$partial/dump"
    local schema
    for schema in "${schemas[@]}"; do
        log "pg_dump schema $schema"
        pg_dump --format=custom --schema="$schema" --no-password --file="$partial/dump/$schema.dump"
        pg_restore --list "$partial/dump/$schema.dump" >/dev/null || fail "the dump of $schema is unreadable"
    done

    seal "$partial"
    prune
}

case "${1:-}" in
    --seal-only)
        (($# == 2)) || fail "usage: full-backup.sh --seal-only DIR.partial"
        sets_dir="$(dirname "$2")"
        seal "$2"
        ;;
    --prune-only)
        prune
        ;;
    "")
        backup
        ;;
    *)
        fail "usage: full-backup.sh [--seal-only DIR.partial | --prune-only]"
        ;;
esac
