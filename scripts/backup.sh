#!/bin/sh
# Encrypted backup of Droomplan: the PostgreSQL database and the private files (uploaded
# consent forms, exchange uploads waiting for confirmation). See docs/deployment.md, "Backups".
#
#   scripts/backup.sh OUT_DIR
#
# Reads DATABASE_URL, DROOMPLAN_MEDIA_DIR (default: $DROOMPLAN_DATA_DIR/private) and
# BACKUP_PASSPHRASE_FILE (a file with a long random passphrase, kept apart from the backups)
# from the environment, e.g. after `set -a; . /etc/droomplan/env; set +a`.
# Writes OUT_DIR/droomplan-<time>.dump.gpg (pg_dump's custom format), .private.tar.gpg and
# .sha256; prints the prefix. Nothing unencrypted touches the disk.
set -eu

out=${1:?usage: backup.sh OUT_DIR}
: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${BACKUP_PASSPHRASE_FILE:?BACKUP_PASSPHRASE_FILE is not set}"
media=${DROOMPLAN_MEDIA_DIR:-${DROOMPLAN_DATA_DIR:?DROOMPLAN_DATA_DIR is not set}/private}
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL" >&2; exit 2 ;;
esac
[ -r "$BACKUP_PASSPHRASE_FILE" ] || { echo "backup.sh: cannot read $BACKUP_PASSPHRASE_FILE" >&2; exit 2; }

umask 077
mkdir -p "$out"
prefix="$out/droomplan-$(date -u +%Y%m%dT%H%M%SZ)"
# gpg needs a home folder; a temporary one keeps the service user's own out of it.
GNUPGHOME=$(mktemp -d)
export GNUPGHOME
trap 'rm -rf "$GNUPGHOME"' EXIT

encrypt() {
    gpg --batch --quiet --yes --symmetric --cipher-algo AES256 --s2k-digest-algo SHA512 \
        --pinentry-mode loopback --passphrase-file "$BACKUP_PASSPHRASE_FILE" --output "$1"
}

# One consistent snapshot of the database (pg_dump runs in one transaction). set -e does not
# see a failing pg_dump inside a pipe, so its exit code goes through a file.
status=$(mktemp)
{ pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" || echo $? >"$status"; } \
    | encrypt "$prefix.dump.gpg"
[ ! -s "$status" ] || { echo "backup.sh: pg_dump failed" >&2; rm -f "$status" "$prefix".*; exit 1; }

mkdir -p "$media"
{ tar -C "$media" -cf - . || echo $? >"$status"; } | encrypt "$prefix.private.tar.gpg"
[ ! -s "$status" ] || { echo "backup.sh: tar failed" >&2; rm -f "$status" "$prefix".*; exit 1; }
rm -f "$status"

(cd "$out" && sha256sum "$(basename "$prefix").dump.gpg" "$(basename "$prefix").private.tar.gpg") \
    >"$prefix.sha256"
echo "$prefix"
