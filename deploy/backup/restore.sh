#!/usr/bin/env bash
# Point-in-time recovery of Gantry's PostgreSQL from a backup set (full-backup.sh) and the WAL archive (archive-wal.sh).
#
#   restore.sh DATA_DIR TARGET                   unpack the newest complete set that finished before TARGET into
#                                                DATA_DIR (new or empty) and configure recovery up to TARGET
#   restore.sh --configure-only DATA_DIR TARGET  only (re)write the recovery settings of an already unpacked DATA_DIR
#
# TARGET is a time with an explicit zone, as PostgreSQL reads it: 2025-01-07T14:05:00Z, '2025-01-07 15:05:00+01';
# or "latest" to replay every archived WAL file. Recovery stops just before the first transaction that committed
# after TARGET. It cannot stop earlier than the end of the chosen set.
#
# Run it as the user that runs the server (postgres, uid 999 in the postgres image), where the server will run:
# DATA_DIR must end up owned by that user with mode 0700, and the WAL archive path is written into the server's
# configuration as seen from there. Then start the server; it replays the archive up to TARGET, promotes to a new
# timeline and accepts writes (with GANTRY_RESTORE_TARGET_ACTION=pause it waits read-only for
# `select pg_wal_replay_resume()`).
#
# Environment:
#   GANTRY_BACKUP_DIR             root of the backup volume (default /backup); sets in $GANTRY_BACKUP_DIR/full/<id>
#   GANTRY_WAL_ARCHIVE            WAL archive directory (default $GANTRY_BACKUP_DIR/wal)
#   GANTRY_RESTORE_SET            use this set id instead of the automatic choice
#   GANTRY_RESTORE_TARGET_ACTION  promote (default), pause or shutdown: what the server does at TARGET
#   GANTRY_RESTORE_OWNER          user[:group] to chown DATA_DIR to at the end, when run as root (e.g. postgres:postgres)
set -euo pipefail
umask 077 # backups hold every tenant's data: readable by their owner only

log() { echo "restore.sh: $*" >&2; }
fail() {
    log "ERROR: $*"
    exit 1
}
usage() { fail "usage: restore.sh [--configure-only] DATA_DIR TARGET_TIME|latest"; }

configure_only=false
if [[ "${1:-}" == --configure-only ]]; then
    configure_only=true
    shift
fi
(($# == 2)) || usage
data_dir="$1"
target="$2"
backup_dir="${GANTRY_BACKUP_DIR:-/backup}"
wal_archive="${GANTRY_WAL_ARCHIVE:-$backup_dir/wal}"
target_action="${GANTRY_RESTORE_TARGET_ACTION:-promote}"

[[ "$target_action" =~ ^(promote|pause|shutdown)$ ]] \
    || fail "GANTRY_RESTORE_TARGET_ACTION must be promote, pause or shutdown, not '$target_action'"
# A time as UTC with microseconds, so that two of them compare as strings.
utc() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S.%6N; }

# The zone must be explicit: the server would otherwise read the time in its own TimeZone setting.
target_utc=""
if [[ "$target" != latest ]]; then
    [[ "$target" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}[T\ ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?\ ?(Z|UTC|[+-][0-9]{2}(:?[0-9]{2})?)$ ]] \
        || fail "TARGET '$target' must look like 2025-01-07T14:05:00Z or '2025-01-07 15:05:00+01' (zone required), or be 'latest'"
    target_utc="$(utc "$target")" || fail "cannot read the time '$target'"
    # PostgreSQL 17 refuses zone abbreviations such as Z in recovery_target_time (it checks the setting before it
    # knows any abbreviation): hand it a numeric offset.
    target_setting="$(date -u -d "$target" '+%Y-%m-%d %H:%M:%S.%6N+00')"
fi
[[ "$wal_archive" != *[\'\"\\]* ]] || fail "the WAL archive path must not contain quotes or backslashes"
[[ -d "$wal_archive" ]] || fail "WAL archive $wal_archive does not exist (is the backup volume mounted here?)"

# The newest complete set that finished before the target (any complete set for "latest").
choose_set() {
    local sets_dir="$backup_dir/full" chosen="" dir finished
    for dir in "$sets_dir"/*/; do
        dir="${dir%/}"
        [[ "$dir" != *.partial && -f "$dir/backup.info" ]] || continue
        [[ -z "${GANTRY_RESTORE_SET:-}" || "$(basename "$dir")" == "$GANTRY_RESTORE_SET" ]] || continue
        finished="$(sed -n 's/^finished_at=//p' "$dir/backup.info")"
        if [[ -z "$finished" ]] || ! finished="$(utc "$finished")"; then
            fail "$dir/backup.info has no valid finished_at"
        fi
        if [[ -z "$target_utc" || "$finished" < "$target_utc" ]]; then
            chosen="$(basename "$dir")" # the glob is sorted, so the last match is the newest
        fi
    done
    [[ -n "$chosen" ]] || fail "no complete backup set${GANTRY_RESTORE_SET:+ $GANTRY_RESTORE_SET} in $sets_dir finished before $target"
    echo "$chosen"
}

unpack() {
    local set="$1" set_dir="$backup_dir/full/$1"
    if [[ -e "$data_dir" ]]; then
        [[ -d "$data_dir" && -z "$(find "$data_dir" -mindepth 1 -print -quit)" ]] \
            || fail "$data_dir exists and is not an empty directory: restore into a new or empty one"
    fi
    log "verifying the checksums of set $set"
    (cd "$set_dir" && sha256sum --quiet --strict -c SHA256SUMS) || fail "set $set is damaged (SHA256SUMS)"
    mkdir -p "$data_dir"
    chmod 0700 "$data_dir"
    log "unpacking $set_dir/base.tar.gz into $data_dir"
    tar -xzf "$set_dir/base.tar.gz" -C "$data_dir"
    mkdir -p "$data_dir/pg_wal"
    if [[ -f "$set_dir/pg_wal.tar.gz" ]]; then
        tar -xzf "$set_dir/pg_wal.tar.gz" -C "$data_dir/pg_wal"
    fi
    [[ -f "$data_dir/backup_label" ]] || fail "$set_dir/base.tar.gz has no backup_label: not an online base backup"
    rm -f "$data_dir/postmaster.pid" "$data_dir/postmaster.opts"
}

# Recovery settings in postgresql.auto.conf (read after postgresql.conf, so they win), replacing earlier ones.
configure() {
    [[ -f "$data_dir/PG_VERSION" ]] || fail "$data_dir is not a PostgreSQL data directory"
    [[ -f "$data_dir/backup_label" ]] \
        || log "warning: $data_dir has no backup_label; recovery starts from its last checkpoint"
    local auto_conf="$data_dir/postgresql.auto.conf"
    touch "$auto_conf"
    grep -v -E '^[[:space:]]*(restore_command|recovery_target[a-z_]*)[[:space:]]*=|^# restore\.sh:' "$auto_conf" \
        >"$auto_conf.tmp" || true
    {
        echo "# restore.sh: point-in-time recovery to $target, written $(date -u +%FT%TZ); remove after the recovery"
        echo "restore_command = 'cp \"$wal_archive/%f\" \"%p\"'"
        if [[ -n "$target_utc" ]]; then
            echo "recovery_target_time = '$target_setting'"
            echo "recovery_target_action = '$target_action'"
        fi
        echo "recovery_target_timeline = 'latest'"
    } >>"$auto_conf.tmp"
    mv "$auto_conf.tmp" "$auto_conf"
    chmod 0600 "$auto_conf"
    rm -f "$data_dir/standby.signal"
    touch "$data_dir/recovery.signal"
    chmod 0700 "$data_dir"
}

if [[ "$configure_only" == false ]]; then
    set="$(choose_set)"
    log "restoring backup set $set"
    unpack "$set"
fi
configure
if [[ -n "${GANTRY_RESTORE_OWNER:-}" ]]; then
    chown -R "$GANTRY_RESTORE_OWNER" "$data_dir"
fi
log "ready: $data_dir (owner $(stat -c %U "$data_dir"), mode $(stat -c %a "$data_dir")) recovers from $wal_archive to $target"
log "next: start PostgreSQL 17 on it as $(stat -c %U "$data_dir"); its log shows 'recovery stopping before commit ...'"
log "      and 'archive recovery complete'; then 'select pg_is_in_recovery()' is false"
