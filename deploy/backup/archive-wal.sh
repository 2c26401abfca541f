#!/usr/bin/env bash
# PostgreSQL archive_command: copies one finished WAL file (segment, .history, .backup, .partial) into the WAL
# archive, durably, and never overwrites an archived file with different content.
#
#   archive_command = 'GANTRY_WAL_ARCHIVE=/backup/wal bash /backup-scripts/archive-wal.sh %p %f'
#
# Arguments: %p (path of the file, relative to the data directory, which is the server's working directory)
#            %f (its file name)
# Environment:
#   GANTRY_WAL_ARCHIVE  required: the archive directory (the backup volume, or an object store mounted there). It must
#                       already exist: a missing directory usually means the volume is not mounted, and writing
#                       into the bare mount point would fill the database's own disk instead.
#
# Exit status 0 tells PostgreSQL the file is safe and may be recycled; anything else makes it keep the file in
# pg_wal and retry (so a failing archive shows up as pg_wal growing and pg_stat_archiver.failed_count rising).
# Statuses stay below 128, which would make the archiver process itself exit.
#
# Re-archiving the same file is normal after a crash (the server retries a file whose success it had not recorded):
# identical content is accepted, different content is refused, as the PostgreSQL documentation requires.
set -euo pipefail
umask 077 # backups hold every tenant's data: readable by their owner only

fail() {
    echo "archive-wal.sh: $*" >&2
    exit 1
}

(($# == 2)) || fail "usage: archive-wal.sh %p %f (got $# arguments)"
source_path="$1"
file_name="$2"
archive="${GANTRY_WAL_ARCHIVE:-}"

[[ -n "$archive" ]] || fail "GANTRY_WAL_ARCHIVE is not set"
[[ -d "$archive" ]] || fail "archive directory $archive does not exist (is the backup volume mounted?)"
[[ "$file_name" =~ ^[0-9A-F]{8}([0-9A-F]{16}(\.partial|\.[0-9A-F]{8}\.backup)?|\.history)$ ]] \
    || fail "refusing unexpected file name '$file_name'"
[[ -f "$source_path" ]] || fail "$source_path does not exist"

target="$archive/$file_name"

if [[ -e "$target" ]]; then
    if cmp -s "$source_path" "$target"; then
        sync "$target" # the earlier copy may not have reached the disk before a crash
        echo "archive-wal.sh: $file_name already archived with identical content" >&2
        exit 0
    fi
    fail "$target already exists with different content: refusing to overwrite it (two servers archiving into one directory?)"
fi

# Copy under a temporary name, flush it, then link it into place: `ln` fails if the target appeared meanwhile, so an
# archived file is never replaced, and a reader never sees a half-written segment under its final name.
temporary="$archive/.$file_name.tmp.$$"
trap 'rm -f "$temporary"' EXIT
cp "$source_path" "$temporary"
sync "$temporary"
ln "$temporary" "$target" || fail "could not link $file_name into $archive (archived concurrently?)"
rm -f "$temporary"
sync "$archive"
