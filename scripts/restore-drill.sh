#!/bin/sh
# Restore drill (docs/deployment.md, "Restore drill"): back up the database of DATABASE_URL
# and the private files with scripts/backup.sh, restore both with scripts/restore.sh into a NEW
# database next to it and a temporary folder, and check that
#   - every table has the same number of rows as the original (tables that changed while the
#     drill ran: a count between the one before and the one after),
#   - every anonymised participant is still anonymised (no name, contact details or account;
#     her children only "Kind 1", "Kind 2", …),
#   - `droomplan apply_retention` runs on the restored database (after a real restore it
#     anonymises again what was anonymised after the backup).
# The drill database is dropped afterwards (keep it with KEEP_DRILL_DATABASE=1).
#
#   scripts/restore-drill.sh
#
# Needs DATABASE_URL (PostgreSQL, an account that may CREATE DATABASE), pg_dump, pg_restore,
# psql, gpg, and BACKUP_PASSPHRASE_FILE (without it a throwaway passphrase is used). CI runs it
# through tests/test_restore_drill.py.
set -eu

: "${DATABASE_URL:?DATABASE_URL is not set}"
here=$(cd "$(dirname "$0")" && pwd)
droomplan=${DROOMPLAN_COMMAND:-droomplan}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077

if [ -z "${BACKUP_PASSPHRASE_FILE:-}" ]; then
    BACKUP_PASSPHRASE_FILE="$work/passphrase"
    head -c 48 /dev/urandom | base64 >"$BACKUP_PASSPHRASE_FILE"
    export BACKUP_PASSPHRASE_FILE
fi

base=${DATABASE_URL%%\?*}
query=${DATABASE_URL#"$base"}
source_name=${base##*/}
drill_name="${source_name}_drill"
drill_url="${base%/*}/${drill_name}${query}"

counts() {
    psql --no-psqlrc --quiet --tuples-only --no-align --field-separator=' ' --dbname="$1" -c "
        SELECT table_name, (xpath('/row/c/text()', query_to_xml(
            format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')
        ))[1]::text
        FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        ORDER BY table_name"
}

scalar() {
    PGOPTIONS="-c client_min_messages=warning" psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$1" -c "$2"
}

# Still identifiable: an anonymised participant with a name, contact details or an account,
# or a child of hers whose name is not "Kind <n>".
NOT_ANONYMOUS="
    SELECT
      (SELECT count(*) FROM cases_participant
        WHERE anonymised_at IS NOT NULL
          AND (family_name <> '' OR phone <> '' OR email <> '' OR address <> ''
               OR user_id IS NOT NULL OR given_name <> 'Geanonimiseerd'))
    + (SELECT count(*) FROM cases_child c JOIN cases_participant p ON p.id = c.participant_id
        WHERE p.anonymised_at IS NOT NULL AND c.given_name NOT LIKE 'Kind %')"
ANONYMISED="SELECT count(*) FROM cases_participant WHERE anonymised_at IS NOT NULL"

echo "Restore drill: $source_name -> $drill_name"
counts "$DATABASE_URL" >"$work/before"
anonymised_before=$(scalar "$DATABASE_URL" "$ANONYMISED")
prefix=$("$here/backup.sh" "$work/backup")
counts "$DATABASE_URL" >"$work/after"
echo "  backup: $(ls "$work/backup" | tr '\n' ' ')"

scalar "$DATABASE_URL" "DROP DATABASE IF EXISTS \"$drill_name\"" >/dev/null
scalar "$DATABASE_URL" "CREATE DATABASE \"$drill_name\"" >/dev/null
drop() {
    if [ "${KEEP_DRILL_DATABASE:-}" != 1 ]; then
        scalar "$DATABASE_URL" "DROP DATABASE IF EXISTS \"$drill_name\"" >/dev/null
    fi
    rm -rf "$work"
}
trap drop EXIT

"$here/restore.sh" "$prefix" "$drill_url" "$work/private" >/dev/null
counts "$drill_url" >"$work/restored"

failed=0
tables=0
while read -r table before; do
    tables=$((tables + 1))
    after=$(awk -v t="$table" '$1 == t {print $2}' "$work/after")
    restored=$(awk -v t="$table" '$1 == t {print $2}' "$work/restored")
    low=$before high=${after:-$before}
    [ "$low" -le "$high" ] || { low=$high; high=$before; }
    if [ -z "$restored" ] || [ "$restored" -lt "$low" ] || [ "$restored" -gt "$high" ]; then
        echo "  FAIL $table: ${before} rows (${after} after the backup), ${restored:-no table} restored"
        failed=1
    fi
done <"$work/before"
echo "  row counts: $tables tables compared"

anonymised_restored=$(scalar "$drill_url" "$ANONYMISED")
identifiable=$(scalar "$drill_url" "$NOT_ANONYMOUS")
if [ "$anonymised_restored" -lt "$anonymised_before" ] || [ "$identifiable" != 0 ]; then
    echo "  FAIL anonymised participants: $anonymised_before before, $anonymised_restored restored, $identifiable identifiable"
    failed=1
else
    echo "  anonymised participants: $anonymised_restored, all still anonymous"
fi

files_before=$(find "${DROOMPLAN_MEDIA_DIR:-${DROOMPLAN_DATA_DIR:-/nonexistent}/private}" -type f 2>/dev/null | wc -l)
files_restored=$(find "$work/private" -type f | wc -l)
if [ "$files_restored" -lt "$files_before" ]; then
    echo "  FAIL private files: $files_before before, $files_restored restored"
    failed=1
else
    echo "  private files: $files_restored restored"
fi

# What an operator does after a real restore: the anonymisations due since the backup again.
DATABASE_URL="$drill_url" "$droomplan" apply_retention | sed 's/^/  apply_retention: /'
identifiable=$(scalar "$drill_url" "$NOT_ANONYMOUS")
[ "$identifiable" = 0 ] || { echo "  FAIL after apply_retention: $identifiable identifiable"; failed=1; }

if [ "$failed" != 0 ]; then
    echo "Restore drill FAILED"
    exit 1
fi
echo "Restore drill passed"
